//! `duplicate-import`: the same path imported twice in one file.

use super::{Context, Level, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::header::{Import, ImportName};
use crate::package::Directory;
use foldhash::{HashMap, HashMapExt};

/// `duplicate-import`: one path imported twice in a file.
pub struct DuplicateImport;

static INFO: RuleInfo = RuleInfo {
    name: "duplicate-import",
    default: Level::Warning,
    summary: "the same path imported twice in one file",
    doc: include_str!("../../rules/duplicate-import.md"),
    needs_real_names: false,
    reads_importers: false,
    options: &[],
    supersedes: &[],
    fix: None,
    scope: super::Scope::Directory,
};

fn is_blank(import: &Import) -> bool {
    matches!(
        import.name.as_ref().map(|n| &n.value),
        Some(ImportName::Blank)
    )
}

impl Rule for DuplicateImport {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, dir: &Directory, context: &Context, out: &mut Vec<Diagnostic>) {
        // Generated files are their generator's to fix, as for the import-alias rules.
        for file in dir
            .files
            .iter()
            .filter(|f| context.options.alias_rules_apply(f))
        {
            let mut first: HashMap<&str, &Import> = HashMap::new();
            // A blank import only runs init; importing the path again under a name is fine.
            for import in file.go.imports.iter().filter(|i| !is_blank(i)) {
                let path = import.path.value.as_str();
                // Each `import "C"` carries its own cgo preamble: several are legal cgo.
                if path == "C" {
                    continue;
                }
                let Some(earlier) = first.get(path) else {
                    first.insert(path, import);
                    continue;
                };
                out.push(
                    INFO.finding(
                        Severity::Warning,
                        &file.go.path,
                        import.path.span,
                        format!(
                            "\"{path}\" is imported twice in this file (first on line {})",
                            earlier.path.span.line
                        ),
                    )
                    .with_help("keep one import and refer to the package by one name".to_string())
                    .with_related(vec![Related {
                        path: file.go.path.clone(),
                        span: earlier.path.span,
                        message: "first imported here".to_string(),
                    }]),
                );
            }
        }
    }
}
