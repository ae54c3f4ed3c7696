//! The fix engine: exact bytes written, gofmt stability (checked with the real gofmt of
//! Go 1.27.3), whole-or-nothing fixes, renames and their collisions, the changed-on-disk
//! guard, permissions, atomic writes and unified diffs.

mod common;

use golayout::diagnostic::{
    Applicability, Diagnostic, Edit, Fix, LineIndex, Rename, Severity, Span,
};
use golayout::fix::{self, FileFix, FixSelection};
use std::path::{Path, PathBuf};
use std::process::Command;

const SAFE: FixSelection = FixSelection {
    unsafe_fixes: false,
};
const ALL: FixSelection = FixSelection { unsafe_fixes: true };

/// Asserts that gofmt would leave every file as it is.
fn assert_gofmt_clean(files: &[&Path]) {
    let gofmt = common::goroot().join("bin/gofmt");
    assert!(
        gofmt.exists(),
        "gofmt is needed: {} is missing",
        gofmt.display()
    );
    let out = Command::new(&gofmt)
        .arg("-l")
        .args(files)
        .output()
        .expect("gofmt runs");
    assert!(
        out.status.success() && out.stdout.is_empty(),
        "gofmt would change {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What gofmt makes of `text`.
fn gofmt_output(text: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = Command::new(common::goroot().join("bin/gofmt"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("gofmt runs");
    child.stdin.take().unwrap().write_all(text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    out.stdout
}

/// The offsets of the `nth` (0-based) occurrence of `needle` in `text`.
fn find(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in {text:?}"))
        .0;
    (start, start + needle.len())
}

fn span(text: &str, (start, end): (usize, usize)) -> Span {
    LineIndex::new(text.as_bytes()).span(start, end)
}

fn edit(path: &str, text: &str, at: (usize, usize), content: &str) -> Edit {
    Edit {
        path: PathBuf::from(path),
        span: span(text, at),
        content: content.to_string(),
    }
}

fn diagnostic(path: &str, applicability: Applicability, edits: Vec<Edit>) -> Diagnostic {
    let anchor = edits.first().map_or(Span::default(), |e| e.span);
    Diagnostic {
        rule: "import-alias",
        severity: Severity::Warning,
        message: "test finding".to_string(),
        path: PathBuf::from(path),
        span: anchor,
        help: None,
        related: Vec::new(),
        fix: Some(Fix::new(applicability, "test fix".to_string(), edits)),
    }
}

/// A diagnostic whose fix replaces the alias `from` (at its `nth` occurrence) by `to` and
/// renames its uses.
fn rename(path: &str, text: &str, from: &str, nth: usize, to: &str) -> Diagnostic {
    let mut d = diagnostic(
        path,
        Applicability::Unsafe,
        vec![edit(
            path,
            text,
            find(text, &format!("{from} \""), nth),
            &format!("{to} \""),
        )],
    );
    d.fix.as_mut().unwrap().rename = Some(Rename::Import {
        path: PathBuf::from(path),
        from: from.to_string(),
        to: to.to_string(),
    });
    d
}

/// Writes `files` (name, text) into a new temporary directory.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// The diagnostics with their fixes as `check` offers them (every rename deemed free of
/// clashes: that check has tests of its own), and the fixes declined.
fn offered(dir: &Path, diagnostics: &[Diagnostic]) -> (Vec<Diagnostic>, Vec<fix::Declined>) {
    let mut diagnostics = diagnostics.to_vec();
    let overlays = Default::default();
    let declined = fix::offer(&mut diagnostics, &mut |_| None, dir, &overlays);
    (diagnostics, declined)
}

/// Offers, then plans the fixes of `diagnostics`, as `--fix` does.
fn plan(
    diagnostics: &[Diagnostic],
    selection: &FixSelection,
    dir: &Path,
) -> Result<Vec<FileFix>, fix::FixError> {
    fix::plan(&offered(dir, diagnostics).0, selection, dir)
}

/// Plans and writes, then returns the plan.
fn apply(dir: &Path, diagnostics: &[Diagnostic], selection: &FixSelection) -> Vec<FileFix> {
    let fixes = plan(diagnostics, selection, dir).unwrap();
    let errors = fix::write(&fixes, dir);
    assert!(errors.is_empty(), "{errors:?}");
    fixes
}

fn read(dir: &Path, name: &str) -> String {
    String::from_utf8(std::fs::read(dir.join(name)).unwrap()).unwrap()
}

/// The names in `dir`, sorted: no temporary file may be left behind.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn single_line_import_alias_is_removed() {
    let text = "package p\n\nimport yaml \"gopkg.in/yaml.v3\"\n\nvar _ = yaml.Marshal\n";
    let dir = tree(&[("a.go", text)]);
    let d = diagnostic(
        "a.go",
        Applicability::Safe,
        vec![edit("a.go", text, find(text, "yaml ", 0), "")],
    );
    let fixes = apply(dir.path(), &[d], &SAFE);
    assert_eq!(fixes.len(), 1);
    assert_eq!(fixes[0].applied, 1);
    assert_eq!(
        read(dir.path(), "a.go"),
        "package p\n\nimport \"gopkg.in/yaml.v3\"\n\nvar _ = yaml.Marshal\n"
    );
    assert_gofmt_clean(&[&dir.path().join("a.go")]);
    assert_eq!(names(dir.path()), ["a.go"]);
    // Nothing left to do: planning again changes nothing.
    assert!(plan(&[], &ALL, dir.path()).unwrap().is_empty());
}

#[test]
fn grouped_imports_gain_and_lose_aliases() {
    let text = "package p\n\nimport (\n\t\"fmt\"\n\tyaml \"gopkg.in/yaml.v3\"\n\n\t\"example.com/foo/v2\"\n)\n";
    let dir = tree(&[("a.go", text)]);
    let add = insert_before("a.go", text, "\"example.com", "bar ");
    let remove = diagnostic(
        "a.go",
        Applicability::Safe,
        vec![edit("a.go", text, find(text, "yaml ", 0), "")],
    );
    let fixes = apply(dir.path(), &[add, remove], &SAFE);
    assert_eq!(fixes[0].applied, 2);
    assert_eq!(
        read(dir.path(), "a.go"),
        "package p\n\nimport (\n\t\"fmt\"\n\t\"gopkg.in/yaml.v3\"\n\n\tbar \"example.com/foo/v2\"\n)\n"
    );
    assert_gofmt_clean(&[&dir.path().join("a.go")]);
}

/// An insertion of `content` just before `needle`.
fn insert_before(path: &str, text: &str, needle: &str, content: &str) -> Diagnostic {
    let at = find(text, needle, 0).0;
    diagnostic(
        path,
        Applicability::Safe,
        vec![edit(path, text, (at, at), content)],
    )
}

#[test]
fn trailing_comments_are_realigned() {
    // Two alignment blocks: the one the edits touch moves, the other keeps its bytes.
    let text = "package p\n\nimport (\n\t\"fmt\"                   // printing\n\tyaml \"gopkg.in/yaml.v3\" // config\n\t\"strings\"               // text\n\n\t\"os\"   // files\n\t\"sort\" // order\n)\n";
    let dir = tree(&[("a.go", text)]);
    assert_gofmt_clean(&[&dir.path().join("a.go")]);
    let d = diagnostic(
        "a.go",
        Applicability::Safe,
        vec![edit("a.go", text, find(text, "yaml ", 0), "")],
    );
    apply(dir.path(), &[d], &SAFE);
    let fixed = read(dir.path(), "a.go");
    assert_eq!(
        fixed,
        "package p\n\nimport (\n\t\"fmt\"              // printing\n\t\"gopkg.in/yaml.v3\" // config\n\t\"strings\"          // text\n\n\t\"os\"   // files\n\t\"sort\" // order\n)\n"
    );
    assert_gofmt_clean(&[&dir.path().join("a.go")]);

    // Widening the longest line pushes the whole block right.
    let d = insert_before("a.go", &fixed, "\"gopkg.in", "yamlv3 ");
    apply(dir.path(), &[d], &SAFE);
    assert_eq!(
        read(dir.path(), "a.go"),
        "package p\n\nimport (\n\t\"fmt\"                     // printing\n\tyamlv3 \"gopkg.in/yaml.v3\" // config\n\t\"strings\"                 // text\n\n\t\"os\"   // files\n\t\"sort\" // order\n)\n"
    );
    assert_gofmt_clean(&[&dir.path().join("a.go")]);
}

#[test]
fn single_line_import_with_comment_keeps_one_blank() {
    let text = "package p\n\nimport y \"gopkg.in/yaml.v3\" // config\n\nvar _ = y.Marshal // use\n";
    let dir = tree(&[("a.go", text)]);
    assert_gofmt_clean(&[&dir.path().join("a.go")]);
    apply(dir.path(), &[rename("a.go", text, "y", 0, "yaml")], &ALL);
    assert_eq!(
        read(dir.path(), "a.go"),
        "package p\n\nimport yaml \"gopkg.in/yaml.v3\" // config\n\nvar _ = yaml.Marshal // use\n"
    );
    assert_gofmt_clean(&[&dir.path().join("a.go")]);
}

#[test]
fn crlf_line_endings_stay() {
    let lf = "package p\n\nimport (\n\t\"fmt\"                   // printing\n\tyaml \"gopkg.in/yaml.v3\" // config\n)\n\nvar _ = fmt.Sprint\n";
    let text = lf.replace('\n', "\r\n");
    let dir = tree(&[("a.go", &text)]);
    let d = insert_before("a.go", &text, "\"fmt\"", "f ");
    let remove = diagnostic(
        "a.go",
        Applicability::Safe,
        vec![edit("a.go", &text, find(&text, "yaml ", 0), "")],
    );
    apply(dir.path(), &[d, remove], &SAFE);
    let fixed = std::fs::read(dir.path().join("a.go")).unwrap();
    let expected_lf = "package p\n\nimport (\n\tf \"fmt\"            // printing\n\t\"gopkg.in/yaml.v3\" // config\n)\n\nvar _ = fmt.Sprint\n";
    assert_eq!(
        String::from_utf8(fixed.clone()).unwrap(),
        expected_lf.replace('\n', "\r\n")
    );
    let lines = fixed.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(fixed.windows(2).filter(|w| w == b"\r\n").count(), lines);
    // gofmt rewrites CRLF, so compare what it makes of the LF version instead.
    assert_eq!(gofmt_output(expected_lf.as_bytes()), expected_lf.as_bytes());
}

#[test]
fn replaced_alias_renames_every_use() {
    let text = r#"package p

import (
	"fmt"

	old "example.com/thing/v2" // the thing
)

type List[T any] struct{ items []T }

type S struct {
	A    old.T            // a
	Bbbb []old.T          // b
	M    map[string]old.T `json:"m"`
	N    int              `json:"n"`
}

const (
	X old.T = 1 // x
	Y int   = 2 // y
)

func f(x old.T) old.U {
	v := old.Type{}
	_ = []old.Type{v}
	var m map[string]old.T
	var l List[old.T]
	g := func(y old.T) old.U { return old.Func() }
	fmt.Println(m, l, x.old, g, S{A: old.T{}})
	return old.Func()
}
"#;
    let dir = tree(&[("a.go", text)]);
    assert_gofmt_clean(&[&dir.path().join("a.go")]);
    let fixes = apply(dir.path(), &[rename("a.go", text, "old", 0, "thing")], &ALL);
    assert_eq!(fixes[0].applied, 1);
    let expected = r#"package p

import (
	"fmt"

	thing "example.com/thing/v2" // the thing
)

type List[T any] struct{ items []T }

type S struct {
	A    thing.T            // a
	Bbbb []thing.T          // b
	M    map[string]thing.T `json:"m"`
	N    int                `json:"n"`
}

const (
	X thing.T = 1 // x
	Y int     = 2 // y
)

func f(x thing.T) thing.U {
	v := thing.Type{}
	_ = []thing.Type{v}
	var m map[string]thing.T
	var l List[thing.T]
	g := func(y thing.T) thing.U { return thing.Func() }
	fmt.Println(m, l, x.old, g, S{A: thing.T{}})
	return thing.Func()
}
"#;
    assert_eq!(read(dir.path(), "a.go"), expected);
    assert_gofmt_clean(&[&dir.path().join("a.go")]);

    // Renaming to a shorter name pulls the columns back in.
    let d = rename("a.go", expected, "thing", 0, "t");
    apply(dir.path(), &[d], &ALL);
    let shorter = expected.replace("thing.", "t.").replace("thing \"", "t \"");
    let fixed = read(dir.path(), "a.go");
    assert_eq!(
        fixed,
        String::from_utf8(gofmt_output(shorter.as_bytes())).unwrap()
    );
    assert_gofmt_clean(&[&dir.path().join("a.go")]);
}

#[test]
fn renames_that_would_collide_or_meet_a_shadow_are_skipped() {
    let base = "package p\n\nimport old \"example.com/thing\"\n\nvar _ = old.X\n";
    let cases = [
        ("top-level func", format!("{base}\nfunc thing() {{}}\n")),
        ("top-level type", format!("{base}\ntype thing int\n")),
        (
            "another import",
            base.replace(
                "import old",
                "import thing \"example.com/other\"\nimport old",
            ) + "\nvar _ = thing.Y\n",
        ),
        (
            "a parameter",
            format!("{base}\nfunc f(thing int) {{ _ = old.Y }}\n"),
        ),
        (
            "a use of another file's name",
            format!("{base}\nvar _ = thing\n"),
        ),
        (
            "old declared locally",
            format!("{base}\nfunc f() {{ old := 1; _ = old }}\n"),
        ),
    ];
    for (what, text) in cases {
        let dir = tree(&[("a.go", &text)]);
        let d = rename("a.go", &text, "old", 0, "thing");
        let fixes = plan(&[d], &ALL, dir.path()).unwrap();
        assert!(fixes.is_empty(), "{what}: {fixes:?}");
    }
    // A struct field, a method or a label named like the new name is no collision.
    let text = format!("{base}\ntype S struct{{ thing int }}\n\nfunc (S) thing() {{}}\n");
    let dir = tree(&[("a.go", &text)]);
    let fixes = plan(
        &[rename("a.go", &text, "old", 0, "thing")],
        &ALL,
        dir.path(),
    )
    .unwrap();
    assert_eq!(fixes.len(), 1);
    assert!(
        String::from_utf8(fixes[0].fixed.clone())
            .unwrap()
            .contains("var _ = thing.X")
    );
}

#[test]
fn unsafe_fixes_need_selecting() {
    let text = "package p\n\nimport y \"gopkg.in/yaml.v3\"\n\nvar _ = y.Marshal\n";
    let dir = tree(&[("a.go", text)]);
    let plain = diagnostic(
        "a.go",
        Applicability::Unsafe,
        vec![edit("a.go", text, find(text, "y ", 0), "yaml ")],
    );
    // A rename of uses needs review even when its rule calls it safe.
    let mut renaming = rename("a.go", text, "y", 0, "yaml");
    renaming.fix.as_mut().unwrap().applicability = Applicability::Safe;
    assert!(
        plan(&[plain.clone(), renaming.clone()], &SAFE, dir.path())
            .unwrap()
            .is_empty()
    );
    assert_eq!(plan(&[plain], &ALL, dir.path()).unwrap().len(), 1);
    assert_eq!(plan(&[renaming], &ALL, dir.path()).unwrap().len(), 1);
}

#[test]
fn overlapping_fixes_apply_only_the_first() {
    let text = "package p\n\nimport yaml \"gopkg.in/yaml.v3\"\n";
    let dir = tree(&[("a.go", text)]);
    let (start, end) = find(text, "yaml ", 0);
    let second = diagnostic(
        "a.go",
        Applicability::Safe,
        vec![edit("a.go", text, (start + 2, end), "")],
    );
    let first = diagnostic(
        "a.go",
        Applicability::Safe,
        vec![edit("a.go", text, (start, end), "y ")],
    );
    // Given in the other order: the fix that starts first wins.
    let fixes = apply(dir.path(), &[second, first.clone()], &SAFE);
    assert_eq!(fixes[0].applied, 1);
    assert_eq!(
        read(dir.path(), "a.go"),
        "package p\n\nimport y \"gopkg.in/yaml.v3\"\n"
    );

    // The same fix carried by two diagnostics goes in once and counts for both.
    let dir = tree(&[("a.go", text)]);
    let fixes = apply(dir.path(), &[first.clone(), first], &SAFE);
    assert_eq!(fixes[0].applied, 2);
    assert_eq!(
        read(dir.path(), "a.go"),
        "package p\n\nimport y \"gopkg.in/yaml.v3\"\n"
    );
}

#[test]
fn a_fix_over_several_files_applies_whole_or_not_at_all() {
    let text = "package foo\n";
    let dir = tree(&[("a.go", text), ("b.go", text)]);
    let rename_pkg = diagnostic(
        "b.go",
        Applicability::Unsafe,
        vec![
            edit("b.go", text, find(text, "foo", 0), "bar"),
            edit("a.go", text, find(text, "foo", 0), "bar"),
        ],
    );
    // A fix that comes first in a.go takes the bytes the rename needs there, so the rename
    // leaves b.go alone too.
    let earlier = diagnostic(
        "a.go",
        Applicability::Safe,
        vec![edit(
            "a.go",
            text,
            find(text, "package foo", 0),
            "package baz",
        )],
    );
    let fixes = plan(&[earlier, rename_pkg.clone()], &ALL, dir.path()).unwrap();
    assert_eq!(fixes.len(), 1, "{fixes:?}");
    assert_eq!(fixes[0].path, Path::new("a.go"));
    assert_eq!(fixes[0].fixed, b"package baz\n");

    // Alone, it goes in everywhere and counts once, for the diagnostic's own file.
    let fixes = apply(dir.path(), &[rename_pkg], &ALL);
    let applied: Vec<_> = fixes
        .iter()
        .map(|f| (f.path.to_str().unwrap(), f.applied))
        .collect();
    assert_eq!(applied, [("a.go", 0), ("b.go", 1)]);
    assert_eq!(read(dir.path(), "a.go"), "package bar\n");
    assert_eq!(read(dir.path(), "b.go"), "package bar\n");
}

#[test]
fn bad_spans_skip_their_fix() {
    let text = "package p // é\n";
    let dir = tree(&[("a.go", text)]);
    let inside = text.find('é').unwrap() + 1;
    let mut beyond = edit("a.go", text, (0, 1), "x");
    beyond.span.start = 100;
    beyond.span.end = 101;
    let diagnostics = [
        diagnostic("a.go", Applicability::Safe, vec![beyond]),
        diagnostic(
            "a.go",
            Applicability::Safe,
            vec![edit("a.go", text, (inside, inside), "x")],
        ),
    ];
    let (offered_fixes, declined) = offered(dir.path(), &diagnostics);
    assert!(offered_fixes.iter().all(|d| d.fix.is_none()));
    assert_eq!(declined.len(), 2);
    assert!(declined[0].reason.contains("does not fit"), "{declined:?}");
    // A file that is gone when the fix is planned: declined, with the reason.
    let missing = diagnostic(
        "gone.go",
        Applicability::Safe,
        vec![edit("gone.go", text, (0, 0), "x")],
    );
    let (_, declined) = offered(dir.path(), std::slice::from_ref(&missing));
    assert!(
        declined[0].reason.starts_with("cannot read"),
        "{declined:?}"
    );
    // Gone between the offer and `--fix`: an error naming it.
    std::fs::write(dir.path().join("gone.go"), text).unwrap();
    let (offered_fixes, _) = offered(dir.path(), &[missing]);
    std::fs::remove_file(dir.path().join("gone.go")).unwrap();
    let err = fix::plan(&offered_fixes, &ALL, dir.path()).unwrap_err();
    assert_eq!(err.path, Path::new("gone.go"));
    assert!(err.to_string().starts_with("gone.go: cannot read"), "{err}");
}

#[test]
fn files_changed_since_planning_are_left_alone() {
    let text = "package p\n\nimport yaml \"gopkg.in/yaml.v3\"\n";
    let dir = tree(&[("a.go", text), ("b.go", text)]);
    let diagnostics: Vec<_> = ["a.go", "b.go"]
        .iter()
        .map(|name| {
            diagnostic(
                name,
                Applicability::Safe,
                vec![edit(name, text, find(text, "yaml ", 0), "")],
            )
        })
        .collect();
    let fixes = plan(&diagnostics, &SAFE, dir.path()).unwrap();
    std::fs::write(dir.path().join("a.go"), "package p // edited\n").unwrap();
    let errors = fix::write(&fixes, dir.path());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, Path::new("a.go"));
    assert!(
        errors[0].message.contains("changed on disk"),
        "{}",
        errors[0]
    );
    assert_eq!(read(dir.path(), "a.go"), "package p // edited\n");
    assert_eq!(
        read(dir.path(), "b.go"),
        "package p\n\nimport \"gopkg.in/yaml.v3\"\n"
    );
    assert_eq!(names(dir.path()), ["a.go", "b.go"]);
}

#[cfg(unix)]
#[test]
fn permissions_and_symlinks_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let text = "package p\n\nimport yaml \"gopkg.in/yaml.v3\"\n";
    let dir = tree(&[("a.go", text), ("real.go", text)]);
    let a = dir.path().join("a.go");
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real.go", dir.path().join("link.go")).unwrap();
    let diagnostics: Vec<_> = ["a.go", "link.go"]
        .iter()
        .map(|name| {
            diagnostic(
                name,
                Applicability::Safe,
                vec![edit(name, text, find(text, "yaml ", 0), "")],
            )
        })
        .collect();
    apply(dir.path(), &diagnostics, &SAFE);
    let mode = std::fs::metadata(&a).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.go"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        read(dir.path(), "real.go"),
        "package p\n\nimport \"gopkg.in/yaml.v3\"\n"
    );
    assert_eq!(names(dir.path()), ["a.go", "link.go", "real.go"]);
}

#[test]
fn unified_diff_shape() {
    let original = (1..=12).map(|i| format!("line {i}\n")).collect::<String>();
    let fixed = original
        .replace("line 2\n", "line two\n")
        .replace("line 11\n", "")
        + "end";
    let diff = fix::unified_diff(&FileFix {
        path: PathBuf::from("dir/a.go"),
        original: original.into_bytes(),
        fixed: fixed.into_bytes(),
        applied: 1,
    });
    assert_eq!(
        diff,
        "--- a/dir/a.go\n+++ b/dir/a.go\n\
         @@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two\n line 3\n line 4\n line 5\n\
         @@ -8,5 +8,5 @@\n line 8\n line 9\n line 10\n-line 11\n line 12\n+end\n\\ No newline at end of file\n"
    );
    let same = FileFix {
        path: PathBuf::from("a.go"),
        original: b"x\n".to_vec(),
        fixed: b"x\n".to_vec(),
        applied: 0,
    };
    assert_eq!(fix::unified_diff(&same), "");
    #[cfg(unix)]
    {
        let absolute = FileFix {
            path: PathBuf::from("/abs/a.go"),
            original: b"x\n".to_vec(),
            fixed: b"y\n".to_vec(),
            applied: 1,
        };
        assert_eq!(
            fix::unified_diff(&absolute),
            "--- /abs/a.go\n+++ /abs/a.go\n@@ -1 +1 @@\n-x\n+y\n"
        );
    }
}

/// What a rename of `old` to `new` should leave: the text with every `old.` and the import
/// alias replaced, as gofmt lays it out.
fn renamed_by_gofmt(text: &str, old: &str, new: &str) -> String {
    let naive = text
        .replace(&format!("{old}."), &format!("{new}."))
        .replace(&format!("{old} \""), &format!("{new} \""));
    String::from_utf8(gofmt_output(naive.as_bytes())).unwrap()
}

#[test]
fn one_line_bodies_too_long_after_a_rename_are_spread() {
    let text = r#"package p

import old "example.com/testing"

func TestA(t *old.T)      { run(t, "short") }
func TestLonger(t *old.T) { run(t, "a body long enough to go past the limit once it is renamed...") }
func TestB(t *old.T)      { run(t, "short"); run(t, "twice") }

var cases = []struct {
	name    string
	handler func(old.W, *old.R)
	code    int
}{
	{
		name:    "handler",
		code:    1,
		handler: func(w old.W, r *old.R) { w.WriteHeader(old.StatusTeapot + 100000000000000) },
	},
}
"#;
    let dir = tree(&[("a.go", text)]);
    assert_gofmt_clean(&[&dir.path().join("a.go")]);
    apply(
        dir.path(),
        &[rename("a.go", text, "old", 0, "testingpackage")],
        &ALL,
    );
    let fixed = read(dir.path(), "a.go");
    assert_eq!(fixed, renamed_by_gofmt(text, "old", "testingpackage"));
    assert!(fixed.contains("func TestLonger(t *testingpackage.T) {\n\trun(t, "));
    assert!(fixed.contains("\t\thandler: func(w testingpackage.W, r *testingpackage.R) {\n"));
}

#[test]
fn renames_whose_layout_gofmt_would_redo_are_skipped() {
    let cases = [
        (
            "a one-line struct grown past 30 bytes",
            "package p\n\nimport old \"x\"\n\nvar v struct{ Field old.SomewhatLongTypeName }\n",
        ),
        (
            "an embedded field sizing the names column",
            "package p\n\nimport old \"x\"\n\ntype S struct {\n\told.Type // embedded\n\tname     int\n}\n",
        ),
        (
            "a grouped spec without a value sizing the `=` column",
            "package p\n\nimport old \"x\"\n\nvar (\n\ta int      = 1 // a\n\tb old.Type     // b\n)\n",
        ),
    ];
    for (what, text) in cases {
        let dir = tree(&[("a.go", text)]);
        assert_gofmt_clean(&[&dir.path().join("a.go")]);
        let fixes = plan(
            &[rename("a.go", text, "old", 0, "muchlongername")],
            &ALL,
            dir.path(),
        )
        .unwrap();
        assert!(fixes.is_empty(), "{what}: {fixes:?}");
    }
}

#[test]
fn renaming_one_of_two_imports_of_a_path_is_skipped() {
    // gofmt orders imports of one path by name, and drops one of two that end up alike.
    let text = "package p\n\nimport (\n\t_ \"unsafe\" // for go:linkname\n\tu \"unsafe\"\n)\n\nvar _ = u.Pointer(nil)\n";
    let dir = tree(&[("a.go", text)]);
    let fixes = plan(&[rename("a.go", text, "u", 0, "zz")], &ALL, dir.path()).unwrap();
    assert!(fixes.is_empty(), "{fixes:?}");
}

#[test]
fn fixes_that_move_one_column_are_realigned_together() {
    let text = "package p\n\nimport (\n\tbb \"bytes\"   // b\n\taa \"strings\" // s\n)\n\nvar A = aa.ToUpper(\"x\")\nvar B = bb.NewBuffer(nil)\n";
    let dir = tree(&[("a.go", text)]);
    let fixes = [
        rename("a.go", text, "bb", 0, "bytesxyz"),
        rename("a.go", text, "aa", 0, "stringsx"),
    ];
    // Each alone offers the comment column it would need alone ...
    let (offered, _) = offered(dir.path(), &fixes);
    let alone: Vec<String> = offered
        .iter()
        .map(|d| {
            let one = fix::plan(std::slice::from_ref(d), &ALL, dir.path()).unwrap();
            String::from_utf8(one[0].fixed.clone()).unwrap()
        })
        .collect();
    assert!(alone[0].contains("\tbytesxyz \"bytes\" // b\n\taa \"strings\"     // s\n"));
    assert!(alone[1].contains("\tbb \"bytes\"         // b\n\tstringsx \"strings\" // s\n"));
    // ... and together they go in at once, the column set by both.
    let fixes = apply(dir.path(), &fixes, &ALL);
    assert_eq!(fixes[0].applied, 2);
    let fixed = read(dir.path(), "a.go");
    assert!(
        fixed.contains("\tbytesxyz \"bytes\"   // b\n\tstringsx \"strings\" // s\n"),
        "{fixed}"
    );
    assert_gofmt_clean(&[&dir.path().join("a.go")]);
}
