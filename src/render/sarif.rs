//! `--format sarif`: SARIF 2.1.0, with what GitHub code scanning requires.

use super::SourceFiles;
use super::fingerprint::fingerprints;
use crate::Report;
use crate::diagnostic::{Applicability, Fix, Span};
use crate::rules::{Level, RULES, RuleInfo, slash};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text<'static>,
    full_description: Text<'static>,
    help: Help,
    default_configuration: Configuration,
}

/// A SARIF message or description in plain text.
#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

/// A finding's fix: every replacement it makes, file by file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<'a>,
    artifact_changes: Vec<ArtifactChange<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

pub(super) fn render(report: &Report, files: &SourceFiles, out: &mut dyn Write) -> io::Result<()> {
    let mut lines = Lines {
        files,
        texts: HashMap::new(),
    };
    let results = report
        .diagnostics
        .iter()
        .zip(fingerprints(report))
        .map(|(d, fingerprint)| SarifResult {
            rule_id: d.rule,
            // Findings outside RULES (an internal error) have no descriptor to point at.
            rule_index: RULES.iter().position(|r| r.info().name == d.rule),
            level: d.severity.as_str(),
            message: text(&d.message),
            locations: [Location {
                id: None,
                physical_location: lines.physical(&d.path, d.span),
                message: None,
            }],
            related_locations: d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| Location {
                    id: Some(i),
                    physical_location: lines.physical(&r.path, r.span),
                    message: Some(text(&r.message)),
                })
                .collect(),
            partial_fingerprints: BTreeMap::from([("golayout/v1", fingerprint)]),
            fixes: d.fix.iter().map(|fix| lines.fix(fix)).collect(),
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "golayout",
                    version: env!("CARGO_PKG_VERSION"),
                    // Cargo sets this to "" while Cargo.toml names no repository, and
                    // SARIF wants a URI or nothing.
                    information_uri: Some(env!("CARGO_PKG_REPOSITORY"))
                        .filter(|uri| !uri.is_empty()),
                    rules: RULES.iter().map(|r| rule(r.info())).collect(),
                },
            },
            column_kind: "utf16CodeUnits",
            results,
        }],
    };
    // Serialise first so that a write error keeps its kind (a closed pipe stays quiet).
    let text = serde_json::to_string_pretty(&log).map_err(io::Error::other)?;
    writeln!(out, "{text}")
}

fn text(text: &str) -> Text<'_> {
    Text { text: text.into() }
}

fn rule(info: &'static RuleInfo) -> Rule {
    Rule {
        id: info.name,
        name: pascal_case(info.name),
        short_description: text(info.summary),
        full_description: Text {
            text: what_it_does(info.doc).into(),
        },
        help: Help {
            text: info.doc,
            markdown: info.doc,
        },
        default_configuration: Configuration {
            level: match info.default {
                Level::Off => "none",
                Level::Warning => "warning",
                Level::Error => "error",
            },
        },
    }
}

/// `multiple-packages` -> `MultiplePackages`, SARIF's customary form of a rule name.
fn pascal_case(name: &str) -> String {
    name.split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

/// The text of a rule document's "What it does" section, with its hard-wrapped lines
/// joined (plain-text viewers would show the breaks) but list items kept apart.
fn what_it_does(doc: &str) -> String {
    let section = doc
        .split("\n## ")
        .find_map(|s| s.strip_prefix("What it does\n"))
        .unwrap_or("");
    let mut text = String::new();
    for line in section.trim().lines().map(str::trim) {
        if line.is_empty() {
            if !text.ends_with('\n') {
                text.push_str("\n\n");
            }
        } else if text.is_empty() || text.ends_with('\n') {
            text.push_str(line);
        } else if line.starts_with("- ") || line.starts_with("* ") {
            text.push('\n');
            text.push_str(line);
        } else {
            text.push(' ');
            text.push_str(line);
        }
    }
    text
}

/// Source files read once each, to turn byte columns into UTF-16 code units.
struct Lines<'a> {
    files: &'a SourceFiles<'a>,
    texts: HashMap<PathBuf, Option<Vec<u8>>>,
}

impl Lines<'_> {
    fn fix<'f>(&mut self, fix: &'f Fix) -> SarifFix<'f> {
        let mut changes: Vec<ArtifactChange> = Vec::new();
        for edit in &fix.edits {
            let replacement = Replacement {
                deleted_region: self.physical(&edit.path, edit.span).region,
                inserted_content: text(&edit.content),
            };
            let location = artifact(&edit.path);
            match changes
                .iter_mut()
                .find(|c| c.artifact_location.uri == location.uri)
            {
                Some(change) => change.replacements.push(replacement),
                None => changes.push(ArtifactChange {
                    artifact_location: location,
                    replacements: vec![replacement],
                }),
            }
        }
        let description = match fix.applicability {
            Applicability::Safe => text(&fix.description),
            Applicability::Unsafe => Text {
                text: format!("{} (unsafe fix)", fix.description).into(),
            },
        };
        SarifFix {
            description,
            artifact_changes: changes,
        }
    }

    fn physical(&mut self, path: &Path, span: Span) -> PhysicalLocation {
        // SARIF lines start at 1; a span that never got one still points at the file.
        let start_line = span.line.max(1);
        let end_line = span.end_line.max(start_line);
        PhysicalLocation {
            artifact_location: artifact(path),
            region: Region {
                start_line,
                start_column: self.utf16_column(path, start_line, span.column),
                end_line,
                end_column: self.utf16_column(path, end_line, span.end_column),
            },
        }
    }

    /// The 1-based UTF-16 column of 1-based byte `column` on `line`; the byte column
    /// itself when the file cannot be read.
    fn utf16_column(&mut self, path: &Path, line: u32, column: u32) -> u32 {
        let files = self.files;
        let text = self
            .texts
            .entry(path.to_path_buf())
            .or_insert_with(|| files.read(path));
        let column = column.max(1);
        let Some(text) = text else {
            return column;
        };
        let Some(line) = text.split(|&b| b == b'\n').nth(line as usize - 1) else {
            return column;
        };
        let bytes = column as usize - 1;
        let prefix = &line[..bytes.min(line.len())];
        let units = String::from_utf8_lossy(prefix).encode_utf16().count();
        // A column past the line's end (at its newline) counts the rest as one unit each.
        (units + bytes.saturating_sub(line.len()) + 1) as u32
    }
}

/// Where a file is: relative to the source root when the path is, else a `file` URI.
fn artifact(path: &Path) -> ArtifactLocation {
    let slashed = slash(path);
    if path.is_absolute() {
        let rooted = if slashed.starts_with('/') {
            slashed
        } else {
            format!("/{slashed}")
        };
        ArtifactLocation {
            uri: format!("file://{}", encode_uri_path(&rooted)),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: encode_uri_path(&slashed),
            uri_base_id: Some("%SRCROOT%"),
        }
    }
}

/// Percent-encodes every byte of a `/`-separated path except unreserved characters and
/// `/`: a URI may not hold spaces or non-ASCII, and a `:` could read as a scheme.
fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
