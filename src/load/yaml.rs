//! The YAML layer: a small node tree with exact byte spans, built from `saphyr-parser` events.
//!
//! Every node keeps its span and, for scalars, its style and cooked value, so the model can judge a
//! value by its source text (`5.2` stays the text `5.2`). Duplicate keys are kept aside with both
//! places. Errors come back as one [`LoadError`] with a span. The builder is iterative (no
//! recursion), bounds the number of nodes (alias bombs) and never panics.
//! See `docs/architecture.md` for why this layer rather than `serde_yaml`.

use crate::load::source::Span;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};
use std::collections::HashMap;

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `value`
    Plain,
    /// `'value'`
    SingleQuoted,
    /// `"value"`
    DoubleQuoted,
    /// `|` block
    Literal,
    /// `>` block
    Folded,
}

impl Style {
    /// True for any quoted or block style: the author wrote text, never a number or boolean.
    pub fn is_quoted(self) -> bool {
        self != Style::Plain
    }
}

/// A node of the YAML tree.
#[derive(Clone, Debug)]
pub struct Node {
    /// Where the node stands in the file (for a scalar: the whole scalar with its quotes).
    pub span: Span,
    /// What it is.
    pub kind: NodeKind,
}

/// The kinds of node.
#[derive(Clone, Debug)]
pub enum NodeKind {
    /// A scalar with its cooked value, how it was written, and its tag (e.g. `!!str`), if any.
    Scalar {
        value: String,
        style: Style,
        tag: Option<String>,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in file order. Duplicate keys are not here (see [`Document::duplicates`]).
    Map(Vec<Entry>),
}

/// A key and its value.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The key node.
    pub key: Node,
    /// The value node.
    pub value: Node,
}

impl Entry {
    /// The key's text, when the key is a scalar.
    pub fn key_str(&self) -> Option<&str> {
        self.key.as_scalar()
    }
}

impl Node {
    /// The cooked value of a scalar.
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The entries of a mapping.
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items of a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The entry for `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().find(|e| e.key_str() == Some(key))
    }

    /// True for a plain scalar YAML reads as null (`~`, `null`, or nothing at all).
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { value, style: Style::Plain, tag: None }
            if value.is_empty() || value == "~" || value.eq_ignore_ascii_case("null"))
    }

    /// The span in the file (`text`) of the bytes `range` of a scalar's cooked value, when the
    /// source maps one to one onto the value: a plain scalar on one line, or a single-quoted one
    /// (whose `''` stands for `'`). `None` for other styles (a double-quoted `\\` is one byte of
    /// the value but two of the file), for folded lines, and for a range outside the value.
    pub fn value_sub_span(&self, text: &str, range: std::ops::Range<usize>) -> Option<Span> {
        let NodeKind::Scalar { value, style, .. } = &self.kind else {
            return None;
        };
        if range.start > range.end || !value.is_char_boundary(range.start) || !value.is_char_boundary(range.end) {
            return None;
        }
        let source = text.get(self.span.start..self.span.end)?;
        match style {
            Style::Plain if source == value => {
                Some(Span::new(self.span.start + range.start, self.span.start + range.end))
            }
            Style::SingleQuoted => {
                let inner = source.strip_prefix('\'')?.strip_suffix('\'')?;
                if inner != value.replace('\'', "''") {
                    return None;
                }
                let at = |i: usize| self.span.start + 1 + i + value[..i].matches('\'').count();
                Some(Span::new(at(range.start), at(range.end)))
            }
            _ => None,
        }
    }

    /// A short name of the node's kind for messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar { .. } if self.is_null() => "null",
            NodeKind::Scalar { .. } => "scalar",
            NodeKind::Seq(_) => "list",
            NodeKind::Map(_) => "mapping",
        }
    }
}

/// A second occurrence of a key in one mapping.
#[derive(Clone, Debug)]
pub struct Duplicate {
    /// The key's text.
    pub key: String,
    /// The first occurrence (the one that counts).
    pub first: Span,
    /// The later one (ignored).
    pub second: Span,
}

/// A loaded YAML document.
#[derive(Clone, Debug)]
pub struct Document {
    /// The top-level node, always a mapping.
    pub root: Node,
    /// Keys given twice, in file order.
    pub duplicates: Vec<Duplicate>,
    /// The spans of every scalar, in file order (to tell comments from `#` inside values).
    pub scalar_spans: Vec<Span>,
}

/// Why a file could not be loaded as a YAML mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// A syntax error from the parser (its English text).
    Syntax { span: Span, detail: String },
    /// The file holds no document (empty, or only comments).
    Empty,
    /// A second document starts here.
    SeveralDocuments { span: Span },
    /// The top level is a list or a scalar.
    NotMapping { span: Span, found: &'static str },
    /// An alias to an anchor that is unknown or not yet complete.
    BadAlias { span: Span },
    /// Too many nodes, after expanding aliases.
    TooLarge { span: Span },
}

/// The most nodes a definition may have once aliases are expanded.
pub const MAX_NODES: usize = 100_000;

enum Frame {
    Seq {
        start: Span,
        items: Vec<Node>,
        anchor: usize,
    },
    Map {
        start: Span,
        entries: Vec<Entry>,
        pending_key: Option<Node>,
        anchor: usize,
    },
}

/// Converts the parser's character indices to byte offsets.
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    table: Vec<usize>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let table = if ascii {
            Vec::new()
        } else {
            let mut t: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            t.push(text.len());
            t
        };
        Offsets { text, ascii, table }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.ascii {
            char_index.min(self.text.len())
        } else {
            self.table.get(char_index).copied().unwrap_or(self.text.len())
        }
    }

    fn span(&self, s: &saphyr_parser::Span) -> Span {
        Span::new(self.byte(s.start.index()), self.byte(s.end.index()))
    }
}

fn style_of(s: ScalarStyle) -> Style {
    match s {
        ScalarStyle::Plain => Style::Plain,
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
    }
}

fn count_nodes(node: &Node) -> usize {
    let mut n = 0;
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        n += 1;
        match &node.kind {
            NodeKind::Scalar { .. } => {}
            NodeKind::Seq(items) => stack.extend(items.iter()),
            NodeKind::Map(entries) => {
                for e in entries {
                    stack.push(&e.key);
                    stack.push(&e.value);
                }
            }
        }
    }
    n
}

/// The parser's end of a quoted scalar can run past the closing quote (over trailing blanks and a
/// comment); find the real closing quote. Plain scalars lose trailing blanks.
fn scalar_extent(text: &str, span: Span, style: ScalarStyle) -> Span {
    let Some(rest) = text.get(span.start..) else {
        return span;
    };
    let bytes = rest.as_bytes();
    let close = match style {
        ScalarStyle::DoubleQuoted if bytes.first() == Some(&b'"') => {
            let mut i = 1;
            loop {
                match bytes.get(i) {
                    None => break None,
                    Some(b'\\') => i += 2,
                    Some(b'"') => break Some(i + 1),
                    Some(_) => i += 1,
                }
            }
        }
        ScalarStyle::SingleQuoted if bytes.first() == Some(&b'\'') => {
            let mut i = 1;
            loop {
                match (bytes.get(i), bytes.get(i + 1)) {
                    (None, _) => break None,
                    (Some(b'\''), Some(b'\'')) => i += 2,
                    (Some(b'\''), _) => break Some(i + 1),
                    _ => i += 1,
                }
            }
        }
        ScalarStyle::Plain => {
            let body = text.get(span.start..span.end).unwrap_or("");
            Some(body.trim_end().len())
        }
        _ => None,
    };
    match close {
        Some(len) => Span::new(span.start, span.start + len),
        None => span,
    }
}

/// Load one YAML document whose top level is a mapping.
pub fn load(text: &str) -> Result<Document, LoadError> {
    let offsets = Offsets::new(text);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut duplicates = Vec::new();
    let mut scalar_spans = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0usize;
    let mut nodes = 0usize;

    let syntax = |e: ScanError, offsets: &Offsets| {
        let at = offsets.byte(e.marker().index());
        LoadError::Syntax {
            span: Span::new(at, at),
            detail: e.info().to_string(),
        }
    };

    loop {
        let (event, raw_span) = match parser.next_event() {
            None => break,
            Some(Err(e)) => return Err(syntax(e, &offsets)),
            Some(Ok(ev)) => ev,
        };
        let span = offsets.span(&raw_span);
        let node = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    // Report at the `---` (or the first token) of the second document.
                    let at = text[..span.start.min(text.len())].rfind("---").unwrap_or(span.start);
                    return Err(LoadError::SeveralDocuments {
                        span: Span::new(at, at + 3),
                    });
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                let span = scalar_extent(text, span, style);
                scalar_spans.push(span);
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                let node = Node {
                    span,
                    kind: NodeKind::Scalar {
                        value: value.into_owned(),
                        style: style_of(style),
                        tag,
                    },
                };
                if anchor > 0 {
                    anchors.insert(anchor, node.clone());
                }
                nodes += 1;
                node
            }
            Event::Alias(id) => {
                let Some(target) = anchors.get(&id) else {
                    return Err(LoadError::BadAlias { span });
                };
                let mut node = target.clone();
                nodes += count_nodes(&node);
                node.span = span;
                node
            }
            Event::SequenceStart(anchor, _) => {
                stack.push(Frame::Seq {
                    start: span,
                    items: Vec::new(),
                    anchor,
                });
                continue;
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Frame::Map {
                    start: span,
                    entries: Vec::new(),
                    pending_key: None,
                    anchor,
                });
                continue;
            }
            Event::SequenceEnd => {
                let Some(Frame::Seq { start, items, anchor }) = stack.pop() else {
                    return Err(LoadError::Syntax {
                        span,
                        detail: "unbalanced sequence".into(),
                    });
                };
                let end = if start.is_empty() {
                    items.last().map_or(start.end, |n| n.span.end)
                } else {
                    span.end
                };
                let node = Node {
                    span: Span::new(start.start, end.max(start.end)),
                    kind: NodeKind::Seq(items),
                };
                if anchor > 0 {
                    anchors.insert(anchor, node.clone());
                }
                nodes += 1;
                node
            }
            Event::MappingEnd => {
                let Some(Frame::Map {
                    start, entries, anchor, ..
                }) = stack.pop()
                else {
                    return Err(LoadError::Syntax {
                        span,
                        detail: "unbalanced mapping".into(),
                    });
                };
                let end = if start.is_empty() {
                    entries
                        .last()
                        .map_or(start.end, |e| e.value.span.end.max(e.key.span.end))
                } else {
                    span.end
                };
                let begin = if start.is_empty() {
                    entries.first().map_or(start.start, |e| e.key.span.start)
                } else {
                    start.start
                };
                let node = Node {
                    span: Span::new(begin, end.max(begin)),
                    kind: NodeKind::Map(entries),
                };
                if anchor > 0 {
                    anchors.insert(anchor, node.clone());
                }
                nodes += 1;
                node
            }
        };
        if nodes > MAX_NODES {
            return Err(LoadError::TooLarge { span: node.span });
        }
        match stack.last_mut() {
            None => {
                if root.is_none() {
                    root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries, pending_key, ..
            }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => {
                    let dup = match key.as_scalar() {
                        Some(k) => entries.iter().find(|e| e.key_str() == Some(k)).map(|e| (k, e.key.span)),
                        None => None,
                    };
                    match dup {
                        Some((k, first)) => duplicates.push(Duplicate {
                            key: k.to_string(),
                            first,
                            second: key.span,
                        }),
                        None => entries.push(Entry { key, value: node }),
                    }
                }
            },
        }
    }

    let root = match root {
        None => return Err(LoadError::Empty),
        Some(r) if r.is_null() => return Err(LoadError::Empty),
        Some(r) => r,
    };
    if root.as_map().is_none() {
        return Err(LoadError::NotMapping {
            span: root.span,
            found: root.kind_name(),
        });
    }
    Ok(Document {
        root,
        duplicates,
        scalar_spans,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, s: Span) -> &str {
        &text[s.start..s.end]
    }

    #[test]
    fn scalars_keep_their_source_spans_and_style() {
        let text = "format: 1\nid: \"MS08\"   # c\nname: 日本語\nsp: { major: 2, minor: 0 }\n";
        let doc = load(text).unwrap();
        let id = doc.root.get("id").unwrap();
        assert_eq!(slice(text, id.value.span), "\"MS08\"");
        assert!(matches!(
            id.value.kind,
            NodeKind::Scalar {
                style: Style::DoubleQuoted,
                ..
            }
        ));
        let name = doc.root.get("name").unwrap();
        assert_eq!(slice(text, name.value.span), "日本語");
        let sp = doc.root.get("sp").unwrap();
        assert_eq!(slice(text, sp.value.span), "{ major: 2, minor: 0 }");
    }

    #[test]
    fn sub_spans_of_plain_and_single_quoted_values_only() {
        let text = "a: C:/x\nb: 'it''s/x'\nc: \"C:\\\\x/y\"\nd: C:/x\n  y/z\n";
        let doc = load(text).unwrap();
        let node = |k: &str| &doc.root.get(k).unwrap().value;
        let a = node("a").value_sub_span(text, 2..3).unwrap();
        assert_eq!(slice(text, a), "/");
        let b = node("b").value_sub_span(text, 4..5).unwrap();
        assert_eq!(slice(text, b), "/");
        let b = node("b").value_sub_span(text, 0..4).unwrap();
        assert_eq!(slice(text, b), "it''s");
        assert_eq!(node("c").as_scalar(), Some("C:\\x/y"));
        assert!(node("c").value_sub_span(text, 4..5).is_none());
        assert!(node("d").value_sub_span(text, 2..3).is_none());
        assert!(node("a").value_sub_span(text, 2..9).is_none());
    }

    #[test]
    fn duplicate_keys_name_both_places() {
        let text = "id: a\nid: b\n";
        let doc = load(text).unwrap();
        assert_eq!(doc.duplicates.len(), 1);
        assert_eq!(doc.duplicates[0].first, Span::new(0, 2));
        assert_eq!(doc.duplicates[0].second, Span::new(6, 8));
        assert_eq!(doc.root.get("id").unwrap().value.as_scalar(), Some("a"));
    }

    #[test]
    fn block_collections_span_their_content() {
        let text = "os:\n  - A\n  - B\nx: 1\n";
        let doc = load(text).unwrap();
        assert_eq!(slice(text, doc.root.get("os").unwrap().value.span), "- A\n  - B");
    }

    #[test]
    fn bad_documents_are_errors() {
        assert!(matches!(load(""), Err(LoadError::Empty)));
        assert!(matches!(load("# only a comment\n"), Err(LoadError::Empty)));
        assert!(matches!(
            load("- a\n"),
            Err(LoadError::NotMapping { found: "list", .. })
        ));
        assert!(
            matches!(load("a: 1\n---\nb: 2\n"), Err(LoadError::SeveralDocuments { span }) if span == Span::new(5, 8))
        );
        assert!(matches!(load("a: [1\n"), Err(LoadError::Syntax { .. })));
        assert!(matches!(
            load("a: *x\n"),
            Err(LoadError::BadAlias { .. }) | Err(LoadError::Syntax { .. })
        ));
    }

    #[test]
    fn alias_bombs_stop() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(matches!(load(&text), Err(LoadError::TooLarge { .. })));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = format!("a: {}{}\n", "[".repeat(5000), "]".repeat(5000));
        let _ = load(&text);
    }
}
