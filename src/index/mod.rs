//! The query index: what `podgraph build` saves so that queries answer without reading
//! transcripts again, as a fresh process, in milliseconds — on an archive of thousands of
//! episodes as on five.
//!
//! `graph.json` is for people and other programs; parsing it takes longer than a query should.
//! `index.bin` holds what queries need: entities with their names, aliases and the episodes that
//! mention them (postings), episodes, co-mentions, and every mention with its time, speaker and
//! snippet. A query must cost what it touches, not the size of the archive, so the file is laid
//! out in **sections** found through a table at its start:
//!
//! | section | holds | read |
//! |---|---|---|
//! | head | entities, episodes, speakers (postcard) | at load |
//! | edges | fixed 28-byte co-mention records | by the first query that needs them |
//! | edge episodes | the episodes of each co-mention (`u32` LE) | per edge asked about |
//! | postings | per entity, `(episode, mentions)` pairs (`u32` LE) | per entity asked about |
//! | mentions | fixed 36-byte records, by episode | per episode asked about |
//! | text | each episode's snippet text (segments holding mentions), back to back | per episode |
//!
//! Loading reads the head alone; an episode's mentions and text are read with one seek each when
//! a query needs them, so `episodes A B` reads the postings of A and B and the episodes where
//! both are said. Nothing is memory-mapped (the program forbids `unsafe`); reads go through the
//! operating system's cache.
//!
//! Every offset is checked before use: the head's ranges against the sections' lengths at load,
//! and each episode's mentions against its text when read, so a truncated or tampered file is
//! refused with a message to rebuild, never a panic. The file starts with an 8-byte magic and a
//! version; a file from another version is refused with a message to rebuild.
//!
//! [`IndexBuilder`] writes the file episode by episode during a build: mentions and text go to
//! temporary spill files as episodes come, and the head (known only once the graph is) is written
//! in front of them at the end.
//!
//! The module follows the file: `format` holds the layout (the section table, the record
//! encodings, the limits of `u32` positions) that both sides must agree on, `write` makes an
//! index ([`IndexBuilder`], [`QueryIndex::from_parts`]) and `read` opens one and reads its
//! sections, checking every range. The types queries see are here, and the builder's are
//! re-exported here, so every path is `index::X`. Positions in the index are types of their own
//! (`ids`: [`IndexEntityId`], [`IndexEpisodeId`]), and every narrowing to the file's `u32` is
//! checked, so that an archive past the format's limits is refused rather than written wrong.

// A `usize` or `u64` cut to the file's `u32` would write wrong offsets past 4 GiB without a
// word: every narrowing here is checked (`try_from`), so that clippy catches a new one.
#![deny(clippy::cast_possible_truncation)]

mod format;
mod ids;
mod read;
mod write;

pub use ids::{IndexEntityId, IndexEpisodeId};
pub use write::{EpisodeInput, EpisodePart, IndexBuilder};

use std::io;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::catalog::Kind;
use crate::corpus::EpisodeSummary;

/// The version of `index.bin`'s layout.
pub const INDEX_VERSION: u32 = 3;

/// The file name `build` gives the index.
pub const INDEX_FILE: &str = "index.bin";

/// How much text a snippet shows either side of a mention, in bytes.
pub const SNIPPET_WIDTH: usize = 70;

/// An index of a build: its head in memory, the rest read when a query asks.
pub struct QueryIndex {
    /// The build that wrote it: the `build` of the `graph.json` written beside it.
    pub build: String,
    /// The co-mention window the graph was built with (`60s`).
    pub window: String,
    /// Every catalog entity, mentioned or not, in id order; [`IndexEntityId`]s are positions
    /// here ([`QueryIndex::entity`]).
    pub entities: Vec<IndexEntity>,
    /// The episodes, in corpus order; [`IndexEpisodeId`]s are positions here
    /// ([`QueryIndex::episode`]).
    pub episodes: Vec<IndexEpisode>,
    /// Speakers' names, which mentions refer to by position.
    pub speakers: Vec<String>,
    /// Co-mentions, read on first use ([`QueryIndex::edges`]).
    edges: std::sync::OnceLock<Vec<IndexEdge>>,
    store: read::Store,
}

/// An entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexEntity {
    /// Catalog id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// Names that always count.
    pub aliases: Vec<String>,
    /// Names that count only with evidence.
    pub ambiguous_aliases: Vec<String>,
    /// Catalog tags (`host`).
    pub tags: Vec<String>,
    /// Mentions in all episodes.
    pub mentions: u32,
    /// Episodes that mention it.
    pub episodes: u32,
    /// Weighted PageRank.
    pub pagerank: f64,
    /// Normalised betweenness.
    pub betweenness: f64,
    /// Community number (`None` if never mentioned).
    pub community: Option<u32>,
    /// Its postings: a range of the postings section ([`QueryIndex::postings`]).
    pub postings: (u32, u32),
}

/// An episode: its summary, and where its mentions and snippets are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexEpisode {
    /// Id, show, number, title, date and file.
    pub summary: EpisodeSummary,
    /// Its mentions: a range of mention records.
    pub mentions: (u32, u32),
    /// Its snippet text: a byte range of the text section.
    pub text: (u64, u64),
}

/// A co-mention of two entities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexEdge {
    /// The entity with the smaller position.
    pub a: IndexEntityId,
    /// The other entity.
    pub b: IndexEntityId,
    /// Shared windows.
    pub weight: u32,
    /// Normalised pointwise mutual information.
    pub npmi: f64,
    /// Its episodes: a range of the edge-episodes section ([`QueryIndex::edge_episodes`]).
    pub episodes: (u32, u32),
}

/// One mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexMention {
    /// The entity said.
    pub entity: IndexEntityId,
    /// Segment of its transcript.
    pub segment: u32,
    /// When the mention is said (the time of its fragment or segment), in milliseconds, if
    /// the transcript is timed.
    pub start_ms: Option<u64>,
    /// The speaker: a position in [`QueryIndex::speakers`].
    pub speaker: Option<u32>,
    /// The snippet, in its episode's text: `[s0..s1]` before the match, `[s1..s2]` the match
    /// as written, `[s2..s3]` after it.
    pub snippet: [u32; 4],
}

/// One episode's mentions, read from the index, with the text their snippets point into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedMentions {
    /// The mentions, in text order.
    pub mentions: Vec<IndexMention>,
    text: String,
}

impl IndexedMentions {
    /// A mention's snippet: before, match, after.
    pub fn snippet(&self, mention: &IndexMention) -> (&str, &str, &str) {
        let [s0, s1, s2, s3] = mention.snippet.map(widen);
        (&self.text[s0..s1], &self.text[s1..s2], &self.text[s2..s3])
    }
}

/// A `u32` of the file as a `usize`, for indexing: lossless on every platform podgraph builds
/// for (pointers of at least 32 bits), and the one place the index widens one.
pub(crate) const fn widen(n: u32) -> usize {
    n as usize
}

/// Why an index could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Missing or unreadable.
    #[error("{}: cannot read: {source}; run `podgraph build` first, or give --graph", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// Written by a podgraph with another index layout.
    #[error(
        "{}: written in index format {found}, this podgraph reads format {INDEX_VERSION}; \
         rebuild with `podgraph build`",
        path.display()
    )]
    Version {
        /// The file.
        path: PathBuf,
        /// The version it has.
        found: u32,
    },
    /// Not an index, truncated or corrupt.
    #[error("{}: not a podgraph index ({message}); rebuild with `podgraph build`", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}
