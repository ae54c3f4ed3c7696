//! What an import path says about a package's name: goimports' guess, version elements,
//! and the names a directory's package may carry without surprising its importers.

/// goimports' guess of the name an import path brings in (`ImportPathToAssumedName`):
/// the last element, or its parent when the last is `vN`; a `go-` prefix trimmed; cut at
/// the first character that cannot be in an identifier.
pub fn assumed_name(import_path: &str) -> &str {
    let (dir, mut base) = match import_path.rfind('/') {
        Some(i) => (Some(&import_path[..i]), &import_path[i + 1..]),
        None => (None, import_path),
    };
    if let Some(digits) = base.strip_prefix('v')
        && is_go_int(digits)
        && let Some(dir) = dir.filter(|d| !d.is_empty())
    {
        base = dir.rsplit('/').next().unwrap_or(dir);
    }
    let base = base.strip_prefix("go-").unwrap_or(base);
    let end = base
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
        .map_or(base.len(), |(i, _)| i);
    &base[..end]
}

/// Whether `s` parses as a Go int (what strconv.Atoi accepts).
fn is_go_int(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a path element names an API, major or full version: `v2`, `v1beta1`,
/// `v2alpha3`, Google's `v1alpha` and `v1p1beta1`, and dotted releases such as `v1.1` or
/// `v1.26.0` (the shapes real projects give version directories).
pub fn is_version_element(element: &str) -> bool {
    fn digits(s: &str) -> (&str, usize) {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (&s[n..], n)
    }
    let Some(rest) = element.strip_prefix('v') else {
        return false;
    };
    let (mut rest, major) = digits(rest);
    if major == 0 {
        return false;
    }
    if let Some(release) = rest.strip_prefix('.') {
        // A release: `.minor` and an optional `.patch`, digits only.
        let parts: Vec<&str> = release.split('.').collect();
        return parts.len() <= 2
            && parts
                .iter()
                .all(|p| digits(p) == ("", p.len()) && !p.is_empty());
    }
    if let Some(point) = rest.strip_prefix('p') {
        let (after, n) = digits(point);
        if n == 0 {
            return false;
        }
        rest = after;
    }
    if rest.is_empty() {
        return true;
    }
    let qualifier = rest
        .strip_prefix("alpha")
        .or_else(|| rest.strip_prefix("beta"));
    qualifier.is_some_and(|n| digits(n).0.is_empty())
}

/// How strictly a package name must follow its import path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NameMode {
    /// The names of [`NameMode::Exact`], each word of a joined element, and goimports'
    /// guess.
    #[default]
    Goimports,
    /// The last element (its parent after a version or `internal` element), as is, with
    /// `-`, `_` and `.` removed, or with `-` and `.` made `_`.
    Exact,
}

/// The Go keywords, which no package or local name can be.
pub const GO_KEYWORDS: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

/// Whether `name` is a Go identifier that can name a package: not `_`, not a keyword.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && name != "_"
        && !GO_KEYWORDS.contains(&name)
}

/// The names a reader expects from an import path, most fitting first: the last element
/// (after a version or `internal` element, its parent first), as is, with `-`, `_` and `.`
/// removed, and with `-` and `.` made `_`; a gopkg.in stem (`yaml.v3` is `yaml`); in
/// goimports mode each word of a joined element and goimports' guess.
/// Only valid identifiers: a path that implies none (a directory named `map`) gives none,
/// and every rule that needs the name then says nothing.
///
/// package-dir-mismatch, missing-import-alias and redundant-import-alias all ask this.
pub fn expected_names(import_path: &str, mode: NameMode) -> Vec<String> {
    let mut elements = import_path.rsplit('/').filter(|e| !e.is_empty());
    let last = elements.next().unwrap_or("");
    let mut stems = Vec::new();
    // A version element, or an `internal` one (it says who may import, not what the
    // package is), stands for its parent.
    if is_version_element(last) || last == "internal" {
        stems.extend(elements.next());
        stems.push(last);
    } else {
        // gopkg.in style `yaml.v3`: the version is a suffix of the element.
        match last.rsplit_once('.') {
            Some((stem, version)) if is_version_element(version) => stems.push(stem),
            _ => stems.push(last),
        }
    }
    // goimports cuts `v1.26.0` to `v1`, a name no such package has.
    let dotted_version = is_version_element(last) && last.contains('.');
    let guess = (mode == NameMode::Goimports && !dotted_version).then(|| assumed_name(import_path));
    let mut names: Vec<String> = Vec::new();
    for stem in stems {
        if is_version_element(stem) && stem.contains('.') {
            continue;
        }
        let joined: String = stem
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | '.'))
            .collect();
        let underscored = stem.replace(['-', '.'], "_");
        // `go-nsq` and `opentracing-go` mean nsq and opentracing: the guess drops `go`.
        let go_word = stem.starts_with("go-") || stem.ends_with("-go");
        if go_word {
            names.extend(guess.map(str::to_string));
        }
        names.push(stem.to_string());
        names.push(joined);
        names.push(underscored);
        if mode == NameMode::Goimports {
            // Any word of a joined name (`key` for `gpg-key`): Go cannot spell the
            // directory as a name, so the package takes one of its words.
            names.extend(
                stem.split(['-', '_', '.'])
                    .filter(|word| word.len() < stem.len() && !is_version_element(word))
                    .map(str::to_string),
            );
        }
    }
    names.extend(guess.map(str::to_string));
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| is_identifier(n) && seen.insert(n.clone()));
    names
}

/// The one name an import path states outright, among those [`expected_names`] gives:
/// goimports' guess. An alias equal to it adds nothing; an alias equal to another expected
/// name (`semconv` for `semconv/v1.26.0`, `apiproxy` for `api-proxy`) spells out what the
/// path leaves to inference.
pub fn stated_name(import_path: &str) -> Option<&str> {
    let guess = assumed_name(import_path);
    expected_names(import_path, NameMode::Goimports)
        .iter()
        .any(|name| name == guess)
        .then_some(guess)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goimports_guesses() {
        let cases = [
            ("github.com/bitly/go-nsq", "nsq"),
            ("gopkg.in/yaml.v3", "yaml"),
            ("github.com/go-chi/chi/v5", "chi"),
            ("github.com/mattn/go-sqlite3", "sqlite3"),
            ("github.com/opentracing/opentracing-go", "opentracing"),
            ("github.com/aws/aws-sdk-go-v2", "aws"),
            ("gopkg.in/russross/blackfriday.v2", "blackfriday"),
            ("github.com/satori/go.uuid", "go"),
            ("k8s.io/api/core/v1", "core"),
            ("cloud.google.com/go/run/apiv2", "apiv2"),
            ("foo.com/v1", "foo"),
            ("x/2fa", "2fa"),
            ("Go-Foo/Go-Bar", "Go"),
            ("v2", "v2"),
            ("fmt", "fmt"),
        ];
        for (path, want) in cases {
            assert_eq!(assumed_name(path), want, "{path}");
        }
    }

    #[test]
    fn version_elements() {
        for yes in [
            "v1",
            "v2",
            "v10",
            "v1beta1",
            "v2alpha3",
            "v1beta",
            "v1p1beta1",
            "v1alpha",
        ] {
            assert!(is_version_element(yes), "{yes}");
        }
        for yes in ["v1.2", "v1.26.0", "v1.0.0"] {
            assert!(is_version_element(yes), "{yes}");
        }
        for no in [
            "v", "vx", "version", "apiv2", "v1gamma1", "v1p", "v1op", "v1.", "v1.2.3.4", "v1.x",
            "v1.2-rc1",
        ] {
            assert!(!is_version_element(no), "{no}");
        }
    }

    fn names(path: &str, mode: NameMode) -> Vec<String> {
        expected_names(path, mode)
    }

    #[test]
    fn expected_names_by_mode() {
        use NameMode::{Exact, Goimports};
        assert_eq!(names("example.com/m/libproj2/foo", Goimports), ["foo"]);
        assert_eq!(
            names("example.com/x/go-nsq", Goimports),
            ["nsq", "gonsq", "go_nsq"]
        );
        assert_eq!(names("example.com/x/go-nsq", Exact), ["gonsq", "go_nsq"]);
        assert_eq!(names("k8s.io/api/core/v1", Exact), ["core", "v1"]);
        assert_eq!(names("gopkg.in/yaml.v3", Exact), ["yaml"]);
        assert_eq!(names("math/rand/v2", Goimports), ["rand", "v2"]);
    }

    #[test]
    fn expected_names_are_identifiers() {
        use NameMode::Goimports;
        // A release directory stands for its parent; its own spelling is no name.
        assert_eq!(
            names("go.opentelemetry.io/otel/semconv/v1.26.0", Goimports),
            ["semconv"]
        );
        assert_eq!(
            names("example.com/x/api/v1beta1", Goimports),
            ["api", "v1beta1"]
        );
        assert_eq!(
            names("example.com/x/v1p1beta1", Goimports),
            ["x", "v1p1beta1"]
        );
        // Joined names and goimports' guess.
        assert_eq!(
            names("example.com/x/field-create", Goimports),
            ["fieldcreate", "field_create", "field", "create"]
        );
        // A word of a joined name; an `internal` directory stands for its parent.
        assert_eq!(
            names("example.com/x/gpg-key", Goimports),
            ["gpgkey", "gpg_key", "gpg", "key"]
        );
        assert_eq!(
            names("example.com/x/gpg-key", NameMode::Exact),
            ["gpgkey", "gpg_key"]
        );
        assert_eq!(
            names("example.com/x/attribute/internal", Goimports),
            ["attribute", "internal"]
        );
        assert_eq!(
            names("example.com/x/api_proxy", Goimports),
            ["api_proxy", "apiproxy", "api", "proxy"]
        );
        assert_eq!(
            names("k8s.io/client-go", Goimports),
            ["client", "clientgo", "client_go"]
        );
        assert_eq!(
            names("example.com", Goimports),
            ["examplecom", "example_com", "example", "com"]
        );
        // Keywords and non-identifiers are never expected.
        assert_eq!(names("example.com/x/map", Goimports), Vec::<String>::new());
        assert_eq!(
            names("example.com/x/switch", Goimports),
            Vec::<String>::new()
        );
        assert_eq!(
            names("cloud.google.com/go", Goimports),
            Vec::<String>::new()
        );
        assert_eq!(names("example.com/x/2fa", Goimports), Vec::<String>::new());
    }

    #[test]
    fn stated_names() {
        assert_eq!(stated_name("github.com/go-chi/chi/v5"), Some("chi"));
        assert_eq!(stated_name("gopkg.in/yaml.v3"), Some("yaml"));
        assert_eq!(stated_name("k8s.io/api/core/v1"), Some("core"));
        assert_eq!(
            stated_name("go.opentelemetry.io/otel/semconv/v1.26.0"),
            None
        );
        assert_eq!(stated_name("example.com/x/map"), None);
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("yaml"));
        assert!(is_identifier("é"));
        assert!(!is_identifier("_"));
        assert!(!is_identifier("type"));
        assert!(!is_identifier("1x"));
        assert!(!is_identifier(""));
    }
}
