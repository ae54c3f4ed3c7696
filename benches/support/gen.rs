//! Writes a synthetic Go module of N `.go` files for golayout's scaling benchmark.
//!
//! ```text
//! cargo run --release --example gen -- OUT N [SEED]
//! ```
//!
//! The tree is deterministic for a given N and seed: `OUT/go.mod` (module
//! `example.com/gen`) and directories `pNNN/qNNN/` of about eight files each, as in real
//! code. Headers look like real ones: a licence comment, sometimes a package comment,
//! `//go:build` lines, external test packages, 5 to 30 imports of the standard library
//! and of the module's own packages, some aliased, a few `.` and `_` imports. About 2% of
//! the files carry a fault a default rule reports: a package clause that does not match
//! the directory, a duplicate or inconsistently aliased import, an alias that shadows a
//! standard package, an unreadable header, a suppression directive. Bodies hold a few
//! small functions so that file sizes resemble the standard library's (median ~2.5 KB).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Files per directory.
pub const PER_DIR: usize = 8;
/// Subdirectories per top-level directory.
const FANOUT: usize = 256;

const STD: &[&str] = &[
    "bufio",
    "bytes",
    "context",
    "encoding/json",
    "errors",
    "fmt",
    "io",
    "io/fs",
    "log",
    "math",
    "net/http",
    "os",
    "path/filepath",
    "reflect",
    "regexp",
    "sort",
    "strconv",
    "strings",
    "sync",
    "sync/atomic",
    "time",
    "unicode/utf8",
    "crypto/sha256",
    "encoding/binary",
    "hash/crc32",
    "math/rand/v2",
    "net/url",
    "os/exec",
    "runtime",
    "text/template",
];

const BUILD_LINES: &[&str] = &[
    "linux",
    "!windows",
    "amd64 || arm64",
    "linux && !android",
    "unix",
    "go1.22",
];

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// The directory of package number `k`, relative to the module root.
pub fn dir_of(k: usize) -> String {
    format!("p{:03}/q{:03}", k / FANOUT, k % FANOUT)
}

/// The package name of package number `k` (its directory's last element).
fn name_of(k: usize) -> String {
    format!("q{:03}", k % FANOUT)
}

/// What [`write_tree`] wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    pub files: usize,
    pub dirs: usize,
    pub bytes: u64,
}

/// Writes a module of `n` Go files under `out` (which must be empty or absent).
pub fn write_tree(out: &Path, n: usize, seed: u64) -> std::io::Result<Written> {
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("go.mod"), "module example.com/gen\n\ngo 1.22\n")?;
    let dirs = n.div_ceil(PER_DIR);
    let mut written = Written {
        dirs,
        ..Written::default()
    };
    let mut rng = Rng::new(seed);
    let mut text = String::with_capacity(16 * 1024);
    for k in 0..dirs {
        let dir: PathBuf = out.join(dir_of(k));
        std::fs::create_dir_all(&dir)?;
        let in_dir = PER_DIR.min(n - k * PER_DIR);
        for i in 0..in_dir {
            text.clear();
            let name = file_text(&mut text, &mut rng, k, i, dirs);
            let mut file = std::fs::File::create(dir.join(name))?;
            file.write_all(text.as_bytes())?;
            written.files += 1;
            written.bytes += text.len() as u64;
        }
    }
    Ok(written)
}

/// Writes one file's text into `out`; returns the file's name.
fn file_text(out: &mut String, rng: &mut Rng, k: usize, i: usize, dirs: usize) -> String {
    let mut package = name_of(k);
    let test = i == PER_DIR - 1 && rng.percent(60);
    let external_test = test && rng.percent(50);
    let file_name = if test {
        format!("f{i}_test.go")
    } else if rng.percent(10) {
        format!("f{i}_linux.go")
    } else {
        format!("f{i}.go")
    };
    if external_test {
        package.push_str("_test");
    }
    // One file in fifty carries a fault.
    let fault = if rng.percent(2) { rng.below(6) + 1 } else { 0 };

    if rng.percent(70) {
        out.push_str("// Copyright 2026 The Gen Authors. All rights reserved.\n");
        out.push_str("// Use of this source code is governed by a BSD-style\n");
        out.push_str("// license that can be found in the LICENSE file.\n\n");
    }
    if rng.percent(15) {
        let line = BUILD_LINES[rng.below(BUILD_LINES.len())];
        let _ = writeln!(out, "//go:build {line}\n");
    }
    if fault == 6 {
        out.push_str("//golayout:file-ignore multiple-packages generated elsewhere\n");
    }
    if i == 0 && rng.percent(50) {
        let _ = writeln!(
            out,
            "// Package {package} is package number {k} of the tree."
        );
    }
    match fault {
        1 | 6 => {
            let _ = writeln!(out, "package {package}x\n");
        }
        5 => out.push_str("package\n\n"),
        _ => {
            let _ = writeln!(out, "package {package}\n");
        }
    }

    // Imports: standard ones and the module's own packages.
    let count = 5 + rng.below(26);
    let mut specs: Vec<String> = Vec::with_capacity(count + 2);
    let mut used: Vec<usize> = Vec::new();
    for _ in 0..count {
        if rng.percent(60) || dirs < 2 {
            let p = STD[rng.below(STD.len())];
            if specs.iter().any(|s| s.ends_with(&format!("\"{p}\""))) {
                continue;
            }
            specs.push(format!("\"{p}\""));
        } else {
            let target = rng.below(dirs);
            if target == k || used.contains(&target) {
                continue;
            }
            used.push(target);
            let path = format!("example.com/gen/{}", dir_of(target));
            if target.is_multiple_of(11) {
                // Some packages are always imported under the same alias.
                specs.push(format!("pkg{target} \"{path}\""));
            } else {
                specs.push(format!("\"{path}\""));
            }
        }
    }
    if external_test {
        specs.push(format!("\"example.com/gen/{}\"", dir_of(k)));
    }
    if rng.percent(3) {
        specs.push("_ \"embed\"".to_string());
    }
    if test && rng.percent(10) {
        specs.push(". \"testing\"".to_string());
    }
    if fault == 2 && !specs.is_empty() {
        specs.push(specs[0].clone());
    }
    if fault == 3 && dirs > 1 {
        // An alias no other file uses.
        let target = (k + 1) % dirs;
        specs.retain(|s| !s.contains(&format!("/{}\"", dir_of(target))));
        specs.push(format!("odd \"example.com/gen/{}\"", dir_of(target)));
    }
    if fault == 4 {
        specs.push("strings \"example.com/gen/p000/q000\"".to_string());
    }
    specs.sort();
    out.push_str("import (\n");
    for spec in &specs {
        if fault == 6 && spec.starts_with("\"os\"") {
            out.push_str("\t//golayout:ignore duplicate-import kept on purpose\n");
        }
        let _ = writeln!(out, "\t{spec}");
    }
    out.push_str(")\n\n");

    // A body of a few small functions.
    for f in 0..6 + rng.below(14) {
        let _ = writeln!(
            out,
            "// F{f} does step {f} of the work of file {i}.\nfunc F{i}x{f}(n int) int {{\n\tfor j := 0; j < n; j++ {{\n\t\tn += j * {f}\n\t}}\n\ts := \"import \\\"not/an/import\\\"\"\n\t_ = s\n\treturn n\n}}\n"
        );
    }
    file_name
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 || args.len() > 3 {
        eprintln!("usage: gen OUT N [SEED]");
        std::process::exit(2);
    }
    let out = PathBuf::from(&args[0]);
    let n: usize = args[1].parse().unwrap_or_else(|_| {
        eprintln!("gen: N must be a number of files");
        std::process::exit(2)
    });
    let seed: u64 = args.get(2).map_or(1, |s| s.parse().unwrap_or(1));
    if out.exists() && std::fs::read_dir(&out).map_or(true, |mut d| d.next().is_some()) {
        eprintln!("gen: {} exists and is not empty", out.display());
        std::process::exit(2);
    }
    match write_tree(&out, n, seed) {
        Ok(w) => println!(
            "wrote {} files ({} bytes) in {} directories under {}",
            w.files,
            w.bytes,
            w.dirs,
            out.display()
        ),
        Err(err) => {
            eprintln!("gen: {err}");
            std::process::exit(1);
        }
    }
}
