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

/// Whether a path element names an API or major version: `v2`, `v1beta1`, and Google's
/// API versions `v1alpha`, `v1p1beta1`.
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
    /// The last element, its parent after a version element, or goimports' guess.
    #[default]
    Goimports,
    /// Only the last element or, after a version element, its parent.
    Exact,
}

/// The package names that match `import_path` without surprising a reader.
pub fn expected_names(import_path: &str, mode: NameMode) -> Vec<&str> {
    let mut elements = import_path.rsplit('/').filter(|e| !e.is_empty());
    let last = elements.next().unwrap_or("");
    let mut names = vec![last];
    if is_version_element(last)
        && let Some(parent) = elements.next()
    {
        names.push(parent);
    }
    // gopkg.in style `yaml.v3`: the version is a suffix of the element.
    if let Some((stem, version)) = last.rsplit_once('.')
        && is_version_element(version)
    {
        names.push(stem);
    }
    if mode == NameMode::Goimports {
        names.push(assumed_name(import_path));
    }
    names.retain(|n| !n.is_empty());
    names.dedup();
    names
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
        for no in [
            "v", "vx", "version", "v1.2", "apiv2", "v1gamma1", "v1p", "v1op",
        ] {
            assert!(!is_version_element(no), "{no}");
        }
    }

    #[test]
    fn expected_names_by_mode() {
        assert_eq!(
            expected_names("example.com/m/libproj2/foo", NameMode::Goimports),
            ["foo"]
        );
        assert_eq!(
            expected_names("example.com/x/go-nsq", NameMode::Goimports),
            ["go-nsq", "nsq"]
        );
        assert_eq!(
            expected_names("example.com/x/go-nsq", NameMode::Exact),
            ["go-nsq"]
        );
        assert_eq!(
            expected_names("k8s.io/api/core/v1", NameMode::Exact),
            ["v1", "core"]
        );
        assert_eq!(
            expected_names("gopkg.in/yaml.v3", NameMode::Exact),
            ["yaml.v3", "yaml"]
        );
        assert_eq!(
            expected_names("math/rand/v2", NameMode::Goimports),
            ["v2", "rand"]
        );
    }
}
