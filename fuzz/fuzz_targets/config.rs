//! The config reader, `Settings::apply_config_file`, on arbitrary file contents (written
//! to a file of this process's own, since the reader takes a path), and the rendering of
//! its errors with miette at the offending span.
//!
//! Properties: an error names the config file; an error that carries an excerpt carries
//! the file's text and a span inside it; rendering an error never panics and shows its
//! message; reading the same file into fresh settings twice gives the same settings; the
//! tags a file sets are text of the file.

#![no_main]

use golayout::Settings;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

struct Fixture {
    path: PathBuf,
    fresh: Settings,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("golayout-fuzz-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a private temporary directory");
        Fixture {
            path: dir.join("golayout.toml"),
            fresh: Settings::new(dir),
        }
    })
}

fuzz_target!(|data: &[u8]| check(data));

fn check(data: &[u8]) {
    let fixture = fixture();
    std::fs::write(&fixture.path, data).expect("the config file is written");
    let mut first = fixture.fresh.clone();
    let outcome = first.apply_config_file(&fixture.path);
    match &outcome {
        Ok(()) => {
            let text = std::str::from_utf8(data).expect("an accepted config is UTF-8");
            for tag in &first.build.tags {
                assert!(
                    text.contains('\\') || text.contains(tag.as_str()),
                    "tag {tag:?}"
                );
            }
        }
        Err(err) => {
            assert_eq!(err.path.as_deref(), Some(fixture.path.as_path()));
            assert!(!err.message.is_empty());
            if let Some(source) = &err.source {
                assert_eq!(source.text.as_bytes(), data);
                let (start, end) = source.span;
                assert!(start <= end && end <= data.len(), "span {start}..{end}");
            }
            // miette wraps long messages and draws boxes: compare without either.
            let bare = |s: &str| -> String {
                s.chars()
                    .filter(|c| !c.is_whitespace() && !"│×╭╮╰╯─┬┴·".contains(*c))
                    .collect()
            };
            let first_line = bare(err.message.lines().next().unwrap_or_default());
            for color in [false, true] {
                let shown = golayout::render::run_error(err, color);
                if !color {
                    assert!(bare(&shown).contains(&first_line), "{shown}");
                }
            }
        }
    }
    let mut second = fixture.fresh.clone();
    let again = second.apply_config_file(&fixture.path);
    assert_eq!(outcome, again);
    assert_eq!(format!("{first:?}"), format!("{second:?}"));
}
