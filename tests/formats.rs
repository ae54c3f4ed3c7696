//! Every output format, rendered from one fixed report and compared with the reviewed
//! snapshots in `tests/snapshots/<format>.txt`. After a deliberate change, rewrite them
//! with `UPDATE_SNAPSHOTS=1 cargo test --test formats` and review the diff.

use clap::ValueEnum;
use golayout::Report;
use golayout::diagnostic::{Applicability, Diagnostic, Edit, Fix, Related, Severity, Span};
use golayout::render::{self, Format, github};
use golayout::rules::RULES;
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The files the findings point into; `gone/missing.go` is deliberately absent.
const FILES: &[(&str, &str)] = &[
    (
        "app/main.go",
        "package main\n\nimport (\n\t\"fmt\"\n\tfmt \"fmt\"\n)\n",
    ),
    ("app/other.go", "package other\n"),
    (
        "lib/café.go",
        "package lib\n\nimport é /* 🙂 */ \"example.com/e/internal\"\n",
    ),
    (
        "lib/util.go",
        "package lib\n\nimport (\n\tstr \"strings\"\n\tstr2 \"strings\"\n)\n",
    ),
];

/// A message with every character some format must escape.
const AWKWARD: &str = "found packages main (main.go) and other (other.go) in app: 100% \"sure\", <really> & truly\nsecond line";

fn text_of(path: &str) -> &'static str {
    FILES.iter().find(|(p, _)| *p == path).unwrap().1
}

/// The span of the first occurrence of `needle` in `path`'s text.
fn span(path: &str, needle: &str) -> Span {
    let text = text_of(path);
    let start = text.find(needle).unwrap();
    Span::from_offsets(text.as_bytes(), start, start + needle.len())
}

fn finding(
    rule: &'static str,
    severity: Severity,
    path: &str,
    at: Span,
    message: &str,
) -> Diagnostic {
    Diagnostic {
        rule,
        severity,
        message: message.to_string(),
        path: PathBuf::from(path),
        span: at,
        help: None,
        related: Vec::new(),
        fix: None,
    }
}

fn report() -> Report {
    let mut diagnostics = Vec::new();

    let mut conflict = finding(
        "multiple-packages",
        Severity::Error,
        "app/main.go",
        span("app/main.go", "main"),
        AWKWARD,
    );
    conflict.related.push(Related {
        path: PathBuf::from("app/other.go"),
        span: span("app/other.go", "other"),
        message: "package other, declared here".to_string(),
    });
    diagnostics.push(conflict);

    let alias = span("app/main.go", "fmt ");
    let mut redundant = finding(
        "redundant-import-alias",
        Severity::Warning,
        "app/main.go",
        Span::from_offsets(
            text_of("app/main.go").as_bytes(),
            alias.start,
            alias.start + 3,
        ),
        "alias fmt is the package's own name",
    );
    redundant.help = Some("remove the alias".to_string());
    redundant.fix = Some(Fix::new(
        Applicability::Safe,
        "remove the alias fmt".to_string(),
        vec![Edit {
            path: PathBuf::from("app/main.go"),
            span: alias,
            content: String::new(),
        }],
    ));
    diagnostics.push(redundant);

    // Spans two lines of a file that cannot be read: byte columns stay as they are.
    diagnostics.push(finding(
        "invalid-go-file",
        Severity::Error,
        "gone/missing.go",
        Span {
            start: 0,
            end: 20,
            line: 1,
            column: 1,
            end_line: 2,
            end_column: 5,
        },
        "cannot read file: no such file or directory",
    ));

    // `é` (2 bytes, 1 UTF-16 unit) and `🙂` (4 bytes, 2 units) come before the span.
    let mut internal = finding(
        "internal-import",
        Severity::Error,
        "lib/café.go",
        span("lib/café.go", "\"example.com/e/internal\""),
        "use of internal package example.com/e/internal not allowed",
    );
    internal.related.push(Related {
        path: PathBuf::from("lib/café.go"),
        span: span("lib/café.go", "lib"),
        message: "in package lib".to_string(),
    });
    diagnostics.push(internal);

    // Two findings alike but for the line: their fingerprints must still differ.
    for alias in ["str", "str2"] {
        diagnostics.push(finding(
            "inconsistent-import-alias",
            Severity::Warning,
            "lib/util.go",
            span("lib/util.go", alias),
            "strings is imported as s elsewhere in the module",
        ));
    }

    let mut sorted = diagnostics.clone();
    sorted.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    assert_eq!(
        diagnostics, sorted,
        "the fixture must be sorted as check() sorts"
    );
    Report {
        diagnostics,
        errors: vec![],
        dirs_checked: 3,
        files_checked: 4,
        packages: vec![],
        declined: vec![],
    }
}

/// The report's files, written to a fresh directory that rendering takes as its cwd.
fn tree() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    for (path, text) in FILES {
        let path = temp.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    temp
}

fn rendered(report: &Report, format: Format, cwd: &Path) -> String {
    let mut out = Vec::new();
    let sources = render::SourceFiles::disk(cwd);
    render::render(report, format, false, &sources, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn name(format: Format) -> String {
    format.to_possible_value().unwrap().get_name().to_string()
}

/// Keeps the SARIF snapshot independent of the crate version and of the rule set, which
/// `sarif_describes_every_rule` and `sarif_is_well_formed` check against RULES instead:
/// the descriptor list shrinks to the one of multiple-packages with its texts elided,
/// and rule indexes are elided.
fn redact_sarif(text: &str) -> String {
    let mut out = Vec::new();
    let mut descriptors: Option<Vec<String>> = None;
    let mut block = Vec::new();
    for line in text.lines() {
        let key = line.trim_start();
        let indent = &line[..line.len() - key.len()];
        if let Some(kept) = &mut descriptors {
            if key.starts_with(']') {
                out.append(kept);
                out.push(format!(
                    "{indent}  \"[and one like it for each other rule]\""
                ));
                out.push(line.to_string());
                descriptors = None;
                continue;
            }
            block.push(line.to_string());
            // A descriptor ends with a brace at the indentation it started with.
            if key.starts_with('}') && indent.len() == block[0].len() - 1 {
                if block
                    .iter()
                    .any(|l| l.contains("\"id\": \"multiple-packages\""))
                {
                    kept.extend(elide_texts(&block));
                }
                block.clear();
            }
            continue;
        }
        match key {
            "\"rules\": [" => descriptors = Some(Vec::new()),
            _ if key.starts_with("\"ruleIndex\": ") => {
                out.push(format!("{indent}\"ruleIndex\": \"[index]\","));
                continue;
            }
            _ if key == format!("\"version\": \"{}\",", env!("CARGO_PKG_VERSION"))
                && out
                    .last()
                    .is_some_and(|l: &String| l.ends_with("\"name\": \"golayout\",")) =>
            {
                out.push(format!("{indent}\"version\": \"[VERSION]\","));
                continue;
            }
            _ => {}
        }
        out.push(line.to_string());
    }
    out.join("\n") + "\n"
}

/// A rule descriptor's lines with its description and help texts elided.
fn elide_texts(block: &[String]) -> Vec<String> {
    let mut in_text = false;
    block
        .iter()
        .map(|line| {
            let key = line.trim_start();
            if [
                "\"shortDescription\": {",
                "\"fullDescription\": {",
                "\"help\": {",
            ]
            .contains(&key)
            {
                in_text = true;
            } else if key.starts_with('}') {
                in_text = false;
            } else if in_text {
                let indent = &line[..line.len() - key.len()];
                let (field, _) = key.split_once(": ").unwrap();
                let comma = if key.ends_with(',') { "," } else { "" };
                return format!("{indent}{field}: \"[from RULES]\"{comma}");
            }
            line.clone()
        })
        .collect()
}

/// Compares `actual` with `tests/snapshots/<name>.txt`, or writes it there when
/// `UPDATE_SNAPSHOTS=1`. Returns a description of the difference, if any.
fn check_snapshot(name: &str, actual: &str) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return None;
    }
    let Ok(expected) = std::fs::read_to_string(&path) else {
        return Some(format!("{}: missing", path.display()));
    };
    (expected != actual).then(|| format!("{}:\n{}", path.display(), diff(&expected, actual)))
}

/// A line diff (`-` expected, `+` actual) by longest common subsequence.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // lcs[i][j]: the common subsequence length of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            (i, j) = (i + 1, j + 1);
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!("{:>4} + {}\n", j + 1, b[j]));
            j += 1;
        } else {
            out.push_str(&format!("{:>4} - {}\n", i + 1, a[i]));
            i += 1;
        }
    }
    if out.is_empty() {
        out.push_str("(the texts differ only in line endings)\n");
    }
    out
}

#[test]
fn every_format_matches_its_snapshot() {
    let temp = tree();
    let report = report();
    let mut failures = Vec::new();
    for &format in Format::value_variants() {
        let mut text = rendered(&report, format, temp.path());
        let temp_path = temp.path().to_string_lossy();
        assert!(!text.contains(&*temp_path), "{format:?} shows the temp dir");
        if format == Format::Sarif {
            text = redact_sarif(&text);
        }
        failures.extend(check_snapshot(&name(format), &text));
    }
    assert!(
        failures.is_empty(),
        "output differs from the snapshots (UPDATE_SNAPSHOTS=1 rewrites them):\n{}",
        failures.join("\n")
    );
}

fn sarif(report: &Report) -> (String, Value) {
    let temp = tree();
    let text = rendered(report, Format::Sarif, temp.path());
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
}

#[test]
fn sarif_is_well_formed() {
    let (text, value) = sarif(&report());
    let log: serde_sarif::sarif::Sarif = serde_json::from_str(&text).unwrap();
    assert_eq!(log.runs.len(), 1);
    // The model ignores unknown properties: a round trip that loses nothing shows that
    // every property is one SARIF defines, spelled right.
    let back = serde_json::to_string_pretty(&serde_json::to_value(&log).unwrap()).unwrap();
    let ours = serde_json::to_string_pretty(&value).unwrap();
    assert!(
        back == ours,
        "lost in the round trip:\n{}",
        diff(&ours, &back)
    );
    assert_eq!(value["version"], "2.1.0");
    assert_eq!(
        value["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &value["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            result["ruleId"],
            run["tool"]["driver"]["rules"][index]["id"]
        );
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn sarif_columns_count_utf16_units() {
    let report = report();
    let (_, value) = sarif(&report);
    let results = value["runs"][0]["results"].as_array().unwrap();
    let at = report
        .diagnostics
        .iter()
        .position(|d| d.rule == "internal-import")
        .unwrap();
    let d = &report.diagnostics[at];
    let location = &results[at]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "lib/caf%C3%A9.go");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    // `é` is one unit for two bytes, `🙂` two units for four.
    let region = &location["region"];
    assert_eq!(region["startColumn"], d.span.column - 3);
    assert_eq!(region["endColumn"], d.span.end_column - 3);
    // An unreadable file keeps byte columns.
    let at = report
        .diagnostics
        .iter()
        .position(|d| d.rule == "invalid-go-file")
        .unwrap();
    let region = &results[at]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startColumn"].clone(), region["endColumn"].clone()),
        (1.into(), 5.into())
    );
}

#[test]
fn sarif_describes_every_rule() {
    let (_, value) = sarif(&Report::default());
    let rules = value["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), RULES.len());
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (rule, descriptor) in RULES.iter().zip(rules) {
        let info = rule.info();
        assert_eq!(descriptor["id"], info.name);
        assert_eq!(descriptor["shortDescription"]["text"], info.summary);
        assert_eq!(descriptor["help"]["text"], info.doc);
        assert_eq!(descriptor["help"]["markdown"], info.doc);
        let full = descriptor["fullDescription"]["text"].as_str().unwrap();
        let section = info.doc.split("## What it does").nth(1).unwrap();
        let section = section.split("\n## ").next().unwrap();
        assert_eq!(words(full), words(section), "{}", info.name);
        let level = match info.default.as_str() {
            "off" => "none",
            other => other,
        };
        assert_eq!(descriptor["defaultConfiguration"]["level"], level);
    }
}

#[test]
fn gitlab_fingerprints_are_unique() {
    let temp = tree();
    let report = report();
    let value: Value =
        serde_json::from_str(&rendered(&report, Format::Gitlab, temp.path())).unwrap();
    let issues = value.as_array().unwrap();
    assert_eq!(issues.len(), report.diagnostics.len());
    let fingerprints: HashSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), issues.len());
}

#[test]
fn json_lines_are_the_json_elements() {
    let temp = tree();
    let report = report();
    let array: Value = serde_json::from_str(&rendered(&report, Format::Json, temp.path())).unwrap();
    let lines: Vec<Value> = rendered(&report, Format::JsonLines, temp.path())
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(&lines, array.as_array().unwrap());
}

#[test]
fn xml_formats_parse_and_keep_messages_exactly() {
    let temp = tree();
    let report = report();
    for format in [Format::Checkstyle, Format::Junit] {
        let text = rendered(&report, format, temp.path());
        let doc = roxmltree::Document::parse(&text).unwrap();
        let element = if format == Format::Junit {
            "failure"
        } else {
            "error"
        };
        let messages: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name(element))
            .map(|n| n.attribute("message").unwrap())
            .collect();
        let expected: Vec<&str> = report
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages, expected, "{format:?}");
    }
}

#[test]
fn junit_without_findings_has_one_passing_case() {
    let temp = tree();
    let text = rendered(&Report::default(), Format::Junit, temp.path());
    let doc = roxmltree::Document::parse(&text).unwrap();
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].children().filter(|n| n.is_element()).count(), 0);
}

#[test]
fn github_escaping() {
    let text = "100% sure: a,b\r\nc";
    assert_eq!(github::escape_data(text), "100%25 sure: a,b%0D%0Ac");
    assert_eq!(github::escape_property(text), "100%25 sure%3A a%2Cb%0D%0Ac");
    // `%` goes first: an escape already in the text is not read back as a character.
    assert_eq!(github::escape_property("%3A"), "%253A");
}
