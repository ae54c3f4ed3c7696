//! The tree-sitter-go reader: the one parser setup, and the imports read from a parse.

use super::literal::*;
use super::*;
use tree_sitter::Parser;

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

pub(super) fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_go::LANGUAGE.into())
        .expect("tree-sitter-go grammar is compatible with the tree-sitter runtime");
    parser
}

/// Parses Go source with this thread's tree-sitter parser (the one every reader of Go
/// text in golayout uses).
pub(crate) fn parse_go(source: &[u8]) -> Option<Tree> {
    PARSER.with(|parser| parser.borrow_mut().parse(source, None))
}

/// The offset of the first ERROR or MISSING node under `node`.
pub(super) fn first_error_offset(node: Node) -> usize {
    if node.is_error() || node.is_missing() {
        return node.start_byte();
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if child.has_error() || child.is_missing() {
            return first_error_offset(child);
        }
    }
    node.start_byte()
}

pub(super) type ImportError<'t> = (String, Node<'t>);

pub(super) fn collect_imports<'t>(
    decl: Node<'t>,
    text: &dyn Fn(Node) -> String,
    span: &dyn Fn(Node) -> Span,
    out: &mut Vec<Import>,
) -> Result<(), ImportError<'t>> {
    let mut cursor = decl.walk();
    for child in decl.named_children(&mut cursor) {
        match child.kind() {
            "import_spec" => out.push(import_spec(child, text, span)?),
            "import_spec_list" => {
                let mut list_cursor = child.walk();
                for spec in child.named_children(&mut list_cursor) {
                    if spec.kind() == "import_spec" {
                        out.push(import_spec(spec, text, span)?);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

pub(super) fn import_spec<'t>(
    spec: Node<'t>,
    text: &dyn Fn(Node) -> String,
    span: &dyn Fn(Node) -> Span,
) -> Result<Import, ImportError<'t>> {
    let path_node = spec
        .child_by_field_name("path")
        .ok_or_else(|| ("import without a path".to_string(), spec))?;
    let literal = text(path_node);
    let path = unquote(&literal)
        .ok_or_else(|| (format!("invalid import path literal {literal}"), path_node))?;
    let name = spec.child_by_field_name("name").map(|name| {
        let value = match name.kind() {
            "dot" => ImportName::Dot,
            "blank_identifier" => ImportName::Blank,
            _ => ImportName::Alias(text(name)),
        };
        Spanned {
            value,
            span: span(name),
        }
    });
    Ok(Import {
        name,
        path: Spanned {
            value: path,
            span: span(path_node),
        },
    })
}
