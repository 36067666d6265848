//! `capplan completions bash|zsh|fish`: the shell's completion script on
//! stdout, from the same clap definition the command line parses with.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::error::Error;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: CompletionShell,
}

/// The shells capplan writes completions for.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

pub fn run(args: &CompletionsArgs) -> Result<(), Error> {
    let shell = match args.shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
    };
    let mut cmd = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "capplan", &mut out);
    super::print_out(&String::from_utf8(out).expect("completion scripts are UTF-8"))
}
