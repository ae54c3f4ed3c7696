//! `--format gitlab`: a GitLab Code Quality report (a subset of Code Climate's format).

use super::fingerprint::fingerprints;
use crate::Report;
use crate::diagnostic::Severity;
use crate::rules::slash;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let issues: Vec<Issue> = report
        .diagnostics
        .iter()
        .zip(fingerprints(report))
        .map(|(d, fingerprint)| Issue {
            // The merge request widget shows only the description: it names the rule too.
            description: format!("{}: {}", d.rule, d.message),
            check_name: d.rule,
            fingerprint,
            severity: match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
            },
            location: Location {
                path: slash(&d.path),
                lines: Lines { begin: d.span.line },
            },
        })
        .collect();
    // Serialise first so that a write error keeps its kind (a closed pipe stays quiet).
    let text = serde_json::to_string_pretty(&issues).map_err(io::Error::other)?;
    writeln!(out, "{text}")
}
