//! The Japanese messages of the service-pack and identification rules (DPM3xx, DPM4xx) on their bad
//! fixtures: every message and help exists in Japanese and reads as such.

mod common;

use dpmlint::i18n::Lang;

#[test]
fn service_pack_and_identification_rules_in_japanese() {
    let codes = [
        "DPM301", "DPM304", "DPM305", "DPM306", "DPM401", "DPM402", "DPM403", "DPM404", "DPM405", "DPM407", "DPM408",
        "DPM410", "DPM411",
    ];
    let out = bad_fixtures_in_japanese(&codes);
    insta::assert_snapshot!("ja", out);
}

/// The Japanese messages of the document and OS rules whose wording was reviewed: the parser's
/// errors in Japanese (DPM001), the top level (DPM002), the installer and OS rules (DPM2xx).
#[test]
fn document_and_os_rules_in_japanese() {
    let codes = ["DPM001", "DPM002", "DPM201", "DPM204", "DPM205", "DPM206"];
    let out = bad_fixtures_in_japanese(&codes);
    insta::assert_snapshot!("ja_document_and_os", out);
}

/// The Japanese messages of the hotfix-identity rules that judge a KB or a target OS against the
/// bulletin catalog: DPM103 (a KB of another bulletin), DPM106 (a target not affected, or past its
/// end of support) and DPM110 (a KB of the bulletin for another release).
#[test]
fn identity_rules_in_japanese() {
    let out = bad_fixtures_in_japanese(&["DPM103", "DPM106", "DPM110"]);
    insta::assert_snapshot!("ja_identity", out);
}

/// The bad fixtures of `codes`, each linted with its rule alone in Japanese, rendered one after the
/// other; every message and help must be Japanese.
fn bad_fixtures_in_japanese(codes: &[&str]) -> String {
    let mut out = String::new();
    for &code in codes {
        let dir = common::root().join("fixtures/rules").join(code);
        let diags = common::lint_dir(&dir.join("bad"), &dir, &[code], Lang::Ja);
        assert!(!diags.is_empty(), "{code}");
        for d in &diags {
            assert!(
                !d.message.is_ascii() && d.help.as_deref().is_some_and(|h| !h.is_ascii()),
                "{code}: a Japanese message and help: {}",
                d.message
            );
        }
        out.push_str(&common::render(&diags));
    }
    out
}

/// DPM111 in Japanese: each kind of evidence (a reference root, `[service-pack-minimum]`,
/// `depends_on`) worded in Japanese.
#[test]
fn sp_prerequisite_in_japanese() {
    let dir = common::root().join("fixtures/rules/DPM111");
    let diags = common::lint_dir(&dir.join("bad"), &dir, &["DPM111"], Lang::Ja);
    assert_eq!(diags.len(), 4);
    for d in &diags {
        assert!(
            !d.message.is_ascii() && d.help.as_deref().is_some_and(|h| !h.is_ascii()),
            "a Japanese message and help: {}",
            d.message
        );
    }
    insta::assert_snapshot!("ja_sp_prerequisite", common::render(&diags));
}
