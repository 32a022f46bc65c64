//! What the model builder finds wrong with a definition's shape, as facts: an unknown key, a
//! missing field, a bad value, a duplicate key, a format this dpmlint does not read. The rules
//! DPM002–DPM006 word them as diagnostics (`rules::shape_diagnostic`); the model knows nothing of
//! rules.

use crate::load::source::Span;

/// A problem with the shape of a definition, found while its model is built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// An unknown `key` in the mapping `parent` (empty for the top level), with the keys allowed
    /// there and the nearest of them (DPM002).
    UnknownKey {
        span: Span,
        key: String,
        parent: String,
        known: &'static [&'static str],
        suggestion: Option<&'static str>,
    },
    /// A required `field` missing, in the `entry`-th identification entry when it is one (DPM003).
    MissingField {
        span: Span,
        field: String,
        entry: Option<usize>,
    },
    /// A bad value of `field` (DPM004).
    InvalidValue {
        span: Span,
        field: String,
        problem: ValueProblem,
    },
    /// The key `key` twice in one mapping (DPM005).
    DuplicateKey { key: String, first: Span, second: Span },
    /// A `format` this dpmlint does not read (DPM006).
    UnsupportedFormat { span: Span, value: u64 },
}

/// What is wrong with a value (DPM004).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueProblem {
    /// A list or mapping where another kind belongs.
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    /// Empty or null.
    Empty,
    /// An empty list.
    EmptyList,
    /// `yes`, `on`… in a text field.
    BooleanInString { text: String },
    /// `"1"` where an integer belongs.
    QuotedNumber { text: String },
    /// `02`
    LeadingZero { text: String },
    /// Not a decimal integer.
    NotInteger { text: String },
    /// Too large.
    OutOfRange { text: String, max: u64 },
    /// Not `true`/`false` (`quoted`: written as a string).
    NotBoolean { text: String, quoted: bool },
    /// Not one of the accepted values.
    NotInEnum {
        text: String,
        accepted: String,
        suggestion: Option<String>,
    },
    /// A key that is a list or mapping.
    KeyNotScalar,
}
