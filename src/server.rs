//! The language server: `golayout server` speaks the Language Server Protocol over stdio.
//!
//! Four threads. A reader turns stdin into messages; a writer is the only thread that
//! writes to stdout, so a message is never cut in half, not even by a signal; the main
//! loop keeps the state and answers; a worker runs the checks. The main loop never runs a
//! check: it hands the worker a snapshot of the open buffers (an overlay over the disk)
//! and the directories to recheck, the worker waits until the edits pause ([`DEBOUNCE`]),
//! checks, and sends the findings back with their ranges already in UTF-16.
//!
//! Every directory has a generation, bumped by each edit in it; findings computed for an
//! older generation are dropped, as a newer check is on its way. A directory is checked
//! whole, because editing one file changes its siblings' findings (two packages in one
//! directory); in a module small enough ([`MODULE_FILE_LIMIT`]) the whole module is checked,
//! so that the module-wide alias rules see every import.
//!
//! Diagnostics are pushed (`textDocument/publishDiagnostics`) to clients that cannot pull
//! them and pulled (`textDocument/diagnostic`) by those that can: a client that can pull
//! gets no pushes, or it would show every finding twice.

use crate::diagnostic::{Applicability, Diagnostic, Rename, Severity};
use crate::fix::{self, FixSelection};
use crate::rules::{self, Level};
use crate::{Settings, discover, settings};
use crossbeam_channel::{Receiver, Sender, never, select, unbounded};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long edits must pause before a check runs.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// A module with at most this many `.go` files is checked whole on every change; a larger
/// one only in the directories with open files (without the rules of module scope, whose
/// verdicts need every import of the module).
pub const MODULE_FILE_LIMIT: usize = 10_000;

/// The code action kind of "apply every fix of this file".
pub const FIX_ALL: lsp::CodeActionKind = lsp::CodeActionKind::new("source.fixAll.golayout");

/// Exit status after `shutdown` then `exit`, a signal, or stdin closing.
const EXIT_OK: u8 = 0;
/// Exit status after `exit` without `shutdown`, as the protocol says.
const EXIT_UNEXPECTED: u8 = 1;
/// Exit status when the server cannot start.
const EXIT_ERROR: u8 = 2;

/// Runs the server on stdin and stdout until the client says `exit`, closes stdin, or a
/// SIGTERM or SIGINT arrives; returns the exit status.
pub fn run() -> u8 {
    // First, so that a signal at any later moment ends the server cleanly.
    let signals = signals();
    let (incoming_tx, incoming) = unbounded::<Message>();
    let (outgoing, outgoing_rx) = unbounded::<Message>();
    let (jobs, jobs_rx) = unbounded::<Job>();
    let (checked_tx, checked) = unbounded::<Checked>();
    let (written_tx, written) = crossbeam_channel::bounded::<()>(1);
    let started = spawn("golayout-reader", move || read_messages(&incoming_tx))
        .and_then(|_| {
            spawn("golayout-writer", move || {
                write_messages(&outgoing_rx, &written_tx)
            })
        })
        .and_then(|_| {
            spawn("golayout-worker", move || {
                Worker::default().serve(&jobs_rx, &checked_tx)
            })
        });
    if let Err(err) = started {
        eprintln!("golayout: error: cannot start the server: {err}");
        return EXIT_ERROR;
    }
    let mut server = Server::new(outgoing, jobs);
    let code = server.serve(&incoming, &checked, &signals);
    // Closing the writer's channel lets it write what is queued and stop; a client that
    // stopped reading must not keep the process alive, hence the bound.
    drop(server);
    let _ = written.recv_timeout(Duration::from_secs(2));
    code
}

fn spawn(name: &str, work: impl FnOnce() + Send + 'static) -> io::Result<()> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(work)
        .map(drop)
}

/// Reads framed messages from stdin until it closes.
fn read_messages(incoming: &Sender<Message>) {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    loop {
        match Message::read(&mut input) {
            Ok(Some(message)) => {
                if incoming.send(message).is_err() {
                    return;
                }
            }
            // The frame was read whole, only its JSON was bad: the stream goes on.
            Err(err) if err.kind() == io::ErrorKind::InvalidData => {
                eprintln!("golayout server: ignoring a message: {err}");
            }
            Ok(None) | Err(_) => return,
        }
    }
}

/// Writes messages to stdout, each whole, until the channel closes.
fn write_messages(outgoing: &Receiver<Message>, written: &Sender<()>) {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for message in outgoing {
        if message.write(&mut out).is_err() {
            break;
        }
    }
    let _ = out.flush();
    let _ = written.send(());
}

/// A channel that delivers once SIGTERM or SIGINT arrives.
#[cfg(unix)]
fn signals() -> Receiver<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let (tx, rx) = crossbeam_channel::bounded(1);
    match signal_hook::iterator::Signals::new([SIGTERM, SIGINT]) {
        Ok(mut signals) => {
            let started = spawn("golayout-signals", move || {
                if signals.forever().next().is_some() {
                    let _ = tx.send(());
                }
            });
            if started.is_ok() {
                return rx;
            }
            eprintln!("golayout server: cannot watch for signals");
        }
        Err(err) => eprintln!("golayout server: cannot watch for signals: {err}"),
    }
    never()
}

/// Elsewhere the default handlers stay.
#[cfg(not(unix))]
fn signals() -> Receiver<()> {
    never()
}

/// An open document.
#[derive(Debug)]
struct Doc {
    /// The URI exactly as the client spelled it, to answer in kind.
    uri: lsp::Uri,
    version: i32,
    text: Arc<str>,
}

/// A finding with its ranges in UTF-16, computed against the text it was found in.
#[derive(Debug, Clone)]
struct Finding {
    /// Paths made absolute.
    diagnostic: Diagnostic,
    range: lsp::Range,
    /// The range of each related place, in the order of `diagnostic.related`.
    related: Vec<lsp::Range>,
}

/// The findings of one directory at one generation.
#[derive(Debug, Default)]
struct DirResult {
    generation: u64,
    /// By absolute file path.
    files: HashMap<PathBuf, Vec<Finding>>,
}

/// What the client can do, as far as the server cares.
#[derive(Debug, Default)]
struct ClientCaps {
    /// It pulls diagnostics, so it gets no pushes.
    pull: bool,
    /// It re-pulls on `workspace/diagnostic/refresh`.
    refresh: bool,
    /// It takes `documentChanges` in a workspace edit.
    document_changes: bool,
    /// It watches files for us when asked.
    watch: bool,
    /// It answers `workspace/configuration`.
    configuration: bool,
}

/// The client's settings for golayout.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct ClientSettings {
    /// Offer unsafe fixes (renames) as code actions, and apply them in the fix-all action.
    unsafe_fixes: bool,
    /// Where rule documents live: `{rule}` in it is replaced by the rule name, otherwise
    /// the name is appended.
    rule_docs_url: Option<String>,
}

impl ClientSettings {
    /// Takes what `value` sets: a `golayout` section, or the settings themselves. Keys
    /// left out keep their value, since clients send partial objects (`{}`, the init
    /// options, then the configuration).
    fn apply(&mut self, value: &Value) -> bool {
        let section = match value.get("golayout") {
            Some(section) if section.is_object() => section,
            _ => value,
        };
        let mut found = false;
        if let Some(unsafe_fixes) = section.get("unsafeFixes").and_then(Value::as_bool) {
            self.unsafe_fixes = unsafe_fixes;
            found = true;
        }
        match section.get("ruleDocsUrl") {
            Some(Value::String(url)) => {
                self.rule_docs_url = (!url.is_empty()).then(|| url.clone());
                found = true;
            }
            Some(Value::Null) => {
                self.rule_docs_url = None;
                found = true;
            }
            _ => {}
        }
        found
    }

    /// The link to a rule's document, when a base is configured.
    fn rule_docs(&self, rule: &str) -> Option<lsp::Uri> {
        let base = self.rule_docs_url.as_deref()?;
        let url = if base.contains("{rule}") {
            base.replace("{rule}", rule)
        } else if base.ends_with('/') {
            format!("{base}{rule}")
        } else {
            format!("{base}/{rule}")
        };
        lsp::Uri::from_str(&url).ok()
    }
}

/// A request that waits for fresh findings of its file's directory.
#[derive(Debug)]
enum Waiting {
    Pull(lsp::DocumentDiagnosticParams),
    Actions(lsp::CodeActionParams),
}

/// What the server asked the client, to know what the answer is.
#[derive(Debug)]
enum Asked {
    Configuration,
    Other,
}

/// The main loop's state.
struct Server {
    out: Sender<Message>,
    jobs: Sender<Job>,
    initialized: bool,
    shutdown: bool,
    caps: ClientCaps,
    settings: ClientSettings,
    /// Open Go files by absolute path.
    docs: HashMap<PathBuf, Doc>,
    /// The current generation of every directory ever scheduled.
    generations: HashMap<PathBuf, u64>,
    last_generation: u64,
    results: HashMap<PathBuf, DirResult>,
    /// What was last pushed per open file: version and diagnostics.
    published: HashMap<PathBuf, (i32, Vec<lsp::Diagnostic>)>,
    /// What the last pull answered per file: result id and diagnostics.
    reported: HashMap<PathBuf, (String, Vec<lsp::Diagnostic>)>,
    last_result_id: u64,
    waiting: Vec<(RequestId, PathBuf, Waiting)>,
    asked: HashMap<RequestId, Asked>,
    last_request: u64,
    /// Messages already shown, so a broken config is not announced on every keystroke.
    shown: HashSet<String>,
    worker_alive: bool,
}

impl Server {
    fn new(out: Sender<Message>, jobs: Sender<Job>) -> Server {
        Server {
            out,
            jobs,
            initialized: false,
            shutdown: false,
            caps: ClientCaps::default(),
            settings: ClientSettings::default(),
            docs: HashMap::new(),
            generations: HashMap::new(),
            last_generation: 0,
            results: HashMap::new(),
            published: HashMap::new(),
            reported: HashMap::new(),
            last_result_id: 0,
            waiting: Vec::new(),
            asked: HashMap::new(),
            last_request: 0,
            shown: HashSet::new(),
            worker_alive: true,
        }
    }

    /// The message loop; returns the exit status.
    fn serve(
        &mut self,
        incoming: &Receiver<Message>,
        checked: &Receiver<Checked>,
        signals: &Receiver<()>,
    ) -> u8 {
        let dead = never();
        let mut checked = checked;
        loop {
            select! {
                recv(incoming) -> message => match message {
                    Ok(message) => {
                        if let Some(code) = self.handle(message) {
                            return code;
                        }
                    }
                    // The client closed stdin: nothing more can come.
                    Err(_) => return EXIT_OK,
                },
                recv(checked) -> result => match result {
                    Ok(result) => self.checked(result),
                    Err(_) => {
                        checked = &dead;
                        self.worker_died();
                    }
                },
                recv(signals) -> _ => return EXIT_OK,
            }
        }
    }

    fn handle(&mut self, message: Message) -> Option<u8> {
        match message {
            Message::Request(request) => self.request(request),
            Message::Notification(notification) if notification.method == "exit" => {
                return Some(if self.shutdown {
                    EXIT_OK
                } else {
                    EXIT_UNEXPECTED
                });
            }
            Message::Notification(notification) => self.notification(notification),
            Message::Response(response) => self.response(response),
        }
        None
    }

    fn send(&self, message: impl Into<Message>) {
        // The writer only goes away when stdout is gone; nothing is left to tell then.
        let _ = self.out.send(message.into());
    }

    fn respond(&self, id: RequestId, result: impl Serialize) {
        let response = match serde_json::to_value(result) {
            Ok(value) => Response {
                id,
                response_result: Ok(value),
            },
            Err(err) => Response::new_err(id, ErrorCode::InternalError as i32, err.to_string()),
        };
        self.send(response);
    }

    fn fail(&self, id: RequestId, code: ErrorCode, message: impl Into<String>) {
        self.send(Response::new_err(id, code as i32, message.into()));
    }

    fn notify(&self, method: &str, params: impl Serialize) {
        if let Ok(params) = serde_json::to_value(params) {
            self.send(Notification {
                method: method.to_string(),
                params,
            });
        }
    }

    fn ask(&mut self, method: &str, params: impl Serialize, asked: Asked) {
        let Ok(params) = serde_json::to_value(params) else {
            return;
        };
        self.last_request += 1;
        let id = RequestId::from(format!("golayout-{}", self.last_request));
        self.asked.insert(id.clone(), asked);
        self.send(Request {
            id,
            method: method.to_string(),
            params,
        });
    }

    fn log(&self, message: String) {
        self.notify(
            "window/logMessage",
            lsp::LogMessageParams {
                typ: lsp::MessageType::LOG,
                message,
            },
        );
    }

    fn request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if method == "initialize" {
            if self.initialized {
                return self.fail(id, ErrorCode::InvalidRequest, "initialize was sent twice");
            }
            return self.initialize(id, &params);
        }
        if !self.initialized {
            return self.fail(id, ErrorCode::ServerNotInitialized, "not initialized yet");
        }
        if self.shutdown {
            return self.fail(id, ErrorCode::InvalidRequest, "the server is shutting down");
        }
        match method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                self.respond(id, Value::Null);
            }
            "textDocument/diagnostic" => match parse::<lsp::DocumentDiagnosticParams>(params) {
                Ok(params) => self.wait_or_answer(id, Waiting::Pull(params)),
                Err(err) => self.fail(id, ErrorCode::InvalidParams, err),
            },
            "textDocument/codeAction" => match parse::<lsp::CodeActionParams>(lenient_only(params))
            {
                Ok(params) => self.wait_or_answer(id, Waiting::Actions(params)),
                Err(err) => self.fail(id, ErrorCode::InvalidParams, err),
            },
            _ => self.fail(
                id,
                ErrorCode::MethodNotFound,
                format!("unknown method {method}"),
            ),
        }
    }

    fn initialize(&mut self, id: RequestId, params: &Value) {
        let flag = |pointer: &str| params.pointer(pointer).and_then(Value::as_bool) == Some(true);
        self.caps = ClientCaps {
            pull: params
                .pointer("/capabilities/textDocument/diagnostic")
                .is_some_and(Value::is_object),
            refresh: flag("/capabilities/workspace/diagnostics/refreshSupport"),
            document_changes: flag("/capabilities/workspace/workspaceEdit/documentChanges"),
            watch: flag("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration"),
            configuration: flag("/capabilities/workspace/configuration"),
        };
        if let Some(options) = params.get("initializationOptions") {
            self.settings.apply(options);
        }
        self.initialized = true;
        let capabilities = lsp::ServerCapabilities {
            position_encoding: Some(lsp::PositionEncodingKind::UTF16),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                lsp::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp::TextDocumentSyncKind::FULL),
                    will_save: None,
                    will_save_wait_until: None,
                    save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(
                        lsp::SaveOptions {
                            include_text: Some(false),
                        },
                    )),
                },
            )),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                lsp::CodeActionOptions {
                    code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX, FIX_ALL]),
                    work_done_progress_options: Default::default(),
                    resolve_provider: Some(false),
                },
            )),
            diagnostic_provider: Some(lsp::DiagnosticServerCapabilities::Options(
                lsp::DiagnosticOptions {
                    identifier: Some("golayout".to_string()),
                    inter_file_dependencies: true,
                    workspace_diagnostics: false,
                    work_done_progress_options: Default::default(),
                },
            )),
            ..Default::default()
        };
        self.respond(
            id,
            lsp::InitializeResult {
                capabilities,
                server_info: Some(lsp::ServerInfo {
                    name: "golayout".to_string(),
                    version: Some(env!("CARGO_PKG_VERSION").to_string()),
                }),
            },
        );
    }

    fn notification(&mut self, notification: Notification) {
        let Notification { method, params } = notification;
        if !self.initialized {
            return;
        }
        let outcome = match method.as_str() {
            "initialized" => {
                self.initialized_by_client();
                Ok(())
            }
            "textDocument/didOpen" => parse(params).map(|p| self.did_open(p)),
            "textDocument/didChange" => parse(params).map(|p| self.did_change(p)),
            "textDocument/didSave" => parse(params).map(|p| self.did_save(p)),
            "textDocument/didClose" => parse(params).map(|p| self.did_close(p)),
            "workspace/didChangeWatchedFiles" => parse(params).map(|p| self.watched(p)),
            "workspace/didChangeConfiguration" => parse(params).map(|p| self.configuration(p)),
            // `$/cancelRequest`, `$/setTrace` and the like need nothing.
            _ => Ok(()),
        };
        if let Err(err) = outcome {
            self.log(format!("ignoring {method}: {err}"));
        }
    }

    fn response(&mut self, response: Response) {
        let Some(asked) = self.asked.remove(&response.id) else {
            return;
        };
        if let (Asked::Configuration, Ok(result)) = (asked, response.response_result)
            && let Some(section) = result.as_array().and_then(|items| items.first())
        {
            self.apply_settings(section);
        }
    }

    /// After `initialized`: asks to be told of file changes, and for the settings.
    fn initialized_by_client(&mut self) {
        if self.caps.watch {
            let watchers = [
                "**/*.go",
                "**/go.mod",
                "**/go.work",
                "**/golayout.toml",
                "**/.golayout.toml",
            ]
            .into_iter()
            .map(|glob| lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String(glob.to_string()),
                kind: None,
            })
            .collect();
            let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = lsp::Registration {
                id: "golayout-watched-files".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            let params = lsp::RegistrationParams {
                registrations: vec![registration],
            };
            self.ask("client/registerCapability", params, Asked::Other);
        }
        self.ask_settings();
    }

    fn ask_settings(&mut self) {
        if !self.caps.configuration {
            return;
        }
        let params = lsp::ConfigurationParams {
            items: vec![lsp::ConfigurationItem {
                scope_uri: None,
                section: Some("golayout".to_string()),
            }],
        };
        self.ask("workspace/configuration", params, Asked::Configuration);
    }

    fn configuration(&mut self, params: lsp::DidChangeConfigurationParams) {
        // Clients that follow the newer way send nothing and expect to be asked.
        if !self.apply_settings(&params.settings) {
            self.ask_settings();
        }
    }

    /// Applies client settings; whether `value` held any.
    fn apply_settings(&mut self, value: &Value) -> bool {
        let before = self.settings.clone();
        let found = self.settings.apply(value);
        if self.settings != before {
            // Links are part of each diagnostic: send them all again.
            self.published.clear();
            let dirs: BTreeSet<PathBuf> = self.docs.keys().filter_map(|p| parent(p)).collect();
            self.publish(&dirs);
        }
        found
    }

    fn did_open(&mut self, params: lsp::DidOpenTextDocumentParams) {
        let item = params.text_document;
        let Some(path) = uri_to_path(&item.uri).filter(|p| is_go_source(p)) else {
            return;
        };
        let dir = parent(&path);
        self.docs.insert(
            path,
            Doc {
                uri: item.uri,
                version: item.version,
                text: Arc::from(item.text),
            },
        );
        self.schedule(dir, false);
    }

    fn did_change(&mut self, params: lsp::DidChangeTextDocumentParams) {
        let Some(path) = uri_to_path(&params.text_document.uri) else {
            return;
        };
        let Some(doc) = self.docs.get_mut(&path) else {
            return;
        };
        let mut text = doc.text.to_string();
        for change in params.content_changes {
            match change.range {
                // Full sync is what we ask for; a client may still send ranges.
                Some(range) => {
                    let lines = Lines::new(text.as_bytes());
                    let start = lines.offset(range.start);
                    let end = lines.offset(range.end).max(start);
                    text.replace_range(start..end, &change.text);
                }
                None => text = change.text,
            }
        }
        doc.text = Arc::from(text);
        doc.version = params.text_document.version;
        self.schedule(parent(&path), false);
    }

    fn did_save(&mut self, params: lsp::DidSaveTextDocumentParams) {
        let Some(path) = uri_to_path(&params.text_document.uri) else {
            return;
        };
        if is_config(&path) {
            self.reload();
        } else if self.docs.contains_key(&path) {
            // The buffer was the overlay already, but a client that watches no files has
            // no other moment to notice what changed around it on disk.
            self.schedule_with(parent(&path).into_iter().collect(), false, true);
        }
    }

    fn did_close(&mut self, params: lsp::DidCloseTextDocumentParams) {
        let Some(path) = uri_to_path(&params.text_document.uri) else {
            return;
        };
        let Some(doc) = self.docs.remove(&path) else {
            return;
        };
        self.reported.remove(&path);
        if self.published.remove(&path).is_some() && !self.caps.pull {
            self.notify(
                "textDocument/publishDiagnostics",
                lsp::PublishDiagnosticsParams {
                    uri: doc.uri,
                    diagnostics: Vec::new(),
                    version: None,
                },
            );
        }
        // Unsaved changes were dropped: the siblings see the disk again.
        if !self.docs.is_empty() {
            self.schedule(parent(&path), false);
        }
    }

    fn watched(&mut self, params: lsp::DidChangeWatchedFilesParams) {
        let paths: Vec<PathBuf> = params
            .changes
            .iter()
            .filter_map(|change| uri_to_path(&change.uri))
            .collect();
        let reload = paths.iter().any(|p| is_config(p) || is_module_file(p));
        if reload {
            self.reload();
        } else if paths
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "go"))
        {
            // Any Go file of the module may name an import or a package the open files
            // depend on: recheck them all (debounced, so a checkout is one check).
            let dirs = self.docs.keys().filter_map(|p| parent(p)).collect();
            self.schedule_with(dirs, false, true);
        }
    }

    /// The config or a go.mod changed: read them again and recheck every open file.
    fn reload(&mut self) {
        self.shown.clear();
        let dirs = self.docs.keys().filter_map(|p| parent(p)).collect();
        self.schedule_with(dirs, true, true);
    }

    fn schedule(&mut self, dir: Option<PathBuf>, reload: bool) {
        self.schedule_with(dir.into_iter().collect(), reload, false);
    }

    /// Bumps the generation of `dirty` and asks the worker to check them (with the open
    /// directories that share their module) against the open buffers.
    fn schedule_with(&mut self, dirty: BTreeSet<PathBuf>, reload: bool, disk: bool) {
        if dirty.is_empty() && !reload {
            return;
        }
        let mut job = Job {
            reload,
            disk,
            ..Job::default()
        };
        for dir in dirty {
            self.last_generation += 1;
            self.generations.insert(dir.clone(), self.last_generation);
            job.dirty.insert(dir, self.last_generation);
        }
        for (path, doc) in &self.docs {
            if let Some(dir) = parent(path) {
                let generation = self.generations.get(&dir).copied().unwrap_or(0);
                job.open.insert(dir, generation);
            }
            job.overlays.insert(path.clone(), doc.text.clone());
        }
        if self.jobs.send(job).is_err() {
            self.worker_died();
        }
    }

    fn fresh(&self, dir: &Path) -> bool {
        self.results
            .get(dir)
            .is_some_and(|r| self.generations.get(dir) == Some(&r.generation))
    }

    /// Findings of a worker's check: kept where still current, then published.
    fn checked(&mut self, checked: Checked) {
        if !checked.log.is_empty() {
            self.log(checked.log);
        }
        for message in checked.messages {
            if self.shown.insert(message.clone()) {
                self.notify(
                    "window/showMessage",
                    lsp::ShowMessageParams {
                        typ: lsp::MessageType::ERROR,
                        message,
                    },
                );
            }
        }
        let mut touched = BTreeSet::new();
        for (dir, generation, files) in checked.dirs {
            // An edit since the snapshot makes these findings stale; its check will come.
            if self.generations.get(&dir) == Some(&generation) {
                self.results
                    .insert(dir.clone(), DirResult { generation, files });
                touched.insert(dir);
            }
        }
        self.publish(&touched);
        self.answer_waiting();
    }

    /// Pushes the diagnostics of the open files in `dirs` that changed, or asks a pulling
    /// client to pull again.
    fn publish(&mut self, dirs: &BTreeSet<PathBuf>) {
        let mut stale = false;
        let paths: Vec<PathBuf> = self
            .docs
            .keys()
            .filter(|p| parent(p).is_some_and(|d| dirs.contains(&d) && self.fresh(&d)))
            .cloned()
            .collect();
        for path in paths {
            let items = self.lsp_diagnostics(&path);
            if self.caps.pull {
                stale |= self
                    .reported
                    .get(&path)
                    .is_some_and(|(_, reported)| *reported != items);
                continue;
            }
            let Some(doc) = self.docs.get(&path) else {
                continue;
            };
            let current = (doc.version, items);
            if self.published.get(&path) == Some(&current) {
                continue;
            }
            self.notify(
                "textDocument/publishDiagnostics",
                lsp::PublishDiagnosticsParams {
                    uri: doc.uri.clone(),
                    diagnostics: current.1.clone(),
                    version: Some(doc.version),
                },
            );
            self.published.insert(path, current);
        }
        if stale && self.caps.refresh {
            self.ask("workspace/diagnostic/refresh", Value::Null, Asked::Other);
        }
    }

    /// Answers a request now if its directory's findings are current, else once they are.
    fn wait_or_answer(&mut self, id: RequestId, waiting: Waiting) {
        let uri = match &waiting {
            Waiting::Pull(params) => &params.text_document.uri,
            Waiting::Actions(params) => &params.text_document.uri,
        };
        let Some(path) = uri_to_path(uri).filter(|p| is_go_source(p)) else {
            return self.answer(id, Path::new(""), waiting);
        };
        let Some(dir) = parent(&path) else {
            return self.answer(id, &path, waiting);
        };
        if self.fresh(&dir) || !self.worker_alive {
            return self.answer(id, &path, waiting);
        }
        if !self.generations.contains_key(&dir) {
            // A file never opened: check its directory from disk.
            self.schedule(Some(dir), false);
        }
        self.waiting.push((id, path, waiting));
    }

    fn answer_waiting(&mut self) {
        let waiting = std::mem::take(&mut self.waiting);
        for (id, path, request) in waiting {
            let ready = parent(&path).is_none_or(|dir| self.fresh(&dir));
            if ready {
                self.answer(id, &path, request);
            } else {
                self.waiting.push((id, path, request));
            }
        }
    }

    fn answer(&mut self, id: RequestId, path: &Path, request: Waiting) {
        match request {
            Waiting::Pull(params) => {
                let report = self.pull(path, params.previous_result_id);
                self.respond(id, report);
            }
            Waiting::Actions(params) => {
                let actions = self.code_actions(path, &params);
                self.respond(id, actions);
            }
        }
    }

    fn pull(&mut self, path: &Path, previous: Option<String>) -> lsp::DocumentDiagnosticReport {
        let items = self.lsp_diagnostics(path);
        if let Some((result_id, reported)) = self.reported.get(path)
            && previous.as_ref() == Some(result_id)
            && *reported == items
        {
            return lsp::DocumentDiagnosticReport::Unchanged(
                lsp::RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                        result_id: result_id.clone(),
                    },
                },
            );
        }
        self.last_result_id += 1;
        let result_id = self.last_result_id.to_string();
        if self.docs.contains_key(path) {
            self.reported
                .insert(path.to_path_buf(), (result_id.clone(), items.clone()));
        }
        lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items,
            },
        })
    }

    fn findings(&self, path: &Path) -> &[Finding] {
        parent(path)
            .and_then(|dir| self.results.get(&dir))
            .and_then(|r| r.files.get(path))
            .map_or(&[], Vec::as_slice)
    }

    fn lsp_diagnostics(&self, path: &Path) -> Vec<lsp::Diagnostic> {
        self.findings(path)
            .iter()
            .map(|f| self.lsp_diagnostic(f))
            .collect()
    }

    /// The URI to show for a file: the client's own when it is open.
    fn uri(&self, path: &Path) -> Option<lsp::Uri> {
        match self.docs.get(path) {
            Some(doc) => Some(doc.uri.clone()),
            None => path_to_uri(path),
        }
    }

    fn lsp_diagnostic(&self, finding: &Finding) -> lsp::Diagnostic {
        let d = &finding.diagnostic;
        let related = d
            .related
            .iter()
            .zip(&finding.related)
            .filter_map(|(related, range)| {
                Some(lsp::DiagnosticRelatedInformation {
                    location: lsp::Location {
                        uri: self.uri(&related.path)?,
                        range: *range,
                    },
                    message: related.message.clone(),
                })
            })
            .collect::<Vec<_>>();
        let message = match &d.help {
            Some(help) => format!("{}\nhelp: {help}", d.message),
            None => d.message.clone(),
        };
        let unnecessary = d.rule == rules::unused_suppression::NAME;
        lsp::Diagnostic {
            range: finding.range,
            severity: Some(match d.severity {
                Severity::Error => lsp::DiagnosticSeverity::ERROR,
                Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            }),
            code: Some(lsp::NumberOrString::String(d.rule.to_string())),
            code_description: self
                .settings
                .rule_docs(d.rule)
                .map(|href| lsp::CodeDescription { href }),
            source: Some("golayout".to_string()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: unnecessary.then(|| vec![lsp::DiagnosticTag::UNNECESSARY]),
            data: None,
        }
    }

    fn code_actions(
        &self,
        path: &Path,
        params: &lsp::CodeActionParams,
    ) -> Vec<lsp::CodeActionOrCommand> {
        let wants = |kind: &lsp::CodeActionKind| {
            params.context.only.as_ref().is_none_or(|only| {
                only.iter().any(|o| {
                    kind.as_str() == o.as_str()
                        || kind
                            .as_str()
                            .strip_prefix(o.as_str())
                            .is_some_and(|rest| rest.starts_with('.'))
                })
            })
        };
        let overlays: BTreeMap<PathBuf, Vec<u8>> = self
            .docs
            .iter()
            .map(|(p, d)| (p.clone(), d.text.as_bytes().to_vec()))
            .collect();
        // What the client's settings let be offered: what `--fix` would select.
        let allowed = FixSelection {
            unsafe_fixes: self.settings.unsafe_fixes,
        };
        let fixable: Vec<&Finding> = self
            .findings(path)
            .iter()
            .filter(|f| {
                f.diagnostic
                    .fix
                    .as_ref()
                    .is_some_and(|fix| fix::selected(fix, &allowed))
            })
            .collect();
        let mut actions = Vec::new();
        if wants(&lsp::CodeActionKind::QUICKFIX) {
            for finding in fixable.iter().filter(|f| overlaps(f.range, params.range)) {
                let Some(fix) = &finding.diagnostic.fix else {
                    continue;
                };
                // The user picks this one fix: whether it may rename was settled above.
                let selection = FixSelection { unsafe_fixes: true };
                let Some(edit) = self.workspace_edit(
                    std::slice::from_ref(&finding.diagnostic),
                    &selection,
                    &overlays,
                ) else {
                    continue;
                };
                actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: format!("{} ({})", fix.description, finding.diagnostic.rule),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![self.lsp_diagnostic(finding)]),
                    edit: Some(edit),
                    is_preferred: Some(fix.applicability == Applicability::Safe),
                    ..Default::default()
                }));
            }
        }
        if wants(&FIX_ALL) && !fixable.is_empty() {
            let diagnostics: Vec<Diagnostic> =
                fixable.iter().map(|f| f.diagnostic.clone()).collect();
            if let Some(edit) = self.workspace_edit(&diagnostics, &allowed, &overlays) {
                actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: "Fix all golayout problems in this file".to_string(),
                    kind: Some(FIX_ALL),
                    edit: Some(edit),
                    ..Default::default()
                }));
            }
        }
        actions
    }

    /// The edit applying the fixes of `diagnostics` (absolute paths) to the open buffers
    /// and, for files not open, the disk; None when nothing would change.
    // lsp-types keys `changes` by `Uri`, whose hash and equality read only its text.
    #[allow(clippy::mutable_key_type)]
    fn workspace_edit(
        &self,
        diagnostics: &[Diagnostic],
        selection: &FixSelection,
        overlays: &BTreeMap<PathBuf, Vec<u8>>,
    ) -> Option<lsp::WorkspaceEdit> {
        // A panic while planning costs this code action, not the server.
        let planned = crate::catch_panic(|| {
            fix::plan_with_overlays(diagnostics, selection, Path::new("/"), overlays)
        });
        let files = match planned {
            Ok(Ok(files)) => files,
            Ok(Err(err)) => {
                self.log(format!("cannot plan a fix: {err}"));
                return None;
            }
            Err(panic) => {
                let cost = "no fix is offered";
                let message = crate::internal_error_message("planning fixes", &panic, cost);
                self.log(format!("golayout: {message}"));
                return None;
            }
        };
        let mut changes = HashMap::new();
        let mut document_changes = Vec::new();
        for file in files {
            let uri = self.uri(&file.path)?;
            let lines = Lines::new(&file.original);
            let edits: Vec<lsp::TextEdit> = fix::edits_between(&file.original, &file.fixed)
                .into_iter()
                .map(|(start, end, new_text)| lsp::TextEdit {
                    range: lsp::Range::new(lines.position(start), lines.position(end)),
                    new_text,
                })
                .collect();
            if edits.is_empty() {
                continue;
            }
            if self.caps.document_changes {
                let version = self.docs.get(&file.path).map(|d| d.version);
                document_changes.push(lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version },
                    edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
                });
            } else {
                changes.insert(uri, edits);
            }
        }
        if changes.is_empty() && document_changes.is_empty() {
            return None;
        }
        Some(if self.caps.document_changes {
            lsp::WorkspaceEdit {
                document_changes: Some(lsp::DocumentChanges::Edits(document_changes)),
                ..Default::default()
            }
        } else {
            lsp::WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            }
        })
    }

    /// The worker is gone (it never should be): answer what waits, and say so once.
    fn worker_died(&mut self) {
        if !self.worker_alive {
            return;
        }
        self.worker_alive = false;
        self.notify(
            "window/showMessage",
            lsp::ShowMessageParams {
                typ: lsp::MessageType::ERROR,
                message: "golayout: the checker stopped; restart the server".to_string(),
            },
        );
        for (id, _, _) in std::mem::take(&mut self.waiting) {
            self.fail(id, ErrorCode::InternalError, "the checker stopped");
        }
    }
}

/// Code action params with `context.only` as a list: Neovim 0.7 documents a string there.
fn lenient_only(mut params: Value) -> Value {
    if let Some(only) = params.pointer_mut("/context/only")
        && only.is_string()
    {
        *only = Value::Array(vec![only.take()]);
    }
    params
}

fn parse<T: DeserializeOwned>(params: Value) -> Result<T, String> {
    serde_json::from_value(params).map_err(|err| format!("bad parameters: {err}"))
}

/// Whether two ranges share a position (a cursor touching a diagnostic counts).
fn overlaps(a: lsp::Range, b: lsp::Range) -> bool {
    let key = |p: lsp::Position| (p.line, p.character);
    key(a.start) <= key(b.end) && key(b.start) <= key(a.end)
}

fn parent(path: &Path) -> Option<PathBuf> {
    path.parent().map(Path::to_path_buf)
}

/// Whether the go command reads the file.
fn is_go_source(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| discover::is_go_source_name(&n.to_string_lossy()))
}

fn is_config(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == "golayout.toml" || n == ".golayout.toml")
}

fn is_module_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == "go.mod" || n == "go.work")
}

/// A check to run: directories and the snapshot of the open buffers.
#[derive(Debug, Default)]
struct Job {
    /// Directories whose files changed, with their generation.
    dirty: BTreeMap<PathBuf, u64>,
    /// Every directory with an open file, with its generation.
    open: BTreeMap<PathBuf, u64>,
    /// The open buffers by absolute path.
    overlays: BTreeMap<PathBuf, Arc<str>>,
    /// Read the config files again.
    reload: bool,
    /// Files changed on disk: module sizes are counted again.
    disk: bool,
}

impl Job {
    /// Folds a later job into this one: the later snapshot wins.
    fn merge(&mut self, later: Job) {
        for (dir, generation) in later.dirty {
            let known = self.dirty.entry(dir).or_default();
            *known = (*known).max(generation);
        }
        self.open = later.open;
        self.overlays = later.overlays;
        self.reload |= later.reload;
        self.disk |= later.disk;
    }
}

/// The findings of a job.
#[derive(Debug, Default)]
struct Checked {
    /// Each checked directory with the generation it was checked at and its findings by file.
    dirs: Vec<(PathBuf, u64, HashMap<PathBuf, Vec<Finding>>)>,
    /// Problems to show the user: a broken config, an unreadable go.mod.
    messages: Vec<String>,
    /// What was checked and how long it took.
    log: String,
}

/// The checking thread's caches.
#[derive(Default)]
struct Worker {
    /// Settings from each config file (None: no config found).
    configs: HashMap<Option<PathBuf>, Settings>,
    /// `.go` files per module root.
    module_files: HashMap<PathBuf, usize>,
}

impl Worker {
    /// Takes jobs until the main loop goes away; a burst of jobs becomes one check.
    fn serve(&mut self, jobs: &Receiver<Job>, checked: &Sender<Checked>) {
        while let Ok(mut job) = jobs.recv() {
            loop {
                match jobs.recv_timeout(DEBOUNCE) {
                    Ok(later) => job.merge(later),
                    Err(crossbeam_channel::RecvTimeoutError::Timeout) => break,
                    Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return,
                }
            }
            let dirs: Vec<(PathBuf, u64)> =
                job.dirty.iter().map(|(d, g)| (d.clone(), *g)).collect();
            let result = crate::catch_panic(|| self.run(&job)).unwrap_or_else(|panic| {
                // Answer with nothing rather than leave requests waiting forever.
                self.configs.clear();
                let cost = "no findings are shown for now";
                let message = crate::internal_error_message("checking", &panic, cost);
                Checked {
                    dirs: dirs
                        .into_iter()
                        .map(|(d, g)| (d, g, HashMap::new()))
                        .collect(),
                    messages: vec![format!("golayout: {message}")],
                    log: String::new(),
                }
            });
            if checked.send(result).is_err() {
                return;
            }
        }
    }

    fn run(&mut self, job: &Job) -> Checked {
        let started = Instant::now();
        if job.reload {
            self.configs.clear();
        }
        if job.reload || job.disk {
            self.module_files.clear();
        }
        let mut out = Checked::default();
        // Directories sharing a config and a module are checked together; the open
        // directories of a dirty one's module come along, as its findings may move theirs.
        let mut keys: HashMap<PathBuf, (Option<PathBuf>, Option<PathBuf>)> = HashMap::new();
        let mut key = |dir: &Path| {
            keys.entry(dir.to_path_buf())
                .or_insert_with(|| (settings::find_config(dir), module_root(dir)))
                .clone()
        };
        let mut groups: BTreeMap<(Option<PathBuf>, Option<PathBuf>), BTreeMap<PathBuf, u64>> =
            BTreeMap::new();
        for (dir, generation) in &job.dirty {
            groups
                .entry(key(dir))
                .or_default()
                .insert(dir.clone(), *generation);
        }
        for (dir, generation) in &job.open {
            if let Some(group) = groups.get_mut(&key(dir)) {
                group.entry(dir.clone()).or_insert(*generation);
            }
        }
        let mut texts = Texts::new(&job.overlays);
        let mut logs = Vec::new();
        for ((config, module), dirs) in groups {
            let (findings, log) =
                self.check_group(config.as_deref(), module.as_deref(), &dirs, job, &mut out);
            logs.push(log);
            let mut by_dir: BTreeMap<PathBuf, HashMap<PathBuf, Vec<Finding>>> =
                dirs.keys().map(|d| (d.clone(), HashMap::new())).collect();
            for diagnostic in findings {
                let Some(files) = parent(&diagnostic.path).and_then(|d| by_dir.get_mut(&d)) else {
                    continue;
                };
                let finding = texts.finding(diagnostic);
                files
                    .entry(finding.diagnostic.path.clone())
                    .or_default()
                    .push(finding);
            }
            for (dir, files) in by_dir {
                let generation = dirs.get(&dir).copied().unwrap_or(0);
                out.dirs.push((dir, generation, files));
            }
        }
        out.log = format!(
            "checked {} in {} ms",
            logs.join("; "),
            started.elapsed().as_millis()
        );
        out
    }

    /// Checks one group of directories; returns the findings with absolute paths.
    fn check_group(
        &mut self,
        config: Option<&Path>,
        module: Option<&Path>,
        dirs: &BTreeMap<PathBuf, u64>,
        job: &Job,
        out: &mut Checked,
    ) -> (Vec<Diagnostic>, String) {
        let mut settings = self.settings(config, out);
        settings.cwd = module
            .or_else(|| config.and_then(Path::parent))
            .or_else(|| dirs.keys().next().map(PathBuf::as_path))
            .unwrap_or(Path::new("/"))
            .to_path_buf();
        settings.overlays = job
            .overlays
            .iter()
            // An excluded file stays unchecked, open or not, as the CLI leaves it.
            .filter(|(p, _)| {
                !settings
                    .exclude
                    .as_ref()
                    .is_some_and(|e| e.excludes(p, false))
            })
            .map(|(p, t)| (p.clone(), t.as_bytes().to_vec()))
            .collect();
        let mut patterns: Vec<String> = dirs
            .keys()
            .map(|d| d.to_string_lossy().into_owned())
            .collect();
        // The enabled rules whose findings depend on the whole module.
        let module_wide: Vec<&'static str> = rules::RULES
            .iter()
            .map(|r| r.info())
            .filter(|info| info.scope == rules::Scope::Module)
            .filter(|info| settings.level(info) != Level::Off)
            .map(|info| info.name)
            .collect();
        let mut scope = format!("{} directories", dirs.len());
        if let Some(root) = module
            && !module_wide.is_empty()
        {
            if self.module_size(root, &settings) <= MODULE_FILE_LIMIT {
                patterns.push(format!("{}/...", root.display()));
                scope = format!("module {}", root.display());
            } else {
                settings.ignore.extend(&module_wide);
                scope.push_str(&format!(
                    " (module too large for {})",
                    module_wide.join(", ")
                ));
            }
        }
        let report = match crate::catch_panic(|| crate::check(&patterns, &settings)) {
            Ok(report) => report,
            Err(panic) => {
                let cost = "these directories' findings are missing";
                let message = crate::internal_error_message("checking", &panic, cost);
                out.messages.push(format!("golayout: {message}"));
                return (Vec::new(), scope);
            }
        };
        out.messages
            .extend(report.errors.iter().map(|e| format!("golayout: {e}")));
        let cwd = settings.cwd.clone();
        let abs = |p: &Path| discover::normalize(&cwd.join(p));
        let diagnostics = report
            .diagnostics
            .into_iter()
            .map(|mut d| {
                d.path = abs(&d.path);
                for related in &mut d.related {
                    related.path = abs(&related.path);
                }
                if let Some(fix) = &mut d.fix {
                    for edit in fix.edits.iter_mut().chain(&mut fix.changes) {
                        edit.path = abs(&edit.path);
                    }
                    if let Some(Rename::Import { path, .. }) = &mut fix.rename {
                        *path = abs(path);
                    }
                }
                d
            })
            .collect();
        (diagnostics, scope)
    }

    /// The settings of a config file, read once per reload; a broken one is reported and
    /// replaced by the defaults.
    fn settings(&mut self, config: Option<&Path>, out: &mut Checked) -> Settings {
        let key = config.map(Path::to_path_buf);
        if let Some(settings) = self.configs.get(&key) {
            return settings.clone();
        }
        let cwd = config.and_then(Path::parent).unwrap_or(Path::new("/"));
        let mut settings = Settings::new(cwd.to_path_buf());
        if let Some(path) = config
            && let Err(err) = settings.apply_config_file(path)
        {
            let line = err
                .source
                .as_ref()
                .map(|s| s.text[..s.span.0.min(s.text.len())].matches('\n').count() + 1);
            let at = line.map_or(String::new(), |l| format!(":{l}"));
            out.messages.push(format!(
                "golayout: {}{at}: {}; using the default settings",
                path.display(),
                err.message
            ));
            settings = Settings::new(cwd.to_path_buf());
        }
        self.configs.insert(key, settings.clone());
        settings
    }

    /// How many `.go` files `./...` finds in the module at `root`.
    fn module_size(&mut self, root: &Path, settings: &Settings) -> usize {
        if let Some(&count) = self.module_files.get(root) {
            return count;
        }
        let exclude = settings.exclude.clone().map(Arc::new);
        let options = discover::WalkOptions {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            exclude: exclude.as_ref(),
            force_exclude: true,
        };
        let pattern = format!("{}/...", root.display());
        let found = discover::discover(&[pattern], root, &options);
        let count = found.dirs.iter().map(|d| d.files.len()).sum();
        self.module_files.insert(root.to_path_buf(), count);
        count
    }
}

/// The root of the module holding `dir`: the nearest directory with a go.mod.
fn module_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join("go.mod").is_file())
        .map(Path::to_path_buf)
}

/// File texts for position conversion: the snapshot's buffers, else the disk, each read
/// and indexed once.
struct Texts<'a> {
    overlays: &'a BTreeMap<PathBuf, Arc<str>>,
    disk: HashMap<PathBuf, Vec<u8>>,
    lines: HashMap<PathBuf, Vec<usize>>,
}

impl<'a> Texts<'a> {
    fn new(overlays: &'a BTreeMap<PathBuf, Arc<str>>) -> Texts<'a> {
        Texts {
            overlays,
            disk: HashMap::new(),
            lines: HashMap::new(),
        }
    }

    /// The UTF-16 range of a byte span of `path`.
    fn range(&mut self, path: &Path, start: usize, end: usize) -> lsp::Range {
        if !self.overlays.contains_key(path) && !self.disk.contains_key(path) {
            // A file gone since the check still gets a range: byte columns on line 1.
            let bytes = std::fs::read(path).unwrap_or_default();
            self.disk.insert(path.to_path_buf(), bytes);
        }
        let text: &[u8] = match self.overlays.get(path) {
            Some(text) => text.as_bytes(),
            None => self.disk.get(path).map_or(&[], Vec::as_slice),
        };
        let starts = self
            .lines
            .entry(path.to_path_buf())
            .or_insert_with(|| line_starts(text));
        let lines = Lines {
            text,
            starts: starts.as_slice(),
        };
        lsp::Range::new(lines.position(start), lines.position(end))
    }

    fn finding(&mut self, diagnostic: Diagnostic) -> Finding {
        let range = self.range(&diagnostic.path, diagnostic.span.start, diagnostic.span.end);
        let related = diagnostic
            .related
            .iter()
            .map(|r| self.range(&r.path, r.span.start, r.span.end))
            .collect();
        Finding {
            diagnostic,
            range,
            related,
        }
    }
}

fn line_starts(text: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        text.iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .map(|(i, _)| i + 1),
    );
    starts
}

/// A text with its line starts, converting byte offsets to and from LSP positions (lines
/// end at `\n`, characters count UTF-16 code units).
struct Lines<'a, S: AsRef<[usize]> = Vec<usize>> {
    text: &'a [u8],
    starts: S,
}

impl<'a> Lines<'a> {
    fn new(text: &'a [u8]) -> Lines<'a> {
        Lines {
            text,
            starts: line_starts(text),
        }
    }
}

impl<S: AsRef<[usize]>> Lines<'_, S> {
    /// The position of a byte offset (clamped to the text).
    fn position(&self, offset: usize) -> lsp::Position {
        let starts = self.starts.as_ref();
        let offset = offset.min(self.text.len());
        let line = starts.partition_point(|&s| s <= offset).max(1) - 1;
        let prefix = &self.text[starts[line]..offset];
        lsp::Position::new(line as u32, utf16_len(prefix))
    }

    /// The byte offset of a position; past the end of a line means its end.
    fn offset(&self, position: lsp::Position) -> usize {
        let starts = self.starts.as_ref();
        let Some(&start) = starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let line = String::from_utf8_lossy(&self.text[start..end]);
        let mut units = 0;
        for (at, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + at;
            }
            units += c.len_utf16();
        }
        end
    }
}

fn utf16_len(bytes: &[u8]) -> u32 {
    let units = match std::str::from_utf8(bytes) {
        Ok(text) => text.encode_utf16().count(),
        Err(_) => String::from_utf8_lossy(bytes).encode_utf16().count(),
    };
    units as u32
}

/// The absolute path of a `file:` URI.
fn uri_to_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let scheme_end = text.find(':')?;
    if !text[..scheme_end].eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = text[scheme_end + 1..].strip_prefix("//")?;
    let slash = rest.find('/')?;
    let host = &rest[..slash];
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    let path = &rest[slash..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let bytes = percent_decode(path);
    native_path(bytes).map(|p| discover::normalize(&p))
}

#[cfg(unix)]
fn native_path(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn native_path(bytes: Vec<u8>) -> Option<PathBuf> {
    let text = String::from_utf8(bytes).ok()?;
    // `/C:/x` is `C:\x`.
    let text = match text.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => &text[1..],
        _ => &text[..],
    };
    Some(PathBuf::from(text.replace('/', "\\")))
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(Some(hi)), Some(Some(lo))) = (
                bytes.get(i + 1).map(|&b| hex(b)),
                bytes.get(i + 2).map(|&b| hex(b)),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// The `file:` URI of an absolute path.
fn path_to_uri(path: &Path) -> Option<lsp::Uri> {
    let bytes = path_bytes(path);
    let mut uri = String::from("file://");
    if bytes.first() != Some(&b'/') {
        uri.push('/');
    }
    for &b in &bytes {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    lsp::Uri::from_str(&uri).ok()
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    let text = path.to_string_lossy().replace('\\', "/");
    // A drive letter keeps its colon, as editors write it.
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "package é\n// 😀 x\n".as_bytes();
        let lines = Lines::new(text);
        let x = text.iter().position(|&b| b == b'x').unwrap();
        assert_eq!(lines.position(x), lsp::Position::new(1, 6));
        assert_eq!(lines.offset(lsp::Position::new(1, 6)), x);
        let e = text.iter().position(|&b| b == 0xC3).unwrap();
        assert_eq!(lines.position(e + 2), lsp::Position::new(0, 9));
        assert_eq!(lines.offset(lsp::Position::new(0, 99)), 10);
        assert_eq!(lines.offset(lsp::Position::new(9, 0)), text.len());
    }

    #[test]
    fn uris_round_trip() {
        let path = Path::new("/tmp/a b/ü%.go");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/a%20b/%C3%BC%25.go");
        assert_eq!(uri_to_path(&uri).unwrap(), path);
        let other = lsp::Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_to_path(&other), None);
    }

    #[test]
    fn settings_take_a_section_or_the_keys() {
        let mut settings = ClientSettings::default();
        assert!(settings.apply(&serde_json::json!({"golayout": {"unsafeFixes": true}})));
        assert!(settings.unsafe_fixes);
        assert!(!settings.apply(&serde_json::json!({})));
        assert!(settings.unsafe_fixes);
        settings.apply(&serde_json::json!({"ruleDocsUrl": "https://x.test/rules/{rule}.md"}));
        let link = settings.rule_docs("dot-import").unwrap();
        assert_eq!(link.as_str(), "https://x.test/rules/dot-import.md");
    }
}
