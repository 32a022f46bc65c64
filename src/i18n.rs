//! The two languages of dpmlint's messages: English and Japanese (`--lang en|ja`).

/// The language messages are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Japanese: DPM's users read it first.
    Ja,
}

impl Lang {
    /// Pick one of two texts.
    pub fn pick<'a>(self, en: &'a str, ja: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }

    /// Parse `en`/`ja`, POSIX locale names (`ja_JP.UTF-8`) and Windows language tags (`ja-JP`).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("ja") {
            Some(Lang::Ja)
        } else if s.starts_with("en") || s == "c" || s == "posix" || s.starts_with("c.") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the system: on Windows the display (UI) language, then `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` (in POSIX precedence), else English.
    pub fn from_system() -> Lang {
        #[cfg(windows)]
        if let Some(lang) = sys_locale::get_locales().next().and_then(|l| Lang::parse(&l)) {
            return lang;
        }
        Lang::from_env(|var| std::env::var(var).ok())
    }

    /// A list in a sentence: `a and b`, `a, b and c` in English; `a、b、c` in Japanese.
    pub fn list(self, items: impl IntoIterator<Item = String>) -> String {
        let items: Vec<String> = items.into_iter().collect();
        match (self, items.split_last()) {
            (Lang::En, Some((last, rest))) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            (Lang::En, _) => items.concat(),
            (Lang::Ja, _) => items.join("、"),
        }
    }

    /// The language from `LC_ALL`, `LC_MESSAGES`, `LANG` (in POSIX precedence, the first one set
    /// decides), else English.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = var(name)
                && !v.is_empty()
            {
                return Lang::parse(&v).unwrap_or(Lang::En);
            }
        }
        Lang::En
    }
}

/// Format a message in the chosen language: `tr!(lang, "found {x}", "{x} が見つかりました")`.
/// Only the chosen language is formatted. Inline captures work in both strings.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $en:literal, $ja:literal $(,)?) => {
        match $lang {
            $crate::i18n::Lang::En => format!($en),
            $crate::i18n::Lang::Ja => format!($ja),
        }
    };
    ($lang:expr, $en:literal, $ja:literal, $($arg:tt)+) => {
        match $lang {
            $crate::i18n::Lang::En => format!($en, $($arg)+),
            $crate::i18n::Lang::Ja => format!($ja, $($arg)+),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn lists_read_as_a_sentence_in_each_language() {
        let items = |n: usize| {
            ["`A`", "`B`", "`C`"][..n]
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(Lang::En.list(items(1)), "`A`");
        assert_eq!(Lang::En.list(items(2)), "`A` and `B`");
        assert_eq!(Lang::En.list(items(3)), "`A`, `B` and `C`");
        assert_eq!(Lang::Ja.list(items(3)), "`A`、`B`、`C`");
        assert_eq!(Lang::Ja.list(Vec::new()), "");
    }

    #[test]
    fn tr_formats_the_chosen_language_with_captures() {
        let n = 3;
        assert_eq!(tr!(Lang::En, "{n} files", "{n} 個のファイル"), "3 files");
        assert_eq!(tr!(Lang::Ja, "{n} files", "{n} 個のファイル"), "3 個のファイル");
    }

    #[test]
    fn parses_locale_names() {
        assert_eq!(Lang::parse("ja_JP.UTF-8"), Some(Lang::Ja));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("C.UTF-8"), Some(Lang::En));
        // Windows display languages, as GetUserPreferredUILanguages names them.
        assert_eq!(Lang::parse("ja-JP"), Some(Lang::Ja));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("de-DE"), None);
        assert_eq!(Lang::parse("fr_FR"), None);
    }

    #[test]
    fn environment_precedence_is_posix() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::from_env(env(&[])), Lang::En);
        assert_eq!(Lang::from_env(env(&[("LANG", "ja_JP.UTF-8")])), Lang::Ja);
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", ""), ("LANG", "ja_JP.UTF-8")])),
            Lang::Ja
        );
        assert_eq!(
            Lang::from_env(env(&[("LC_MESSAGES", "ja_JP"), ("LANG", "en_US")])),
            Lang::Ja
        );
    }

    /// On Windows the display language decides, before the environment (Wine takes the display
    /// language from the Unix locale it was started in).
    #[cfg(windows)]
    #[test]
    fn windows_follows_the_display_language_before_the_environment() {
        let ui = sys_locale::get_locales()
            .next()
            .expect("Windows has a display language");
        let expected = Lang::parse(&ui).expect("the test runs with an English or Japanese display language");
        let opposite = match expected {
            Lang::En => "ja_JP.UTF-8",
            Lang::Ja => "en_US.UTF-8",
        };
        let before = std::env::var_os("LC_ALL");
        // SAFETY: Windows' environment functions are thread-safe; no other test reads LC_ALL.
        unsafe { std::env::set_var("LC_ALL", opposite) };
        let got = Lang::from_system();
        match before {
            Some(v) => unsafe { std::env::set_var("LC_ALL", v) },
            None => unsafe { std::env::remove_var("LC_ALL") },
        }
        assert_eq!(got, expected, "display language {ui}, LC_ALL={opposite}");
    }
}
