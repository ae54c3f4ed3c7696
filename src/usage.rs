//! How each module imports each path: the local names it uses, and where. The module-wide
//! alias rules (`inconsistent-import-alias`, `misleading-import-alias`) read this.

use crate::diagnostic::Span;
use crate::header::ImportName;
use crate::package::Directory;
use crate::resolve::Resolutions;
use foldhash::HashMap;
use std::collections::{BTreeMap, BTreeSet, btree_map};
use std::path::Path;

/// One import of a path under a local name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSite<'a> {
    /// The importing file, as displayed.
    pub file: &'a Path,
    /// The alias, or the path string when the import has no alias.
    pub span: Span,
    /// Whether the import names the package explicitly.
    pub aliased: bool,
}

/// The imports of one module (or of the files outside any module).
#[derive(Debug, Default)]
pub struct ModuleUsage<'a> {
    /// Import path, then local name, then the places using it, in the order of the
    /// directories given (sorted by path), of their files, then of the imports.
    pub names: HashMap<&'a str, BTreeMap<&'a str, Vec<ImportSite<'a>>>>,
    /// Local name, then every import path used under it (in order).
    pub paths: HashMap<&'a str, BTreeSet<&'a str>>,
}

/// Import usage of every module in the run, borrowing from the checked directories.
#[derive(Debug, Default)]
pub struct ImportUsage<'a> {
    /// By module root.
    modules: HashMap<&'a Path, ModuleUsage<'a>>,
    /// The files outside any module.
    outside: ModuleUsage<'a>,
}

impl<'a> ImportUsage<'a> {
    /// Collects the named imports of every non-generated file. An unaliased import counts
    /// under its real name, and only when that name is known.
    pub fn build(dirs: &'a [Directory], resolutions: &'a Resolutions) -> ImportUsage<'a> {
        let mut usage = ImportUsage::default();
        for dir in dirs {
            let module = match &dir.module {
                Some(module) => usage.modules.entry(&module.root).or_default(),
                None => &mut usage.outside,
            };
            let real_names = resolutions.of(dir);
            for file in dir.files.iter().filter(|f| !f.go.generated) {
                for import in &file.go.imports {
                    let path = import.path.value.as_str();
                    let (name, span, aliased) = match &import.name {
                        Some(name) => match &name.value {
                            ImportName::Alias(alias) => (alias.as_str(), name.span, true),
                            ImportName::Dot | ImportName::Blank => continue,
                        },
                        None => match real_names.name(path) {
                            Some(real) => (real, import.path.span, false),
                            None => continue,
                        },
                    };
                    let sites = module.names.entry(path).or_default().entry(name);
                    if matches!(sites, btree_map::Entry::Vacant(_)) {
                        // The first use of this path under this name.
                        module.paths.entry(name).or_default().insert(path);
                    }
                    sites.or_default().push(ImportSite {
                        file: &file.go.path,
                        span,
                        aliased,
                    });
                }
            }
        }
        usage
    }

    /// The usage of the module `dir` belongs to.
    pub fn module(&self, dir: &Directory) -> Option<&ModuleUsage<'a>> {
        match &dir.module {
            Some(module) => self.modules.get(module.root.as_path()),
            None => Some(&self.outside),
        }
    }
}
