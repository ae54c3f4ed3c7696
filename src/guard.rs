//! Guards against panics: each stage's work runs so that a panic (no input is known to
//! cause one) costs only what it concerns (a directory, a fix, a file's output), ends in
//! an internal error that says so, and never in a crash.

use crate::diagnostic::{Diagnostic, RunError, Severity, Span};
use crate::discover::{self, SourceDir};
use std::panic::AssertUnwindSafe;

/// A directory's result, or the internal error its panic became.
pub(crate) type Guarded<T> = Result<T, (Vec<Diagnostic>, RunError)>;

/// Runs `work` for one directory, turning a panic into an internal error for it.
pub(crate) fn guarded<T>(
    dir: &SourceDir,
    cwd: &std::path::Path,
    work: impl FnOnce() -> T,
) -> Guarded<T> {
    catch_panic(work).map_err(|what| internal_error(dir, &what, cwd))
}

/// Runs a stage that spans the whole run (`doing` says what it does); a panic becomes a
/// run error that names no path, as no directory is at fault, and `None`.
pub(crate) fn whole_run_stage<T>(
    doing: &str,
    errors: &mut Vec<RunError>,
    work: impl FnOnce() -> T,
) -> Option<T> {
    catch_panic(work)
        .map_err(|what| {
            let cost = "the rules that need imported packages' real names were skipped";
            errors.push(RunError::new(
                None,
                internal_error_message(doing, &what, cost),
            ));
        })
        .ok()
}

/// Runs `work`, turning a panic into its message: the guards against panics are built on
/// this. (Whatever a panic leaves half-made is dropped with the work's result.)
pub(crate) fn catch_panic<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(AssertUnwindSafe(work)).map_err(|panic| panic_message(&panic))
}

/// A panic's message, when it has one.
// `&Box` on purpose: a `&dyn Any` made from it would be the box, and downcast to nothing.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// The message of an internal error (a panic caught): what golayout was doing, the
/// panic's message, what that cost, and the request to report it.
pub(crate) fn internal_error_message(doing: &str, panic: &str, cost: &str) -> String {
    format!(
        "internal error while {doing}: {panic}; {cost}; please report this, with the files \
         concerned if you can"
    )
}

/// A hook for tests, not an interface: with `GOLAYOUT_TEST_PANIC=STAGE:NAME`, golayout
/// panics at STAGE when the directory or file concerned is named NAME, so that
/// tests/hostile.rs can show end to end that each guard holds. (No input is known to make
/// golayout panic.) The stages: `read` and `rules` (one directory), `resolve` and `usage`
/// (whole-run stages, when a directory NAME is checked), `fix` (planning a fix of file
/// NAME before it is offered), `apply`, `write` and `diff` (one file of `--fix`, `--diff`
/// or a code action), `render` (NAME is the format), `command` (NAME is the subcommand,
/// outside every narrower guard).
pub(crate) fn test_panic_hook(stage: &str, path: &std::path::Path) {
    static REQUEST: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let request = REQUEST.get_or_init(|| std::env::var("GOLAYOUT_TEST_PANIC").ok());
    if let Some((at, name)) = request.as_deref().and_then(|r| r.split_once(':'))
        && at == stage
        && path.file_name().is_some_and(|n| n == name)
    {
        panic!("GOLAYOUT_TEST_PANIC asked for a panic at {stage}:{name}");
    }
}

/// Turns a panic while checking `dir` into a finding and a run error.
fn internal_error(
    dir: &SourceDir,
    what: &str,
    cwd: &std::path::Path,
) -> (Vec<Diagnostic>, RunError) {
    let message =
        internal_error_message("checking this directory", what, "its findings are missing");
    let path = dir.files.first().unwrap_or(&dir.abs);
    let diagnostic = Diagnostic {
        rule: "internal-error",
        severity: Severity::Error,
        message: message.clone(),
        path: discover::display_path(path, cwd),
        span: Span::from_offsets(b"", 0, 0),
        help: None,
        related: Vec::new(),
        fix: None,
    };
    let error = RunError::new(Some(dir.display.clone()), message);
    (vec![diagnostic], error)
}
