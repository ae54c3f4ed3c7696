//! Reading a file's header from disk: only the prefix that holds it, grown until the
//! imports end.

use super::scan::*;
use super::*;

/// Reads and parses the header of the file at `path`, labelling the result `shown`.
pub fn read_file(path: &Path, shown: &Path) -> FileRead {
    // Opening a FIFO blocks until a writer comes, and a device may never end: only
    // regular files are read.
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => read_regular_file(path, shown),
        Ok(_) => Err(unreadable(
            shown,
            std::io::Error::other("not a regular file"),
        )),
        Err(err) => Err(unreadable(shown, err)),
    }
}

/// [`read_file`] for a path that a directory listing has just shown to be a regular file
/// (as the walker knows without asking the system again).
pub fn read_regular_file(path: &Path, shown: &Path) -> FileRead {
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        let read = read_prefix(path, &mut buffer);
        let result = match read {
            Ok((len, scan)) => {
                let source = &buffer[..len];
                let scan = scan.unwrap_or_else(|| scan_header(source, bom_len(source)));
                parse_scanned(shown, source, scan, true)
            }
            Err(err) => Err(unreadable(shown, err)),
        };
        // A rare huge header must not pin its buffer for the rest of the run.
        if buffer.len() > KEPT_BUFFER {
            *buffer = Vec::new();
        }
        result
    })
}

/// The finding for a file that cannot be read.
pub(super) fn unreadable(shown: &Path, err: std::io::Error) -> InvalidFile {
    InvalidFile {
        path: shown.to_path_buf(),
        message: format!("cannot read file: {err}"),
        span: Span::from_offsets(b"", 0, 0),
    }
}

/// The first read: one page, which holds 99% of the standard library's headers.
pub(super) const FIRST_READ: usize = 4 * 1024;
/// The steps after it: 16 KiB, then 32, 64... more.
pub(super) const STEP: usize = 16 * 1024;
/// How far past the header's end a read must reach before the end is certain: a token cut
/// by the end of the buffer (`imp`) must not pass for the token after the imports.
pub(super) const LOOKAHEAD: usize = 64;
/// The largest read buffer a thread keeps between files.
pub(super) const KEPT_BUFFER: usize = 256 * 1024;

thread_local! {
    /// Each thread reads every file into the same buffer: no allocation per file.
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Reads the prefix of the file that holds its header into `buf`, returning its length
/// and, when known, the [`scan_header`] of that prefix: 4 KiB first, then up to 16 KiB,
/// then 32, 64... KiB more each time the header has not ended, never the whole of a large
/// file whose header ends early.
///
/// The header is known to have ended once [`header_end`] stops `LOOKAHEAD` bytes before
/// the end of what was read. When the file starts with its package clause, nothing that
/// [`parse_header`] looks at lies past that point (the build-constraint scan stops at the
/// clause's line), so the first read that reaches it ends the reading: one `read` call for
/// almost every file. Otherwise each step from 16 KiB on is filled (to the end of the file
/// at most) before it is judged, so what the parser is given never depends on how the
/// system split the reads.
pub(super) fn read_prefix(
    path: &Path,
    buf: &mut Vec<u8>,
) -> std::io::Result<(usize, Option<HeaderScan>)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut filled = 0;
    let mut limit = FIRST_READ;
    let mut scan = None;
    loop {
        if buf.len() < limit {
            buf.resize(limit, 0);
        }
        let read = match file.read(&mut buf[filled..limit]) {
            Ok(read) => read,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if read == 0 {
            return Ok((filled, scan));
        }
        filled += read;
        let source = &buf[..filled];
        let found = scan_header(source, bom_len(source));
        scan = Some(found);
        let ended = found.end + LOOKAHEAD < filled;
        if ended && (found.clause_first || (filled == limit && limit >= STEP)) {
            return Ok((filled, scan));
        }
        if filled == limit {
            limit = if limit < STEP { STEP } else { 2 * limit + STEP };
        }
    }
}
