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
//!
//! # Stages
//!
//! - **Reading** (`read`): [`find_files`] lists the files, which are read in parallel, a feed
//!   applied to each ([`apply_feed`]), and gathered as they arrive.
//! - **Copies** (`duplicates`): the rule above, which copy of an episode is kept and what the
//!   others fill in; each merge is a [`Duplicate`].
//! - **Folders** (`folders`): the show a folder's transcripts agree on, and file-name titles that
//!   are no titles.
//! - **Dates** (`dates`): recording dates checked against episode order.
//! - **Records** (`records`): each episode's id ([`episode_id`]) and its [`EpisodeRecord`].
//!
//! [`load`] and [`plan`] run them over files, [`load_samples`] and [`plan_samples`] over the
//! compiled-in samples; [`Corpus::reread`] reads a planned episode in full.

mod dates;
mod duplicates;
mod folders;
mod read;
mod records;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::transcript::{
    OutlineRecord, ParseOptions, Transcript, TranscriptError, read_bytes, reparse_bytes,
};
use read::{read_files, read_samples};

pub use duplicates::Duplicate;
pub use read::{EXTENSIONS, apply_feed, find_files};
pub use records::{EpisodeBrief, EpisodeRecord, EpisodeSummary, episode_id, slug};

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
    /// Every file read as a transcript, with its contents' hash and outline, sorted by path:
    /// what a build's cache stores ([`plan_cached`]); empty otherwise.
    pub planned: Vec<PlannedFile>,
}

/// A file a planned corpus read: where, its contents' hash, and the outline it was read as.
#[derive(Clone, Debug)]
pub struct PlannedFile {
    /// The file, as found.
    pub path: PathBuf,
    /// Its contents' hash.
    pub hash: ContentHash,
    /// The outline it was read as (before copies were merged and ids given), until a cache
    /// has stored it; `None` too where the outline came from the cache that planned it.
    pub outline: Option<OutlineRecord>,
    /// What the file system said of it before it was read, where it says enough.
    pub stat: Option<FileStat>,
}

/// What the file system says of a file: its length, its modification and change times (in
/// nanoseconds since 1970) and its inode. A cache that recorded the same of a file, when the
/// file had not changed for a while before it was read, knows its contents' hash without
/// reading it again, as git's index does: a rebuild of a large archive reads only what
/// changed (at 10x, 187 MB not read, nor hashed). Any write to a file sets its change time,
/// which no program can set back, so a file written since has another; the margin covers file
/// systems whose times are coarse, where a write in the same tick as the first would not show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStat {
    len: u64,
    modified: i128,
    changed: i128,
    inode: u64,
    device: u64,
}

impl FileStat {
    /// How long a file must have been unchanged before it was read for its stat to stand for
    /// its contents.
    const SETTLED_NS: i128 = 3_000_000_000;

    /// The stat of a file, where the system says enough (Unix); `None` elsewhere, and such
    /// files are always read.
    pub fn of(meta: &std::fs::Metadata) -> Option<FileStat> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |secs: i64, nanos: i64| i128::from(secs) * 1_000_000_000 + i128::from(nanos);
            Some(FileStat {
                len: meta.len(),
                modified: ns(meta.mtime(), meta.mtime_nsec()),
                changed: ns(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
                device: meta.dev(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }

    /// Whether the file had not changed for a while when it was read at `read_at` (nanoseconds
    /// since 1970), so that a file with the same stat later has the same contents.
    pub fn settled_before(&self, read_at: i128) -> bool {
        self.changed.saturating_add(Self::SETTLED_NS) < read_at
    }
}

/// Now, in nanoseconds since 1970 (0 if the clock is set before it).
pub fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

/// A hash of a file's contents (128 bits), what a cache knows a file by: an unchanged file is
/// not parsed again, whatever its modification time says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ContentHash(pub [u64; 2]);

impl ContentHash {
    /// The hash of `bytes`: two 64-bit foldhash hashes with fixed seeds. Not cryptographic; a
    /// cache is keyed by podgraph's version too, so the hash never changes under it.
    pub fn of(bytes: &[u8]) -> ContentHash {
        use std::hash::BuildHasher;
        let hash = |seed| foldhash::quality::FixedState::with_seed(seed).hash_one(bytes);
        ContentHash([hash(0x706f_6467_7261_7068), hash(0x6361_6368_6520_6b65)])
    }
}

/// Outlines a build read before ([`plan_cached`]): see [`crate::cache`].
pub trait PlanCache: Sync {
    /// The outline of the file at `path` whose contents hash to `hash`, if known.
    fn outline(&self, path: &Path, hash: ContentHash) -> Option<Transcript>;

    /// The contents' hash of the file at `path`, if it was read before with the same `stat`
    /// and had settled then ([`FileStat::settled_before`]): it need not be read again.
    fn hash_of(&self, path: &Path, stat: &FileStat) -> Option<ContentHash>;
}

/// Reads every transcript under `paths`.
pub fn load(paths: &[PathBuf], options: &ParseOptions) -> Result<Corpus, CorpusError> {
    read_files(paths, options, false, None)
}

/// Plans a corpus: reads every transcript under `paths` as [`load`] does, decides the same
/// episodes, copies, metadata and order, but keeps only each episode's outline
/// ([`Transcript::into_outline`]); [`Corpus::reread`] reads an episode in full when its turn
/// comes. Memory holds metadata, not text.
pub fn plan(paths: &[PathBuf], options: &ParseOptions) -> Result<Corpus, CorpusError> {
    read_files(paths, options, true, None)
}

/// Plans a corpus as [`plan`] does, taking the outline of every file `cache` knows (by path
/// and contents) from it rather than parsing the file, and lists every file read with its hash
/// and outline in [`Corpus::planned`]. A file is read, to be hashed, unless the cache knows it
/// by its stat ([`FileStat`]). With a feed the cache is not used (outlines are stored as the
/// feed left them).
pub fn plan_cached(
    paths: &[PathBuf],
    options: &ParseOptions,
    cache: &dyn PlanCache,
) -> Result<Corpus, CorpusError> {
    read_files(paths, options, true, Some(cache))
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

impl Corpus {
    /// Reads an episode of a planned corpus in full again: the text and segments from its
    /// file, the metadata and warnings as the plan settled them. A file that cannot be read
    /// again, or whose text changed since the plan, is an error.
    pub fn reread(&self, outline: &Transcript) -> Result<Transcript, CorpusError> {
        if !outline.is_outline() {
            return Ok(outline.clone());
        }
        let path = &outline.meta.source_path;
        let changed = |reason: String| CorpusError::Changed {
            path: path.clone(),
            reason,
        };
        let bytes = if self.samples {
            SAMPLES
                .iter()
                .find(|(p, _)| Path::new(p) == path)
                .map(|(_, bytes)| std::borrow::Cow::Borrowed(*bytes))
                .ok_or_else(|| changed("no such sample".to_owned()))?
        } else {
            std::borrow::Cow::Owned(read_bytes(path).map_err(|e| changed(e.to_string()))?)
        };
        let t = reparse_bytes(&bytes, path, outline).map_err(|e| changed(e.to_string()))?;
        if t.text_len() != outline.text_len() {
            return Err(changed("the file changed".to_owned()));
        }
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_stat_stands_for_the_contents_only_once_the_file_has_settled() {
        let stat = FileStat {
            len: 10,
            modified: 5_000_000_000,
            changed: 5_000_000_000,
            inode: 1,
            device: 1,
        };
        assert!(
            !stat.settled_before(6_000_000_000),
            "read a second after a write"
        );
        assert!(stat.settled_before(8_100_000_000));
        let meta = std::fs::metadata(env!("CARGO_MANIFEST_DIR")).unwrap();
        assert_eq!(FileStat::of(&meta).is_some(), cfg!(unix));
    }

    /// Writes `content` to `dir/name`, creating its folder; the corpus tests of every
    /// submodule build their folders with it.
    pub(super) fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, content).unwrap();
        path
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
}
