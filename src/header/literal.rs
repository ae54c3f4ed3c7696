//! Go string literals: an import path, unquoted.

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
