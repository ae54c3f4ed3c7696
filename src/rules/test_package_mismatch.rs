//! `test-package-mismatch`: a test file outside the package and its `_test` twin, or a
//! non-test file claiming a `_test` package beside test files.

use super::conflict::{conflict_opening, partner_note};
use super::{Context, Level, Rule, RuleInfo};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::package::{ConflictKind, Directory, When};

/// `test-package-mismatch`: a test file of neither the directory's package nor its `_test` twin.
pub struct TestPackageMismatch;

static INFO: RuleInfo = RuleInfo {
    name: "test-package-mismatch",
    default: Level::Error,
    summary: "a _test.go file outside the package and its _test twin, or a non-test file declaring a _test package",
    doc: include_str!("../../rules/test-package-mismatch.md"),
    needs_real_names: false,
    reads_importers: false,
    options: &[],
    supersedes: &[],
    fix: Some(crate::diagnostic::Applicability::Unsafe),
    scope: super::Scope::Directory,
};

impl Rule for TestPackageMismatch {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, dir: &Directory, _context: &Context, out: &mut Vec<Diagnostic>) {
        let Some(package) = &dir.package else {
            return;
        };
        for conflict in &dir.conflicts {
            let file = &dir.files[conflict.file];
            let declared = file.package();
            let (explanation, rename_to) = match conflict.kind {
                ConflictKind::OtherPackage => continue,
                ConflictKind::TestPackage => (
                    format!(
                        "test file {} declares package {declared}, but a test file of this directory must declare {package} or {package}_test",
                        file.file_name
                    ),
                    if declared.ends_with("_test") {
                        format!("{package}_test")
                    } else {
                        package.clone()
                    },
                ),
                ConflictKind::TestSuffixOutsideTests => (
                    format!(
                        "only test files may declare a package ending in _test, and {} is not a test file",
                        file.file_name
                    ),
                    package.clone(),
                ),
            };
            let severity = match conflict.when {
                When::Platform(_) => Severity::Error,
                _ => Severity::Warning,
            };
            let message = format!("{}: {explanation}", conflict_opening(dir, conflict));
            let partner = format!("the directory's package {package} is declared here");
            // The file joins a package its directory declares: no new name.
            let fix = Fix::new(
                Applicability::Unsafe,
                format!("rename the package clause to {rename_to}"),
                vec![Edit {
                    path: file.go.path.clone(),
                    span: file.go.package.span,
                    content: rename_to.clone(),
                }],
            );
            out.push(
                INFO.finding(severity, &file.go.path, file.go.package.span, message)
                    .with_help(format!("declare `package {rename_to}`"))
                    .with_related(partner_note(dir, conflict, partner))
                    .with_fix(fix),
            );
        }
    }
}
