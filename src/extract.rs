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
//! capitals ("GitHub" → "Git Hub"). Dots between digits are version numbers and stay. Each
//! alias has at most six variants, so the automaton grows linearly with the catalog. Misspellings that speech-to-text produces ("Boca" for Bokeh, "sci-kit learn")
//! are aliases in the catalog, since no rule predicts them.
//!
//! Matches are then judged per episode:
//!
//! - a match of an **alias** counts, unless an `exclude` phrase of its entity covers it
//!   ("requests per second") or it is a `case_sensitive` alias found in another case, or
//!   capitalised only because it starts a sentence ("Go ahead", "Word of mouth");
//! - a match of an **ambiguous alias** needs evidence. For a person (a bare first name or surname)
//!   the evidence is that the person is present in the episode: named in full anywhere in it, or a
//!   speaker of it; if two people sharing that name are present, the name is ambiguous there and
//!   does not count. For anything else ("black", "requests", "flask") the evidence must be nearby:
//!   one of the entity's `context` words, or an unambiguous alias of it, within
//!   [`EVIDENCE_WINDOW`] bytes either side. And a counted ambiguous word is the ordinary noun, not
//!   the name, however much evidence is near: "millions of requests", "10,000 requests a day",
//!   "two pandas" (see [`QUANTITY_WORDS`]).
//!
//! Speaker labels and voice tags never reach the scanned text (see [`crate::transcript`]), so they
//! can never be mentions.
//!
//! # Cost
//!
//! Building the automaton is linear in the total length of the patterns. Scanning is linear in the
//! text; judging an ambiguous match costs `O(W · c)` for a window of `W` bytes and `c` context
//! words, and only ambiguous matches are judged this way. A mention is a small `Copy` value: no
//! allocation per mention.

use std::collections::{HashMap, HashSet};

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};
use serde::Serialize;

use crate::catalog::{Catalog, EntityId, Kind, alias_key};
use crate::transcript::Transcript;
use crate::transcript::text::fold_str;

/// How far (in bytes of text, either side) evidence for an ambiguous alias may be.
pub const EVIDENCE_WINDOW: usize = 150;

/// How far (in bytes, either side) a counted mention carries its topic to ambiguous words of the
/// same entity: about two minutes of speech.
pub const TOPIC_WINDOW: usize = 1500;

/// Words that, right before an ambiguous alias (or before "of" right before it), show it is an
/// ordinary counted noun: "millions of requests", "many clicks", "a couple of trios".
pub const QUANTITY_WORDS: &[&str] = &[
    "million",
    "millions",
    "thousand",
    "thousands",
    "hundred",
    "hundreds",
    "billion",
    "billions",
    "dozen",
    "dozens",
    "many",
    "few",
    "fewer",
    "several",
    "multiple",
    "more",
    "lots",
    "lot",
    "bunch",
    "couple",
    "number",
    "tons",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twenty",
    "fifty",
];

/// Whether the word before `start` is a determiner ("the", "these", "my"), which makes what
/// follows a noun phrase rather than a name in a list.
fn after_determiner(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches(' ');
    let word_start = before
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| i + 1);
    let word = &before[word_start..];
    DETERMINERS.iter().any(|d| d.eq_ignore_ascii_case(word))
}

/// Words that open a noun phrase.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "these", "those", "this", "that", "my", "our", "your", "their", "his", "her",
    "its", "some", "any", "all", "each", "every", "no",
];

/// Whether `between` joins two items of a spoken list: a comma, "and", "or", "&", "/", "vs",
/// or a comma with "and"/"or".
fn is_list_separator(between: &str) -> bool {
    let inner = between.trim();
    let inner = inner.strip_prefix(',').map_or(inner, str::trim_start);
    between.starts_with([' ', ',', '/', '&'])
        && (inner.is_empty() && between.contains([',', '/'])
            || ["and", "or", "&", "/", "vs", "vs.", "versus", "and/or"]
                .iter()
                .any(|joiner| joiner.eq_ignore_ascii_case(inner)))
        && between.len() <= 8
}

/// Whether the words before `start` count what follows ("10,000 requests", "millions of").
fn is_counted(text: &str, start: usize) -> bool {
    let mut words = text[..start]
        .rsplit(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    let is_quantity = |w: &str| {
        (!w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == ','))
            || QUANTITY_WORDS.iter().any(|q| q.eq_ignore_ascii_case(w))
    };
    match words.next() {
        Some(w) if is_quantity(w) => true,
        Some(w) if w.eq_ignore_ascii_case("of") => words.next().is_some_and(is_quantity),
        _ => false,
    }
}

/// Why a mention counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// An alias that always counts.
    Alias,
    /// An ambiguous alias, with a context word or another alias of the entity nearby.
    Context,
    /// An ambiguous alias of a person who is named in full or speaks in the episode.
    Presence,
    /// An ambiguous alias close to a counted mention of the same entity: the topic goes on.
    Topic,
    /// An ambiguous alias listed with a counted mention of the same kind of thing: "Parcel,
    /// Webpack, or esbuild", "Nim, or Elm".
    List,
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
    counts.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
}

/// How an alias pattern may count for one entity.
#[derive(Clone, Debug)]
struct Claim {
    entity: EntityId,
    ambiguous: bool,
    /// Whether a plural ending may follow: for concepts and names of several words ("Jupyter
    /// notebooks", "type hints"), not for single names ("series" is not "Serie").
    plural: bool,
    /// Generated spelling variant rather than a written alias.
    variant: bool,
    /// For `case_sensitive` aliases: the exact (folded) form the text must have.
    exact: Option<Box<str>>,
}

#[derive(Clone, Debug)]
struct Pattern {
    claims: Vec<Claim>,
    /// The alias starts with a word character, so the text before it must not be one.
    word_start: bool,
    /// The alias ends with a word character: the text after it must not be one.
    word_end: bool,
    /// A plural `s`/`es` may follow.
    plural: PluralEnding,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PluralEnding {
    None,
    S,
    Es,
}

/// Per-entity judging data, folded and lower-cased once.
#[derive(Clone, Debug, Default)]
struct Judging {
    /// Context words, with a searcher each (SIMD substring search over lowercased text).
    context: Vec<memchr::memmem::Finder<'static>>,
    exclude: Vec<String>,
}

/// Finds catalog entities in transcripts. Build once per catalog; share across threads.
pub struct Extractor<'c> {
    catalog: &'c Catalog,
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    judging: Vec<Judging>,
    /// Person entities by the key of each of their unambiguous aliases (for speaker names).
    people_by_name: HashMap<String, EntityId>,
    /// Count every ambiguous alias without evidence (for measuring what the rules are worth).
    naive: bool,
}

/// Why an extractor could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot compile the catalog's {patterns} patterns: {source}")]
pub struct ExtractError {
    patterns: usize,
    source: aho_corasick::BuildError,
}

/// Up to this many patterns the automaton is a DFA.
const DFA_MAX_PATTERNS: usize = 5_000;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The spelling variants of an alias: separators between words swapped (see the module docs).
pub fn variants(alias: &str) -> Vec<String> {
    let folded = fold_str(alias);
    let chars: Vec<char> = folded.chars().collect();
    // Split into words and the separator runs between them.
    let mut words: Vec<String> = vec![String::new()];
    let mut seps: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let is_sep = matches!(c, ' ' | '-' | '_' | '.');
        let between_alnum = i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        let version_dot = c == '.'
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if is_sep && between_alnum && !version_dot {
            seps.push(c.to_string());
            words.push(String::new());
        } else {
            words.last_mut().expect("at least one word").push(c);
        }
        i += 1;
    }
    let mut out = vec![folded.split_whitespace().collect::<Vec<_>>().join(" ")];
    if seps.is_empty() {
        // Speech-to-text writes compound names as words: "Git Hub", "Fast API", "SQL Alchemy".
        if let Some(split) = split_camel_case(&folded) {
            out.push(split);
        }
        return out;
    }
    let join = |choice: &dyn Fn(usize) -> &'static str| {
        let mut s = words[0].clone();
        for (k, word) in words[1..].iter().enumerate() {
            s.push_str(choice(k));
            s.push_str(word);
        }
        s
    };
    // One separator used throughout: written "-", "_" and "." stand for themselves, and any
    // separator may be said as a space or not at all. (Mixed forms such as "sci-kit learn" are
    // misspellings, which the catalog lists.)
    let written_dot = seps.iter().any(|s| s == ".");
    let written_underscore = seps.iter().any(|s| s == "_" || s == "-");
    for sep in [" ", "-", ""]
        .into_iter()
        .chain(written_underscore.then_some("_"))
        .chain(written_dot.then_some("."))
    {
        out.push(join(&|_| sep));
    }
    let mut seen = HashSet::new();
    out.retain(|v| !v.is_empty() && seen.insert(v.to_lowercase()));
    out
}

/// "GitHub" → "Git Hub", "FastAPI" → "Fast API", "SQLAlchemy" → "SQL Alchemy"; `None` for a
/// word without inner capitals, or shorter than five letters ("PyPI" stays).
fn split_camel_case(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 5 || !chars.iter().all(|c| c.is_alphanumeric()) {
        return None;
    }
    let mut out = String::with_capacity(word.len() + 4);
    let mut splits = 0;
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 && c.is_uppercase() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || (prev.is_uppercase() && next_lower) {
                out.push(' ');
                splits += 1;
            }
        }
        out.push(c);
    }
    // Every part must be a word of two letters or more ("PyPI" → "Py PI" is not how it is said).
    let parts_ok = out.split(' ').all(|p| p.chars().count() >= 2)
        && !out
            .split(' ')
            .any(|p| p.chars().count() == 2 && p.chars().all(char::is_uppercase));
    (splits > 0 && parts_ok).then_some(out)
}

impl<'c> Extractor<'c> {
    /// Compiles the catalog's aliases into one automaton.
    pub fn new(catalog: &'c Catalog) -> Result<Self, ExtractError> {
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut people_by_name = HashMap::new();
        for (index, entity) in catalog.entities().iter().enumerate() {
            let id = EntityId(index as u32);
            let written = entity
                .aliases
                .iter()
                .map(|a| (a, false))
                .chain(entity.ambiguous_aliases.iter().map(|a| (a, true)));
            for (alias, ambiguous) in written {
                if entity.kind == Kind::Person && !ambiguous {
                    people_by_name.entry(alias_key(alias)).or_insert(id);
                }
                let case_sensitive = entity.case_sensitive.contains(alias);
                for (n, form) in variants(alias).into_iter().enumerate() {
                    let key = form.to_lowercase();
                    let slot = *by_key.entry(key).or_insert_with(|| {
                        // The automaton matches ASCII-lowercased text (see `scan`).
                        texts.push(form.to_ascii_lowercase());
                        patterns.push(Pattern::new(&form));
                        patterns.len() - 1
                    });
                    let claims = &mut patterns[slot].claims;
                    let exact = case_sensitive.then(|| form.clone().into_boxed_str());
                    // One entity may claim a pattern twice with different rules: "Flask" exactly,
                    // and "flask" in any case with evidence.
                    let known = claims
                        .iter()
                        .any(|c| c.entity == id && c.ambiguous == ambiguous && c.exact == exact);
                    if known {
                        continue;
                    }
                    claims.push(Claim {
                        entity: id,
                        ambiguous,
                        plural: entity.kind == Kind::Concept || form.contains([' ', '-']),
                        variant: n > 0,
                        exact,
                    });
                }
            }
        }
        // A DFA scans about three times faster than the contiguous NFA the crate picks by
        // itself, but its build time and memory grow fast with the patterns: worth it up to a
        // few thousand (measured in docs/performance.md).
        let kind = (texts.len() <= DFA_MAX_PATTERNS).then_some(AhoCorasickKind::DFA);
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(kind)
            // Anchored searches find shorter aliases where the longest is not a whole word.
            .start_kind(StartKind::Both)
            .build(&texts)
            .map_err(|source| ExtractError {
                patterns: texts.len(),
                source,
            })?;
        let judging = catalog
            .entities()
            .iter()
            .map(|e| Judging {
                context: e
                    .context
                    .iter()
                    .map(|w| fold_str(w).to_lowercase())
                    .filter(|w| !w.is_empty())
                    .map(|w| memchr::memmem::Finder::new(w.as_bytes()).into_owned())
                    .collect(),
                exclude: e
                    .exclude
                    .iter()
                    .map(|w| fold_str(w).to_lowercase())
                    .collect(),
            })
            .collect();
        Ok(Extractor {
            catalog,
            automaton,
            patterns,
            judging,
            people_by_name,
            naive: false,
        })
    }

    /// Turns the evidence rules off: every ambiguous alias counts as if it were an alias (excluded
    /// phrases and case rules still apply). Only for measuring what the rules are worth.
    pub fn without_evidence_rules(mut self) -> Self {
        self.naive = true;
        self
    }

    /// The catalog this extractor finds.
    pub fn catalog(&self) -> &'c Catalog {
        self.catalog
    }

    /// How many patterns (aliases and variants) the automaton holds.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Finds the mentions in a transcript, in text order.
    pub fn extract(&self, transcript: &Transcript) -> Vec<Mention> {
        let text = transcript.text();
        // ASCII-lowercased once: what the automaton and the context-word search run over.
        let lower = text.as_bytes().to_ascii_lowercase();
        let candidates = self.scan(text, &lower);

        // Who is present: people who speak, and every entity named by an unambiguous alias.
        let mut present: HashSet<EntityId> = transcript
            .speakers()
            .iter()
            .filter_map(|s| self.people_by_name.get(&alias_key(s)).copied())
            .collect();
        let mut mentions = Vec::with_capacity(candidates.len());
        let mut pending = Vec::new();
        for candidate in candidates {
            let claims = &self.patterns[candidate.pattern].claims;
            let sure = self.pick(
                claims
                    .iter()
                    .filter(|c| !c.ambiguous && self.claim_holds(c, text, &candidate)),
            );
            match sure {
                Some(entity) => {
                    present.insert(entity);
                    mentions.push(self.mention(transcript, entity, &candidate, Evidence::Alias));
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
            let claims = &self.patterns[candidate.pattern].claims;
            let mut judged = claims.iter().filter(|c| c.ambiguous).filter_map(|c| {
                if !self.claim_holds(c, text, &candidate) {
                    return None;
                }
                let entity = self.catalog.get(c.entity);
                if self.naive {
                    Some((c.entity, Evidence::Context))
                } else if entity.kind == Kind::Person {
                    present
                        .contains(&c.entity)
                        .then_some((c.entity, Evidence::Presence))
                } else if is_counted(text, candidate.start) {
                    None
                } else {
                    let near = sure_at.near(c.entity, &candidate, EVIDENCE_WINDOW)
                        || context_at.near(c.entity, &candidate, EVIDENCE_WINDOW);
                    (near || self.has_context_word(c.entity, text, &lower, &candidate))
                        .then_some((c.entity, Evidence::Context))
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

    /// One entity among claims that hold: exact-case aliases before written ones before
    /// generated variants; `None` if none or if it stays ambiguous. No allocation: this runs for
    /// every match.
    fn pick<'a>(&self, claims: impl Iterator<Item = &'a Claim>) -> Option<EntityId> {
        let (mut all, mut written, mut exact) = (Sole::default(), Sole::default(), Sole::default());
        for claim in claims {
            all.note(claim.entity);
            if !claim.variant {
                written.note(claim.entity);
            }
            if claim.exact.is_some() {
                exact.note(claim.entity);
            }
        }
        exact
            .only()
            .or_else(|| written.only())
            .or_else(|| if written.count == 0 { all.only() } else { None })
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

    /// Case, plural and exclusion rules of a claim.
    fn claim_holds(&self, claim: &Claim, text: &str, candidate: &Candidate) -> bool {
        let (start, end) = (candidate.start, candidate.end);
        let surface = &text[start..end];
        if candidate.plural && !claim.plural {
            return false;
        }
        if let Some(exact) = &claim.exact
            && (!surface.starts_with(&**exact)
                || (exact.starts_with(char::is_uppercase) && starts_sentence(text, start)))
        {
            // A capital at the start of a sentence says nothing: "Word of mouth", "Go ahead".
            return false;
        }
        let excludes = &self.judging[claim.entity.index()].exclude;
        !excludes
            .iter()
            .any(|phrase| phrase_covers(text, start, end, phrase))
    }

    /// Sweeps `unresolved` (in text order) forward or backward over `mentions` (in text order):
    /// a candidate within [`TOPIC_WINDOW`] of the last mention of exactly one of its entities
    /// becomes a mention, and carries the topic on. Returns the new mentions; the rest stays in
    /// `unresolved`. `O((M + U) · c)` for `c` claims per candidate.
    fn carry_topic(
        &self,
        transcript: &Transcript,
        mentions: &[Mention],
        unresolved: &mut Vec<Candidate>,
        forward: bool,
    ) -> Vec<Mention> {
        let text = transcript.text();
        let mut last: HashMap<EntityId, usize> = HashMap::new();
        let mut added = Vec::new();
        let mut kept = Vec::with_capacity(unresolved.len());
        let mut known = mentions.iter().peekable();
        let mut known_rev = mentions.iter().rev().peekable();
        let order: Box<dyn Iterator<Item = &Candidate>> = if forward {
            Box::new(unresolved.iter())
        } else {
            Box::new(unresolved.iter().rev())
        };
        for candidate in order {
            // Bring in every mention on the near side of the candidate.
            if forward {
                while let Some(m) = known.next_if(|m| m.start < candidate.start) {
                    last.insert(m.entity, m.end);
                }
            } else {
                while let Some(m) = known_rev.next_if(|m| m.start > candidate.start) {
                    last.insert(m.entity, m.start);
                }
            }
            let in_topic = |entity: EntityId| {
                last.get(&entity).is_some_and(|&at| {
                    if forward {
                        at + TOPIC_WINDOW >= candidate.start
                    } else {
                        candidate.end + TOPIC_WINDOW >= at
                    }
                })
            };
            let claims = &self.patterns[candidate.pattern].claims;
            let mut judged = claims.iter().filter(|c| {
                c.ambiguous
                    && self.catalog.get(c.entity).kind != Kind::Person
                    && in_topic(c.entity)
                    && self.claim_holds(c, text, candidate)
                    && !is_counted(text, candidate.start)
            });
            match (judged.next(), judged.next()) {
                (Some(claim), None) => {
                    let entity = claim.entity;
                    last.insert(
                        entity,
                        if forward {
                            candidate.end
                        } else {
                            candidate.start
                        },
                    );
                    added.push(self.mention(transcript, entity, candidate, Evidence::Topic));
                }
                _ => kept.push(*candidate),
            }
        }
        if !forward {
            kept.reverse();
        }
        *unresolved = kept;
        added
    }

    /// Counts the unresolved ambiguous matches that are items of a list whose neighbouring item
    /// is a counted mention of the same kind of thing (software and packages together, or
    /// organisations): in "Parcel, Webpack, or esbuild" the listed bundlers vouch for "Parcel".
    /// People are left to presence, and concepts out ("a generator, a decorator" lists words).
    /// Repeats while lists grow, so one counted item carries a whole list; each round is
    /// `O((M + U) log M)`.
    fn join_lists(
        &self,
        transcript: &Transcript,
        mentions: &mut Vec<Mention>,
        unresolved: &mut Vec<Candidate>,
    ) {
        let text = transcript.text();
        let group = |kind: Kind| match kind {
            Kind::Software | Kind::Package => Some(0),
            Kind::Organization => Some(1),
            _ => None,
        };
        loop {
            mentions.sort_by_key(|m| (m.start, m.entity));
            let before = unresolved.len();
            let mut added = Vec::new();
            unresolved.retain(|candidate| {
                // "these channels, and Zoom calls": a word after a determiner is the noun.
                if is_counted(text, candidate.start)
                    || starts_sentence(text, candidate.start)
                    || after_determiner(text, candidate.start)
                {
                    return true;
                }
                let at = mentions.partition_point(|m| m.start < candidate.start);
                let previous = at
                    .checked_sub(1)
                    .map(|i| &mentions[i])
                    .filter(|m| m.end <= candidate.start)
                    .filter(|m| is_list_separator(&text[m.end..candidate.start]));
                let next = mentions[at..]
                    .iter()
                    .find(|m| m.start >= candidate.end)
                    .filter(|m| is_list_separator(&text[candidate.end..m.start]));
                let neighbours: Vec<Option<usize>> = [previous, next]
                    .into_iter()
                    .flatten()
                    .map(|m| group(self.catalog.get(m.entity).kind))
                    .collect();
                let claims = &self.patterns[candidate.pattern].claims;
                let mut judged = claims.iter().filter(|c| {
                    c.ambiguous
                        && group(self.catalog.get(c.entity).kind).is_some_and(|g| {
                            neighbours.contains(&Some(g)) && self.claim_holds(c, text, candidate)
                        })
                });
                match (judged.next(), judged.next()) {
                    (Some(claim), None) => {
                        added.push(self.mention(
                            transcript,
                            claim.entity,
                            candidate,
                            Evidence::List,
                        ));
                        false
                    }
                    _ => true,
                }
            });
            mentions.extend(added);
            if unresolved.len() == before {
                break;
            }
        }
    }

    /// One of the entity's context words within the evidence window.
    fn has_context_word(
        &self,
        id: EntityId,
        text: &str,
        lower: &[u8],
        candidate: &Candidate,
    ) -> bool {
        let lo = floor_boundary(text, candidate.start.saturating_sub(EVIDENCE_WINDOW));
        let hi = ceil_boundary(text, (candidate.end + EVIDENCE_WINDOW).min(text.len()));
        let window = &text[lo..hi];
        self.judging[id.index()].context.iter().any(|finder| {
            let len = finder.needle().len();
            finder.find_iter(&lower[lo..hi]).any(|i| {
                whole_word_at(window, i, len)
                    && !(lo + i < candidate.end && lo + i + len > candidate.start)
            })
        })
    }

    /// The longest whole-word match starting at `start`: the one found, or where it is not a whole
    /// word ("Python 3" in "Python 311"), the next shorter alias there ("Python").
    fn accept_here(
        &self,
        text: &str,
        lower: &[u8],
        start: usize,
        mut pattern: usize,
        mut end: usize,
    ) -> Option<Candidate> {
        loop {
            if let Some((end, plural)) = self.patterns[pattern].accept(text, start, end) {
                return Some(Candidate {
                    pattern,
                    start,
                    end,
                    plural,
                });
            }
            let shorter = Input::new(lower)
                .span(start..end - 1)
                .anchored(Anchored::Yes);
            let m = self.automaton.find(shorter)?;
            (pattern, end) = (m.pattern().as_usize(), m.end());
        }
    }

    /// The whole-word matches in `text`, leftmost-longest, with possessive/plural endings.
    ///
    /// The automaton holds ASCII-lowercased patterns and runs over an ASCII-lowercased copy of
    /// the text: the same matches as an ASCII-case-insensitive automaton, at the same offsets,
    /// but with half the transitions to build and follow (most of the cost for large catalogs).
    fn scan(&self, text: &str, lower: &[u8]) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = self.automaton.find(Input::new(lower).span(at..text.len())) else {
                break;
            };
            match self.accept_here(text, lower, m.start(), m.pattern().as_usize(), m.end()) {
                Some(candidate) => {
                    at = candidate.end;
                    out.push(candidate);
                }
                // No whole word starts inside a word: where the rejected match began with a word
                // character, resume after that word rather than one character later, so each
                // byte is scanned once.
                None => {
                    at = next_char(text, m.start());
                    if text[m.start()..].chars().next().is_some_and(is_word_char) {
                        at = skip_word(text, at);
                    }
                }
            }
        }
        out
    }
}

#[derive(Clone, Copy, Debug)]
struct Candidate {
    pattern: usize,
    start: usize,
    end: usize,
    /// The match took a plural ending.
    plural: bool,
}

impl Pattern {
    fn new(form: &str) -> Pattern {
        let last = form.chars().next_back().unwrap_or(' ');
        let lower = form.to_ascii_lowercase();
        let plural = if !last.is_alphabetic() || form.chars().count() < 3 {
            PluralEnding::None
        } else if ["s", "x", "z", "ch", "sh"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            PluralEnding::Es
        } else {
            PluralEnding::S
        };
        Pattern {
            claims: Vec::new(),
            word_start: form.chars().next().is_some_and(is_word_char),
            word_end: is_word_char(last),
            plural,
        }
    }

    /// Whether a match at `start..end` is a whole word; returns the mention's end, with any
    /// possessive or plural ending, and whether the ending was a plural.
    fn accept(&self, text: &str, start: usize, end: usize) -> Option<(usize, bool)> {
        if self.word_start && text[..start].chars().next_back().is_some_and(is_word_char) {
            return None;
        }
        if !self.word_end {
            return Some((end, false));
        }
        let rest = &text[end..];
        let (ending, plural) = if rest.starts_with("'s") {
            (2, false)
        } else {
            match self.plural {
                PluralEnding::S if rest.starts_with(['s', 'S']) => (1, true),
                PluralEnding::Es if rest.get(..2).is_some_and(|e| e.eq_ignore_ascii_case("es")) => {
                    (2, true)
                }
                _ => (0, false),
            }
        };
        // The ending is only taken if the word ends after it; otherwise the bare match is tried.
        if ending > 0 && !rest[ending..].chars().next().is_some_and(is_word_char) {
            return Some((end + ending, plural));
        }
        (!rest.chars().next().is_some_and(is_word_char)).then_some((end, false))
    }
}

/// Whether `start` opens a sentence: the start of a segment, or after `.`, `?`, `!` or `:`.
fn starts_sentence(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '"', '\'', '(']);
    before.is_empty() || before.ends_with(['\n', '.', '?', '!', ':'])
}

/// Counts claims of one class and remembers the last: the entity, if there was exactly one.
#[derive(Default)]
struct Sole {
    count: usize,
    entity: Option<EntityId>,
}

impl Sole {
    fn note(&mut self, entity: EntityId) {
        self.count += 1;
        self.entity = Some(entity);
    }

    fn only(&self) -> Option<EntityId> {
        if self.count == 1 { self.entity } else { None }
    }
}

/// Where each entity is mentioned, as `(start, end)` spans pushed in text order.
#[derive(Default)]
struct Positions(HashMap<EntityId, Vec<(usize, usize)>>);

impl Positions {
    fn push(&mut self, entity: EntityId, start: usize, end: usize) {
        self.0.entry(entity).or_default().push((start, end));
    }

    /// Whether `entity` is mentioned within `window` bytes of `candidate`, in `O(log n)`.
    fn near(&self, entity: EntityId, candidate: &Candidate, window: usize) -> bool {
        let Some(spans) = self.0.get(&entity) else {
            return false;
        };
        // The first span starting after the candidate, and the one before it.
        let i = spans.partition_point(|&(start, _)| start <= candidate.start);
        let before = i.checked_sub(1).map(|j| spans[j]);
        let after = spans.get(i).copied();
        before.is_some_and(|(_, end)| end + window >= candidate.start)
            || after.is_some_and(|(start, _)| start <= candidate.end + window)
    }
}

/// Whether `phrase` (lower case) occurs in `text` so that it covers `start..end`.
fn phrase_covers(text: &str, start: usize, end: usize, phrase: &str) -> bool {
    let surface = &text[start..end];
    let len = surface.len();
    if phrase.len() < len {
        return false;
    }
    (0..=phrase.len() - len).any(|k| {
        phrase.is_char_boundary(k)
            && phrase.is_char_boundary(k + len)
            && phrase[k..k + len].eq_ignore_ascii_case(surface)
            && start >= k
            && text
                .get(start - k..start - k + phrase.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(phrase))
    })
}

/// Whether `hay[i..i + len]` is a whole word of `hay` (its ends are not inside words).
fn whole_word_at(hay: &str, i: usize, len: usize) -> bool {
    if !(hay.is_char_boundary(i) && hay.is_char_boundary(i + len)) {
        return false;
    }
    let word = &hay[i..i + len];
    let before_ok =
        !word.starts_with(is_word_char) || !hay[..i].chars().next_back().is_some_and(is_word_char);
    let after_ok =
        !word.ends_with(is_word_char) || !hay[i + len..].chars().next().is_some_and(is_word_char);
    before_ok && after_ok
}

/// The end of the run of word characters starting at `at`.
fn skip_word(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(text.len(), |(i, _)| at + i)
}

fn next_char(text: &str, at: usize) -> usize {
    let mut i = at + 1;
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::{ParseOptions, parse_bytes};
    use std::path::Path;

    const CATALOG: &str = r#"
[[entity]]
id = "pytest"
name = "pytest"
kind = "package"
aliases = ["pytest", "py.test"]

[[entity]]
id = "pytest-asyncio"
name = "pytest-asyncio"
kind = "package"
aliases = ["pytest-asyncio"]

[[entity]]
id = "asyncio"
name = "asyncio"
kind = "package"
aliases = ["asyncio"]

[[entity]]
id = "scikit-learn"
name = "scikit-learn"
kind = "package"
aliases = ["scikit-learn", "sci-kit learn", "sklearn"]

[[entity]]
id = "nodejs"
name = "Node.js"
kind = "software"
aliases = ["Node.js"]

[[entity]]
id = "cpp"
name = "C++"
kind = "software"
aliases = ["C++"]

[[entity]]
id = "dotnet"
name = ".NET"
kind = "software"
aliases = [".NET"]

[[entity]]
id = "fsharp"
name = "F#"
kind = "software"
aliases = ["F#"]

[[entity]]
id = "jupyter"
name = "Jupyter"
kind = "software"
aliases = ["Jupyter", "Jupyter notebook"]

[[entity]]
id = "serie"
name = "Serie"
kind = "software"
aliases = ["Serie"]

[[entity]]
id = "bokeh"
name = "Bokeh"
kind = "package"
aliases = ["Bokeh", "Boca"]

[[entity]]
id = "requests"
name = "requests"
kind = "package"
aliases = ["requests library"]
ambiguous_aliases = ["requests"]
context = ["HTTP", "Kenneth Reitz", "pip install", "import"]
exclude = ["requests per second", "pull requests", "feature requests"]

[[entity]]
id = "black"
name = "Black"
kind = "package"
aliases = ["black formatter"]
ambiguous_aliases = ["black"]
context = ["formatter", "format", "code style"]

[[entity]]
id = "brian-okken"
name = "Brian Okken"
kind = "person"
aliases = ["Brian Okken", "Brian Aukin"]
ambiguous_aliases = ["Brian", "Okken"]

[[entity]]
id = "brian-skinn"
name = "Brian Skinn"
kind = "person"
aliases = ["Brian Skinn"]
ambiguous_aliases = ["Brian", "Skinn"]

[[entity]]
id = "michael-kennedy"
name = "Michael Kennedy"
kind = "person"
aliases = ["Michael Kennedy"]
ambiguous_aliases = ["Michael", "Kennedy"]

[[entity]]
id = "flask"
name = "Flask"
kind = "package"
aliases = ["Flask"]
ambiguous_aliases = ["flask"]
case_sensitive = ["Flask"]
context = ["app", "web"]

[[entity]]
id = "go"
name = "Go"
kind = "software"
aliases = ["Golang", "Go"]
case_sensitive = ["Go"]

[[entity]]
id = "parcel"
name = "Parcel"
kind = "software"
aliases = ["Parcel bundler"]
ambiguous_aliases = ["Parcel"]
case_sensitive = ["Parcel"]
context = ["bundler"]
"#;

    fn catalog() -> Catalog {
        Catalog::from_toml_str(CATALOG).unwrap()
    }

    /// The ids found in `text`, read as plain prose, with their surface forms.
    fn found(text: &str) -> Vec<(String, String)> {
        let catalog = catalog();
        let extractor = Extractor::new(&catalog).unwrap();
        let t = parse_bytes(
            text.as_bytes(),
            Path::new("t.txt"),
            &ParseOptions::default(),
        )
        .unwrap();
        extractor
            .extract(&t)
            .into_iter()
            .map(|m| {
                (
                    catalog.get(m.entity).id.clone(),
                    t.text()[m.start..m.end].to_owned(),
                )
            })
            .collect()
    }

    fn ids(text: &str) -> Vec<String> {
        found(text).into_iter().map(|(id, _)| id).collect()
    }

    #[test]
    fn table_of_matches() {
        let cases: &[(&str, &[&str])] = &[
            ("we use pytest daily", &["pytest"]),
            ("PYTEST and Py.Test", &["pytest", "pytest"]),
            ("pytest-asyncio is a plugin", &["pytest-asyncio"]),
            ("pytest asyncio is a plugin", &["pytest-asyncio"]),
            ("asyncio's event loop", &["asyncio"]),
            ("pytest-asyncio's docs", &["pytest-asyncio"]),
            // Regression: when the longest alias is not a whole word, a shorter one still counts.
            ("we run pytest-asyncioxyz here", &["pytest"]),
            ("the series of talks", &[]),
            ("mypytest is not it", &[]),
            ("pytest_fixture", &[]),
            (
                "scikit-learn, scikit learn, sci-kit learn, scikitlearn, sklearn",
                &["scikit-learn"; 5],
            ),
            ("Node.js or Node JS or NodeJS or node-js", &["nodejs"; 4]),
            ("C++ and .NET and F# code", &["cpp", "dotnet", "fsharp"]),
            ("in C++11 land", &["cpp"]),
            ("Jupyter notebooks are fun", &["jupyter"]),
            ("charts with Boca, Flask", &["bokeh", "flask"]),
            ("I like Go and golang but let's go", &["go", "go"]),
            ("Go ahead. Then Go is fine", &["go"]),
            ("a Flask app", &["flask"]),
            ("a flask app", &["flask"]),
            ("a flask of coffee", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(ids(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn multibyte_text_after_a_name_is_no_plural() {
        // Regression: the "-es" plural check sliced two bytes into a multi-byte character.
        // "requests" ends in "s", so an "-es" plural is tried after it.
        for text in [
            "the requests\u{1F43C} here",
            "the requestse\u{e9}",
            "the requests\u{65e5}",
        ] {
            assert_eq!(ids(text), Vec::<String>::new(), "{text:?}");
        }
    }

    #[test]
    fn possessives_and_plurals_are_part_of_the_mention() {
        assert_eq!(
            found("asyncio's loop"),
            [("asyncio".into(), "asyncio's".into())]
        );
        assert_eq!(
            found("two Jupyter notebooks"),
            [("jupyter".into(), "Jupyter notebooks".into())]
        );
    }

    #[test]
    fn ambiguous_words_need_evidence_nearby() {
        let cases: &[(&str, &[&str])] = &[
            ("serving millions of requests per second", &[]),
            ("handles 10,000 requests a day over HTTP", &[]),
            ("a couple of requests to the HTTP API", &[]),
            ("the creator of requests, the HTTP library", &["requests"]),
            ("we merged three pull requests today", &[]),
            ("requests is the HTTP library for humans", &["requests"]),
            ("the requests library by Kenneth Reitz", &["requests"]),
            ("I wore a black shirt", &[]),
            ("run black on your code to format it", &["black"]),
            ("the black formatter", &["black"]),
        ];
        for (text, expected) in cases {
            assert_eq!(ids(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn items_of_a_list_vouch_for_each_other() {
        let cases: &[(&str, &[&str])] = &[
            (
                "we tried Parcel, Jupyter, or Node.js",
                &["parcel", "jupyter", "nodejs"],
            ),
            ("so Jupyter and Parcel", &["jupyter", "parcel"]),
            // One counted item carries the whole list, whatever its position.
            (
                "tools like Parcel, Black, and pytest",
                &["parcel", "black", "pytest"],
            ),
            (
                "pytest, requests and asyncio",
                &["pytest", "requests", "asyncio"],
            ),
            // A word after a determiner is the noun, not an item of a list of names.
            ("over these requests, and Jupyter calls", &["jupyter"]),
            ("the Parcel, Jupyter and Node.js", &["jupyter", "nodejs"]),
            // A sentence boundary ends a list; a counted noun is the noun; a sentence start
            // says nothing.
            ("it came by Parcel. Jupyter is nice", &["jupyter"]),
            ("millions of requests, pytest", &["pytest"]),
            ("Parcel, Jupyter", &["jupyter"]),
            // People are judged by presence, not by lists.
            ("thanks Brian, pytest", &["pytest"]),
            ("we sent a Parcel to the office", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(ids(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn list_separators() {
        for joined in [
            ", ", " and ", " or ", ", and ", ", or ", " & ", "/", " vs ", " versus ",
        ] {
            assert!(is_list_separator(joined), "{joined:?}");
        }
        for apart in [" ", ". ", " with ", " and then ", ", so ", ""] {
            assert!(!is_list_separator(apart), "{apart:?}");
        }
    }

    #[test]
    fn evidence_must_be_near() {
        let far = format!(
            "black is the formatter.\n\n{}\n\nI wore a black shirt.",
            "word ".repeat(400)
        );
        assert_eq!(ids(&far), ["black"]);
    }

    #[test]
    fn a_topic_carries_to_the_same_word_nearby() {
        // Context within 150 bytes for the first "black"; the second has none of its own but
        // comes while Black is being discussed; the third is past the topic window.
        let text = format!(
            "run black to format your code.\n{}\nso black it is.\n{}\nmy black shirt.",
            "and then we talked ".repeat(10),
            "word ".repeat(400)
        );
        let found: Vec<(String, String)> = found(&text);
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn first_names_count_once_the_person_is_present() {
        assert_eq!(ids("Hey Brian, how are you?"), Vec::<String>::new());
        assert_eq!(
            ids("I'm here with Brian Okken. Hey Brian, how are you?"),
            ["brian-okken", "brian-okken"]
        );
        // Misspelled full names count, and make the short name count.
        assert_eq!(
            ids("On behalf of Brian Aukin. Thanks Brian."),
            ["brian-okken", "brian-okken"]
        );
        // Two Brians present: a bare "Brian" could be either.
        assert_eq!(
            ids("Brian Okken and Brian Skinn are here. Brian, go ahead."),
            ["brian-okken", "brian-skinn"]
        );
    }

    #[test]
    fn speakers_make_their_names_count_but_labels_are_never_mentions() {
        let text =
            "Michael KENNEDY: Hello there.\n\nBrian OKKEN: Thanks Michael.\n\nKENNEDY: Bye.\n";
        assert_eq!(ids(text), ["michael-kennedy"]);
        let vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Brian Okken>Hi, I'm Brian.\n";
        assert_eq!(ids(vtt), ["brian-okken"]);
    }

    #[test]
    fn spans_quote_the_original_file() {
        let catalog = catalog();
        let extractor = Extractor::new(&catalog).unwrap();
        let source = "00:00:01 We\u{2019}re using \u{201C}pytest\u{201D} here.\n";
        let t = parse_bytes(
            source.as_bytes(),
            Path::new("x.txt"),
            &ParseOptions::default(),
        )
        .unwrap();
        let m = extractor.extract(&t)[0];
        assert_eq!(&t.source()[t.source_span(m.start..m.end)], "pytest");
        assert_eq!(t.segments()[m.segment].start.unwrap().as_millis(), 1000);
    }

    #[test]
    fn variants_of_aliases() {
        assert_eq!(variants("pytest"), ["pytest"]);
        assert_eq!(
            variants("scikit-learn"),
            [
                "scikit-learn",
                "scikit learn",
                "scikitlearn",
                "scikit_learn"
            ]
        );
        assert_eq!(
            variants("Python 3.11"),
            ["Python 3.11", "Python-3.11", "Python3.11"]
        );
        assert_eq!(
            variants("Node.js"),
            ["Node.js", "Node js", "Node-js", "Nodejs"]
        );
        assert_eq!(variants("a-b-c-d").len(), 4);
        assert_eq!(variants("C++"), ["C++"]);
        assert_eq!(variants("GitHub"), ["GitHub", "Git Hub"]);
        assert_eq!(variants("SQLAlchemy"), ["SQLAlchemy", "SQL Alchemy"]);
        assert_eq!(variants("FastAPI"), ["FastAPI", "Fast API"]);
        assert_eq!(variants("PyPI"), ["PyPI"]);
        assert_eq!(variants("iPhone"), ["iPhone"]);
        assert_eq!(variants(".NET"), [".NET"]);
    }
}
