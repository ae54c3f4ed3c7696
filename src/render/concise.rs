//! `path:line:col: message (rule)`: the go vet shape editors and problem matchers parse.

use crate::Report;
use crate::diagnostic::Diagnostic;
use crate::rules::slash;
use std::io::{self, Write};

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        writeln!(out, "{}", line(d))?;
    }
    Ok(())
}

/// One finding's concise line, without the newline (the github and junit formats reuse it).
/// Line breaks in a message (an import path may hold one) or a path (a file name may) are
/// escaped: one finding is one line, and no message can forge a line of its own in a CI log.
pub(super) fn line(d: &Diagnostic) -> String {
    format!(
        "{}:{}:{}: {} ({})",
        slash(&d.path).replace('\r', "\\r").replace('\n', "\\n"),
        d.span.line,
        d.span.column,
        d.message.replace('\r', "\\r").replace('\n', "\\n"),
        d.rule
    )
}
