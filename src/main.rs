//! The `diplomap` binary: parse flags, call `cli::run`, print one error line with its cause chain
//! on stderr, and exit with the documented code. All work happens in the library.

use std::process::ExitCode;

/// mimalloc: a table of a million rows makes and frees millions of small strings, across two
/// threads, where it is markedly faster than the system allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use diplomap::cli::{self, Cli, Outcome};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli::run(cli) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // A closed stderr cannot be told anything; the exit code still says it.
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr(), "diplomap: error: {e:#}");
            ExitCode::from(cli::exit_code(&e))
        }
    }
}
