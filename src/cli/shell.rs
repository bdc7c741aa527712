//! `diplomap completions SHELL` and `diplomap man [COMMAND]`: shell completion scripts
//! (clap_complete) and man pages (clap_mangen), both generated from the very flag definitions
//! the binary parses, so they cannot drift from it.

use std::io::Write;

use clap::CommandFactory;

use super::{Cli, Outcome, UsageError};

pub const COMPLETIONS_EXAMPLES: &str = "Examples:
  diplomap completions bash > ~/.local/share/bash-completion/completions/diplomap
  diplomap completions zsh > ~/.zfunc/_diplomap
  diplomap completions fish > ~/.config/fish/completions/diplomap.fish";

pub const MAN_EXAMPLES: &str = "Examples:
  diplomap man | man -l -
  diplomap man build > diplomap-build.1";

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// A subcommand's page instead of the main one (such as `build`).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

pub fn completions(args: CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "diplomap", &mut out);
    std::io::stdout().write_all(&out)?;
    Ok(Outcome::Ok)
}

pub fn man(args: ManArgs) -> anyhow::Result<Outcome> {
    let mut cmd = Cli::command();
    cmd.build();
    let (page, title) = match &args.command {
        None => (cmd, "diplomap".to_string()),
        Some(name) => {
            let names: Vec<String> = cmd
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let Some(sub) = cmd.find_subcommand(name).cloned() else {
                return Err(UsageError(format!(
                    "no command '{name}'; hint: one of {}",
                    names.join(", ")
                ))
                .into());
            };
            (sub, format!("diplomap-{name}"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page).title(title).render(&mut out)?;
    std::io::stdout().write_all(&out)?;
    Ok(Outcome::Ok)
}
