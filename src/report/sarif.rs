//! `--format sarif`: SARIF 2.1.0 (valid against the OASIS schema, tested with a vendored copy in
//! `tests/data/`), for GitHub code scanning and SARIF viewers.
//!
//! One run. `tool.driver.rules` lists every registered rule, whether or not it ran or found
//! anything: its code as `id`, its name, its summary as `shortDescription`, its `explain` text (in
//! the chosen language) as `fullDescription` and `help`, its default severity as
//! `defaultConfiguration.level` (error, warning, note). Each result has `ruleId`, `ruleIndex` (the
//! rule's place in that list), the severity it ran at as `level`, the message (and the help on a
//! second line), one physical location, secondary labels as `relatedLocations`, a stable
//! `partialFingerprints` entry, and `fixes` when the rule offers one.
//!
//! With `--rule-docs-url URL` (the published `docs/rules/` folder), each rule has a `helpUri`, the
//! URL of its page (`URL/DPM401.md`), and the driver an `informationUri`, the index
//! (`URL/README.md`). SARIF requires both to be absolute URIs, so without a URL, or without a
//! known repository to build one from, neither is written: a relative `docs/rules/DPM401.md` would
//! make the log invalid.
//!
//! Regions are 1-based lines and columns with columns in Unicode code points, as everywhere in
//! dpmlint (`columnKind: "unicodeCodePoints"` on the run); `charOffset`/`charLength` count code
//! points too. A fix's `deletedRegion` is given in bytes (`byteOffset`/`byteLength`), as dpmlint's
//! edits are. `artifactLocation.uri` is the file name as shown, percent-encoded where a URI needs
//! it; an absolute path becomes a `file:` URI.

use super::{Report, issue_fingerprints};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::i18n::Lang;
use crate::load::source::{SourceFile, Span};
use crate::rules::RULES;
use crate::tr;
use serde_json::{Value, json};

/// The `$schema` written in the log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF's level for a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&b)
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The URI of a file name as shown: a relative reference for a relative name, a `file:` URI for an
/// absolute path (`/srv/p.yaml`, `C:/p.yaml`, and a UNC path `//server/share/p.yaml` as
/// `file://server/share/p.yaml`, RFC 8089). Names are shown without `\\?\`, so none reaches here.
pub fn uri(name: &str) -> String {
    let name = name.replace('\\', "/");
    if let Some(unc) = name.strip_prefix("//") {
        return format!("file://{}", encode(unc));
    }
    let b = name.as_bytes();
    if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/' {
        return format!("file:///{}:{}", char::from(b[0]), encode(&name[2..]));
    }
    if name.starts_with('/') {
        return format!("file://{}", encode(&name));
    }
    encode(&name)
}

fn region(file: &SourceFile, span: Span) -> Value {
    let start = file.line_col(span.start);
    let end = file.line_col(span.end);
    let char_offset = file.text.get(..span.start).map_or(0, |t| t.chars().count());
    let char_length = file.slice(span).chars().count();
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "charOffset": char_offset,
        "charLength": char_length,
    })
}

fn rule_descriptor(lang: Lang, rule: &dyn crate::rules::Rule, docs: Option<&str>) -> Value {
    let m = rule.meta();
    let explain = m.explain(lang);
    let mut d = json!({
        "id": m.code,
        "name": m.name,
        "shortDescription": {"text": m.summary(lang)},
        "fullDescription": {"text": explain, "markdown": explain},
        "help": {"text": explain, "markdown": explain},
        "defaultConfiguration": {"level": level(m.severity)},
        "properties": {"fix": m.fix.as_str()},
    });
    if let (Some(base), Some(obj)) = (docs, d.as_object_mut()) {
        obj.insert("helpUri".into(), json!(crate::rules::pages::url(base, m)));
    }
    d
}

/// One result.
pub(super) fn result(d: &Diagnostic, fingerprint: &str, lang: Lang) -> Value {
    let index = RULES.iter().position(|r| r.meta().code == d.rule.code);
    let artifact = json!({"uri": uri(&d.file.name)});
    let text = match &d.help {
        Some(h) => format!("{}\nhelp: {h}", d.message),
        None => d.message.to_string(),
    };
    let mut r = json!({
        "ruleId": d.rule.code,
        "level": level(d.severity),
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {"artifactLocation": artifact, "region": region(&d.file, d.span)},
        }],
        "partialFingerprints": {"dpmlint/v1": fingerprint},
    });
    let Some(obj) = r.as_object_mut() else { return r };
    if let Some(i) = index {
        obj.insert("ruleIndex".into(), json!(i));
    }
    if !d.labels.is_empty() {
        let related: Vec<Value> = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i,
                    "message": {"text": l.message},
                    "physicalLocation": {"artifactLocation": artifact, "region": region(&d.file, l.span)},
                })
            })
            .collect();
        obj.insert("relatedLocations".into(), Value::Array(related));
    }
    if let Some(fix) = d.fix.as_ref().filter(|f| !f.edits.is_empty()) {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": {"byteOffset": e.span.start, "byteLength": e.span.len()},
                    "insertedContent": {"text": e.replacement},
                })
            })
            .collect();
        let description = match fix.applicability {
            Applicability::Safe => tr!(lang, "safe fix (applied by --fix)", "安全な修正 (--fix で適用)"),
            Applicability::Unsafe => tr!(
                lang,
                "unsafe fix (applied by --fix --unsafe-fixes; review it)",
                "安全でない修正 (--fix --unsafe-fixes で適用。内容を確認してください)"
            ),
        };
        obj.insert(
            "fixes".into(),
            json!([{
                "description": {"text": description},
                "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}],
                "properties": {"applicability": fix.applicability},
            }]),
        );
    }
    r
}

/// The log with the streamed array's placeholder for its results.
pub(super) fn document(report: &Report) -> Value {
    let lang = report.lang;
    let version = env!("CARGO_PKG_VERSION");
    let docs = report.rule_docs_url;
    let mut driver = json!({
        "name": "dpmlint",
        "version": version,
        "semanticVersion": version,
        "rules": RULES.iter().map(|r| rule_descriptor(lang, *r, docs)).collect::<Vec<_>>(),
    });
    if let (Some(base), Some(obj)) = (docs, driver.as_object_mut()) {
        obj.insert("informationUri".into(), json!(crate::rules::pages::index_url(base)));
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "language": match lang { Lang::En => "en", Lang::Ja => "ja" },
            "columnKind": "unicodeCodePoints",
            "results": super::stream::PLACEHOLDER,
        }],
    })
}

/// The whole log as one JSON value.
pub fn log(report: &Report) -> Value {
    let fingerprints = issue_fingerprints(report.diagnostics, report.keys);
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .zip(&fingerprints)
        .map(|(d, fp)| result(d, fp, report.lang))
        .collect();
    let mut log = document(report);
    log["runs"][0]["results"] = Value::Array(results);
    log
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris() {
        assert_eq!(uri("packages/ms08-067/package.yaml"), "packages/ms08-067/package.yaml");
        assert_eq!(uri("a b/日本.yaml"), "a%20b/%E6%97%A5%E6%9C%AC.yaml");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("x:y/p#1.yaml"), "x%3Ay/p%231.yaml");
        assert_eq!(uri("/srv/p/package.yaml"), "file:///srv/p/package.yaml");
        assert_eq!(uri("C:\\p\\package.yaml"), "file:///C:/p/package.yaml");
        assert_eq!(uri("C:/p/package.yaml"), "file:///C:/p/package.yaml");
        assert_eq!(
            uri("//server/share/p/package.yaml"),
            "file://server/share/p/package.yaml"
        );
        assert_eq!(
            uri("\\\\server\\share\\日本.yaml"),
            "file://server/share/%E6%97%A5%E6%9C%AC.yaml"
        );
    }
}
