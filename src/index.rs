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

use std::collections::HashMap;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Kind};
use crate::export::{DocumentNode, GraphDocument};
use crate::extract::Mention;
use crate::transcript::Transcript;

/// The version of `index.bin`'s layout.
pub const INDEX_VERSION: u32 = 3;

/// The file name `build` gives the index.
pub const INDEX_FILE: &str = "index.bin";

const MAGIC: &[u8; 8] = b"PODGRAPH";

/// How much text a snippet shows either side of a mention, in bytes.
pub const SNIPPET_WIDTH: usize = 70;

/// The sections, in file order.
const HEAD: usize = 0;
const EDGES: usize = 1;
const EDGE_EPISODES: usize = 2;
const POSTINGS: usize = 3;
const MENTIONS: usize = 4;
const TEXT: usize = 5;
const SECTIONS: usize = 6;

/// Bytes of one co-mention record: both entities, weight, NPMI, episode range.
const EDGE_BYTES: usize = 28;

/// Bytes before the first section: magic, version, and each section's offset and length.
const PREAMBLE: usize = MAGIC.len() + 4 + SECTIONS * 16;

/// Bytes of one mention record: entity, segment, time (`u64::MAX` for none), speaker
/// (`u32::MAX` for none), four snippet offsets.
const MENTION_BYTES: usize = 36;

/// An index of a build: its head in memory, the rest read when a query asks.
pub struct QueryIndex {
    /// The build that wrote it: the `build` of the `graph.json` written beside it.
    pub build: String,
    /// The co-mention window the graph was built with (`60s`).
    pub window: String,
    /// Every catalog entity, mentioned or not, in id order.
    pub entities: Vec<IndexEntity>,
    /// The episodes, in corpus order.
    pub episodes: Vec<IndexEpisode>,
    /// Speakers' names, which mentions refer to by position.
    pub speakers: Vec<String>,
    /// Co-mentions, read on first use ([`QueryIndex::edges`]).
    edges: std::sync::OnceLock<Vec<IndexEdge>>,
    store: Store,
}

/// What [`QueryIndex`] reads its sections from.
struct Store {
    /// The file, or `<memory>`, for messages.
    path: PathBuf,
    source: Source,
    sections: [(u64, u64); SECTIONS],
}

enum Source {
    File(Mutex<std::fs::File>),
    Bytes(Vec<u8>),
}

/// The head section.
#[derive(Serialize, Deserialize)]
struct Head {
    build: String,
    window: String,
    entities: Vec<IndexEntity>,
    episodes: Vec<IndexEpisode>,
    speakers: Vec<String>,
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

/// An episode.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexEpisode {
    /// Episode id (`python-bytes-12`).
    pub id: String,
    /// Show.
    pub show: Option<String>,
    /// Number.
    pub number: Option<u32>,
    /// Title.
    pub title: Option<String>,
    /// Recording date, ISO 8601.
    pub date: Option<String>,
    /// The transcript file used.
    pub source_path: String,
    /// Its mentions: a range of mention records.
    pub mentions: (u32, u32),
    /// Its snippet text: a byte range of the text section.
    pub text: (u64, u64),
}

/// A co-mention of two entities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexEdge {
    /// The entity with the smaller index.
    pub a: u32,
    /// The other entity.
    pub b: u32,
    /// Shared windows.
    pub weight: u32,
    /// Normalised pointwise mutual information.
    pub npmi: f64,
    /// Its episodes: a range of the edge-episodes section ([`QueryIndex::edge_episodes`]).
    pub episodes: (u32, u32),
}

impl IndexEdge {
    fn encode(&self, out: &mut Vec<u8>) {
        for n in [self.a, self.b, self.weight] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        out.extend_from_slice(&self.npmi.to_le_bytes());
        out.extend_from_slice(&self.episodes.0.to_le_bytes());
        out.extend_from_slice(&self.episodes.1.to_le_bytes());
    }

    fn decode(record: &[u8]) -> IndexEdge {
        let u32_at = |i: usize| u32::from_le_bytes(record[i..i + 4].try_into().expect("4 bytes"));
        IndexEdge {
            a: u32_at(0),
            b: u32_at(4),
            weight: u32_at(8),
            npmi: f64::from_le_bytes(record[12..20].try_into().expect("8 bytes")),
            episodes: (u32_at(20), u32_at(24)),
        }
    }
}

/// One mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexMention {
    /// Index of the entity in [`QueryIndex::entities`].
    pub entity: u32,
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

impl IndexMention {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.entity.to_le_bytes());
        out.extend_from_slice(&self.segment.to_le_bytes());
        out.extend_from_slice(&self.start_ms.unwrap_or(u64::MAX).to_le_bytes());
        out.extend_from_slice(&self.speaker.unwrap_or(u32::MAX).to_le_bytes());
        for o in self.snippet {
            out.extend_from_slice(&o.to_le_bytes());
        }
    }

    fn decode(record: &[u8]) -> IndexMention {
        let u32_at = |i: usize| u32::from_le_bytes(record[i..i + 4].try_into().expect("4 bytes"));
        let start_ms = u64::from_le_bytes(record[8..16].try_into().expect("8 bytes"));
        let speaker = u32_at(16);
        IndexMention {
            entity: u32_at(0),
            segment: u32_at(4),
            start_ms: (start_ms != u64::MAX).then_some(start_ms),
            speaker: (speaker != u32::MAX).then_some(speaker),
            snippet: [u32_at(20), u32_at(24), u32_at(28), u32_at(32)],
        }
    }
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
        let [s0, s1, s2, s3] = mention.snippet.map(|o| o as usize);
        (&self.text[s0..s1], &self.text[s1..s2], &self.text[s2..s3])
    }
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

/// One episode's part of the input to [`QueryIndex::build`].
pub struct EpisodeInput<'a> {
    /// Its transcript.
    pub transcript: &'a Transcript,
    /// Its mentions, in text order.
    pub mentions: &'a [Mention],
}

/// Where an index's mentions and text wait until the graph is known: a temporary file (deleted
/// when dropped, also on a crash) or, for small builds and tests, memory.
enum Spill {
    Memory(Vec<u8>),
    File(io::BufWriter<std::fs::File>),
}

impl Spill {
    fn new(dir: Option<&Path>) -> io::Result<Spill> {
        Ok(match dir {
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                Spill::File(io::BufWriter::with_capacity(
                    1 << 16,
                    tempfile::tempfile_in(dir)?,
                ))
            }
            None => Spill::Memory(Vec::new()),
        })
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Spill::Memory(v) => {
                v.extend_from_slice(bytes);
                Ok(())
            }
            Spill::File(f) => io::Write::write_all(f, bytes),
        }
    }

    /// Copies everything spilled to `out`.
    fn copy_to(self, out: &mut dyn io::Write) -> io::Result<()> {
        match self {
            Spill::Memory(v) => out.write_all(&v),
            Spill::File(f) => {
                let mut file = f.into_inner().map_err(io::IntoInnerError::into_error)?;
                file.rewind()?;
                io::copy(&mut file, out).map(|_| ())
            }
        }
    }
}

/// One episode's share of the index, made from its transcript and mentions (in parallel across
/// episodes) so that the transcript can be let go before the episode is added to an
/// [`IndexBuilder`]: its snippet text, its speakers, and its mentions pointing into both.
pub struct EpisodePart {
    text: String,
    speakers: Vec<String>,
    mentions: Vec<IndexMention>,
}

impl EpisodePart {
    /// The part of one episode; `positions` gives each catalog entity's index position
    /// ([`IndexBuilder::positions`]). `O(m log s)` for `m` mentions and `s` segments.
    pub fn of(input: &EpisodeInput<'_>, positions: &[Option<u32>]) -> EpisodePart {
        let t = input.transcript;
        let mut text = String::new();
        let mut speakers: Vec<String> = Vec::new();
        let mut mentions = Vec::with_capacity(input.mentions.len());
        // Snippets point into the text of their segment, stored once per segment: a file that
        // repeats one name a million times costs its own size, not a snippet each.
        let mut stored: HashMap<usize, usize> = HashMap::new();
        let mut speaker_of: HashMap<&str, u32> = HashMap::new();
        for m in input.mentions {
            let Some(entity) = positions[m.entity.index()] else {
                continue;
            };
            let segment = &t.segments()[m.segment];
            let speaker = t.speaker_name(segment).map(|name| {
                *speaker_of.entry(name).or_insert_with(|| {
                    speakers.push(name.to_owned());
                    (speakers.len() - 1) as u32
                })
            });
            let (before, matched, after) = t.context(m.start..m.end, SNIPPET_WIDTH);
            let lo = before.as_ptr() as usize - t.text().as_ptr() as usize;
            let hi = lo + before.len() + matched.len() + after.len();
            let seg = segment.text.clone();
            let base = if seg.start <= lo && hi <= seg.end {
                let at = *stored.entry(m.segment).or_insert_with(|| {
                    let at = text.len();
                    text.push_str(&t.text()[seg.clone()]);
                    at
                });
                at + lo - seg.start
            } else {
                // Not inside its segment (never seen): keep the snippet's own copy.
                let at = text.len();
                text.push_str(&t.text()[lo..hi]);
                at
            };
            // An episode's text is one transcript's segments: far below 4 GiB.
            let s0 = base as u32;
            let s1 = s0 + before.len() as u32;
            let s2 = s1 + matched.len() as u32;
            let s3 = s2 + after.len() as u32;
            mentions.push(IndexMention {
                entity,
                segment: m.segment as u32,
                start_ms: t.time_at(m.start).map(|s| s.as_millis()),
                speaker,
                snippet: [s0, s1, s2, s3],
            });
        }
        EpisodePart {
            text,
            speakers,
            mentions,
        }
    }
}

/// Writes `index.bin` episode by episode: mentions and text go to spill files as episodes come
/// (in corpus order), so memory holds one batch of episodes, not the archive's snippets; the
/// head, the postings and the co-mentions, known once the graph is, are written in front of
/// them at the end ([`IndexBuilder::write`]).
pub struct IndexBuilder {
    positions: Vec<Option<u32>>,
    /// Catalog positions in index order.
    order: Vec<usize>,
    speaker_of: HashMap<String, u32>,
    speakers: Vec<String>,
    mentions: Spill,
    mention_count: u64,
    text: Spill,
    text_len: u64,
    /// Each episode's mention records and text.
    episodes: Vec<((u32, u32), (u64, u64))>,
    scratch: Vec<u8>,
    /// The most records of a kind: [`MAX_RECORDS`], smaller in tests.
    limit: u64,
}

/// The most records of a kind (mentions, speakers, co-mention episodes, postings) an index
/// addresses: its positions are `u32`.
const MAX_RECORDS: u64 = u32::MAX as u64;

/// `n` as a record position, if the index can address it (`limit`, [`MAX_RECORDS`] but in tests).
fn record_position(n: u64, limit: u64, what: &str) -> io::Result<u32> {
    if n > limit {
        return Err(io::Error::other(format!(
            "the index holds more {what} than its format addresses ({limit}); build the \
             archive in parts (a folder of shows each)"
        )));
    }
    Ok(n as u32)
}

impl IndexBuilder {
    /// An empty index for `catalog`'s entities; mentions and text spill to temporary files in
    /// `spill_dir` (created if missing), or to memory if `None`.
    pub fn new(catalog: &Catalog, spill_dir: Option<&Path>) -> io::Result<IndexBuilder> {
        // Every catalog entity, mentioned or not, so that a query for one never mentioned is
        // told "not mentioned" rather than "unknown", and misspellings get suggestions from all.
        let entities = catalog.entities();
        let mut order: Vec<usize> = (0..entities.len()).collect();
        order.sort_by(|&a, &b| entities[a].id.cmp(&entities[b].id));
        let mut positions = vec![None; entities.len()];
        for (position, &e) in order.iter().enumerate() {
            positions[e] = Some(record_position(position as u64, MAX_RECORDS, "entities")?);
        }
        Ok(IndexBuilder {
            positions,
            order,
            speaker_of: HashMap::new(),
            speakers: Vec::new(),
            mentions: Spill::new(spill_dir)?,
            mention_count: 0,
            text: Spill::new(spill_dir)?,
            text_len: 0,
            episodes: Vec::new(),
            scratch: Vec::with_capacity(MENTION_BYTES * 64),
            limit: MAX_RECORDS,
        })
    }

    /// Each catalog entity's position in the index, for [`EpisodePart::of`].
    pub fn positions(&self) -> &[Option<u32>] {
        &self.positions
    }

    /// Adds the next episode's part.
    pub fn add(&mut self, part: EpisodePart) -> io::Result<()> {
        let record = |n: u64| record_position(n, self.limit, "mentions");
        let first = record(self.mention_count)?;
        let mut speakers = Vec::with_capacity(part.speakers.len());
        for name in part.speakers {
            let next = record_position(self.speakers.len() as u64, self.limit, "speakers")?;
            let at = *self.speaker_of.entry(name.clone()).or_insert_with(|| {
                self.speakers.push(name);
                next
            });
            speakers.push(at);
        }
        self.scratch.clear();
        for mut m in part.mentions {
            m.speaker = m.speaker.map(|s| speakers[s as usize]);
            m.encode(&mut self.scratch);
            self.mention_count += 1;
        }
        self.mentions.write(&self.scratch)?;
        let text_start = self.text_len;
        self.text.write(part.text.as_bytes())?;
        self.text_len += part.text.len() as u64;
        self.episodes.push((
            (first, record(self.mention_count)?),
            (text_start, self.text_len),
        ));
        Ok(())
    }

    /// Writes the whole index to `out`: the section table, the head (entities, episodes and
    /// co-mentions of `document`, whose episodes are those added, in order), the edges'
    /// episodes and the postings, then the spilled mentions and text. `O(E + V + P)` for the
    /// postings `P`, plus copying the spills.
    pub fn write(
        self,
        document: &GraphDocument,
        catalog: &Catalog,
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        if self.episodes.len() != document.episodes.len() {
            return Err(io::Error::other(
                "the index and the graph document hold different episodes",
            ));
        }
        let entities = catalog.entities();
        let nodes: HashMap<&str, &DocumentNode> =
            document.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
        let position: HashMap<&str, u32> = self
            .order
            .iter()
            .enumerate()
            .map(|(i, &e)| (entities[e].id.as_str(), i as u32))
            .collect();
        let episode_position: HashMap<&str, u32> = document
            .episodes
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i as u32))
            .collect();
        let mut edge_episodes: Vec<u8> = Vec::new();
        let mut edge_episode_count = 0u64;
        let mut edges: Vec<u8> = Vec::new();
        for e in document.edge_list() {
            let (Some(&a), Some(&b)) = (
                position.get(e.source.as_str()),
                position.get(e.target.as_str()),
            ) else {
                continue;
            };
            let first = record_position(edge_episode_count, self.limit, "co-mention episodes")?;
            for id in e.episodes.iter() {
                if let Some(&episode) = episode_position.get(id) {
                    edge_episodes.extend_from_slice(&episode.to_le_bytes());
                    edge_episode_count += 1;
                }
            }
            let end = record_position(edge_episode_count, self.limit, "co-mention episodes")?;
            IndexEdge {
                a: a.min(b),
                b: a.max(b),
                weight: e.weight as u32,
                npmi: e.npmi,
                episodes: (first, end),
            }
            .encode(&mut edges);
        }
        // Postings: per entity (in index order), the episodes that mention it and how often.
        let mut postings_of: Vec<Vec<(u32, u32)>> = vec![Vec::new(); self.order.len()];
        for (episode, listed) in document.episodes.iter().enumerate() {
            for count in &listed.entities {
                if let Some(&p) = position.get(&*count.id) {
                    postings_of[p as usize].push((episode as u32, count.mentions as u32));
                }
            }
        }
        let mut postings: Vec<u8> = Vec::new();
        let mut posting_ranges = Vec::with_capacity(postings_of.len());
        let mut posting_count = 0u64;
        for list in &postings_of {
            let first = record_position(posting_count, self.limit, "postings")?;
            for &(episode, count) in list {
                postings.extend_from_slice(&episode.to_le_bytes());
                postings.extend_from_slice(&count.to_le_bytes());
                posting_count += 1;
            }
            let end = record_position(posting_count, self.limit, "postings")?;
            posting_ranges.push((first, end));
        }
        drop(postings_of);
        let head = Head {
            build: document.graph.build.clone(),
            window: document.graph.window.clone(),
            entities: self
                .order
                .iter()
                .zip(posting_ranges)
                .map(|(&i, postings)| {
                    let e = &entities[i];
                    let node = nodes.get(e.id.as_str());
                    IndexEntity {
                        id: e.id.clone(),
                        name: e.name.clone(),
                        kind: e.kind,
                        aliases: e.aliases.clone(),
                        ambiguous_aliases: e.ambiguous_aliases.clone(),
                        tags: e.tags.clone(),
                        mentions: node.map_or(0, |n| n.mentions as u32),
                        episodes: node.map_or(0, |n| n.episodes as u32),
                        pagerank: node.map_or(0.0, |n| n.pagerank),
                        betweenness: node.map_or(0.0, |n| n.betweenness),
                        community: node.map(|n| n.community as u32),
                        postings,
                    }
                })
                .collect(),
            episodes: document
                .episodes
                .iter()
                .zip(&self.episodes)
                .map(|(record, &(mentions, text))| IndexEpisode {
                    id: record.id.clone(),
                    show: record.show.clone(),
                    number: record.number,
                    title: record.title.clone(),
                    date: record.date.clone(),
                    source_path: record.source_path.clone(),
                    mentions,
                    text,
                })
                .collect(),
            speakers: self.speakers,
        };
        let head = postcard::to_stdvec(&head).map_err(io::Error::other)?;
        let lengths = [
            head.len() as u64,
            edges.len() as u64,
            edge_episodes.len() as u64,
            postings.len() as u64,
            self.mention_count * MENTION_BYTES as u64,
            self.text_len,
        ];
        write_preamble(out, lengths)?;
        out.write_all(&head)?;
        out.write_all(&edges)?;
        out.write_all(&edge_episodes)?;
        out.write_all(&postings)?;
        self.mentions.copy_to(out)?;
        self.text.copy_to(out)
    }
}

/// Writes the magic, the version and the section table for sections of `lengths`.
fn write_preamble(out: &mut dyn io::Write, lengths: [u64; SECTIONS]) -> io::Result<()> {
    out.write_all(MAGIC)?;
    out.write_all(&INDEX_VERSION.to_le_bytes())?;
    let mut offset = PREAMBLE as u64;
    for len in lengths {
        out.write_all(&offset.to_le_bytes())?;
        out.write_all(&len.to_le_bytes())?;
        offset += len;
    }
    Ok(())
}

impl QueryIndex {
    /// An index made directly from its parts, for tests and tools: each episode with its
    /// mentions and the text their snippets point into, each edge with its episodes. The
    /// ranges the parts hold (postings, mentions, text, edge episodes) are computed here.
    pub fn from_parts(
        build: &str,
        window: &str,
        mut entities: Vec<IndexEntity>,
        episodes: Vec<(IndexEpisode, Vec<IndexMention>, String)>,
        edges: Vec<(IndexEdge, Vec<u32>)>,
        speakers: Vec<String>,
    ) -> Result<QueryIndex, IndexError> {
        let mut postings_of: Vec<Vec<(u32, u32)>> = vec![Vec::new(); entities.len()];
        let (mut records, mut text, mut index_episodes) = (Vec::new(), Vec::new(), Vec::new());
        let mut count = 0u32;
        for (e, (mut episode, mentions, episode_text)) in episodes.into_iter().enumerate() {
            let mut counts: std::collections::BTreeMap<u32, u32> = Default::default();
            for m in &mentions {
                *counts.entry(m.entity).or_default() += 1;
                m.encode(&mut records);
            }
            for (entity, n) in counts {
                if let Some(list) = postings_of.get_mut(entity as usize) {
                    list.push((e as u32, n));
                }
            }
            episode.mentions = (count, count + mentions.len() as u32);
            count += mentions.len() as u32;
            episode.text = (text.len() as u64, (text.len() + episode_text.len()) as u64);
            text.extend_from_slice(episode_text.as_bytes());
            index_episodes.push(episode);
        }
        let mut postings = Vec::new();
        let mut at = 0u32;
        for (entity, list) in entities.iter_mut().zip(postings_of) {
            for (episode, n) in &list {
                postings.extend_from_slice(&episode.to_le_bytes());
                postings.extend_from_slice(&n.to_le_bytes());
            }
            entity.postings = (at, at + list.len() as u32);
            at += list.len() as u32;
        }
        let (mut edge_episodes, mut edge_records) = (Vec::new(), Vec::new());
        let mut at = 0u32;
        for (mut edge, episodes) in edges {
            for e in &episodes {
                edge_episodes.extend_from_slice(&e.to_le_bytes());
            }
            edge.episodes = (at, at + episodes.len() as u32);
            at += episodes.len() as u32;
            edge.encode(&mut edge_records);
        }
        let head = postcard::to_stdvec(&Head {
            build: build.to_owned(),
            window: window.to_owned(),
            entities,
            episodes: index_episodes,
            speakers,
        })
        .expect("an index head serialises");
        let mut bytes = Vec::new();
        write_preamble(
            &mut bytes,
            [
                head.len() as u64,
                edge_records.len() as u64,
                edge_episodes.len() as u64,
                postings.len() as u64,
                records.len() as u64,
                text.len() as u64,
            ],
        )
        .expect("writing to memory does not fail");
        for section in [
            &head,
            &edge_records,
            &edge_episodes,
            &postings,
            &records,
            &text,
        ] {
            bytes.extend_from_slice(section);
        }
        QueryIndex::from_bytes(bytes)
    }

    /// The index of a saved graph, the catalog it was built with and the mentions behind it.
    /// `episodes` is parallel to `document.episodes`. In memory; a build writes it episode by
    /// episode with an [`IndexBuilder`] instead.
    pub fn build(
        document: &GraphDocument,
        catalog: &Catalog,
        episodes: &[EpisodeInput<'_>],
    ) -> QueryIndex {
        let mut builder = IndexBuilder::new(catalog, None).expect("memory spills do not fail");
        for input in episodes {
            let part = EpisodePart::of(input, builder.positions());
            builder.add(part).expect("memory spills do not fail");
        }
        let mut bytes = Vec::new();
        builder
            .write(document, catalog, &mut bytes)
            .expect("memory spills do not fail");
        QueryIndex::from_bytes(bytes).expect("a written index reads back")
    }

    /// Reads an index's head from `path`; the rest is read when asked for.
    pub fn load(path: &Path) -> Result<QueryIndex, IndexError> {
        let io_error = |source| IndexError::Io {
            path: path.to_owned(),
            source,
        };
        let mut file = std::fs::File::open(path).map_err(io_error)?;
        let length = file.metadata().map_err(io_error)?.len();
        let mut preamble = vec![0u8; PREAMBLE.min(length as usize)];
        file.read_exact(&mut preamble).map_err(io_error)?;
        let store = Store::new(
            path.to_owned(),
            Source::File(Mutex::new(file)),
            &preamble,
            length,
        )?;
        QueryIndex::from_store(store)
    }

    /// Reads an index from the bytes an [`IndexBuilder`] wrote.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<QueryIndex, IndexError> {
        let length = bytes.len() as u64;
        let preamble = bytes[..PREAMBLE.min(bytes.len())].to_vec();
        let store = Store::new(
            PathBuf::from("<memory>"),
            Source::Bytes(bytes),
            &preamble,
            length,
        )?;
        QueryIndex::from_store(store)
    }

    fn from_store(store: Store) -> Result<QueryIndex, IndexError> {
        let bytes = store.read(HEAD, 0, store.sections[HEAD].1)?;
        let head: Head = postcard::from_bytes(&bytes).map_err(|e| store.invalid(e.to_string()))?;
        let index = QueryIndex {
            build: head.build,
            window: head.window,
            entities: head.entities,
            episodes: head.episodes,
            speakers: head.speakers,
            edges: std::sync::OnceLock::new(),
            store,
        };
        index.check().map_err(|m| index.store.invalid(m))?;
        Ok(index)
    }

    /// Checks that every range of the head points inside its section, so that queries can read
    /// without panicking on a file that decodes but was tampered with.
    fn check(&self) -> Result<(), String> {
        let count = |section: usize, record: u64| self.store.sections[section].1 / record;
        let within = |(a, b): (u32, u32), n: u64| a <= b && u64::from(b) <= n;
        let postings = count(POSTINGS, 8);
        if self.entities.iter().any(|e| !within(e.postings, postings)) {
            return Err("an entity points outside the index".to_owned());
        }
        let mentions = count(MENTIONS, MENTION_BYTES as u64);
        let text = self.store.sections[TEXT].1;
        if self
            .episodes
            .iter()
            .any(|e| !within(e.mentions, mentions) || e.text.0 > e.text.1 || e.text.1 > text)
        {
            return Err("an episode points outside the index".to_owned());
        }
        if !self.store.sections[EDGES]
            .1
            .is_multiple_of(EDGE_BYTES as u64)
        {
            return Err("the co-mentions are truncated".to_owned());
        }
        Ok(())
    }

    /// The co-mentions, ordered by entity indices: read and checked on first use (one read).
    pub fn edges(&self) -> Result<&[IndexEdge], IndexError> {
        if let Some(edges) = self.edges.get() {
            return Ok(edges);
        }
        let bytes = self.store.read(EDGES, 0, self.store.sections[EDGES].1)?;
        let edges: Vec<IndexEdge> = bytes
            .chunks_exact(EDGE_BYTES)
            .map(IndexEdge::decode)
            .collect();
        let entities = self.entities.len() as u32;
        let edge_episodes = self.store.sections[EDGE_EPISODES].1 / 4;
        let within = |(a, b): (u32, u32), n: u64| a <= b && u64::from(b) <= n;
        if edges
            .iter()
            .any(|e| e.a >= entities || e.b >= entities || !within(e.episodes, edge_episodes))
        {
            return Err(self
                .store
                .invalid("a co-mention points outside the index".to_owned()));
        }
        Ok(self.edges.get_or_init(|| edges))
    }

    /// The mentions of episode `episode`, with their snippets' text (one read each).
    pub fn episode_mentions(&self, episode: usize) -> Result<IndexedMentions, IndexError> {
        let e = &self.episodes[episode];
        let (a, b) = e.mentions;
        let records = self.store.read(
            MENTIONS,
            u64::from(a) * MENTION_BYTES as u64,
            u64::from(b - a) * MENTION_BYTES as u64,
        )?;
        let text = self.store.read(TEXT, e.text.0, e.text.1 - e.text.0)?;
        let text = String::from_utf8(text).map_err(|_| {
            self.store
                .invalid("an episode's text is not UTF-8".to_owned())
        })?;
        let mentions: Vec<IndexMention> = records
            .chunks_exact(MENTION_BYTES)
            .map(IndexMention::decode)
            .collect();
        let in_text = |a: u32, b: u32| {
            a <= b
                && (b as usize) <= text.len()
                && text.is_char_boundary(a as usize)
                && text.is_char_boundary(b as usize)
        };
        for m in &mentions {
            let [s0, s1, s2, s3] = m.snippet;
            if m.entity as usize >= self.entities.len()
                || m.speaker.is_some_and(|s| s as usize >= self.speakers.len())
                || !(in_text(s0, s1) && in_text(s1, s2) && in_text(s2, s3))
            {
                return Err(self
                    .store
                    .invalid("a mention points outside the index".to_owned()));
            }
        }
        Ok(IndexedMentions { mentions, text })
    }

    /// The episodes an edge's entities share windows in (one read).
    pub fn edge_episodes(&self, edge: &IndexEdge) -> Result<Vec<u32>, IndexError> {
        let (a, b) = edge.episodes;
        let bytes = self
            .store
            .read(EDGE_EPISODES, u64::from(a) * 4, u64::from(b - a) * 4)?;
        let episodes: Vec<u32> = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect();
        if episodes.iter().any(|&e| e as usize >= self.episodes.len()) {
            return Err(self
                .store
                .invalid("a co-mention names an episode outside the index".to_owned()));
        }
        Ok(episodes)
    }

    /// The episodes that mention `entity`, with how often: `(episode, mentions)` in corpus
    /// order (one read).
    pub fn postings(&self, entity: u32) -> Result<Vec<(u32, u32)>, IndexError> {
        let (a, b) = self.entities[entity as usize].postings;
        let bytes = self
            .store
            .read(POSTINGS, u64::from(a) * 8, u64::from(b - a) * 8)?;
        let postings: Vec<(u32, u32)> = bytes
            .chunks_exact(8)
            .map(|c| {
                (
                    u32::from_le_bytes(c[..4].try_into().expect("4 bytes")),
                    u32::from_le_bytes(c[4..].try_into().expect("4 bytes")),
                )
            })
            .collect();
        if postings
            .iter()
            .any(|&(e, _)| e as usize >= self.episodes.len())
        {
            return Err(self
                .store
                .invalid("an entity names an episode outside the index".to_owned()));
        }
        Ok(postings)
    }

    /// A mention's speaker.
    pub fn speaker(&self, mention: &IndexMention) -> Option<&str> {
        mention
            .speaker
            .and_then(|s| self.speakers.get(s as usize))
            .map(String::as_str)
    }
}

impl Store {
    /// Validates the preamble (magic, version, a section table inside a file of `length`).
    fn new(
        path: PathBuf,
        source: Source,
        preamble: &[u8],
        length: u64,
    ) -> Result<Store, IndexError> {
        let invalid = |message: &str| IndexError::Invalid {
            path: path.clone(),
            message: message.to_owned(),
        };
        let version_at = MAGIC.len();
        if preamble.len() < version_at + 4 || &preamble[..version_at] != MAGIC {
            return Err(invalid("it does not start with the index header"));
        }
        let found = u32::from_le_bytes(
            preamble[version_at..version_at + 4]
                .try_into()
                .expect("4 bytes"),
        );
        if found != INDEX_VERSION {
            return Err(IndexError::Version { path, found });
        }
        if preamble.len() < PREAMBLE {
            return Err(invalid("it is truncated"));
        }
        let mut sections = [(0u64, 0u64); SECTIONS];
        for (i, section) in sections.iter_mut().enumerate() {
            let at = version_at + 4 + i * 16;
            let word =
                |j: usize| u64::from_le_bytes(preamble[j..j + 8].try_into().expect("8 bytes"));
            *section = (word(at), word(at + 8));
            if section
                .0
                .checked_add(section.1)
                .is_none_or(|end| end > length)
            {
                return Err(invalid("it is truncated"));
            }
        }
        Ok(Store {
            path,
            source,
            sections,
        })
    }

    fn invalid(&self, message: String) -> IndexError {
        IndexError::Invalid {
            path: self.path.clone(),
            message,
        }
    }

    /// `len` bytes at `offset` of `section` (the caller's range was checked against the
    /// section at load, or is checked here).
    fn read(&self, section: usize, offset: u64, len: u64) -> Result<Vec<u8>, IndexError> {
        let (start, size) = self.sections[section];
        if offset.checked_add(len).is_none_or(|end| end > size) {
            return Err(self.invalid("a range points outside its section".to_owned()));
        }
        let at = start + offset;
        match &self.source {
            Source::Bytes(bytes) => Ok(bytes[at as usize..(at + len) as usize].to_vec()),
            Source::File(file) => {
                let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
                let mut buffer = vec![0u8; len as usize];
                file.seek(SeekFrom::Start(at))
                    .and_then(|_| file.read_exact(&mut buffer))
                    .map_err(|source| IndexError::Io {
                        path: self.path.clone(),
                        source,
                    })?;
                Ok(buffer)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts of a one-episode index: pytest said by Brian at 1.5 s.
    struct Parts {
        entities: Vec<IndexEntity>,
        episodes: Vec<(IndexEpisode, Vec<IndexMention>, String)>,
        edges: Vec<(IndexEdge, Vec<u32>)>,
        speakers: Vec<String>,
    }

    fn parts() -> Parts {
        let entity = |id: &str| IndexEntity {
            id: id.to_owned(),
            name: id.to_owned(),
            kind: Kind::Package,
            aliases: vec![id.to_owned()],
            ambiguous_aliases: Vec::new(),
            tags: Vec::new(),
            mentions: 1,
            episodes: 1,
            pagerank: 1.0,
            betweenness: 0.0,
            community: Some(0),
            postings: (0, 0),
        };
        Parts {
            entities: vec![entity("pytest"), entity("tox")],
            episodes: vec![(
                IndexEpisode {
                    id: "ep-1".to_owned(),
                    show: Some("Show".to_owned()),
                    number: Some(1),
                    title: None,
                    date: Some("2020-01-01".to_owned()),
                    source_path: "ep.txt".to_owned(),
                    mentions: (0, 0),
                    text: (0, 0),
                },
                vec![
                    IndexMention {
                        entity: 0,
                        segment: 0,
                        start_ms: Some(1500),
                        speaker: Some(0),
                        snippet: [0, 4, 10, 15],
                    },
                    IndexMention {
                        entity: 1,
                        segment: 1,
                        start_ms: None,
                        speaker: None,
                        snippet: [17, 21, 24, 24],
                    },
                ],
                "we lpytest rocks and tox".to_owned(),
            )],
            edges: vec![(
                IndexEdge {
                    a: 0,
                    b: 1,
                    weight: 1,
                    npmi: 0.5,
                    episodes: (0, 0),
                },
                vec![0],
            )],
            speakers: vec!["Brian".to_owned()],
        }
    }

    fn index_of(p: Parts) -> Result<QueryIndex, IndexError> {
        QueryIndex::from_parts("test", "60s", p.entities, p.episodes, p.edges, p.speakers)
    }

    /// The index's bytes, written to a file.
    fn saved(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(INDEX_FILE);
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    fn bytes_of(index: &QueryIndex) -> Vec<u8> {
        match &index.store.source {
            Source::Bytes(bytes) => bytes.clone(),
            Source::File(_) => unreachable!("made in memory"),
        }
    }

    #[test]
    fn an_index_reads_back_as_written_and_reads_only_what_is_asked() {
        let (_dir, path) = saved(&bytes_of(&index_of(parts()).unwrap()));
        let index = QueryIndex::load(&path).unwrap();
        assert_eq!(index.build, "test");
        assert_eq!(index.episodes[0].mentions, (0, 2));
        let read = index.episode_mentions(0).unwrap();
        assert_eq!(read.mentions, parts().episodes[0].1);
        assert_eq!(read.snippet(&read.mentions[0]), ("we l", "pytest", " rock"));
        assert_eq!(read.snippet(&read.mentions[1]), ("and ", "tox", ""));
        assert_eq!(index.speaker(&read.mentions[0]), Some("Brian"));
        assert_eq!(index.speaker(&read.mentions[1]), None);
        assert_eq!(index.postings(0).unwrap(), [(0, 1)]);
        assert_eq!(index.postings(1).unwrap(), [(0, 1)]);
        assert_eq!(
            index.edge_episodes(&index.edges().unwrap()[0]).unwrap(),
            [0]
        );
    }

    #[test]
    fn an_index_pointing_outside_itself_is_refused() {
        type Tamper = fn(&mut Parts);
        // Refused when first read: the co-mentions.
        let mut p = parts();
        p.edges[0].0.b = 7;
        let error = index_of(p).unwrap().edges().err().unwrap().to_string();
        assert!(
            error.contains("a co-mention points outside the index"),
            "{error}"
        );
        // Refused when the episode is read: its mentions.
        let when_read: [(&str, Tamper); 3] = [
            ("a mention points outside the index", |p| {
                p.episodes[0].1[0].entity = 7
            }),
            ("a mention points outside the index", |p| {
                p.episodes[0].1[0].snippet[3] = 999
            }),
            ("a mention points outside the index", |p| {
                p.episodes[0].1[0].speaker = Some(3)
            }),
        ];
        for (message, tamper) in when_read {
            let mut p = parts();
            tamper(&mut p);
            let (_dir, path) = saved(&bytes_of(&index_of(p).unwrap()));
            let index = QueryIndex::load(&path).unwrap();
            let error = index.episode_mentions(0).unwrap_err().to_string();
            assert!(error.contains(message), "{error}");
            assert!(error.ends_with("rebuild with `podgraph build`"), "{error}");
        }
    }

    #[test]
    fn an_index_past_its_format_limit_is_an_error_not_a_wrong_file() {
        let catalog = Catalog::from_toml_str(
            "[[entity]]\nid = \"pytest\"\nname = \"pytest\"\nkind = \"package\"\naliases = [\"pytest\"]\n",
        )
        .unwrap();
        let extractor = crate::extract::Extractor::new(&catalog).unwrap();
        let t = crate::transcript::parse_bytes(
            b"00:01 pytest and pytest and pytest\n",
            Path::new("t.txt"),
            &crate::transcript::ParseOptions::default(),
        )
        .unwrap();
        let mentions = extractor.extract(&t);
        let input = EpisodeInput {
            transcript: &t,
            mentions: &mentions,
        };
        let add = |limit: u64| {
            let mut builder = IndexBuilder::new(&catalog, None).unwrap();
            builder.limit = limit;
            let part = EpisodePart::of(&input, builder.positions());
            builder.add(part)
        };
        assert!(add(3).is_ok());
        let error = add(2).unwrap_err().to_string();
        assert!(
            error.contains(
                "more mentions than its format addresses (2); build the archive in parts"
            ),
            "{error}"
        );
    }

    #[test]
    fn a_truncated_index_or_another_version_is_refused_with_what_to_do() {
        let bytes = bytes_of(&index_of(parts()).unwrap());
        let (_dir, path) = saved(&bytes[..bytes.len() - 3]);
        let error = QueryIndex::load(&path).err().unwrap().to_string();
        assert!(error.contains("it is truncated"), "{error}");
        let mut old = bytes.clone();
        old[8..12].copy_from_slice(&2u32.to_le_bytes());
        let (_dir, path) = saved(&old);
        let error = QueryIndex::load(&path).err().unwrap().to_string();
        assert!(error.contains("written in index format 2"), "{error}");
        assert!(error.ends_with("rebuild with `podgraph build`"), "{error}");
    }
}
