//! ## What it catches
//! Two definitions with the same `id`. The first (by file path) is taken as the original; every
//! other one is reported with the place of the first.
//!
//! ## Why it matters
//! The package ID identifies a package on the management server. Registering a second package
//! under an ID that exists overwrites or collides with the first, and `depends_on` can no longer
//! say which one it means.
//!
//! ## Example
//! `packages/ms08-067/package.yaml` and `packages/ms08-067-x64/package.yaml` both say:
//! ```yaml
//! id: MS08-067_W2K3_JPN
//! ```
//!
//! Use instead:
//! ```yaml
//! id: MS08-067_W2K3_x86_JPN     # in one
//! id: MS08-067_W2K3_x64_JPN     # in the other
//! ```
//!
//! ## Fix
//! Give each package its own ID; include the OS, architecture and language in it.
//!
//! ## 日本語
//! ## 検出内容
//! 同じ `id` を持つ 2 つ以上の定義。ファイルパス順で最初のものを元とし、他のすべてをその位置とともに報告します。
//!
//! ## 問題点
//! パッケージ ID は管理サーバ上でパッケージを識別します。既存の ID で別のパッケージを登録すると
//! 上書きや衝突が起き、`depends_on` もどちらを指すのか分からなくなります。
//!
//! ## 例
//! `packages/ms08-067/package.yaml` と `packages/ms08-067-x64/package.yaml` の両方に:
//! ```yaml
//! id: MS08-067_W2K3_JPN
//! ```
//!
//! 修正後:
//! ```yaml
//! id: MS08-067_W2K3_x86_JPN     # 一方
//! id: MS08-067_W2K3_x64_JPN     # もう一方
//! ```
//!
//! ## 修正方法
//! パッケージごとに別の ID を付けてください (OS、アーキテクチャ、言語を含めると確実です)。

use crate::diagnostic::Diagnostic;
use crate::rules::{RepoCtx, Rule, RuleMeta};
use crate::tr;
use foldhash::{HashMap, HashMapExt};

/// DPM601
pub struct DuplicatePackageId;

/// DPM601's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM601", "duplicate-package-id", Error, None);

impl Rule for DuplicatePackageId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_repo(&self, ctx: &RepoCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        let mut first: HashMap<&str, (&str, usize)> = HashMap::new();
        for loaded in ctx.packages {
            let Some(id) = &loaded.id else { continue };
            match first.get(id.value.as_str()) {
                None => {
                    first.insert(&id.value, (&loaded.file.name, loaded.id_line));
                }
                Some((file, line)) => {
                    let value = &id.value;
                    out.push(
                        Diagnostic::new(
                            &META,
                            &loaded.file,
                            id.span,
                            tr!(lang, "package ID `{value}` is already used by {file}:{line}", "パッケージ ID `{value}` は {file}:{line} で既に使われています"),
                        )
                        .help(tr!(
                            lang,
                            "give each package its own ID; the management server identifies packages by it",
                            "パッケージごとに別の ID を付けてください。管理サーバは ID でパッケージを識別します"
                        )),
                    );
                }
            }
        }
    }
}
