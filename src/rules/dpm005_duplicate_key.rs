//! ## What it catches
//! The same key twice in one mapping. Both places are shown; dpmlint keeps the first.
//!
//! ## Why it matters
//! YAML readers disagree on which of two values wins (many keep the last, some refuse the file).
//! Two `version:` lines in one identification entry leave the package's real identification to
//! chance.
//!
//! ## Example
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//!     version: 5.2.3790.3229
//!     version: 5.2.3790.4392
//!     change: upgrade
//! ```
//!
//! Use instead:
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//!     version: 5.2.3790.4392
//!     change: upgrade
//! ```
//!
//! ## Fix
//! Keep one of the two.
//!
//! ## 日本語
//! ## 検出内容
//! 1 つのマッピング内の同じキーの重複。両方の位置を示します (dpmlint は最初のものを使います)。
//!
//! ## 問題点
//! どちらの値が有効になるかは YAML の実装によって異なります (最後を採るもの、ファイルを拒否するもの)。
//! 識別情報の `version:` が 2 行あると、実際の識別情報が偶然で決まります。
//!
//! ## 修正方法
//! どちらか一方だけを残してください。

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::rules::{Rule, RuleMeta};
use crate::load::source::{SourceFile, Span};
use crate::tr;
use std::sync::Arc;

/// DPM005
pub struct DuplicateKey;

/// DPM005's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM005", "duplicate-key", Error, None);

impl Rule for DuplicateKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// The diagnostic at the second occurrence, with a label at the first.
pub fn diagnostic(file: &Arc<SourceFile>, lang: Lang, key: &str, first: Span, second: Span) -> Diagnostic {
    let line = file.line_col(first.start).line;
    Diagnostic::new(
        &META,
        file,
        second,
        tr!(lang, "duplicate key `{key}` (first defined on line {line})", "キー `{key}` が重複しています (最初の定義は {line} 行目)"),
    )
    .label(first, tr!(lang, "first defined here", "最初の定義"))
    .help(tr!(lang, "YAML readers disagree on which value wins; keep one", "どちらの値が有効になるかは YAML の実装で異なります。一方だけを残してください"))
}
