//! `dpmlint server` end to end: the real binary driven over its standard input and output by a
//! small JSON-RPC client (Content-Length framing), as an editor drives it. Every wait has a
//! timeout, so a server that hangs fails the test instead of blocking it.

mod common;

use dpmlint::i18n::Lang;
use lsp_types::Url;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);

/// A client of one server process.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    pending: Vec<Value>,
    next_id: i64,
}

fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(dir: &Path, args: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dpmlint"))
            .arg("server")
            .args(args)
            .current_dir(dir)
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("dpmlint server starts");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            while let Some(v) = read_frame(&mut stdout) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            pending: Vec::new(),
            next_id: 0,
        }
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write to the server");
        self.stdin.flush().expect("flush");
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn next(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server within {TIMEOUT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// Send a request and wait for its response (the whole response: result or error).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let v = self.next(deadline);
            if v.get("id") == Some(&json!(id)) && v.get("method").is_none() {
                return v;
            }
            self.pending.push(v);
        }
    }

    /// A request's result (failing on an error response).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.call(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next `publishDiagnostics` for `uri`.
    fn diagnostics(&mut self, uri: &Url) -> Vec<Value> {
        let is_ours =
            |v: &Value| v["method"] == "textDocument/publishDiagnostics" && v["params"]["uri"] == json!(uri.as_str());
        if let Some(i) = self.pending.iter().position(is_ours) {
            let v = self.pending.remove(i);
            return v["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let v = self.next(deadline);
            if is_ours(&v) {
                return v["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            }
            self.pending.push(v);
        }
    }

    fn initialize(&mut self, params: Value) -> Value {
        let r = self.request("initialize", params);
        self.notify("initialized", json!({}));
        r
    }

    fn open(&mut self, uri: &Url, text: &str) {
        let doc = json!({"uri": uri, "languageId": "yaml", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": doc}));
    }

    /// The process's exit status, waiting at most `TIMEOUT`.
    fn wait(mut self) -> Option<i32> {
        drop(self.stdin);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit within {TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn shutdown_and_exit(mut self) -> Option<i32> {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.wait()
    }
}

/// A package folder with the DPM101 fixture whose MS number was typed in full-width characters
/// (`ＭＳ０９－００１`: 24 bytes, 8 UTF-16 units), with its installer unless `installer` is false.
fn package(dir: &Path, installer: bool) -> (Url, String) {
    std::fs::create_dir_all(dir).unwrap();
    let fixture = common::root().join("fixtures/rules/DPM101");
    let text = std::fs::read_to_string(fixture.join("bad/fullwidth.dpm.yaml")).unwrap();
    if installer {
        std::fs::copy(
            fixture.join("good/Windows2000-KB958687-x86-JPN.EXE"),
            dir.join("Windows2000-KB958687-x86-JPN.EXE"),
        )
        .unwrap();
    }
    let path = dir.join("fullwidth.dpm.yaml");
    std::fs::write(&path, &text).unwrap();
    (Url::from_file_path(&path).unwrap(), text)
}

fn codes_and_ranges(diags: &[Value]) -> Vec<(String, [u64; 4])> {
    diags
        .iter()
        .map(|d| {
            let r = &d["range"];
            let n = |v: &Value| v.as_u64().unwrap();
            (
                d["code"].as_str().unwrap().to_string(),
                [
                    n(&r["start"]["line"]),
                    n(&r["start"]["character"]),
                    n(&r["end"]["line"]),
                    n(&r["end"]["character"]),
                ],
            )
        })
        .collect()
}

/// The first paragraph line of a rule's `explain` text.
fn first_line_of_explain(code: &str, lang: Lang) -> String {
    let text = dpmlint::rules::find_rule(code).unwrap().meta().explain(lang);
    text.lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap()
        .to_string()
}

#[test]
fn diagnostics_fixes_hover_and_completion_over_stdio() {
    let tmp = tempfile::tempdir().unwrap();
    let root = dunce::canonicalize(tmp.path()).unwrap();
    let (uri, text) = package(&root.join("ms09-001"), true);
    let mut c = Client::start(&root, &[]);
    let init = c.initialize(json!({"processId": null, "rootUri": null, "capabilities": {}}));
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 1, "full text sync: {caps}");
    assert_eq!(init["serverInfo"]["name"], "dpmlint");

    // On open: exactly the finding `check` reports, its range in UTF-16 units (not bytes).
    c.open(&uri, &text);
    let diags = c.diagnostics(&uri);
    assert_eq!(
        codes_and_ranges(&diags),
        vec![("DPM101".to_string(), [9, 11, 9, 19])],
        "{diags:?}"
    );
    let d = &diags[0];
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "dpmlint");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.starts_with("`ＭＳ０９－００１` is not an MS number"),
        "{message}"
    );
    assert!(message.ends_with("\nhelp: write `MS09-001`"), "{message}");

    // The fix, as a preferred quick fix; and the suppression comment above the line.
    let range = d["range"].clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": [d]}}),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 2, "{actions:?}");
    let fix = &actions[0];
    assert_eq!(fix["title"], "Fix DPM101 (ms-number-malformed)");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "DPM101");
    assert_eq!(
        fix["edit"]["changes"][uri.as_str()],
        json!([{"range": range, "newText": "MS09-001"}])
    );
    let suppress = &actions[1];
    assert_eq!(suppress["isPreferred"], false);
    assert_eq!(
        suppress["edit"]["changes"][uri.as_str()],
        json!([{"range": {"start": {"line": 9, "character": 0}, "end": {"line": 9, "character": 0}},
                "newText": "# dpmlint: ignore DPM101\n"}])
    );

    // A client asking only for other kinds of action gets none.
    let only_source = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": [], "only": ["source"]}}),
    );
    assert_eq!(only_source, json!([]));

    // Hover on the finding: the rule's documentation.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 9, "character": 14}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("### DPM101 `ms-number-malformed` (error)"), "{value}");
    assert!(value.contains(&first_line_of_explain("DPM101", Lang::En)), "{value}");
    assert_eq!(hover["range"], range);
    // Elsewhere, nothing.
    let nothing = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}}),
    );
    assert_eq!(nothing, Value::Null);

    // The suppression comment silences the finding (and is not itself unused, DPM007).
    let suppressed = text.replacen("ms_number:", "# dpmlint: ignore DPM101\nms_number:", 1);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": suppressed}]}),
    );
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());

    // Fixed by the edit: no diagnostics any more.
    let fixed = text.replace("ＭＳ０９－００１", "MS09-001");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": fixed}]}),
    );
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());

    // Completion of OS names after `os: `, replacing what is typed.
    let with_os = fixed.replacen("os:\n", "os: Windows Server 2003 St\nx:\n", 1);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": with_os}]}),
    );
    let _ = c.diagnostics(&uri);
    let line = with_os.lines().position(|l| l.starts_with("os: ")).unwrap();
    let end = "os: Windows Server 2003 St".len();
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": end}}),
    );
    let items = items.as_array().unwrap();
    let item = items
        .iter()
        .find(|i| i["label"] == "Windows Server 2003 Standard Edition")
        .unwrap_or_else(|| panic!("{items:?}"));
    assert_eq!(
        item["textEdit"],
        json!({"range": {"start": {"line": line, "character": 4}, "end": {"line": line, "character": end}},
               "newText": "Windows Server 2003 Standard Edition"})
    );
    assert!(
        items
            .iter()
            .all(|i| i["label"].as_str().unwrap().starts_with("Windows Server 2003 St"))
    );

    // An empty `os: ` offers every edition; `ms_number:` and `language:` their catalogs.
    let blank = "format: 1\nos: \nms_number: MS08-06\nlanguage: \n";
    let new_uri = Url::from_file_path(root.join("ms09-001/new.dpm.yaml")).unwrap();
    c.open(&new_uri, blank);
    let _ = c.diagnostics(&new_uri);
    let labels = |c: &mut Client, line: u32, character: u32| -> Vec<String> {
        let items = c.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": new_uri}, "position": {"line": line, "character": character}}),
        );
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let os = labels(&mut c, 1, 4);
    assert!(
        os.contains(&"Windows Server 2003 Standard Edition".to_string()),
        "{os:?}"
    );
    assert!(os.contains(&"Windows 2000 Server".to_string()), "{os:?}");
    assert!(labels(&mut c, 2, 18).contains(&"MS08-067".to_string()));
    assert!(labels(&mut c, 3, 10).contains(&"ja".to_string()));
    assert_eq!(
        c.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": new_uri}, "position": {"line": 0, "character": 8}}),
        ),
        Value::Null
    );

    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn japanese_with_the_clients_locale() {
    let tmp = tempfile::tempdir().unwrap();
    let root = dunce::canonicalize(tmp.path()).unwrap();
    let (uri, text) = package(&root.join("pkg"), true);
    let mut c = Client::start(&root, &[]);
    c.initialize(json!({"processId": null, "rootUri": null, "capabilities": {}, "locale": "ja"}));
    c.open(&uri, &text);
    let diags = c.diagnostics(&uri);
    assert_eq!(codes_and_ranges(&diags), vec![("DPM101".to_string(), [9, 11, 9, 19])]);
    let message = diags[0]["message"].as_str().unwrap();
    assert!(
        message.contains("は `MSyy-nnn` 形式の MS 番号ではありません"),
        "{message}"
    );
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 9, "character": 11}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains(&first_line_of_explain("DPM101", Lang::Ja)), "{value}");
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": []}}),
    );
    assert_eq!(actions[0]["title"], "DPM101 を修正 (ms-number-malformed)");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

/// The package folder and the nearest config count as for `check`: without the installer,
/// DPM501 too, at the severity the folder's `dpmlint.toml` gives it. A file that is not a
/// definition gets no diagnostics.
#[test]
fn the_package_folder_and_its_config_are_used() {
    let tmp = tempfile::tempdir().unwrap();
    let root = dunce::canonicalize(tmp.path()).unwrap();
    let dir = root.join("no-installer");
    let (uri, text) = package(&dir, false);
    std::fs::write(dir.join("dpmlint.toml"), "[rules]\nDPM501 = \"warning\"\n").unwrap();
    let mut c = Client::start(&root, &[]);
    c.initialize(json!({"processId": null, "rootUri": null, "capabilities": {}}));
    c.open(&uri, &text);
    let diags = c.diagnostics(&uri);
    let codes: Vec<(String, u64)> = diags
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["severity"].as_u64().unwrap()))
        .collect();
    assert_eq!(codes, vec![("DPM101".into(), 1), ("DPM501".into(), 2)], "{diags:?}");

    // The installer arrives: the next lint sees it.
    std::fs::copy(
        common::root().join("fixtures/rules/DPM101/good/Windows2000-KB958687-x86-JPN.EXE"),
        dir.join("Windows2000-KB958687-x86-JPN.EXE"),
    )
    .unwrap();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}),
    );
    assert_eq!(
        codes_and_ranges(&c.diagnostics(&uri)),
        vec![("DPM101".to_string(), [9, 11, 9, 19])]
    );

    // A broken config, saved from the editor, is said on the document, not silently ignored.
    std::fs::write(dir.join("dpmlint.toml"), "[rules]\nDPM501 = \"loud\"\n").unwrap();
    let config = Url::from_file_path(dir.join("dpmlint.toml")).unwrap();
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": config}}));
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "config");
    assert!(
        diags[0]["message"].as_str().unwrap().contains("dpmlint.toml"),
        "{diags:?}"
    );

    // Not a definition: no diagnostics are published for it.
    let other = Url::from_file_path(dir.join("notes.yaml")).unwrap();
    c.open(&other, "ms_number: nonsense\n");
    let probe = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": other}, "position": {"line": 0, "character": 12}}),
    );
    assert_eq!(probe, Value::Null);
    assert!(
        !c.pending.iter().any(|v| v["params"]["uri"] == json!(other.as_str())),
        "{:?}",
        c.pending
    );
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

/// Garbage, unknown methods and bad parameters are answered with errors; the server goes on.
/// `exit` without `shutdown` is status 1, as LSP says.
#[test]
fn bad_input_never_ends_the_session() {
    let tmp = tempfile::tempdir().unwrap();
    let root = dunce::canonicalize(tmp.path()).unwrap();
    let mut c = Client::start(&root, &[]);
    let early = c.call("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    c.initialize(json!({"processId": null, "capabilities": {}}));
    c.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    c.send_raw(b"Content-Length: x\r\n\r\n");
    let unknown = c.call("dpmlint/unknown", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let bad = c.call("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    // A change to a document that is not open, a position past the end: no answer breaks.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///nowhere/package.yaml", "version": 1}, "contentChanges": [{"text": ""}]}));
    let uri = Url::from_file_path(root.join("package.yaml")).unwrap();
    c.open(&uri, "os: [\n\u{1F600}: \"");
    assert_eq!(codes_and_ranges(&c.diagnostics(&uri))[0].0, "DPM001");
    let far = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 99, "character": 99}}),
    );
    assert_eq!(far, Value::Null);
    let half = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 1}}),
    );
    assert!(half.is_null() || half["contents"].is_object(), "{half}");
    // Garbage answers carried `id: null`; the server still answers.
    assert!(
        c.pending.iter().any(|v| v["error"]["code"] == -32700),
        "{:?}",
        c.pending
    );
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), Some(1));
}

/// What the Neovim test runs: start `dpmlint server` with Neovim's own LSP client, wait for the
/// diagnostics of the file, apply the preferred quick fix, wait for the diagnostics to clear, and
/// write what it saw to `$DPMLINT_OUT`. Written for Neovim 0.7 (Debian 12's) and later.
const NVIM_SCRIPT: &str = r#"
local out = {}
local function finish(status)
  local f = io.open(os.getenv("DPMLINT_OUT"), "w")
  f:write(table.concat(out, "\n") .. "\n")
  f:close()
  vim.cmd(status == 0 and "qa!" or ("cquit " .. status))
end
local file = os.getenv("DPMLINT_FILE")
vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = "dpmlint",
  cmd = { os.getenv("DPMLINT_BIN"), "server" },
  root_dir = vim.fn.fnamemodify(file, ":h"),
})
if not id then table.insert(out, "start_client failed"); finish(3) end
vim.lsp.buf_attach_client(buf, id)
if not vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
  table.insert(out, "no diagnostics"); finish(4)
end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(out, string.format("diagnostic %s %d:%d-%d:%d", code, d.lnum, d.col, d.end_lnum, d.end_col))
end
local d = vim.diagnostic.get(buf)[1]
-- The diagnostic's whole line (Neovim 0.7 keeps no LSP range with a diagnostic).
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = d.lnum, character = 0 }, ["end"] = { line = d.lnum + 1, character = 0 } },
  context = { diagnostics = {} },
}
local answers = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000) or {}
for _, answer in pairs(answers) do
  for _, action in ipairs(answer.result or {}) do
    table.insert(out, "action " .. action.title)
    if action.isPreferred then
      vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
    end
  end
end
if not vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 20) then
  table.insert(out, "diagnostics stayed"); finish(5)
end
table.insert(out, "fixed " .. vim.api.nvim_buf_get_lines(buf, 9, 10, false)[1])
local client = vim.lsp.get_client_by_id(id)
client.stop()
vim.wait(10000, function() return client.is_stopped() end, 20)
finish(0)
"#;

/// Neovim (`nvim --headless`) drives the server as an editor does: its diagnostics arrive, at the
/// right columns once Neovim has converted UTF-16 to bytes, and its quick fix applies. Skipped,
/// loudly, where Neovim is not installed (`.ci/run` installs Debian's).
#[test]
fn neovim_drives_the_server() {
    let Ok(version) = Command::new("nvim").arg("--version").output() else {
        eprintln!("\n*** SKIPPED neovim_drives_the_server: `nvim` is not installed (apt-get install neovim) ***\n");
        return;
    };
    assert!(version.status.success());
    let tmp = tempfile::tempdir().unwrap();
    let root = dunce::canonicalize(tmp.path()).unwrap();
    let (uri, _) = package(&root.join("pkg"), true);
    let file = uri.to_file_path().unwrap();
    let script = root.join("dpmlint-test.lua");
    std::fs::write(&script, NVIM_SCRIPT).unwrap();
    let out_file = root.join("out.txt");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(&root)
        .env("DPMLINT_BIN", env!("CARGO_BIN_EXE_dpmlint"))
        .env("DPMLINT_FILE", &file)
        .env("DPMLINT_OUT", &out_file)
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env("XDG_STATE_HOME", root.join("state"))
        .env("XDG_CACHE_HOME", root.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nvim starts");
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let seen = std::fs::read_to_string(&out_file).unwrap_or_default();
    assert!(status.success(), "nvim: {status:?}\n{seen}");
    // Columns in bytes, as Neovim keeps them: `ＭＳ０９－００１` is 24 bytes from column 11.
    assert_eq!(
        seen,
        "diagnostic DPM101 9:11-9:35\n\
         action Fix DPM101 (ms-number-malformed)\n\
         action Suppress DPM101 here with # dpmlint: ignore DPM101\n\
         fixed ms_number: MS09-001\n"
    );
}
