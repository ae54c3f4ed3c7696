//! `--format full`: miette reports with source snippets, labels and related places.

use super::SourceFiles;
use crate::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::slash;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// One report for miette: a finding, or a related place in another file.
#[derive(Debug)]
struct Shown {
    code: Option<String>,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Shown>,
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl miette::Diagnostic for Shown {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

/// Source texts read once each, for snippets.
struct Sources<'a> {
    files: &'a SourceFiles<'a>,
    texts: HashMap<PathBuf, Option<String>>,
}

impl Sources<'_> {
    fn get(&mut self, path: &Path) -> Option<NamedSource<String>> {
        let files = self.files;
        let text = self
            .texts
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                files
                    .read(path)
                    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            })
            .clone()?;
        Some(NamedSource::new(slash(path), text))
    }
}

fn span(span: crate::diagnostic::Span) -> SourceSpan {
    SourceSpan::from((span.start, span.end.saturating_sub(span.start)))
}

fn shown(d: &Diagnostic, sources: &mut Sources) -> Shown {
    let source = sources.get(&d.path);
    let mut labels = Vec::new();
    let mut related = Vec::new();
    if source.is_some() {
        labels.push(LabeledSpan::new_primary_with_span(None, span(d.span)));
    }
    for r in &d.related {
        if r.path == d.path && source.is_some() {
            labels.push(LabeledSpan::new_with_span(
                Some(r.message.clone()),
                span(r.span),
            ));
            continue;
        }
        let other = sources.get(&r.path);
        let labels = match other {
            Some(_) => vec![LabeledSpan::new_with_span(
                Some(r.message.clone()),
                span(r.span),
            )],
            None => Vec::new(),
        };
        related.push(Shown {
            code: None,
            message: format!(
                "{}:{}:{}: {}",
                slash(&r.path),
                r.span.line,
                r.span.column,
                r.message
            ),
            severity: miette::Severity::Advice,
            help: None,
            source: other,
            labels,
            related: Vec::new(),
        });
    }
    Shown {
        code: Some(d.rule.to_string()),
        message: d.message.clone(),
        severity: match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        },
        help: d.help.clone(),
        source,
        labels,
        related,
    }
}

pub(super) fn render(
    report: &Report,
    color: bool,
    files: &SourceFiles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    let mut sources = Sources {
        files,
        texts: HashMap::new(),
    };
    for d in &report.diagnostics {
        let mut text = String::new();
        handler
            .render_report(&mut text, &shown(d, &mut sources))
            .map_err(io::Error::other)?;
        write!(out, "{text}")?;
    }
    let (errors, warnings) = report
        .diagnostics
        .iter()
        .fold((0, 0), |(e, w), d| match d.severity {
            Severity::Error => (e + 1, w),
            Severity::Warning => (e, w + 1),
        });
    if errors + warnings > 0 {
        writeln!(
            out,
            "{} in {}: {}, {}",
            plural(errors + warnings, "finding"),
            plural(report.files_checked, "file"),
            plural(errors, "error"),
            plural(warnings, "warning")
        )?;
    }
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
