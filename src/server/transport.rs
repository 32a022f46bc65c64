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
    /// Something that is not a message, and why: answered with a JSON-RPC error (`id`: null).
    Bad(String),
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
                    Err(_) => bad_header = Some(format!("bad Content-Length: {value:?}")),
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("malformed header line: {text:?}")),
        }
    }
    let Some(length) = length else {
        return Ok(Some(Incoming::Bad(
            bad_header.unwrap_or_else(|| "a message without Content-Length".to_string()),
        )));
    };
    if length > MAX_MESSAGE {
        // Skip it: read and drop.
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Ok(Some(Incoming::Bad(format!(
            "a message of {length} bytes, more than the {MAX_MESSAGE} read"
        ))));
    }
    let mut body = Vec::with_capacity(length.min(1 << 20));
    input.by_ref().take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(None);
    }
    let Ok(text) = String::from_utf8(body) else {
        return Ok(Some(Incoming::Bad("a message that is not UTF-8".to_string())));
    };
    Ok(Some(match serde_json::from_str::<Message>(&text) {
        Ok(m) => Incoming::Message(m),
        Err(e) => Incoming::Bad(format!("not a JSON-RPC message: {e}")),
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
