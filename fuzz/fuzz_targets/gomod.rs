//! The go.mod readers: `gomod::parse` (the `module` and `go` lines, for layout rules) and
//! `gomod::parse_mod_file` (also `require` and `replace`, for name resolution), plus the
//! module-cache helpers that take versions and paths from go.mod (`compare_versions`,
//! `is_semver`, `escape_path`).
//!
//! Properties: an error names a line of the file (or 0, the whole file); what is read
//! comes from the text (a module path is in the file, a `go` line's minor version is what
//! `parse_go_minor` makes of a word in it); both readers agree on the module and go lines
//! of a file each accepts; versions order totally and consistently; escaping is
//! reversible and leaves no uppercase letter.

#![no_main]

use golayout::gomod;
use libfuzzer_sys::fuzz_target;
use std::cmp::Ordering;
use std::path::Path;

fuzz_target!(|data: &[u8]| check(data));

fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines = text.lines().count();
    // The words of the file outside comments (a word ends where `//` starts one).
    let words: Vec<&str> = text
        .lines()
        .flat_map(|l| l.split("//").next())
        .flat_map(|l| l.split(|c: char| c.is_whitespace() || matches!(c, '"' | '`' | '(' | ')')))
        .collect();
    let escapes = text.contains('\\');

    let lenient = gomod::parse(Path::new("/m"), &text);
    match &lenient {
        Ok(module) => {
            assert!(!module.path.is_empty());
            assert!(
                text.contains(module.path.as_str()),
                "{:?} not in the file",
                module.path
            );
            assert_eq!(module.root, Path::new("/m"));
            if let Some(minor) = module.go_minor {
                assert!(
                    escapes
                        || words
                            .iter()
                            .any(|w| gomod::parse_go_minor(w) == Some(minor))
                );
            }
            let below = module.import_path(Path::new("/m/a/b"));
            assert!(below.ends_with("a/b"), "{below}");
        }
        Err(err) => assert!(err.line <= lines, "error on line {} of {lines}", err.line),
    }

    let full = gomod::parse_mod_file(&text);
    match &full {
        Ok(file) => {
            if let Some(minor) = file.go_minor {
                assert!(
                    escapes
                        || words
                            .iter()
                            .any(|w| gomod::parse_go_minor(w) == Some(minor))
                );
            }
            for require in &file.requires {
                assert!(escapes || text.contains(require.path.as_str()));
                assert!(escapes || text.contains(require.version.as_str()));
            }
        }
        Err(err) => assert!(err.line <= lines, "error on line {} of {lines}", err.line),
    }
    // Where both read the file, which has no block, and its one `module` line is plain,
    // they agree on it. (The lenient reader does not know blocks: a `module` line inside
    // one, which the go command rejects, is read only by the lenient reader.)
    let plain = |w: &str| {
        w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._~/-".contains(c))
    };
    let module_lines: Vec<&str> = text.lines().filter(|l| l.contains("module")).collect();
    if let (Ok(module), Ok(file), [line]) = (&lenient, &full, module_lines.as_slice())
        && !text.contains('(')
        && let [verb, path, ..] = line.split_whitespace().collect::<Vec<_>>()[..]
        && verb == "module"
        && plain(path)
        && !path.starts_with("//")
    {
        assert_eq!(
            Some(&module.path),
            file.module.as_ref(),
            "the readers disagree on {line:?}"
        );
    }

    // Versions: the words of the file, as the module cache would order them.
    let versions: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !w.is_empty())
        .take(8)
        .collect();
    for &a in &versions {
        assert_eq!(gomod::compare_versions(a, a), Ordering::Equal);
        for &b in &versions {
            let ab = gomod::compare_versions(a, b);
            assert_eq!(ab, gomod::compare_versions(b, a).reverse(), "{a} vs {b}");
            for &c in &versions {
                let bc = gomod::compare_versions(b, c);
                if ab == bc && ab != Ordering::Equal {
                    assert_eq!(
                        gomod::compare_versions(a, c),
                        ab,
                        "{a} {b} {c} not transitive"
                    );
                }
            }
        }
        if gomod::is_semver(a) {
            assert!(a.starts_with('v'));
            assert_eq!(
                gomod::compare_versions(a, "not-a-version"),
                Ordering::Greater
            );
        }
        if let Some(escaped) = gomod::escape_path(a) {
            assert!(!escaped.chars().any(|c| c.is_ascii_uppercase()));
            assert_eq!(unescape(&escaped), a, "escaping {a:?} loses it");
        }
    }
}

/// The module cache's unescaping: `!x` is `X`.
fn unescape(path: &str) -> String {
    let mut out = String::new();
    let mut bang = false;
    for c in path.chars() {
        match c {
            '!' => bang = true,
            c if bang => {
                out.push(c.to_ascii_uppercase());
                bang = false;
            }
            c => out.push(c),
        }
    }
    out
}
