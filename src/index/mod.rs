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
//! | meta, entities, episodes | fixed-size records (80 and 72 bytes an entity, an episode) | at load |
//! | names | string ranges: each entity's aliases and tags, the speakers | at load |
//! | keys | every name's lookup key → entity, sorted | at load |
//! | strings | one pool of UTF-8 text every record's strings are ranges of | at load |
//! | co-mentions | per entity, its co-mentions (24-byte records, both ways) | per entity asked about |
//! | edge episodes | the episodes of each co-mention (`u32` LE) | per co-mention asked about |
//! | postings | per entity, `(episode, mentions)` pairs (`u32` LE) | per entity asked about |
//! | mentions | fixed 36-byte records, by episode | per episode asked about |
//! | text | each episode's snippet text (segments holding mentions), back to back | per episode |
//!
//! Loading reads the head — the sections read at load: 2.0 MB for 486 episodes, 2.9 MB for 4,860,
//! mostly the catalog's entities and names — and checks it once (the pool is UTF-8, every range is inside its section and every string on
//! character boundaries), and then uses the bytes in place: an entity or an episode is a view
//! ([`IndexEntity`], [`IndexEpisode`]) whose strings borrow from the pool. An index of 12,000
//! entities used to be decoded into one allocation per name, which cost a query more than all
//! it then did. A name is resolved by binary search in the keys (made with the catalog's own
//! [`match_key`](crate::catalog::match_key)), not by a pass over every entity's aliases; an
//! entity's neighbours are its range of co-mentions, not a pass over all of them. An episode's
//! mentions and text are read with one seek each when a query needs them, so `episodes A B`
//! reads the postings of A and B, the mention records of the episodes where both are said and
//! the text of the snippets it prints. Nothing is memory-mapped (the program forbids `unsafe`);
//! reads go through the operating system's cache.
//!
//! Every offset is checked before use: the head's at load, each entity's co-mentions and each
//! episode's mentions when read, so a truncated or tampered file is refused with a message to
//! rebuild, never a panic. The file starts with an 8-byte magic and a version; a file from
//! another version is refused with a message to rebuild.
//!
//! [`IndexBuilder`] writes the file episode by episode during a build: the text goes straight
//! into the (temporary, then renamed) index file and the mentions to a spill file as episodes
//! come; the head, known only once the graph is, follows the text at the end, then the mentions.
//!
//! The module follows the file: `format` holds the layout (the section table, the record
//! encodings, the limits of `u32` positions) that both sides must agree on, `write` makes an
//! index ([`IndexBuilder`], [`QueryIndex::from_parts`]) and `read` opens one, checks its head and
//! reads its sections, checking every range. The types queries see are here, and the builder's
//! are re-exported here, so every path is `index::X`. Positions in the index are types of their
//! own (`ids`: [`IndexEntityId`], [`IndexEpisodeId`]), and every narrowing to the file's `u32`
//! is checked, so that an archive past the format's limits is refused rather than written wrong.

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

use serde::Serialize;

use crate::catalog::Kind;
use crate::corpus::EpisodeBrief;

/// The version of `index.bin`'s layout.
pub const INDEX_VERSION: u32 = 4;

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
    head: read::Head,
    store: read::Store,
}

/// An entity, as a view of the index: [`QueryIndex::entity`]. Every catalog entity is one,
/// mentioned or not.
#[derive(Clone, Copy, Debug)]
pub struct IndexEntity<'a> {
    /// Catalog id.
    pub id: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Kind.
    pub kind: Kind,
    /// Names that always count.
    pub aliases: Names<'a>,
    /// Names that count only with evidence.
    pub ambiguous_aliases: Names<'a>,
    /// Catalog tags (`host`).
    pub tags: Names<'a>,
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
}

/// An episode, as a view of the index: [`QueryIndex::episode`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexEpisode<'a> {
    /// Id, show, number, title and date.
    pub summary: EpisodeBrief<'a>,
    /// The transcript file it was built from.
    pub source_path: &'a str,
}

/// A list of names (an entity's aliases or tags) in the index: its strings, borrowed.
#[derive(Clone, Copy)]
pub struct Names<'a> {
    /// `NAMES` records (string ranges), checked against `pool` at load.
    records: &'a [u8],
    pool: &'a str,
}

impl<'a> Names<'a> {
    /// The names, in catalog order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'a str> + use<'a> {
        let pool = self.pool;
        self.records
            .chunks_exact(format::NAME_BYTES)
            .map(move |r| read::string(pool, format::Fields::of(r).string()))
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.records.len() / format::NAME_BYTES
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The names joined by `separator` ("a, b").
    pub fn join(&self, separator: &str) -> String {
        self.iter().collect::<Vec<_>>().join(separator)
    }
}

impl std::fmt::Debug for Names<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// As a list of strings, as a `Vec<String>` would be.
impl Serialize for Names<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// An entity as [`QueryIndex::from_parts`] takes it: what the index keeps of a catalog entity
/// and of its node in the graph.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityParts {
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
}

crate::catalog::named_entity!(EntityParts);

/// A co-mention of two entities.
#[derive(Clone, Copy, Debug, PartialEq)]
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

impl IndexEdge {
    /// The entity at the other end from `entity`.
    pub fn other(&self, entity: IndexEntityId) -> IndexEntityId {
        if self.a == entity { self.b } else { self.a }
    }
}

/// One mention.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IndexMention {
    /// The entity said.
    pub entity: IndexEntityId,
    /// Segment of its transcript.
    pub segment: u32,
    /// When the mention is said (the time of its fragment or segment), in milliseconds, if
    /// the transcript is timed.
    pub start_ms: Option<u64>,
    /// The speaker: a position in the index's speaker names ([`QueryIndex::speaker`] reads it).
    pub speaker: Option<u32>,
    /// The snippet, in its episode's text: `[s0..s1]` before the match, `[s1..s2]` the match
    /// as written, `[s2..s3]` after it.
    pub snippet: [u32; 4],
}

/// Mentions of one episode, read from the index, with the text their snippets point into: all
/// of its mentions ([`QueryIndex::episode_mentions`]) or some ([`QueryIndex::snippets`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedMentions {
    /// The mentions, in text order.
    pub mentions: Vec<IndexMention>,
    /// The part of the episode's text read: from byte `offset` of it.
    text: String,
    offset: u32,
}

impl IndexedMentions {
    /// A mention's snippet, for one of [`IndexedMentions::mentions`]: before, match, after.
    pub fn snippet(&self, mention: &IndexMention) -> (&str, &str, &str) {
        let [s0, s1, s2, s3] = mention.snippet.map(|s| widen(s - self.offset));
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
