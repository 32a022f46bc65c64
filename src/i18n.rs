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

    /// Parse `en`/`ja` (also `ja_JP.UTF-8` style locale names).
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

    /// The language from `LC_ALL`, `LC_MESSAGES`, `LANG` (in POSIX precedence), else English.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
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
        assert_eq!(Lang::parse("fr_FR"), None);
    }
}
