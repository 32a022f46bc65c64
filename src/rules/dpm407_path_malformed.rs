//! ## What it catches
//! An identification `path` that is not a Windows path to a file on the target:
//!
//! - not rooted in a drive (`C:\…`) or a known environment variable: `system32\x.dll`,
//!   `\Windows\x.dll`, `C:x.dll`, a network path `\\server\share\x.dll`, an unclosed `%`, or a
//!   variable dpmlint does not know (`%SystemRot%`: the message says which one is closest);
//! - `/` instead of `\`;
//! - wildcards `*` `?`, or a `..` component;
//! - characters Windows forbids in names: `< > " |`, control characters, `:` other than the
//!   drive's;
//! - a name ending in `.` or a space (Windows strips them), a reserved device name (`CON`, `PRN`,
//!   `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`, also with an extension: `nul.txt`);
//! - a trailing `\`, or the root alone: a folder, not a file.
//!
//! The known variables, matched without regard to case: `%SystemRoot%`, `%windir%`,
//! `%SystemDrive%`, `%ProgramFiles%`, `%ProgramFiles(x86)%`, `%CommonProgramFiles%`,
//! `%CommonProgramFiles(x86)%`, `%ProgramData%`. Per-user variables (`%USERPROFILE%`, `%TEMP%`,
//! `%APPDATA%`) are not known on purpose: they depend on the account that reads them.
//!
//! The diagnostic points at the offending characters when the value is written plain or in
//! single quotes, and at the whole value otherwise (in double quotes, `\\` escapes shift the
//! offsets). Each kind of problem is reported once per path, at its first occurrence.
//!
//! ## Why it matters
//! Each identification entry is checked against the target's file system. A path that does not
//! name one file there can never be found as written: the package is never seen as applied and
//! is delivered again at every auto-update.
//!
//! ## Example
//! ```yaml
//! identification:
//!   - path: '%SystemRot%/system32/netapi32.dll'
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
//! Write the full path of the file on the target, rooted in a drive or a known variable, with
//! `\` between the names.
//!
//! ## 日本語
//! ## 検出内容
//! 対象のファイルを指す Windows のパスになっていない識別情報の `path`:
//!
//! - ドライブ (`C:\…`) や既知の環境変数で始まらない: `system32\x.dll`、`\Windows\x.dll`、
//!   `C:x.dll`、ネットワークパス `\\server\share\x.dll`、閉じていない `%`、dpmlint の知らない変数
//!   (`%SystemRot%`: 最も近い既知の変数をメッセージで示します);
//! - `\` の代わりの `/`;
//! - ワイルドカード `*` `?`、`..` の要素;
//! - Windows が名前に使えない文字: `< > " |`、制御文字、ドライブ以外の `:`;
//! - `.` や空白で終わる名前 (Windows は削除します)、予約されたデバイス名 (`CON`、`PRN`、`AUX`、
//!   `NUL`、`COM1`〜`COM9`、`LPT1`〜`LPT9`。拡張子付きの `nul.txt` も);
//! - 末尾の `\`、またはルートだけ: ファイルではなくフォルダです。
//!
//! 既知の変数 (大文字小文字を区別しません): `%SystemRoot%`、`%windir%`、`%SystemDrive%`、
//! `%ProgramFiles%`、`%ProgramFiles(x86)%`、`%CommonProgramFiles%`、`%CommonProgramFiles(x86)%`、
//! `%ProgramData%`。ユーザーごとの変数 (`%USERPROFILE%`、`%TEMP%`、`%APPDATA%`) は、読み取る
//! アカウントによって変わるため、意図して含めていません。
//!
//! 値が引用符なしか単一引用符で書かれていれば問題の文字を、それ以外 (二重引用符では `\\` の
//! エスケープで位置がずれます) は値全体を示します。問題の種類ごとに、パスにつき最初の 1 か所を
//! 報告します。
//!
//! ## 問題点
//! 識別情報の各エントリは対象のファイルシステムで確認されます。そこで 1 つのファイルを指さない
//! パスは、書かれたとおりには見つからず、パッケージは適用済みと判断されず、自動更新のたびに
//! 再配信されます。
//!
//! ## 修正方法
//! 対象でのファイルのフルパスを、ドライブか既知の変数から始め、名前の間を `\` で区切って
//! 書いてください。

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;
use crate::model::winpath::{self, Problem, VARIABLES};

/// DPM407
pub struct PathMalformed;

/// DPM407's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM407", "path-malformed", Error, None);

fn list(lang: Lang, items: Vec<String>) -> String {
    items.join(lang.pick(", ", "、"))
}

fn known_roots(lang: Lang) -> String {
    let mut roots = vec!["`C:\\`".to_string()];
    roots.extend(VARIABLES.iter().map(|(n, _)| format!("`%{n}%`")));
    list(lang, roots)
}

fn show_chars(lang: Lang, chars: &[char]) -> String {
    let shown = chars
        .iter()
        .map(|c| {
            if c.is_control() {
                format!("U+{:04X}", u32::from(*c))
            } else {
                format!("`{c}`")
            }
        })
        .collect();
    list(lang, shown)
}

/// What is wrong (message) and what to do (help) for one problem with `path`.
fn words(problem: &Problem, path: &str, lang: Lang) -> (String, String) {
    // These messages say what follows themselves.
    let own = matches!(problem, Problem::UnknownVariable { .. } | Problem::ForwardSlash { .. });
    let (message, help) = words_of(problem, path, lang);
    if own {
        return (message, help);
    }
    let consequence = tr!(
        lang,
        "; the file is never found as written, so the package is never seen as applied and is delivered again at every auto-update",
        "。書かれたとおりのファイルは見つからず、パッケージは適用済みと判断されず、自動更新のたびに再配信されます"
    );
    (format!("{message}{consequence}"), help)
}

fn words_of(problem: &Problem, path: &str, lang: Lang) -> (String, String) {
    let roots = known_roots(lang);
    match problem {
        Problem::Empty => (
            tr!(lang, "the path is empty", "パスが空です"),
            tr!(lang, "write the full path of the file on the target", "対象でのファイルのフルパスを書いてください"),
        ),
        Problem::NotRooted => (
            tr!(
                lang,
                "`{path}` is not rooted in a drive or a known environment variable: DPM cannot tell which folder it is relative to",
                "`{path}` がドライブや既知の環境変数で始まっていません。DPM はどのフォルダからの相対パスか判断できません"
            ),
            tr!(
                lang,
                "start the path with one of {roots}",
                "パスを次のいずれかで始めてください: {roots}"
            ),
        ),
        Problem::Network => (
            tr!(
                lang,
                "`{path}` is a network or device path: identification info describes a file on the target's own disks",
                "`{path}` はネットワークまたはデバイスのパスです。識別情報は対象自身のディスク上のファイルを表します"
            ),
            tr!(
                lang,
                "write the path of the file on the target, starting with one of {roots}",
                "対象でのファイルのパスを、次のいずれかで始めて書いてください: {roots}"
            ),
        ),
        Problem::UnclosedVariable => (
            tr!(
                lang,
                "`{path}` opens an environment variable with `%` and never closes it",
                "`{path}` は `%` で環境変数を始めていますが、閉じていません"
            ),
            tr!(
                lang,
                "close the variable with `%`, e.g. `%SystemRoot%\\system32\\…`",
                "`%` で変数を閉じてください。例: `%SystemRoot%\\system32\\…`"
            ),
        ),
        Problem::UnknownVariable { name, suggestion } => (
            tr!(
                lang,
                "`%{name}%` is not an environment variable dpmlint knows as a root: unless the target defines it, the file is never found, so the package is never seen as applied and is delivered again at every auto-update",
                "`%{name}%` は dpmlint がルートとして知る環境変数ではありません。対象で定義されていなければファイルは見つからず、パッケージは適用済みと判断されず、自動更新のたびに再配信されます"
            ),
            match suggestion {
                Some(s) => tr!(
                    lang,
                    "did you mean `%{s}%`? Known roots: {roots}",
                    "もしかして `%{s}%` ですか。既知のルート: {roots}"
                ),
                None => tr!(lang, "known roots: {roots}", "既知のルート: {roots}"),
            },
        ),
        Problem::MissingSeparator => (
            tr!(
                lang,
                "no `\\` after the root of `{path}`: the variable's folder and the next name run together",
                "`{path}` のルートの後に `\\` がありません。変数のフォルダと次の名前がつながります"
            ),
            tr!(lang, "put `\\` after the root", "ルートの後に `\\` を入れてください"),
        ),
        Problem::NoFileName => (
            tr!(
                lang,
                "`{path}` is the root alone, a folder: identification info describes a file",
                "`{path}` はルートだけで、フォルダです。識別情報はファイルを表します"
            ),
            tr!(lang, "write the full path of the file", "ファイルのフルパスを書いてください"),
        ),
        Problem::ForwardSlash { count } => {
            let fixed = path.replace('/', "\\");
            (
                tr!(
                    lang,
                    "`{path}` separates names with `/` ({count}×): identification paths are Windows paths, separated with `\\`; nothing documents that DPM reads `/` as a separator, and if it does not, the package is delivered again at every auto-update",
                    "`{path}` は名前を `/` で区切っています ({count} か所)。識別情報のパスは `\\` で区切る Windows のパスです。DPM が `/` を区切りとして読むという記述はなく、読まなければパッケージは自動更新のたびに再配信されます"
                ),
                tr!(lang, "write `{fixed}`", "`{fixed}` と書いてください"),
            )
        }
        Problem::Wildcard { chars } => {
            let shown = show_chars(lang, chars);
            (
                tr!(
                    lang,
                    "wildcard {shown} in `{path}`: DPM checks one file by its exact name, and no file is named with a wildcard",
                    "`{path}` にワイルドカード {shown} があります。DPM は正確な名前で 1 つのファイルを確認し、ワイルドカードを含む名前のファイルはありません"
                ),
                tr!(
                    lang,
                    "name one file per entry, in full",
                    "エントリごとに 1 つのファイルを完全な名前で書いてください"
                ),
            )
        }
        Problem::ParentComponent => (
            tr!(
                lang,
                "`..` in `{path}`: identification paths name the file directly, without climbing back up",
                "`{path}` に `..` があります。識別情報のパスは上位に戻らずにファイルを直接指します"
            ),
            tr!(
                lang,
                "write the path without `..`, e.g. `%SystemRoot%\\system32\\x.dll` rather than `%SystemRoot%\\system\\..\\system32\\x.dll`",
                "`..` を使わずに書いてください。例: `%SystemRoot%\\system\\..\\system32\\x.dll` ではなく `%SystemRoot%\\system32\\x.dll`"
            ),
        ),
        Problem::ForbiddenChars { chars } => {
            let shown = show_chars(lang, chars);
            (
                tr!(
                    lang,
                    "{shown} in `{path}`: Windows forbids these characters in file names, so no file has this path",
                    "`{path}` に {shown} があります。Windows はファイル名にこれらの文字を使えないため、このパスのファイルはありません"
                ),
                tr!(
                    lang,
                    "remove them; only the drive's `:` (as in `C:\\`) is allowed",
                    "これらの文字を削除してください。`:` はドライブ (`C:\\`) にだけ使えます"
                ),
            )
        }
        Problem::TrailingSeparator => (
            tr!(
                lang,
                "`{path}` ends with `\\`: it names a folder, and identification info describes a file",
                "`{path}` は `\\` で終わっています。フォルダを指しており、識別情報はファイルを表します"
            ),
            tr!(
                lang,
                "add the file's name, or remove the trailing `\\`",
                "ファイル名を追加するか、末尾の `\\` を削除してください"
            ),
        ),
        Problem::TrailingDotOrSpace { name } => {
            let kept = name.trim_end_matches(['.', ' ']);
            (
                tr!(
                    lang,
                    "`{name}` ends with a dot or a space, which Windows strips from names: no file is named exactly `{name}`",
                    "`{name}` は `.` または空白で終わっています。Windows は名前の末尾のこれらを削除するため、正確に `{name}` という名前のファイルはありません"
                ),
                tr!(lang, "write `{kept}`", "`{kept}` と書いてください"),
            )
        }
        Problem::ReservedName { name, device } => (
            tr!(
                lang,
                "`{name}` is the reserved device name `{device}`, not a file: Windows opens the device whatever the folder or extension",
                "`{name}` は予約されたデバイス名 `{device}` で、ファイルではありません。Windows はフォルダや拡張子にかかわらずデバイスを開きます"
            ),
            tr!(
                lang,
                "check the file's real name",
                "ファイルの実際の名前を確認してください"
            ),
        ),
    }
}

impl Rule for PathMalformed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        let text = &ctx.file().text;
        for entry in ctx.package().identification() {
            let Some(path) = &entry.path else { continue };
            let problems = winpath::problems(&path.value);
            if problems.is_empty() {
                continue;
            }
            let node = ctx.identification_node(entry).and_then(|n| n.get("path")).map(|e| &e.value);
            for p in problems {
                let span = node
                    .filter(|n| n.span == path.span)
                    .and_then(|n| n.value_sub_span(text, p.range.clone()))
                    .filter(|s| !s.is_empty())
                    .unwrap_or(path.span);
                let (message, help) = words(&p.problem, &path.value, lang);
                out.push(ctx.diag(&META, span, message).help(help));
            }
        }
    }
}
