//! Build constraints as the go command reads them: `//go:build` and `// +build` header lines,
//! `_GOOS_GOARCH` file-name suffixes, and the tag matching that decides whether a file builds.

use std::fmt;

/// A build-constraint expression, as `//go:build` or `// +build` lines write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A single tag such as `linux` or `go1.21`.
    Tag(String),
    /// `!x`.
    Not(Box<Expr>),
    /// `x && y`.
    And(Box<Expr>, Box<Expr>),
    /// `x || y`.
    Or(Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Evaluates with `is_set` deciding each tag.
    pub fn eval(&self, is_set: &mut dyn FnMut(&str) -> bool) -> bool {
        // Non-short-circuit `&`/`|` so `is_set` sees every tag, as go/build's Eval does.
        match self {
            Expr::Tag(t) => is_set(t),
            Expr::Not(x) => !x.eval(is_set),
            Expr::And(x, y) => x.eval(is_set) & y.eval(is_set),
            Expr::Or(x, y) => x.eval(is_set) | y.eval(is_set),
        }
    }

    /// Every tag named in the expression, in first-seen order, without duplicates.
    pub fn tags(&self) -> Vec<String> {
        fn walk(x: &Expr, out: &mut Vec<String>) {
            match x {
                Expr::Tag(t) if !out.contains(t) => out.push(t.clone()),
                Expr::Tag(_) => {}
                Expr::Not(x) => walk(x, out),
                Expr::And(x, y) | Expr::Or(x, y) => {
                    walk(x, out);
                    walk(y, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Go's String form: `!` and a mix of `&&` with `||` always get parentheses.
        let arg = |x: &Expr, wrap: bool| match wrap {
            true => format!("({x})"),
            false => x.to_string(),
        };
        match self {
            Expr::Tag(t) => f.write_str(t),
            Expr::Not(x) => write!(
                f,
                "!{}",
                arg(x, matches!(**x, Expr::And(..) | Expr::Or(..)))
            ),
            Expr::And(x, y) => {
                let (a, b) = (matches!(**x, Expr::Or(..)), matches!(**y, Expr::Or(..)));
                write!(f, "{} && {}", arg(x, a), arg(y, b))
            }
            Expr::Or(x, y) => {
                let (a, b) = (matches!(**x, Expr::And(..)), matches!(**y, Expr::And(..)));
                write!(f, "{} || {}", arg(x, a), arg(y, b))
            }
        }
    }
}

/// Why a file's build-constraint header cannot be used (the go command rejects the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintError {
    /// The go command's wording, e.g. `multiple //go:build comments`.
    pub message: String,
    /// 1-based line of the offending comment.
    pub line: usize,
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ConstraintError {}

fn tag(name: &str) -> Expr {
    Expr::Tag(name.to_string())
}

fn and(x: Expr, y: Expr) -> Expr {
    Expr::And(Box::new(x), Box::new(y))
}

fn or(x: Expr, y: Expr) -> Expr {
    Expr::Or(Box::new(x), Box::new(y))
}

fn not(x: Expr) -> Expr {
    Expr::Not(Box::new(x))
}

/// Bounds `//go:build` nesting so hostile input cannot exhaust the stack (go/build's limit).
const MAX_SIZE: usize = 1000;
/// `// +build` lines allow far fewer operators; real ones were always tiny.
const MAX_PLUS_SIZE: usize = 100;
const END_OF_EXPR: &str = "unexpected end of expression";

/// Strips a `//go:build` (`plus == false`) or `// +build` prefix, returning the expression text.
/// The keyword must end the line or be followed by space: `//go:buildx` is some other directive.
fn split_directive(line: &str, plus: bool) -> Option<&str> {
    let line = line.strip_suffix('\n').unwrap_or(line);
    if line.contains('\n') {
        return None;
    }
    let rest = if plus {
        // The space after `//` is optional for +build lines.
        line.strip_prefix("//")?.trim().strip_prefix("+build")?
    } else {
        line.strip_prefix("//go:build")?.trim_end()
    };
    let expr = rest.trim();
    (rest.is_empty() || expr.len() < rest.len()).then_some(expr)
}

/// Decimal-digit (Unicode Nd) runs of ten outside ASCII, from Go's Unicode 17 tables;
/// Rust's `is_numeric` would also admit `²` and friends, which Go rejects.
#[rustfmt::skip]
const ND_STARTS: &[u32] = &[
    0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6,
    0x0d66, 0x0de6, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0,
    0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0,
    0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x10d40, 0x11066, 0x110f0, 0x11136, 0x111d0,
    0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x116d0, 0x116da, 0x11730, 0x118e0, 0x11950,
    0x11bf0, 0x11c50, 0x11d50, 0x11da0, 0x11de0, 0x11f50, 0x16130, 0x16a60, 0x16ac0, 0x16b50,
    0x16d70, 0x1ccf0, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e4f0,
    0x1e5f1, 0x1e950, 0x1fbf0,
];

/// Go's tag alphabet: letters, decimal digits, `_` and `.`. Non-ASCII letters use Rust's
/// Alphabetic property, a slight superset of Go's L category (it adds Nl and some marks).
fn is_tag_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || c == '.'
        || (!c.is_ascii()
            && (c.is_alphabetic() || ND_STARTS.iter().any(|&s| (s..s + 10).contains(&(c as u32)))))
}

/// Recursive-descent parser for `//go:build` expressions; `tok` is the current token.
struct Parser<'a> {
    s: &'a str,
    i: usize,
    tok: &'a str,
    is_tag: bool,
    size: usize,
}

impl<'a> Parser<'a> {
    fn or(&mut self) -> Result<Expr, String> {
        let mut x = self.and()?;
        while self.tok == "||" {
            x = or(x, self.and()?);
        }
        Ok(x)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut x = self.not()?;
        while self.tok == "&&" {
            x = and(x, self.not()?);
        }
        Ok(x)
    }

    fn not(&mut self) -> Result<Expr, String> {
        self.size += 1;
        if self.size > MAX_SIZE {
            return Err("build expression too large".into());
        }
        self.lex()?;
        if self.tok == "!" {
            self.lex()?;
            if self.tok == "!" {
                return Err("double negation not allowed".into());
            }
            return Ok(not(self.atom()?));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, String> {
        if self.tok == "(" {
            // Running out of input anywhere inside the parens is reported as the open paren's fault.
            let x = self.or().map_err(|e| match e.as_str() {
                END_OF_EXPR => "missing close paren".to_string(),
                _ => e,
            })?;
            if self.tok != ")" {
                return Err("missing close paren".into());
            }
            self.lex()?;
            return Ok(x);
        }
        if !self.is_tag {
            return Err(match self.tok {
                "" => END_OF_EXPR.into(),
                t => format!("unexpected token {t}"),
            });
        }
        let x = tag(self.tok);
        self.lex()?;
        Ok(x)
    }

    fn lex(&mut self) -> Result<(), String> {
        let s = self.s;
        self.is_tag = false;
        self.i += s[self.i..].len() - s[self.i..].trim_start_matches([' ', '\t']).len();
        let rest = &s[self.i..];
        let len = match rest.as_bytes().first() {
            None => 0,
            Some(b'(' | b')' | b'!') => 1,
            Some(&c @ (b'&' | b'|')) if rest.as_bytes().get(1) == Some(&c) => 2,
            Some(&c @ (b'&' | b'|')) => return Err(format!("invalid syntax at {}", c as char)),
            Some(_) => {
                let n = rest.find(|c| !is_tag_char(c)).unwrap_or(rest.len());
                if n == 0 {
                    let c = rest.chars().next().unwrap_or_default();
                    return Err(format!("invalid syntax at {c}"));
                }
                self.is_tag = true;
                n
            }
        };
        self.tok = &rest[..len];
        self.i += len;
        Ok(())
    }
}

/// Parses one `//go:build` line (the whole line including `//go:build`).
pub fn parse_go_build(line: &str) -> Result<Expr, String> {
    let text = split_directive(line, false).ok_or("not a build constraint")?;
    let mut p = Parser {
        s: text,
        i: 0,
        tok: "",
        is_tag: false,
        size: 0,
    };
    let x = p.or()?;
    if !p.tok.is_empty() {
        return Err(format!("unexpected token {}", p.tok));
    }
    Ok(x)
}

/// Parses one `// +build` line; None when the line is not a +build line or does not parse (the go command skips those).
pub fn parse_plus_build(line: &str) -> Option<Expr> {
    let text = split_directive(line, true)?;
    let mut size = 0;
    let mut grow = |x: Option<Expr>, y: Expr, join: fn(Expr, Expr) -> Expr| match x {
        None => Some(y),
        Some(x) => {
            size += 1;
            (size <= MAX_PLUS_SIZE).then(|| join(x, y))
        }
    };
    let mut any: Option<Expr> = None;
    for clause in text.split_whitespace() {
        let mut all: Option<Expr> = None;
        for lit in clause.split(',') {
            // Malformed literals become the never-set `ignore` rather than an error;
            // note a bare `!` or `!!x` is `ignore` itself, not its negation.
            let lit = if lit.starts_with("!!") || lit == "!" {
                tag("ignore")
            } else {
                let (neg, name) = lit.strip_prefix('!').map_or((false, lit), |n| (true, n));
                let valid = !name.is_empty() && name.chars().all(is_tag_char);
                let t = tag(if valid { name } else { "ignore" });
                if neg { not(t) } else { t }
            };
            all = Some(grow(all, lit, and)?);
        }
        any = Some(grow(any, all?, or)?);
    }
    Some(any.unwrap_or_else(|| tag("ignore")))
}

/// The build constraint a file's header states, exactly as go/build's shouldBuild reads it:
/// only the leading run of blank lines and comments counts (parseFileHeader semantics, /* */ handling,
/// a UTF-8 BOM at the start is allowed and skipped); a `//go:build` line there controls
/// (two of them is an error "multiple //go:build comments"; an unparsable one is an error "parsing //go:build line: ...");
/// otherwise every `// +build` line that is followed by a blank line before the first non-comment text counts, ANDed.
/// Returns Ok(None) when the file is unconstrained.
pub fn header_constraint(content: &[u8]) -> Result<Option<Expr>, ConstraintError> {
    let content = content.strip_prefix(crate::header::BOM).unwrap_or(content);
    // Most headers state no constraint: without either word there is nothing to find.
    let contains = |word: &str| memchr::memmem::find(content, word.as_bytes()).is_some();
    if !contains("//go:build") && !contains("+build") {
        return Ok(None);
    }
    // Lossy decoding is harmless here: Go sees invalid bytes as U+FFFD too, never as space or tag text.
    let text = String::from_utf8_lossy(content);
    let error = |message: String, line| ConstraintError { message, line };
    let mut go_build: Option<(usize, &str)> = None;
    let mut plus = Vec::new();
    // +build lines count only above the last blank line seen before non-`//` text.
    let mut end = 0;
    let (mut ended, mut in_star) = (false, false);
    'lines: for (idx, raw) in text.split_inclusive('\n').enumerate() {
        let mut line = raw.trim();
        if line.is_empty() && !ended {
            end = idx;
            continue;
        }
        if !line.starts_with("//") {
            ended = true;
        }
        if !in_star && split_directive(line, false).is_some() {
            if go_build.is_some() {
                return Err(error("multiple //go:build comments".into(), idx + 1));
            }
            go_build = Some((idx + 1, line));
        }
        if !ended && let Some(x) = parse_plus_build(line) {
            plus.push((idx, x));
        }
        // Consume comments on this line; any other text ends the header.
        while !line.is_empty() {
            if in_star {
                let Some(i) = line.find("*/") else {
                    continue 'lines;
                };
                in_star = false;
                line = line[i + 2..].trim();
            } else if line.starts_with("//") {
                continue 'lines;
            } else if let Some(rest) = line.strip_prefix("/*") {
                in_star = true;
                line = rest.trim();
            } else {
                break 'lines;
            }
        }
    }
    if let Some((line, text)) = go_build {
        let err = |e: String| error(format!("parsing //go:build line: {e}"), line);
        return parse_go_build(text).map(Some).map_err(err);
    }
    let counted = plus.into_iter().filter(|&(i, _)| i < end);
    Ok(counted.map(|(_, x)| x).reduce(and))
}

/// A file's whole constraint (file name and header) over numbered tags, for deciding many
/// files in many configurations: the tags are matched once per configuration
/// ([`BuildEnv::match_tag`] into a table), and each file only reads the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagProgram {
    /// Postfix: a tag pushes its value, `Not` pops one, `And` and `Or` pop two.
    ops: Vec<TagOp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagOp {
    Tag(usize),
    Not,
    And,
    Or,
}

impl TagProgram {
    /// Compiles a file's constraints; `number` gives each tag its index in the table.
    pub fn new(
        name: &FileNameConstraint,
        expr: Option<&Expr>,
        number: &mut dyn FnMut(&str) -> usize,
    ) -> TagProgram {
        fn compile(x: &Expr, number: &mut dyn FnMut(&str) -> usize, ops: &mut Vec<TagOp>) {
            match x {
                Expr::Tag(t) => ops.push(TagOp::Tag(number(t))),
                Expr::Not(x) => {
                    compile(x, number, ops);
                    ops.push(TagOp::Not);
                }
                Expr::And(x, y) => {
                    compile(x, number, ops);
                    compile(y, number, ops);
                    ops.push(TagOp::And);
                }
                Expr::Or(x, y) => {
                    compile(x, number, ops);
                    compile(y, number, ops);
                    ops.push(TagOp::Or);
                }
            }
        }
        let mut ops = Vec::new();
        let parts = [name.goarch, name.goos];
        for tag in parts.into_iter().flatten() {
            ops.push(TagOp::Tag(number(tag)));
        }
        if let Some(expr) = expr {
            compile(expr, number, &mut ops);
        }
        // AND together what the name and the header say (nothing: always built).
        let terms = parts.iter().flatten().count() + usize::from(expr.is_some());
        ops.extend(std::iter::repeat_n(TagOp::And, terms.saturating_sub(1)));
        TagProgram { ops }
    }

    /// Whether the file is built where `values[i]` says whether tag `i` is set.
    pub fn eval(&self, values: &[bool], stack: &mut Vec<bool>) -> bool {
        stack.clear();
        for op in &self.ops {
            let value = match *op {
                TagOp::Tag(i) => values[i],
                TagOp::Not => !stack.pop().expect("an operand"),
                TagOp::And | TagOp::Or => {
                    let (y, x) = (stack.pop(), stack.pop());
                    let (x, y) = (x.expect("an operand"), y.expect("an operand"));
                    if *op == TagOp::And { x && y } else { x || y }
                }
            };
            stack.push(value);
        }
        stack.pop().unwrap_or(true)
    }
}

/// The GOOS and GOARCH a file name restricts the file to (goodOSArchFile): `x_linux.go`, `x_amd64_test.go`, `x_linux_arm64.go`; `linux.go` and `x_unix.go` are unconstrained.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileNameConstraint {
    /// The GOOS suffix, if any.
    pub goos: Option<&'static str>,
    /// The GOARCH suffix, if any.
    pub goarch: Option<&'static str>,
}

fn known(list: &[&'static str], name: &str) -> Option<&'static str> {
    list.iter().copied().find(|&k| k == name)
}

/// Reads `name_GOOS`, `name_GOARCH`, `name_GOOS_GOARCH` (each optionally `_test`) from a file name.
pub fn filename_constraint(file_name: &str) -> FileNameConstraint {
    let stem = file_name.split('.').next().unwrap_or_default();
    // Only text after the first `_` counts, so `linux.go` or `linux_x.go` are not OS-specific.
    let Some(i) = stem.find('_') else {
        return FileNameConstraint::default();
    };
    let mut parts: Vec<&str> = stem[i + 1..].split('_').collect();
    if parts.len() > 1 && parts.last() == Some(&"test") {
        parts.pop();
    }
    let last = parts[parts.len() - 1];
    let (goos, goarch) = match parts[..] {
        [.., os, arch] if known(KNOWN_OS, os).is_some() && known(KNOWN_ARCH, arch).is_some() => {
            (known(KNOWN_OS, os), known(KNOWN_ARCH, arch))
        }
        _ => (known(KNOWN_OS, last), known(KNOWN_ARCH, last)),
    };
    FileNameConstraint { goos, goarch }
}

/// One real build target: GOOS/GOARCH.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Platform {
    /// The GOOS value.
    pub goos: &'static str,
    /// The GOARCH value.
    pub goarch: &'static str,
}

const fn p(goos: &'static str, goarch: &'static str) -> Platform {
    Platform { goos, goarch }
}

/// Every port `go tool dist list` names for Go 1.27.3, with linux/amd64 first, then the rest sorted.
#[rustfmt::skip]
pub const PLATFORMS: &[Platform] = &[
    p("linux", "amd64"), p("aix", "ppc64"),
    p("android", "386"), p("android", "amd64"), p("android", "arm"), p("android", "arm64"),
    p("darwin", "amd64"), p("darwin", "arm64"), p("dragonfly", "amd64"),
    p("freebsd", "386"), p("freebsd", "amd64"), p("freebsd", "arm"), p("freebsd", "arm64"),
    p("illumos", "amd64"), p("ios", "amd64"), p("ios", "arm64"), p("js", "wasm"),
    p("linux", "386"), p("linux", "arm"), p("linux", "arm64"), p("linux", "loong64"),
    p("linux", "mips"), p("linux", "mips64"), p("linux", "mips64le"), p("linux", "mipsle"),
    p("linux", "ppc64"), p("linux", "ppc64le"), p("linux", "riscv64"), p("linux", "s390x"),
    p("netbsd", "386"), p("netbsd", "amd64"), p("netbsd", "arm"), p("netbsd", "arm64"),
    p("openbsd", "386"), p("openbsd", "amd64"), p("openbsd", "arm"), p("openbsd", "arm64"),
    p("openbsd", "ppc64"), p("openbsd", "riscv64"),
    p("plan9", "386"), p("plan9", "amd64"), p("plan9", "arm"), p("solaris", "amd64"),
    p("wasip1", "wasm"),
    p("windows", "386"), p("windows", "amd64"), p("windows", "arm64"),
];

/// Every GOOS the go command recognizes in file names, past and future ones included (sorted).
#[rustfmt::skip]
pub const KNOWN_OS: &[&str] = &[
    "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux",
    "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
];

/// Every GOARCH the go command recognizes in file names, past and future ones included (sorted).
#[rustfmt::skip]
pub const KNOWN_ARCH: &[&str] = &[
    "386", "amd64", "amd64p32", "arm", "arm64", "arm64be", "armbe", "loong64", "mips", "mips64",
    "mips64le", "mips64p32", "mips64p32le", "mipsle", "ppc", "ppc64", "ppc64le", "riscv",
    "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
];

/// The GOOS values that satisfy the `unix` tag (sorted).
#[rustfmt::skip]
pub const UNIX_OS: &[&str] = &[
    "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "linux",
    "netbsd", "openbsd", "solaris",
];

/// One build configuration to evaluate tags in.
pub struct BuildEnv<'a> {
    /// The target GOOS.
    pub goos: &'a str,
    /// The target GOARCH.
    pub goarch: &'a str,
    /// Whether CGO_ENABLED=1.
    pub cgo: bool,
    /// Whether any other tag (release tags like go1.21, user tags, goexperiment.*, arch feature tags) is set.
    pub other: &'a dyn Fn(&str) -> bool,
}

impl BuildEnv<'_> {
    /// matchTag: cgo, GOOS, GOARCH, the compiler "gc", android=>linux, illumos=>solaris, ios=>darwin, unix for Unix GOOS, boringcrypto as goexperiment.boringcrypto, else `other`.
    pub fn match_tag(&self, tag: &str) -> bool {
        let implied = match self.goos {
            "android" => "linux",
            "illumos" => "solaris",
            "ios" => "darwin",
            _ => "",
        };
        if (self.cgo && tag == "cgo")
            || tag == self.goos
            || tag == self.goarch
            || tag == "gc"
            || (!implied.is_empty() && tag == implied)
            || (tag == "unix" && UNIX_OS.contains(&self.goos))
        {
            return true;
        }
        // boringcrypto is the old spelling of the experiment tag.
        let tag = if tag == "boringcrypto" {
            "goexperiment.boringcrypto"
        } else {
            tag
        };
        (self.other)(tag)
    }

    /// Whether a file with this file-name constraint and header expression is built here.
    pub fn builds(&self, name: &FileNameConstraint, expr: Option<&Expr>) -> bool {
        name.goarch.is_none_or(|a| self.match_tag(a))
            && name.goos.is_none_or(|o| self.match_tag(o))
            && expr.is_none_or(|x| x.eval(&mut |t| self.match_tag(t)))
    }
}

/// How golayout treats a tag when it looks for configurations that build two files together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    /// Decided by the platform: a GOOS, GOARCH, `unix`, `cgo`, `gc`, `gccgo` (never set: golayout models the gc compiler).
    Platform,
    /// A release tag `go1.N`, with N.
    Release(u32),
    /// An architecture feature tag such as `amd64.v3`, `arm.7`, `arm64.v8.1` (GOAMD64/GOARM/...; first part a KnownArch).
    ArchFeature,
    /// `ignore`: the conventional never-set tag.
    Ignore,
    /// Anything else (user tags such as `tools`, `integration`, `goexperiment.*`).
    Custom,
}

/// Sorts a tag into a [`TagKind`]; `go1.N` needs canonical N >= 1 (`go1.0`, `go1.021` are never set by Go).
pub fn classify_tag(tag: &str) -> TagKind {
    if tag == "ignore" {
        return TagKind::Ignore;
    }
    let platform = ["unix", "cgo", "gc", "gccgo"].contains(&tag);
    if platform || KNOWN_OS.contains(&tag) || KNOWN_ARCH.contains(&tag) {
        return TagKind::Platform;
    }
    if let Some(n) = tag.strip_prefix("go1.")
        && let Ok(v) = n.parse::<u32>()
        && v >= 1
        && v.to_string() == n
    {
        return TagKind::Release(v);
    }
    match tag.split_once('.') {
        Some((arch, rest)) if !rest.is_empty() && KNOWN_ARCH.contains(&arch) => {
            TagKind::ArchFeature
        }
        _ => TagKind::Custom,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(goos: &'a str, goarch: &'a str, other: &'a dyn Fn(&str) -> bool) -> BuildEnv<'a> {
        BuildEnv {
            goos,
            goarch,
            cgo: false,
            other,
        }
    }

    fn never(_: &str) -> bool {
        false
    }

    fn header(s: &str) -> Result<Option<String>, ConstraintError> {
        header_constraint(s.as_bytes()).map(|x| x.map(|x| x.to_string()))
    }

    /// Go's `shouldBuildTests`: (name, content, tags consulted, should build).
    #[rustfmt::skip]
    const SHOULD_BUILD: &[(&str, &str, &[&str], bool)] = &[
        ("Yes", "// +build yes\n\npackage main\n", &["yes"], true),
        ("Yes2", "//go:build yes\npackage main\n", &["yes"], true),
        ("Or", "// +build no yes\n\npackage main\n", &["no", "yes"], true),
        ("Or2", "//go:build no || yes\npackage main\n", &["no", "yes"], true),
        ("And", "// +build no,yes\n\npackage main\n", &["no", "yes"], false),
        ("And2", "//go:build no && yes\npackage main\n", &["no", "yes"], false),
        ("Cgo", "// +build cgo\n\n// Copyright The Go Authors.\n\n\
                 // This package implements parsing of tags like\n// +build tag1\npackage build",
         &["cgo"], false),
        ("Cgo2", "//go:build cgo\n// Copyright The Go Authors.\n\n\
                  // This package implements parsing of tags like\n// +build tag1\npackage build",
         &["cgo"], false),
        ("AfterPackage", "// Copyright The Go Authors.\n\npackage build\n\n\
                          // shouldBuild checks tags given by lines of the form\n// +build tag\n\
                          //go:build tag\nfunc shouldBuild(content []byte)\n", &[], true),
        ("TooClose", "// +build yes\npackage main\n", &[], true),
        ("TooClose2", "//go:build yes\npackage main\n", &["yes"], true),
        ("TooCloseNo", "// +build no\npackage main\n", &[], true),
        ("TooCloseNo2", "//go:build no\npackage main\n", &["no"], false),
        ("BinaryOnly", "//go:binary-only-package\n// +build yes\npackage main\n", &[], true),
        ("BinaryOnly2", "//go:binary-only-package\n//go:build no\npackage main\n", &["no"], false),
        ("ValidGoBuild", "// +build yes\n\n//go:build no\npackage main\n", &["no"], false),
        ("MissingBuild2", "/* */\n// +build yes\n\n//go:build no\npackage main\n", &["no"], false),
        ("Comment1", "/*\n//go:build no\n*/\n\npackage main\n", &[], true),
        ("Comment2", "/*\ntext\n*/\n\n//go:build no\npackage main\n", &["no"], false),
        ("Comment3", "/*/*/ /* hi *//* \ntext\n*/\n\n//go:build no\npackage main\n", &["no"], false),
        ("Comment4", "/**///go:build no\npackage main\n", &[], true),
        ("Comment5", "/**/\n//go:build no\npackage main\n", &["no"], false),
    ];

    #[test]
    fn should_build_table() {
        // Go's test context sets only the tag `yes`; GOOS, GOARCH and cgo are unset. Its table
        // expects no errors, and golayout does not track //go:binary-only-package.
        let yes = |t: &str| t == "yes";
        let env = env("", "", &yes);
        for &(name, content, want_tags, want) in SHOULD_BUILD {
            let expr = header_constraint(content.as_bytes()).expect(name);
            let mut seen = Vec::new();
            let got = expr.as_ref().is_none_or(|x| {
                x.eval(&mut |t| {
                    seen.push(t.to_string());
                    env.match_tag(t)
                })
            });
            seen.sort();
            seen.dedup();
            assert_eq!((got, seen.join(" ")), (want, want_tags.join(" ")), "{name}");
            let builds = env.builds(&FileNameConstraint::default(), expr.as_ref());
            assert_eq!(builds, want, "{name}");
        }
    }

    #[test]
    fn match_file_table() {
        let (p9, android) = (env("plan9", "arm", &never), env("android", "arm", &never));
        // For non-.go names only the file-name part is ours: Go rejects `foo.badsuffix` by
        // its extension, but its name alone does not constrain it.
        #[rustfmt::skip]
        let cases = [
            (&p9, "foo_arm.go", "", true),
            (&p9, "foo1_arm.go", "// +build linux\n\npackage main\n", false),
            (&p9, "foo_darwin.go", "", false),
            (&p9, "foo.go", "", true),
            (&p9, "foo1.go", "// +build linux\n\npackage main\n", false),
            (&p9, "foo.badsuffix", "", true),
            (&android, "foo_linux.go", "", true),
            (&android, "foo_android.go", "", true),
            (&android, "foo_plan9.go", "", false),
            (&android, "android.go", "", true),
            (&android, "plan9.go", "", true),
            (&android, "plan9_test.go", "", true),
            (&android, "arm.s", "", true),
            (&android, "amd64.s", "", true),
        ];
        for (env, name, data, want) in cases {
            let expr = header_constraint(data.as_bytes()).unwrap();
            let got = env.builds(&filename_constraint(name), expr.as_ref());
            assert_eq!(got, want, "{name}");
        }
        // TestGoodOSArchFile: a file-name OS also matches when set as an ordinary build tag.
        let linux = |t: &str| t == "linux";
        assert!(env("darwin", "", &linux).builds(&filename_constraint("hello_linux.go"), None));
        let ios = env("ios", "arm64", &never);
        assert!(ios.builds(&filename_constraint("x_darwin_arm64.go"), None));
        assert!(!ios.builds(&filename_constraint("x_darwin_amd64.go"), None));
    }

    #[test]
    fn tag_programs_decide_as_builds_does() {
        let names = [
            "a.go",
            "a_linux.go",
            "a_arm64.go",
            "a_windows_386.go",
            "a_ios_test.go",
        ];
        let headers = [
            "",
            "//go:build linux || (darwin && !cgo)",
            "//go:build !(unix && amd64) || x",
            "//go:build !(!arm64) && (windows || ios) && !x",
            "//go:build ((a || b) && !(c || d)) || (linux && !amd64 && cgo)",
            "// +build linux,cgo darwin\n// +build !x\n",
        ];
        let other = |t: &str| t == "x" || t == "c";
        for name in names {
            for header in headers {
                let expr = header_constraint(format!("{header}\n\npackage p\n").as_bytes());
                let expr = expr.unwrap();
                let mut table: Vec<String> = Vec::new();
                let mut number = |t: &str| match table.iter().position(|x| x == t) {
                    Some(i) => i,
                    None => {
                        table.push(t.to_string());
                        table.len() - 1
                    }
                };
                let name_constraint = filename_constraint(name);
                let program = TagProgram::new(&name_constraint, expr.as_ref(), &mut number);
                for platform in PLATFORMS {
                    for cgo in [true, false] {
                        let env = BuildEnv {
                            goos: platform.goos,
                            goarch: platform.goarch,
                            cgo,
                            other: &other,
                        };
                        let values: Vec<bool> = table.iter().map(|t| env.match_tag(t)).collect();
                        let got = program.eval(&values, &mut Vec::new());
                        let want = env.builds(&name_constraint, expr.as_ref());
                        assert_eq!(got, want, "{name} {header:?} on {platform:?} cgo={cgo}");
                    }
                }
            }
        }
    }

    #[test]
    fn file_names() {
        #[rustfmt::skip]
        let cases = [
            ("x_linux.go", Some("linux"), None), ("x_amd64_test.go", None, Some("amd64")),
            ("x_linux_arm64.go", Some("linux"), Some("arm64")),
            ("x_linux_arm64_test.go", Some("linux"), Some("arm64")),
            ("x_arm64_linux.go", Some("linux"), None), ("x_linux.pb.go", Some("linux"), None),
            ("linux_amd64.go", None, Some("amd64")), // text before the first `_` never counts
            ("_linux.go", Some("linux"), None), ("x_nacl.go", Some("nacl"), None),
            ("linux.go", None, None), ("x_unix.go", None, None), ("x_test.go", None, None),
            ("x.linux.go", None, None), ("x_linux_foo.go", None, None),
        ];
        for (name, goos, goarch) in cases {
            let want = FileNameConstraint { goos, goarch };
            assert_eq!(filename_constraint(name), want, "{name}");
        }
    }

    #[test]
    fn go_build_lines() {
        // (text after `//go:build `, Display of the parse or its error)
        #[rustfmt::skip]
        let cases = [
            ("abc", Ok("abc")), ("!abc", Ok("!abc")), ("!(abc&&def)", Ok("!(abc && def)")),
            ("abc && (def || ghi)", Ok("abc && (def || ghi)")),
            ("(abc && def) || ghi", Ok("(abc && def) || ghi")),
            ("x||y&&z", Ok("x || (y && z)")), ("x&&y||z", Ok("(x && y) || z")), ("(x)", Ok("x")),
            ("x&&(y||z)", Ok("x && (y || z)")), ("(x||y)&&z", Ok("(x || y) && z")),
            ("a && (b && c)", Ok("a && b && c")), ("!(!x)", Ok("!!x")),
            ("αx && go1.2 && x.y && x_y", Ok("αx && go1.2 && x.y && x_y")),
            ("x && ", Err("unexpected end of expression")), ("x && (", Err("missing close paren")),
            ("x && ||", Err("unexpected token ||")), ("x && !", Err("unexpected end of expression")),
            ("x && !!", Err("double negation not allowed")), ("x !", Err("unexpected token !")),
            ("x && (y", Err("missing close paren")), ("(x && !", Err("missing close paren")),
            ("x )", Err("unexpected token )")), ("x y", Err("unexpected token y")),
            ("x!y", Err("unexpected token !")), ("αx²", Err("invalid syntax at ²")),
            ("x~", Err("invalid syntax at ~")), ("x ~", Err("invalid syntax at ~")),
            ("x &", Err("invalid syntax at &")), ("x &y", Err("invalid syntax at &")),
            ("linux,amd64", Err("invalid syntax at ,")), ("", Err("unexpected end of expression")),
        ];
        let check = |line: &str, want: Result<&str, &str>| {
            let got = parse_go_build(line).map(|x| x.to_string());
            assert_eq!(
                got,
                want.map(String::from).map_err(String::from),
                "{line:?}"
            );
        };
        for (input, want) in cases {
            check(&format!("//go:build {input}"), want);
        }
        let not_go = Err("not a build constraint");
        #[rustfmt::skip]
        let whole_lines = [
            ("//go:build\tx && y\n", Ok("x && y")), ("//go:build\n", Err("unexpected end of expression")),
            ("//go:build x\n ", not_go), ("//go:build x\nmore", not_go), (" //go:build x", not_go),
            ("//go:buildx", not_go), ("// go:build x", not_go), ("// +build x", not_go),
        ];
        for (line, want) in whole_lines {
            check(line, want);
        }
        let x = parse_go_build("//go:build x||y&&z").unwrap();
        assert_eq!(x, or(tag("x"), and(tag("y"), tag("z"))));
        for big in ["a || ", "a && ", "(a &&", "(a ||"] {
            let got = parse_go_build(&format!("//go:build {}", big.repeat(MAX_SIZE + 2)));
            assert_eq!(got, Err("build expression too large".into()), "{big}");
        }
    }

    #[test]
    fn plus_build_lines() {
        // (line, expression; "" when the line is not a usable +build line)
        #[rustfmt::skip]
        let cases = [
            ("// +build x", "x"), ("// +build x,y", "x && y"), ("// +build x y", "x || y"),
            ("// +build x y,z", "x || (y && z)"), ("// +build x,y z", "(x && y) || z"),
            ("// +build x,!y !z", "(x && !y) || !z"), ("// +build !! x", "ignore || x"),
            ("// +build !!x", "ignore"), ("// +build !x", "!x"),
            ("// +build a-b !c~", "ignore || !ignore"), ("//+build !", "ignore"),
            ("//+build", "ignore"), ("//+build x y", "x || y"), ("// +build x y \n", "x || y"),
            ("// +build x y \n ", ""), ("// +build x y \nmore", ""), (" //+build x y", ""),
            ("// +buildx", ""), ("//go:build x", ""), ("// go:build x", ""),
        ];
        for (line, want) in cases {
            let got = parse_plus_build(line).map(|x| x.to_string());
            let want = Some(want.to_string()).filter(|w| !w.is_empty());
            assert_eq!(got, want, "{line:?}");
        }
        // Too many operators: the go command skips the line rather than rejecting the file.
        let long = |sep: &str, n| format!("// +build {}", format!("a{sep}").repeat(n));
        assert_eq!(parse_plus_build(&long(" ", MAX_PLUS_SIZE + 2)), None);
        assert_eq!(parse_plus_build(&long(",", MAX_PLUS_SIZE + 2)), None);
        assert!(parse_plus_build(&long(" ", MAX_PLUS_SIZE)).is_some());
        let header = format!("{}\n\npackage p", long(" ", 200));
        assert_eq!(header_constraint(header.as_bytes()), Ok(None));
    }

    #[test]
    fn eval_and_tags() {
        #[rustfmt::skip]
        let cases = [
            ("x", false, "x"),
            ("x && y", false, "x y"),
            ("x || y", false, "x y"),
            ("!x && yes", true, "x yes"),
            ("yes || y", true, "yes y"),
        ];
        for (input, want, tags) in cases {
            let x = parse_go_build(&format!("//go:build {input}")).unwrap();
            let mut seen = Vec::new();
            let got = x.eval(&mut |t| {
                seen.push(t.to_string());
                t == "yes"
            });
            assert_eq!((got, seen.join(" ")), (want, tags.to_string()), "{input}");
        }
        let x = parse_go_build("//go:build (b || a) && !b && c").unwrap();
        assert_eq!(x.tags(), ["b", "a", "c"]);
    }

    #[test]
    fn headers() {
        // (content, constraint; "" for none)
        #[rustfmt::skip]
        let cases = [
            ("package p\n", ""),
            ("", ""),
            ("// +build a\n// +build b c\n\npackage p", "a && (b || c)"),
            ("// +build a\n\n// +build b\npackage p", "a"),
            ("// +build a\r\n\r\npackage p", "a"),
            ("// +build a\n", ""),
            ("// +build a\n\n", "a"),
            ("//go:build a\n", "a"),
            ("// go:build a\n\npackage p", ""),
            ("\u{feff}//go:build a\npackage p", "a"),
            ("\u{feff}// +build a\n\npackage p", "a"),
            ("/* x\n//go:build a\n*/\npackage p", ""),
            ("/* x */ //go:build a\npackage p", ""),
            ("  //go:build a  \npackage p", "a"),
            ("package p\n//go:build a\n", ""),
            ("/* */\n// +build a\n\npackage p", ""),
            ("// +build a\n\n/* */\n\n// +build b\n\npackage p", "a"),
            ("// +build a b,c\n\n// +build !d\n\n//go:build z\n", "z"),
        ];
        for (input, want) in cases {
            let want = Some(want.to_string()).filter(|w| !w.is_empty());
            assert_eq!(header(input), Ok(want), "{input:?}");
        }
        let invalid_utf8 = header_constraint(b"//go:build a\n\xff\npackage p");
        assert_eq!(invalid_utf8, Ok(Some(tag("a"))));
        #[rustfmt::skip]
        let errors: [(&[u8], &str, usize); 4] = [
            (b"//go:build a\n//go:build b\npackage p", "multiple //go:build comments", 2),
            (b"// doc\n\n//go:build\npackage p", "parsing //go:build line: unexpected end of expression", 3),
            (b"//go:build linux,amd64\npackage p", "parsing //go:build line: invalid syntax at ,", 1),
            (b"//go:build a\xff\n", "parsing //go:build line: invalid syntax at \u{fffd}", 1),
        ];
        for (input, message, line) in errors {
            let err = header_constraint(input).unwrap_err();
            assert_eq!((err.message.as_str(), err.line), (message, line));
        }
    }

    #[test]
    fn tag_matching() {
        let other = |t: &str| t == "go1.21" || t == "goexperiment.boringcrypto";
        let mut android = env("android", "arm64", &other);
        android.cgo = true;
        let set = "android linux unix arm64 cgo gc go1.21 boringcrypto";
        assert!(set.split(' ').all(|t| android.match_tag(t)));
        let unset = "darwin amd64 gccgo go1.22 ignore goexperiment.x";
        assert!(!unset.split(' ').any(|t| android.match_tag(t)));
        assert!(env("illumos", "amd64", &never).match_tag("solaris"));
        assert!(!env("solaris", "amd64", &never).match_tag("illumos"));
        assert!(env("ios", "arm64", &never).match_tag("darwin"));
        assert!(!env("windows", "amd64", &never).match_tag("unix"));
        assert!(!env("linux", "amd64", &never).match_tag("cgo"));
    }

    #[test]
    fn classify() {
        use TagKind::*;
        #[rustfmt::skip]
        let cases = [
            ("linux", Platform), ("wasm", Platform), ("unix", Platform), ("cgo", Platform),
            ("gc", Platform), ("gccgo", Platform), ("zos", Platform), ("go1.21", Release(21)),
            ("go1.1", Release(1)), ("go1.0", Custom), ("go1.021", Custom), ("go1.21.1", Custom),
            ("amd64.v3", ArchFeature), ("arm.7", ArchFeature), ("arm64.v8.1", ArchFeature),
            ("386.sse2", ArchFeature), ("amd64.", Custom), ("foo.v1", Custom), ("ignore", Ignore),
            ("tools", Custom), ("goexperiment.rangefunc", Custom), ("boringcrypto", Custom),
        ];
        for (t, want) in cases {
            assert_eq!(classify_tag(t), want, "{t}");
        }
    }

    #[test]
    fn platform_tables() {
        assert_eq!(PLATFORMS.len(), 47);
        assert_eq!(PLATFORMS[0], p("linux", "amd64"));
        assert!(PLATFORMS[1..].is_sorted() && !PLATFORMS[1..].contains(&PLATFORMS[0]));
        assert!(KNOWN_OS.is_sorted() && KNOWN_ARCH.is_sorted() && UNIX_OS.is_sorted());
        assert!(UNIX_OS.iter().all(|os| KNOWN_OS.contains(os)));
        for pl in PLATFORMS {
            assert!(
                KNOWN_OS.contains(&pl.goos) && KNOWN_ARCH.contains(&pl.goarch),
                "{pl:?}"
            );
        }
    }
}
