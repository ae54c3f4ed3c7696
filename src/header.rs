//! Reads the header of a Go file (leading comments, package clause, imports) with
//! tree-sitter-go. A small lexer finds where the imports end, as go/build's reader does,
//! and only that prefix is parsed. No tree-sitter type leaves this module.

use crate::constraint::{self, Expr};
use crate::diagnostic::{LineIndex, Span};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use tree_sitter::{Node, Parser};

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
    match read_prefix(path) {
        Ok(bytes) => parse_header(shown, &bytes),
        Err(err) => Err(InvalidFile {
            path: shown.to_path_buf(),
            message: format!("cannot read file: {err}"),
            span: Span::from_offsets(b"", 0, 0),
        }),
    }
}

/// The first read; most headers end well within it.
const FIRST_READ: u64 = 16 * 1024;
/// How far past the header's end a read must reach before the end is certain: a token cut
/// by the end of the buffer (`imp`) must not pass for the token after the imports.
const LOOKAHEAD: usize = 64;

/// Reads the file's prefix that holds its header (doubling), never the whole of a large
/// file whose header ends early.
fn read_prefix(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    // Opening a FIFO blocks until a writer comes, and a device may never end: only
    // regular files are read.
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut file = std::fs::File::open(path)?;
    let mut buf = Vec::new();
    let mut chunk = FIRST_READ;
    loop {
        let read = (&mut file).take(chunk).read_to_end(&mut buf)?;
        let eof = (read as u64) < chunk;
        let from = if buf.starts_with(BOM) { BOM.len() } else { 0 };
        if eof || header_end(&buf, from) + LOOKAHEAD < buf.len() {
            return Ok(buf);
        }
        chunk *= 2;
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

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses the header of a Go file held in memory (`path` only labels the result).
pub fn parse_header(path: &Path, source: &[u8]) -> FileRead {
    let invalid = |message: String, offset: usize| InvalidFile {
        path: path.to_path_buf(),
        message,
        span: Span::from_offsets(source, offset, offset),
    };
    let body_start = if source.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    let end = header_end(source, body_start);
    let header = &source[..end];
    if let Some(nul) = header.iter().position(|&b| b == 0) {
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
    let constraint = constraint::header_constraint(source).map_err(|err| {
        let offset = line_offset(source, err.line);
        invalid(err.message, offset)
    })?;
    // The parser starts at the package clause: the comments before it (which may be
    // megabytes: a syntax tree of them would take dozens of times their size) are skipped
    // by the lexer, and their directives gathered by it.
    let mut directives = Vec::new();
    let lines = LineIndex::new(header);
    let clause = leading_directives(header, body_start, &lines, &mut directives);
    let tree = PARSER.with(|parser| parser.borrow_mut().parse(&header[clause..], None));
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
/// header at `from`, and returns where they end: at the first other token, or at a block
/// comment that is never closed (the parser reports that one).
fn leading_directives(
    header: &[u8],
    from: usize,
    lines: &LineIndex,
    out: &mut Vec<DirectiveComment>,
) -> usize {
    let mut lexer = Lexer::new(header, from);
    loop {
        while matches!(lexer.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            lexer.pos += 1;
        }
        let rest = lexer.rest();
        if rest.starts_with(b"//") {
            let end = lexer.line_end();
            push_directive(header, lexer.pos, end, lines, out);
            lexer.pos = end;
        } else if rest.starts_with(b"/*") {
            match find(&rest[2..], b"*/") {
                Some(i) => lexer.pos += 2 + i + 2,
                None => return lexer.pos,
            }
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
    let mut lexer = Lexer::new(source, from);
    lexer.skip_trivia();
    if !lexer.eat_word(b"package") {
        // Let the parser report what stands where the clause should be.
        return lexer.line_end();
    }
    lexer.skip_trivia();
    lexer.word();
    loop {
        // Like go/build's reader, the comments before the next token belong to the header.
        lexer.skip_trivia_and_semicolons();
        if !lexer.eat_word(b"import") {
            return lexer.pos;
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
}

impl<'a> Lexer<'a> {
    fn new(src: &'a [u8], pos: usize) -> Self {
        Lexer { src, pos }
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
                Some(b'/') if self.rest().starts_with(b"//") => {
                    self.pos = self.line_end();
                }
                Some(b'/') if self.rest().starts_with(b"/*") => {
                    // The close is searched after the opening `/*`: `/*/` opens only.
                    self.pos = match find(&self.rest()[2..], b"*/") {
                        Some(i) => self.pos + 2 + i + 2,
                        None => self.src.len(),
                    };
                }
                _ => return,
            }
        }
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
        match self.rest().iter().position(|&b| b == b'\n') {
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
                self.pos = match self.rest().iter().position(|&b| b == b'`') {
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
                _ => self.pos += 1,
            }
        }
        self.pos = self.pos.min(self.src.len());
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
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
