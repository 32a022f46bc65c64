//! The JSON Schema: `dpmlint schema` prints exactly `schemas/package.schema.json`; the schema is
//! valid draft 2020-12, accepts every good rule fixture and every clean example, and rejects each
//! file in `fixtures/schema/bad/`.

mod common;

use assert_cmd::Command;
use dpmlint::load::yaml::{self, Node, NodeKind, Style};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// YAML 1.2 core-schema reading of a node, as a YAML editor's language server sees it.
fn to_json(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Scalar { value, style, .. } => {
            if *style != Style::Plain {
                return Value::String(value.clone());
            }
            if node.is_null() {
                return Value::Null;
            }
            match value.as_str() {
                "true" | "True" | "TRUE" => return Value::Bool(true),
                "false" | "False" | "FALSE" => return Value::Bool(false),
                _ => {}
            }
            if let Ok(i) = value.parse::<i64>() {
                return Value::from(i);
            }
            if value.contains('.')
                && let Ok(f) = value.parse::<f64>()
            {
                return Value::from(f);
            }
            Value::String(value.clone())
        }
        NodeKind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Map(entries) => {
            let mut m = Map::new();
            for e in entries {
                m.insert(e.key_str().unwrap_or_default().to_string(), to_json(&e.value));
            }
            Value::Object(m)
        }
    }
}

fn schema() -> Value {
    let text = std::fs::read_to_string(common::root().join("schemas/package.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn definitions(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .build()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(dpmlint::load::discover::is_definition_name)
        })
        .collect();
    out.sort();
    out
}

fn instance(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    to_json(&yaml::load(&text).unwrap().root)
}

#[test]
fn the_schema_command_prints_the_file() {
    let file = std::fs::read_to_string(common::root().join("schemas/package.schema.json")).unwrap();
    let out = Command::cargo_bin("dpmlint").unwrap().arg("schema").output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), file);
}

#[test]
fn the_schema_is_draft_2020_12() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    jsonschema::draft202012::meta::validate(&s).expect("valid against the 2020-12 meta-schema");
}

#[test]
fn accepts_every_good_fixture() {
    let validator = jsonschema::draft202012::new(&schema()).unwrap();
    let mut n = 0;
    for rule_dir in std::fs::read_dir(common::root().join("fixtures/rules")).unwrap() {
        for def in definitions(&rule_dir.unwrap().path().join("good")) {
            let errors: Vec<String> = validator.iter_errors(&instance(&def)).map(|e| e.to_string()).collect();
            // A good fixture may carry a suppressed unknown key; nothing else may fail.
            let unexpected: Vec<&String> = errors.iter().filter(|e| !e.contains("exported_by")).collect();
            assert!(unexpected.is_empty(), "{}: {unexpected:?}", def.display());
            n += 1;
        }
    }
    assert!(n >= 10);
}

#[test]
fn rejects_every_bad_schema_fixture() {
    let validator = jsonschema::draft202012::new(&schema()).unwrap();
    let bad = definitions(&common::root().join("fixtures/schema/bad"));
    assert!(bad.len() >= 5);
    for def in bad {
        assert!(
            !validator.is_valid(&instance(&def)),
            "{} should be rejected",
            def.display()
        );
    }
}

#[test]
fn every_field_of_the_format_is_described_in_both_languages() {
    let s = schema();
    let groups: [(&[&str], &serde_json::Value); 4] = [
        (dpmlint::model::TOP_KEYS, &s["properties"]),
        (dpmlint::model::EXECUTE_KEYS, &s["properties"]["execute"]["properties"]),
        (
            dpmlint::model::SERVICE_PACK_KEYS,
            &s["properties"]["service_pack"]["properties"],
        ),
        (
            dpmlint::model::IDENTIFICATION_KEYS,
            &s["$defs"]["identification"]["properties"],
        ),
    ];
    for (keys, props) in groups {
        assert_eq!(
            props.as_object().map(|o| o.len()),
            Some(keys.len()),
            "the schema and the model list the same keys"
        );
        for key in keys {
            let d = props[key]["description"]
                .as_str()
                .unwrap_or_else(|| panic!("`{key}` has no description"));
            let japanese = d
                .chars()
                .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert!(japanese, "`{key}` needs its Japanese label: {d}");
        }
    }
}
