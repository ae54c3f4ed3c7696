//! Load on `golayout server`: identical bursts of 1,000 full-sync `didChange`
//! notifications over 50 open files, each sent as fast as the pipe takes it. The server
//! must not answer for stale versions (every push names a version, versions never go back,
//! and the diagnostics pushed for a version are those of that version's text; once a burst
//! is over every file shows its last version and what that text deserves, pushed and
//! pulled alike), and its memory must stay bounded however many bursts come.
//!
//! Every wait is bounded by a deadline, never a fixed sleep, so a slow machine only makes
//! the test slower and a broken server fails it instead of hanging it.

mod common;

use common::lsp::{start_server, uri};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ExitStatus};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The longest any single wait may take: generous, as the machine may be loaded.
const TIMEOUT: Duration = Duration::from_secs(60);

const DIRS: usize = 5;
const FILES_PER_DIR: usize = 10;
const FILES: usize = DIRS * FILES_PER_DIR;
/// Changes per burst: `ROUNDS` rounds over the 50 files.
const BURST: usize = 1000;
const ROUNDS: i64 = (BURST / FILES) as i64;
/// Comment bytes at the end of every text, so that a burst carries megabytes
/// (1,000 × 16 KiB ≈ 16 MiB, `BURST_KIB`): a server that kept what every edit sends, or
/// every queued snapshot of the buffers, would grow by about that much per burst.
const PADDING: usize = 16 * 1024;
const BURST_KIB: u64 = (BURST * PADDING / 1024) as u64;
/// Identical bursts. A server that kept what each edit sends would pass `BOUND_KIB` by
/// the fourth; six leave room for a leak of a little less than that.
const BURSTS: usize = 6;
/// How far above its size after warm-up the server's peak memory may ever go. A correct
/// server holds, at worst, one burst's messages read but not yet handled (its main loop
/// starved while its reader keeps reading) and one superseded text per version in
/// snapshots queued for a busy checker: two bursts' worth. A third covers allocator slack
/// (freed memory an arena keeps, thread arenas and stacks). Seen here, above warm-up: 1 to
/// 6 MiB on an idle machine, up to 18 MiB with the two cores oversubscribed, 24 MiB with
/// the debounce set to zero (checks running during the burst, their results dropped as
/// stale). A margin on the second burst alone, tight enough to catch a leak of one burst,
/// would flake: under load one burst may leave 7 MiB more behind than the one before
/// (queued messages whose memory the allocator keeps), which is what half a burst leaked
/// would look like.
const BOUND_KIB: u64 = 3 * BURST_KIB;

/// The package directory `d{n}` of file `i`, and its package name.
fn dir_of(i: usize) -> String {
    format!("d{}", i / FILES_PER_DIR)
}

/// What is wrong with file `i` at `version`: (declares another package, aliases `strings`
/// redundantly). Version 1 (as opened) is clean everywhere; then the faults flip with
/// every version, so every change changes the file's diagnostics, and an odd version (the
/// last of each burst) leaves two files per directory in another package and every third
/// file with the redundant alias: 3 files end with both faults, 21 with one, 26 clean. The first file of each directory always declares the directory's package, so
/// that the directory's package never changes and a file's findings depend on its own
/// text alone.
fn faults(i: usize, version: i64) -> (bool, bool) {
    if version == 1 {
        return (false, false);
    }
    let last_like = version % 2 == 1;
    let slot = i % FILES_PER_DIR;
    let other = slot != 0 && ((slot == 3 || slot == 7) == last_like);
    let alias = i.is_multiple_of(3) == last_like;
    (other, alias)
}

/// The text of file `i` at `version`.
fn text(i: usize, version: i64, padding: &str) -> String {
    let (other, alias) = faults(i, version);
    let package = if other {
        "other".to_string()
    } else {
        dir_of(i)
    };
    let alias = if alias { "strings " } else { "" };
    format!(
        "package {package}\n\nimport {alias}\"strings\"\n\nvar _ = strings.ToUpper\n\n\
         // file {i}, version {version}\n{padding}"
    )
}

/// The rules that file `i` at `version` breaks, in the order the server lists them (by
/// position: the package clause, then the import).
fn expected(i: usize, version: i64) -> Vec<String> {
    let (other, alias) = faults(i, version);
    let mut rules = Vec::new();
    if other {
        rules.push("multiple-packages".to_string());
    }
    if alias {
        rules.push("redundant-import-alias".to_string());
    }
    rules
}

fn rules(diagnostics: &Value) -> Vec<String> {
    diagnostics
        .as_array()
        .expect("diagnostics are a list")
        .iter()
        .map(|d| d["code"].as_str().expect("a rule name").to_string())
        .collect()
}

/// The padding comment: lines of 64 bytes.
fn padding() -> String {
    let line = format!("// {}\n", "x".repeat(60));
    line.repeat(PADDING / line.len())
}

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: i64,
    /// The open files, by index.
    uris: Vec<String>,
    index: HashMap<String, usize>,
    /// The last version sent per file.
    sent: Vec<i64>,
    /// The last push per file: its version and rules.
    last: Vec<Option<(i64, Vec<String>)>>,
    /// Pushes received in all.
    pushes: usize,
    /// Responses not yet taken, by id.
    responses: HashMap<i64, Value>,
}

impl Client {
    fn start(root: &Path, paths: &[PathBuf]) -> Client {
        let (mut child, messages) = start_server(root);
        let uris: Vec<String> = paths.iter().map(|p| uri(p)).collect();
        let index = uris.iter().cloned().zip(0..).collect();
        let mut client = Client {
            stdin: child.stdin.take(),
            child,
            messages,
            next_id: 0,
            uris,
            index,
            sent: vec![0; paths.len()],
            last: vec![None; paths.len()],
            pushes: 0,
            responses: HashMap::new(),
        };
        // A client that cannot pull, so that it gets pushes.
        let id = client.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(root), "capabilities": {}}),
        );
        let response = client.response(id);
        assert_eq!(
            response["result"]["capabilities"]["textDocumentSync"]["change"], 1,
            "full sync: {response}"
        );
        client.notify("initialized", json!({}));
        client
    }

    /// Sends messages in one write.
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

    fn request_message(&mut self, method: &str, params: Value) -> (i64, Value) {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        (id, message)
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        let (id, message) = self.request_message(method, params);
        self.send_all(&[message]);
        id
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send_all(&[json!({"jsonrpc": "2.0", "method": method, "params": params})]);
    }

    /// Takes the next message, checking and recording pushes and keeping responses, until
    /// `done` holds.
    fn pump_until(&mut self, what: &str, done: impl Fn(&Client) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        while !done(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.messages.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out waiting for {what}; {}", self.behind())
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("server closed before {what}; {}", self.behind())
                }
            };
            self.take(message);
        }
    }

    /// The files whose last push is not of their last version, for a failure message.
    fn behind(&self) -> String {
        let behind: Vec<String> = (0..self.uris.len())
            .filter(|&i| self.last[i].as_ref().map(|l| l.0) != Some(self.sent[i]))
            .map(|i| {
                let pushed = self.last[i].as_ref().map(|l| l.0);
                format!("{} pushed {pushed:?}, sent {}", self.uris[i], self.sent[i])
            })
            .collect();
        match behind.first() {
            Some(first) => format!("{} files behind, such as {first}", behind.len()),
            None => "every file's last version pushed".to_string(),
        }
    }

    fn take(&mut self, message: Value) {
        if message.get("method").is_none() {
            let id = message["id"]
                .as_i64()
                .expect("a response to one of our requests");
            assert!(
                self.responses.insert(id, message).is_none(),
                "two answers to request {id}"
            );
            return;
        }
        match message["method"].as_str().unwrap() {
            "textDocument/publishDiagnostics" => self.pushed(&message["params"]),
            // An internal error or a broken config: neither may happen here.
            "window/showMessage" => panic!("the server complained: {message}"),
            method => assert!(
                message.get("id").is_none(),
                "unexpected request {method} from the server: {message}"
            ),
        }
    }

    /// Checks one push against what was sent: a version this file had, never older than
    /// the last one pushed, and diagnostics of that version's text.
    fn pushed(&mut self, params: &Value) {
        self.pushes += 1;
        let uri = params["uri"].as_str().expect("a URI");
        let &i = self
            .index
            .get(uri)
            .unwrap_or_else(|| panic!("a push for a file never opened: {params}"));
        let version = params["version"]
            .as_i64()
            .unwrap_or_else(|| panic!("a push without a version: {params}"));
        assert!(
            (1..=self.sent[i]).contains(&version),
            "a push for version {version} of {uri}, never sent (last sent {})",
            self.sent[i]
        );
        if let Some((previous, _)) = &self.last[i] {
            assert!(
                version >= *previous,
                "{uri}: version {version} pushed after version {previous}"
            );
        }
        let found = rules(&params["diagnostics"]);
        assert_eq!(
            found,
            expected(i, version),
            "{uri} v{version}: the diagnostics are not those of that version's text"
        );
        self.last[i] = Some((version, found));
    }

    fn response(&mut self, id: i64) -> Value {
        self.pump_until(&format!("the response to request {id}"), |c| {
            c.responses.contains_key(&id)
        });
        self.responses.remove(&id).unwrap()
    }

    fn open_all(&mut self, padding: &str) {
        let messages: Vec<Value> = (0..self.uris.len())
            .map(|i| {
                self.sent[i] = 1;
                json!({
                    "jsonrpc": "2.0",
                    "method": "textDocument/didOpen",
                    "params": {"textDocument": {
                        "uri": self.uris[i], "languageId": "go", "version": 1,
                        "text": text(i, 1, padding),
                    }},
                })
            })
            .collect();
        self.send_all(&messages);
    }

    /// `BURST` changes, round-robin over the files with increasing versions, one write per
    /// round; returns when all are written.
    fn burst(&mut self, padding: &str) {
        for _ in 0..ROUNDS {
            let messages: Vec<Value> = (0..self.uris.len())
                .map(|i| {
                    self.sent[i] += 1;
                    json!({
                        "jsonrpc": "2.0",
                        "method": "textDocument/didChange",
                        "params": {
                            "textDocument": {"uri": self.uris[i], "version": self.sent[i]},
                            "contentChanges": [{"text": text(i, self.sent[i], padding)}],
                        },
                    })
                })
                .collect();
            self.send_all(&messages);
        }
    }

    /// Waits until every file's last push is of its last version, then pulls every file
    /// and checks the answers: what the final texts deserve. The server answers a pull
    /// only once its directory's findings are current, and pushes before it answers, so
    /// a push still to come would arrive before the answers; none may be stale.
    fn settle(&mut self) {
        self.pump_until("the pushes of every file's last version", |c| {
            (0..c.uris.len()).all(|i| c.last[i].as_ref().is_some_and(|l| l.0 == c.sent[i]))
        });
        let pulls: Vec<(i64, Value)> = (0..self.uris.len())
            .map(|i| {
                self.request_message(
                    "textDocument/diagnostic",
                    json!({"textDocument": {"uri": self.uris[i]}}),
                )
            })
            .collect();
        let messages: Vec<Value> = pulls.iter().map(|(_, m)| m.clone()).collect();
        self.send_all(&messages);
        for (i, (id, _)) in pulls.iter().enumerate() {
            let response = self.response(*id);
            let result = &response["result"];
            assert_eq!(result["kind"], "full", "{response}");
            assert_eq!(
                rules(&result["items"]),
                expected(i, self.sent[i]),
                "pulled {} v{}",
                self.uris[i],
                self.sent[i]
            );
        }
        for i in 0..self.uris.len() {
            let (version, found) = self.last[i].as_ref().unwrap();
            assert_eq!(*version, self.sent[i], "{}", self.uris[i]);
            assert_eq!(*found, expected(i, self.sent[i]), "{}", self.uris[i]);
        }
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

/// Resident memory now and at its peak, in KiB, where /proc tells.
#[derive(Debug, Clone, Copy)]
struct Memory {
    rss: u64,
    hwm: u64,
}

fn memory(pid: u32) -> Option<Memory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line[name.len()..]
            .trim()
            .strip_suffix("kB")?
            .trim()
            .parse()
            .ok()
    };
    Some(Memory {
        rss: field("VmRSS:")?,
        hwm: field("VmHWM:")?,
    })
}

#[test]
fn bursts_of_a_thousand_changes_over_fifty_files() {
    let started = Instant::now();
    let padding = padding();
    let dir = tempfile::tempdir().unwrap();
    // Canonical, so the URIs the server sends back match ours (macOS /var -> /private/var).
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("go.mod"), "module example.com/m\n\ngo 1.22\n").unwrap();
    let paths: Vec<PathBuf> = (0..FILES)
        .map(|i| root.join(dir_of(i)).join(format!("f{i:02}.go")))
        .collect();
    for (i, path) in paths.iter().enumerate() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text(i, 1, &padding)).unwrap();
    }

    let mut client = Client::start(&root, &paths);
    let pid = client.child.id();
    client.open_all(&padding);
    client.settle();
    let warm = memory(pid);
    let mut after = Vec::new();
    for burst in 0..BURSTS {
        client.burst(&padding);
        client.settle();
        after.push(memory(pid));
        if burst == 0 {
            // The premise: settling checked that the diagnostics changed from those of the
            // opened texts, which were clean, to these.
            let faulty = (0..FILES).filter(|&i| !expected(i, client.sent[i]).is_empty());
            assert_eq!(faulty.count(), 24);
        }
    }
    assert_eq!(client.sent, vec![1 + BURSTS as i64 * ROUNDS; FILES]);
    eprintln!(
        "warm-up {warm:?}; after each burst {after:?} (KiB); {} pushes; {} ms",
        client.pushes,
        started.elapsed().as_millis()
    );
    match warm {
        Some(warm) => {
            for (burst, memory) in after.iter().enumerate() {
                let memory = memory.expect("the server still runs");
                assert!(
                    memory.hwm <= warm.rss + BOUND_KIB,
                    "after burst {}: {memory:?} KiB, more than {} KiB above the {} KiB \
                     after warm-up",
                    burst + 1,
                    BOUND_KIB,
                    warm.rss
                );
            }
        }
        None if cfg!(target_os = "linux") => panic!("cannot read /proc/{pid}/status"),
        // Elsewhere there is no /proc to read: the versions were checked all the same.
        None => {}
    }

    let id = client.request("shutdown", Value::Null);
    assert_eq!(client.response(id)["result"], Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_status().code(), Some(0));
}
