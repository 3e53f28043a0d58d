//! The duplicate rule: which copy of an episode is kept, and what the others still give it.
//!
//! The same episode often arrives in several files (see [the module doc](super)). Copies are
//! grouped as they are read ([`EarlyKey`]) and again once shows are settled; each group keeps
//! its richest copy whole ([`Copies`]), reduces the others to the metadata they may still give
//! ([`SetAside`]), and when settled fills the kept copy's gaps and reports a [`Duplicate`]. The
//! rule is apart from the reading so that which copy wins can be read, and changed, in one
//! place; it does not depend on the order copies arrive in.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::transcript::{MetaField, MetaSource, Sourced, Transcript, Warning, WarningKind};

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

/// How much structure a transcript has, for choosing among copies of one episode: shares of
/// segments with a speaker, a start and an end time (in thousandths, so that a few missing cues
/// do not outweigh a whole kind of structure), then the amount of text.
type Richness = (usize, usize, usize, usize);

/// The same for a whole transcript and for its outline, which keeps the counts: a build plans
/// from outlines, some of them read back from its cache.
fn richness(t: &Transcript) -> Richness {
    let n = t.segment_count().max(1);
    let share = |count: usize| count * 1000 / n;
    let structure = t.structure();
    (
        share(structure.with_speaker),
        share(structure.with_start),
        share(structure.with_end),
        t.text_len(),
    )
}

/// A copy of an episode that was set aside: what is kept of it to fill the kept one's gaps.
pub(super) struct SetAside {
    path: PathBuf,
    richness: Richness,
    pub(super) title: Option<Sourced<String>>,
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
pub(super) struct Copies {
    pub(super) kept: Transcript,
    richness: Richness,
    pub(super) others: Vec<SetAside>,
}

impl Copies {
    pub(super) fn new(t: Transcript) -> Copies {
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
    pub(super) fn absorb(mut self, mut other: Copies) -> Copies {
        if other.prefers(&self) {
            std::mem::swap(&mut self, &mut other);
        }
        self.others.append(&mut other.others);
        self.others.push(SetAside::of(other.kept, other.richness));
        self
    }

    /// The kept transcript, its gaps filled from the others, and the merge to report.
    pub(super) fn settle(mut self) -> (Transcript, Option<Duplicate>) {
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
pub(super) enum EarlyKey {
    Numbered(PathBuf, String, MetaSource, u32),
    Stem(PathBuf, std::ffi::OsString),
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

#[cfg(test)]
mod tests {
    use crate::corpus::load;
    use crate::corpus::tests::write;
    use crate::transcript::{Format, MetaSource, ParseOptions};

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
}
