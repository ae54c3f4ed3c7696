//! Fixes never break a build: `tests/fix-proof.sh` applies every fix, unsafe ones too, to
//! copies of the Go source tree and of Debian's GOPATH tree, and requires that each
//! package whose files changed still passes `go vet` wherever it passed before, and that a
//! second run finds nothing left to fix.

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn fixes_keep_every_package_passing_go_vet() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fix-proof.sh");
    let out = Command::new("bash")
        .arg(&script)
        .env("GOLAYOUT", env!("CARGO_BIN_EXE_golayout"))
        .env("GOLAYOUT_GOROOT", common::goroot())
        .output()
        .expect("bash runs tests/fix-proof.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    // Both trees were proven, and some fix was applied in each.
    for tree in ["Go source tree", "Debian gocode (GOPATH)"] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("fix-proof: {tree}: ")))
            .unwrap_or_else(|| panic!("no proof of the {tree}:\n{stdout}\n{stderr}"));
        assert!(!line.contains(": 0 changed packages"), "{line}");
        assert!(line.contains(", 0 broken,"), "{line}");
    }
}
