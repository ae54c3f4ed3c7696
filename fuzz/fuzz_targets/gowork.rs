//! The go.work reader, `gomod::parse_work_file`.
//!
//! Properties: an error names a line of the file; a `go` minor version comes from a word
//! of the file; every `use` directory and every replacement directory is text of the
//! file (unquoted strings are checked only where the file has no escapes); a directory
//! replacement is a directory path as modfile's `IsDirectoryPath` defines it.

#![no_main]

use golayout::gomod::{self, ReplaceTarget};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| check(data));

fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines = text.lines().count();
    match gomod::parse_work_file(&text) {
        Ok(file) => {
            if let Some(minor) = file.go_minor {
                let mut words = text
                    .lines()
                    .flat_map(|l| l.split("//").next())
                    .flat_map(|l| l.split(|c: char| c.is_whitespace() || "\"`()".contains(c)));
                assert!(
                    text.contains('\\') || words.any(|w| gomod::parse_go_minor(w) == Some(minor))
                );
            }
            let escapes = text.contains('\\');
            for dir in &file.uses {
                assert!(
                    escapes || text.contains(dir.as_str()),
                    "use {dir:?} not in the file"
                );
            }
            for replace in &file.replaces {
                assert!(escapes || text.contains(replace.old_path.as_str()));
                assert!(replace.old_path != "=>");
                if let ReplaceTarget::Dir(dir) = &replace.new {
                    let b = dir.as_bytes();
                    assert!(
                        dir == "."
                            || dir == ".."
                            || dir.starts_with("./")
                            || dir.starts_with("../")
                            || dir.starts_with('/')
                            || dir.starts_with(".\\")
                            || dir.starts_with("..\\")
                            || dir.starts_with('\\')
                            || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'),
                        "{dir:?} is no directory path"
                    );
                }
            }
            // The go.mod reader sees the same directives and fails only on what go.mod
            // forbids and go.work allows (`use`); it never panics on a go.work file.
            let _ = gomod::parse_mod_file(&text);
        }
        Err(err) => {
            assert!(err.line <= lines, "error on line {} of {lines}", err.line);
            assert!(!err.message.is_empty());
        }
    }
}
