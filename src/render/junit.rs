//! `--format junit`: JUnit XML, so CI test-report views list the findings.

use super::{concise, xml};
use crate::Report;
use crate::diagnostic::Diagnostic;
use crate::rules::slash;
use std::io::{self, Write};

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let findings = report.diagnostics.len();
    // With nothing found, one passing test case, so that CI shows that the check ran.
    let tests = findings.max(1);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="golayout" tests="{tests}" failures="{findings}" errors="0">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="golayout" tests="{tests}" failures="{findings}" errors="0">"#
    )?;
    if findings == 0 {
        writeln!(
            out,
            r#"    <testcase name="no findings" classname="golayout"/>"#
        )?;
    }
    for d in &report.diagnostics {
        let path = xml::attribute(&slash(&d.path));
        writeln!(
            out,
            r#"    <testcase name="{}" classname="{path}" file="{path}" line="{}">"#,
            xml::attribute(&format!("{}:{}:{}", d.rule, d.span.line, d.span.column)),
            d.span.line
        )?;
        writeln!(
            out,
            r#"      <failure message="{}" type="{}">{}</failure>"#,
            xml::attribute(&d.message),
            xml::attribute(d.rule),
            xml::content(&body(d))
        )?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// The failure's text: the concise line, then the help and related places, if any.
fn body(d: &Diagnostic) -> String {
    let mut text = concise::line(d);
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    for r in &d.related {
        text.push_str(&format!(
            "\n{}:{}:{}: {}",
            slash(&r.path),
            r.span.line,
            r.span.column,
            r.message
        ));
    }
    text
}
