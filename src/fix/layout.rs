//! Keeping a gofmt-clean file gofmt-clean: one-line function bodies that grew too long are
//! spread over lines, and the columns gofmt aligns are realigned where an edit moved them.

use super::{Change, FileState, splice, uses_crlf};
use crate::header::bom_len;
use crate::scope::walk;
use std::collections::{HashMap, HashSet};
use tree_sitter::Node;
use tree_sitter::Tree;

impl FileState {
    /// `changes` (sorted, never overlapping) made, the one-line function bodies they made
    /// too long expanded, and the columns they moved realigned.
    pub(super) fn apply(&mut self, changes: &[Change]) -> Vec<u8> {
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
