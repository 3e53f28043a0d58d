//! `podgraph completions` and `podgraph man`: the shell completion scripts and manual pages,
//! generated from the flags' definitions in [`crate::cli`], so they never fall behind them.

use super::Outcome;
use crate::cli::Cli;
use crate::output;

/// `podgraph completions SHELL`: the script, generated from the flags' definitions.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<Outcome> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut out = output::stdout();
    clap_complete::generate(shell, &mut command, "podgraph", &mut out);
    std::io::Write::flush(&mut out)?;
    Ok(Outcome::Found)
}

/// `podgraph man [COMMAND]`: the manual page of podgraph, or of one of its commands
/// (`podgraph-build(1)`), generated from the flags' definitions.
pub fn man(command_name: Option<&str>) -> anyhow::Result<Outcome> {
    let podgraph = <Cli as clap::CommandFactory>::command();
    let page = match command_name {
        None => podgraph,
        Some(name) => {
            let Some(sub) = podgraph.find_subcommand(name) else {
                let names: Vec<&str> = podgraph.get_subcommands().map(|s| s.get_name()).collect();
                anyhow::bail!(
                    "no command '{}'; one of: {}",
                    output::sanitize(name),
                    names.join(", ")
                );
            };
            // clap names are 'static; this page is printed once, then the program ends.
            let page_name: &'static str = Box::leak(format!("podgraph-{name}").into_boxed_str());
            sub.clone().name(page_name)
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff)?;
    let mut out = output::stdout();
    std::io::Write::write_all(&mut out, &roff)?;
    std::io::Write::flush(&mut out)?;
    Ok(Outcome::Found)
}
