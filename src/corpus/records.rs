//! Episode records: the stable id of each episode and what `build` writes about it.
//!
//! An [`EpisodeRecord`] is one line of `episodes.json`; [`episode_id`] is the id every later
//! stage (mentions, graph, site) knows an episode by. Apart from the reading because records
//! are what the rest of the crate sees of a corpus's episodes, whatever the files were.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Corpus;
use crate::transcript::{Format, Sourced, Timestamp, Transcript, Warning};

/// Gives every transcript its id ([`episode_id`]), unique among them: a repeated id (two files
/// named `episode.txt` in two folders) gets `-2`, `-3`, ... in corpus order.
pub(super) fn assign_ids(transcripts: &mut [Transcript]) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for t in transcripts.iter_mut() {
        t.meta.id = None;
        let base = episode_id(t);
        let n = seen.entry(base.clone()).or_default();
        *n += 1;
        t.meta.id = Some(if *n == 1 { base } else { format!("{base}-{n}") });
    }
}

/// What `build` records about each episode, as written to `episodes.json`.
#[derive(Clone, Debug, Serialize)]
pub struct EpisodeRecord {
    /// A stable identifier: `python-bytes-12`, or the file stem for unnumbered episodes.
    pub id: String,
    /// The show.
    pub show: Option<Sourced<String>>,
    /// The episode number.
    pub number: Option<Sourced<u32>>,
    /// The title.
    pub title: Option<Sourced<String>>,
    /// The recording date (ISO 8601).
    pub date: Option<Sourced<chrono::NaiveDate>>,
    /// The file the segments come from, as given.
    pub source_path: PathBuf,
    /// The format it was read as.
    pub format: Format,
    /// How many segments of speech it holds.
    pub segments: usize,
    /// The speakers it names.
    pub speakers: Vec<String>,
    /// The last timestamp in it, in milliseconds.
    pub duration_ms: Option<Timestamp>,
    /// Other files holding the same episode.
    pub duplicates: Vec<PathBuf>,
    /// What podgraph noticed while reading it.
    pub warnings: Vec<Warning>,
}

/// What every output says about an episode: its id, show, number, title, date and file.
///
/// `graph.json`'s episodes, the query index's, the site's and query results are all this
/// summary (or a view borrowing from it), so they cannot drift apart; each adds only what it is
/// for (mention counts, index ranges). Made from an [`EpisodeRecord`], which also says where
/// each value came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpisodeSummary {
    /// Episode id (`python-bytes-12`).
    pub id: String,
    /// Show.
    pub show: Option<String>,
    /// Episode number.
    pub number: Option<u32>,
    /// Title.
    pub title: Option<String>,
    /// Recording date, ISO 8601.
    pub date: Option<String>,
    /// The transcript file used.
    pub source_path: String,
}

impl EpisodeSummary {
    /// The summary as query results name an episode: without its file.
    pub fn brief(&self) -> EpisodeBrief<'_> {
        EpisodeBrief {
            id: &self.id,
            show: self.show.as_deref(),
            number: self.number,
            title: self.title.as_deref(),
            date: self.date.as_deref(),
        }
    }
}

impl EpisodeBrief<'_> {
    /// A short name for lists and tables: `#12` where the episode has a number, else its id.
    /// Among several shows a number is ambiguous (every show has a #1), so the id, which
    /// begins with the show, is used instead.
    pub fn label(&self, several_shows: bool) -> String {
        match self.number {
            Some(n) if !several_shows => format!("#{n}"),
            _ => self.id.to_owned(),
        }
    }
}

/// An episode as query results name it: a view of its [`EpisodeSummary`] without the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct EpisodeBrief<'a> {
    /// Episode id.
    pub id: &'a str,
    /// Show.
    pub show: Option<&'a str>,
    /// Episode number.
    pub number: Option<u32>,
    /// Title.
    pub title: Option<&'a str>,
    /// Recording date, ISO 8601.
    pub date: Option<&'a str>,
}

impl EpisodeRecord {
    /// The summary every output shares.
    pub fn summary(&self) -> EpisodeSummary {
        EpisodeSummary {
            id: self.id.clone(),
            show: self.show.as_ref().map(|s| s.value.clone()),
            number: self.number.as_ref().map(|n| n.value),
            title: self.title.as_ref().map(|t| t.value.clone()),
            date: self.date.as_ref().map(|d| d.value.to_string()),
            source_path: self.source_path.display().to_string(),
        }
    }
}

/// A stable identifier for an episode: show slug and number, or the file stem; the id the
/// corpus settled (unique among its episodes) where it has.
pub fn episode_id(t: &Transcript) -> String {
    if let Some(id) = &t.meta.id {
        return id.clone();
    }
    match (t.meta.show_name(), t.meta.episode_number()) {
        (Some(show), Some(n)) => format!("{}-{n}", slug(show)),
        (None, Some(n)) => format!("episode-{n}"),
        _ => slug(
            &t.meta
                .source_path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy(),
        ),
    }
}

/// Lower-case ASCII letters and digits, runs of anything else as one `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

impl Corpus {
    /// A record for each episode, in corpus order.
    pub fn records(&self) -> Vec<EpisodeRecord> {
        self.transcripts
            .iter()
            .map(|t| {
                let duplicates = self
                    .duplicates
                    .iter()
                    .find(|d| d.kept == t.meta.source_path)
                    .map(|d| d.dropped.clone())
                    .unwrap_or_default();
                EpisodeRecord::new(t, duplicates)
            })
            .collect()
    }
}

impl EpisodeRecord {
    /// The record of one transcript, with the other files that held its episode.
    pub fn new(t: &Transcript, duplicates: Vec<PathBuf>) -> EpisodeRecord {
        EpisodeRecord {
            id: episode_id(t),
            show: t.meta.show.clone(),
            number: t.meta.number.clone(),
            title: t.meta.title.clone(),
            date: t.meta.date.clone(),
            source_path: t.meta.source_path.clone(),
            format: t.format,
            segments: t.segment_count(),
            speakers: t.speakers().to_vec(),
            duration_ms: t.duration(),
            duplicates,
            warnings: t.warnings.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Python Bytes"), "python-bytes");
        assert_eq!(slug("Test & Code!"), "test-code");
        assert_eq!(slug("Podcast.__init__"), "podcast-init");
    }

    #[test]
    fn a_number_names_an_episode_only_within_one_show() {
        let summary = EpisodeSummary {
            id: "talk-python-1".to_owned(),
            show: Some("Talk Python".to_owned()),
            number: Some(1),
            title: None,
            date: None,
            source_path: "1.txt".to_owned(),
        };
        assert_eq!(summary.brief().label(false), "#1");
        assert_eq!(summary.brief().label(true), "talk-python-1");
        let unnumbered = EpisodeSummary {
            number: None,
            ..summary
        };
        assert_eq!(unnumbered.brief().label(false), "talk-python-1");
    }
}
