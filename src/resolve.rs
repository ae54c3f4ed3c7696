//! Import path to real package name, offline.
//!
//! An import path names a directory; the name a file gets for an unaliased import is the
//! package clause found there, not the last path element. The alias rules need that name,
//! and golayout must find it without the go command or the network. [`Resolutions::build`]
//! does all the work once, before rules run (they then only look answers up, from many
//! threads):
//!
//! 1. It collects every (importer context, import path) pair. The context is all that
//!    resolution depends on: the importer's module root (its go.mod, go.work, vendor
//!    directory and requirements), or its GOPATH root (and the vendor directories above
//!    it), or nothing.
//! 2. It turns each pair into an ordered list of candidate directories, in the go
//!    command's order: `"C"` is no package; modules of the checked tree (every module of
//!    a checked directory, the `use` directories of a go.work above one, and directory
//!    `replace` targets), longest module path first; the standard library (a first
//!    element without a dot, not under one of those modules); the main module's
//!    `vendor/` when vendoring is on (and then nothing else); the module cache at the
//!    version go.mod requires, after `replace`; `$GOPATH/src`.
//! 3. It reads each candidate directory that is not itself checked once, in parallel, and
//!    names it exactly as a checked directory is named (`header::read_file` and
//!    `package::group`); the first candidate holding an importable package wins.
//!
//! Nothing is guessed: a path no candidate provides stays unresolved, and the alias rules
//! stay silent about it.

use crate::discover::{self, SourceDir};
use crate::gomod::{self, ModFile, Module, ReplaceTarget, VendorList};
use crate::header;
use crate::package::{self, BuildSettings, Directory, ImportPathSource};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use rayon::prelude::*;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where resolution looks outside the checked tree.
#[derive(Debug, Clone, Default)]
pub struct ResolveEnv {
    /// The module cache directory.
    pub module_cache: Option<PathBuf>,
}

impl ResolveEnv {
    /// `$GOMODCACHE`, else `$GOPATH/pkg/mod` (first GOPATH entry), else `~/go/pkg/mod`.
    pub fn from_env() -> ResolveEnv {
        ResolveEnv {
            module_cache: module_cache_from(|name| std::env::var_os(name)),
        }
    }
}

/// The module cache the go command would use, given a way to read environment variables
/// (empty values count as unset, as they do for the go command).
fn module_cache_from(var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let var = |name: &str| var(name).filter(|value| !value.is_empty());
    if let Some(cache) = var("GOMODCACHE") {
        return Some(PathBuf::from(cache));
    }
    if let Some(paths) = var("GOPATH") {
        let first = std::env::split_paths(&paths)
            .next()
            .filter(|p| !p.as_os_str().is_empty())?;
        return Some(first.join("pkg").join("mod"));
    }
    let home = var("HOME").or_else(|| var("USERPROFILE"))?;
    Some(PathBuf::from(home).join("go").join("pkg").join("mod"))
}

/// The real names of every import of the checked directories.
#[derive(Debug, Default)]
pub struct Resolutions {
    /// The importer context of each checked directory, by absolute path.
    context_of: HashMap<PathBuf, usize>,
    /// Per context: the real name of each resolved import path.
    answers: Vec<HashMap<String, Arc<str>>>,
}

impl Resolutions {
    /// Resolves every import of every file in `dirs`.
    pub fn build(dirs: &[Directory], build: &BuildSettings, env: &ResolveEnv) -> Resolutions {
        let mut planner = Planner::new(dirs, env);

        // Every distinct import path per importer context.
        let mut contexts: HashMap<Importer, usize> = HashMap::new();
        let mut importers: Vec<Importer> = Vec::new();
        let mut wanted: Vec<HashSet<&str>> = Vec::new();
        let mut context_of = HashMap::with_capacity(dirs.len());
        for dir in dirs {
            let importer = planner.importer(dir);
            let id = *contexts.entry(importer.clone()).or_insert_with(|| {
                importers.push(importer);
                wanted.push(HashSet::new());
                wanted.len() - 1
            });
            context_of.insert(dir.abs.clone(), id);
            let paths = dir
                .files
                .iter()
                .flat_map(|f| &f.go.imports)
                .map(|i| i.path.value.as_str());
            wanted[id].extend(paths);
        }

        let mut pending: Vec<(usize, &str, Vec<Candidate>)> = Vec::new();
        for (id, paths) in wanted.iter().enumerate() {
            // In order, so that the reading rounds go as they went last time.
            let mut paths: Vec<&str> = paths.iter().copied().collect();
            paths.sort_unstable();
            for path in paths {
                let candidates = planner.candidates(&importers[id], path);
                if !candidates.is_empty() {
                    pending.push((id, path, candidates));
                }
            }
        }

        let known = read_rounds(&pending, &mut planner, build);
        let mut answers: Vec<HashMap<String, Arc<str>>> = vec![HashMap::new(); importers.len()];
        for (id, path, candidates) in &pending {
            if let Settled::Name(name) = settle(candidates, &known) {
                answers[*id].insert(path.to_string(), name);
            }
        }
        Resolutions {
            context_of,
            answers,
        }
    }

    /// The real package name of `import_path` imported from `dir`; None when unresolved
    /// (or for the pseudo-package "C"). `dir` must be one of the directories given to
    /// [`Resolutions::build`].
    pub fn name(&self, dir: &Directory, import_path: &str) -> Option<&str> {
        self.of(dir).name(import_path)
    }

    /// The real names of the imports of `dir`, one of the directories given to
    /// [`Resolutions::build`]: looked up once for all of a directory's imports.
    pub fn of(&self, dir: &Directory) -> DirNames<'_> {
        DirNames(
            self.context_of
                .get(&dir.abs)
                .map(|&context| &self.answers[context]),
        )
    }

    /// How many (importer context, import path) pairs were resolved.
    pub fn resolved_count(&self) -> usize {
        self.answers.iter().map(HashMap::len).sum()
    }
}

/// The real names of the imports of one directory ([`Resolutions::of`]).
#[derive(Debug, Clone, Copy)]
pub struct DirNames<'a>(Option<&'a HashMap<String, Arc<str>>>);

impl<'a> DirNames<'a> {
    /// The real package name of `import_path`; None when unresolved (or for "C").
    pub fn name(self, import_path: &str) -> Option<&'a str> {
        self.0?.get(import_path).map(|name| &**name)
    }

    /// The real package name of `import_path`, or goimports' guess of it when unresolved:
    /// what a rule assumes an unresolved import binds.
    pub fn name_or_guess<'p>(self, import_path: &'p str) -> &'p str
    where
        'a: 'p,
    {
        self.name(import_path)
            .unwrap_or_else(|| crate::importpath::assumed_name(import_path))
    }
}

/// Reads, in rounds, the first undecided candidate directory of every pair (each
/// directory once, in parallel) until every pair has settled. Most pairs settle in the
/// first round; a missing or empty directory moves a pair on to its next candidate.
/// Returns, per target, the package name it holds.
fn read_rounds(
    pending: &[(usize, &str, Vec<Candidate>)],
    planner: &mut Planner,
    build: &BuildSettings,
) -> Vec<Option<Option<Arc<str>>>> {
    let mut known = std::mem::take(&mut planner.known);
    loop {
        let mut needed: Vec<usize> = Vec::new();
        let mut queued = HashSet::new();
        for (_, _, candidates) in pending {
            if let Settled::Unknown(target) = settle(candidates, &known)
                && queued.insert(target)
            {
                needed.push(target);
            }
        }
        if needed.is_empty() {
            return known;
        }
        let names: Vec<Option<Arc<str>>> = needed
            .par_iter()
            .map(|&target| {
                let target = &planner.targets[target];
                read_package(&target.dir, target.module.clone(), build)
            })
            .collect();
        for (target, name) in needed.into_iter().zip(names) {
            known[target] = Some(name);
        }
    }
}

/// Whether `import_path` is shaped like a standard-library path: its first element has
/// no dot (`search.IsStandardImportPath`).
pub fn is_standard_path(import_path: &str) -> bool {
    let first = import_path.split('/').next().unwrap_or("");
    !first.is_empty() && !first.contains('.')
}

/// The package name of a standard-library (or importable `cmd`) path: the last element,
/// except for the few packages of Go 1.27 whose name differs. None if the path is not
/// shaped like a standard path.
pub fn standard_name(import_path: &str) -> Option<&str> {
    if !is_standard_path(import_path) {
        return None;
    }
    let name = STD_NAMES
        .iter()
        .find(|(path, _)| *path == import_path)
        .map(|(_, name)| *name)
        .unwrap_or_else(|| import_path.rsplit('/').next().unwrap_or(import_path));
    Some(name)
}

/// The importable standard and `cmd` packages of Go 1.27.3 whose name is not their last
/// path element (from `go list -f '{{.ImportPath}} {{.Name}}' std cmd`, commands left out).
const STD_NAMES: &[(&str, &str)] = &[
    ("crypto/internal/entropy/v1.0.0", "entropy"),
    ("crypto/internal/fips140deps", "fipsdeps"),
    ("crypto/internal/fips140test", "fipstest"),
    ("encoding/json/v2", "json"),
    ("internal/runtime/wasitest", "wasi"),
    ("math/rand/v2", "rand"),
    ("cmd/cgo/internal/test", "cgotest"),
    ("cmd/cgo/internal/test/issue23555a", "issue23555"),
    ("cmd/cgo/internal/test/issue23555b", "issue23555"),
    ("cmd/cgo/internal/test/issue26430", "a"),
    ("cmd/cgo/internal/testcarchive", "carchive"),
    ("cmd/cgo/internal/testcshared", "cshared"),
    ("cmd/cgo/internal/testerrors", "errorstest"),
    ("cmd/cgo/internal/testfortran", "fortran"),
    ("cmd/cgo/internal/testlife", "life"),
    ("cmd/cgo/internal/testnocgo", "nocgo"),
    ("cmd/cgo/internal/testout", "out"),
    ("cmd/cgo/internal/testplugin", "plugin"),
    ("cmd/cgo/internal/testsanitizers", "sanitizers"),
    ("cmd/cgo/internal/testshared", "shared"),
    ("cmd/cgo/internal/testso", "so"),
    ("cmd/cgo/internal/teststdio", "stdio"),
    ("cmd/cgo/internal/testtls", "cgotlstest"),
    ("cmd/go/internal/modfetch/zip_sum_test", "zip_sum"),
    ("cmd/internal/bootstrap_test", "bootstrap"),
];

/// What resolution depends on besides the import path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Importer {
    /// Inside a module: its root.
    Module(PathBuf),
    /// In a GOPATH-style tree: the GOPATH root and the `vendor` directories visible from
    /// the importer, innermost first.
    Gopath {
        root: PathBuf,
        vendors: Vec<PathBuf>,
    },
    /// Neither: only the checked tree's modules and the standard library.
    Plain,
}

/// One place an import may resolve to.
#[derive(Debug, Clone)]
enum Candidate {
    /// A name known without reading anything (the standard library).
    Name(Arc<str>),
    /// A directory to read, by index into [`Planner::targets`].
    Dir(usize),
}

/// Where a pair stands given what has been read so far.
enum Settled {
    /// The first candidate holding a package names it.
    Name(Arc<str>),
    /// This directory must be read before the pair can settle.
    Unknown(usize),
    /// No candidate holds a package.
    Unresolved,
}

fn settle(candidates: &[Candidate], known: &[Option<Option<Arc<str>>>]) -> Settled {
    for candidate in candidates {
        match candidate {
            Candidate::Name(name) => return Settled::Name(name.clone()),
            Candidate::Dir(target) => match &known[*target] {
                Some(Some(name)) => return Settled::Name(name.clone()),
                Some(None) => {}
                None => return Settled::Unknown(*target),
            },
        }
    }
    Settled::Unresolved
}

/// A directory some import may resolve to.
#[derive(Debug)]
struct Target {
    dir: PathBuf,
    /// The module it is grouped under (its import path and `go` version).
    module: Option<Arc<Module>>,
}

/// A module whose packages are on disk in or beside the checked tree.
#[derive(Debug)]
struct LocalModule {
    /// The path imports use (for a directory replacement, the replaced path).
    path: String,
    root: PathBuf,
    go_minor: Option<u32>,
}

/// A `replace` with its directory made absolute.
#[derive(Debug, Clone)]
struct Replacement {
    old_path: String,
    old_version: Option<String>,
    new: Replaced,
}

#[derive(Debug, Clone)]
enum Replaced {
    Dir(PathBuf),
    Module { path: String, version: String },
}

/// A go.work file.
#[derive(Debug)]
struct Workspace {
    dir: PathBuf,
    go_minor: Option<u32>,
    /// The `use` directories, absolute.
    roots: Vec<PathBuf>,
    replaces: Vec<Replacement>,
}

/// A main module's vendor directory, when the go command would use it.
#[derive(Debug)]
struct Vendor {
    dir: PathBuf,
    list: Arc<VendorList>,
    /// Go 1.23 and later import only packages that `modules.txt` lists.
    listed_only: bool,
}

/// Everything an importer's module decides about resolution.
#[derive(Debug)]
struct ModuleContext {
    /// The module root and, in a workspace, the other workspace modules' roots.
    own_roots: HashSet<PathBuf>,
    /// Directories its go.mod (or go.work) replaces modules with.
    replaced_roots: HashSet<PathBuf>,
    /// The selected version of each required module.
    requires: HashMap<String, String>,
    /// Replacements by source, highest priority first (go.work, own go.mod, others).
    replaces: Vec<Vec<Replacement>>,
    vendor: Option<Vendor>,
}

impl ModuleContext {
    /// What replaces module `path` at `version`: an exact-version replacement beats a
    /// wildcard one within a file, and go.work beats every go.mod.
    fn replacement(&self, path: &str, version: &str) -> Option<&Replaced> {
        self.replaces.iter().find_map(|source| {
            let matching = source.iter().filter(|r| r.old_path == path);
            let mut wildcard = None;
            for replace in matching {
                match &replace.old_version {
                    Some(v) if v == version => return Some(&replace.new),
                    Some(_) => {}
                    None => wildcard = wildcard.or(Some(&replace.new)),
                }
            }
            wildcard
        })
    }
}

/// Turns import paths into candidate directories, caching every file it looks at.
struct Planner<'a> {
    env: &'a ResolveEnv,
    /// Checked directories' modules, by root.
    checked_modules: HashMap<PathBuf, Arc<Module>>,
    local: Vec<LocalModule>,
    local_by_path: HashMap<String, Vec<usize>>,
    /// Local modules named `std` (the Go tree's `src`): they hold the standard paths.
    local_std: Vec<usize>,
    contexts: HashMap<PathBuf, ModuleContext>,
    workspaces: HashMap<PathBuf, Option<Arc<Workspace>>>,
    /// The go.work governing each directory walked from, if any.
    work_above: HashMap<PathBuf, Option<PathBuf>>,
    vendor_lists: HashMap<PathBuf, Option<Arc<VendorList>>>,
    /// Parsed go.mod files, by module root.
    mod_files: HashMap<PathBuf, Option<Arc<ModFile>>>,
    is_file: HashMap<PathBuf, bool>,
    is_dir: HashMap<PathBuf, bool>,
    targets: Vec<Target>,
    target_index: HashMap<PathBuf, usize>,
    /// Per target: None until read, then the package name it holds, if any.
    known: Vec<Option<Option<Arc<str>>>>,
    /// Checked directories' names (None: no importable package).
    checked: HashMap<PathBuf, Option<Arc<str>>>,
}

impl<'a> Planner<'a> {
    fn new(dirs: &[Directory], env: &'a ResolveEnv) -> Planner<'a> {
        let checked = dirs
            .iter()
            .map(|dir| (dir.abs.clone(), importable_name(dir)))
            .collect();
        let mut planner = Planner {
            env,
            checked_modules: HashMap::new(),
            local: Vec::new(),
            local_by_path: HashMap::new(),
            local_std: Vec::new(),
            contexts: HashMap::new(),
            workspaces: HashMap::new(),
            work_above: HashMap::new(),
            vendor_lists: HashMap::new(),
            mod_files: HashMap::new(),
            is_file: HashMap::new(),
            is_dir: HashMap::new(),
            targets: Vec::new(),
            target_index: HashMap::new(),
            known: Vec::new(),
            checked,
        };
        for dir in dirs {
            if let Some(module) = &dir.module {
                planner
                    .checked_modules
                    .entry(module.root.clone())
                    .or_insert_with(|| module.clone());
            }
        }
        let mut roots: Vec<PathBuf> = planner.checked_modules.keys().cloned().collect();
        roots.sort();
        for root in &roots {
            let module = planner.checked_modules[root].clone();
            planner.add_local(&module.path, root, module.go_minor);
        }
        for root in &roots {
            planner.load_context(root);
        }
        planner
    }

    /// Registers a module of the checked tree (once per path and root).
    fn add_local(&mut self, path: &str, root: &Path, go_minor: Option<u32>) {
        let duplicate = |entries: &[usize], local: &[LocalModule]| {
            entries.iter().any(|&i| local[i].root == root)
        };
        // The `std` module's packages carry no `std/` prefix: it is matched apart.
        let entries = if path == "std" {
            &mut self.local_std
        } else {
            self.local_by_path.entry(path.to_string()).or_default()
        };
        if duplicate(entries, &self.local) {
            return;
        }
        entries.push(self.local.len());
        self.local.push(LocalModule {
            path: path.to_string(),
            root: root.to_path_buf(),
            go_minor,
        });
    }

    /// Reads what an importer module's go.mod, go.work and vendor directory say, and adds
    /// the modules they bring in (workspace modules, directory replacements) as local.
    fn load_context(&mut self, root: &Path) {
        let module = self.checked_modules[root].clone();
        // A go.mod whose requirements cannot be parsed resolves nothing through them.
        let file = self.mod_file(root).unwrap_or_default();
        let workspace = self.workspace_above(root);
        if let Some(ws) = &workspace {
            for use_root in &ws.roots {
                if let Some(used) = self.mod_file(use_root)
                    && let Some(path) = &used.module
                {
                    self.add_local(path, use_root, used.go_minor);
                }
            }
        }
        let own_replaces = absolute_replaces(root, &file);
        let mut replaces = Vec::new();
        let mut own_roots = HashSet::from_iter([root.to_path_buf()]);
        let mut requires: HashMap<String, String> = HashMap::new();
        let mut members: Vec<(PathBuf, Arc<ModFile>)> = Vec::new();
        let in_workspace = workspace
            .as_ref()
            .filter(|ws| ws.roots.iter().any(|r| r == root));
        if let Some(ws) = in_workspace {
            replaces.push(ws.replaces.clone());
            for member in ws.roots.iter().filter(|r| *r != root) {
                own_roots.insert(member.clone());
                if let Some(member_file) = self.mod_file(member) {
                    members.push((member.clone(), member_file));
                }
            }
        }
        replaces.push(own_replaces);
        for (member_root, member_file) in &members {
            replaces.push(absolute_replaces(member_root, member_file));
        }
        // The workspace's build list selects the highest version any member requires.
        for require in file
            .requires
            .iter()
            .chain(members.iter().flat_map(|(_, f)| &f.requires))
        {
            let selected = requires.entry(require.path.clone()).or_default();
            if gomod::compare_versions(&require.version, selected).is_gt() {
                *selected = require.version.clone();
            }
        }
        let mut replaced_roots = HashSet::new();
        for replace in replaces.iter().flatten() {
            if let Replaced::Dir(dir) = &replace.new {
                let go_minor = self.mod_file(dir).and_then(|f| f.go_minor);
                self.add_local(&replace.old_path, dir, go_minor);
                replaced_roots.insert(dir.clone());
            }
        }
        if let Some(ws) = workspace
            .as_ref()
            .filter(|ws| !ws.roots.iter().any(|r| r == root))
        {
            // A go.work above that does not use this module still tells which modules
            // sit in the tree beside it.
            for replace in &ws.replaces {
                if let Replaced::Dir(dir) = &replace.new {
                    let go_minor = self.mod_file(dir).and_then(|f| f.go_minor);
                    self.add_local(&replace.old_path, dir, go_minor);
                }
            }
        }
        let vendor = match in_workspace {
            Some(ws) => self.vendor(&ws.dir, ws.go_minor.unwrap_or(0), 22),
            None => self.vendor(root, module.go_minor.unwrap_or(16), 14),
        };
        self.contexts.insert(
            root.to_path_buf(),
            ModuleContext {
                own_roots,
                replaced_roots,
                requires,
                replaces,
                vendor,
            },
        );
    }

    /// The vendor directory of a main module (or workspace) rooted at `dir`, if the go
    /// command would build from it: the `go` version is at least `min_minor` and
    /// `vendor/modules.txt` exists.
    fn vendor(&mut self, dir: &Path, go_minor: u32, min_minor: u32) -> Option<Vendor> {
        if go_minor < min_minor {
            return None;
        }
        let vendor_dir = dir.join("vendor");
        let list = self
            .vendor_lists
            .entry(vendor_dir.clone())
            .or_insert_with(|| match std::fs::read(vendor_dir.join("modules.txt")) {
                // The go command reads the file as bytes and skips lines it cannot use.
                Ok(bytes) => Some(Arc::new(gomod::parse_vendor_list(
                    &String::from_utf8_lossy(&bytes),
                ))),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
                // Present but unreadable: vendoring is on and lists nothing.
                Err(_) => Some(Arc::new(VendorList::default())),
            })
            .clone()?;
        Some(Vendor {
            dir: vendor_dir,
            list,
            listed_only: go_minor >= 23,
        })
    }

    /// The go.work nearest at or above `dir`, parsed once.
    fn workspace_above(&mut self, dir: &Path) -> Option<Arc<Workspace>> {
        let path = self.work_file_above(dir)?;
        if let Some(known) = self.workspaces.get(&path) {
            return known.clone();
        }
        let ws_dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let workspace = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| gomod::parse_work_file(&text).ok())
            .map(|file| {
                Arc::new(Workspace {
                    roots: file
                        .uses
                        .iter()
                        .map(|u| discover::normalize(&ws_dir.join(u)))
                        .collect(),
                    replaces: file
                        .replaces
                        .iter()
                        .map(|r| absolute_replace(&ws_dir, r))
                        .collect(),
                    go_minor: file.go_minor,
                    dir: ws_dir,
                })
            });
        self.workspaces.insert(path, workspace.clone());
        workspace
    }

    fn work_file_above(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(known) = self.work_above.get(dir) {
            return known.clone();
        }
        let here = dir.join("go.work");
        let found = if self.file_exists(&here) {
            Some(here)
        } else {
            dir.parent().and_then(|parent| self.work_file_above(parent))
        };
        self.work_above.insert(dir.to_path_buf(), found.clone());
        found
    }

    fn file_exists(&mut self, path: &Path) -> bool {
        if let Some(&known) = self.is_file.get(path) {
            return known;
        }
        let exists = path.is_file();
        self.is_file.insert(path.to_path_buf(), exists);
        exists
    }

    fn dir_exists(&mut self, path: &Path) -> bool {
        if let Some(&known) = self.is_dir.get(path) {
            return known;
        }
        let exists = path.is_dir();
        self.is_dir.insert(path.to_path_buf(), exists);
        exists
    }

    /// The context an import from `dir` is resolved in.
    fn importer(&mut self, dir: &Directory) -> Importer {
        match (&dir.module, dir.import_path_source) {
            (Some(module), ImportPathSource::Module) => Importer::Module(module.root.clone()),
            (_, ImportPathSource::Gopath) => match gopath_src(dir) {
                Some(src) => {
                    // go/build looks in `vendor` beside the importer and every ancestor up
                    // to and including `src`.
                    let mut vendors = Vec::new();
                    let mut at = Some(dir.abs.as_path());
                    while let Some(current) = at {
                        let vendor = current.join("vendor");
                        if self.dir_exists(&vendor) {
                            vendors.push(vendor);
                        }
                        if current == src {
                            break;
                        }
                        at = current.parent();
                    }
                    let root = src.parent().unwrap_or(Path::new("")).to_path_buf();
                    Importer::Gopath { root, vendors }
                }
                None => Importer::Plain,
            },
            _ => Importer::Plain,
        }
    }

    /// Where `path` may be found from `importer`, best first.
    fn candidates(&mut self, importer: &Importer, path: &str) -> Vec<Candidate> {
        let mut out = Vec::new();
        if path == "C" || !is_valid_import_path(path) {
            return out;
        }
        if let Importer::Gopath { vendors, .. } = importer {
            for vendor in vendors {
                let dir = join_slashed(vendor, path);
                out.push(self.target(dir, None));
            }
        }
        let under_local = self.local_candidates(importer, path, &mut out);
        if is_standard_path(path) {
            if !under_local && let Some(name) = standard_name(path) {
                out.push(Candidate::Name(Arc::from(name)));
            }
            return out;
        }
        match importer {
            Importer::Module(root) => self.module_candidates(root, path, &mut out),
            Importer::Gopath { root, .. } => {
                let dir = join_slashed(&root.join("src"), path);
                out.push(self.target(dir, None));
            }
            Importer::Plain => {}
        }
        out
    }

    /// Candidates in the checked tree's modules, longest module path first; at equal
    /// length the importer's replacements, then its own (workspace) modules, then the
    /// rest. Returns whether `path` lies under any of them.
    fn local_candidates(
        &mut self,
        importer: &Importer,
        path: &str,
        out: &mut Vec<Candidate>,
    ) -> bool {
        let mut found: Vec<(usize, usize)> = Vec::new();
        for prefix in path_prefixes(path) {
            if let Some(entries) = self.local_by_path.get(prefix) {
                found.extend(entries.iter().map(|&i| (prefix.len(), i)));
            }
        }
        if is_standard_path(path) {
            found.extend(self.local_std.iter().map(|&i| (0, i)));
        }
        let context = match importer {
            Importer::Module(root) => self.contexts.get(root),
            _ => None,
        };
        let affinity = |root: &Path| match context {
            Some(c) if c.replaced_roots.contains(root) => 0,
            Some(c) if c.own_roots.contains(root) => 1,
            _ => 2,
        };
        found.sort_by_key(|&(len, i)| {
            let root = &self.local[i].root;
            (std::cmp::Reverse(len), affinity(root), root.clone())
        });
        let mut under = false;
        for (len, i) in found {
            let rest = if self.local[i].path == "std" {
                path
            } else {
                path[len..].trim_start_matches('/')
            };
            let root = self.local[i].root.clone();
            // A directory below another go.mod belongs to that module, not this one.
            if self.crosses_module(&root, rest) {
                continue;
            }
            under = true;
            let module = Module {
                root: join_slashed(&root, rest),
                path: path.to_string(),
                go_minor: self.local[i].go_minor,
                ignore: Vec::new(),
            };
            out.push(self.target(module.root.clone(), Some(Arc::new(module))));
        }
        under
    }

    /// Whether a directory between `root` (exclusive) and `root/rest` (inclusive) holds a
    /// go.mod of its own.
    fn crosses_module(&mut self, root: &Path, rest: &str) -> bool {
        let mut dir = root.to_path_buf();
        for element in rest.split('/').filter(|e| !e.is_empty()) {
            dir.push(element);
            if self.file_exists(&dir.join("go.mod")) {
                return true;
            }
        }
        false
    }

    /// Vendor or module-cache candidates for an importer inside a module.
    fn module_candidates(&mut self, root: &Path, path: &str, out: &mut Vec<Candidate>) {
        let Some(context) = self.contexts.get(root) else {
            return;
        };
        if let Some(vendor) = &context.vendor {
            // With vendoring on, the go command never consults the module cache.
            if !vendor.listed_only || vendor.list.packages.contains_key(path) {
                let dir = join_slashed(&vendor.dir, path);
                let go_minor = vendor.list.package_module(path).and_then(|m| m.go_minor);
                let module = synthetic_module(&dir, path, go_minor);
                out.push(self.target(dir, Some(module)));
            }
            return;
        }
        // The required modules providing a prefix of the path, longest first, each with
        // what replaces it.
        let required: Vec<(usize, String, Option<Replaced>)> = path_prefixes(path)
            .filter_map(|prefix| {
                let version = context.requires.get(prefix)?;
                let replaced = context.replacement(prefix, version).cloned();
                Some((prefix.len(), version.clone(), replaced))
            })
            .collect();
        for (len, version, replaced) in required {
            let prefix = &path[..len];
            let rest = path[len..].trim_start_matches('/');
            let (module_dir, go_minor) = match replaced {
                Some(Replaced::Dir(dir)) => {
                    // A replacement directory is a local module: no nested go.mod crossed.
                    if self.crosses_module(&dir, rest) {
                        continue;
                    }
                    let go_minor = self.mod_file(&dir).and_then(|f| f.go_minor);
                    (dir, go_minor)
                }
                Some(Replaced::Module { path, version }) => {
                    let Some(dir) = self.cache_dir(&path, &version) else {
                        continue;
                    };
                    let go_minor = self.mod_file(&dir).and_then(|f| f.go_minor);
                    (dir, go_minor)
                }
                None => {
                    let Some(dir) = self.cache_dir(prefix, &version) else {
                        continue;
                    };
                    let go_minor = self.mod_file(&dir).and_then(|f| f.go_minor);
                    (dir, go_minor)
                }
            };
            let dir = join_slashed(&module_dir, rest);
            let module = synthetic_module(&dir, path, go_minor);
            out.push(self.target(dir, Some(module)));
        }
    }

    /// `<cache>/<escaped path>@<escaped version>`, if there is a cache.
    fn cache_dir(&self, path: &str, version: &str) -> Option<PathBuf> {
        let cache = self.env.module_cache.as_ref()?;
        let escaped = format!(
            "{}@{}",
            gomod::escape_path(path)?,
            gomod::escape_path(version)?
        );
        Some(join_slashed(cache, &escaped))
    }

    /// The go.mod of the module rooted at `root`, read once; None if it is missing or
    /// malformed.
    fn mod_file(&mut self, root: &Path) -> Option<Arc<ModFile>> {
        self.mod_files
            .entry(root.to_path_buf())
            .or_insert_with(|| {
                let text = std::fs::read_to_string(root.join("go.mod")).ok()?;
                gomod::parse_mod_file(&text).ok().map(Arc::new)
            })
            .clone()
    }

    /// The candidate for directory `dir`, registered once.
    fn target(&mut self, dir: PathBuf, module: Option<Arc<Module>>) -> Candidate {
        if let Some(&index) = self.target_index.get(&dir) {
            return Candidate::Dir(index);
        }
        let index = self.targets.len();
        self.known.push(self.checked.get(&dir).cloned());
        self.target_index.insert(dir.clone(), index);
        self.targets.push(Target { dir, module });
        Candidate::Dir(index)
    }
}

/// A module standing for one package directory: gives `group` the import path and the
/// `go` version the directory is read with.
fn synthetic_module(dir: &Path, import_path: &str, go_minor: Option<u32>) -> Arc<Module> {
    Arc::new(Module {
        root: dir.to_path_buf(),
        path: import_path.to_string(),
        go_minor,
        ignore: Vec::new(),
    })
}

/// A checked directory's package name, if it can be imported: some non-test file
/// declares it (a directory of tests only holds nothing to import).
fn importable_name(dir: &Directory) -> Option<Arc<str>> {
    let name = dir.package.as_deref()?;
    dir.files
        .iter()
        .any(|f| !f.is_test && f.package() == name)
        .then(|| Arc::from(name))
}

/// Reads the non-test `.go` files of `dir` and names its package as `package::group`
/// names a checked directory's. None if the directory is missing or holds no package.
fn read_package(
    dir: &Path,
    module: Option<Arc<Module>>,
    build: &BuildSettings,
) -> Option<Arc<str>> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            // Test files never reach importers; `_*` and `.*` files are not Go sources.
            let source = crate::discover::is_go_source_name(&name) && !name.ends_with("_test.go");
            let path = entry.path();
            (source && path.is_file()).then_some(path)
        })
        .collect();
    if files.is_empty() {
        return None;
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    let reads = files
        .par_iter()
        .map(|file| header::read_file(file, file))
        .collect();
    let source = SourceDir {
        abs: dir.to_path_buf(),
        display: dir.to_path_buf(),
        files,
        explicit: false,
    };
    package::group(&source, module, reads, build)
        .package
        .map(Arc::from)
}

/// A go.mod's replacements with directories made absolute against its root.
fn absolute_replaces(root: &Path, file: &ModFile) -> Vec<Replacement> {
    file.replaces
        .iter()
        .map(|r| absolute_replace(root, r))
        .collect()
}

fn absolute_replace(base: &Path, replace: &gomod::Replace) -> Replacement {
    let new = match &replace.new {
        ReplaceTarget::Dir(dir) => Replaced::Dir(discover::normalize(&base.join(dir))),
        ReplaceTarget::Module { path, version } => Replaced::Module {
            path: path.clone(),
            version: version.clone(),
        },
    };
    Replacement {
        old_path: replace.old_path.clone(),
        old_version: replace.old_version.clone(),
        new,
    }
}

/// The `src` directory of a GOPATH tree holding `dir`: its path minus the import path.
fn gopath_src(dir: &Directory) -> Option<&Path> {
    let mut src = dir.abs.as_path();
    for _ in dir.import_path.split('/') {
        src = src.parent()?;
    }
    (src.file_name()? == "src").then_some(src)
}

/// `path` and each of its parents at `/` boundaries, longest first.
fn path_prefixes(path: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(path), |p| p.rfind('/').map(|i| &p[..i]))
}

/// `base` joined with a slash-separated relative path, element by element.
fn join_slashed(base: &Path, rel: &str) -> PathBuf {
    let mut out = base.to_path_buf();
    out.extend(rel.split('/').filter(|e| !e.is_empty()));
    out
}

/// Whether an import path can name a directory at all: relative (`./x`), rooted and
/// malformed paths are never resolved.
fn is_valid_import_path(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\\', '\0', ':'])
        && path
            .split('/')
            .all(|element| !element.is_empty() && element != "." && element != "..")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::ModuleIndex;

    /// Writes `(relative path, contents)` files below `root`.
    fn write(root: &Path, files: &[(&str, &str)]) {
        for (path, contents) in files {
            let path = join_slashed(root, path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
    }

    fn temp() -> tempfile::TempDir {
        // Not the default `.tmp` prefix: a hidden root would look skipped to a reader.
        tempfile::Builder::new()
            .prefix("resolve")
            .tempdir()
            .unwrap()
    }

    /// The checked directories of `pattern` from `cwd`, read and grouped as `check` does.
    fn load(cwd: &Path, pattern: &str) -> Vec<Directory> {
        let options = discover::WalkOptions::default();
        let discovery = discover::discover(&[pattern.to_string()], cwd, &options);
        let mut modules = ModuleIndex::default();
        discovery
            .dirs
            .iter()
            .map(|dir| {
                let module = modules.module_for(&dir.abs);
                let reads = dir.files.iter().map(|f| header::read_file(f, f)).collect();
                package::group(dir, module, reads, &BuildSettings::default())
            })
            .collect()
    }

    /// Resolves every import under `pattern` and returns a lookup for the directory
    /// `importer` (relative to `cwd`).
    fn names(cwd: &Path, pattern: &str, cache: Option<&Path>, importer: &str) -> Names {
        let dirs = load(cwd, pattern);
        let env = ResolveEnv {
            module_cache: cache.map(Path::to_path_buf),
        };
        let resolutions = Resolutions::build(&dirs, &BuildSettings::default(), &env);
        let abs = join_slashed(cwd, importer);
        let dir = dirs
            .iter()
            .find(|d| d.abs == abs)
            .unwrap_or_else(|| panic!("{importer} is not a checked directory"))
            .clone();
        Names { resolutions, dir }
    }

    struct Names {
        resolutions: Resolutions,
        dir: Directory,
    }

    impl Names {
        fn get(&self, path: &str) -> Option<&str> {
            self.resolutions.name(&self.dir, path)
        }
    }

    /// `import ( "a" "b" ... )` in a file of package `package`.
    fn importing(package: &str, paths: &[&str]) -> String {
        let lines: Vec<String> = paths.iter().map(|p| format!("\t{p:?}\n")).collect();
        format!("package {package}\n\nimport (\n{}\n)\n", lines.concat())
    }

    #[test]
    fn standard_names() {
        assert_eq!(standard_name("fmt"), Some("fmt"));
        assert_eq!(standard_name("net/http"), Some("http"));
        assert_eq!(standard_name("math/rand/v2"), Some("rand"));
        assert_eq!(standard_name("encoding/json/v2"), Some("json"));
        assert_eq!(
            standard_name("crypto/internal/entropy/v1.0.0"),
            Some("entropy")
        );
        assert_eq!(
            standard_name("cmd/cgo/internal/testtls"),
            Some("cgotlstest")
        );
        assert_eq!(standard_name("github.com/x/y"), None);
        assert!(is_standard_path("internal/abi"));
        assert!(!is_standard_path("gopkg.in/yaml.v3"));
        assert!(!is_standard_path(""));
    }

    #[test]
    fn module_cache_location() {
        fn vars<'a>(set: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
            move |name| {
                set.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| OsString::from(value))
            }
        }
        let everything = [("GOMODCACHE", "/c"), ("GOPATH", "/g"), ("HOME", "/h")];
        assert_eq!(
            module_cache_from(vars(&everything)),
            Some(PathBuf::from("/c"))
        );
        // An empty GOMODCACHE is unset; the first GOPATH entry wins.
        let gopaths = if cfg!(windows) {
            "C:\\g;C:\\h"
        } else {
            "/g:/h"
        };
        let first = std::env::split_paths(gopaths).next().unwrap();
        assert_eq!(
            module_cache_from(vars(&[("GOMODCACHE", ""), ("GOPATH", gopaths)])),
            Some(first.join("pkg").join("mod"))
        );
        assert_eq!(
            module_cache_from(vars(&[("HOME", "/h")])),
            Some(Path::new("/h").join("go").join("pkg").join("mod"))
        );
        assert_eq!(module_cache_from(vars(&[])), None);
    }

    #[test]
    fn module_cache_at_required_versions() {
        let temp = temp();
        let root = temp.path();
        let cache = root.join("cache");
        write(
            &cache,
            &[
                (
                    "github.com/!burnt!sushi/toml@v1.2.0/go.mod",
                    "module github.com/BurntSushi/toml\n\ngo 1.16\n",
                ),
                (
                    "github.com/!burnt!sushi/toml@v1.2.0/decode.go",
                    "package toml\n",
                ),
                (
                    "github.com/!burnt!sushi/toml@v1.2.0/encode.go",
                    "// Package toml.\npackage toml\n",
                ),
                (
                    "github.com/!burnt!sushi/toml@v1.2.0/toml_test.go",
                    "package toml_test\n",
                ),
                // Another version in the cache must not be consulted.
                (
                    "github.com/!burnt!sushi/toml@v1.1.0/decode.go",
                    "package oldtoml\n",
                ),
                ("gopkg.in/yaml.v3@v3.0.1/yaml.go", "package yaml\n"),
                (
                    "cloud.google.com/go/run@v1.3.0/apiv2/run_client.go",
                    "package run\n",
                ),
                (
                    "cloud.google.com/go@v0.110.0/run/apiv2/stale.go",
                    "package stale\n",
                ),
                ("example.com/new@v1.0.0/sub/sub.go", "package newsub\n"),
                ("example.com/old@v0.9.0/sub/sub.go", "package oldsub\n"),
                (
                    "example.com/tests@v1.0.0/only/only_test.go",
                    "package only\n",
                ),
                (
                    "example.com/tests@v1.0.0/ignored/gen.go",
                    "//go:build ignore\n\npackage main\n",
                ),
                (
                    "example.com/tests@v1.0.0/cmd/tool/main.go",
                    "package main\n",
                ),
            ],
        );
        write(
            root,
            &[
                (
                    "app/go.mod",
                    "module example.com/app\n\ngo 1.22\n\n\
                     require github.com/BurntSushi/toml v1.2.0\n\
                     require (\n\tgopkg.in/yaml.v3 v3.0.1 // indirect\n\tcloud.google.com/go v0.110.0\n\tcloud.google.com/go/run v1.3.0\n\
                     \texample.com/old v0.9.0\n\texample.com/tests v1.0.0\n\texample.com/absent v1.0.0\n)\n\n\
                     replace example.com/old => example.com/new v1.0.0\n",
                ),
                (
                    "app/main.go",
                    &importing(
                        "main",
                        &[
                            "C",
                            "fmt",
                            "math/rand/v2",
                            "github.com/BurntSushi/toml",
                            "gopkg.in/yaml.v3",
                            "cloud.google.com/go/run/apiv2",
                            "example.com/old/sub",
                            "example.com/tests/only",
                            "example.com/tests/ignored",
                            "example.com/tests/cmd/tool",
                            "example.com/absent/pkg",
                            "example.com/notrequired",
                            "example.com/app/internal/store",
                        ],
                    ),
                ),
                ("app/internal/store/store.go", "package storage\n"),
            ],
        );
        let app = root.join("app");
        let names = names(&app, "./...", Some(&cache), ".");
        assert_eq!(names.get("C"), None);
        assert_eq!(names.get("fmt"), Some("fmt"));
        assert_eq!(names.get("math/rand/v2"), Some("rand"));
        assert_eq!(names.get("github.com/BurntSushi/toml"), Some("toml"));
        assert_eq!(names.get("gopkg.in/yaml.v3"), Some("yaml"));
        // The longest required module path provides the package.
        assert_eq!(names.get("cloud.google.com/go/run/apiv2"), Some("run"));
        assert_eq!(names.get("example.com/old/sub"), Some("newsub"));
        // Tests alone and ignored files hold nothing to import; a command is still `main`.
        assert_eq!(names.get("example.com/tests/only"), None);
        assert_eq!(names.get("example.com/tests/ignored"), None);
        assert_eq!(names.get("example.com/tests/cmd/tool"), Some("main"));
        assert_eq!(names.get("example.com/absent/pkg"), None);
        assert_eq!(names.get("example.com/notrequired"), None);
        assert_eq!(names.get("example.com/app/internal/store"), Some("storage"));
        // Without a module cache, only what the tree holds resolves.
        let bare = super::tests::names(&app, "./...", None, ".");
        assert_eq!(bare.get("github.com/BurntSushi/toml"), None);
        assert_eq!(bare.get("example.com/app/internal/store"), Some("storage"));
    }

    #[test]
    fn directory_replacements_and_nested_modules() {
        let temp = temp();
        let root = temp.path();
        write(
            root,
            &[
                (
                    "app/go.mod",
                    "module example.com/app\n\ngo 1.21\n\nrequire example.com/lib v1.0.0\n\n\
                     replace example.com/lib v1.0.0 => ../fork\n",
                ),
                (
                    "app/main.go",
                    &importing(
                        "main",
                        &[
                            "example.com/lib",
                            "example.com/lib/x",
                            "example.com/app/nested/n",
                        ],
                    ),
                ),
                // The replacement's own module line does not matter.
                ("fork/go.mod", "module example.com/forked\n"),
                ("fork/lib.go", "package forkedlib\n"),
                ("fork/x/x.go", "package libx\n"),
                ("app/nested/go.mod", "module example.com/app/nested\n"),
                ("app/nested/n/n.go", "package n\n"),
            ],
        );
        let names = names(&root.join("app"), "./...", None, ".");
        assert_eq!(names.get("example.com/lib"), Some("forkedlib"));
        assert_eq!(names.get("example.com/lib/x"), Some("libx"));
        // Below its own go.mod, `nested/n` is not a package of example.com/app.
        assert_eq!(names.get("example.com/app/nested/n"), None);
    }

    #[test]
    fn vendor_directories() {
        let temp = temp();
        let root = temp.path();
        let cache = root.join("cache");
        write(
            &cache,
            &[("github.com/x/y@v1.0.0/y.go", "package fromcache\n")],
        );
        let modules_txt = "# github.com/x/y v1.0.0\n## explicit; go 1.20\ngithub.com/x/y\n";
        for (module, go) in [("v22", "1.22"), ("v23", "1.23"), ("v13", "1.13")] {
            write(
                &root.join(module),
                &[
                    (
                        "go.mod",
                        &format!(
                            "module example.com/{module}\n\ngo {go}\n\nrequire github.com/x/y v1.0.0\n"
                        ),
                    ),
                    (
                        "main.go",
                        &importing("main", &["github.com/x/y", "github.com/x/unlisted"]),
                    ),
                    ("vendor/modules.txt", modules_txt),
                    ("vendor/github.com/x/y/y.go", "package why\n"),
                    ("vendor/github.com/x/unlisted/u.go", "package unlisted\n"),
                ],
            );
        }
        let go122 = names(&root.join("v22"), "./...", Some(&cache), ".");
        assert_eq!(go122.get("github.com/x/y"), Some("why"));
        // Before Go 1.23 a vendored package need not be listed in modules.txt.
        assert_eq!(go122.get("github.com/x/unlisted"), Some("unlisted"));
        let go123 = names(&root.join("v23"), "./...", Some(&cache), ".");
        assert_eq!(go123.get("github.com/x/y"), Some("why"));
        assert_eq!(go123.get("github.com/x/unlisted"), None);
        // Go 1.13 modules do not vendor by default: the module cache answers.
        let go113 = names(&root.join("v13"), "./...", Some(&cache), ".");
        assert_eq!(go113.get("github.com/x/y"), Some("fromcache"));
        // A garbled modules.txt lists nothing; a missing one turns vendoring off.
        std::fs::write(root.join("v23/vendor/modules.txt"), b"\xff\xfe# \x00\n").unwrap();
        let garbled = names(&root.join("v23"), "./...", Some(&cache), ".");
        assert_eq!(garbled.get("github.com/x/y"), None);
        std::fs::remove_file(root.join("v22/vendor/modules.txt")).unwrap();
        let unvendored = names(&root.join("v22"), "./...", Some(&cache), ".");
        assert_eq!(unvendored.get("github.com/x/y"), Some("fromcache"));
    }

    #[test]
    fn workspace_modules() {
        let temp = temp();
        let root = temp.path();
        write(
            root,
            &[
                ("go.work", "go 1.22\n\nuse (\n\t./a\n\t./b\n)\n"),
                ("a/go.mod", "module example.com/a\n\ngo 1.22\n"),
                (
                    "a/a.go",
                    &importing("a", &["example.com/b/util", "example.com/b"]),
                ),
                ("b/go.mod", "module example.com/b\n\ngo 1.22\n"),
                ("b/b.go", "package bee\n"),
                ("b/util/util.go", "package utilities\n"),
            ],
        );
        // Only module a is checked; b comes in through the go.work above it.
        let names = names(&root.join("a"), "./...", None, ".");
        assert_eq!(names.get("example.com/b/util"), Some("utilities"));
        assert_eq!(names.get("example.com/b"), Some("bee"));
    }

    #[test]
    fn gopath_trees() {
        let temp = temp();
        let root = temp.path();
        write(
            root,
            &[
                (
                    "gopath/src/github.com/u/app/main.go",
                    &importing(
                        "main",
                        &[
                            "github.com/u/lib",
                            "github.com/u/vend",
                            "os",
                            "github.com/u/gone",
                        ],
                    ),
                ),
                ("gopath/src/github.com/u/lib/lib.go", "package library\n"),
                ("gopath/src/github.com/u/vend/v.go", "package outer\n"),
                (
                    "gopath/src/github.com/u/app/vendor/github.com/u/vend/v.go",
                    "package vendored\n",
                ),
            ],
        );
        let src = root.join("gopath/src");
        let names = names(&src, "./...", None, "github.com/u/app");
        assert_eq!(names.dir.import_path_source, ImportPathSource::Gopath);
        assert_eq!(names.get("github.com/u/lib"), Some("library"));
        assert_eq!(names.get("github.com/u/vend"), Some("vendored"));
        assert_eq!(names.get("os"), Some("os"));
        assert_eq!(names.get("github.com/u/gone"), None);
    }

    #[test]
    fn broken_module_files_resolve_nothing_through_them() {
        let temp = temp();
        let root = temp.path();
        let cache = root.join("cache");
        write(
            &cache,
            &[("example.com/dep@v1.0.0/dep.go", "package dep\n")],
        );
        write(
            root,
            &[
                // The module line still reads, so the module is checked; the broken
                // require block makes its requirements unusable.
                (
                    "app/go.mod",
                    "module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/dep v1.0.0\n",
                ),
                (
                    "app/main.go",
                    &importing(
                        "main",
                        &[
                            "example.com/dep",
                            "example.com/app/sub",
                            "./rel",
                            "bad//path",
                        ],
                    ),
                ),
                ("app/sub/sub.go", "package sub\n"),
            ],
        );
        let names = names(&root.join("app"), "./...", Some(&cache), ".");
        assert_eq!(names.get("example.com/dep"), None);
        assert_eq!(names.get("example.com/app/sub"), Some("sub"));
        assert_eq!(names.get("./rel"), None);
        assert_eq!(names.get("bad//path"), None);
    }

    #[test]
    fn prefixes_and_joins() {
        let all: Vec<&str> = path_prefixes("a.com/b/c").collect();
        assert_eq!(all, ["a.com/b/c", "a.com/b", "a.com"]);
        assert_eq!(
            join_slashed(Path::new("/r"), "x/y"),
            Path::new("/r").join("x").join("y")
        );
        assert!(is_valid_import_path("example.com/x/v2"));
        for bad in ["", "/abs", "./rel", "a/../b", "a//b", "a\\b", "c:/x"] {
            assert!(!is_valid_import_path(bad), "{bad}");
        }
    }
}
