//! The header reader: `parse_header` on arbitrary bytes, with properties checked on
//! every result, not only "no panic":
//!
//! - every span lies inside the header that `header_end` delimits, which lies inside the
//!   input, and its line and column agree with the offsets (counted here independently);
//! - the package name, each alias and each directive slice the input back to the same
//!   text; each import path span slices back to a literal that decodes to the path;
//! - spans come in source order (package, then imports);
//! - reading a prefix of the file, as `read_file` does for large files, gives exactly the
//!   result of reading all of it once the prefix reaches 64 bytes past the header's end
//!   (but for a file without its package clause first, which go/build reads whole)
//!   (the look-ahead `read_file` keeps, so a token cut by the buffer end is never taken
//!   for the token after the imports);
//! - the reader gives exactly what tree-sitter alone gives (`parse_header_with_tree_sitter`):
//!   the plain reader that takes most headers without the parser changes no answer;
//! - reading only the header agrees with a tree-sitter parse of the whole file: where that
//!   parse starts cleanly with a package clause, a reader that succeeds reads the same name
//!   at the same place and the same import paths as the clean import declarations that
//!   follow it; where that parse finds no error at all, the reader succeeds (or rejects the
//!   file for what the parse does not judge: NUL bytes, invalid UTF-8, a bad `//go:build`
//!   line, a bad escape, a form feed). Inputs holding a blank that tree-sitter-go admits
//!   and Go does not (a vertical tab, a Unicode space) are left out of this comparison.

#![no_main]

use golayout::diagnostic::Span;
use golayout::header::{self, FileRead, ImportName};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

const BOM: &[u8] = b"\xEF\xBB\xBF";
/// What `read_file` reads past the header's end before it trusts the end.
const LOOKAHEAD: usize = 64;

fuzz_target!(|data: &[u8]| check(data));

fn check(data: &[u8]) {
    let path = Path::new("fuzz.go");
    let from = if data.starts_with(BOM) { BOM.len() } else { 0 };
    let end = header::header_end(data, from);
    assert!(
        from <= end && end <= data.len(),
        "header_end {end} outside {from}..={}",
        data.len()
    );
    let whole = header::parse_header(path, data);
    match &whole {
        Ok(file) => check_file(data, end, file),
        Err(invalid) => {
            assert!(!invalid.message.is_empty());
            check_span(data, data.len(), &invalid.span);
        }
    }
    check_prefixes(data, from, &whole);
    check_full_parse(data, from, &whole);
    // The plain reader, where it takes the header, answers as tree-sitter does.
    assert_eq!(whole, header::parse_header_with_tree_sitter(path, data));
}

thread_local! {
    static PARSER: std::cell::RefCell<tree_sitter::Parser> = {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_go::LANGUAGE.into())
            .expect("tree-sitter-go loads");
        std::cell::RefCell::new(parser)
    };
}

/// The header reader against a full parse of the file.
fn check_full_parse(data: &[u8], from: usize, read: &FileRead) {
    let body = &data[from..];
    // tree-sitter-go takes a vertical tab and Unicode spaces for blanks; Go's scanner and
    // go/build's reader do not (a vertical tab ends the header there, without an error).
    let foreign_blank =
        |c: char| c.is_whitespace() && !matches!(c, ' ' | '\t' | '\r' | '\n' | '\x0c');
    if String::from_utf8_lossy(body)
        .chars()
        .any(|c| foreign_blank(c) || c == '\u{feff}')
    {
        return;
    }
    let Some(tree) = PARSER.with(|p| p.borrow_mut().parse(body, None)) else {
        return;
    };
    let root = tree.root_node();
    let mut cursor = root.walk();
    let mut nodes = root
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment");
    let Some(clause) = nodes.next() else {
        return;
    };
    if clause.kind() != "package_clause" || clause.has_error() {
        return;
    }
    let mut clause_cursor = clause.walk();
    let Some(name) = clause
        .named_children(&mut clause_cursor)
        .find(|n| n.kind() == "package_identifier")
    else {
        return;
    };
    let file = match read {
        Ok(file) => file,
        // A file that the parse finds broken anywhere may well be broken in its header.
        Err(_) if root.has_error() => return,
        Err(e) => {
            let judged_elsewhere = [
                "NUL",
                "UTF-8",
                "//go:build",
                "invalid import path literal",
                // A form feed: go/build's reader skips it, Go's parser rejects it.
                "U+000C",
            ];
            assert!(
                judged_elsewhere.iter().any(|m| e.message.contains(m)),
                "a full parse reads package {:?}, the header reader fails: {e:?}",
                String::from_utf8_lossy(&body[name.byte_range()])
            );
            return;
        }
    };
    assert_eq!(
        (file.package.span.start, file.package.span.end),
        (from + name.start_byte(), from + name.end_byte()),
        "the package name is elsewhere in a full parse"
    );
    // The import paths of the clean import declarations right after the clause.
    let mut paths = Vec::new();
    for node in nodes {
        if node.has_error() {
            return;
        }
        if node.kind() != "import_declaration" {
            break;
        }
        let mut specs = Vec::new();
        collect_specs(node, &mut specs);
        paths.extend(specs.iter().map(|r| (from + r.start, from + r.end)));
    }
    let read: Vec<_> = file
        .imports
        .iter()
        .map(|i| (i.path.span.start, i.path.span.end))
        .collect();
    assert_eq!(read, paths, "imports read, and in a full parse");
}

/// The byte ranges of the import paths under an import declaration.
fn collect_specs(node: tree_sitter::Node, out: &mut Vec<std::ops::Range<usize>>) {
    if node.kind() == "import_spec" {
        if let Some(path) = node.child_by_field_name("path") {
            out.push(path.byte_range());
        }
        return;
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        collect_specs(child, out);
    }
}

/// The properties of a header that was read.
fn check_file(data: &[u8], end: usize, file: &header::GoFile) {
    let slice = |span: &Span| -> &[u8] {
        check_span(data, end, span);
        &data[span.start..span.end]
    };
    assert_eq!(
        slice(&file.package.span),
        file.package.value.as_bytes(),
        "package name span"
    );
    assert!(!file.package.value.is_empty());
    let mut last = file.package.span.end;
    for import in &file.imports {
        if let Some(name) = &import.name {
            let text = slice(&name.span);
            match &name.value {
                ImportName::Alias(alias) => assert_eq!(text, alias.as_bytes(), "alias span"),
                ImportName::Dot => assert_eq!(text, b"."),
                ImportName::Blank => assert_eq!(text, b"_"),
            }
            assert!(name.span.start >= last, "alias before the previous import");
            assert!(
                name.span.end <= import.path.span.start,
                "alias after its path"
            );
        }
        let literal = slice(&import.path.span);
        let literal = std::str::from_utf8(literal).expect("the header is UTF-8");
        assert_eq!(
            header::unquote(literal).as_deref(),
            Some(import.path.value.as_str()),
            "path span {literal:?}"
        );
        assert!(import.path.span.start >= last, "imports out of order");
        last = import.path.span.end;
    }
    for directive in &file.directives {
        let text = slice(&directive.span);
        assert_eq!(text, directive.text.as_bytes(), "directive span");
        assert!(directive.text.starts_with("//golayout:"));
        let removal = slice(&directive.removal);
        assert!(
            directive.removal.start <= directive.span.start
                && directive.span.end <= directive.removal.end,
            "the removal covers the directive"
        );
        assert!(!removal.is_empty());
    }
    if let Some(constraint) = &file.constraint {
        // What the header states prints and reads back as the same constraint.
        let printed = format!("//go:build {constraint}");
        let again = golayout::constraint::parse_go_build(&printed)
            .unwrap_or_else(|e| panic!("{printed:?} does not read back: {e}"));
        assert_eq!(again.to_string(), constraint.to_string());
    }
}

/// A span lies within `data[..limit]`, and its lines and columns match its offsets.
fn check_span(data: &[u8], limit: usize, span: &Span) {
    assert!(
        span.start <= span.end && span.end <= limit,
        "span {span:?} outside 0..{limit}"
    );
    assert_eq!(line_column(data, span.start), (span.line, span.column));
    assert_eq!(
        line_column(data, span.end),
        (span.end_line, span.end_column)
    );
}

/// 1-based line and byte column of `offset`, counted the slow way.
fn line_column(data: &[u8], offset: usize) -> (u32, u32) {
    let before = &data[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line as u32, (offset - line_start + 1) as u32)
}

/// Reads growing prefixes as `read_file` does (with small chunks, so that fuzz-sized
/// inputs exercise it) and checks that the first prefix it would stop at reads the same.
fn check_prefixes(data: &[u8], from: usize, whole: &FileRead) {
    let mut chunk = 1 + data.first().map_or(0, |&b| usize::from(b % 64));
    let mut len = 0;
    while len < data.len() {
        len = (len + chunk).min(data.len());
        chunk *= 2;
        let prefix = &data[..len];
        let from = if prefix.starts_with(BOM) {
            BOM.len()
        } else {
            from.min(len)
        };
        if len < data.len() && header::header_end(prefix, from) + LOOKAHEAD >= len {
            continue;
        }
        let read = header::parse_header(Path::new("fuzz.go"), prefix);
        // go/build reads the whole of a file that does not start with its package clause
        // (build lines and all); golayout reads 16 KiB or more of it: which of such a
        // file's faults is reported may depend on how much was read.
        let no_clause = |r: &FileRead| {
            r.as_ref()
                .is_err_and(|e| e.message.contains("package clause"))
        };
        if no_clause(whole) || no_clause(&read) {
            return;
        }
        same_read(whole, &read, len);
        return;
    }
}

/// Two reads agree, except for the span of an error message that is only placed
/// relative to the bytes read (offsets and lines still agree: they count from the start).
fn same_read(whole: &FileRead, prefix: &FileRead, len: usize) {
    match (whole, prefix) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "prefix of {len} bytes reads differently"),
        (Err(a), Err(b)) => {
            assert_eq!(
                a.message, b.message,
                "prefix of {len} bytes fails differently"
            );
            assert_eq!(a.span, b.span, "prefix of {len} bytes fails elsewhere");
        }
        _ => panic!("prefix of {len} bytes: {prefix:?}, whole file: {whole:?}"),
    }
}
