//! How each module imports each path: the local names it uses, and where. The module-wide
//! alias rules (`inconsistent-import-alias`, `misleading-import-alias`) read this.

use crate::diagnostic::Span;
use crate::header::ImportName;
use crate::package::Directory;
use crate::resolve::Resolutions;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::collections::{BTreeMap, BTreeSet};
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
    /// Real package name, then every import path of that name imported in the module,
    /// aliased or not (`crypto/rand` and `math/rand` under `rand`); an unresolved path
    /// under goimports' guess of its name.
    pub by_real_name: HashMap<&'a str, BTreeSet<&'a str>>,
}

impl ModuleUsage<'_> {
    /// Whether another path imported in the module, one that `counts`, has the same real
    /// name as `path`, so that an alias may tell them apart.
    pub fn shares_real_name(&self, path: &str, real: &str, counts: impl Fn(&str) -> bool) -> bool {
        self.by_real_name
            .get(real)
            .is_some_and(|paths| paths.iter().any(|other| *other != path && counts(other)))
    }
}

/// Import usage of every module in the run, borrowing from the checked directories.
#[derive(Debug)]
pub struct ImportUsage<'a> {
    /// Where each module's usage is in `modules`, by module root.
    by_root: HashMap<&'a Path, usize>,
    /// The files outside any module first, then each module.
    modules: Vec<ModuleUsage<'a>>,
}

impl Default for ImportUsage<'_> {
    fn default() -> Self {
        ImportUsage {
            by_root: HashMap::new(),
            modules: vec![ModuleUsage::default()],
        }
    }
}

impl<'a> ImportUsage<'a> {
    /// Collects the named imports of every file, generated ones too (they carry the
    /// module's convention). An unaliased import counts under its real name, and only when
    /// that name is known.
    pub fn build(dirs: &'a [Directory], resolutions: &'a Resolutions) -> ImportUsage<'a> {
        let mut usage = ImportUsage::default();
        let mut real_seen = HashSet::new();
        for dir in dirs {
            let index = match &dir.module {
                Some(module) => *usage.by_root.entry(&module.root).or_insert_with(|| {
                    usage.modules.push(ModuleUsage::default());
                    usage.modules.len() - 1
                }),
                None => 0,
            };
            let module = &mut usage.modules[index];
            let real_names = resolutions.of(dir);
            for file in &dir.files {
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
                    if real_seen.insert((index, path)) {
                        let real = real_names.name_or_guess(path);
                        module.by_real_name.entry(real).or_default().insert(path);
                    }
                    let sites = module.names.entry(path).or_default();
                    sites.entry(name).or_default().push(ImportSite {
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
        let index = match &dir.module {
            Some(module) => *self.by_root.get(module.root.as_path())?,
            None => 0,
        };
        Some(&self.modules[index])
    }
}
