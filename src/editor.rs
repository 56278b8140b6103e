//! Opening a note in the user's editor, at a line when the editor can be told one.
//!
//! The editor is `$VISUAL`, else `$EDITOR`, run like git runs it: through `sh -c`, so a value
//! such as `code --wait` or a quoted path works. How to pass the line depends on the editor:
//!
//! | editors | arguments |
//! |---|---|
//! | vi, vim, nvim, nano, emacs, micro, kak, … | `+LINE FILE` |
//! | code, codium, cursor, … | `--goto FILE:LINE` |
//! | hx (Helix), subl, zed | `FILE:LINE` |
//! | anything else | `FILE` |

use std::ffi::OsString;
use std::path::Path;

use crate::error::{Error, Result};

/// How an editor takes a line to open at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStyle {
    /// `+LINE FILE`
    Plus,
    /// `--goto FILE:LINE`
    Goto,
    /// `FILE:LINE`
    Colon,
    /// Only `FILE`.
    None,
}

/// The line style of an editor command (its first word, path and `.exe` ignored).
pub fn line_style(editor: &str) -> LineStyle {
    let program = editor.split_whitespace().next().unwrap_or("");
    let base = Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let base = base.strip_suffix(".exe").unwrap_or(base);
    match base {
        "vi" | "vim" | "nvim" | "gvim" | "mvim" | "view" | "nano" | "pico" | "emacs"
        | "emacsclient" | "micro" | "kak" | "mg" | "joe" | "jed" | "ne" | "vis" => LineStyle::Plus,
        "code" | "code-insiders" | "codium" | "vscodium" | "cursor" | "windsurf" => LineStyle::Goto,
        "hx" | "helix" | "subl" | "sublime_text" | "zed" | "zeditor" => LineStyle::Colon,
        _ => LineStyle::None,
    }
}

/// The arguments that open `path` at `line` in an editor of `style`.
pub fn args(style: LineStyle, path: &Path, line: Option<usize>) -> Vec<OsString> {
    let at = |l: usize| {
        let mut s = path.as_os_str().to_owned();
        s.push(format!(":{l}"));
        s
    };
    match (style, line) {
        (LineStyle::Plus, Some(l)) => vec![format!("+{l}").into(), path.into()],
        (LineStyle::Goto, Some(l)) => vec!["--goto".into(), at(l)],
        (LineStyle::Colon, Some(l)) => vec![at(l)],
        _ => vec![path.into()],
    }
}

/// Whether `cascade new` opens the note it wrote: `--edit` always, `--no-edit` never, and by
/// default only when a person is there to use the editor (stdin and stdout are a terminal)
/// and one is set, so scripts, pipes and CI behave as they always did.
pub fn new_opens(edit: bool, no_edit: bool, terminal: bool, editor_set: bool) -> bool {
    !no_edit && (edit || (terminal && editor_set))
}

/// `$VISUAL`, else `$EDITOR`, ignoring empty values.
pub fn from_env() -> Option<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
}

/// Open `path` in the user's editor at `line`, and wait for it.
pub fn open(path: &Path, line: Option<usize>) -> Result<()> {
    let editor = from_env().ok_or_else(|| {
        Error::usage(
            "neither $VISUAL nor $EDITOR is set",
            Some("set one, e.g. `export EDITOR=vim`; the note is on disk"),
        )
    })?;
    let args = args(line_style(&editor), path, line);
    let mut cmd = if cfg!(unix) {
        let mut c = std::process::Command::new("sh");
        c.arg("-c").arg(format!("{editor} \"$@\"")).arg(&editor);
        c
    } else {
        let mut parts = editor.split_whitespace();
        let mut c = std::process::Command::new(parts.next().unwrap_or("notepad"));
        c.args(parts);
        c
    };
    let status = cmd.args(&args).status().map_err(|e| {
        Error::usage(
            format!("cannot start editor `{editor}`: {e}"),
            Some("check $VISUAL / $EDITOR; the note is on disk"),
        )
    })?;
    if !status.success() {
        return Err(Error::usage(
            format!("editor `{editor}` exited with {status}"),
            Some("the note is on disk; open it again to finish"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_opens_the_editor_by_default_only_in_a_terminal_with_an_editor_set() {
        // (edit, no_edit, terminal, editor set) → opens
        let cases = [
            ((false, false, true, true), true),
            ((false, false, false, true), false),
            ((false, false, true, false), false),
            ((false, true, true, true), false),
            ((true, false, false, true), true),
            // `--edit` without an editor still tries, to say that none is set.
            ((true, false, false, false), true),
        ];
        for ((edit, no_edit, terminal, set), opens) in cases {
            assert_eq!(
                new_opens(edit, no_edit, terminal, set),
                opens,
                "{edit} {no_edit} {terminal} {set}"
            );
        }
    }

    #[test]
    fn each_editor_gets_the_line_its_way() {
        let p = Path::new("/n/a.md");
        let show = |e: &str| -> Vec<String> {
            args(line_style(e), p, Some(7))
                .into_iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(show("vim"), ["+7", "/n/a.md"]);
        assert_eq!(show("/usr/bin/nvim -u NONE"), ["+7", "/n/a.md"]);
        assert_eq!(show("emacsclient -t"), ["+7", "/n/a.md"]);
        assert_eq!(show("code --wait"), ["--goto", "/n/a.md:7"]);
        assert_eq!(show("hx"), ["/n/a.md:7"]);
        assert_eq!(show("ed"), ["/n/a.md"]);
        assert_eq!(
            args(LineStyle::Plus, p, None),
            vec![OsString::from("/n/a.md")]
        );
    }
}
