//! `internal-import`: an import of an `internal` package from outside the tree allowed to
//! import it, by the go command's rule.

use super::{Context, Level, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};
use crate::package::{Directory, ImportPathSource};

/// `internal-import`: an import of an `internal` package from outside the tree it serves.
pub struct InternalImport;

static INFO: RuleInfo = RuleInfo {
    name: "internal-import",
    default: Level::Error,
    summary: "import of an internal package from outside the tree that may import it",
    doc: include_str!("../../rules/internal-import.md"),
    needs_real_names: false,
    reads_importers: false,
    options: &[],
    supersedes: &[],
    fix: None,
    scope: super::Scope::Directory,
};

/// The path an importer must be inside to import `path`: everything before its last
/// `internal` element. None when the path has no `internal` element.
pub fn internal_parent(path: &str) -> Option<&str> {
    if path == "internal" || path.starts_with("internal/") {
        // Only the last `internal` element counts; check for a later one first.
        if let Some(at) = path.rfind("/internal") {
            let after = &path[at + "/internal".len()..];
            if after.is_empty() || after.starts_with('/') {
                return Some(&path[..at]);
            }
        }
        return Some("");
    }
    let mut search = path;
    while let Some(at) = search.rfind("/internal") {
        let after = &path[at + "/internal".len()..];
        if after.is_empty() || after.starts_with('/') {
            return Some(&path[..at]);
        }
        search = &path[..at];
    }
    None
}

/// Whether an importer with import path `importer` (in module `module`) may import a
/// package whose internal parent is `parent`.
fn allowed(importer: &str, module: &str, parent: &str) -> bool {
    if parent.is_empty() {
        // The standard library's own internal packages: only std and cmd may import them.
        return module == "std" || module == "cmd";
    }
    importer == parent || importer.starts_with(&format!("{parent}/"))
}

impl Rule for InternalImport {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, dir: &Directory, _context: &Context, out: &mut Vec<Diagnostic>) {
        // Outside modules and GOPATH trees there is no import path to judge by.
        if dir.import_path_source == ImportPathSource::Directory {
            return;
        }
        let module = dir.module.as_ref().map_or("", |m| m.path.as_str());
        for file in &dir.files {
            for import in &file.go.imports {
                let path = import.path.value.as_str();
                // Vendored copies carry their own internal trees; the vendor rules differ.
                if path.starts_with("vendor/") || path.contains("/vendor/") {
                    continue;
                }
                let Some(parent) = internal_parent(path) else {
                    continue;
                };
                if allowed(&dir.import_path, module, parent) {
                    continue;
                }
                let who = if parent.is_empty() {
                    "the standard library".to_string()
                } else {
                    format!("packages under {parent}")
                };
                let message = format!(
                    "use of internal package {path} not allowed: only {who} may import it, and this is {}",
                    dir.import_path
                );
                let help = String::from(
                    "move the importer under the internal package's parent, or the package out of internal",
                );
                out.push(
                    INFO.finding(Severity::Error, &file.go.path, import.path.span, message)
                        .with_help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_internal_element_decides() {
        assert_eq!(internal_parent("a/b/internal/c"), Some("a/b"));
        assert_eq!(
            internal_parent("a/internal/b/internal"),
            Some("a/internal/b")
        );
        assert_eq!(internal_parent("internal/testenv"), Some(""));
        assert_eq!(internal_parent("internal"), Some(""));
        assert_eq!(internal_parent("a/internals/b"), None);
        assert_eq!(internal_parent("a/xinternal/b"), None);
        assert_eq!(
            internal_parent("golang.org/x/internal"),
            Some("golang.org/x")
        );
    }

    #[test]
    fn importer_must_be_inside_the_parent() {
        assert!(allowed(
            "golang.org/x/tools/go",
            "golang.org/x/tools",
            "golang.org/x"
        ));
        assert!(allowed("a/b", "a", "a/b"));
        assert!(!allowed("a/bc", "a", "a/b"));
        assert!(!allowed("example.com/m", "example.com/m", ""));
        assert!(allowed("net/http", "std", ""));
    }
}
