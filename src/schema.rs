//! The JSON Schema of `golayout.toml`, generated from the rule registry and the options the
//! config parser reads ([`crate::settings::rule_options`]), for editors and
//! `check-jsonschema`. The repository commits it as `golayout.schema.json`, held equal to
//! this by a test.

use crate::rules::RULES;
use crate::settings::rule_options;
use serde_json::{Map, Value, json};

/// The schema, as `golayout config schema` prints it.
pub fn config_schema() -> Value {
    let level = json!({
        "enum": ["off", "warning", "error"],
        "description": "How the rule's findings are reported: not at all, as warnings, or as errors."
    });
    let options = rule_options();
    let mut rules = Map::new();
    for rule in RULES {
        let info = rule.info();
        let mut properties = Map::new();
        properties.insert("level".to_string(), level.clone());
        for option in options.iter().filter(|o| o.rule == info.name) {
            let mut schema = option.schema.clone();
            if let Some(object) = schema.as_object_mut() {
                object.insert("description".to_string(), json!(option.description));
            }
            properties.insert(option.key.to_string(), schema);
        }
        let table = json!({
            "type": "object",
            "properties": properties,
            "additionalProperties": false
        });
        let default = info.default.as_str();
        rules.insert(
            info.name.to_string(),
            json!({
                "description": format!("{} (default: {default})", info.summary),
                "anyOf": [level, table]
            }),
        );
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "golayout.toml",
        "description": "The configuration of golayout, a Go package-layout linter: golayout.toml or .golayout.toml, the nearest found from the checked directory upwards.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "tags": {
                "description": "Build tags that are always set, as with --tags.",
                "type": "array",
                "items": {"type": "string"}
            },
            "exclude": {
                "description": "Globs, relative to this file, of paths not to check; also applied to paths named on the command line unless --no-force-exclude.",
                "type": "array",
                "items": {"type": "string"}
            },
            "generated": {
                "description": "Whether the import-alias rules and duplicate-import check generated files (`// Code generated ... DO NOT EDIT.`).",
                "enum": ["skip", "check"],
                "default": "skip"
            },
            "aliases": {
                "description": "The local name each import path must have (inconsistent-import-alias).",
                "type": "object",
                "additionalProperties": {"type": "string"}
            },
            "rules": {
                "description": "Each rule's level, or a table of its level and options.",
                "type": "object",
                "properties": rules,
                "additionalProperties": false
            }
        }
    })
}
