//! Differences between a file's contents and its fixed contents: narrow edits (what a
//! fix offers, what a code action sends) and unified diffs (`--diff`).

use super::FileFix;

/// The replacements (byte range of `original`, new text) that turn `original` into
/// `fixed`: changed lines paired one to one when the line count holds (a rename), else one
/// replacement of the changed block; each narrowed to the words that differ, so that an
/// edit reads as the change it is and an editor keeps its cursor and marks.
pub fn edits_between(original: &[u8], fixed: &[u8]) -> Vec<(usize, usize, String)> {
    let a: Vec<&[u8]> = original.split_inclusive(|&b| b == b'\n').collect();
    let b: Vec<&[u8]> = fixed.split_inclusive(|&b| b == b'\n').collect();
    let prefix = common_prefix(&a, &b);
    let suffix = common_suffix(&a[prefix..], &b[prefix..]);
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
    let mut head = common_prefix(old, new);
    while head > 0 && word(old[head - 1]) {
        head -= 1;
    }
    let mut tail = common_suffix(&old[head..], &new[head..]);
    while tail > 0 && word(old[old.len() - tail]) {
        tail -= 1;
    }
    let text = String::from_utf8_lossy(&new[head..new.len() - tail]).into_owned();
    (offset + head, offset + old.len() - tail, text)
}

/// How many leading items `a` and `b` share.
fn common_prefix<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// How many trailing items `a` and `b` share.
fn common_suffix<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
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
}
