//! Judgement: which entity, if any, each scanned match is, given the episode around it.
//!
//! The scanner reports where the catalog's spellings occur; whether "black" there is the
//! formatter, or "Brian" a particular Brian, depends on the rest of the episode. The rules are
//! described in the module docs of `extract`; this module holds the per-entity data they read
//! ([`Judging`]), the checks every claim must pass ([`Extractor::claim_holds`]), the choice among
//! claims ([`Extractor::pick`]), the evidence of context words, and the passes that let counted
//! mentions vouch for ambiguous ones: lists ([`Extractor::join_lists`]) and topics
//! ([`Extractor::carry_topic`]). The words around a single match are read by `cues`.

use std::collections::HashMap;

use super::cues::{
    after_determiner, is_counted, is_list_separator, letter_not_name, phrase_covers,
    reads_as_command, starts_sentence,
};
use super::scan::{Candidate, Claim, whole_word_at};
use super::{EVIDENCE_WINDOW, Evidence, Extractor, Mention, TOPIC_WINDOW};
use crate::catalog::{Entity, EntityId, Kind};
use crate::discover::words::is_english;
use crate::transcript::Transcript;
use crate::transcript::text::fold_str;

/// Per-entity judging data, folded and lower-cased once.
#[derive(Clone, Debug, Default)]
pub(super) struct Judging {
    /// Context words, with a searcher each (SIMD substring search over lowercased text).
    context: Vec<memchr::memmem::Finder<'static>>,
    exclude: Vec<String>,
}

impl Judging {
    /// The judging data of one entity.
    pub(super) fn new(entity: &Entity) -> Judging {
        Judging {
            context: entity
                .context
                .iter()
                .map(|w| fold_str(w).to_lowercase())
                .filter(|w| !w.is_empty())
                .map(|w| memchr::memmem::Finder::new(w.as_bytes()).into_owned())
                .collect(),
            exclude: entity
                .exclude
                .iter()
                .map(|w| fold_str(w).to_lowercase())
                .collect(),
        }
    }
}

impl Extractor<'_> {
    /// One entity among claims that hold: exact-case aliases before written ones before
    /// generated variants; `None` if none or if it stays ambiguous. No allocation: this runs for
    /// every match.
    pub(super) fn pick<'a>(&self, claims: impl Iterator<Item = &'a Claim>) -> Option<EntityId> {
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

    /// Case, plural and exclusion rules of a claim.
    pub(super) fn claim_holds(&self, claim: &Claim, text: &str, candidate: &Candidate) -> bool {
        let (start, end) = (candidate.start, candidate.end);
        let surface = &text[start..end];
        if candidate.plural && !claim.plural {
            return false;
        }
        if let Some(exact) = &claim.exact
            && (!surface.starts_with(&**exact)
                || (capital_only_first(exact) && starts_sentence(text, start)))
        {
            // A capital at the start of a sentence says nothing: "Word of mouth", "Go ahead".
            // Other capitals do ("TAC", "WeMake", "Brandon Brainer out in the live stream").
            return false;
        }
        if letter_not_name(text, start, end) {
            return false;
        }
        let excludes = &self.judging[claim.entity.index()].exclude;
        !excludes
            .iter()
            .any(|phrase| phrase_covers(text, start, end, phrase))
    }

    /// Whether a claim fails [`Extractor::claim_holds`] only because its exact-case form is
    /// capitalised at the start of a sentence ("Sun's original idea was Java"): the capital says
    /// nothing, so the word may be the name or the word, and evidence nearby decides — unless the
    /// next word makes it a command ("Go back and listen").
    pub(super) fn holds_but_for_sentence_start(
        &self,
        claim: &Claim,
        text: &str,
        candidate: &Candidate,
    ) -> bool {
        let start = candidate.start;
        claim.exact.as_deref().is_some_and(|exact| {
            claim.ambiguous
                && text[start..candidate.end].starts_with(exact)
                && capital_only_first(exact)
                && starts_sentence(text, start)
                && !reads_as_command(text, candidate.end)
                && !letter_not_name(text, start, candidate.end)
                && (claim.plural || !candidate.plural)
                && !self.judging[claim.entity.index()]
                    .exclude
                    .iter()
                    .any(|phrase| phrase_covers(text, start, candidate.end, phrase))
        })
    }

    /// Sweeps `unresolved` (in text order) forward or backward over `mentions` (in text order):
    /// a candidate within [`TOPIC_WINDOW`] of the last mention of exactly one of its entities
    /// becomes a mention, and carries the topic on. Returns the new mentions; the rest stays in
    /// `unresolved`. `O((M + U) · c)` for `c` claims per candidate.
    pub(super) fn carry_topic(
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
            let claims = self.scanner.claims(candidate);
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
    /// People are left to presence, and concepts out ("a generator, a decorator" lists words);
    /// an English word joined by a bare "and" or "or" to a capitalised name goes on the sentence
    /// ("contribute to Kafka and bail"). Repeats while lists grow, so one counted item carries a
    /// whole list; each round is `O((M + U) log M)`.
    pub(super) fn join_lists(
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
                // An English word in lower case joined by a bare "and" or "or" to a capitalised
                // name goes on the sentence, not a list: "contribute to Kafka and bail", "join
                // Render and build out your team" (while "flake8 and black" is a list).
                let surface = &text[candidate.start..candidate.end];
                let a_word = !surface.chars().any(char::is_uppercase) && is_english(surface);
                let joins = |between: &str, name: &Mention| {
                    is_list_separator(between)
                        && !(a_word
                            && matches!(between, " and " | " or ")
                            && text[name.start..name.end].starts_with(char::is_uppercase))
                };
                let at = mentions.partition_point(|m| m.start < candidate.start);
                let previous = at
                    .checked_sub(1)
                    .map(|i| &mentions[i])
                    .filter(|m| m.end <= candidate.start)
                    .filter(|m| joins(&text[m.end..candidate.start], m));
                let next = mentions[at..]
                    .iter()
                    .find(|m| m.start >= candidate.end)
                    .filter(|m| joins(&text[candidate.end..m.start], m));
                let neighbours: Vec<Option<usize>> = [previous, next]
                    .into_iter()
                    .flatten()
                    .map(|m| group(self.catalog.get(m.entity).kind))
                    .collect();
                let claims = self.scanner.claims(candidate);
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
    pub(super) fn has_context_word(
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
pub(super) struct Positions(HashMap<EntityId, Vec<(usize, usize)>>);

impl Positions {
    pub(super) fn push(&mut self, entity: EntityId, start: usize, end: usize) {
        self.0.entry(entity).or_default().push((start, end));
    }

    /// Whether `entity` is mentioned within `window` bytes of `candidate`, in `O(log n)`.
    pub(super) fn near(&self, entity: EntityId, candidate: &Candidate, window: usize) -> bool {
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

/// The last character boundary at or before `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first character boundary at or after `i`.
fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whether the only capital of `form` is its first letter ("Word", "Go"): the one capital a
/// sentence start gives any word.
fn capital_only_first(form: &str) -> bool {
    let mut chars = form.chars();
    chars.next().is_some_and(char::is_uppercase) && !chars.any(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{catalog, ids, mentions, transcript};
    use super::*;

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
    fn a_word_introduced_as_a_name_is_the_name() {
        let cases: &[(&str, &[&str])] = &[
            ("there is a tool called black", &["black"]),
            ("we looked at something named requests", &["requests"]),
            // The name introduced is longer than the word.
            ("a website called Black Arbs wrote about it", &[]),
            // Working at an organisation names it; working at a thing does not.
            ("he was working at Cruise before that", &["cruise"]),
            ("I worked for Cruise for years", &["cruise"]),
            ("we took a Cruise last year", &[]),
            // An example of a kind of thing is a name; "like" alone is not.
            ("we tried tools like black", &["black"]),
            ("startups such as Cruise grew", &["cruise"]),
            ("it looks like black to me", &[]),
            ("a tool as black as night", &[]),
            // What the name is said to be, after it.
            (
                "so enter black. black is a command line app",
                &["black", "black"],
            ),
            ("I think Cruise was a startup then", &["cruise"]),
            ("the sky is black is a lie", &[]),
            ("it was black as a tool", &[]),
            ("the sky is black is a colour. Tools matter", &[]),
            ("she is working at black and white photos", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(ids(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn a_name_at_a_sentence_start_counts_with_evidence_nearby() {
        let cases: &[(&str, &[&str])] = &[
            // The capital says nothing at a sentence start; a context word decides.
            ("we shipped it. Parcel is a fast bundler", &["parcel"]),
            ("we shipped it. Parcel arrived today", &[]),
            // Said as a command, the word is the verb, whatever is near.
            ("a bundler. Parcel it up and send it", &[]),
            // Mid-sentence, the capital counts as before.
            ("we use Parcel as the bundler", &["parcel"]),
        ];
        for (text, expected) in cases {
            assert_eq!(ids(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn a_name_spelled_out_is_the_name() {
        let cases: &[(&str, &[&str])] = &[
            ("try the one called P-Y-T-E-S-T today", &["pytest"]),
            // Spelled, an ambiguous word is the name: the speaker spelled it to be found.
            ("it's spelled P-A-R-C-E-L, by the way", &["parcel"]),
            ("or in lower case, p-a-r-c-e-l.", &["parcel"]),
            // Letters opening a compound, too few letters, or letters inside a word spell
            // nothing.
            ("see P-Y-T-E-S-T-dev for that", &[]),
            ("an A-B test", &[]),
            ("the XP-A-R-C-E-L thing", &[]),
            // A bare given name or surname spelled out still needs its person present.
            ("that's O-K-K-E-N with two Ks", &[]),
            (
                "Brian Okken says O-K-K-E-N",
                &["brian-okken", "brian-okken"],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(ids(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn a_name_in_its_capitals_after_a_preposition_counts() {
        let cases: &[(&str, &[&str])] = &[
            ("we packed it all with Parcel last year", &["parcel"]),
            // The capital is the evidence: not in lower case, not at a sentence start, and not
            // for a name the catalog holds in every case.
            ("we packed it all with parcel last year", &[]),
            ("we sent it. Parcel arrived", &[]),
            ("we sent a Parcel to them", &[]),
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
        let catalog = catalog();
        let t = transcript(&text);
        let at: Vec<usize> = t.text().match_indices("black").map(|(i, _)| i).collect();
        let [first, second, third] = at[..] else {
            panic!("three times \"black\" in {:?}", t.text());
        };
        // What the test is about: only the first has a context word near, and only the second
        // is within the topic window of a counted mention.
        let format = t.text().find("format").unwrap();
        assert!(format < first + 5 + EVIDENCE_WINDOW);
        assert!(second > format + EVIDENCE_WINDOW && second > first + 5 + EVIDENCE_WINDOW);
        assert!(second <= first + 5 + TOPIC_WINDOW && third > second + 5 + TOPIC_WINDOW);
        let black = catalog.by_id("black").unwrap();
        let mention = |start: usize, evidence: Evidence| Mention {
            entity: black,
            start,
            end: start + "black".len(),
            // Plain prose without speakers or times is one segment.
            segment: 0,
            evidence,
        };
        assert_eq!(
            mentions(&catalog, &t),
            [
                mention(first, Evidence::Context),
                mention(second, Evidence::Topic)
            ]
        );
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
    fn a_bare_name_counts_beside_its_persons_context_word() {
        // Not present, but the context says who: "Beyang, actually... Speaking of Sourcegraph".
        assert_eq!(
            ids("Brian, the host of Test & Code, wrote it."),
            ["brian-okken"]
        );
        assert_eq!(ids("Brian Okin, host of Test & Code."), ["brian-okken"]);
        // Someone else's full name, or no context word nearby.
        assert_eq!(
            ids("I met Brian Ketelsen, host of a show."),
            Vec::<String>::new()
        );
        assert_eq!(ids("I asked Brian about it."), Vec::<String>::new());
    }

    #[test]
    fn speakers_make_their_names_count_but_labels_are_never_mentions() {
        let text =
            "Michael KENNEDY: Hello there.\n\nBrian OKKEN: Thanks Michael.\n\nKENNEDY: Bye.\n";
        assert_eq!(ids(text), ["michael-kennedy"]);
        let vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Brian Okken>Hi, I'm Brian.\n";
        assert_eq!(ids(vtt), ["brian-okken"]);
    }
}
