//! `--format json-lines`: the elements of `--format json`, one compact object per line.

use crate::Report;
use std::io::{self, Write};

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        let line = serde_json::to_string(&super::json::convert(d)).map_err(io::Error::other)?;
        writeln!(out, "{line}")?;
    }
    Ok(())
}
