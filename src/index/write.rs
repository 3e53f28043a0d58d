//! Making an index: [`EpisodePart`]s made in parallel from transcripts, an [`IndexBuilder`]
//! that spills their mentions and text to temporary files as episodes come and writes the
//! whole file once the graph is known, and [`QueryIndex::from_parts`] for tests and tools.
//! Separate from reading because a build holds only this side, and a query only the other.

use std::collections::HashMap;
use std::io::{self, Seek};
use std::path::Path;

use super::format::{Head, MAX_RECORDS, MENTION_BYTES, record_position, write_preamble};
use super::{
    IndexEdge, IndexEntity, IndexEpisode, IndexError, IndexMention, QueryIndex, SNIPPET_WIDTH,
};
use crate::catalog::Catalog;
use crate::export::{DocumentNode, GraphDocument};
use crate::extract::Mention;
use crate::transcript::Transcript;

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
            .map(|(i, e)| (e.summary.id.as_str(), i as u32))
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
                .map(|(episode, &(mentions, text))| IndexEpisode {
                    summary: episode.summary.clone(),
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
