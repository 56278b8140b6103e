//! What the server says to the editor in the protocol's own terms: findings as LSP
//! diagnostics, their publication, and the file watch it asks for.

use lsp_server::{Message, Notification, Request};
use lsp_types::{DiagnosticSeverity, NumberOrString, PublishDiagnosticsParams, Uri};

use super::position;
use crate::lint::{Diagnostic, Severity};
use crate::notebook::CONFIG_FILE;
use crate::text::LineIndex;

/// A lint finding as an LSP diagnostic: its rule as the code, its help after its message.
pub(super) fn to_lsp(text: &str, index: &LineIndex, d: &Diagnostic) -> lsp_types::Diagnostic {
    let message = match &d.help {
        Some(h) => format!("{}\nhelp: {h}", d.message),
        None => d.message.clone(),
    };
    lsp_types::Diagnostic {
        range: position::finding_range(text, index, d.line, d.column),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.to_owned())),
        source: Some("cascade".into()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}

/// Ask the client to report changes to notes and `cascade.toml`, so the report's notes and
/// the config kept between edits are read again after a `git pull` or a terminal command.
pub(super) fn watch_files() -> Message {
    Message::Request(Request::new(
        lsp_server::RequestId::from("cascade/watch".to_owned()),
        "client/registerCapability".into(),
        serde_json::json!({"registrations": [{
            "id": "cascade/watch",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": {"watchers": [
                {"globPattern": format!("**/{CONFIG_FILE}")},
                {"globPattern": "**/notes/**/*.{md,markdown}"},
            ]},
        }]}),
    ))
}

/// The one diagnostic of a note that could not be linted: why, on its first line (the words
/// are cascade's, about the notebook's config, never the note's).
pub(super) fn unlinted(why: &str) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range: lsp_types::Range::default(),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("cascade".into()),
        message: format!("cascade cannot lint this note: {why}"),
        ..lsp_types::Diagnostic::default()
    }
}

/// The notification that publishes a note's diagnostics for one version.
pub(super) fn publish(
    uri: &Uri,
    version: Option<i32>,
    diagnostics: Vec<lsp_types::Diagnostic>,
) -> Message {
    Message::Notification(Notification::new(
        "textDocument/publishDiagnostics".into(),
        PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        },
    ))
}
