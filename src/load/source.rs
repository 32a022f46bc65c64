//! A definition's source text and the mapping from byte offsets to 1-based lines and columns.

use std::path::PathBuf;
use std::sync::Arc;

/// A byte range in a source file: `start..end`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given the wrong way round).
    pub fn new(start: usize, end: usize) -> Span {
        if end < start {
            Span { start: end, end: start }
        } else {
            Span { start, end }
        }
    }

    /// An empty span at `offset`.
    pub fn at(offset: usize) -> Span {
        Span {
            start: offset,
            end: offset,
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A file as read: its display name and text (valid UTF-8; other files never get this far).
#[derive(Debug)]
pub struct SourceFile {
    /// The path as given or found, relative to the current folder when under it (shown in output).
    pub name: String,
    /// Where the file really is (for reading neighbours and writing fixes); `None` for stdin.
    pub path: Option<PathBuf>,
    /// The text.
    pub text: String,
    /// Where each line starts (`u32`: a text is at most a definition's size; a line past 4 GiB,
    /// which no bounded read returns, would count as part of the line before).
    line_starts: Vec<u32>,
    lone_cr: bool,
    /// Set on a stand-in whose text was let go ([`SourceFile::without_text`]): the length of the
    /// text it stands for.
    stub: Option<usize>,
}

/// A 1-based line and column (the column counted in Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

impl SourceFile {
    /// Wrap a text.
    pub fn new(name: impl Into<String>, path: Option<PathBuf>, text: String) -> Arc<SourceFile> {
        // Byte by byte: a definition's lines are short, and counting first sizes the index once.
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(1 + bytes.iter().filter(|&&b| b == b'\n').count());
        line_starts.push(0);
        line_starts.extend(
            (bytes.iter().enumerate())
                .filter(|&(_, &b)| b == b'\n')
                .map_while(|(i, _)| u32::try_from(i + 1).ok()),
        );
        let lone_cr = bytes.contains(&b'\r') && text.match_indices('\r').any(|(i, _)| bytes.get(i + 1) != Some(&b'\n'));
        Arc::new(SourceFile {
            name: name.into(),
            path,
            text,
            line_starts,
            lone_cr,
            stub: None,
        })
    }

    /// A stand-in for this file without its text, for a run that holds thousands of definitions
    /// until the repository rules have run: it keeps the name, the path, and the text's length
    /// (spans are kept within it). [`SourceFile::with_text_again`] reads the text back when a
    /// diagnostic lands in the file after all.
    pub fn without_text(&self) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            name: self.name.clone(),
            path: self.path.clone(),
            text: String::new(),
            line_starts: vec![0],
            lone_cr: self.lone_cr,
            stub: Some(self.text.len()),
        })
    }

    /// The file read again from its path, for a stand-in; `None` for a file that has its text.
    /// Should the file have changed since (or be gone), it is what is there now (or empty), and
    /// the caller keeps spans within it.
    pub fn with_text_again(&self, limit: u64) -> Option<Arc<SourceFile>> {
        self.stub?;
        let text = self
            .path
            .as_deref()
            .and_then(|p| read_definition_bytes(p, limit, false).ok())
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        Some(SourceFile::new(self.name.clone(), self.path.clone(), text))
    }

    /// The 0-based line index holding `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self
            .line_starts
            .binary_search(&u32::try_from(offset).unwrap_or(u32::MAX))
        {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Line and column of a byte offset (clamped to the text, and to a character boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_index(offset);
        let start = self.line_start(line);
        let column = self.text[start..offset].chars().count() + 1;
        LineCol { line: line + 1, column }
    }

    /// Byte offset where the 0-based line `line` starts (the text's end past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).map_or(self.text.len(), |&s| s as usize)
    }

    /// Byte offset just past the end of 0-based line `line`, including its newline.
    pub fn line_end_with_newline(&self, line: usize) -> usize {
        self.line_starts.get(line + 1).map_or(self.text.len(), |&s| s as usize)
    }

    /// The text of a span (empty if out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The length of the text in bytes (for a stand-in, of the text it stands for).
    pub fn text_len(&self) -> usize {
        self.stub.unwrap_or(self.text.len())
    }

    /// `span` kept inside the text and on character boundaries: every diagnostic's span lies in its
    /// file, whatever a parser reported.
    pub fn clamp(&self, span: Span) -> Span {
        if let Some(len) = self.stub {
            let start = span.start.min(len);
            return Span::new(start, span.end.min(len).max(start));
        }
        let start = self.floor_char_boundary(span.start.min(self.text.len()));
        let end = self.floor_char_boundary(span.end.min(self.text.len())).max(start);
        Span::new(start, end)
    }

    /// Whether a CR stands alone somewhere (not followed by LF): a line break to some readers.
    pub fn has_lone_cr(&self) -> bool {
        self.lone_cr
    }

    /// The number of lines (a text without line breaks is one line).
    pub fn lines(&self) -> usize {
        self.line_starts.len()
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// Why [`read_bounded_bytes`] returned no content.
#[derive(Debug)]
pub enum ReadProblem {
    /// A folder, FIFO, socket or device: refused before it is opened (opening a FIFO would block
    /// until a writer came).
    NotAFile,
    /// Larger than the limit: its size when the file said so, `None` when it grew while read.
    TooLarge(Option<u64>),
    /// The file system refused.
    Io(std::io::Error),
}

impl std::fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadProblem::NotAFile => f.write_str("not a regular file"),
            ReadProblem::TooLarge(Some(size)) => write!(f, "{size} bytes, too large"),
            ReadProblem::TooLarge(None) => f.write_str("too large"),
            ReadProblem::Io(e) => e.fmt(f),
        }
    }
}

/// Read a whole regular file of at most `limit` bytes, up to the size its open handle gives (what
/// is appended meanwhile is not read), so no input can hang dpmlint or exhaust its memory. A file
/// that says 0 bytes is read to its end and refused past `limit`.
pub fn read_bounded_bytes(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, ReadProblem> {
    read_opened(crate::platform::open::open_regular(path), limit)
}

/// The bytes of a file opened by [`crate::platform::open`], at most `limit`: up to the size its
/// handle gives, in one read (what is appended meanwhile is not read). One that says 0 bytes
/// (`/proc` files say so, whatever they hold) is read to its end, and refused past `limit`.
fn read_opened(
    opened: std::io::Result<Option<(std::fs::File, std::fs::Metadata)>>,
    limit: u64,
) -> Result<Vec<u8>, ReadProblem> {
    use std::io::Read;
    let (file, meta) = opened.map_err(ReadProblem::Io)?.ok_or(ReadProblem::NotAFile)?;
    let len = meta.len();
    if len > limit {
        return Err(ReadProblem::TooLarge(Some(len)));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let most = if len == 0 { limit + 1 } else { len };
    file.take(most).read_to_end(&mut bytes).map_err(ReadProblem::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadProblem::TooLarge(None));
    }
    Ok(bytes)
}

/// [`read_bounded_bytes`] for a definition that was there a moment ago (found by the walk, or
/// named on the command line); `listed` when the walk listed it as a regular file, not a link, so
/// the path is not looked at again before it is opened ([`crate::platform::open::open_listed`]).
/// On Windows a file that another program replaces with `ReplaceFileW` (an editor's save, another
/// `dpmlint --fix` run) has no file under its name for an instant: the read is tried again a few
/// times, for at most about a tenth of a second, before the file is reported unreadable.
/// Elsewhere a replace is one rename and the first answer stands.
pub fn read_definition_bytes(path: &std::path::Path, limit: u64, listed: bool) -> Result<Vec<u8>, ReadProblem> {
    use crate::platform::open::{open_listed, open_regular};
    crate::platform::replace::while_replaced(
        || read_opened(if listed { open_listed(path) } else { open_regular(path) }, limit),
        |p| matches!(p, ReadProblem::Io(e) if e.kind() == std::io::ErrorKind::NotFound),
    )
}

/// [`read_bounded_bytes`] as UTF-8 text, for the config and the baseline.
pub fn read_bounded(path: &std::path::Path, limit: u64) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind};
    let bytes = read_bounded_bytes(path, limit).map_err(|p| match p {
        ReadProblem::Io(e) => e,
        p => Error::new(ErrorKind::InvalidInput, p.to_string()),
    })?;
    String::from_utf8(bytes).map_err(|e| Error::new(ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_that_says_it_is_empty_is_read_to_its_end_within_the_limit() {
        // `/proc` files report a size of 0 whatever they hold.
        let status = read_bounded_bytes(std::path::Path::new("/proc/self/status"), 1 << 20).unwrap();
        assert!(status.starts_with(b"Name:"), "{}", String::from_utf8_lossy(&status));
        assert!(matches!(
            read_bounded_bytes(std::path::Path::new("/proc/self/status"), 8),
            Err(ReadProblem::TooLarge(None))
        ));
    }

    #[test]
    fn a_listed_definition_is_read_whole_and_a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("package.yaml");
        std::fs::write(&path, "id: A\n").unwrap();
        assert_eq!(read_definition_bytes(&path, 100, true).unwrap(), b"id: A\n");
        assert_eq!(read_definition_bytes(&path, 100, false).unwrap(), b"id: A\n");
        assert!(matches!(
            read_definition_bytes(&path, 3, true),
            Err(ReadProblem::TooLarge(Some(6)))
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_definition_bytes(dir.path(), 100, true),
            Err(ReadProblem::NotAFile)
        ));
    }

    #[test]
    fn a_stand_in_keeps_spans_within_the_text_and_reads_it_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("package.yaml");
        std::fs::write(&path, "id: A\nname: 日本語\n").unwrap();
        let file = SourceFile::new(
            "package.yaml",
            Some(path.clone()),
            std::fs::read_to_string(&path).unwrap(),
        );
        assert!(
            file.with_text_again(1024).is_none(),
            "a file with its text is not read again"
        );
        let stub = file.without_text();
        assert!(stub.text.is_empty());
        assert_eq!(stub.text_len(), file.text_len());
        assert_eq!(stub.name, "package.yaml");
        assert_eq!(stub.clamp(Span::new(4, 5)), Span::new(4, 5));
        assert_eq!(stub.clamp(Span::new(10, 99)), Span::new(10, file.text.len()));
        let again = stub.with_text_again(1024).unwrap();
        assert!(
            again.with_text_again(1024).is_none(),
            "read again, it is a file with its text"
        );
        assert_eq!(again.text, file.text);
        assert_eq!(again.line_col(6), LineCol { line: 2, column: 1 });
        // Gone since: an empty text, every span kept within it.
        std::fs::remove_file(&path).unwrap();
        let gone = stub.with_text_again(1024).unwrap();
        assert_eq!(gone.clamp(Span::new(4, 5)), Span::new(0, 0));
    }

    #[test]
    fn line_and_column_count_characters() {
        let f = SourceFile::new("a", None, "a: 1\nname: 日本語 x\n".into());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(5), LineCol { line: 2, column: 1 });
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), LineCol { line: 2, column: 11 });
        assert_eq!(f.line_col(f.text.len()), LineCol { line: 3, column: 1 });
    }
}
