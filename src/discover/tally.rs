//! Scanning and merging: what each episode contributes to discovery, gathered in corpus order.
//!
//! This is the stage that reads text. Each episode is scanned on its own (any thread, any
//! order) into an [`EpisodeScan`] — its speakers, its capitalised and cued phrases, its
//! lower-case unknown words — and the scans are merged in corpus order into a
//! [`DiscoveryTally`], which keeps per-phrase counts and nothing of the text. It is apart from
//! the judging ([`super::candidates`]) because a build streams episodes through it batch by
//! batch and only judges once, at the end.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;

use super::candidates::find_candidates;
use super::phrases::{self, Known, Rule};
use super::{DiscoverOptions, Discovery, EpisodeInput, Snippet, people};
use crate::catalog::{Catalog, Kind, alias_key};

/// What discovery has gathered from the episodes read so far. Episodes are added in corpus
/// order, a batch at a time (each batch scanned in parallel), and reduced to their statistics as
/// they come, so that a build can discover over an archive without holding its transcripts:
/// memory follows the distinct phrases and speakers, not the text.
pub struct DiscoveryTally<'c> {
    catalog: &'c Catalog,
    options: DiscoverOptions,
    keys: foldhash::HashSet<String>,
    person_names: foldhash::HashSet<String>,
    speakers: people::SpeakerTally,
    phrases: BTreeMap<String, PhraseTally>,
    /// Keys of the shows named: a show's name is no candidate.
    shows: HashSet<String>,
    /// How often each word no dictionary has was said in lower case.
    lowercase: HashMap<String, usize>,
    episodes: usize,
    /// The [`copy_key`]s of the texts merged so far: 8 bytes an episode.
    texts: foldhash::HashSet<u64>,
    /// Keep snippets of evidence (for a candidates file; a build does not write them).
    snippets: bool,
}

impl<'c> DiscoveryTally<'c> {
    /// An empty tally for names `catalog` does not know; `snippets` keeps evidence snippets.
    pub fn new(catalog: &'c Catalog, options: DiscoverOptions, snippets: bool) -> Self {
        DiscoveryTally {
            keys: catalog_keys(catalog),
            person_names: person_name_keys(catalog),
            catalog,
            options,
            speakers: people::SpeakerTally::default(),
            phrases: BTreeMap::new(),
            shows: HashSet::new(),
            lowercase: HashMap::new(),
            episodes: 0,
            texts: foldhash::HashSet::default(),
            snippets,
        }
    }

    /// Adds the next episodes, in corpus order: scanned in parallel, merged in order.
    pub fn add(&mut self, inputs: &[EpisodeInput<'_>]) {
        let scans: Vec<EpisodeScan> = inputs.par_iter().map(|i| self.scan(i)).collect();
        for scan in scans {
            self.merge(scan);
        }
    }

    /// Reads one episode for what discovery needs of it (any thread, any order); the scan is
    /// then [merged](Self::merge) in corpus order. Its transcript can be let go in between.
    pub fn scan(&self, input: &EpisodeInput<'_>) -> EpisodeScan {
        let known = (&self.keys, &self.person_names);
        scan(known, &self.options, self.snippets, input)
    }

    /// A scanner apart from the tally, so that a batch can be scanned while the one before is
    /// merged.
    pub fn scanner(&self) -> Scanner {
        Scanner {
            keys: self.keys.clone(),
            person_names: self.person_names.clone(),
            options: self.options.clone(),
            snippets: self.snippets,
        }
    }

    /// Adds the next episode's scan.
    ///
    /// A copy of an earlier episode's text (its `copy_key`: a re-run or a cross-post under
    /// another show's name) adds its speakers and its show, but no evidence for names: the same
    /// sentence said in ten copies is one episode's evidence, not ten. Scans come in corpus
    /// order, so which copy counts does not depend on threads, and a merge of shards, which
    /// replays their scans in the same order, decides as one build does.
    pub fn merge(&mut self, scan: EpisodeScan) {
        let episode = self.episodes;
        self.episodes += 1;
        if self.options.speakers {
            self.speakers.add(scan.show.as_deref(), scan.speakers);
        }
        if let Some(show) = &scan.show {
            self.shows.insert(alias_key(show));
        }
        if let Some(key) = scan.copy_key
            && !self.texts.insert(key)
        {
            return;
        }
        for (word, n) in scan.lowercase {
            *self.lowercase.entry(word).or_default() += n;
        }
        for row in scan.rows {
            let p = self.phrases.entry(row.key).or_default();
            let t = row.tally;
            let n: u32 = t.by_rule.iter().sum();
            *p.forms.entry(row.form).or_default() += n as usize;
            for (total, &add) in p.by_rule.iter_mut().zip(&t.by_rule) {
                *total += add as usize;
            }
            if p.last_episode != Some(episode) {
                p.episodes += 1;
                p.last_episode = Some(episode);
            }
            if t.first.is_some() && p.firsts.len() < 3 && p.firsts.iter().all(|e| *e != episode) {
                p.firsts.push(episode);
                if let Some(text) = row.snippet {
                    p.snippets.push(Snippet {
                        episode: scan.id.clone(),
                        text,
                    });
                }
            }
        }
    }

    /// Judges what was gathered: the speakers and the ranked candidates.
    pub fn finish(self) -> Discovery {
        let speakers = if self.options.speakers {
            self.speakers.finish(self.catalog)
        } else {
            Vec::new()
        };
        let candidates = if self.options.names {
            find_candidates(
                self.catalog,
                &self.keys,
                self.phrases,
                &self.shows,
                &self.lowercase,
                &speakers,
                &self.options,
            )
        } else {
            Vec::new()
        };
        Discovery {
            speakers,
            candidates,
            catalog_keys: self.keys,
        }
    }
}

/// Scans episodes as [`DiscoveryTally::scan`] does, owning what it needs
/// ([`DiscoveryTally::scanner`]).
pub struct Scanner {
    keys: foldhash::HashSet<String>,
    person_names: foldhash::HashSet<String>,
    options: DiscoverOptions,
    snippets: bool,
}

impl Scanner {
    /// Reads one episode for what discovery needs of it.
    pub fn scan(&self, input: &EpisodeInput<'_>) -> EpisodeScan {
        let known = (&self.keys, &self.person_names);
        scan(known, &self.options, self.snippets, input)
    }
}

fn scan(
    (keys, person_names): (&foldhash::HashSet<String>, &foldhash::HashSet<String>),
    options: &DiscoverOptions,
    snippets: bool,
    input: &EpisodeInput<'_>,
) -> EpisodeScan {
    let speakers = if options.speakers {
        people::episode_speakers(input.transcript)
    } else {
        Vec::new()
    };
    let mut scan = if options.names {
        let is_known = |lower: &str| keys.contains(lower);
        let known_as = |lower: &str| {
            if person_names.contains(lower) {
                Known::PersonName
            } else if keys.contains(lower) {
                Known::Name
            } else {
                Known::No
            }
        };
        let mut scan = scan_episode(input, &known_as, snippets);
        // What the catalog knows is no candidate, however it is spelled ("C-Python"): dropped
        // here, on the worker, rather than in the single-threaded merge.
        scan.rows.retain(|row| {
            !is_known(&row.key) && !compact_key(&row.key).is_some_and(|k| is_known(&k))
        });
        scan
    } else {
        EpisodeScan::default()
    };
    scan.id = input.id.to_owned();
    scan.show = input.show.map(str::to_owned);
    scan.speakers = speakers;
    scan
}

/// What discovery keeps of one episode ([`DiscoveryTally::scan`]): its id and show, the people
/// who speak in it, its phrases (sorted), and its lower-case words no dictionary has, counted.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct EpisodeScan {
    id: String,
    show: Option<String>,
    speakers: Vec<people::EpisodeSpeaker>,
    rows: Vec<PhraseRow>,
    lowercase: Vec<(String, usize)>,
    /// What tells a copy of another episode's text ([`copy_key`]); `None` for a text too
    /// short to tell.
    copy_key: Option<u64>,
}

/// One phrase form in one episode.
#[derive(serde::Serialize, serde::Deserialize)]
struct PhraseRow {
    key: String,
    form: String,
    tally: phrases::FormTally,
    /// The text around its first occurrence, if snippets are kept.
    snippet: Option<String>,
}

fn scan_episode(
    input: &EpisodeInput<'_>,
    known: &dyn Fn(&str) -> Known,
    snippets: bool,
) -> EpisodeScan {
    let text = input.transcript.text();
    let mut tally = phrases::EpisodeTally::default();
    phrases::capitalised_phrases(text, known, |o| tally.add(o));
    phrases::cued_names(text, |o| tally.add(o));
    phrases::named_before_role(text, |o| tally.add(o));
    let mut rows: Vec<PhraseRow> = tally
        .forms
        .into_iter()
        .map(|(form, t)| PhraseRow {
            key: alias_key(form),
            form: form.to_owned(),
            snippet: t
                .first
                .clone()
                .filter(|_| snippets)
                .map(|span| snippet(text, span)),
            tally: t,
        })
        .collect();
    if let Some(title) = input.title {
        for name in phrases::title_names(title) {
            let mut t = phrases::FormTally::default();
            t.by_rule[Rule::Title as usize] = 1;
            rows.push(PhraseRow {
                key: alias_key(name),
                form: name.to_owned(),
                tally: t,
                snippet: None,
            });
        }
    }
    rows.sort_by(|a, b| (&a.key, &a.form).cmp(&(&b.key, &b.form)));
    EpisodeScan {
        rows,
        lowercase: phrases::unknown_lowercase_counts(text)
            .into_iter()
            .map(|(w, n)| (w.to_owned(), n))
            .collect(),
        copy_key: copy_key(text),
        ..EpisodeScan::default()
    }
}

/// The fewest words in lower case a text needs for [`copy_key`] to tell copies: below it,
/// short texts ("Thanks!") would pass for copies of each other.
const COPY_KEY_MIN_WORDS: usize = 200;

/// The longest word, in bytes, [`copy_key`] reads: the words of grammar, rarely a name.
const COPY_KEY_WORD_LEN: usize = 4;

/// A fingerprint of the short words of `text` that start in lower case (at most
/// [`COPY_KEY_WORD_LEN`] letters: "the", "and", "so", "that"), in order. Two copies of one
/// episode's text that differ only in names, as a re-run or a cross-post says another show's
/// name ("This is Talk Python" for "This is Python Bytes"), have the same; any two episodes of
/// their own differ in the order of their hundreds of little words. `None` below
/// [`COPY_KEY_MIN_WORDS`] such words. `O(n)` in the text's length, no allocation.
fn copy_key(text: &str) -> Option<u64> {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = foldhash::quality::FixedState::with_seed(0x636f_7079).build_hasher();
    let mut words = 0;
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        if word.len() <= COPY_KEY_WORD_LEN && word.starts_with(|c: char| c.is_lowercase()) {
            hasher.write(word.as_bytes());
            hasher.write_u8(0xff);
            words += 1;
        }
    }
    (words >= COPY_KEY_MIN_WORDS).then(|| hasher.finish())
}

/// Every alias of the catalog, by key, and by its key without separators (so "C-Python" is
/// known as CPython); words of multi-word aliases are not included.
pub(super) fn catalog_keys(catalog: &Catalog) -> foldhash::HashSet<String> {
    catalog
        .entities()
        .iter()
        .flat_map(|e| {
            e.aliases
                .iter()
                .chain(&e.ambiguous_aliases)
                .chain(std::iter::once(&e.name))
        })
        .flat_map(|a| {
            let key = alias_key(a);
            let compact = compact_key(&key);
            std::iter::once(key).chain(compact)
        })
        .collect()
}

/// The keys of catalog people's bare given names and surnames (their ambiguous aliases of one
/// word) that nothing else in the catalog is called: other people share them.
pub(super) fn person_name_keys(catalog: &Catalog) -> foldhash::HashSet<String> {
    let mut names = foldhash::HashSet::default();
    let mut others = foldhash::HashSet::default();
    for e in catalog.entities() {
        if e.kind == Kind::Person {
            let bare = e.ambiguous_aliases.iter().filter(|a| !a.contains(' '));
            names.extend(bare.map(|a| alias_key(a)));
        } else {
            let all = e.aliases.iter().chain(&e.ambiguous_aliases);
            others.extend(all.chain(std::iter::once(&e.name)).map(|a| alias_key(a)));
        }
    }
    names.retain(|n| !others.contains(n));
    names
}

/// A key without the separators speech-to-text and writers vary ("c-python", "c python",
/// "cpython"), if it has any.
pub(super) fn compact_key(key: &str) -> Option<String> {
    let is_separator = |c: char| matches!(c, ' ' | '-' | '_' | '.');
    key.contains(is_separator)
        .then(|| key.chars().filter(|&c| !is_separator(c)).collect())
}

/// Tallies of one phrase (by key) across the corpus.
#[derive(Clone, Default)]
pub(super) struct PhraseTally {
    pub(super) forms: BTreeMap<String, usize>,
    pub(super) by_rule: [usize; phrases::RULES],
    /// In how many episodes, and the last one (episodes come in order).
    pub(super) episodes: usize,
    last_episode: Option<usize>,
    /// The first three episodes it occurs in, and snippets from them if kept.
    firsts: Vec<usize>,
    pub(super) snippets: Vec<Snippet>,
}

/// About 100 characters of `text` around `span`, on one line.
fn snippet(text: &str, span: Range<usize>) -> String {
    let mut start = span.start.saturating_sub(50);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end + 50).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let mut s: String = text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if start > 0 {
        s.insert(0, '…');
    }
    if end < text.len() {
        s.push('…');
    }
    s
}
