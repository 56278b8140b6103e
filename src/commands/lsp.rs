//! `cascade lsp`: the language server on stdin and stdout; the loop only moves messages.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Instant;

use lsp_server::Message;

use crate::error::{EXIT_OK, Error, Result};
use crate::lsp::Server;
use crate::ui::Ctx;

/// The server with lint's action model (git's write times), as `cascade lint` links actions.
pub fn server(today: Option<jiff::civil::Date>) -> Server {
    Server::new(
        today,
        Box::new(|nb, today, notes| super::lint::ledger_of(nb, today)(notes)),
    )
}

/// Run `cascade lsp` until the client says `exit` (0 after `shutdown`, else 1) or closes its
/// end (1).
pub fn run(ctx: &mut Ctx) -> Result<u8> {
    // Messages are read on their own thread, so the loop can wait for one or for a lint due;
    // they are written here, on the output the command already holds.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut stdin = stdin.lock();
        while let Ok(Some(m)) = Message::read(&mut stdin) {
            let exit = matches!(&m, Message::Notification(n) if n.method == "exit");
            if tx.send(m).is_err() || exit {
                break;
            }
        }
    });
    // The server catches its own panics; their messages (which may quote a note's text)
    // must not reach stderr, which editors show and log.
    std::panic::set_hook(Box::new(|_| {}));
    let mut server = server(ctx.today_pinned.then_some(ctx.today));
    let code = serve(&rx, &mut server, &mut |m| {
        m.write(&mut ctx.out).map_err(Error::Output)?;
        ctx.out.flush().map_err(Error::Output)
    })?;
    Ok(if code == 0 { EXIT_OK } else { 1 })
}

/// Receive, handle, lint what is due, publish; until `exit` or the end of input.
fn serve(
    rx: &Receiver<Message>,
    server: &mut Server,
    send: &mut dyn FnMut(Message) -> Result<()>,
) -> Result<i32> {
    let mut send_all = |out: Vec<Message>| out.into_iter().try_for_each(&mut *send);
    loop {
        let msg = match server.next_due() {
            Some(due) => match rx.recv_timeout(due.saturating_duration_since(Instant::now())) {
                Ok(m) => Some(m),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return Ok(1),
            },
            None => match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => return Ok(1),
            },
        };
        if let Some(m) = msg {
            send_all(server.handle(m, Instant::now()))?;
            if let Some(code) = server.exit_code() {
                return Ok(code);
            }
            continue;
        }
        let linted = server.lint_due(Instant::now());
        // Edits that came in while linting are handled first: a result they made stale is
        // then dropped, and only the newest text's findings are published.
        while let Ok(m) = rx.try_recv() {
            send_all(server.handle(m, Instant::now()))?;
            if let Some(code) = server.exit_code() {
                return Ok(code);
            }
        }
        send_all(server.publish(linted))?;
    }
}
