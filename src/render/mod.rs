//! Output formats. This is the only module that knows how findings look on screen.

mod concise;
mod full;
mod json;

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
}

/// Writes `report`'s findings to `out` in `format`. `cwd` is where displayed paths are
/// relative to (the full format reads source snippets from there).
pub fn render(
    report: &Report,
    format: Format,
    color: bool,
    cwd: &Path,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Full => full::render(report, color, cwd, out),
        Format::Concise => concise::render(report, out),
        Format::Json => json::render(report, out),
    }
}
