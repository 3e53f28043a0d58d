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

use crate::catalog::{Catalog, Entity, Kind};
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

impl QueryIndex {
    /// The index of a saved graph, the catalog it was built with and the mentions behind it.
    /// `episodes` is parallel to `document.episodes`.
    pub fn build(
        document: &GraphDocument,
        catalog: &Catalog,
        episodes: &[EpisodeInput<'_>],
    ) -> QueryIndex {
        // Every catalog entity, mentioned or not, so that a query for one never mentioned is told
        // "not mentioned" rather than "unknown", and misspellings get suggestions from all.
        let mut order: Vec<&Entity> = catalog.entities().iter().collect();
        order.sort_by(|a, b| a.id.cmp(&b.id));
        let position: HashMap<&str, u32> = order
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i as u32))
            .collect();
        // By catalog entity, so that each mention is placed without hashing its id.
        let position_of: Vec<Option<u32>> = catalog
            .entities()
            .iter()
            .map(|e| position.get(e.id.as_str()).copied())
            .collect();
        let nodes: HashMap<&str, &DocumentNode> =
            document.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
        let episode_position: HashMap<&str, u32> = document
            .episodes
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i as u32))
            .collect();
        let mut text = String::new();
        let mut speakers: HashMap<String, (u32, u32)> = HashMap::new();
        let mut mentions = Vec::new();
        let mut index_episodes = Vec::with_capacity(episodes.len());
        for (record, input) in document.episodes.iter().zip(episodes) {
            let first = mentions.len() as u32;
            let t = input.transcript;
            // Snippets point into the text of their segment, stored once per segment: a file
            // that repeats one name a million times costs its own size, not a snippet each.
            let mut stored: HashMap<usize, usize> = HashMap::new();
            for m in input.mentions {
                let Some(entity) = position_of[m.entity.index()] else {
                    continue;
                };
                let segment = &t.segments()[m.segment];
                // Speaker names are stored once each.
                let speaker = t.speaker_name(segment).map(|name| {
                    *speakers.entry(name.to_owned()).or_insert_with(|| {
                        let start = text.len() as u32;
                        text.push_str(name);
                        (start, text.len() as u32)
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
            index_episodes.push(IndexEpisode {
                id: record.id.clone(),
                show: record.show.clone(),
                number: record.number,
                title: record.title.clone(),
                date: record.date.clone(),
                source_path: record.source_path.clone(),
                mentions: (first, mentions.len() as u32),
            });
        }
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
                        .filter_map(|id| episode_position.get(id.as_str()).copied()),
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
        QueryIndex {
            build: document.graph.build.clone(),
            window: document.graph.window.clone(),
            entities: order
                .iter()
                .map(|e| {
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
            episodes: index_episodes,
            edges,
            edge_episodes,
            mentions,
            text,
        }
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
        let invalid = |message: String| IndexError::Invalid {
            path: path.to_owned(),
            message,
        };
        let header = MAGIC.len() + 4;
        if bytes.len() < header || &bytes[..MAGIC.len()] != MAGIC {
            return Err(invalid(
                "it does not start with the index header".to_owned(),
            ));
        }
        let found = u32::from_le_bytes(bytes[MAGIC.len()..header].try_into().expect("4 bytes"));
        if found != INDEX_VERSION {
            return Err(IndexError::Version {
                path: path.to_owned(),
                found,
            });
        }
        let index: QueryIndex =
            postcard::from_bytes(&bytes[header..]).map_err(|e| invalid(e.to_string()))?;
        index.check().map_err(invalid)?;
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
