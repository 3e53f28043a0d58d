//! The layout of `index.bin` that writing and reading must agree on: the magic and version,
//! the section table, and the fixed-size records of every section. Separate so that the file's
//! format is in one place, not spread between the writer and the reader (and so that
//! `index.bin`'s bytes stay what they were when either changes).
//!
//! Every record is fixed-size and little-endian, and every string is a byte range of one string
//! pool (`STRINGS`), so that loading is reading bytes and checking them once — no record is
//! decoded into an allocation of its own. A list of strings (an entity's aliases, the speakers)
//! is a range of the `NAMES` section, whose records are string ranges.

use std::io;
use std::path::Path;

use super::{INDEX_VERSION, IndexEntityId, IndexMention};
use crate::catalog::{KeyRoles, Kind};

pub(super) const MAGIC: &[u8; 8] = b"PODGRAPH";

/// The sections, in the order of the section table. The head (`META` to `STRINGS`) is read and
/// checked at load; the others when a query asks. In the file they lie in [`FILE_ORDER`].
pub(super) const META: usize = 0;
pub(super) const ENTITIES: usize = 1;
pub(super) const EPISODES: usize = 2;
pub(super) const NAMES: usize = 3;
pub(super) const KEYS: usize = 4;
pub(super) const STRINGS: usize = 5;
pub(super) const CO_MENTIONS: usize = 6;
pub(super) const EDGE_EPISODES: usize = 7;
pub(super) const POSTINGS: usize = 8;
pub(super) const MENTIONS: usize = 9;
pub(super) const TEXT: usize = 10;
pub(super) const SECTIONS: usize = 11;

/// The sections in the order they lie in the file. `TEXT`, an archive's largest, comes first:
/// a build writes it straight into the index file as episodes come, before the sections that
/// need the whole graph are known. A reader finds each by its offset in the section table.
pub(super) const FILE_ORDER: [usize; SECTIONS] = [
    TEXT,
    META,
    ENTITIES,
    EPISODES,
    NAMES,
    KEYS,
    STRINGS,
    CO_MENTIONS,
    EDGE_EPISODES,
    POSTINGS,
    MENTIONS,
];

/// The sections read at load.
pub(super) const HEAD: [usize; 6] = [META, ENTITIES, EPISODES, NAMES, KEYS, STRINGS];

/// Bytes before the first section: magic, version, and each section's offset and length.
pub(super) const PREAMBLE: usize = MAGIC.len() + 4 + SECTIONS * 16;

/// Bytes of the `META` section: the build and the window (strings), the speakers (a range of
/// `NAMES`).
pub(super) const META_BYTES: usize = 24;
/// Bytes of one entity record ([`EntityRecord`]).
pub(super) const ENTITY_BYTES: usize = 80;
/// Bytes of one episode record ([`EpisodeRecord`]).
pub(super) const EPISODE_BYTES: usize = 72;
/// Bytes of one `NAMES` record: a string.
pub(super) const NAME_BYTES: usize = 8;
/// Bytes of one `KEYS` record ([`KeyRecord`]).
pub(super) const KEY_BYTES: usize = 16;
/// Bytes of one co-mention record ([`CoMentionRecord`]).
pub(super) const CO_MENTION_BYTES: usize = 24;
/// Bytes of one posting: episode, mentions.
pub(super) const POSTING_BYTES: usize = 8;
/// Bytes of one mention record: entity, segment, time (`u64::MAX` for none), speaker
/// (`u32::MAX` for none), four snippet offsets.
pub(super) const MENTION_BYTES: usize = 36;

/// Reads a record's fields in order.
pub(super) struct Fields<'a> {
    record: &'a [u8],
    at: usize,
}

impl<'a> Fields<'a> {
    /// The fields of `record`, a record of its section's size: the callers slice records with
    /// `chunks_exact` or at multiples of the size, so no field reads past the record's end.
    pub(super) fn of(record: &'a [u8]) -> Fields<'a> {
        Fields { record, at: 0 }
    }

    fn take<const N: usize>(&mut self) -> [u8; N] {
        let bytes = self.record[self.at..self.at + N]
            .try_into()
            .expect("a field inside its record");
        self.at += N;
        bytes
    }

    pub(super) fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take())
    }

    pub(super) fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take())
    }

    pub(super) fn f64(&mut self) -> f64 {
        f64::from_le_bytes(self.take())
    }

    pub(super) fn range(&mut self) -> (u32, u32) {
        (self.u32(), self.u32())
    }

    pub(super) fn string(&mut self) -> StrRef {
        let (start, end) = self.range();
        StrRef { start, end }
    }
}

/// Where a string is: a byte range of the string pool, or [`StrRef::NONE`] for an optional
/// string that is absent. The pool is shorter than `u32::MAX` bytes (the writer checks), so no
/// string's range is `NONE`'s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct StrRef {
    pub(super) start: u32,
    pub(super) end: u32,
}

impl StrRef {
    pub(super) const NONE: StrRef = StrRef {
        start: u32::MAX,
        end: u32::MAX,
    };

    pub(super) fn encode(self, out: &mut Vec<u8>) {
        put(out, &[self.start, self.end]);
    }
}

/// Appends `u32`s, little-endian.
pub(super) fn put(out: &mut Vec<u8>, words: &[u32]) {
    for w in words {
        out.extend_from_slice(&w.to_le_bytes());
    }
}

/// An entity record: its id and name, its aliases, ambiguous aliases and tags (consecutive
/// ranges of `NAMES` from `names[0]`, ending at `names[1]`, `names[2]` and `names[3]`), its
/// kind (a position in [`Kind::ALL`]), counts and centrality, community (`u32::MAX` for none),
/// and its ranges of the postings and co-mentions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct EntityRecord {
    pub(super) id: StrRef,
    pub(super) name: StrRef,
    pub(super) names: [u32; 4],
    pub(super) kind: u32,
    pub(super) mentions: u32,
    pub(super) episodes: u32,
    pub(super) community: u32,
    pub(super) pagerank: f64,
    pub(super) betweenness: f64,
    pub(super) postings: (u32, u32),
    pub(super) co_mentions: (u32, u32),
}

impl EntityRecord {
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        self.id.encode(out);
        self.name.encode(out);
        put(out, &self.names);
        put(
            out,
            &[self.kind, self.mentions, self.episodes, self.community],
        );
        out.extend_from_slice(&self.pagerank.to_le_bytes());
        out.extend_from_slice(&self.betweenness.to_le_bytes());
        put(
            out,
            &[
                self.postings.0,
                self.postings.1,
                self.co_mentions.0,
                self.co_mentions.1,
            ],
        );
    }

    pub(super) fn decode(record: &[u8]) -> EntityRecord {
        let mut f = Fields::of(record);
        EntityRecord {
            id: f.string(),
            name: f.string(),
            names: [f.u32(), f.u32(), f.u32(), f.u32()],
            kind: f.u32(),
            mentions: f.u32(),
            episodes: f.u32(),
            community: f.u32(),
            pagerank: f.f64(),
            betweenness: f.f64(),
            postings: f.range(),
            co_mentions: f.range(),
        }
    }
}

/// The position of `kind` in [`Kind::ALL`], as entity records hold it.
pub(super) fn kind_code(kind: Kind) -> u32 {
    let at = Kind::ALL
        .iter()
        .position(|&k| k == kind)
        .expect("every kind is in Kind::ALL");
    u32::try_from(at).expect("a handful of kinds")
}

/// An episode record: id, show, title, date and file (strings, the optional ones
/// [`StrRef::NONE`] when absent), number (`u64::MAX` for none), its range of mention records
/// and its byte range of the text section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct EpisodeRecord {
    pub(super) id: StrRef,
    pub(super) show: StrRef,
    pub(super) title: StrRef,
    pub(super) date: StrRef,
    pub(super) source_path: StrRef,
    pub(super) number: u64,
    pub(super) mentions: (u32, u32),
    pub(super) text: (u64, u64),
}

impl EpisodeRecord {
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        for s in [self.id, self.show, self.title, self.date, self.source_path] {
            s.encode(out);
        }
        out.extend_from_slice(&self.number.to_le_bytes());
        put(out, &[self.mentions.0, self.mentions.1]);
        out.extend_from_slice(&self.text.0.to_le_bytes());
        out.extend_from_slice(&self.text.1.to_le_bytes());
    }

    pub(super) fn decode(record: &[u8]) -> EpisodeRecord {
        let mut f = Fields::of(record);
        EpisodeRecord {
            id: f.string(),
            show: f.string(),
            title: f.string(),
            date: f.string(),
            source_path: f.string(),
            number: f.u64(),
            mentions: f.range(),
            text: (f.u64(), f.u64()),
        }
    }
}

/// A name key of an entity (see [`crate::catalog::NameRequest::find_keyed`]): the key, the
/// entity, and what the key is of it (bits: 1 its id, 2 a name, 4 an ambiguous alias). The
/// section is sorted by key, then entity, so that a name is found by binary search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct KeyRecord {
    pub(super) key: StrRef,
    pub(super) entity: u32,
    pub(super) roles: u32,
}

impl KeyRecord {
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        self.key.encode(out);
        put(out, &[self.entity, self.roles]);
    }

    pub(super) fn decode(record: &[u8]) -> KeyRecord {
        let mut f = Fields::of(record);
        KeyRecord {
            key: f.string(),
            entity: f.u32(),
            roles: f.u32(),
        }
    }
}

/// [`KeyRoles`] as a key record's bits.
pub(super) fn roles_code(roles: KeyRoles) -> u32 {
    u32::from(roles.id) | u32::from(roles.name) << 1 | u32::from(roles.ambiguous) << 2
}

/// A key record's bits as [`KeyRoles`], if they are some.
pub(super) fn roles_of(code: u32) -> Option<KeyRoles> {
    (1..8).contains(&code).then_some(KeyRoles {
        id: code & 1 != 0,
        name: code & 2 != 0,
        ambiguous: code & 4 != 0,
    })
}

/// A co-mention as one of its entities' records holds it: the other entity, the shared windows,
/// NPMI, and the co-mention's range of the edge-episodes section. Each entity's co-mentions are
/// a range of the `CO_MENTIONS` section, sorted by the other entity; a co-mention is written in
/// both entities' ranges.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct CoMentionRecord {
    pub(super) other: IndexEntityId,
    pub(super) weight: u32,
    pub(super) npmi: f64,
    pub(super) episodes: (u32, u32),
}

impl CoMentionRecord {
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        put(out, &[self.other.get(), self.weight]);
        out.extend_from_slice(&self.npmi.to_le_bytes());
        put(out, &[self.episodes.0, self.episodes.1]);
    }

    pub(super) fn decode(record: &[u8]) -> CoMentionRecord {
        let mut f = Fields::of(record);
        CoMentionRecord {
            other: IndexEntityId::new(f.u32()),
            weight: f.u32(),
            npmi: f.f64(),
            episodes: f.range(),
        }
    }
}

impl IndexMention {
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.entity.get().to_le_bytes());
        out.extend_from_slice(&self.segment.to_le_bytes());
        out.extend_from_slice(&self.start_ms.unwrap_or(u64::MAX).to_le_bytes());
        out.extend_from_slice(&self.speaker.unwrap_or(u32::MAX).to_le_bytes());
        for o in self.snippet {
            out.extend_from_slice(&o.to_le_bytes());
        }
    }

    /// The entity of a mention record, without decoding the rest.
    pub(super) fn entity_of(record: &[u8]) -> IndexEntityId {
        IndexEntityId::new(Fields::of(record).u32())
    }

    pub(super) fn decode(record: &[u8]) -> IndexMention {
        let mut f = Fields::of(record);
        let entity = IndexEntityId::new(f.u32());
        let segment = f.u32();
        let start_ms = f.u64();
        let speaker = f.u32();
        IndexMention {
            entity,
            segment,
            start_ms: (start_ms != u64::MAX).then_some(start_ms),
            speaker: (speaker != u32::MAX).then_some(speaker),
            snippet: [f.u32(), f.u32(), f.u32(), f.u32()],
        }
    }
}
/// The most records of a kind (entities, episodes, mentions, speakers, co-mention episodes,
/// postings) an index addresses: its positions are `u32`. Ids stay below it, so `u32::MAX` is
/// free to mean "none" in a record.
pub(super) const MAX_RECORDS: u64 = u32::MAX as u64;

/// `n` as a record position or count, if the index can address it (`limit`, [`MAX_RECORDS`]
/// but in tests).
pub(super) fn record_position(n: u64, limit: u64, what: &str) -> io::Result<u32> {
    u32::try_from(n).ok().filter(|_| n <= limit).ok_or_else(|| {
        io::Error::other(format!(
            "the index holds more {what} than its format addresses ({limit}); build the \
                 archive in parts (a folder of shows each)"
        ))
    })
}

/// `n`, a position within one episode (a segment, a speaker, a byte of its snippet text), if
/// the index can address it; `file` is the episode's transcript, which is too large if not.
pub(super) fn in_episode(n: usize, file: &Path, what: &str) -> io::Result<u32> {
    u32::try_from(n).map_err(|_| {
        io::Error::other(format!(
            "{}: the episode holds more {what} than the index's format addresses \
             ({MAX_RECORDS}); split the transcript",
            file.display()
        ))
    })
}

/// Writes the magic, the version and the section table for sections of `lengths`, laid out in
/// [`FILE_ORDER`] after it.
pub(super) fn write_preamble(out: &mut dyn io::Write, lengths: [u64; SECTIONS]) -> io::Result<()> {
    out.write_all(MAGIC)?;
    out.write_all(&INDEX_VERSION.to_le_bytes())?;
    let mut offsets = [0u64; SECTIONS];
    let mut offset = PREAMBLE as u64;
    for section in FILE_ORDER {
        offsets[section] = offset;
        offset += lengths[section];
    }
    for (offset, len) in offsets.into_iter().zip(lengths) {
        out.write_all(&offset.to_le_bytes())?;
        out.write_all(&len.to_le_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_their_sizes_and_read_back_as_written() {
        let s = |start, end| StrRef { start, end };
        let entity = EntityRecord {
            id: s(0, 3),
            name: s(3, 9),
            names: [0, 1, 2, 4],
            kind: kind_code(Kind::Media),
            mentions: 5,
            episodes: 2,
            community: u32::MAX,
            pagerank: 0.25,
            betweenness: 0.5,
            postings: (7, 9),
            co_mentions: (1, 4),
        };
        let episode = EpisodeRecord {
            id: s(1, 2),
            show: StrRef::NONE,
            title: s(2, 2),
            date: StrRef::NONE,
            source_path: s(0, 9),
            number: u64::MAX,
            mentions: (3, 8),
            text: (10, 1 << 40),
        };
        let key = KeyRecord {
            key: s(4, 6),
            entity: 1,
            roles: 5,
        };
        let co_mention = CoMentionRecord {
            other: IndexEntityId::new(3),
            weight: 2,
            npmi: -0.5,
            episodes: (0, 2),
        };
        let mut out = Vec::new();
        entity.encode(&mut out);
        assert_eq!(
            (out.len(), EntityRecord::decode(&out)),
            (ENTITY_BYTES, entity)
        );
        out.clear();
        episode.encode(&mut out);
        assert_eq!(
            (out.len(), EpisodeRecord::decode(&out)),
            (EPISODE_BYTES, episode)
        );
        out.clear();
        key.encode(&mut out);
        assert_eq!((out.len(), KeyRecord::decode(&out)), (KEY_BYTES, key));
        out.clear();
        co_mention.encode(&mut out);
        assert_eq!(
            (out.len(), CoMentionRecord::decode(&out)),
            (CO_MENTION_BYTES, co_mention)
        );
        assert_eq!(Kind::ALL[kind_code(Kind::Media) as usize], Kind::Media);
        let roles = KeyRoles {
            id: true,
            name: false,
            ambiguous: true,
        };
        assert_eq!(roles_of(roles_code(roles)), Some(roles));
        assert_eq!(roles_of(0), None);
        assert_eq!(roles_of(8), None);
    }

    #[test]
    fn a_position_past_the_format_is_an_error_that_says_what_to_do() {
        assert_eq!(record_position(3, 3, "mentions").unwrap(), 3);
        let error = record_position(MAX_RECORDS + 1, MAX_RECORDS, "postings").unwrap_err();
        assert!(
            error.to_string().contains(
                "more postings than its format addresses (4294967295); build the archive in parts"
            ),
            "{error}"
        );
        let file = Path::new("big.vtt");
        assert_eq!(in_episode(7, file, "segments").unwrap(), 7);
        #[cfg(target_pointer_width = "64")]
        {
            let past = usize::try_from(MAX_RECORDS + 1).unwrap();
            let error = in_episode(past, file, "bytes of snippet text").unwrap_err();
            assert_eq!(
                error.to_string(),
                "big.vtt: the episode holds more bytes of snippet text than the index's format \
                 addresses (4294967295); split the transcript"
            );
        }
    }
}
