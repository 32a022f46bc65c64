//! ## What it catches
//! A `depends_on` entry naming a package ID that no definition in the checked folders has, and
//! that the definition's config does not declare in `known-packages`.
//!
//! ## Why it matters
//! A dependency that does not exist cannot be applied first, so the package waits for it forever
//! or is applied in the wrong order.
//!
//! ## Example
//! ```yaml
//! depends_on: [W2K3_SP2_x86_JPM]
//! ```
//!
//! Use instead:
//! ```yaml
//! depends_on: [W2K3_SP2_x86_JPN]
//! ```
//!
//! ## Fix
//! Correct the ID (the message suggests a close one, among the definitions and `known-packages`),
//! add the missing definition, or lint the folder that holds it too. A package registered in DPM
//! outside the repository (by hand, or from another repository) is declared in `dpmlint.toml`:
//! ```toml
//! known-packages = ["W2K3_SP2_x86_JPN"]
//! ```
//!
//! ## 日本語
//! ## 検出内容
//! 検査したフォルダのどの定義にもなく、定義の設定ファイルの `known-packages` にもないパッケージ ID を
//! 指す `depends_on` のエントリ。
//!
//! ## 問題点
//! 存在しない依存先は先に適用できないため、パッケージがいつまでも待つか、誤った順序で適用されます。
//!
//! ## 修正方法
//! ID を直す (定義と `known-packages` から近い ID を提案します)、欠けている定義を追加する、または
//! その定義があるフォルダも一緒に検査してください。リポジトリの外で DPM に登録したパッケージ (手で
//! 登録したもの、別のリポジトリのもの) は `dpmlint.toml` で宣言します:
//! ```toml
//! known-packages = ["W2K3_SP2_x86_JPN"]
//! ```

use crate::diagnostic::Diagnostic;
use crate::rules::{RepoCtx, Rule, RuleMeta};
use crate::tr;
use foldhash::HashSet;

/// DPM603
pub struct DependencyMissing;

/// DPM603's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM603", "dependency-missing", Error, None);

impl Rule for DependencyMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_repo(&self, ctx: &RepoCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        let ids: HashSet<&str> = ctx
            .packages
            .iter()
            .filter_map(|l| l.id.as_ref())
            .map(|f| f.value.as_str())
            .collect();
        let mut sorted: Vec<&str> = ids.iter().copied().collect();
        sorted.sort_unstable();
        // Folded once, not once per comparison.
        let folded: Vec<(String, &str)> = sorted.iter().map(|id| (id.to_lowercase(), *id)).collect();
        for (n, loaded) in ctx.packages.iter().enumerate() {
            let deps = &loaded.depends_on;
            if deps.is_empty() {
                continue;
            }
            // The IDs the definition's config declares as registered elsewhere (`known-packages`).
            let known: &[String] = ctx
                .package_settings
                .get(n)
                .map_or(&ctx.settings.known_packages, |s| &s.known_packages);
            let known_folded: Vec<(String, &str)> = known.iter().map(|id| (id.to_lowercase(), id.as_str())).collect();
            for dep in deps {
                if ids.contains(dep.value.as_str()) || known.contains(&dep.value) {
                    continue;
                }
                let name = &dep.value;
                let suggestion = crate::suggest::best(
                    &name.to_lowercase(),
                    folded
                        .iter()
                        .chain(&known_folded)
                        .map(|(lower, id)| (lower.as_str(), *id)),
                    0.75,
                );
                let help = match suggestion {
                    Some(s) => tr!(lang, "did you mean `{s}`?", "もしかして `{s}` ですか"),
                    None => tr!(
                        lang,
                        "add the definition of `{name}`, or lint the folder that holds it together with this one; if it is registered outside the repository, add it to `known-packages` in dpmlint.toml",
                        "`{name}` の定義を追加するか、その定義があるフォルダも一緒に検査してください。リポジトリの外で登録したパッケージなら、dpmlint.toml の `known-packages` に追加してください"
                    ),
                };
                out.push(
                    Diagnostic::new(
                        &META,
                        &loaded.file,
                        dep.span,
                        tr!(
                            lang,
                            "`depends_on` names `{name}`, but no definition has that ID",
                            "`depends_on` の `{name}` という ID の定義がありません"
                        ),
                    )
                    .help(help),
                );
            }
        }
    }
}
