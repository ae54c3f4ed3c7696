//! The module files golayout reads, offline and leniently: `go.mod` (the `module` and
//! `go` lines for layout rules; `require` and `replace` for name resolution), `go.work`
//! (`use` and `replace`) and `vendor/modules.txt`, plus the module cache's path escaping
//! and semantic-version ordering. A malformed file is an error value, never a panic; the
//! caller then resolves nothing through it.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A module: its root directory, path and Go language version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// The directory holding `go.mod`.
    pub root: PathBuf,
    /// The `module` line.
    pub path: String,
    /// The minor version of the `go` line (`go 1.21.3` is 21), if present.
    pub go_minor: Option<u32>,
    /// The paths of the `ignore` directives (Go 1.25), as written: `./x` is the directory
    /// x at the root, `x` every directory whose path below the root contains `x`.
    pub ignore: Vec<String>,
}

impl Module {
    /// Whether an `ignore` directive leaves `dir` (the root or below it) out of `./...`,
    /// as the go command's `IgnorePatterns.ShouldIgnore` decides.
    pub fn ignores(&self, dir: &Path) -> bool {
        if self.ignore.is_empty() {
            return false;
        }
        let Ok(rel) = dir.strip_prefix(&self.root) else {
            return false;
        };
        if rel.as_os_str().is_empty() {
            return false;
        }
        let rel = format!("/{}/", rel.to_string_lossy().replace('\\', "/"));
        self.ignore
            .iter()
            .any(|pattern| match pattern.strip_prefix("./") {
                Some(relative) => rel.starts_with(&slashed(relative)),
                None => rel.contains(&slashed(pattern)),
            })
    }

    /// The import path of `dir`, which must be `root` or below it.
    pub fn import_path(&self, dir: &Path) -> String {
        let rel = dir.strip_prefix(&self.root).unwrap_or(Path::new(""));
        let rel: Vec<_> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        let rel = rel.join("/");
        // The standard library's module is called "std" but its packages are not prefixed.
        if self.path == "std" && !rel.is_empty() {
            return rel;
        }
        if rel.is_empty() {
            self.path.clone()
        } else {
            format!("{}/{}", self.path, rel)
        }
    }
}

/// Why a go.mod could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoModError {
    /// 1-based line, or 0 for the whole file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// `/x/`: a path with one slash at each end, as the go command compares ignored paths.
fn slashed(path: &str) -> String {
    let path = path.trim_matches('/');
    format!("/{path}/")
}

/// Parses the `module`, `go` and `ignore` directives of a go.mod file.
pub fn parse(root: &Path, text: &str) -> Result<Module, GoModError> {
    let mut path = None;
    let mut go_minor = None;
    let mut ignore = Vec::new();
    let mut in_ignore_block = false;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or("").trim();
        let unquote = |word: &str| word.trim_matches(|c| c == '"' || c == '`').to_string();
        if in_ignore_block {
            match line {
                ")" => in_ignore_block = false,
                "" => {}
                _ => ignore.push(unquote(line)),
            }
            continue;
        }
        let mut words = line.split_whitespace();
        match words.next() {
            Some("ignore") => match words.next() {
                Some("(") => in_ignore_block = true,
                Some(word) => ignore.push(unquote(word)),
                None => {}
            },
            Some("module") => {
                let value = words.next().unwrap_or("");
                let value = value.trim_matches(|c| c == '"' || c == '`');
                if value.is_empty() || value == "(" {
                    return Err(GoModError {
                        line: index + 1,
                        message: "module directive without a module path".to_string(),
                    });
                }
                path = Some(value.to_string());
            }
            Some("go") => {
                let version = words.next().unwrap_or("");
                let minor = parse_go_minor(version);
                if minor.is_none() {
                    return Err(GoModError {
                        line: index + 1,
                        message: format!("invalid go version {version:?}"),
                    });
                }
                go_minor = minor;
            }
            _ => {}
        }
    }
    match path {
        Some(path) => Ok(Module {
            root: root.to_path_buf(),
            path,
            go_minor,
            ignore,
        }),
        None => Err(GoModError {
            line: 0,
            message: "no module directive".to_string(),
        }),
    }
}

/// The minor number of a `go` version (`1.21`, `1.21.3` and `1.21rc1` all give 21).
pub fn parse_go_minor(version: &str) -> Option<u32> {
    version
        .strip_prefix("1.")
        .and_then(|rest| rest.split(['.', 'r', 'b']).next())
        .and_then(|minor| minor.parse().ok())
}

/// A `require` line of a go.mod file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Require {
    /// The module path.
    pub path: String,
    /// The version required.
    pub version: String,
    /// Whether the line carries a `// indirect` comment.
    pub indirect: bool,
}

/// What a `replace` directive substitutes for a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplaceTarget {
    /// Another module at a version, found in the module cache.
    Module {
        /// The replacement's module path.
        path: String,
        /// The replacement's version.
        version: String,
    },
    /// A directory, as written (relative to the file that holds the directive).
    Dir(String),
}

/// A `replace` directive of a go.mod or go.work file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replace {
    /// The module path replaced.
    pub old_path: String,
    /// The only version replaced; None replaces every version.
    pub old_version: Option<String>,
    /// What replaces it.
    pub new: ReplaceTarget,
}

/// The directives of a go.mod file that name resolution needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModFile {
    /// The `module` path, if the file has one.
    pub module: Option<String>,
    /// The minor version of the `go` line, if present.
    pub go_minor: Option<u32>,
    /// Every `require`, in file order.
    pub requires: Vec<Require>,
    /// Every `replace`, in file order.
    pub replaces: Vec<Replace>,
}

/// The directives of a go.work file that name resolution needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkFile {
    /// The minor version of the `go` line, if present.
    pub go_minor: Option<u32>,
    /// The `use` directories, as written (relative to the go.work directory).
    pub uses: Vec<String>,
    /// Every `replace`, in file order; they override those of the go.mod files.
    pub replaces: Vec<Replace>,
}

/// Parses the `module`, `go`, `require` and `replace` directives of a go.mod file.
/// Any malformed line makes the whole file an error.
pub fn parse_mod_file(text: &str) -> Result<ModFile, GoModError> {
    let mut file = ModFile::default();
    for directive in directives(&lex(text)?)? {
        let args = directive.args;
        match directive.verb {
            "module" => match args {
                [path, ..] => file.module = Some(path.clone()),
                [] => return Err(directive.error("module directive without a module path")),
            },
            "go" => file.go_minor = Some(go_minor_arg(&directive)?),
            "require" => match args {
                [path, version] => file.requires.push(Require {
                    path: path.clone(),
                    version: version.clone(),
                    indirect: is_indirect(directive.comment),
                }),
                _ => return Err(directive.error("usage: require module/path v1.2.3")),
            },
            "replace" => file.replaces.push(parse_replace(&directive)?),
            // exclude, retract, toolchain, godebug, tool, ignore: nothing to resolve.
            _ => {}
        }
    }
    Ok(file)
}

/// Parses the `go`, `use` and `replace` directives of a go.work file. Any malformed line
/// makes the whole file an error.
pub fn parse_work_file(text: &str) -> Result<WorkFile, GoModError> {
    let mut file = WorkFile::default();
    for directive in directives(&lex(text)?)? {
        match directive.verb {
            "go" => file.go_minor = Some(go_minor_arg(&directive)?),
            "use" => match directive.args {
                [dir] => file.uses.push(dir.clone()),
                _ => return Err(directive.error("usage: use local/dir")),
            },
            "replace" => file.replaces.push(parse_replace(&directive)?),
            _ => {}
        }
    }
    Ok(file)
}

/// `// indirect` (or `// indirect; ...`) marks a requirement no package of the module
/// imports directly.
fn is_indirect(comment: &str) -> bool {
    matches!(
        comment.split_whitespace().next(),
        Some("indirect" | "indirect;")
    )
}

fn go_minor_arg(directive: &Directive) -> Result<u32, GoModError> {
    match directive.args {
        [version] => parse_go_minor(version)
            .ok_or_else(|| directive.error(&format!("invalid go version {version:?}"))),
        _ => Err(directive.error("usage: go 1.23")),
    }
}

/// `old [version] => new [version]`; a replacement without a version must be a directory.
fn parse_replace(directive: &Directive) -> Result<Replace, GoModError> {
    let args = directive.args;
    let usage = "usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory";
    let arrow = args
        .iter()
        .position(|a| a == "=>")
        .ok_or_else(|| directive.error(usage))?;
    let (old, new) = (&args[..arrow], &args[arrow + 1..]);
    let (old_path, old_version) = match old {
        [path] => (path.clone(), None),
        [path, version] => (path.clone(), Some(version.clone())),
        _ => return Err(directive.error(usage)),
    };
    let new = match new {
        [dir] if is_directory_path(dir) => ReplaceTarget::Dir(dir.clone()),
        [_] => {
            return Err(directive.error(
                "replacement module without version must be directory path (rooted or starting with ./ or ../)",
            ));
        }
        [path, version] => ReplaceTarget::Module {
            path: path.clone(),
            version: version.clone(),
        },
        _ => return Err(directive.error(usage)),
    };
    Ok(Replace {
        old_path,
        old_version,
        new,
    })
}

/// Whether a replacement names a directory rather than a module (modfile's
/// `IsDirectoryPath`): rooted, `.`-relative, or a Windows drive path.
fn is_directory_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    path == "."
        || path == ".."
        || ["./", "../", "/", ".\\", "..\\", "\\"]
            .iter()
            .any(|prefix| path.starts_with(prefix))
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

/// One line of a go.mod or go.work file, split into tokens.
struct Line {
    /// 1-based line number.
    number: usize,
    /// Words, quoted strings (unquoted), `(`, `)` and `=>`.
    tokens: Vec<String>,
    /// The text after `//`, if any.
    comment: String,
}

/// One directive: a verb and its arguments, from a single line or a block line.
struct Directive<'a> {
    verb: &'a str,
    args: &'a [String],
    comment: &'a str,
    line: usize,
}

impl Directive<'_> {
    fn error(&self, message: &str) -> GoModError {
        GoModError {
            line: self.line,
            message: message.to_string(),
        }
    }
}

/// Splits the text into lines of tokens, dropping `//` comments into `comment`.
fn lex(text: &str) -> Result<Vec<Line>, GoModError> {
    let mut lines = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let error = |message: &str| GoModError {
            line: number,
            message: message.to_string(),
        };
        let mut tokens = Vec::new();
        let mut comment = String::new();
        let mut rest = raw.trim_start_matches('\u{feff}');
        loop {
            rest = rest.trim_start();
            let Some(first) = rest.chars().next() else {
                break;
            };
            if let Some(text) = rest.strip_prefix("//") {
                comment = text.trim().to_string();
                break;
            }
            match first {
                '(' | ')' => {
                    tokens.push(first.to_string());
                    rest = &rest[1..];
                }
                '"' => {
                    let (value, after) = interpreted_string(&rest[1..])
                        .ok_or_else(|| error("unterminated quoted string"))?;
                    tokens.push(value);
                    rest = after;
                }
                '`' => {
                    let end = rest[1..]
                        .find('`')
                        .ok_or_else(|| error("unterminated raw string"))?;
                    tokens.push(rest[1..1 + end].to_string());
                    rest = &rest[end + 2..];
                }
                _ => {
                    let end = rest
                        .find(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '"' | '`'))
                        .unwrap_or(rest.len());
                    let end = rest[..end].find("//").unwrap_or(end);
                    tokens.push(rest[..end].to_string());
                    rest = &rest[end..];
                }
            }
        }
        lines.push(Line {
            number,
            tokens,
            comment,
        });
    }
    Ok(lines)
}

/// Decodes a Go interpreted string literal whose opening quote is already consumed;
/// returns the value and the text after the closing quote.
fn interpreted_string(text: &str) -> Option<(String, &str)> {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((value, &text[at + 1..])),
            '\\' => {
                let (_, escaped) = chars.next()?;
                value.push(match escaped {
                    'n' => '\n',
                    't' => '\t',
                    other => other,
                });
            }
            other => value.push(other),
        }
    }
    None
}

/// Expands `verb ( ... )` blocks into one directive per inner line.
fn directives(lines: &[Line]) -> Result<Vec<Directive<'_>>, GoModError> {
    let mut out = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = &lines[index];
        index += 1;
        let tokens = line.tokens.as_slice();
        match tokens {
            [] => {}
            [close, ..] if close == ")" => {
                return Err(GoModError {
                    line: line.number,
                    message: "unexpected )".to_string(),
                });
            }
            [verb, open, ..] if open == "(" => {
                match &tokens[2..] {
                    [] => {}
                    [close] if close == ")" => continue,
                    _ => {
                        return Err(GoModError {
                            line: line.number,
                            message: "unexpected text after (".to_string(),
                        });
                    }
                }
                loop {
                    let Some(inner) = lines.get(index) else {
                        return Err(GoModError {
                            line: line.number,
                            message: format!("{verb} block without a closing )"),
                        });
                    };
                    index += 1;
                    match inner.tokens.as_slice() {
                        [] => {}
                        [close] if close == ")" => break,
                        args if args.iter().any(|t| t == "(" || t == ")") => {
                            return Err(GoModError {
                                line: inner.number,
                                message: "unexpected parenthesis in block".to_string(),
                            });
                        }
                        args => out.push(Directive {
                            verb,
                            args,
                            comment: &inner.comment,
                            line: inner.number,
                        }),
                    }
                }
            }
            [verb, args @ ..] => out.push(Directive {
                verb,
                args,
                comment: &line.comment,
                line: line.number,
            }),
        }
    }
    Ok(out)
}

/// A module listed in `vendor/modules.txt`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VendorModule {
    /// The module path.
    pub path: String,
    /// Its version; None for a wildcard replacement line (`# path => ...`).
    pub version: Option<String>,
    /// Its replacement, if the main module replaces it.
    pub replacement: Option<ReplaceTarget>,
    /// Whether `## explicit` marks it as required by the main module.
    pub explicit: bool,
    /// The minor version of its `## go 1.x` annotation.
    pub go_minor: Option<u32>,
}

/// The contents of `vendor/modules.txt`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VendorList {
    /// Modules in file order.
    pub modules: Vec<VendorModule>,
    /// Each vendored package's import path, with the index of its module.
    pub packages: HashMap<String, usize>,
}

impl VendorList {
    /// The module providing the vendored package `import_path`, if it is listed.
    pub fn package_module(&self, import_path: &str) -> Option<&VendorModule> {
        self.packages.get(import_path).map(|&i| &self.modules[i])
    }
}

/// Parses `vendor/modules.txt` the way the go command's `readVendorList` does: lines it
/// cannot interpret are skipped, so this never fails.
pub fn parse_vendor_list(text: &str) -> VendorList {
    let mut list = VendorList::default();
    // The module that the following annotation and package lines belong to.
    let mut current: Option<usize> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# ") {
            let fields: Vec<&str> = rest.split_whitespace().collect();
            // Like the go command, a `#` line too short to be a module line changes nothing.
            if fields.len() < 2 {
                continue;
            }
            current = None;
            let (module, tail) = match fields.as_slice() {
                [path, version, tail @ ..] if is_semver(version) => (
                    VendorModule {
                        path: path.to_string(),
                        version: Some(version.to_string()),
                        ..VendorModule::default()
                    },
                    tail,
                ),
                [path, tail @ ..] if tail.first() == Some(&"=>") => (
                    VendorModule {
                        path: path.to_string(),
                        ..VendorModule::default()
                    },
                    tail,
                ),
                _ => continue,
            };
            let replacement = match tail {
                ["=>", dir] => Some(ReplaceTarget::Dir(dir.to_string())),
                ["=>", path, version] if is_semver(version) => Some(ReplaceTarget::Module {
                    path: path.to_string(),
                    version: version.to_string(),
                }),
                _ => None,
            };
            list.modules.push(VendorModule {
                replacement,
                ..module
            });
            current = Some(list.modules.len() - 1);
            continue;
        }
        let Some(at) = current else {
            continue;
        };
        if let Some(annotations) = line.strip_prefix("## ") {
            for entry in annotations.split(';').map(str::trim) {
                if entry == "explicit" {
                    list.modules[at].explicit = true;
                } else if let Some(version) = entry.strip_prefix("go ") {
                    list.modules[at].go_minor = parse_go_minor(version.trim());
                }
            }
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        if let [package] = fields.as_slice()
            && !package.starts_with('#')
        {
            list.packages.insert(package.to_string(), at);
        }
    }
    list
}

/// A module path or version as the module cache spells it: every uppercase letter becomes
/// `!` and its lowercase (`github.com/BurntSushi` is `github.com/!burnt!sushi`), so paths
/// stay distinct on case-insensitive file systems. None if the text already holds `!`,
/// which no valid path or version does.
pub fn escape_path(path: &str) -> Option<String> {
    if path.contains('!') {
        return None;
    }
    let mut out = String::with_capacity(path.len() + 4);
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// A parsed semantic version, `vMAJOR[.MINOR[.PATCH]][-PRERELEASE][+BUILD]`.
struct Semver<'a> {
    major: &'a str,
    minor: &'a str,
    patch: &'a str,
    prerelease: &'a str,
}

/// Parses a version as golang.org/x/mod/semver does (`v1` and `v1.2` are shorthands
/// without prerelease or build).
fn parse_semver(version: &str) -> Option<Semver<'_>> {
    fn number(s: &str) -> Option<(&str, &str)> {
        let end = s.bytes().take_while(u8::is_ascii_digit).count();
        let digits = &s[..end];
        // No leading zeros, except for 0 itself.
        if digits.is_empty() || (digits.len() > 1 && digits.starts_with('0')) {
            return None;
        }
        Some((digits, &s[end..]))
    }
    fn identifiers(s: &str, numeric_rule: bool) -> bool {
        s.split('.').all(|id| {
            !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !(numeric_rule
                    && id.len() > 1
                    && id.starts_with('0')
                    && id.bytes().all(|b| b.is_ascii_digit()))
        })
    }
    let rest = version.strip_prefix('v')?;
    let (major, rest) = number(rest)?;
    let Some(rest) = rest.strip_prefix('.') else {
        return rest.is_empty().then_some(Semver {
            major,
            minor: "0",
            patch: "0",
            prerelease: "",
        });
    };
    let (minor, rest) = number(rest)?;
    let Some(rest) = rest.strip_prefix('.') else {
        return rest.is_empty().then_some(Semver {
            major,
            minor,
            patch: "0",
            prerelease: "",
        });
    };
    let (patch, rest) = number(rest)?;
    let (rest, build) = match rest.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (rest, None),
    };
    let prerelease = match rest.strip_prefix('-') {
        Some(pre) if identifiers(pre, true) => pre,
        Some(_) => return None,
        None if rest.is_empty() => "",
        None => return None,
    };
    if build.is_some_and(|b| !identifiers(b, false)) {
        return None;
    }
    Some(Semver {
        major,
        minor,
        patch,
        prerelease,
    })
}

/// Whether `version` is a valid semantic version as the go command writes them.
pub fn is_semver(version: &str) -> bool {
    parse_semver(version).is_some()
}

/// Orders two versions as golang.org/x/mod/semver's `Compare`: numerically, a prerelease
/// before its release, build metadata ignored; invalid versions sort before valid ones.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    fn numeric(a: &str, b: &str) -> Ordering {
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    }
    fn prerelease(a: &str, b: &str) -> Ordering {
        match (a.is_empty(), b.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Greater,
            (false, true) => return Ordering::Less,
            (false, false) => {}
        }
        let is_num = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let mut left = a.split('.');
        let mut right = b.split('.');
        loop {
            match (left.next(), right.next()) {
                (None, None) => return Ordering::Equal,
                (None, Some(_)) => return Ordering::Less,
                (Some(_), None) => return Ordering::Greater,
                (Some(x), Some(y)) => {
                    let order = match (is_num(x), is_num(y)) {
                        (true, true) => numeric(x, y),
                        (true, false) => Ordering::Less,
                        (false, true) => Ordering::Greater,
                        (false, false) => x.cmp(y),
                    };
                    if order != Ordering::Equal {
                        return order;
                    }
                }
            }
        }
    }
    match (parse_semver(a), parse_semver(b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => numeric(x.major, y.major)
            .then_with(|| numeric(x.minor, y.minor))
            .then_with(|| numeric(x.patch, y.patch))
            .then_with(|| prerelease(x.prerelease, y.prerelease)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_directives_prune_as_the_go_command() {
        let text = "module m\n\nignore ./foo\nignore (\n\t\"pkg/bar\" // both forms\n\tbaz\n)\n";
        let module = parse(Path::new("/r"), text).unwrap();
        assert_eq!(module.ignore, ["./foo", "pkg/bar", "baz"]);
        let ignored = |rel: &str| module.ignores(&Path::new("/r").join(rel));
        assert!(ignored("foo") && ignored("foo/x"));
        assert!(!ignored("x/foo") && !ignored("food"));
        assert!(ignored("pkg/bar") && ignored("a/pkg/bar/b"));
        assert!(!ignored("pkg/barn"));
        assert!(ignored("baz") && ignored("a/baz") && !ignored("bazaar"));
        assert!(!module.ignores(Path::new("/r")));
    }

    #[test]
    fn module_and_go_lines() {
        let m = parse(
            Path::new("/r"),
            "// comment\nmodule \"example.com/m\" // trailing\n\ngo 1.21.3\nrequire x v1\n",
        )
        .unwrap();
        assert_eq!(m.path, "example.com/m");
        assert_eq!(m.go_minor, Some(21));
        assert_eq!(m.import_path(Path::new("/r/a/b")), "example.com/m/a/b");
        assert_eq!(m.import_path(Path::new("/r")), "example.com/m");
        assert_eq!(
            parse(Path::new("/r"), "go 1.22rc1\nmodule x")
                .unwrap()
                .go_minor,
            Some(22)
        );
    }

    #[test]
    fn std_paths_have_no_prefix() {
        let m = parse(Path::new("/go/src"), "module std\ngo 1.27\n").unwrap();
        assert_eq!(
            m.import_path(Path::new("/go/src/math/rand/v2")),
            "math/rand/v2"
        );
    }

    #[test]
    fn broken_files_are_errors_with_lines() {
        assert_eq!(parse(Path::new("/r"), "go 1.21\n").unwrap_err().line, 0);
        assert_eq!(
            parse(Path::new("/r"), "module m\ngo one\n")
                .unwrap_err()
                .line,
            2
        );
    }

    #[test]
    fn require_single_and_block_with_indirect() {
        let file = parse_mod_file(
            "module example.com/m\n\ngo 1.22\n\nrequire github.com/BurntSushi/toml v1.2.0\n\
             require (\n\tgopkg.in/yaml.v3 v3.0.1 // indirect\n\t\"cloud.google.com/go/run\" v1.3.0 // indirect; for tests\n\n\tgolang.org/x/mod v0.20.0 // a comment\n)\n",
        )
        .unwrap();
        assert_eq!(file.module.as_deref(), Some("example.com/m"));
        assert_eq!(file.go_minor, Some(22));
        let got: Vec<(&str, &str, bool)> = file
            .requires
            .iter()
            .map(|r| (r.path.as_str(), r.version.as_str(), r.indirect))
            .collect();
        assert_eq!(
            got,
            [
                ("github.com/BurntSushi/toml", "v1.2.0", false),
                ("gopkg.in/yaml.v3", "v3.0.1", true),
                ("cloud.google.com/go/run", "v1.3.0", true),
                ("golang.org/x/mod", "v0.20.0", false),
            ]
        );
    }

    #[test]
    fn replace_forms() {
        let file = parse_mod_file(
            "module m\nreplace example.com/a => ../a\n\
             replace (\n\texample.com/b v1.0.0 => example.com/c v1.1.0\n\texample.com/d => /abs/d\n\texample.com/e v0.1.0 => ./e // pinned\n\texample.com/f => example.com/g v2.0.0+incompatible\n)\n",
        )
        .unwrap();
        let dir = |d: &str| ReplaceTarget::Dir(d.to_string());
        let module = |p: &str, v: &str| ReplaceTarget::Module {
            path: p.to_string(),
            version: v.to_string(),
        };
        let got: Vec<(&str, Option<&str>, ReplaceTarget)> = file
            .replaces
            .iter()
            .map(|r| (r.old_path.as_str(), r.old_version.as_deref(), r.new.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("example.com/a", None, dir("../a")),
                (
                    "example.com/b",
                    Some("v1.0.0"),
                    module("example.com/c", "v1.1.0")
                ),
                ("example.com/d", None, dir("/abs/d")),
                ("example.com/e", Some("v0.1.0"), dir("./e")),
                (
                    "example.com/f",
                    None,
                    module("example.com/g", "v2.0.0+incompatible")
                ),
            ]
        );
    }

    #[test]
    fn malformed_module_files_are_errors() {
        // A module replacement needs a version; a bare word is not a directory.
        assert_eq!(
            parse_mod_file("module m\nreplace a => b\n")
                .unwrap_err()
                .line,
            2
        );
        assert_eq!(parse_mod_file("module m\nrequire a\n").unwrap_err().line, 2);
        assert_eq!(
            parse_mod_file("module m\nrequire (\n\ta v1.0.0\n")
                .unwrap_err()
                .line,
            2
        );
        assert!(parse_mod_file("module m\n)\n").is_err());
        assert!(parse_mod_file("module \"m\n").is_err());
        assert!(parse_mod_file("module m\ngo x\n").is_err());
        // Unknown directives and empty blocks are fine.
        let file =
            parse_mod_file("module m\ntoolchain go1.23.0\nrequire ()\nexclude x v1\n").unwrap();
        assert!(file.requires.is_empty());
    }

    #[test]
    fn work_file_uses_and_replaces() {
        let work = parse_work_file(
            "go 1.23\n\nuse ./a\nuse (\n\t./b // the b module\n\t\"./c d\"\n)\nreplace example.com/x => ./x\n",
        )
        .unwrap();
        assert_eq!(work.go_minor, Some(23));
        assert_eq!(work.uses, ["./a", "./b", "./c d"]);
        assert_eq!(work.replaces[0].new, ReplaceTarget::Dir("./x".to_string()));
        assert!(parse_work_file("use a b\n").is_err());
    }

    #[test]
    fn vendor_list() {
        let list = parse_vendor_list(
            "# github.com/BurntSushi/toml v1.2.0\n## explicit; go 1.16\ngithub.com/BurntSushi/toml\ngithub.com/BurntSushi/toml/internal\n\
             # golang.org/x/text v0.3.0 => golang.org/x/text v0.4.0\ngolang.org/x/text/unicode/norm\n\
             # example.com/local v1.0.0 => ../local\n## explicit\nexample.com/local\n\
             # example.com/wild => ./wild\n\
             # not a module line\norphan/package\n# short\nstill/orphan\n\
             # example.com/nover notaversion\nignored/too\n",
        );
        assert_eq!(list.modules.len(), 4);
        let toml = list
            .package_module("github.com/BurntSushi/toml/internal")
            .unwrap();
        assert_eq!(toml.version.as_deref(), Some("v1.2.0"));
        assert!(toml.explicit);
        assert_eq!(toml.go_minor, Some(16));
        let text = list
            .package_module("golang.org/x/text/unicode/norm")
            .unwrap();
        assert!(!text.explicit);
        assert_eq!(
            text.replacement,
            Some(ReplaceTarget::Module {
                path: "golang.org/x/text".to_string(),
                version: "v0.4.0".to_string()
            })
        );
        let local = list.package_module("example.com/local").unwrap();
        assert_eq!(
            local.replacement,
            Some(ReplaceTarget::Dir("../local".to_string()))
        );
        assert_eq!(list.modules[3].version, None);
        assert!(list.package_module("orphan/package").is_none());
        assert!(list.package_module("still/orphan").is_none());
        assert!(list.package_module("ignored/too").is_none());
        assert_eq!(
            parse_vendor_list("\u{0}\u{1}garbage\n## x\n"),
            VendorList::default()
        );
    }

    #[test]
    fn cache_escaping() {
        assert_eq!(
            escape_path("github.com/BurntSushi/toml").as_deref(),
            Some("github.com/!burnt!sushi/toml")
        );
        assert_eq!(
            escape_path("gopkg.in/yaml.v3").as_deref(),
            Some("gopkg.in/yaml.v3")
        );
        assert_eq!(escape_path("v1.0.0-RC1").as_deref(), Some("v1.0.0-!r!c1"));
        assert_eq!(escape_path("github.com/!x"), None);
    }

    #[test]
    fn semantic_versions() {
        for valid in [
            "v1",
            "v1.2",
            "v1.2.3",
            "v0.0.0-20240101000000-abcdef123456",
            "v2.0.0+incompatible",
            "v1.2.3-rc.1+meta",
        ] {
            assert!(is_semver(valid), "{valid}");
        }
        for invalid in [
            "1.2.3",
            "v1.2-pre",
            "v01.2.3",
            "v1.2.3-01",
            "v1.2.3-",
            "v1.2.3+",
            "v",
        ] {
            assert!(!is_semver(invalid), "{invalid}");
        }
        use Ordering::*;
        assert_eq!(compare_versions("v1.10.0", "v1.9.0"), Greater);
        assert_eq!(compare_versions("v1.2.0-rc.1", "v1.2.0"), Less);
        assert_eq!(compare_versions("v1.2.0-rc.2", "v1.2.0-rc.10"), Less);
        assert_eq!(compare_versions("v1.2.0-alpha", "v1.2.0-1"), Greater);
        assert_eq!(compare_versions("v1.2", "v1.2.0+build"), Equal);
        assert_eq!(compare_versions("junk", "v0.0.1"), Less);
    }
}
