//! XML escaping shared by the checkstyle and junit formats.

/// `text` escaped for an XML attribute value.
///
/// Line breaks and tabs become character references so that the value keeps them (a
/// parser turns a literal newline in an attribute into a space).
pub(super) fn attribute(text: &str) -> String {
    escape(text, true)
}

/// `text` escaped for element content, where line breaks may stay as they are.
pub(super) fn content(text: &str) -> String {
    escape(text, false)
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' if !attribute => out.push(c),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            // Parsers turn a literal carriage return into a newline, even in content.
            '\r' => out.push_str("&#13;"),
            // XML 1.0 cannot carry other control characters, not even as references.
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
