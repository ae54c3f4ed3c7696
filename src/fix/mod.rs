//! Fixes, in two steps. [`offer`] plans each finding's fix alone, once, before any output
//! shows it: a rename is checked against every name it could clash with, the uses of a
//! renamed import are found with a full tree-sitter parse, and the fix's edits become every
//! byte it writes; a fix that cannot be made so is taken off its finding, with the reason.
//! [`plan`] then applies offered fixes together (the changes they mean, realigned once per
//! file, so that a fix alone writes exactly what it offered), writes them atomically
//! ([`write`]), or shows them as unified diffs ([`unified_diff`]).
//!
//! A fix applies whole or not at all. Fixes are taken in the order of their first edit;
//! one that overlaps an edit already taken is left for a later round.
//!
//! A gofmt-clean file stays gofmt-clean: after the edits, the tokens gofmt aligns in
//! columns (trailing comments, struct tags, `=` of grouped specs, keyed values, the bodies
//! of one-line functions) are realigned where an edit moved them, and a one-line function
//! body that grew past gofmt's limit is spread over lines. A rename whose layout gofmt
//! would redo in ways not modelled here (a one-line struct grown past its limit, a cell
//! that sizes a column with nothing aligned after it) is not offered instead. Every other
//! byte is kept, line endings included.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, LineIndex, Rename, Span};
use crate::header::bom_len;
use crate::scope::{parse, walk};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use tree_sitter::Tree;

mod diff;
mod layout;
mod rename;
mod write;

pub use diff::{edits_between, unified_diff};
pub use write::write;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FixSelection {
    /// Also apply unsafe fixes.
    pub unsafe_fixes: bool,
}

/// One file's new contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFix {
    /// The file, as displayed (relative to the working directory, or absolute).
    pub path: PathBuf,
    /// The bytes read from disk (or the overlay standing in for them).
    pub original: Vec<u8>,
    /// The bytes with every accepted fix applied.
    pub fixed: Vec<u8>,
    /// How many diagnostics of this file (or whose fix starts in it) had their fix applied.
    pub applied: usize,
}

/// A file that could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixError {
    /// The file, as displayed.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for FixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for FixError {}

/// A finding whose rule had a fix that [`offer`] declined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declined {
    /// The finding's rule.
    pub rule: &'static str,
    /// The finding's file, as displayed.
    pub path: PathBuf,
    /// Where the finding is.
    pub span: Span,
    /// Why it is not offered.
    pub reason: String,
    /// Whether the reason is a panic caught while planning it (a run error too).
    pub internal_error: bool,
}

/// Plans every finding's fix alone, once, so that what any output shows is what `--fix`
/// writes: a fix whose rename `clash` says would not compile (the run's check is
/// [`crate::scope::RenameCheck::clash`]) or that cannot be applied cleanly is taken off its
/// finding and returned as declined; every other fix's edits become exactly the bytes it
/// changes, in the files as they are now (`overlays` before the disk). Bodies are parsed
/// here, only for the files fixes touch.
pub fn offer(
    diagnostics: &mut [Diagnostic],
    clash: &mut dyn FnMut(&Rename) -> Option<String>,
    cwd: &Path,
    overlays: &BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<Declined> {
    let mut files = Files::new(overlays);
    // Several findings may carry one fix (a package rename reported in every file).
    let mut planned: HashMap<Fix, Outcome> = HashMap::new();
    let mut declined = Vec::new();
    for diagnostic in diagnostics.iter_mut() {
        let Some(fix) = diagnostic.fix.take() else {
            continue;
        };
        let outcome = match planned.get(&fix) {
            Some(outcome) => outcome.clone(),
            None => {
                // A panic costs this fix, not the run.
                let plan = || plan_alone(&fix, clash, &mut files, cwd).map_err(|why| (why, false));
                let outcome = crate::catch_panic(plan).unwrap_or_else(|panic| {
                    let cost = "it is not offered";
                    let message = crate::internal_error_message("planning its fixes", &panic, cost);
                    Err((message, true))
                });
                planned.insert(fix, outcome.clone());
                outcome
            }
        };
        match outcome {
            Ok(offered) => diagnostic.fix = Some(offered),
            Err((reason, internal_error)) => declined.push(Declined {
                rule: diagnostic.rule,
                path: diagnostic.path.clone(),
                span: diagnostic.span,
                reason,
                internal_error,
            }),
        }
    }
    declined
}

/// A fix as offered, or why not and whether that is an internal error.
type Outcome = Result<Fix, (String, bool)>;

/// One fix, checked and planned on its own: its edits in full, or why it cannot be made.
fn plan_alone(
    fix: &Fix,
    clash: &mut dyn FnMut(&Rename) -> Option<String>,
    files: &mut Files,
    cwd: &Path,
) -> Result<Fix, String> {
    if let Some(why) = fix.rename.as_ref().and_then(clash) {
        return Err(why);
    }
    let mut by_file: BTreeMap<usize, Vec<Change>> = BTreeMap::new();
    for (index, change) in files.resolve(fix, cwd)? {
        by_file.entry(index).or_default().push(change);
    }
    let (mut edits, mut meant) = (Vec::new(), Vec::new());
    for (index, mut changes) in by_file {
        changes.sort_by_key(|c| (c.start, c.end));
        if changes.windows(2).any(|pair| pair[0].conflicts(&pair[1])) {
            return Err("its edits overlap".to_string());
        }
        let file = &mut files.list[index];
        file.parse();
        if matches!(file.tree, Some(None)) {
            // Without the tree, the columns an edit moves cannot be realigned.
            return Err(format!(
                "{} is too large to parse whole (over {} MB)",
                file.display.display(),
                crate::scope::MAX_PARSED_BYTES >> 20
            ));
        }
        crate::test_panic_hook("fix", &file.display);
        let fixed = file.apply(&changes);
        let lines = LineIndex::new(&file.bytes);
        let edit = |(start, end, content): (usize, usize, String)| Edit {
            path: file.display.clone(),
            span: lines.span(start, end),
            content,
        };
        edits.extend(edits_between(&file.bytes, &fixed).into_iter().map(edit));
        meant.extend(
            changes
                .into_iter()
                .map(|c| edit((c.start, c.end, c.content))),
        );
    }
    if edits.is_empty() {
        return Err("it changes nothing".to_string());
    }
    // Renaming the uses of an import changes code beyond the edits a rule chose.
    let applicability = match fix.rename {
        Some(Rename::Import { .. }) => Applicability::Unsafe,
        _ => fix.applicability,
    };
    Ok(Fix {
        applicability,
        description: fix.description.clone(),
        edits,
        rename: fix.rename.clone(),
        changes: meant,
    })
}

/// Computes the new contents of every file some selected fix touches, from fixes as
/// [`offer`] left them. `cwd` resolves display paths.
pub fn plan(
    diagnostics: &[Diagnostic],
    selection: &FixSelection,
    cwd: &Path,
) -> Result<Vec<FileFix>, FixError> {
    plan_with_overlays(diagnostics, selection, cwd, &BTreeMap::new())
}

/// Like [`plan`], but files in `overlays` (absolute path to contents: an editor's unsaved
/// buffers) are fixed from those contents instead of the disk.
pub fn plan_with_overlays(
    diagnostics: &[Diagnostic],
    selection: &FixSelection,
    cwd: &Path,
    overlays: &BTreeMap<PathBuf, Vec<u8>>,
) -> Result<Vec<FileFix>, FixError> {
    let mut files = Files::new(overlays);
    let mut candidates = Vec::new();
    for diagnostic in diagnostics {
        let Some(fix) = &diagnostic.fix else {
            continue;
        };
        if !selected(fix, selection) {
            continue;
        }
        if let Some(candidate) = files.candidate(diagnostic, fix, cwd)? {
            candidates.push(candidate);
        }
    }
    // First come first served, by where each fix starts; the sort is stable, so fixes that
    // start at the same place keep the diagnostics' order.
    candidates.sort_by(|a, b| a.key.cmp(&b.key));

    let mut accepted: HashSet<&Fix> = HashSet::new();
    let mut taken = Accepted::default();
    for candidate in &candidates {
        let home = candidate.home;
        // Several diagnostics may carry the same fix: it goes in once and counts for each.
        if accepted.contains(&candidate.fix) {
            *taken.applied.entry(home).or_default() += 1;
            continue;
        }
        if !taken.fits(candidate) {
            continue;
        }
        taken.take(candidate);
        *taken.applied.entry(home).or_default() += 1;
        accepted.insert(candidate.fix);
    }

    let mut out: Vec<FileFix> = files
        .list
        .into_iter()
        .enumerate()
        .filter_map(|(index, mut file)| {
            let changes = taken.changes.remove(&index)?;
            crate::test_panic_hook("apply", &file.display);
            // Realigned once for all the file's fixes: the columns they move together.
            let fixed = file.apply(&changes);
            Some(FileFix {
                path: file.display,
                original: file.bytes,
                fixed,
                applied: taken.applied.get(&index).copied().unwrap_or(0),
            })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Whether `fix` is one to apply.
pub fn selected(fix: &Fix, selection: &FixSelection) -> bool {
    fix.applicability == Applicability::Safe || selection.unsafe_fixes
}

/// `bytes` with `changes` (sorted, never overlapping) made.
fn splice(bytes: &[u8], changes: &[Change]) -> Vec<u8> {
    let mut fixed = Vec::with_capacity(bytes.len());
    let mut last = 0;
    for change in changes {
        fixed.extend_from_slice(&bytes[last..change.start]);
        fixed.extend_from_slice(change.content.as_bytes());
        last = change.end;
    }
    fixed.extend_from_slice(&bytes[last..]);
    fixed
}

/// One replacement in one file, in byte offsets of the original.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    start: usize,
    end: usize,
    content: String,
}

impl Change {
    /// Whether two changes cannot both go in: they share bytes, or start at the same place
    /// (two insertions there have no order).
    fn conflicts(&self, other: &Change) -> bool {
        self.start == other.start || (self.start < other.end && other.start < self.end)
    }
}

/// An offered fix, resolved against the files it touches.
struct Candidate<'d> {
    fix: &'d Fix,
    /// Every change, by file index.
    changes: Vec<(usize, Change)>,
    /// Where the fix starts: the file's resolved path and the first change's offsets.
    key: (PathBuf, usize, usize),
    /// The file whose `applied` count the diagnostic adds to.
    home: usize,
}

/// What the fixes taken so far change.
#[derive(Default)]
struct Accepted {
    /// Changes by file index, sorted by start, never conflicting.
    changes: HashMap<usize, Vec<Change>>,
    /// The import names renames brought in or took away, by file as displayed.
    renamed: HashMap<PathBuf, HashSet<String>>,
    /// Fixes applied, by the file they count for.
    applied: HashMap<usize, usize>,
}

impl Accepted {
    /// Whether every change of `candidate` fits with the changes taken, and its rename with
    /// theirs: two renames to one name, or of a name another rename brought in, would
    /// merge two packages under one name (each was checked alone).
    fn fits(&self, candidate: &Candidate) -> bool {
        if let Some(Rename::Import { path, from, to }) = &candidate.fix.rename
            && self
                .renamed
                .get(path)
                .is_some_and(|names| names.contains(from) || names.contains(to))
        {
            return false;
        }
        candidate.changes.iter().all(|(index, change)| {
            let Some(taken) = self.changes.get(index) else {
                return true;
            };
            let at = taken.partition_point(|c| c.start < change.start);
            // Taken changes never overlap, so only the one before `at` can reach past
            // `change.start`, and only the one at `at` can start inside it.
            let before = at > 0 && taken[at - 1].conflicts(change);
            let after = taken.get(at).is_some_and(|next| next.conflicts(change));
            !before && !after
        })
    }

    fn take(&mut self, candidate: &Candidate) {
        for (index, change) in &candidate.changes {
            let taken = self.changes.entry(*index).or_default();
            let at = taken.partition_point(|c| c.start < change.start);
            taken.insert(at, change.clone());
        }
        if let Some(Rename::Import { path, from, to }) = &candidate.fix.rename {
            let names = self.renamed.entry(path.clone()).or_default();
            names.insert(from.clone());
            names.insert(to.clone());
        }
    }
}

/// Every file a fix touches, each read once.
struct Files<'o> {
    list: Vec<FileState>,
    by_path: HashMap<PathBuf, usize>,
    /// Contents that stand in for the disk's.
    overlays: &'o BTreeMap<PathBuf, Vec<u8>>,
}

struct FileState {
    display: PathBuf,
    abs: PathBuf,
    bytes: Vec<u8>,
    /// The full parse of `bytes`, made on first need; `None` inside when it failed.
    tree: Option<Option<Tree>>,
    /// The import specs (offsets and path literal), found on first need.
    imports: Option<Vec<(usize, usize, Vec<u8>)>>,
}

impl<'o> Files<'o> {
    /// No file read yet; `overlays` stand in for the disk's contents.
    fn new(overlays: &'o BTreeMap<PathBuf, Vec<u8>>) -> Files<'o> {
        Files {
            list: Vec::new(),
            by_path: HashMap::new(),
            overlays,
        }
    }

    /// The file at display path `shown`, read on first use.
    fn load(&mut self, shown: &Path, cwd: &Path) -> Result<usize, FixError> {
        let abs = resolve(cwd, shown);
        if let Some(&index) = self.by_path.get(&abs) {
            return Ok(index);
        }
        let overlay = self.overlays.get(&abs).cloned();
        let bytes = match overlay {
            Some(bytes) => bytes,
            None => std::fs::read(&abs).map_err(|err| FixError {
                path: shown.to_path_buf(),
                message: format!("cannot read the file to fix it: {err}"),
            })?,
        };
        let index = self.list.len();
        self.list.push(FileState {
            display: shown.to_path_buf(),
            abs: abs.clone(),
            bytes,
            tree: None,
            imports: None,
        });
        self.by_path.insert(abs, index);
        Ok(index)
    }

    /// An edit of loaded file `index` as a change, or why it does not fit the file.
    fn change(&self, index: usize, edit: &Edit) -> Result<Change, String> {
        let file = &self.list[index];
        let (start, end) = (edit.span.start, edit.span.end);
        if start > end
            || end > file.bytes.len()
            || !is_char_boundary(&file.bytes, start)
            || !is_char_boundary(&file.bytes, end)
        {
            return Err(format!(
                "its edit of {} does not fit the file, which changed since it was read",
                edit.path.display()
            ));
        }
        Ok(Change {
            start,
            end,
            content: edit.content.clone(),
        })
    }

    /// Every change a rule's fix makes: its edits (line endings made the file's) and, for
    /// a renamed import, its uses and doc links; or why it cannot be made cleanly.
    fn resolve(&mut self, fix: &Fix, cwd: &Path) -> Result<Vec<(usize, Change)>, String> {
        let mut changes = Vec::with_capacity(fix.edits.len());
        for edit in &fix.edits {
            let index = self.load(&edit.path, cwd).map_err(|err| err.message)?;
            let mut change = self.change(index, edit)?;
            let file = &mut self.list[index];
            if file.in_duplicate_import(change.start, change.end) {
                return Err(
                    "it edits an import whose path is imported twice, which gofmt would reorder"
                        .to_string(),
                );
            }
            if uses_crlf(&file.bytes) {
                change.content = crlf(&change.content);
            }
            changes.push((index, change));
        }
        if let Some(Rename::Import { path, from, to }) = &fix.rename {
            let index = self.load(path, cwd).map_err(|err| err.message)?;
            // The import spec the fix's own edits rewrite is not a use.
            let protected: Vec<(usize, usize)> = changes
                .iter()
                .filter(|(i, _)| *i == index)
                .map(|(_, c)| (c.start, c.end))
                .collect();
            let uses = self.list[index].rename_uses(from, to, &protected)?;
            changes.extend(uses.into_iter().map(|c| (index, c)));
        }
        Ok(changes)
    }

    /// An offered fix's changes, or `None` when they no longer fit the files.
    fn candidate<'d>(
        &mut self,
        diagnostic: &Diagnostic,
        fix: &'d Fix,
        cwd: &Path,
    ) -> Result<Option<Candidate<'d>>, FixError> {
        let mut changes = Vec::with_capacity(fix.changes.len());
        for edit in &fix.changes {
            // A read error stops the plan; an edit that no longer fits leaves its fix out.
            let index = self.load(&edit.path, cwd)?;
            match self.change(index, edit) {
                Ok(change) => changes.push((index, change)),
                Err(_) => return Ok(None),
            }
        }
        let Some(key) = changes
            .iter()
            .map(|(i, c)| (self.list[*i].abs.clone(), c.start, c.end))
            .min()
        else {
            return Ok(None);
        };
        let diagnostic_file = resolve(cwd, &diagnostic.path);
        let home = changes
            .iter()
            .map(|(i, _)| *i)
            .find(|&i| self.list[i].abs == diagnostic_file)
            .or_else(|| self.by_path.get(&key.0).copied())
            .unwrap_or(changes[0].0);
        Ok(Some(Candidate {
            fix,
            changes,
            key,
            home,
        }))
    }
}

impl FileState {
    /// Whether `start..end` lies in an import spec whose path another spec imports too:
    /// gofmt orders such specs by name, and drops one of two that end up alike.
    fn in_duplicate_import(&mut self, start: usize, end: usize) -> bool {
        if self.imports.is_none() {
            self.parse();
            let offset = bom_len(&self.bytes);
            let mut imports = Vec::new();
            if let Some(tree) = self.tree.as_ref().and_then(Option::as_ref) {
                let root = tree.root_node();
                let mut cursor = root.walk();
                for declaration in root.named_children(&mut cursor) {
                    if declaration.kind() != "import_declaration" {
                        continue;
                    }
                    walk(declaration, |node| {
                        if node.kind() != "import_spec" {
                            return;
                        }
                        if let Some(path) = node.child_by_field_name("path") {
                            let text =
                                &self.bytes[offset + path.start_byte()..offset + path.end_byte()];
                            imports.push((
                                offset + node.start_byte(),
                                offset + node.end_byte(),
                                text.to_vec(),
                            ));
                        }
                    });
                }
            }
            self.imports = Some(imports);
        }
        let imports = self.imports.as_deref().unwrap_or_default();
        imports
            .iter()
            .filter(|(s, e, _)| *s <= start && end <= *e)
            .any(|(s, _, path)| imports.iter().any(|(t, _, other)| t != s && other == path))
    }

    /// Parses the whole file, once; the tree is then in `self.tree`.
    fn parse(&mut self) {
        if self.tree.is_none() {
            let body = &self.bytes[bom_len(&self.bytes)..];
            self.tree = Some(parse(body));
        }
    }

    /// 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        memchr::memchr_iter(b'\n', &self.bytes[..offset]).count() + 1
    }
}

/// The path a display path names, lexically normalised so that `a.go` and `./a.go` meet.
fn resolve(cwd: &Path, shown: &Path) -> PathBuf {
    cwd.join(shown).components().collect()
}

fn is_char_boundary(bytes: &[u8], offset: usize) -> bool {
    bytes.get(offset).is_none_or(|&b| b & 0xC0 != 0x80)
}

/// Whether the file's lines end in CRLF (judged by its first line end).
fn uses_crlf(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .position(|&b| b == b'\n')
        .is_some_and(|i| i > 0 && bytes[i - 1] == b'\r')
}

/// `text` with every bare LF made CRLF, so that inserted lines match the file's.
fn crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = '\0';
    for c in text.chars() {
        if c == '\n' && previous != '\r' {
            out.push('\r');
        }
        out.push(c);
        previous = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fix_conflicts_share_bytes_or_start() {
        let c = |start, end| Change {
            start,
            end,
            content: String::new(),
        };
        assert!(c(0, 5).conflicts(&c(4, 6)));
        assert!(!c(0, 5).conflicts(&c(5, 6)));
        assert!(c(3, 3).conflicts(&c(3, 3)));
        assert!(c(3, 3).conflicts(&c(3, 5)));
        assert!(!c(5, 5).conflicts(&c(3, 5)));
        assert!(c(4, 4).conflicts(&c(3, 5)));
    }

    #[test]
    fn fix_crlf_content() {
        assert_eq!(crlf("a\nb\r\nc"), "a\r\nb\r\nc");
        assert!(uses_crlf(b"package p\r\n"));
        assert!(!uses_crlf(b"package p\n"));
    }
}
