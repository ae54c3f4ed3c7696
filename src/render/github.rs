//! `--format github`: GitHub Actions workflow commands, which become annotations.

use super::concise;
use crate::Report;
use crate::diagnostic::Severity;
use crate::rules::slash;
use std::io::{self, Write};

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        // GitHub shows only the first ten annotations of each kind per step, so every
        // finding also gets its plain line, just before its command. A line break in it
        // is shown as `\n`: a message line of its own could start a workflow command.
        let plain = concise::line(d).replace('\r', "\\r").replace('\n', "\\n");
        writeln!(out, "{plain}")?;
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = format!(
            "file={},line={}",
            escape_property(&slash(&d.path)),
            d.span.line
        );
        // Annotations take columns only within one line.
        if d.span.end_line == d.span.line {
            properties.push_str(&format!(
                ",col={},endLine={},endColumn={}",
                d.span.column, d.span.end_line, d.span.end_column
            ));
        } else {
            properties.push_str(&format!(",endLine={}", d.span.end_line));
        }
        writeln!(
            out,
            "::{command} {properties},title={}::{}",
            escape_property(d.rule),
            escape_data(&d.message)
        )?;
    }
    Ok(())
}

/// Escapes a workflow command's message as GitHub's toolkit does (`%`, CR, LF).
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value: as [`escape_data`], plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
