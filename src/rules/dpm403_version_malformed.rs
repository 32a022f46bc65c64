//! ## What it catches
//! An identification entry whose `version` is not 1 to 4 integers of 0–65535 separated by dots:
//! `5.2.3790.4392.1` (five parts), `5.2.x`, `70000`, `5..2`, `v5.2`, `5,2,3790,4392`, or a
//! FileVersion string copied with its build label, `5.2.3790.3959 (srv03_sp2_rtm.070216-1710)`.
//!
//! Leading zeros (`05.2`) are accepted: Windows compares the parts as numbers, and `05` is 5.
//!
//! A version on a file without a version resource is reported by DPM401 instead, and a version
//! on a deleted file by DPM404: there the version has to go, whatever its form.
//!
//! ## Why it matters
//! A file version is four 16-bit numbers in the file's version resource (VS_FIXEDFILEINFO), and
//! DPM compares the file's version with this one. A value that is not such a version can never
//! match: the package is never seen as applied and is delivered again at every auto-update.
//!
//! ## Example
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//!     version: 5.2.3790.4392 (srv03_sp2_gdr.080813-1204)
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
//! Write the file version as the file's version resource gives it (`dpmlint inspect FILE` prints
//! it): up to four numbers of 0–65535, separated by dots.
//!
//! ## 日本語
//! ## 検出内容
//! `version` が「0〜65535 の整数 1〜4 個をドットで区切ったもの」でない識別情報。例:
//! `5.2.3790.4392.1` (5 個)、`5.2.x`、`70000`、`5..2`、`v5.2`、`5,2,3790,4392`、ビルドラベル付きで
//! コピーした FileVersion 文字列 `5.2.3790.3959 (srv03_sp2_rtm.070216-1710)` など。
//!
//! 先頭のゼロ (`05.2`) は受け付けます。Windows は各部分を数値として比べ、`05` は 5 です。
//!
//! バージョンリソースのないファイルのバージョンは DPM401 が、削除するファイルのバージョンは DPM404
//! が報告します。そこでは形式にかかわらずバージョンを削除する必要があります。
//!
//! ## 問題点
//! ファイルバージョンはファイルのバージョンリソース (VS_FIXEDFILEINFO) にある 16 ビットの数値 4 個で、
//! DPM はファイルのバージョンとこの値を比べます。この形式でない値は決して一致せず、パッケージは
//! 適用済みと判断されず、自動更新のたびに再配信されます。
//!
//! ## 修正方法
//! ファイルのバージョンリソースのとおりに書いてください (`dpmlint inspect FILE` で表示できます)。
//! 0〜65535 の数値を最大 4 個、ドットで区切ります。

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model::Change;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM403
pub struct VersionMalformed;

/// DPM403's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM403", "version-malformed", Error, None);

/// What is wrong with a version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionProblem {
    /// More than four parts.
    TooManyParts(usize),
    /// An empty part (`5..2`, `.5`, `5.`).
    EmptyPart,
    /// A part that is not a decimal number.
    NotNumber(String),
    /// A part above 65535.
    TooLarge(String),
}

/// Read a file version: 1 to 4 decimal parts of 0–65535 separated by dots (leading zeros allowed).
pub fn parse(text: &str) -> Result<Vec<u16>, VersionProblem> {
    let parts: Vec<&str> = text.split('.').collect();
    let mut out = Vec::with_capacity(parts.len());
    for p in &parts {
        if p.is_empty() {
            return Err(VersionProblem::EmptyPart);
        }
        if !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(VersionProblem::NotNumber((*p).to_string()));
        }
        let digits = p.trim_start_matches('0');
        match digits.parse::<u16>() {
            Ok(v) => out.push(v),
            Err(_) if digits.is_empty() => out.push(0),
            Err(_) => return Err(VersionProblem::TooLarge((*p).to_string())),
        }
    }
    if parts.len() > 4 {
        return Err(VersionProblem::TooManyParts(parts.len()));
    }
    Ok(out)
}

/// A malformed version, with what the author most likely meant when the intent is unambiguous.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Malformed {
    /// A FileVersion string copied with its build label: `5.2.3790.3959 (srv03_sp2_rtm.070216-1710)`.
    Label {
        /// The label, `(srv03_sp2_rtm.070216-1710)`.
        label: String,
        /// The version before it.
        version: String,
    },
    /// Commas for dots, as `FILEVERSION 5,2,3790,0` in a resource script.
    Commas(String),
    /// A `v` before the numbers.
    Prefix(String),
    /// Blanks around the numbers.
    Blanks(String),
    /// Anything else.
    Other(VersionProblem),
}

/// Judge a version: `None` when it is well formed.
pub fn diagnose(text: &str) -> Option<Malformed> {
    let problem = parse(text).err()?;
    let ok = |c: &str| parse(c).is_ok();
    let t = text.trim();
    if let Some((v, rest)) = t.split_once(" (")
        && ok(v.trim())
        && rest.ends_with(')')
    {
        return Some(Malformed::Label {
            label: format!("({rest}"),
            version: v.trim().to_string(),
        });
    }
    let commas = t.split(',').map(str::trim).collect::<Vec<_>>().join(".");
    if t.contains(',') && ok(&commas) {
        return Some(Malformed::Commas(commas));
    }
    if let Some(v) = t.strip_prefix(['v', 'V'])
        && ok(v)
    {
        return Some(Malformed::Prefix(v.to_string()));
    }
    if t != text && ok(t) {
        return Some(Malformed::Blanks(t.to_string()));
    }
    Some(Malformed::Other(problem))
}

impl Malformed {
    /// The version meant, when unambiguous.
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            Malformed::Label { version: v, .. } | Malformed::Commas(v) | Malformed::Prefix(v) | Malformed::Blanks(v) => {
                Some(v)
            }
            Malformed::Other(_) => None,
        }
    }

    /// What is wrong, in words.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Malformed::Label { label, .. } => tr!(
                lang,
                "it is the FileVersion string, with its build label `{label}`",
                "ビルドラベル `{label}` の付いた FileVersion 文字列です"
            ),
            Malformed::Commas(_) => tr!(
                lang,
                "it separates the parts with commas, as `FILEVERSION` in a resource script does",
                "リソーススクリプトの `FILEVERSION` のように部分をカンマで区切っています"
            ),
            Malformed::Prefix(_) => tr!(lang, "it starts with a `v`", "先頭に `v` があります"),
            Malformed::Blanks(_) => tr!(lang, "it has blanks around it", "前後に空白があります"),
            Malformed::Other(p) => p.describe(lang),
        }
    }
}

impl VersionProblem {
    /// What is wrong, in words.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            VersionProblem::TooManyParts(n) => tr!(
                lang,
                "it has {n} parts (at most 4)",
                "部分が {n} 個あります (最大 4 個)"
            ),
            VersionProblem::EmptyPart => tr!(lang, "it has an empty part", "空の部分があります"),
            VersionProblem::NotNumber(p) => tr!(
                lang,
                "its part `{p}` is not a number",
                "部分 `{p}` が数値ではありません"
            ),
            VersionProblem::TooLarge(p) => tr!(
                lang,
                "its part `{p}` is above 65535 (each part is a 16-bit number)",
                "部分 `{p}` が 65535 を超えています (各部分は 16 ビットの数値です)"
            ),
        }
    }
}

impl Rule for VersionMalformed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        for entry in ctx.package().identification() {
            let Some(version) = &entry.version else { continue };
            // The version has to go there (DPM401, DPM404): its form does not matter.
            if entry.path.as_ref().is_some_and(|p| ctx.unversioned(&p.value).is_some()) {
                continue;
            }
            if entry.change.as_ref().is_some_and(|c| c.value == Change::Delete) {
                continue;
            }
            let v = &version.value;
            let Some(malformed) = diagnose(v) else { continue };
            let what = malformed.describe(lang);
            let message = tr!(
                lang,
                "`{v}` is not a file version: {what}. A file version is 1 to 4 numbers of 0–65535 separated by dots; DPM can never match anything else with the file's version, so the package is never seen as applied and is delivered again at every auto-update",
                "`{v}` はファイルバージョンではありません。{what}。ファイルバージョンは 0〜65535 の数値 1〜4 個をドットで区切ったものです。それ以外の値はファイルのバージョンと一致しないため、パッケージは適用済みと判断されず、自動更新のたびに再配信されます"
            );
            let help = match malformed.suggestion() {
                Some(s) => tr!(lang, "write `version: {s}`", "`version: {s}` と書いてください"),
                None => tr!(
                    lang,
                    "write the file version from the file's version resource (`dpmlint inspect FILE` prints it), e.g. `5.2.3790.4392`",
                    "ファイルのバージョンリソースにあるファイルバージョンを書いてください (`dpmlint inspect FILE` で表示できます)。例: `5.2.3790.4392`"
                ),
            };
            out.push(ctx.diag(&META, version.span, message).help(help));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(parse("5.2.3790.4392"), Ok(vec![5, 2, 3790, 4392]));
        assert_eq!(parse("5"), Ok(vec![5]));
        assert_eq!(parse("05.2"), Ok(vec![5, 2]));
        assert_eq!(parse("0.0.0.0"), Ok(vec![0, 0, 0, 0]));
        assert_eq!(parse("65535.0000065535"), Ok(vec![65535, 65535]));
        assert_eq!(parse("5.2.3790.4392.1"), Err(VersionProblem::TooManyParts(5)));
        assert_eq!(parse("5.2.x"), Err(VersionProblem::NotNumber("x".into())));
        assert_eq!(parse("70000"), Err(VersionProblem::TooLarge("70000".into())));
        assert_eq!(parse("5..2"), Err(VersionProblem::EmptyPart));
        assert_eq!(parse("v5.2"), Err(VersionProblem::NotNumber("v5".into())));
        assert_eq!(parse("+5"), Err(VersionProblem::NotNumber("+5".into())));
        assert_eq!(parse("５.2"), Err(VersionProblem::NotNumber("５".into())));
    }

    #[test]
    fn suggestions_only_when_unambiguous() {
        let suggestion = |t: &str| diagnose(t).and_then(|m| m.suggestion().map(str::to_string));
        assert_eq!(diagnose("5.2"), None);
        assert_eq!(suggestion("v5.2").as_deref(), Some("5.2"));
        assert_eq!(suggestion("5, 2, 3790, 4392").as_deref(), Some("5.2.3790.4392"));
        assert_eq!(
            diagnose("5.2.3790.3959 (srv03_sp2_rtm.070216-1710)"),
            Some(Malformed::Label {
                label: "(srv03_sp2_rtm.070216-1710)".into(),
                version: "5.2.3790.3959".into()
            })
        );
        assert_eq!(suggestion(" 5.2 ").as_deref(), Some("5.2"));
        assert_eq!(suggestion("5.2.x"), None);
        assert_eq!(suggestion("70000"), None);
        assert_eq!(suggestion("v5.x"), None);
    }
}
