//! What the import-alias rules share: the aliased imports they look at, and the spans
//! their fixes edit.

use super::Context;
use crate::package::Directory;

/// An import with an explicit alias (not `_` or `.`) in a file the import-alias rules
/// check, with its package's real name when it is known.
pub(super) struct AliasedImport<'a> {
    pub(super) file: &'a crate::package::SourceFile,
    pub(super) import: &'a crate::header::Import,
    pub(super) name: &'a crate::header::Spanned<crate::header::ImportName>,
    pub(super) alias: &'a str,
    pub(super) real: Option<&'a str>,
}

/// Every aliased import of `dir` the import-alias rules look at, in file and source order.
pub(super) fn aliased_imports<'a>(
    dir: &'a Directory,
    context: &'a Context,
) -> impl Iterator<Item = AliasedImport<'a>> {
    let real_names = context.resolutions.of(dir);
    dir.files
        .iter()
        .filter(|file| context.options.alias_rules_apply(file))
        .flat_map(move |file| {
            file.go.imports.iter().filter_map(move |import| {
                let name = import.name.as_ref()?;
                let crate::header::ImportName::Alias(alias) = &name.value else {
                    return None;
                };
                let real = real_names.name(&import.path.value);
                Some(AliasedImport {
                    file,
                    import,
                    name,
                    alias,
                    real,
                })
            })
        })
}

/// The span from an import's alias up to its path string: deleting it drops the alias.
pub(super) fn alias_removal(import: &crate::header::Import) -> Option<crate::diagnostic::Span> {
    let name = import.name.as_ref()?;
    let mut span = name.span;
    span.end = import.path.span.start;
    span.end_line = import.path.span.line;
    span.end_column = import.path.span.column;
    Some(span)
}

/// An empty span at the start of `span`: where an insertion goes.
pub(super) fn insertion_before(span: crate::diagnostic::Span) -> crate::diagnostic::Span {
    crate::diagnostic::Span {
        end: span.start,
        end_line: span.line,
        end_column: span.column,
        ..span
    }
}

/// The local name an import binds: its alias, else the real name when known.
pub(super) fn local_name<'a>(
    import: &'a crate::header::Import,
    real: Option<&'a str>,
) -> Option<&'a str> {
    match &import.name {
        Some(name) => match &name.value {
            crate::header::ImportName::Alias(alias) => Some(alias),
            _ => None,
        },
        None => real,
    }
}
