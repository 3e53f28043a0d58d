//! The layout of `index.bin` that writing and reading must agree on: the magic and version,
//! the section table, the head's shape, the fixed-size edge and mention records, and the most
//! records a `u32` position addresses. Separate so that the file's format is in one place, not
//! spread between the writer and the reader (and so that `index.bin`'s bytes stay what they were
//! when either changes).

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{INDEX_VERSION, IndexEdge, IndexEntity, IndexEntityId, IndexEpisode, IndexMention};

pub(super) const MAGIC: &[u8; 8] = b"PODGRAPH";

/// The sections, in file order.
pub(super) const HEAD: usize = 0;
pub(super) const EDGES: usize = 1;
pub(super) const EDGE_EPISODES: usize = 2;
pub(super) const POSTINGS: usize = 3;
pub(super) const MENTIONS: usize = 4;
pub(super) const TEXT: usize = 5;
pub(super) const SECTIONS: usize = 6;

/// Bytes of one co-mention record: both entities, weight, NPMI, episode range.
pub(super) const EDGE_BYTES: usize = 28;

/// Bytes before the first section: magic, version, and each section's offset and length.
pub(super) const PREAMBLE: usize = MAGIC.len() + 4 + SECTIONS * 16;

/// Bytes of one mention record: entity, segment, time (`u64::MAX` for none), speaker
/// (`u32::MAX` for none), four snippet offsets.
pub(super) const MENTION_BYTES: usize = 36;

/// The head section.
#[derive(Serialize, Deserialize)]
pub(super) struct Head {
    pub(super) build: String,
    pub(super) window: String,
    pub(super) entities: Vec<IndexEntity>,
    pub(super) episodes: Vec<IndexEpisode>,
    pub(super) speakers: Vec<String>,
}

impl IndexEdge {
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        for n in [self.a.get(), self.b.get(), self.weight] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        out.extend_from_slice(&self.npmi.to_le_bytes());
        out.extend_from_slice(&self.episodes.0.to_le_bytes());
        out.extend_from_slice(&self.episodes.1.to_le_bytes());
    }

    pub(super) fn decode(record: &[u8]) -> IndexEdge {
        let u32_at = |i: usize| u32::from_le_bytes(record[i..i + 4].try_into().expect("4 bytes"));
        IndexEdge {
            a: IndexEntityId::new(u32_at(0)),
            b: IndexEntityId::new(u32_at(4)),
            weight: u32_at(8),
            npmi: f64::from_le_bytes(record[12..20].try_into().expect("8 bytes")),
            episodes: (u32_at(20), u32_at(24)),
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

    pub(super) fn decode(record: &[u8]) -> IndexMention {
        let u32_at = |i: usize| u32::from_le_bytes(record[i..i + 4].try_into().expect("4 bytes"));
        let start_ms = u64::from_le_bytes(record[8..16].try_into().expect("8 bytes"));
        let speaker = u32_at(16);
        IndexMention {
            entity: IndexEntityId::new(u32_at(0)),
            segment: u32_at(4),
            start_ms: (start_ms != u64::MAX).then_some(start_ms),
            speaker: (speaker != u32::MAX).then_some(speaker),
            snippet: [u32_at(20), u32_at(24), u32_at(28), u32_at(32)],
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

/// Writes the magic, the version and the section table for sections of `lengths`.
pub(super) fn write_preamble(out: &mut dyn io::Write, lengths: [u64; SECTIONS]) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
