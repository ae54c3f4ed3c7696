//! The parts of `go.mod` that layout rules need: the module path and the `go` line.

use std::path::{Path, PathBuf};

/// A module: its root directory, path and Go language version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// The directory holding `go.mod`.
    pub root: PathBuf,
    /// The `module` line.
    pub path: String,
    /// The minor version of the `go` line (`go 1.21.3` is 21), if present.
    pub go_minor: Option<u32>,
}

impl Module {
    /// The import path of `dir`, which must be `root` or below it.
    pub fn import_path(&self, dir: &Path) -> String {
        let rel = dir.strip_prefix(&self.root).unwrap_or(Path::new(""));
        let rel: Vec<_> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        let rel = rel.join("/");
        // The standard library's module is called "std" but its packages are not prefixed.
        if self.path == "std" && !rel.is_empty() {
            return rel;
        }
        if rel.is_empty() {
            self.path.clone()
        } else {
            format!("{}/{}", self.path, rel)
        }
    }
}

/// Why a go.mod could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoModError {
    /// 1-based line, or 0 for the whole file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses the `module` and `go` directives of a go.mod file.
pub fn parse(root: &Path, text: &str) -> Result<Module, GoModError> {
    let mut path = None;
    let mut go_minor = None;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or("").trim();
        let mut words = line.split_whitespace();
        match words.next() {
            Some("module") => {
                let value = words.next().unwrap_or("");
                let value = value.trim_matches(|c| c == '"' || c == '`');
                if value.is_empty() || value == "(" {
                    return Err(GoModError {
                        line: index + 1,
                        message: "module directive without a module path".to_string(),
                    });
                }
                path = Some(value.to_string());
            }
            Some("go") => {
                let version = words.next().unwrap_or("");
                let minor = version
                    .strip_prefix("1.")
                    .and_then(|rest| rest.split(['.', 'r', 'b']).next())
                    .and_then(|minor| minor.parse().ok());
                if minor.is_none() {
                    return Err(GoModError {
                        line: index + 1,
                        message: format!("invalid go version {version:?}"),
                    });
                }
                go_minor = minor;
            }
            _ => {}
        }
    }
    match path {
        Some(path) => Ok(Module {
            root: root.to_path_buf(),
            path,
            go_minor,
        }),
        None => Err(GoModError {
            line: 0,
            message: "no module directive".to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_and_go_lines() {
        let m = parse(
            Path::new("/r"),
            "// comment\nmodule \"example.com/m\" // trailing\n\ngo 1.21.3\nrequire x v1\n",
        )
        .unwrap();
        assert_eq!(m.path, "example.com/m");
        assert_eq!(m.go_minor, Some(21));
        assert_eq!(m.import_path(Path::new("/r/a/b")), "example.com/m/a/b");
        assert_eq!(m.import_path(Path::new("/r")), "example.com/m");
        assert_eq!(
            parse(Path::new("/r"), "go 1.22rc1\nmodule x")
                .unwrap()
                .go_minor,
            Some(22)
        );
    }

    #[test]
    fn std_paths_have_no_prefix() {
        let m = parse(Path::new("/go/src"), "module std\ngo 1.27\n").unwrap();
        assert_eq!(
            m.import_path(Path::new("/go/src/math/rand/v2")),
            "math/rand/v2"
        );
    }

    #[test]
    fn broken_files_are_errors_with_lines() {
        assert_eq!(parse(Path::new("/r"), "go 1.21\n").unwrap_err().line, 0);
        assert_eq!(
            parse(Path::new("/r"), "module m\ngo one\n")
                .unwrap_err()
                .line,
            2
        );
    }
}
