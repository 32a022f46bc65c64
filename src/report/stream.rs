//! A JSON document written exactly as `serde_json::to_writer_pretty` writes it, but with one of
//! its arrays written an item at a time: the document is built with [`PLACEHOLDER`] where the
//! array goes, printed, and split there; each item is printed on its own and indented to its depth.

use serde::Serialize;
use std::io::Write;

/// The string that stands for the streamed array in the document.
pub const PLACEHOLDER: &str = "@@dpmlint-streamed-array@@";

/// The array being written.
pub struct PrettyArray {
    /// The indentation of the line that holds the array (its closing bracket's).
    indent: String,
    items: usize,
}

/// The pretty text of `doc` before and after the placeholder (quotes included).
fn split(doc: &serde_json::Value) -> std::io::Result<(String, String)> {
    let text = serde_json::to_string_pretty(doc)?;
    let quoted = format!("\"{PLACEHOLDER}\"");
    match text.split_once(&quoted) {
        Some((head, tail)) => Ok((head.to_string(), tail.to_string())),
        None => Err(std::io::Error::other(
            "the report's document has no place for its items",
        )),
    }
}

impl PrettyArray {
    /// Write `doc` up to the array.
    pub fn start(doc: &serde_json::Value, out: &mut dyn Write) -> std::io::Result<PrettyArray> {
        let (head, _) = split(doc)?;
        let line = head.rsplit('\n').next().unwrap_or("");
        let indent = line[..line.len() - line.trim_start_matches(' ').len()].to_string();
        out.write_all(head.as_bytes())?;
        Ok(PrettyArray { indent, items: 0 })
    }

    /// Write one item.
    pub fn item(&mut self, value: &impl Serialize, out: &mut dyn Write) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(value)?;
        let inner = format!("{}  ", self.indent);
        out.write_all(if self.items == 0 { b"[\n" } else { b",\n" })?;
        out.write_all(inner.as_bytes())?;
        // Strings escape their line breaks, so every `\n` of the text starts a line of structure.
        out.write_all(text.replace('\n', &format!("\n{inner}")).as_bytes())?;
        self.items += 1;
        Ok(())
    }

    /// Close the array and write the rest of `doc` (the same document, its totals now known),
    /// with the final line break.
    pub fn finish(self, doc: &serde_json::Value, out: &mut dyn Write) -> std::io::Result<()> {
        if self.items == 0 {
            out.write_all(b"[]")?;
        } else {
            write!(out, "\n{}]", self.indent)?;
        }
        let (_, tail) = split(doc)?;
        out.write_all(tail.as_bytes())?;
        out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The streamed text is serde_json's own, for empty and full arrays at any depth.
    #[test]
    fn writes_what_serde_json_writes() {
        for items in [
            vec![],
            vec![json!({"a": [1, 2], "b": "x\ny"})],
            vec![json!(1), json!({"c": {}})],
        ] {
            let whole = json!({"runs": [{"tool": "t", "results": items.clone()}], "n": 2});
            let doc = json!({"runs": [{"tool": "t", "results": PLACEHOLDER}], "n": 2});
            let mut out = Vec::new();
            let mut array = PrettyArray::start(&doc, &mut out).unwrap();
            for item in &items {
                array.item(item, &mut out).unwrap();
            }
            array.finish(&doc, &mut out).unwrap();
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }
}
