//! The reporters (`--format sarif|github|junit|gitlab`): snapshots on DPM002's and DPM005's bad
//! fixtures, SARIF against the official 2.1.0 schema (`tests/data/sarif-schema-2.1.0.json`),
//! JUnit parsed back as XML, GitHub's escaping, GitLab's fingerprints.

mod common;

use common::dpmlint;

use dpmlint::diagnostic::{Diagnostic, Edit, Fix};
use dpmlint::i18n::Lang;
use dpmlint::load::source::{SourceFile, Span};
use dpmlint::report::{self, Report};
use dpmlint::rules::RULES;
use serde_json::Value;
use std::path::Path;

/// Run `check` in `dir` with `args`; standard output as text. Exit status 1 expected (errors).
fn run(dir: &Path, args: &[&str]) -> String {
    let out = dpmlint(dir).arg("check").args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The fixtures of DPM002 and DPM005, only those rules (so other rules' changes do not move these
/// snapshots), names relative to `fixtures/rules`.
fn fixtures(format: &str) -> String {
    let dir = common::root().join("fixtures/rules");
    run(
        &dir,
        &[
            "--format",
            format,
            "--select",
            "DPM002,DPM005",
            "DPM002/bad",
            "DPM005/bad",
        ],
    )
}

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(common::root().join("tests/data/sarif-schema-2.1.0.json")).unwrap();
    let original: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(original["$schema"], "http://json-schema.org/draft-07/schema#");
    // The official schema's `language` pattern has a stray `]` (`…-[a-zA-Z]{2}]?$`): valid
    // ECMA-262 (a literal `]`), but this validator's meta-schema check of the `regex` format
    // rejects it. Escape that one `]`, which means the same, in memory; the vendored file stays as
    // published. Every format (uri, uri-reference…) is validated.
    let pattern = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    let fixed = text.replace(
        &format!("\"{pattern}\""),
        &format!("{:?}", pattern.replace("}]?", "}\\]?")),
    );
    assert_ne!(fixed, text, "the stray `]` is where it was");
    let schema: Value = serde_json::from_str(&fixed).unwrap();
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(log: &Value) {
    let errors: Vec<String> = sarif_validator()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
}

#[test]
fn sarif_snapshot_and_schema() {
    let out = fixtures("sarif");
    let mut log: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&log);

    // The validator is not lenient: a wrong level, an unencoded URI, a missing message fail.
    let validator = sarif_validator();
    for (pointer, bad) in [
        ("/runs/0/results/0/level", Value::from("fatal")),
        (
            "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri",
            Value::from("a b\\c"),
        ),
        ("/runs/0/results/0/message", serde_json::json!({})),
        ("/runs/0/columnKind", Value::from("bytes")),
    ] {
        let mut broken = log.clone();
        *broken.pointer_mut(pointer).unwrap() = bad;
        assert!(!validator.is_valid(&broken), "{pointer} should be invalid");
    }

    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    // Every registered rule, in registry order, with its documentation.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), RULES.len());
    for (r, rule) in rules.iter().zip(RULES) {
        let m = rule.meta();
        assert_eq!(r["id"], m.code);
        assert_eq!(r["name"], m.name);
        assert_eq!(r["shortDescription"]["text"], m.summary(Lang::En));
        assert_eq!(r["fullDescription"]["text"], m.explain(Lang::En));
        assert_eq!(r["help"]["text"], m.explain(Lang::En));
        let level = match m.severity.as_str() {
            "info" => "note",
            s => s,
        };
        assert_eq!(r["defaultConfiguration"]["level"], level);
    }
    // Each result points into that list.
    for res in run["results"].as_array().unwrap() {
        let i = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], res["ruleId"]);
    }

    // The snapshot leaves out what other work changes: the rule list (checked above) and the version.
    log["runs"][0]["tool"]["driver"]["rules"] = Value::String("<every registered rule>".into());
    log["runs"][0]["tool"]["driver"]["version"] = Value::String("<version>".into());
    log["runs"][0]["tool"]["driver"]["semanticVersion"] = Value::String("<version>".into());
    insta::assert_snapshot!("sarif", serde_json::to_string_pretty(&log).unwrap());
}

#[test]
fn sarif_in_japanese_with_odd_names_is_valid() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("案件 #1, 50%");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(
        common::root().join("fixtures/rules/DPM005/bad/package.yaml"),
        dir.join("package.yaml"),
    )
    .unwrap();
    let out = run(tmp.path(), &["--format", "sarif", "--lang", "ja"]);
    let log: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&log);
    let run = &log["runs"][0];
    assert_eq!(run["language"], "ja");
    let res = &run["results"][0];
    assert_eq!(
        res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%E6%A1%88%E4%BB%B6%20%231,%2050%25/package.yaml"
    );
    assert!(
        run["tool"]["driver"]["rules"][0]["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .contains("## 検出内容")
    );
    // Standard input has a name that is not a URI.
    let text = std::fs::read_to_string(dir.join("package.yaml")).unwrap();
    let out = dpmlint(tmp.path())
        .args(["check", "--format", "sarif", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid_sarif(&log);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%3Cstdin%3E"
    );
}

#[test]
fn sarif_fixes_columns_and_related_locations() {
    // No rule offers a fix yet: build a diagnostic with one, on a line with non-ASCII text.
    let file = SourceFile::new("p/package.yaml", None, "name: 日本語 x\nkb: KB1\nkb: KB1\n".into());
    let x = file.text.find('x').unwrap();
    let meta = RULES[1].meta();
    let d = Diagnostic::new(meta, &file, Span::new(x, x + 1), "message")
        .label(Span::new(0, 4), "label")
        .fix(Fix::safe(vec![
            Edit::replace(Span::new(x, x + 1), "y"),
            Edit::delete(Span::new(x + 2, x + 10)),
        ]));
    let diags = vec![d];
    let files = vec!["p/package.yaml".to_string()];
    let rep = Report {
        diagnostics: &diags,
        keys: &[],
        files: &files,
        files_checked: 1,
        fixed: 0,
        unsafe_fixes: false,
        lang: Lang::En,
        color: false,
        ascii: false,
        quiet: false,
        statistics: false,
        rule_docs_url: None,
    };
    let log = report::sarif::log(&rep);
    assert_valid_sarif(&log);
    let res = &log["runs"][0]["results"][0];
    let region = &res["locations"][0]["physicalLocation"]["region"];
    // Columns and charOffset count characters; the fix counts bytes.
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(1), Some(11))
    );
    assert_eq!(
        (region["endColumn"].as_u64(), region["charOffset"].as_u64()),
        (Some(12), Some(10))
    );
    assert_eq!(region["charLength"], 1);
    let rep0 = &res["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(rep0["deletedRegion"]["byteOffset"].as_u64(), Some(x as u64));
    assert_eq!(rep0["deletedRegion"]["byteLength"], 1);
    assert_eq!(rep0["insertedContent"]["text"], "y");
    assert_eq!(res["fixes"][0]["properties"]["applicability"], "safe");
    assert_eq!(res["relatedLocations"][0]["message"]["text"], "label");
}

/// One diagnostic with a safe fix and one with an unsafe fix, reported as `--unsafe-fixes` says.
fn safe_and_unsafe(lang: Lang, unsafe_fixes: bool, format: report::Format, statistics: bool) -> String {
    let file = SourceFile::new("p/package.yaml", None, "version: 1.0\nkb: KB958664\n".into());
    let meta = RULES[1].meta();
    let kb = file.text.find("KB9").unwrap();
    let diags = vec![
        Diagnostic::new(meta, &file, Span::new(0, 7), "safe").fix(Fix::safe(vec![Edit::delete(Span::new(0, 13))])),
        Diagnostic::new(meta, &file, Span::new(kb, kb + 8), "unsafe")
            .fix(Fix::unsafe_(vec![Edit::replace(Span::new(kb, kb + 8), "KB958644")])),
    ];
    let files = vec!["p/package.yaml".to_string()];
    let rep = Report {
        diagnostics: &diags,
        keys: &[],
        files: &files,
        files_checked: 1,
        fixed: 0,
        unsafe_fixes,
        lang,
        color: false,
        ascii: false,
        quiet: false,
        statistics,
        rule_docs_url: None,
    };
    let mut out = Vec::new();
    report::write(format, &rep, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn an_unsafe_fix_is_marked_as_one_in_every_report() {
    use report::Format;
    let human = safe_and_unsafe(Lang::En, false, Format::Human, true);
    assert!(human.contains("[fixable with --fix]"), "{human}");
    assert!(human.contains("[fixable with --fix --unsafe-fixes]"), "{human}");
    assert!(
        human.contains(
            "[*] 1 fixable with `dpmlint check --fix`; 1 more with `--fix --unsafe-fixes` (unsafe fixes change what the definition says: review them)."
        ),
        "{human}"
    );
    assert!(human.contains("    2  DPM002  [*] unknown-key"), "{human}");
    let ja = safe_and_unsafe(Lang::Ja, false, Format::Human, false);
    assert!(ja.contains("[--fix --unsafe-fixes で修正できます]"), "{ja}");
    assert!(
        ja.contains("[*] 1 件は `dpmlint check --fix` で修正できます。ほかに 1 件は `--fix --unsafe-fixes` で修正できます (安全でない修正は定義の内容を変えます。確認してください)。"),
        "{ja}"
    );
    // With --unsafe-fixes, both count as fixable by the command given.
    let all = safe_and_unsafe(Lang::En, true, Format::Human, false);
    assert!(
        all.contains("[*] 2 fixable with `dpmlint check --fix --unsafe-fixes`.\n"),
        "{all}"
    );

    let json: Value = serde_json::from_str(&safe_and_unsafe(Lang::En, false, Format::Json, false)).unwrap();
    let fixes: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["fix"])
        .collect();
    assert_eq!(fixes[0]["applicability"], "safe");
    assert_eq!(fixes[1]["applicability"], "unsafe");
    assert_eq!(fixes[1]["edits"][0]["replacement"], "KB958644");

    let sarif: Value = serde_json::from_str(&safe_and_unsafe(Lang::En, false, Format::Sarif, false)).unwrap();
    assert_valid_sarif(&sarif);
    let fix = &sarif["runs"][0]["results"][1]["fixes"][0];
    assert_eq!(fix["properties"]["applicability"], "unsafe");
    assert_eq!(
        fix["description"]["text"],
        "unsafe fix (applied by --fix --unsafe-fixes; review it)"
    );
}

#[test]
fn only_unsafe_fixes_are_hinted_with_their_option() {
    let file = SourceFile::new("p/package.yaml", None, "kb: KB958664\n".into());
    let meta = RULES[1].meta();
    let diags = vec![
        Diagnostic::new(meta, &file, Span::new(4, 12), "unsafe")
            .fix(Fix::unsafe_(vec![Edit::replace(Span::new(4, 12), "KB958644")])),
    ];
    let files = vec!["p/package.yaml".to_string()];
    let rep = Report {
        diagnostics: &diags,
        keys: &[],
        files: &files,
        files_checked: 1,
        fixed: 0,
        unsafe_fixes: false,
        lang: Lang::En,
        color: false,
        ascii: false,
        quiet: false,
        statistics: true,
        rule_docs_url: None,
    };
    let mut out = Vec::new();
    report::write(report::Format::Human, &rep, &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("    1  DPM002  [-] unknown-key"), "{out}");
    assert!(
        out.contains(
            "[-] 1 fixable with `dpmlint check --fix --unsafe-fixes` (unsafe fixes change what the definition says: review them)."
        ),
        "{out}"
    );
    assert!(!out.contains("[*]"), "{out}");
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!("github", fixtures("github"));
}

#[test]
fn github_escapes_messages_and_properties() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a,b:c%");
    std::fs::create_dir(&dir).unwrap();
    let clean = std::fs::read_to_string(common::root().join("fixtures/rules/DPM002/good/package.yaml")).unwrap();
    std::fs::write(dir.join("package.yaml"), format!("{clean}\"50%\\r\\nx,y: z\": 1\n")).unwrap();
    let out = run(tmp.path(), &["--format", "github", "--select", "DPM002"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    let line = lines[0];
    assert!(
        line.starts_with("::error file=a%2Cb%3Ac%25/package.yaml,line=16,col=1,"),
        "{line}"
    );
    assert!(line.contains(",title=DPM002 (unknown-key)::"), "{line}");
    let message = line.split_once("::unknown key").unwrap().1;
    assert!(message.contains("50%25%0D%0Ax,y: z"), "{message}");
    assert!(!message.contains('\r'));
}

#[test]
fn github_severities() {
    let dir = common::root().join("fixtures/rules/DPM007");
    let out = dpmlint(&dir)
        .args(["check", "--format", "github", "--select", "DPM007", "bad"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.is_empty() && text.lines().all(|l| l.starts_with("::warning file=bad/")),
        "{text}"
    );
    let out = dpmlint(&dir)
        .args(["check", "--format", "github", "--select", "DPM007", "--config"])
        .arg(write_config("[rules]\nDPM007 = \"info\"\n").path().join("dpmlint.toml"))
        .arg("bad")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.is_empty() && text.lines().all(|l| l.starts_with("::notice ")),
        "{text}"
    );
}

fn write_config(text: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("dpmlint.toml"), text).unwrap();
    tmp
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!("junit", fixtures("junit"));
}

#[test]
fn junit_is_well_formed_and_lists_passing_files() {
    let tmp = tempfile::tempdir().unwrap();
    // Windows forbids `<`, `>` and `"` in file names; `&` and `'` need escaping in XML too.
    let odd_name = if cfg!(windows) { "a&b'd" } else { "a&b<c>\"d'" };
    let odd = tmp.path().join(odd_name);
    std::fs::create_dir(&odd).unwrap();
    let clean = std::fs::read_to_string(common::root().join("fixtures/rules/DPM002/good/package.yaml")).unwrap();
    // An unknown key holding markup, a bell and a CDATA end.
    std::fs::write(odd.join("package.yaml"), format!("{clean}\"<x> & \\a ]]>\": 1\n")).unwrap();
    std::fs::create_dir(tmp.path().join("ok")).unwrap();
    let good = common::root().join("fixtures/rules/DPM002/good");
    common::copy_installers(&good, &odd);
    common::copy_installers(&good, &tmp.path().join("ok"));
    std::fs::write(
        tmp.path().join("ok/package.yaml"),
        clean.replace("MS08-067_W2K3_x86_JPN", "OTHER"),
    )
    .unwrap();
    // Both copies share MS number, KB and OS (DPM602): only the unknown key is the failure here.
    let out = run(tmp.path(), &["--format", "junit", "--ignore", "DPM602"]);
    let doc = roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    let suites = doc.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    let suite: Vec<_> = suites.children().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suite.len(), 1);
    assert_eq!(suite[0].attribute("name"), Some("dpmlint"));
    assert_eq!(suite[0].attribute("tests"), Some("2"));
    assert_eq!(suite[0].attribute("failures"), Some("1"));
    let cases: Vec<_> = suite[0].children().filter(|n| n.has_tag_name("testcase")).collect();
    let names: Vec<_> = cases.iter().map(|c| c.attribute("name").unwrap()).collect();
    assert_eq!(names, [format!("{odd_name}/package.yaml").as_str(), "ok/package.yaml"]);
    assert_eq!(cases[0].attribute("classname"), cases[0].attribute("name"));
    let failure = cases[0].children().find(|n| n.has_tag_name("failure")).unwrap();
    assert_eq!(failure.attribute("type"), Some("DPM002"));
    assert!(failure.attribute("message").unwrap().contains("<x> & \u{FFFD} ]]>"));
    assert!(failure.text().unwrap().contains(":16:1: error DPM002 (unknown-key)"));
    assert!(failure.text().unwrap().contains("\nhelp: "));
    // The passing file is a test case without a failure.
    assert_eq!(cases[1].children().filter(|n| n.is_element()).count(), 0);
}

#[test]
fn gitlab_snapshot_and_stable_fingerprints() {
    let out = fixtures("gitlab");
    insta::assert_snapshot!("gitlab", out);
    let issues: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(issues.len(), 6);
    let fps: std::collections::HashSet<&str> = issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(fps.len(), issues.len(), "fingerprints are unique");
    for i in &issues {
        assert!(["major", "minor", "info", "critical", "blocker"].contains(&i["severity"].as_str().unwrap()));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }

    // Lines move, fingerprints stay.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("DPM002")).unwrap();
    let text = std::fs::read_to_string(common::root().join("fixtures/rules/DPM002/bad/package.yaml")).unwrap();
    std::fs::create_dir(tmp.path().join("DPM002/bad")).unwrap();
    std::fs::write(tmp.path().join("DPM002/bad/package.yaml"), format!("# moved\n\n{text}")).unwrap();
    let moved: Vec<Value> = serde_json::from_str(&run(
        tmp.path(),
        &["--format", "gitlab", "--select", "DPM002,DPM005", "DPM002/bad"],
    ))
    .unwrap();
    assert_eq!(moved.len(), 4);
    for (a, b) in moved.iter().zip(&issues) {
        assert_eq!(a["fingerprint"], b["fingerprint"]);
        assert_eq!(
            a["location"]["lines"]["begin"].as_u64().unwrap(),
            b["location"]["lines"]["begin"].as_u64().unwrap() + 2
        );
    }
}

#[test]
fn every_format_is_written_to_output_files() {
    let dir = common::root().join("fixtures/rules");
    let tmp = tempfile::tempdir().unwrap();
    for format in ["sarif", "github", "junit", "gitlab"] {
        let path = tmp.path().join(format);
        let out = dpmlint(&dir)
            .args(["check", "--select", "DPM002", "--format", format, "--output"])
            .arg(&path)
            .arg("DPM002/bad")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        assert!(!std::fs::read(&path).unwrap().is_empty(), "{format}");
    }
    // Nothing to report: still a valid document.
    for (format, empty) in [("sarif", None), ("gitlab", Some("[]\n")), ("github", Some(""))] {
        let out = dpmlint(&dir)
            .args(["check", "--format", format, "DPM002/good"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        match empty {
            Some(e) => assert_eq!(text, e),
            None => assert_valid_sarif(&serde_json::from_str(&text).unwrap()),
        }
    }
}

#[test]
fn concise_is_one_line_per_diagnostic_then_the_summary() {
    assert_eq!(
        fixtures("concise"),
        "DPM002/bad/package.yaml:6:1: DPM002 unknown key `ms_numer` at the top level\n\
         DPM002/bad/package.yaml:11:3: DPM002 unknown key `silent` in `execute`\n\
         DPM002/bad/package.yaml:14:5: DPM002 unknown key `versoin` in `identification[0]`\n\
         DPM002/bad/package.yaml:16:5: DPM002 unknown key `comment` in `identification[0]`\n\
         DPM005/bad/package.yaml:7:1: DPM005 duplicate key `language` (first defined on line 5)\n\
         DPM005/bad/package.yaml:15:5: DPM005 duplicate key `version` (first defined on line 14)\n\
         Found 6 error(s), 0 warning(s), 0 info in 2 definition(s).\n"
    );
    // A fixable diagnostic is marked `[*]`, as the summary's last line explains; Japanese messages.
    let dir = common::root().join("fixtures/rules");
    assert_eq!(
        run(
            &dir,
            &[
                "--format",
                "concise",
                "--lang",
                "ja",
                "--select",
                "DPM101",
                "DPM101/bad/package.yaml",
                "DPM101/bad/kb-number.dpm.yaml"
            ]
        ),
        "DPM101/bad/kb-number.dpm.yaml:9:12: DPM101 `KB958687` は `MSyy-nnn` 形式の MS 番号ではありません。管理サーバは適用済みの更新から `KB958687` を探しても見つけられず、自動更新のたびにパッケージを再配信します\n\
         DPM101/bad/package.yaml:10:12: DPM101 [*] `ms08-67` は `MSyy-nnn` 形式の MS 番号ではありません。管理サーバは適用済みの更新から `ms08-67` を探しても見つけられず、自動更新のたびにパッケージを再配信します\n\
         定義 2 件でエラー 2 件、警告 0 件、情報 0 件が見つかりました。\n\
         [*] 1 件は `dpmlint check --fix` で修正できます。\n"
    );
    // --quiet: the lines alone; --statistics: the counts per rule after them.
    assert_eq!(
        run(
            &dir,
            &[
                "--format",
                "concise",
                "--quiet",
                "--statistics",
                "--select",
                "DPM005",
                "DPM005/bad"
            ]
        ),
        "DPM005/bad/package.yaml:7:1: DPM005 duplicate key `language` (first defined on line 5)\n\
         DPM005/bad/package.yaml:15:5: DPM005 duplicate key `version` (first defined on line 14)\n    \
         2  DPM005      duplicate-key\n"
    );
    // Nothing found: the summary alone.
    let out = dpmlint(&dir)
        .args(["check", "--format", "concise", "DPM002/good"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "All checks passed (1 definition(s) checked).\n"
    );
}

#[test]
fn sarif_links_rules_to_their_pages_when_told_where_they_are() {
    // Without --rule-docs-url: no helpUri and no informationUri (SARIF wants absolute URIs).
    let log: Value = serde_json::from_str(&fixtures("sarif")).unwrap();
    let driver = &log["runs"][0]["tool"]["driver"];
    assert!(driver.get("informationUri").is_none());
    assert!(
        driver["rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r.get("helpUri").is_none())
    );

    let dir = common::root().join("fixtures/rules");
    let base = "https://git.example.co.jp/tools/dpmlint/blob/v0.1.0/docs/rules";
    let out = run(
        &dir,
        &[
            "--format",
            "sarif",
            "--select",
            "DPM002",
            "--rule-docs-url",
            base,
            "DPM002/bad",
        ],
    );
    let log: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&log);
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["informationUri"], format!("{base}/README.md"));
    for (r, rule) in driver["rules"].as_array().unwrap().iter().zip(RULES) {
        let code = rule.meta().code;
        assert_eq!(r["helpUri"], format!("{base}/{code}.md"));
        // The page it names is in the repository.
        assert!(
            common::root().join("docs/rules").join(format!("{code}.md")).is_file(),
            "{code}"
        );
    }
    // A relative URL would make the log invalid: refused.
    let out = dpmlint(&dir)
        .args([
            "check",
            "--format",
            "sarif",
            "--rule-docs-url",
            "docs/rules/",
            "DPM002/bad",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("must be an absolute URL"));
    // And the validator agrees: a relative helpUri is not a SARIF `uri`.
    let mut broken = log.clone();
    broken["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = Value::from("docs/rules/DPM001.md");
    assert!(!sarif_validator().is_valid(&broken));
}
