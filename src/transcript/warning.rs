//! Warnings: what a file's reading found worth telling the user, short of an error.
//!
//! Readers, metadata inference and corpus loading all raise them, and the command line sums them
//! up by kind, so the kinds and their summary wording live apart from any one producer.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What a [`Warning`] is about: warnings of one kind are summarised together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningKind {
    /// Bytes that were not valid UTF-8 were replaced, or the file was UTF-16.
    Encoding,
    /// Caption cues whose timing could not be read.
    Timing,
    /// A long file read as one segment with neither a time nor a speaker.
    NoStructure,
    /// Two sources of metadata disagree (header and speech, file name and speech).
    Conflict,
    /// A field taken from another copy of the same episode.
    Filled,
    /// The show settled by the other files of the folder (crossovers, misheard intros).
    Show,
    /// A recording date out of order with the show's other episodes.
    DateOrder,
    /// A recording date said without its year, the year taken from the episodes around it.
    DateYear,
}

impl WarningKind {
    /// How a summary line describes warnings of this kind.
    pub fn describe(self) -> &'static str {
        match self {
            WarningKind::Encoding => "were not clean UTF-8 (decoded anyway)",
            WarningKind::Timing => {
                "have caption cues with unreadable timings (text kept without times)"
            }
            WarningKind::NoStructure => {
                "were read as one long segment with no time or speaker (is the format right?)"
            }
            WarningKind::Conflict => {
                "have metadata sources that disagree (the stronger source is used)"
            }
            WarningKind::Filled => "took a title or date from another copy of the episode",
            WarningKind::Show => {
                "name another show than their folder's (crossovers; the folder's show is used)"
            }
            WarningKind::DateOrder => {
                "have a recording date out of order with the show's other episodes"
            }
            WarningKind::DateYear => {
                "said their recording date without a year (taken from the episodes around them)"
            }
        }
    }
}

/// Something worth telling the user about a file: a message, and its kind for summaries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What the warning is about.
    pub kind: WarningKind,
    /// One line, without the file name (the caller adds it).
    pub message: String,
}

impl Warning {
    /// A warning of `kind`.
    pub fn new(kind: WarningKind, message: impl Into<String>) -> Warning {
        Warning {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Warnings are written as their message (`episodes.json` lists them as strings).
impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.message)
    }
}
