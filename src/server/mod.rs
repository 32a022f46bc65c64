//! `dpmlint server`: a language server over standard input and output (LSP 3.17).
//!
//! - Diagnostics for every open definition (`package.yaml`, `*.dpm.yaml`, …), on open and at
//!   every change (and for all of them when any file is saved, a `dpmlint.toml` for one): the
//!   in-memory text linted as `check` lints the file at its path (see
//!   [`lint`]), published with code, severity, message and help, and range.
//! - Code actions: each diagnostic's fix as a quick fix (safe fixes preferred, unsafe ones said
//!   so in the title), and a `# dpmlint: ignore CODE` comment above the line.
//! - Hover on a diagnostic: its rule's documentation (`dpmlint explain`).
//! - Completion of OS names, languages and MS numbers from the catalogs ([`complete`]).
//!
//! The language: `--lang`, else `initializationOptions.lang`, else the client's `locale`, else
//! the system's (as `check`). Every request is answered, and a panic while answering one is
//! caught and answered as an internal error, so the editor's session never loses the server.

pub mod complete;
pub mod convert;
pub mod lint;
pub mod transport;

use crate::diagnostic::{Applicability, Diagnostic};
use crate::i18n::Lang;
use crate::rules::JA_HEADING;
use crate::tr;
use convert::LineIndex;
use lsp_server::{Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;

/// How the server was started.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--lang`: overrides what the client says.
    pub lang: Option<Lang>,
    /// `--rule-docs-url`: where the rule pages are published (each diagnostic links its page).
    pub rule_docs_url: Option<String>,
}

/// JSON-RPC and LSP error codes.
mod code {
    pub const INVALID_REQUEST: i32 = -32600;
    pub const METHOD_NOT_FOUND: i32 = -32601;
    pub const INVALID_PARAMS: i32 = -32602;
    pub const INTERNAL_ERROR: i32 = -32603;
    pub const SERVER_NOT_INITIALIZED: i32 = -32002;
}

/// An open document.
struct Document {
    text: String,
    version: i32,
    /// Its file, when it is a definition on disk (else it gets no diagnostics).
    path: Option<PathBuf>,
    /// Its diagnostics at the last lint (for code actions and hover).
    diagnostics: Vec<Diagnostic>,
}

struct Server<W: Write> {
    out: W,
    options: Options,
    lang: Lang,
    docs_url: Option<String>,
    documents: HashMap<lsp::Url, Document>,
    initialized: bool,
    shut_down: bool,
}

/// Run the server on standard input and output; returns the exit status (0 after `shutdown` then
/// `exit`, 1 when the input ends or `exit` comes without `shutdown`).
pub fn run(options: Options) -> i32 {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    serve(&mut stdin.lock(), stdout.lock(), options)
}

/// Serve one client on `input` and `output`.
pub fn serve(input: &mut impl BufRead, output: impl Write, options: Options) -> i32 {
    let mut server = Server {
        out: output,
        lang: options.lang.unwrap_or_else(Lang::from_system),
        docs_url: options.rule_docs_url.clone(),
        options,
        documents: HashMap::new(),
        initialized: false,
        shut_down: false,
    };
    loop {
        let incoming = match transport::read(input) {
            Ok(Some(i)) => i,
            Ok(None) | Err(_) => return i32::from(!server.shut_down),
        };
        let message = match incoming {
            transport::Incoming::Message(m) => m,
            transport::Incoming::Bad(bad) => {
                let why = bad.message(server.lang);
                eprintln!("dpmlint server: {why}");
                let _ = transport::write_parse_error(&mut server.out, &why);
                continue;
            }
        };
        match message {
            Message::Request(req) => server.request(req),
            Message::Notification(n) if n.method == "exit" => return i32::from(!server.shut_down),
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => {}
        }
    }
}

/// The text of a panic's payload.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

impl<W: Write> Server<W> {
    fn send(&mut self, message: Message) {
        let _ = transport::write(&mut self.out, message);
    }

    fn respond(&mut self, id: RequestId, result: Result<Value, (i32, String)>) {
        let response = match result {
            Ok(v) => Response::new_ok(id, v),
            Err((code, message)) => Response::new_err(id, code, message),
        };
        self.send(response.into());
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        self.send(Notification::new(method.to_string(), params).into());
    }

    /// A message in the client's log (`window/logMessage`).
    fn log(&mut self, typ: lsp::MessageType, message: String) {
        self.notify("window/logMessage", lsp::LogMessageParams { typ, message });
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        if !self.initialized && req.method != "initialize" {
            let m = tr!(
                self.lang,
                "the server is not initialized",
                "サーバーが初期化されていません"
            );
            return self.respond(id, Err((code::SERVER_NOT_INITIALIZED, m)));
        }
        if self.shut_down {
            let m = tr!(self.lang, "the server is shut down", "サーバーは終了処理済みです");
            return self.respond(id, Err((code::INVALID_REQUEST, m)));
        }
        let method = req.method.clone();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.answer(req)));
        let result = outcome.unwrap_or_else(|payload| {
            let why = panic_text(payload.as_ref());
            Err((
                code::INTERNAL_ERROR,
                tr!(
                    self.lang,
                    "dpmlint server: internal error answering {method}: {why} (please report it)",
                    "dpmlint server: {method} の処理中に内部エラーが起きました: {why} (報告してください)"
                ),
            ))
        });
        self.respond(id, result);
    }

    fn answer(&mut self, req: Request) -> Result<Value, (i32, String)> {
        let params = req.params;
        let json = |v: Result<Value, serde_json::Error>| v.map_err(|e| (code::INTERNAL_ERROR, e.to_string()));
        match req.method.as_str() {
            "initialize" => {
                if self.initialized {
                    let m = tr!(self.lang, "initialize was already sent", "initialize は送信済みです");
                    return Err((code::INVALID_REQUEST, m));
                }
                json(serde_json::to_value(self.initialize(&params)))
            }
            "shutdown" => {
                self.shut_down = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => {
                let p: lsp::HoverParams = self.params(params)?;
                json(serde_json::to_value(self.hover(&p)))
            }
            "textDocument/codeAction" => {
                let p: lsp::CodeActionParams = self.params(params)?;
                json(serde_json::to_value(self.code_actions(&p)))
            }
            "textDocument/completion" => {
                let p: lsp::CompletionParams = self.params(params)?;
                json(serde_json::to_value(self.completion(&p)))
            }
            method => {
                let m = tr!(self.lang, "unknown method {method}", "未知のメソッド {method}");
                Err((code::METHOD_NOT_FOUND, m))
            }
        }
    }

    fn params<P: serde::de::DeserializeOwned>(&self, params: Value) -> Result<P, (i32, String)> {
        serde_json::from_value(params).map_err(|e| {
            (
                code::INVALID_PARAMS,
                tr!(self.lang, "invalid parameters: {e}", "パラメーターが不正です: {e}"),
            )
        })
    }

    fn initialize(&mut self, params: &Value) -> lsp::InitializeResult {
        let options = params.get("initializationOptions");
        let option_lang = options
            .and_then(|o| o.get("lang"))
            .and_then(Value::as_str)
            .and_then(Lang::parse);
        let locale = params.get("locale").and_then(Value::as_str).and_then(Lang::parse);
        self.lang = self
            .options
            .lang
            .or(option_lang)
            .or(locale)
            .unwrap_or_else(Lang::from_system);
        if self.docs_url.is_none() {
            self.docs_url = options
                .and_then(|o| o.get("ruleDocsUrl"))
                .and_then(Value::as_str)
                .filter(|u| crate::rules::pages::is_absolute_url(u))
                .map(str::to_string);
        }
        self.initialized = true;
        let capabilities = lsp::ServerCapabilities {
            position_encoding: Some(lsp::PositionEncodingKind::UTF16),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            })),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            completion_provider: Some(lsp::CompletionOptions {
                trigger_characters: Some(vec![" ".into(), "[".into(), ",".into(), "-".into()]),
                ..Default::default()
            }),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            })),
            ..Default::default()
        };
        lsp::InitializeResult {
            capabilities,
            server_info: Some(lsp::ServerInfo {
                name: "dpmlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        }
    }

    fn notification(&mut self, n: Notification) {
        if !self.initialized {
            return;
        }
        let method = n.method.clone();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.on_notification(n)));
        if let Err(payload) = outcome {
            let why = panic_text(payload.as_ref());
            let m = tr!(
                self.lang,
                "dpmlint server: internal error handling {method}: {why} (please report it)",
                "dpmlint server: {method} の処理中に内部エラーが起きました: {why} (報告してください)"
            );
            self.log(lsp::MessageType::ERROR, m);
        }
    }

    fn on_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let doc = p.text_document;
                let path = doc
                    .uri
                    .to_file_path()
                    .ok()
                    .filter(|p| lint::is_definition(p))
                    .map(|p| crate::load::config::absolute(&p, crate::platform::paths::current_dir()));
                self.documents.insert(
                    doc.uri.clone(),
                    Document {
                        text: doc.text,
                        version: doc.version,
                        path,
                        diagnostics: Vec::new(),
                    },
                );
                self.publish(&doc.uri);
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                let Some(doc) = self.documents.get_mut(&uri) else {
                    return;
                };
                for change in p.content_changes {
                    match change.range {
                        None => doc.text = change.text,
                        Some(range) => {
                            let span = LineIndex::new(&doc.text).span(range);
                            doc.text.replace_range(span.start..span.end, &change.text);
                        }
                    }
                }
                doc.version = p.text_document.version;
                self.publish(&uri);
            }
            "textDocument/didSave" => {
                // A saved file may be what the open definitions depend on (their dpmlint.toml, a
                // file of their package): lint them all again.
                let open: Vec<lsp::Url> = self
                    .documents
                    .iter()
                    .filter(|(_, d)| d.path.is_some())
                    .map(|(u, _)| u.clone())
                    .collect();
                for uri in open {
                    self.publish(&uri);
                }
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                if self.documents.remove(&uri).is_some_and(|d| d.path.is_some()) {
                    let params = lsp::PublishDiagnosticsParams::new(uri, Vec::new(), None);
                    self.notify("textDocument/publishDiagnostics", params);
                }
            }
            _ => {}
        }
    }

    /// Lint a document and publish its diagnostics.
    fn publish(&mut self, uri: &lsp::Url) {
        let lang = self.lang;
        let Some(doc) = self.documents.get_mut(uri) else { return };
        let Some(path) = doc.path.clone() else { return };
        let outcome = lint::lint(&path, &doc.text, lang);
        doc.diagnostics = outcome.diagnostics;
        let ix = LineIndex::new(&doc.text);
        let mut published: Vec<lsp::Diagnostic> = doc
            .diagnostics
            .iter()
            .map(|d| to_lsp(d, &ix, uri, self.docs_url.as_deref()))
            .collect();
        if let Some(problem) = outcome.problem {
            published.push(lsp::Diagnostic {
                range: lsp::Range::default(),
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                code: Some(lsp::NumberOrString::String("config".into())),
                source: Some("dpmlint".into()),
                message: problem,
                ..Default::default()
            });
        }
        let params = lsp::PublishDiagnosticsParams::new(uri.clone(), published, Some(doc.version));
        self.notify("textDocument/publishDiagnostics", params);
    }

    fn hover(&self, p: &lsp::HoverParams) -> Option<lsp::Hover> {
        let at = &p.text_document_position_params;
        let doc = self.documents.get(&at.text_document.uri)?;
        let ix = LineIndex::new(&doc.text);
        let offset = ix.offset(at.position);
        let hits: Vec<&Diagnostic> = doc
            .diagnostics
            .iter()
            .filter(|d| d.span.start <= offset && offset <= d.span.end)
            .collect();
        let first = hits.first()?;
        let mut seen = Vec::new();
        let mut parts = Vec::new();
        for d in &hits {
            let m = d.rule;
            if seen.contains(&m.code) {
                continue;
            }
            seen.push(m.code);
            let explain = m.explain(self.lang);
            // The explain text's headings become bold lines under the rule's own heading.
            let body: Vec<String> = explain
                .lines()
                .map(|l| match l.strip_prefix("## ") {
                    Some(h) if l.trim() != JA_HEADING => format!("**{h}**"),
                    _ => l.to_string(),
                })
                .collect();
            parts.push(format!(
                "### {} `{}` ({})\n\n{}",
                m.code,
                m.name,
                d.severity,
                body.join("\n").trim()
            ));
        }
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range: Some(ix.range(first.span)),
        })
    }

    fn code_actions(&self, p: &lsp::CodeActionParams) -> Option<Vec<lsp::CodeActionOrCommand>> {
        let uri = &p.text_document.uri;
        let doc = self.documents.get(uri)?;
        // Only quick fixes here: a client asking for other kinds alone gets none.
        if let Some(only) = &p.context.only
            && !only.iter().any(|k| {
                let k = k.as_str();
                k.is_empty() || k == "quickfix" || k.starts_with("quickfix.")
            })
        {
            return Some(Vec::new());
        }
        let ix = LineIndex::new(&doc.text);
        let wanted = ix.span(p.range);
        let lang = self.lang;
        let mut actions = Vec::new();
        let mut suppressions = Vec::new();
        for d in &doc.diagnostics {
            // The diagnostics at the range (touching it counts: a cursor at a node's end).
            if d.span.start > wanted.end || d.span.end < wanted.start {
                continue;
            }
            let published = to_lsp(d, &ix, uri, self.docs_url.as_deref());
            let (code, name) = (d.rule.code, d.rule.name);
            if let Some(fix) = &d.fix {
                let edits: Vec<lsp::TextEdit> = fix
                    .edits
                    .iter()
                    .map(|e| lsp::TextEdit::new(ix.range(e.span), e.replacement.clone()))
                    .collect();
                let safe = fix.applicability == Applicability::Safe;
                let title = if safe {
                    tr!(lang, "Fix {code} ({name})", "{code} を修正 ({name})")
                } else {
                    tr!(
                        lang,
                        "Fix {code} ({name}) — unsafe: changes what the definition says; review it",
                        "{code} を修正 ({name}) — 安全でない修正: 定義の内容が変わります。確認してください"
                    )
                };
                actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title,
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![published.clone()]),
                    edit: Some(lsp::WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), edits)])),
                        ..Default::default()
                    }),
                    is_preferred: Some(safe),
                    ..Default::default()
                }));
            }
            // DPM001 leaves no YAML to read comments from; DPM007 and DPM008 are about
            // suppressions and baselines themselves.
            if matches!(code, "DPM001" | "DPM007" | "DPM008") {
                continue;
            }
            let line = ix.position(d.span.start).line;
            if suppressions.contains(&(line, code)) {
                continue;
            }
            suppressions.push((line, code));
            let text = ix.line_text(line as usize);
            let indent = &text[..text.len() - text.trim_start().len()];
            let title = tr!(
                lang,
                "Suppress {code} here with # dpmlint: ignore {code}",
                "# dpmlint: ignore {code} でここの {code} を抑止"
            );
            let insert = lsp::TextEdit::new(
                lsp::Range::new(lsp::Position::new(line, 0), lsp::Position::new(line, 0)),
                format!("{indent}# dpmlint: ignore {code}\n"),
            );
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title,
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![published]),
                edit: Some(lsp::WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![insert])])),
                    ..Default::default()
                }),
                is_preferred: Some(false),
                ..Default::default()
            }));
        }
        Some(actions)
    }

    fn completion(&self, p: &lsp::CompletionParams) -> Option<lsp::CompletionResponse> {
        let at = &p.text_document_position;
        let doc = self.documents.get(&at.text_document.uri)?;
        doc.path.as_ref()?;
        let ix = LineIndex::new(&doc.text);
        let offset = ix.offset(at.position);
        let (field, start) = complete::context(&ix, offset)?;
        let range = lsp::Range::new(ix.position(start), ix.position(offset));
        let items = complete::items(field, &doc.text[start..offset], range, self.lang);
        Some(lsp::CompletionResponse::Array(items))
    }
}

/// A diagnostic as LSP publishes it: the rule's code (linked to its page when the pages' URL is
/// known), severity, the message with its help, the range, and the secondary labels as related
/// information.
fn to_lsp(d: &Diagnostic, ix: &LineIndex, uri: &lsp::Url, docs_url: Option<&str>) -> lsp::Diagnostic {
    use crate::diagnostic::Severity;
    let severity = match d.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    };
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.to_string(),
    };
    let code_description = docs_url
        .and_then(|base| lsp::Url::parse(&crate::rules::pages::url(base, d.rule)).ok())
        .map(|href| lsp::CodeDescription { href });
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), ix.range(l.span)),
            message: l.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range: ix.range(d.span),
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(d.rule.code.into())),
        code_description,
        source: Some("dpmlint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}
