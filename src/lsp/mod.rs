//! `cascade lsp`: a language server for notes, over the Language Server Protocol.
//!
//! The server is a value that takes messages and returns messages, so it is tested in memory;
//! the stdio loop (`commands/lsp.rs`) only moves messages and tells it the time. Linting is
//! queued, not done on receipt: an edit schedules its note for [`Server::lint_due`] after a
//! short quiet time, and [`Server::publish`] drops any result whose note changed meanwhile,
//! so an editor never shows findings of a text that is no longer there.
//!
//! Diagnostics are `cascade lint`'s own, for the text as typed ([`crate::lint::lint_text`]).
//! Nothing is written to stderr: the notes' text goes only to the editor that sent it.

mod code_action;
mod complete;
mod context;
mod goto;
mod hover;
mod position;
mod wire;

use std::collections::{BTreeMap, HashMap};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::Date;
use lsp_server::{ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CodeActionKind, CodeActionOrCommand, CompletionOptions, HoverProviderCapability,
    InitializeResult, OneOf, Position, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, Uri, WorkspaceEdit,
};
use serde_json::Value;

use crate::actions::Ledger;
use crate::error::Result;
use crate::lint::{self, Diagnostic};
use crate::notebook::load::NoteFile;
use crate::notebook::{CONFIG_FILE, Notebook, inventory};
use crate::text::LineIndex;

use position::{apply_change, raw_line};
use wire::{publish, to_lsp, unlinted, watch_files};

pub use code_action::fixes;
pub use position::{path_uri, uri_path};

/// How long a note must go without an edit before it is linted: one keystroke's gap, so a
/// burst of typing lints once, well inside the 50 ms an edit's findings must appear in.
pub const DEBOUNCE: Duration = Duration::from_millis(15);

/// What the editor is told when handling a message panicked (a bug in cascade).
const INTERNAL: &str =
    "internal error in cascade (a bug): please report it, with the note if you can share it";

/// How lint links a note's actions with its report's other notes (the action model with the
/// write times git gives), handed in by the command as for `cascade lint`.
pub type LedgerFn = Box<dyn Fn(&Notebook, Date, &[NoteFile]) -> Result<Ledger>>;

/// An open document.
struct Doc {
    uri: Uri,
    text: String,
    version: i32,
    /// The findings last published for it (hover and code actions read them).
    findings: Vec<Diagnostic>,
}

/// The findings of one version of one document, not yet published.
pub struct Linted {
    uri: String,
    version: i32,
    /// The text they were found in (their columns are converted against it).
    text: String,
    /// The findings, or why the note could not be linted (its notebook's config).
    findings: std::result::Result<Vec<Diagnostic>, String>,
}

/// The language server's state: open documents, notebooks read, lints queued.
pub struct Server {
    today: Option<Date>,
    debounce: Duration,
    ledger_of: LedgerFn,
    docs: HashMap<String, Doc>,
    /// Notebooks by root, read once and read again when `cascade.toml` changes.
    notebooks: HashMap<PathBuf, std::result::Result<Notebook, String>>,
    /// The notes of the report folders of open notes, read once and read again when a file
    /// is saved or changes: an edit lints one note, not its report's hundreds.
    reports: HashMap<PathBuf, lint::ReportNotes>,
    /// Documents to lint, with the earliest time to do it.
    queue: BTreeMap<String, Instant>,
    shutdown: bool,
    /// The client can be asked to report changed files (`git pull`, a terminal command).
    watch: bool,
    exit: Option<i32>,
}

impl Server {
    /// A server; `today` pins the date (`--today`), else each lint reads the local date.
    pub fn new(today: Option<Date>, ledger_of: LedgerFn) -> Server {
        Server {
            today,
            debounce: DEBOUNCE,
            ledger_of,
            docs: HashMap::new(),
            notebooks: HashMap::new(),
            reports: HashMap::new(),
            queue: BTreeMap::new(),
            shutdown: false,
            watch: false,
            exit: None,
        }
    }

    /// Set the quiet time after an edit before its note is linted.
    pub fn with_debounce(mut self, d: Duration) -> Server {
        self.debounce = d;
        self
    }

    /// The exit code once the client said `exit`: 0 after `shutdown`, else 1.
    pub fn exit_code(&self) -> Option<i32> {
        self.exit
    }

    /// When the next queued lint is due, if any.
    pub fn next_due(&self) -> Option<Instant> {
        self.queue.values().min().copied()
    }

    fn today(&self) -> Date {
        self.today.unwrap_or_else(crate::dates::today_local)
    }

    /// Handle one message received at `now`; returns the messages to send.
    pub fn handle(&mut self, msg: Message, now: Instant) -> Vec<Message> {
        // A bug must not end the editor's session, nor print the note's text in a panic
        // message: a request that panics is answered with an internal error.
        let id = match &msg {
            Message::Request(r) => Some(r.id.clone()),
            _ => None,
        };
        let run = std::panic::catch_unwind(AssertUnwindSafe(|| match msg {
            Message::Request(r) => vec![Message::Response(self.request(r))],
            Message::Notification(n) => self.notification(n, now),
            Message::Response(_) => Vec::new(),
        }));
        match (run, id) {
            (Ok(out), _) => out,
            (Err(_), Some(id)) => vec![Message::Response(Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                INTERNAL.into(),
            ))],
            (Err(_), None) => Vec::new(),
        }
    }

    fn request(&mut self, r: Request) -> Response {
        let id = r.id.clone();
        if self.shutdown && r.method != "shutdown" {
            return Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            );
        }
        let result = match r.method.as_str() {
            "initialize" => Ok(self.initialize(&r.params)),
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/completion" => self.completion(&r.params),
            "textDocument/hover" => self.hover(&r.params),
            "textDocument/definition" => self.definition(&r.params),
            "textDocument/codeAction" => self.code_action(&r.params),
            _ => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("cascade does not handle `{}`", r.method),
                );
            }
        };
        match result {
            Ok(v) => Response::new_ok(id, v),
            Err(m) => Response::new_err(id, ErrorCode::InvalidParams as i32, m),
        }
    }

    fn initialize(&mut self, params: &Value) -> Value {
        self.watch = params
            .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        // The workspace's notebook is read now, so the first lint does not wait for it.
        let roots = params
            .get("workspaceFolders")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|f| f.get("uri").and_then(Value::as_str))
            .chain(params.get("rootUri").and_then(Value::as_str))
            .filter_map(uri_path)
            .collect::<Vec<_>>();
        for r in roots {
            self.notebook_for(&r.join(CONFIG_FILE));
        }
        let caps = ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Kind(
                TextDocumentSyncKind::INCREMENTAL,
            )),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["@".into(), ":".into(), ",".into()]),
                ..CompletionOptions::default()
            }),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
            ..ServerCapabilities::default()
        };
        serde_json::to_value(InitializeResult {
            capabilities: caps,
            server_info: Some(ServerInfo {
                name: "cascade".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
        .unwrap_or(Value::Null)
    }

    fn notification(&mut self, n: Notification, now: Instant) -> Vec<Message> {
        let p = &n.params;
        let uri = || {
            p.pointer("/textDocument/uri")
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        match n.method.as_str() {
            "exit" => self.exit = Some(if self.shutdown { 0 } else { 1 }),
            // Notes and the config changed outside the editor are read again when told.
            "initialized" if self.watch => return vec![watch_files()],
            "textDocument/didOpen" => {
                let (Some(u), Some(text)) = (uri(), p.pointer("/textDocument/text")) else {
                    return Vec::new();
                };
                let Ok(parsed) = u.parse::<Uri>() else {
                    return Vec::new();
                };
                let version = p
                    .pointer("/textDocument/version")
                    .and_then(Value::as_i64)
                    .unwrap_or(0) as i32;
                self.docs.insert(
                    u.clone(),
                    Doc {
                        uri: parsed,
                        text: text.as_str().unwrap_or_default().to_owned(),
                        version,
                        findings: Vec::new(),
                    },
                );
                // Opening a note shows its findings at once.
                self.queue.insert(u, now);
            }
            "textDocument/didChange" => {
                let Some(u) = uri() else { return Vec::new() };
                let Some(doc) = self.docs.get_mut(&u) else {
                    return Vec::new();
                };
                if let Some(v) = p.pointer("/textDocument/version").and_then(Value::as_i64) {
                    doc.version = v as i32;
                }
                for c in p
                    .get("contentChanges")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    apply_change(&mut doc.text, c);
                }
                self.queue.insert(u, now + self.debounce);
            }
            "textDocument/didClose" => {
                let Some(u) = uri() else { return Vec::new() };
                self.queue.remove(&u);
                if let Some(doc) = self.docs.remove(&u) {
                    return vec![publish(&doc.uri, None, Vec::new())];
                }
            }
            "textDocument/didSave" => {
                let Some(u) = uri() else { return Vec::new() };
                if u.ends_with(CONFIG_FILE) {
                    self.notebooks.clear();
                }
                self.reports.clear();
                // A saved note is context for the others: its report's actions, its date.
                self.requeue(now);
            }
            "workspace/didChangeWatchedFiles" => {
                self.notebooks.clear();
                self.reports.clear();
                self.requeue(now);
            }
            _ => {}
        }
        Vec::new()
    }

    fn requeue(&mut self, now: Instant) {
        for u in self.docs.keys() {
            self.queue.insert(u.clone(), now + self.debounce);
        }
    }

    /// The notebook holding `path`, read once per root.
    fn notebook_for(&mut self, path: &Path) -> Option<&Notebook> {
        notebook_in(&mut self.notebooks, path)?.ok()
    }

    /// Lint every queued document whose quiet time is over at `now`. The results are published
    /// by [`Server::publish`], after any message that arrived meanwhile was handled.
    pub fn lint_due(&mut self, now: Instant) -> Vec<Linted> {
        let due: Vec<String> = self
            .queue
            .iter()
            .filter(|&(_, t)| *t <= now)
            .map(|(u, _)| u.clone())
            .collect();
        let mut out = Vec::new();
        for u in due {
            self.queue.remove(&u);
            let Some(doc) = self.docs.get(&u) else {
                continue;
            };
            let (version, text) = (doc.version, doc.text.clone());
            let findings = std::panic::catch_unwind(AssertUnwindSafe(|| self.lint(&u, &text)))
                .unwrap_or_else(|_| Err(INTERNAL.into()));
            out.push(Linted {
                uri: u,
                version,
                text,
                findings,
            });
        }
        out
    }

    /// The findings of `cascade lint` on `text` in place of the file `uri` names: none for
    /// a file outside a notebook's `notes/`.
    fn lint(&mut self, uri: &str, text: &str) -> std::result::Result<Vec<Diagnostic>, String> {
        let today = self.today();
        let Some(path) = uri_path(uri) else {
            return Ok(Vec::new());
        };
        let path = crate::notebook::normalize(&path);
        let nb = match notebook_in(&mut self.notebooks, &path) {
            None => return Ok(Vec::new()),
            Some(Err(e)) => return Err(e.clone()),
            Some(Ok(nb)) => nb,
        };
        let rel = nb.rel(&path);
        if !inventory::is_note_rel(&rel) {
            return Ok(Vec::new());
        }
        let folder = path.parent().unwrap_or(&path).to_path_buf();
        let report = self
            .reports
            .entry(folder)
            .or_insert_with(|| lint::ReportNotes::of(nb, &rel));
        let ledger_of = |notes: &[NoteFile]| (self.ledger_of)(nb, today, notes);
        let report = lint::lint_text(
            nb,
            &rel,
            text.as_bytes().to_vec(),
            report,
            today,
            &ledger_of,
        )
        .map_err(|e| e.to_string())?;
        Ok(report
            .diagnostics
            .into_iter()
            .filter(|d| d.path == rel)
            .collect())
    }

    /// Publish the findings still current: a result for a version since edited is dropped
    /// (the edit queued a lint of the newer text).
    pub fn publish(&mut self, results: Vec<Linted>) -> Vec<Message> {
        let mut out = Vec::new();
        for r in results {
            let Some(doc) = self.docs.get_mut(&r.uri) else {
                continue;
            };
            if doc.version != r.version || doc.text != r.text {
                continue;
            }
            let index = LineIndex::new(&r.text);
            let diagnostics = match &r.findings {
                Ok(f) => f.iter().map(|d| to_lsp(&r.text, &index, d)).collect(),
                Err(why) => vec![unlinted(why)],
            };
            out.push(publish(&doc.uri, Some(r.version), diagnostics));
            doc.findings = r.findings.unwrap_or_default();
        }
        out
    }

    /// Lint and publish everything due at `now`, with nothing arriving in between (tests, and
    /// a loop with no input waiting).
    pub fn flush(&mut self, now: Instant) -> Vec<Message> {
        let linted = self.lint_due(now);
        self.publish(linted)
    }

    /// The open document, its notebook and its path relative to the root, for a request.
    fn at(&mut self, params: &Value) -> std::result::Result<Option<At>, String> {
        let uri = params
            .pointer("/textDocument/uri")
            .and_then(Value::as_str)
            .ok_or("no textDocument.uri")?
            .to_owned();
        let Some(doc) = self.docs.get(&uri) else {
            return Ok(None);
        };
        let text = doc.text.clone();
        let findings = doc.findings.clone();
        let pos: Option<Position> = params
            .get("position")
            .and_then(|p| serde_json::from_value(p.clone()).ok());
        let Some(path) = uri_path(&uri) else {
            return Ok(None);
        };
        let path = crate::notebook::normalize(&path);
        let today = self.today();
        let Some(nb) = self.notebook_for(&path) else {
            return Ok(None);
        };
        let rel = nb.rel(&path);
        Ok(Some(At {
            nb: nb.clone(),
            rel,
            text,
            findings,
            pos,
            today,
        }))
    }

    fn completion(&mut self, params: &Value) -> std::result::Result<Value, String> {
        let Some(at) = self.at(params)? else {
            return Ok(Value::Null);
        };
        let index = LineIndex::new(&at.text);
        let offset = position::offset(&at.text, &index, at.pos.unwrap_or_default());
        let buf = context::Buffer::new(&at.nb, &at.rel, &at.text, at.today);
        let items = complete::complete(&buf, &at.text, &index, offset);
        Ok(serde_json::to_value(items).unwrap_or(Value::Null))
    }

    fn hover(&mut self, params: &Value) -> std::result::Result<Value, String> {
        let Some(at) = self.at(params)? else {
            return Ok(Value::Null);
        };
        let index = LineIndex::new(&at.text);
        let offset = position::offset(&at.text, &index, at.pos.unwrap_or_default());
        let line = index.line_of(offset);
        let start = index.line_start(line);
        let line_text = raw_line(&at.text, start);
        let word = hover::word_at(line_text, start, offset);
        let buf = context::Buffer::new(&at.nb, &at.rel, &at.text, at.today);
        let Some(md) = hover::hover(&buf, line, word.as_ref().map(|w| w.0), &at.findings) else {
            return Ok(Value::Null);
        };
        let range = word.map(|(_, r)| {
            lsp_types::Range::new(
                position::of_offset(&at.text, &index, r.start),
                position::of_offset(&at.text, &index, r.end),
            )
        });
        Ok(serde_json::to_value(lsp_types::Hover {
            contents: lsp_types::HoverContents::Markup(lsp_types::MarkupContent {
                kind: lsp_types::MarkupKind::Markdown,
                value: md,
            }),
            range,
        })
        .unwrap_or(Value::Null))
    }

    fn definition(&mut self, params: &Value) -> std::result::Result<Value, String> {
        let Some(at) = self.at(params)? else {
            return Ok(Value::Null);
        };
        let index = LineIndex::new(&at.text);
        let offset = position::offset(&at.text, &index, at.pos.unwrap_or_default());
        let line = index.line_of(offset);
        let start = index.line_start(line);
        let line_text = raw_line(&at.text, start);
        let Some((word, _)) = hover::word_at(line_text, start, offset) else {
            return Ok(Value::Null);
        };
        let buf = context::Buffer::new(&at.nb, &at.rel, &at.text, at.today);
        let Some(t) = goto::definition(&buf, line, word) else {
            return Ok(Value::Null);
        };
        let uri = path_uri(&t.path);
        let pos = Position::new(t.line.saturating_sub(1) as u32, 0);
        Ok(serde_json::json!({
            "uri": uri,
            "range": {"start": pos, "end": pos},
        }))
    }

    fn code_action(&mut self, params: &Value) -> std::result::Result<Value, String> {
        let Some(at) = self.at(params)? else {
            return Ok(Value::Null);
        };
        let range: lsp_types::Range = params
            .get("range")
            .and_then(|r| serde_json::from_value(r.clone()).ok())
            .ok_or("no range")?;
        let lines = range.start.line as usize + 1..=range.end.line as usize + 1;
        let findings: Vec<&Diagnostic> = at
            .findings
            .iter()
            .filter(|d| lines.contains(&d.line))
            .collect();
        let note = crate::note::Note::parse(&at.text);
        let Ok(uri) = params
            .pointer("/textDocument/uri")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .parse::<Uri>()
        else {
            return Ok(Value::Null);
        };
        let actions: Vec<CodeActionOrCommand> = code_action::actions(&note, &findings)
            .into_iter()
            .map(|e| {
                let index = LineIndex::new(&at.text);
                let diagnostics = findings
                    .iter()
                    .filter(|d| d.rule == e.rule)
                    .map(|d| to_lsp(&at.text, &index, d))
                    .collect();
                CodeActionOrCommand::CodeAction(lsp_types::CodeAction {
                    title: e.title,
                    kind: Some(if e.fix {
                        CodeActionKind::QUICKFIX
                    } else {
                        CodeActionKind::new("quickfix.cascade.disable")
                    }),
                    diagnostics: Some(diagnostics),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), e.edits)])),
                        ..WorkspaceEdit::default()
                    }),
                    ..lsp_types::CodeAction::default()
                })
            })
            .collect();
        Ok(serde_json::to_value(actions).unwrap_or(Value::Null))
    }
}

/// The notebook holding `path`, read once per root (a config that cannot be read is
/// remembered too, until `cascade.toml` changes); None outside any notebook.
fn notebook_in<'a>(
    notebooks: &'a mut HashMap<PathBuf, std::result::Result<Notebook, String>>,
    path: &Path,
) -> Option<std::result::Result<&'a Notebook, &'a String>> {
    let root = path
        .ancestors()
        .skip(1)
        .find(|d| d.join(CONFIG_FILE).is_file())?
        .to_path_buf();
    let nb = notebooks
        .entry(root.clone())
        .or_insert_with(|| Notebook::open(&root).map_err(|e| e.to_string()));
    Some(nb.as_ref())
}

/// What a request about an open document reads.
struct At {
    nb: Notebook,
    rel: String,
    text: String,
    findings: Vec<Diagnostic>,
    pos: Option<Position>,
    today: Date,
}
