//! `multiple-packages`: non-test files of more than one package in a directory.

use super::conflict::{conflict_opening, partner_note, platform_list};
use super::{Context, Level, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};
use crate::package::{ConflictKind, Directory, When};

/// `multiple-packages`: non-test files of more than one package in a directory.
pub struct MultiplePackages;

static INFO: RuleInfo = RuleInfo {
    name: "multiple-packages",
    default: Level::Error,
    summary: "files of more than one package in a directory",
    doc: include_str!("../../rules/multiple-packages.md"),
    needs_real_names: false,
    reads_importers: false,
    options: &[],
    supersedes: &[],
    fix: None,
    scope: super::Scope::Directory,
};

impl Rule for MultiplePackages {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, dir: &Directory, _context: &Context, out: &mut Vec<Diagnostic>) {
        let Some(package) = &dir.package else {
            return;
        };
        for conflict in &dir.conflicts {
            if conflict.kind != ConflictKind::OtherPackage {
                continue;
            }
            let file = &dir.files[conflict.file];
            let declared = format!(
                "{} declares package {}, but the directory's package is {package}",
                file.file_name,
                file.package()
            );
            let (severity, message) = match &conflict.when {
                When::Platform(_) => (
                    Severity::Error,
                    format!("{}: {declared}", conflict_opening(dir, conflict)),
                ),
                When::Tags(..) => (
                    Severity::Warning,
                    format!("{}: {declared}", conflict_opening(dir, conflict)),
                ),
                When::SplitPlatforms(platforms) => (
                    Severity::Warning,
                    format!(
                        "{declared}; on {} the directory builds as package {}, which breaks its importers there",
                        platform_list(platforms),
                        file.package()
                    ),
                ),
            };
            let help = format!(
                "a directory holds one package: declare `package {package}` here, or move {} to a directory of its own",
                file.file_name
            );
            out.push(
                INFO.finding(severity, &file.go.path, file.go.package.span, message)
                    .with_help(help)
                    .with_related(partner_note(
                        dir,
                        conflict,
                        format!("the directory's package {package} is declared here"),
                    )),
            );
        }
    }
}
