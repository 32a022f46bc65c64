//! ## What it catches
//! A hotfix whose bulletin lists its KB for a target OS only at some service-pack levels, while the
//! repository says some computers of that OS are below the lowest of them. The evidence is one of:
//!
//! - a reference root that matches the definition's target and is at a lower level (declared in
//!   dpmlint.toml, or read from its `ntoskrnl.exe` / `kernel32.dll`: `dpmlint inspect DIR`);
//! - `[service-pack-minimum]` in dpmlint.toml, below the level, for the target's release
//!   (`"Windows Server 2008" = 1`) or edition;
//! - a `depends_on` on a service-pack package for that OS that brings it only to a lower level.
//!
//! The message names the bulletin, the KB, the product row of Microsoft's Security Bulletin Data
//! that lists the lowest level, and the evidence. Without such evidence the rule is silent:
//! Microsoft lists only the levels still supported on the bulletin's date, so a bulletin naming
//! only Service Pack 2 says nothing by itself about the computers DPM manages.
//!
//! ## Why it matters
//! The update's installer refuses to run below the service-pack level it was built for. On those
//! computers the package fails at every auto-update, and the vulnerability stays open until the
//! service pack is applied first.
//!
//! ## Example
//! MS12-020 lists KB2621440 for Windows Server 2008 only as "Windows Server 2008 for 32-bit Systems
//! Service Pack 2", and dpmlint.toml has `[service-pack-minimum]` `"Windows Server 2008" = 1`:
//! ```yaml
//! id: MS12-020_W2K8_x86
//! type: hotfix
//! os: Windows Server 2008 Standard Edition
//! ms_number: MS12-020
//! kb: KB2621440
//! ```
//!
//! Use instead: make the package depend on the Service Pack 2 package, so DPM applies it first:
//! ```yaml
//! id: MS12-020_W2K8_x86
//! type: hotfix
//! os: Windows Server 2008 Standard Edition
//! ms_number: MS12-020
//! kb: KB2621440
//! depends_on:
//!   - W2K8_SP2_x86
//! ```
//!
//! ## Fix
//! Apply the service pack first (a `depends_on` on its package), or raise the computers' level and
//! `[service-pack-minimum]`; a reference root at a lower level that no longer matches the managed
//! computers can be replaced.
//!
//! ## 日本語
//! ## 検出内容
//! 修正プログラムのセキュリティ情報が、対象 OS について KB を一部のサービスパックのレベルでしか挙げていないのに、
//! リポジトリの情報ではその OS の管理対象コンピュータの一部が最も低いレベルより下にある。根拠は次のいずれかです。
//!
//! - 定義の対象に合う参照ルートのレベルが低い (dpmlint.toml で宣言、またはその `ntoskrnl.exe` /
//!   `kernel32.dll` から読み取り。`dpmlint inspect DIR` で確認できます)
//! - dpmlint.toml の `[service-pack-minimum]` が、対象のリリース (`"Windows Server 2008" = 1`) または
//!   エディションについてそのレベルより低い
//! - `depends_on` に、その OS を低いレベルまでしか上げないサービスパックのパッケージがある
//!
//! メッセージには、セキュリティ情報、KB、最も低いレベルを挙げる Microsoft Security Bulletin Data の製品行、
//! 根拠を示します。根拠がなければ報告しません。Microsoft はセキュリティ情報の公開日にサポート中のレベルしか
//! 挙げないため、Service Pack 2 だけが挙がっていても、それだけでは DPM の管理対象コンピュータについて
//! 何もわかりません。
//!
//! ## 問題点
//! 更新のインストーラは、想定より低いサービスパックのレベルでは実行を拒否します。そのコンピュータでは
//! 自動更新のたびにパッケージが失敗し、サービスパックを先に適用するまで脆弱性が残ります。
//!
//! ## 例
//! MS12-020 は Windows Server 2008 向けの KB2621440 を "Windows Server 2008 for 32-bit Systems
//! Service Pack 2" としてしか挙げておらず、dpmlint.toml には `[service-pack-minimum]` `"Windows Server 2008" = 1` があります:
//! ```yaml
//! id: MS12-020_W2K8_x86
//! type: hotfix
//! os: Windows Server 2008 Standard Edition
//! ms_number: MS12-020
//! kb: KB2621440
//! ```
//!
//! 修正後: Service Pack 2 のパッケージに依存させ、DPM が先に適用するようにします:
//! ```yaml
//! id: MS12-020_W2K8_x86
//! type: hotfix
//! os: Windows Server 2008 Standard Edition
//! ms_number: MS12-020
//! kb: KB2621440
//! depends_on:
//!   - W2K8_SP2_x86
//! ```
//!
//! ## 修正方法
//! サービスパックを先に適用する (そのパッケージを `depends_on` に書く) か、管理対象コンピュータのレベルと
//! `[service-pack-minimum]` を上げてください。管理対象コンピュータと合わなくなった低いレベルの参照ルートは
//! 差し替えてください。

use crate::catalog::{ListedSp, OsEdition, OsKey};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model::PackageType;
use crate::evidence::roots::Release;
use crate::rules::identity;
use crate::rules::{PackageCtx, RepoCtx, Rule, RuleMeta};
use crate::load::source::Span;
use crate::tr;
use foldhash::{HashMap, HashMapExt};

/// DPM111
pub struct SpPrerequisite;

/// DPM111's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM111", "sp-prerequisite", Warning, None);

/// A service-pack package of the repository: the editions it targets and the level it brings
/// them to (what [`Summary`](crate::rules::context::Summary) keeps of it for `depends_on`).
#[derive(Debug, Clone)]
pub struct SpPackage {
    editions: Vec<&'static OsEdition>,
    level: u16,
}

/// The service-pack package `ctx` is, if it is one with a known level.
pub fn sp_package(ctx: &PackageCtx) -> Option<SpPackage> {
    let p = ctx.package();
    if p.kind() != Some(PackageType::ServicePack) {
        return None;
    }
    let level = p.service_pack.as_ref().and_then(|s| s.value.major.as_ref())?.value;
    let editions = p.os_names().iter().filter_map(|n| crate::catalog::find_os(&n.value)).collect();
    Some(SpPackage { editions, level })
}

/// One target of a hotfix on which the bulletin lists the KB only at some service-pack levels,
/// with what the definition's own settings say of the computers' level (reference roots,
/// `[service-pack-minimum]`). Taken per file; the repository stage adds `depends_on`.
#[derive(Debug, Clone)]
pub struct Candidate {
    target: Span,
    edition: &'static OsEdition,
    key: OsKey,
    listed: Vec<ListedSp>,
    /// The lowest of `listed`.
    lowest: ListedSp,
    ms: String,
    ms_span: Span,
    kb: String,
    evidence: Vec<String>,
}

impl Candidate {
    /// The spans its diagnostic points at.
    pub fn spans(&self) -> [Span; 2] {
        [self.target, self.ms_span]
    }
}

/// The candidates of one definition, target by target, each target's keys in order: only those
/// that can be reported, with evidence of their own or a `depends_on` that may give some (kept
/// for every definition until the repository stage, so none is kept in vain).
pub fn candidates(ctx: &PackageCtx) -> Vec<Candidate> {
    let mut out = Vec::new();
    let has_dependencies = ctx.package().depends_on.as_ref().is_some_and(|d| !d.value.is_empty());
    let Some((ms, ms_span, b, claim)) = identity::hotfix_kb(ctx) else { return out };
    let Some(entry) = b.entry(claim.kb) else { return out };
    for target in ctx.targets() {
        let Some(edition) = target.edition else { continue };
        for key in identity::target_keys(ctx, edition).iter() {
            let listed = entry.sp_levels(key);
            let Some(lowest) = listed.first() else { continue };
            let evidence = local_evidence(ctx, edition, key, lowest.level);
            if evidence.is_empty() && !has_dependencies {
                continue;
            }
            out.push(Candidate {
                target: target.name.span,
                edition,
                key,
                lowest: *lowest,
                listed,
                ms: ms.to_string(),
                ms_span,
                kb: identity::kb_text(claim.kb),
                evidence,
            });
        }
    }
    out
}

impl Rule for SpPrerequisite {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_repo(&self, repo: &RepoCtx, out: &mut Vec<Diagnostic>) {
        // The service-pack packages by ID, for `depends_on`.
        let mut sp_packages: HashMap<&str, &SpPackage> = HashMap::new();
        for p in repo.packages {
            if let (Some(sp), Some(id)) = (&p.service_pack, &p.id) {
                sp_packages.insert(id.value.as_str(), sp);
            }
        }
        let lang = repo.settings.lang;
        for p in repo.packages {
            let mut reported: Option<Span> = None;
            for c in &p.sp_candidates {
                // The first key of a target with evidence.
                if reported == Some(c.target) {
                    continue;
                }
                let mut evidence = c.evidence.clone();
                evidence.extend(dependency_evidence(lang, &p.depends_on, &sp_packages, c));
                if evidence.is_empty() {
                    continue;
                }
                reported = Some(c.target);
                out.push(diagnostic(lang, &p.file, c, &evidence));
            }
        }
    }
}

fn diagnostic(lang: Lang, file: &std::sync::Arc<crate::load::source::SourceFile>, c: &Candidate, evidence: &[String]) -> Diagnostic {
    let lowest = c.lowest;
    let (ms, kb) = (&c.ms, &c.kb);
    let release = format!("{} {}", c.key.family.name(), c.key.arch);
    let sp = lowest.level;
    let row = lowest.product;
    let levels = levels_text(&c.listed);
    let because = evidence.join(if lang == Lang::Ja { "。また、" } else { "; " });
    let message = tr!(
        lang,
        "{ms} lists {kb} for {release} only at {levels} (product row \"{row}\"), but {because}: the installer refuses to run below Service Pack {sp}, so those computers fail the package at every auto-update",
        "{ms} は {release} 向けの {kb} を {levels} についてしか挙げていません (製品行 \"{row}\")。しかし、{because}。インストーラは Service Pack {sp} より下では実行を拒否するため、そのコンピュータでは自動更新のたびにパッケージが失敗します"
    );
    Diagnostic::new(&META, file, c.target, message)
        .label(c.ms_span, tr!(lang, "{ms} {kb}: Service Pack {sp} or later", "{ms} {kb}: Service Pack {sp} 以降"))
        .help(tr!(
            lang,
            "apply Service Pack {sp} first (a `depends_on` on its package), or raise the computers to it and `[service-pack-minimum]` in dpmlint.toml",
            "先に Service Pack {sp} を適用する (そのパッケージを `depends_on` に書く) か、管理対象コンピュータを Service Pack {sp} に上げて dpmlint.toml の `[service-pack-minimum]` も上げてください"
        ))
}

/// `depends_on` on service-pack packages for this very edition: the highest level they reach,
/// when it is below the one listed (a dependency on SP1 and SP2 packages reaches SP2).
fn dependency_evidence(
    lang: Lang,
    depends_on: &[crate::model::Spanned<String>],
    sp_packages: &HashMap<&str, &SpPackage>,
    c: &Candidate,
) -> Option<String> {
    let lowest = c.lowest;
    let mut reached: Option<(u16, &str)> = None;
    for dep in depends_on {
        let Some(sp) = sp_packages.get(dep.value.as_str()) else { continue };
        let for_edition = sp.editions.iter().any(|e| e.id == c.edition.id && e.has_arch(c.key.arch));
        if for_edition && reached.is_none_or(|(level, _)| sp.level > level) {
            reached = Some((sp.level, dep.value.as_str()));
        }
    }
    let (level, id) = reached?;
    (level < u16::from(lowest.level)).then(|| {
        tr!(
            lang,
            "`depends_on` names `{id}`, a service-pack package that brings the computers only to Service Pack {level}",
            "`depends_on` の `{id}` は Service Pack {level} までしか上げないサービスパックのパッケージです"
        )
    })
}

/// `Service Pack 2` / `Service Packs 1 and 2`.
fn levels_text(listed: &[ListedSp]) -> String {
    match listed {
        [one] => format!("Service Pack {}", one.level),
        _ => {
            let levels: Vec<String> = listed.iter().map(|l| l.level.to_string()).collect();
            format!("Service Packs {}", levels.join(", "))
        }
    }
}

/// What the definition's settings say of computers of `edition` (on `key`) below `level`: a
/// matching reference root, `[service-pack-minimum]`; in words.
fn local_evidence(ctx: &PackageCtx, edition: &OsEdition, key: OsKey, level: u8) -> Vec<String> {
    let lang = ctx.lang();
    let mut out = Vec::new();
    // A matching reference root whose level is known to be lower.
    for (root, id) in ctx.reference_roots() {
        let (Some(families), Some(sp)) = (&id.families, &id.service_pack) else {
            continue;
        };
        let same_os = families.value.contains(&edition.family) && id.arch.as_ref().is_none_or(|a| a.value == key.arch);
        if same_os && sp.value < level {
            let shown = crate::load::discover::display_name(&root.path, crate::platform::paths::current_dir());
            let what = id.summary().unwrap_or_default();
            let sp = sp.value;
            out.push(tr!(
                lang,
                "the reference root {shown} is at Service Pack {sp} ({what})",
                "参照ルート {shown} は Service Pack {sp} です ({what})"
            ));
        }
    }
    // `[service-pack-minimum]`: the edition's entry, else its release's.
    let minimum = ctx
        .settings
        .service_pack_minimum
        .iter()
        .find(|(r, _)| matches!(r, Release::Edition(e) if e.id == edition.id))
        .or_else(|| {
            ctx.settings
                .service_pack_minimum
                .iter()
                .find(|(r, _)| matches!(r, Release::Family(f) if *f == edition.family))
        });
    if let Some((release, min)) = minimum
        && *min < level
    {
        let name = release.name();
        out.push(tr!(
            lang,
            "`[service-pack-minimum]` in dpmlint.toml says {name} computers run Service Pack {min}",
            "dpmlint.toml の `[service-pack-minimum]` では {name} のコンピュータは Service Pack {min} です"
        ));
    }
    out
}
