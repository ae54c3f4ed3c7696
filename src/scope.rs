//! The names a Go file declares, read from its whole text with tree-sitter-go: what a rule
//! must know before it asks an import to take a name (a package-scope `var errors`, a
//! parameter `fs`), and what the fixer must know before it renames. Bodies are parsed only
//! for the few files that carry a candidate finding or a fix, never on the plain path.

use crate::package::Directory;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use tree_sitter::{Node, Parser, Tree};

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    // A parser without a language parses nothing: callers then know nothing, not wrong.
    let _ = parser.set_language(&tree_sitter_go::LANGUAGE.into());
    parser
}

/// Parses a whole Go file with this thread's parser.
pub fn parse(source: &[u8]) -> Option<Tree> {
    PARSER.with(|parser| parser.borrow_mut().parse(source, None))
}

/// Calls `visit` on every node under `root`, depth first, without recursion (deeply
/// nested expressions must not exhaust the stack).
pub fn walk<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>)) {
    let mut cursor = root.walk();
    loop {
        visit(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// The names one file declares.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Declared {
    /// Declared at package scope: functions, types, variables and constants outside any
    /// function (methods are not: they live in their type).
    pub package_scope: HashSet<String>,
    /// Declared inside functions: parameters, results, receivers, type parameters,
    /// variables, constants, types, `:=`, range and type-switch variables.
    pub local: HashSet<String>,
}

/// The names `source` declares, or `None` when it cannot be parsed cleanly (a misparsed
/// file could hide a declaration).
pub fn declared_names(source: &[u8]) -> Option<Declared> {
    let tree = parse(source)?;
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let mut declared = Declared::default();
    walk(root, |node| {
        let names: Vec<Node> = match node.kind() {
            "function_declaration" => node.child_by_field_name("name").into_iter().collect(),
            "parameter_declaration"
            | "variadic_parameter_declaration"
            | "type_parameter_declaration"
            | "var_spec"
            | "const_spec"
            | "type_spec"
            | "type_alias" => {
                let mut cursor = node.walk();
                node.children_by_field_name("name", &mut cursor).collect()
            }
            "short_var_declaration" | "range_clause" | "receive_statement" => {
                expression_identifiers(node.child_by_field_name("left"))
            }
            "type_switch_statement" => expression_identifiers(node.child_by_field_name("alias")),
            _ => return,
        };
        let scope = if node.kind() != "function_declaration" && in_function(node) {
            &mut declared.local
        } else {
            &mut declared.package_scope
        };
        for name in names {
            if let Ok(text) = name.utf8_text(source)
                && text != "_"
            {
                scope.insert(text.to_string());
            }
        }
    });
    Some(declared)
}

/// The identifiers of an expression list on the left of `:=` (or `=` in a range clause).
fn expression_identifiers(list: Option<Node>) -> Vec<Node> {
    let Some(list) = list else {
        return Vec::new();
    };
    let mut cursor = list.walk();
    list.named_children(&mut cursor)
        .filter(|n| n.kind() == "identifier")
        .collect()
}

/// Whether `node` sits inside a function or method body, signature or literal.
fn in_function(node: Node) -> bool {
    let mut current = node.parent();
    while let Some(parent) = current {
        if matches!(
            parent.kind(),
            "function_declaration" | "method_declaration" | "func_literal"
        ) {
            return true;
        }
        current = parent.parent();
    }
    false
}

/// The declarations of one directory's files, each file read the first time a rule asks
/// about it, and parsed only when it contains the name asked about.
pub struct DirectoryNames<'a> {
    dir: &'a Directory,
    overlays: &'a std::collections::BTreeMap<PathBuf, Vec<u8>>,
    /// Each asked file, by index.
    files: HashMap<usize, AskedFile>,
}

/// A file's text (`None`: unreadable), and its names once parsed (`Some(None)`: it does
/// not parse cleanly).
type AskedFile = (Option<Vec<u8>>, Option<Option<Declared>>);

/// Whether `name` occurs in `text` as a whole word (not inside a longer identifier).
fn spells_word(text: &[u8], name: &str) -> bool {
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    memchr::memmem::find_iter(text, name.as_bytes()).any(|at| {
        let before = at.checked_sub(1).map(|i| text[i]);
        let after = text.get(at + name.len()).copied();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// Whether a line of `text` starts with `var name`, `const name`, `type name` or
/// `func name`, followed by a character that ends the identifier.
fn declares_at_line_start(text: &[u8], name: &str) -> bool {
    ["var ", "const ", "type ", "func "].iter().any(|keyword| {
        let needle = format!("\n{keyword}{name}");
        memchr::memmem::find_iter(text, needle.as_bytes()).any(|at| {
            let after = text.get(at + needle.len()).copied();
            !after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
        })
    })
}

/// Which of a file's declarations a question is about.
#[derive(Clone, Copy)]
enum Scope {
    Package,
    Local,
}

impl<'a> DirectoryNames<'a> {
    /// Names of `dir`'s files, reading unsaved `overlays` before the disk.
    pub fn new(
        dir: &'a Directory,
        overlays: &'a std::collections::BTreeMap<PathBuf, Vec<u8>>,
    ) -> Self {
        DirectoryNames {
            dir,
            overlays,
            files: HashMap::new(),
        }
    }

    /// File `index`'s text, read once; `None` when it cannot be read.
    fn text(&mut self, index: usize) -> Option<&[u8]> {
        let (dir, overlays) = (self.dir, self.overlays);
        let (text, _) = self.files.entry(index).or_insert_with(|| {
            let abs = dir.abs.join(&dir.files[index].file_name);
            let text = match overlays.get(&abs) {
                Some(text) => Some(text.clone()),
                None => std::fs::read(&abs).ok(),
            };
            (text, None)
        });
        text.as_deref()
    }

    /// Whether file `index` declares `name` in `scope`; unknown (unreadable, misparsed)
    /// counts as yes.
    fn declares(&mut self, index: usize, name: &str, scope: Scope) -> bool {
        let Some(text) = self.text(index) else {
            return true;
        };
        // A file that never spells the name cannot declare it: most are never parsed.
        if !spells_word(text, name) {
            return false;
        }
        let Some((Some(text), declared)) = self.files.get_mut(&index) else {
            return true;
        };
        let declared = declared.get_or_insert_with(|| declared_names(text));
        declared.as_ref().is_none_or(|d| match scope {
            Scope::Package => d.package_scope.contains(name),
            Scope::Local => d.local.contains(name),
        })
    }

    /// Whether `name` is taken where the file at `path` would use it: declared at package
    /// scope by any file of its package (every platform and tag, tests of the package
    /// included), or declared inside a function of the file. Unknown (a file that cannot
    /// be read or parsed) counts as taken.
    pub fn taken(&mut self, path: &Path, name: &str) -> bool {
        let files = &self.dir.files;
        let Some(index) = files.iter().position(|f| f.go.path == path) else {
            return true;
        };
        if self.declares(index, name, Scope::Local) {
            return true;
        }
        let package = files[index].package();
        let same_package: Vec<usize> = (0..files.len())
            .filter(|&i| files[i].package() == package)
            .collect();
        // gofmt puts a package-scope `var name`, `func name(` ... at a line's start: seen
        // there, no parse is needed (a false sighting only keeps a finding back).
        let plainly = same_package.iter().any(|&i| {
            self.text(i)
                .is_some_and(|text| declares_at_line_start(text, name))
        });
        plainly
            || same_package
                .into_iter()
                .any(|i| self.declares(i, name, Scope::Package))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(set: &HashSet<String>) -> Vec<&str> {
        let mut names: Vec<&str> = set.iter().map(String::as_str).collect();
        names.sort();
        names
    }

    #[test]
    fn package_scope_and_locals() {
        let source = br#"package p

import "errors"

var errors2, _ = 1, 2
const (
	limit = 3
)
type cmp int
type alias = int

func rand() {}

func (r *recv) method(fs int, more ...string) (out int) {
	io := 1
	var local int
	for k, v := range m {}
	switch t := x.(type) {}
	select {
	case got := <-ch:
	}
	f := func(inner int) {}
	type localType int
	return
}

func generic[T any](x T) {}
"#;
        let declared = declared_names(source).unwrap();
        assert_eq!(
            names(&declared.package_scope),
            ["alias", "cmp", "errors2", "generic", "limit", "rand"]
        );
        assert_eq!(
            names(&declared.local),
            [
                "T",
                "f",
                "fs",
                "got",
                "inner",
                "io",
                "k",
                "local",
                "localType",
                "more",
                "out",
                "r",
                "t",
                "v",
                "x"
            ]
        );
    }

    #[test]
    fn plain_declarations() {
        assert!(declares_at_line_start(
            b"package p\nvar errors = 1\n",
            "errors"
        ));
        assert!(declares_at_line_start(
            b"package p\nfunc cmp(a, b int) int\n",
            "cmp"
        ));
        assert!(!declares_at_line_start(
            b"package p\nvar errorsx = 1\n",
            "errors"
        ));
        assert!(!declares_at_line_start(
            b"package p\n\tvar errors = 1\n",
            "errors"
        ));
    }

    #[test]
    fn whole_words_only() {
        assert!(spells_word(b"var errors = 1", "errors"));
        assert!(!spells_word(b"errorspkg.New(x)", "errors"));
        assert!(!spells_word(b"x.myerrors", "errors"));
        assert!(spells_word(b"errors", "errors"));
    }

    #[test]
    fn a_misparsed_file_declares_nothing_known() {
        assert_eq!(declared_names(b"package p\nfunc (\n"), None);
    }
}
