//! The subcommands, one file each (the queries in [`queries`]): each takes its parsed flags,
//! turns them into the library's options ([`crate::config`]), calls the library, and prints
//! the results. What several of them share lives here and in [`corpus`].

mod build;
mod corpus;
mod discover;
mod evaluate;
mod export;
mod inspect;
mod manual;
mod mentions;
mod queries;
mod render;
mod site;

pub use build::{build, merge};
pub use discover::discover;
pub use evaluate::evaluate;
pub use export::export;
pub use inspect::inspect;
pub use manual::{completions, man};
pub use mentions::mentions;
pub use queries::{entity, episodes, neighbors, path, timeline, top};
pub use render::render;
pub use site::site;

/// What a command found, for the exit status.
pub enum Outcome {
    /// Results were produced.
    Found,
    /// The command ran but found nothing (exit status 1, as for grep).
    NothingFound,
}

impl Outcome {
    /// [`Outcome::Found`] if `any` results were produced, else [`Outcome::NothingFound`].
    pub fn found_if(any: bool) -> Self {
        if any {
            Outcome::Found
        } else {
            Outcome::NothingFound
        }
    }
}

/// An error whose message was already printed; it only sets the exit status.
#[derive(Debug, thiserror::Error)]
#[error("errors were reported above")]
pub struct Reported;
