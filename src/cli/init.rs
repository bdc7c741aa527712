//! `diplomap init`: write the built-in seed scenario to a file, as a documented starting point to
//! edit. It never overwrites a file unless asked.

use std::io::Write;
use std::path::PathBuf;

use super::Outcome;
use crate::mapdir::write_atomic;
use crate::scenario::SEED;

pub const EXAMPLES: &str = "Examples:
  diplomap init                 # writes scenario.toml
  diplomap init story.toml && diplomap build story.toml
  diplomap init - | less";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the scenario (`-` for stdout).
    #[arg(value_name = "FILE", default_value = "scenario.toml")]
    pub file: PathBuf,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if args.file.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(SEED.as_bytes())?;
        out.flush()?;
        return Ok(Outcome::Ok);
    }
    if args.file.is_dir() {
        anyhow::bail!(
            "'{}' is a folder; hint: name the scenario file to write, such as {}/scenario.toml",
            args.file.display(),
            args.file.display()
        );
    }
    if args.file.exists() && !args.force {
        anyhow::bail!(
            "'{}' already exists; hint: pass --force to overwrite it, or name another file",
            args.file.display()
        );
    }
    write_atomic(&args.file, SEED.as_bytes())?;
    say!(
        "wrote {}; edit it, then run: diplomap build {}",
        args.file.display(),
        args.file.display()
    );
    Ok(Outcome::Ok)
}
