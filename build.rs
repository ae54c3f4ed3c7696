//! Records the git commit golayout is built from, for `golayout --version`: the commit
//! (`unknown` outside a git checkout, as in a source archive) and whether tracked files
//! differed from it. `GOLAYOUT_BUILD_COMMIT` names the commit when git cannot.

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    // No optional locks: `git status` must not refresh the index it is watched through.
    let out = Command::new("git")
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    println!("cargo:rerun-if-env-changed=GOLAYOUT_BUILD_COMMIT");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let here = Path::new(&manifest);
    let in_repo = |args: &[&str]| {
        let mut all = vec!["-C", &manifest];
        all.extend_from_slice(args);
        git(&all)
    };
    // Only this crate's own checkout counts (not a repository it happens to sit in).
    let top = in_repo(&["rev-parse", "--show-toplevel"]);
    let own =
        top.is_some_and(|top| Path::new(&top).canonicalize().ok() == here.canonicalize().ok());
    let (commit, dirty) = match std::env::var("GOLAYOUT_BUILD_COMMIT") {
        Ok(commit) if !commit.is_empty() => (commit, false),
        _ if own => {
            let commit = in_repo(&["rev-parse", "HEAD"]).unwrap_or_else(|| "unknown".into());
            let status = in_repo(&["status", "--porcelain", "--untracked-files=no"]);
            (commit, status.is_some_and(|s| !s.is_empty()))
        }
        _ => ("unknown".to_string(), false),
    };
    if own && let Some(git_dir) = in_repo(&["rev-parse", "--absolute-git-dir"]) {
        // A new commit, checkout or staged change; edits to tracked sources rebuild anyway.
        // Only files that exist: cargo reruns the script every build for a missing one.
        let git_dir = Path::new(&git_dir);
        let branch = in_repo(&["symbolic-ref", "-q", "HEAD"]);
        let watched = ["HEAD", "index", "packed-refs"]
            .into_iter()
            .map(|name| git_dir.join(name))
            .chain(branch.map(|branch| git_dir.join(branch)));
        for file in watched.filter(|file| file.exists()) {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        for dir in ["src", "rules", "Cargo.toml", "Cargo.lock"] {
            println!("cargo:rerun-if-changed={dir}");
        }
    }
    println!("cargo:rustc-env=GOLAYOUT_COMMIT={commit}");
    // Appended to the commit in the version line.
    let dirty = if dirty { ", dirty" } else { "" };
    println!("cargo:rustc-env=GOLAYOUT_DIRTY={dirty}");
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rustc-env=GOLAYOUT_TARGET={target}");
}
