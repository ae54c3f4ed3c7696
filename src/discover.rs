//! Expands go-style patterns into directories of `.go` files and finds their modules.
//!
//! `dir` is one directory, `dir/...` recurses, a file argument stands for its directory.
//! Below a pattern's root the walk skips what `go list ./...` skips: `testdata`, `_*`,
//! `.*`, non-trailing `vendor` elements and nested modules; `.gitignore` files are honoured
//! whether or not the tree is a git repository, and symlinked directories are not followed.

use crate::diagnostic::RunError;
use crate::gomod::{self, Module};
use crate::header::{self, FileRead};
use foldhash::{HashMap, HashMapExt};
use ignore::{WalkBuilder, WalkState};
use std::collections::BTreeMap;
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
    /// From [`discover_and_read`]: for each directory of `dirs` and each of its files, the
    /// header read during the walk (None for a file left unread). Empty from [`discover`].
    pub headers: Vec<Vec<Option<Prefetched>>>,
}

/// A file's header as read by the walker thread that found it, or the panic that reading
/// it raised: raise it again where the directory is checked, so that it costs only that
/// directory, as when the file is read there.
pub type Prefetched = Result<FileRead, ReadPanic>;

/// A panic caught while a walker thread read a file.
#[derive(Debug)]
pub struct ReadPanic(Mutex<Box<dyn std::any::Any + Send>>);

impl ReadPanic {
    /// Raises the panic again, here.
    pub fn resume(self) -> ! {
        let payload = self.0.into_inner();
        std::panic::resume_unwind(payload.unwrap_or_else(|poisoned| poisoned.into_inner()))
    }
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
        let with_headers = !self.headers.is_empty();
        let i = match at {
            Ok(i) => i,
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
                if with_headers {
                    self.headers.insert(i, Vec::new());
                }
                i
            }
        };
        let source = &mut self.dirs[i];
        if !source.files.iter().any(|f| f == abs) {
            // Where sorting by name puts it (names in a directory are unique).
            let name = abs.file_name();
            let at = source.files.partition_point(|f| f.file_name() <= name);
            source.files.insert(at, abs.to_path_buf());
            if with_headers {
                self.headers[i].insert(at, None);
            }
        }
    }
}

/// How [`discover`] walks.
#[derive(Debug, Clone, Copy)]
pub struct WalkOptions<'a> {
    /// Walker threads.
    pub threads: usize,
    /// The config's `exclude` globs, if any.
    pub exclude: Option<&'a Arc<Exclude>>,
    /// Whether `exclude` also drops paths the patterns name explicitly.
    pub force_exclude: bool,
}

impl Default for WalkOptions<'_> {
    /// One thread, nothing excluded.
    fn default() -> Self {
        WalkOptions {
            threads: 1,
            exclude: None,
            force_exclude: true,
        }
    }
}

/// Expands `patterns` relative to `cwd` (an absolute path).
pub fn discover(patterns: &[String], cwd: &Path, options: &WalkOptions) -> Discovery {
    discover_with(patterns, cwd, options, None)
}

/// [`discover`], also reading the header of every file found ([`Discovery::headers`]) in
/// the walker thread that finds it, while the walk goes on: reading starts with the first
/// file found instead of after the last, and no second pass hands the files out again.
/// Files for which `skip` is true are not read (their contents come from elsewhere), nor
/// are files other than regular ones.
pub fn discover_and_read(
    patterns: &[String],
    cwd: &Path,
    options: &WalkOptions,
    skip: &(dyn Fn(&Path) -> bool + Sync),
) -> Discovery {
    let reading = Reading { cwd, skip };
    discover_with(patterns, cwd, options, Some(&reading))
}

/// How the walker threads read what they find.
struct Reading<'a> {
    /// Paths are shown relative to it, as everywhere.
    cwd: &'a Path,
    skip: &'a (dyn Fn(&Path) -> bool + Sync),
}

/// A file found by the walk, with its header if it was read.
type Found = (PathBuf, Option<Prefetched>);

fn discover_with(
    patterns: &[String],
    cwd: &Path,
    options: &WalkOptions,
    reading: Option<&Reading>,
) -> Discovery {
    let WalkOptions {
        threads,
        exclude,
        force_exclude,
    } = *options;
    let mut found: BTreeMap<PathBuf, (Vec<Found>, bool)> = BTreeMap::new();
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
                    let walk_in = Walk::Single;
                    let files = walk(&dir, &walk_in, named_exclude, threads, &mut errors, reading);
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
                let wanted = |dir: &Path| rest == "..." || matches(&rest, &slash_rel(&root, dir));
                let mode = Walk::Tree {
                    inside_module,
                    wanted: &wanted,
                };
                let walked = walk(&root, &mode, exclude, threads, &mut errors, reading);
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
    let mut dirs = Vec::with_capacity(found.len());
    let mut headers = Vec::new();
    for (abs, (mut found, explicit)) in found {
        if found.is_empty() {
            continue;
        }
        // One parent for all: the whole paths sort as their names (and compare faster).
        found.sort_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
        found.dedup_by(|a, b| a.0 == b.0);
        let (files, reads): (Vec<PathBuf>, Vec<Option<Prefetched>>) = found.into_iter().unzip();
        if reading.is_some() {
            headers.push(reads);
        }
        dirs.push(SourceDir {
            display: display_path(&abs, cwd),
            files,
            abs,
            explicit,
        });
    }
    Discovery {
        dirs,
        errors,
        headers,
    }
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

enum Walk<'a> {
    /// Only the directory itself.
    Single,
    /// The whole tree below, pruned as `./...` prunes; nested modules are kept when the
    /// root belongs to no module (there is no module of ours to protect). Only the files
    /// of `wanted` directories are read.
    Tree {
        inside_module: bool,
        wanted: &'a (dyn Fn(&Path) -> bool + Sync),
    },
}

/// Lists `.go` files per directory under `root`, pruned per `mode`.
fn walk(
    root: &Path,
    mode: &Walk,
    exclude: Option<&Arc<Exclude>>,
    threads: usize,
    errors: &mut Vec<RunError>,
    reading: Option<&Reading>,
) -> BTreeMap<PathBuf, Vec<Found>> {
    let mut builder = WalkBuilder::new(root);
    builder
        .require_git(false)
        .follow_links(false)
        .threads(threads.max(1));
    match mode {
        Walk::Single => {
            builder.max_depth(Some(1));
        }
        Walk::Tree { inside_module, .. } => {
            let prune_modules = *inside_module;
            let exclude = exclude.cloned();
            // go.mod `ignore` directives prune `./...` too; each go.mod is read once.
            let modules = Mutex::new(ModuleIndex::default());
            builder.filter_entry(move |entry| {
                if entry.depth() == 0 || !entry.file_type().is_some_and(|t| t.is_dir()) {
                    return true;
                }
                let path = entry.path();
                let excluded = exclude.as_ref().is_some_and(|e| e.excludes(path, true));
                let ignored = || {
                    let module = modules.lock().ok().and_then(|mut m| m.module_for(path));
                    module.is_some_and(|m| m.ignores(path))
                };
                !excluded && keep_dir(path, entry.depth(), prune_modules) && !ignored()
            });
        }
    }
    let wanted = match mode {
        Walk::Single => None,
        Walk::Tree { wanted, .. } => Some(*wanted),
    };
    let shared = Shared::default();
    builder.build_parallel().visit(&mut Visitors {
        shared: &shared,
        exclude,
        reading,
        wanted,
    });
    errors.extend(shared.errors.into_inner().expect("walk error lock"));
    shared.found.into_inner().expect("walk result lock")
}

/// What the walker threads hand over when they finish.
#[derive(Default)]
struct Shared {
    found: Mutex<BTreeMap<PathBuf, Vec<Found>>>,
    errors: Mutex<Vec<RunError>>,
}

/// Makes one [`Visitor`] per walker thread.
struct Visitors<'s> {
    shared: &'s Shared,
    exclude: Option<&'s Arc<Exclude>>,
    reading: Option<&'s Reading<'s>>,
    wanted: Option<&'s (dyn Fn(&Path) -> bool + Sync)>,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for Visitors<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Visitor {
            shared: self.shared,
            exclude: self.exclude,
            reading: self.reading,
            wanted: self.wanted,
            last_wanted: None,
            found: HashMap::new(),
            errors: Vec::new(),
        })
    }
}

/// One walker thread's findings, kept to itself (no lock per file) and merged when the
/// thread is done.
struct Visitor<'s> {
    shared: &'s Shared,
    exclude: Option<&'s Arc<Exclude>>,
    reading: Option<&'s Reading<'s>>,
    wanted: Option<&'s (dyn Fn(&Path) -> bool + Sync)>,
    /// The last directory asked about, and whether it is wanted.
    last_wanted: Option<(PathBuf, bool)>,
    found: HashMap<PathBuf, Vec<Found>>,
    errors: Vec<RunError>,
}

impl Visitor<'_> {
    /// Reads the header of `file` (in `dir`) if this walk reads and it is wanted.
    fn read(&mut self, file: &Path, dir: &Path, regular: bool) -> Option<Prefetched> {
        let reading = self.reading?;
        if !regular || (reading.skip)(file) {
            return None;
        }
        if let Some(wanted) = self.wanted {
            let known = self.last_wanted.as_ref().filter(|(last, _)| last == dir);
            let is_wanted = match known {
                Some(&(_, is_wanted)) => is_wanted,
                None => {
                    let is_wanted = wanted(dir);
                    self.last_wanted = Some((dir.to_path_buf(), is_wanted));
                    is_wanted
                }
            };
            if !is_wanted {
                return None;
            }
        }
        let shown = display_path(file, reading.cwd);
        let read = || header::read_regular_file(file, &shown);
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
        Some(read.map_err(|panic| ReadPanic(Mutex::new(panic))))
    }
}

impl ignore::ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) => {
                if let Some((file, regular)) = go_file(entry)
                    && !self.exclude.is_some_and(|e| e.excludes(&file, false))
                    && let Some(dir) = file.parent()
                {
                    let read = self.read(&file, dir, regular);
                    match self.found.get_mut(dir) {
                        Some(files) => files.push((file, read)),
                        None => {
                            let dir = dir.to_path_buf();
                            self.found.insert(dir, vec![(file, read)]);
                        }
                    }
                }
            }
            Err(err) => self.errors.push(walk_error(err)),
        }
        WalkState::Continue
    }
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        // A poisoned lock means a walker thread panicked: the walk itself reports that.
        if let Ok(mut found) = self.shared.found.lock() {
            for (dir, files) in self.found.drain() {
                found.entry(dir).or_default().extend(files);
            }
        }
        if let Ok(mut errors) = self.shared.errors.lock() {
            errors.append(&mut self.errors);
        }
    }
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

/// Whether a file of this name is a Go source file the go command reads: `.go`, neither
/// hidden (`.x.go`) nor ignored (`_x.go`).
pub fn is_go_source_name(name: &str) -> bool {
    name.ends_with(".go") && !name.starts_with(['_', '.'])
}

/// The path of a Go source file entry (following a symlinked file, never a directory), and
/// whether it is a regular file. Like go/build, every entry but a directory (or a link to
/// one) is a file to read, so a FIFO, a device or a broken or looping link named `x.go` is
/// reported, not skipped.
fn go_file(entry: ignore::DirEntry) -> Option<(PathBuf, bool)> {
    if !is_go_source_name(&entry.file_name().to_string_lossy()) {
        return None;
    }
    let file_type = entry.file_type()?;
    let (is_dir, regular) = if file_type.is_symlink() {
        match std::fs::metadata(entry.path()) {
            Ok(target) => (target.is_dir(), target.is_file()),
            Err(_) => (false, false),
        }
    } else {
        (file_type.is_dir(), file_type.is_file())
    };
    (!is_dir).then(|| (entry.into_path(), regular))
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
    // The walk's paths are clean (no `.`, `..` or doubled separators), and cutting the
    // prefix as bytes then gives what comparing components gives, at a fraction of the cost.
    let (bytes, prefix) = (
        abs.as_os_str().as_encoded_bytes(),
        cwd.as_os_str().as_encoded_bytes(),
    );
    if cfg!(unix)
        && let Some(rest) = bytes.strip_prefix(prefix)
        && let Some(rest) = rest.strip_prefix(b"/").filter(|_| prefix != b"/")
        && is_clean(rest)
        && let Ok(rel) = std::str::from_utf8(rest)
    {
        return PathBuf::from(rel);
    }
    match abs.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => abs.to_path_buf(),
    }
}

/// Whether a relative path has no empty, `.` or `..` component (nor a trailing `/`).
fn is_clean(rel: &[u8]) -> bool {
    !rel.is_empty()
        && rel
            .split(|&b| b == b'/')
            .all(|c| !matches!(c, b"" | b"." | b".."))
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

/// Config `exclude` globs, relative to the config file's directory.
#[derive(Debug, Clone)]
pub struct Exclude {
    base: PathBuf,
    globs: globset::GlobSet,
}

impl Exclude {
    /// Compiles the globs; a bad one is an error naming it.
    pub fn new(base: &Path, globs: &[String]) -> Result<Exclude, String> {
        let mut set = globset::GlobSetBuilder::new();
        for glob in globs {
            let compiled = globset::GlobBuilder::new(glob)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("bad glob `{glob}` in `exclude`: {}", e.kind()))?;
            set.add(compiled);
        }
        let globs = set
            .build()
            .map_err(|e| format!("bad `exclude` globs: {e}"))?;
        Ok(Exclude {
            base: base.to_path_buf(),
            globs,
        })
    }

    /// Whether the absolute `path` (a file, or a directory when `is_dir`) is excluded.
    /// A directory is excluded when the globs match it or anything inside it (`vendor/**`).
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        let Ok(rel) = path.strip_prefix(&self.base) else {
            return false;
        };
        if self.globs.is_match(rel) {
            return true;
        }
        is_dir && self.globs.is_match(rel.join("golayout-any-entry"))
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
    fn headers_are_read_during_the_walk_and_stay_beside_their_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("p/testdata")).unwrap();
        std::fs::write(root.join("go.mod"), "module m\n").unwrap();
        for (name, text) in [
            ("p/c.go", "package p\n"),
            ("p/a.go", "package p\nimport \"fmt\"\n"),
            ("p/skipped.go", "package p\n"),
            ("p/testdata/t.go", "package t\n"),
        ] {
            std::fs::write(root.join(name), text).unwrap();
        }
        let skip = |path: &Path| path.ends_with("skipped.go");
        let pattern = ["./...".to_string()];
        let options = WalkOptions {
            threads: 2,
            ..WalkOptions::default()
        };
        let mut found = discover_and_read(&pattern, &root, &options, &skip);
        assert_eq!(found.dirs.len(), 1);
        assert_eq!(found.headers.len(), 1);
        let names: Vec<_> = found.dirs[0]
            .files
            .iter()
            .map(|f| f.file_name().unwrap())
            .collect();
        assert_eq!(names, ["a.go", "c.go", "skipped.go"]);
        let read = |i: usize, found: &Discovery| match &found.headers[0][i] {
            Some(Ok(Ok(file))) => Some((file.path.clone(), file.imports.len())),
            Some(_) => panic!("file {i} was not read well"),
            None => None,
        };
        assert_eq!(read(0, &found), Some((PathBuf::from("p/a.go"), 1)));
        assert_eq!(read(1, &found), Some((PathBuf::from("p/c.go"), 0)));
        assert_eq!(read(2, &found), None);
        // A buffer added later gets no header, in its place.
        found.include_file(&root.join("p/b.go"), &root);
        assert_eq!(found.dirs[0].files[1], root.join("p/b.go"));
        assert_eq!(read(0, &found), Some((PathBuf::from("p/a.go"), 1)));
        assert_eq!(read(1, &found), None);
        assert_eq!(read(2, &found), Some((PathBuf::from("p/c.go"), 0)));
        found.include_file(&root.join("q/new.go"), &root);
        assert_eq!(found.headers.len(), 2);
        assert!(found.headers[1].len() == 1 && found.headers[1][0].is_none());
        // Plain discovery reads nothing.
        assert!(discover(&pattern, &root, &options).headers.is_empty());
    }

    #[test]
    fn a_panic_while_reading_is_raised_again_where_it_is_resumed() {
        let caught = std::panic::catch_unwind(|| panic!("boom")).unwrap_err();
        let panic = ReadPanic(Mutex::new(caught));
        let again = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| panic.resume()));
        assert_eq!(again.unwrap_err().downcast_ref::<&str>(), Some(&"boom"));
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
        // Cutting bytes gives what comparing components gives, for clean paths and not.
        for (abs, cwd) in [
            ("/w/a/b.go", "/w"),
            ("/wx/a.go", "/w"),
            ("/w//a/./b.go", "/w"),
            ("/w/a/../b.go", "/w"),
            ("/w/a/", "/w"),
            ("/w/a", "/w/"),
            ("/a/b.go", "/"),
            ("/w/é/b.go", "/w"),
        ] {
            let by_components = match Path::new(abs).strip_prefix(cwd) {
                Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
                Ok(rel) => rel.to_path_buf(),
                Err(_) => PathBuf::from(abs),
            };
            let shown = display_path(Path::new(abs), Path::new(cwd));
            assert_eq!(shown, by_components, "{abs} in {cwd}");
            assert_eq!(
                shown.as_os_str(),
                by_components.as_os_str(),
                "{abs} in {cwd}"
            );
        }
    }
}
