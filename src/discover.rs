//! Expands go-style patterns into directories of `.go` files and finds their modules.
//!
//! `dir` is one directory, `dir/...` recurses, a file argument stands for its directory.
//! Below a pattern's root the walk skips what `go list ./...` skips: `testdata`, `_*`,
//! `.*`, non-trailing `vendor` elements and nested modules; `.gitignore` files are honoured
//! whether or not the tree is a git repository, and symlinked directories are not followed.

use crate::diagnostic::RunError;
use crate::gomod::{self, Module};
use crate::settings::Exclude;
use ignore::{WalkBuilder, WalkState};
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A directory to check, with its `.go` files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDir {
    /// Absolute, lexically normalised path.
    pub abs: PathBuf,
    /// The path shown to users: relative to the working directory when inside it.
    pub display: PathBuf,
    /// The `.go` files that can belong to a package (not `_*` or `.*`), absolute, sorted
    /// by name.
    pub files: Vec<PathBuf>,
    /// Whether a pattern named this directory itself.
    pub explicit: bool,
}

/// What discovery found: directories and the errors met on the way.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Directories holding `.go` files, sorted by absolute path.
    pub dirs: Vec<SourceDir>,
    /// Patterns that name nothing, unreadable directories.
    pub errors: Vec<RunError>,
}

impl Discovery {
    /// Adds the in-memory files whose directory is checked: found on disk, or named by a
    /// pattern (a buffer may be the only file of a directory, or not saved yet).
    pub fn include_overlays(
        &mut self,
        overlays: &BTreeMap<PathBuf, Vec<u8>>,
        patterns: &[String],
        cwd: &Path,
    ) {
        if overlays.is_empty() {
            return;
        }
        let named: Vec<PathBuf> = patterns
            .iter()
            .filter(|p| !p.contains("..."))
            .map(|p| normalize(&cwd.join(p)))
            .collect();
        for path in overlays.keys() {
            let Some(dir) = path.parent() else {
                continue;
            };
            let checked = named.iter().any(|n| n == dir || n == path)
                || self
                    .dirs
                    .binary_search_by(|d| d.abs.as_path().cmp(dir))
                    .is_ok();
            if checked {
                self.include_file(path, cwd);
            }
        }
    }

    /// Adds a file that may not exist on disk (an unsaved buffer) to its directory.
    pub fn include_file(&mut self, abs: &Path, cwd: &Path) {
        let Some(dir) = abs.parent() else {
            return;
        };
        let at = self.dirs.binary_search_by(|d| d.abs.as_path().cmp(dir));
        let source = match at {
            Ok(i) => &mut self.dirs[i],
            Err(i) => {
                self.dirs.insert(
                    i,
                    SourceDir {
                        abs: dir.to_path_buf(),
                        display: display_path(dir, cwd),
                        files: Vec::new(),
                        explicit: true,
                    },
                );
                &mut self.dirs[i]
            }
        };
        if !source.files.iter().any(|f| f == abs) {
            source.files.push(abs.to_path_buf());
            source
                .files
                .sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        }
    }
}

/// Expands `patterns` relative to `cwd` (an absolute path).
pub fn discover(
    patterns: &[String],
    cwd: &Path,
    threads: usize,
    exclude: Option<&Arc<Exclude>>,
    force_exclude: bool,
) -> Discovery {
    let mut found: BTreeMap<PathBuf, (Vec<PathBuf>, bool)> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut modules = ModuleIndex::default();
    for pattern in patterns {
        match parse_pattern(pattern, cwd) {
            Pattern::Dir(dir) => match std::fs::metadata(&dir) {
                // pre-commit passes excluded files by name: they stay excluded.
                Ok(meta)
                    if force_exclude
                        && exclude.is_some_and(|e| e.excludes(&dir, meta.is_dir())) => {}
                Ok(meta) => {
                    let dir = if meta.is_dir() {
                        dir
                    } else {
                        dir.parent().map(Path::to_path_buf).unwrap_or(dir)
                    };
                    let named_exclude = exclude.filter(|_| force_exclude);
                    let files = walk(&dir, &Walk::Single, named_exclude, threads, &mut errors);
                    for (d, fs) in files {
                        let entry = found.entry(d).or_default();
                        entry.0.extend(fs);
                    }
                    found.entry(dir).or_default().1 = true;
                }
                Err(err) => errors.push(missing(pattern, err)),
            },
            Pattern::Wildcard { root, rest } => {
                if !root.is_dir() {
                    let err = std::fs::metadata(&root)
                        .err()
                        .unwrap_or_else(|| std::io::Error::other("not a directory"));
                    errors.push(missing(pattern, err));
                    continue;
                }
                let inside_module = modules.module_for(&root).is_some();
                let mode = Walk::Tree { inside_module };
                let walked = walk(&root, &mode, exclude, threads, &mut errors);
                for (dir, files) in walked {
                    let rel = slash_rel(&root, &dir);
                    if matches(&rest, &rel) {
                        found.entry(dir).or_default().0.extend(files);
                    }
                }
            }
        }
    }
    // Broken go.mod files are reported once, by the module lookup of the check itself.
    let dirs = found
        .into_iter()
        .filter(|(_, (files, _))| !files.is_empty())
        .map(|(abs, (mut files, explicit))| {
            files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
            files.dedup();
            SourceDir {
                display: display_path(&abs, cwd),
                files,
                abs,
                explicit,
            }
        })
        .collect();
    Discovery { dirs, errors }
}

fn missing(pattern: &str, err: std::io::Error) -> RunError {
    let message = match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        _ => format!("cannot read: {err}"),
    };
    RunError::new(Some(PathBuf::from(pattern)), message)
}

/// A command-line argument, resolved against the working directory.
enum Pattern {
    /// A directory or a file (checking its directory).
    Dir(PathBuf),
    /// `root/...`-style: walk `root` and keep directories whose relative path matches `rest`.
    Wildcard { root: PathBuf, rest: String },
}

fn parse_pattern(pattern: &str, cwd: &Path) -> Pattern {
    let slashed = pattern.replace('\\', "/");
    let Some(at) = slashed.find("...") else {
        return Pattern::Dir(normalize(&cwd.join(pattern)));
    };
    // The root is the directory part before the first wildcard.
    let (root, rest) = match slashed[..at].rfind('/') {
        Some(slash) => (&slashed[..slash.max(1)], &slashed[slash + 1..]),
        None => (".", &slashed[..]),
    };
    let root = if root.is_empty() { "/" } else { root };
    Pattern::Wildcard {
        root: normalize(&cwd.join(root)),
        rest: rest.to_string(),
    }
}

/// Whether a slash-separated path relative to the pattern root matches the pattern rest,
/// where `...` matches any string and a trailing `/...` also matches the empty remainder.
fn matches(pattern: &str, rel: &str) -> bool {
    if let Some(prefix) = pattern.strip_suffix("/...")
        && !prefix.contains("...")
        && prefix == rel
    {
        return true;
    }
    wildcard(pattern.as_bytes(), rel.as_bytes())
}

fn wildcard(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.strip_prefix(b"...") {
        Some(rest) => (0..=text.len()).any(|i| wildcard(rest, &text[i..])),
        None => match (pattern.first(), text.first()) {
            (None, None) => true,
            (Some(p), Some(t)) if p == t => wildcard(&pattern[1..], &text[1..]),
            _ => false,
        },
    }
}

/// The path of `dir` relative to `root`, slash-separated ("" for the root itself).
fn slash_rel(root: &Path, dir: &Path) -> String {
    let rel = dir.strip_prefix(root).unwrap_or(Path::new(""));
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

enum Walk {
    /// Only the directory itself.
    Single,
    /// The whole tree below, pruned as `./...` prunes; nested modules are kept when the
    /// root belongs to no module (there is no module of ours to protect).
    Tree { inside_module: bool },
}

/// Lists `.go` files per directory under `root`, pruned per `mode`.
fn walk(
    root: &Path,
    mode: &Walk,
    exclude: Option<&Arc<Exclude>>,
    threads: usize,
    errors: &mut Vec<RunError>,
) -> BTreeMap<PathBuf, Vec<PathBuf>> {
    let mut builder = WalkBuilder::new(root);
    builder
        .require_git(false)
        .follow_links(false)
        .threads(threads.max(1));
    match mode {
        Walk::Single => {
            builder.max_depth(Some(1));
        }
        Walk::Tree { inside_module } => {
            let prune_modules = *inside_module;
            let exclude = exclude.cloned();
            builder.filter_entry(move |entry| {
                if entry.depth() == 0 || !entry.file_type().is_some_and(|t| t.is_dir()) {
                    return true;
                }
                let excluded = exclude
                    .as_ref()
                    .is_some_and(|e| e.excludes(entry.path(), true));
                !excluded && keep_dir(entry.path(), entry.depth(), prune_modules)
            });
        }
    }
    let found: Mutex<BTreeMap<PathBuf, Vec<PathBuf>>> = Mutex::default();
    let walk_errors: Mutex<Vec<RunError>> = Mutex::default();
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            match entry {
                Ok(entry) => {
                    if let Some(file) = go_file(&entry)
                        && !exclude.is_some_and(|e| e.excludes(&file, false))
                        && let Some(dir) = file.parent()
                    {
                        let mut found = found.lock().expect("walk result lock");
                        found.entry(dir.to_path_buf()).or_default().push(file);
                    }
                }
                Err(err) => walk_errors
                    .lock()
                    .expect("walk error lock")
                    .push(walk_error(err)),
            }
            WalkState::Continue
        })
    });
    errors.extend(walk_errors.into_inner().expect("walk error lock"));
    found.into_inner().expect("walk result lock")
}

/// Whether `./...` descends into the directory at `path`.
fn keep_dir(path: &Path, depth: usize, prune_modules: bool) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') || name.starts_with('_') || name == "testdata" {
        return false;
    }
    // `...` matches a `vendor` element only as the last one: `x/vendor` yes, `x/vendor/y` no.
    let parent_is_vendor = path
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == "vendor");
    if depth >= 2 && parent_is_vendor {
        return false;
    }
    !(prune_modules && path.join("go.mod").is_file())
}

/// The path of a Go source file entry (following a symlinked file, never a directory).
/// Like go/build, every entry but a directory (or a link to one) is a file to read, so a
/// FIFO, a device or a broken or looping link named `x.go` is reported, not skipped.
fn go_file(entry: &ignore::DirEntry) -> Option<PathBuf> {
    let name = entry.file_name().to_string_lossy();
    if !name.ends_with(".go") || name.starts_with('_') || name.starts_with('.') {
        return None;
    }
    let file_type = entry.file_type()?;
    let is_dir = file_type.is_dir()
        || (file_type.is_symlink() && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()));
    (!is_dir).then(|| entry.path().to_path_buf())
}

fn walk_error(err: ignore::Error) -> RunError {
    let path = find_error_path(&err);
    let message = match &path {
        Some(_) => strip_path_prefix(&err.to_string()),
        None => err.to_string(),
    };
    RunError::new(path, message)
}

fn find_error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            find_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::Partial(errs) => errs.iter().find_map(find_error_path),
        _ => None,
    }
}

fn strip_path_prefix(message: &str) -> String {
    message
        .split_once(": ")
        .map_or(message, |(_, rest)| rest)
        .to_string()
}

/// Lexically normalises a path: drops `.` and folds `..` (no symlinks are resolved).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The path shown for `abs`: relative to `cwd` when inside it, else absolute.
pub fn display_path(abs: &Path, cwd: &Path) -> PathBuf {
    match abs.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => abs.to_path_buf(),
    }
}

/// Finds the module of each directory (the nearest `go.mod` at or above it), reading each
/// `go.mod` once.
#[derive(Debug, Default)]
pub struct ModuleIndex {
    by_dir: HashMap<PathBuf, Option<Arc<Module>>>,
    /// go.mod files that could not be read or parsed.
    pub errors: Vec<RunError>,
}

impl ModuleIndex {
    /// The module holding the absolute directory `dir`, if any.
    pub fn module_for(&mut self, dir: &Path) -> Option<Arc<Module>> {
        if let Some(known) = self.by_dir.get(dir) {
            return known.clone();
        }
        let go_mod = dir.join("go.mod");
        let module = if go_mod.is_file() {
            match std::fs::read_to_string(&go_mod) {
                Ok(text) => match gomod::parse(dir, &text) {
                    Ok(module) => Some(Arc::new(module)),
                    Err(err) => {
                        let at = if err.line > 0 {
                            format!(":{}", err.line)
                        } else {
                            String::new()
                        };
                        self.errors.push(RunError::new(
                            Some(PathBuf::from(format!("{}{at}", go_mod.display()))),
                            format!(
                                "{}; its directories are checked by directory path",
                                err.message
                            ),
                        ));
                        None
                    }
                },
                Err(err) => {
                    self.errors
                        .push(RunError::new(Some(go_mod), format!("cannot read: {err}")));
                    None
                }
            }
        } else {
            dir.parent().and_then(|parent| self.module_for(parent))
        };
        self.by_dir.insert(dir.to_path_buf(), module.clone());
        module
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_patterns() {
        assert!(matches("...", ""));
        assert!(matches("...", "a/b"));
        assert!(matches("x/...", "x"));
        assert!(matches("x/...", "x/y"));
        assert!(!matches("x/...", "xy"));
        assert!(matches("x...", "xy/z"));
        assert!(matches(".../b", "a/c/b"));
        assert!(!matches(".../b", "a/c"));
    }

    #[test]
    fn pattern_roots() {
        let cwd = Path::new("/w");
        let Pattern::Wildcard { root, rest } = parse_pattern("./...", cwd) else {
            panic!()
        };
        assert_eq!((root.as_path(), rest.as_str()), (Path::new("/w"), "..."));
        let Pattern::Wildcard { root, rest } = parse_pattern("a/b/...", cwd) else {
            panic!()
        };
        assert_eq!(
            (root.as_path(), rest.as_str()),
            (Path::new("/w/a/b"), "...")
        );
        let Pattern::Wildcard { root, rest } = parse_pattern("/abs/x...", cwd) else {
            panic!()
        };
        assert_eq!((root.as_path(), rest.as_str()), (Path::new("/abs"), "x..."));
        assert!(matches!(parse_pattern("../d", cwd), Pattern::Dir(d) if d == Path::new("/d")));
    }

    #[test]
    fn display_is_relative_inside_cwd() {
        let cwd = Path::new("/w");
        assert_eq!(
            display_path(Path::new("/w/a/b.go"), cwd),
            Path::new("a/b.go")
        );
        assert_eq!(display_path(Path::new("/w"), cwd), Path::new("."));
        assert_eq!(
            display_path(Path::new("/x/b.go"), cwd),
            Path::new("/x/b.go")
        );
    }
}
