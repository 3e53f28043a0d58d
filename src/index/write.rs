//! Making an index: [`EpisodePart`]s made in parallel from transcripts, an [`IndexBuilder`]
//! that spills their mentions and text to temporary files as episodes come and writes the
//! whole file once the graph is known, and [`QueryIndex::from_parts`] for tests and tools.
//! Separate from reading because a build holds only this side, and a query only the other.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::{self, Seek};
use std::path::{Path, PathBuf};

use super::format::{
    Head, MAX_RECORDS, MENTION_BYTES, in_episode, record_position, write_preamble,
};
use super::{
    IndexEdge, IndexEntity, IndexEntityId, IndexEpisode, IndexEpisodeId, IndexError, IndexMention,
    QueryIndex, SNIPPET_WIDTH,
};
use crate::catalog::Catalog;
use crate::export::GraphDocument;
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
    /// ([`IndexBuilder::positions`]). `O(m log s)` for `m` mentions and `s` segments. Fails
    /// on a transcript too large for the index's `u32` positions (segments, speakers, bytes).
    pub fn of(
        input: &EpisodeInput<'_>,
        positions: &[Option<IndexEntityId>],
    ) -> io::Result<EpisodePart> {
        let t = input.transcript;
        let position = |n: usize, what: &str| in_episode(n, &t.meta.source_path, what);
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
            let speaker = t
                .speaker_name(segment)
                .map(|name| match speaker_of.entry(name) {
                    Entry::Occupied(at) => Ok::<_, io::Error>(*at.get()),
                    Entry::Vacant(slot) => {
                        let at = position(speakers.len(), "speakers")?;
                        speakers.push(name.to_owned());
                        Ok(*slot.insert(at))
                    }
                })
                .transpose()?;
            let (before, matched, after) = t.context(m.start..m.end, SNIPPET_WIDTH);
            let lo = before.as_ptr().addr() - t.text().as_ptr().addr();
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
            let mut snippet = [0u32; 4];
            let mut at = base;
            for (offset, len) in
                snippet
                    .iter_mut()
                    .zip([0, before.len(), matched.len(), after.len()])
            {
                at += len;
                *offset = position(at, "bytes of snippet text")?;
            }
            mentions.push(IndexMention {
                entity,
                segment: position(m.segment, "segments")?,
                start_ms: t.time_at(m.start).map(|s| s.as_millis()),
                speaker,
                snippet,
            });
        }
        Ok(EpisodePart {
            text,
            speakers,
            mentions,
        })
    }
}

/// Writes `index.bin` episode by episode: mentions and text go to spill files as episodes come
/// (in corpus order), so memory holds one batch of episodes, not the archive's snippets; the
/// head, the postings and the co-mentions, known once the graph is, are written in front of
/// them at the end ([`IndexBuilder::write`]).
pub struct IndexBuilder {
    positions: Vec<Option<IndexEntityId>>,
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
        record_position(entities.len() as u64, MAX_RECORDS, "entities")?;
        let mut order: Vec<usize> = (0..entities.len()).collect();
        order.sort_by(|&a, &b| entities[a].id.cmp(&entities[b].id));
        let mut positions = vec![None; entities.len()];
        for (&e, id) in order.iter().zip(IndexEntityId::all(order.len())) {
            positions[e] = Some(id);
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
    pub fn positions(&self) -> &[Option<IndexEntityId>] {
        &self.positions
    }

    /// Adds the next episode's part.
    pub fn add(&mut self, part: EpisodePart) -> io::Result<()> {
        record_position(self.episodes.len() as u64 + 1, self.limit, "episodes")?;
        let record = |n: u64| record_position(n, self.limit, "mentions");
        let first = record(self.mention_count)?;
        let mut speakers = Vec::with_capacity(part.speakers.len());
        for name in part.speakers {
            // Counted one past its position, so that no speaker is `u32::MAX`, which records
            // use for "none".
            let next = record_position(self.speakers.len() as u64 + 1, self.limit, "speakers")? - 1;
            let at = *self.speaker_of.entry(name.clone()).or_insert_with(|| {
                self.speakers.push(name);
                next
            });
            speakers.push(at);
        }
        self.scratch.clear();
        for mut m in part.mentions {
            m.speaker = m.speaker.map(|s| speakers[super::widen(s)]);
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
        let limit = self.limit;
        // Counts the graph holds, each at most the mentions (or entities) the index counted.
        let count = |n: usize, what: &str| record_position(n as u64, limit, what);
        let entities = catalog.entities();
        let nodes = document.node_positions();
        let position: HashMap<&str, IndexEntityId> = self
            .order
            .iter()
            .zip(IndexEntityId::all(self.order.len()))
            .map(|(&e, id)| (entities[e].id.as_str(), id))
            .collect();
        // As many as the episodes added, each counted by `add`.
        let episode_ids = || IndexEpisodeId::all(document.episodes.len());
        let episode_position: HashMap<&str, IndexEpisodeId> = document
            .episodes
            .iter()
            .zip(episode_ids())
            .map(|(e, id)| (e.summary.id.as_str(), id))
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
            let first = record_position(edge_episode_count, limit, "co-mention episodes")?;
            for id in e.episodes.iter() {
                if let Some(&episode) = episode_position.get(id) {
                    edge_episodes.extend_from_slice(&episode.get().to_le_bytes());
                    edge_episode_count += 1;
                }
            }
            let end = record_position(edge_episode_count, limit, "co-mention episodes")?;
            IndexEdge {
                a: a.min(b),
                b: a.max(b),
                weight: count(e.weight, "shared windows")?,
                npmi: e.npmi,
                episodes: (first, end),
            }
            .encode(&mut edges);
        }
        // Postings: per entity (in index order), the episodes that mention it and how often.
        let mut postings_of: Vec<Vec<(IndexEpisodeId, u32)>> = vec![Vec::new(); self.order.len()];
        for (listed, episode) in document.episodes.iter().zip(episode_ids()) {
            for entity in &listed.entities {
                if let Some(&p) = position.get(&*entity.id) {
                    postings_of[p.index()].push((episode, count(entity.mentions, "mentions")?));
                }
            }
        }
        let mut postings: Vec<u8> = Vec::new();
        let mut posting_ranges = Vec::with_capacity(postings_of.len());
        let mut posting_count = 0u64;
        for list in &postings_of {
            let first = record_position(posting_count, limit, "postings")?;
            for &(episode, n) in list {
                postings.extend_from_slice(&episode.get().to_le_bytes());
                postings.extend_from_slice(&n.to_le_bytes());
                posting_count += 1;
            }
            let end = record_position(posting_count, limit, "postings")?;
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
                    let node = nodes.get(e.id.as_str()).map(|&i| &document.nodes[i]);
                    let of_node = |n: Option<usize>, what| count(n.unwrap_or(0), what);
                    Ok(IndexEntity {
                        id: e.id.clone(),
                        name: e.name.clone(),
                        kind: e.kind,
                        aliases: e.aliases.clone(),
                        ambiguous_aliases: e.ambiguous_aliases.clone(),
                        tags: e.tags.clone(),
                        mentions: of_node(node.map(|n| n.mentions), "mentions")?,
                        episodes: of_node(node.map(|n| n.episodes), "episodes")?,
                        pagerank: node.map_or(0.0, |n| n.pagerank),
                        betweenness: node.map_or(0.0, |n| n.betweenness),
                        community: node
                            .map(|n| count(n.community, "communities"))
                            .transpose()?,
                        postings,
                    })
                })
                .collect::<io::Result<_>>()?,
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
        edges: Vec<(IndexEdge, Vec<IndexEpisodeId>)>,
        speakers: Vec<String>,
    ) -> Result<QueryIndex, IndexError> {
        let fit = |n: usize, what: &str| {
            record_position(n as u64, MAX_RECORDS, what).map_err(|e| IndexError::Invalid {
                path: PathBuf::from("<memory>"),
                message: e.to_string(),
            })
        };
        fit(entities.len(), "entities")?;
        fit(episodes.len(), "episodes")?;
        let mut postings_of: Vec<Vec<(IndexEpisodeId, u32)>> = vec![Vec::new(); entities.len()];
        let (mut records, mut text, mut index_episodes) = (Vec::new(), Vec::new(), Vec::new());
        let mut count = 0usize;
        let ids = IndexEpisodeId::all(episodes.len());
        for ((mut episode, mentions, episode_text), e) in episodes.into_iter().zip(ids) {
            episode.mentions = (
                fit(count, "mentions")?,
                fit(count + mentions.len(), "mentions")?,
            );
            count += mentions.len();
            // Each count is at most the episode's mentions, which fit.
            let mut counts: std::collections::BTreeMap<IndexEntityId, u32> = Default::default();
            for m in &mentions {
                *counts.entry(m.entity).or_default() += 1;
                m.encode(&mut records);
            }
            for (entity, n) in counts {
                if let Some(list) = postings_of.get_mut(entity.index()) {
                    list.push((e, n));
                }
            }
            episode.text = (text.len() as u64, (text.len() + episode_text.len()) as u64);
            text.extend_from_slice(episode_text.as_bytes());
            index_episodes.push(episode);
        }
        let mut postings = Vec::new();
        let mut at = 0usize;
        for (entity, list) in entities.iter_mut().zip(postings_of) {
            for (episode, n) in &list {
                postings.extend_from_slice(&episode.get().to_le_bytes());
                postings.extend_from_slice(&n.to_le_bytes());
            }
            entity.postings = (fit(at, "postings")?, fit(at + list.len(), "postings")?);
            at += list.len();
        }
        let (mut edge_episodes, mut edge_records) = (Vec::new(), Vec::new());
        let mut at = 0usize;
        for (mut edge, episodes) in edges {
            for e in &episodes {
                edge_episodes.extend_from_slice(&e.get().to_le_bytes());
            }
            edge.episodes = (
                fit(at, "co-mention episodes")?,
                fit(at + episodes.len(), "co-mention episodes")?,
            );
            at += episodes.len();
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
            let part = EpisodePart::of(input, builder.positions())
                .expect("an archive made in memory is within the index's limits");
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
            let part = EpisodePart::of(&input, builder.positions())?;
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
