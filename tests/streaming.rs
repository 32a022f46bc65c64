//! The report is written a file at a time, after the repository rules ran on the definitions'
//! summaries: a run of more definitions than one reporting chunk, with DPM601, DPM603, DPM604 and
//! DPM007 findings in files reported far apart, gives the same report in every format at one and
//! at several threads, and the same as the report written whole from the gathered result.

use dpmlint::i18n::Lang;
use dpmlint::linter::{self, Input, Profile};
use dpmlint::load::config::Selection;
use dpmlint::report::{self, Format, Report};
use dpmlint::rules::Settings;

/// 700 definitions: every 50th reuses the first one's ID (DPM601), every 70th depends on a
/// missing package (DPM603), two far apart depend on each other (DPM604), and one carries a
/// suppression that silences nothing (DPM007) and one a suppression that silences its DPM601.
fn inputs() -> Vec<Input> {
    (0..700)
        .map(|i| {
            let id = if i % 50 == 0 { "DUP".to_string() } else { format!("APP{i}") };
            let mut text = format!(
                "format: 1\nid: {id}\ntype: application\nname: app {i}\nos: Windows Server 2003 Standard Edition\nlanguage: ja\nexecute:\n  file: setup{i}.exe\n"
            );
            match i {
                3 => text.push_str("depends_on: [APP651]\n"),
                651 => text.push_str("depends_on: [APP3]\n"),
                _ if i % 70 == 1 => text.push_str("depends_on: [NOWHERE]\n"),
                _ => {}
            }
            if i == 100 {
                text = text.replace("id: DUP\n", "id: DUP # dpmlint: ignore DPM601\n");
            }
            if i == 200 {
                text.push_str("# dpmlint: ignore DPM002\n");
            }
            Input {
                name: format!("p{i:04}.dpm.yaml"),
                path: None,
                content: Some(text.into_bytes()),
                listed: false,
                folder: Default::default(),
                tag: None,
            }
        })
        .collect()
}

/// The report's options (with `--statistics`), without diagnostics.
fn options(lang: Lang, files_checked: usize) -> Report<'static> {
    Report {
        diagnostics: &[],
        keys: &[],
        files: &[],
        files_checked,
        fixed: 0,
        unsafe_fixes: false,
        lang,
        color: false,
        ascii: false,
        quiet: false,
        statistics: true,
        rule_docs_url: None,
    }
}

/// The report written whole from the gathered result.
fn render(result: &linter::LintResult, format: Format, lang: Lang) -> String {
    let names: Vec<String> = result.files.iter().map(|f| f.name.clone()).collect();
    let rep = Report {
        diagnostics: &result.diagnostics,
        keys: &result.keys,
        files: &names,
        ..options(lang, result.files_checked)
    };
    let mut out = Vec::new();
    report::write(format, &rep, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The report as `check` writes it: a file at a time, as the linter hands them over.
fn streamed(inputs: &[Input], profile: &Profile, format: Format, lang: Lang) -> String {
    let profiles = vec![profile; inputs.len()];
    let rep = options(lang, inputs.len());
    let mut out = Vec::new();
    let mut writer = report::Writer::new(format, &rep, &mut out).unwrap();
    linter::lint_stream(inputs, &profiles, true, |r| {
        writer.file(&r.file.name, &r.diagnostics, &r.keys).unwrap();
    });
    writer.finish().unwrap();
    String::from_utf8(out).unwrap()
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn the_streamed_report_is_the_whole_report_at_any_thread_count() {
    let inputs = inputs();
    for lang in [Lang::En, Lang::Ja] {
        let profile = Profile {
            settings: Settings {
                lang,
                ..Settings::default()
            },
            selection: Selection::default(),
        };
        let profiles = vec![&profile; inputs.len()];
        let one = in_pool(1, || linter::lint_each(&inputs, &profiles, true));
        let many = in_pool(4, || linter::lint_each(&inputs, &profiles, true));
        let codes = |code: &str| one.diagnostics.iter().filter(|d| d.code() == code).count();
        // 14 IDs reused, one of them suppressed; 10 missing dependencies; one cycle of two; one
        // unused suppression.
        assert_eq!(
            (codes("DPM601"), codes("DPM603"), codes("DPM604"), codes("DPM007")),
            (12, 10, 2, 1),
            "{:?}",
            one.diagnostics
                .iter()
                .map(|d| (d.code(), &d.file.name))
                .collect::<Vec<_>>()
        );
        assert_eq!(one.keys.len(), one.diagnostics.len());
        assert_eq!(one.files.len(), 700);
        for format in [
            Format::Human,
            Format::Concise,
            Format::Json,
            Format::Sarif,
            Format::Github,
            Format::Junit,
            Format::Gitlab,
        ] {
            let whole = render(&one, format, lang);
            assert_eq!(whole, render(&many, format, lang), "{format:?}");
            assert_eq!(
                whole,
                in_pool(3, || streamed(&inputs, &profile, format, lang)),
                "{format:?}"
            );
        }
    }
}

/// Keys come from the node paths taken before each tree is dropped: the same as the tree gives.
#[test]
fn keys_of_repository_findings_name_their_nodes() {
    let inputs = inputs();
    let profile = Profile::default();
    let result = linter::lint_each(&inputs, &vec![&profile; inputs.len()], true);
    let node_of = |code: &str| {
        result
            .diagnostics
            .iter()
            .zip(&result.keys)
            .find(|(d, _)| d.code() == code)
            .map(|(_, k)| k.node.clone())
    };
    assert_eq!(node_of("DPM601").as_deref(), Some("id"));
    assert_eq!(node_of("DPM603").as_deref(), Some("depends_on[0]"));
    assert_eq!(node_of("DPM604").as_deref(), Some("depends_on[0]"));
    // Without a baseline or a format that needs them, no keys are computed.
    assert!(
        linter::lint_each(&inputs, &vec![&profile; inputs.len()], false)
            .keys
            .is_empty()
    );
}
