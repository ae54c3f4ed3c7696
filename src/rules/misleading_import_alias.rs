//! `misleading-import-alias`: an alias that names a different package than the one it
//! binds.

use super::alias::{AliasedImport, aliased_imports};
use super::{Context, Level, Rule, RuleInfo};
use crate::diagnostic::{Diagnostic, Severity};
use crate::importpath::{NameMode, expected_names, is_version_element};
use crate::package::Directory;

/// `misleading-import-alias`: an alias that names another package.
pub struct MisleadingImportAlias;

static INFO: RuleInfo = RuleInfo {
    name: "misleading-import-alias",
    default: Level::Off,
    summary: "alias that names a different package: a standard package, another import of the module, a predeclared identifier, or another version",
    doc: include_str!("../../rules/misleading-import-alias.md"),
    needs_real_names: true,
    reads_importers: false,
    options: &["allow", "std-names"],
    supersedes: &["inconsistent-import-alias"],
    fix: None,
    scope: super::Scope::Module,
};

/// Standard package names readers know on sight (the default `std-names`).
const COMMON_STD_NAMES: &[&str] = &[
    "atomic", "base64", "bufio", "bytes", "context", "crypto", "csv", "errors", "exec", "filepath",
    "flag", "fmt", "fs", "hash", "heap", "hex", "html", "http", "httptest", "io", "ioutil", "json",
    "log", "maps", "math", "net", "os", "path", "rand", "reflect", "regexp", "slices", "slog",
    "sort", "sql", "strconv", "strings", "sync", "template", "testing", "time", "tls", "unicode",
    "url", "utf8", "xml",
];

/// Every standard package name outside `internal` and `vendor` (Go 1.27), for
/// `std-names = "all"`.
const ALL_STD_NAMES: &[&str] = &[
    "adler32",
    "aes",
    "ascii85",
    "asn1",
    "ast",
    "atomic",
    "base32",
    "base64",
    "big",
    "binary",
    "bits",
    "bufio",
    "build",
    "buildinfo",
    "bytes",
    "bzip2",
    "cgi",
    "cgo",
    "cipher",
    "cmp",
    "cmplx",
    "color",
    "comment",
    "constant",
    "constraint",
    "context",
    "cookiejar",
    "coverage",
    "crc32",
    "crc64",
    "crypto",
    "cryptotest",
    "csv",
    "debug",
    "des",
    "doc",
    "draw",
    "driver",
    "dsa",
    "dwarf",
    "ecdh",
    "ecdsa",
    "ed25519",
    "elf",
    "elliptic",
    "embed",
    "encoding",
    "errors",
    "exec",
    "expvar",
    "fcgi",
    "filepath",
    "fips140",
    "flag",
    "flate",
    "fmt",
    "fnv",
    "format",
    "fs",
    "fstest",
    "gif",
    "gob",
    "gosym",
    "gzip",
    "hash",
    "heap",
    "hex",
    "hkdf",
    "hmac",
    "hpke",
    "html",
    "http",
    "httptest",
    "httptrace",
    "httputil",
    "image",
    "importer",
    "io",
    "iotest",
    "ioutil",
    "iter",
    "jpeg",
    "json",
    "jsonrpc",
    "jsontext",
    "list",
    "log",
    "lzw",
    "macho",
    "mail",
    "maphash",
    "maps",
    "math",
    "md5",
    "metrics",
    "mime",
    "mldsa",
    "mlkem",
    "mlkemtest",
    "multipart",
    "net",
    "netip",
    "os",
    "palette",
    "parse",
    "parser",
    "path",
    "pbkdf2",
    "pe",
    "pem",
    "pkix",
    "plan9obj",
    "plugin",
    "png",
    "pprof",
    "printer",
    "quick",
    "quotedprintable",
    "race",
    "rand",
    "rc4",
    "reflect",
    "regexp",
    "ring",
    "rpc",
    "rsa",
    "runtime",
    "scanner",
    "sha1",
    "sha256",
    "sha3",
    "sha512",
    "signal",
    "slices",
    "slog",
    "slogtest",
    "smtp",
    "sort",
    "sql",
    "strconv",
    "strings",
    "structs",
    "subtle",
    "suffixarray",
    "sync",
    "synctest",
    "syntax",
    "syscall",
    "syslog",
    "tabwriter",
    "tar",
    "template",
    "testing",
    "textproto",
    "time",
    "tls",
    "token",
    "trace",
    "types",
    "tzdata",
    "unicode",
    "unique",
    "unsafe",
    "url",
    "user",
    "utf16",
    "utf8",
    "uuid",
    "version",
    "weak",
    "x509",
    "xml",
    "zip",
    "zlib",
];

/// The predeclared identifiers of the universe block.
const PREDECLARED: &[&str] = &[
    "any",
    "append",
    "bool",
    "byte",
    "cap",
    "clear",
    "close",
    "comparable",
    "complex",
    "complex128",
    "complex64",
    "copy",
    "delete",
    "error",
    "false",
    "float32",
    "float64",
    "imag",
    "int",
    "int16",
    "int32",
    "int64",
    "int8",
    "iota",
    "len",
    "make",
    "max",
    "min",
    "new",
    "nil",
    "panic",
    "print",
    "println",
    "real",
    "recover",
    "rune",
    "string",
    "true",
    "uint",
    "uint16",
    "uint32",
    "uint64",
    "uint8",
    "uintptr",
];

/// The version token an alias ends with (`infrav1alpha4` ends with `v1alpha4`).
fn alias_version(alias: &str) -> Option<&str> {
    (0..alias.len())
        .filter(|&i| {
            alias[i..].starts_with('v')
                && (i == 0 || !alias[..i].ends_with(|c: char| c.is_ascii_digit()))
        })
        .map(|i| &alias[i..])
        .find(|tail| is_version_element(tail))
}

/// The last version element of an import path.
fn path_version(path: &str) -> Option<&str> {
    path.rsplit('/').find(|e| is_version_element(e))
}

/// Whether the digits of a version token belong to the package's own name: `cgroupsv2`
/// for package `cgroup2` names the package, not a version 2.
fn names_own_digits(said: &str, name: &str) -> bool {
    let digits = said.trim_start_matches('v');
    digits.bytes().all(|b| b.is_ascii_digit()) && name.ends_with(digits)
}

impl MisleadingImportAlias {
    /// Why `alias` misleads, if it does. Without the real name (`real` is `None`), only
    /// what the path alone shows: a standard package's name, a predeclared identifier, a
    /// version that contradicts the path.
    fn reason(
        &self,
        dir: &Directory,
        context: &Context,
        alias: &str,
        path: &str,
        real: Option<&str>,
    ) -> Option<String> {
        let std_names = if context.options.misleading_all_std_names {
            ALL_STD_NAMES
        } else {
            COMMON_STD_NAMES
        };
        if std_names.contains(&alias) {
            return Some(format!(
                "{alias} is the name of a standard package, but this import is \"{path}\""
            ));
        }
        if PREDECLARED.contains(&alias) {
            return Some(format!(
                "{alias} shadows the predeclared identifier {alias}"
            ));
        }
        let own_name = real.unwrap_or_else(|| path.rsplit('/').next().unwrap_or(path));
        if let (Some(said), Some(version)) = (alias_version(alias), path_version(path))
            && said != version
            && !names_own_digits(said, own_name)
        {
            return Some(format!(
                "alias {alias} says {said}, but \"{path}\" is version {version}"
            ));
        }
        // A name the module already reads as another package (version names excepted).
        if real.is_none() || is_version_element(alias) {
            return None;
        }
        let usage = context.usage.module(dir)?;
        // The module's own name for this path is no surprise, whatever a few others call
        // by it.
        if let Some(names) = usage.names.get(path) {
            let total: usize = names.values().map(Vec::len).sum();
            let uses = names.get(alias).map_or(0, Vec::len);
            if uses * 2 > total {
                return None;
            }
        }
        // Only where a reader meets both meanings: another file of this package imports
        // a different path under that name, unaliased.
        let real_names = context.resolutions.of(dir);
        let other = dir
            .files
            .iter()
            .flat_map(|f| &f.go.imports)
            .filter(|other| other.name.is_none() && other.path.value != path)
            .map(|other| other.path.value.as_str())
            .find(|other| real_names.name(other) == Some(alias))?;
        Some(format!(
            "{alias} is the name of \"{other}\" elsewhere in this package, but this import is \"{path}\""
        ))
    }
}

impl Rule for MisleadingImportAlias {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, dir: &Directory, context: &Context, out: &mut Vec<Diagnostic>) {
        for AliasedImport {
            file,
            import,
            name,
            alias,
            real,
        } in aliased_imports(dir, context)
        {
            let path = &import.path.value;
            if context.options.misleading_allow.contains(path) {
                continue;
            }
            // An alias that is the package's name, or a name its path implies (goimports'
            // guess among them), names what every reader expects.
            if Some(alias) == real
                || expected_names(path, NameMode::Goimports)
                    .iter()
                    .any(|n| n == alias)
            {
                continue;
            }
            let Some(reason) = self.reason(dir, context, alias, path, real) else {
                continue;
            };
            let (package, suggestion) = match real {
                Some(real) => (format!(" (package {real})"), format!(", such as {real}")),
                None => (String::new(), String::new()),
            };
            let message = format!("misleading alias: {reason}{package}");
            let help = format!(
                "choose an alias that names this package{suggestion}; list the path in `misleading-import-alias.allow` if it is a deliberate drop-in replacement"
            );
            out.push(
                INFO.finding(Severity::Warning, &file.go.path, name.span, message)
                    .with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_tokens() {
        assert_eq!(alias_version("infrav1alpha4"), Some("v1alpha4"));
        assert_eq!(alias_version("metav1"), Some("v1"));
        assert_eq!(alias_version("v2"), Some("v2"));
        assert_eq!(alias_version("dev"), None);
        assert_eq!(alias_version("sha256v"), None);
        assert_eq!(
            path_version("sigs.k8s.io/cluster-api/api/v1beta1"),
            Some("v1beta1")
        );
        assert_eq!(path_version("example.com/x"), None);
        assert!(names_own_digits("v2", "cgroup2"));
        assert!(!names_own_digits("v2", "cgroups"));
        assert!(!names_own_digits("v1beta1", "api1"));
    }
}
