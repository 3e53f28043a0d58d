//! Outlines: a transcript with its text let go, for planning a build over a whole archive.
//!
//! A build keeps every episode's metadata in memory but reads each file's text only when its
//! turn comes: an outline is what it keeps meanwhile, with the counts the episode record needs.
//! Apart from the core type because only corpus planning makes outlines.

use super::{Timestamp, Transcript, text};

/// What an outline keeps of the text it let go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Outline {
    pub(super) segments: usize,
    pub(super) duration: Option<Timestamp>,
    pub(super) text_len: usize,
}

impl Transcript {
    /// The transcript without its text, segments and times: metadata, format, warnings and
    /// speakers, and the counts its episode record needs. A build plans its corpus from
    /// outlines (which copies to keep, in what order) and reads each kept file again when it
    /// is its turn, so memory never holds the archive.
    pub fn into_outline(self) -> Transcript {
        let outline = Outline {
            segments: self.segment_count(),
            duration: self.duration(),
            text_len: self.text_len(),
        };
        Transcript {
            meta: self.meta,
            format: self.format,
            warnings: self.warnings,
            source: String::new(),
            text: String::new(),
            offsets: text::OffsetMap::default(),
            segments: Vec::new(),
            speakers: self.speakers,
            times: Vec::new(),
            outline: Some(outline),
        }
    }

    /// Whether this is an outline, its text let go.
    pub fn is_outline(&self) -> bool {
        self.outline.is_some()
    }
}
