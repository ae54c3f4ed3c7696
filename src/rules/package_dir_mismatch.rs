//! `package-dir-mismatch`: a package name that differs from what its import path implies.

use super::{Context, Level, Rule, RuleInfo};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Related, Severity};
use crate::importpath::{NameMode, assumed_name, expected_names, is_version_element};
use crate::package::{Directory, ImportPathSource};

/// The rule.
pub struct PackageDirMismatch;

static INFO: RuleInfo = RuleInfo {
    name: "package-dir-mismatch",
    default: Level::Warning,
    summary: "package name differs from the name its import path implies",
    doc: include_str!("../../rules/package-dir-mismatch.md"),
    needs_real_names: false,
    options: &["mode", "allow"],
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
        if expected.contains(&package) {
            return;
        }
        let declares = |name: &str| name == package || name.strip_suffix("_test") == Some(package);
        let mut files = dir.files.iter().filter(|f| declares(f.package()));
        // Anchor on the first non-test file; a test-only directory anchors on its first test.
        let Some(anchor) = dir
            .files
            .iter()
            .find(|f| !f.is_test && declares(f.package()))
            .or_else(|| files.next())
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
        let mode = context.options.package_dir_mismatch_mode;
        let wanted = preferred_name(&dir.import_path, mode).filter(|name| name != package);
        let help = match &wanted {
            Some(name) => format!(
                "rename the package to {name}, or move it to a directory named {package}; until then goimports adds the alias `{package}` to every import of it"
            ),
            None => format!("move the package to a directory named {package}"),
        };
        out.push(Diagnostic {
            rule: INFO.name,
            severity: Severity::Warning,
            message: format!(
                "package {package} does not match its {what} {}: importers expect {}",
                dir.import_path,
                expected.join(" or ")
            ),
            path: anchor.go.path.clone(),
            span: anchor.go.package.span,
            help: Some(help),
            related,
            fix: wanted.map(|name| rename_fix(dir, package, &name)),
        });
    }
}

/// The name to rename to: the last element, or the parent of a version element, or (in
/// goimports mode) goimports' guess; only when it is an identifier.
fn preferred_name(import_path: &str, mode: NameMode) -> Option<String> {
    let mut elements = import_path.rsplit('/');
    let last = elements.next()?;
    let candidate = if is_version_element(last) {
        elements.next().unwrap_or(last)
    } else {
        last
    };
    let guess = (mode == NameMode::Goimports).then(|| assumed_name(import_path));
    std::iter::once(candidate)
        .chain(guess)
        .find(|name| is_identifier(name))
        .map(str::to_string)
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && name != "_"
}

/// Renames the clause in every file of the package (tests keep their `_test` suffix).
fn rename_fix(dir: &Directory, package: &str, name: &str) -> Fix {
    let edits = dir
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
    Fix {
        applicability: Applicability::Unsafe,
        description: format!("rename package {package} to {name}"),
        edits,
        rename: None,
    }
}
