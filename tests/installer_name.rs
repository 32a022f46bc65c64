//! The installer file-name parser on real and malformed names.

use dpmlint::catalog::{Arch, OsFamily, os_by_id, service_pack_installer};
use dpmlint::model::installer_name::{Extension, InstallerName, NameForm, ProductToken};

/// The text a span points at.
fn at<'a>(name: &'a str, span: &std::ops::Range<usize>) -> &'a str {
    &name[span.clone()]
}

fn keys(name: &str) -> String {
    InstallerName::parse(name).os_keys().to_string()
}

#[test]
fn server_2003_x86_japanese() {
    let name = "WindowsServer2003-KB958644-x86-JPN.exe";
    let p = InstallerName::parse(name);
    assert_eq!(p.form, NameForm::Standard);
    let token = p.product_token.as_ref().unwrap();
    assert_eq!(token.value, ProductToken::WindowsServer2003);
    assert_eq!(at(name, &token.span), "WindowsServer2003");
    let kb = p.kb.as_ref().unwrap();
    assert_eq!((kb.value, at(name, &kb.span)), (958644, "KB958644"));
    let arch = p.arch.as_ref().unwrap();
    assert_eq!((arch.value, at(name, &arch.span)), (Arch::X86, "x86"));
    let lang = p.language_suffix.as_ref().unwrap();
    assert_eq!((lang.value.as_str(), at(name, &lang.span)), ("JPN", "JPN"));
    assert_eq!(p.language().map(|l| l.code), Some("ja"));
    let ext = p.extension.as_ref().unwrap();
    assert_eq!((ext.value, at(name, &ext.span)), (Extension::Exe, "exe"));
    assert_eq!(p.sp, None);
    assert_eq!(p.version_suffix, None);
    assert!(p.is_fully_recognised());
    assert_eq!(p.os_keys().to_string(), "ws2003/x86");
    assert_eq!(p.fits_os(os_by_id("ws2003-std-x86").unwrap()), Some(true));
    assert_eq!(p.fits_os(os_by_id("ws2003-ent-x64").unwrap()), Some(false));
    assert_eq!(p.fits_os(os_by_id("ws2003-r2").unwrap()), Some(true));
    assert_eq!(p.fits_os(os_by_id("w2k-server").unwrap()), Some(false));
}

#[test]
fn server_2003_x64_service_pack() {
    let name = "WindowsServer2003.WindowsXP-KB914961-SP2-x64-JPN.exe";
    let p = InstallerName::parse(name);
    let token = p.product_token.as_ref().unwrap();
    assert_eq!(token.value, ProductToken::WindowsServer2003WindowsXP);
    assert_eq!(at(name, &token.span), "WindowsServer2003.WindowsXP");
    assert_eq!(token.value.families(), [OsFamily::Ws2003, OsFamily::Xp]);
    assert_eq!(p.kb_number(), Some(914961));
    let sp = p.sp.as_ref().unwrap();
    assert_eq!((sp.value, at(name, &sp.span)), (2, "SP2"));
    assert_eq!(p.sp_level(), Some(2));
    assert_eq!(at(name, &p.arch.as_ref().unwrap().span), "x64");
    assert_eq!(p.language().map(|l| l.code), Some("ja"));
    // "This installer is for Windows Server 2003 x64 / XP x64."
    assert_eq!(p.os_keys().to_string(), "xp/x64, ws2003/x64");
    assert_eq!(p.os_keys().describe(), "Windows XP x64, Windows Server 2003 x64");
    assert_eq!(p.fits_os(os_by_id("ws2003-ent-x64").unwrap()), Some(true));
    assert_eq!(p.fits_os(os_by_id("winxp-pro-x64").unwrap()), Some(true));
    assert_eq!(p.fits_os(os_by_id("ws2003-std-x86").unwrap()), Some(false));
    assert!(!p.arch_contradicts_product());
    assert!(p.is_fully_recognised());
}

#[test]
fn msu_names() {
    let p = InstallerName::parse("Windows6.0-KB958644-x64.msu");
    assert_eq!(p.product(), Some(ProductToken::Windows6_0));
    assert_eq!(p.kb_number(), Some(958644));
    assert_eq!(p.arch_value(), Some(Arch::X64));
    assert_eq!(p.extension.as_ref().map(|e| e.value), Some(Extension::Msu));
    assert_eq!(p.language_suffix, None);
    assert_eq!(p.os_keys().to_string(), "vista/x64, ws2008/x64");
    assert_eq!(p.fits_os(os_by_id("ws2008-std-x64").unwrap()), Some(true));
    assert_eq!(p.fits_os(os_by_id("ws2008-std-x86").unwrap()), Some(false));

    let name = "Windows8-RT-KB2756872-x64.msu";
    let p = InstallerName::parse(name);
    let token = p.product_token.as_ref().unwrap();
    assert_eq!(
        (token.value, at(name, &token.span)),
        (ProductToken::Windows8Rt, "Windows8-RT")
    );
    assert_eq!(at(name, &p.kb.as_ref().unwrap().span), "KB2756872");
    assert_eq!(p.kb_number(), Some(2756872));
    assert_eq!(p.os_keys().to_string(), "win8/x64, ws2012/x64");
    assert_eq!(p.fits_os(os_by_id("ws2012").unwrap()), Some(true));
    assert!(p.is_fully_recognised());

    let name = "Windows6.1-KB2506143-v3-x64.msu";
    let p = InstallerName::parse(name);
    let v = p.version_suffix.as_ref().unwrap();
    assert_eq!((v.value, at(name, &v.span)), (3, "v3"));
    assert_eq!(p.kb_number(), Some(2506143));
    assert_eq!(p.os_keys().to_string(), "win7/x64, ws2008r2/x64");
    assert!(p.is_fully_recognised());

    assert_eq!(keys("Windows8.1-KB2919355-x64.msu"), "win81/x64, ws2012r2/x64");
    assert_eq!(keys("Windows8.1-KB2919355-arm.msu"), "win81/arm");
}

#[test]
fn nt6_service_packs_are_exe_and_identified_by_kb() {
    for (name, kb, arch, keys_text) in [
        (
            "Windows6.1-KB976932-X64.exe",
            976932,
            Arch::X64,
            "win7/x64, ws2008r2/x64",
        ),
        ("windows6.1-KB976932-X86.exe", 976932, Arch::X86, "win7/x86"),
        (
            "Windows6.0-KB948465-X86.exe",
            948465,
            Arch::X86,
            "vista/x86, ws2008/x86",
        ),
    ] {
        let p = InstallerName::parse(name);
        assert_eq!(p.form, NameForm::Standard, "{name}");
        assert!(matches!(
            p.product(),
            Some(ProductToken::Windows6_0 | ProductToken::Windows6_1)
        ));
        assert_eq!(p.kb_number(), Some(kb), "{name}");
        assert_eq!(p.arch_value(), Some(arch), "{name}");
        assert_eq!(p.extension.as_ref().map(|e| e.value), Some(Extension::Exe));
        assert_eq!(p.sp, None, "no SPn token in NT6 names");
        assert_eq!(p.os_keys().to_string(), keys_text, "{name}");
        assert!(p.is_fully_recognised(), "{name}");
    }
    let p = InstallerName::parse("windows6.1-KB976932-X86.exe");
    assert_eq!(
        at("windows6.1-KB976932-X86.exe", &p.product_token.unwrap().span),
        "windows6.1"
    );
    assert_eq!(service_pack_installer(976932).map(|s| s.sp), Some(1));
    assert_eq!(service_pack_installer(948465).map(|s| s.sp), Some(2));
}

#[test]
fn windows_2000_names() {
    let name = "Windows2000-KB958644-x86-JPN.EXE";
    let p = InstallerName::parse(name);
    assert_eq!(p.product(), Some(ProductToken::Windows2000));
    assert_eq!(p.extension.as_ref().map(|e| e.value), Some(Extension::Exe));
    assert_eq!(at(name, &p.extension.as_ref().unwrap().span), "EXE");
    assert_eq!(p.os_keys().to_string(), "w2k/x86");
    assert_eq!(p.fits_os(os_by_id("w2k-advserver").unwrap()), Some(true));

    let p = InstallerName::parse("Windows2000-KB123456-ENU.exe");
    assert_eq!(p.kb_number(), Some(123456));
    assert_eq!(p.arch, None);
    assert_eq!(p.language().map(|l| l.code), Some("en"));
    assert_eq!(p.os_keys().to_string(), "w2k/x86");
    assert!(p.is_fully_recognised());

    let name = "W2KSP4_JA.EXE";
    let p = InstallerName::parse(name);
    assert_eq!(p.form, NameForm::LegacyServicePack);
    let token = p.product_token.as_ref().unwrap();
    assert_eq!((token.value, at(name, &token.span)), (ProductToken::LegacyW2k, "W2K"));
    let sp = p.sp.as_ref().unwrap();
    assert_eq!((sp.value, at(name, &sp.span)), (4, "SP4"));
    let lang = p.language_suffix.as_ref().unwrap();
    assert_eq!(at(name, &lang.span), "JA");
    assert_eq!(p.language().map(|l| l.code), Some("ja"));
    assert_eq!(p.os_keys().to_string(), "w2k/x86");
    assert!(p.is_fully_recognised());

    let p = InstallerName::parse("W2KSP4_EN.EXE");
    assert_eq!(p.language().map(|l| l.code), Some("en"));
}

#[test]
fn xp_service_pack_without_arch() {
    let name = "WindowsXP-KB835935-SP2-JPN.exe";
    let p = InstallerName::parse(name);
    assert_eq!(p.product(), Some(ProductToken::WindowsXP));
    assert_eq!(p.kb_number(), Some(835935));
    assert_eq!(p.sp_level(), Some(2));
    assert_eq!(p.arch, None);
    assert_eq!(p.language().map(|l| l.code), Some("ja"));
    // XP x64 updates carry WindowsServer2003.WindowsXP, so WindowsXP is x86 (or Itanium).
    assert_eq!(p.os_keys().to_string(), "xp/x86, xp/ia64");
    assert_eq!(p.fits_os(os_by_id("winxp-pro-x86").unwrap()), Some(true));
    assert_eq!(p.fits_os(os_by_id("winxp-pro-x64").unwrap()), Some(false));
}

#[test]
fn legacy_q_names() {
    let name = "Q123456i.exe";
    let p = InstallerName::parse(name);
    assert_eq!(p.form, NameForm::Nt4Hotfix);
    let kb = p.kb.as_ref().unwrap();
    assert_eq!((kb.value, at(name, &kb.span)), (123456, "Q123456"));
    let arch = p.arch.as_ref().unwrap();
    assert_eq!((arch.value, at(name, &arch.span)), (Arch::X86, "i"));
    assert_eq!(p.product_token, None);
    assert_eq!(p.families(), [OsFamily::Nt4]);
    assert_eq!(p.os_keys().to_string(), "nt4/x86");
    assert_eq!(p.fits_os(os_by_id("w2k-server").unwrap()), Some(false));

    let name = "Q329115_W2K_SP4_X86_JA.exe";
    let p = InstallerName::parse(name);
    assert_eq!(p.form, NameForm::QHotfix);
    assert_eq!(p.kb_number(), Some(329115));
    assert_eq!(p.product(), Some(ProductToken::LegacyW2k));
    assert_eq!(p.sp, None, "the SP of a legacy hotfix is its baseline");
    let base = p.baseline_sp.as_ref().unwrap();
    assert_eq!((base.value, at(name, &base.span)), (4, "SP4"));
    assert_eq!(at(name, &p.arch.as_ref().unwrap().span), "X86");
    assert_eq!(p.language().map(|l| l.code), Some("ja"));
    assert!(p.is_fully_recognised());

    let p = InstallerName::parse("Q123456_WXP_SP1_x86_JPN.exe");
    assert_eq!(p.product(), Some(ProductToken::LegacyWxp));
    assert_eq!(p.language().map(|l| l.code), Some("ja"));
    assert_eq!(p.os_keys().to_string(), "xp/x86");

    let p = InstallerName::parse("Q123456.exe");
    assert_eq!(
        (p.form, p.kb_number(), p.arch.clone()),
        (NameForm::QHotfix, Some(123456), None)
    );
}

#[test]
fn unparseable_names_leave_fields_empty() {
    for name in [
        "setup.exe",
        "install",
        "",
        ".exe",
        "README.txt",
        "foo-bar.msi",
        "-",
        "KB.exe",
    ] {
        let p = InstallerName::parse(name);
        assert_eq!(p.form, NameForm::Unknown, "{name}");
        assert_eq!(p.product_token, None, "{name}");
        assert_eq!(p.kb, None, "{name}");
        assert_eq!(p.sp, None, "{name}");
        assert_eq!(p.arch, None, "{name}");
        assert_eq!(p.language_suffix, None, "{name}");
        assert_eq!(p.version_suffix, None, "{name}");
        assert!(p.os_keys().is_empty(), "{name}");
        assert_eq!(p.fits_os(os_by_id("w2k-server").unwrap()), None, "{name}");
        assert!(!p.is_fully_recognised(), "{name}");
    }
    let p = InstallerName::parse("setup.exe");
    assert_eq!(p.unrecognised.len(), 1);
    assert_eq!(p.unrecognised[0], 0..5);
    assert_eq!(p.extension.map(|e| e.value), Some(Extension::Exe));
    assert_eq!(
        InstallerName::parse("foo-bar.msi").extension.map(|e| e.value),
        Some(Extension::Msi)
    );
}

#[test]
fn unknown_tokens_are_reported_not_guessed() {
    let name = "WindowsXP-KB123456-x86-XYZ.exe";
    let p = InstallerName::parse(name);
    assert_eq!(p.language_suffix, None);
    assert_eq!(p.language(), None);
    assert_eq!(p.unrecognised.iter().map(|r| at(name, r)).collect::<Vec<_>>(), ["XYZ"]);
    assert!(!p.is_fully_recognised());

    // An application installer: the OS token in second place still counts, the rest is unknown.
    let name = "IE8-WindowsXP-x86-JPN.exe";
    let p = InstallerName::parse(name);
    assert_eq!(p.product(), Some(ProductToken::WindowsXP));
    assert_eq!(p.unrecognised.iter().map(|r| at(name, r)).collect::<Vec<_>>(), ["IE8"]);
    assert_eq!(p.os_keys().to_string(), "xp/x86");

    // No product token: the architecture alone still speaks.
    let p = InstallerName::parse("NDP20SP2-KB958481-x64.exe");
    assert_eq!(p.product_token, None);
    assert_eq!(p.kb_number(), Some(958481));
    assert_eq!(p.sp, None);
    assert_eq!(p.fits_os(os_by_id("ws2003-std-x86").unwrap()), Some(false));
    assert_eq!(p.fits_os(os_by_id("ws2003-std-x64").unwrap()), Some(true));
}

#[test]
fn language_and_arch_variants() {
    let p = InstallerName::parse("WindowsServer2003-KB123456-x86-INTL.exe");
    assert!(p.is_multilanguage());
    assert_eq!(p.language(), None);
    assert!(p.is_fully_recognised());

    let p = InstallerName::parse("WindowsServer2003-KB123456-x86-jpn.exe");
    assert_eq!(p.language().map(|l| l.code), Some("ja"));
    assert!(!p.is_multilanguage());

    let p = InstallerName::parse("WindowsServer2003.WindowsXP-KB123456-AMD64-ENU.exe");
    assert_eq!(p.arch_value(), Some(Arch::X64));
    let p = InstallerName::parse("WindowsServer2003-KB958644-IA64-JPN.exe");
    assert_eq!(p.os_keys().to_string(), "ws2003/ia64");
    assert_eq!(keys("WindowsXP-KB123456-IA64-ENU.exe"), "xp/ia64");

    // An x64 build must carry WindowsServer2003.WindowsXP: the tokens contradict each other.
    let p = InstallerName::parse("WindowsServer2003-KB958644-x64-JPN.exe");
    assert!(p.arch_contradicts_product());
    assert_eq!(p.os_keys().to_string(), "ws2003/x64");
    assert!(InstallerName::parse("WindowsServer2003.WindowsXP-KB1-x86-JPN.exe").arch_contradicts_product());
}

#[test]
fn spans_point_into_the_whole_value() {
    let value = r"files\WindowsServer2003-KB958644-x86-JPN.exe";
    let p = InstallerName::parse(value);
    assert_eq!(
        p.product_token.as_ref().map(|t| at(value, &t.span)),
        Some("WindowsServer2003")
    );
    assert_eq!(p.arch.as_ref().map(|a| a.span.clone()), Some(33..36));
    assert_eq!(at(value, &p.arch.unwrap().span), "x86");
    let value = "sub/dir/Windows6.0-KB958644-x64.msu";
    let p = InstallerName::parse(value);
    assert_eq!(at(value, &p.kb.unwrap().span), "KB958644");
}

#[test]
fn never_panics_and_spans_are_char_boundaries() {
    let samples = [
        "é",
        "KBé",
        "SPé.exe",
        "Qé",
        "Q12345é",
        "W2KSPé",
        "W2KSP4_é",
        "日本語-KB123456-x86-JPN.exe",
        "WindowsXP-KB１２３-x86.exe",
        "ＷindowsXP-KB123456.exe",
        "Windows6.0-",
        "-KB1-",
        "..",
        ".",
        "Windows8-RT",
        "Windows8-",
        "Q1234567_",
        "Q123456__W2K",
        "a.b.c",
        "WindowsXP-v-x86",
        "WindowsXP-KB999999999-x86.exe",
        "x64",
        "JPN.exe",
        "Windows6.1-KB1-v1000-x64.msu",
    ];
    for s in samples {
        let p = InstallerName::parse(s);
        let mut spans: Vec<std::ops::Range<usize>> = p.unrecognised.clone();
        spans.extend(p.product_token.as_ref().map(|t| t.span.clone()));
        spans.extend(p.kb.as_ref().map(|t| t.span.clone()));
        spans.extend(p.sp.as_ref().map(|t| t.span.clone()));
        spans.extend(p.arch.as_ref().map(|t| t.span.clone()));
        spans.extend(p.language_suffix.as_ref().map(|t| t.span.clone()));
        spans.extend(p.version_suffix.as_ref().map(|t| t.span.clone()));
        spans.extend(p.extension.as_ref().map(|t| t.span.clone()));
        for span in spans {
            assert!(s.get(span.clone()).is_some(), "{s:?}: bad span {span:?}");
            assert!(!span.is_empty(), "{s:?}: empty span");
        }
    }
    let p = InstallerName::parse("WindowsXP-KB999999999-x86.exe");
    assert_eq!(p.kb, None, "9 digits is no KB");
    let p = InstallerName::parse("x64");
    assert_eq!(p.arch_value(), Some(Arch::X64));
}
