//! Known facts of the embedded catalogs.

use dpmlint::catalog::{
    self, Arch, OsFamily, OsKey, UpdateFileKind, bulletin, catalog_covers_year, default_supported_languages,
    default_supported_os, find_language, find_os, known_bulletin_ids, language_by_langid, language_by_suffix, os_by_id,
    os_suggestions, suggest_language, suggest_os,
};

fn os(id: &str) -> &'static catalog::OsEdition {
    os_by_id(id).unwrap_or_else(|| panic!("no edition {id}"))
}

fn kbs(id: &str) -> Vec<u32> {
    bulletin(id)
        .unwrap_or_else(|| panic!("no bulletin {id}"))
        .kbs()
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Bulletins
// ---------------------------------------------------------------------------------------------

#[test]
fn ms08_067_ships_only_kb958644_and_affects_server_2003_x64() {
    let b = bulletin("MS08-067").unwrap();
    assert_eq!(b.id(), "MS08-067");
    assert_eq!(b.date.to_string(), "2008-10-23");
    assert_eq!(b.year(), 8);
    assert_eq!(kbs("MS08-067"), [958644]);
    assert!(b.lists_key(OsKey::parse("ws2003/x64").unwrap()));
    assert!(b.lists_key(OsKey::new(OsFamily::W2k, Arch::X86)));
    assert!(!b.lists_key(OsKey::new(OsFamily::Win7, Arch::X64)));
    let x64 = os("ws2003-std-x64");
    assert_eq!(b.affects_os(x64), Some(true));
    assert_eq!(b.kbs_for_os(x64).collect::<Vec<_>>(), [958644]);
    assert_eq!(b.affects_os(os("w2k-advserver")), Some(true));
    assert_eq!(b.affects_os(os("ws2008-ent-x64")), Some(true));
    assert_eq!(b.affects_os(os("win7")), Some(false));
    assert!(!b.affects_only_non_os());
}

#[test]
fn ms17_010_kbs() {
    let b = bulletin("MS17-010").unwrap();
    assert_eq!(
        kbs("MS17-010"),
        [4012212, 4012213, 4012214, 4012216, 4012598, 4012606, 4013198, 4013429]
    );
    assert_eq!(b.bulletin_kb, Some(4013389));
    assert!(!b.has_kb(4013389), "the umbrella KB is not an update KB");
    assert!(b.has_kb(4012598));
    assert_eq!(b.date.to_string(), "2017-03-14");
    assert_eq!(b.kbs_for_os(os("ws2008-std-x86")).collect::<Vec<_>>(), [4012598]);
    assert_eq!(b.kbs_for_os(os("win7")).collect::<Vec<_>>(), [4012212]);
    assert_eq!(b.kbs_for_os(os("ws2012")).collect::<Vec<_>>(), [4012214]);
    // Server 2003 had left support: not listed.
    assert_eq!(b.affects_os(os("ws2003-std-x86")), Some(false));
    assert_eq!(b.kbs_for_os(os("ws2003-std-x86")).count(), 0);
    // Windows RT 8.1 is Windows 8.1 on ARM.
    assert_eq!(b.entry(4012216).map(|e| e.os.to_string()).as_deref(), Some("win81/arm"));
}

#[test]
fn ms03_026_is_kb823980() {
    let b = bulletin("MS03-026").unwrap();
    assert_eq!(kbs("MS03-026"), [823980]);
    assert_eq!(b.date.to_string(), "2003-07-15");
    assert_eq!(b.affects_os(os("w2k-server")), Some(true));
    assert_eq!(b.affects_os(os("ws2003-ent-x86")), Some(true));
    assert_eq!(b.affects_os(os("winxp-pro-x86")), Some(true));
    assert_eq!(
        b.os_keys().to_string(),
        "nt4/x86, w2k/x86, xp/x86, ws2003/x86",
        "Server 2003 x64 did not exist in July 2003"
    );
}

#[test]
fn several_updates_for_one_os() {
    // MS12-020 (RDP) shipped two updates for Windows 7 / 2008 R2: the MS number alone is ambiguous.
    let b = bulletin("MS12-020").unwrap();
    assert_eq!(b.kbs_for_os(os("win7")).collect::<Vec<_>>(), [2621440, 2667402]);
    assert_eq!(b.kbs_for_os(os("ws2008-std-x86")).collect::<Vec<_>>(), [2621440]);
}

#[test]
fn non_os_bulletin_cannot_answer_affects_os() {
    // MS12-021: Visual Studio only.
    let b = bulletin("MS12-021").unwrap();
    assert!(b.affects_only_non_os());
    assert!(!b.lists_windows_os());
    assert_eq!(b.affects_os(os("ws2003-std-x86")), None);
    assert_eq!(b.kbs_for_os(os("ws2003-std-x86")).count(), 0);
}

#[test]
fn bulletin_lookup() {
    assert!(bulletin("ms08-067").is_some(), "MS in any case");
    for bad in ["MS08-67", "MS0867", "MS-08-067", "MS08-999", "MS99-001", "MS18-001", ""] {
        assert!(bulletin(bad).is_none(), "{bad}");
    }
    // Gaps the data has.
    for missing in ["MS01-049", "MS02-060", "MS16-043", "MS16-143"] {
        assert!(bulletin(missing).is_none(), "{missing}");
    }
    assert!(bulletin("MS17-023").is_some());
    assert!(bulletin("MS17-024").is_none());
    assert!(catalog_covers_year(1) && catalog_covers_year(8) && catalog_covers_year(17));
    assert!(!catalog_covers_year(0) && !catalog_covers_year(98) && !catalog_covers_year(18));
    let ids: Vec<&str> = known_bulletin_ids().collect();
    assert_eq!(ids.len(), 1371);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    let with_kb: Vec<&str> = catalog::bulletins_with_kb(958644).map(|b| b.id()).collect();
    assert_eq!(with_kb, ["MS08-067"]);
    assert_eq!(catalog::bulletins_with_kb(1).count(), 0);
}

#[test]
fn every_bulletin_is_consistent() {
    for b in catalog::bulletins() {
        assert!(catalog::parse_bulletin_id(b.id()).is_some(), "{}", b.id());
        assert!(!b.entries().is_empty(), "{} has no KB", b.id());
        assert_eq!(u16::from(b.year()) + 2000, b.date.year, "{} posted {}", b.id(), b.date);
        assert!(std::ptr::eq(bulletin(b.id()).unwrap(), b));
    }
}

// ---------------------------------------------------------------------------------------------
// OS editions
// ---------------------------------------------------------------------------------------------

#[test]
fn find_os_accepts_spelling_variants() {
    let x64 = os("ws2003-std-x64");
    for name in [
        "Windows Server 2003 Standard x64 Edition",
        "Microsoft Windows Server 2003, Standard x64 Edition",
        "Windows Server 2003, Standard x64 Edition",
        "windows server 2003 standard x64 edition",
        "  WINDOWS   Server 2003,Standard x64 Edition ",
        "Windows Server 2003 Standard x64",
        "Microsoft  Windows Server 2003 Standard x64 Edition",
    ] {
        assert!(std::ptr::eq(find_os(name).unwrap(), x64), "{name}");
    }
    assert_eq!(find_os("Windows 2000 Server").unwrap().id, "w2k-server");
    assert_eq!(
        find_os("Microsoft Windows 2000 Advanced Server").unwrap().id,
        "w2k-advserver"
    );
    assert_eq!(find_os("Windows Server 2008 Standard").unwrap().id, "ws2008-std-x86");
    assert_eq!(
        find_os("Windows Server 2008 Standard Edition").unwrap().id,
        "ws2008-std-x86"
    );
    assert_eq!(
        find_os("Windows Server 2008 Enterprise (x64)").unwrap().id,
        "ws2008-ent-x64"
    );
    assert_eq!(
        find_os("Windows Server 2008 Enterprise x64 Edition").unwrap().id,
        "ws2008-ent-x64"
    );
    assert_eq!(find_os("Windows Server 2003 R2").unwrap().id, "ws2003-r2");
    for unknown in [
        "Windows Server 2016",
        "Windows Server 2003",
        "Windows 2000",
        "",
        "Linux",
    ] {
        assert!(find_os(unknown).is_none(), "{unknown}");
    }
}

#[test]
fn suggest_os_is_conservative() {
    assert_eq!(
        suggest_os("Windows Server 2003 Standrad Edition"),
        Some("Windows Server 2003 Standard Edition")
    );
    assert_eq!(
        suggest_os("Windows Sever 2003 Enterprise x64 Edition"),
        Some("Windows Server 2003 Enterprise x64 Edition")
    );
    assert_eq!(suggest_os("Windows 2000 Sever"), Some("Windows 2000 Server"));
    // A different release is not a typo.
    assert_eq!(suggest_os("Windows Server 2016"), None);
    assert_eq!(suggest_os("Windows Server 2012 R3"), None);
    assert_eq!(suggest_os("Windows Server 2003"), None);
    assert_eq!(suggest_os("Linux"), None);
    assert_eq!(suggest_os(""), None);
    // A known name needs no suggestion.
    assert_eq!(suggest_os("Windows 2000 Server"), None);
}

#[test]
fn os_suggestions_name_every_edition_equally_near() {
    assert_eq!(
        os_suggestions("Windows Server 2003 Standrad Edition"),
        vec!["Windows Server 2003 Standard Edition"]
    );
    // As near to one as to the other: both, in catalog order; `suggest_os` takes the first.
    let both = vec![
        "Windows Server 2003 Standard Edition",
        "Windows Server 2003 Enterprise Edition",
    ];
    assert_eq!(os_suggestions("Windows Server 2003 Standarprise Edition"), both);
    assert_eq!(suggest_os("Windows Server 2003 Standarprise Edition"), Some(both[0]));
    assert!(os_suggestions("Windows Server 2016").is_empty());
    assert!(os_suggestions("Windows 2000 Server").is_empty());
}

#[test]
fn service_pack_levels() {
    let x64 = os("ws2003-std-x64");
    assert!(!x64.has_sp_level(1), "no SP1 for Server 2003 x64");
    assert!(x64.has_sp_level(2));
    assert_eq!(x64.installable_sps().collect::<Vec<_>>(), [2]);
    assert_eq!(x64.release_sp(), 0);

    let w2k8 = os("ws2008-std-x64");
    assert_eq!(w2k8.release_sp(), 1, "Server 2008 starts at SP1");
    assert!(!w2k8.has_sp_level(0));
    assert_eq!(w2k8.installable_sps().collect::<Vec<_>>(), [2]);
    assert_eq!(w2k8.service_pack(2).map(|s| s.version), Some("6.0.6002.18005"));

    let x86 = os("ws2003-ent-x86");
    assert_eq!(x86.sp_levels().collect::<Vec<_>>(), [0, 1, 2]);
    assert!(!x86.has_sp_level(3), "no SP3 for Server 2003");

    let w2k = os("w2k-advserver");
    assert_eq!(w2k.installable_sps().collect::<Vec<_>>(), [1, 2, 3, 4]);
    assert_eq!(w2k.service_pack(4).map(|s| s.version), Some("5.0.2195.6717"));
    assert_eq!(os("ws2012").installable_sps().count(), 0);
}

#[test]
fn same_as_is_resolved() {
    let adv = os("w2k-advserver");
    assert_eq!(adv.update_token(Arch::X86), Some("Windows2000"));
    assert_eq!(adv.update_file, UpdateFileKind::Exe);
    assert!(adv.update_language_specific);
    assert_eq!(adv.latest_sp(), 4);
    let ent = os("ws2003-ent-x64");
    assert_eq!(ent.update_token(Arch::X64), Some("WindowsServer2003.WindowsXP"));
    assert_eq!(ent.update_token(Arch::X86), None);
    assert_eq!(os("ws2008-ent-x64").update_token(Arch::X64), Some("Windows6.0"));
    assert_eq!(os("ws2008-ent-x64").update_file, UpdateFileKind::Msu);
}

#[test]
fn edition_facts() {
    let r2 = os("ws2003-r2");
    assert_eq!(r2.family, OsFamily::Ws2003);
    assert_eq!(r2.arches, [Arch::X86, Arch::X64]);
    assert_eq!(r2.update_token(Arch::X86), Some("WindowsServer2003"));
    assert_eq!(r2.update_token(Arch::X64), Some("WindowsServer2003.WindowsXP"));
    assert_eq!(r2.os_keys().to_string(), "ws2003/x86, ws2003/x64");
    assert_eq!(os("w2k-server").os_keys().to_string(), "w2k/x86");
    assert_eq!(os("ws2003-std-x64").os_keys().to_string(), "ws2003/x64");
    assert_eq!(os("ws2008r2").os_keys().to_string(), "ws2008r2/x64, ws2008r2/ia64");
    let x64 = os("ws2003-std-x64");
    assert_eq!(x64.nt_version, "5.2");
    assert_eq!(x64.rtm_build, 3790);
    assert_eq!(x64.dpm_name, "Windows Server 2003 Standard x64 Edition");
    assert_eq!(x64.ms_name, "Microsoft Windows Server 2003, Standard x64 Edition");
    assert_eq!(os("ws2008-std-x86").released, Some("2008-02-27"));
    assert_eq!(os("winxp-pro-x64").released, None);
}

#[test]
fn default_supported_os_is_the_dpm_list() {
    let ids: Vec<&str> = default_supported_os().iter().map(|e| e.id).collect();
    assert_eq!(
        ids,
        [
            "w2k-server",
            "w2k-advserver",
            "ws2003-std-x86",
            "ws2003-ent-x86",
            "ws2003-std-x64",
            "ws2003-ent-x64",
            "ws2008-std-x86",
            "ws2008-ent-x86",
            "ws2008-std-x64",
            "ws2008-ent-x64"
        ]
    );
}

#[test]
fn service_pack_installers_by_kb() {
    let sp = catalog::service_pack_installer(948465).unwrap();
    assert_eq!(sp.sp, 2);
    assert!(sp.families.contains(&OsFamily::Ws2008));
    assert_eq!(catalog::service_pack_installer(976932).map(|s| s.sp), Some(1));
    assert_eq!(catalog::service_pack_installer(958644), None);
}

// ---------------------------------------------------------------------------------------------
// Languages
// ---------------------------------------------------------------------------------------------

#[test]
fn languages_by_suffix_langid_and_label() {
    let ja = language_by_suffix("JPN").unwrap();
    assert_eq!(ja.code, "ja");
    assert_eq!(ja.tag, "ja-JP");
    assert_eq!(ja.name_en, "Japanese");
    assert_eq!(ja.name_ja, "日本語");
    assert_eq!(ja.langid, 0x0411);
    assert_eq!(ja.codepage, 932);
    assert!(ja.dpm_auto_update);
    assert!(std::ptr::eq(language_by_suffix("jpn").unwrap(), ja));
    assert!(std::ptr::eq(language_by_langid(0x0411).unwrap(), ja));
    for input in [
        "ja",
        "JA",
        "ja-JP",
        "ja_jp",
        "Japanese",
        "japanese",
        "日本語",
        "JPN",
        "jpn",
    ] {
        assert!(std::ptr::eq(find_language(input).unwrap(), ja), "{input}");
    }
    let en = find_language("英語").unwrap();
    assert_eq!((en.code, en.ms_suffix, en.langid), ("en", "ENU", 0x0409));
    assert_eq!(find_language("English").map(|l| l.code), Some("en"));
    assert_eq!(find_language("en-US").map(|l| l.code), Some("en"));
    assert_eq!(find_language("zh-cn").map(|l| l.code), Some("zh-CN"));
    assert_eq!(find_language("CHT").map(|l| l.code), Some("zh-TW"));
    assert_eq!(find_language("中国語(香港)").map(|l| l.code), Some("zh-HK"));
    assert!(find_language("Chinese").is_none(), "ambiguous");
    assert_eq!(find_language("ko").map(|l| l.langid), Some(0x0412));
    assert_eq!(find_language("Spanish").map(|l| l.code), Some("es"));
    // Spanish: modern sort, and the traditional-sort LANGID as an alternative.
    assert_eq!(language_by_langid(0x0C0A).map(|l| l.code), Some("es"));
    assert_eq!(language_by_langid(0x040A).map(|l| l.code), Some("es"));
    assert!(language_by_langid(0x9999).is_none());
    assert!(language_by_suffix("INTL").is_none());
    assert!(language_by_suffix("XYZ").is_none());
    assert!(find_language("klingon").is_none());
}

#[test]
fn languages_from_the_comment() {
    let ar = language_by_suffix("ARA").unwrap();
    assert_eq!((ar.code, ar.langid, ar.codepage), ("ar", 0x0401, 1256));
    assert_eq!(ar.basis, catalog::LanguageBasis::Comment);
    let ru = language_by_suffix("RUS").unwrap();
    assert_eq!(ru.basis, catalog::LanguageBasis::CommentUnverified);
    assert_eq!(language_by_suffix("PTB").map(|l| l.code), Some("pt-BR"));
    assert_eq!(language_by_suffix("PTG").map(|l| l.code), Some("pt-PT"));
    assert_eq!(find_language("ja").unwrap().basis, catalog::LanguageBasis::Listed);
}

#[test]
fn language_suggestions() {
    assert_eq!(suggest_language("jp"), Some("ja"));
    assert_eq!(suggest_language("JPM"), Some("ja"));
    assert_eq!(suggest_language("cn"), Some("zh-CN"));
    assert_eq!(suggest_language("us"), Some("en"));
    assert_eq!(suggest_language("CHN"), None, "CHS, CHT or CHH");
    assert_eq!(suggest_language("xx"), None);
    assert_eq!(suggest_language("Japanse"), Some("ja"));
    assert_eq!(suggest_language("Englsh"), Some("en"));
    assert_eq!(suggest_language("ja"), None, "known");
    assert_eq!(suggest_language("Klingon"), None);
    assert_eq!(suggest_language(""), None);
}

#[test]
fn default_supported_language_is_japanese() {
    let codes: Vec<&str> = default_supported_languages().iter().map(|l| l.code).collect();
    assert_eq!(codes, ["ja"]);
}

#[test]
fn lookups_are_fast() {
    // 10,000 definitions, several lookups each, must take well under a second.
    let start = std::time::Instant::now();
    for i in 0..10_000u32 {
        assert!(find_os("Windows Server 2003, Standard x64 Edition").is_some());
        assert!(find_language("日本語").is_some());
        assert!(language_by_suffix("JPN").is_some());
        let b = bulletin("MS08-067").unwrap();
        assert_eq!(b.has_kb(958644 + i % 2), i % 2 == 0);
        assert_eq!(b.affects_os(os("ws2003-std-x64")), Some(true));
    }
    let took = start.elapsed();
    assert!(took.as_millis() < 1000, "took {took:?}");
}
