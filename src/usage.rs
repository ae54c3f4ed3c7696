//! How each module imports each path: the local names it uses, and where. The module-wide
//! alias rules (`inconsistent-import-alias`, `misleading-import-alias`) read this.

use crate::diagnostic::Span;
use crate::header::ImportName;
use crate::package::Directory;
use crate::resolve::Resolutions;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// One import of a path under a local name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSite {
    /// The importing file, as displayed.
    pub file: PathBuf,
    /// The alias, or the path string when the import has no alias.
    pub span: Span,
    /// Whether the import names the package explicitly.
    pub aliased: bool,
}

/// The imports of one module (or of the files outside any module).
#[derive(Debug, Default)]
pub struct ModuleUsage {
    /// Import path, then local name, then the places using it, in file order.
    pub names: BTreeMap<String, BTreeMap<String, Vec<ImportSite>>>,
    /// Local name, then every import path used under it.
    pub paths: BTreeMap<String, BTreeSet<String>>,
}

/// Import usage of every module in the run.
#[derive(Debug, Default)]
pub struct ImportUsage {
    modules: HashMap<Option<PathBuf>, ModuleUsage>,
}

/// The key of a directory's module: its root, or None outside modules.
fn module_key(dir: &Directory) -> Option<PathBuf> {
    dir.module.as_ref().map(|m| m.root.clone())
}

impl ImportUsage {
    /// Collects the named imports of every non-generated file. An unaliased import counts
    /// under its real name, and only when that name is known.
    pub fn build(dirs: &[Directory], resolutions: &Resolutions) -> ImportUsage {
        let mut modules: HashMap<Option<PathBuf>, ModuleUsage> = HashMap::new();
        for dir in dirs {
            let usage = modules.entry(module_key(dir)).or_default();
            for file in dir.files.iter().filter(|f| !f.go.generated) {
                for import in &file.go.imports {
                    let path = &import.path.value;
                    let (name, span, aliased) = match &import.name {
                        Some(name) => match &name.value {
                            ImportName::Alias(alias) => (alias.as_str(), name.span, true),
                            ImportName::Dot | ImportName::Blank => continue,
                        },
                        None => match resolutions.name(dir, path) {
                            Some(real) => (real, import.path.span, false),
                            None => continue,
                        },
                    };
                    usage
                        .names
                        .entry(path.clone())
                        .or_default()
                        .entry(name.to_string())
                        .or_default()
                        .push(ImportSite {
                            file: file.go.path.clone(),
                            span,
                            aliased,
                        });
                    usage
                        .paths
                        .entry(name.to_string())
                        .or_default()
                        .insert(path.clone());
                }
            }
        }
        for usage in modules.values_mut() {
            for sites in usage.names.values_mut().flat_map(|n| n.values_mut()) {
                sites.sort_by(|a, b| (&a.file, a.span).cmp(&(&b.file, b.span)));
            }
        }
        ImportUsage { modules }
    }

    /// The usage of the module `dir` belongs to.
    pub fn module(&self, dir: &Directory) -> Option<&ModuleUsage> {
        self.modules.get(&module_key(dir))
    }
}
