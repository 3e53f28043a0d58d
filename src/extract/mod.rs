//! Extraction: finding the catalog's entities in a transcript's spoken text.
//!
//! # One pass, then judgement
//!
//! Every alias of every entity, with its spelling variants, is compiled into one aho-corasick
//! automaton (leftmost-longest, ASCII case-insensitive), so a transcript's text is scanned once
//! whatever the catalog's size, and "pytest-asyncio" wins over "pytest" where both match. A match
//! counts only as a whole word: Unicode letters, digits and `_` may not touch it on a side where
//! the alias itself starts or ends with one (so "C++" and ".NET" match, and "rich" does not match
//! in "richer"). A possessive or plural ending ("asyncio's", "Jupyter notebooks") belongs to the
//! mention.
//!
//! Spelling variants are generated from each alias: the separators between words may be said as
//! a space, a hyphen or nothing, and written ones stay possible ("scikit-learn", "scikit learn",
//! "scikit_learn", "scikitlearn"; "Node.js", "Node JS", "NodeJS"); compound names split at inner
//! capitals ("GitHub" → "Git Hub") or after a part no English word is ("pylint" → "py lint").
//! Dots between digits are version numbers and stay. Each
//! alias has at most six variants, so the automaton grows linearly with the catalog. Misspellings that speech-to-text produces ("Boca" for Bokeh, "sci-kit learn")
//! are aliases in the catalog, since no rule predicts them.
//!
//! A name spelled out letter by letter with hyphens ("F-L-Y-N-T") matches the alias its letters
//! make, and counts as introduced by a cue: a speaker spells a name so that listeners find it.
//!
//! Matches are then judged per episode:
//!
//! - a match of an **alias** counts, unless an `exclude` phrase of its entity covers it
//!   ("requests per second") or it is a `case_sensitive` alias found in another case, or
//!   capitalised only because it starts a sentence ("Go ahead", "Word of mouth"), or a
//!   one-letter name ("C", "R") said as a letter: spelled out ("T-R-I-O"), an initial
//!   ("Kent C. Dodds"), one of a row of letters ("A, B, C") or a key ("control C");
//! - a match of an **ambiguous alias** needs evidence. For a person (a bare first name or surname)
//!   the evidence is that the person is present in the episode: named in full anywhere in it, or a
//!   speaker of it; if two people sharing that name are present, the name is ambiguous there and
//!   does not count. A person not present counts by one of their `context` words nearby ("Beyang
//!   ... Speaking of Sourcegraph"), unless a present person shares the name, the name stands
//!   beside another surname ("Brian Ketelsen" is not Brian Okken) or it names a thing ("the
//!   Turing test"). For anything else ("black", "requests", "flask") the evidence must be nearby:
//!   one of the entity's `context` words, or an unambiguous alias of it, within
//!   [`EVIDENCE_WINDOW`] bytes either side. And a counted ambiguous word is the ordinary noun, not
//!   the name, however much evidence is near: "millions of requests", "10,000 requests a day",
//!   "two pandas" (see [`QUANTITY_WORDS`]). Without such evidence, a cue may still make it the
//!   name ("something called universe", "working at Cruise", a `case_sensitive` name in its own
//!   capitals right after a preposition: "put it on Medium"); and a `case_sensitive` name
//!   capitalised only by a sentence start counts with a context word or a counted mention nearby,
//!   never by a cue, a list or a topic, and not as a command ("Go back and listen").
//!
//! Speaker labels and voice tags never reach the scanned text (see [`crate::transcript`]), so they
//! can never be mentions.
//!
//! # Where the parts are
//!
//! [`Extractor::extract`] below runs the pipeline: scan, count the sure aliases, judge the
//! ambiguous ones by presence and context, then let lists and topics vouch for what is left. The
//! parts live in submodules along those seams:
//!
//! - `variants`: the spelling variants of one alias ([`variants()`]);
//! - `scan`: compiling the spellings into the automaton, and the one pass that finds whole-word
//!   candidates, each with the claims of the entities that spelled it;
//! - `cues`: what the words around a match say (a quantity, a determiner, a sentence start, a
//!   list separator, an excluded phrase);
//! - `judge`: the checks every claim must pass, the choice among claims, context-word evidence,
//!   and the list and topic passes.
//!
//! # Cost
//!
//! Building the automaton is linear in the total length of the patterns ([`PerEpisode`] builds,
//! for each of a few episodes, one of only the patterns its words can make). Scanning is linear
//! in the text; judging an ambiguous match costs `O(W · c)` for a window of `W` bytes and `c`
//! context words, and only ambiguous matches are judged this way. A mention is a small `Copy`
//! value: no allocation per mention.

mod cues;
#[cfg(test)]
mod fixture;
mod judge;
mod scan;
mod variants;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering as AtomicOrdering};
use std::time::{Duration, Instant};

use aho_corasick::AhoCorasickKind;
use serde::Serialize;

use crate::catalog::{Catalog, EntityId, Kind, alias_key};
use crate::transcript::Transcript;
pub use cues::QUANTITY_WORDS;
use cues::{
    capital_after_preposition, introduced_by_cue, is_counted, names_a_thing_after,
    names_someone_else,
};
use judge::{Judging, Positions};
use scan::{Candidate, Claim, Matcher, Scanner};
pub(crate) use scan::{
    for_each_said_word, for_each_spelled, for_each_word, is_word_char, word_hash,
};
pub use variants::variants;

/// How far (in bytes of text, either side) evidence for an ambiguous alias may be.
pub const EVIDENCE_WINDOW: usize = 150;

/// How far (in bytes, either side) a counted mention carries its topic to ambiguous words of the
/// same entity: about two minutes of speech.
pub const TOPIC_WINDOW: usize = 1500;

/// Why a mention counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// An alias that always counts.
    Alias,
    /// An ambiguous alias, with a context word or another alias of the entity nearby (for a
    /// person not present, one of their context words).
    Context,
    /// An ambiguous alias of a person who is named in full or speaks in the episode.
    Presence,
    /// An ambiguous alias close to a counted mention of the same entity: the topic goes on.
    Topic,
    /// An ambiguous alias listed with a counted mention of the same kind of thing: "Parcel,
    /// Webpack, or esbuild", "Nim, or Elm".
    List,
    /// An ambiguous alias introduced as a name: "something called universe", "working at
    /// Cruise".
    Cue,
}

/// One mention of an entity in a transcript.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mention {
    /// The entity.
    pub entity: EntityId,
    /// Byte offset of the mention in [`Transcript::text`].
    pub start: usize,
    /// Byte offset of its end.
    pub end: usize,
    /// Index of the segment it is in.
    pub segment: usize,
    /// Why it counts.
    pub evidence: Evidence,
}

/// How often each entity is mentioned: most mentioned first, then by id.
pub fn count_by_entity(mentions: &[Mention]) -> Vec<(EntityId, usize)> {
    let mut counts: HashMap<EntityId, usize> = HashMap::new();
    for m in mentions {
        *counts.entry(m.entity).or_default() += 1;
    }
    let mut counts: Vec<(EntityId, usize)> = counts.into_iter().collect();
    order_counts(&mut counts);
    counts
}

/// Puts counts by entity in the order [`count_by_entity`] returns them: most mentioned first,
/// then by entity.
pub fn order_counts(counts: &mut [(EntityId, usize)]) {
    counts.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
}

/// Finds catalog entities in transcripts. Build once per catalog; share across threads.
pub struct Extractor<'c> {
    catalog: &'c Catalog,
    /// The catalog's spellings, compiled for the one pass over each text.
    scanner: Scanner,
    judging: Vec<Judging>,
    /// Person entities by the key of each of their unambiguous aliases (for speaker names).
    people_by_name: HashMap<String, EntityId>,
    /// Whether ambiguous aliases need evidence; off only to measure what the rules are worth.
    evidence_rules: bool,
}

/// Extraction where only a few episodes may need it (a rebuild that takes the others from its
/// cache): the first few each get an automaton of their own, of the spellings their words can
/// make, and the whole catalog's automaton is compiled only if more come. Compiling the whole
/// catalog's takes a fifth of a second or more for the default catalog (on one core), an
/// episode's a few milliseconds; while one thread compiles it, the others go on with automata
/// of their own rather than wait. Either finds what [`Extractor`] finds (see
/// `Scanner::for_text`).
pub struct PerEpisode<'c> {
    extractor: Extractor<'c>,
    /// How many more episodes may get an automaton of their own.
    own_left: AtomicUsize,
    /// The whole catalog's automaton, once an episode needed it, and how long it took.
    whole: OnceLock<(Result<Matcher, ExtractError>, Duration)>,
    /// Whether a thread is compiling `whole`.
    compiling: AtomicBool,
}

impl<'c> PerEpisode<'c> {
    /// Prepares the catalog's spellings and rules, compiling nothing yet; `own` episodes at
    /// most get an automaton of their own.
    pub fn new(catalog: &'c Catalog, own: usize) -> Self {
        PerEpisode {
            extractor: Extractor::with_scanner(catalog, Scanner::per_text(catalog)),
            own_left: AtomicUsize::new(own),
            whole: OnceLock::new(),
            compiling: AtomicBool::new(false),
        }
    }

    /// The mentions in `transcript`, as [`Extractor::extract`] finds them: with an automaton
    /// of its own if `few` (the caller knows of no more episodes to come than it allowed) and
    /// some are left, or while another thread compiles the whole catalog's; else with the
    /// whole catalog's, compiled by the first episode to need it.
    pub fn extract(
        &self,
        transcript: &Transcript,
        few: bool,
    ) -> Result<Vec<Mention>, &ExtractError> {
        let own = self.whole.get().is_none()
            && (self.compiling.load(AtomicOrdering::Acquire)
                || few
                    && (self.own_left)
                        .fetch_update(AtomicOrdering::Relaxed, AtomicOrdering::Relaxed, |left| {
                            left.checked_sub(1)
                        })
                        .is_ok());
        // One whose own automaton fails is extracted with the whole catalog's.
        if own && let Ok(matcher) = self.extractor.scanner.for_text(transcript.text()) {
            return Ok(self.extractor.extract_with(&matcher, transcript));
        }
        let (whole, _) = self.whole.get_or_init(|| {
            self.compiling.store(true, AtomicOrdering::Release);
            let start = Instant::now();
            (self.extractor.scanner.compile_whole(), start.elapsed())
        });
        let whole = whole.as_ref()?;
        Ok(self.extractor.extract_with(whole, transcript))
    }

    /// Whether the whole catalog's automaton was compiled, and how long it took; `Err` if it
    /// could not be.
    pub fn into_whole(self) -> Result<Option<Duration>, ExtractError> {
        match self.whole.into_inner() {
            Some((Ok(_), took)) => Ok(Some(took)),
            Some((Err(e), _)) => Err(e),
            None => Ok(None),
        }
    }
}

/// Why an extractor could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot compile the catalog's {patterns} patterns: {source}")]
pub struct ExtractError {
    patterns: usize,
    source: aho_corasick::BuildError,
}

impl<'c> Extractor<'c> {
    /// Compiles the catalog's aliases into one automaton.
    pub fn new(catalog: &'c Catalog) -> Result<Self, ExtractError> {
        Self::build(catalog, None)
    }

    /// An extractor whose automaton is of `kind`, whatever the catalog's size: so that tests run
    /// every kind, not only the one their small catalog gets.
    #[cfg(test)]
    fn with_kind(catalog: &'c Catalog, kind: AhoCorasickKind) -> Result<Self, ExtractError> {
        Self::build(catalog, Some(kind))
    }

    /// `kind` forces the automaton's kind; `None` lets the number of patterns choose it.
    fn build(catalog: &'c Catalog, kind: Option<AhoCorasickKind>) -> Result<Self, ExtractError> {
        Ok(Self::with_scanner(catalog, Scanner::new(catalog, kind)?))
    }

    fn with_scanner(catalog: &'c Catalog, scanner: Scanner) -> Self {
        let mut people_by_name = HashMap::new();
        for (index, entity) in catalog.entities().iter().enumerate() {
            if entity.kind == Kind::Person {
                for alias in &entity.aliases {
                    people_by_name
                        .entry(alias_key(alias))
                        .or_insert(EntityId(index as u32));
                }
            }
        }
        Extractor {
            catalog,
            scanner,
            judging: catalog.entities().iter().map(Judging::new).collect(),
            people_by_name,
            evidence_rules: true,
        }
    }

    /// Turns the evidence rules off: every ambiguous alias counts as if it were an alias (excluded
    /// phrases and case rules still apply). Only for measuring what the rules are worth.
    pub fn without_evidence_rules(mut self) -> Self {
        self.evidence_rules = false;
        self
    }

    /// The catalog this extractor finds.
    pub fn catalog(&self) -> &'c Catalog {
        self.catalog
    }

    /// How many patterns (aliases and variants) the automaton holds.
    pub fn pattern_count(&self) -> usize {
        self.scanner.len()
    }

    /// Finds the mentions in a transcript, in text order.
    pub fn extract(&self, transcript: &Transcript) -> Vec<Mention> {
        let whole = (self.scanner.whole()).expect("an extractor's own scanner has its automaton");
        self.extract_with(whole, transcript)
    }

    /// [`Extractor::extract`] with the automaton `matcher`.
    fn extract_with(&self, matcher: &Matcher, transcript: &Transcript) -> Vec<Mention> {
        let text = transcript.text();
        // ASCII-lowercased once: what the automaton and the context-word search run over.
        let lower = text.as_bytes().to_ascii_lowercase();
        let mut candidates = self.scanner.scan(matcher, text, &lower);
        // A spelled-out name takes the place of the letters' own matches, in text order.
        let spelled = self.scanner.spelled(matcher, text);
        if !spelled.is_empty() {
            candidates.retain(|c| !spelled.iter().any(|s| s.start < c.end && c.start < s.end));
            candidates.extend(spelled);
            candidates.sort_by_key(|c| c.start);
        }

        // Who is present: people who speak, and every entity named by an unambiguous alias.
        let mut present: HashSet<EntityId> = transcript
            .speakers()
            .iter()
            .filter_map(|s| self.people_by_name.get(&alias_key(s)).copied())
            .collect();
        let mut mentions = Vec::with_capacity(candidates.len());
        let mut pending = Vec::new();
        for candidate in candidates {
            let claims = self.scanner.claims(&candidate).iter();
            let (sure, evidence) = if candidate.spelled {
                // A spelled-out name is the name, whatever its claims need: the speaker spelled
                // it. A bare given name or surname still needs its person present: judged with
                // the other ambiguous names.
                let person = |c: &Claim| self.catalog.get(c.entity).kind == Kind::Person;
                let claims = claims.filter(|c| !(c.ambiguous && person(c)));
                (self.pick(claims), Evidence::Cue)
            } else {
                let claims =
                    claims.filter(|c| !c.ambiguous && self.claim_holds(c, text, &candidate));
                (self.pick(claims), Evidence::Alias)
            };
            match sure {
                Some(entity) => {
                    present.insert(entity);
                    mentions.push(self.mention(transcript, entity, &candidate, evidence));
                }
                None => pending.push(candidate),
            }
        }
        // Where each entity is mentioned so far, in text order, for the evidence window: the
        // sure mentions, and those the context pass adds (both grow in text order).
        let mut sure_at = Positions::default();
        for m in &mentions {
            sure_at.push(m.entity, m.start, m.end);
        }
        let mut context_at = Positions::default();
        let mut unresolved = Vec::new();
        for candidate in pending {
            let claims = self.scanner.claims(&candidate);
            // A person present in the episode takes a shared name before anyone whose context
            // word happens to be near ("Yann" said to the guest, not Yann LeCun).
            let someone_present = claims.iter().any(|c| {
                c.ambiguous
                    && present.contains(&c.entity)
                    && self.catalog.get(c.entity).kind == Kind::Person
            });
            let mut judged = claims.iter().filter(|c| c.ambiguous).filter_map(|c| {
                // At a sentence start a name's capital says nothing: only evidence nearby counts.
                let at_start = !self.claim_holds(c, text, &candidate);
                if at_start && !self.holds_but_for_sentence_start(c, text, &candidate) {
                    return None;
                }
                let entity = self.catalog.get(c.entity);
                if !self.evidence_rules {
                    (!at_start).then_some((c.entity, Evidence::Context))
                } else if entity.kind == Kind::Person {
                    if at_start {
                        None
                    } else if present.contains(&c.entity) {
                        Some((c.entity, Evidence::Presence))
                    } else if someone_present
                        || names_someone_else(&entity.name, text, candidate.start, candidate.end)
                        || names_a_thing_after(text, candidate.end)
                    {
                        None
                    } else {
                        self.has_context_word(c.entity, text, &lower, &candidate)
                            .then_some((c.entity, Evidence::Context))
                    }
                } else if is_counted(text, candidate.start) {
                    None
                } else {
                    let near = sure_at.near(c.entity, &candidate, EVIDENCE_WINDOW)
                        || context_at.near(c.entity, &candidate, EVIDENCE_WINDOW);
                    if near || self.has_context_word(c.entity, text, &lower, &candidate) {
                        Some((c.entity, Evidence::Context))
                    } else if at_start {
                        None
                    } else {
                        let organization = entity.kind == Kind::Organization;
                        // A name said in its own capitals after a preposition ("on Medium").
                        let capital_cue = c.exact.is_some()
                            && capital_after_preposition(text, candidate.start, candidate.end);
                        (capital_cue
                            || introduced_by_cue(
                                text,
                                candidate.start,
                                candidate.end,
                                organization,
                            ))
                        .then_some((c.entity, Evidence::Cue))
                    }
                }
            });
            match (judged.next(), judged.next()) {
                (Some((entity, evidence)), None) => {
                    context_at.push(entity, candidate.start, candidate.end);
                    mentions.push(self.mention(transcript, entity, &candidate, evidence));
                }
                _ => unresolved.push(candidate),
            }
        }
        self.join_lists(transcript, &mut mentions, &mut unresolved);
        // A common word that comes back while its thing is being discussed is that thing: the
        // topic carries forward from each counted mention, then backward, in one sweep each.
        for forward in [true, false] {
            if unresolved.is_empty() {
                break;
            }
            mentions.sort_by_key(|m| (m.start, m.entity));
            let topic = self.carry_topic(transcript, &mentions, &mut unresolved, forward);
            mentions.extend(topic);
        }
        mentions.sort_by_key(|m| (m.start, m.entity));
        mentions
    }

    fn mention(
        &self,
        transcript: &Transcript,
        entity: EntityId,
        candidate: &Candidate,
        evidence: Evidence,
    ) -> Mention {
        Mention {
            entity,
            start: candidate.start,
            end: candidate.end,
            segment: transcript.segment_at(candidate.start).unwrap_or(0),
            evidence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{catalog, mentions};
    use crate::transcript::{ParseOptions, parse_bytes};
    use std::path::Path;

    #[test]
    fn spans_quote_the_original_file() {
        let catalog = catalog();
        let source = "00:00:01 We\u{2019}re using \u{201C}pytest\u{201D} here.\n";
        let t = parse_bytes(
            source.as_bytes(),
            Path::new("x.txt"),
            &ParseOptions::default(),
        )
        .unwrap();
        let m = mentions(&catalog, &t)[0];
        assert_eq!(&t.source()[t.source_span(m.start..m.end)], "pytest");
        assert_eq!(t.segments()[m.segment].start.unwrap().as_millis(), 1000);
    }
}
