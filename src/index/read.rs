//! Opening an index and reading its sections: the head at load, the rest when a query asks,
//! one seek each, from a file or from memory. Every range is checked before it is used, so a
//! truncated or tampered file is refused with a message to rebuild, never a panic. Separate
//! from writing because queries hold only this side.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::format::{
    EDGE_BYTES, EDGE_EPISODES, EDGES, HEAD, Head, MAGIC, MAX_RECORDS, MENTION_BYTES, MENTIONS,
    POSTINGS, PREAMBLE, SECTIONS, TEXT,
};
use super::{
    INDEX_VERSION, IndexEdge, IndexEntityId, IndexEpisodeId, IndexError, IndexMention,
    IndexedMentions, QueryIndex, widen,
};

/// What [`QueryIndex`] reads its sections from.
pub(super) struct Store {
    /// The file, or `<memory>`, for messages.
    path: PathBuf,
    source: Source,
    sections: [(u64, u64); SECTIONS],
}

enum Source {
    File(Mutex<std::fs::File>),
    Bytes(Vec<u8>),
}

impl QueryIndex {
    /// Reads an index's head from `path`; the rest is read when asked for.
    pub fn load(path: &Path) -> Result<QueryIndex, IndexError> {
        let io_error = |source| IndexError::Io {
            path: path.to_owned(),
            source,
        };
        let mut file = std::fs::File::open(path).map_err(io_error)?;
        let length = file.metadata().map_err(io_error)?.len();
        // A file shorter than the preamble is refused by `Store::new`, and any longer one
        // holds a whole preamble, whatever the width of `usize`.
        let mut preamble = vec![0u8; usize::try_from(length).map_or(PREAMBLE, |n| n.min(PREAMBLE))];
        file.read_exact(&mut preamble).map_err(io_error)?;
        let store = Store::new(
            path.to_owned(),
            Source::File(Mutex::new(file)),
            &preamble,
            length,
        )?;
        QueryIndex::from_store(store)
    }

    /// Reads an index from the bytes an [`IndexBuilder`](super::IndexBuilder) wrote.
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
        // Ids are `u32` positions below these counts (`IndexEntityId::all`).
        for (what, n) in [
            ("entities", self.entities.len()),
            ("episodes", self.episodes.len()),
        ] {
            if n as u64 > MAX_RECORDS {
                return Err(format!("it holds more {what} than its format addresses"));
            }
        }
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
        let entity = |e: IndexEntityId| e.index() < self.entities.len();
        let edge_episodes = self.store.sections[EDGE_EPISODES].1 / 4;
        let within = |(a, b): (u32, u32), n: u64| a <= b && u64::from(b) <= n;
        if edges
            .iter()
            .any(|e| !entity(e.a) || !entity(e.b) || !within(e.episodes, edge_episodes))
        {
            return Err(self
                .store
                .invalid("a co-mention points outside the index".to_owned()));
        }
        Ok(self.edges.get_or_init(|| edges))
    }

    /// The mentions of episode `episode`, with their snippets' text (one read each).
    pub fn episode_mentions(&self, episode: IndexEpisodeId) -> Result<IndexedMentions, IndexError> {
        let e = self.episode(episode);
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
                && widen(b) <= text.len()
                && text.is_char_boundary(widen(a))
                && text.is_char_boundary(widen(b))
        };
        for m in &mentions {
            let [s0, s1, s2, s3] = m.snippet;
            if m.entity.index() >= self.entities.len()
                || m.speaker.is_some_and(|s| widen(s) >= self.speakers.len())
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
    pub fn edge_episodes(&self, edge: &IndexEdge) -> Result<Vec<IndexEpisodeId>, IndexError> {
        let (a, b) = edge.episodes;
        let bytes = self
            .store
            .read(EDGE_EPISODES, u64::from(a) * 4, u64::from(b - a) * 4)?;
        let episodes: Vec<IndexEpisodeId> = bytes
            .chunks_exact(4)
            .map(|c| IndexEpisodeId::new(u32::from_le_bytes(c.try_into().expect("4 bytes"))))
            .collect();
        if episodes.iter().any(|e| e.index() >= self.episodes.len()) {
            return Err(self
                .store
                .invalid("a co-mention names an episode outside the index".to_owned()));
        }
        Ok(episodes)
    }

    /// The episodes that mention `entity`, with how often: `(episode, mentions)` in corpus
    /// order (one read).
    pub fn postings(
        &self,
        entity: IndexEntityId,
    ) -> Result<Vec<(IndexEpisodeId, u32)>, IndexError> {
        let (a, b) = self.entity(entity).postings;
        let bytes = self
            .store
            .read(POSTINGS, u64::from(a) * 8, u64::from(b - a) * 8)?;
        let postings: Vec<(IndexEpisodeId, u32)> = bytes
            .chunks_exact(8)
            .map(|c| {
                (
                    IndexEpisodeId::new(u32::from_le_bytes(c[..4].try_into().expect("4 bytes"))),
                    u32::from_le_bytes(c[4..].try_into().expect("4 bytes")),
                )
            })
            .collect();
        if postings
            .iter()
            .any(|(e, _)| e.index() >= self.episodes.len())
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
            .and_then(|s| self.speakers.get(widen(s)))
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
        // A range inside bytes in memory fits a `usize`; one of a file may not, on a 32-bit
        // system, where it could not be read into memory either.
        let too_large = || self.invalid("a range is larger than this system addresses".to_owned());
        let size = usize::try_from(len).map_err(|_| too_large())?;
        match &self.source {
            Source::Bytes(bytes) => {
                let at = usize::try_from(at).map_err(|_| too_large())?;
                Ok(bytes[at..at + size].to_vec())
            }
            Source::File(file) => {
                let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
                let mut buffer = vec![0u8; size];
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
    use crate::catalog::Kind;
    use crate::corpus::EpisodeSummary;
    use crate::index::{INDEX_FILE, IndexEntity, IndexEpisode};

    /// The parts of a one-episode index: pytest said by Brian at 1.5 s.
    struct Parts {
        entities: Vec<IndexEntity>,
        episodes: Vec<(IndexEpisode, Vec<IndexMention>, String)>,
        edges: Vec<(IndexEdge, Vec<IndexEpisodeId>)>,
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
                    summary: EpisodeSummary {
                        id: "ep-1".to_owned(),
                        show: Some("Show".to_owned()),
                        number: Some(1),
                        title: None,
                        date: Some("2020-01-01".to_owned()),
                        source_path: "ep.txt".to_owned(),
                    },
                    mentions: (0, 0),
                    text: (0, 0),
                },
                vec![
                    IndexMention {
                        entity: IndexEntityId::new(0),
                        segment: 0,
                        start_ms: Some(1500),
                        speaker: Some(0),
                        snippet: [0, 4, 10, 15],
                    },
                    IndexMention {
                        entity: IndexEntityId::new(1),
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
                    a: IndexEntityId::new(0),
                    b: IndexEntityId::new(1),
                    weight: 1,
                    npmi: 0.5,
                    episodes: (0, 0),
                },
                vec![IndexEpisodeId::new(0)],
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
        let (first, other) = (IndexEntityId::new(0), IndexEntityId::new(1));
        let episode = IndexEpisodeId::new(0);
        let read = index.episode_mentions(episode).unwrap();
        assert_eq!(read.mentions, parts().episodes[0].1);
        assert_eq!(read.snippet(&read.mentions[0]), ("we l", "pytest", " rock"));
        assert_eq!(read.snippet(&read.mentions[1]), ("and ", "tox", ""));
        assert_eq!(index.speaker(&read.mentions[0]), Some("Brian"));
        assert_eq!(index.speaker(&read.mentions[1]), None);
        assert_eq!(index.postings(first).unwrap(), [(episode, 1)]);
        assert_eq!(index.postings(other).unwrap(), [(episode, 1)]);
        assert_eq!(
            index.edge_episodes(&index.edges().unwrap()[0]).unwrap(),
            [episode]
        );
    }

    #[test]
    fn an_index_pointing_outside_itself_is_refused() {
        type Tamper = fn(&mut Parts);
        // Refused when first read: the co-mentions.
        let mut p = parts();
        p.edges[0].0.b = IndexEntityId::new(7);
        let error = index_of(p).unwrap().edges().err().unwrap().to_string();
        assert!(
            error.contains("a co-mention points outside the index"),
            "{error}"
        );
        // Refused when the episode is read: its mentions.
        let when_read: [(&str, Tamper); 3] = [
            ("a mention points outside the index", |p| {
                p.episodes[0].1[0].entity = IndexEntityId::new(7)
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
            let error = index
                .episode_mentions(IndexEpisodeId::new(0))
                .unwrap_err()
                .to_string();
            assert!(error.contains(message), "{error}");
            assert!(error.ends_with("rebuild with `podgraph build`"), "{error}");
        }
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
