//! Resolved settings: the config file (`golayout.toml` or `.golayout.toml`) plus flags.

use crate::diagnostic::{RunError, SourceExcerpt};
pub use crate::discover::Exclude;
use crate::importpath::NameMode;
use crate::package::BuildSettings;
use crate::resolve::ResolveEnv;
use crate::rules::{self, Level, RuleOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

/// Everything a check needs to know besides the patterns.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The directory patterns and displayed paths are relative to (absolute).
    pub cwd: PathBuf,
    /// Worker threads; 0 picks the number of CPUs.
    pub threads: usize,
    /// Tags and other build settings.
    pub build: BuildSettings,
    /// Options the rules read.
    pub options: RuleOptions,
    /// Rule levels set by the config, overriding the defaults.
    pub levels: BTreeMap<&'static str, Level>,
    /// Where imports outside the checked tree are looked up.
    pub resolve_env: ResolveEnv,
    /// `--select`: when set, only these rules run.
    pub select: Option<BTreeSet<&'static str>>,
    /// `--ignore`: these rules do not run.
    pub ignore: BTreeSet<&'static str>,
    /// Files whose contents come from memory instead of the disk (stdin, an editor's
    /// unsaved buffers), by absolute path.
    pub overlays: BTreeMap<PathBuf, Vec<u8>>,
    /// The config's `exclude` globs.
    pub exclude: Option<Exclude>,
    /// Whether `exclude` also drops paths named on the command line (`--no-force-exclude`
    /// turns this off).
    pub force_exclude: bool,
    /// Whether findings carry fixes: each is planned (files parsed whole) before it is
    /// offered, so the plain check, which shows none, turns this off.
    pub offer_fixes: bool,
}

impl Settings {
    /// Default settings for checking from `cwd`.
    pub fn new(cwd: PathBuf) -> Settings {
        Settings {
            cwd,
            threads: 0,
            build: BuildSettings::default(),
            options: RuleOptions::default(),
            levels: BTreeMap::new(),
            resolve_env: ResolveEnv::from_env(),
            select: None,
            ignore: BTreeSet::new(),
            overlays: BTreeMap::new(),
            exclude: None,
            force_exclude: true,
            offer_fixes: true,
        }
    }

    /// The level a rule runs at.
    pub fn level(&self, rule: &rules::RuleInfo) -> Level {
        if self.ignore.contains(rule.name) {
            return Level::Off;
        }
        let level = self.levels.get(rule.name).copied().unwrap_or(rule.default);
        match &self.select {
            Some(selected) if !selected.contains(rule.name) => Level::Off,
            // Selecting a rule that is off by default turns it on.
            Some(_) if level == Level::Off => Level::Warning,
            _ => level,
        }
    }

    /// Applies `--select` and `--ignore`; unknown rule names are errors.
    pub fn select_rules(&mut self, select: &[String], ignore: &[String]) -> Result<(), RunError> {
        let names = |list: &[String]| -> Result<BTreeSet<&'static str>, RunError> {
            list.iter()
                .filter(|n| !n.is_empty())
                .map(|n| {
                    rules::find(n).map(|r| r.info().name).ok_or_else(|| {
                        RunError::new(
                            None,
                            format!("unknown rule `{n}`; `golayout rules` lists them"),
                        )
                    })
                })
                .collect()
        };
        if !select.is_empty() {
            self.select = Some(names(select)?);
        }
        self.ignore = names(ignore)?;
        Ok(())
    }

    /// Applies the config file found from `cwd` upwards, if there is one.
    pub fn apply_discovered_config(&mut self) -> Result<Option<PathBuf>, RunError> {
        let Some(path) = find_config(&self.cwd) else {
            return Ok(None);
        };
        self.apply_config_file(&path)?;
        Ok(Some(path))
    }

    /// Applies the config file at `path`. Errors point at the offending part of the file.
    pub fn apply_config_file(&mut self, path: &Path) -> Result<(), RunError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| RunError::new(Some(path.to_path_buf()), format!("cannot read: {e}")))?;
        let located = |message: String, span: Range<usize>| RunError {
            path: Some(path.to_path_buf()),
            message,
            source: Some(SourceExcerpt {
                text: text.clone(),
                span: (span.start, span.end),
            }),
        };
        let table = DeTable::parse(&text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            located(e.message().trim_end().to_string(), span)
        })?;
        let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
        self.apply_table(table.get_ref(), &base)
            .map_err(|(message, span)| located(message, span))
    }

    fn apply_table(&mut self, table: &DeTable, base: &Path) -> Result<(), ConfigError> {
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "tags" => self.build.tags.extend(string_list(value, "tags")?),
                "exclude" => {
                    let globs = string_list(value, "exclude")?;
                    self.exclude = Some(Exclude::new(base, &globs).map_err(|e| (e, value.span()))?);
                }
                "rules" => {
                    let rules = value
                        .get_ref()
                        .as_table()
                        .ok_or_else(|| ("`rules` must be a table".to_string(), value.span()))?;
                    for (name, setting) in rules {
                        self.apply_rule(name, setting)?;
                    }
                }
                "aliases" => {
                    let aliases = value
                        .get_ref()
                        .as_table()
                        .ok_or_else(|| ("`aliases` must be a table".to_string(), value.span()))?;
                    for (path, alias) in aliases {
                        let alias = alias.get_ref().as_str().ok_or_else(|| {
                            (
                                format!("`aliases.\"{}\"` must be a string", path.get_ref()),
                                alias.span(),
                            )
                        })?;
                        self.options
                            .aliases
                            .insert(path.get_ref().to_string(), alias.to_string());
                    }
                }
                "generated" => {
                    self.options.check_generated = match value.get_ref().as_str() {
                        Some("check") => true,
                        Some("skip") => false,
                        _ => {
                            return Err((
                                "`generated` must be \"skip\" or \"check\"".to_string(),
                                value.span(),
                            ));
                        }
                    };
                }
                other => return Err((format!("unknown key `{other}`"), key.span())),
            }
        }
        Ok(())
    }

    fn apply_rule(
        &mut self,
        name: &Spanned<DeString>,
        setting: &Spanned<DeValue>,
    ) -> Result<(), ConfigError> {
        let rule = rules::find(name.get_ref())
            .ok_or_else(|| (format!("unknown rule `{}`", name.get_ref()), name.span()))?;
        let name = rule.info().name;
        match setting.get_ref() {
            DeValue::String(level) => {
                self.levels
                    .insert(name, parse_level(level).map_err(|e| (e, setting.span()))?);
            }
            DeValue::Table(options) => {
                for (key, value) in options {
                    let key_name = key.get_ref().as_ref();
                    if key_name != "level" && !rule.info().options.contains(&key_name) {
                        return Err((
                            format!("unknown option `{key_name}` for rule `{name}`"),
                            key.span(),
                        ));
                    }
                    let wrong = |message: &str| (message.to_string(), value.span());
                    match (name, key_name) {
                        (_, "level") => {
                            let level = value
                                .get_ref()
                                .as_str()
                                .ok_or_else(|| wrong("`level` must be a string"))?;
                            self.levels
                                .insert(name, parse_level(level).map_err(|e| (e, value.span()))?);
                        }
                        ("package-dir-mismatch", "mode") => {
                            self.options.package_dir_mismatch_mode = match value.get_ref().as_str()
                            {
                                Some("goimports") => NameMode::Goimports,
                                Some("exact") => NameMode::Exact,
                                _ => {
                                    return Err(wrong("`mode` must be \"goimports\" or \"exact\""));
                                }
                            };
                        }
                        ("package-dir-mismatch", "allow") => {
                            self.options.package_dir_mismatch_allow = string_list(value, "allow")?;
                        }
                        ("misleading-import-alias", "allow") => {
                            let paths = string_list(value, "allow")?;
                            self.options.misleading_allow.extend(paths);
                        }
                        ("inconsistent-import-alias", "infer-majority") => {
                            self.options.inconsistent_infer_majority = value
                                .get_ref()
                                .as_bool()
                                .ok_or_else(|| wrong("`infer-majority` must be true or false"))?;
                        }
                        ("inconsistent-import-alias", "min-imports") => {
                            let count = value
                                .get_ref()
                                .as_integer()
                                .and_then(|n| n.as_str().parse::<usize>().ok())
                                .filter(|&n| n >= 2)
                                .ok_or_else(|| {
                                    wrong("`min-imports` must be a whole number of at least 2")
                                })?;
                            self.options.inconsistent_min_imports = count;
                        }
                        ("inconsistent-import-alias", "majority") => {
                            let share = match value.get_ref() {
                                DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
                                DeValue::Integer(n) => n.as_str().parse::<f64>().ok(),
                                _ => None,
                            }
                            .filter(|share| *share > 0.5 && *share <= 1.0)
                            .ok_or_else(|| wrong("`majority` must be a share above 0.5 and at most 1, such as 0.75"))?;
                            self.options.inconsistent_majority = share;
                        }
                        ("misleading-import-alias", "std-names") => {
                            self.options.misleading_all_std_names = match value.get_ref().as_str() {
                                Some("all") => true,
                                Some("common") => false,
                                _ => {
                                    return Err(wrong("`std-names` must be \"common\" or \"all\""));
                                }
                            };
                        }
                        _ => {
                            return Err((
                                format!("unknown option `{key_name}` for rule `{name}`"),
                                key.span(),
                            ));
                        }
                    }
                }
            }
            _ => {
                return Err((
                    format!("`rules.{name}` must be a level or a table of options"),
                    setting.span(),
                ));
            }
        }
        Ok(())
    }
}

/// What is wrong in a config file, and where.
type ConfigError = (String, Range<usize>);

/// One rule option of the config: what [`Settings::apply_config_file`] reads under
/// `[rules.RULE]`, described for `golayout config schema`.
#[derive(Debug, Clone)]
pub struct RuleOption {
    /// The rule's name.
    pub rule: &'static str,
    /// The option's key.
    pub key: &'static str,
    /// What it does, in a sentence.
    pub description: &'static str,
    /// The JSON Schema of its value.
    pub schema: serde_json::Value,
    /// A value the parser accepts, as TOML (tests parse each).
    pub example: &'static str,
}

/// Every rule option the parser above reads, in the registry's order.
pub fn rule_options() -> Vec<RuleOption> {
    use serde_json::json;
    let strings = json!({"type": "array", "items": {"type": "string"}});
    let option = |rule, key, description, schema, example| RuleOption {
        rule,
        key,
        description,
        schema,
        example,
    };
    vec![
        option(
            "inconsistent-import-alias",
            "infer-majority",
            "Also flag imports named otherwise than a clear majority of the module's imports of the path (by default only [aliases] pins are enforced).",
            json!({"type": "boolean", "default": false}),
            "true",
        ),
        option(
            "inconsistent-import-alias",
            "min-imports",
            "With infer-majority, the fewest imports of a path in the module before a majority counts.",
            json!({"type": "integer", "minimum": 2, "default": 5}),
            "8",
        ),
        option(
            "inconsistent-import-alias",
            "majority",
            "With infer-majority, the share of a path's imports one name needs to be the majority.",
            json!({"type": "number", "exclusiveMinimum": 0.5, "maximum": 1, "default": 0.6667}),
            "0.75",
        ),
        option(
            "misleading-import-alias",
            "allow",
            "Import paths whose aliases are intentional.",
            strings.clone(),
            "[\"github.com/pkg/errors\"]",
        ),
        option(
            "misleading-import-alias",
            "std-names",
            "Which standard-library names an alias may not take: about forty common ones, or all.",
            json!({"enum": ["common", "all"], "default": "common"}),
            "\"all\"",
        ),
        option(
            "package-dir-mismatch",
            "mode",
            "goimports also accepts the name goimports would guess from the path; exact accepts only the path's last element (or the one before a version).",
            json!({"enum": ["goimports", "exact"], "default": "goimports"}),
            "\"exact\"",
        ),
        option(
            "package-dir-mismatch",
            "allow",
            "Import paths whose package name may differ from the directory.",
            strings,
            "[\"example.com/m/legacy\"]",
        ),
    ]
}

/// An array of strings, or an error naming the key.
fn string_list(value: &Spanned<DeValue>, key: &str) -> Result<Vec<String>, ConfigError> {
    let error = || (format!("`{key}` must be an array of strings"), value.span());
    value
        .get_ref()
        .as_array()
        .ok_or_else(error)?
        .iter()
        .map(|item| {
            item.get_ref()
                .as_str()
                .map(str::to_string)
                .ok_or_else(error)
        })
        .collect()
}

fn parse_level(level: &str) -> Result<Level, String> {
    match level {
        "off" => Ok(Level::Off),
        "warning" => Ok(Level::Warning),
        "error" => Ok(Level::Error),
        other => Err(format!(
            "unknown level `{other}`: expected \"off\", \"warning\" or \"error\""
        )),
    }
}

/// The config file for `cwd`: the nearest `golayout.toml` or `.golayout.toml` at or above
/// it, up to the repository root (the first directory holding `.git`).
pub fn find_config(cwd: &Path) -> Option<PathBuf> {
    for dir in cwd.ancestors() {
        for name in ["golayout.toml", ".golayout.toml"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_rule_option_is_described_and_its_example_parses() {
        let described = super::rule_options();
        for rule in crate::rules::RULES {
            let info = rule.info();
            for key in info.options {
                assert!(
                    described
                        .iter()
                        .any(|o| o.rule == info.name && o.key == *key),
                    "{}.{key} has no schema in rule_options()",
                    info.name
                );
            }
        }
        for option in &described {
            let known = crate::rules::find(option.rule)
                .is_some_and(|r| r.info().options.contains(&option.key));
            assert!(
                known,
                "{}.{} is no option of its rule",
                option.rule, option.key
            );
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("golayout.toml");
            let text = format!(
                "[rules.{}]\n{} = {}\n",
                option.rule, option.key, option.example
            );
            std::fs::write(&path, &text).unwrap();
            let mut settings = super::Settings::new(dir.path().to_path_buf());
            assert!(settings.apply_config_file(&path).is_ok(), "{text}");
        }
    }

    use super::*;

    fn apply(text: &str) -> Result<Settings, String> {
        let mut settings = Settings::new(PathBuf::from("/"));
        let table = DeTable::parse(text).unwrap();
        settings
            .apply_table(table.get_ref(), Path::new("/"))
            .map_err(|(message, _)| message)?;
        Ok(settings)
    }

    #[test]
    fn reads_tags_levels_and_options() {
        let settings = apply(
            "tags = [\"tools\"]\n[rules]\nmultiple-packages = \"warning\"\n[rules.package-dir-mismatch]\nmode = \"exact\"\nlevel = \"off\"\n",
        )
        .unwrap();
        assert!(settings.build.tags.contains("tools"));
        assert_eq!(settings.levels["multiple-packages"], Level::Warning);
        assert_eq!(settings.levels["package-dir-mismatch"], Level::Off);
        assert_eq!(settings.options.package_dir_mismatch_mode, NameMode::Exact);
    }

    #[test]
    fn rejects_unknown_keys_rules_and_values() {
        assert!(apply("colour = 1").unwrap_err().contains("colour"));
        assert!(
            apply("[rules]\nno-such-rule = \"off\"")
                .unwrap_err()
                .contains("no-such-rule")
        );
        assert!(
            apply("[rules]\nmultiple-packages = \"loud\"")
                .unwrap_err()
                .contains("loud")
        );
        assert!(
            apply("[rules.multiple-packages]\nmode = \"exact\"")
                .unwrap_err()
                .contains("mode")
        );
        assert!(apply("generated = 1").unwrap_err().contains("generated"));
        assert!(
            apply("[aliases]\n\"x\" = 1")
                .unwrap_err()
                .contains("aliases")
        );
    }

    #[test]
    fn reads_alias_options() {
        let settings = apply(
            "generated = \"check\"\n[aliases]\n\"k8s.io/api/core/v1\" = \"corev1\"\n[rules.misleading-import-alias]\nallow = [\"github.com/pkg/errors\"]\nstd-names = \"all\"\n",
        )
        .unwrap();
        assert!(settings.options.check_generated);
        assert_eq!(settings.options.aliases["k8s.io/api/core/v1"], "corev1");
        assert!(
            settings
                .options
                .misleading_allow
                .contains("github.com/pkg/errors")
        );
        assert!(settings.options.misleading_all_std_names);
    }
}
