//! ## What it catches
//! Two hotfix definitions with the same MS number, the same KB and the same language that share
//! a target OS. The first (by file path) is taken as the original; every later one is reported at
//! its MS number, with the place of the first.
//!
//! MS numbers are compared as the catalog reads them (`ms08-067` is `MS08-067`); the KB is the
//! `kb` field, else the KB in `execute.file`'s name (two definitions without any KB share it, one
//! with and one without do not); target OS editions by catalog edition when known (so
//! `Windows Server 2003, Standard Edition` and `Windows Server 2003 Standard Edition` are one),
//! else by name ignoring case and spacing; languages by catalog language (`ja`, `日本語` and `JPN`
//! are one). A target that the definition's own installer name rules out (an x86 edition with an
//! x64 installer: DPM204) is left out of the comparison.
//!
//! ## Why it matters
//! DPM tells packages apart by what decides whether they are applied: MS number, OS and language.
//! Two packages that agree on all of them are the same update twice: both are delivered, one of
//! them is redundant, and changing one (a new installer, a fixed argument) leaves the other as it
//! was.
//!
//! ## Example
//! `ms08-067-std/package.yaml` and `ms08-067-all/package.yaml` both say:
//! ```yaml
//! os: Windows Server 2003 Standard Edition
//! language: ja
//! ms_number: MS08-067
//! kb: KB958644
//! ```
//!
//! Use instead: one definition for the update, listing every edition it is for:
//! ```yaml
//! os:
//!   - Windows Server 2003 Standard Edition
//!   - Windows Server 2003 Enterprise Edition
//! language: ja
//! ms_number: MS08-067
//! kb: KB958644
//! ```
//!
//! ## Fix
//! Keep one definition per update, OS and language: remove the duplicate, or remove the shared OS
//! from one of them.
//!
//! ## 日本語
//! ## 検出内容
//! MS 番号、KB、言語が同じで、対象 OS が重なる 2 つ以上の HotFix の定義。ファイルパス順で最初のものを
//! 元とし、他のすべてをその MS 番号の位置で、最初の定義の位置とともに報告します。
//!
//! MS 番号はカタログと同じく読み (`ms08-067` は `MS08-067`)、KB は `kb` フィールド、なければ
//! `execute.file` のファイル名の KB です (KB のない定義同士は同じ、一方だけにある場合は別とみなします)。
//! 対象 OS は既知ならカタログのエディションで (`Windows Server 2003, Standard Edition` と
//! `Windows Server 2003 Standard Edition` は同じ)、そうでなければ大文字・小文字と空白を無視した名前で、
//! 言語はカタログの言語で (`ja`、`日本語`、`JPN` は同じ) 比べます。定義自身のインストーラ名と合わない
//! 対象 (x64 のインストーラに x86 のエディション。DPM204) は比較に含めません。
//!
//! ## 問題点
//! DPM はパッケージを、適用済みかどうかを決めるもの (MS 番号、OS、言語) で区別します。これらがすべて
//! 同じ 2 つのパッケージは同じ更新の重複です。両方が配信されて一方は無駄になり、片方だけを変更
//! (インストーラの更新、引数の修正) しても、もう片方は元のままです。
//!
//! ## 例
//! `ms08-067-std/package.yaml` と `ms08-067-all/package.yaml` の両方に:
//! ```yaml
//! os: Windows Server 2003 Standard Edition
//! language: ja
//! ms_number: MS08-067
//! kb: KB958644
//! ```
//!
//! 修正後: 更新プログラム 1 つに定義を 1 つとし、対象のエディションをすべて挙げます:
//! ```yaml
//! os:
//!   - Windows Server 2003 Standard Edition
//!   - Windows Server 2003 Enterprise Edition
//! language: ja
//! ms_number: MS08-067
//! kb: KB958644
//! ```
//!
//! ## 修正方法
//! 更新・OS・言語ごとに定義を 1 つにしてください。重複した定義を削除するか、一方から重なる OS を
//! 外してください。

use foldhash::{HashMap, HashMapExt};

use crate::catalog;
use crate::diagnostic::Diagnostic;
use crate::model::PackageType;
use crate::rules::identity;
use crate::rules::{PackageCtx, RepoCtx, Rule, RuleMeta};
use crate::load::source::Span;
use crate::tr;

/// DPM602
pub struct DuplicateTarget;

/// DPM602's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM602", "duplicate-target", Warning, None);

/// A target OS as compared: the catalog edition id, or the name folded.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum OsId {
    Edition(&'static str),
    Name(String),
}

/// What identifies a hotfix to DPM, for one definition (kept in its [`Summary`](crate::rules::Summary)).
#[derive(Debug)]
pub struct Identity {
    ms: String,
    kb: Option<u32>,
    language: &'static str,
    /// Targets with the name as written (for messages).
    targets: Vec<(OsId, String)>,
    /// Where the MS number is (what DPM602 reports at).
    pub ms_span: Span,
    line: usize,
}

/// What identifies the definition as a hotfix, when it is one with an MS number and a language.
pub fn identity_of(ctx: &PackageCtx) -> Option<Identity> {
    if ctx.package().kind() != Some(PackageType::Hotfix) {
        return None;
    }
    let (_, ms_span, yy, n) = identity::ms_number(ctx)?;
    let language = ctx.language()?.code;
    // A `kb` that is no KB number (DPM109) leaves the KB unknown: do not compare.
    if ctx.doc().root.get("kb").is_some() && identity::field_claim(ctx).is_none() {
        return None;
    }
    let kb = identity::package_kb(ctx).map(|c| c.kb);
    let installer = ctx.installer_name();
    let targets = ctx
        .targets()
        .iter()
        .filter(|t| {
            let ruled_out = t
                .edition
                .zip(installer)
                .is_some_and(|(e, name)| name.fits_os(e) == Some(false));
            !ruled_out
        })
        .map(|t| {
            let id = match t.edition {
                Some(e) => OsId::Edition(e.id),
                None => OsId::Name(t.name.value.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()),
            };
            (id, t.name.value.clone())
        })
        .collect();
    Some(Identity {
        ms: format!("MS{yy:02}-{n:03}"),
        kb,
        language,
        targets,
        ms_span,
        line: ctx.file().line_col(ms_span.start).line,
    })
}

impl Rule for DuplicateTarget {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_repo(&self, ctx: &RepoCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        // The first definition (in file order) of each update, language and target: a definition
        // is reported against the first earlier one that shares a target with it, found in one
        // lookup per target (linear in the number of definitions).
        type Key<'a> = (&'a str, Option<u32>, &'static str, &'a OsId);
        let mut first_of: HashMap<Key, usize> = HashMap::new();
        for (i, later) in ctx.packages.iter().enumerate() {
            let Some(later) = &later.hotfix else { continue };
            let key = |id| (later.ms.as_str(), later.kb, later.language, id);
            let earliest = later.targets.iter().filter_map(|(id, _)| first_of.get(&key(id)).copied()).min();
            for (id, _) in &later.targets {
                first_of.entry(key(id)).or_insert(i);
            }
            if let Some(j) = earliest
                && let Some(first) = &ctx.packages[j].hotfix
            {
                let shared: Vec<&str> = later
                    .targets
                    .iter()
                    .filter(|(id, _)| first.targets.iter().any(|(f, _)| f == id))
                    .map(|(_, name)| name.as_str())
                    .collect();
                let loaded = &ctx.packages[i];
                let file = &ctx.packages[j].file.name;
                let line = first.line;
                let ms = &later.ms;
                let kb = later.kb.map_or_else(String::new, |k| format!(" ({})", identity::kb_text(k)));
                let os = shared.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
                let language = catalog::language_by_code(later.language)
                    .map_or(later.language, |l| lang.pick(l.name_en, l.name_ja));
                out.push(
                    Diagnostic::new(
                        &META,
                        &loaded.file,
                        later.ms_span,
                        tr!(
                            lang,
                            "{ms}{kb} for {os} ({language}) is already defined by {file}:{line}: DPM cannot tell the two packages apart, and delivers the same update twice",
                            "{os} ({language}) 向けの {ms}{kb} は {file}:{line} で既に定義されています。DPM は 2 つのパッケージを区別できず、同じ更新を 2 回配信します"
                        ),
                    )
                    .help(tr!(
                        lang,
                        "keep one definition per update, OS and language: remove this one, or remove the shared OS from one of them",
                        "更新・OS・言語ごとに定義を 1 つにしてください。この定義を削除するか、一方から重なる OS を外してください"
                    )),
                );
            }
        }
    }
}
