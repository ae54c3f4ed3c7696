//! Output formats. This is the only module that knows how findings look on screen.

mod checkstyle;
mod concise;
mod fingerprint;
mod full;
pub mod github;
mod gitlab;
mod json;
mod json_lines;
mod junit;
mod sarif;
mod xml;

use crate::Report;
use std::io::{self, Write};
use std::path::Path;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette diagnostics with source snippets and labels.
    Full,
    /// `path:line:col: message (rule)`, one line each.
    Concise,
    /// One JSON array.
    Json,
    /// One JSON object per line, the elements of `json`.
    JsonLines,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations), each after its concise line.
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// Checkstyle XML.
    Checkstyle,
    /// JUnit XML, one failing test case per finding.
    Junit,
}

impl Format {
    /// Whether the format shows each finding's fix.
    pub fn shows_fixes(self) -> bool {
        matches!(self, Format::Json | Format::JsonLines | Format::Sarif)
    }
}

/// Where the renderers that quote code (full, SARIF) read files: contents held in memory
/// (stdin's with `--stdin-filename`, an editor's unsaved buffers) before the disk.
#[derive(Debug, Clone, Copy)]
pub struct SourceFiles<'a> {
    /// What displayed paths are relative to.
    pub cwd: &'a Path,
    /// Contents by absolute path, standing in for the disk's.
    pub overlays: &'a std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>,
}

impl<'a> SourceFiles<'a> {
    /// Files as they are on disk, displayed relative to `cwd`.
    pub fn disk(cwd: &'a Path) -> SourceFiles<'a> {
        static NONE: std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> =
            std::collections::BTreeMap::new();
        SourceFiles {
            cwd,
            overlays: &NONE,
        }
    }

    /// The contents of the file displayed as `path`, if it can be read.
    pub fn read(&self, path: &Path) -> Option<Vec<u8>> {
        let abs = crate::discover::normalize(&self.cwd.join(path));
        match self.overlays.get(&abs) {
            Some(contents) => Some(contents.clone()),
            None => std::fs::read(abs).ok(),
        }
    }
}

/// Writes `report`'s findings to `out` in `format`; the full and SARIF formats read the
/// lines they quote from `sources`.
pub fn render(
    report: &Report,
    format: Format,
    color: bool,
    sources: &SourceFiles,
    out: &mut dyn Write,
) -> io::Result<()> {
    if let Some(name) = clap::ValueEnum::to_possible_value(&format) {
        crate::test_panic_hook("render", Path::new(name.get_name()));
    }
    match format {
        Format::Full => full::render(report, color, sources, out),
        Format::Concise => concise::render(report, out),
        Format::Json => json::render(report, out),
        Format::JsonLines => json_lines::render(report, out),
        Format::Sarif => sarif::render(report, sources, out),
        Format::Github => github::render(report, out),
        Format::Gitlab => gitlab::render(report, out),
        Format::Checkstyle => checkstyle::render(report, out),
        Format::Junit => junit::render(report, out),
    }
}

/// A run error as printed on stderr: one `golayout: error:` line, or, when the error
/// points into a file (a config file), a miette report with the offending span.
pub fn run_error(error: &crate::diagnostic::RunError, color: bool) -> String {
    let Some(source) = &error.source else {
        return format!("golayout: error: {error}\n");
    };
    let name = error
        .path
        .as_ref()
        .map(|p| crate::rules::slash(p))
        .unwrap_or_default();
    let (start, end) = source.span;
    let report = miette::MietteDiagnostic::new(error.message.clone())
        .with_code("golayout::config")
        .with_label(miette::LabeledSpan::at(start..end.max(start), "here"));
    let report = miette::Report::new(report)
        .with_source_code(miette::NamedSource::new(name, source.text.clone()));
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let mut text = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(theme);
    match handler.render_report(&mut text, report.as_ref()) {
        Ok(()) => text,
        Err(_) => format!("golayout: error: {error}\n"),
    }
}
