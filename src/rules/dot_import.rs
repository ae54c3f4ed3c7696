//! `dot-import`: `import . "path"` outside test files (off by default).

use super::{Context, Level, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};
use crate::header::ImportName;
use crate::package::Directory;

/// `dot-import`: `import .` outside tests.
pub struct DotImport;

static INFO: RuleInfo = RuleInfo {
    name: "dot-import",
    default: Level::Off,
    summary: "import . outside _test.go files",
    doc: include_str!("../../rules/dot-import.md"),
    needs_real_names: false,
    reads_importers: false,
    options: &[],
    supersedes: &[],
    fix: None,
    scope: super::Scope::Directory,
};

impl Rule for DotImport {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, dir: &Directory, _context: &Context, out: &mut Vec<Diagnostic>) {
        for file in dir.files.iter().filter(|f| !f.is_test) {
            for import in &file.go.imports {
                let Some(name) = &import.name else {
                    continue;
                };
                if name.value != ImportName::Dot {
                    continue;
                }
                let path = &import.path.value;
                let message = format!(
                    "dot import of \"{path}\": its exported names join this file's scope, hiding where they come from"
                );
                let help = "import the package by name and qualify its identifiers".to_string();
                out.push(
                    INFO.finding(Severity::Warning, &file.go.path, name.span, message)
                        .with_help(help),
                );
            }
        }
    }
}
