//! The `golayout` binary: exit codes, formats, patterns, bad paths and bad input.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `golayout ARGS` run in `cwd`, with no module cache and colour left to the flags.
fn command(cwd: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_golayout"));
    command
        .current_dir(cwd)
        .args(args)
        .env_remove("NO_COLOR")
        .env("GOMODCACHE", "/nonexistent/golayout-test-module-cache");
    command
}

fn golayout(cwd: &Path, args: &[&str]) -> Output {
    command(cwd, args).output().expect("golayout runs")
}

/// `golayout ARGS` in `cwd` with `input` on its stdin.
fn golayout_with_stdin(cwd: &Path, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = command(cwd, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("golayout runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A module with one directory of two packages and one mismatched directory.
fn tree() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    let files = [
        ("go.mod", "module example.com/m\n\ngo 1.22\n"),
        ("libproj1/foo/foo1.go", "package foo\n"),
        ("libproj1/foo/bar1.go", "package bar\n"),
        ("libproj2/foo/foo1.go", "package bar\n\nimport \"fmt\"\n"),
        ("clean/clean.go", "package clean\n"),
        ("clean/clean_test.go", "package clean_test\n"),
        ("tagged/a.go", "package tagged\n"),
        ("tagged/tools.go", "//go:build tools\n\npackage tools\n"),
    ];
    common::materialize(temp.path(), &files);
    temp
}

#[test]
fn exit_codes() {
    let t = tree();
    assert_eq!(
        golayout(t.path(), &["check", "./clean"]).status.code(),
        Some(0)
    );
    assert_eq!(golayout(t.path(), &["check"]).status.code(), Some(1));
    let missing = golayout(t.path(), &["check", "./nope/...", "./clean"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("./nope/..."),
        "{}",
        stderr(&missing)
    );
    let bad_flag = golayout(t.path(), &["check", "--format", "xml"]);
    assert_eq!(bad_flag.status.code(), Some(2));
}

#[test]
fn concise_is_the_go_vet_shape_and_sorted() {
    let t = tree();
    let out = golayout(t.path(), &["check", "--format", "concise", "./..."]);
    assert_eq!(
        stdout(&out),
        "libproj1/foo/bar1.go:1:9: found packages bar (bar1.go) and foo (foo1.go) in libproj1/foo: bar1.go declares package bar, but the directory's package is foo (multiple-packages)\n\
         libproj2/foo/foo1.go:1:9: package bar does not match its import path example.com/m/libproj2/foo: importers expect foo (package-dir-mismatch)\n\
         tagged/tools.go:3:9: found packages tagged (a.go) and tools (tools.go) in tagged with -tags tools: tools.go declares package tools, but the directory's package is tagged (multiple-packages)\n"
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn concise_is_the_default_off_a_terminal_and_output_is_stable() {
    let t = tree();
    let first = golayout(t.path(), &["check"]);
    let second = golayout(t.path(), &["check", "--threads", "1"]);
    assert!(stdout(&first).starts_with("libproj1/foo/bar1.go:1:9: found packages"));
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn json_has_the_documented_fields() {
    let t = tree();
    let out = golayout(
        t.path(),
        &[
            "check",
            "--format",
            "json",
            "./libproj1/...",
            "./libproj2/foo",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = value.as_array().unwrap();
    assert_eq!(items.len(), 2);
    let first = &items[0];
    assert_eq!(first["rule"], "multiple-packages");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["path"], "libproj1/foo/bar1.go");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(1), Some(9))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(1), Some(12))
    );
    assert_eq!(first["related"][0]["path"], "libproj1/foo/foo1.go");
    assert!(first["fix"].is_null());
    assert!(first["help"].is_string());
    let second = &items[1];
    assert_eq!(second["rule"], "package-dir-mismatch");
    assert_eq!(second["fix"]["applicability"], "unsafe");
    assert_eq!(second["fix"]["edits"][0]["content"], "foo");
}

#[test]
fn full_renders_snippets_without_color_when_piped() {
    let t = tree();
    let out = golayout(t.path(), &["check", "--format", "full", "./libproj1/foo"]);
    let text = stdout(&out);
    assert!(text.contains("multiple-packages"), "{text}");
    assert!(text.contains("╭─[libproj1/foo/bar1.go:1:9]"), "{text}");
    assert!(text.contains("1 │ package bar"), "{text}");
    assert!(
        text.contains("the directory's package foo is declared here"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "no escape codes when piped: {text:?}"
    );
    let colored = golayout(
        t.path(),
        &[
            "check",
            "--format",
            "full",
            "--color",
            "always",
            "./libproj1/foo",
        ],
    );
    assert!(stdout(&colored).contains('\u{1b}'));
}

#[test]
fn a_file_argument_checks_its_directory() {
    let t = tree();
    let out = golayout(
        t.path(),
        &["check", "libproj1/foo/foo1.go", "clean/clean.go"],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("libproj1/foo/bar1.go:1:9"), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
}

#[test]
fn tags_flag_sets_tags() {
    let t = tree();
    let out = golayout(t.path(), &["check", "--tags", "tools", "./tagged"]);
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "tagged/tools.go:3:9: found packages tagged (a.go) and tools (tools.go) in tagged: "
        ),
        "{text}"
    );
    let spaced = golayout(t.path(), &["check", "--tags", "dev tools", "./tagged"]);
    assert_eq!(stdout(&spaced), text);
    let json = golayout(
        t.path(),
        &["check", "--tags", "tools", "--format", "json", "./tagged"],
    );
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value[0]["severity"], "error");
}

#[test]
fn no_go_files_is_clean_with_a_note() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("README"), "nothing here").unwrap();
    let out = golayout(t.path(), &["check", "./..."]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("no Go files"), "{}", stderr(&out));
}

#[test]
fn bad_input_is_reported_and_the_run_goes_on() {
    let t = tree();
    let dir = t.path().join("bad");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("ok.go"), "package bad\n").unwrap();
    std::fs::write(dir.join("empty.go"), "").unwrap();
    std::fs::write(
        dir.join("binary.go"),
        [0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 0xff, 0xfe],
    )
    .unwrap();
    std::fs::write(dir.join("latin1.go"), b"package bad // caf\xe9\n").unwrap();
    let big = format!("package bad\n\nvar x = `{}`\n", "x".repeat(50 << 20));
    std::fs::write(dir.join("big.go"), big).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", dir.join("loop")).unwrap();
    let out = golayout(t.path(), &["check", "--format", "concise", "./bad/..."]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}\n{}", stderr(&out));
    assert!(
        text.contains("bad/empty.go:1:1: no package clause"),
        "{text}"
    );
    assert!(
        text.contains("bad/binary.go:1:5: not a Go source file"),
        "{text}"
    );
    assert!(text.contains("bad/latin1.go:1:19: invalid UTF-8"), "{text}");
    assert_eq!(text.lines().count(), 3, "{text}");
}

#[test]
fn a_broken_go_mod_is_an_error_naming_it() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("go.mod"), "go 1.22\n").unwrap();
    std::fs::write(t.path().join("a.go"), "package a\n").unwrap();
    let out = golayout(t.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("go.mod"), "{}", stderr(&out));
}

#[test]
fn a_bad_config_is_an_error_naming_it() {
    let t = tree();
    std::fs::write(
        t.path().join("golayout.toml"),
        "[rules]\nno-such-rule = \"off\"\n",
    )
    .unwrap();
    let out = golayout(t.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("golayout.toml"), "{}", stderr(&out));
    assert!(stderr(&out).contains("no-such-rule"), "{}", stderr(&out));
    let isolated = golayout(t.path(), &["check", "--isolated", "./clean"]);
    assert_eq!(isolated.status.code(), Some(0));
}

#[test]
fn config_levels_apply() {
    let t = tree();
    std::fs::write(
        t.path().join("golayout.toml"),
        "[rules]\npackage-dir-mismatch = \"off\"\nmultiple-packages = \"warning\"\n",
    )
    .unwrap();
    let out = golayout(t.path(), &["check", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = value.as_array().unwrap();
    assert!(
        items
            .iter()
            .all(|d| d["rule"] == "multiple-packages" && d["severity"] == "warning")
    );
    assert_eq!(items.len(), 2);
}

#[test]
fn a_closed_pipe_exits_quietly() {
    let t = tempfile::tempdir().unwrap();
    let mut files = vec![("go.mod".to_string(), "module m\n".to_string())];
    for i in 0..400 {
        files.push((format!("d{i}/a.go"), format!("package wrong{i}\n")));
    }
    common::materialize(t.path(), &files);
    let mut child = command(t.path(), &["check", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.code().is_some(), "killed by a signal");
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn rule_and_rules_commands() {
    let t = tree();
    let out = golayout(t.path(), &["rule", "multiple-packages"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("# multiple-packages\n"));
    let list = golayout(t.path(), &["rules"]);
    let text = stdout(&list);
    assert!(text.contains("multiple-packages"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("package-dir-mismatch") && l.contains("warning"))
    );
    assert_eq!(golayout(t.path(), &["rule", "nope"]).status.code(), Some(2));
    let version = golayout(t.path(), &["--version"]);
    assert!(stdout(&version).starts_with("golayout "));
}

#[cfg(unix)]
#[test]
fn symlinked_directories_are_not_followed_but_symlinked_files_are_read() {
    let t = tree();
    let outside = tempfile::tempdir().unwrap();
    let two = outside.path().join("two");
    std::fs::create_dir(&two).unwrap();
    std::fs::write(two.join("a.go"), "package a\n").unwrap();
    std::fs::write(two.join("b.go"), "package b\n").unwrap();
    std::os::unix::fs::symlink(&two, t.path().join("clean/linked")).unwrap();
    std::os::unix::fs::symlink(two.join("b.go"), t.path().join("clean/b_link.go")).unwrap();
    let out = golayout(t.path(), &["check", "./clean/..."]);
    let text = stdout(&out);
    assert!(!text.contains("linked"), "{text}");
    assert!(
        text.starts_with(
            "clean/b_link.go:1:9: found packages b (b_link.go) and clean (clean.go) in clean"
        ),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1, "{text}");
}

#[test]
fn exact_mode_expects_the_joined_name_only() {
    let t = tempfile::tempdir().unwrap();
    let files = [
        ("go.mod", "module example.com/m\n"),
        (
            "golayout.toml",
            "[rules.package-dir-mismatch]\nmode = \"exact\"\n",
        ),
        ("go-nsq/client.go", "package nsq\n"),
    ];
    common::materialize(t.path(), &files);
    let out = golayout(t.path(), &["check", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Exact mode drops goimports' guess (`nsq`); the element joined is still a name.
    assert_eq!(value[0]["rule"], "package-dir-mismatch");
    assert_eq!(
        value[0]["message"],
        "package nsq does not match its import path example.com/m/go-nsq: importers expect gonsq or go_nsq"
    );
    assert_eq!(value[0]["fix"]["edits"][0]["content"], "gonsq", "{value}");
}

#[test]
fn a_missing_path_says_so_once() {
    let t = tree();
    let out = golayout(t.path(), &["check", "./nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "golayout: error: ./nope: no such file or directory\n"
    );
}

/// The seed scenario: `app2` imports `libproj2/foo`, whose package is `bar`.
fn seed_app2() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let files = [
        ("libproj2/go.mod", "module libproj2\n\ngo 1.22\n"),
        ("libproj2/foo/foo1.go", "package bar\n\nfunc Bar1() {}\n"),
        (
            "app2/go.mod",
            "module app2\n\ngo 1.22\n\nrequire libproj2 v0.0.0\n\nreplace libproj2 => ../libproj2\n",
        ),
        (
            "app2/main.go",
            "package main\r\n\r\nimport (\r\n\t\"fmt\"\r\n\tstrings \"strings\"\r\n\r\n\t\"libproj2/foo\"\r\n)\r\n\r\nfunc main() { fmt.Println(strings.ToUpper(\"\")); bar.Bar1() }\r\n",
        ),
        (
            "app2/util/a.go",
            "package util\n\nimport apiv \"libproj2/foo\"\n\nvar A = apiv.Bar1\n",
        ),
        (
            "app2/util/b.go",
            "package util\n\nimport apiv \"libproj2/foo\"\n\nvar B = apiv.Bar1\n",
        ),
        (
            "app2/util/c.go",
            "package util\n\nimport other \"libproj2/foo\"\n\nvar C, D = other.Bar1, other.Bar1\n",
        ),
        // Four of six imports say apiv: a clear majority (two thirds of at least five),
        // which the rule follows when asked to.
        (
            "golayout.toml",
            "[rules.inconsistent-import-alias]\ninfer-majority = true\n",
        ),
        (
            "app2/util/d.go",
            "package util\n\nimport apiv \"libproj2/foo\"\n\nvar E = apiv.Bar1\n",
        ),
        (
            "app2/util/e.go",
            "package util\n\nimport apiv \"libproj2/foo\"\n\nvar F = apiv.Bar1\n",
        ),
    ];
    common::materialize(t.path(), &files);
    t
}

#[test]
fn diff_shows_the_safe_fixes_without_writing() {
    let t = seed_app2();
    let before = std::fs::read(t.path().join("app2/main.go")).unwrap();
    let out = golayout(t.path(), &["check", "--diff", "./app2/..."]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("--- a/app2/main.go\n+++ b/app2/main.go\n"),
        "{text}"
    );
    assert!(
        text.contains("-\tstrings \"strings\"\r\n+\t\"strings\"\r\n"),
        "{text:?}"
    );
    assert!(text.contains("+\tbar \"libproj2/foo\"\r\n"), "{text:?}");
    assert!(
        !text.contains("util/c.go"),
        "unsafe fixes need --unsafe-fixes: {text}"
    );
    assert_eq!(
        std::fs::read(t.path().join("app2/main.go")).unwrap(),
        before
    );
}

#[test]
fn fix_writes_safe_fixes_keeping_line_endings_and_is_idempotent() {
    let t = seed_app2();
    let out = golayout(
        t.path(),
        &["check", "--fix", "--format", "concise", "./app2/..."],
    );
    let text = stdout(&out);
    // What is left: the inconsistent aliases, whose fix is unsafe.
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(
        text,
        "app2/main.go:7:2: \"libproj2/foo\" is imported as bar here, but as apiv elsewhere (the name 4 of 6 imports in this module use) (inconsistent-import-alias)\n\
         app2/util/c.go:3:8: \"libproj2/foo\" is imported as other here, but as apiv elsewhere (the name 4 of 6 imports in this module use) (inconsistent-import-alias)\n"
    );
    assert_eq!(
        std::fs::read_to_string(t.path().join("app2/main.go")).unwrap(),
        "package main\r\n\r\nimport (\r\n\t\"fmt\"\r\n\t\"strings\"\r\n\r\n\tbar \"libproj2/foo\"\r\n)\r\n\r\nfunc main() { fmt.Println(strings.ToUpper(\"\")); bar.Bar1() }\r\n"
    );
    let again = golayout(t.path(), &["check", "--diff", "./app2/..."]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
    assert!(stdout(&again).is_empty());
}

#[test]
fn unsafe_fixes_rename_the_alias_and_its_uses() {
    let t = seed_app2();
    let out = golayout(
        t.path(),
        &["check", "--fix", "--unsafe-fixes", "./app2/..."],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        std::fs::read_to_string(t.path().join("app2/util/c.go")).unwrap(),
        "package util\n\nimport apiv \"libproj2/foo\"\n\nvar C, D = apiv.Bar1, apiv.Bar1\n"
    );
    let main = std::fs::read_to_string(t.path().join("app2/main.go")).unwrap();
    assert!(main.contains("\tapiv \"libproj2/foo\"\r\n"), "{main:?}");
    assert!(main.contains("apiv.Bar1() }\r\n"), "{main:?}");
    assert!(stdout(&golayout(t.path(), &["check", "./app2/..."])).is_empty());
}

#[test]
fn a_suppression_needs_a_reason() {
    let t = tempfile::tempdir().unwrap();
    let files = [
        ("go.mod", "module example.com/m\n"),
        (
            "a/a.go",
            "package a\n\nimport (\n\t\"fmt\"\n\t//golayout:ignore duplicate-import\n\tf \"fmt\"\n)\n",
        ),
    ];
    common::materialize(t.path(), &files);
    let out = golayout(t.path(), &["check", "--format", "concise"]);
    assert_eq!(
        stdout(&out),
        "a/a.go:5:2: golayout:ignore duplicate-import gives no reason: say why the finding is acceptable (unused-suppression)\n\
         a/a.go:6:4: \"fmt\" is imported twice in this file (first on line 4) (duplicate-import)\n"
    );
    let fixed = golayout(t.path(), &["check", "--fix", "--format", "concise"]);
    assert_eq!(
        stdout(&fixed),
        "a/a.go:5:4: \"fmt\" is imported twice in this file (first on line 4) (duplicate-import)\n"
    );
    assert_eq!(
        std::fs::read_to_string(t.path().join("a/a.go")).unwrap(),
        "package a\n\nimport (\n\t\"fmt\"\n\tf \"fmt\"\n)\n"
    );
}

#[test]
fn select_ignore_exit_zero_and_statistics() {
    let t = tree();
    let only = golayout(t.path(), &["check", "--select", "package-dir-mismatch"]);
    assert_eq!(stdout(&only).lines().count(), 1, "{}", stdout(&only));
    assert!(stdout(&only).contains("(package-dir-mismatch)"));
    let ignored = golayout(
        t.path(),
        &[
            "check",
            "--ignore",
            "multiple-packages,package-dir-mismatch",
        ],
    );
    assert_eq!(ignored.status.code(), Some(0), "{}", stdout(&ignored));
    let zero = golayout(t.path(), &["check", "--exit-zero"]);
    assert_eq!(zero.status.code(), Some(0));
    assert!(!stdout(&zero).is_empty());
    let unknown = golayout(t.path(), &["check", "--select", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown rule `nope`"));
    let stats = golayout(t.path(), &["check", "--statistics"]);
    assert_eq!(stats.status.code(), Some(1));
    assert_eq!(
        stdout(&stats),
        concat!(
            "    2  multiple-packages     files of more than one package in a directory\n",
            "    1  package-dir-mismatch  package name differs from the name its import path implies\n"
        )
    );
}

#[test]
fn stdin_replaces_one_file_and_reports_its_directory() {
    let t = tree();
    let args = ["check", "--stdin-filename", "clean/clean.go"];
    let out = golayout_with_stdin(t.path(), &args, b"package dirty\n");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        concat!(
            "clean/clean.go:1:9: package dirty does not match its import path example.com/m/clean: importers expect clean (package-dir-mismatch)\n",
            "clean/clean_test.go:1:9: found packages dirty (clean.go) and clean (clean_test.go) in clean: test file clean_test.go declares package clean_test, but a test file of this directory must declare dirty or dirty_test (test-package-mismatch)\n"
        )
    );
    // A buffer not yet saved joins its directory too.
    let args = ["check", "--stdin-filename", "clean/new.go"];
    let out = golayout_with_stdin(t.path(), &args, b"package other\n");
    assert!(
        stdout(&out).starts_with(
            "clean/new.go:1:9: found packages clean (clean.go) and other (new.go) in clean"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn output_file_and_quiet() {
    let t = tempfile::tempdir().unwrap();
    let out = golayout(t.path(), &["check", "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let t = tree();
    let written = t.path().join("report.json");
    let out = golayout(
        t.path(),
        &["check", "--format", "json", "-o", written.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&written).unwrap()).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 3);
}

#[test]
fn config_errors_point_at_the_offending_span() {
    let t = tree();
    std::fs::write(
        t.path().join("golayout.toml"),
        "tags = [\"x\"]\n\n[rules]\nmultiple-packages = \"loud\"\n",
    )
    .unwrap();
    let out = golayout(t.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(text.contains("unknown level `loud`"), "{text}");
    assert!(text.contains("golayout.toml:4:21]"), "{text}");
    assert!(text.contains("4 │ multiple-packages = \"loud\""), "{text}");
    std::fs::write(t.path().join("golayout.toml"), "exclude = [\"a/[b\"]\n").unwrap();
    let text = stderr(&golayout(t.path(), &["check"]));
    assert!(text.contains("bad glob `a/[b`"), "{text}");
    std::fs::write(t.path().join("golayout.toml"), "tags = [\n").unwrap();
    let text = stderr(&golayout(t.path(), &["check"]));
    assert!(text.contains("golayout.toml:1:9]"), "{text}");
}

#[test]
fn exclude_applies_to_walks_and_named_paths() {
    let t = tree();
    std::fs::write(
        t.path().join("golayout.toml"),
        "exclude = [\"libproj1/**\", \"**/tools.go\"]\n",
    )
    .unwrap();
    let out = golayout(t.path(), &["check"]);
    assert_eq!(
        stdout(&out),
        "libproj2/foo/foo1.go:1:9: package bar does not match its import path example.com/m/libproj2/foo: importers expect foo (package-dir-mismatch)\n"
    );
    // pre-commit names changed files: an excluded one stays excluded...
    let named = golayout(t.path(), &["check", "libproj1/foo/bar1.go"]);
    assert_eq!(named.status.code(), Some(0), "{}", stdout(&named));
    // ...unless --no-force-exclude says otherwise.
    let forced = golayout(
        t.path(),
        &["check", "--no-force-exclude", "libproj1/foo/bar1.go"],
    );
    assert_eq!(forced.status.code(), Some(1));
}

/// `go vet ./...` in `dir` with the Go 1.27.3 toolchain, offline.
fn go_vet(dir: &Path) -> Output {
    let goroot = common::goroot();
    Command::new(goroot.join("bin/go"))
        .args(["vet", "./..."])
        .current_dir(dir)
        .env("GOROOT", goroot)
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .env("GOWORK", "off")
        .output()
        .expect("go vet runs")
}

#[test]
fn package_rename_keeps_unaliased_importers_compiling() {
    let t = tempfile::tempdir().unwrap();
    let files = [
        ("go.mod", "module example.com/m\n\ngo 1.22\n"),
        ("storage/store.go", "package store\n\nfunc Open() {}\n"),
        (
            "app/app.go",
            "package app\n\nimport \"example.com/m/storage\"\n\nvar _ = store.Open\n",
        ),
        (
            "tool/main.go",
            "package main\n\nimport st \"example.com/m/storage\"\n\nfunc main() { st.Open() }\n",
        ),
    ];
    common::materialize(t.path(), &files);
    let vet = go_vet(t.path());
    assert!(vet.status.success(), "{}", stderr(&vet));
    // Only the rename's own fix: missing-import-alias would add the alias by itself.
    let out = golayout(
        t.path(),
        &[
            "check",
            "--fix",
            "--unsafe-fixes",
            "--select",
            "package-dir-mismatch",
            "./...",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let read = |p: &str| std::fs::read_to_string(t.path().join(p)).unwrap();
    assert_eq!(
        read("storage/store.go"),
        "package storage\n\nfunc Open() {}\n"
    );
    assert_eq!(
        read("app/app.go"),
        "package app\n\nimport store \"example.com/m/storage\"\n\nvar _ = store.Open\n"
    );
    assert_eq!(read("tool/main.go"), files[3].1);
    let vet = go_vet(t.path());
    assert!(vet.status.success(), "{}", stderr(&vet));
}

#[test]
fn a_rename_that_would_not_compile_is_not_offered_and_fix_says_why() {
    let t = tempfile::tempdir().unwrap();
    let files = [
        ("go.mod", "module example.com/m\n\ngo 1.22\n"),
        (
            "golayout.toml",
            "[aliases]\n\"errors\" = \"type\"\n\"strings\" = \"str\"\n",
        ),
        (
            "a.go",
            "package m\n\nimport (\n\terrorspkg \"errors\"\n\tstrs \"strings\"\n)\n\n// New wraps [strs.ToUpper] and [errorspkg.New].\nfunc New() error { return errorspkg.New(strs.ToUpper(\"x\")) }\n",
        ),
    ];
    common::materialize(t.path(), &files);
    let json = golayout(t.path(), &["check", "--format", "json", "./..."]);
    let found: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let fix_of = |alias: &str| {
        found
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains(alias))
            .map(|d| d["fix"].clone())
            .unwrap()
    };
    // The keyword is no name an import can take: the finding stays, without a fix.
    assert!(fix_of("errorspkg").is_null(), "{found}");
    let offered = fix_of("strs");
    let edits = offered["edits"].as_array().unwrap();
    // The alias, the doc link and the use: what --fix writes, and no more.
    assert_eq!(edits.len(), 3, "{offered}");
    assert!(edits.iter().all(|e| e["content"] == "str"), "{offered}");

    let out = golayout(t.path(), &["check", "--fix", "--unsafe-fixes", "./..."]);
    assert_eq!(
        stderr(&out)
            .lines()
            .filter(|l| l.contains("not fixed"))
            .collect::<Vec<_>>(),
        ["golayout: a.go:4:2: inconsistent-import-alias: not fixed: type is a Go keyword"]
    );
    let fixed = std::fs::read_to_string(t.path().join("a.go")).unwrap();
    assert_eq!(fixed, files[2].1.replace("strs", "str"));
    let vet = go_vet(t.path());
    assert!(vet.status.success(), "{}", stderr(&vet));
}

/// The commit this checkout is at, when git can say.
fn git_head() -> Option<String> {
    let out = Command::new("git")
        .args(["-C", env!("CARGO_MANIFEST_DIR"), "rev-parse", "HEAD"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn version_names_the_commit() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let line = stdout(&golayout(here, &["--version"]));
    let json = golayout(here, &["version", "--format", "json"]);
    assert!(json.status.success());
    let facts: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(facts["version"], env!("CARGO_PKG_VERSION"));
    let commit = facts["commit"].as_str().unwrap();
    // Built from this checkout: its commit (possibly with edits since), else "unknown".
    if let Some(head) = git_head() {
        assert_eq!(commit, head);
    }
    let dirty = if facts["dirty"] == true {
        ", dirty"
    } else {
        ""
    };
    let expected = format!("golayout {} ({commit}{dirty})\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(line, expected);
    assert_eq!(stdout(&golayout(here, &["version"])), expected);
    assert!(facts["target"].as_str().is_some_and(|t| !t.is_empty()));
}

/// The completion script for `shell`, written to a file in `dir`.
fn completion(dir: &Path, shell: &str) -> PathBuf {
    let out = golayout(dir, &["completion", shell]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!out.stdout.is_empty());
    let path = dir.join(format!("golayout.{shell}"));
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

/// Runs `shell` with `args`, saying clearly when it is not installed.
fn shell(shell: &str, args: &[&str]) -> Output {
    Command::new(shell)
        .args(args)
        .output()
        .unwrap_or_else(|err| {
            panic!("{shell} is needed ({err}): scripts/install-test-deps.sh installs it")
        })
}

#[test]
fn bash_completes_subcommands_and_flags() {
    let t = tempfile::tempdir().unwrap();
    let script = completion(t.path(), "bash");
    // What bash does on <TAB> after `golayout check --form`: call the function with the
    // command, the word being completed and the one before it.
    let complete = |words: &str, current: usize| {
        let program = format!(
            "source {}; COMP_WORDS=({words}); COMP_CWORD={current}; COMP_LINE=\"{words}\"; COMP_POINT=${{#COMP_LINE}}; _golayout golayout \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display()
        );
        let out = shell("bash", &["-c", &program]);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    assert_eq!(complete("golayout check --form", 2), "--format\n");
    let commands = complete("golayout com", 1);
    assert_eq!(commands, "completion\n");
    let formats = complete("golayout check --format s", 3);
    assert_eq!(formats, "sarif\n");
}

#[test]
fn zsh_and_fish_accept_their_completion_scripts() {
    let t = tempfile::tempdir().unwrap();
    for (name, check) in [("zsh", "-n"), ("fish", "--no-execute")] {
        let script = completion(t.path(), name);
        let out = shell(name, &[check, script.to_str().unwrap()]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
    }
    let powershell = completion(t.path(), "powershell");
    let text = std::fs::read_to_string(powershell).unwrap();
    assert!(text.contains("Register-ArgumentCompleter"), "{text}");
}

#[test]
fn the_committed_config_schema_is_the_generated_one() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = golayout(here, &["config", "schema"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let committed = std::fs::read_to_string(here.join("golayout.schema.json")).unwrap();
    assert!(
        stdout(&out) == committed,
        "golayout.schema.json is stale: run `golayout config schema > golayout.schema.json`"
    );
}

#[test]
fn config_check_validates_without_checking_code() {
    let t = tempfile::tempdir().unwrap();
    common::materialize(
        t.path(),
        &[
            (
                "good.toml",
                "[rules.package-dir-mismatch]\nmode = \"exact\"\n",
            ),
            (
                "bad.toml",
                "[rules.package-dir-mismatch]\nmode = \"loose\"\n",
            ),
            // Broken Go code is not looked at.
            ("a.go", "package\n"),
        ],
    );
    let good = golayout(t.path(), &["config", "check", "good.toml"]);
    assert_eq!(good.status.code(), Some(0), "{}", stderr(&good));
    assert_eq!(stdout(&good), "good.toml: valid\n");
    let bad = golayout(t.path(), &["config", "check", "bad.toml"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("`mode` must be"), "{}", stderr(&bad));
    // Without a file, the one `check` would find; here there is none.
    std::fs::create_dir(t.path().join(".git")).unwrap();
    let none = golayout(t.path(), &["config", "check"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("no golayout.toml"),
        "{}",
        stderr(&none)
    );
    std::fs::rename(t.path().join("good.toml"), t.path().join("golayout.toml")).unwrap();
    let found = golayout(t.path(), &["config", "check"]);
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
}

/// `golayout check --stdin-filename a/a.go --format FORMAT` in `dir`, with `contents`.
fn check_stdin(dir: &Path, format: &str, contents: &[u8]) -> Output {
    let args = ["check", "--stdin-filename", "a/a.go", "--format", format];
    golayout_with_stdin(dir, &args, contents)
}

#[test]
fn snippets_of_stdin_come_from_stdin_not_the_disk() {
    let t = tempfile::tempdir().unwrap();
    common::materialize(
        t.path(),
        &[
            ("go.mod", "module example.com/m\n\ngo 1.22\n"),
            ("a/a.go", "package a\n"),
            ("a/b.go", "package a\n"),
        ],
    );
    // Unsaved: another package, after a comment with a two-byte character.
    let contents = "/*\u{e9}*/ package other\n".as_bytes();
    let full = check_stdin(t.path(), "full", contents);
    assert_eq!(full.status.code(), Some(1), "{}", stderr(&full));
    assert!(stdout(&full).contains("package other"), "{}", stdout(&full));
    let sarif = check_stdin(t.path(), "sarif", contents);
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    // `other` starts at byte column 16, UTF-16 column 15 (the é is one code unit).
    assert_eq!(region["startLine"], 1, "{region}");
    assert_eq!(region["startColumn"], 15, "{region}");
}
