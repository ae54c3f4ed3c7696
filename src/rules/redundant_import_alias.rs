//! `redundant-import-alias`: an alias equal to the real package name, where the path
//! already suggests that name.

use super::alias::{AliasedImport, alias_removal, aliased_imports};
use super::{Context, Level, Rule, RuleInfo};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::importpath::stated_name;
use crate::package::Directory;

/// `redundant-import-alias`: an alias equal to the name the path already gives.
pub struct RedundantImportAlias;

static INFO: RuleInfo = RuleInfo {
    name: "redundant-import-alias",
    default: Level::Warning,
    summary: "alias equal to the real package name, where the path already suggests that name",
    doc: include_str!("../../rules/redundant-import-alias.md"),
    needs_real_names: true,
    reads_importers: false,
    options: &[],
    supersedes: &[],
    fix: Some(crate::diagnostic::Applicability::Safe),
    scope: super::Scope::Directory,
};

impl Rule for RedundantImportAlias {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, dir: &Directory, context: &Context, out: &mut Vec<Diagnostic>) {
        let real_names = context.resolutions.of(dir);
        for AliasedImport {
            file,
            import,
            name,
            alias,
            real,
        } in aliased_imports(dir, context)
        {
            let Some(real) = real else {
                continue;
            };
            let path = &import.path.value;
            // An alias that spells out a name the path hides documents a mismatch.
            if alias != real || stated_name(path) != Some(real) {
                continue;
            }
            // Beside another import of the same name (`shared` next to `prShared`), the
            // explicit alias is one half of a deliberate pair.
            let paired = file.go.imports.iter().any(|other| {
                let other_path = other.path.value.as_str();
                other_path != path && real_names.name_or_guess(other_path) == real
            });
            if paired {
                continue;
            }
            let Some(removal) = alias_removal(import) else {
                continue;
            };
            out.push(
                INFO.finding(
                    Severity::Warning,
                    &file.go.path,
                    name.span,
                    format!(
                        "alias {alias} is redundant: \"{path}\" is package {real}, as its path says"
                    ),
                )
                .with_help(format!("import it as `\"{path}\"`"))
                .with_fix(Fix::new(
                    Applicability::Safe,
                    format!("remove the alias {alias}"),
                    vec![Edit {
                        path: file.go.path.clone(),
                        span: removal,
                        content: String::new(),
                    }],
                )),
            );
        }
    }
}
