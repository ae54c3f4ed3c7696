//! `--format checkstyle`: Checkstyle XML, as reviewdog, Jenkins and flycheck read it.

use super::xml;
use crate::Report;
use crate::rules::slash;
use std::io::{self, Write};

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    // The report is sorted by path, so each file's findings are consecutive.
    for group in report.diagnostics.chunk_by(|a, b| a.path == b.path) {
        writeln!(
            out,
            r#"  <file name="{}">"#,
            xml::attribute(&slash(&group[0].path))
        )?;
        for d in group {
            writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{}" message="{}" source="golayout.{}"/>"#,
                d.span.line,
                d.span.column,
                d.severity.as_str(),
                xml::attribute(&d.message),
                xml::attribute(d.rule)
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}
