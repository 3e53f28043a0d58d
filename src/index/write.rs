//! Making an index: [`EpisodePart`]s made in parallel from transcripts, an [`IndexBuilder`]
//! that spills their mentions and text to temporary files as episodes come and writes the
//! whole file once the graph is known, and [`QueryIndex::from_parts`] for tests and tools.
//! Separate from reading because a build holds only this side, and a query only the other.

// foldhash: lookups only (no order reaches the file), per mention and per string of the head.
use foldhash::HashMap;
use std::collections::hash_map::Entry;
use std::io::{self, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::format::{
    CO_MENTION_BYTES, CO_MENTIONS, CoMentionRecord, EDGE_EPISODES, ENTITY_BYTES, EPISODE_BYTES,
    EntityRecord, EpisodeRecord, HEAD, KEY_BYTES, KeyRecord, MAX_RECORDS, MENTION_BYTES, MENTIONS,
    META_BYTES, NAME_BYTES, POSTINGS, PREAMBLE, SECTIONS, StrRef, TEXT, in_episode, kind_code, put,
    record_position, roles_code, write_preamble,
};
use super::{
    EntityParts, IndexEdge, IndexEntityId, IndexEpisodeId, IndexError, IndexMention, QueryIndex,
    SNIPPET_WIDTH, widen,
};
use crate::atomic::WriteError;
use crate::catalog::{Catalog, KeyRoles, Kind, entity_keys};
use crate::corpus::EpisodeSummary;
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
/// when dropped, also on a crash), the index file itself being written (the text, which comes
/// first in the file), or, for small builds and tests, memory.
enum Spill {
    Memory(Vec<u8>),
    File(io::BufWriter<std::fs::File>),
    /// A temporary file named in the output folder, whose first [`PREAMBLE`] bytes wait for the
    /// section table: renamed into place as `index.bin` once the rest is written after it.
    Index {
        file: io::BufWriter<tempfile::NamedTempFile>,
        _tracked: crate::interrupt::TrackedFile,
    },
}

impl Spill {
    /// A spill to memory if `dir` is `None`, else a temporary file in `dir` (created if
    /// missing): the index file itself if `index`.
    fn new(dir: Option<&Path>, index: bool) -> io::Result<Spill> {
        let Some(dir) = dir else {
            return Ok(Spill::Memory(Vec::new()));
        };
        std::fs::create_dir_all(dir)?;
        Ok(if index {
            // The index file is there from the first episode to the end of a build: one that
            // a build killed outright left is let go.
            crate::atomic::remove_stale_temp_files(dir);
            let (file, _tracked) = crate::interrupt::create_tracked(
                || crate::atomic::temp_file_in(dir),
                |file| file.path(),
            )?;
            let mut file = io::BufWriter::with_capacity(1 << 16, file);
            io::Write::write_all(&mut file, &[0; PREAMBLE])?;
            Spill::Index { file, _tracked }
        } else {
            Spill::File(io::BufWriter::with_capacity(
                1 << 16,
                tempfile::tempfile_in(dir)?,
            ))
        })
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Spill::Memory(v) => {
                v.extend_from_slice(bytes);
                Ok(())
            }
            Spill::File(f) => io::Write::write_all(f, bytes),
            Spill::Index { file, .. } => io::Write::write_all(file, bytes),
        }
    }

    /// Copies everything spilled to `out`.
    fn copy_to(self, out: &mut dyn io::Write) -> io::Result<()> {
        let (mut file, start) = match self {
            Spill::Memory(v) => return out.write_all(&v),
            Spill::File(f) => (f.into_inner().map_err(io::IntoInnerError::into_error)?, 0),
            Spill::Index { file, .. } => {
                let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
                (file.into_file(), PREAMBLE as u64)
            }
        };
        file.seek(io::SeekFrom::Start(start))?;
        // In large pieces: `io::copy` into a `dyn Write` goes 8 KiB at a time, a read and a
        // write call each, which made copying an archive's 100 MB of spills a third of writing
        // its index.
        let mut buffer = vec![0; 1 << 20];
        loop {
            match io::Read::read(&mut file, &mut buffer) {
                Ok(0) => return Ok(()),
                Ok(n) => out.write_all(&buffer[..n])?,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// One episode's share of the index, made from its transcript and mentions (in parallel across
/// episodes) so that the transcript can be let go before the episode is added to an
/// [`IndexBuilder`]: its snippet text, its speakers, and its mentions pointing into both.
/// Stored as it is by a build's cache ([`crate::cache`]).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
        let mut stored: HashMap<usize, usize> = HashMap::default();
        let mut speaker_of: HashMap<&str, u32> = HashMap::default();
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

    /// The same part with each entity renumbered by `to` (its position in another index);
    /// `None` if `to` has no place for one of them.
    pub fn renumbered(
        mut self,
        to: impl Fn(IndexEntityId) -> Option<IndexEntityId>,
    ) -> Option<Self> {
        for m in &mut self.mentions {
            m.entity = to(m.entity)?;
        }
        Some(self)
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
            speaker_of: HashMap::default(),
            speakers: Vec::new(),
            mentions: Spill::new(spill_dir, false)?,
            mention_count: 0,
            text: Spill::new(spill_dir, true)?,
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

    /// Writes the whole index to `out`: the section table, the spilled text, the head
    /// (entities and episodes of `document`, whose episodes are those added, in order), the
    /// co-mentions, the edges' episodes and the postings, then the spilled mentions. `O(E log E
    /// + V + P + K log K)` for the postings `P` and name keys `K`, plus copying the spills.
    pub fn write(
        self,
        document: &GraphDocument,
        catalog: &Catalog,
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        let sections = self.graph_sections(document, catalog)?;
        write_preamble(out, sections.lengths)?;
        self.text.copy_to(out)?;
        sections.write(out)?;
        self.mentions.copy_to(out)
    }

    /// Writes the index to the file `path`, as [`IndexBuilder::write`] does (the same bytes),
    /// atomically. A builder that spills to `path`'s folder has been writing the file all
    /// along: its text is not copied again, only the rest added after it.
    pub fn write_file(
        self,
        document: &GraphDocument,
        catalog: &Catalog,
        path: &Path,
    ) -> Result<(), WriteError> {
        // The folder, as the file system has it (the temporary file's path is absolute).
        let folder = |path: &Path| match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.canonicalize().ok(),
            _ => Path::new(".").canonicalize().ok(),
        };
        let in_place = match &self.text {
            Spill::Index { file, .. } => {
                folder(file.get_ref().path()).is_some_and(|dir| Some(dir) == folder(path))
                    && std::fs::metadata(path).map_or(true, |m| m.is_file())
            }
            _ => false,
        };
        if !in_place {
            return crate::atomic::write_file(path, |out| self.write(document, catalog, out));
        }
        let error = |source| WriteError {
            path: path.to_owned(),
            source,
        };
        let sections = self.graph_sections(document, catalog).map_err(error)?;
        let Spill::Index { mut file, _tracked } = self.text else {
            unreachable!("checked above");
        };
        sections.write(&mut file).map_err(error)?;
        let mut index = file.into_inner().map_err(|e| error(e.into_error()))?;
        match self.mentions {
            Spill::File(spill) => {
                let mut spill = spill.into_inner().map_err(|e| error(e.into_error()))?;
                spill.rewind().map_err(error)?;
                // File to file, which the kernel copies without passing it through here.
                io::copy(&mut spill, index.as_file_mut()).map_err(error)?;
            }
            other => other.copy_to(index.as_file_mut()).map_err(error)?,
        }
        let mut preamble = Vec::with_capacity(PREAMBLE);
        write_preamble(&mut preamble, sections.lengths).map_err(error)?;
        index.as_file_mut().rewind().map_err(error)?;
        io::Write::write_all(index.as_file_mut(), &preamble).map_err(error)?;
        crate::atomic::replace(index, path).map_err(error)
    }

    /// The sections that need the graph: the head, the co-mentions, the edges' episodes and the
    /// postings, with every section's length.
    fn graph_sections(
        &self,
        document: &GraphDocument,
        catalog: &Catalog,
    ) -> io::Result<GraphSections> {
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
        let position: foldhash::HashMap<&str, IndexEntityId> = self
            .order
            .iter()
            .zip(IndexEntityId::all(self.order.len()))
            .map(|(&e, id)| (entities[e].id.as_str(), id))
            .collect();
        // As many as the episodes added, each counted by `add`.
        let episode_ids = || IndexEpisodeId::all(document.episodes.len());
        let episode_position: foldhash::HashMap<&str, IndexEpisodeId> = document
            .episodes
            .iter()
            .zip(episode_ids())
            .map(|(e, id)| (e.summary.id.as_str(), id))
            .collect();
        let mut edge_episodes: Vec<u8> = Vec::new();
        let mut edge_episode_count = 0u64;
        let mut edges: Vec<EdgeParts> = Vec::new();
        // An edge whose episodes are positions in a list of the document's episodes, in the
        // document's order (a build's: all its edges share the list), has them as positions in
        // the index too, and needs no lookup of each id.
        let in_order = (document.edge_list().iter())
            .find_map(|e| e.episodes.positions())
            .map(|(table, _)| table)
            .filter(|table| {
                table.len() == document.episodes.len()
                    && (table.iter().zip(&document.episodes)).all(|(id, e)| **id == *e.summary.id)
            });
        for e in document.edge_list() {
            let (Some(&a), Some(&b)) = (
                position.get(e.source.as_str()),
                position.get(e.target.as_str()),
            ) else {
                continue;
            };
            let first = record_position(edge_episode_count, limit, "co-mention episodes")?;
            match e.episodes.positions() {
                Some((table, positions)) if in_order.is_some_and(|t| Arc::ptr_eq(t, table)) => {
                    for &p in positions {
                        edge_episodes.extend_from_slice(&p.to_le_bytes());
                    }
                    edge_episode_count += positions.len() as u64;
                }
                _ => {
                    for id in e.episodes.iter() {
                        if let Some(&episode) = episode_position.get(id) {
                            edge_episodes.extend_from_slice(&episode.get().to_le_bytes());
                            edge_episode_count += 1;
                        }
                    }
                }
            }
            let end = record_position(edge_episode_count, limit, "co-mention episodes")?;
            edges.push((
                a,
                b,
                count(e.weight, "shared windows")?,
                e.npmi,
                (first, end),
            ));
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
        let (postings, posting_ranges) = postings_section(&postings_of, limit)?;
        drop(postings_of);
        let co_mentions = CoMentionLists::new(self.order.len(), &edges, limit)?;
        let entities = self
            .order
            .iter()
            .zip(posting_ranges)
            .zip(&co_mentions.ranges)
            .map(|((&i, postings), &co_mentions)| {
                let e = &entities[i];
                let node = nodes.get(e.id.as_str()).map(|&i| &document.nodes[i]);
                let of_node = |n: Option<usize>, what| count(n.unwrap_or(0), what);
                Ok(HeadEntity {
                    id: &e.id,
                    name: &e.name,
                    kind: e.kind,
                    aliases: &e.aliases,
                    ambiguous_aliases: &e.ambiguous_aliases,
                    tags: &e.tags,
                    mentions: of_node(node.map(|n| n.mentions), "mentions")?,
                    episodes: of_node(node.map(|n| n.episodes), "episodes")?,
                    pagerank: node.map_or(0.0, |n| n.pagerank),
                    betweenness: node.map_or(0.0, |n| n.betweenness),
                    // Below the entities' count, so never `u32::MAX`, which means none.
                    community: node
                        .map(|n| record_position(n.community as u64, limit - 1, "communities"))
                        .transpose()?,
                    postings,
                    co_mentions,
                })
            })
            .collect::<io::Result<Vec<_>>>()?;
        let episodes: Vec<HeadEpisode<'_>> = document
            .episodes
            .iter()
            .zip(&self.episodes)
            .map(|(episode, &(mentions, text))| HeadEpisode {
                summary: &episode.summary,
                mentions,
                text,
            })
            .collect();
        let head = head_sections(
            &document.graph.build,
            &document.graph.window,
            &entities,
            &episodes,
            &self.speakers,
            limit,
        )?;
        Ok(GraphSections::new(
            head,
            co_mentions,
            edges,
            edge_episodes,
            postings,
            [self.mention_count * MENTION_BYTES as u64, self.text_len],
        ))
    }
}

/// The sections of an index that need the graph, made at the end of a build, and the lengths
/// of all sections.
struct GraphSections {
    head: [Vec<u8>; HEAD.len()],
    co_mentions: CoMentionLists,
    edges: Vec<EdgeParts>,
    edge_episodes: Vec<u8>,
    postings: Vec<u8>,
    lengths: [u64; SECTIONS],
}

impl GraphSections {
    /// The sections, and the lengths of all, the spilled ones' (`[mentions, text]`) given.
    fn new(
        head: [Vec<u8>; HEAD.len()],
        co_mentions: CoMentionLists,
        edges: Vec<EdgeParts>,
        edge_episodes: Vec<u8>,
        postings: Vec<u8>,
        [mentions, text]: [u64; 2],
    ) -> GraphSections {
        let mut lengths = [0u64; SECTIONS];
        for (section, bytes) in HEAD.into_iter().zip(&head) {
            lengths[section] = bytes.len() as u64;
        }
        lengths[CO_MENTIONS] = co_mentions.len();
        lengths[EDGE_EPISODES] = edge_episodes.len() as u64;
        lengths[POSTINGS] = postings.len() as u64;
        lengths[MENTIONS] = mentions;
        lengths[TEXT] = text;
        GraphSections {
            head,
            co_mentions,
            edges,
            edge_episodes,
            postings,
            lengths,
        }
    }

    /// Writes them in file order: the head, the co-mentions, the edges' episodes, the postings.
    fn write(&self, out: &mut dyn io::Write) -> io::Result<()> {
        for section in &self.head {
            out.write_all(section)?;
        }
        self.co_mentions.write(&self.edges, out)?;
        out.write_all(&self.edge_episodes)?;
        out.write_all(&self.postings)
    }
}

/// An edge as the writer has it: its entities, weight, NPMI and range of edge episodes.
type EdgeParts = (IndexEntityId, IndexEntityId, u32, f64, (u32, u32));

/// A section's bytes, and each entity's range of its records.
type Ranged = (Vec<u8>, Vec<(u32, u32)>);

/// What the head holds of an entity, borrowed from a catalog entity and its graph node (a
/// build) or from [`EntityParts`]; with its ranges of the postings and co-mentions.
struct HeadEntity<'a> {
    id: &'a str,
    name: &'a str,
    kind: Kind,
    aliases: &'a [String],
    ambiguous_aliases: &'a [String],
    tags: &'a [String],
    mentions: u32,
    episodes: u32,
    pagerank: f64,
    betweenness: f64,
    community: Option<u32>,
    postings: (u32, u32),
    co_mentions: (u32, u32),
}

crate::catalog::named_entity!(HeadEntity<'_>);

/// What the head holds of an episode: its summary, its mention records and its text.
struct HeadEpisode<'a> {
    summary: &'a EpisodeSummary,
    mentions: (u32, u32),
    text: (u64, u64),
}

/// The string pool: each distinct string once, in the order first added; its strings are
/// looked up by the caller's own, not copies.
struct Pool<'a> {
    text: String,
    at: HashMap<&'a str, StrRef>,
}

impl<'a> Pool<'a> {
    fn add(&mut self, s: &'a str) -> io::Result<StrRef> {
        if let Some(&r) = self.at.get(s) {
            return Ok(r);
        }
        let start = self.text.len() as u64;
        // Shorter than `u32::MAX` bytes, so that no range is `StrRef::NONE`.
        let end = record_position(
            start + s.len() as u64,
            MAX_RECORDS - 1,
            "bytes of names and titles",
        )?;
        let r = StrRef {
            start: u32::try_from(start).expect("below the end, which fits"),
            end,
        };
        self.text.push_str(s);
        self.at.insert(s, r);
        Ok(r)
    }

    fn optional(&mut self, s: Option<&'a str>) -> io::Result<StrRef> {
        s.map_or(Ok(StrRef::NONE), |s| self.add(s))
    }
}

/// The head's sections (meta, entities, episodes, names, keys, strings), in file order.
fn head_sections(
    build: &str,
    window: &str,
    entities: &[HeadEntity<'_>],
    episodes: &[HeadEpisode<'_>],
    speakers: &[String],
    limit: u64,
) -> io::Result<[Vec<u8>; 6]> {
    // Every entity's name keys, sorted by key and then entity, for binary search.
    let mut keys: Vec<(String, IndexEntityId, KeyRoles)> = Vec::new();
    for (e, id) in entities.iter().zip(IndexEntityId::all(entities.len())) {
        keys.extend(
            entity_keys(e)
                .into_iter()
                .map(|(key, roles)| (key, id, roles)),
        );
    }
    keys.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    record_position(keys.len() as u64, limit, "name keys")?;
    let mut pool = Pool {
        text: String::new(),
        at: HashMap::default(),
    };
    let mut names: Vec<u8> = Vec::new();
    let name_count =
        |names: &Vec<u8>| record_position((names.len() / NAME_BYTES) as u64, limit, "names");
    let mut entity_records = Vec::with_capacity(entities.len() * ENTITY_BYTES);
    for e in entities {
        let first = name_count(&names)?;
        let mut ends = [0u32; 3];
        for (end, list) in ends
            .iter_mut()
            .zip([e.aliases, e.ambiguous_aliases, e.tags])
        {
            for name in list {
                pool.add(name)?.encode(&mut names);
            }
            *end = name_count(&names)?;
        }
        EntityRecord {
            id: pool.add(e.id)?,
            name: pool.add(e.name)?,
            names: [first, ends[0], ends[1], ends[2]],
            kind: kind_code(e.kind),
            mentions: e.mentions,
            episodes: e.episodes,
            community: e.community.unwrap_or(u32::MAX),
            pagerank: e.pagerank,
            betweenness: e.betweenness,
            postings: e.postings,
            co_mentions: e.co_mentions,
        }
        .encode(&mut entity_records);
    }
    let mut episode_records = Vec::with_capacity(episodes.len() * EPISODE_BYTES);
    for e in episodes {
        let s = e.summary;
        EpisodeRecord {
            id: pool.add(&s.id)?,
            show: pool.optional(s.show.as_deref())?,
            title: pool.optional(s.title.as_deref())?,
            date: pool.optional(s.date.as_deref())?,
            source_path: pool.add(&s.source_path)?,
            number: s.number.map_or(u64::MAX, u64::from),
            mentions: e.mentions,
            text: e.text,
        }
        .encode(&mut episode_records);
    }
    let first_speaker = name_count(&names)?;
    for speaker in speakers {
        pool.add(speaker)?.encode(&mut names);
    }
    let mut meta = Vec::with_capacity(META_BYTES);
    pool.add(build)?.encode(&mut meta);
    pool.add(window)?.encode(&mut meta);
    put(&mut meta, &[first_speaker, name_count(&names)?]);
    let mut key_records = Vec::with_capacity(keys.len() * KEY_BYTES);
    for (key, entity, roles) in &keys {
        KeyRecord {
            key: pool.add(key)?,
            entity: entity.get(),
            roles: roles_code(*roles),
        }
        .encode(&mut key_records);
    }
    Ok([
        meta,
        entity_records,
        episode_records,
        names,
        key_records,
        pool.text.into_bytes(),
    ])
}

/// The postings section for each entity's `(episode, mentions)` list, and each entity's range.
fn postings_section(lists: &[Vec<(IndexEpisodeId, u32)>], limit: u64) -> io::Result<Ranged> {
    let mut postings: Vec<u8> = Vec::new();
    let mut ranges = Vec::with_capacity(lists.len());
    let mut at = 0u64;
    for list in lists {
        let first = record_position(at, limit, "postings")?;
        for &(episode, n) in list {
            put(&mut postings, &[episode.get(), n]);
        }
        at += list.len() as u64;
        ranges.push((first, record_position(at, limit, "postings")?));
    }
    Ok((postings, ranges))
}

/// The co-mentions section for `edges` among `entities` entities, before it is written: each
/// entity's co-mentions as `(other entity, edge)`, sorted by the other entity (then the edge), in
/// one list, and each entity's range of it. Each edge is listed from both ends; an edge of an
/// entity with itself (which a graph does not make) is left out: an entity is not its own
/// neighbour. Made by counting (8 bytes a co-mention), so that the section's records are only
/// made as they are written.
struct CoMentionLists {
    entries: Vec<(IndexEntityId, u32)>,
    ranges: Vec<(u32, u32)>,
}

impl CoMentionLists {
    fn new(entities: usize, edges: &[EdgeParts], limit: u64) -> io::Result<CoMentionLists> {
        let ends = |&(a, b, ..): &EdgeParts| (a != b).then_some([(a, b), (b, a)]);
        let mut degree = vec![0u64; entities];
        // An entity past the list (from tampered parts) is left for reading to refuse.
        for (from, _) in edges.iter().filter_map(ends).flatten() {
            if let Some(d) = degree.get_mut(from.index()) {
                *d += 1;
            }
        }
        let mut ranges = Vec::with_capacity(entities);
        let mut at = 0u64;
        for d in degree {
            let first = record_position(at, limit, "co-mentions")?;
            at += d;
            ranges.push((first, record_position(at, limit, "co-mentions")?));
        }
        let mut next: Vec<usize> = ranges.iter().map(|&(a, _)| widen(a)).collect();
        let mut entries =
            vec![(IndexEntityId::new(0), 0u32); widen(record_position(at, limit, "co-mentions")?)];
        for (edge, pairs) in edges.iter().enumerate() {
            let Some(pairs) = ends(pairs) else {
                continue;
            };
            // At most half the co-mentions, which fit.
            let edge = record_position(edge as u64, limit, "co-mentions")?;
            for (from, other) in pairs {
                if let Some(slot) = next.get_mut(from.index()) {
                    entries[*slot] = (other, edge);
                    *slot += 1;
                }
            }
        }
        for &(a, b) in &ranges {
            entries[widen(a)..widen(b)].sort_unstable();
        }
        Ok(CoMentionLists { entries, ranges })
    }

    /// The section's length in bytes.
    fn len(&self) -> u64 {
        (self.entries.len() * CO_MENTION_BYTES) as u64
    }

    /// Writes the section's records to `out`.
    fn write(&self, edges: &[EdgeParts], out: &mut dyn io::Write) -> io::Result<()> {
        let mut buffer = Vec::with_capacity(1 << 16);
        for &(other, edge) in &self.entries {
            let (_, _, weight, npmi, episodes) = edges[widen(edge)];
            CoMentionRecord {
                other,
                weight,
                npmi,
                episodes,
            }
            .encode(&mut buffer);
            if buffer.len() >= 1 << 16 {
                out.write_all(&buffer)?;
                buffer.clear();
            }
        }
        out.write_all(&buffer)
    }
}

impl QueryIndex {
    /// An index made directly from its parts, for tests and tools: each entity, each episode
    /// with its mentions and the text their snippets point into, each edge with its episodes.
    /// The ranges the index holds (postings, mentions, text, co-mentions and their episodes)
    /// are computed here; an edge's own `episodes` is ignored.
    pub fn from_parts(
        build: &str,
        window: &str,
        entities: Vec<EntityParts>,
        episodes: Vec<(EpisodeSummary, Vec<IndexMention>, String)>,
        edges: Vec<(IndexEdge, Vec<IndexEpisodeId>)>,
        speakers: Vec<String>,
    ) -> Result<QueryIndex, IndexError> {
        let invalid = |e: io::Error| IndexError::Invalid {
            path: PathBuf::from("<memory>"),
            message: e.to_string(),
        };
        let fit = |n: usize, what: &str| record_position(n as u64, MAX_RECORDS, what);
        fit(entities.len(), "entities").map_err(invalid)?;
        fit(episodes.len(), "episodes").map_err(invalid)?;
        let mut postings_of: Vec<Vec<(IndexEpisodeId, u32)>> = vec![Vec::new(); entities.len()];
        let (mut records, mut text, mut ranges) = (Vec::new(), Vec::new(), Vec::new());
        let mut count = 0usize;
        let ids = IndexEpisodeId::all(episodes.len());
        for ((_, mentions, episode_text), e) in episodes.iter().zip(ids) {
            let range = (
                fit(count, "mentions").map_err(invalid)?,
                fit(count + mentions.len(), "mentions").map_err(invalid)?,
            );
            count += mentions.len();
            // Each count is at most the episode's mentions, which fit.
            let mut counts: std::collections::BTreeMap<IndexEntityId, u32> = Default::default();
            for m in mentions {
                *counts.entry(m.entity).or_default() += 1;
                m.encode(&mut records);
            }
            for (entity, n) in counts {
                if let Some(list) = postings_of.get_mut(entity.index()) {
                    list.push((e, n));
                }
            }
            let start = text.len() as u64;
            text.extend_from_slice(episode_text.as_bytes());
            ranges.push((range, (start, text.len() as u64)));
        }
        let (postings, posting_ranges) =
            postings_section(&postings_of, MAX_RECORDS).map_err(invalid)?;
        let mut edge_episodes = Vec::new();
        let mut edge_parts = Vec::new();
        let mut at = 0usize;
        for (edge, episodes) in &edges {
            for e in episodes {
                edge_episodes.extend_from_slice(&e.get().to_le_bytes());
            }
            let range = (
                fit(at, "co-mention episodes").map_err(invalid)?,
                fit(at + episodes.len(), "co-mention episodes").map_err(invalid)?,
            );
            at += episodes.len();
            edge_parts.push((edge.a, edge.b, edge.weight, edge.npmi, range));
        }
        let co_mentions =
            CoMentionLists::new(entities.len(), &edge_parts, MAX_RECORDS).map_err(invalid)?;
        let head_entities: Vec<HeadEntity<'_>> = entities
            .iter()
            .zip(posting_ranges)
            .zip(&co_mentions.ranges)
            .map(|((e, postings), &co_mentions)| HeadEntity {
                id: &e.id,
                name: &e.name,
                kind: e.kind,
                aliases: &e.aliases,
                ambiguous_aliases: &e.ambiguous_aliases,
                tags: &e.tags,
                mentions: e.mentions,
                episodes: e.episodes,
                pagerank: e.pagerank,
                betweenness: e.betweenness,
                community: e.community,
                postings,
                co_mentions,
            })
            .collect();
        let head_episodes: Vec<HeadEpisode<'_>> = episodes
            .iter()
            .zip(ranges)
            .map(|((summary, _, _), (mentions, text))| HeadEpisode {
                summary,
                mentions,
                text,
            })
            .collect();
        let head = head_sections(
            build,
            window,
            &head_entities,
            &head_episodes,
            &speakers,
            MAX_RECORDS,
        )
        .map_err(invalid)?;
        let sections = GraphSections::new(
            head,
            co_mentions,
            edge_parts,
            edge_episodes,
            postings,
            [records.len() as u64, text.len() as u64],
        );
        let mut bytes = Vec::new();
        write_preamble(&mut bytes, sections.lengths).expect("writing to memory does not fail");
        bytes.extend_from_slice(&text);
        (sections.write(&mut bytes)).expect("writing to memory does not fail");
        bytes.extend_from_slice(&records);
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
