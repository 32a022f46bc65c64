//! JSON-RPC framing over a byte stream (`Content-Length: N`, a blank line, N bytes of JSON), read
//! forgivingly: a malformed header, an oversized or unparsable message is reported and skipped,
//! and the server goes on with the next one. Only the end of the input ends it.

use lsp_server::Message;
use std::io::{self, BufRead, Read, Write};

/// The largest message read (64 MiB): a definition is at most 1 MiB; a larger message is skipped
/// without being held in memory.
pub const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// The longest header line read.
const MAX_HEADER_LINE: u64 = 4096;

/// What came in.
pub enum Incoming {
    /// A message.
    Message(Message),
    /// Something that is not a message: answered with a JSON-RPC error (`id`: null).
    Bad(Bad),
}

/// Why what came in is not a message.
#[derive(Debug)]
pub enum Bad {
    /// A header line that is not `Name: value`, or a Content-Length that is not a number.
    Header(String),
    /// Headers without Content-Length.
    NoLength,
    /// More than [`MAX_MESSAGE`] bytes.
    TooLarge(usize),
    /// A body that is not UTF-8.
    NotUtf8,
    /// A body that is not a JSON-RPC message.
    NotJson(String),
}

impl Bad {
    /// Worded for the user.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::tr;
        match self {
            Bad::Header(line) => tr!(lang, "malformed header: {line:?}", "ヘッダーが不正です: {line:?}"),
            Bad::NoLength => tr!(
                lang,
                "a message without Content-Length",
                "Content-Length のないメッセージです"
            ),
            Bad::TooLarge(n) => tr!(
                lang,
                "a message of {n} bytes, more than the {MAX_MESSAGE} read; skipped",
                "{n} バイトのメッセージは上限の {MAX_MESSAGE} バイトを超えるため読み飛ばしました"
            ),
            Bad::NotUtf8 => tr!(lang, "a message that is not UTF-8", "UTF-8 でないメッセージです"),
            Bad::NotJson(e) => tr!(
                lang,
                "not a JSON-RPC message: {e}",
                "JSON-RPC のメッセージではありません: {e}"
            ),
        }
    }
}

/// Read the next message; `None` at the end of the input.
pub fn read(input: &mut impl BufRead) -> io::Result<Option<Incoming>> {
    let mut length: Option<usize> = None;
    let mut bad_header = None;
    let mut seen_header = false;
    loop {
        let mut line = Vec::new();
        let n = input.by_ref().take(MAX_HEADER_LINE).read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if seen_header {
                break;
            }
            // Blank lines between messages.
            continue;
        }
        seen_header = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("Content-Length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad_header = Some(text.to_string()),
                }
            }
            Some(_) => {}
            None => bad_header = Some(text.to_string()),
        }
    }
    let Some(length) = length else {
        return Ok(Some(Incoming::Bad(bad_header.map_or(Bad::NoLength, Bad::Header))));
    };
    if length > MAX_MESSAGE {
        // Skip it: read and drop.
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Ok(Some(Incoming::Bad(Bad::TooLarge(length))));
    }
    let mut body = Vec::with_capacity(length.min(1 << 20));
    input.by_ref().take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(None);
    }
    let Ok(text) = String::from_utf8(body) else {
        return Ok(Some(Incoming::Bad(Bad::NotUtf8)));
    };
    Ok(Some(match serde_json::from_str::<Message>(&text) {
        Ok(m) => Incoming::Message(m),
        Err(e) => Incoming::Bad(Bad::NotJson(e.to_string())),
    }))
}

/// Write a message.
pub fn write(out: &mut impl Write, message: Message) -> io::Result<()> {
    message.write(out)
}

/// Write the error answer to something that was not a message (JSON-RPC's parse error, `id` null).
pub fn write_parse_error(out: &mut impl Write, why: &str) -> io::Result<()> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": -32700, "message": why},
    })
    .to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn bad_input_is_skipped_not_fatal() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let stream = format!(
            "{}{}Content-Length: x\r\n\r\n{}{}",
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0"}"#),
            frame(good),
            "Content-Length: 99999999999\r\n\r\n"
        );
        let mut r = io::Cursor::new(stream.into_bytes());
        assert!(matches!(read(&mut r).unwrap(), Some(Incoming::Bad(_))));
        assert!(matches!(read(&mut r).unwrap(), Some(Incoming::Bad(_))));
        assert!(matches!(read(&mut r).unwrap(), Some(Incoming::Bad(_))));
        assert!(matches!(
            read(&mut r).unwrap(),
            Some(Incoming::Message(Message::Notification(_)))
        ));
        assert!(matches!(read(&mut r).unwrap(), Some(Incoming::Bad(_))));
        assert!(read(&mut r).unwrap().is_none());
    }
}
