//! Build constraints: `parse_go_build`, `parse_plus_build`, `header_constraint`,
//! `filename_constraint` and `Expr::eval`, checked against a small reference written here
//! straight from go/build and go/build/constraint (`parseFileHeader`, `shouldBuild`,
//! `splitGoBuild`, `splitPlusBuild`, `parsePlusBuildExpr` and the `//go:build` grammar).
//! The reference evaluates while it parses and builds no tree, so it shares no code and
//! no shape with the implementation.
//!
//! For a line and several tag assignments: the implementation accepts exactly the lines
//! the reference accepts, and its expression evaluates as the reference does; a header's
//! constraint (or its error, on the same line) matches go/build's; a printed expression
//! reads back to one that prints the same and evaluates the same.
//!
//! Tag characters: Go takes Unicode letters and decimal digits. Where a line holds a
//! non-ASCII letter or digit, the two definitions of "letter" may differ at the edges
//! (the implementation documents that), so such lines are checked for everything but
//! acceptance and value.

#![no_main]

use golayout::constraint::{self, Expr};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| check(data));

fn check(data: &[u8]) {
    let (seed, rest) = match data.split_first_chunk::<8>() {
        Some((seed, rest)) => (u64::from_le_bytes(*seed), rest),
        None => (0, data),
    };
    let text = String::from_utf8_lossy(rest);
    let comparable = text
        .chars()
        .all(|c| c.is_ascii() || !(c.is_alphabetic() || c.is_numeric()));
    let seeds = [
        seed,
        seed ^ 0x5555_5555_5555_5555,
        !seed,
        seed.rotate_left(17),
    ];

    // The line as given, and the same text behind each directive.
    let mut lines = vec![text.to_string()];
    if !text.contains('\n') {
        lines.push(format!("//go:build {text}"));
        lines.push(format!("// +build {text}"));
    }
    for line in &lines {
        let go = constraint::parse_go_build(line);
        if let Ok(x) = &go {
            round_trip(x, &seeds);
            assert!(
                x.tags().iter().all(|t| line.contains(t.as_str())),
                "{x} names a tag not in {line:?}"
            );
        }
        let plus = constraint::parse_plus_build(line);
        if let Some(x) = &plus {
            round_trip(x, &seeds);
        }
        if !comparable {
            continue;
        }
        for &seed in &seeds {
            let mut set = assignment(seed);
            let reference = reference::go_build(line, &mut set);
            match (&go, reference) {
                (Ok(x), Some(want)) => assert_eq!(x.eval(&mut set), want, "{line:?} as {x}"),
                (Err(_), None) => {}
                (got, want) => panic!("//go:build {line:?}: got {got:?}, reference {want:?}"),
            }
            let reference = reference::plus_build(line, &mut set);
            match (&plus, reference) {
                (Some(x), Some(want)) => assert_eq!(x.eval(&mut set), want, "{line:?} as {x}"),
                (None, None) => {}
                (got, want) => panic!("+build {line:?}: got {got:?}, reference {want:?}"),
            }
        }
    }

    // A whole header.
    let header = constraint::header_constraint(rest);
    if let Ok(Some(x)) = &header {
        round_trip(x, &seeds);
    }
    if comparable {
        for &seed in &seeds {
            let mut set = assignment(seed);
            match (&header, reference::should_build(rest, &mut set)) {
                (Ok(None), Ok(want)) => assert!(want, "unconstrained, but go/build says no"),
                (Ok(Some(x)), Ok(want)) => assert_eq!(x.eval(&mut set), want, "header as {x}"),
                (Err(e), Err(line)) => assert_eq!(e.line, line, "error {e} on another line"),
                (got, want) => panic!("header: got {got:?}, reference {want:?}"),
            }
        }
    }

    // File names: never a panic, and a suffix read is a suffix written.
    let name = constraint::filename_constraint(&text);
    for part in [name.goos, name.goarch].into_iter().flatten() {
        assert!(text.contains(part), "{part} read from {text:?}");
    }
}

/// Which tags are set: a hash of the tag and the seed decides each.
fn assignment(seed: u64) -> impl FnMut(&str) -> bool {
    move |tag: &str| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
        for b in tag.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        (h ^ (h >> 29)) & 1 == 1
    }
}

/// Printing and reading back: the text is stable after one round and means the same.
fn round_trip(x: &Expr, seeds: &[u64]) {
    let printed = x.to_string();
    let again = constraint::parse_go_build(&format!("//go:build {printed}"))
        .unwrap_or_else(|e| panic!("{printed:?} does not read back: {e}"));
    assert_eq!(again.to_string(), printed, "printing is not stable");
    for &seed in seeds {
        let mut set = assignment(seed);
        assert_eq!(
            x.eval(&mut set),
            again.eval(&mut set),
            "{printed} changed meaning"
        );
    }
}

/// go/build and go/build/constraint, transcribed for evaluation only.
mod reference {
    /// Go's `strings.TrimSpace` (Unicode White_Space on both sides).
    fn trim(s: &str) -> &str {
        s.trim_matches(char::is_whitespace)
    }

    /// Letters, decimal digits, `_` and `.`; only called on comparable lines, where a
    /// non-ASCII character is neither letter nor digit.
    fn is_tag_char(c: char) -> bool {
        c.is_ascii_alphanumeric() || c == '_' || c == '.'
    }

    /// splitGoBuild.
    fn split_go_build(line: &str) -> Option<&str> {
        let line = line.strip_suffix('\n').unwrap_or(line);
        if line.contains('\n') || !line.starts_with("//go:build") {
            return None;
        }
        let rest = &trim(line)["//go:build".len()..];
        let t = trim(rest);
        if t.len() == rest.len() && !rest.is_empty() {
            return None;
        }
        Some(t)
    }

    /// splitPlusBuild.
    fn split_plus_build(line: &str) -> Option<&str> {
        let line = line.strip_suffix('\n').unwrap_or(line);
        if line.contains('\n') {
            return None;
        }
        let rest = trim(line.strip_prefix("//")?).strip_prefix("+build")?;
        let t = trim(rest);
        if t.len() == rest.len() && !rest.is_empty() {
            return None;
        }
        Some(t)
    }

    #[derive(Debug, Clone, PartialEq)]
    enum Tok {
        Tag(String),
        Open,
        Close,
        Not,
        And,
        Or,
    }

    /// The whole `//go:build` expression as tokens; None on a lexical error.
    fn tokens(s: &str) -> Option<Vec<Tok>> {
        let mut out = Vec::new();
        let mut chars = s.chars().peekable();
        while let Some(&c) = chars.peek() {
            match c {
                ' ' | '\t' => {
                    chars.next();
                }
                '(' | ')' | '!' => {
                    chars.next();
                    out.push(match c {
                        '(' => Tok::Open,
                        ')' => Tok::Close,
                        _ => Tok::Not,
                    });
                }
                '&' | '|' => {
                    chars.next();
                    if chars.next() != Some(c) {
                        return None;
                    }
                    out.push(if c == '&' { Tok::And } else { Tok::Or });
                }
                _ => {
                    let mut tag = String::new();
                    while let Some(&c) = chars.peek().filter(|&&c| is_tag_char(c)) {
                        tag.push(c);
                        chars.next();
                    }
                    if tag.is_empty() {
                        return None;
                    }
                    out.push(Tok::Tag(tag));
                }
            }
        }
        Some(out)
    }

    /// Evaluates a token list while parsing it: `or := and {"||" and}`,
    /// `and := not {"&&" not}`, `not := ["!"] atom` (no `!!`), `atom := tag | "(" or ")"`;
    /// at most 1000 `not`s, as go/build/constraint allows.
    struct Eval<'a, 'f> {
        toks: &'a [Tok],
        at: usize,
        nots: usize,
        set: &'f mut dyn FnMut(&str) -> bool,
    }

    impl Eval<'_, '_> {
        fn peek(&self) -> Option<&Tok> {
            self.toks.get(self.at)
        }

        fn or(&mut self) -> Option<bool> {
            let mut v = self.and()?;
            while self.peek() == Some(&Tok::Or) {
                self.at += 1;
                v |= self.and()?;
            }
            Some(v)
        }

        fn and(&mut self) -> Option<bool> {
            let mut v = self.not()?;
            while self.peek() == Some(&Tok::And) {
                self.at += 1;
                v &= self.not()?;
            }
            Some(v)
        }

        fn not(&mut self) -> Option<bool> {
            self.nots += 1;
            if self.nots > 1000 {
                return None;
            }
            if self.peek() == Some(&Tok::Not) {
                self.at += 1;
                if self.peek() == Some(&Tok::Not) {
                    return None;
                }
                return Some(!self.atom()?);
            }
            self.atom()
        }

        fn atom(&mut self) -> Option<bool> {
            match self.peek()?.clone() {
                Tok::Open => {
                    self.at += 1;
                    let v = self.or()?;
                    if self.peek() != Some(&Tok::Close) {
                        return None;
                    }
                    self.at += 1;
                    Some(v)
                }
                Tok::Tag(t) => {
                    self.at += 1;
                    Some((self.set)(&t))
                }
                _ => None,
            }
        }
    }

    /// A `//go:build` line's value; None when go/build/constraint rejects it.
    pub fn go_build(line: &str, set: &mut dyn FnMut(&str) -> bool) -> Option<bool> {
        let toks = tokens(split_go_build(line)?)?;
        let mut eval = Eval {
            toks: &toks,
            at: 0,
            nots: 0,
            set,
        };
        let v = eval.or()?;
        (eval.at == toks.len()).then_some(v)
    }

    /// A `// +build` line's value: fields OR'd, comma-separated literals AND'd, a
    /// malformed literal is the unset `ignore`; None when it is no +build line or has more
    /// than 100 operators.
    pub fn plus_build(line: &str, set: &mut dyn FnMut(&str) -> bool) -> Option<bool> {
        let text = split_plus_build(line)?;
        let mut operators = 0;
        let mut any: Option<bool> = None;
        for clause in text.split(char::is_whitespace).filter(|f| !f.is_empty()) {
            let mut all: Option<bool> = None;
            for lit in clause.split(',') {
                let value = if lit.starts_with("!!") || lit == "!" {
                    set("ignore")
                } else {
                    let (neg, name) = match lit.strip_prefix('!') {
                        Some(name) => (true, name),
                        None => (false, lit),
                    };
                    let valid = !name.is_empty() && name.chars().all(is_tag_char);
                    set(if valid { name } else { "ignore" }) != neg
                };
                if all.is_some() {
                    operators += 1;
                }
                all = Some(all.map_or(value, |a| a & value));
            }
            if any.is_some() {
                operators += 1;
            }
            any = Some(any.map_or(all?, |a| a | all.unwrap_or(false)));
        }
        if operators > 100 {
            return None;
        }
        Some(any.unwrap_or_else(|| set("ignore")))
    }

    /// go/build's shouldBuild over parseFileHeader: Ok(builds) or Err(line of the error).
    pub fn should_build(content: &[u8], set: &mut dyn FnMut(&str) -> bool) -> Result<bool, usize> {
        let content = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
        let text = String::from_utf8_lossy(content);
        // parseFileHeader, by line numbers instead of byte offsets.
        let lines: Vec<&str> = text.split('\n').collect();
        let mut end = 0; // lines before `end` are the +build region
        let mut ended = false;
        let mut in_star = false;
        let mut directive: Option<(usize, &str)> = None;
        'lines: for (i, raw) in lines.iter().enumerate() {
            if i + 1 == lines.len() && raw.is_empty() {
                break; // the text after a final newline is no line
            }
            let mut line = trim(raw);
            if line.is_empty() && !ended {
                end = i + 1;
                continue;
            }
            if !line.starts_with("//") {
                ended = true;
            }
            if !in_star && is_go_build_comment(line) {
                if directive.is_some() {
                    return Err(i + 1);
                }
                directive = Some((i + 1, line));
            }
            while !line.is_empty() {
                if in_star {
                    match line.find("*/") {
                        Some(at) => {
                            in_star = false;
                            line = trim(&line[at + 2..]);
                            continue;
                        }
                        None => continue 'lines,
                    }
                }
                if line.starts_with("//") {
                    continue 'lines;
                }
                if let Some(rest) = line.strip_prefix("/*") {
                    in_star = true;
                    line = trim(rest);
                    continue;
                }
                break 'lines;
            }
        }
        if let Some((number, line)) = directive {
            return go_build(line, set).ok_or(number);
        }
        let mut builds = true;
        for line in &lines[..end] {
            let line = trim(line);
            if !line.starts_with("//") || !line.contains("+build") {
                continue;
            }
            if let Some(v) = plus_build(line, set) {
                builds &= v;
            }
        }
        Ok(builds)
    }

    /// isGoBuildComment.
    fn is_go_build_comment(line: &str) -> bool {
        let Some(rest) = line.strip_prefix("//go:build") else {
            return false;
        };
        rest.is_empty() || trim(rest).len() < rest.len()
    }
}
