//! Outlines: a transcript with its text let go, for planning a build over a whole archive.
//!
//! A build keeps every episode's metadata in memory but reads each file's text only when its
//! turn comes: an outline is what it keeps meanwhile, with the counts the episode record needs.
//! Apart from the core type because only corpus planning makes outlines.

use std::path::PathBuf;

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::{
    DayOfYear, EpisodeMeta, Format, MetaSource, Sourced, Timestamp, Transcript, Warning,
    WarningKind, text,
};

/// What an outline keeps of the text it let go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Outline {
    pub(super) segments: usize,
    pub(super) duration: Option<Timestamp>,
    pub(super) text_len: usize,
    /// How many segments have a speaker, a start and an end: what choosing among copies of
    /// an episode compares ([`Transcript::structure`]).
    pub(super) structure: Structure,
}

/// How many of a transcript's segments have a speaker, a start time and an end time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Structure {
    /// Segments with a speaker.
    pub with_speaker: usize,
    /// Segments with a start time.
    pub with_start: usize,
    /// Segments with an end time.
    pub with_end: usize,
}

impl Transcript {
    /// The transcript without its text, segments and times: metadata, format, warnings and
    /// speakers, and the counts its episode record needs. A build plans its corpus from
    /// outlines (which copies to keep, in what order) and reads each kept file again when it
    /// is its turn, so memory never holds the archive.
    pub fn into_outline(self) -> Transcript {
        if self.is_outline() {
            return self;
        }
        let outline = Outline {
            segments: self.segment_count(),
            duration: self.duration(),
            text_len: self.text_len(),
            structure: self.structure(),
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

    /// How many segments have a speaker, a start and an end (kept by an outline).
    pub fn structure(&self) -> Structure {
        if let Some(outline) = self.outline {
            return outline.structure;
        }
        let count =
            |has: fn(&super::Segment) -> bool| self.segments.iter().filter(|s| has(s)).count();
        Structure {
            with_speaker: count(|s| s.speaker.is_some()),
            with_start: count(|s| s.start.is_some()),
            with_end: count(|s| s.end.is_some()),
        }
    }

    /// The outline as a record that can be stored ([`crate::cache`]) and read back with
    /// [`Transcript::from_outline_record`]; `None` for a transcript that is no outline.
    pub fn outline_record(&self) -> Option<OutlineRecord> {
        let outline = self.outline?;
        let meta = &self.meta;
        let sourced = |s: &Option<Sourced<String>>| s.as_ref().map(|s| (s.value.clone(), s.source));
        Some(OutlineRecord {
            show: sourced(&meta.show),
            number: meta.number.as_ref().map(|n| (n.value, n.source)),
            title: sourced(&meta.title),
            date: meta.date.as_ref().map(|d| (d.value, d.source)),
            source_path: meta.source_path.clone(),
            date_without_year: meta.date_without_year.map(|d| (d.month, d.day, d.weekday)),
            id: meta.id.clone(),
            format: self.format,
            warnings: self
                .warnings
                .iter()
                .map(|w| (w.kind, w.message.clone()))
                .collect(),
            speakers: self.speakers.clone(),
            outline,
        })
    }

    /// The outline a record holds ([`Transcript::outline_record`]).
    pub fn from_outline_record(record: OutlineRecord) -> Transcript {
        let sourced = |s: Option<(String, MetaSource)>| s.map(|(v, at)| Sourced::new(v, at));
        Transcript {
            meta: EpisodeMeta {
                show: sourced(record.show),
                number: record.number.map(|(v, at)| Sourced::new(v, at)),
                title: sourced(record.title),
                date: record.date.map(|(v, at)| Sourced::new(v, at)),
                source_path: record.source_path,
                date_without_year: record.date_without_year.map(|(month, day, weekday)| {
                    DayOfYear {
                        month,
                        day,
                        weekday,
                    }
                }),
                id: record.id,
            },
            format: record.format,
            warnings: record
                .warnings
                .into_iter()
                .map(|(kind, message)| Warning::new(kind, message))
                .collect(),
            source: String::new(),
            text: String::new(),
            offsets: text::OffsetMap::default(),
            segments: Vec::new(),
            speakers: record.speakers,
            times: Vec::new(),
            outline: Some(record.outline),
        }
    }
}

/// An outline in a form that can be stored: [`EpisodeMeta`] keeps fields out of its JSON
/// (`id`, a date without its year) that an outline needs, so it is not stored as it is
/// serialized for users.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutlineRecord {
    show: Option<(String, MetaSource)>,
    number: Option<(u32, MetaSource)>,
    title: Option<(String, MetaSource)>,
    date: Option<(NaiveDate, MetaSource)>,
    source_path: PathBuf,
    date_without_year: Option<(u32, u32, Option<Weekday>)>,
    id: Option<String>,
    format: Format,
    warnings: Vec<(WarningKind, String)>,
    speakers: Vec<String>,
    outline: Outline,
}
