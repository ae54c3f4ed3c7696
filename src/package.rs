//! Groups a directory's files into its package as go/build does, and finds the files that
//! break it: on which platform, with which tags, with which go-command sentence.
//!
//! go/build builds a directory for one configuration (GOOS, GOARCH, cgo, tags). golayout
//! asks the question for every real configuration at once: files that some real platform
//! builds together with different package names are an error; files that meet only once
//! custom tags are set are a warning naming the tags; files never built together whose
//! names still differ split the directory by platform, also a warning.

use crate::constraint::{
    self, BuildEnv, Expr, FileNameConstraint, PLATFORMS, Platform, TagKind, TagProgram,
};
use crate::discover::SourceDir;
use crate::gomod::Module;
use crate::header::{FileRead, GoFile, InvalidFile};
use crate::importpath::{NameMode, expected_names};
use foldhash::{HashMap, HashMapExt};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

/// The newest Go release golayout knows; it stands in for the toolchain outside modules.
pub const LATEST_GO_MINOR: u32 = 27;
/// The `go` version the go command assumes for a go.mod without a `go` line.
const DEFAULT_MODULE_GO_MINOR: u32 = 16;
/// Free tags beyond this many per directory are taken as unset, to bound the search.
const MAX_FREE_TAGS: usize = 8;
/// Custom tags beyond this many per directory are tried only alone and in pairs.
const MAX_CUSTOM_SUBSET_TAGS: usize = 10;
/// How many configurations the search for custom tag sets may try in one directory.
const MAX_CUSTOM_CONFIGS: usize = 10_000;

/// A readable `.go` file of a directory with what its name says.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The header facts.
    pub go: GoFile,
    /// The base name, e.g. `x_linux_test.go`.
    pub file_name: String,
    /// Whether the name ends in `_test.go`.
    pub is_test: bool,
    /// The GOOS/GOARCH the name restricts it to.
    pub name_constraint: FileNameConstraint,
}

impl SourceFile {
    /// The package clause's name.
    pub fn package(&self) -> &str {
        &self.go.package.value
    }
}

/// Which go/build check a conflicting file fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    /// A non-test file declares another package.
    OtherPackage,
    /// A `_test.go` file declares neither the package nor its `_test` twin.
    TestPackage,
    /// A non-test file declares a `_test` package beside test files.
    TestSuffixOutsideTests,
}

/// When a conflicting file breaks the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// On a real platform with no custom tags: `go build` fails (an error).
    Platform(Platform),
    /// Only once these custom tags are set (a warning).
    Tags(Vec<String>, Platform),
    /// The file is never built with the directory's package, but on these platforms it
    /// makes the directory another package (a warning).
    SplitPlatforms(Vec<Platform>),
}

/// The go command's own sentence for a directory holding two packages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoSentence {
    /// The first file's package (an external test's name without `_test`) and file name.
    pub first: (String, String),
    /// The first file that disagrees, likewise.
    pub second: (String, String),
}

/// A file that breaks its directory's package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Index into [`Directory::files`].
    pub file: usize,
    /// What it gets wrong.
    pub kind: ConflictKind,
    /// In which configuration.
    pub when: When,
    /// The go command's sentence for that configuration (none for platform splits).
    pub sentence: Option<GoSentence>,
    /// A file of the directory's package built with it, for context.
    pub partner: Option<usize>,
}

/// A directory with its files grouped into its package.
#[derive(Debug, Clone)]
pub struct Directory {
    /// The directory as shown to users.
    pub display: PathBuf,
    /// Absolute path.
    pub abs: PathBuf,
    /// The module it belongs to, if any.
    pub module: Option<Arc<Module>>,
    /// Module path + relative path, or the directory path outside modules.
    pub import_path: String,
    /// Where the import path comes from.
    pub import_path_source: ImportPathSource,
    /// Whether a pattern named the directory itself.
    pub explicit: bool,
    /// Readable files, sorted by name (`package documentation` files left out).
    pub files: Vec<SourceFile>,
    /// Files whose header cannot be read.
    pub invalid: Vec<InvalidFile>,
    /// The directory's package name, if any file can be built.
    pub package: Option<String>,
    /// Files that break the package.
    pub conflicts: Vec<Conflict>,
    /// Whether some real configuration without custom tags builds a non-test file, so
    /// that the directory can be imported.
    pub importable: bool,
}

/// Where a directory's import path comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportPathSource {
    /// The module path of the nearest go.mod, plus the relative path.
    Module,
    /// The path below a GOPATH-style `src` directory.
    Gopath,
    /// No module and no GOPATH: the directory path stands in.
    Directory,
}

/// The import path of a directory in a GOPATH-style tree: the path below the nearest
/// `src` ancestor whose next element looks like a host name (`src/github.com/...`).
pub fn gopath_import_path(dir: &std::path::Path) -> Option<String> {
    let parts: Vec<String> = dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let at = (0..parts.len().saturating_sub(1))
        .rev()
        .find(|&i| parts[i] == "src" && parts[i + 1].contains('.'))?;
    Some(parts[at + 1..].join("/"))
}

/// Build settings that decide file membership.
#[derive(Debug, Clone, Default)]
pub struct BuildSettings {
    /// Tags set as by `go build -tags`.
    pub tags: BTreeSet<String>,
}

/// Groups one directory's read files into its package.
pub fn group(
    dir: &SourceDir,
    module: Option<Arc<Module>>,
    reads: Vec<FileRead>,
    settings: &BuildSettings,
) -> Directory {
    let (import_path, import_path_source) = match &module {
        Some(module) => (module.import_path(&dir.abs), ImportPathSource::Module),
        None => match gopath_import_path(&dir.abs) {
            Some(path) => (path, ImportPathSource::Gopath),
            None => (
                dir.abs.to_string_lossy().replace('\\', "/"),
                ImportPathSource::Directory,
            ),
        },
    };
    let mut files = Vec::new();
    let mut invalid = Vec::new();
    for read in reads {
        match read {
            Ok(go) if go.package.value == "documentation" => {}
            Ok(go) => {
                let file_name = go
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                files.push(SourceFile {
                    is_test: file_name.ends_with("_test.go"),
                    name_constraint: constraint::filename_constraint(&file_name),
                    file_name,
                    go,
                });
            }
            Err(bad) => invalid.push(bad),
        }
    }
    files.sort_by(|a, b| a.file_name.cmp(&b.file_name));
    let go_minor = match &module {
        Some(module) => module.go_minor.unwrap_or(DEFAULT_MODULE_GO_MINOR),
        None => LATEST_GO_MINOR,
    };
    let plain_source = files
        .iter()
        .any(|f| !f.is_test && f.go.constraint.is_none());
    let (package, conflicts, importable) = match agreed_name(&files) {
        Some(name) if plain_source => (Some(name), Vec::new(), true),
        Some(name) if files.iter().any(|f| f.go.constraint.is_none()) => {
            let analysis = Analysis::new(&files, &settings.tags, go_minor);
            (Some(name), Vec::new(), analysis.builds_source_by_default())
        }
        _ => Analysis::new(&files, &settings.tags, go_minor).run(&import_path),
    };
    Directory {
        display: dir.display.clone(),
        abs: dir.abs.clone(),
        module,
        import_path,
        import_path_source,
        explicit: dir.explicit,
        files,
        invalid,
        package,
        conflicts,
        importable,
    }
}

/// The package name when no configuration can make the files disagree: non-test files
/// all say N, test files say N or N_test.
fn agreed_name(files: &[SourceFile]) -> Option<String> {
    let first = files.first()?;
    let name = files
        .iter()
        .find(|f| !f.is_test)
        .map(|f| f.package().to_string())
        .unwrap_or_else(|| strip_test(first.package()).to_string());
    let has_tests = files.iter().any(|f| f.is_test);
    if has_tests && name.ends_with("_test") {
        return None;
    }
    let agrees = |f: &SourceFile| {
        let p = f.package();
        p == name || (f.is_test && p.strip_suffix("_test") == Some(&name))
    };
    files.iter().all(agrees).then_some(name)
}

fn strip_test(name: &str) -> &str {
    name.strip_suffix("_test").unwrap_or(name)
}

/// One build configuration: a platform, cgo, and the values of the free tags.
#[derive(Debug, Clone)]
struct Config {
    platform: Platform,
    cgo: bool,
    set: BTreeSet<String>,
}

/// The go command's verdict on one set of built files.
#[derive(Debug, Clone)]
struct GoVerdict {
    /// The package name go/build settles on (first file), if any file is built.
    name: Option<String>,
    /// The first disagreement: (first file index, its name, second file index, its name).
    failure: Option<(usize, String, usize, String)>,
}

/// The search over configurations for one directory.
struct Analysis<'a> {
    files: &'a [SourceFile],
    /// Tags whose value is fixed for every configuration.
    fixed: HashMap<String, bool>,
    /// Tags a real configuration may or may not set (newer release tags, arch features).
    free: Vec<String>,
    /// Custom tags, unset on a real platform.
    custom: Vec<String>,
    verdicts: HashMap<Vec<usize>, GoVerdict>,
    /// Every tag the files' names and headers ask about, by number.
    table: Vec<String>,
    /// Each file's constraints over the numbers of `table`.
    programs: Vec<TagProgram>,
    /// `package main` files that only custom tags build: never built, like `ignore`.
    run_by_hand: BTreeSet<usize>,
}

impl<'a> Analysis<'a> {
    fn new(files: &'a [SourceFile], user_tags: &BTreeSet<String>, go_minor: u32) -> Self {
        let mut fixed = HashMap::new();
        let mut free = Vec::new();
        let mut custom = Vec::new();
        let tags: BTreeSet<String> = files
            .iter()
            .filter_map(|f| f.go.constraint.as_ref())
            .flat_map(Expr::tags)
            .collect();
        for tag in tags {
            if user_tags.contains(&tag) {
                fixed.insert(tag, true);
                continue;
            }
            match constraint::classify_tag(&tag) {
                TagKind::Platform => {}
                TagKind::Release(minor) if minor <= go_minor => {
                    fixed.insert(tag, true);
                }
                TagKind::Release(_) | TagKind::ArchFeature => free.push(tag),
                TagKind::Ignore => {
                    fixed.insert(tag, false);
                }
                TagKind::Custom => custom.push(tag),
            }
        }
        for tag in user_tags {
            fixed.insert(tag.clone(), true);
        }
        free.truncate(MAX_FREE_TAGS);
        let mut table: Vec<String> = Vec::new();
        let mut numbers: HashMap<String, usize> = HashMap::new();
        let mut number = |tag: &str| match numbers.get(tag) {
            Some(&n) => n,
            None => {
                table.push(tag.to_string());
                numbers.insert(tag.to_string(), table.len() - 1);
                table.len() - 1
            }
        };
        let programs = files
            .iter()
            .map(|f| TagProgram::new(&f.name_constraint, f.go.constraint.as_ref(), &mut number))
            .collect();
        Analysis {
            files,
            fixed,
            free,
            custom,
            verdicts: HashMap::new(),
            table,
            programs,
            run_by_hand: BTreeSet::new(),
        }
    }

    /// Every real configuration with the given custom tags set, linux/amd64 first.
    fn configs(&self, custom_set: &[String]) -> Vec<Config> {
        let mut out = Vec::new();
        for &platform in PLATFORMS {
            for cgo in [true, false] {
                for mask in 0u32..(1 << self.free.len()) {
                    let mut set: BTreeSet<String> = custom_set.iter().cloned().collect();
                    for (i, tag) in self.free.iter().enumerate() {
                        if mask & (1 << i) != 0 {
                            set.insert(tag.clone());
                        }
                    }
                    out.push(Config { platform, cgo, set });
                }
            }
        }
        out
    }

    fn built(&self, config: &Config) -> Vec<usize> {
        let other = |tag: &str| {
            if config.set.contains(tag) {
                // An arch feature tag is only real on its own architecture.
                return constraint::classify_tag(tag) != TagKind::ArchFeature
                    || tag.split('.').next() == Some(config.platform.goarch);
            }
            self.fixed.get(tag).copied().unwrap_or(false)
        };
        let env = BuildEnv {
            goos: config.platform.goos,
            goarch: config.platform.goarch,
            cgo: config.cgo,
            other: &other,
        };
        // The files of a directory ask about the same few tags: each is matched once.
        let values: Vec<bool> = self.table.iter().map(|tag| env.match_tag(tag)).collect();
        let mut stack = Vec::new();
        (0..self.files.len())
            .filter(|&i| {
                !self.run_by_hand.contains(&i) && self.programs[i].eval(&values, &mut stack)
            })
            .collect()
    }

    fn verdict(&mut self, built: &[usize]) -> GoVerdict {
        if let Some(known) = self.verdicts.get(built) {
            return known.clone();
        }
        let verdict = go_verdict(self.files, built);
        self.verdicts.insert(built.to_vec(), verdict.clone());
        verdict
    }

    /// The files each real configuration (no custom tags) builds.
    fn real_builds(&self) -> Vec<(Config, Vec<usize>)> {
        self.configs(&[])
            .into_iter()
            .map(|c| {
                let built = self.built(&c);
                (c, built)
            })
            .collect()
    }

    /// Whether some real configuration builds a non-test file.
    fn builds_source_by_default(&self) -> bool {
        let files = self.files;
        self.real_builds()
            .iter()
            .any(|(_, built)| built.iter().any(|&i| !files[i].is_test))
    }

    /// The directory's package, the files that break it, and whether it is importable.
    fn run(mut self, import_path: &str) -> (Option<String>, Vec<Conflict>, bool) {
        let builds = self.real_builds();
        let built_by_default: BTreeSet<usize> =
            builds.iter().flat_map(|(_, b)| b.clone()).collect();
        let importable = built_by_default.iter().any(|&i| !self.files[i].is_test);
        let mut eligible = built_by_default.clone();
        // A `package main` file only custom tags build is a program run by hand (`go run
        // -tags gen gen.go`, `//go:build none`): like `//go:build ignore`, it is never part
        // of the directory's package.
        let only_custom: BTreeSet<usize> = (0..self.files.len())
            .filter(|i| !self.files[*i].is_test && !built_by_default.contains(i))
            .collect();
        self.run_by_hand = only_custom
            .iter()
            .copied()
            .filter(|&i| self.files[i].package() == "main")
            .collect();
        if eligible.is_empty() {
            eligible = self.custom_builds();
        }
        let Some(package) = suffixed_package(self.files, &eligible)
            .or_else(|| choose_package(self.files, &eligible, import_path))
        else {
            return (None, Vec::new(), importable);
        };
        // Beside a program, a file only custom tags build is its tooling (a tools.go, a
        // `//go:build ruleguard` rules file, a `go mod tidy` dependency list): nobody builds
        // the command with those tags, so it is never built either.
        if package == "main" {
            self.run_by_hand = only_custom;
        }
        let mut blamed: BTreeMap<usize, Conflict> = BTreeMap::new();
        let mut split: BTreeMap<String, BTreeSet<Platform>> = BTreeMap::new();
        // A failure that needs a Go release newer than any so far breaks no toolchain of
        // today: blamed after every real failure, as a warning naming that release tag.
        let mut builds = builds;
        builds.sort_by_key(|(config, _)| !future_releases(config).is_empty());
        for (config, built) in &builds {
            let verdict = self.verdict(built);
            if verdict.failure.is_some() {
                let future = future_releases(config);
                let when = if future.is_empty() {
                    When::Platform(config.platform)
                } else {
                    When::Tags(future, config.platform)
                };
                self.blame(&package, built, &verdict, &when, &mut blamed);
            } else if let Some(name) = non_test_name(self.files, built) {
                split.entry(name).or_default().insert(config.platform);
            }
        }
        self.blame_with_custom_tags(&package, &mut blamed);
        if split.len() > 1 {
            for (i, file) in self.files.iter().enumerate() {
                if file.is_test || file.package() == package || blamed.contains_key(&i) {
                    continue;
                }
                if let Some(platforms) = split.get(file.package()) {
                    blamed.insert(
                        i,
                        Conflict {
                            file: i,
                            kind: ConflictKind::OtherPackage,
                            when: When::SplitPlatforms(platforms.iter().copied().collect()),
                            sentence: None,
                            partner: self.files.iter().position(|f| f.package() == package),
                        },
                    );
                }
            }
        }
        (Some(package), blamed.into_values().collect(), importable)
    }

    /// Files built in some configuration once custom tags are set.
    fn custom_builds(&self) -> BTreeSet<usize> {
        self.configs(&self.custom)
            .iter()
            .flat_map(|c| self.built(c))
            .collect()
    }

    /// Looks for the smallest sets of custom tags that make files disagree.
    fn blame_with_custom_tags(&mut self, package: &str, blamed: &mut BTreeMap<usize, Conflict>) {
        // Only the tags of files that could disagree can bring them into a build.
        let suspects: Vec<usize> = (0..self.files.len())
            .filter(|i| !blamed.contains_key(i) && !self.run_by_hand.contains(i))
            .filter(|&i| kind_against(&self.files[i], package, true).is_some())
            .collect();
        let suspect_tags: BTreeSet<String> = suspects
            .iter()
            .filter_map(|&i| self.files[i].go.constraint.as_ref())
            .flat_map(Expr::tags)
            .filter(|tag| self.custom.contains(tag))
            .collect();
        let tags: Vec<String> = suspect_tags.into_iter().collect();
        let max_size = if tags.len() > MAX_CUSTOM_SUBSET_TAGS {
            2
        } else {
            tags.len()
        };
        // Subsets of ten tags times every platform and free tag: bounded, but each
        // configuration costs, so the search stops once every suspect is blamed or the
        // budget is spent (what is blamed is then still blamed by a smallest set).
        let mut budget = MAX_CUSTOM_CONFIGS;
        for size in 1..=max_size {
            for subset in subsets(&tags, size) {
                if budget == 0 || suspects.iter().all(|i| blamed.contains_key(i)) {
                    return;
                }
                let configs = self.configs(&subset);
                budget = budget.saturating_sub(configs.len());
                for config in configs {
                    let built = self.built(&config);
                    let verdict = self.verdict(&built);
                    if verdict.failure.is_some() {
                        let when = When::Tags(subset.clone(), config.platform);
                        self.blame(package, &built, &verdict, &when, blamed);
                    }
                }
            }
        }
    }

    /// Records the files of a failing configuration that disagree with `package`.
    fn blame(
        &self,
        package: &str,
        built: &[usize],
        verdict: &GoVerdict,
        when: &When,
        blamed: &mut BTreeMap<usize, Conflict>,
    ) {
        let Some((first, first_name, second, second_name)) = &verdict.failure else {
            return;
        };
        let sentence = GoSentence {
            first: (first_name.clone(), self.files[*first].file_name.clone()),
            second: (second_name.clone(), self.files[*second].file_name.clone()),
        };
        let has_tests = built.iter().any(|&i| self.files[i].is_test);
        let partner = built
            .iter()
            .copied()
            .find(|&i| self.files[i].package() == package)
            .or(Some(*first));
        let mut culprits: Vec<(usize, ConflictKind)> = built
            .iter()
            .filter_map(|&i| kind_against(&self.files[i], package, has_tests).map(|k| (i, k)))
            .collect();
        if culprits.is_empty() {
            let file = &self.files[*second];
            let kind = if file.is_test {
                ConflictKind::TestPackage
            } else if file.package().ends_with("_test") && has_tests {
                ConflictKind::TestSuffixOutsideTests
            } else {
                ConflictKind::OtherPackage
            };
            culprits.push((*second, kind));
        }
        for (file, kind) in culprits {
            blamed.entry(file).or_insert_with(|| Conflict {
                file,
                kind,
                when: when.clone(),
                sentence: Some(sentence.clone()),
                partner: partner.filter(|&p| p != file),
            });
        }
    }
}

/// The release tags set in `config` that name a Go release newer than any so far.
fn future_releases(config: &Config) -> Vec<String> {
    config
        .set
        .iter()
        .filter(|tag| {
            matches!(constraint::classify_tag(tag), TagKind::Release(minor) if minor > LATEST_GO_MINOR)
        })
        .cloned()
        .collect()
}

/// How `file` disagrees with the directory's `package`, if it does.
fn kind_against(file: &SourceFile, package: &str, has_tests: bool) -> Option<ConflictKind> {
    let name = file.package();
    if file.is_test {
        let fits = name == package || name.strip_suffix("_test") == Some(package);
        (!fits).then_some(ConflictKind::TestPackage)
    } else if name.ends_with("_test") && has_tests && name != package {
        Some(ConflictKind::TestSuffixOutsideTests)
    } else if name.ends_with("_test") && has_tests {
        // Legal only while a non-test file sorts first; go/build's verdict decides.
        None
    } else {
        (name != package).then_some(ConflictKind::OtherPackage)
    }
}

/// go/build's loop over one configuration's files: the first file names the package; an
/// external test's `_test` is stripped unless the clause is exactly that name.
fn go_verdict(files: &[SourceFile], built: &[usize]) -> GoVerdict {
    let mut package: Option<(usize, String)> = None;
    for &i in built {
        let file = &files[i];
        let clause = file.package();
        let is_xtest = file.is_test
            && clause.ends_with("_test")
            && package.as_ref().is_none_or(|(_, p)| p != clause);
        let name = if is_xtest { strip_test(clause) } else { clause };
        match &package {
            None => package = Some((i, name.to_string())),
            Some((first, first_name)) if first_name != name => {
                return GoVerdict {
                    name: Some(first_name.clone()),
                    failure: Some((*first, first_name.clone(), i, name.to_string())),
                };
            }
            Some(_) => {}
        }
    }
    GoVerdict {
        name: package.map(|(_, n)| n),
        failure: None,
    }
}

/// The package a configuration's non-test files make, if it has any.
fn non_test_name(files: &[SourceFile], built: &[usize]) -> Option<String> {
    built
        .iter()
        .map(|&i| &files[i])
        .find(|f| !f.is_test)
        .map(|f| f.package().to_string())
}

/// The package of a directory whose first file is a non-test file declaring `x_test` and
/// that go/build builds: `x_test` is then its name, the one importers must call it.
fn suffixed_package(files: &[SourceFile], eligible: &BTreeSet<usize>) -> Option<String> {
    let built: Vec<usize> = eligible.iter().copied().collect();
    let first = &files[*built.first()?];
    if first.is_test || !first.package().ends_with("_test") {
        return None;
    }
    let verdict = go_verdict(files, &built);
    verdict.failure.is_none().then_some(verdict.name).flatten()
}

/// The directory's package: the name its import path implies if a buildable file declares
/// it; else the most common among non-test files (ties to the first file); else the name
/// of a test-only directory.
fn choose_package(
    files: &[SourceFile],
    eligible: &BTreeSet<usize>,
    import_path: &str,
) -> Option<String> {
    let expected = expected_names(import_path, NameMode::Goimports);
    let has_tests = eligible.iter().any(|&i| files[i].is_test);
    // Beside test files, a non-test `x_test` clause means to be package x (go/build reads
    // it that way whenever a test file sorts first).
    let non_test: Vec<&str> = eligible
        .iter()
        .map(|&i| &files[i])
        .filter(|f| !f.is_test)
        .map(|f| {
            if has_tests {
                strip_test(f.package())
            } else {
                f.package()
            }
        })
        .collect();
    if let Some(name) = expected
        .iter()
        .find(|name| non_test.iter().any(|p| p == *name))
    {
        return Some(name.to_string());
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for &package in &non_test {
        match counts.iter_mut().find(|(name, _)| *name == package) {
            Some((_, n)) => *n += 1,
            None => counts.push((package, 1)),
        }
    }
    // max_by_key keeps the last maximum; iterate reversed so the first file wins ties.
    if let Some((name, _)) = counts.iter().rev().max_by_key(|(_, n)| *n) {
        return Some(name.to_string());
    }
    let first = eligible.iter().next()?;
    let built: Vec<usize> = eligible.iter().copied().collect();
    go_verdict(files, &built)
        .name
        .or_else(|| Some(strip_test(files[*first].package()).to_string()))
}

/// All subsets of `items` with exactly `size` elements, in lexical order.
fn subsets(items: &[String], size: usize) -> Vec<Vec<String>> {
    fn go(
        items: &[String],
        size: usize,
        start: usize,
        current: &mut Vec<String>,
        out: &mut Vec<Vec<String>>,
    ) {
        if current.len() == size {
            out.push(current.clone());
            return;
        }
        for i in start..items.len() {
            current.push(items[i].clone());
            go(items, size, i + 1, current, out);
            current.pop();
        }
    }
    let mut out = Vec::new();
    go(items, size, 0, &mut Vec::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn gopath_import_paths() {
        let path = |p: &str| gopath_import_path(Path::new(p));
        assert_eq!(
            path("/usr/share/gocode/src/github.com/x/src/y").as_deref(),
            Some("github.com/x/src/y")
        );
        assert_eq!(path("/home/u/src/project/foo"), None);
        assert_eq!(path("/go/src/example.com").as_deref(), Some("example.com"));
    }
}
