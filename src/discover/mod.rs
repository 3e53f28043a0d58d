//! Discovery: the people and things a corpus names that the catalog does not know.
//!
//! A catalog knows what its authors knew. Any other show talks about its own guests and its own
//! subjects, so podgraph also learns from the transcripts themselves, in two ways:
//!
//! - **People who speak** ([`people`]): every speaker label is a person, a host if they speak
//!   across many of a show's episodes, else a guest.
//! - **Names the speech introduces** ([`phrases`]): recurring capitalised phrases inside
//!   sentences made of words no dictionary has ("Vitess", "PlanetScale", "Jim Pivarski"), names
//!   after cues ("my guest today is", "a library called", "pip install"), and names in episode
//!   titles. The package registries' lists ([`words`]) give a candidate's kind and spelling.
//!
//! Every candidate carries its evidence — how often and in how many episodes it is said, which
//! rules found it, a few snippets — and a confidence in `[0, 1]` computed from that evidence.
//! [`Discovery::to_toml`] writes the candidates as a catalog file with the evidence as comments,
//! for a person to review and pass back with `--catalog`; [`Discovery::extend`] adds the
//! confident ones to a catalog (the same text, parsed by the same loader, so what `build` adds
//! and what `discover` writes cannot differ). Added entities carry the tag `discovered`.
//!
//! # What it will not discover
//!
//! Ordinary words, whatever their case: a phrase must hold a word outside the dictionary, or be
//! a given name and a surname, or be named by a cue or a registry. Sentence-initial capitals: a
//! name said only at the start of sentences is not counted. Anything the catalog already knows,
//! by any alias.
//!
//! # Cost
//!
//! One pass over each transcript (in parallel across episodes), hash-map updates per
//! capitalised run, and a merge in episode order: `O(n)` in the corpus, memory in the number of
//! distinct capitalised phrases. Deterministic: candidates are sorted by confidence, then name.

pub mod people;
pub mod phrases;
pub mod words;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::catalog::{Catalog, CatalogBuilder, CatalogError, Entity, Kind, alias_key};
use crate::transcript::Transcript;

pub use people::{Role, Speaker};
pub use phrases::Rule;

/// The tag on every entity discovery adds.
pub const DISCOVERED_TAG: &str = "discovered";

/// The file name discovered entities are said to come from (in messages and origins).
pub const DISCOVERED_FILE: &str = "<discovered>.toml";

/// One episode as discovery reads it.
#[derive(Clone, Copy, Debug)]
pub struct EpisodeInput<'a> {
    /// The episode's id (in evidence).
    pub id: &'a str,
    /// Its show, if known (hosts are decided per show).
    pub show: Option<&'a str>,
    /// Its title, if known.
    pub title: Option<&'a str>,
    /// Its transcript.
    pub transcript: &'a Transcript,
}

impl<'a> EpisodeInput<'a> {
    /// One transcript with its episode record.
    pub fn of(transcript: &'a Transcript, record: &'a crate::corpus::EpisodeRecord) -> Self {
        EpisodeInput {
            id: &record.id,
            show: record.show.as_ref().map(|s| s.value.as_str()),
            title: record.title.as_ref().map(|t| t.value.as_str()),
            transcript,
        }
    }

    /// The inputs for a loaded corpus: each transcript with its episode record.
    pub fn from_corpus(
        transcripts: &'a [Transcript],
        records: &'a [crate::corpus::EpisodeRecord],
    ) -> Vec<EpisodeInput<'a>> {
        transcripts
            .iter()
            .zip(records)
            .map(|(transcript, record)| EpisodeInput::of(transcript, record))
            .collect()
    }
}

/// What discovery looks for and how sure it must be.
#[derive(Clone, Debug)]
pub struct DiscoverOptions {
    /// Add speakers as people.
    pub speakers: bool,
    /// Look for names the catalog lacks.
    pub names: bool,
    /// A name must be said in at least this many episodes (a cue or a title counts as one).
    pub min_episodes: usize,
    /// A name must be said at least this often.
    pub min_mentions: usize,
    /// [`Discovery::extend`] adds candidates at least this confident.
    pub min_confidence: f64,
}

impl Default for DiscoverOptions {
    fn default() -> Self {
        DiscoverOptions {
            speakers: true,
            names: true,
            min_episodes: 2,
            min_mentions: 3,
            min_confidence: 0.7,
        }
    }
}

/// A snippet of evidence: the episode and the words around an occurrence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The episode's id.
    pub episode: String,
    /// The text around the occurrence, on one line.
    pub text: String,
}

/// A name the corpus introduces, with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// The proposed entity id.
    pub id: String,
    /// The spelling used most (or the registry's).
    pub name: String,
    /// The guessed kind.
    pub kind: Kind,
    /// Every spelling seen, most frequent first.
    pub forms: Vec<String>,
    /// How often it was said (all rules).
    pub count: usize,
    /// In how many episodes.
    pub episodes: usize,
    /// Which rules found it.
    pub rules: Vec<&'static str>,
    /// The registry listing it, as "PyPI `name` (rank N)".
    pub registry: Option<String>,
    /// The person (of the catalog, or who speaks) this is a speech-to-text spelling of ("Erik
    /// Bernhardson" for Erik Bernhardsson), by name: an alias of that person, not a new entity.
    pub variant_of: Option<String>,
    /// How often its single word was said in lower case, as an ordinary word ("frontend").
    pub lowercase: usize,
    /// How sure discovery is, in `[0, 1]`.
    pub confidence: f64,
    /// Up to three occurrences.
    pub snippets: Vec<Snippet>,
}

/// What discovery found in a corpus.
#[derive(Clone, Debug, Default)]
pub struct Discovery {
    /// Every person who speaks.
    pub speakers: Vec<Speaker>,
    /// Names the catalog lacks, most confident first.
    pub candidates: Vec<Candidate>,
    /// The catalog's alias keys, computed once for discovery and again needed to write.
    catalog_keys: foldhash::HashSet<String>,
}

/// Reads `inputs` for speakers and names `catalog` does not know, with snippets of evidence.
pub fn discover(
    catalog: &Catalog,
    inputs: &[EpisodeInput<'_>],
    options: &DiscoverOptions,
) -> Discovery {
    let mut tally = DiscoveryTally::new(catalog, options.clone(), true);
    tally.add(inputs);
    tally.finish()
}

/// What discovery has gathered from the episodes read so far. Episodes are added in corpus
/// order, a batch at a time (each batch scanned in parallel), and reduced to their statistics as
/// they come, so that a build can discover over an archive without holding its transcripts:
/// memory follows the distinct phrases and speakers, not the text.
pub struct DiscoveryTally<'c> {
    catalog: &'c Catalog,
    options: DiscoverOptions,
    keys: foldhash::HashSet<String>,
    speakers: people::SpeakerTally,
    phrases: BTreeMap<String, PhraseTally>,
    /// Keys of the shows named: a show's name is no candidate.
    shows: HashSet<String>,
    /// How often each word no dictionary has was said in lower case.
    lowercase: HashMap<String, usize>,
    episodes: usize,
    /// Keep snippets of evidence (for a candidates file; a build does not write them).
    snippets: bool,
}

impl<'c> DiscoveryTally<'c> {
    /// An empty tally for names `catalog` does not know; `snippets` keeps evidence snippets.
    pub fn new(catalog: &'c Catalog, options: DiscoverOptions, snippets: bool) -> Self {
        DiscoveryTally {
            keys: catalog_keys(catalog),
            catalog,
            options,
            speakers: people::SpeakerTally::default(),
            phrases: BTreeMap::new(),
            shows: HashSet::new(),
            lowercase: HashMap::new(),
            episodes: 0,
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
        scan(&self.keys, &self.options, self.snippets, input)
    }

    /// A scanner apart from the tally, so that a batch can be scanned while the one before is
    /// merged.
    pub fn scanner(&self) -> Scanner {
        Scanner {
            keys: self.keys.clone(),
            options: self.options.clone(),
            snippets: self.snippets,
        }
    }

    /// Adds the next episode's scan.
    pub fn merge(&mut self, scan: EpisodeScan) {
        let episode = self.episodes;
        self.episodes += 1;
        if self.options.speakers {
            self.speakers.add(scan.show.as_deref(), scan.speakers);
        }
        if let Some(show) = &scan.show {
            self.shows.insert(alias_key(show));
        }
        for (word, n) in scan.lowercase {
            *self.lowercase.entry(word).or_default() += n;
        }
        for row in scan.rows {
            if self.keys.contains(&row.key) {
                continue;
            }
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
    options: DiscoverOptions,
    snippets: bool,
}

impl Scanner {
    /// Reads one episode for what discovery needs of it.
    pub fn scan(&self, input: &EpisodeInput<'_>) -> EpisodeScan {
        scan(&self.keys, &self.options, self.snippets, input)
    }
}

fn scan(
    keys: &foldhash::HashSet<String>,
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
        scan_episode(input, &is_known, snippets)
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
#[derive(Default)]
pub struct EpisodeScan {
    id: String,
    show: Option<String>,
    speakers: Vec<people::EpisodeSpeaker>,
    rows: Vec<PhraseRow>,
    lowercase: Vec<(String, usize)>,
}

/// One phrase form in one episode.
struct PhraseRow {
    key: String,
    form: String,
    tally: phrases::FormTally,
    /// The text around its first occurrence, if snippets are kept.
    snippet: Option<String>,
}

fn scan_episode(
    input: &EpisodeInput<'_>,
    is_known: &dyn Fn(&str) -> bool,
    snippets: bool,
) -> EpisodeScan {
    let text = input.transcript.text();
    let mut tally = phrases::EpisodeTally::default();
    phrases::capitalised_phrases(text, is_known, |o| tally.add(o));
    phrases::cued_names(text, |o| tally.add(o));
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
        ..EpisodeScan::default()
    }
}

/// Every alias of the catalog, by key; words of multi-word aliases are not included.
fn catalog_keys(catalog: &Catalog) -> foldhash::HashSet<String> {
    catalog
        .entities()
        .iter()
        .flat_map(|e| {
            e.aliases
                .iter()
                .chain(&e.ambiguous_aliases)
                .chain(std::iter::once(&e.name))
        })
        .map(|a| alias_key(a))
        .collect()
}

/// Tallies of one phrase (by key) across the corpus.
#[derive(Default)]
struct PhraseTally {
    forms: BTreeMap<String, usize>,
    by_rule: [usize; phrases::RULES],
    /// In how many episodes, and the last one (episodes come in order).
    episodes: usize,
    last_episode: Option<usize>,
    /// The first three episodes it occurs in, and snippets from them if kept.
    firsts: Vec<usize>,
    snippets: Vec<Snippet>,
}

/// The names the episodes introduce that neither the catalog nor the speakers account for,
/// judged and ranked.
fn find_candidates(
    catalog: &Catalog,
    known: &foldhash::HashSet<String>,
    phrases: BTreeMap<String, PhraseTally>,
    shows: &HashSet<String>,
    lowercase: &HashMap<String, usize>,
    speakers: &[Speaker],
    options: &DiscoverOptions,
) -> Vec<Candidate> {
    let mut taken = known.clone();
    for s in speakers {
        taken.insert(alias_key(&s.name));
        taken.extend(s.spellings.iter().map(|n| alias_key(n)));
        // "Jerod" alone is the speaker Jerod Santo, not a new name.
        taken.extend(s.name.split_whitespace().map(alias_key));
    }
    let mut candidates: Vec<Candidate> = phrases
        .into_iter()
        .filter(|(key, _)| !taken.contains(key) && !shows.contains(key))
        .filter_map(|(key, p)| judge(&key, p, options))
        .collect();
    drop_ordinary_words(&mut candidates, lowercase);
    mark_person_variants(&mut candidates, catalog, speakers);
    // "Hykes" alone is Solomon Hykes's surname, "Satya" a first name: a single word that is part
    // of a person candidate is that person, not a name of its own.
    let name_parts: HashSet<String> = candidates
        .iter()
        .filter(|c| c.kind == Kind::Person)
        .flat_map(|c| c.name.split_whitespace().map(alias_key).collect::<Vec<_>>())
        .collect();
    candidates.retain(|c| c.name.contains(' ') || !name_parts.contains(&alias_key(&c.name)));
    // Two candidates may propose the same id ("Node-RED", "NodeRed"): the more confident keeps it.
    candidates.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut ids: HashSet<String> = catalog.entities().iter().map(|e| e.id.clone()).collect();
    candidates.retain(|c| ids.insert(c.id.clone()));
    candidates
}

/// Drops one-word candidates that the corpus also says in lower case, as ordinary words
/// ("Frontend", "Coder", "Nah": words no dictionary lists but speech uses), unless a cue or an
/// install command named them. A name is written capitalised nearly always; one fifth of its
/// uses in lower case (and at least two) makes it a word. `lowercase` counts the words no
/// dictionary has as the episodes said them in lower case ([`phrases::unknown_lowercase_counts`]).
fn drop_ordinary_words(candidates: &mut Vec<Candidate>, lowercase: &HashMap<String, usize>) {
    for c in candidates.iter_mut() {
        if !c.name.contains(' ') {
            c.lowercase = lowercase.get(&c.name.to_lowercase()).copied().unwrap_or(0);
        }
    }
    candidates.retain(|c| {
        let cued = c.rules.iter().any(|r| {
            *r == Rule::GuestCue.name()
                || *r == Rule::ThingCue.name()
                || *r == Rule::OrgCue.name()
                || *r == Rule::InstallCue.name()
        });
        cued || c.lowercase < 2 || c.lowercase * 5 < c.count
    });
}

/// Marks person candidates that are another spelling of a catalog person or a speaker: a given
/// name the same or one letter off ("Brian" for Bryan) and a misheard surname
/// ([`people::is_misheard`]).
fn mark_person_variants(candidates: &mut [Candidate], catalog: &Catalog, speakers: &[Speaker]) {
    // Grouped by the given name's first letter, which speech-to-text keeps.
    let mut by_initial: HashMap<char, Vec<(String, String, &str)>> = HashMap::new();
    let people = catalog
        .entities()
        .iter()
        .filter(|e| e.kind == Kind::Person)
        .map(|e| e.name.as_str())
        .chain(speakers.iter().map(|s| s.name.as_str()));
    for name in people {
        if let [first, .., last] = name.split_whitespace().collect::<Vec<_>>()[..] {
            let first = first.to_lowercase();
            let Some(initial) = first.chars().next() else {
                continue;
            };
            by_initial
                .entry(initial)
                .or_default()
                .push((first, last.to_lowercase(), name));
        }
    }
    for c in candidates.iter_mut().filter(|c| c.kind == Kind::Person) {
        let [first, .., last] = c.name.split_whitespace().collect::<Vec<_>>()[..] else {
            continue;
        };
        let (first, last) = (first.to_lowercase(), last.to_lowercase());
        let Some(initial) = first.chars().next() else {
            continue;
        };
        let close = by_initial.get(&initial).and_then(|people| {
            let mut close = people
                .iter()
                .filter(|(given, surname, _)| {
                    people::edit_distance(&first, given) <= 1 && people::is_misheard(&last, surname)
                })
                .map(|(_, _, name)| alias_key(name));
            // Two people it could be: it is neither for sure.
            match (close.next(), close.next()) {
                (Some(name), None) => Some(name),
                (Some(a), Some(b)) if a == b => Some(a),
                _ => None,
            }
        });
        c.variant_of = close;
    }
}

/// Decides whether a phrase is a candidate, and how confident discovery is in it.
fn judge(key: &str, p: PhraseTally, options: &DiscoverOptions) -> Option<Candidate> {
    let rule = |r: Rule| p.by_rule[r as usize];
    let cued =
        rule(Rule::GuestCue) + rule(Rule::ThingCue) + rule(Rule::OrgCue) + rule(Rule::InstallCue);
    let said = rule(Rule::Capitalised) + cued;
    let spoken_episodes = p.episodes;
    let mut forms: Vec<(String, usize)> = p.forms.into_iter().collect();
    forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let top = forms[0].0.clone();
    let tokens: Vec<&str> = top.split_whitespace().collect();
    let unknown_word = tokens.iter().any(|w| !words::is_known_word(w));
    let mixed = tokens.iter().any(|w| phrases::is_mixed_case(w));
    let acronym = tokens.len() == 1 && top.chars().all(|c| !c.is_lowercase());
    let person_shape = (2..=3).contains(&tokens.len())
        && words::is_first_name(tokens[0])
        && tokens[1..].iter().all(|w| words::may_be_surname(w));
    // A surname that is also a word ("Kevin Plank", "Steve Jobs") is a person only after a given
    // name that is not a word itself ("Will Power" is not), as a capitalised word mid-sentence.
    let worded_person = !person_shape
        && tokens.len() == 2
        && rule(Rule::Capitalised) > 0
        && words::is_first_name(tokens[0])
        && !words::is_english(tokens[0])
        && words::may_be_worded_surname(tokens[1]);
    let person_shape = person_shape || worded_person;
    let registry = (tokens.len() == 1)
        .then(|| words::registry_lookup(&top))
        .flatten();
    if !(unknown_word || person_shape || cued > 0 || registry.is_some() && mixed) {
        return None;
    }
    // A full name said once is still a person ("John Carmack", "Charles Darwin"); anything else
    // must recur.
    let full_name = person_shape;
    if said < options.min_mentions && cued == 0 && !full_name {
        return None;
    }
    // A name one episode keeps saying is that episode's subject ("Outerbounds", said by its CEO).
    let recurs_in_episode = spoken_episodes == 1 && said >= options.min_mentions && unknown_word;
    if spoken_episodes < options.min_episodes
        && cued == 0
        && rule(Rule::Title) == 0
        && !full_name
        && !recurs_in_episode
    {
        return None;
    }
    let kind = if rule(Rule::GuestCue) > 0 || person_shape {
        Kind::Person
    } else if rule(Rule::InstallCue) > 0 {
        Kind::Package
    } else if rule(Rule::OrgCue) > rule(Rule::ThingCue) {
        // "the CEO of Outerbounds", "a startup called Single Store", "I worked at Cloudera".
        Kind::Organization
    } else if registry.is_some() {
        Kind::Package
    } else if tokens.last().is_some_and(|w| ORG_WORDS.contains(w)) {
        Kind::Organization
    } else {
        Kind::Software
    };
    let mut confidence: f64 = 0.0;
    if unknown_word {
        confidence += 0.35;
    }
    if mixed {
        confidence += 0.15;
    }
    if person_shape {
        confidence += 0.25;
    }
    if full_name {
        confidence += 0.1;
    }
    if full_name && !unknown_word {
        // Every word a known name: a person when the surname is only a surname ("Charles
        // Darwin"); two given names ("Seth Michael", "Lee Anthony") are often two people or a
        // middle name, so those are shown for review, not added.
        let surname_only = !tokens[1..].iter().any(|w| words::is_first_name(w));
        confidence += if surname_only { 0.35 } else { 0.2 };
    }
    if spoken_episodes >= 2 {
        confidence += 0.15;
    }
    if recurs_in_episode {
        confidence += 0.15;
    }
    if spoken_episodes >= 3 {
        confidence += 0.1;
    }
    if spoken_episodes >= 5 {
        confidence += 0.05;
    }
    if said >= 5 {
        confidence += 0.1;
    }
    if said >= 15 {
        confidence += 0.1;
    }
    if cued > 0 {
        confidence += 0.3;
    }
    if registry.is_some() {
        confidence += 0.15;
    }
    if rule(Rule::Title) > 0 {
        confidence += 0.1;
    }
    if acronym && registry.is_none() && cued == 0 {
        // Short acronyms are mostly generic terms (LLM, GPU): shown for review, never added.
        confidence = confidence.min(options.min_confidence - 0.05);
    }
    let confidence = (confidence.min(1.0) * 100.0).round() / 100.0;
    let name = match registry {
        Some(r) if r.name.chars().any(char::is_uppercase) => r.name.to_owned(),
        _ => top,
    };
    let rules: Vec<&'static str> = [
        Rule::Capitalised,
        Rule::GuestCue,
        Rule::ThingCue,
        Rule::OrgCue,
        Rule::InstallCue,
        Rule::Title,
    ]
    .into_iter()
    .filter(|&r| rule(r) > 0)
    .map(Rule::name)
    .collect();
    Some(Candidate {
        id: slug(key),
        name,
        kind,
        forms: forms.into_iter().map(|(f, _)| f).collect(),
        count: said,
        episodes: spoken_episodes,
        rules,
        registry: registry.map(|r| format!("{} `{}` (rank {})", r.registry.name(), r.name, r.rank)),
        variant_of: None,
        lowercase: 0,
        confidence,
        snippets: p.snippets,
    })
}

/// Last words that name an organisation.
const ORG_WORDS: &[&str] = &[
    "Inc",
    "Labs",
    "Foundation",
    "Corp",
    "Corporation",
    "Company",
    "Institute",
    "University",
    "Group",
    "Technologies",
    "Systems",
    "Ventures",
    "Capital",
    "Consortium",
    "Lab",
    "Partners",
    "Agency",
];

/// An id from a name: lower-case ASCII letters and digits joined by `-`.
fn slug(name: &str) -> String {
    let folded = crate::transcript::text::fold_str(name).to_lowercase();
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "discovered".to_owned()
    } else {
        out
    }
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

/// An entity to write, with the comments above it.
struct Proposal {
    comments: Vec<String>,
    id: String,
    name: String,
    kind: Kind,
    aliases: Vec<String>,
    ambiguous_aliases: Vec<String>,
    context: Vec<String>,
    exclude: Vec<String>,
    case_sensitive: Vec<String>,
    pypi: Option<String>,
    homepage: Option<String>,
    description: Option<String>,
    tags: Vec<String>,
}

impl Proposal {
    fn from_entity(e: &Entity) -> Proposal {
        Proposal {
            comments: Vec::new(),
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind,
            aliases: e.aliases.clone(),
            ambiguous_aliases: e.ambiguous_aliases.clone(),
            context: e.context.clone(),
            exclude: e.exclude.clone(),
            case_sensitive: e.case_sensitive.clone(),
            pypi: e.pypi.clone(),
            homepage: e.homepage.clone(),
            description: e.description.clone(),
            tags: e.tags.clone(),
        }
    }

    fn write(&self, out: &mut String) {
        for c in &self.comments {
            for line in c.lines() {
                let _ = writeln!(out, "# {line}");
            }
        }
        // Written by hand, not through a TOML serialiser: a few hundred entities a build, and
        // a JSON string literal is a valid TOML basic string.
        let string = |s: &str| serde_json::to_string(s).expect("strings serialise");
        out.push_str("[[entity]]\n");
        let mut field = |key: &str, value: String| {
            let _ = writeln!(out, "{key} = {value}");
        };
        field("id", string(&self.id));
        field("name", string(&self.name));
        field("kind", string(self.kind.name()));
        for (key, list) in [
            ("aliases", &self.aliases),
            ("ambiguous_aliases", &self.ambiguous_aliases),
            ("context", &self.context),
            ("exclude", &self.exclude),
            ("case_sensitive", &self.case_sensitive),
        ] {
            if !list.is_empty() {
                let items: Vec<String> = list.iter().map(|a| string(a)).collect();
                field(key, format!("[{}]", items.join(", ")));
            }
        }
        for (key, value) in [
            ("pypi", &self.pypi),
            ("homepage", &self.homepage),
            ("description", &self.description),
        ] {
            if let Some(value) = value {
                field(key, string(value));
            }
        }
        if !self.tags.is_empty() {
            let items: Vec<String> = self.tags.iter().map(|a| string(a)).collect();
            field("tags", format!("[{}]", items.join(", ")));
        }
        out.push('\n');
    }
}

impl Discovery {
    /// The discovered entities as a catalog file: people who speak first (in name order), then
    /// candidates at least `min_confidence` sure, most confident first, each with its evidence
    /// as comments.
    pub fn to_toml(&self, catalog: &Catalog, min_confidence: f64) -> String {
        let mut out = String::new();
        let proposals = self.proposals(catalog, min_confidence);
        for p in &proposals {
            p.write(&mut out);
        }
        out
    }

    fn proposals(&self, catalog: &Catalog, min_confidence: f64) -> Vec<Proposal> {
        let mut proposals = Vec::new();
        let mut ids: HashSet<String> = catalog.entities().iter().map(|e| e.id.clone()).collect();
        // Keys of the catalog discovery ran against; another catalog's are computed afresh.
        let mut claimed = if self.catalog_keys.is_empty() {
            catalog_keys(catalog)
        } else {
            self.catalog_keys.clone()
        };
        // Speech-to-text spellings of catalog people, by the person's id.
        let mut variants: BTreeMap<String, Vec<&Candidate>> = BTreeMap::new();
        for c in &self.candidates {
            if let Some(id) = &c.variant_of
                && c.confidence >= min_confidence
                && claimed.insert(alias_key(&c.name))
            {
                variants.entry(id.clone()).or_default().push(c);
            }
        }
        for s in &self.speakers {
            let evidence = format!(
                "{}: speaks in {} episode{}{}",
                s.role.tag(),
                s.episodes,
                if s.episodes == 1 { "" } else { "s" },
                if s.hosts.is_empty() {
                    String::new()
                } else {
                    format!("; hosts {}", s.hosts.join(", "))
                }
            );
            let spellings: Vec<String> = s
                .spellings
                .iter()
                .filter(|n| claimed.insert(alias_key(n)))
                .cloned()
                .collect();
            if let Some(id) = s.known {
                let entity = catalog.get(id);
                // The catalog's own role stands: a show's host is not a guest of another.
                let has_role = entity.has_tag("host") || entity.has_tag("guest");
                let has = |form: &str| {
                    entity
                        .aliases
                        .iter()
                        .chain(&entity.ambiguous_aliases)
                        .any(|a| a.eq_ignore_ascii_case(form))
                };
                let parts: Vec<String> = name_parts(&s.name)
                    .into_iter()
                    .filter(|part| !has(part))
                    .collect();
                let mut heard = variants
                    .remove(&alias_key(&entity.name))
                    .unwrap_or_default();
                heard.extend(variants.remove(&alias_key(&s.name)).unwrap_or_default());
                if has_role && spellings.is_empty() && parts.is_empty() && heard.is_empty() {
                    continue;
                }
                let mut p = Proposal::from_entity(entity);
                p.comments = vec![format!("{evidence}; in the catalog as {}", entity.id)];
                if !has_role {
                    p.tags.push(s.role.tag().to_owned());
                }
                p.aliases.extend(spellings);
                p.aliases.extend(heard.iter().map(|c| c.name.clone()));
                // A speaker's first name counts where they speak, as the catalog's people's do.
                p.ambiguous_aliases.extend(parts.iter().cloned());
                p.case_sensitive.extend(parts);
                proposals.push(p);
                continue;
            }
            let key = alias_key(&s.name);
            if !claimed.insert(key) {
                // Another entity already answers to this name (not a person): leave it alone.
                continue;
            }
            let id = unique_id(&slug(&s.name), &mut ids);
            let heard = variants.remove(&alias_key(&s.name)).unwrap_or_default();
            let words: Vec<&str> = s.name.split_whitespace().collect();
            let mut aliases = Vec::new();
            let mut ambiguous = Vec::new();
            let mut case_sensitive = Vec::new();
            if words.len() >= 2 {
                aliases.push(s.name.clone());
                aliases.extend(spellings);
                aliases.extend(heard.iter().map(|c| c.name.clone()));
                // First name and surname count where the person is present (see extract).
                ambiguous = name_parts(&s.name);
                case_sensitive = ambiguous.clone();
            } else {
                ambiguous.push(s.name.clone());
                case_sensitive.push(s.name.clone());
            }
            proposals.push(Proposal {
                comments: vec![evidence],
                id,
                name: s.name.clone(),
                kind: Kind::Person,
                aliases,
                ambiguous_aliases: ambiguous,
                context: Vec::new(),
                exclude: Vec::new(),
                case_sensitive,
                pypi: None,
                homepage: None,
                description: None,
                tags: vec![s.role.tag().to_owned(), DISCOVERED_TAG.to_owned()],
            });
        }
        let people = if variants.is_empty() {
            HashMap::new()
        } else {
            people::person_names(catalog)
        };
        for (name, heard) in variants {
            let Some(entity) = people.get(&name).map(|&i| catalog.get(i)) else {
                continue;
            };
            let mut p = Proposal::from_entity(entity);
            p.comments = heard
                .iter()
                .map(|c| {
                    format!(
                        "speech-to-text spelling of {}: \"{}\" said {} time{} in {} episode{}",
                        entity.name,
                        c.name,
                        c.count,
                        if c.count == 1 { "" } else { "s" },
                        c.episodes,
                        if c.episodes == 1 { "" } else { "s" },
                    )
                })
                .collect();
            p.aliases.extend(heard.iter().map(|c| c.name.clone()));
            proposals.push(p);
        }
        for c in &self.candidates {
            if c.confidence < min_confidence || c.variant_of.is_some() {
                continue;
            }
            let mut aliases: Vec<String> = Vec::new();
            for form in std::iter::once(&c.name).chain(&c.forms) {
                if claimed.insert(alias_key(form)) {
                    aliases.push(form.clone());
                }
            }
            if aliases.is_empty() {
                continue;
            }
            let mut comments = vec![format!(
                "confidence {:.2}: said {} time{} in {} episode{}; {}{}",
                c.confidence,
                c.count,
                if c.count == 1 { "" } else { "s" },
                c.episodes,
                if c.episodes == 1 { "" } else { "s" },
                c.rules.join(", "),
                c.registry
                    .as_ref()
                    .map(|r| format!("; {r}"))
                    .unwrap_or_default()
            )];
            comments.extend(
                c.snippets
                    .iter()
                    .map(|s| format!("  {}: \"{}\"", s.episode, s.text)),
            );
            let pypi = c
                .registry
                .as_ref()
                .filter(|r| r.starts_with("PyPI"))
                .map(|_| c.name.to_lowercase());
            proposals.push(Proposal {
                comments,
                id: unique_id(&c.id, &mut ids),
                name: c.name.clone(),
                kind: c.kind,
                aliases,
                ambiguous_aliases: Vec::new(),
                context: Vec::new(),
                exclude: Vec::new(),
                case_sensitive: Vec::new(),
                pypi,
                homepage: None,
                description: None,
                tags: vec![DISCOVERED_TAG.to_owned()],
            });
        }
        proposals
    }

    /// `catalog` with the discovered entities at least `min_confidence` sure added (and known
    /// speakers tagged with their role).
    pub fn extend(&self, catalog: Catalog, min_confidence: f64) -> Result<Catalog, CatalogError> {
        let text = self.to_toml(&catalog, min_confidence);
        let mut builder = CatalogBuilder::from(catalog);
        builder.add_str(Path::new(DISCOVERED_FILE), &text)?;
        builder.build()
    }
}

/// A full name's first name and surname that may stand for the person where they are present:
/// at least three letters, and not an English word ("Will", "Mark").
fn name_parts(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut parts: Vec<String> = Vec::new();
    if let [first, .., last] = words[..] {
        for part in [first, last] {
            if part.chars().count() >= 3
                && part
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
                && !words::is_english(part)
                && !parts.iter().any(|p| p == part)
            {
                parts.push(part.to_owned());
            }
        }
    }
    parts
}

/// `base`, or `base-2`, `base-3`… whichever is not yet in `ids` (and takes it).
fn unique_id(base: &str, ids: &mut HashSet<String>) -> String {
    let mut id = base.to_owned();
    let mut n = 2;
    while !ids.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::{ParseOptions, parse_bytes};

    fn transcript(name: &str, text: &str) -> Transcript {
        parse_bytes(text.as_bytes(), Path::new(name), &ParseOptions::default()).unwrap()
    }

    fn base_catalog() -> Catalog {
        Catalog::from_toml_str(
            r#"
[[entity]]
id = "python"
name = "Python"
kind = "software"
aliases = ["Python"]

[[entity]]
id = "guido-van-rossum"
name = "Guido van Rossum"
kind = "person"
aliases = ["Guido van Rossum"]
"#,
        )
        .unwrap()
    }

    fn episodes() -> Vec<Transcript> {
        let a = "**Jerod Santo:** Welcome, my guest today is Deepthi Sigireddi. We talk about Vitess and PlanetScale.\n\n\
                 **Adam Stacoviak:** Yes, Vitess runs at PlanetScale. So Vitess came from YouTube.\n\n\
                 **Deepthi Sigireddi:** Right, and Guido van Rossum uses Python. Open Source is great. On Monday we met.\n";
        let b = "**Jerod Santo:** Today we cover Vitess again, and PlanetScale too.\n\n\
                 **Adam Stacoviak:** I heard Vitess is big. Open Source on Monday.\n\n\
                 **Jerod Santo:** There is a library called Uproot for that.\n";
        let c = "**Jerod Santo:** Back again with Vitess.\n\n**Adam Stacoviak:** Sure thing.\n";
        vec![
            transcript("a-1.md", a),
            transcript("a-2.md", b),
            transcript("a-3.md", c),
        ]
    }

    fn run(transcripts: &[Transcript]) -> (Catalog, Discovery) {
        let catalog = base_catalog();
        let inputs: Vec<EpisodeInput<'_>> = transcripts
            .iter()
            .map(|t| EpisodeInput {
                id: "e",
                show: Some("Show"),
                title: None,
                transcript: t,
            })
            .collect();
        let discovery = discover(&catalog, &inputs, &DiscoverOptions::default());
        (catalog, discovery)
    }

    #[test]
    fn speakers_become_people_with_roles() {
        let (_, d) = run(&episodes());
        let roles: Vec<(&str, Role)> = d
            .speakers
            .iter()
            .map(|s| (s.name.as_str(), s.role))
            .collect();
        assert_eq!(
            roles,
            [
                ("Adam Stacoviak", Role::Host),
                ("Deepthi Sigireddi", Role::Guest),
                ("Jerod Santo", Role::Host),
            ]
        );
    }

    #[test]
    fn names_said_mid_sentence_across_episodes_are_found_and_traps_are_not() {
        let (_, d) = run(&episodes());
        let names: Vec<&str> = d.candidates.iter().map(|c| c.name.as_str()).collect();
        assert!(names.contains(&"Vitess"), "{names:?}");
        assert!(names.contains(&"PlanetScale"), "{names:?}");
        assert!(names.contains(&"Uproot"), "{names:?}");
        for trap in [
            "Open Source",
            "Monday",
            "Python",
            "Guido van Rossum",
            "Deepthi Sigireddi",
            "So",
        ] {
            assert!(!names.contains(&trap), "{trap} in {names:?}");
        }
        let vitess = d.candidates.iter().find(|c| c.name == "Vitess").unwrap();
        assert!(vitess.confidence >= 0.7, "{vitess:?}");
        assert_eq!(vitess.episodes, 3);
        assert!(!vitess.snippets.is_empty());
    }

    #[test]
    fn misheard_names_of_known_people_become_their_aliases() {
        let catalog = Catalog::from_toml_str(
            r#"
[[entity]]
id = "erik-bernhardsson"
name = "Erik Bernhardsson"
kind = "person"
aliases = ["Erik Bernhardsson"]
"#,
        )
        .unwrap();
        let t = transcript(
            "a-1.md",
            "**Ann Host:** We read a post by Erik Bernhardson about it, and one by Eric \
             Bernhardsen.\n\n**Ben Host:** Yes.\n",
        );
        let inputs = [EpisodeInput {
            id: "a-1",
            show: None,
            title: None,
            transcript: &t,
        }];
        let d = discover(&catalog, &inputs, &DiscoverOptions::default());
        let heard = d
            .candidates
            .iter()
            .find(|c| c.name == "Erik Bernhardson")
            .unwrap();
        assert_eq!(heard.variant_of.as_deref(), Some("erik bernhardsson"));
        // A given name one letter off is the same person ("Eric" for Erik).
        let heard = d
            .candidates
            .iter()
            .find(|c| c.name == "Eric Bernhardsen")
            .unwrap();
        assert_eq!(heard.variant_of.as_deref(), Some("erik bernhardsson"));
        let extended = d.extend(catalog, 0.0).unwrap();
        let id = extended.resolve("Erik Bernhardson").unwrap();
        assert_eq!(extended.get(id).id, "erik-bernhardsson");
    }

    /// Discovery over one episode of `text` (spoken by two hosts), and the confidence of each
    /// candidate by name.
    fn candidates_in(text: &str) -> Vec<(String, f64)> {
        discover_in(&format!("**Ann Host:** {text}\n\n**Ben Host:** Yes.\n"))
            .candidates
            .into_iter()
            .map(|c| (c.name, c.confidence))
            .collect()
    }

    #[test]
    fn a_full_name_said_once_is_a_person_and_places_or_adjectives_are_not() {
        let sure = DiscoverOptions::default().min_confidence;
        let people = [
            ("a quote from Charles Darwin about it", "Charles Darwin"),
            ("the publisher, Jim Maurer, edits it", "Jim Maurer"),
            ("as Tim Berners-Lee said", "Tim Berners-Lee"),
            // A surname that is also a word, after a given name that is not.
            (
                "a quote from the founder, Kevin Plank, about it",
                "Kevin Plank",
            ),
            ("the keynote where Steve Jobs showed it", "Steve Jobs"),
        ];
        for (text, name) in people {
            let found = candidates_in(text);
            assert!(
                found.iter().any(|(n, c)| n == name && *c >= sure),
                "{name} in {found:?}"
            );
        }
        let traps = [
            "we flew to Austin Texas last year",
            "a very Steve Jobs-esque keynote",
            "ask Victoria BC about it",
            "then John Jr came along",
            "the Amber CRT screen",
            // A given name that is a word, or a word of speech after a name, is no person.
            "we said Will Power all along",
            "so Adam Thanks for that",
            "then Brian Also did it",
            "by Sarah Monday we knew",
        ];
        for text in traps {
            let found = candidates_in(text);
            assert!(found.iter().all(|(_, c)| *c < sure), "{text}: {found:?}");
        }
        // Two given names are often two people or a middle name: shown, not added.
        let found = candidates_in("thanks to Seth Michael for that");
        assert!(found.iter().all(|(_, c)| *c < sure), "{found:?}");
    }

    /// Discovery over one untitled episode, `a-1.md`, whose text is `source`.
    fn discover_in(source: &str) -> Discovery {
        let t = transcript("a-1.md", source);
        let inputs = [EpisodeInput {
            id: "a-1",
            show: None,
            title: None,
            transcript: &t,
        }];
        discover(&base_catalog(), &inputs, &DiscoverOptions::default())
    }

    #[test]
    fn organisation_cues_give_the_kind() {
        let d = discover_in(
            "**Ann Host:** Ville is the CEO of Outerbounds. Outerbounds makes Metaflow, and \
             Outerbounds is growing.\n\n**Ben Host:** There is a tool called Zorblify.\n",
        );
        let kind = |name: &str| d.candidates.iter().find(|c| c.name == name).map(|c| c.kind);
        assert_eq!(kind("Outerbounds"), Some(Kind::Organization));
        assert_eq!(kind("Zorblify"), Some(Kind::Software));
    }

    #[test]
    fn a_name_one_episode_keeps_saying_is_its_subject() {
        let found = candidates_in(
            "We built Outerbounds last year. Since then Outerbounds grew, and Outerbounds is open.",
        );
        assert!(found.iter().any(|(n, _)| n == "Outerbounds"), "{found:?}");
        // Said once, an unknown word is not enough.
        let found = candidates_in("We looked at Zorbly once.");
        assert!(found.iter().all(|(n, _)| n != "Zorbly"), "{found:?}");
    }

    #[test]
    fn the_catalog_file_round_trips_through_the_loader() {
        let (catalog, d) = run(&episodes());
        let text = d.to_toml(&catalog, 0.0);
        assert!(text.contains("# confidence"), "{text}");
        let extended = d.extend(catalog, 0.0).unwrap();
        let jerod = extended
            .resolve("Jerod Santo")
            .expect("a speaker is a person");
        let jerod = extended.get(jerod);
        assert_eq!(jerod.kind, Kind::Person);
        assert!(jerod.has_tag("host") && jerod.has_tag(DISCOVERED_TAG));
        let vitess = extended.resolve("Vitess").expect("Vitess is discovered");
        assert!(extended.get(vitess).has_tag(DISCOVERED_TAG));
        // The written file loads as a user's catalog beside the base catalog.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("candidates.toml");
        std::fs::write(&path, &text).unwrap();
        let mut builder = CatalogBuilder::from(base_catalog());
        builder.add_file(&path).unwrap();
        assert!(builder.build().unwrap().resolve("Vitess").is_some());
    }
}
