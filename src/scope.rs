//! The names a Go file declares, read from its whole text with tree-sitter-go: what a rule
//! must know before it asks an import to take a name (a package-scope `var errors`, a
//! parameter `fs`), and what the fixer must know before it renames. Bodies are parsed only
//! for the few files that carry a candidate finding or a fix, never on the plain path.

use crate::diagnostic::Rename;
use crate::header::ImportName;
use crate::importpath::{GO_KEYWORDS, is_identifier};
use crate::package::Directory;
use crate::resolve::Resolutions;
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tree_sitter::{Node, Tree};

/// The largest file parsed whole. A syntax tree takes up to a few hundred bytes per token
/// (20 MB of comments once took 1.7 GB), and real Go sources are far smaller; a bigger file
/// (a generated table) gets no fix that needs its tree.
pub const MAX_PARSED_BYTES: usize = 4 << 20;

/// Parses a whole Go file with this thread's parser; `None` when it is larger than
/// [`MAX_PARSED_BYTES`] or the parser gives up.
pub fn parse(source: &[u8]) -> Option<Tree> {
    if source.len() > MAX_PARSED_BYTES {
        return None;
    }
    crate::header::parse_go(source)
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

/// The names one file declares, each with the 1-based line of its first declaration.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Declared {
    /// Declared at package scope: functions, types, variables and constants outside any
    /// function (methods are not: they live in their type).
    pub package_scope: HashMap<String, u32>,
    /// Declared inside functions: parameters, results, receivers, type parameters,
    /// variables, constants, types, `:=`, range and type-switch variables.
    pub local: HashMap<String, u32>,
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
                let line = name.start_position().row as u32 + 1;
                scope.entry(text.to_string()).or_insert(line);
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

/// The 1-based line of the first line of `text` that starts with `var name`, `const name`,
/// `type name` or `func name`, followed by a character that ends the identifier.
fn declared_at_line_start(text: &[u8], name: &str) -> Option<u32> {
    let at = ["var ", "const ", "type ", "func "]
        .iter()
        .filter_map(|keyword| {
            let needle = format!("\n{keyword}{name}");
            memchr::memmem::find_iter(text, needle.as_bytes()).find(|at| {
                let after = text.get(at + needle.len()).copied();
                !after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
            })
        })
        .min()?;
    // `at` is the newline before the declaration.
    Some(memchr::memchr_iter(b'\n', &text[..=at]).count() as u32 + 1)
}

/// Which of a file's declarations a question is about.
#[derive(Clone, Copy)]
enum Scope {
    Package,
    Local,
}

/// Where a name is already taken: what a rename to it would clash with or be captured by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    /// The file concerned, as displayed.
    pub path: PathBuf,
    /// The line of the declaration, when known.
    pub line: Option<u32>,
    /// What the name is there.
    pub what: TakenAs,
}

/// How a name is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakenAs {
    /// Declared at package scope (by any file of the package).
    PackageScope,
    /// Declared inside a function of the file, where it would capture a use.
    Local,
    /// The file cannot be read or parsed cleanly: its declarations are unknown.
    Unknown,
}

impl std::fmt::Display for Taken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = match self.line {
            Some(line) => format!("{}:{line}", self.path.display()),
            None => self.path.display().to_string(),
        };
        match self.what {
            TakenAs::PackageScope => write!(f, "declared at package scope in {at}"),
            TakenAs::Local => write!(
                f,
                "declared inside a function in {at}, where it would capture a use"
            ),
            TakenAs::Unknown => write!(
                f,
                "possibly declared in {at}, which cannot be read or parsed"
            ),
        }
    }
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

    /// Where file `index` declares `name` in `scope`, if it does; unknown (unreadable,
    /// misparsed) counts as declared.
    fn declares(&mut self, index: usize, name: &str, scope: Scope) -> Option<Taken> {
        let path = self.dir.files[index].go.path.clone();
        let unknown = Taken {
            path: path.clone(),
            line: None,
            what: TakenAs::Unknown,
        };
        let Some(text) = self.text(index) else {
            return Some(unknown);
        };
        // A file that never spells the name cannot declare it: most are never parsed.
        if !spells_word(text, name) {
            return None;
        }
        let Some((Some(text), declared)) = self.files.get_mut(&index) else {
            return Some(unknown);
        };
        let Some(declared) = declared.get_or_insert_with(|| declared_names(text)) else {
            return Some(unknown);
        };
        let (names, what) = match scope {
            Scope::Package => (&declared.package_scope, TakenAs::PackageScope),
            Scope::Local => (&declared.local, TakenAs::Local),
        };
        names.get(name).map(|&line| Taken {
            path,
            line: Some(line),
            what,
        })
    }

    /// Where `name` is taken for the file at `path` (as displayed): declared at package
    /// scope by any file of its package (every platform and tag, tests of the package
    /// included), or declared inside a function of the file. Unknown (a file that cannot
    /// be read or parsed) counts as taken; so does a file that is not in the directory.
    pub fn taken(&mut self, path: &Path, name: &str) -> Option<Taken> {
        let files = &self.dir.files;
        let Some(index) = files.iter().position(|f| f.go.path == path) else {
            return Some(Taken {
                path: path.to_path_buf(),
                line: None,
                what: TakenAs::Unknown,
            });
        };
        if let Some(taken) = self.declares(index, name, Scope::Local) {
            return Some(taken);
        }
        let package = files[index].package();
        let same_package: Vec<usize> = (0..files.len())
            .filter(|&i| files[i].package() == package)
            .collect();
        // gofmt puts a package-scope `var name`, `func name(` ... at a line's start: seen
        // there, no parse is needed (a false sighting only keeps a finding back).
        for &i in &same_package {
            if let Some(line) = self
                .text(i)
                .and_then(|text| declared_at_line_start(text, name))
            {
                return Some(Taken {
                    path: self.dir.files[i].go.path.clone(),
                    line: Some(line),
                    what: TakenAs::PackageScope,
                });
            }
        }
        same_package
            .into_iter()
            .find_map(|i| self.declares(i, name, Scope::Package))
    }
}

/// Checks the names fixes would give against everything they could clash with, in every
/// directory of a run; each directory's files are read on first need.
pub struct RenameCheck<'a> {
    dirs: &'a [Directory],
    resolutions: &'a Resolutions,
    overlays: &'a BTreeMap<PathBuf, Vec<u8>>,
    /// Every file, as displayed, to its directory's and its own index; filled when the
    /// first import rename is checked.
    by_file: HashMap<&'a Path, (usize, usize)>,
    names: HashMap<usize, DirectoryNames<'a>>,
}

impl<'a> RenameCheck<'a> {
    /// A check over `dirs`, whose imports `resolutions` names, reading `overlays` first.
    pub fn new(
        dirs: &'a [Directory],
        resolutions: &'a Resolutions,
        overlays: &'a BTreeMap<PathBuf, Vec<u8>>,
    ) -> Self {
        RenameCheck {
            dirs,
            resolutions,
            overlays,
            by_file: HashMap::new(),
            names: HashMap::new(),
        }
    }

    /// Why `rename` would not compile, or None when nothing is in its way.
    ///
    /// A package's name enters no scope, so a clause may take any identifier (but `main`,
    /// which makes a command). An import's name is in its file's scope: it must not be
    /// another import's name there (an unresolved import counts with its assumed name),
    /// nor declared at package scope by any file of the package, on any platform; and no
    /// declaration inside the file's functions may capture a use of it.
    pub fn clash(&mut self, rename: &Rename) -> Option<String> {
        let (from, to) = match rename {
            Rename::Import { from, to, .. } | Rename::Package { from, to } => (from, to),
        };
        if !is_identifier(to) {
            return Some(if GO_KEYWORDS.contains(&to.as_str()) {
                format!("{to} is a Go keyword")
            } else if to == "_" {
                "_ is the blank identifier, which names nothing".to_string()
            } else {
                format!("{to:?} is not a Go identifier")
            });
        }
        let path = match rename {
            Rename::Package { .. } => {
                return (to == "main" && from != "main")
                    .then(|| "package main would make the package a command".to_string());
            }
            Rename::Import { path, .. } => path,
        };
        if self.by_file.is_empty() {
            let dirs = self.dirs;
            self.by_file = dirs
                .iter()
                .enumerate()
                .flat_map(|(d, dir)| {
                    dir.files
                        .iter()
                        .enumerate()
                        .map(move |(f, file)| (file.go.path.as_path(), (d, f)))
                })
                .collect();
        }
        let Some(&(d, f)) = self.by_file.get(path.as_path()) else {
            return Some(format!("{} was not checked", path.display()));
        };
        let dir = &self.dirs[d];
        let file = &dir.files[f];
        let real_names = self.resolutions.of(dir);
        for import in &file.go.imports {
            let line = import.path.span.line;
            let import_path = &import.path.value;
            let local = match import.name.as_ref().map(|n| &n.value) {
                Some(ImportName::Alias(alias)) => alias.as_str(),
                Some(ImportName::Blank) => continue,
                Some(ImportName::Dot) => {
                    if to.starts_with(|c: char| c.is_uppercase()) {
                        return Some(format!(
                            "the file dot-imports \"{import_path}\" (line {line}), whose exported names it may use unqualified"
                        ));
                    }
                    continue;
                }
                None => real_names.name_or_guess(import_path),
            };
            if local == to && local != from {
                return Some(format!(
                    "the file already imports \"{import_path}\" as {to} (line {line})"
                ));
            }
        }
        let names = self
            .names
            .entry(d)
            .or_insert_with(|| DirectoryNames::new(dir, self.overlays));
        names
            .taken(path, to)
            .map(|taken| format!("{to} is {taken}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(set: &HashMap<String, u32>) -> Vec<&str> {
        let mut names: Vec<&str> = set.keys().map(String::as_str).collect();
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
        let at = declared_at_line_start;
        assert_eq!(at(b"package p\nvar errors = 1\n", "errors"), Some(2));
        assert_eq!(at(b"package p\n\nfunc cmp(a, b int) int\n", "cmp"), Some(3));
        assert_eq!(at(b"package p\nvar errorsx = 1\n", "errors"), None);
        assert_eq!(at(b"package p\n\tvar errors = 1\n", "errors"), None);
    }

    #[test]
    fn whole_words_only() {
        assert!(spells_word(b"var errors = 1", "errors"));
        assert!(!spells_word(b"errorspkg.New(x)", "errors"));
        assert!(!spells_word(b"x.myerrors", "errors"));
        assert!(spells_word(b"errors", "errors"));
    }

    /// A directory of `files` (name, text) at /nowhere/p, their texts as overlays.
    fn directory(files: &[(&str, &str)]) -> (Directory, BTreeMap<PathBuf, Vec<u8>>) {
        let abs = PathBuf::from("/nowhere/p");
        let source = crate::discover::SourceDir {
            abs: abs.clone(),
            display: PathBuf::from("p"),
            files: files.iter().map(|(name, _)| abs.join(name)).collect(),
            explicit: true,
        };
        let reads = files
            .iter()
            .map(|(name, text)| {
                let shown = Path::new("p").join(name);
                crate::header::parse_header(&shown, text.as_bytes())
            })
            .collect();
        let dir = crate::package::group(&source, None, reads, &Default::default());
        let overlays = files
            .iter()
            .map(|(name, text)| (abs.join(name), text.as_bytes().to_vec()))
            .collect();
        (dir, overlays)
    }

    /// Why renaming the import `from` of p/a.go to `to` clashes, if it does.
    fn alias_clash(files: &[(&str, &str)], from: &str, to: &str) -> Option<String> {
        let (dir, overlays) = directory(files);
        let dirs = [dir];
        let resolutions = Resolutions::default();
        let mut check = RenameCheck::new(&dirs, &resolutions, &overlays);
        check.clash(&Rename::Import {
            path: PathBuf::from("p/a.go"),
            from: from.to_string(),
            to: to.to_string(),
        })
    }

    const A: &str = "package p\n\nimport errorspkg \"errors\"\n\nvar E = errorspkg.New(\"x\")\n";

    #[test]
    fn rename_to_a_free_name_is_no_clash() {
        let b = "package p\n\nfunc f() { errs := 1; _ = errs }\n";
        assert_eq!(
            alias_clash(&[("a.go", A), ("b.go", b)], "errorspkg", "errors"),
            None
        );
        let package = Rename::Package {
            from: "wrong".to_string(),
            to: "right".to_string(),
        };
        let check = |rename: &Rename| {
            let resolutions = Resolutions::default();
            RenameCheck::new(&[], &resolutions, &BTreeMap::new()).clash(rename)
        };
        assert_eq!(check(&package), None);
    }

    #[test]
    fn rename_to_a_keyword_or_a_non_name_clashes() {
        let clash = |to: &str| alias_clash(&[("a.go", A)], "errorspkg", to).unwrap();
        assert_eq!(clash("type"), "type is a Go keyword");
        assert_eq!(clash("1x"), "\"1x\" is not a Go identifier");
        assert!(clash("_").contains("blank identifier"));
        let (resolutions, overlays) = (Resolutions::default(), BTreeMap::new());
        let mut check = RenameCheck::new(&[], &resolutions, &overlays);
        let package = |from: &str, to: &str| Rename::Package {
            from: from.to_string(),
            to: to.to_string(),
        };
        assert_eq!(
            check.clash(&package("p", "map")).unwrap(),
            "map is a Go keyword"
        );
        assert!(
            check
                .clash(&package("p", "main"))
                .unwrap()
                .contains("command")
        );
        assert_eq!(check.clash(&package("main", "main")), None);
    }

    #[test]
    fn rename_to_a_package_scope_name_of_any_file_clashes() {
        // Declared in a file built only on Windows, inside a group (no plain sighting).
        let windows = "package p\n\nvar (\n\tx      = 1\n\terrors = 2\n)\n";
        let clash = alias_clash(
            &[("a.go", A), ("z_windows.go", windows)],
            "errorspkg",
            "errors",
        );
        assert_eq!(
            clash.as_deref(),
            Some("errors is declared at package scope in p/z_windows.go:5")
        );
        // And seen at a line's start, as gofmt writes it, in a test of the package.
        let test = "package p\n\nfunc errors() {}\n";
        let clash = alias_clash(&[("a.go", A), ("a_test.go", test)], "errorspkg", "errors");
        assert_eq!(
            clash.as_deref(),
            Some("errors is declared at package scope in p/a_test.go:3")
        );
        // An external test is another package.
        let external = "package p_test\n\nvar errors = 1\n";
        assert_eq!(
            alias_clash(
                &[("a.go", A), ("x_test.go", external)],
                "errorspkg",
                "errors"
            ),
            None
        );
    }

    #[test]
    fn rename_to_another_import_name_clashes() {
        let named = A.replace(
            "import errorspkg",
            "import errors \"example.com/errs\"\nimport errorspkg",
        );
        let clash = alias_clash(&[("a.go", &named)], "errorspkg", "errors").unwrap();
        assert_eq!(
            clash,
            "the file already imports \"example.com/errs\" as errors (line 3)"
        );
        // An import not resolved counts with the name it is assumed to have.
        let unresolved = A.replace(
            "import errorspkg",
            "import \"example.com/errors/v2\"\nimport errorspkg",
        );
        let clash = alias_clash(&[("a.go", &unresolved)], "errorspkg", "errors").unwrap();
        assert!(
            clash.contains("\"example.com/errors/v2\" as errors"),
            "{clash}"
        );
        // A dot import brings exported names in.
        let dot = A.replace(
            "import errorspkg",
            "import . \"example.com/dsl\"\nimport errorspkg",
        );
        let clash = alias_clash(&[("a.go", &dot)], "errorspkg", "Errors").unwrap();
        assert!(clash.contains("dot-imports"), "{clash}");
        assert_eq!(alias_clash(&[("a.go", &dot)], "errorspkg", "errors"), None);
    }

    #[test]
    fn rename_to_a_local_name_of_the_file_clashes() {
        let local =
            format!("{A}\nfunc f(errors []error) error {{ return errorspkg.Join(errors...) }}\n");
        let clash = alias_clash(&[("a.go", &local)], "errorspkg", "errors").unwrap();
        assert_eq!(
            clash,
            "errors is declared inside a function in p/a.go:7, where it would capture a use"
        );
        // Another file's locals capture nothing here.
        let b = "package p\n\nfunc g() { errors := 1; _ = errors }\n";
        assert_eq!(
            alias_clash(&[("a.go", A), ("b.go", b)], "errorspkg", "errors"),
            None
        );
    }

    #[test]
    fn a_file_that_cannot_be_parsed_hides_nothing() {
        let broken = "package p\n\nfunc ( {\n\terrors\n";
        let clash = alias_clash(&[("a.go", A), ("b.go", broken)], "errorspkg", "errors").unwrap();
        assert!(
            clash.contains("p/b.go, which cannot be read or parsed"),
            "{clash}"
        );
    }

    #[test]
    fn a_misparsed_file_declares_nothing_known() {
        assert_eq!(declared_names(b"package p\nfunc (\n"), None);
    }
}
