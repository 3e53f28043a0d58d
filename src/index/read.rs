//! Opening an index and reading its sections: the head at load, checked once and then used in
//! place, the rest when a query asks, one read each, from a file or from memory. Every range is
//! checked before it is used, so a truncated or tampered file is refused with a message to
//! rebuild, never a panic. Separate from writing because queries hold only this side.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::format::{
    CO_MENTION_BYTES, CO_MENTIONS, CoMentionRecord, EDGE_EPISODES, ENTITY_BYTES, EPISODE_BYTES,
    EntityRecord, EpisodeRecord, Fields, HEAD, KEY_BYTES, KeyRecord, MAGIC, MAX_RECORDS,
    MENTION_BYTES, MENTIONS, META_BYTES, NAME_BYTES, POSTING_BYTES, POSTINGS, PREAMBLE, SECTIONS,
    StrRef, TEXT, roles_of,
};
use super::{
    INDEX_VERSION, IndexEdge, IndexEntity, IndexEntityId, IndexEpisode, IndexEpisodeId, IndexError,
    IndexMention, IndexedMentions, Names, QueryIndex, widen,
};
use crate::catalog::{KeyRoles, Kind};
use crate::corpus::EpisodeBrief;

/// What [`QueryIndex`] reads its sections from.
pub(super) struct Store {
    /// The file, or `<memory>`, for messages.
    path: PathBuf,
    source: Source,
    sections: [(u64, u64); SECTIONS],
}

enum Source {
    /// Locked for each read, where reads need a seek of their own (not on Unix).
    File(Mutex<std::fs::File>),
    Bytes(Vec<u8>),
}

/// The sections read at load, as they are in the file, checked by [`Head::check`]: records are
/// decoded when asked for, and strings are ranges of `strings`.
pub(super) struct Head {
    entities: Vec<u8>,
    episodes: Vec<u8>,
    names: Vec<u8>,
    keys: Vec<u8>,
    strings: String,
    speakers: (u32, u32),
}

/// The string at `s` of `pool`: `s` was checked at load to be a range of it on character
/// boundaries.
pub(super) fn string(pool: &str, s: StrRef) -> &str {
    &pool[widen(s.start)..widen(s.end)]
}

impl Head {
    /// The head of `store`, read (one read a section) and checked.
    fn read(store: &Store) -> Result<(Head, String, String), IndexError> {
        let [meta, entities, episodes, names, keys, strings] =
            HEAD.map(|section| store.read(section, 0, store.sections[section].1));
        let strings = String::from_utf8(strings?)
            .map_err(|_| store.invalid("its names are not UTF-8".to_owned()))?;
        let meta = meta?;
        if meta.len() != META_BYTES {
            return Err(store.invalid("its header is truncated".to_owned()));
        }
        let mut f = Fields::of(&meta);
        let (build, window, speakers) = (f.string(), f.string(), f.range());
        let head = Head {
            entities: entities?,
            episodes: episodes?,
            names: names?,
            keys: keys?,
            strings,
            speakers,
        };
        head.check(store).map_err(|m| store.invalid(m.to_owned()))?;
        let text = |s: StrRef| {
            head.checked(s)
                .map(str::to_owned)
                .ok_or_else(|| store.invalid("its header points outside it".to_owned()))
        };
        let (build, window) = (text(build)?, text(window)?);
        Ok((head, build, window))
    }

    /// `s`, if it is a range of the pool on character boundaries.
    fn checked(&self, s: StrRef) -> Option<&str> {
        self.strings.get(widen(s.start)..widen(s.end))
    }

    /// Checks every record of the head: each string inside the pool on character boundaries,
    /// each range inside its section, each kind and entity one there is. After this, the views
    /// index without checking.
    fn check(&self, store: &Store) -> Result<(), &'static str> {
        let sizes = [
            (&self.entities, ENTITY_BYTES),
            (&self.episodes, EPISODE_BYTES),
            (&self.names, NAME_BYTES),
            (&self.keys, KEY_BYTES),
        ];
        if sizes
            .iter()
            .any(|(bytes, size)| !bytes.len().is_multiple_of(*size))
        {
            return Err("its head is truncated");
        }
        let (entities, episodes) = (self.entity_count(), self.episode_count());
        // Ids are `u32` positions below these counts (`IndexEntityId::all`).
        if entities as u64 > MAX_RECORDS || episodes as u64 > MAX_RECORDS {
            return Err("it holds more records than its format addresses");
        }
        let names = (self.names.len() / NAME_BYTES) as u64;
        let count = |section: usize, size: usize| store.sections[section].1 / size as u64;
        let within = |(a, b): (u32, u32), n: u64| a <= b && u64::from(b) <= n;
        let string = |s: StrRef| self.checked(s).is_some();
        let optional = |s: StrRef| s == StrRef::NONE || string(s);
        if !within(self.speakers, names) {
            return Err("its speakers are outside it");
        }
        if !self
            .names
            .chunks_exact(NAME_BYTES)
            .all(|r| string(Fields::of(r).string()))
        {
            return Err("a name points outside the index");
        }
        let (postings, co_mentions) = (
            count(POSTINGS, POSTING_BYTES),
            count(CO_MENTIONS, CO_MENTION_BYTES),
        );
        for r in self.entities.chunks_exact(ENTITY_BYTES) {
            let e = EntityRecord::decode(r);
            let [n0, n1, n2, n3] = e.names;
            let fits = string(e.id)
                && string(e.name)
                && n0 <= n1
                && n1 <= n2
                && within((n2, n3), names)
                && widen(e.kind) < Kind::ALL.len()
                && within(e.postings, postings)
                && within(e.co_mentions, co_mentions);
            if !fits {
                return Err("an entity points outside the index");
            }
        }
        let (mentions, text) = (count(MENTIONS, MENTION_BYTES), store.sections[TEXT].1);
        for r in self.episodes.chunks_exact(EPISODE_BYTES) {
            let e = EpisodeRecord::decode(r);
            if !string(e.id)
                || !string(e.source_path)
                || ![e.show, e.title, e.date].into_iter().all(optional)
                || (e.number != u64::MAX && u32::try_from(e.number).is_err())
                || !within(e.mentions, mentions)
                || e.text.0 > e.text.1
                || e.text.1 > text
            {
                return Err("an episode points outside the index");
            }
        }
        for r in self.keys.chunks_exact(KEY_BYTES) {
            let k = KeyRecord::decode(r);
            if !string(k.key) || widen(k.entity) >= entities || roles_of(k.roles).is_none() {
                return Err("a name key points outside the index");
            }
        }
        Ok(())
    }

    fn entity_count(&self) -> usize {
        self.entities.len() / ENTITY_BYTES
    }

    fn episode_count(&self) -> usize {
        self.episodes.len() / EPISODE_BYTES
    }

    fn entity_record(&self, entity: IndexEntityId) -> EntityRecord {
        let at = entity.index() * ENTITY_BYTES;
        EntityRecord::decode(&self.entities[at..at + ENTITY_BYTES])
    }

    fn episode_record(&self, episode: IndexEpisodeId) -> EpisodeRecord {
        let at = episode.index() * EPISODE_BYTES;
        EpisodeRecord::decode(&self.episodes[at..at + EPISODE_BYTES])
    }

    fn names(&self, (a, b): (u32, u32)) -> Names<'_> {
        Names {
            records: &self.names[widen(a) * NAME_BYTES..widen(b) * NAME_BYTES],
            pool: &self.strings,
        }
    }

    fn string(&self, s: StrRef) -> &str {
        string(&self.strings, s)
    }

    fn optional(&self, s: StrRef) -> Option<&str> {
        (s != StrRef::NONE).then(|| self.string(s))
    }

    fn key(&self, at: usize) -> KeyRecord {
        KeyRecord::decode(&self.keys[at * KEY_BYTES..(at + 1) * KEY_BYTES])
    }
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
        let (head, build, window) = Head::read(&store)?;
        Ok(QueryIndex {
            build,
            window,
            head,
            store,
        })
    }

    /// How many entities: every catalog entity, mentioned or not.
    pub fn entity_count(&self) -> usize {
        self.head.entity_count()
    }

    /// How many episodes.
    pub fn episode_count(&self) -> usize {
        self.head.episode_count()
    }

    /// The entity `id`.
    pub fn entity(&self, id: IndexEntityId) -> IndexEntity<'_> {
        let e = self.head.entity_record(id);
        let [n0, n1, n2, n3] = e.names;
        IndexEntity {
            id: self.head.string(e.id),
            name: self.head.string(e.name),
            kind: Kind::ALL[widen(e.kind)],
            aliases: self.head.names((n0, n1)),
            ambiguous_aliases: self.head.names((n1, n2)),
            tags: self.head.names((n2, n3)),
            mentions: e.mentions,
            episodes: e.episodes,
            pagerank: e.pagerank,
            betweenness: e.betweenness,
            community: (e.community != u32::MAX).then_some(e.community),
        }
    }

    /// The episode `id`.
    pub fn episode(&self, id: IndexEpisodeId) -> IndexEpisode<'_> {
        let e = self.head.episode_record(id);
        IndexEpisode {
            summary: EpisodeBrief {
                id: self.head.string(e.id),
                show: self.head.optional(e.show),
                // `u64::MAX`, none, or a `u32` (checked at load).
                number: u32::try_from(e.number).ok(),
                title: self.head.optional(e.title),
                date: self.head.optional(e.date),
            },
            source_path: self.head.string(e.source_path),
        }
    }

    /// Every entity, in index order (by id).
    pub fn entities(&self) -> impl Iterator<Item = IndexEntity<'_>> {
        self.entity_ids().map(|e| self.entity(e))
    }

    /// Every episode, in corpus order.
    pub fn episodes(&self) -> impl Iterator<Item = IndexEpisode<'_>> {
        self.episode_ids().map(|e| self.episode(e))
    }

    /// A mention's speaker.
    pub fn speaker(&self, mention: &IndexMention) -> Option<&str> {
        let (first, end) = self.head.speakers;
        let at = mention.speaker?.checked_add(first).filter(|&at| at < end)?;
        self.head.names((at, at + 1)).iter().next()
    }

    /// The entities that have `key` among their name keys
    /// ([`entity_keys`](crate::catalog::entity_keys)), with what it is of each: a binary search
    /// of the keys. `O(log K)`.
    pub(crate) fn keyed(&self, key: &str) -> Vec<(usize, KeyRoles)> {
        let count = self.head.keys.len() / KEY_BYTES;
        let key_at = |at: usize| self.head.string(self.head.key(at).key);
        let first = partition_point(count, |at| key_at(at) < key);
        (first..count)
            .map(|at| self.head.key(at))
            .take_while(|k| self.head.string(k.key) == key)
            .map(|k| {
                let roles = roles_of(k.roles).expect("roles checked at load");
                (widen(k.entity), roles)
            })
            .collect()
    }

    /// How many co-mentions `entity` has (without reading them).
    pub fn degree(&self, entity: IndexEntityId) -> usize {
        let (a, b) = self.head.entity_record(entity).co_mentions;
        widen(b - a)
    }

    /// `entity`'s co-mentions, ordered by the other entity (one read).
    pub fn co_mentions(&self, entity: IndexEntityId) -> Result<Vec<IndexEdge>, IndexError> {
        let (a, b) = self.head.entity_record(entity).co_mentions;
        let bytes = self.store.read(
            CO_MENTIONS,
            u64::from(a) * CO_MENTION_BYTES as u64,
            u64::from(b - a) * CO_MENTION_BYTES as u64,
        )?;
        bytes
            .chunks_exact(CO_MENTION_BYTES)
            .map(|r| self.edge(entity, CoMentionRecord::decode(r)))
            .collect()
    }

    /// The co-mention graph as adjacency lists over positions: for each entity, in entity
    /// order, the positions of the entities co-mentioned with it and the windows shared. An
    /// entity for which `keep` is false has no list and is in none. One read of the whole
    /// section.
    pub fn co_mention_lists(
        &self,
        keep: impl Fn(IndexEntityId) -> bool,
    ) -> Result<Vec<Vec<(usize, u32)>>, IndexError> {
        let bytes = self
            .store
            .read(CO_MENTIONS, 0, self.store.sections[CO_MENTIONS].1)?;
        let count = self.entity_count();
        let kept: Vec<bool> = self.entity_ids().map(&keep).collect();
        let mut lists = Vec::with_capacity(count);
        for entity in self.entity_ids() {
            if !kept[entity.index()] {
                lists.push(Vec::new());
                continue;
            }
            let (a, b) = self.head.entity_record(entity).co_mentions;
            let mut list = Vec::with_capacity(widen(b - a));
            for r in bytes[widen(a) * CO_MENTION_BYTES..widen(b) * CO_MENTION_BYTES]
                .chunks_exact(CO_MENTION_BYTES)
            {
                let mut f = Fields::of(r);
                let (other, weight) = (widen(f.u32()), f.u32());
                match kept.get(other) {
                    Some(true) => list.push((other, weight)),
                    Some(false) => {}
                    None => {
                        return Err(self
                            .store
                            .invalid("a co-mention points outside the index".to_owned()));
                    }
                }
            }
            lists.push(list);
        }
        Ok(lists)
    }

    /// A co-mention record of `entity` as an edge, checked.
    fn edge(&self, entity: IndexEntityId, r: CoMentionRecord) -> Result<IndexEdge, IndexError> {
        let edge_episodes = self.store.sections[EDGE_EPISODES].1 / 4;
        let (a, b) = r.episodes;
        if r.other.index() >= self.entity_count() || a > b || u64::from(b) > edge_episodes {
            return Err(self
                .store
                .invalid("a co-mention points outside the index".to_owned()));
        }
        Ok(IndexEdge {
            a: entity.min(r.other),
            b: entity.max(r.other),
            weight: r.weight,
            npmi: r.npmi,
            episodes: r.episodes,
        })
    }

    /// The mentions of episode `episode`, with their snippets' text (one read each).
    pub fn episode_mentions(&self, episode: IndexEpisodeId) -> Result<IndexedMentions, IndexError> {
        let mentions = self.episode_mentions_of(episode, |_| true)?;
        let e = self.head.episode_record(episode);
        let text = self.store.read(TEXT, e.text.0, e.text.1 - e.text.0)?;
        self.with_text(mentions, text, 0)
    }

    /// The mentions of episode `episode` of the entities for which `keep` holds, in text order,
    /// without their snippets' text ([`QueryIndex::snippets`]): one read of the episode's
    /// mention records.
    pub fn episode_mentions_of(
        &self,
        episode: IndexEpisodeId,
        mut keep: impl FnMut(IndexEntityId) -> bool,
    ) -> Result<Vec<IndexMention>, IndexError> {
        let e = self.head.episode_record(episode);
        let (a, b) = e.mentions;
        let records = self.store.read(
            MENTIONS,
            u64::from(a) * MENTION_BYTES as u64,
            u64::from(b - a) * MENTION_BYTES as u64,
        )?;
        let text = e.text.1 - e.text.0;
        let speakers = self.head.speakers.1 - self.head.speakers.0;
        let mut mentions = Vec::new();
        for r in records.chunks_exact(MENTION_BYTES) {
            if !keep(IndexMention::entity_of(r)) {
                continue;
            }
            let m = IndexMention::decode(r);
            let [s0, s1, s2, s3] = m.snippet;
            if m.entity.index() >= self.entity_count()
                || m.speaker.is_some_and(|s| s >= speakers)
                || !(s0 <= s1 && s1 <= s2 && s2 <= s3 && u64::from(s3) <= text)
            {
                return Err(self
                    .store
                    .invalid("a mention points outside the index".to_owned()));
            }
            mentions.push(m);
        }
        Ok(mentions)
    }

    /// `mentions` (of episode `episode`, as [`QueryIndex::episode_mentions_of`] read them) with
    /// the text of their snippets: one read of the part of the episode's text they span.
    pub fn snippets(
        &self,
        episode: IndexEpisodeId,
        mentions: Vec<IndexMention>,
    ) -> Result<IndexedMentions, IndexError> {
        if mentions.is_empty() {
            return Ok(IndexedMentions {
                mentions,
                text: String::new(),
                offset: 0,
            });
        }
        let e = self.head.episode_record(episode);
        let first = mentions.iter().map(|m| m.snippet[0]).min().unwrap_or(0);
        let last = mentions.iter().map(|m| m.snippet[3]).max().unwrap_or(0);
        if first > last || e.text.0 + u64::from(last) > e.text.1 {
            return Err(self
                .store
                .invalid("a mention points outside the index".to_owned()));
        }
        let text = self
            .store
            .read(TEXT, e.text.0 + u64::from(first), u64::from(last - first))?;
        self.with_text(mentions, text, first)
    }

    /// `mentions` with `text`, the episode's text from byte `offset`, checked to hold their
    /// snippets on character boundaries.
    fn with_text(
        &self,
        mentions: Vec<IndexMention>,
        text: Vec<u8>,
        offset: u32,
    ) -> Result<IndexedMentions, IndexError> {
        let invalid = || {
            self.store
                .invalid("a mention points outside the index".to_owned())
        };
        let text = String::from_utf8(text).map_err(|_| {
            self.store
                .invalid("an episode's text is not UTF-8".to_owned())
        })?;
        for m in &mentions {
            for s in m.snippet {
                let at = s.checked_sub(offset).ok_or_else(invalid)?;
                if !text.is_char_boundary(widen(at)) {
                    return Err(invalid());
                }
            }
        }
        Ok(IndexedMentions {
            mentions,
            text,
            offset,
        })
    }

    /// The episodes an edge's entities share windows in (one read).
    pub fn edge_episodes(&self, edge: &IndexEdge) -> Result<Vec<IndexEpisodeId>, IndexError> {
        let (a, b) = edge.episodes;
        let bytes = self
            .store
            .read(EDGE_EPISODES, u64::from(a) * 4, u64::from(b - a) * 4)?;
        let episodes: Vec<IndexEpisodeId> = bytes
            .chunks_exact(4)
            .map(|c| IndexEpisodeId::new(Fields::of(c).u32()))
            .collect();
        if episodes.iter().any(|e| e.index() >= self.episode_count()) {
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
        let (a, b) = self.head.entity_record(entity).postings;
        let size = POSTING_BYTES as u64;
        let bytes = self
            .store
            .read(POSTINGS, u64::from(a) * size, u64::from(b - a) * size)?;
        let postings: Vec<(IndexEpisodeId, u32)> = bytes
            .chunks_exact(POSTING_BYTES)
            .map(|c| {
                let (episode, n) = Fields::of(c).range();
                (IndexEpisodeId::new(episode), n)
            })
            .collect();
        if postings
            .iter()
            .any(|(e, _)| e.index() >= self.episode_count())
        {
            return Err(self
                .store
                .invalid("an entity names an episode outside the index".to_owned()));
        }
        Ok(postings)
    }
}

/// The first of `0..count` for which `before` is false, `before` being true up to some point
/// and false after it ([`slice::partition_point`] over positions).
fn partition_point(count: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, count);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
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
        let found = Fields::of(&preamble[version_at..version_at + 4]).u32();
        if found != INDEX_VERSION {
            return Err(IndexError::Version { path, found });
        }
        if preamble.len() < PREAMBLE {
            return Err(invalid("it is truncated"));
        }
        let mut sections = [(0u64, 0u64); SECTIONS];
        let mut table = Fields::of(&preamble[version_at + 4..]);
        for section in &mut sections {
            *section = (table.u64(), table.u64());
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
                let mut buffer = vec![0u8; size];
                let file = file.lock().unwrap_or_else(|p| p.into_inner());
                read_at(&file, &mut buffer, at).map_err(|source| IndexError::Io {
                    path: self.path.clone(),
                    source,
                })?;
                Ok(buffer)
            }
        }
    }
}

/// Fills `buffer` from `file` at `offset`: one `pread` on Unix, where no seek is needed.
#[cfg(unix)]
fn read_at(file: &std::fs::File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

/// Fills `buffer` from `file` at `offset`.
#[cfg(not(unix))]
fn read_at(mut file: &std::fs::File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom};
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buffer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::EpisodeSummary;
    use crate::index::format::{ENTITIES, KEYS, NAMES, STRINGS};
    use crate::index::{EntityParts, INDEX_FILE};

    /// The parts of a one-episode index: pytest said by Brian at 1.5 s.
    struct Parts {
        entities: Vec<EntityParts>,
        episodes: Vec<(EpisodeSummary, Vec<IndexMention>, String)>,
        edges: Vec<(IndexEdge, Vec<IndexEpisodeId>)>,
        speakers: Vec<String>,
    }

    fn parts() -> Parts {
        let entity = |id: &str, name: &str| EntityParts {
            id: id.to_owned(),
            name: name.to_owned(),
            kind: Kind::Package,
            aliases: vec![id.to_owned()],
            ambiguous_aliases: Vec::new(),
            tags: vec!["tool".to_owned()],
            mentions: 1,
            episodes: 1,
            pagerank: 1.0,
            betweenness: 0.0,
            community: Some(0),
        };
        Parts {
            entities: vec![entity("pytest", "pytest"), entity("tox", "Töx")],
            episodes: vec![(
                EpisodeSummary {
                    id: "ep-1".to_owned(),
                    show: Some("Show".to_owned()),
                    number: Some(1),
                    title: None,
                    date: Some("2020-01-01".to_owned()),
                    source_path: "ep.txt".to_owned(),
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

    /// Where `section` starts in `bytes`, an index.
    fn section_start(bytes: &[u8], section: usize) -> usize {
        let at = MAGIC.len() + 4 + section * 16;
        usize::try_from(Fields::of(&bytes[at..at + 8]).u64()).unwrap()
    }

    /// Why `bytes` is refused at load.
    fn refusal(bytes: &[u8]) -> String {
        let (_dir, path) = saved(bytes);
        QueryIndex::load(&path).err().unwrap().to_string()
    }

    #[test]
    fn an_index_reads_back_as_written_and_reads_only_what_is_asked() {
        let (_dir, path) = saved(&bytes_of(&index_of(parts()).unwrap()));
        let index = QueryIndex::load(&path).unwrap();
        assert_eq!(
            (index.build.as_str(), index.window.as_str()),
            ("test", "60s")
        );
        let (first, other) = (IndexEntityId::new(0), IndexEntityId::new(1));
        let tox = index.entity(other);
        assert_eq!((tox.id, tox.name, tox.kind), ("tox", "Töx", Kind::Package));
        assert_eq!(tox.aliases.iter().collect::<Vec<_>>(), ["tox"]);
        assert!(tox.ambiguous_aliases.is_empty());
        assert_eq!(tox.tags.join(", "), "tool");
        assert_eq!(tox.community, Some(0));
        let episode = IndexEpisodeId::new(0);
        let e = index.episode(episode);
        assert_eq!(e.summary, parts().episodes[0].0.brief());
        assert_eq!(e.source_path, "ep.txt");
        let read = index.episode_mentions(episode).unwrap();
        assert_eq!(read.mentions, parts().episodes[0].1);
        assert_eq!(read.snippet(&read.mentions[0]), ("we l", "pytest", " rock"));
        assert_eq!(read.snippet(&read.mentions[1]), ("and ", "tox", ""));
        assert_eq!(index.speaker(&read.mentions[0]), Some("Brian"));
        assert_eq!(index.speaker(&read.mentions[1]), None);
        // Some mentions, and the text of their snippets alone.
        let some = index.episode_mentions_of(episode, |e| e == other).unwrap();
        assert_eq!(some, parts().episodes[0].1[1..]);
        let read = index.snippets(episode, some).unwrap();
        assert_eq!(read.snippet(&read.mentions[0]), ("and ", "tox", ""));
        assert_eq!(read.text, "and tox");
        assert_eq!(index.postings(first).unwrap(), [(episode, 1)]);
        assert_eq!(index.postings(other).unwrap(), [(episode, 1)]);
        // The co-mention, from either end.
        let edge = index.co_mentions(other).unwrap();
        assert_eq!(edge, index.co_mentions(first).unwrap());
        assert_eq!(
            (edge[0].a, edge[0].b, edge[0].other(other)),
            (first, other, first)
        );
        assert_eq!(index.edge_episodes(&edge[0]).unwrap(), [episode]);
        assert_eq!(index.degree(first), 1);
        assert_eq!(
            index.co_mention_lists(|_| true).unwrap(),
            [vec![(1, 1)], vec![(0, 1)]]
        );
        assert_eq!(
            index.co_mention_lists(|e| e == first).unwrap(),
            [vec![], vec![]]
        );
        // Names by their keys.
        assert_eq!(index.resolve("TOX").unwrap(), other);
        assert_eq!(index.resolve("töx").unwrap(), other);
        assert_eq!(index.resolve("id:pytest").unwrap(), first);
    }

    #[test]
    fn an_index_pointing_outside_itself_is_refused() {
        type Tamper = fn(&mut Parts);
        // Refused when first read: the co-mentions.
        let mut p = parts();
        p.edges[0].0.b = IndexEntityId::new(7);
        let index = index_of(p).unwrap();
        let errors = [
            index.co_mentions(IndexEntityId::new(0)).unwrap_err(),
            index.co_mention_lists(|_| true).unwrap_err(),
        ];
        for error in errors.map(|e| e.to_string()) {
            assert!(
                error.contains("a co-mention points outside the index"),
                "{error}"
            );
        }
        // Refused when the episode is read: its mentions (or, read in part, its text).
        let when_read: [(&str, Tamper); 4] = [
            ("a mention points outside the index", |p| {
                p.episodes[0].1[0].entity = IndexEntityId::new(7)
            }),
            ("a mention points outside the index", |p| {
                p.episodes[0].1[0].snippet[3] = 999
            }),
            ("a mention points outside the index", |p| {
                p.episodes[0].1[0].speaker = Some(3)
            }),
            (
                "a mention points outside the index|an episode's text is not UTF-8",
                |p| {
                    // Inside the text, but not on a character boundary.
                    p.episodes[0].2 = "we lpytest rocks and töx".to_owned();
                    p.episodes[0].1[1].snippet = [17, 21, 23, 23];
                },
            ),
        ];
        for (messages, tamper) in when_read {
            let refused = |error: &str| messages.split('|').any(|m| error.contains(m));
            let mut p = parts();
            tamper(&mut p);
            let (_dir, path) = saved(&bytes_of(&index_of(p).unwrap()));
            let index = QueryIndex::load(&path).unwrap();
            let episode = IndexEpisodeId::new(0);
            let error = index
                .episode_mentions_of(episode, |_| true)
                .and_then(|m| index.snippets(episode, m))
                .unwrap_err()
                .to_string();
            assert!(refused(&error), "{error}");
            assert!(error.ends_with("rebuild with `podgraph build`"), "{error}");
            let whole = index.episode_mentions(episode).unwrap_err().to_string();
            assert!(refused(&whole), "{whole}");
        }
    }

    #[test]
    fn a_head_pointing_outside_itself_is_refused_at_load() {
        let bytes = bytes_of(&index_of(parts()).unwrap());
        let (entities, strings) = (
            section_start(&bytes, ENTITIES),
            section_start(&bytes, STRINGS),
        );
        let tamper = |at: usize, value: &[u8]| {
            let mut bytes = bytes.clone();
            bytes[at..at + value.len()].copy_from_slice(value);
            refusal(&bytes)
        };
        // The first entity's id (a range of the pool), past the pool.
        let error = tamper(entities + 4, &u32::MAX.to_le_bytes());
        assert!(
            error.contains("an entity points outside the index"),
            "{error}"
        );
        assert!(error.ends_with("rebuild with `podgraph build`"), "{error}");
        // The second entity's name, "Töx", ending inside its "ö".
        let name = EntityRecord::decode(&bytes[entities + ENTITY_BYTES..]).name;
        let error = tamper(
            entities + ENTITY_BYTES + 12,
            &(name.start + 2).to_le_bytes(),
        );
        assert!(
            error.contains("an entity points outside the index"),
            "{error}"
        );
        // A kind past the kinds.
        let error = tamper(entities + 32, &99u32.to_le_bytes());
        assert!(
            error.contains("an entity points outside the index"),
            "{error}"
        );
        // Its aliases past the names.
        let error = tamper(entities + 20, &99u32.to_le_bytes());
        assert!(
            error.contains("an entity points outside the index"),
            "{error}"
        );
        // A name key of an entity there is not.
        let error = tamper(section_start(&bytes, KEYS) + 8, &9u32.to_le_bytes());
        assert!(
            error.contains("a name key points outside the index"),
            "{error}"
        );
        // An alias past the pool.
        let error = tamper(section_start(&bytes, NAMES) + 4, &u32::MAX.to_le_bytes());
        assert!(error.contains("a name points outside the index"), "{error}");
        // A pool that is not UTF-8.
        let error = tamper(strings, &[0xff]);
        assert!(error.contains("its names are not UTF-8"), "{error}");
    }

    #[test]
    fn a_truncated_index_or_another_version_is_refused_with_what_to_do() {
        let bytes = bytes_of(&index_of(parts()).unwrap());
        let error = refusal(&bytes[..bytes.len() - 3]);
        assert!(error.contains("it is truncated"), "{error}");
        let mut old = bytes.clone();
        old[8..12].copy_from_slice(&3u32.to_le_bytes());
        let error = refusal(&old);
        assert!(
            error.contains("written in index format 3, this podgraph reads format 4"),
            "{error}"
        );
        assert!(error.ends_with("rebuild with `podgraph build`"), "{error}");
    }
}
