//! `inconsistent-import-alias`: one import path imported under different local names
//! across a module.

use super::{Context, Level, Rule, RuleInfo, alias_removal, insertion_before, local_name};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Related, Rename, Severity};
use crate::importpath::{NameMode, expected_names};
use crate::package::Directory;
use crate::usage::ImportSite;
use std::collections::BTreeMap;

/// The rule.
pub struct InconsistentImportAlias;

static INFO: RuleInfo = RuleInfo {
    name: "inconsistent-import-alias",
    default: Level::Warning,
    summary: "one import path imported under different local names across the module",
    doc: include_str!("../../rules/inconsistent-import-alias.md"),
    needs_real_names: true,
    options: &[],
    supersedes: &["redundant-import-alias"],
};

/// The local name a path should have: the configured one, else the strict majority.
fn canonical<'a>(
    path: &str,
    names: &'a BTreeMap<&str, Vec<ImportSite>>,
    context: &'a Context,
) -> Option<&'a str> {
    if let Some(pinned) = context.options.aliases.get(path) {
        return Some(pinned);
    }
    let most = names.values().map(Vec::len).max()?;
    let mut leaders = names.iter().filter(|(_, sites)| sites.len() == most);
    let (leader, _) = leaders.next()?;
    // A tie has no majority to follow.
    leaders.next().is_none().then_some(leader)
}

impl Rule for InconsistentImportAlias {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, dir: &Directory, context: &Context, out: &mut Vec<Diagnostic>) {
        let Some(usage) = context.usage.module(dir) else {
            return;
        };
        let real_names = context.resolutions.of(dir);
        for file in dir
            .files
            .iter()
            .filter(|f| context.options.alias_rules_apply(f))
        {
            for import in &file.go.imports {
                let path = import.path.value.as_str();
                let Some(real) = real_names.name(path) else {
                    continue;
                };
                let Some(local) = local_name(import, Some(real)) else {
                    continue;
                };
                let Some(names) = usage.names.get(path) else {
                    continue;
                };
                let Some(wanted) = canonical(path, names, context) else {
                    continue;
                };
                if local == wanted || names.len() < 2 && !context.options.aliases.contains_key(path)
                {
                    continue;
                }
                let anchor = import.name.as_ref().map_or(import.path.span, |n| n.span);
                let majority = names.get(wanted).and_then(|sites| sites.first());
                let related = majority
                    .map(|site| Related {
                        path: site.file.to_path_buf(),
                        span: site.span,
                        message: format!("imported as {wanted} here"),
                    })
                    .into_iter()
                    .collect();
                let uses: usize = names.values().map(Vec::len).sum();
                let why = if context.options.aliases.contains_key(path) {
                    "the configured alias".to_string()
                } else {
                    format!(
                        "the name {} of {uses} imports in this module use",
                        names.get(wanted).map_or(0, Vec::len)
                    )
                };
                // An alias that avoids a name the file already uses is the reason to rename
                // imports at all: it is not an inconsistency.
                // Also when another import of the file is named `wanted` by its package
                // clause, even if aliased too (`cryptorand` beside `mathrand`).
                let collides = file.package() == wanted
                    || file.go.imports.iter().any(|other| {
                        let real = real_names.name(&other.path.value);
                        !std::ptr::eq(other, import)
                            && other.path.value != *path
                            && (local_name(other, real) == Some(wanted) || real == Some(wanted))
                    });
                if collides {
                    continue;
                }
                let unaliased_is_clear = expected_names(path, NameMode::Goimports)
                    .iter()
                    .any(|n| n == real);
                let edit = if wanted == real && unaliased_is_clear {
                    alias_removal(import).map(|span| (span, String::new()))
                } else {
                    Some(match &import.name {
                        Some(name) => (name.span, wanted.to_string()),
                        None => (insertion_before(import.path.span), format!("{wanted} ")),
                    })
                };
                let fix = edit.map(|(span, content)| Fix {
                    applicability: Applicability::Unsafe,
                    description: format!(
                        "import as {wanted} and rename every use of {local} in this file"
                    ),
                    edits: vec![Edit {
                        path: file.go.path.clone(),
                        span,
                        content,
                    }],
                    rename: Some(Rename {
                        path: file.go.path.clone(),
                        from: local.to_string(),
                        to: wanted.to_string(),
                    }),
                });
                out.push(Diagnostic {
                    rule: INFO.name,
                    severity: Severity::Warning,
                    message: format!(
                        "\"{path}\" is imported as {local} here, but as {wanted} elsewhere ({why})"
                    ),
                    path: file.go.path.clone(),
                    span: anchor,
                    help: Some(format!("import it as {wanted} everywhere")),
                    related,
                    fix,
                });
            }
        }
    }
}
