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
use crate::importpath::is_identifier;
use crate::scope::{parse, walk};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use tree_sitter::{Node, Tree};

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
    /// What the fix would have done.
    pub description: String,
    /// Why it is not offered.
    pub reason: String,
    /// Whether the reason is a panic caught while planning it (a run error too).
    pub internal_error: bool,
}

/// Plans every finding's fix alone, once, so that what any output shows is what `--fix`
/// writes: a fix whose rename `clash` says would not compile (the run's check is
/// [`crate::scope::RenameCheck::clash`]) or that cannot be applied cleanly is taken off its
/// finding and returned as declined; every
/// other fix's edits become exactly the bytes it changes, in the files as they are now
/// (`overlays` before the disk). Bodies are parsed here, only for the files fixes touch.
pub fn offer(
    diagnostics: &mut [Diagnostic],
    clash: &mut dyn FnMut(&Rename) -> Option<String>,
    cwd: &Path,
    overlays: &BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<Declined> {
    let mut files = Files {
        overlays: Some(overlays),
        ..Files::default()
    };
    // Several findings may carry one fix (a package rename reported in every file).
    let mut planned: Vec<(Fix, Outcome)> = Vec::new();
    let mut declined = Vec::new();
    for diagnostic in diagnostics.iter_mut() {
        let Some(fix) = diagnostic.fix.take() else {
            continue;
        };
        let outcome = match planned.iter().find(|(raw, _)| *raw == fix) {
            Some((_, outcome)) => outcome.clone(),
            None => {
                // A panic costs this fix, not the run.
                let plan = || plan_alone(&fix, clash, &mut files, cwd).map_err(|why| (why, false));
                let outcome = crate::catch_panic(plan).unwrap_or_else(|panic| {
                    let cost = "it is not offered";
                    let message = crate::internal_error_message("planning its fixes", &panic, cost);
                    Err((message, true))
                });
                planned.push((fix.clone(), outcome.clone()));
                outcome
            }
        };
        match outcome {
            Ok(offered) => diagnostic.fix = Some(offered),
            Err((reason, internal_error)) => declined.push(Declined {
                rule: diagnostic.rule,
                path: diagnostic.path.clone(),
                span: diagnostic.span,
                description: fix.description,
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
    let mut files = Files {
        overlays: Some(overlays),
        ..Files::default()
    };
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

    let mut accepted: Vec<&Fix> = Vec::new();
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
        accepted.push(candidate.fix);
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
#[derive(Default)]
struct Files<'o> {
    list: Vec<FileState>,
    by_path: HashMap<PathBuf, usize>,
    /// Contents that stand in for the disk's.
    overlays: Option<&'o BTreeMap<PathBuf, Vec<u8>>>,
}

struct FileState {
    display: PathBuf,
    bytes: Vec<u8>,
    /// The full parse of `bytes`, made on first need; `None` inside when it failed.
    tree: Option<Option<Tree>>,
    /// The import specs (offsets and path literal), found on first need.
    imports: Option<Vec<(usize, usize, Vec<u8>)>>,
}

impl Files<'_> {
    /// The file at display path `shown`, read on first use.
    fn load(&mut self, shown: &Path, cwd: &Path) -> Result<usize, FixError> {
        let abs = resolve(cwd, shown);
        if let Some(&index) = self.by_path.get(&abs) {
            return Ok(index);
        }
        let overlay = self.overlays.and_then(|o| o.get(&abs)).cloned();
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
            bytes,
            tree: None,
            imports: None,
        });
        self.by_path.insert(abs, index);
        Ok(index)
    }

    /// An edit as a change of a loaded file, or why it does not fit the file.
    fn change(&mut self, edit: &Edit, cwd: &Path) -> Result<(usize, Change), String> {
        let index = self.load(&edit.path, cwd).map_err(|err| err.message)?;
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
        let change = Change {
            start,
            end,
            content: edit.content.clone(),
        };
        Ok((index, change))
    }

    /// Every change a rule's fix makes: its edits (line endings made the file's) and, for
    /// a renamed import, its uses and doc links; or why it cannot be made cleanly.
    fn resolve(&mut self, fix: &Fix, cwd: &Path) -> Result<Vec<(usize, Change)>, String> {
        let mut changes = Vec::with_capacity(fix.edits.len());
        for edit in &fix.edits {
            let (index, mut change) = self.change(edit, cwd)?;
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
            self.load(&edit.path, cwd)?;
            match self.change(edit, cwd) {
                Ok(change) => changes.push(change),
                Err(_) => return Ok(None),
            }
        }
        let Some(key) = changes
            .iter()
            .map(|(i, c)| (resolve(cwd, &self.list[*i].display), c.start, c.end))
            .min()
        else {
            return Ok(None);
        };
        let diagnostic_file = resolve(cwd, &diagnostic.path);
        let home = changes
            .iter()
            .map(|(i, _)| *i)
            .find(|&i| resolve(cwd, &self.list[i].display) == diagnostic_file)
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

    /// The changes that rename every use of `from` to `to` (doc links in comments
    /// included), or why that would change what the file means or cannot be known safe.
    fn rename_uses(
        &mut self,
        from: &str,
        to: &str,
        protected: &[(usize, usize)],
    ) -> Result<Vec<Change>, String> {
        if !is_identifier(to) || !is_identifier(from) {
            return Err(format!("{to} or {from} is not a name an import can take"));
        }
        if from == to {
            return Ok(Vec::new());
        }
        let offset = bom_len(&self.bytes);
        self.parse();
        let unparsed =
            || format!("the file cannot be parsed cleanly, so its uses of {from} are unknown");
        let tree = self
            .tree
            .as_ref()
            .and_then(Option::as_ref)
            .ok_or_else(unparsed)?;
        let root = tree.root_node();
        if root.has_error() {
            // A misparsed file could hide uses, or show uses that are not there.
            return Err(unparsed());
        }
        let bytes = &self.bytes;
        let mut changes = Vec::new();
        // Where the rename stops being safe: the byte offset, and why.
        let mut refusal: Option<(usize, &str)> = None;
        // One-line struct and interface types, with the uses of `from` in each.
        let mut one_liners: HashMap<usize, (Node, usize)> = HashMap::new();
        walk(root, |node| {
            if refusal.is_some() {
                return;
            }
            if node.kind() == "comment" {
                let (start, end) = (offset + node.start_byte(), offset + node.end_byte());
                changes.extend(doc_links(&bytes[start..end], from).map(|at| Change {
                    start: start + at,
                    end: start + at + from.len(),
                    content: to.to_string(),
                }));
                return;
            }
            if !matches!(
                node.kind(),
                "identifier"
                    | "type_identifier"
                    | "package_identifier"
                    | "true"
                    | "false"
                    | "nil"
                    | "iota"
            ) {
                return;
            }
            let (start, end) = (offset + node.start_byte(), offset + node.end_byte());
            let text = &bytes[start..end];
            let parent = node.parent();
            let parent_kind = parent.map_or("", |p| p.kind());
            if parent_kind == "package_clause" {
                // The package's own name is in no scope.
                return;
            }
            let in_edit = protected.iter().any(|&(s, e)| s <= start && end <= e);
            if text == to.as_bytes() {
                // Declared, imported, predeclared and used, or used from another file of
                // the package: renaming to it would rebind some name.
                if !in_edit {
                    refusal = Some((start, "the name it would take is already used"));
                }
                return;
            }
            if text != from.as_bytes() || in_edit || parent_kind == "import_spec" {
                return;
            }
            let is_field = |field: &str| {
                parent
                    .and_then(|p| p.child_by_field_name(field))
                    .is_some_and(|child| child.id() == node.id())
            };
            let is_use = (parent_kind == "selector_expression"
                && node.kind() == "identifier"
                && is_field("operand"))
                || (parent_kind == "qualified_type" && is_field("package"));
            if is_use {
                if from.len() != to.len() && !layout_follows(node, &mut one_liners) {
                    refusal = Some((
                        start,
                        "gofmt would lay out the renamed use in a way golayout does not model",
                    ));
                }
                changes.push(Change {
                    start,
                    end,
                    content: to.to_string(),
                });
            } else {
                // `from` declared or used as something else somewhere: some of its uses
                // may not be the package's, and telling which needs scopes.
                refusal = Some((start, "the name it renames also names something else"));
            }
        });
        if let Some((at, why)) = refusal {
            return Err(format!("{why} (line {})", self.line_of(at)));
        }
        let growth = to.len() as isize - from.len() as isize;
        let too_wide = one_liners.values().find(|&&(node, uses)| {
            one_line_field_size(node).is_some_and(|size| {
                // gofmt spreads such a type over several lines once it grows past this.
                const MAX: isize = 30;
                size <= MAX && size + growth * uses as isize > MAX
            })
        });
        if let Some((node, _)) = too_wide {
            let line = self.line_of(offset + node.start_byte());
            return Err(format!(
                "gofmt would spread the one-line type at line {line} over several lines"
            ));
        }
        Ok(changes)
    }

    /// `changes` (sorted, never overlapping) made, the one-line function bodies they made
    /// too long expanded, and the columns they moved realigned.
    fn apply(&mut self, changes: &[Change]) -> Vec<u8> {
        let mut changes = changes.to_vec();
        let offset = bom_len(&self.bytes);
        self.parse();
        let root = self
            .tree
            .as_ref()
            .and_then(Option::as_ref)
            .map(Tree::root_node);
        let mut points = Vec::new();
        let mut expanded_lines = HashSet::new();
        if let Some(root) = root {
            let newline = if uses_crlf(&self.bytes) { "\r\n" } else { "\n" };
            for expansion in expansions(&self.bytes, offset, root, &changes, newline) {
                if let Some(first) = expansion.first() {
                    let line = self.bytes[..first.start]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count();
                    expanded_lines.insert(line);
                }
                for change in expansion {
                    let at = changes.partition_point(|c| c.start < change.start);
                    changes.insert(at, change);
                }
            }
            points = alignment_points(&self.bytes, offset, root);
        }
        let fixed = splice(&self.bytes, &changes);
        realign(&self.bytes, &changes, &points, &expanded_lines, fixed)
    }
}

/// The offsets in `comment` of `pkg` in each doc link to it: `[pkg]`, `[pkg.Name]`,
/// `[pkg.Name.Method]` and `[*pkg.Name]`, as go/doc reads them.
fn doc_links<'c>(comment: &'c [u8], pkg: &'c str) -> impl Iterator<Item = usize> + 'c {
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    memchr::memmem::find_iter(comment, pkg.as_bytes()).filter(move |&at| {
        let before = &comment[..at];
        let opened = before.ends_with(b"[") || before.ends_with(b"[*");
        let rest = &comment[at + pkg.len()..];
        let link_end = rest.iter().position(|&b| b == b']');
        opened
            && link_end.is_some_and(|end| {
                let tail = &rest[..end];
                tail.is_empty()
                    || (tail[0] == b'.'
                        && tail[1..]
                            .split(|&b| b == b'.')
                            .all(|word| !word.is_empty() && word.iter().all(|&b| is_ident(b))))
            })
    })
}

/// The replacements (byte range of `original`, new text) that turn `original` into
/// `fixed`: changed lines paired one to one when the line count holds (a rename), else one
/// replacement of the changed block; each narrowed to the words that differ, so that an
/// edit reads as the change it is and an editor keeps its cursor and marks.
pub fn edits_between(original: &[u8], fixed: &[u8]) -> Vec<(usize, usize, String)> {
    let a: Vec<&[u8]> = original.split_inclusive(|&b| b == b'\n').collect();
    let b: Vec<&[u8]> = fixed.split_inclusive(|&b| b == b'\n').collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    let mut offset: usize = a[..prefix].iter().map(|l| l.len()).sum();
    let (old, new) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut edits = Vec::new();
    if old.len() == new.len() {
        for (x, y) in old.iter().zip(new) {
            if x != y {
                edits.push(narrow(offset, x, y));
            }
            offset += x.len();
        }
    } else if !old.is_empty() || !new.is_empty() {
        edits.push(narrow(offset, &old.concat(), &new.concat()));
    }
    edits
}

/// The smallest replacement of `old` (at `offset`) by `new` that starts and ends on word
/// boundaries (an identifier is replaced whole, never a character of it).
fn narrow(offset: usize, old: &[u8], new: &[u8]) -> (usize, usize, String) {
    // Bytes of identifiers, UTF-8 continuations and all.
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let mut head = old.iter().zip(new).take_while(|(x, y)| x == y).count();
    while head > 0 && word(old[head - 1]) {
        head -= 1;
    }
    let room = old.len().min(new.len()) - head;
    let mut tail = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    while tail > 0 && word(old[old.len() - tail]) {
        tail -= 1;
    }
    let text = String::from_utf8_lossy(&new[head..new.len() - tail]).into_owned();
    (offset + head, offset + old.len() - tail, text)
}

/// Whether renaming the use `node` leaves a layout this module can keep as gofmt would:
/// not when it widens or narrows a cell that sets a column's width without a token this
/// module aligns after it. Notes the one-line struct and interface types around it in
/// `one_liners`.
fn layout_follows<'t>(node: Node<'t>, one_liners: &mut HashMap<usize, (Node<'t>, usize)>) -> bool {
    let mut ancestor = node.parent();
    while let Some(n) = ancestor {
        match n.kind() {
            "field_declaration" if n.child_by_field_name("name").is_none() => {
                let aligned_with_names = n.child_by_field_name("tag").is_some()
                    || n.next_sibling().is_some_and(|next| {
                        next.kind() == "comment"
                            && next.start_position().row == n.end_position().row
                    });
                let fields = n.parent().map_or(0, |list| {
                    let mut cursor = list.walk();
                    list.named_children(&mut cursor)
                        .filter(|c| c.kind() == "field_declaration")
                        .count()
                });
                if aligned_with_names && fields > 1 {
                    return false;
                }
            }
            // Likewise a grouped spec with a type and a comment but no value: it pads the
            // empty `=` cell the others' values align on.
            "var_spec" | "const_spec"
                if n.child_by_field_name("value").is_none()
                    && n.child_by_field_name("type").is_some() =>
            {
                let commented = n.next_sibling().is_some_and(|next| {
                    next.kind() == "comment" && next.start_position().row == n.end_position().row
                });
                let specs = n.parent().map_or(0, |list| {
                    let mut cursor = list.walk();
                    list.named_children(&mut cursor)
                        .filter(|c| c.kind() == n.kind())
                        .count()
                });
                if commented && specs > 1 {
                    return false;
                }
            }
            "struct_type" | "interface_type" if n.start_position().row == n.end_position().row => {
                one_liners.entry(n.id()).or_insert((n, 0)).1 += 1;
            }
            _ => {}
        }
        ancestor = n.parent();
    }
    true
}

/// The size go/printer gives the only field of a one-line struct or interface type with no
/// tag and no comment (`isOneLineFieldList`), or `None` for a type it lays out otherwise.
fn one_line_field_size(node: Node) -> Option<isize> {
    let list = if node.kind() == "struct_type" {
        let mut cursor = node.walk();
        node.named_children(&mut cursor)
            .find(|c| c.kind() == "field_declaration_list")?
    } else {
        node
    };
    let mut cursor = list.walk();
    let fields: Vec<Node> = list.named_children(&mut cursor).collect();
    let [field] = fields.as_slice() else {
        return None;
    };
    let length = |n: Node| (n.end_byte() - n.start_byte()) as isize;
    match field.kind() {
        "field_declaration" if field.child_by_field_name("tag").is_some() => None,
        "field_declaration" => match field.child_by_field_name("name") {
            // A blank between the names and the type.
            Some(_) => Some(1 + length(field.child_by_field_name("type")?)),
            None => Some(length(*field)),
        },
        // The method's type prints as `func(...) ...`, without its name.
        "method_elem" => Some(length(*field) - length(field.child_by_field_name("name")?) + 4),
        "type_elem" => Some(length(*field)),
        _ => None,
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

/// gofmt keeps a function body on its line only while the header and the statements
/// take at most this many bytes (go/printer's `maxSize`).
const ONE_LINER_MAX: usize = 100;

/// The changes that lay out on several lines, as gofmt would, every one-line function body
/// that `changes` make too long for one line: each a set that goes in whole.
fn expansions(
    bytes: &[u8],
    offset: usize,
    root: Node,
    changes: &[Change],
    newline: &str,
) -> Vec<Vec<Change>> {
    // The length a range of the original has once the changes inside it went in.
    let grown = |start: usize, end: usize| {
        let from = changes.partition_point(|c| c.start < start);
        let delta: isize = changes[from..]
            .iter()
            .take_while(|c| c.end <= end)
            .map(|c| c.content.len() as isize - (c.end - c.start) as isize)
            .sum();
        ((end - start) as isize + delta).max(0) as usize
    };
    let mut out = Vec::new();
    walk(root, |node| {
        if !matches!(
            node.kind(),
            "function_declaration" | "method_declaration" | "func_literal"
        ) {
            return;
        }
        let Some(body) = node.child_by_field_name("body") else {
            return;
        };
        let (start, body_start, body_end) = (
            offset + node.start_byte(),
            offset + body.start_byte(),
            offset + body.end_byte(),
        );
        if node.start_position().row != body.end_position().row {
            return;
        }
        let mut statements = Vec::new();
        let mut cursor = body.walk();
        for child in body.named_children(&mut cursor) {
            let mut inner = child.walk();
            for statement in child.named_children(&mut inner) {
                statements.push(statement);
            }
            if child.kind() == "comment" {
                // Comments in a one-line body: gofmt's layout of them is not modelled.
                return;
            }
        }
        if statements.iter().any(|s| s.kind() == "comment") || statements.len() > 5 {
            return;
        }
        let spans: Vec<(usize, usize)> = statements
            .iter()
            .map(|s| (offset + s.start_byte(), offset + s.end_byte()))
            .collect();
        let header_end = body_start
            - bytes[..body_start]
                .iter()
                .rev()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
        // go/printer counts a declaration's header from one byte before `func` (its
        // column is taken once `func ` is out, minus five), a literal's from `func`.
        let slack = usize::from(node.kind() != "func_literal");
        let separators = 2 * spans.len().saturating_sub(1) + slack;
        let size = |length: &dyn Fn(usize, usize) -> usize| {
            length(start, header_end)
                + spans.iter().map(|&(s, e)| length(s, e)).sum::<usize>()
                + separators
        };
        let before = size(&|s, e| e - s);
        let after = size(&grown);
        if before > ONE_LINER_MAX || after <= ONE_LINER_MAX {
            return;
        }
        let line_start = bytes[..body_start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let indent = String::from_utf8_lossy(indent(bytes, line_start)).into_owned();
        let change = |start, end, content: String| Change {
            start,
            end,
            content,
        };
        let mut expansion = Vec::new();
        match (spans.first(), spans.last()) {
            (Some(&(first, _)), Some(&(_, last))) => {
                expansion.push(change(header_end, first, format!(" {{{newline}{indent}\t")));
                for pair in spans.windows(2) {
                    expansion.push(change(pair[0].1, pair[1].0, format!("{newline}{indent}\t")));
                }
                expansion.push(change(last, body_end, format!("{newline}{indent}}}")));
            }
            _ => expansion.push(change(
                header_end,
                body_end,
                format!(" {{{newline}{indent}}}"),
            )),
        }
        let fits = expansion.iter().all(|e| {
            let at = changes.partition_point(|c| c.start < e.start);
            let clashes = |c: &Change| c.conflicts(e);
            !(changes.get(at).is_some_and(clashes) || at > 0 && clashes(&changes[at - 1]))
        });
        if fits {
            out.push(expansion);
        }
    });
    out
}

/// A token gofmt starts in an aligned column (tabwriter's cell after a tab): a trailing
/// comment, a struct tag, the `=` of a grouped var or const spec, a keyed element's value,
/// the body of a one-line function declaration.
#[derive(Debug, Clone)]
struct Point {
    /// Byte offset of the token in the original.
    pos: usize,
    /// Where the blanks before it start (the end of the text before it).
    blank_start: usize,
    /// Where its line starts in the original.
    line_start: usize,
    /// 0-based line in the original.
    line: usize,
    /// Its column (in characters) in the original.
    column: usize,
    /// The column of `blank_start` in the original.
    text_end: usize,
    /// Whether it is a keyed element's value.
    keyed: bool,
}

fn alignment_points(bytes: &[u8], offset: usize, root: Node) -> Vec<Point> {
    let mut points = Vec::new();
    let mut line_starts = vec![0];
    line_starts.extend(
        bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .map(|(i, _)| i + 1),
    );
    walk(root, |node| {
        let token = match node.kind() {
            "comment" => {
                let end = offset + node.end_byte();
                let rest = &bytes[end..];
                let line_rest =
                    &rest[..rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len())];
                // Only a comment that ends its line is a cell of its own.
                line_rest
                    .iter()
                    .all(|b| matches!(b, b' ' | b'\t' | b'\r'))
                    .then_some(node)
            }
            "field_declaration" => node.child_by_field_name("tag"),
            "var_spec" | "const_spec" => {
                let mut cursor = node.walk();
                node.children(&mut cursor).find(|child| child.kind() == "=")
            }
            "keyed_element" => node.child_by_field_name("value"),
            // Consecutive one-line functions align their bodies.
            "function_declaration" | "method_declaration" => node
                .child_by_field_name("body")
                .filter(|body| body.end_position().row == node.start_position().row),
            _ => None,
        };
        let Some(token) = token else {
            return;
        };
        let pos = offset + token.start_byte();
        let line = line_starts.partition_point(|&s| s <= pos) - 1;
        let line_start = line_starts[line];
        // Fields, specs and keyed elements align only when each starts its own line (a
        // pair after another on its line is printed with a blank).
        let owner = offset + node.start_byte();
        if node.kind() != "comment"
            && (owner < line_start || indent(bytes, line_start).len() != owner - line_start)
        {
            return;
        }
        let blank_start = pos
            - bytes[line_start..pos]
                .iter()
                .rev()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
        // A token that starts its line, or touches the text before it, is no aligned cell.
        if blank_start == pos || blank_start == line_start {
            return;
        }
        points.push(Point {
            pos,
            blank_start,
            line_start,
            line,
            column: columns(&bytes[line_start..pos]),
            text_end: columns(&bytes[line_start..blank_start]),
            keyed: node.kind() == "keyed_element",
        });
    });
    points.sort_by_key(|p| p.pos);
    points
}

/// Characters in `bytes`, as tabwriter counts a cell's width.
fn columns(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// The leading blanks of the line that starts at `start`.
fn indent(bytes: &[u8], start: usize) -> &[u8] {
    let rest = &bytes[start..];
    &rest[..rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()]
}

/// Realigns the columns the changes moved, as gofmt's tabwriter would: the points of a
/// column block (consecutive lines, same indentation, same column in the original) start
/// one blank after the longest text before them. Blocks no change moved keep their bytes.
fn realign(
    original: &[u8],
    changes: &[Change],
    points: &[Point],
    expanded_lines: &HashSet<usize>,
    fixed: Vec<u8>,
) -> Vec<u8> {
    // Column blocks of the original: a point joins the block of the point on the line
    // above at the same column and indentation.
    let mut block_of: HashMap<(usize, usize), usize> = HashMap::new();
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    for (index, point) in points.iter().enumerate() {
        let joined = point.line.checked_sub(1).and_then(|above| {
            block_of.get(&(above, point.column)).copied().filter(|&b| {
                let first = &points[blocks[b][0]];
                indent(original, first.line_start) == indent(original, point.line_start)
            })
        });
        let block = joined.unwrap_or_else(|| {
            blocks.push(Vec::new());
            blocks.len() - 1
        });
        blocks[block].push(index);
        block_of.insert((point.line, point.column), block);
    }

    // Where each point is in `fixed`; `None` for points whose blanks or first byte a
    // change rewrote (they are the change's business, and leave their block).
    let mut shift: isize = 0;
    let mut next_change = 0;
    let mapped: Vec<Option<usize>> = points
        .iter()
        .map(|point| {
            // Changes never overlap, so only the last one starting before the token can
            // reach into its blanks; one that starts at the token starts the cell.
            let before = changes.partition_point(|c| c.start < point.pos);
            let touched = before > 0 && {
                let c = &changes[before - 1];
                if c.start < c.end {
                    c.end > point.blank_start
                } else {
                    c.start > point.blank_start
                }
            };
            while let Some(c) = changes.get(next_change) {
                // An insertion at the token goes into its cell, after the blanks.
                if c.end > point.pos || (c.end == point.pos && c.start == c.end) {
                    break;
                }
                shift += c.content.len() as isize - (c.end - c.start) as isize;
                next_change += 1;
            }
            (!touched).then_some((point.pos as isize + shift) as usize)
        })
        .collect();
    // A line whose function body went onto several lines leaves its blocks; a keyed value
    // there is no longer a cell (its pair spans lines) and follows its key after a blank.
    let mut blanks: Vec<(usize, usize, usize)> = Vec::new();
    let fixed_pos: Vec<Option<usize>> = points
        .iter()
        .zip(&mapped)
        .map(|(point, &pos)| {
            if !expanded_lines.contains(&point.line) {
                return pos;
            }
            if let Some(pos) = pos.filter(|_| point.keyed) {
                let blank = fixed[..pos]
                    .iter()
                    .rev()
                    .take_while(|&&b| b == b' ' || b == b'\t')
                    .count();
                blanks.push((pos - blank, pos, 1));
            }
            None
        })
        .collect();

    // The runs of points left in each block, on consecutive lines.
    struct Run {
        column: usize,
        members: Vec<usize>,
        /// Whether the block was laid out as tabwriter would: one blank after its longest
        /// text. One that was not (a cell this module does not know pads it) only widens.
        tabwriter: bool,
        /// Whether the run lost members of its block.
        split: bool,
    }
    let mut runs: Vec<Run> = Vec::new();
    for block in &blocks {
        let column = points[block[0]].column;
        let longest = block.iter().map(|&i| points[i].text_end).max().unwrap_or(0);
        let first_run = runs.len();
        let mut previous_line = None;
        for &i in block {
            if fixed_pos[i].is_none() {
                previous_line = None;
                continue;
            }
            // (Lines count from 0: `line - 1` would underflow on the first.)
            if previous_line.map(|line| line + 1) != Some(points[i].line) {
                runs.push(Run {
                    column,
                    members: Vec::new(),
                    tabwriter: column == longest + 1,
                    split: false,
                });
            }
            if let Some(run) = runs.last_mut() {
                run.members.push(i);
            }
            previous_line = Some(points[i].line);
        }
        let kept: usize = runs[first_run..].iter().map(|r| r.members.len()).sum();
        if kept != block.len() {
            runs[first_run..].iter_mut().for_each(|r| r.split = true);
        }
    }
    // Left to right, so that a line's later columns see its earlier ones moved.
    runs.sort_by_key(|run| (run.column, run.members[0]));

    let line_start_of = |pos: usize| {
        fixed[..pos]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
    };
    // How far realignment moved the rest of each line (by its start in `fixed`).
    let mut line_shift: HashMap<usize, isize> = HashMap::new();
    for run in &runs {
        struct Member {
            pos: usize,
            blank_start: usize,
            line_start: usize,
            end: isize,
        }
        let members: Vec<Member> = run
            .members
            .iter()
            .filter_map(|&i| {
                let pos = fixed_pos[i]?;
                let line_start = line_start_of(pos);
                let blank_start = pos
                    - fixed[line_start..pos]
                        .iter()
                        .rev()
                        .take_while(|&&b| b == b' ' || b == b'\t')
                        .count();
                let end = columns(&fixed[line_start..blank_start]) as isize
                    + line_shift.get(&line_start).copied().unwrap_or(0);
                Some(Member {
                    pos,
                    blank_start,
                    line_start,
                    end,
                })
            })
            .collect();
        let moved = run.split
            || run
                .members
                .iter()
                .zip(&members)
                .any(|(&i, m)| m.end != points[i].text_end as isize);
        if !moved {
            continue;
        }
        let longest = members.iter().map(|m| m.end).max().unwrap_or(0);
        let target = if run.tabwriter {
            longest + 1
        } else {
            (run.column as isize).max(longest + 1)
        };
        for member in &members {
            let pad = (target - member.end).max(1);
            let old_column = columns(&fixed[member.line_start..member.pos]) as isize;
            line_shift.insert(member.line_start, member.end + pad - old_column);
            blanks.push((member.blank_start, member.pos, pad as usize));
        }
    }
    if blanks.is_empty() {
        return fixed;
    }
    blanks.sort();
    let mut out = Vec::with_capacity(fixed.len());
    let mut last = 0;
    for (start, end, pad) in blanks {
        out.extend_from_slice(&fixed[last..start]);
        out.resize(out.len() + pad, b' ');
        last = end;
    }
    out.extend_from_slice(&fixed[last..]);
    out
}

/// Writes each file atomically: a temporary file in the same directory, same permissions,
/// then rename; a file whose bytes changed on disk since `plan` read them is left alone
/// (error naming it).
pub fn write(fixes: &[FileFix], cwd: &Path) -> Vec<FixError> {
    fixes
        .iter()
        .filter_map(|fix| {
            write_one(fix, cwd).err().map(|message| FixError {
                path: fix.path.clone(),
                message,
            })
        })
        .collect()
}

fn write_one(fix: &FileFix, cwd: &Path) -> Result<(), String> {
    if fix.fixed == fix.original {
        return Ok(());
    }
    let abs = resolve(cwd, &fix.path);
    crate::test_panic_hook("write", &abs);
    // Write through a symbolic link to its target rather than replace the link.
    let target = std::fs::canonicalize(&abs).map_err(|err| format!("cannot fix: {err}"))?;
    let permissions = std::fs::metadata(&target)
        .map_err(|err| format!("cannot fix: {err}"))?
        .permissions();
    let (dir, name) = match (target.parent(), target.file_name()) {
        (Some(dir), Some(name)) => (dir, name.to_string_lossy()),
        _ => return Err("cannot fix: not a file".to_string()),
    };
    let (temp, mut file) = create_temp(dir, &name)
        .map_err(|err| format!("cannot create a temporary file in {}: {err}", dir.display()))?;
    let result = (|| -> Result<(), String> {
        let io = |err: std::io::Error| {
            format!("cannot write the temporary file {}: {err}", temp.display())
        };
        file.write_all(&fix.fixed).map_err(io)?;
        file.set_permissions(permissions).map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        // Checked last, to leave the smallest window for an editor's save to be lost.
        let current = std::fs::read(&target).map_err(|err| format!("cannot read: {err}"))?;
        if current != fix.original {
            return Err("changed on disk since it was read; not fixed".to_string());
        }
        std::fs::rename(&temp, &target)
            .map_err(|err| format!("cannot replace the file with its fixed version: {err}"))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    } else if let Ok(dir) = std::fs::File::open(dir) {
        // Make the rename itself durable where the platform allows; a failure here
        // loses nothing that was not already written.
        let _ = dir.sync_all();
    }
    result
}

/// A new file `.NAME.golayout-PID-N.tmp` in `dir`, never one that exists already.
fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let path = dir.join(format!(".{name}.golayout-{pid}-{attempt}.tmp"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(err) => return Err(err),
        }
    }
}

/// A unified diff (`--- a/path`, `+++ b/path`, `@@ -l,n +l,n @@` hunks with 3 lines of
/// context) of one file's fix.
pub fn unified_diff(fix: &FileFix) -> String {
    if fix.original == fix.fixed {
        return String::new();
    }
    crate::test_panic_hook("diff", &fix.path);
    let old = String::from_utf8_lossy(&fix.original);
    let new = String::from_utf8_lossy(&fix.fixed);
    let path = fix.path.to_string_lossy().replace('\\', "/");
    // git's `a/` and `b/` prefixes for relative paths; an absolute one stands alone, as
    // `diff -u` shows it.
    let (from, to) = if fix.path.is_absolute() {
        (path.clone(), path)
    } else {
        (format!("a/{path}"), format!("b/{path}"))
    };
    // Myers, as `diff -u` and git use: a shortest edit script, found in linear space.
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_lines(old.as_ref(), new.as_ref());
    diff.unified_diff()
        .context_radius(3)
        .header(&from, &to)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fix_edits_between_are_narrow_and_whole_words() {
        let old = b"package a\n\nimport strings \"strings\"\n";
        let new = b"package a\n\nimport \"strings\"\n";
        assert_eq!(edits_between(old, new), vec![(18, 26, String::new())]);
        let old = "a \u{e9} b\nx\n".as_bytes();
        let new = "a \u{e8} b\nx\n".as_bytes();
        let (start, end, text) = edits_between(old, new).remove(0);
        assert_eq!((start, end, text.as_str()), (2, 4, "\u{e8}"));
        let edits = edits_between(b"a\nb\n", b"a\nc\nd\nb\n");
        assert_eq!(edits, vec![(2, 2, "c\nd\n".to_string())]);
        assert!(edits_between(b"same", b"same").is_empty());
        let edits = edits_between(b"\terrorspkg.New(x)\n", b"\terrors.New(x)\n");
        assert_eq!(edits, vec![(1, 10, "errors".to_string())]);
    }

    #[test]
    fn fix_doc_links_name_the_package() {
        let comment = b"// See [jsonv1.Marshaler], [*jsonv1.Decoder.More], [jsonv1] and [jsonv1 x], jsonv1.X, [jsonv1x.Y], [jsonv1.].";
        let found: Vec<usize> = doc_links(comment, "jsonv1").collect();
        let words: Vec<&[u8]> = found.iter().map(|&at| &comment[at - 1..at + 7]).collect();
        assert_eq!(words, [&b"[jsonv1."[..], b"*jsonv1.", b"[jsonv1]"]);
    }

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
