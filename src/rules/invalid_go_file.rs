//! `invalid-go-file`: a `.go` file whose header cannot be read.

use super::{Context, Level, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};
use crate::package::Directory;

/// `invalid-go-file`: a `.go` file whose header cannot be read.
pub struct InvalidGoFile;

static INFO: RuleInfo = RuleInfo {
    name: "invalid-go-file",
    default: Level::Error,
    summary: "a .go file whose header cannot be read: no package clause, unreadable, not text",
    doc: include_str!("../../rules/invalid-go-file.md"),
    needs_real_names: false,
    reads_importers: false,
    options: &[],
    supersedes: &[],
    fix: None,
    scope: super::Scope::Directory,
};

impl Rule for InvalidGoFile {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, dir: &Directory, _context: &Context, out: &mut Vec<Diagnostic>) {
        for file in &dir.invalid {
            let help = String::from(
                "the go command rejects this file, and golayout leaves it out of its package",
            );
            out.push(
                INFO.finding(Severity::Error, &file.path, file.span, file.message.clone())
                    .with_help(help),
            );
        }
    }
}
