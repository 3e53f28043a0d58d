//! Episode records: the stable id of each episode and what `build` writes about it.
//!
//! An [`EpisodeRecord`] is one line of `episodes.json`; [`episode_id`] is the id every later
//! stage (mentions, graph, site) knows an episode by. Apart from the reading because records
//! are what the rest of the crate sees of a corpus's episodes, whatever the files were.

use std::path::PathBuf;

use serde::Serialize;

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
}
