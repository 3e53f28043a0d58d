//! Corpora: many transcript files read in parallel into one transcript per episode.
//!
//! Users point podgraph at folders and files. A folder is searched recursively for `*.txt`,
//! `*.vtt`, `*.srt` and `*.json` (hidden entries are passed over); a file named explicitly is read
//! whatever its name. Files are read in parallel (rayon) and merged as they arrive, by rules that
//! do not depend on arrival order, so the outcome does not depend on thread count or on the order
//! paths were given in; and since copies of an episode are merged as soon as they are read,
//! memory holds one transcript per episode, not one per file.
//!
//! A file that cannot be read as a transcript (empty, binary, malformed JSON) is skipped with a
//! one-line reason; the others are still read. Only when nothing at all could be read is that an
//! error.
//!
//! # One episode, one transcript
//!
//! The same episode often arrives twice: a `.txt` and its `.vtt`, or a transcript copied from the
//! web page beside its twin in the archive. Transcripts with the same show and episode number are
//! one episode, and only one is kept, so nothing is counted twice. The kept one is the one with the
//! richest structure, compared in this order: the share of segments with a speaker, the share with
//! a start time, the share with an end time, the amount of spoken text, and last the path (the
//! smaller wins). Fields the kept transcript lacks, or holds from a weaker source, are filled
//! from the others (a title from a page header, say), and each merge is reported.
//! Transcripts with no episode number are never merged.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::transcript::{
    Format, MetaSource, ParseOptions, Sourced, Timestamp, Transcript, TranscriptError, parse_bytes,
    read_transcript, spoken_shows,
};

/// File name extensions searched for in folders.
pub const EXTENSIONS: [&str; 4] = ["txt", "vtt", "srt", "json"];

/// Why a corpus could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A path the user gave does not exist.
    #[error("{}: no such file or folder", path.display())]
    NotFound {
        /// The path.
        path: PathBuf,
    },
    /// The paths hold no file that looks like a transcript.
    #[error(
        "{paths}: no transcript files found (looked for *.txt, *.vtt, *.srt, *.json); \
         give a folder of transcripts or a transcript file"
    )]
    NoFiles {
        /// The paths searched, comma-separated.
        paths: String,
    },
    /// Every candidate file was skipped.
    #[error("{}", nothing_readable(paths, *count, skipped))]
    NothingReadable {
        /// The paths searched, comma-separated.
        paths: String,
        /// How many files were tried.
        count: usize,
        /// Why each was skipped, by path.
        skipped: Vec<Skipped>,
    },
}

/// One line: the reason itself for a single file, else how many and the first reason.
fn nothing_readable(paths: &str, count: usize, skipped: &[Skipped]) -> String {
    match skipped {
        [only] if count == 1 => only.reason.clone(),
        [first, rest @ ..] => format!(
            "{paths}: none of the {count} files could be read as a transcript ({}{})",
            first.reason,
            if rest.is_empty() {
                String::new()
            } else {
                format!("; and {} more", rest.len())
            }
        ),
        [] => format!("{paths}: none of the {count} files could be read as a transcript"),
    }
}

/// A file that was passed over, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// A one-line reason, naming the file.
    pub reason: String,
}

/// Several files that hold the same episode, and which one was kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// The show.
    pub show: String,
    /// The episode number.
    pub number: u32,
    /// The file whose segments are used.
    pub kept: PathBuf,
    /// The files set aside.
    pub dropped: Vec<PathBuf>,
}

/// The transcripts of a set of files: one per episode, sorted by show, number and path.
#[derive(Debug, Default)]
pub struct Corpus {
    /// One transcript per episode.
    pub transcripts: Vec<Transcript>,
    /// Files that could not be read.
    pub skipped: Vec<Skipped>,
    /// Episodes found in more than one file.
    pub duplicates: Vec<Duplicate>,
    /// How many files were read.
    pub files_read: usize,
}

/// Lists the transcript files under `paths`, sorted and without repeats.
pub fn find_files(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Skipped>), CorpusError> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).map_err(|_| CorpusError::NotFound { path: path.clone() })?;
        if !meta.is_dir() {
            files.push(path.clone());
            continue;
        }
        let walk = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            match entry {
                Ok(entry)
                    if entry.file_type().is_file() && has_transcript_extension(entry.path()) =>
                {
                    files.push(entry.into_path());
                }
                Ok(_) => {}
                Err(e) => {
                    let at = e.path().unwrap_or(path).to_owned();
                    let reason = match e.io_error() {
                        Some(io) => format!("{}: cannot read: {io}", at.display()),
                        None => format!("{}: {e}", at.display()),
                    };
                    skipped.push(Skipped { path: at, reason });
                }
            }
        }
    }
    files.sort();
    files.dedup();
    Ok((files, skipped))
}

fn has_transcript_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn join_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads every transcript under `paths`.
pub fn load(paths: &[PathBuf], options: &ParseOptions) -> Result<Corpus, CorpusError> {
    let (files, skipped) = find_files(paths)?;
    if files.is_empty() {
        return Err(CorpusError::NoFiles {
            paths: join_paths(paths),
        });
    }
    // One shared gathering rather than one per rayon job: copies of an episode are merged as
    // soon as they are read, so memory holds one transcript per episode (plus those being read).
    let gathered = std::sync::Mutex::new(Gathered::default());
    files.par_iter().for_each(|path| {
        let result = read_transcript(path, options);
        gathered
            .lock()
            .expect("no panic while gathering")
            .add(result);
    });
    gathered
        .into_inner()
        .expect("no panic while gathering")
        .finish(skipped, options)
        .map_err(|skipped| CorpusError::NothingReadable {
            paths: join_paths(paths),
            count: files.len(),
            skipped,
        })
}

macro_rules! sample {
    ($name:literal) => {
        (
            concat!("data/transcripts/", $name),
            include_bytes!(concat!("../data/transcripts/", $name)),
        )
    };
}

/// The sample transcripts of `data/transcripts/`, compiled into the program so that it runs out of
/// the box from any folder. Their paths are the repository paths they were compiled from.
pub const SAMPLES: [(&str, &[u8]); 5] = [
    sample!("000_af490fa7dafbb02c.txt"),
    sample!("001_57418bd9d7d0c4b3.txt"),
    sample!("002_e262f4abd0f6b887.txt"),
    sample!("003_31e6d50ffed77a72.txt"),
    sample!("004_f2393ec1bad973d7.txt"),
];

/// Reads the compiled-in [`SAMPLES`].
pub fn load_samples(options: &ParseOptions) -> Corpus {
    let mut gathered = Gathered::default();
    for (path, bytes) in SAMPLES {
        gathered.add(parse_bytes(bytes, Path::new(path), options));
    }
    gathered
        .finish(Vec::new(), options)
        .expect("the samples are readable")
}

/// How much structure a transcript has, for choosing among copies of one episode: shares of
/// segments with a speaker, a start and an end time (in thousandths, so that a few missing cues
/// do not outweigh a whole kind of structure), then the amount of text.
type Richness = (usize, usize, usize, usize);

fn richness(t: &Transcript) -> Richness {
    let n = t.segments().len().max(1);
    let share = |count: usize| count * 1000 / n;
    (
        share(t.segments().iter().filter(|s| s.speaker.is_some()).count()),
        share(t.segments().iter().filter(|s| s.start.is_some()).count()),
        share(t.segments().iter().filter(|s| s.end.is_some()).count()),
        t.text().len(),
    )
}

/// A copy of an episode that was set aside: what is kept of it to fill the kept one's gaps.
struct SetAside {
    path: PathBuf,
    richness: Richness,
    title: Option<Sourced<String>>,
    date: Option<Sourced<chrono::NaiveDate>>,
}

impl SetAside {
    fn of(t: Transcript, richness: Richness) -> SetAside {
        SetAside {
            path: t.meta.source_path,
            richness,
            title: t.meta.title,
            date: t.meta.date,
        }
    }

    /// Richest first, then by path: the order copies are preferred in.
    fn order(&self) -> (std::cmp::Reverse<Richness>, &Path) {
        (std::cmp::Reverse(self.richness), &self.path)
    }
}

/// The copies of one episode seen so far: the richest whole, the others reduced to what may
/// still be needed from them. Transcripts are merged as they are read, so memory holds one
/// transcript per episode however many copies a corpus has.
struct Copies {
    kept: Transcript,
    richness: Richness,
    others: Vec<SetAside>,
}

impl Copies {
    fn new(t: Transcript) -> Copies {
        Copies {
            richness: richness(&t),
            kept: t,
            others: Vec::new(),
        }
    }

    fn prefers(&self, other: &Copies) -> bool {
        (
            std::cmp::Reverse(self.richness),
            &self.kept.meta.source_path,
        ) < (
            std::cmp::Reverse(other.richness),
            &other.kept.meta.source_path,
        )
    }

    /// Both sets of copies as one; the result does not depend on the order they came in.
    fn absorb(mut self, mut other: Copies) -> Copies {
        if other.prefers(&self) {
            std::mem::swap(&mut self, &mut other);
        }
        self.others.append(&mut other.others);
        self.others.push(SetAside::of(other.kept, other.richness));
        self
    }

    /// The kept transcript, its gaps filled from the others, and the merge to report.
    fn settle(mut self, show: String, number: u32) -> (Transcript, Option<Duplicate>) {
        if self.others.is_empty() {
            return (self.kept, None);
        }
        self.others.sort_by(|a, b| a.order().cmp(&b.order()));
        for other in &self.others {
            fill_metadata(&mut self.kept, other);
        }
        let duplicate = Duplicate {
            show,
            number,
            kept: self.kept.meta.source_path.clone(),
            dropped: self.others.into_iter().map(|o| o.path).collect(),
        };
        (self.kept, Some(duplicate))
    }
}

/// Where copies can be merged before the folder vote settles each transcript's show: copies in
/// one folder, with the same show from the same source and the same number, end up with the
/// same show whatever the vote.
type EarlyKey = (PathBuf, String, MetaSource, u32);

fn folder(t: &Transcript) -> PathBuf {
    t.meta
        .source_path
        .parent()
        .unwrap_or(Path::new(""))
        .to_owned()
}

/// What the parallel read has gathered so far. Files arrive in any order, with the same outcome
/// (see [`Copies::absorb`]).
#[derive(Default)]
struct Gathered {
    groups: BTreeMap<EarlyKey, Copies>,
    /// Transcripts without a show or a number: merged (if at all) after the vote.
    others: Vec<Transcript>,
    /// Per folder, how many transcripts name each show.
    votes: BTreeMap<PathBuf, BTreeMap<String, usize>>,
    skipped: Vec<Skipped>,
    files_read: usize,
}

impl Gathered {
    fn add(&mut self, result: Result<Transcript, TranscriptError>) {
        self.files_read += 1;
        let t = match result {
            Ok(t) => t,
            Err(e) => {
                self.skipped.push(Skipped {
                    path: e.path().to_owned(),
                    reason: e.to_string(),
                });
                return;
            }
        };
        if let Some(show) = t.meta.show_name() {
            *self
                .votes
                .entry(folder(&t))
                .or_default()
                .entry(show.to_owned())
                .or_default() += 1;
        }
        let key = match (&t.meta.show, t.meta.episode_number()) {
            (Some(show), Some(number)) => (folder(&t), show.value.clone(), show.source, number),
            _ => {
                self.others.push(t);
                return;
            }
        };
        let copies = Copies::new(t);
        let merged = match self.groups.remove(&key) {
            Some(existing) => existing.absorb(copies),
            None => copies,
        };
        self.groups.insert(key, merged);
    }

    /// Settles shows by folder vote, merges what is now the same episode, and sorts; if no file
    /// could be read, why each was skipped.
    fn finish(
        self,
        mut skipped: Vec<Skipped>,
        options: &ParseOptions,
    ) -> Result<Corpus, Vec<Skipped>> {
        let Gathered {
            groups,
            others,
            votes,
            skipped: unreadable,
            files_read,
        } = self;
        skipped.extend(unreadable);
        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        let mut episodes: Vec<Copies> = groups.into_values().collect();
        episodes.extend(others.into_iter().map(Copies::new));
        if episodes.is_empty() {
            return Err(skipped);
        }
        if options.show.is_none() {
            for copies in &mut episodes {
                apply_folder_vote(&mut copies.kept, &votes);
            }
        }
        let mut by_episode: BTreeMap<(String, u32), Copies> = BTreeMap::new();
        let mut transcripts = Vec::with_capacity(episodes.len());
        for copies in episodes {
            let key = match (
                copies.kept.meta.show_name(),
                copies.kept.meta.episode_number(),
            ) {
                (Some(show), Some(number)) => (show.to_owned(), number),
                _ => {
                    transcripts.push(copies.kept);
                    continue;
                }
            };
            let merged = match by_episode.remove(&key) {
                Some(existing) => existing.absorb(copies),
                None => copies,
            };
            by_episode.insert(key, merged);
        }
        let mut duplicates = Vec::new();
        for ((show, number), copies) in by_episode {
            let (kept, duplicate) = copies.settle(show, number);
            transcripts.push(kept);
            duplicates.extend(duplicate);
        }
        transcripts.sort_by(episode_order);
        Ok(Corpus {
            transcripts,
            skipped,
            duplicates,
            files_read,
        })
    }
}

/// Show, then episode number (unnumbered last), then path.
fn episode_order(a: &Transcript, b: &Transcript) -> Ordering {
    let key = |t: &Transcript| {
        (
            t.meta.show_name().map(str::to_owned),
            t.meta.episode_number().map_or(u64::MAX, u64::from),
            t.meta.source_path.clone(),
        )
    };
    key(a).cmp(&key(b))
}

/// Settles the show of a transcript with the show most transcripts in its folder name.
///
/// Some episodes open with an announcement instead of the show's name: they take the folder's
/// show. Crossover episodes name another show first ("we recorded this as a Talk Python To Me
/// episode ... for our countdown on Python Bytes"): where their opening also names the folder's
/// show, that is the one they belong to.
fn apply_folder_vote(t: &mut Transcript, votes: &BTreeMap<PathBuf, BTreeMap<String, usize>>) {
    // Most votes; among equals, the first name in order.
    let Some(best) = votes.get(&folder(t)).and_then(|v| {
        v.iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(show, _)| show.clone())
    }) else {
        return;
    };
    match &t.meta.show {
        None => t.meta.show = Some(Sourced::new(best, MetaSource::Folder)),
        Some(current)
            if current.source == MetaSource::Speech
                && current.value != best
                && spoken_shows(t.opening()).contains(&best.as_str()) =>
        {
            t.warnings.push(format!(
                "show: speech names {} first and {best} later; using {best}, the show of its folder",
                current.value
            ));
            t.meta.show = Some(Sourced::new(best, MetaSource::Speech));
        }
        Some(_) => {}
    }
}

/// Takes title and date from `other` where it has them from a stronger source than `kept`.
fn fill_metadata(kept: &mut Transcript, other: &SetAside) {
    fn better<T: Clone>(
        mine: &mut Option<Sourced<T>>,
        theirs: &Option<Sourced<T>>,
        field: &str,
        from: &Path,
        warnings: &mut Vec<String>,
    ) {
        let Some(theirs) = theirs else { return };
        if mine
            .as_ref()
            .is_none_or(|m| theirs.source.rank() < m.source.rank())
        {
            *mine = Some(theirs.clone());
            warnings.push(format!(
                "{field} taken from the {} of {} (same episode)",
                theirs.source.name(),
                from.display()
            ));
        }
    }
    let meta = &mut kept.meta;
    better(
        &mut meta.title,
        &other.title,
        "title",
        &other.path,
        &mut kept.warnings,
    );
    better(
        &mut meta.date,
        &other.date,
        "recording date",
        &other.path,
        &mut kept.warnings,
    );
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
    pub warnings: Vec<String>,
}

/// A stable identifier for an episode: show slug and number, or the file stem.
pub fn episode_id(t: &Transcript) -> String {
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
            segments: t.segments().len(),
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
    use std::fs;

    fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, content).unwrap();
        path
    }

    #[test]
    fn the_richer_copy_of_an_episode_is_kept_and_metadata_merged() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "page.txt",
            "Transcript #12: A title\n\n00:00 This is Python Bytes, episode 12.\n00:05 More.\n",
        );
        write(
            dir.path(),
            "012-a-title.vtt",
            "WEBVTT\n\n00:00.000 --> 00:04.000\n<v Michael Kennedy>This is Python Bytes, episode 12.\n\n\
             00:05.000 --> 00:06.000\n<v Brian Okken>More.\n",
        );
        let corpus = load(&[dir.path().to_owned()], &ParseOptions::default()).unwrap();
        assert_eq!(corpus.transcripts.len(), 1);
        let t = &corpus.transcripts[0];
        assert_eq!(t.format, Format::Webvtt);
        let title = t.meta.title.as_ref().unwrap();
        assert_eq!(
            (title.value.as_str(), title.source),
            ("A title", MetaSource::Header)
        );
        assert_eq!(corpus.duplicates.len(), 1);
        assert_eq!(corpus.duplicates[0].dropped, [dir.path().join("page.txt")]);
        assert!(
            t.warnings
                .iter()
                .any(|w| w.starts_with("title taken from the header of"))
        );
    }

    #[test]
    fn bad_files_are_skipped_and_good_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "a.txt",
            "00:00 Welcome to Python Bytes, episode 1.\n",
        );
        write(dir.path(), "b.txt", "");
        fs::write(dir.path().join("c.txt"), b"\x89PNG\r\n\x1a\n\0\0").unwrap();
        write(dir.path(), "notes.md", "not a transcript");
        write(dir.path(), ".hidden/d.txt", "00:00 hidden\n");
        let corpus = load(&[dir.path().to_owned()], &ParseOptions::default()).unwrap();
        assert_eq!(corpus.transcripts.len(), 1);
        assert_eq!(corpus.files_read, 3);
        let reasons: Vec<&str> = corpus.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert!(
            reasons[0].ends_with("b.txt: empty file, nothing to read"),
            "{reasons:?}"
        );
        assert!(
            reasons[1].ends_with("c.txt: binary file, not a transcript"),
            "{reasons:?}"
        );
    }

    #[test]
    fn folders_without_transcripts_and_missing_paths_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "notes.md", "x");
        let err = load(&[dir.path().to_owned()], &ParseOptions::default()).unwrap_err();
        assert!(matches!(err, CorpusError::NoFiles { .. }), "{err}");
        let missing = dir.path().join("nope");
        let err = load(std::slice::from_ref(&missing), &ParseOptions::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{}: no such file or folder", missing.display())
        );
    }

    #[test]
    fn a_show_named_by_no_speech_comes_from_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "001-a.txt", "00:00 Welcome to Python Bytes.\n");
        write(
            dir.path(),
            "002-b.txt",
            "00:00 Hey everyone, Michael here.\n",
        );
        let corpus = load(&[dir.path().to_owned()], &ParseOptions::default()).unwrap();
        let show = corpus.transcripts[1].meta.show.as_ref().unwrap();
        assert_eq!(
            (show.value.as_str(), show.source),
            ("Python Bytes", MetaSource::Folder)
        );
        assert_eq!(episode_id(&corpus.transcripts[1]), "python-bytes-2");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Python Bytes"), "python-bytes");
        assert_eq!(slug("Test & Code!"), "test-code");
        assert_eq!(slug("Podcast.__init__"), "podcast-init");
    }
}
