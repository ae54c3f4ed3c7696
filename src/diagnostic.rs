//! Plain diagnostic values: what rules produce and renderers consume.

use serde::Serialize;
use std::path::PathBuf;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Style or a fault that breaks only some builds.
    Warning,
    /// `go build` fails.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A region of a file: byte offsets plus 1-based line and byte column, start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based byte column of `start`.
    pub column: u32,
    /// 1-based line of `end`.
    pub end_line: u32,
    /// 1-based byte column of `end`.
    pub end_column: u32,
}

impl Span {
    /// Computes a span from byte offsets into `text` (which must contain them).
    pub fn from_offsets(text: &[u8], start: usize, end: usize) -> Span {
        LineIndex::new(text).span(start, end)
    }
}

/// The start offset of every line of a text, to turn offsets into lines and columns
/// without rescanning the text for each span.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and byte column of `offset`.
    pub fn line_column(&self, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        (line as u32, (offset - self.starts[line - 1]) as u32 + 1)
    }

    /// The span between two byte offsets.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let (line, column) = self.line_column(start);
        let (end_line, end_column) = self.line_column(end);
        Span {
            start,
            end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// A secondary location that explains a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The file, as displayed.
    pub path: PathBuf,
    /// Where in it.
    pub span: Span,
    /// What this place has to do with the finding.
    pub message: String,
}

/// Whether a fix can be applied without changing what the program means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Never changes behaviour.
    Safe,
    /// May need the user's review (renames).
    Unsafe,
}

/// One replacement of a span of a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    /// The file, as displayed.
    pub path: PathBuf,
    /// The bytes replaced.
    pub span: Span,
    /// The new text.
    pub content: String,
}

/// A suggested change that resolves a finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// What the fix does, in a few words.
    pub description: String,
    /// The replacements, possibly in several files. A rule gives the edits it means; once
    /// [`crate::fix::offer`] has planned the fix, they are every byte it writes (renamed
    /// uses and gofmt's realigned columns included).
    pub edits: Vec<Edit>,
    /// The name the fix changes, checked before the fix is offered.
    pub rename: Option<Rename>,
    /// Empty until the fix is offered; then what it means to change, before the columns
    /// around it are realigned: `--fix` applies the changes of every fix of a file together
    /// and realigns once, which, for one fix alone, writes exactly `edits`.
    pub changes: Vec<Edit>,
}

impl Fix {
    /// A fix that makes `edits` and renames nothing.
    pub fn new(applicability: Applicability, description: String, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability,
            description,
            edits,
            rename: None,
            changes: Vec::new(),
        }
    }

    /// The fix, changing the name `rename` says.
    pub fn renaming(self, rename: Rename) -> Fix {
        Fix {
            rename: Some(rename),
            ..self
        }
    }
}

/// A name a fix changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Rename {
    /// An imported package's local name in one file: every use of it in the file's body
    /// (and every doc link in its comments) follows, found with a full parse when the fix
    /// is planned, never while checking.
    Import {
        /// The file, as displayed.
        path: PathBuf,
        /// The local name used now.
        from: String,
        /// The local name to use.
        to: String,
    },
    /// A package's name, in its package clauses.
    Package {
        /// The name declared now.
        from: String,
        /// The name to declare.
        to: String,
    },
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's stable kebab-case name.
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// The one-line message.
    pub message: String,
    /// The file, as displayed (relative to the working directory when inside it).
    pub path: PathBuf,
    /// Where the finding is anchored.
    pub span: Span,
    /// Optional advice on what to do.
    pub help: Option<String>,
    /// Related places.
    pub related: Vec<Related>,
    /// A suggested fix, if the rule has one.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// The finding, with advice on what to do.
    pub fn with_help(self, help: String) -> Diagnostic {
        self.with_help_option(Some(help))
    }

    /// The finding, with advice if there is any.
    pub fn with_help_option(self, help: Option<String>) -> Diagnostic {
        Diagnostic { help, ..self }
    }

    /// The finding, with places that explain it.
    pub fn with_related(self, related: Vec<Related>) -> Diagnostic {
        Diagnostic { related, ..self }
    }

    /// The finding, with a fix.
    pub fn with_fix(self, fix: Fix) -> Diagnostic {
        self.with_fix_option(Some(fix))
    }

    /// The finding, with a fix if there is one.
    pub fn with_fix_option(self, fix: Option<Fix>) -> Diagnostic {
        Diagnostic { fix, ..self }
    }

    /// The key output is sorted by: path, line, column, rule, then message for stability.
    pub fn sort_key(&self) -> (&std::path::Path, u32, u32, &str, &str) {
        (
            &self.path,
            self.span.line,
            self.span.column,
            self.rule,
            &self.message,
        )
    }
}

/// A problem with the run itself rather than the code: a missing path, a broken go.mod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunError {
    /// The path concerned, if any.
    pub path: Option<PathBuf>,
    /// What went wrong.
    pub message: String,
    /// The text of the file concerned and the span at fault, when known (a config file).
    pub source: Option<SourceExcerpt>,
}

/// A file's text with the byte span an error is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceExcerpt {
    /// The whole text.
    pub text: String,
    /// Start and end byte offsets.
    pub span: (usize, usize),
}

impl RunError {
    /// An error about `path` (if any) with no excerpt.
    pub fn new(path: Option<PathBuf>, message: impl Into<String>) -> RunError {
        RunError {
            path,
            message: message.into(),
            source: None,
        }
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}: {}", path.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_lines_and_columns_count_bytes() {
        let text = "package é\r\nimport \"x\"\n".as_bytes();
        let start = text.windows(3).position(|w| w == b"\"x\"").unwrap();
        let span = Span::from_offsets(text, start, start + 3);
        assert_eq!((span.line, span.column), (2, 8));
        assert_eq!((span.end_line, span.end_column), (2, 11));
        let at_e = Span::from_offsets(text, 8, 10);
        assert_eq!((at_e.line, at_e.column, at_e.end_column), (1, 9, 11));
    }
}
