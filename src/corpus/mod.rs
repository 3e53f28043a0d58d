//! Corpora: many transcript files read in parallel into one transcript per episode.
//!
//! Users point podgraph at folders and files. A folder is searched recursively for `*.txt`,
//! `*.vtt`, `*.srt` and `*.json` (hidden entries are passed over); a file named explicitly is read
//! whatever its name. Files are read in parallel (rayon) and merged as they arrive, by rules that
//! do not depend on arrival order, so the outcome does not depend on thread count or on the order
//! paths were given in; and since copies of an episode are merged as soon as they are read,
//! memory holds one transcript per episode, not one per file. A build does not even hold that:
//! it [plans](plan) the corpus from outlines (metadata, no text) and [rereads](Corpus::reread)
//! each kept file when its turn comes, so memory holds metadata per episode.
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

mod dates;

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::feed::FeedIndex;
use crate::transcript::{
    Format, MetaField, MetaSource, ParseOptions, Sourced, Timestamp, Transcript, TranscriptError,
    Warning, WarningKind, parse_bytes, read_transcript,
};

/// File name extensions searched for in folders.
pub const EXTENSIONS: [&str; 8] = ["txt", "vtt", "srt", "json", "md", "markdown", "html", "htm"];

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
        "{paths}: no transcript files found (looked for *.txt, *.vtt, *.srt, *.json, *.md, *.html); \
         give a folder of transcripts or a transcript file"
    )]
    NoFiles {
        /// The paths searched, comma-separated.
        paths: String,
    },
    /// A file read while planning could not be read again, or reads differently now.
    #[error("{}: {reason} while the build was reading it; run the build again", path.display())]
    Changed {
        /// The file.
        path: PathBuf,
        /// What happened.
        reason: String,
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
    // Files never opened (`cover.png`) are not among the reasons nothing could be read.
    let tried: Vec<&Skipped> = skipped
        .iter()
        .filter(|s| s.kind != SkipKind::FileType)
        .collect();
    match tried[..] {
        [only] if count == 1 => only.reason.clone(),
        [first, ref rest @ ..] => format!(
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
    /// Why, in general: for summaries.
    pub kind: SkipKind,
    /// A one-line reason, naming the file.
    pub reason: String,
}

/// Why a file was passed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipKind {
    /// In a folder, with a name that is not a transcript's (`.mp3`, `LICENSE`): not opened.
    FileType,
    /// Opened, but not a transcript (a README, a web page, JSON of another kind).
    NotTranscript,
    /// Could not be read (permissions, empty, binary, nothing spoken).
    Unreadable,
}

impl SkipKind {
    /// How a summary line describes files skipped for this reason.
    pub fn describe(self) -> &'static str {
        match self {
            SkipKind::FileType => "not transcript files by their names",
            SkipKind::NotTranscript => "not transcripts",
            SkipKind::Unreadable => "unreadable",
        }
    }
}

impl Skipped {
    fn of(e: &TranscriptError) -> Skipped {
        let kind = match e {
            TranscriptError::Json { .. } | TranscriptError::NotTranscript { .. } => {
                SkipKind::NotTranscript
            }
            _ => SkipKind::Unreadable,
        };
        Skipped {
            path: e.path().to_owned(),
            kind,
            reason: e.to_string(),
        }
    }
}

/// Several files that hold the same episode, and which one was kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// The show, if known.
    pub show: Option<String>,
    /// The episode number, if known (copies without one are matched by file name).
    pub number: Option<u32>,
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
    /// With a feed (`ParseOptions::feed`), how many episodes it described.
    pub feed_matches: Option<usize>,
    /// Read from the compiled-in samples rather than from files.
    pub samples: bool,
}

/// Lists the transcript files under `paths`, sorted and without repeats, passing over the
/// folders in `exclude`.
pub fn find_files(
    paths: &[PathBuf],
    exclude: &[PathBuf],
) -> Result<(Vec<PathBuf>, Vec<Skipped>), CorpusError> {
    let excluded: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
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
            .filter_entry(|e| {
                e.depth() == 0
                    || !(e.file_name().to_string_lossy().starts_with('.')
                        || (e.file_type().is_dir()
                            && !excluded.is_empty()
                            && std::fs::canonicalize(e.path())
                                .is_ok_and(|p| excluded.contains(&p))))
            });
        for entry in walk {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    if has_transcript_extension(entry.path()) {
                        files.push(entry.into_path());
                    } else {
                        let reason = format!(
                            "{}: not read: not a transcript file type (reads {})",
                            entry.path().display(),
                            EXTENSIONS.map(|e| format!(".{e}")).join(", ")
                        );
                        skipped.push(Skipped {
                            path: entry.into_path(),
                            kind: SkipKind::FileType,
                            reason,
                        });
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let at = e.path().unwrap_or(path).to_owned();
                    let reason = match e.io_error() {
                        Some(io) => format!("{}: cannot read: {io}", at.display()),
                        None => format!("{}: {e}", at.display()),
                    };
                    skipped.push(Skipped {
                        path: at,
                        kind: SkipKind::Unreadable,
                        reason,
                    });
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
    read_files(paths, options, false)
}

/// Plans a corpus: reads every transcript under `paths` as [`load`] does, decides the same
/// episodes, copies, metadata and order, but keeps only each episode's outline
/// ([`Transcript::into_outline`]); [`Corpus::reread`] reads an episode in full when its turn
/// comes. Memory holds metadata, not text.
pub fn plan(paths: &[PathBuf], options: &ParseOptions) -> Result<Corpus, CorpusError> {
    read_files(paths, options, true)
}

fn read_files(
    paths: &[PathBuf],
    options: &ParseOptions,
    outline: bool,
) -> Result<Corpus, CorpusError> {
    let (files, skipped) = find_files(paths, &options.exclude)?;
    if files.is_empty() {
        return Err(CorpusError::NoFiles {
            paths: join_paths(paths),
        });
    }
    // One shared gathering rather than one per rayon job: copies of an episode are merged as
    // soon as they are read, so memory holds one transcript per episode (plus those being read).
    let gathered = std::sync::Mutex::new(Gathered {
        outline,
        ..Gathered::default()
    });
    let feed = options.feed.as_deref().map(FeedIndex::new);
    let feed_matches = std::sync::atomic::AtomicUsize::new(0);
    files.par_iter().for_each(|path| {
        let mut result = read_transcript(path, options);
        if let (Ok(t), Some(feed)) = (&mut result, &feed)
            && apply_feed(t, feed)
        {
            feed_matches.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        gathered
            .lock()
            .expect("no panic while gathering")
            .add(result);
    });
    gathered
        .into_inner()
        .expect("no panic while gathering")
        .finish(skipped, options)
        .map(|mut corpus| {
            corpus.feed_matches = feed.map(|_| feed_matches.into_inner());
            corpus
        })
        .map_err(|skipped| CorpusError::NothingReadable {
            paths: join_paths(paths),
            count: files.len(),
            skipped,
        })
}

/// Takes show, number, title and date from the feed item that describes `t`, if one does
/// (see [`crate::feed`] for how items are matched); returns whether one did. The feed outranks
/// what the file says, and every field it changes is reported.
pub fn apply_feed(t: &mut Transcript, feed: &FeedIndex<'_>) -> bool {
    let title = t.meta.title.as_ref().map(|s| s.value.clone());
    let Some((item, how)) = feed.item_for(
        &t.meta.source_path,
        t.meta.episode_number(),
        title.as_deref(),
    ) else {
        return false;
    };
    fn set<T: PartialEq + std::fmt::Display + Clone>(
        field: &str,
        mine: &mut Option<Sourced<T>>,
        theirs: Option<&T>,
        how: &str,
        warnings: &mut Vec<Warning>,
    ) {
        let Some(theirs) = theirs else { return };
        // A slug or the folder's show are guesses a feed is expected to replace.
        if let Some(old) = mine.as_ref()
            && old.value != *theirs
            && !matches!(old.source, MetaSource::FileName | MetaSource::Folder)
        {
            warnings.push(Warning::new(
                WarningKind::Conflict,
                format!(
                    "{field}: feed (matched by {how}) says {theirs}, {} says {}; using the feed",
                    old.source.name(),
                    old.value
                ),
            ));
        }
        *mine = Some(Sourced::new(theirs.clone(), MetaSource::Feed));
    }
    let how = how.name();
    let meta = &mut t.meta;
    if let Some(show) = &feed.feed().show {
        set("show", &mut meta.show, Some(show), how, &mut t.warnings);
    }
    set(
        "episode number",
        &mut meta.number,
        item.number.as_ref(),
        how,
        &mut t.warnings,
    );
    set(
        "title",
        &mut meta.title,
        item.title.as_ref(),
        how,
        &mut t.warnings,
    );
    set(
        "date",
        &mut meta.date,
        item.date.as_ref(),
        how,
        &mut t.warnings,
    );
    true
}

macro_rules! sample {
    ($name:literal) => {
        (
            concat!("data/transcripts/", $name),
            include_bytes!(concat!("../../data/transcripts/", $name)),
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
    read_samples(options, false)
}

/// Plans a corpus of the compiled-in [`SAMPLES`] (see [`plan`]).
pub fn plan_samples(options: &ParseOptions) -> Corpus {
    read_samples(options, true)
}

fn read_samples(options: &ParseOptions, outline: bool) -> Corpus {
    let mut gathered = Gathered {
        outline,
        ..Gathered::default()
    };
    for (path, bytes) in SAMPLES {
        gathered.add(parse_bytes(bytes, Path::new(path), options));
    }
    let mut corpus = gathered
        .finish(Vec::new(), options)
        .expect("the samples are readable");
    corpus.samples = true;
    corpus
}

impl Corpus {
    /// Reads an episode of a planned corpus in full again: the text and segments from its
    /// file, the metadata and warnings as the plan settled them. A file that cannot be read
    /// again, or whose text changed since the plan, is an error.
    pub fn reread(
        &self,
        outline: &Transcript,
        options: &ParseOptions,
    ) -> Result<Transcript, CorpusError> {
        if !outline.is_outline() {
            return Ok(outline.clone());
        }
        let path = &outline.meta.source_path;
        let changed = |reason: String| CorpusError::Changed {
            path: path.clone(),
            reason,
        };
        let read = if self.samples {
            let bytes = SAMPLES
                .iter()
                .find(|(p, _)| Path::new(p) == path)
                .map(|(_, bytes)| *bytes)
                .ok_or_else(|| changed("no such sample".to_owned()))?;
            parse_bytes(bytes, path, options)
        } else {
            read_transcript(path, options)
        };
        let mut t = read.map_err(|e| changed(e.to_string()))?;
        if t.text_len() != outline.text_len() {
            return Err(changed("the file changed".to_owned()));
        }
        t.meta = outline.meta.clone();
        t.warnings = outline.warnings.clone();
        Ok(t)
    }
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
    fn settle(mut self) -> (Transcript, Option<Duplicate>) {
        if self.others.is_empty() {
            return (self.kept, None);
        }
        self.others.sort_by(|a, b| a.order().cmp(&b.order()));
        for other in &self.others {
            fill_metadata(&mut self.kept, other);
        }
        let duplicate = Duplicate {
            show: self.kept.meta.show_name().map(str::to_owned),
            number: self.kept.meta.episode_number(),
            kept: self.kept.meta.source_path.clone(),
            dropped: self.others.into_iter().map(|o| o.path).collect(),
        };
        (self.kept, Some(duplicate))
    }
}

/// Where copies can be merged before the folder vote settles each transcript's show: copies in
/// one folder, with the same show from the same source and the same number, end up with the
/// same show whatever the vote; copies without a number merge when their file names differ only
/// in the extension (`buzzcast.json`, `buzzcast.srt`, `buzzcast.html`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum EarlyKey {
    Numbered(PathBuf, String, MetaSource, u32),
    Stem(PathBuf, std::ffi::OsString),
}

fn folder(t: &Transcript) -> PathBuf {
    t.meta
        .source_path
        .parent()
        .unwrap_or(Path::new(""))
        .to_owned()
}

/// Shows compare without case, punctuation, a leading "The" or a trailing "podcast": "The
/// Changelog" is "Changelog", "the Practical AI podcast" is "Practical AI".
fn show_key(show: &str) -> String {
    let lower = show.trim().to_lowercase();
    let without_the = lower.strip_prefix("the ").unwrap_or(&lower);
    let core = without_the
        .strip_suffix(" podcast")
        .or_else(|| without_the.strip_suffix(" show"))
        .unwrap_or(without_the);
    core.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// What the transcripts of one folder say about their show.
#[derive(Default)]
struct FolderVotes {
    /// Per show key, how many transcripts name it and how each spelling was written.
    shows: BTreeMap<String, (usize, BTreeMap<String, usize>)>,
    voters: usize,
    /// What file names have before their episode number (`the-changelog-12.md`), by how many.
    name_prefixes: BTreeMap<String, usize>,
}

impl FolderVotes {
    /// Notes the words a file name puts before a trailing episode number.
    fn add_file_name(&mut self, path: &Path) {
        if let Some(prefix) = number_prefix(path) {
            *self.name_prefixes.entry(prefix).or_default() += 1;
        }
    }

    /// The words most file names of the folder start with, if at least three share them and they
    /// are most of the folder's numbered names: `the changelog`.
    fn shared_name_prefix(&self) -> Option<&str> {
        let total: usize = self.name_prefixes.values().sum();
        self.name_prefixes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .filter(|(_, n)| **n >= 3 && **n * 2 > total)
            .map(|(p, _)| p.as_str())
    }

    fn add(&mut self, show: &str) {
        let (count, spellings) = self.shows.entry(show_key(show)).or_default();
        *count += 1;
        *spellings.entry(show.to_owned()).or_default() += 1;
        self.voters += 1;
    }

    /// The show of the folder: named by at least two transcripts and by most of those that name
    /// one, spelled as most of them spell it. One odd opening ("Welcome to the Jaws for Windows
    /// setup program") cannot name a folder.
    ///
    /// Speech says "welcome to the Changelog", with a small "the" that may or may not be part of
    /// the name; file names that all read `the-changelog-N` settle it. Where no speech names the
    /// show, such shared file names name it (`go-time-339.md` → "Go Time").
    fn consensus(&self) -> Option<(String, String)> {
        let prefix = self.shared_name_prefix();
        let Some((key, (_, spellings))) = self
            .shows
            .iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)))
            .filter(|(_, (count, _))| *count >= 2 && count * 2 > self.voters)
        else {
            let prefix = prefix?;
            return Some((show_key(prefix), title_case_words(prefix)));
        };
        let mut spelling = spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(s, _)| s.clone())?;
        if let Some(prefix) = prefix
            && show_key(prefix) == *key
            && prefix.starts_with("the ")
            && !spelling.to_lowercase().starts_with("the ")
        {
            spelling = format!("The {spelling}");
        }
        Some((key.clone(), spelling))
    }

    /// Whether `show` is named by so few transcripts of the folder that it is an outlier there
    /// (a crossover, a misheard intro) rather than a second show sharing the folder.
    fn is_outlier(&self, show: &str) -> bool {
        let count = self.shows.get(&show_key(show)).map_or(0, |(n, _)| *n);
        count <= 2.max(self.voters / 20)
    }
}

/// What the parallel read has gathered so far. Files arrive in any order, with the same outcome
/// (see [`Copies::absorb`]).
#[derive(Default)]
struct Gathered {
    groups: BTreeMap<EarlyKey, Copies>,
    /// Per folder, the shows its transcripts name.
    votes: BTreeMap<PathBuf, FolderVotes>,
    skipped: Vec<Skipped>,
    files_read: usize,
    /// Keep outlines, not whole transcripts ([`plan`]).
    outline: bool,
}

impl Gathered {
    fn add(&mut self, result: Result<Transcript, TranscriptError>) {
        self.files_read += 1;
        let t = match result {
            Ok(t) => t,
            Err(e) => {
                self.skipped.push(Skipped::of(&e));
                return;
            }
        };
        let votes = self.votes.entry(folder(&t)).or_default();
        if let Some(show) = t.meta.show_name() {
            votes.add(show);
        }
        votes.add_file_name(&t.meta.source_path);
        let key = match (&t.meta.show, t.meta.episode_number()) {
            (Some(show), Some(number)) => {
                EarlyKey::Numbered(folder(&t), show.value.clone(), show.source, number)
            }
            _ => EarlyKey::Stem(
                folder(&t),
                t.meta
                    .source_path
                    .file_stem()
                    .unwrap_or_default()
                    .to_owned(),
            ),
        };
        let mut copies = Copies::new(t);
        if self.outline {
            copies.kept = copies.kept.into_outline();
        }
        let merged = match self.groups.remove(&key) {
            Some(existing) => existing.absorb(copies),
            None => copies,
        };
        self.groups.insert(key, merged);
    }

    /// Settles shows by folder vote, merges what is now the same episode, checks dates against
    /// episode order, gives every episode a unique id, and sorts; if no file could be read, why
    /// each was skipped.
    fn finish(
        self,
        mut skipped: Vec<Skipped>,
        options: &ParseOptions,
    ) -> Result<Corpus, Vec<Skipped>> {
        let Gathered {
            groups,
            votes,
            skipped: unreadable,
            files_read,
            outline: _,
        } = self;
        skipped.extend(unreadable);
        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        let mut episodes: Vec<Copies> = groups.into_values().collect();
        if episodes.is_empty() {
            return Err(skipped);
        }
        if options.show.is_none() {
            for copies in &mut episodes {
                apply_folder_vote(&mut copies.kept, &votes);
            }
        }
        drop_titles_that_are_not_titles(&mut episodes);
        let mut by_episode: BTreeMap<(String, u32), Copies> = BTreeMap::new();
        let mut transcripts = Vec::with_capacity(episodes.len());
        let mut duplicates = Vec::new();
        for copies in episodes {
            let key = match (
                copies.kept.meta.show_name(),
                copies.kept.meta.episode_number(),
            ) {
                (Some(show), Some(number)) => (show.to_owned(), number),
                _ => {
                    let (kept, duplicate) = copies.settle();
                    transcripts.push(kept);
                    duplicates.extend(duplicate);
                    continue;
                }
            };
            let merged = match by_episode.remove(&key) {
                Some(existing) => existing.absorb(copies),
                None => copies,
            };
            by_episode.insert(key, merged);
        }
        for copies in by_episode.into_values() {
            let (kept, duplicate) = copies.settle();
            transcripts.push(kept);
            duplicates.extend(duplicate);
        }
        transcripts.sort_by(episode_order);
        duplicates.sort_by(|a, b| a.kept.cmp(&b.kept));
        dates::check_order(&mut transcripts);
        assign_ids(&mut transcripts);
        Ok(Corpus {
            transcripts,
            skipped,
            duplicates,
            files_read,
            feed_matches: None,
            samples: false,
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

/// Settles the show of a transcript with the show its folder agrees on (see
/// [`FolderVotes::consensus`]).
///
/// Some episodes open with an announcement instead of the show's name: they take the folder's
/// show. Crossover episodes name another show ("we recorded this as a Talk Python To Me
/// episode"), and an intro may be misheard: a show that only one or two transcripts of the folder
/// name, said rather than written in a header, gives way to the folder's. A show many of them
/// name is a second show in the same folder and stays.
fn apply_folder_vote(t: &mut Transcript, votes: &BTreeMap<PathBuf, FolderVotes>) {
    let Some(folder_votes) = votes.get(&folder(t)) else {
        return;
    };
    let Some((key, best)) = folder_votes.consensus() else {
        return;
    };
    let key = key.as_str();
    match &t.meta.show {
        None => t.meta.show = Some(Sourced::new(best, MetaSource::Folder)),
        Some(current)
            if current.source == MetaSource::Speech
                && show_key(&current.value) != key
                && folder_votes.is_outlier(&current.value) =>
        {
            t.warnings.push(Warning::new(
                WarningKind::Show,
                format!(
                    "show: speech names {}; using {best}, the show of its folder",
                    current.value
                ),
            ));
            t.meta.show = Some(Sourced::new(best, MetaSource::Folder));
        }
        Some(current) if current.value != best && show_key(&current.value) == key => {
            // One show, spelled one way across the folder.
            t.meta.show = Some(Sourced::new(best, current.source));
        }
        Some(_) => {}
    }
}

/// The words before a trailing episode number in a file name, lower case: `the changelog` for
/// `the-changelog-103.md`; `None` where the number leads or there is none.
fn number_prefix(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let digits = stem.len() - stem.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits == stem.len() {
        return None;
    }
    let words: Vec<String> = stem[..stem.len() - digits]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !["ep", "episode"].contains(&w.to_lowercase().as_str()))
        .map(str::to_lowercase)
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// "go time" → "Go Time".
fn title_case_words(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|first| first.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Drops file-name "titles" that are not titles: the show's name (`practical-ai-150.md`), or a
/// slug many files of a folder share (`the-podcast-12.md`, `the-podcast-13.md`).
fn drop_titles_that_are_not_titles(episodes: &mut [Copies]) {
    let mut shared: BTreeMap<(PathBuf, String), usize> = BTreeMap::new();
    let file_title = |t: &Transcript| {
        t.meta
            .title
            .as_ref()
            .filter(|title| title.source == MetaSource::FileName)
            .map(|title| show_key(&title.value))
    };
    for copies in episodes.iter() {
        if let Some(title) = file_title(&copies.kept) {
            *shared.entry((folder(&copies.kept), title)).or_default() += 1;
        }
    }
    for copies in episodes.iter_mut() {
        let t = &mut copies.kept;
        let Some(title) = file_title(t) else { continue };
        let is_show = t
            .meta
            .show_name()
            .is_some_and(|show| show_key(show) == title);
        if is_show || shared[&(folder(t), title)] >= 3 {
            t.meta.title = None;
            // Nor may a copy set aside bring it back when the copies are settled.
            for other in &mut copies.others {
                if other
                    .title
                    .as_ref()
                    .is_some_and(|o| o.source == MetaSource::FileName)
                {
                    other.title = None;
                }
            }
        }
    }
}

/// Gives every transcript its id ([`episode_id`]), unique among them: a repeated id (two files
/// named `episode.txt` in two folders) gets `-2`, `-3`, ... in corpus order.
fn assign_ids(transcripts: &mut [Transcript]) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for t in transcripts.iter_mut() {
        t.meta.id = None;
        let base = episode_id(t);
        let n = seen.entry(base.clone()).or_default();
        *n += 1;
        t.meta.id = Some(if *n == 1 { base } else { format!("{base}-{n}") });
    }
}

/// Takes title and date from `other` where it has them from a stronger source than `kept`.
fn fill_metadata(kept: &mut Transcript, other: &SetAside) {
    fn better<T: Clone>(
        mine: &mut Option<Sourced<T>>,
        theirs: &Option<Sourced<T>>,
        field: MetaField,
        from: &Path,
        warnings: &mut Vec<Warning>,
    ) {
        let Some(theirs) = theirs else { return };
        if mine
            .as_ref()
            .is_none_or(|m| theirs.source.rank(field) < m.source.rank(field))
        {
            *mine = Some(theirs.clone());
            warnings.push(Warning::new(
                WarningKind::Filled,
                format!(
                    "{} taken from the {} of {} (same episode)",
                    match field {
                        MetaField::Title => "title",
                        _ => "recording date",
                    },
                    theirs.source.name(),
                    from.display()
                ),
            ));
        }
    }
    let meta = &mut kept.meta;
    better(
        &mut meta.title,
        &other.title,
        MetaField::Title,
        &other.path,
        &mut kept.warnings,
    );
    better(
        &mut meta.date,
        &other.date,
        MetaField::Date,
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
                .any(|w| w.message.starts_with("title taken from the header of"))
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
        write(dir.path(), "episode.mp3", "ID3");
        write(dir.path(), ".hidden/d.txt", "00:00 hidden\n");
        let corpus = load(&[dir.path().to_owned()], &ParseOptions::default()).unwrap();
        assert_eq!(corpus.transcripts.len(), 1);
        assert_eq!(corpus.files_read, 4);
        let skipped: Vec<(SkipKind, String)> = corpus
            .skipped
            .iter()
            .map(|s| {
                let name = s.path.file_name().unwrap().to_string_lossy();
                (s.kind, s.reason.replace(&*s.path.to_string_lossy(), &name))
            })
            .collect();
        let reads = EXTENSIONS.map(|e| format!(".{e}")).join(", ");
        assert_eq!(
            skipped,
            [
                (
                    SkipKind::Unreadable,
                    "b.txt: empty file, nothing to read".to_owned()
                ),
                (
                    SkipKind::Unreadable,
                    "c.txt: binary file, not a transcript".to_owned()
                ),
                (
                    SkipKind::FileType,
                    format!("episode.mp3: not read: not a transcript file type (reads {reads})")
                ),
                (
                    SkipKind::NotTranscript,
                    "notes.md: not a transcript: a document without speaker labels or timestamps"
                        .to_owned()
                ),
            ]
        );
    }

    #[test]
    fn folders_without_transcripts_and_missing_paths_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "notes.docx", "x");
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
        write(dir.path(), "003-c.txt", "00:00 Welcome to Python Bytes.\n");
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

    /// Regression: one file's odd opening ("Welcome to the Jaws for Windows setup program")
    /// named every file of its folder.
    #[test]
    fn one_odd_opening_does_not_name_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "jaws.txt",
            "00:00 Welcome to the Jaws for Windows setup program.\n",
        );
        write(
            dir.path(),
            "michael.txt",
            "00:00 Hey everyone, Michael here.\n",
        );
        write(dir.path(), "jerod.txt", "00:00 Hi, Jerod here.\n");
        let corpus = load(&[dir.path().to_owned()], &ParseOptions::default()).unwrap();
        let shows: Vec<Option<&str>> = corpus
            .transcripts
            .iter()
            .map(|t| t.meta.show_name())
            .collect();
        assert_eq!(shows, [None, None, Some("Jaws")]);
    }

    /// A crossover names another show; its folder's show wins, so its id cannot collide with
    /// the other show's own episode of that number.
    #[test]
    fn a_crossover_takes_the_show_of_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        for n in 1..=4 {
            write(
                dir.path(),
                &format!("{n:03}-x.txt"),
                &format!("00:00 Welcome to Python Bytes, episode {n}.\n"),
            );
        }
        write(
            dir.path(),
            "005-x.txt",
            "00:00 Welcome to Talk Python To Me, episode 388.\n",
        );
        let corpus = load(&[dir.path().to_owned()], &ParseOptions::default()).unwrap();
        let last = corpus.transcripts.last().unwrap();
        assert_eq!(episode_id(last), "python-bytes-5");
        assert!(last.warnings.iter().any(|w| w.kind == WarningKind::Show));
    }

    /// Speech says "welcome to the Changelog", file names `the-changelog-N.md`: the show is
    /// "The Changelog"; "the Practical AI podcast" is the show "Practical AI".
    #[test]
    fn file_names_settle_how_a_show_is_spelled() {
        let dir = tempfile::tempdir().unwrap();
        for n in 1..=3 {
            write(
                dir.path(),
                &format!("cl/the-changelog-{n}.md"),
                "**Adam Stacoviak:** Welcome to the Changelog.\n\n**Jerod Santo:** Hi.\n",
            );
            write(
                dir.path(),
                &format!("go/go-time-{n}.md"),
                "**Mat Ryer:** Hello.\n\n**Jon Calhoun:** Hi.\n",
            );
        }
        write(
            dir.path(),
            "pa/practical-ai-1.md",
            "**Chris Benson:** Welcome to the Practical AI podcast.\n\n**Daniel Whitenack:** Hi.\n",
        );
        for n in 2..=3 {
            write(
                dir.path(),
                &format!("pa/practical-ai-{n}.md"),
                "**Chris Benson:** Welcome to Practical AI.\n\n**Daniel Whitenack:** Hi.\n",
            );
        }
        let corpus = load(&[dir.path().to_owned()], &ParseOptions::default()).unwrap();
        let ids: Vec<String> = corpus.transcripts.iter().map(episode_id).collect();
        assert_eq!(
            ids,
            [
                "go-time-1",
                "go-time-2",
                "go-time-3",
                "practical-ai-1",
                "practical-ai-2",
                "practical-ai-3",
                "the-changelog-1",
                "the-changelog-2",
                "the-changelog-3"
            ]
        );
        let shows: Vec<&str> = corpus
            .transcripts
            .iter()
            .filter_map(|t| t.meta.show_name())
            .collect();
        assert_eq!(shows[0], "Go Time");
        assert_eq!(shows[3], "Practical AI");
        assert_eq!(shows[8], "The Changelog");
        assert!(corpus.transcripts.iter().all(|t| t.meta.title.is_none()));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Python Bytes"), "python-bytes");
        assert_eq!(slug("Test & Code!"), "test-code");
        assert_eq!(slug("Podcast.__init__"), "podcast-init");
    }
}
