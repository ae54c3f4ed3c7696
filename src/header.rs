//! Reads the header of a Go file (leading comments, package clause, imports) with
//! tree-sitter-go. A small lexer finds where the imports end, as go/build's reader does,
//! and only that prefix is parsed. No tree-sitter type leaves this module.

use crate::constraint::{self, Expr};
use crate::diagnostic::{LineIndex, Span};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use tree_sitter::{Node, Parser, Tree};

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it stands in the file.
    pub span: Span,
}

/// How an import names the package locally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportName {
    /// `import m "p"`.
    Alias(String),
    /// `import . "p"`.
    Dot,
    /// `import _ "p"`.
    Blank,
}

/// One import spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The explicit name, if any, with its span.
    pub name: Option<Spanned<ImportName>>,
    /// The decoded import path, with the span of the whole string literal.
    pub path: Spanned<String>,
}

/// The layout facts of one readable Go file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoFile {
    /// The file's path as discovered.
    pub path: PathBuf,
    /// The package clause's name.
    pub package: Spanned<String>,
    /// The `//go:build` (or legacy `// +build`) constraint, if any.
    pub constraint: Option<Expr>,
    /// The imports, in source order.
    pub imports: Vec<Import>,
    /// Whether a `// Code generated ... DO NOT EDIT.` line precedes the package clause.
    pub generated: bool,
    /// The `//golayout:` directive comments of the header, in source order.
    pub directives: Vec<DirectiveComment>,
}

/// A comment starting with `//golayout:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveComment {
    /// The comment's text, from `//` to the end of the line (no trailing `\r`).
    pub text: String,
    /// Where it stands.
    pub span: Span,
    /// Whether only blanks precede it on its line.
    pub own_line: bool,
    /// What to delete to remove it: its whole line when it stands alone, else the comment
    /// and the blanks before it.
    pub removal: Span,
}

/// A `.go` file whose header cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidFile {
    /// The file's path as discovered.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
    /// Where (the file start when there is no better place).
    pub span: Span,
}

/// The outcome of reading one file.
pub type FileRead = Result<GoFile, InvalidFile>;

/// Reads and parses the header of the file at `path`, labelling the result `shown`.
pub fn read_file(path: &Path, shown: &Path) -> FileRead {
    // Opening a FIFO blocks until a writer comes, and a device may never end: only
    // regular files are read.
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => read_regular_file(path, shown),
        Ok(_) => Err(unreadable(
            shown,
            std::io::Error::other("not a regular file"),
        )),
        Err(err) => Err(unreadable(shown, err)),
    }
}

/// [`read_file`] for a path that a directory listing has just shown to be a regular file
/// (as the walker knows without asking the system again).
pub fn read_regular_file(path: &Path, shown: &Path) -> FileRead {
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        let read = read_prefix(path, &mut buffer);
        let result = match read {
            Ok((len, scan)) => {
                let source = &buffer[..len];
                let scan = scan.unwrap_or_else(|| scan_header(source, bom_len(source)));
                parse_scanned(shown, source, scan, true)
            }
            Err(err) => Err(unreadable(shown, err)),
        };
        // A rare huge header must not pin its buffer for the rest of the run.
        if buffer.len() > KEPT_BUFFER {
            *buffer = Vec::new();
        }
        result
    })
}

/// The finding for a file that cannot be read.
fn unreadable(shown: &Path, err: std::io::Error) -> InvalidFile {
    InvalidFile {
        path: shown.to_path_buf(),
        message: format!("cannot read file: {err}"),
        span: Span::from_offsets(b"", 0, 0),
    }
}

/// The first read: one page, which holds 99% of the standard library's headers.
const FIRST_READ: usize = 4 * 1024;
/// The steps after it: 16 KiB, then 32, 64... more.
const STEP: usize = 16 * 1024;
/// How far past the header's end a read must reach before the end is certain: a token cut
/// by the end of the buffer (`imp`) must not pass for the token after the imports.
const LOOKAHEAD: usize = 64;
/// The largest read buffer a thread keeps between files.
const KEPT_BUFFER: usize = 256 * 1024;

thread_local! {
    /// Each thread reads every file into the same buffer: no allocation per file.
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Reads the prefix of the file that holds its header into `buf`, returning its length
/// and, when known, the [`scan_header`] of that prefix: 4 KiB first, then up to 16 KiB,
/// then 32, 64... KiB more each time the header has not ended, never the whole of a large
/// file whose header ends early.
///
/// The header is known to have ended once [`header_end`] stops `LOOKAHEAD` bytes before
/// the end of what was read. When the file starts with its package clause, nothing that
/// [`parse_header`] looks at lies past that point (the build-constraint scan stops at the
/// clause's line), so the first read that reaches it ends the reading: one `read` call for
/// almost every file. Otherwise each step from 16 KiB on is filled (to the end of the file
/// at most) before it is judged, so what the parser is given never depends on how the
/// system split the reads.
fn read_prefix(path: &Path, buf: &mut Vec<u8>) -> std::io::Result<(usize, Option<HeaderScan>)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut filled = 0;
    let mut limit = FIRST_READ;
    let mut scan = None;
    loop {
        if buf.len() < limit {
            buf.resize(limit, 0);
        }
        let read = match file.read(&mut buf[filled..limit]) {
            Ok(read) => read,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if read == 0 {
            return Ok((filled, scan));
        }
        filled += read;
        let source = &buf[..filled];
        let found = scan_header(source, bom_len(source));
        scan = Some(found);
        let ended = found.end + LOOKAHEAD < filled;
        if ended && (found.clause_first || (filled == limit && limit >= STEP)) {
            return Ok((filled, scan));
        }
        if filled == limit {
            limit = if limit < STEP { STEP } else { 2 * limit + STEP };
        }
    }
}

/// Where the text after a byte-order mark starts (its length, or 0 without one).
pub(crate) fn bom_len(source: &[u8]) -> usize {
    if source.starts_with(BOM) {
        BOM.len()
    } else {
        0
    }
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_go::LANGUAGE.into())
        .expect("tree-sitter-go grammar is compatible with the tree-sitter runtime");
    parser
}

/// UTF-8's byte-order mark, which go/scanner skips at a file's start.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses Go source with this thread's tree-sitter parser (the one every reader of Go
/// text in golayout uses).
pub(crate) fn parse_go(source: &[u8]) -> Option<Tree> {
    PARSER.with(|parser| parser.borrow_mut().parse(source, None))
}

/// Parses the header of a Go file held in memory (`path` only labels the result).
pub fn parse_header(path: &Path, source: &[u8]) -> FileRead {
    parse_header_with(path, source, true)
}

/// [`parse_header`], always through tree-sitter, never the plain reader: for benchmarks
/// that show what the plain reader saves, and for tests that hold the two to one answer.
#[doc(hidden)]
pub fn parse_header_with_tree_sitter(path: &Path, source: &[u8]) -> FileRead {
    parse_header_with(path, source, false)
}

/// [`parse_header`]; `plain` allows reading a plain header without the parser.
fn parse_header_with(path: &Path, source: &[u8], plain: bool) -> FileRead {
    parse_scanned(path, source, scan_header(source, bom_len(source)), plain)
}

/// [`parse_header_with`], given the [`scan_header`] of `source`.
fn parse_scanned(path: &Path, source: &[u8], scan: HeaderScan, plain: bool) -> FileRead {
    let invalid = |message: String, offset: usize| InvalidFile {
        path: path.to_path_buf(),
        message,
        span: Span::from_offsets(source, offset, offset),
    };
    let body_start = bom_len(source);
    let HeaderScan {
        end,
        parse_end,
        clause_first,
        form_feed,
    } = scan;
    let header = &source[..end];
    // go/build's reader fails on a NUL among the bytes it reads: the header and the first
    // byte after it, which it peeks at to see that no import follows. (`contains` searches
    // fast; the position only matters in the rare file with a NUL.)
    let read = &source[..(end + 1).min(source.len())];
    if read.contains(&0)
        && let Some(nul) = read.iter().position(|&b| b == 0)
    {
        return Err(invalid(
            "not a Go source file: it contains NUL bytes".to_string(),
            nul,
        ));
    }
    if let Err(err) = std::str::from_utf8(header) {
        return Err(invalid(
            "invalid UTF-8 encoding in the file header".to_string(),
            err.valid_up_to(),
        ));
    }
    // go/build's reader skips a form feed as a blank, and the parser then rejects it (the
    // parser of tree-sitter-go would take it for a blank).
    if let Some(at) = form_feed {
        return Err(invalid("illegal character U+000C".to_string(), at));
    }
    // The constraint scan stops at the first line holding code; when that is the package
    // clause's line, nothing after it matters (and validating it would cost more than all
    // the rest of the header's reading).
    let scanned = if clause_first {
        let clause = package_start(header, body_start);
        match memchr::memchr(b'\n', &source[clause..]) {
            Some(newline) => &source[..clause + newline + 1],
            None => source,
        }
    } else {
        source
    };
    let constraint = constraint::header_constraint(scanned).map_err(|err| {
        let offset = line_offset(source, err.line);
        invalid(err.message, offset)
    })?;
    // The parser starts at the package clause: the comments before it (which may be
    // megabytes: a syntax tree of them would take dozens of times their size) are skipped
    // by the lexer, and their directives gathered by it.
    // What Go's parser reads of what its reader read.
    let header = &source[..parse_end];
    let lines = LineIndex::new(header);
    if plain && let Some(plain) = plain_header(header, body_start) {
        let generated = is_generated(&header[..package_start(header, body_start)]);
        return Ok(plain.into_file(path, header, &lines, constraint, generated));
    }
    let mut directives = Vec::new();
    let clause = leading_directives(header, body_start, &lines, &mut directives);
    let tree = parse_go(&header[clause..]);
    let Some(tree) = tree else {
        return Err(invalid("the parser gave up on this file".to_string(), 0));
    };
    let root = tree.root_node();
    let text = |node: Node| -> String {
        let bytes = &header[clause + node.start_byte()..clause + node.end_byte()];
        String::from_utf8_lossy(bytes).into_owned()
    };
    let span = |node: Node| lines.span(clause + node.start_byte(), clause + node.end_byte());

    let mut package = None;
    let mut imports = Vec::new();
    let mut cursor = root.walk();
    for node in root.named_children(&mut cursor) {
        match node.kind() {
            "comment" => {}
            "package_clause" if package.is_none() => {
                if node.has_error() {
                    return Err(invalid(
                        "syntax error in the package clause".to_string(),
                        first_error_offset(node) + clause,
                    ));
                }
                let mut clause_cursor = node.walk();
                let name = node
                    .named_children(&mut clause_cursor)
                    .find(|child| child.kind() == "package_identifier");
                let Some(name) = name else {
                    return Err(invalid(
                        "the package clause has no name".to_string(),
                        clause + node.start_byte(),
                    ));
                };
                package = Some(Spanned {
                    value: text(name),
                    span: span(name),
                });
            }
            "import_declaration" if package.is_some() => {
                if node.has_error() {
                    return Err(invalid(
                        "syntax error in an import declaration".to_string(),
                        first_error_offset(node) + clause,
                    ));
                }
                collect_imports(node, &text, &span, &mut imports)
                    .map_err(|(msg, node)| invalid(msg, clause + node.start_byte()))?;
            }
            _ if package.is_none() => {
                let offset = clause + node.start_byte();
                return Err(invalid(
                    "expected the package clause: a Go file starts with `package name`".to_string(),
                    offset,
                ));
            }
            _ => {
                return Err(invalid(
                    "syntax error in the file header".to_string(),
                    clause + first_error_offset(node),
                ));
            }
        }
    }
    let Some(package) = package else {
        return Err(invalid(
            "no package clause: a Go file starts with `package name`".to_string(),
            0,
        ));
    };
    collect_directives(root, header, clause, &lines, &mut directives);
    Ok(GoFile {
        path: path.to_path_buf(),
        package,
        constraint,
        imports,
        generated: is_generated(&header[..package_start(header, body_start)]),
        directives,
    })
}

const DIRECTIVE_PREFIX: &[u8] = b"//golayout:";

/// Gathers the `//golayout:` comments anywhere in the header tree.
fn collect_directives(
    node: Node,
    header: &[u8],
    offset: usize,
    lines: &LineIndex,
    out: &mut Vec<DirectiveComment>,
) {
    if node.kind() == "comment" {
        let (start, end) = (offset + node.start_byte(), offset + node.end_byte());
        push_directive(header, start, end, lines, out);
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect_directives(child, header, offset, lines, out);
    }
}

/// Gathers the `//golayout:` comments among the blanks and comments that start the
/// header at `from`, and returns where the parser should start: at the first other token,
/// or at a block comment that is never closed (the parser reports that one).
fn leading_directives(
    header: &[u8],
    from: usize,
    lines: &LineIndex,
    out: &mut Vec<DirectiveComment>,
) -> usize {
    let mut lexer = Lexer::new(header, from);
    // Where the last blanks or block comment started.
    let mut last = from;
    loop {
        let blanks = lexer.pos;
        while matches!(lexer.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            lexer.pos += 1;
        }
        if lexer.pos > blanks {
            last = blanks;
        }
        let rest = lexer.rest();
        if rest.starts_with(b"//") {
            let end = lexer.line_end();
            push_directive(header, lexer.pos, end, lines, out);
            lexer.pos = end;
        } else if rest.starts_with(b"/*") {
            match memchr::memmem::find(&rest[2..], b"*/") {
                Some(i) => {
                    last = lexer.pos;
                    lexer.pos += 2 + i + 2;
                }
                None => return lexer.pos,
            }
        } else if rest.starts_with(BOM) && lexer.pos > from {
            // The parser skips a byte order mark at the start of its input; past the
            // file's start one is an error, so the parser must see what precedes it (blanks
            // or a block comment, since a line comment ends before a newline).
            return last;
        } else {
            return lexer.pos;
        }
    }
}

/// Records the comment at `header[start..end]` if it is a `//golayout:` directive.
fn push_directive(
    header: &[u8],
    start: usize,
    end: usize,
    lines: &LineIndex,
    out: &mut Vec<DirectiveComment>,
) {
    let text = &header[start..end];
    if !text.starts_with(DIRECTIVE_PREFIX) {
        return;
    }
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    let line_start = header[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = start + text.len();
    let before = &header[line_start..start];
    let before = before.strip_prefix(BOM).unwrap_or(before);
    let own_line = before.iter().all(|b| matches!(b, b' ' | b'\t'));
    let removal = if own_line {
        let next_line = header[end..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(header.len(), |i| end + i + 1);
        lines.span(start - before.len(), next_line)
    } else {
        let blanks = before
            .iter()
            .rev()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        lines.span(start - blanks, end)
    };
    out.push(DirectiveComment {
        text: String::from_utf8_lossy(text).into_owned(),
        span: lines.span(start, end),
        own_line,
        removal,
    });
}

/// A header in the plain shape nearly every Go file has, read without the parser.
///
/// The plain shape: comments and blanks, `package name`, then import declarations, each
/// item ended by a newline or a semicolon (or the end of the header); names are ASCII and
/// no keyword, paths are `"..."` literals without escapes, and no comment that spans lines
/// stands where a newline would end an item. For such a header tree-sitter-go builds the
/// tree this reader assumes, without errors; anything else (however rare or malformed)
/// goes to the parser, which then decides alone. The unit tests hold the two to the same
/// answers.
#[derive(Debug)]
struct PlainHeader {
    package: (usize, usize),
    imports: Vec<PlainImport>,
    /// The `//golayout:` comments.
    directives: Vec<(usize, usize)>,
}

#[derive(Debug)]
struct PlainImport {
    name: Option<(usize, usize)>,
    path: (usize, usize),
}

impl PlainHeader {
    fn into_file(
        self,
        path: &Path,
        header: &[u8],
        lines: &LineIndex,
        constraint: Option<Expr>,
        generated: bool,
    ) -> GoFile {
        let text = |(start, end): (usize, usize)| String::from_utf8_lossy(&header[start..end]);
        let span = |(start, end): (usize, usize)| lines.span(start, end);
        let imports = self
            .imports
            .into_iter()
            .map(|import| Import {
                name: import.name.map(|name| Spanned {
                    value: match &header[name.0..name.1] {
                        b"." => ImportName::Dot,
                        b"_" => ImportName::Blank,
                        _ => ImportName::Alias(text(name).into_owned()),
                    },
                    span: span(name),
                }),
                path: Spanned {
                    // The literal has no escapes: its text is the path.
                    value: text((import.path.0 + 1, import.path.1 - 1)).into_owned(),
                    span: span(import.path),
                },
            })
            .collect();
        let mut directives = Vec::new();
        for (start, end) in self.directives {
            push_directive(header, start, end, lines, &mut directives);
        }
        GoFile {
            path: path.to_path_buf(),
            package: Spanned {
                value: text(self.package).into_owned(),
                span: span(self.package),
            },
            constraint,
            imports,
            generated,
            directives,
        }
    }
}

/// Reads `header[from..]` if it has the plain shape (see [`PlainHeader`]).
fn plain_header(header: &[u8], from: usize) -> Option<PlainHeader> {
    let mut scan = PlainScan {
        src: header,
        pos: from,
        directives: Vec::new(),
    };
    scan.blanks()?;
    scan.keyword(b"package")?;
    scan.spaces()?;
    let package = scan.identifier()?;
    if &header[package.0..package.1] == b"_" {
        return None;
    }
    let mut imports = Vec::new();
    // After each item: its terminator, or the end.
    while scan.terminator()? {
        scan.blanks()?;
        if scan.at_end() {
            break;
        }
        scan.keyword(b"import")?;
        scan.spaces()?;
        if scan.peek() != Some(b'(') {
            imports.push(scan.spec()?);
            continue;
        }
        scan.pos += 1;
        scan.blanks()?;
        loop {
            if scan.peek() == Some(b')') {
                scan.pos += 1;
                break;
            }
            imports.push(scan.spec()?);
            scan.spaces()?;
            match scan.peek() {
                Some(b')') => {
                    scan.pos += 1;
                    break;
                }
                Some(b'\n' | b';') => {
                    scan.pos += 1;
                    scan.blanks()?;
                }
                _ => return None,
            }
        }
    }
    Some(PlainHeader {
        package,
        imports,
        directives: scan.directives,
    })
}

/// The words of tree-sitter-go that look like identifiers but are tokens of their own.
const GRAMMAR_WORDS: &[&[u8]] = &[
    b"break",
    b"case",
    b"chan",
    b"const",
    b"continue",
    b"default",
    b"defer",
    b"else",
    b"fallthrough",
    b"false",
    b"for",
    b"func",
    b"go",
    b"goto",
    b"if",
    b"import",
    b"interface",
    b"iota",
    b"make",
    b"map",
    b"new",
    b"nil",
    b"package",
    b"range",
    b"return",
    b"select",
    b"struct",
    b"switch",
    b"true",
    b"type",
    b"var",
];

/// The cursor of [`plain_header`]: every method returns None where the shape is not plain.
struct PlainScan<'a> {
    src: &'a [u8],
    pos: usize,
    directives: Vec<(usize, usize)>,
}

impl PlainScan<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }

    /// A comment at the cursor, if any; false when there is none. `multiline` allows a
    /// block comment that spans lines.
    fn comment(&mut self, multiline: bool) -> Option<bool> {
        let rest = &self.src[self.pos..];
        if rest.starts_with(b"//") {
            let len = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
            if rest.starts_with(DIRECTIVE_PREFIX) {
                self.directives.push((self.pos, self.pos + len));
            }
            self.pos += len;
            Some(true)
        } else if rest.starts_with(b"/*") {
            let len = memchr::memmem::find(&rest[2..], b"*/")? + 4;
            if !multiline && rest[..len].contains(&b'\n') {
                return None;
            }
            self.pos += len;
            Some(true)
        } else {
            Some(false)
        }
    }

    /// Blanks, newlines and comments (a semicolon is not plain here).
    fn blanks(&mut self) -> Option<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'/') if self.comment(true)? => {}
                _ => return Some(()),
            }
        }
    }

    /// Blanks and comments within one line.
    fn spaces(&mut self) -> Option<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                Some(b'/') if self.comment(false)? => {}
                _ => return Some(()),
            }
        }
    }

    /// The end of an item: true after a newline or semicolon, false at the header's end.
    fn terminator(&mut self) -> Option<bool> {
        self.spaces()?;
        match self.peek() {
            None => Some(false),
            Some(b'\n' | b';') => {
                self.pos += 1;
                Some(true)
            }
            _ => None,
        }
    }

    fn keyword(&mut self, word: &[u8]) -> Option<()> {
        let rest = &self.src[self.pos..];
        let ends = !rest.get(word.len()).is_some_and(|&b| is_ident_byte(b));
        (rest.starts_with(word) && ends).then(|| self.pos += word.len())
    }

    /// An ASCII identifier that is no word of the grammar.
    fn identifier(&mut self) -> Option<(usize, usize)> {
        let start = self.pos;
        if !self.peek()?.is_ascii_alphabetic() && self.peek()? != b'_' {
            return None;
        }
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.pos += 1;
        }
        let word = &self.src[start..self.pos];
        if self.peek().is_some_and(|b| b >= 0x80) || GRAMMAR_WORDS.contains(&word) {
            return None;
        }
        Some((start, self.pos))
    }

    /// `[name] "path"`.
    fn spec(&mut self) -> Option<PlainImport> {
        let name = match self.peek()? {
            b'"' => None,
            b'.' => {
                self.pos += 1;
                Some((self.pos - 1, self.pos))
            }
            _ => Some(self.identifier()?),
        };
        if name.is_some() {
            self.spaces()?;
        }
        let start = self.pos;
        if self.peek()? != b'"' {
            return None;
        }
        let len = self.src[start + 1..]
            .iter()
            .position(|&b| matches!(b, b'"' | b'\\' | b'\n'))?;
        if self.src[start + 1 + len] != b'"' {
            return None;
        }
        self.pos = start + len + 2;
        Some(PlainImport {
            name,
            path: (start, self.pos),
        })
    }
}

/// Byte offset where the package clause starts (or the header's end).
fn package_start(header: &[u8], from: usize) -> usize {
    let mut lexer = Lexer::new(header, from);
    lexer.skip_trivia();
    lexer.pos
}

/// Whether the comments before the package clause carry the generated-code marker.
fn is_generated(prefix: &[u8]) -> bool {
    prefix.split(|&b| b == b'\n').any(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        line.starts_with(b"// Code generated ")
            && line.ends_with(b" DO NOT EDIT.")
            && line.len() >= b"// Code generated  DO NOT EDIT.".len()
    })
}

/// The offset of the first ERROR or MISSING node under `node`.
fn first_error_offset(node: Node) -> usize {
    if node.is_error() || node.is_missing() {
        return node.start_byte();
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if child.has_error() || child.is_missing() {
            return first_error_offset(child);
        }
    }
    node.start_byte()
}

type ImportError<'t> = (String, Node<'t>);

fn collect_imports<'t>(
    decl: Node<'t>,
    text: &dyn Fn(Node) -> String,
    span: &dyn Fn(Node) -> Span,
    out: &mut Vec<Import>,
) -> Result<(), ImportError<'t>> {
    let mut cursor = decl.walk();
    for child in decl.named_children(&mut cursor) {
        match child.kind() {
            "import_spec" => out.push(import_spec(child, text, span)?),
            "import_spec_list" => {
                let mut list_cursor = child.walk();
                for spec in child.named_children(&mut list_cursor) {
                    if spec.kind() == "import_spec" {
                        out.push(import_spec(spec, text, span)?);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn import_spec<'t>(
    spec: Node<'t>,
    text: &dyn Fn(Node) -> String,
    span: &dyn Fn(Node) -> Span,
) -> Result<Import, ImportError<'t>> {
    let path_node = spec
        .child_by_field_name("path")
        .ok_or_else(|| ("import without a path".to_string(), spec))?;
    let literal = text(path_node);
    let path = unquote(&literal)
        .ok_or_else(|| (format!("invalid import path literal {literal}"), path_node))?;
    let name = spec.child_by_field_name("name").map(|name| {
        let value = match name.kind() {
            "dot" => ImportName::Dot,
            "blank_identifier" => ImportName::Blank,
            _ => ImportName::Alias(text(name)),
        };
        Spanned {
            value,
            span: span(name),
        }
    });
    Ok(Import {
        name,
        path: Spanned {
            value: path,
            span: span(path_node),
        },
    })
}

/// Decodes a Go string literal (interpreted or raw).
pub fn unquote(literal: &str) -> Option<String> {
    if let Some(raw) = literal
        .strip_prefix('`')
        .and_then(|rest| rest.strip_suffix('`'))
    {
        return Some(raw.replace('\r', ""));
    }
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut bytes: Vec<u8> = Vec::new();
    let mut chars = inner.chars();
    // Byte escapes (\x, octal) may form UTF-8 sequences together, so collect bytes.
    let flush = |bytes: &mut Vec<u8>, out: &mut String| -> Option<()> {
        if !bytes.is_empty() {
            out.push_str(std::str::from_utf8(bytes).ok()?);
            bytes.clear();
        }
        Some(())
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            flush(&mut bytes, &mut out)?;
            out.push(c);
            continue;
        }
        let esc = chars.next()?;
        let simple = match esc {
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'f' => Some('\x0c'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\x0b'),
            '\\' => Some('\\'),
            '"' => Some('"'),
            _ => None,
        };
        if let Some(ch) = simple {
            flush(&mut bytes, &mut out)?;
            out.push(ch);
            continue;
        }
        let digits = |n: usize, radix: u32, chars: &mut std::str::Chars| -> Option<u32> {
            let s: String = chars.by_ref().take(n).collect();
            (s.len() == n).then_some(())?;
            u32::from_str_radix(&s, radix).ok()
        };
        match esc {
            'x' => bytes.push(u8::try_from(digits(2, 16, &mut chars)?).ok()?),
            '0'..='7' => {
                let rest = digits(2, 8, &mut chars)?;
                let value = esc.to_digit(8)? * 64 + rest;
                bytes.push(u8::try_from(value).ok()?);
            }
            'u' | 'U' => {
                let n = if esc == 'u' { 4 } else { 8 };
                flush(&mut bytes, &mut out)?;
                out.push(char::from_u32(digits(n, 16, &mut chars)?)?);
            }
            _ => return None,
        }
    }
    flush(&mut bytes, &mut out)?;
    Some(out)
}

/// Byte offset of the start of 1-based `line`.
fn line_offset(source: &[u8], line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    source
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .nth(line - 2)
        .map_or(source.len(), |(i, _)| i + 1)
}

/// Where the header ends: after the package clause and the import declarations, at the
/// first token that starts anything else. Mirrors go/build's header reader, so a file's
/// body (however large or malformed) is never parsed.
pub fn header_end(source: &[u8], from: usize) -> usize {
    scan_header(source, from).end
}

/// What [`scan_header`] finds.
#[derive(Debug, Clone, Copy)]
struct HeaderScan {
    /// Where the header ends ([`header_end`]): what go/build's reader reads.
    end: usize,
    /// Where Go's parser stops reading imports in it: before a semicolon that follows the
    /// one ending the package clause or an import declaration (an empty declaration, which
    /// is no import); else `end`.
    parse_end: usize,
    /// Whether the header starts with the `package` keyword.
    clause_first: bool,
    /// The first form feed among the header's blanks, which Go rejects.
    form_feed: Option<usize>,
}

/// [`header_end`], and what else the lexer learns on the way.
fn scan_header(source: &[u8], from: usize) -> HeaderScan {
    let mut lexer = Lexer::new(source, from);
    let mut parse_end = None;
    let scan = |lexer: &Lexer, end, parse_end: Option<usize>, clause_first| HeaderScan {
        end,
        parse_end: parse_end.unwrap_or(end),
        clause_first,
        form_feed: lexer.form_feed.filter(|&at| at < end),
    };
    lexer.skip_trivia();
    if !lexer.eat_word(b"package") {
        // Let the parser report what stands where the clause should be.
        return scan(&lexer, lexer.line_end(), None, false);
    }
    lexer.skip_trivia();
    lexer.word();
    loop {
        if parse_end.is_none() {
            parse_end = lexer.second_semicolon();
        }
        // Like go/build's reader, the comments before the next token belong to the header.
        lexer.skip_trivia_and_semicolons();
        if !lexer.eat_word(b"import") {
            return scan(&lexer, lexer.pos, parse_end, true);
        }
        lexer.skip_trivia();
        if lexer.peek() == Some(b'(') {
            lexer.skip_group();
        } else {
            // An optional name, then the path.
            if lexer.peek() != Some(b'"') && lexer.peek() != Some(b'`') {
                lexer.word_or_byte();
                lexer.skip_trivia();
            }
            lexer.string();
        }
    }
}

/// A minimal Go lexer: enough to skip comments, strings and bracketed groups.
struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    /// The first form feed skipped as a blank: go/build's reader skips it, Go rejects it.
    form_feed: Option<usize>,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a [u8], pos: usize) -> Self {
        Lexer {
            src,
            pos,
            form_feed: None,
        }
    }

    /// Steps over a form feed, noting the first.
    fn skip_form_feed(&mut self) {
        self.form_feed.get_or_insert(self.pos);
        self.pos += 1;
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn rest(&self) -> &'a [u8] {
        &self.src[self.pos.min(self.src.len())..]
    }

    /// Skips whitespace and comments.
    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'\x0c') => self.skip_form_feed(),
                Some(b'/') if self.rest().starts_with(b"//") => {
                    self.pos = self.line_end();
                }
                Some(b'/') if self.rest().starts_with(b"/*") => {
                    // The close is searched after the opening `/*`: `/*/` opens only.
                    self.pos = match memchr::memmem::find(&self.rest()[2..], b"*/") {
                        Some(i) => self.pos + 2 + i + 2,
                        None => self.src.len(),
                    };
                }
                _ => return,
            }
        }
    }

    /// Right after the package clause or an import declaration: where a second semicolon
    /// stands, if one does. The first ends the item: a newline (Go inserts a semicolon
    /// there, also for a comment that holds one) or a `;`.
    fn second_semicolon(&self) -> Option<usize> {
        let mut probe = Lexer::new(self.src, self.pos);
        probe.skip_trivia();
        let skipped = self.src.get(self.pos..probe.pos).unwrap_or_default();
        let newline = memchr::memchr(b'\n', skipped).is_some();
        if !newline && probe.peek() == Some(b';') {
            probe.pos += 1;
            probe.skip_trivia();
        }
        (probe.peek() == Some(b';')).then_some(probe.pos)
    }

    fn skip_trivia_and_semicolons(&mut self) {
        loop {
            self.skip_trivia();
            if self.peek() == Some(b';') {
                self.pos += 1;
            } else {
                return;
            }
        }
    }

    /// Offset of the end of the current line (before the newline).
    fn line_end(&self) -> usize {
        match memchr::memchr(b'\n', self.rest()) {
            Some(i) => self.pos + i,
            None => self.src.len(),
        }
    }

    fn eat_word(&mut self, word: &[u8]) -> bool {
        let rest = self.rest();
        if rest.starts_with(word) && !rest.get(word.len()).is_some_and(|&b| is_ident_byte(b)) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn word(&mut self) {
        while self.peek().is_some_and(is_ident_byte) {
            self.pos += 1;
        }
    }

    fn word_or_byte(&mut self) {
        let start = self.pos;
        self.word();
        if self.pos == start && self.pos < self.src.len() {
            self.pos += 1;
        }
    }

    /// Skips a string literal at the cursor, if any.
    fn string(&mut self) {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                while let Some(b) = self.peek() {
                    self.pos += 1;
                    match b {
                        b'\\' => self.pos += 1,
                        b'"' => return,
                        b'\n' => {
                            self.pos -= 1;
                            return;
                        }
                        _ => {}
                    }
                }
            }
            Some(b'`') => {
                self.pos += 1;
                self.pos = match memchr::memchr(b'`', self.rest()) {
                    Some(i) => self.pos + i + 1,
                    None => self.src.len(),
                };
            }
            _ => {}
        }
        self.pos = self.pos.min(self.src.len());
    }

    /// Skips a parenthesised group with everything nested in it.
    fn skip_group(&mut self) {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    self.pos += 1;
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                b'"' | b'`' => self.string(),
                b'\'' => {
                    self.pos += 1;
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        match c {
                            b'\\' => self.pos += 1,
                            b'\'' | b'\n' => break,
                            _ => {}
                        }
                    }
                }
                b'/' if self.rest().starts_with(b"//") || self.rest().starts_with(b"/*") => {
                    self.skip_trivia()
                }
                b'\x0c' => self.skip_form_feed(),
                _ => self.pos += 1,
            }
        }
        self.pos = self.pos.min(self.src.len());
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> FileRead {
        parse_header(Path::new("x.go"), src.as_bytes())
    }

    #[test]
    fn reads_package_and_imports_with_spans() {
        let src = "// Copyright\n\n//go:build linux\n\npackage foo // import \"x/foo\"\n\nimport (\n\t\"fmt\"\n\tm \"lib/math\"\n\t_ \"embed\"\n\t. \"strings\"\n)\nimport \"os\"\n\nfunc main() { import_ := 1 }\n";
        let file = parse(src).unwrap();
        assert_eq!(file.package.value, "foo");
        assert_eq!((file.package.span.line, file.package.span.column), (5, 9));
        let paths: Vec<_> = file.imports.iter().map(|i| i.path.value.as_str()).collect();
        assert_eq!(paths, ["fmt", "lib/math", "embed", "strings", "os"]);
        let m = &file.imports[1];
        assert_eq!(
            m.name.as_ref().unwrap().value,
            ImportName::Alias("m".into())
        );
        assert_eq!(&src[m.path.span.start..m.path.span.end], "\"lib/math\"");
        assert_eq!(
            file.imports[2].name.as_ref().unwrap().value,
            ImportName::Blank
        );
        assert_eq!(
            file.imports[3].name.as_ref().unwrap().value,
            ImportName::Dot
        );
        assert_eq!(file.constraint.unwrap().to_string(), "linux");
    }

    #[test]
    fn header_stops_before_the_body() {
        let src = "package p\nimport \"a\"\nvar x = `import \"b\"`\nimport \"c\"\n";
        let end = header_end(src.as_bytes(), 0);
        assert!(src[..end].contains("\"a\"") && !src[..end].contains("var"));
        let file = parse(src).unwrap();
        assert_eq!(file.imports.len(), 1);
    }

    #[test]
    fn bom_and_crlf() {
        let src = "\u{feff}package bom\r\n\r\nimport (\r\n\t\"fmt\"\r\n)\r\n";
        let file = parse(src).unwrap();
        assert_eq!(file.package.value, "bom");
        assert_eq!(file.package.span.start, 3 + 8);
        assert_eq!(file.imports[0].path.value, "fmt");
        assert_eq!(file.imports[0].path.span.line, 4);
    }

    #[test]
    fn escaped_and_raw_paths() {
        let file = parse("package p\nimport (\"example.com/x\\u0079z\"; `raw/p`)\n").unwrap();
        assert_eq!(file.imports[0].path.value, "example.com/xyz");
        assert_eq!(file.imports[1].path.value, "raw/p");
        assert_eq!(unquote("\"\\x41\\101\"").as_deref(), Some("AA"));
        assert_eq!(unquote("\"\\q\""), None);
    }

    #[test]
    fn invalid_files_name_the_problem() {
        assert!(parse("").unwrap_err().message.contains("no package clause"));
        assert!(parse("// only a comment\n").is_err());
        let not_text = parse("\u{0}\u{1}garbage").unwrap_err();
        assert!(not_text.message.contains("NUL"), "{}", not_text.message);
        let missing = parse("func main() {}\n").unwrap_err();
        assert!(missing.message.contains("package"), "{}", missing.message);
        let bad_import = parse("package p\nimport (\n\t\"fmt\"\n\t+\n)\n").unwrap_err();
        assert_eq!(bad_import.span.line, 4, "{bad_import:?}");
        let bad_utf8 = parse_header(Path::new("x.go"), b"package \xff\n");
        assert!(bad_utf8.unwrap_err().message.contains("UTF-8"));
        let two_builds = parse("//go:build a\n//go:build b\n\npackage p\n").unwrap_err();
        assert!(two_builds.message.contains("multiple //go:build"));
    }

    #[test]
    fn generated_marker_before_the_clause_only() {
        assert!(
            parse("// Code generated by x. DO NOT EDIT.\n\npackage p\n")
                .unwrap()
                .generated
        );
        assert!(
            !parse("package p\n// Code generated by x. DO NOT EDIT.\n")
                .unwrap()
                .generated
        );
    }

    #[test]
    fn directive_comments_are_collected_with_their_placement() {
        let src = "//golayout:file-ignore package-dir-mismatch generated\npackage p // golayout:ignore not-a-directive\n\nimport (\n\t//golayout:ignore duplicate-import reason\n\t\"fmt\"\r\n\t\"os\" //golayout:ignore x why\r\n)\n";
        let file = parse(src).unwrap();
        let texts: Vec<_> = file
            .directives
            .iter()
            .map(|d| (d.text.as_str(), d.own_line, d.span.line))
            .collect();
        assert_eq!(
            texts,
            [
                (
                    "//golayout:file-ignore package-dir-mismatch generated",
                    true,
                    1
                ),
                ("//golayout:ignore duplicate-import reason", true, 5),
                ("//golayout:ignore x why", false, 7),
            ]
        );
        let removed = |d: &DirectiveComment| &src[d.removal.start..d.removal.end];
        assert_eq!(
            removed(&file.directives[1]),
            "\t//golayout:ignore duplicate-import reason\n"
        );
        assert_eq!(removed(&file.directives[2]), " //golayout:ignore x why");
    }

    #[test]
    fn prefix_reads_cover_long_headers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.go");
        let mut src = String::from("package p\n\nimport (\n");
        for i in 0..3000 {
            src.push_str(&format!("\t_ \"example.com/p{i}\"\n"));
        }
        src.push_str(")\n\nfunc f() {}\n");
        src.push_str(&"// body\n".repeat(10_000));
        std::fs::write(&path, &src).unwrap();
        let file = read_file(&path, Path::new("x.go")).unwrap();
        assert_eq!(file.imports.len(), 3000);
        assert_eq!(file.imports[2999].path.value, "example.com/p2999");
    }

    #[test]
    fn a_block_comment_closes_only_after_its_opening() {
        // Found by fuzzing: `/*/` was taken for a whole comment, so these valid files
        // (the go command reads package c from both) had no package clause.
        for src in [
            "/*/ package p */ package c\n",
            "/*/ x */\npackage c\n\nimport \"fmt\"\n",
        ] {
            let file = parse(src).unwrap_or_else(|e| panic!("{src:?}: {e:?}"));
            assert_eq!(file.package.value, "c", "{src:?}");
        }
        assert_eq!(
            parse("package c\nimport /*/ x */ \"fmt\"\n")
                .unwrap()
                .imports
                .len(),
            1
        );
        assert!(parse("/*/ package c\n").is_err());
    }

    /// Parses `src` both ways: without the parser where the header is plain, and always
    /// with it. Returns whether the plain reader took it.
    fn both_ways(src: &[u8]) -> bool {
        let path = Path::new("x.go");
        let fast = parse_header_with(path, src, true);
        let parsed = parse_header_with(path, src, false);
        assert_eq!(fast, parsed, "{:?}", String::from_utf8_lossy(src));
        let from = if src.starts_with(BOM) { BOM.len() } else { 0 };
        plain_header(&src[..header_end(src, from)], from).is_some()
    }

    #[test]
    fn plain_headers_read_as_the_parser_reads_them() {
        let plain = [
            "package p",
            "package p\n",
            "// c\n\n/* d */ package/**/p // e\r\nimport \"a\"; import m \"b/c\"\n",
            "package p\nimport (\n\t\"a\"\n\n\t// c\n\t_ \"b\" // d\n\t. \"c\"; x \"d\")\nimport ()\n",
            "package p\r\n\r\nimport (\r\n\t\"fmt\"\r\n\t//golayout:ignore x y\r\n)\r\n//golayout:ignore z\r\nfunc f() {}\n",
            "package p; import \"é\" /* c */ ;import(\"\")\n/*\n*/\nvar x int\n",
            "\u{feff}package bom\n",
            // The header ends before the second path.
            "package p\nimport \"a\" \"b\"\n",
        ];
        for src in plain {
            assert!(both_ways(src.as_bytes()), "{src:?}");
        }
        let unusual = [
            "package p /*\n*/ import \"a\"\n",
            "package p\nimport m\n\"a\"\n",
            "package p\nimport \"a\\x41\"\n",
            "package p\nimport `a`\n",
            "package p;;\n",
            "package p\nimport (;\"a\")\n",
            "package new\n",
            "package _\n",
            "package é\n",
            "package p\nimport true \"a\"\n",
            "package\x0cp\n",
            "package\np\n",
            "package p\rimport \"a\"\n",
            "package p\nimport (\"a\" \"b\")\n",
            "package p import \"a\"\n",
        ];
        for src in unusual {
            assert!(!both_ways(src.as_bytes()), "{src:?}");
        }
    }

    /// Random headers from pieces of Go, plain and not: wherever the plain reader answers,
    /// it answers as the parser does.
    #[test]
    fn plain_reader_agrees_with_the_parser_on_random_headers() {
        const PIECES: &[&str] = &[
            " ",
            "\t",
            "\n",
            "\n",
            "\n",
            "\r\n",
            ";",
            "import",
            "import",
            "(",
            ")",
            "\"fmt\"",
            "\"a/b\"",
            "\"\"",
            "`raw`",
            "\"x\\u0079\"",
            "\"bad",
            "m",
            "_",
            ".",
            "true",
            "new",
            "_x",
            "é",
            "// c\n",
            "/* c */",
            "/*\n*/",
            "//golayout:ignore r why\n",
            "//golayout:x",
            "p",
            "func",
            "var",
            "\u{c}",
            "\u{a0}",
            "package",
            "\u{feff}",
            ",",
            "+",
            "{",
            "}",
            "/",
            "*/",
            "\\",
            "'",
            "\r",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut took = 0;
        for round in 0..20_000 {
            let mut src = String::new();
            if round % 3 != 0 {
                src.push_str("package p\n");
            }
            if round % 2 == 0 {
                src.push_str("import (\n\t\"x\"\n");
            }
            for _ in 0..next(12) {
                src.push_str(PIECES[next(PIECES.len())]);
            }
            if round % 4 == 0 {
                src.push_str(")\n");
            }
            if both_ways(src.as_bytes()) {
                took += 1;
            }
        }
        assert!(took > 2_000, "the plain reader took only {took} headers");
    }

    /// How files were read before the one-page first read: 16 KiB, then 32, 64... more,
    /// each step filled before it was judged.
    fn read_prefix_by_doubling(path: &Path) -> Vec<u8> {
        use std::io::Read;
        let mut file = std::fs::File::open(path).unwrap();
        let mut buf = Vec::new();
        let mut chunk = 16 * 1024;
        loop {
            let read = (&mut file).take(chunk).read_to_end(&mut buf).unwrap();
            let eof = (read as u64) < chunk;
            if eof || header_end(&buf, bom_len(&buf)) + LOOKAHEAD < buf.len() {
                return buf;
            }
            chunk *= 2;
        }
    }

    #[test]
    fn reading_a_prefix_gives_what_reading_by_doubling_gave() {
        let dir = tempfile::tempdir().unwrap();
        let long_imports: String = (0..2000).map(|i| format!("\t_ \"p/q{i}\"\n")).collect();
        let comments = "// a comment line that goes on for a while, as licences do\n".repeat(700);
        let body = "func f() {}\n".repeat(3000);
        let cases = [
            String::new(),
            "package p".to_string(),
            format!("package p\n\nimport (\n\t\"fmt\"\n)\n\n{body}"),
            format!("package p\n\nimport (\n{long_imports})\n\n{body}"),
            format!("{comments}package p\n\nimport \"os\"\n{body}"),
            format!("{comments}//go:build a\n\n//go:build b\n\nvar x int\n{body}"),
            format!("\u{a0}// x\n{comments}//go:build a\n//go:build b\npackage p\n"),
            format!("\u{feff}package p\nimport \"a\"\n{body}"),
            format!("package p\nimport (\n{long_imports}"),
            format!("{}package p\n", "x".repeat(20_000)),
            format!("/* {comments}"),
        ];
        for (i, text) in cases.iter().enumerate() {
            let path = dir.path().join(format!("f{i}.go"));
            std::fs::write(&path, text).unwrap();
            let old = parse_header(Path::new("x.go"), &read_prefix_by_doubling(&path));
            assert_eq!(read_file(&path, Path::new("x.go")), old, "case {i}");
        }
    }

    /// Go's blanks are space, tab, CR and LF. go/build's reader also skips a form feed
    /// (and the parser then rejects it), but stops at a vertical tab; tree-sitter-go takes
    /// both for blanks. Checked against `go list` 1.27.3: `b.go:1:10: illegal character
    /// U+000C` for the first, no imports and no error for the second.
    #[test]
    fn form_feeds_and_vertical_tabs_as_go_reads_them() {
        let invalid = parse("package m\x0c\nimport \"os\"\n").unwrap_err();
        assert_eq!(invalid.message, "illegal character U+000C");
        assert_eq!((invalid.span.start, invalid.span.column), (9, 10));
        let grouped = parse("package m\nimport (\n\t\"os\"\x0c\n)\n").unwrap_err();
        assert_eq!(grouped.message, "illegal character U+000C");
        // Text of a comment, or past the header's end, it is no concern here.
        assert!(parse("// a\x0cb\npackage m\n\nfunc f() {\x0c}\n").is_ok());
        let ended = parse("package m\x0b\nimport \"fmt\"\n").unwrap();
        assert_eq!(ended.package.value, "m");
        assert!(ended.imports.is_empty());
    }

    /// go/build's reader fails on a NUL anywhere it reads, which includes the byte it
    /// peeks at after the header (`go list`: `unexpected NUL in input`); past that byte a
    /// NUL is no concern of the header.
    #[test]
    fn a_nul_right_after_the_header_is_read_as_go_reads_it() {
        for src in [
            "package m\r\x00\nimport \"bytes\"\n",
            "package m\n\x00",
            "package m; \x00",
        ] {
            let invalid = parse(src).unwrap_err();
            assert!(invalid.message.contains("NUL"), "{src:?}: {invalid:?}");
        }
        assert!(parse("package m\n\nvar x\x00 int\n").is_ok());
        assert!(parse("package m\nimport \"os\"\nfunc f() { _ = \"\x00\" }\n").is_ok());
    }

    /// Go's parser ends the package clause and each import declaration with one semicolon
    /// (a newline, or a `;`); a second one is an empty declaration, and the imports end
    /// there. The imports `go list` 1.27.3 gives for each.
    #[test]
    fn a_second_semicolon_ends_the_imports_as_in_go() {
        let cases: [(&str, &[&str]); 8] = [
            ("package m\n\nimport \"fmt\";;;\n", &["fmt"]),
            ("package m\n\nimport \"fmt\";;import \"os\"\n", &["fmt"]),
            ("package m;;\n\nimport \"fmt\"\n", &[]),
            ("package m\n;import \"fmt\"\n", &[]),
            ("package m /*\n*/ ; import \"fmt\"\n", &[]),
            ("package m\nimport \"fmt\" // c\n;import \"os\"\n", &["fmt"]),
            (
                "package m; import \"fmt\"; import \"os\";\n",
                &["fmt", "os"],
            ),
            ("package m /* c */ ; import \"fmt\"\n", &["fmt"]),
        ];
        for (src, want) in cases {
            let file = parse(src).unwrap_or_else(|e| panic!("{src:?}: {e:?}"));
            let got: Vec<&str> = file.imports.iter().map(|i| i.path.value.as_str()).collect();
            assert_eq!(got, want, "{src:?}");
        }
        // Inside a group an empty spec is an error, for Go as here.
        assert!(parse("package m\nimport (\"fmt\";;\"os\")\n").is_err());
    }

    #[test]
    fn unterminated_things_do_not_hang() {
        for src in [
            "package p\nimport (",
            "package p\nimport \"abc",
            "package p\nimport (/*",
            "package",
        ] {
            let _ = parse(src);
        }
    }
}
