//! The typed model of a package definition, built from the YAML tree.
//!
//! Every value keeps the span of its node ([`Field::span`]) and of its key ([`Field::key`]).
//! Building the model reports the document rules: unknown keys (DPM002), missing fields (DPM003),
//! invalid values (DPM004), duplicate keys (DPM005) and unsupported formats (DPM006). A field
//! whose value is invalid is reported and then left out of the model (`None`), so later rules
//! never judge a value that is already known to be wrong.

pub mod filekind;
pub mod installer_name;
pub mod problem;
pub mod winpath;

pub use problem::{Problem, ValueProblem};

use crate::load::source::Span;
use crate::load::yaml::{Document, Entry, Node, NodeKind, Style};

/// The definition format versions this dpmlint reads.
pub const FORMATS: &[u64] = &[1];

/// A value with the span of its node and of its key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field<T> {
    /// The key's span (`version` in `version: 5.2`).
    pub key: Span,
    /// The value's span (`5.2`).
    pub span: Span,
    /// The value.
    pub value: T,
}

/// A value with its span (list items).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// Where.
    pub span: Span,
    /// What.
    pub value: T,
}

/// The package type (タイプ).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PackageType {
    /// `hotfix` (HotFix)
    Hotfix,
    /// `service-pack` (サービスパック)
    ServicePack,
    /// `application` (アプリケーション)
    Application,
}

/// Urgency (緊急度).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Priority {
    /// `highest` 最高
    Highest,
    /// `high` 高
    High,
    /// `normal` 一般
    Normal,
    /// `low` 低
    Low,
    /// `lowest` 最低
    Lowest,
}

/// Change type of an identification entry (変更タイプ).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// `new` 新規
    New,
    /// `rewrite` 書き換え
    Rewrite,
    /// `upgrade` バージョンアップ
    Upgrade,
    /// `delete` 削除
    Delete,
}

/// An enumeration's spellings: canonical English first, then the Japanese label and aliases.
pub struct EnumSpec<T: 'static> {
    /// What the field is called in messages.
    pub field: &'static str,
    /// `(value, canonical, other accepted spellings)`.
    pub values: &'static [(T, &'static str, &'static [&'static str])],
}

impl<T: Copy + PartialEq> EnumSpec<T> {
    /// Parse a spelling, exactly as the JSON Schema's `enum` accepts it: `HotFix` and `hotfix`,
    /// but not `Hotfix` (reported, with the spelling it was meant to be as the suggestion).
    pub fn parse(&self, text: &str) -> Option<T> {
        self.values
            .iter()
            .find(|(_, canon, other)| *canon == text || other.contains(&text))
            .map(|(v, ..)| *v)
    }

    /// The canonical spelling of a value.
    pub fn canonical(&self, value: T) -> &'static str {
        self.values.iter().find(|(v, ..)| *v == value).map_or("", |(_, c, _)| c)
    }

    /// "`hotfix` (HotFix), `service-pack` (サービスパック), …"
    pub fn accepted(&self) -> String {
        self.values
            .iter()
            .map(|(_, canon, other)| match other.first() {
                Some(label) => format!("`{canon}` ({label})"),
                None => format!("`{canon}`"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The closest canonical spelling, if close enough.
    pub fn suggest(&self, text: &str) -> Option<&'static str> {
        let candidates = self
            .values
            .iter()
            .flat_map(|(_, c, o)| std::iter::once(c).chain(o.iter()).map(move |s| (*s, *c)));
        closest(text, candidates)
    }
}

/// The closest candidate (by normalised Levenshtein similarity), mapped to what to suggest.
pub fn closest<'a>(text: &str, candidates: impl Iterator<Item = (&'a str, &'static str)>) -> Option<&'static str> {
    let t = text.to_lowercase();
    let mut best: Option<(f64, &'static str)> = None;
    for (cand, suggest) in candidates {
        let Some(score) = crate::suggest::similarity(&t, &cand.to_lowercase(), 0.6) else {
            continue;
        };
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, suggest));
        }
    }
    best.map(|(_, s)| s)
}

/// Package types.
pub static PACKAGE_TYPES: EnumSpec<PackageType> = EnumSpec {
    field: "type",
    values: &[
        (PackageType::Hotfix, "hotfix", &["HotFix"]),
        (PackageType::ServicePack, "service-pack", &["サービスパック"]),
        (PackageType::Application, "application", &["アプリケーション"]),
    ],
};

/// Priorities.
pub static PRIORITIES: EnumSpec<Priority> = EnumSpec {
    field: "priority",
    values: &[
        (Priority::Highest, "highest", &["最高"]),
        (Priority::High, "high", &["高"]),
        (Priority::Normal, "normal", &["一般", "中"]),
        (Priority::Low, "low", &["低"]),
        (Priority::Lowest, "lowest", &["最低"]),
    ],
};

/// Change types.
pub static CHANGES: EnumSpec<Change> = EnumSpec {
    field: "change",
    values: &[
        (Change::New, "new", &["新規"]),
        (Change::Rewrite, "rewrite", &["書き換え"]),
        (Change::Upgrade, "upgrade", &["バージョンアップ"]),
        (Change::Delete, "delete", &["削除"]),
    ],
};

/// `service_pack`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServicePack {
    /// `major`
    pub major: Option<Field<u16>>,
    /// `minor`
    pub minor: Option<Field<u16>>,
}

/// `execute`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Execute {
    /// `file`
    pub file: Option<Field<String>>,
    /// `args`
    pub args: Option<Field<String>>,
    /// `reboot`
    pub reboot: Option<Field<bool>>,
    /// `exclusive`
    pub exclusive: Option<Field<bool>>,
}

/// One identification entry (識別情報).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identification {
    /// The entry's mapping node.
    pub span: Span,
    /// `path`
    pub path: Option<Field<String>>,
    /// `version`
    pub version: Option<Field<String>>,
    /// `change`
    pub change: Option<Field<Change>>,
}

/// A package definition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Package {
    /// `format`
    pub format: Option<Field<u64>>,
    /// `id`
    pub id: Option<Field<String>>,
    /// `type`
    pub kind: Option<Field<PackageType>>,
    /// `name`
    pub name: Option<Field<String>>,
    /// `priority`
    pub priority: Option<Field<Priority>>,
    /// `os`: one string or a list; the field's span is the whole value.
    pub os: Option<Field<Vec<Spanned<String>>>>,
    /// `language`, as written (resolved against the language catalog by the rules).
    pub language: Option<Field<String>>,
    /// `ms_number`, as written.
    pub ms_number: Option<Field<String>>,
    /// `kb`, as written.
    pub kb: Option<Field<String>>,
    /// `service_pack`
    pub service_pack: Option<Field<ServicePack>>,
    /// `execute`
    pub execute: Option<Field<Execute>>,
    /// `identification`
    pub identification: Option<Field<Vec<Identification>>>,
    /// `depends_on`
    pub depends_on: Option<Field<Vec<Spanned<String>>>>,
}

impl Package {
    /// The package type, when valid.
    pub fn kind(&self) -> Option<PackageType> {
        self.kind.as_ref().map(|f| f.value)
    }

    /// The identification entries (empty when absent).
    pub fn identification(&self) -> &[Identification] {
        self.identification.as_ref().map_or(&[], |f| &f.value)
    }

    /// The `execute.file` field.
    pub fn execute_file(&self) -> Option<&Field<String>> {
        self.execute.as_ref()?.value.file.as_ref()
    }

    /// The target OS names.
    pub fn os_names(&self) -> &[Spanned<String>] {
        self.os.as_ref().map_or(&[], |f| &f.value)
    }
}

/// The keys each mapping may hold: top level.
pub const TOP_KEYS: &[&str] = &[
    "format",
    "id",
    "type",
    "name",
    "priority",
    "os",
    "language",
    "ms_number",
    "kb",
    "service_pack",
    "execute",
    "identification",
    "depends_on",
];
/// Keys of `execute`.
pub const EXECUTE_KEYS: &[&str] = &["file", "args", "reboot", "exclusive"];
/// Keys of `service_pack`.
pub const SERVICE_PACK_KEYS: &[&str] = &["major", "minor"];
/// Keys of an `identification` entry.
pub const IDENTIFICATION_KEYS: &[&str] = &["path", "version", "change"];

/// YAML 1.1 reads these plain scalars as booleans.
const YAML11_BOOLS: &[&str] = &["yes", "no", "on", "off", "y", "n", "true", "false"];

struct Builder {
    out: Vec<Problem>,
}

/// Build the model of a loaded document, with the problems of its shape (worded by DPM002–DPM006).
pub fn build(doc: &Document) -> (Package, Vec<Problem>) {
    let mut b = Builder { out: Vec::new() };
    for d in &doc.duplicates {
        b.out.push(Problem::DuplicateKey {
            key: d.key.clone(),
            first: d.first,
            second: d.second,
        });
    }
    let pkg = b.package(&doc.root);
    (pkg, b.out)
}

impl Builder {
    fn package(&mut self, root: &Node) -> Package {
        let mut p = Package::default();
        let entries = root.as_map().unwrap_or(&[]);
        // The format decides how every other field is read: one this dpmlint does not read is
        // reported once (DPM006), and nothing else is guessed from format 1's fields.
        if let Some(e) = entries.iter().find(|e| e.key_str() == Some("format"))
            && let Some(f) = self.uint(e, "format")
        {
            if !FORMATS.contains(&f.value) {
                self.out.push(Problem::UnsupportedFormat {
                    span: f.span,
                    value: f.value,
                });
                return p;
            }
            p.format = Some(Field {
                key: f.key,
                span: f.span,
                value: f.value,
            });
        }
        self.unknown_keys(entries, TOP_KEYS, "");
        for e in entries {
            let Some(key) = e.key_str() else { continue };
            match key {
                // Read before the loop.
                "format" => {}
                "id" => p.id = self.string(e, "id"),
                "type" => p.kind = self.enumeration(e, &PACKAGE_TYPES),
                "name" => p.name = self.string(e, "name"),
                "priority" => p.priority = self.enumeration(e, &PRIORITIES),
                "os" => p.os = self.string_or_list(e, "os"),
                "language" => p.language = self.language(e),
                "ms_number" => p.ms_number = self.string(e, "ms_number"),
                "kb" => p.kb = self.string(e, "kb"),
                "service_pack" => p.service_pack = self.service_pack(e),
                "execute" => p.execute = self.execute(e),
                "identification" => p.identification = self.identification(e),
                "depends_on" => p.depends_on = self.string_list(e, "depends_on"),
                _ => {}
            }
        }
        let root_at = Span::at(root.span.start);
        for (name, present) in [
            ("format", root.get("format").is_some()),
            ("id", root.get("id").is_some()),
            ("type", root.get("type").is_some()),
            ("os", root.get("os").is_some()),
            ("language", root.get("language").is_some()),
            ("execute", root.get("execute").is_some()),
        ] {
            if !present {
                self.missing(root_at, name, None);
            }
        }
        p
    }

    fn unknown_keys(&mut self, entries: &[Entry], known: &'static [&'static str], parent: &str) {
        for e in entries {
            match e.key_str() {
                Some(k) if known.contains(&k) => {}
                Some(k) => {
                    // The same stray key in many definitions is matched against the known ones once.
                    static MEMO: crate::suggest::Memo<Option<&'static str>> = crate::suggest::Memo::new();
                    let question = format!("{parent}\0{k}");
                    let suggestion = MEMO.get_or(&question, || closest(k, known.iter().map(|s| (*s, *s))));
                    self.out.push(Problem::UnknownKey {
                        span: e.key.span,
                        key: k.to_string(),
                        parent: parent.to_string(),
                        known,
                        suggestion,
                    });
                }
                None => self.invalid(e.key.span, parent, ValueProblem::KeyNotScalar),
            }
        }
    }

    fn invalid(&mut self, span: Span, field: &str, problem: ValueProblem) {
        self.out.push(Problem::InvalidValue {
            span,
            field: field.to_string(),
            problem,
        });
    }

    fn missing(&mut self, span: Span, field: &str, entry: Option<usize>) {
        self.out.push(Problem::MissingField {
            span,
            field: field.to_string(),
            entry,
        });
    }

    /// A scalar read as text. Numbers are text here (`version: 5.2` is the text `5.2`); YAML 1.1
    /// booleans, nulls and collections are reported.
    fn text(&mut self, node: &Node, field: &str) -> Option<String> {
        self.text_at(node, field, node.span)
    }

    /// As [`Builder::text`]; an empty value is reported at `empty_at` (its key).
    fn text_at(&mut self, node: &Node, field: &str, empty_at: Span) -> Option<String> {
        match &node.kind {
            NodeKind::Scalar { value, style, .. } => {
                if node.is_null() {
                    let at = if node.span.is_empty() { empty_at } else { node.span };
                    self.invalid(at, field, ValueProblem::Empty);
                    return None;
                }
                if *style == Style::Plain && YAML11_BOOLS.iter().any(|b| b.eq_ignore_ascii_case(value)) {
                    self.invalid(node.span, field, ValueProblem::BooleanInString { text: value.clone() });
                    return None;
                }
                if value.trim().is_empty() {
                    self.invalid(node.span, field, ValueProblem::Empty);
                    return None;
                }
                Some(value.clone())
            }
            _ => {
                self.invalid(
                    node.span,
                    field,
                    ValueProblem::WrongType {
                        expected: "string",
                        found: node.kind_name(),
                    },
                );
                None
            }
        }
    }

    fn string(&mut self, e: &Entry, field: &str) -> Option<Field<String>> {
        let value = self.text_at(&e.value, field, e.key.span)?;
        Some(Field {
            key: e.key.span,
            span: e.value.span,
            value,
        })
    }

    fn uint(&mut self, e: &Entry, field: &str) -> Option<Field<u64>> {
        let node = &e.value;
        let NodeKind::Scalar { value, style, .. } = &node.kind else {
            self.invalid(
                node.span,
                field,
                ValueProblem::WrongType {
                    expected: "integer",
                    found: node.kind_name(),
                },
            );
            return None;
        };
        if style.is_quoted() {
            self.invalid(node.span, field, ValueProblem::QuotedNumber { text: value.clone() });
            return None;
        }
        let t = value.as_str();
        if t.len() > 1 && t.starts_with('0') && t.bytes().all(|b| b.is_ascii_digit()) {
            self.invalid(node.span, field, ValueProblem::LeadingZero { text: t.to_string() });
            return None;
        }
        if !t.is_empty()
            && t.bytes().all(|b| b.is_ascii_digit())
            && let Ok(v) = t.parse::<u64>()
        {
            return Some(Field {
                key: e.key.span,
                span: node.span,
                value: v,
            });
        }
        let problem = if node.is_null() {
            ValueProblem::Empty
        } else {
            ValueProblem::NotInteger { text: t.to_string() }
        };
        self.invalid(node.span, field, problem);
        None
    }

    fn u16_field(&mut self, e: &Entry, field: &str) -> Option<Field<u16>> {
        let f = self.uint(e, field)?;
        match u16::try_from(f.value) {
            Ok(v) => Some(Field {
                key: f.key,
                span: f.span,
                value: v,
            }),
            Err(_) => {
                self.invalid(
                    f.span,
                    field,
                    ValueProblem::OutOfRange {
                        text: f.value.to_string(),
                        max: 65535,
                    },
                );
                None
            }
        }
    }

    fn boolean(&mut self, e: &Entry, field: &str) -> Option<Field<bool>> {
        let node = &e.value;
        let NodeKind::Scalar { value, style, .. } = &node.kind else {
            self.invalid(
                node.span,
                field,
                ValueProblem::WrongType {
                    expected: "boolean",
                    found: node.kind_name(),
                },
            );
            return None;
        };
        let v = match (style, value.as_str()) {
            (Style::Plain, "true" | "True" | "TRUE") => Some(true),
            (Style::Plain, "false" | "False" | "FALSE") => Some(false),
            _ => None,
        };
        match v {
            Some(v) => Some(Field {
                key: e.key.span,
                span: node.span,
                value: v,
            }),
            None if node.is_null() => {
                self.invalid(
                    if node.span.is_empty() { e.key.span } else { node.span },
                    field,
                    ValueProblem::Empty,
                );
                None
            }
            None => {
                self.invalid(
                    node.span,
                    field,
                    ValueProblem::NotBoolean {
                        text: value.clone(),
                        quoted: style.is_quoted(),
                    },
                );
                None
            }
        }
    }

    fn enumeration<T: Copy + PartialEq>(&mut self, e: &Entry, spec: &EnumSpec<T>) -> Option<Field<T>> {
        let text = self.text_at(&e.value, spec.field, e.key.span)?;
        match spec.parse(&text) {
            Some(v) => Some(Field {
                key: e.key.span,
                span: e.value.span,
                value: v,
            }),
            None => {
                let problem = ValueProblem::NotInEnum {
                    text,
                    accepted: spec.accepted(),
                    suggestion: spec.suggest(e.value.as_scalar().unwrap_or("")).map(str::to_string),
                };
                self.invalid(e.value.span, spec.field, problem);
                None
            }
        }
    }

    /// `language`: one of the languages of the catalog, by code, tag, English or Japanese name,
    /// or update-file suffix (`ja`, `ja-JP`, `Japanese`, `日本語`, `JPN`).
    fn language(&mut self, e: &Entry) -> Option<Field<String>> {
        let f = self.string(e, "language")?;
        if crate::catalog::find_language(&f.value).is_some() {
            return Some(f);
        }
        let accepted = crate::catalog::languages()
            .iter()
            .filter(|l| l.code == "ja" || l.code == "en")
            .map(|l| format!("`{}` ({})", l.code, l.name_ja))
            .collect::<Vec<_>>()
            .join(", ");
        let problem = ValueProblem::NotInEnum {
            text: f.value.clone(),
            accepted: format!("{accepted}, …"),
            suggestion: crate::catalog::suggest_language(&f.value).map(str::to_string),
        };
        self.invalid(f.span, "language", problem);
        None
    }

    fn string_list(&mut self, e: &Entry, field: &str) -> Option<Field<Vec<Spanned<String>>>> {
        let Some(items) = e.value.as_seq() else {
            self.invalid(
                e.value.span,
                field,
                ValueProblem::WrongType {
                    expected: "list of strings",
                    found: e.value.kind_name(),
                },
            );
            return None;
        };
        let values = items
            .iter()
            .filter_map(|n| self.text(n, field).map(|v| Spanned { span: n.span, value: v }))
            .collect();
        Some(Field {
            key: e.key.span,
            span: e.value.span,
            value: values,
        })
    }

    fn string_or_list(&mut self, e: &Entry, field: &str) -> Option<Field<Vec<Spanned<String>>>> {
        if let NodeKind::Scalar { .. } = e.value.kind {
            let v = self.text(&e.value, field)?;
            return Some(Field {
                key: e.key.span,
                span: e.value.span,
                value: vec![Spanned {
                    span: e.value.span,
                    value: v,
                }],
            });
        }
        let f = self.string_list(e, field)?;
        if f.value.is_empty() && e.value.as_seq().is_some_and(|s| s.is_empty()) {
            self.invalid(e.value.span, field, ValueProblem::EmptyList);
            return None;
        }
        Some(f)
    }

    fn mapping<'n>(&mut self, e: &'n Entry, field: &str) -> Option<&'n [Entry]> {
        match e.value.as_map() {
            Some(m) => Some(m),
            None => {
                self.invalid(
                    e.value.span,
                    field,
                    ValueProblem::WrongType {
                        expected: "mapping",
                        found: e.value.kind_name(),
                    },
                );
                None
            }
        }
    }

    fn service_pack(&mut self, e: &Entry) -> Option<Field<ServicePack>> {
        let entries = self.mapping(e, "service_pack")?;
        self.unknown_keys(entries, SERVICE_PACK_KEYS, "service_pack");
        let mut sp = ServicePack::default();
        for c in entries {
            match c.key_str() {
                Some("major") => sp.major = self.u16_field(c, "service_pack.major"),
                Some("minor") => sp.minor = self.u16_field(c, "service_pack.minor"),
                _ => {}
            }
        }
        Some(Field {
            key: e.key.span,
            span: e.value.span,
            value: sp,
        })
    }

    fn execute(&mut self, e: &Entry) -> Option<Field<Execute>> {
        let entries = self.mapping(e, "execute")?;
        self.unknown_keys(entries, EXECUTE_KEYS, "execute");
        let mut x = Execute::default();
        for c in entries {
            match c.key_str() {
                Some("file") => x.file = self.string(c, "execute.file"),
                Some("args") => x.args = self.string(c, "execute.args"),
                Some("reboot") => x.reboot = self.boolean(c, "execute.reboot"),
                Some("exclusive") => x.exclusive = self.boolean(c, "execute.exclusive"),
                _ => {}
            }
        }
        if !entries.iter().any(|c| c.key_str() == Some("file")) {
            self.missing(e.key.span, "execute.file", None);
        }
        Some(Field {
            key: e.key.span,
            span: e.value.span,
            value: x,
        })
    }

    fn identification(&mut self, e: &Entry) -> Option<Field<Vec<Identification>>> {
        if e.value.is_null() {
            return Some(Field {
                key: e.key.span,
                span: e.value.span,
                value: Vec::new(),
            });
        }
        let Some(items) = e.value.as_seq() else {
            self.invalid(
                e.value.span,
                "identification",
                ValueProblem::WrongType {
                    expected: "list",
                    found: e.value.kind_name(),
                },
            );
            return None;
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Some(entries) = item.as_map() else {
                self.invalid(
                    item.span,
                    "identification[]",
                    ValueProblem::WrongType {
                        expected: "mapping",
                        found: item.kind_name(),
                    },
                );
                continue;
            };
            let field = format!("identification[{i}]");
            self.unknown_keys(entries, IDENTIFICATION_KEYS, &field);
            let mut id = Identification {
                span: item.span,
                path: None,
                version: None,
                change: None,
            };
            for c in entries {
                match c.key_str() {
                    Some("path") => id.path = self.string(c, "path"),
                    Some("version") => id.version = self.string(c, "version"),
                    Some("change") => id.change = self.enumeration(c, &CHANGES),
                    _ => {}
                }
            }
            for name in ["path", "change"] {
                if item.get(name).is_none() {
                    let at = entries
                        .first()
                        .map_or(Span::at(item.span.start), |first| first.key.span);
                    self.missing(at, &format!("identification[].{name}"), Some(i));
                }
            }
            out.push(id);
        }
        Some(Field {
            key: e.key.span,
            span: e.value.span,
            value: out,
        })
    }
}
