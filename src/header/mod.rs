//! Reads the header of a Go file (leading comments, package clause, imports) with
//! tree-sitter-go. A small lexer finds where the imports end, as go/build's reader does,
//! and only that prefix is parsed. No tree-sitter type leaves this module.

use crate::constraint::{self, Expr};
use crate::diagnostic::{LineIndex, Span};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use tree_sitter::{Node, Tree};

mod directives;
mod literal;
mod plain;
mod read;
mod scan;
mod tree;

use directives::*;
pub use literal::unquote;
use plain::*;
pub use read::{read_file, read_regular_file};
pub use scan::header_end;
use scan::*;
pub(crate) use tree::parse_go;
use tree::*;

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

/// Where the text after a byte-order mark starts (its length, or 0 without one).
pub(crate) fn bom_len(source: &[u8]) -> usize {
    if source.starts_with(BOM) {
        BOM.len()
    } else {
        0
    }
}

/// UTF-8's byte-order mark, which go/scanner skips at a file's start.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

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

#[cfg(test)]
mod tests {
    use super::read::LOOKAHEAD;
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
