//! `--format json`: one array, as DESIGN.md section 6 specifies.

use crate::Report;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::rules::slash;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
pub(super) struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    help: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    description: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    content: &'a str,
}

/// The JSON value of one finding (json-lines prints the same objects).
pub(super) fn convert(d: &Diagnostic) -> JsonDiagnostic<'_> {
    JsonDiagnostic {
        rule: d.rule,
        severity: d.severity,
        message: &d.message,
        path: slash(&d.path),
        line: d.span.line,
        column: d.span.column,
        end_line: d.span.end_line,
        end_column: d.span.end_column,
        help: d.help.as_deref(),
        related: d
            .related
            .iter()
            .map(|r| JsonRelated {
                path: slash(&r.path),
                line: r.span.line,
                column: r.span.column,
                end_line: r.span.end_line,
                end_column: r.span.end_column,
                message: &r.message,
            })
            .collect(),
        fix: d.fix.as_ref().map(|fix| JsonFix {
            applicability: fix.applicability,
            description: &fix.description,
            edits: fix
                .edits
                .iter()
                .map(|e| JsonEdit {
                    path: slash(&e.path),
                    line: e.span.line,
                    column: e.span.column,
                    end_line: e.span.end_line,
                    end_column: e.span.end_column,
                    content: &e.content,
                })
                .collect(),
        }),
    }
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let all: Vec<_> = report.diagnostics.iter().map(convert).collect();
    // Serialise first so that a write error keeps its kind (a closed pipe stays quiet).
    let text = serde_json::to_string_pretty(&all).map_err(io::Error::other)?;
    writeln!(out, "{text}")
}
