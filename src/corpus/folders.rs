//! Folders: what the transcripts of one folder agree on about their show and titles.
//!
//! A folder usually holds one show. Where speech names no show, or names another (a crossover,
//! a misheard intro), the show most of the folder's transcripts name wins ([`FolderVotes`]);
//! file names that share a prefix (`the-changelog-12.md`) settle how it is spelled, and
//! file-name "titles" that are only the show's name or a shared slug are dropped. Apart from
//! the reading because these rules look across a folder's files, after all are read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::duplicates::Copies;
use crate::transcript::{MetaSource, Sourced, Transcript, Warning, WarningKind};

pub(super) fn folder(t: &Transcript) -> PathBuf {
    parent(t).to_owned()
}

/// [`folder`], borrowed.
fn parent(t: &Transcript) -> &Path {
    t.meta.source_path.parent().unwrap_or(Path::new(""))
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
pub(super) struct FolderVotes {
    /// Per show key, how many transcripts name it and how each spelling was written.
    shows: BTreeMap<String, (usize, BTreeMap<String, usize>)>,
    voters: usize,
    /// What file names have before their episode number (`the-changelog-12.md`), by how many.
    name_prefixes: BTreeMap<String, usize>,
}

impl FolderVotes {
    /// Notes the words a file name puts before a trailing episode number.
    pub(super) fn add_file_name(&mut self, path: &Path) {
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

    pub(super) fn add(&mut self, show: &str) {
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

/// Settles the show of a transcript with the show its folder agrees on (see
/// [`FolderVotes::consensus`]).
///
/// Some episodes open with an announcement instead of the show's name: they take the folder's
/// show. Crossover episodes name another show ("we recorded this as a Talk Python To Me
/// episode"), and an intro may be misheard: a show that only one or two transcripts of the folder
/// name, said rather than written in a header, gives way to the folder's. A show many of them
/// name is a second show in the same folder and stays.
pub(super) fn apply_folder_vote(t: &mut Transcript, votes: &BTreeMap<PathBuf, FolderVotes>) {
    let Some(folder_votes) = votes.get(parent(t)) else {
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
pub(super) fn drop_titles_that_are_not_titles(episodes: &mut [Copies]) {
    let file_title = |t: &Transcript| {
        t.meta
            .title
            .as_ref()
            .filter(|title| title.source == MetaSource::FileName)
            .map(|title| show_key(&title.value))
    };
    // Decided first, folders borrowed from the episodes (a map of thousands of owned paths
    // costs more than the rest), then applied.
    let titles: Vec<Option<String>> = episodes.iter().map(|c| file_title(&c.kept)).collect();
    let mut shared: foldhash::HashMap<(&Path, &str), usize> = foldhash::HashMap::default();
    for (copies, title) in episodes.iter().zip(&titles) {
        if let Some(title) = title {
            *shared.entry((parent(&copies.kept), title)).or_default() += 1;
        }
    }
    let drop: Vec<bool> = (episodes.iter().zip(&titles))
        .map(|(copies, title)| {
            title.as_deref().is_some_and(|title| {
                let t = &copies.kept;
                let is_show = t
                    .meta
                    .show_name()
                    .is_some_and(|show| show_key(show) == title);
                is_show || shared[&(parent(t), title)] >= 3
            })
        })
        .collect();
    for (copies, _) in episodes.iter_mut().zip(drop).filter(|(_, drop)| *drop) {
        copies.kept.meta.title = None;
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

#[cfg(test)]
mod tests {
    use crate::corpus::tests::write;
    use crate::corpus::{episode_id, load};
    use crate::transcript::{MetaSource, ParseOptions, WarningKind};

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
}
