//! `inconsistent-import-alias`: an alias that differs from a clear majority of the
//! module's imports of its path.

use super::alias::{alias_removal, insertion_before, local_name};
use super::{Context, Level, Rule, RuleInfo};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Related, Rename, Severity};
use crate::header::ImportName;
use crate::importpath::stated_name;
use crate::package::Directory;
use crate::resolve::is_standard_path;
use crate::scope::DirectoryNames;
use crate::usage::ImportSite;
use std::collections::BTreeMap;

/// `inconsistent-import-alias`: an import named otherwise than its pin (or the module's majority).
pub struct InconsistentImportAlias;

static INFO: RuleInfo = RuleInfo {
    name: "inconsistent-import-alias",
    default: Level::Warning,
    summary: "an import named otherwise than its [aliases] pin (or, with infer-majority, than a clear majority of the module's imports)",
    doc: include_str!("../../rules/inconsistent-import-alias.md"),
    needs_real_names: true,
    reads_importers: false,
    options: &["infer-majority", "min-imports", "majority"],
    supersedes: &["redundant-import-alias"],
    fix: Some(crate::diagnostic::Applicability::Unsafe),
    scope: super::Scope::Module,
};

/// The local name a path should have: the configured one, else, with `infer-majority`, a
/// clear majority (by default two thirds of at least five imports in the module).
fn canonical<'a>(
    path: &str,
    names: Option<&'a BTreeMap<&str, Vec<ImportSite>>>,
    context: &'a Context,
) -> Option<&'a str> {
    if let Some(pinned) = context.options.aliases.get(path) {
        return Some(pinned);
    }
    // Off by default: measured on real projects, a module's majority was the name a
    // maintainer wanted less than half the time (a second convention, such as Kubernetes'
    // `restclient`, is deliberate), so only a pin speaks unless asked.
    if !context.options.inconsistent_infer_majority {
        return None;
    }
    let names = names?;
    let total: usize = names.values().map(Vec::len).sum();
    if total < context.options.inconsistent_min_imports {
        return None;
    }
    let (leader, sites) = names.iter().max_by_key(|(_, sites)| sites.len())?;
    // A small tolerance, so that 2 of 3 is two thirds.
    let clear = sites.len() as f64 + 1e-9 >= context.options.inconsistent_majority * total as f64;
    clear.then_some(leader)
}

/// Whether `path` is the module `module` or a package below it.
fn in_module(path: &str, module: &str) -> bool {
    path.strip_prefix(module)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
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
        // Bodies are read only for the files that still carry a finding at the end.
        let mut declared = DirectoryNames::new(dir, context.overlays);
        for file in dir
            .files
            .iter()
            .filter(|f| context.options.alias_rules_apply(f))
        {
            for import in &file.go.imports {
                let path = import.path.value.as_str();
                let pinned = context.options.aliases.contains_key(path);
                let real = real_names.name(path);
                // An unaliased import uses the real name: only a pin can ask for another.
                let local = match &import.name {
                    Some(name) => match &name.value {
                        ImportName::Alias(alias) => alias.as_str(),
                        ImportName::Dot | ImportName::Blank => continue,
                    },
                    None if pinned => match real {
                        Some(real) => real,
                        None => continue,
                    },
                    None => continue,
                };
                // Never a verdict on a guess, except for a pin, which needs only the path.
                if real.is_none() && !pinned {
                    continue;
                }
                let names = usage.names.get(path);
                let Some(wanted) = canonical(path, names, context) else {
                    continue;
                };
                if local == wanted {
                    continue;
                }
                // An alias telling a standard package apart from another package of its
                // name (`crand` beside `math/rand`, `jsonv1` beside a json v2, `stdcmp`
                // beside go-cmp) is the idiom aliases exist for. Between a standard package
                // and one of the module's own, or when the module's name for the path is
                // itself an alias, the module's majority decides.
                if !pinned
                    && Some(wanted) == real
                    && real.is_some_and(|real| {
                        local.to_lowercase().contains(&real.to_lowercase())
                            && is_standard_path(path)
                            && usage.shares_real_name(path, real, |other| {
                                !dir.module
                                    .as_ref()
                                    .is_some_and(|m| in_module(other, &m.path))
                            })
                    })
                {
                    continue;
                }
                // An external test names the package it tests by its real name.
                if real.is_some_and(|real| {
                    path == dir.import_path && file.package().strip_suffix("_test") == Some(real)
                }) {
                    continue;
                }
                // One path under two aliases in a file is deliberate (message and service
                // stubs of one generated package).
                let mut same_path = file.go.imports.iter().filter(|i| i.path.value == path);
                if same_path.clone().count() > 1
                    && same_path.all(|i| {
                        matches!(
                            i.name.as_ref().map(|n| &n.value),
                            Some(ImportName::Alias(_))
                        )
                    })
                {
                    continue;
                }
                // An alias that avoids a name the file already uses is no inconsistency:
                // another import's name (an unresolved one's assumed name counts), or the
                // real name of another import (`cryptorand` beside `mathrand`).
                let collides = file.package() == wanted
                    || file.go.imports.iter().any(|other| {
                        let other_path = other.path.value.as_str();
                        let other_real = Some(real_names.name_or_guess(other_path));
                        let other_local = local_name(other, other_real);
                        !std::ptr::eq(other, import)
                            && other_path != path
                            && (other_local == Some(wanted) || other_real == Some(wanted))
                    });
                // Nor does one that avoids a declaration of the package or of the file
                // that the name would clash with or be shadowed by (`var errors`, `fs`).
                if collides || declared.taken(&file.go.path, wanted).is_some() {
                    continue;
                }
                let anchor = import.name.as_ref().map_or(import.path.span, |n| n.span);
                let majority = names
                    .and_then(|names| names.get(wanted))
                    .and_then(|sites| sites.first());
                let related = majority
                    .map(|site| Related {
                        path: site.file.to_path_buf(),
                        span: site.span,
                        message: format!("imported as {wanted} here"),
                    })
                    .into_iter()
                    .collect();
                let why = match names {
                    Some(names) if !pinned => format!(
                        "the name {} of {} imports in this module use",
                        names.get(wanted).map_or(0, Vec::len),
                        names.values().map(Vec::len).sum::<usize>()
                    ),
                    _ => "the configured alias".to_string(),
                };
                let unaliased_is_clear = real.is_some_and(|real| stated_name(path) == Some(real));
                let edit = if Some(wanted) == real && unaliased_is_clear {
                    alias_removal(import).map(|span| (span, String::new()))
                } else {
                    Some(match &import.name {
                        Some(name) => (name.span, wanted.to_string()),
                        None => (insertion_before(import.path.span), format!("{wanted} ")),
                    })
                };
                let fix = edit.map(|(span, content)| {
                    let description =
                        format!("import as {wanted} and rename every use of {local} in this file");
                    let path = file.go.path.clone();
                    let edits = vec![Edit {
                        path: path.clone(),
                        span,
                        content,
                    }];
                    let rename = Rename::Import {
                        path,
                        from: local.to_string(),
                        to: wanted.to_string(),
                    };
                    Fix::new(Applicability::Unsafe, description, edits).renaming(rename)
                });
                let message = format!(
                    "\"{path}\" is imported as {local} here, but as {wanted} elsewhere ({why})"
                );
                let help = format!("import it as {wanted} everywhere");
                out.push(
                    INFO.finding(Severity::Warning, &file.go.path, anchor, message)
                        .with_help(help)
                        .with_related(related)
                        .with_fix_option(fix),
                );
            }
        }
    }
}
