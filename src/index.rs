//! The query index: what `podgraph build` saves so that queries answer without reading
//! transcripts again, as a fresh process, in milliseconds.
//!
//! `graph.json` is for people and other programs; parsing its 13 MB for the whole Python Bytes
//! archive takes longer than a query should. `index.bin` holds what queries need — entities with
//! their names and aliases, episodes, co-mentions, and every mention with its time, speaker and
//! snippet — as a struct of flat arrays serialised with postcard: numbers are varints, and all
//! snippets and speaker names live in one string addressed by offsets, so loading is a handful of
//! allocations rather than one per mention.
//!
//! The file starts with an 8-byte magic and a version; a file from another version is refused
//! with a message to rebuild, as is a truncated or corrupt one.

use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use std::collections::HashMap;

use crate::catalog::{Catalog, Kind};
use crate::export::{DocumentNode, GraphDocument};
use crate::extract::Mention;
use crate::transcript::Transcript;

/// The version of `index.bin`'s layout.
pub const INDEX_VERSION: u32 = 2;

/// The file name `build` gives the index.
pub const INDEX_FILE: &str = "index.bin";

const MAGIC: &[u8; 8] = b"PODGRAPH";

/// How much text a snippet shows either side of a mention, in bytes.
pub const SNIPPET_WIDTH: usize = 70;

/// Everything queries read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueryIndex {
    /// The build that wrote it: the `build` of the `graph.json` written beside it.
    pub build: String,
    /// The co-mention window the graph was built with (`60s`).
    pub window: String,
    /// Every catalog entity, mentioned or not, in id order.
    pub entities: Vec<IndexEntity>,
    /// The episodes, in corpus order.
    pub episodes: Vec<IndexEpisode>,
    /// Co-mentions, ordered by entity indices.
    pub edges: Vec<IndexEdge>,
    /// The episode indices of every edge, back to back (see [`IndexEdge::episodes`]).
    pub edge_episodes: Vec<u32>,
    /// Every mention, by episode, in text order.
    pub mentions: Vec<IndexMention>,
    /// Snippets and speaker names, addressed by byte offsets.
    pub text: String,
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
    /// Community number (`u32::MAX` if never mentioned).
    pub community: u32,
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
    /// Its mentions: a range of [`QueryIndex::mentions`].
    pub mentions: (u32, u32),
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
    /// Its episodes: a range of [`QueryIndex::edge_episodes`].
    pub episodes: (u32, u32),
}

/// One mention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexMention {
    /// Index of the entity in [`QueryIndex::entities`].
    pub entity: u32,
    /// Segment of its transcript.
    pub segment: u32,
    /// When the mention is said (the time of its fragment or segment), in milliseconds, if
    /// the transcript is timed.
    pub start_ms: Option<u64>,
    /// The speaker's name: a range of [`QueryIndex::text`].
    pub speaker: Option<(u32, u32)>,
    /// The snippet: `text[s0..s1]` before the match, `[s1..s2]` the match as written,
    /// `[s2..s3]` after it.
    pub snippet: [u32; 4],
}

/// What is wrong with an index's bytes.
#[derive(Debug)]
enum Malformed {
    Version(u32),
    Invalid(String),
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
                io::Seek::rewind(&mut file)?;
                io::copy(&mut file, out).map(|_| ())
            }
        }
    }
}

/// A piece of an episode's index text: a speaker's name (stored once per index) or the text of
/// a segment holding mentions (stored once per episode).
enum Piece {
    Speaker(String),
    Text(String),
}

/// A mention as an [`EpisodePart`] holds it: offsets into its pieces.
struct PartMention {
    entity: u32,
    segment: u32,
    start_ms: Option<u64>,
    /// The speaker's piece.
    speaker: Option<usize>,
    /// The text piece and the snippet's offsets in it.
    piece: usize,
    snippet: [u32; 4],
}

/// One episode's share of the index, made from its transcript and mentions (in parallel across
/// episodes) so that the transcript can be let go before the episode is added to an
/// [`IndexBuilder`].
pub struct EpisodePart {
    pieces: Vec<Piece>,
    mentions: Vec<PartMention>,
}

impl EpisodePart {
    /// The part of one episode; `positions` gives each catalog entity's index position
    /// ([`IndexBuilder::positions`]). `O(m log s)` for `m` mentions and `s` segments.
    pub fn of(input: &EpisodeInput<'_>, positions: &[Option<u32>]) -> EpisodePart {
        let t = input.transcript;
        let mut pieces = Vec::new();
        let mut mentions = Vec::with_capacity(input.mentions.len());
        // Snippets point into the text of their segment, stored once per segment: a file that
        // repeats one name a million times costs its own size, not a snippet each.
        let mut stored: HashMap<usize, usize> = HashMap::new();
        let mut speakers: HashMap<&str, usize> = HashMap::new();
        for m in input.mentions {
            let Some(entity) = positions[m.entity.index()] else {
                continue;
            };
            let segment = &t.segments()[m.segment];
            let speaker = t.speaker_name(segment).map(|name| {
                *speakers.entry(name).or_insert_with(|| {
                    pieces.push(Piece::Speaker(name.to_owned()));
                    pieces.len() - 1
                })
            });
            let (before, matched, after) = t.context(m.start..m.end, SNIPPET_WIDTH);
            let lo = before.as_ptr() as usize - t.text().as_ptr() as usize;
            let hi = lo + before.len() + matched.len() + after.len();
            let seg = segment.text.clone();
            let (piece, base) = if seg.start <= lo && hi <= seg.end {
                let piece = *stored.entry(m.segment).or_insert_with(|| {
                    pieces.push(Piece::Text(t.text()[seg.clone()].to_owned()));
                    pieces.len() - 1
                });
                (piece, lo - seg.start)
            } else {
                // Not inside its segment (never seen): keep the snippet's own copy.
                pieces.push(Piece::Text(t.text()[lo..hi].to_owned()));
                (pieces.len() - 1, 0)
            };
            let s0 = base as u32;
            let s1 = s0 + before.len() as u32;
            let s2 = s1 + matched.len() as u32;
            let s3 = s2 + after.len() as u32;
            mentions.push(PartMention {
                entity,
                segment: m.segment as u32,
                start_ms: t.time_at(m.start).map(|s| s.as_millis()),
                speaker,
                piece,
                snippet: [s0, s1, s2, s3],
            });
        }
        EpisodePart { pieces, mentions }
    }
}

/// Writes `index.bin` episode by episode: mentions and text go to spill files as episodes come
/// (in corpus order), so memory holds one batch of episodes, not the archive's snippets; the
/// entities, episodes and co-mentions, known once the graph is, are written in front of them
/// at the end ([`IndexBuilder::write`]). The bytes are those of [`QueryIndex::write`].
pub struct IndexBuilder {
    positions: Vec<Option<u32>>,
    order: Vec<EntityOrder>,
    speakers: HashMap<String, (u32, u32)>,
    mentions: Spill,
    mention_count: usize,
    text: Spill,
    text_len: usize,
    /// Each episode's range of mentions.
    episodes: Vec<(u32, u32)>,
    scratch: Vec<u8>,
}

/// An entity in index order: its catalog position.
struct EntityOrder(usize);

impl IndexBuilder {
    /// An empty index for `catalog`'s entities; mentions and text spill to temporary files in
    /// `spill_dir` (created if missing), or to memory if `None`.
    pub fn new(catalog: &Catalog, spill_dir: Option<&Path>) -> io::Result<IndexBuilder> {
        // Every catalog entity, mentioned or not, so that a query for one never mentioned is
        // told "not mentioned" rather than "unknown", and misspellings get suggestions from all.
        let mut order: Vec<usize> = (0..catalog.len()).collect();
        let entities = catalog.entities();
        order.sort_by(|&a, &b| entities[a].id.cmp(&entities[b].id));
        let mut positions = vec![None; entities.len()];
        for (position, &e) in order.iter().enumerate() {
            positions[e] = Some(position as u32);
        }
        Ok(IndexBuilder {
            positions,
            order: order.into_iter().map(EntityOrder).collect(),
            speakers: HashMap::new(),
            mentions: Spill::new(spill_dir)?,
            mention_count: 0,
            text: Spill::new(spill_dir)?,
            text_len: 0,
            episodes: Vec::new(),
            scratch: Vec::new(),
        })
    }

    /// Each catalog entity's position in the index, for [`EpisodePart::of`].
    pub fn positions(&self) -> &[Option<u32>] {
        &self.positions
    }

    fn offset(&self, at: usize) -> io::Result<u32> {
        u32::try_from(at).map_err(|_| {
            io::Error::other(
                "the index's text passed 4 GiB, the most its format addresses; build the \
                 archive in shards",
            )
        })
    }

    /// Adds the next episode's part.
    pub fn add(&mut self, part: EpisodePart) -> io::Result<()> {
        let first = self.offset(self.mention_count)?;
        let mut placed: Vec<(u32, u32)> = Vec::with_capacity(part.pieces.len());
        for piece in part.pieces {
            match piece {
                Piece::Speaker(name) => {
                    let range = match self.speakers.get(&name) {
                        Some(&range) => range,
                        None => {
                            let start = self.offset(self.text_len)?;
                            self.text.write(name.as_bytes())?;
                            self.text_len += name.len();
                            let range = (start, self.offset(self.text_len)?);
                            self.speakers.insert(name, range);
                            range
                        }
                    };
                    placed.push(range);
                }
                Piece::Text(text) => {
                    let start = self.offset(self.text_len)?;
                    self.text.write(text.as_bytes())?;
                    self.text_len += text.len();
                    placed.push((start, self.offset(self.text_len)?));
                }
            }
        }
        for m in part.mentions {
            let base = placed[m.piece].0;
            let mention = IndexMention {
                entity: m.entity,
                segment: m.segment,
                start_ms: m.start_ms,
                speaker: m.speaker.map(|p| placed[p]),
                snippet: m.snippet.map(|o| base + o),
            };
            self.scratch.clear();
            let encoded = postcard::to_extend(&mention, std::mem::take(&mut self.scratch))
                .map_err(io::Error::other)?;
            self.mentions.write(&encoded)?;
            self.scratch = encoded;
            self.mention_count += 1;
        }
        let end = self.offset(self.mention_count)?;
        self.episodes.push((first, end));
        Ok(())
    }

    /// Writes the whole index to `out`: header, entities, episodes and co-mentions of
    /// `document` (whose episodes are those added, in order), then the spilled mentions and
    /// text. `O(E + V)` plus copying the spills.
    pub fn write(
        self,
        document: &GraphDocument,
        catalog: &Catalog,
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        #[derive(Serialize)]
        struct Head<'a> {
            build: &'a str,
            window: &'a str,
            entities: Vec<IndexEntity>,
            episodes: Vec<IndexEpisode>,
            edges: Vec<IndexEdge>,
            edge_episodes: Vec<u32>,
        }
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
            .map(|(i, e)| (entities[e.0].id.as_str(), i as u32))
            .collect();
        let episode_position: HashMap<&str, u32> = document
            .episodes
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i as u32))
            .collect();
        let mut edge_episodes = Vec::new();
        let edges = document
            .edge_list()
            .iter()
            .filter_map(|e| {
                let (a, b) = (
                    *position.get(e.source.as_str())?,
                    *position.get(e.target.as_str())?,
                );
                let first = edge_episodes.len() as u32;
                edge_episodes.extend(
                    e.episodes
                        .iter()
                        .filter_map(|id| episode_position.get(id).copied()),
                );
                Some(IndexEdge {
                    a: a.min(b),
                    b: a.max(b),
                    weight: e.weight as u32,
                    npmi: e.npmi,
                    episodes: (first, edge_episodes.len() as u32),
                })
            })
            .collect();
        let head = Head {
            build: &document.graph.build,
            window: &document.graph.window,
            entities: self
                .order
                .iter()
                .map(|&EntityOrder(i)| {
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
                        community: node.map_or(u32::MAX, |n| n.community as u32),
                    }
                })
                .collect(),
            episodes: document
                .episodes
                .iter()
                .zip(&self.episodes)
                .map(|(record, &mentions)| IndexEpisode {
                    id: record.id.clone(),
                    show: record.show.clone(),
                    number: record.number,
                    title: record.title.clone(),
                    date: record.date.clone(),
                    source_path: record.source_path.clone(),
                    mentions,
                })
                .collect(),
            edges,
            edge_episodes,
        };
        out.write_all(MAGIC)?;
        out.write_all(&INDEX_VERSION.to_le_bytes())?;
        // The postcard encoding of a `QueryIndex` is that of its fields in order; a sequence or
        // a string is its length (a varint) and then its items.
        out.write_all(&postcard::to_stdvec(&head).map_err(io::Error::other)?)?;
        out.write_all(&postcard::to_stdvec(&self.mention_count).map_err(io::Error::other)?)?;
        self.mentions.copy_to(out)?;
        out.write_all(&postcard::to_stdvec(&self.text_len).map_err(io::Error::other)?)?;
        self.text.copy_to(out)
    }
}

impl QueryIndex {
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
        QueryIndex::from_bytes(&bytes).expect("a written index reads back")
    }

    /// Writes the index: magic, version, then the postcard encoding.
    pub fn write(&self, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(MAGIC)?;
        out.write_all(&INDEX_VERSION.to_le_bytes())?;
        let bytes = postcard::to_stdvec(self).map_err(io::Error::other)?;
        out.write_all(&bytes)
    }

    /// Reads an index written by [`write`](Self::write).
    pub fn load(path: &Path) -> Result<QueryIndex, IndexError> {
        let bytes = std::fs::read(path).map_err(|source| IndexError::Io {
            path: path.to_owned(),
            source,
        })?;
        QueryIndex::from_bytes(&bytes).map_err(|e| match e {
            Malformed::Version(found) => IndexError::Version {
                path: path.to_owned(),
                found,
            },
            Malformed::Invalid(message) => IndexError::Invalid {
                path: path.to_owned(),
                message,
            },
        })
    }

    /// Reads an index from the bytes [`write`](Self::write) wrote.
    fn from_bytes(bytes: &[u8]) -> Result<QueryIndex, Malformed> {
        let header = MAGIC.len() + 4;
        if bytes.len() < header || &bytes[..MAGIC.len()] != MAGIC {
            return Err(Malformed::Invalid(
                "it does not start with the index header".to_owned(),
            ));
        }
        let found = u32::from_le_bytes(bytes[MAGIC.len()..header].try_into().expect("4 bytes"));
        if found != INDEX_VERSION {
            return Err(Malformed::Version(found));
        }
        let index: QueryIndex = postcard::from_bytes(&bytes[header..])
            .map_err(|e| Malformed::Invalid(e.to_string()))?;
        index.check().map_err(Malformed::Invalid)?;
        Ok(index)
    }

    /// Checks that every offset and index points inside the index, so that queries can slice
    /// without panicking on a file that decodes but was tampered with.
    fn check(&self) -> Result<(), String> {
        let text = self.text.len() as u32;
        let in_text = |(a, b): (u32, u32)| {
            a <= b
                && b <= text
                && self.text.is_char_boundary(a as usize)
                && self.text.is_char_boundary(b as usize)
        };
        let entities = self.entities.len() as u32;
        let episodes = self.episodes.len() as u32;
        for m in &self.mentions {
            let [s0, s1, s2, s3] = m.snippet;
            if m.entity >= entities
                || !(in_text((s0, s1)) && in_text((s1, s2)) && in_text((s2, s3)))
                || m.speaker.is_some_and(|s| !in_text(s))
            {
                return Err("a mention points outside the index".to_owned());
            }
        }
        let mentions = self.mentions.len() as u32;
        for e in &self.episodes {
            if e.mentions.0 > e.mentions.1 || e.mentions.1 > mentions {
                return Err("an episode points outside the index".to_owned());
            }
        }
        let edge_episodes = self.edge_episodes.len() as u32;
        for e in &self.edges {
            if e.a >= entities
                || e.b >= entities
                || e.episodes.0 > e.episodes.1
                || e.episodes.1 > edge_episodes
            {
                return Err("a co-mention points outside the index".to_owned());
            }
        }
        if self.edge_episodes.iter().any(|&e| e >= episodes) {
            return Err("a co-mention names an episode outside the index".to_owned());
        }
        Ok(())
    }

    /// The mentions of episode `episode`.
    pub fn episode_mentions(&self, episode: usize) -> &[IndexMention] {
        &self.mentions[self.mention_range(episode)]
    }

    /// The episodes an edge's entities share windows in.
    pub fn edge_episodes(&self, edge: &IndexEdge) -> &[u32] {
        &self.edge_episodes[edge.episodes.0 as usize..edge.episodes.1 as usize]
    }

    /// A mention's snippet: before, match, after.
    pub fn snippet(&self, mention: &IndexMention) -> (&str, &str, &str) {
        let [s0, s1, s2, s3] = mention.snippet.map(|o| o as usize);
        (&self.text[s0..s1], &self.text[s1..s2], &self.text[s2..s3])
    }

    /// A mention's speaker.
    pub fn speaker(&self, mention: &IndexMention) -> Option<&str> {
        mention
            .speaker
            .map(|(a, b)| &self.text[a as usize..b as usize])
    }

    /// The range of `mentions` of an episode (for callers that index by position).
    pub fn mention_range(&self, episode: usize) -> Range<usize> {
        let (a, b) = self.episodes[episode].mentions;
        a as usize..b as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> QueryIndex {
        QueryIndex {
            build: "test".to_owned(),
            window: "60s".to_owned(),
            entities: vec![IndexEntity {
                id: "pytest".to_owned(),
                name: "pytest".to_owned(),
                kind: Kind::Package,
                aliases: vec!["pytest".to_owned()],
                ambiguous_aliases: Vec::new(),
                tags: Vec::new(),
                mentions: 1,
                episodes: 1,
                pagerank: 1.0,
                betweenness: 0.0,
                community: 0,
            }],
            episodes: vec![IndexEpisode {
                id: "ep-1".to_owned(),
                show: Some("Show".to_owned()),
                number: Some(1),
                title: None,
                date: Some("2020-01-01".to_owned()),
                source_path: "ep.txt".to_owned(),
                mentions: (0, 1),
            }],
            edges: Vec::new(),
            edge_episodes: Vec::new(),
            mentions: vec![IndexMention {
                entity: 0,
                segment: 0,
                start_ms: Some(1500),
                speaker: Some((0, 5)),
                snippet: [5, 9, 15, 20],
            }],
            text: "Brianwe lpytest rocks".to_owned(),
        }
    }

    fn saved(index: &QueryIndex) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(INDEX_FILE);
        let mut bytes = Vec::new();
        index.write(&mut bytes).unwrap();
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    #[test]
    fn an_index_reads_back_as_written() {
        let index = small();
        let (_dir, path) = saved(&index);
        let loaded = QueryIndex::load(&path).unwrap();
        assert_eq!(loaded, index);
        assert_eq!(
            loaded.snippet(&loaded.mentions[0]),
            ("we l", "pytest", " rock")
        );
        assert_eq!(loaded.speaker(&loaded.mentions[0]), Some("Brian"));
    }

    #[test]
    fn an_index_pointing_outside_itself_is_refused() {
        type Tamper = fn(&mut QueryIndex);
        let cases: [(&str, Tamper); 4] = [
            ("a mention points outside the index", |i| {
                i.mentions[0].entity = 7
            }),
            ("a mention points outside the index", |i| {
                i.mentions[0].snippet[3] = 999
            }),
            ("a mention points outside the index", |i| {
                i.mentions[0].speaker = Some((3, 1))
            }),
            ("an episode points outside the index", |i| {
                i.episodes[0].mentions = (0, 9)
            }),
        ];
        for (message, tamper) in cases {
            let mut index = small();
            tamper(&mut index);
            let (_dir, path) = saved(&index);
            let error = QueryIndex::load(&path).unwrap_err().to_string();
            assert!(error.contains(message), "{error}");
            assert!(error.ends_with("rebuild with `podgraph build`"), "{error}");
        }
    }
}
