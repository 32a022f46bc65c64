//! Byte offsets ↔ LSP positions. LSP counts lines split at `\n`, `\r\n` or a lone `\r`, and
//! columns in UTF-16 code units (the position encoding every client supports), where dpmlint
//! counts bytes: `ＭＳ` is 6 bytes, 2 units; `𠮷` is 4 bytes, 2 units.

use crate::load::source::Span;
use lsp_types::{Position, Range};

/// The line starts of a text, as LSP splits lines.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Index `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { text, starts }
    }

    /// The 0-based line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The end of 0-based `line`'s content (before its line break).
    fn line_content_end(&self, line: usize) -> usize {
        let end = self.starts.get(line + 1).copied().unwrap_or(self.text.len());
        let content = &self.text[self.starts[line]..end];
        let trimmed = content.strip_suffix('\n').unwrap_or(content);
        let trimmed = trimmed.strip_suffix('\r').unwrap_or(trimmed);
        self.starts[line] + trimmed.len()
    }

    /// The position of a byte offset (clamped to the text, and back to a character boundary; an
    /// offset inside a line break is the end of its line).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let offset = offset.min(self.line_content_end(line));
        let character = self.text[self.starts[line]..offset].encode_utf16().count();
        Position::new(as_u32(line), as_u32(character))
    }

    /// The range of a byte span.
    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of a position. A line past the end is the text's end; a column past the
    /// line's end is the line's end; a column inside a surrogate pair is the character's start.
    pub fn offset(&self, pos: Position) -> usize {
        let line = pos.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let end = self.line_content_end(line);
        let mut units = 0usize;
        for (i, c) in self.text[start..end].char_indices() {
            let next = units + c.len_utf16();
            if next > pos.character as usize {
                return start + i;
            }
            units = next;
        }
        end
    }

    /// The byte span of a range (start and end ordered).
    pub fn span(&self, range: Range) -> Span {
        Span::new(self.offset(range.start), self.offset(range.end))
    }

    /// The start of the line holding `offset`, and the line's text up to `offset` (for completion).
    pub fn line_prefix(&self, offset: usize) -> (usize, &'a str) {
        let line = self.line_of(offset);
        let start = self.starts[line];
        (start, &self.text[start..offset.max(start)])
    }

    /// The text of the 0-based `line`, without its line break (empty past the end).
    pub fn line_text(&self, line: usize) -> &'a str {
        match self.starts.get(line) {
            Some(&start) => &self.text[start..self.line_content_end(line)],
            None => "",
        }
    }
}

fn as_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_utf16_units() {
        let text = "a: 1\nms_number: ＭＳ０９\nname: 𠮷x\n";
        let ix = LineIndex::new(text);
        let ms = text.find('Ｍ').unwrap();
        assert_eq!(ix.position(ms), Position::new(1, 11));
        assert_eq!(ix.position(ms + "ＭＳ０９".len()), Position::new(1, 15));
        let x = text.find('x').unwrap();
        // 𠮷 is outside the BMP: two UTF-16 units.
        assert_eq!(ix.position(x), Position::new(2, 8));
        assert_eq!(ix.offset(Position::new(2, 8)), x);
        // Inside the surrogate pair: the character's start.
        assert_eq!(ix.offset(Position::new(2, 7)), x - '𠮷'.len_utf8());
        assert_eq!(ix.offset(Position::new(1, 11)), ms);
        // Past the line's end, past the text's end.
        assert_eq!(ix.offset(Position::new(0, 99)), 4);
        assert_eq!(ix.offset(Position::new(99, 0)), text.len());
        assert_eq!(ix.position(text.len()), Position::new(3, 0));
    }

    #[test]
    fn every_line_break_counts() {
        let text = "a\r\nb\rc\nd";
        let ix = LineIndex::new(text);
        assert_eq!(ix.position(text.find('b').unwrap()), Position::new(1, 0));
        assert_eq!(ix.position(text.find('c').unwrap()), Position::new(2, 0));
        assert_eq!(ix.position(text.find('d').unwrap()), Position::new(3, 0));
        // Inside `\r\n`: the end of the line.
        assert_eq!(ix.position(2), Position::new(0, 1));
        assert_eq!(ix.offset(Position::new(0, 5)), 1);
        assert_eq!(ix.line_text(1), "b");
    }

    #[test]
    fn offsets_off_a_character_boundary_are_clamped() {
        let text = "日本";
        let ix = LineIndex::new(text);
        assert_eq!(ix.position(1), Position::new(0, 0));
        assert_eq!(ix.position(100), Position::new(0, 2));
    }
}
