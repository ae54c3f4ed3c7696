//! `missing-import-alias`: an unaliased import whose real package name differs from the
//! name its path suggests.

use super::alias::insertion_before;
use super::{Context, Level, Rule, RuleInfo};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::importpath::{NameMode, expected_names};
use crate::package::Directory;

/// `missing-import-alias`: an unaliased import whose package name its path does not suggest.
pub struct MissingImportAlias;

static INFO: RuleInfo = RuleInfo {
    name: "missing-import-alias",
    default: Level::Warning,
    summary: "unaliased import whose real package name differs from the name its path suggests",
    doc: include_str!("../../rules/missing-import-alias.md"),
    needs_real_names: true,
    reads_importers: false,
    options: &[],
    supersedes: &[],
    fix: Some(crate::diagnostic::Applicability::Safe),
    scope: super::Scope::Directory,
};

impl Rule for MissingImportAlias {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, dir: &Directory, context: &Context, out: &mut Vec<Diagnostic>) {
        let real_names = context.resolutions.of(dir);
        for file in dir
            .files
            .iter()
            .filter(|f| context.options.alias_rules_apply(f))
        {
            for import in file.go.imports.iter().filter(|i| i.name.is_none()) {
                let path = &import.path.value;
                let Some(real) = real_names.name(path) else {
                    continue;
                };
                // A path that implies no name, or implies this one, leaves nothing to say.
                let expected = expected_names(path, NameMode::Goimports);
                if expected.is_empty() || expected.iter().any(|n| n == real) || real == "main" {
                    continue;
                }
                let guess = expected.join(" or ");
                let at = import.path.span;
                let insert = insertion_before(at);
                let message = format!(
                    "\"{path}\" is package {real}, but its path suggests {guess}: name the import {real}"
                );
                let help = format!(
                    "write `{real} \"{path}\"` so readers see where `{real}.` comes from; goimports writes the same"
                );
                out.push(
                    INFO.finding(Severity::Warning, &file.go.path, at, message)
                        .with_help(help)
                        .with_fix(Fix::new(
                            Applicability::Safe,
                            format!("name the import {real}"),
                            vec![Edit {
                                path: file.go.path.clone(),
                                span: insert,
                                content: format!("{real} "),
                            }],
                        )),
                );
            }
        }
    }
}
