//! Episode metadata: show, episode number, title and recording date, and where each came from.
//!
//! Three sources say who an episode is, and they do not always agree:
//!
//! 1. the **header** a transcript page carries ("Transcript for Episode #9:", "Episode #41:
//!    Title", "Transcript #12: Title", "Recorded on Monday, Feb 6, 2017.", "PYTHON BYTES
//!    TRANSCRIPT");
//! 2. the **opening speech** ("This is Python Bytes, episode number one, recorded November 7th,
//!    2016"), which speech-to-text may garble;
//! 3. the **file name** (`197-structured-concurrency.txt`), which a person chose and which may be a
//!    bare hash (`000_af490fa7dafbb02c.txt`: such names say nothing and are ignored).
//!
//! A written header wins over speech everywhere. For the episode number, a file name that is a
//! number and a real slug (`197-structured-concurrency.txt`) comes next, before speech: speech-to-text
//! mishears numbers, and crossover episodes open with the *other* show's number ("Talk Python
//! episode 388" on Python Bytes 316). Speech decides where the file name says nothing, which is the
//! case for names we did not choose. For the date and show, speech comes before the file name.
//! Every field records its [`MetaSource`], and every disagreement between sources becomes a warning
//! on the transcript, so a user can see why podgraph believes what it does. (Seed episode 12's
//! header says Feb 6, 2017 while its host says "February 6, 2016": the header wins, and the
//! transcript says so.)
//!
//! The sources are read in [`header`], [`dates`], [`speech`] and [`file_name`]; [`precedence`]
//! weighs them against each other by [`MetaSource::rank`].

mod dates;
mod file_name;
mod header;
mod precedence;
mod speech;

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use dates::{DayOfYear, find_date};
pub use file_name::from_file_name;
pub use header::{HeaderFacts, HeaderLine, header_line, title_case};
pub use precedence::infer;
pub use speech::spoken_shows;

/// Where a metadata field was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetaSource {
    /// Given by the user (`--show`); written `option`.
    #[serde(rename = "option")]
    Given,
    /// The show's RSS feed (`--feed`).
    Feed,
    /// A header line of the transcript page.
    Header,
    /// The hosts' opening words.
    Speech,
    /// The file name.
    FileName,
    /// The other transcripts in the same folder (the show most of them name).
    Folder,
}

/// A metadata field, for [`MetaSource::rank`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetaField {
    /// The show.
    Show,
    /// The episode number.
    Number,
    /// The title.
    Title,
    /// The recording date.
    Date,
}

impl MetaSource {
    /// How a field read from this source ranks against the same field from others; lower wins.
    /// The one precedence table: reading a file (`infer`) and merging copies of an episode
    /// both follow it.
    ///
    /// The user, the feed and the page's header are sure. Speech names the show and the date
    /// better than a file name can, but a number is misheard ("episode forty" for 14) more often
    /// than a file is misnamed, so for the number the file name comes before speech.
    pub fn rank(self, field: MetaField) -> u8 {
        match (self, field) {
            (MetaSource::Given, _) => 0,
            (MetaSource::Feed, _) => 1,
            (MetaSource::Header, _) => 2,
            (MetaSource::FileName, MetaField::Number) => 3,
            (MetaSource::Speech, MetaField::Number) => 4,
            (MetaSource::Speech, _) => 3,
            (MetaSource::FileName, _) => 4,
            (MetaSource::Folder, _) => 5,
        }
    }

    /// The name used in output.
    pub fn name(self) -> &'static str {
        match self {
            MetaSource::Given => "option",
            MetaSource::Feed => "feed",
            MetaSource::Header => "header",
            MetaSource::Speech => "speech",
            MetaSource::FileName => "file-name",
            MetaSource::Folder => "folder",
        }
    }
}

/// A metadata value and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it was read.
    pub source: MetaSource,
}

impl<T> Sourced<T> {
    /// A value read from `source`.
    pub fn new(value: T, source: MetaSource) -> Self {
        Sourced { value, source }
    }
}

/// What is known about the episode a transcript holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EpisodeMeta {
    /// The podcast, e.g. "Python Bytes".
    pub show: Option<Sourced<String>>,
    /// The episode number.
    pub number: Option<Sourced<u32>>,
    /// The episode title.
    pub title: Option<Sourced<String>>,
    /// The episode's date: when it was recorded, as the file says, or published, as a feed
    /// says.
    pub date: Option<Sourced<NaiveDate>>,
    /// The file, as the user named it.
    pub source_path: PathBuf,
    /// A recording date said without its year ("recorded January 30th"), when no full date is
    /// known: the corpus settles the year from the episodes around it.
    #[serde(skip)]
    pub date_without_year: Option<DayOfYear>,
    /// The episode's identifier once the corpus has settled it (unique among the episodes read
    /// together); see `corpus::episode_id`.
    #[serde(skip)]
    pub id: Option<String>,
}

impl EpisodeMeta {
    /// The show's name, if known.
    pub fn show_name(&self) -> Option<&str> {
        self.show.as_ref().map(|s| s.value.as_str())
    }

    /// The episode number, if known.
    pub fn episode_number(&self) -> Option<u32> {
        self.number.as_ref().map(|n| n.value)
    }
}
