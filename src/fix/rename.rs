//! Renaming an import's uses: every use of the old name in the file's body and its doc
//! links, found with a full parse, or why that cannot be done safely.

use super::{Change, FileState};
use crate::header::bom_len;
use crate::importpath::is_identifier;
use crate::scope::walk;
use std::collections::HashMap;
use tree_sitter::Node;

impl FileState {
    /// The changes that rename every use of `from` to `to` (doc links in comments
    /// included), or why that would change what the file means or cannot be known safe.
    pub(super) fn rename_uses(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fix_doc_links_name_the_package() {
        let comment = b"// See [jsonv1.Marshaler], [*jsonv1.Decoder.More], [jsonv1] and [jsonv1 x], jsonv1.X, [jsonv1x.Y], [jsonv1.].";
        let found: Vec<usize> = doc_links(comment, "jsonv1").collect();
        let words: Vec<&[u8]> = found.iter().map(|&at| &comment[at - 1..at + 7]).collect();
        assert_eq!(words, [&b"[jsonv1."[..], b"*jsonv1.", b"[jsonv1]"]);
    }
}
