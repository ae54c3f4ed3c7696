//! `unused-suppression`: a `//golayout:` directive that suppresses nothing, names an
//! unknown rule, or gives no reason. Its findings come from the suppression step
//! (`crate::suppress`), which is the only place that knows what each directive matched.

use super::{Context, Level, Rule, RuleInfo};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::header::DirectiveComment;
use crate::package::Directory;
use std::path::Path;

/// `unused-suppression`: a `//golayout:ignore` that suppresses nothing or gives no reason.
pub struct UnusedSuppression;

/// The rule's name, for the suppression step.
pub const NAME: &str = "unused-suppression";

static INFO: RuleInfo = RuleInfo {
    name: NAME,
    default: Level::Warning,
    summary: "a //golayout:ignore that matched nothing, names an unknown rule, or gives no reason",
    doc: include_str!("../../rules/unused-suppression.md"),
    needs_real_names: false,
    reads_importers: false,
    options: &[],
    supersedes: &[],
    fix: Some(crate::diagnostic::Applicability::Safe),
    scope: super::Scope::Directory,
};

impl Rule for UnusedSuppression {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, _dir: &Directory, _context: &Context, _out: &mut Vec<Diagnostic>) {}
}

/// The finding for one directive, with the fix that deletes it.
pub fn finding(path: &Path, comment: &DirectiveComment, problem: String) -> Diagnostic {
    let removal = Edit {
        path: path.to_path_buf(),
        span: comment.removal,
        content: String::new(),
    };
    let fix = Fix::new(
        Applicability::Safe,
        "remove the directive".to_string(),
        vec![removal],
    );
    INFO.finding(Severity::Warning, path, comment.span, problem)
        .with_help("remove the directive, or correct it".to_string())
        .with_fix(fix)
}
