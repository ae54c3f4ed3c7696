//! Hostile trees (DESIGN.md section 9, issue 7): whatever a checkout holds, golayout
//! finishes in bounded time, names the path at fault in a diagnostic or an error, exits
//! with the documented status (1 for findings, 2 for a run error or an internal one), and
//! still checks everything else. Every tree holds a `control` directory whose finding
//! proves the run went on. Each run is the real binary under a time limit: a hang fails
//! the test instead of stalling the suite.
//!
//! Also: no panic ends a run or the language server (through the `GOLAYOUT_TEST_PANIC`
//! hook: no input is known to make golayout panic): one while checking a directory costs
//! that directory, one while resolving imports the rules that need them, one while fixing
//! or diffing a file that file, one in a renderer the output (none is half-written), one
//! while planning a code action that action. And: `--fix` killed in the middle of a large
//! run leaves every file whole, old or new, megabytes of comments cost no more memory than
//! their size, and the inputs the fuzzers found (fuzz/README.md) stay fixed.
//!
//! Unreadable entries: the tests run as root, whose reads ignore permission bits, so that
//! run drops to `nobody` with setpriv (util-linux); where it cannot, it says SKIPPED.

#![cfg(unix)]

use serde_json::Value;
use std::ffi::OsStr;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Far above what any of these trees needs, even in a debug build on a busy machine;
/// only a hang reaches it.
const LIMIT: Duration = Duration::from_secs(60);

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The JSON findings.
    fn findings(&self) -> Vec<Value> {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }

    /// The finding of `rule` at `path` (relative, `/`-separated), if any.
    fn finding(&self, rule: &str, path: &str) -> Option<Value> {
        self.findings()
            .into_iter()
            .find(|f| f["rule"] == rule && f["path"] == path)
    }

    /// Asserts a finding of `rule` at `path` and returns it.
    fn expect(&self, rule: &str, path: &str) -> Value {
        self.finding(rule, path)
            .unwrap_or_else(|| panic!("no {rule} at {path:?}:\n{}\n{}", self.stdout, self.stderr))
    }

    fn expect_code(&self, code: i32) {
        assert_eq!(
            self.code,
            Some(code),
            "exit status\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
    }

    /// The control directory was checked: the run went on past whatever broke.
    fn expect_control(&self) {
        self.expect("package-dir-mismatch", "control/x.go");
    }
}

/// The command for golayout in `cwd`, isolated from any config or module cache around.
fn command(cwd: &Path, args: &[&str]) -> Command {
    command_as(cwd, "json", args)
}

fn command_as(cwd: &Path, format: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_golayout"));
    command
        .current_dir(cwd)
        .arg("check")
        .args(["--isolated", "--format", format])
        .args(args)
        .env("GOMODCACHE", "/nonexistent/golayout-test-module-cache")
        .env("GOPATH", "/nonexistent/golayout-test-gopath")
        .env_remove("GOLAYOUT_TEST_PANIC")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs `command` to its end, or fails the test if it outlives `LIMIT`.
fn run(mut command: Command) -> Run {
    let mut child = command.spawn().expect("golayout starts");
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    let status = wait(&mut child, LIMIT);
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("golayout did not finish within {LIMIT:?}: {command:?}");
    };
    Run {
        code: status.code(),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

fn golayout(cwd: &Path, args: &[&str]) -> Run {
    run(command(cwd, args))
}

fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn wait(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for golayout") {
            return Some(status);
        }
        if start.elapsed() > limit {
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn write(root: &Path, path: impl AsRef<Path>, contents: impl AsRef<[u8]>) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// A temporary directory, on tmpfs where there is one: creating ten thousand files or
/// fsyncing two thousand costs seconds on a disk and nothing there, and what these tests
/// check does not depend on the file system.
fn temp_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::tempdir_in(shm)
    {
        return dir;
    }
    tempfile::tempdir().unwrap()
}

/// A temporary tree with the control directory: a package that disagrees with its
/// directory, so that a run that went on reports it.
fn tree() -> tempfile::TempDir {
    let t = temp_dir();
    write(t.path(), "control/x.go", "package wrong\n");
    t
}

#[test]
fn symlink_loops_and_a_symlink_to_the_root_are_not_followed() {
    let t = tree();
    let dir = t.path().join("links");
    write(t.path(), "links/a.go", "package links\n");
    let link = |target: &str, name: &str| std::os::unix::fs::symlink(target, dir.join(name));
    link("loop2", "loop1").unwrap();
    link("loop1", "loop2").unwrap();
    link(".", "self").unwrap();
    link("..", "up").unwrap();
    link("/", "root").unwrap();
    // A link to itself named like a Go file is a Go file that cannot be read.
    link("selfish.go", "selfish.go").unwrap();
    link("nowhere", "dangling.go").unwrap();

    let out = golayout(t.path(), &["./..."]);
    out.expect_code(1);
    out.expect_control();
    let selfish = out.expect("invalid-go-file", "links/selfish.go");
    assert!(
        selfish["message"].as_str().unwrap().contains("cannot read"),
        "{selfish}"
    );
    out.expect("invalid-go-file", "links/dangling.go");
    // Nothing was reached through a link to a directory.
    assert!(
        out.findings()
            .iter()
            .all(|f| f["path"].as_str().unwrap().split('/').count() == 2),
        "{}",
        out.stdout
    );

    // A loop named on the command line is an error naming it.
    let named = golayout(t.path(), &["./links/loop1", "./control"]);
    named.expect_code(2);
    named.expect_control();
    assert!(named.stderr.contains("links/loop1"), "{}", named.stderr);
}

#[test]
fn a_directory_and_a_fifo_named_like_go_files() {
    let t = tree();
    write(t.path(), "odd/a.go", "package odd\n");
    // A directory named x.go is a directory (of package x, which suits its name).
    write(t.path(), "odd/x.go/b.go", "package x\n");
    let fifo = t.path().join("odd/y.go");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());

    let out = golayout(t.path(), &["./..."]);
    out.expect_code(1);
    out.expect_control();
    let pipe = out.expect("invalid-go-file", "odd/y.go");
    assert!(
        pipe["message"]
            .as_str()
            .unwrap()
            .contains("not a regular file"),
        "{pipe}"
    );
    assert!(
        out.finding("package-dir-mismatch", "odd/x.go/b.go")
            .is_none()
    );
    assert_eq!(out.findings().len(), 2, "{}", out.stdout);
}

#[test]
fn binary_non_utf8_utf16_and_empty_files() {
    let t = tree();
    write(t.path(), "bad/ok.go", "package bad\n");
    let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
    elf.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    write(t.path(), "bad/binary.go", &elf);
    // High bytes, but no NUL: not UTF-8 either.
    write(
        t.path(),
        "bad/high.go",
        (0x80..=0xffu8).cycle().take(3000).collect::<Vec<_>>(),
    );
    write(
        t.path(),
        "bad/latin1.go",
        b"// Copyright caf\xe9\n\npackage bad\n",
    );
    // Invalid bytes after the header are not the header's business (go/build reads only
    // the header too; the compiler reports the rest).
    write(
        t.path(),
        "bad/body.go",
        b"package bad\n\nvar s = \"caf\xe9\"\n",
    );
    let utf16: Vec<u8> = "\u{feff}package bad\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    write(t.path(), "bad/utf16.go", utf16);
    write(t.path(), "bad/empty.go", "");
    write(
        t.path(),
        "bad/bom.go",
        "\u{feff}package bad\r\n\r\nimport \"fmt\"\r\n",
    );

    let out = golayout(t.path(), &["./..."]);
    out.expect_code(1);
    out.expect_control();
    let message = |path: &str| {
        out.expect("invalid-go-file", path)["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(message("bad/binary.go").contains("NUL"));
    assert!(message("bad/high.go").contains("UTF-8"));
    let latin1 = out.expect("invalid-go-file", "bad/latin1.go");
    assert_eq!(
        (latin1["line"].as_u64(), latin1["column"].as_u64()),
        (Some(1), Some(17))
    );
    assert!(message("bad/utf16.go").contains("not a Go source file"));
    assert!(message("bad/empty.go").contains("no package clause"));
    // Six findings: the control and the five unreadable files; body.go and bom.go are fine.
    assert_eq!(out.findings().len(), 6, "{}", out.stdout);
}

#[test]
fn a_50_mb_generated_file_and_a_10_mb_line() {
    let t = tree();
    // The header is read, the 50 MB behind it is not: its package clause still counts.
    let mut big = String::from(
        "// Code generated by hostile.rs. DO NOT EDIT.\n\npackage generated\n\nimport \"fmt\"\n\nvar table = []string{\n",
    );
    let line = format!("\t\"{}\",\n", "x".repeat(96));
    big.push_str(&line.repeat((50 << 20) / line.len()));
    big.push_str("}\n\nvar _ = fmt.Sprint\n");
    write(t.path(), "big/gen.go", &big);
    drop(big);
    // One line of 10 MB: after the package clause, and as a comment before it.
    let long = format!("package long; var x = \"{}\"", "y".repeat(10 << 20));
    write(t.path(), "oneline/a.go", long);
    let comment = format!("// {}\npackage long\n", "z".repeat(10 << 20));
    write(t.path(), "commentline/a.go", comment);

    let out = golayout(t.path(), &["./..."]);
    out.expect_code(1);
    out.expect_control();
    let generated = out.expect("package-dir-mismatch", "big/gen.go");
    assert_eq!(generated["line"], 3);
    out.expect("package-dir-mismatch", "oneline/a.go");
    let after_comment = out.expect("package-dir-mismatch", "commentline/a.go");
    assert_eq!(
        (
            after_comment["line"].as_u64(),
            after_comment["column"].as_u64()
        ),
        (Some(2), Some(9))
    );
}

#[test]
fn a_header_that_never_ends() {
    let t = tree();
    // Nothing but imports to the end of the file: the whole file is header.
    let mut imports = String::from("package neverends\n\n");
    for i in 0..40_000 {
        imports.push_str(&format!("import _ \"example.com/p{i}\"\n"));
    }
    write(t.path(), "hdr/a.go", &imports);
    // An import group that is never closed.
    let mut open = String::from("package hdr\n\nimport (\n");
    for i in 0..40_000 {
        open.push_str(&format!("\t_ \"example.com/p{i}\"\n"));
    }
    write(t.path(), "hdr/b.go", &open);
    write(t.path(), "hdr/c.go", "package hdr\n");

    let out = golayout(t.path(), &["./..."]);
    out.expect_code(1);
    out.expect_control();
    // a.go was read to its end and its clause understood.
    out.expect("multiple-packages", "hdr/a.go");
    let unclosed = out.expect("invalid-go-file", "hdr/b.go");
    assert_eq!(unclosed["line"], 40_004, "{unclosed}");
}

#[test]
fn a_thousand_nested_directories() {
    let t = tree();
    let deep: PathBuf = std::iter::repeat_n("d", 1000).collect();
    write(t.path(), deep.join("a.go"), "package wrong\n");
    write(t.path(), "d/a.go", "package d\n");

    let out = golayout(t.path(), &["./..."]);
    out.expect_code(1);
    out.expect_control();
    let path = format!("{}/a.go", vec!["d"; 1000].join("/"));
    out.expect("package-dir-mismatch", &path);
    assert_eq!(out.findings().len(), 2, "{}", out.stderr);

    // Named directly, too.
    let named = golayout(t.path(), &[deep.to_str().unwrap()]);
    named.expect_code(1);
    named.expect("package-dir-mismatch", &path);
}

#[test]
fn ten_thousand_files_in_one_directory() {
    let t = tree();
    let dir = t.path().join("many");
    std::fs::create_dir(&dir).unwrap();
    for i in 0..10_000 {
        let package = if i == 5_000 { "other" } else { "many" };
        let contents = format!("package {package}\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n");
        std::fs::write(dir.join(format!("f{i:05}.go")), contents).unwrap();
    }

    let out = golayout(t.path(), &["./..."]);
    out.expect_code(1);
    out.expect_control();
    let finding = out.expect("multiple-packages", "many/f05000.go");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("found packages many (f00000.go) and other (f05000.go)"),
        "{finding}"
    );
    assert_eq!(out.findings().len(), 2, "{}", out.stdout);
}

#[test]
fn file_names_with_spaces_newlines_and_invalid_utf8() {
    let t = tree();
    write(t.path(), "names/n1.go", "package names\n");
    write(t.path(), "names/n2.go", "package names\n");
    let odd: [&[u8]; 4] = [
        b"names/a b.go",
        b"names/new\nline.go",
        b"names/bad\xffname.go",
        b"names/tab\tand\rcr.go",
    ];
    for name in odd {
        write(t.path(), OsStr::from_bytes(name), "package odd\n");
    }
    write(
        t.path(),
        OsStr::from_bytes(b"names/dir\xfe/x.go"),
        "package wrong\n",
    );

    let out = golayout(t.path(), &["./..."]);
    out.expect_code(1);
    out.expect_control();
    for name in odd {
        out.expect("multiple-packages", &String::from_utf8_lossy(name));
    }
    out.expect("package-dir-mismatch", "names/dir\u{fffd}/x.go");
    assert_eq!(out.findings().len(), 6, "{}", out.stdout);

    // The go vet shape stays one finding per line however the names are spelled.
    let concise = run(command_as(t.path(), "concise", &["./names/..."]));
    concise.expect_code(1);
    assert_eq!(concise.stdout.lines().count(), 5, "{}", concise.stdout);
}

#[test]
fn garbage_module_files_are_errors_and_their_trees_are_still_checked() {
    let t = tree();
    write(
        t.path(),
        "gm/go.mod",
        b"\x00\xff\xfe garbage (((\n\x01module\n",
    );
    write(t.path(), "gm/sub/a.go", "package wrong\n");
    write(
        t.path(),
        "gt/go.mod",
        "module (\nrequire\n))) \"unterminated\n",
    );
    write(t.path(), "gt/sub/a.go", "package wrong\n");
    // Garbage beside a good go.mod, in the files name resolution reads.
    write(t.path(), "gw/go.mod", "module example.com/gw\n\ngo 1.22\n");
    write(
        t.path(),
        "gw/go.work",
        b"use (\n\x00\xff\n\"./unterminated\n",
    );
    write(
        t.path(),
        "gw/vendor/modules.txt",
        b"# \xff\xfe\x00 =>\n## explicit; go\n",
    );
    write(
        t.path(),
        "gw/a.go",
        "package wrong\n\nimport x \"example.com/dep/x\"\n",
    );

    let out = golayout(t.path(), &["./..."]);
    out.expect_code(2);
    out.expect_control();
    out.expect("package-dir-mismatch", "gm/sub/a.go");
    out.expect("package-dir-mismatch", "gt/sub/a.go");
    out.expect("package-dir-mismatch", "gw/a.go");
    assert!(out.stderr.contains("gm/go.mod"), "{}", out.stderr);
    assert!(out.stderr.contains("gt/go.mod"), "{}", out.stderr);
}

/// `command` as the unprivileged user `nobody` (setpriv, from util-linux) when run as
/// root, whose reads ignore permission bits; None if that cannot be done here. The binary
/// is copied into `bin_dir` first: the build directory may be closed to `nobody`.
fn unprivileged(command: Command, bin_dir: &Path) -> Option<Command> {
    use std::os::unix::fs::PermissionsExt;
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    if !root {
        return Some(command);
    }
    let binary = bin_dir.join("golayout");
    std::fs::copy(env!("CARGO_BIN_EXE_golayout"), &binary).ok()?;
    std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).ok()?;
    let drop_root = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    let probe = Command::new("setpriv")
        .args(drop_root)
        .arg(&binary)
        .arg("--version")
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return None;
    }
    let mut dropped = Command::new("setpriv");
    dropped.args(drop_root).arg(&binary);
    Some(wrapped(dropped, &command))
}

/// `wrapper` (a program and its leading arguments) running `command`'s arguments with its
/// directory and environment, stdin closed and the output captured.
fn wrapped(mut wrapper: Command, command: &Command) -> Command {
    wrapper.args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        wrapper.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => wrapper.env(key, value),
            None => wrapper.env_remove(key),
        };
    }
    wrapper
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    wrapper
}

#[test]
fn an_unreadable_directory_and_file() {
    use std::os::unix::fs::PermissionsExt;
    let t = tree();
    write(t.path(), "locked/a.go", "package wrong\n");
    write(t.path(), "open/a.go", "package open\n");
    write(t.path(), "open/b.go", "package open\n");
    let mode = |path: &str, mode: u32| {
        std::fs::set_permissions(t.path().join(path), std::fs::Permissions::from_mode(mode))
            .unwrap();
    };
    // The tree must be open to the unprivileged user, but for the two locked entries.
    for dir in ["", "control", "open", "locked"] {
        mode(dir, 0o755);
    }
    for file in ["control/x.go", "open/a.go", "locked/a.go"] {
        mode(file, 0o644);
    }
    mode("locked", 0o000);
    mode("open/b.go", 0o000);

    // As root, permission bits stop no read: the run drops to `nobody` with setpriv.
    let bin = temp_dir();
    std::fs::set_permissions(bin.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let Some(command) = unprivileged(command(t.path(), &["./..."]), bin.path()) else {
        eprintln!(
            "SKIPPED an_unreadable_directory_and_file: running as root and setpriv cannot \
             run golayout as nobody here"
        );
        mode("locked", 0o755);
        return;
    };
    let out = run(command);
    mode("locked", 0o755);
    out.expect_code(2);
    out.expect_control();
    let unreadable = out.expect("invalid-go-file", "open/b.go");
    assert!(
        unreadable["message"]
            .as_str()
            .unwrap()
            .contains("Permission denied"),
        "{unreadable}"
    );
    assert!(out.stderr.contains("locked"), "{}", out.stderr);
    assert!(out.finding("package-dir-mismatch", "locked/a.go").is_none());
}

#[test]
fn a_panic_in_one_directory_is_an_internal_error_for_it_and_the_run_goes_on() {
    let t = tree();
    write(t.path(), "boom/x.go", "package boom\n");
    write(t.path(), "boom/y.go", "package boom\n");
    for stage in ["read", "rules"] {
        let mut command = command(t.path(), &["./..."]);
        command.env("GOLAYOUT_TEST_PANIC", format!("{stage}:boom"));
        let out = run(command);
        out.expect_code(2);
        out.expect_control();
        let internal = out.expect("internal-error", "boom/x.go");
        let message = internal["message"].as_str().unwrap();
        assert!(message.contains("please report"), "{message}");
        assert!(message.contains("GOLAYOUT_TEST_PANIC"), "{message}");
        assert!(out.stderr.contains("boom"), "{}", out.stderr);
        assert_eq!(out.findings().len(), 2, "{stage}: {}", out.stdout);
    }
}

/// A tree of `n` files, each with a redundant alias that the safe fix removes; half of
/// them with CRLF line endings, some with unusual permissions. Returns the old and the
/// new contents of each file.
fn fixable_tree(root: &Path, n: usize) -> Vec<(PathBuf, Vec<u8>, Vec<u8>)> {
    use std::os::unix::fs::PermissionsExt;
    let body = "// Padding, so that a write takes a while.\n".repeat(50);
    (0..n)
        .map(|i| {
            let path = root.join(format!("p{:02}/f{i:05}.go", i % 16));
            let head = format!("package p{:02}\n\nimport (\n\tfmt \"fmt\"\n)\n\n", i % 16);
            let fixed_head = format!("package p{:02}\n\nimport (\n\t\"fmt\"\n)\n\n", i % 16);
            let tail = format!("var _ = fmt.Sprint({i})\n\n{body}");
            let (old, new) = (format!("{head}{tail}"), format!("{fixed_head}{tail}"));
            let (old, new) = if i % 2 == 0 {
                (old.into_bytes(), new.into_bytes())
            } else {
                (crlf(&old), crlf(&new))
            };
            write(root, &path, &old);
            if i % 3 == 0 {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            }
            (path, old, new)
        })
        .collect()
}

fn crlf(text: &str) -> Vec<u8> {
    text.replace('\n', "\r\n").into_bytes()
}

/// Every file is wholly old or wholly new and keeps its mode, and no more temporary files
/// are left than `kills` (one being written when each killed process died); returns how
/// many files are new.
fn assert_whole(files: &[(PathBuf, Vec<u8>, Vec<u8>)], root: &Path, kills: usize) -> usize {
    use std::os::unix::fs::PermissionsExt;
    let mut new = 0;
    for (i, (path, old_bytes, new_bytes)) in files.iter().enumerate() {
        let now = std::fs::read(path).unwrap();
        if now == *new_bytes {
            new += 1;
        } else {
            assert!(
                now == *old_bytes,
                "{} is neither old nor new ({} bytes)",
                path.display(),
                now.len()
            );
        }
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode,
            if i % 3 == 0 { 0o600 } else { 0o644 },
            "{}",
            path.display()
        );
    }
    let temps = walk_names(root)
        .into_iter()
        .filter(|name| name.contains(".golayout-"))
        .count();
    assert!(
        temps <= kills,
        "{temps} temporary files left by {kills} killed runs"
    );
    new
}

fn walk_names(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root).unwrap().flatten() {
        if entry.file_type().unwrap().is_dir() {
            out.extend(walk_names(&entry.path()));
        } else {
            out.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    out
}

/// Starts `--fix` and kills it (SIGKILL) once it is writing: `after` its first temporary
/// file appears; None if it finished first.
fn fix_and_kill(root: &Path, after: Duration) -> Option<()> {
    let mut command = command(root, &["--fix", "./..."]);
    command.stdout(Stdio::null()).stderr(Stdio::null());
    let mut child = command.spawn().unwrap();
    let start = Instant::now();
    let dirs: Vec<PathBuf> = (0..16).map(|d| root.join(format!("p{d:02}"))).collect();
    // Its temporary files are `.NAME.golayout-PID-N.tmp` (those of killed runs stay).
    let mark = format!(".golayout-{}-", child.id());
    let writing = || {
        dirs.iter().any(|d| {
            std::fs::read_dir(d)
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains(&mark))
        })
    };
    loop {
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        if writing() {
            break;
        }
        assert!(start.elapsed() < LIMIT, "--fix never started writing");
        std::thread::sleep(Duration::from_micros(200));
    }
    std::thread::sleep(after);
    let finished = child.try_wait().unwrap().is_some();
    child.kill().unwrap();
    child.wait().unwrap();
    (!finished).then_some(())
}

#[test]
fn killing_fix_midway_leaves_every_file_old_or_new() {
    let t = temp_dir();
    let files = fixable_tree(t.path(), 2_000);
    let mut killed = 0;
    let mut fixed = 0;
    for after in [0, 5, 20, 60] {
        if fix_and_kill(t.path(), Duration::from_millis(after)).is_some() {
            killed += 1;
        }
        let now = assert_whole(&files, t.path(), killed);
        eprintln!(
            "killed after {after} ms of writing: {now} of {} files fixed",
            files.len()
        );
        assert!(now >= fixed, "fixed files went back");
        fixed = now;
    }
    assert!(
        killed > 0,
        "--fix always finished before it could be killed"
    );
    // Stale temporary files never count as Go files, and a full run finishes the job.
    let out = run(command(t.path(), &["--fix", "./..."]));
    out.expect_code(0);
    assert_eq!(assert_whole(&files, t.path(), killed), files.len());
    let again = golayout(t.path(), &["./..."]);
    again.expect_code(0);
}

/// `sh -c 'ulimit -v KIB; exec golayout ...'`: the command under a cap on its address
/// space, so that a run whose memory grows with the input fails instead of passing slowly.
fn capped(command: Command, kib: u64) -> Command {
    let mut capped = Command::new("sh");
    capped
        .arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
        .arg(command.get_program());
    wrapped(capped, &command)
}

#[test]
fn megabytes_of_comments_before_the_package_clause() {
    let t = tree();
    // 20 MB of `//` lines: once a syntax tree of 7 million comments (1.7 GB).
    let comments = "//\n".repeat(7 << 20);
    write(
        t.path(),
        "comments/a.go",
        format!("{comments}package wrong\n"),
    );
    write(t.path(), "comments/b.go", &comments);
    write(
        t.path(),
        "comments/c.go",
        format!("{}/* never closed", &comments[..3000]),
    );
    drop(comments);

    let out = run(capped(command(t.path(), &["./..."]), 1 << 20));
    out.expect_code(1);
    out.expect_control();
    let clause = out.expect("package-dir-mismatch", "comments/a.go");
    assert_eq!(clause["line"], (7 << 20) + 1);
    let none = out.expect("invalid-go-file", "comments/b.go");
    assert!(
        none["message"]
            .as_str()
            .unwrap()
            .contains("no package clause"),
        "{none}"
    );
    out.expect("invalid-go-file", "comments/c.go");
}

/// Inputs the fuzzers found (fuzz/README.md), end to end.
#[test]
fn fuzz_regressions() {
    let t = tree();
    // `/*/` opens a comment and does not close it: these are package p (header).
    write(t.path(), "p/a.go", "/*/ package q */ package p\n");
    write(
        t.path(),
        "p/b.go",
        "/*/ x */\npackage p\n\nimport \"fmt\"\n",
    );
    // A byte order mark past the file's start is an error, as for the go command, even
    // after comments (header, while the parser was made to start at the clause).
    write(t.path(), "bom/a.go", "package bom\n");
    write(t.path(), "bom/b.go", "// c\n\u{feff}package bom\n");
    write(t.path(), "bom/c.go", "/* c */\u{feff}package bom\n");
    // A fix realigning a trailing comment on the first line (fix planning subtracted 1
    // from line 0; a panic with overflow checks on).
    write(t.path(), "go.mod", "module example.com/m\n\ngo 1.22\n");
    write(t.path(), "r/a.go", "package f //");

    let out = golayout(t.path(), &["./..."]);
    out.expect_code(1);
    assert!(
        out.findings()
            .iter()
            .all(|f| f["path"] != "p/a.go" && f["path"] != "p/b.go")
    );
    out.expect("invalid-go-file", "bom/b.go");
    out.expect("invalid-go-file", "bom/c.go");
    out.expect("package-dir-mismatch", "r/a.go");

    let diff = run(command_as(
        t.path(),
        "concise",
        &["--diff", "--unsafe-fixes", "./r"],
    ));
    diff.expect_code(1);
    assert!(diff.stdout.contains("+package r //"), "{}", diff.stdout);
}

/// `command` with `GOLAYOUT_TEST_PANIC` set to `request`.
fn panicking(mut command: Command, request: &str) -> Run {
    command.env("GOLAYOUT_TEST_PANIC", request);
    run(command)
}

impl Run {
    /// Asserts that stderr says `text`.
    fn expect_stderr(&self, text: &str) {
        assert!(
            self.stderr.contains(text),
            "no {text:?} in:\n{}",
            self.stderr
        );
    }

    /// Asserts that stderr reports the hook's panic while `doing` and asks for a report.
    fn expect_internal_error(&self, doing: &str) {
        self.expect_stderr(&format!(
            "internal error while {doing}: GOLAYOUT_TEST_PANIC"
        ));
        self.expect_stderr("please report");
    }
}

#[test]
fn a_panic_resolving_imports_skips_only_the_rules_that_need_real_names() {
    let t = tree();
    write(t.path(), "go.mod", "module example.com/m\n\ngo 1.22\n");
    write(
        t.path(),
        "names/a.go",
        "package names\n\nimport fmt \"fmt\"\n\nvar _ = fmt.Sprint\n",
    );
    // Used while names are known; not to be judged unused when they are not.
    write(
        t.path(),
        "names/b.go",
        "package names\n\n//golayout:ignore redundant-import-alias kept on purpose\nimport strings \"strings\"\n\nvar _ = strings.ToUpper\n",
    );
    let calm = golayout(t.path(), &["./..."]);
    calm.expect_code(1);
    calm.expect("redundant-import-alias", "names/a.go");
    assert_eq!(calm.findings().len(), 2, "{}", calm.stdout);

    for (stage, doing) in [
        ("resolve", "resolving imports"),
        ("usage", "collecting the imports of each module"),
    ] {
        let out = panicking(command(t.path(), &["./..."]), &format!("{stage}:names"));
        out.expect_code(2);
        out.expect_internal_error(doing);
        out.expect_stderr("real names were skipped");
        // The other rules ran, in every directory; the skipped ones left no trace.
        out.expect_control();
        assert_eq!(out.findings().len(), 1, "{stage}: {}", out.stdout);
    }
}

/// A directory whose two files each carry a redundant alias that the safe fix removes.
fn two_fixable_files(root: &Path) -> [(PathBuf, String, String); 2] {
    ["a", "b"].map(|name| {
        let path = root.join(format!("fixes/{name}.go"));
        let body = "\n\nvar _ = fmt.Sprint\n";
        let old = format!("package fixes\n\nimport fmt \"fmt\"{body}");
        let new = format!("package fixes\n\nimport \"fmt\"{body}");
        write(root, &path, &old);
        (path, old, new)
    })
}

#[test]
fn a_panic_planning_or_writing_one_files_fixes_leaves_that_file_alone() {
    for (stage, doing) in [
        ("fix", "planning its fixes"),
        ("apply", "planning its fixes"),
        ("write", "writing its fixes"),
    ] {
        let t = tree();
        let [(a, a_old, _), (b, _, b_new)] = two_fixable_files(t.path());
        let out = panicking(
            command(t.path(), &["--fix", "./..."]),
            &format!("{stage}:a.go"),
        );
        out.expect_code(2);
        out.expect_internal_error(doing);
        out.expect_stderr("fixes/a.go: internal error");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), a_old, "{stage}");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), b_new, "{stage}");
        // What is left is reported, as after any --fix.
        out.expect_control();
        out.expect("redundant-import-alias", "fixes/a.go");
        assert!(
            out.finding("redundant-import-alias", "fixes/b.go")
                .is_none()
        );
        assert!(
            walk_names(t.path())
                .iter()
                .all(|n| !n.contains(".golayout-")),
            "{stage}: a temporary file was left"
        );
    }
}

#[test]
fn a_panic_planning_or_showing_one_files_diff_leaves_out_only_that_diff() {
    let t = tree();
    let files = two_fixable_files(t.path());
    for (stage, doing) in [
        ("fix", "planning its fixes"),
        ("apply", "planning its fixes"),
        ("diff", "showing its fixes as a diff"),
    ] {
        let command = command_as(t.path(), "concise", &["--diff", "./..."]);
        let out = panicking(command, &format!("{stage}:a.go"));
        out.expect_code(2);
        out.expect_internal_error(doing);
        out.expect_stderr("fixes/a.go: internal error");
        assert!(!out.stdout.contains("a/fixes/a.go"), "{}", out.stdout);
        assert!(out.stdout.contains("+++ b/fixes/b.go"), "{}", out.stdout);
    }
    for (path, old, _) in &files {
        assert_eq!(&std::fs::read_to_string(path).unwrap(), old);
    }
}

#[test]
fn a_panic_in_a_renderer_writes_no_output() {
    let t = tree();
    let previous = t.path().join("previous.json");
    std::fs::write(&previous, "previous contents\n").unwrap();
    let absent = t.path().join("absent.json");
    for output in [None, Some(&previous), Some(&absent)] {
        let mut args = vec!["./control"];
        if let Some(path) = output {
            args.extend(["-o", path.to_str().unwrap()]);
        }
        let out = panicking(command(t.path(), &args), "render:json");
        out.expect_code(2);
        out.expect_internal_error("writing the json output");
        out.expect_stderr("nothing was written");
        assert_eq!(out.stdout, "");
    }
    // `-o` renders in memory first: the previous contents stay, no file appears.
    assert_eq!(
        std::fs::read_to_string(&previous).unwrap(),
        "previous contents\n"
    );
    assert!(!absent.exists());
    // Another format is not concerned.
    let concise = panicking(
        command_as(t.path(), "concise", &["./control"]),
        "render:json",
    );
    concise.expect_code(1);
    assert!(
        concise.stdout.contains("control/x.go"),
        "{}",
        concise.stdout
    );
}

#[test]
fn a_panic_outside_every_narrower_guard_is_still_an_internal_error() {
    let t = tree();
    let out = panicking(command(t.path(), &["./..."]), "command:check");
    out.expect_code(2);
    out.expect_internal_error("running golayout");
    assert_eq!(out.stdout, "");
}

/// A language server session: framed JSON-RPC over the pipes of `golayout server`.
struct Session {
    child: Child,
    stdin: std::process::ChildStdin,
    messages: std::sync::mpsc::Receiver<Value>,
}

impl Session {
    fn start(root: &Path, panic: &str) -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_golayout"))
            .arg("server")
            .current_dir(root)
            .env("GOLAYOUT_TEST_PANIC", panic)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("golayout server starts");
        let (tx, messages) = std::sync::mpsc::channel();
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            use std::io::BufRead;
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    match line.trim_end() {
                        "" => break,
                        header => {
                            if let Some(n) = header.strip_prefix("Content-Length: ") {
                                length = n.parse().unwrap();
                            }
                        }
                    }
                }
                let mut body = vec![0; length];
                stdout.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take().unwrap();
        Session {
            child,
            stdin,
            messages,
        }
    }

    fn send(&mut self, message: Value) {
        use std::io::Write;
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The first message `wanted` accepts, within `LIMIT`.
    fn wait(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + LIMIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(_) => {}
                Err(err) => panic!("no {what}: {err}"),
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_panic_planning_a_code_action_costs_the_action_not_the_server() {
    let t = temp_dir();
    let root = t.path().canonicalize().unwrap();
    write(&root, "go.mod", "module example.com/m\n\ngo 1.22\n");
    let [(a, a_old, _), _] = two_fixable_files(&root);
    let uri = format!("file://{}", a.display());
    // Planning the code action's edit, after the fix was offered.
    let mut server = Session::start(&root, "apply:a.go");
    let json = |text: &str| serde_json::from_str::<Value>(text).unwrap();
    let request = |id: i64, method: &str, params: Value| serde_json::json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
    let notification = |method: &str, params: Value| serde_json::json!({"jsonrpc": "2.0", "method": method, "params": params});
    let response = |id: i64| move |m: &Value| m["id"] == id && m.get("method").is_none();
    server.send(request(
        1,
        "initialize",
        json(r#"{"processId": null, "capabilities": {}}"#),
    ));
    server.wait("initialize response", response(1));
    server.send(notification("initialized", json("{}")));
    server.send(notification(
        "textDocument/didOpen",
        serde_json::json!({"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": a_old}}),
    ));
    let published = server.wait("diagnostics of a.go", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["diagnostics"][0].is_object()
    });
    let range = published["params"]["diagnostics"][0]["range"].clone();
    assert!(range.is_object(), "{published}");

    let actions = serde_json::json!({
        "textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []},
    });
    server.send(request(2, "textDocument/codeAction", actions.clone()));
    let logged = server.wait("the internal error logged", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("internal error while planning fixes"))
    });
    let message = logged["params"]["message"].as_str().unwrap();
    assert!(message.contains("please report"), "{message}");
    let answered = server.wait("code action response", response(2));
    assert_eq!(answered["result"], json("[]"), "{answered}");
    // Still serving: a second request is answered, and the session ends as it should.
    server.send(request(3, "textDocument/codeAction", actions));
    server.wait("second code action response", response(3));
    server.send(request(4, "shutdown", Value::Null));
    server.wait("shutdown response", response(4));
    server.send(notification("exit", Value::Null));
    let status = wait(&mut server.child, LIMIT).expect("the server exits");
    assert_eq!(status.code(), Some(0));
}
