//! The `cascade` binary: parse arguments, run, map errors to exit codes.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use cascade::cli::Cli;
use cascade::error::{EXIT_INTERNAL, Error};

fn main() -> ExitCode {
    cascade::fsx::ignore_file_size_signal();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let color = cascade::use_color(cli.color, std::io::stderr().is_terminal());
    let result = std::panic::catch_unwind(|| cascade::run(cli));
    match result {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(e)) => {
            let code = e.exit_code();
            if code != 0 {
                let _ = writeln!(
                    std::io::stderr(),
                    "{}",
                    cascade::ui::terminal_safe(&cascade::ui::render_error(&e, color), color)
                );
            }
            ExitCode::from(code)
        }
        Err(_) => {
            let e = Error::Internal("cascade panicked (see the message above)".into());
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                cascade::ui::terminal_safe(&cascade::ui::render_error(&e, color), color)
            );
            ExitCode::from(EXIT_INTERNAL)
        }
    }
}
