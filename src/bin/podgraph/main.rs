//! The `podgraph` command: parses arguments, calls the library, maps errors to exit codes.
//!
//! Exit status: 0 success, 1 nothing found, 2 error, 130 interrupted (Ctrl-C or a termination
//! signal: temporary files are removed and Graphviz is stopped first, see
//! [`podgraph::interrupt`]). A closed standard output (`| head`) ends the program quietly with
//! status 0, as it does for other Unix tools.

mod cli;
mod commands;
mod config;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::commands::Outcome;

/// Exit status after an interrupt: 128 + SIGINT, as shells report it.
const INTERRUPTED: i32 = 130;

/// jemalloc rather than the system allocator: a build frees and refills its heap batch after
/// batch from different threads, and glibc's per-thread arenas kept a fifth of the peak at 26×
/// in freed pages (231 MB against 189 MB with jemalloc as configured in `.cargo/config.toml`,
/// and clean builds 6–10 % faster; docs/performance.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    // If the handler cannot be installed, an interrupt still stops the program, only without
    // the clean-up: nothing to tell the user about.
    let _ = ctrlc::set_handler(|| {
        output::progress_done();
        podgraph::interrupt::clean_up();
        eprintln!("podgraph: interrupted");
        std::process::exit(INTERRUPTED);
    });
    let cli = Cli::parse();
    output::init_color(cli.color);
    if let Some(threads) = cli.command.threads() {
        // Only fails if a pool was already built, which nothing before this point does.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global();
    }
    let verbosity = output::Verbosity {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let result = match &cli.command {
        Command::Build(args) => commands::build(args, verbosity),
        Command::Merge(args) => commands::merge(args, verbosity),
        Command::Discover(args) => commands::discover(args, verbosity),
        Command::Inspect(args) => commands::inspect(args, cli.quiet),
        Command::Mentions(args) => commands::mentions(args, verbosity),
        Command::Evaluate(args) => commands::evaluate(args),
        Command::Export(args) => commands::export(args),
        Command::Render(args) => commands::render(args, cli.quiet),
        Command::Site(args) => commands::site(args, cli.quiet),
        Command::Episodes(args) => commands::episodes(args, cli.quiet),
        Command::Neighbors(args) => commands::neighbors(args),
        Command::Path(args) => commands::path(args),
        Command::Top(args) => commands::top(args),
        Command::Entity(args) => commands::entity(args),
        Command::Timeline(args) => commands::timeline(args),
        Command::Completions(args) => commands::completions(args.shell),
        Command::Man(args) => commands::man(args.command.as_deref()),
    };
    if podgraph::interrupt::interrupted() {
        // The handler killed what this command waited for and is exiting with status 130: an
        // error that follows from that is not reported.
        loop {
            std::thread::park();
        }
    }
    // An error may end a step whose spinner still shows: clear it before saying so.
    output::progress_done();
    match result {
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if e.is::<commands::Reported>() => ExitCode::from(2),
        Err(e) => {
            eprintln!("podgraph: error: {}", output::sanitize(&message(&e)));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes on one line, leaving out causes its own text already quotes
/// ("x: cannot read: No such file" is not followed by ": No such file" again).
fn message(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
