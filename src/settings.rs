//! Resolved settings: the config file (`golayout.toml` or `.golayout.toml`) plus flags.

use crate::diagnostic::RunError;
use crate::importpath::NameMode;
use crate::package::BuildSettings;
use crate::resolve::ResolveEnv;
use crate::rules::{self, Level, RuleOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    /// A file whose contents come from stdin instead of the disk.
    pub stdin: Option<crate::StdinFile>,
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
            stdin: None,
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
                    rules::find(n)
                        .map(|r| r.info().name)
                        .ok_or_else(|| RunError {
                            path: None,
                            message: format!("unknown rule `{n}`; `golayout rules` lists them"),
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

    /// Applies the config file at `path`.
    pub fn apply_config_file(&mut self, path: &Path) -> Result<(), RunError> {
        let error = |message: String| RunError {
            path: Some(path.to_path_buf()),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| error(format!("cannot read: {e}")))?;
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| error(e.to_string().trim_end().to_string()))?;
        self.apply_table(&table).map_err(error)
    }

    fn apply_table(&mut self, table: &toml::Table) -> Result<(), String> {
        for (key, value) in table {
            match key.as_str() {
                "tags" => self.build.tags.extend(string_list(value, "tags")?),
                "rules" => {
                    let rules = value.as_table().ok_or("`rules` must be a table")?;
                    for (name, setting) in rules {
                        self.apply_rule(name, setting)?;
                    }
                }
                "aliases" => {
                    let aliases = value.as_table().ok_or("`aliases` must be a table")?;
                    for (path, alias) in aliases {
                        let alias = alias
                            .as_str()
                            .ok_or_else(|| format!("`aliases.\"{path}\"` must be a string"))?;
                        self.options.aliases.insert(path.clone(), alias.to_string());
                    }
                }
                "generated" => {
                    self.options.check_generated = match value.as_str() {
                        Some("check") => true,
                        Some("skip") => false,
                        _ => return Err("`generated` must be \"skip\" or \"check\"".to_string()),
                    };
                }
                other => return Err(format!("unknown key `{other}`")),
            }
        }
        Ok(())
    }

    fn apply_rule(&mut self, name: &str, setting: &toml::Value) -> Result<(), String> {
        let rule = rules::find(name).ok_or_else(|| format!("unknown rule `{name}`"))?;
        let name = rule.info().name;
        match setting {
            toml::Value::String(level) => {
                self.levels.insert(name, parse_level(level)?);
            }
            toml::Value::Table(options) => {
                for (key, value) in options {
                    if key != "level" && !rule.info().options.contains(&key.as_str()) {
                        return Err(format!("unknown option `{key}` for rule `{name}`"));
                    }
                    match (name, key.as_str()) {
                        (_, "level") => {
                            let level = value.as_str().ok_or("`level` must be a string")?;
                            self.levels.insert(name, parse_level(level)?);
                        }
                        ("package-dir-mismatch", "mode") => {
                            self.options.package_dir_mismatch_mode = match value.as_str() {
                                Some("goimports") => NameMode::Goimports,
                                Some("exact") => NameMode::Exact,
                                _ => {
                                    return Err(
                                        "`rules.package-dir-mismatch.mode` must be \"goimports\" or \"exact\""
                                            .to_string(),
                                    );
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
                        ("misleading-import-alias", "std-names") => {
                            self.options.misleading_all_std_names = match value.as_str() {
                                Some("all") => true,
                                Some("common") => false,
                                _ => {
                                    return Err(
                                        "`std-names` must be \"common\" or \"all\"".to_string()
                                    );
                                }
                            };
                        }
                        _ => return Err(format!("unknown option `{key}` for rule `{name}`")),
                    }
                }
            }
            _ => {
                return Err(format!(
                    "`rules.{name}` must be a level or a table of options"
                ));
            }
        }
        Ok(())
    }
}

/// An array of strings, or an error naming the key.
fn string_list(value: &toml::Value, key: &str) -> Result<Vec<String>, String> {
    let error = || format!("`{key}` must be an array of strings");
    value
        .as_array()
        .ok_or_else(error)?
        .iter()
        .map(|item| item.as_str().map(str::to_string).ok_or_else(error))
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
    use super::*;

    fn apply(text: &str) -> Result<Settings, String> {
        let mut settings = Settings::new(PathBuf::from("/"));
        settings.apply_table(&text.parse().unwrap())?;
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
