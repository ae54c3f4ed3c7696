//! `path:line:col: message (rule)`: the go vet shape editors and problem matchers parse.

use crate::Report;
use crate::rules::slash;
use std::io::{self, Write};

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        writeln!(
            out,
            "{}:{}:{}: {} ({})",
            slash(&d.path),
            d.span.line,
            d.span.column,
            d.message,
            d.rule
        )?;
    }
    Ok(())
}
