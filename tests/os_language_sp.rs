//! OS, language and service-pack rules (DPM2xx, DPM302, DPM303): the configured supported sets,
//! and the Japanese messages.

mod common;

use dpmlint::i18n::Lang;
use dpmlint::linter::{Input, lint};
use dpmlint::load::config::Selection;
use dpmlint::rules::Settings;
use std::collections::BTreeMap;

const CODES: &[&str] = &[
    "DPM201", "DPM202", "DPM203", "DPM204", "DPM205", "DPM206", "DPM302", "DPM303",
];

fn lint_text(text: &str, settings: &Settings, select: &str) -> Vec<dpmlint::diagnostic::Diagnostic> {
    let input = Input {
        name: "package.yaml".into(),
        path: None,
        content: Some(text.as_bytes().to_vec()),
        listed: false,
        folder: Default::default(),
        tag: None,
    };
    let selection = Selection::new(&[select.to_string()], &[], BTreeMap::new()).expect("selection");
    lint(&[input], settings, &selection).diagnostics
}

const W2K8_AND_XP: &str = "\
format: 1
id: MS08-067_JPN
type: hotfix
os:
  - Windows Server 2008 Standard Edition
  - Windows XP Professional
language: ja
ms_number: MS08-067
execute:
  file: KB958644.exe
  args: /quiet /norestart
  reboot: true
";

#[test]
fn configured_os_list_replaces_dpms() {
    let default = lint_text(W2K8_AND_XP, &Settings::default(), "DPM202");
    assert_eq!(default.len(), 1);
    assert!(default[0].message.contains("`Windows XP Professional`"));
    assert!(default[0].message.contains("DPM auto-update does not support"));

    let settings = Settings {
        supported_os: Some(vec![
            "Windows Server 2003 Standard Edition".into(),
            "windows xp professional".into(),
        ]),
        ..Settings::default()
    };
    let configured = lint_text(W2K8_AND_XP, &settings, "DPM202");
    assert_eq!(configured.len(), 1, "{configured:?}");
    let d = &configured[0];
    assert_eq!(
        &*d.message,
        "`Windows Server 2008 Standard Edition` is not in the supported OS list of dpmlint.toml \
         (`Windows Server 2003 Standard Edition`, `Windows XP Professional`): DPM auto-update does not apply \
         the package there, and where it is delivered the server cannot confirm it, so it is delivered again \
         at every auto-update"
    );
    assert_eq!(d.file.slice(d.span), "Windows Server 2008 Standard Edition");
}

#[test]
fn configured_languages_replace_dpms() {
    let text = W2K8_AND_XP.replace("Windows XP Professional", "Windows Server 2008 Enterprise Edition");
    assert!(lint_text(&text, &Settings::default(), "DPM203").is_empty());
    let settings = Settings {
        supported_languages: Some(vec!["English".into()]),
        ..Settings::default()
    };
    let d = lint_text(&text, &settings, "DPM203");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].file.slice(d[0].span), "ja");
    assert!(
        d[0].message
            .starts_with("`ja` (Japanese) is not among the supported languages of dpmlint.toml (`en`)"),
        "{}",
        d[0].message
    );
    assert!(d[0].help.as_deref().unwrap_or("").contains("a language listed there"));
}

/// Every bad fixture gives the same findings, at the same places, in Japanese.
#[test]
fn japanese_messages_at_the_same_places() {
    for code in CODES {
        let dir = common::root().join("fixtures/rules").join(code);
        let en = common::lint_dir(&dir.join("bad"), &dir, &[code], Lang::En);
        let ja = common::lint_dir(&dir.join("bad"), &dir, &[code], Lang::Ja);
        assert_eq!(en.len(), ja.len(), "{code}");
        for (e, j) in en.iter().zip(&ja) {
            assert_eq!((e.span, e.labels.len()), (j.span, j.labels.len()), "{code}");
            assert_ne!(e.message, j.message, "{code}");
            assert!(!j.message.is_ascii(), "{code}: {}", j.message);
            assert!(j.help.as_ref().is_some_and(|h| !h.is_ascii()), "{code}: {:?}", j.help);
            for l in &j.labels {
                assert!(
                    !l.message.is_ascii() || l.message.starts_with('`'),
                    "{code}: {}",
                    l.message
                );
            }
        }
    }
}
