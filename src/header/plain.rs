//! The plain reader: a header in the common shapes gofmt writes, read without a parse.

use super::directives::*;
use super::scan::*;
use super::*;

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
pub(super) struct PlainHeader {
    pub(super) package: (usize, usize),
    pub(super) imports: Vec<PlainImport>,
    /// The `//golayout:` comments.
    pub(super) directives: Vec<(usize, usize)>,
}

#[derive(Debug)]
pub(super) struct PlainImport {
    pub(super) name: Option<(usize, usize)>,
    pub(super) path: (usize, usize),
}

impl PlainHeader {
    pub(super) fn into_file(
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
pub(super) fn plain_header(header: &[u8], from: usize) -> Option<PlainHeader> {
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
pub(super) const GRAMMAR_WORDS: &[&[u8]] = &[
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
pub(super) struct PlainScan<'a> {
    pub(super) src: &'a [u8],
    pub(super) pos: usize,
    pub(super) directives: Vec<(usize, usize)>,
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
