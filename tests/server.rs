//! `golayout server` driven over stdio with Content-Length framed JSON-RPC, as an editor
//! drives it. Every wait is bounded, so a broken server fails a test instead of hanging it.

mod common;

use common::lsp::{start_server, uri};
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The longest any single wait may take (a debug build, a loaded CI machine).
const TIMEOUT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    /// Starts the server and initializes it with the given client capabilities.
    fn start(root: &Path, capabilities: Value) -> Client {
        let mut client = Client::spawn(root);
        let id = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "capabilities": capabilities,
            }),
        );
        let response = client.response(id);
        let caps = &response["result"]["capabilities"];
        assert_eq!(caps["textDocumentSync"]["change"], 1, "{response}");
        assert_eq!(caps["diagnosticProvider"]["interFileDependencies"], true);
        let kinds = caps["codeActionProvider"]["codeActionKinds"].to_string();
        assert!(kinds.contains("quickfix") && kinds.contains("source.fixAll.golayout"));
        client.notify("initialized", json!({}));
        client
    }

    fn spawn(root: &Path) -> Client {
        let (mut child, messages) = start_server(root);
        Client {
            stdin: child.stdin.take(),
            child,
            messages,
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        self.send_all(&[message]);
    }

    /// Sends messages in one write, so that they arrive together.
    fn send_all(&mut self, messages: &[Value]) {
        let mut frames = Vec::new();
        for message in messages {
            let body = message.to_string();
            write!(frames, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        }
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(&frames).unwrap();
        stdin.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The first message that `wanted` accepts; earlier ones are dropped.
    fn wait(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {what}"),
                Err(RecvTimeoutError::Disconnected) => panic!("server closed before {what}"),
            }
        }
    }

    fn response(&mut self, id: i64) -> Value {
        self.wait(&format!("the response to request {id}"), |m| {
            m["id"] == id && m.get("method").is_none()
        })
    }

    /// The diagnostics published for `path` at document version `version`.
    fn published(&mut self, path: &Path, version: i64) -> Vec<Value> {
        let uri = uri(path);
        let message = self.wait(&format!("diagnostics of {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "go", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, path: &Path, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri(path), "version": version},
                "contentChanges": [{"text": text}],
            }),
        );
    }

    fn code_actions(&mut self, path: &Path, range: &Value, only: Option<&str>) -> Vec<Value> {
        let mut context = json!({"diagnostics": []});
        if let Some(kind) = only {
            context["only"] = json!([kind]);
        }
        let id = self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri(path)}, "range": range, "context": context}),
        );
        let response = self.response(id);
        response["result"].as_array().unwrap().clone()
    }

    /// Waits for the process to end.
    fn exit_status(&mut self) -> ExitStatus {
        common::lsp::exit_status(&mut self.child, TIMEOUT)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A temporary module `example.com/m` with the given files.
fn module(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    // Canonical, so the URIs the server sends back match ours (macOS /var -> /private/var).
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("go.mod"), "module example.com/m\n\ngo 1.22\n").unwrap();
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    (dir, root)
}

fn rules(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

fn find<'a>(diagnostics: &'a [Value], rule: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {diagnostics:?}"))
}

/// The byte offset of an LSP position (UTF-16 characters) in `text`.
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (at, c) in text[start..].char_indices() {
        if units == character {
            return start + at;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Applies LSP text edits to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"]),
                offset(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|span| std::cmp::Reverse(span.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, new);
    }
    out
}

/// The edits a workspace edit makes to the file at `path` (either shape).
fn edits_for(edit: &Value, path: &Path) -> Vec<Value> {
    let uri = uri(path);
    if let Some(edits) = edit["changes"].get(&uri) {
        return edits.as_array().unwrap().clone();
    }
    edit["documentChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|change| change["textDocument"]["uri"] == uri)
        .flat_map(|change| change["edits"].as_array().unwrap().clone())
        .collect()
}

const CLEAN_A: &str = "package pkg\n\nimport \"strings\"\n\nvar _ = strings.ToUpper\n";
const FAULTY_A: &str = "package other\n\nimport strings \"strings\"\n\nvar _ = strings.ToUpper\n";

#[test]
fn edit_fix_and_sibling_edit_republish() {
    let (_tmp, root) = module(&[("pkg/a.go", CLEAN_A), ("pkg/b.go", "package pkg\n")]);
    let a = root.join("pkg/a.go");
    let b = root.join("pkg/b.go");
    let mut client = Client::start(&root, json!({}));

    client.open(&a, CLEAN_A);
    assert_eq!(client.published(&a, 1), Vec::<Value>::new());

    // Two packages in one directory, and a redundant alias.
    client.change(&a, 2, FAULTY_A);
    let found = client.published(&a, 2);
    assert_eq!(
        rules(&found),
        ["multiple-packages", "redundant-import-alias"]
    );
    let multiple = find(&found, "multiple-packages");
    assert_eq!(multiple["severity"], 1);
    assert_eq!(multiple["source"], "golayout");
    assert_eq!(
        multiple["range"],
        json!({"start": {"line": 0, "character": 8}, "end": {"line": 0, "character": 13}})
    );
    let related = &multiple["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri(&b));
    assert_eq!(related["location"]["range"]["start"]["character"], 8);
    assert!(multiple.get("codeDescription").is_none());

    // The quick fix for the alias, offered where the cursor is.
    let alias = find(&found, "redundant-import-alias");
    assert_eq!(alias["severity"], 2);
    let cursor = json!({"start": alias["range"]["start"], "end": alias["range"]["start"]});
    let actions = client.code_actions(&a, &cursor, None);
    let quickfix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .unwrap_or_else(|| panic!("no quick fix in {actions:?}"));
    assert!(
        quickfix["title"]
            .as_str()
            .unwrap()
            .contains("remove the alias strings")
    );
    assert_eq!(quickfix["diagnostics"][0]["code"], "redundant-import-alias");
    let fix_all = client.code_actions(&a, &cursor, Some("source.fixAll"));
    assert_eq!(fix_all.len(), 1, "{fix_all:?}");
    assert_eq!(fix_all[0]["kind"], "source.fixAll.golayout");

    let fixed = apply(FAULTY_A, &edits_for(&quickfix["edit"], &a));
    assert_eq!(
        fixed,
        FAULTY_A.replace("strings \"strings\"", "\"strings\"")
    );
    client.change(&a, 3, &fixed);
    assert_eq!(rules(&client.published(&a, 3)), ["multiple-packages"]);

    // Editing the sibling changes what the first file shows: now both say `other`, which
    // is one package, named unlike its directory.
    client.open(&b, "package pkg\n");
    assert_eq!(client.published(&b, 1), Vec::<Value>::new());
    client.change(&b, 2, "package other\n");
    let after = client.published(&a, 3);
    assert_eq!(rules(&after), ["package-dir-mismatch"]);

    let id = client.request("shutdown", Value::Null);
    assert_eq!(client.response(id)["result"], Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_status().code(), Some(0));
}

#[test]
fn utf16_ranges_after_multibyte_characters() {
    let text = "package pkg\n\nimport /* é😀 */ strings \"strings\"\n\nvar _ = strings.ToUpper\n";
    let (_tmp, root) = module(&[("pkg/a.go", text)]);
    let a = root.join("pkg/a.go");
    let mut client = Client::start(&root, json!({}));
    client.open(&a, text);
    let found = client.published(&a, 1);
    let alias = find(&found, "redundant-import-alias");
    let line = "import /* é😀 */ ";
    let character = line.encode_utf16().count();
    assert_ne!(
        character,
        line.len(),
        "the prefix must hold multi-byte characters"
    );
    assert_eq!(
        alias["range"],
        json!({
            "start": {"line": 2, "character": character},
            "end": {"line": 2, "character": character + "strings".len()},
        })
    );
    let actions = client.code_actions(&a, &alias["range"], Some("quickfix"));
    let fixed = apply(text, &edits_for(&actions[0]["edit"], &a));
    assert_eq!(fixed, text.replace("strings \"strings\"", "\"strings\""));
}

#[test]
fn pull_config_reload_and_settings() {
    let (_tmp, root) = module(&[("pkg/a.go", FAULTY_A.replace("other", "pkg").as_str())]);
    let a = root.join("pkg/a.go");
    let capabilities = json!({
        "textDocument": {"diagnostic": {"dynamicRegistration": false}},
        "workspace": {"workspaceEdit": {"documentChanges": true}},
    });
    let mut client = Client::start(&root, capabilities);
    let text = std::fs::read_to_string(&a).unwrap();
    client.open(&a, &text);
    let pull = |client: &mut Client| {
        let id = client.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri(&a)}}),
        );
        let response = client.response(id);
        assert_eq!(response["result"]["kind"], "full", "{response}");
        response["result"]["items"].as_array().unwrap().clone()
    };
    let items = pull(&mut client);
    assert_eq!(rules(&items), ["redundant-import-alias"]);
    assert!(items[0].get("codeDescription").is_none());

    // A docs link once the client configures one.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"golayout": {"ruleDocsUrl": "https://golayout.test/rules/{rule}.md"}}}),
    );
    let items = pull(&mut client);
    assert_eq!(
        items[0]["codeDescription"]["href"],
        "https://golayout.test/rules/redundant-import-alias.md"
    );

    // Versioned document edits for a client that takes them.
    let actions = client.code_actions(&a, &items[0]["range"], Some("quickfix"));
    let change = &actions[0]["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["version"], 1);

    // The config file is read again when it is saved.
    let config = root.join("golayout.toml");
    std::fs::write(&config, "[rules]\nredundant-import-alias = \"off\"\n").unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&config)}}),
    );
    assert_eq!(pull(&mut client), Vec::<Value>::new());
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let (_tmp, root) = module(&[]);
    let mut client = Client::start(&root, json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_status().code(), Some(1));
}

#[test]
fn closed_stdin_ends_cleanly() {
    let (_tmp, root) = module(&[]);
    let mut client = Client::start(&root, json!({}));
    client.stdin = None;
    assert_eq!(client.exit_status().code(), Some(0));
}

#[cfg(unix)]
#[test]
fn sigterm_and_sigint_end_cleanly() {
    let (_tmp, root) = module(&[("pkg/a.go", CLEAN_A)]);
    for signal in ["-TERM", "-INT"] {
        let mut client = Client::start(&root, json!({}));
        let a = root.join("pkg/a.go");
        client.open(&a, CLEAN_A);
        client.published(&a, 1);
        let killed = Command::new("kill")
            .args([signal, &client.child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        assert_eq!(client.exit_status().code(), Some(0), "after kill {signal}");
    }
}

#[test]
fn unsafe_fixes_only_when_the_client_allows_them() {
    let c = "package z\n\nimport s \"strings\"\n\nvar _ = s.ToUpper\nvar _ = s.ToLower\n";
    let (_tmp, root) = module(&[
        (
            "x/a.go",
            "package x\n\nimport str \"strings\"\n\nvar _ = str.ToUpper\n",
        ),
        (
            "y/b.go",
            "package y\n\nimport str \"strings\"\n\nvar _ = str.ToUpper\n",
        ),
        (
            "y/d.go",
            "package y\n\nimport str \"strings\"\n\nvar _ = str.ToLower\n",
        ),
        (
            "w/e.go",
            "package w\n\nimport str \"strings\"\n\nvar _ = str.ToTitle\n",
        ),
        ("z/c.go", c),
        (
            "golayout.toml",
            "[rules.inconsistent-import-alias]\ninfer-majority = true\n",
        ),
    ]);
    let path = root.join("z/c.go");
    let mut client = Client::start(&root, json!({}));
    client.open(&path, c);
    // The module's other directories, read from disk, make `str` the majority (four of
    // five imports).
    let found = client.published(&path, 1);
    assert_eq!(rules(&found), ["inconsistent-import-alias"]);
    let range = found[0]["range"].clone();
    assert_eq!(
        client.code_actions(&path, &range, None),
        Vec::<Value>::new()
    );

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"golayout": {"unsafeFixes": true}}}),
    );
    let actions = client.code_actions(&path, &range, None);
    let quickfix = actions.iter().find(|a| a["kind"] == "quickfix").unwrap();
    assert_eq!(quickfix["isPreferred"], false);
    let fixed = apply(c, &edits_for(&quickfix["edit"], &path));
    assert_eq!(fixed, c.replace("s ", "str ").replace("s.", "str."));
    assert!(
        actions
            .iter()
            .any(|a| a["kind"] == "source.fixAll.golayout")
    );
}

#[test]
fn watched_file_changes_recheck_open_files() {
    let a_text = "package other\n";
    let (_tmp, root) = module(&[("pkg/a.go", a_text)]);
    let a = root.join("pkg/a.go");
    let capabilities =
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let mut client = Client::start(&root, capabilities);
    let register = client.wait("client/registerCapability", |m| {
        m["method"] == "client/registerCapability"
    });
    let options = register["params"]["registrations"][0]["registerOptions"].to_string();
    assert!(options.contains("**/*.go") && options.contains("golayout.toml"));
    client.send(json!({"jsonrpc": "2.0", "id": register["id"], "result": null}));

    client.open(&a, a_text);
    assert_eq!(rules(&client.published(&a, 1)), ["package-dir-mismatch"]);
    // A sibling appears on disk, say by a checkout.
    let b = root.join("pkg/b.go");
    std::fs::write(&b, "package pkg\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&b), "type": 1}]}),
    );
    let message = client.wait("diagnostics after the sibling appeared", |m| {
        m["params"]["uri"] == uri(&a)
            && m["params"]["diagnostics"][0]["code"] == "multiple-packages"
    });
    assert_eq!(message["params"]["version"], 1);
}

#[test]
fn a_burst_of_edits_is_checked_once_at_its_last_version() {
    let (_tmp, root) = module(&[("pkg/a.go", CLEAN_A)]);
    let a = root.join("pkg/a.go");
    let mut client = Client::start(&root, json!({}));
    client.open(&a, CLEAN_A);
    client.published(&a, 1);
    let changes: Vec<Value> = (2..=20)
        .map(|version| {
            let text = if version % 2 == 0 { FAULTY_A } else { CLEAN_A };
            json!({
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri(&a), "version": version},
                    "contentChanges": [{"text": text}],
                },
            })
        })
        .collect();
    client.send_all(&changes);
    let message = client.wait("the next diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics"
    });
    // Edits far faster than the debounce: no intermediate version is ever published.
    assert_eq!(message["params"]["version"], 20);
    assert_eq!(
        message["params"]["diagnostics"].as_array().unwrap().len(),
        2
    );
}
