//! The command line: flags parsed by clap into one `Args` struct per subcommand, validated into a
//! config, then handed to that subcommand's `run`. Nothing here does domain work.
//!
//! Exit codes: 0 ok, 1 runtime or data error, 2 usage error. A closed stdout pipe exits 0.
//! Messages go to stderr through `say!`, never `eprintln!`: a closed or broken stderr must not
//! stop the work (nor panic), so what cannot be printed there is dropped.

/// `writeln!` to stderr, ignoring a closed or broken stderr.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `write!` to stderr, ignoring a closed or broken stderr.
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

pub mod batch;
pub mod build;
pub mod extract;
pub mod gazetteer;
pub mod init;
pub mod output;
pub mod progress;
pub mod resolve;
pub mod route;
pub mod shell;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Turn diplomatic and military events into map layers.
#[derive(Debug, Parser)]
#[command(name = "diplomap", version, about, propagate_version = true)]
pub struct Cli {
    /// Use this gazetteer file (from `diplomap gazetteer import`) instead of the embedded one.
    #[arg(long, global = true, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build map layers from scenarios (or the built-in seed scenario).
    #[command(after_help = build::EXAMPLES)]
    Build(build::Args),
    /// Build many maps from a manifest, in parallel, skipping those whose inputs have not changed.
    #[command(after_help = batch::EXAMPLES)]
    Batch(batch::Args),
    /// Write the seed scenario to a file, as a starting point to edit.
    #[command(after_help = init::EXAMPLES)]
    Init(init::Args),
    /// Draft a scenario from a news article: its places, meetings, strikes, summits, corridors.
    #[command(after_help = extract::EXAMPLES)]
    Extract(extract::Args),
    /// Resolve place names to points, offline.
    #[command(after_help = resolve::EXAMPLES)]
    Resolve(resolve::Args),
    /// The route between two places by sea (never across land) or by air.
    #[command(after_help = route::EXAMPLES)]
    Route(route::Args),
    /// Build or inspect gazetteer files.
    #[command(subcommand, after_help = gazetteer::EXAMPLES)]
    Gazetteer(gazetteer::GazetteerCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = shell::COMPLETIONS_EXAMPLES)]
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff), of diplomap or of one of its commands.
    #[command(after_help = shell::MAN_EXAMPLES)]
    Man(shell::ManArgs),
}

pub use crate::error::UsageError;

/// What a finished command asks the process to exit with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything succeeded (exit 0).
    Ok,
    /// The command ran to the end but some input failed; messages are already on stderr (exit 1).
    Partial,
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Build(args) => build::run(args, cli.gazetteer.as_deref()),
        Command::Batch(args) => batch::run(args, cli.gazetteer.as_deref()),
        Command::Init(args) => init::run(args),
        Command::Extract(args) => extract::run(args, cli.gazetteer.as_deref()),
        Command::Resolve(args) => resolve::run(args, cli.gazetteer.as_deref()),
        Command::Route(args) => route::run(args, cli.gazetteer.as_deref()),
        Command::Gazetteer(cmd) => gazetteer::run(cmd, cli.gazetteer.as_deref()),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(args),
    }
}

/// The exit code for an error: 2 for usage errors, 1 for everything else.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if crate::error::is_usage(err) {
        2
    } else {
        1
    }
}

/// True when the error is a closed stdout pipe (`diplomap … | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || e.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
    })
}
