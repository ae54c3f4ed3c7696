//! `//golayout:` directive comments of a header.

use super::scan::*;
use super::*;

pub(super) const DIRECTIVE_PREFIX: &[u8] = b"//golayout:";

/// Gathers the `//golayout:` comments anywhere in the header tree.
pub(super) fn collect_directives(
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
pub(super) fn leading_directives(
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
pub(super) fn push_directive(
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
