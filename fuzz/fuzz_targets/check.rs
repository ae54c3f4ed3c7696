//! The whole pipeline on fuzzed files: `golayout::check` (reading, grouping across
//! platforms, name resolution, every rule, suppression), then `fix::plan` with unsafe fixes,
//! the unified diffs, and every output format.
//!
//! The input is split at each `\n--\n` into up to six files of one directory `p` of a
//! module `example.com/m`, named so as to exercise test files and file-name constraints
//! (`a.go`, `b.go`, `a_test.go`, `x_linux.go`, `y_windows_amd64.go`, `doc.go`); a sibling
//! directory `q` holds `package quux`, so imports of `example.com/m/q` resolve.
//!
//! Properties: no panic anywhere (a panic while checking would surface as an
//! `internal-error` finding, which fails the target); no run error; every finding lies in
//! a file of the tree, inside its bytes, with lines and columns that match its offsets;
//! every fix edit lies inside its file; planning the fixes succeeds; every format renders.

#![no_main]

use golayout::Settings;
use golayout::diagnostic::Span;
use golayout::fix::{self, FixSelection};
use golayout::render::{self, Format};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const NAMES: [&str; 6] = [
    "a.go",
    "b.go",
    "a_test.go",
    "x_linux.go",
    "y_windows_amd64.go",
    "doc.go",
];
const FORMATS: [Format; 9] = [
    Format::Full,
    Format::Concise,
    Format::Json,
    Format::JsonLines,
    Format::Sarif,
    Format::Github,
    Format::Gitlab,
    Format::Checkstyle,
    Format::Junit,
];

struct Fixture {
    root: PathBuf,
    settings: Settings,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("golayout-fuzz-check-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("q")).unwrap();
        std::fs::write(root.join("go.mod"), "module example.com/m\n\ngo 1.22\n").unwrap();
        std::fs::write(root.join("q/q.go"), "package quux\n").unwrap();
        let mut settings = Settings::new(root.clone());
        settings.threads = 1;
        settings.resolve_env.module_cache = Some(root.join("no-module-cache"));
        Fixture { root, settings }
    })
}

fuzz_target!(|data: &[u8]| check(data));

fn check(data: &[u8]) {
    let Fixture { root, settings } = fixture();
    let dir = root.join("p");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir(&dir).unwrap();
    let mut files = Vec::new();
    for (chunk, name) in split(data).into_iter().zip(NAMES) {
        std::fs::write(dir.join(name), chunk).unwrap();
        files.push((format!("p/{name}"), chunk.to_vec()));
    }
    files.push(("q/q.go".to_string(), b"package quux\n".to_vec()));

    let report = golayout::check(&["./...".to_string()], settings);
    assert!(report.errors.is_empty(), "run errors: {:?}", report.errors);
    for d in &report.diagnostics {
        assert_ne!(d.rule, "internal-error", "{}", d.message);
        let text = contents(&files, &d.path);
        check_span(text, &d.span);
        for related in &d.related {
            contents(&files, &related.path);
        }
        if let Some(fix) = &d.fix {
            // What is shown and what --fix applies both point into the files.
            for edit in fix.edits.iter().chain(&fix.changes) {
                check_span(contents(&files, &edit.path), &edit.span);
            }
        }
    }

    let plan = fix::plan(
        &report.diagnostics,
        &FixSelection { unsafe_fixes: true },
        root,
    )
    .unwrap_or_else(|e| panic!("fixes cannot be planned: {e}"));
    for file in &plan {
        assert_ne!(file.original, file.fixed);
        assert!(!fix::unified_diff(file).is_empty());
    }
    for format in FORMATS {
        let mut out = Vec::new();
        let sources = render::SourceFiles::disk(root);
        render::render(&report, format, false, &sources, &mut out).expect("renders to memory");
    }
}

/// The input cut at each `\n--\n`.
fn split(data: &[u8]) -> Vec<&[u8]> {
    const CUT: &[u8] = b"\n--\n";
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(CUT.len()).position(|w| w == CUT) {
        out.push(&rest[..at]);
        rest = &rest[at + CUT.len()..];
    }
    out.push(rest);
    out
}

/// The bytes of the file a finding names (relative to the root).
fn contents<'f>(files: &'f [(String, Vec<u8>)], path: &Path) -> &'f [u8] {
    let shown = path.to_string_lossy().replace('\\', "/");
    files
        .iter()
        .find(|(name, _)| *name == shown)
        .map(|(_, bytes)| bytes.as_slice())
        .unwrap_or_else(|| panic!("a finding in {shown}, which is no file of the tree"))
}

fn check_span(text: &[u8], span: &Span) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "span {span:?} outside 0..{}",
        text.len()
    );
    let line_column = |offset: usize| {
        let before = &text[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        (line as u32, (offset - start + 1) as u32)
    };
    assert_eq!(
        line_column(span.start),
        (span.line, span.column),
        "{span:?}"
    );
    assert_eq!(
        line_column(span.end),
        (span.end_line, span.end_column),
        "{span:?}"
    );
}
