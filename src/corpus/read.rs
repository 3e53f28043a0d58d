//! Reading: finding the transcript files, reading them in parallel, and gathering the copies.
//!
//! Files are read on rayon's threads and handed, as each is read, to one [`Gathered`], which
//! merges copies of an episode at once ([`super::duplicates`]) so that memory holds one
//! transcript (or, when planning, one outline) per episode. When all are read, the folder
//! votes settle shows ([`super::folders`]), the copies are settled, dates are checked, and
//! ids assigned. A feed, if given, is applied to each file as it is read.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::duplicates::{Copies, EarlyKey};
use super::folders::{FolderVotes, apply_folder_vote, drop_titles_that_are_not_titles, folder};
use super::records::assign_ids;
use super::{
    ContentHash, Corpus, CorpusError, FileStat, PlanCache, PlannedFile, SAMPLES, SkipKind, Skipped,
    dates,
};
use crate::feed::FeedIndex;
use crate::transcript::{
    MetaSource, ParseOptions, Sourced, Transcript, TranscriptError, Warning, WarningKind,
    parse_bytes, read_bytes, read_transcript,
};

/// File name extensions searched for in folders.
pub const EXTENSIONS: [&str; 8] = ["txt", "vtt", "srt", "json", "md", "markdown", "html", "htm"];

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

pub(super) fn read_files(
    paths: &[PathBuf],
    options: &ParseOptions,
    outline: bool,
    cache: Option<&dyn PlanCache>,
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
    // A cache stores outlines as the feed left them, so it is not used with one.
    let cache = cache.filter(|_| outline && feed.is_none());
    let planned = std::sync::Mutex::new(Vec::new());
    files.par_iter().for_each(|path| {
        let mut result = match cache {
            Some(cache) => read_through(path, options, cache).map(|(t, file)| {
                planned.lock().expect("no panic while planning").push(file);
                t
            }),
            None => read_transcript(path, options),
        };
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
            let mut planned = planned.into_inner().expect("no panic while planning");
            planned.sort_unstable_by(|a: &PlannedFile, b| a.path.cmp(&b.path));
            corpus.planned = planned;
            corpus
        })
        .map_err(|skipped| CorpusError::NothingReadable {
            paths: join_paths(paths),
            count: files.len(),
            skipped,
        })
}

/// Reads a file's bytes and hashes them, unless `cache` knows its hash by its stat; the
/// outline comes from `cache` where it knows the file (its path and contents), else from
/// parsing. Either way the file is returned to be stored in the next cache, with its outline
/// if it was parsed (the cache has it otherwise).
fn read_through(
    path: &Path,
    options: &ParseOptions,
    cache: &dyn PlanCache,
) -> Result<(Transcript, PlannedFile), TranscriptError> {
    // Taken before reading: a file written while it is read gets a later stat than this one.
    let stat = std::fs::metadata(path)
        .ok()
        .and_then(|meta| FileStat::of(&meta));
    if let Some(stat) = &stat
        && let Some(hash) = cache.hash_of(path, stat)
        && let Some(outline) = cache.outline(path, hash)
    {
        let file = PlannedFile {
            path: path.to_owned(),
            hash,
            outline: None,
            stat: Some(*stat),
        };
        return Ok((outline, file));
    }
    let bytes = read_bytes(path)?;
    let hash = ContentHash::of(&bytes);
    let (outline, cached) = match cache.outline(path, hash) {
        Some(outline) => (outline, true),
        None => (parse_bytes(&bytes, path, options)?.into_outline(), false),
    };
    let record = (!cached).then(|| {
        outline
            .outline_record()
            .expect("an outline has an outline record")
    });
    let file = PlannedFile {
        path: path.to_owned(),
        hash,
        outline: record,
        stat,
    };
    Ok((outline, file))
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

pub(super) fn read_samples(options: &ParseOptions, outline: bool) -> Corpus {
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

/// What the parallel read has gathered so far. Files arrive in any order, with the same outcome
/// (see [`Copies::absorb`]).
#[derive(Default)]
struct Gathered {
    groups: BTreeMap<EarlyKey, Copies>,
    /// Per folder, the shows its transcripts name.
    votes: BTreeMap<PathBuf, FolderVotes>,
    skipped: Vec<Skipped>,
    files_read: usize,
    /// Keep outlines, not whole transcripts ([`plan`](super::plan)).
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
            planned: Vec::new(),
        })
    }
}

/// Show, then episode number (unnumbered last), then path.
fn episode_order(a: &Transcript, b: &Transcript) -> Ordering {
    // Borrowed: the sort compares tens of thousands of pairs in a large archive.
    fn key(t: &Transcript) -> (Option<&str>, u64) {
        (
            t.meta.show_name(),
            t.meta.episode_number().map_or(u64::MAX, u64::from),
        )
    }
    (key(a).cmp(&key(b))).then_with(|| a.meta.source_path.cmp(&b.meta.source_path))
}
