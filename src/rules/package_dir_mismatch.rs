//! `package-dir-mismatch`: a package name that differs from what its import path implies.

use super::alias::insertion_before;
use super::{Context, Level, Rule, RuleInfo};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Related, Rename, Severity};
use crate::importpath::expected_names;
use crate::package::{Directory, ImportPathSource};

/// `package-dir-mismatch`: a package named otherwise than its import path implies.
pub struct PackageDirMismatch;

static INFO: RuleInfo = RuleInfo {
    name: "package-dir-mismatch",
    default: Level::Warning,
    summary: "package name differs from the name its import path implies",
    doc: include_str!("../../rules/package-dir-mismatch.md"),
    needs_real_names: false,
    reads_importers: true,
    options: &["mode", "allow"],
    supersedes: &[],
    fix: Some(crate::diagnostic::Applicability::Unsafe),
    scope: super::Scope::Directory,
};

impl Rule for PackageDirMismatch {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, dir: &Directory, context: &Context, out: &mut Vec<Diagnostic>) {
        let Some(package) = dir.package.as_deref() else {
            return;
        };
        if package == "main" || package == "documentation" {
            return;
        }
        // Nothing can import a directory of tests only, or one built only with tags
        // nobody sets by default (a `tools.go` of `//go:build tools`): no importer to
        // surprise.
        if !dir.importable {
            return;
        }
        let allowed = context
            .options
            .package_dir_mismatch_allow
            .iter()
            .any(|entry| {
                dir.import_path == *entry || dir.import_path.ends_with(&format!("/{entry}"))
            });
        if allowed {
            return;
        }
        let expected = expected_names(&dir.import_path, context.options.package_dir_mismatch_mode);
        // A path that implies no valid name (a directory `map`) gives nothing to compare.
        if expected.is_empty() || expected.iter().any(|name| name == package) {
            return;
        }
        let declares = |name: &str| name == package || name.strip_suffix("_test") == Some(package);
        // Anchor on the first non-test file (an importable directory has one).
        let Some(anchor) = dir
            .files
            .iter()
            .find(|f| !f.is_test && declares(f.package()))
        else {
            return;
        };
        let others = dir
            .files
            .iter()
            .filter(|f| !f.is_test && declares(f.package()) && f.go.path != anchor.go.path);
        let related = others
            .map(|f| Related {
                path: f.go.path.clone(),
                span: f.go.package.span,
                message: format!("package {package} is also declared here"),
            })
            .collect();
        let what = match dir.import_path_source {
            ImportPathSource::Module | ImportPathSource::Gopath => "import path",
            ImportPathSource::Directory => "directory path",
        };
        let wanted = &expected[0];
        let help = format!(
            "rename the package to {wanted}, or move it to a directory named {package}; until then goimports adds the alias `{package}` to every import of it"
        );
        out.push(
            INFO.finding(
                Severity::Warning,
                &anchor.go.path,
                anchor.go.package.span,
                format!(
                    "package {package} does not match its {what} {}: importers expect {}",
                    dir.import_path,
                    expected.join(" or ")
                ),
            )
            .with_help(help)
            .with_related(related)
            .with_fix_option(rename_fix(dir, context, package, wanted)),
        );
    }
}

/// Renames the clause in every file of the package (tests keep their `_test` suffix), and
/// gives every unaliased import of the package in the module the old name as its alias, so
/// that the importers' uses of it still compile unchanged. No fix when the importers are
/// unknown (collecting them failed).
fn rename_fix(dir: &Directory, context: &Context, package: &str, name: &str) -> Option<Fix> {
    let usage = context.usage.module(dir)?;
    let mut edits: Vec<Edit> = dir
        .files
        .iter()
        .filter_map(|f| {
            let content = if f.package() == package {
                name.to_string()
            } else if f.package().strip_suffix("_test") == Some(package) {
                format!("{name}_test")
            } else {
                return None;
            };
            Some(Edit {
                path: f.go.path.clone(),
                span: f.go.package.span,
                content,
            })
        })
        .collect();
    let clauses = edits.len();
    let importers = usage
        .names
        .get(dir.import_path.as_str())
        .and_then(|names| names.get(package));
    edits.extend(
        importers
            .into_iter()
            .flatten()
            .filter(|site| !site.aliased)
            .map(|site| Edit {
                path: site.file.to_path_buf(),
                span: insertion_before(site.span),
                content: format!("{package} "),
            }),
    );
    let description = match edits.len() - clauses {
        0 => format!("rename package {package} to {name}"),
        n => format!(
            "rename package {package} to {name}, importing it as {package} in the {n} file{} that import it unaliased",
            if n == 1 { "" } else { "s" }
        ),
    };
    let rename = Rename::Package {
        from: package.to_string(),
        to: name.to_string(),
    };
    Some(Fix::new(Applicability::Unsafe, description, edits).renaming(rename))
}
