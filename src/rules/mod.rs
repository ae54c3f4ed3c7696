//! The rules: each file here is one rule, twinned with its document `rules/<name>.md`.

use crate::diagnostic::Diagnostic;
use crate::importpath::NameMode;
use crate::package::Directory;
use crate::resolve::Resolutions;
use crate::usage::ImportUsage;
use std::collections::{BTreeMap, BTreeSet};

mod alias;
mod conflict;
mod dot_import;
mod duplicate_import;
mod inconsistent_import_alias;
mod internal_import;
mod invalid_go_file;
mod misleading_import_alias;
mod missing_import_alias;
mod multiple_packages;
mod package_dir_mismatch;
mod redundant_import_alias;
mod test_package_mismatch;
pub mod unused_suppression;

/// Whether a rule runs, and how loud its findings are by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Runs only when selected.
    Off,
    /// Runs; its findings are warnings.
    Warning,
    /// Runs; `go build` fails on what it finds.
    Error,
}

impl Level {
    /// The name used in documents and listings.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// What a rule is, for listings and documents.
#[derive(Debug)]
pub struct RuleInfo {
    /// The stable kebab-case name.
    pub name: &'static str,
    /// The default level.
    pub default: Level,
    /// One line on what it flags.
    pub summary: &'static str,
    /// The rule's document, `rules/<name>.md`.
    pub doc: &'static str,
    /// Whether the rule reads imported packages' real names (resolution runs only then).
    pub needs_real_names: bool,
    /// Whether its fix reads how the module imports the package (the importers a package
    /// rename must keep compiling): import usage, and so resolution, is built then too.
    pub reads_importers: bool,
    /// The options its config table takes (besides `level`).
    pub options: &'static [&'static str],
    /// Rules whose finding at the same place this rule's finding replaces: one import
    /// gets one finding, the one that explains more.
    pub supersedes: &'static [&'static str],
    /// Whether its findings carry a fix, and how safe it is.
    pub fix: Option<crate::diagnostic::Applicability>,
    /// What a finding depends on besides its own directory.
    pub scope: Scope,
}

impl RuleInfo {
    /// A finding of this rule: `message` at `span` of `path` (as displayed), with no help,
    /// related places or fix until they are added.
    pub fn finding(
        &'static self,
        severity: crate::diagnostic::Severity,
        path: &std::path::Path,
        span: crate::diagnostic::Span,
        message: String,
    ) -> Diagnostic {
        Diagnostic {
            rule: self.name,
            severity,
            message,
            path: path.to_path_buf(),
            span,
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }
}

/// What a rule's finding about one directory depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The directory alone (and the packages it imports).
    Directory,
    /// How the whole module imports (a module's majority names): checking a directory
    /// alone may find what checking its module would not.
    Module,
}

/// Drops each finding that another finding at the same place supersedes.
pub fn drop_superseded(found: &mut Vec<Diagnostic>) {
    // Only the few findings of superseding rules are keys: nothing is copied per finding.
    let superseded: Vec<(&str, std::path::PathBuf, usize)> = found
        .iter()
        .filter_map(|d| find(d.rule).map(|rule| (d, rule.info().supersedes)))
        .flat_map(|(d, names)| {
            names
                .iter()
                .map(move |name| (*name, d.path.clone(), d.span.start))
        })
        .collect();
    if !superseded.is_empty() {
        found.retain(|d| {
            !superseded.iter().any(|(rule, path, start)| {
                *rule == d.rule && *start == d.span.start && *path == d.path
            })
        });
    }
}

/// Settings the rules read.
#[derive(Debug, Clone)]
pub struct RuleOptions {
    /// `inconsistent-import-alias.infer-majority`: a clear majority of the module's
    /// imports of a path names it, not only an `[aliases]` pin.
    pub inconsistent_infer_majority: bool,
    /// `inconsistent-import-alias.min-imports`: imports of a path a majority needs.
    pub inconsistent_min_imports: usize,
    /// `inconsistent-import-alias.majority`: the share of them one name needs.
    pub inconsistent_majority: f64,
    /// `package-dir-mismatch.mode`.
    pub package_dir_mismatch_mode: NameMode,
    /// `package-dir-mismatch.allow`: import paths (or trailing parts of them) whose
    /// package name is intentional.
    pub package_dir_mismatch_allow: Vec<String>,
    /// `misleading-import-alias.allow`: import paths whose alias is intentional.
    pub misleading_allow: BTreeSet<String>,
    /// `misleading-import-alias.std-names = "all"`: every standard package name counts.
    pub misleading_all_std_names: bool,
    /// `[aliases]`: canonical local names by import path.
    pub aliases: BTreeMap<String, String>,
    /// `generated = "check"`: the import-alias rules also check generated files.
    pub check_generated: bool,
}

impl Default for RuleOptions {
    fn default() -> Self {
        RuleOptions {
            inconsistent_infer_majority: false,
            inconsistent_min_imports: 5,
            inconsistent_majority: 2.0 / 3.0,
            package_dir_mismatch_mode: NameMode::default(),
            package_dir_mismatch_allow: Vec::new(),
            misleading_allow: BTreeSet::new(),
            misleading_all_std_names: false,
            aliases: BTreeMap::new(),
            check_generated: false,
        }
    }
}

impl RuleOptions {
    /// Whether the import-alias rules look at `file`.
    pub fn alias_rules_apply(&self, file: &crate::package::SourceFile) -> bool {
        self.check_generated || !file.go.generated
    }
}

/// What rules may consult beyond the directory they check.
pub struct Context<'a> {
    /// Unsaved contents by absolute path, read before the disk when a rule reads a body.
    pub overlays: &'a BTreeMap<std::path::PathBuf, Vec<u8>>,
    /// Options from the config.
    pub options: &'a RuleOptions,
    /// The real names of imported packages.
    pub resolutions: &'a Resolutions,
    /// How every module of the run imports each path.
    pub usage: &'a ImportUsage<'a>,
}

/// A check over one directory's grouped package.
pub trait Rule: Sync {
    /// Name, level, summary, document.
    fn info(&self) -> &'static RuleInfo;
    /// Pushes the rule's findings for `dir`.
    fn check(&self, dir: &Directory, context: &Context, out: &mut Vec<Diagnostic>);
}

/// Every rule, in name order.
pub static RULES: &[&dyn Rule] = &[
    &dot_import::DotImport,
    &duplicate_import::DuplicateImport,
    &inconsistent_import_alias::InconsistentImportAlias,
    &internal_import::InternalImport,
    &invalid_go_file::InvalidGoFile,
    &misleading_import_alias::MisleadingImportAlias,
    &missing_import_alias::MissingImportAlias,
    &multiple_packages::MultiplePackages,
    &package_dir_mismatch::PackageDirMismatch,
    &redundant_import_alias::RedundantImportAlias,
    &test_package_mismatch::TestPackageMismatch,
    &unused_suppression::UnusedSuppression,
];

/// Looks a rule up by name.
pub fn find(name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|rule| rule.info().name == name)
}

/// A path with `/` separators.
pub fn slash(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_sorted_unique_and_documented() {
        let names: Vec<_> = RULES.iter().map(|r| r.info().name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted);
        for rule in RULES {
            let info = rule.info();
            assert!(
                info.doc.starts_with(&format!("# {}\n", info.name)),
                "{} document must start with its name",
                info.name
            );
        }
    }
}
