//! Which stored episodes a changed entity could be said in: a small Bloom filter of each
//! episode's words, and the words of each spelling an entity is matched by.
//!
//! Discovery decides entities from the whole corpus, so adding one episode can add, drop or
//! change a discovered entity, and with it what every episode's extraction would find. Most
//! episodes never say that entity; re-extracting them all would make a rebuild as slow as a
//! build. An entity can change an episode's mentions only where one of its spellings matches
//! (the automaton's claims, list neighbours and presence all start from a match), and a
//! spelling matches only where every word of it is a word of the text. So each stored episode
//! keeps a filter of its words, and an episode is looked at again only where the filter may
//! hold every word of a changed entity's spelling. The filter errs one way: a word it was
//! never given may test present (about one test in three hundred at its size), never the
//! reverse. It knows words, not their order, so "Show K" passes wherever "show" and "k" are
//! said: an episode it passes is read again and searched for the spellings themselves
//! ([`ChangedSpellings`]), and extracted again only if one is there.
//!
//! Words are runs of the characters the matcher treats as word characters, ASCII-lowercased
//! as the matcher's text is. A word of the text is also added without a plural or possessive
//! `s` / `es`, since a spelling matches "Jupyter notebooks" as "Jupyter notebook".

use serde::{Deserialize, Serialize};

use crate::catalog::{Entity, Kind};
use crate::extract::{
    for_each_said_word, for_each_spelled, for_each_word, is_word_char, variants, word_hash,
};

// Changing either changes what a stored filter means: bump the cache's `FORMAT`.

/// Bits per distinct word: about a 0.3 % false-positive rate with [`PROBES`] probes.
const BITS_PER_WORD: usize = 12;
/// Bits set and tested per word.
const PROBES: u64 = 8;

/// The words of one episode, as a Bloom filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordFilter {
    bits: Vec<u64>,
}

impl WordFilter {
    /// The filter of the words of `texts` (the spoken text and the speaker labels): `O(n)`.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> WordFilter {
        let mut words: Vec<u64> = Vec::new();
        for text in texts {
            for_each_said_word(text, |word| words.push(word));
        }
        words.sort_unstable();
        words.dedup();
        let len = (words.len() * BITS_PER_WORD).next_power_of_two().max(64) / 64;
        let mut filter = WordFilter { bits: vec![0; len] };
        for word in words {
            for bit in filter.probes(word) {
                filter.bits[bit / 64] |= 1 << (bit % 64);
            }
        }
        filter
    }

    /// Whether the episode may hold every word of `spelling` (the word hashes of one of the
    /// spellings `ChangedSpellings` holds).
    pub fn may_hold_all(&self, spelling: &[u64]) -> bool {
        // Made with a power-of-two size; read back otherwise, it is no filter: it rules
        // nothing out.
        if !self.bits.len().is_power_of_two() {
            return true;
        }
        spelling.iter().all(|&word| {
            self.probes(word)
                .all(|bit| self.bits[bit / 64] & (1 << (bit % 64)) != 0)
        })
    }

    /// The bits of `word`: double hashing over a power-of-two size (a mask, not a division).
    fn probes(&self, word: u64) -> impl Iterator<Item = usize> + use<> {
        let mask = (self.bits.len() as u64 * 64).next_power_of_two() - 1;
        let (a, b) = (word, (word >> 32) | 1);
        (0..PROBES).map(move |i| (a.wrapping_add(i.wrapping_mul(b)) & mask) as usize)
    }
}

/// One way an entity claims a pattern of the matcher: the spelling (an alias or a variant of
/// one, lower-cased) and the rules the claim carries.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct Spelling {
    form: String,
    ambiguous: bool,
    /// The case it must be in, for a case-sensitive alias.
    exact: Option<String>,
    variant: bool,
}

/// What matching reads of an entity: how it claims patterns, and a fingerprint of the rest
/// (name, kind, context words, exclusions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedAs {
    person: bool,
    /// A concept's spellings may take a plural ending ("Jupyter notebooks").
    concept: bool,
    rest: u64,
    spellings: Vec<Spelling>,
}

impl MatchedAs {
    /// How `entity` is matched, as [`crate::extract`]'s scanner compiles it.
    pub fn of(entity: &Entity) -> MatchedAs {
        let written = (entity.aliases.iter().map(|a| (a, false)))
            .chain(entity.ambiguous_aliases.iter().map(|a| (a, true)));
        let mut spellings = Vec::new();
        for (alias, ambiguous) in written {
            let case_sensitive = entity.case_sensitive.contains(alias);
            for (n, form) in variants(alias).into_iter().enumerate() {
                spellings.push(Spelling {
                    form: form.to_lowercase(),
                    ambiguous,
                    exact: case_sensitive.then(|| form.clone()),
                    variant: n > 0,
                });
            }
        }
        spellings.sort_unstable();
        spellings.dedup();
        use std::hash::BuildHasher;
        let rest = foldhash::quality::FixedState::with_seed(0x7265_7374).hash_one((
            &entity.name,
            entity.kind.name(),
            &entity.context,
            &entity.exclude,
        ));
        MatchedAs {
            person: entity.kind == Kind::Person,
            concept: entity.kind == Kind::Concept,
            rest,
            spellings,
        }
    }

    /// The spellings where an episode's extraction can change when an entity matched as `old`
    /// is matched as `new` (`None`: not in that catalog), or is `moved` among the others.
    ///
    /// Where only some spellings changed, only those can change anything: the others make the
    /// same candidates with the same claims. A person's ambiguous spellings (a first name, a
    /// surname) are left out: they count only where the person is present — named by an
    /// alias, or speaking under one — so for them the person's aliases stand in. A new pattern
    /// adds candidates only where it is said, and the scan resumes after the word either way.
    /// Without this, every guest of a shard would send every episode that says a common first
    /// name back to extraction at a merge.
    pub fn changed_forms(
        old: Option<&MatchedAs>,
        new: Option<&MatchedAs>,
        moved: bool,
    ) -> Vec<Form> {
        let form = |m: &MatchedAs, s: &Spelling| {
            // Only a claim on one word can be left out where it cannot hold: on several words,
            // its pattern could still take the place of a shorter one that held.
            let one_word = s.form.chars().all(is_word_char);
            Form {
                // The claim's rule in the scanner: a concept, or a name of several words.
                plural: !one_word || m.concept,
                exact: s.exact.clone().filter(|_| one_word),
                text: s.form.clone(),
            }
        };
        let presence = |m: &MatchedAs| -> Vec<Form> {
            m.spellings
                .iter()
                .filter(|s| !(m.person && s.ambiguous))
                .map(|s| form(m, s))
                .collect()
        };
        match (old, new) {
            (Some(old), Some(new)) if !moved && old.rest == new.rest => {
                if old.spellings == new.spellings {
                    return Vec::new();
                }
                let only = |a: &MatchedAs, b: &MatchedAs| -> Vec<Spelling> {
                    (a.spellings.iter())
                        .filter(|s| b.spellings.binary_search(s).is_err())
                        .cloned()
                        .collect()
                };
                let differ: Vec<Spelling> = [only(old, new), only(new, old)].concat();
                let person = old.person;
                let mut forms: Vec<Form> = (differ.iter())
                    .filter(|s| !(person && s.ambiguous))
                    .map(|s| form(new, s))
                    .collect();
                if person && differ.iter().any(|s| s.ambiguous) {
                    forms.extend(presence(old));
                    forms.extend(presence(new));
                }
                forms
            }
            (old, new) => [old, new]
                .into_iter()
                .flatten()
                .flat_map(presence)
                .collect(),
        }
    }
}

/// A spelling to look for, lower-cased, with what its claim needs to hold where the claim is
/// on one word: a plural ending allowed, or the exact case.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Form {
    text: String,
    plural: bool,
    exact: Option<String>,
}

/// The spellings of the entities that changed since a cache was written: which of its
/// episodes must be extracted again.
pub struct ChangedSpellings {
    /// Each spelling's words, hashed; a spelling of no word at all ("++") is an empty list,
    /// which every filter holds.
    words: Vec<Vec<u64>>,
    /// The spellings themselves, matched as the extraction's automaton matches (ASCII case
    /// insensitive), anywhere.
    automaton: Option<aho_corasick::AhoCorasick>,
    /// By pattern of the automaton: what its claim needs to hold.
    forms: Vec<Form>,
}

impl ChangedSpellings {
    /// Of these spellings (lower-cased, from [`MatchedAs::changed_forms`]).
    pub fn new(mut spellings: Vec<Form>) -> ChangedSpellings {
        spellings.sort_unstable();
        spellings.dedup();
        let mut words: Vec<Vec<u64>> = spellings
            .iter()
            .map(|s| {
                let mut words = Vec::new();
                for_each_word(&s.text, |w| words.push(word_hash(w)));
                words
            })
            .collect();
        words.sort_unstable();
        words.dedup();
        let automaton = (!spellings.is_empty()).then(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(spellings.iter().map(|s| &s.text))
                .expect("spellings the extraction's automaton compiled compile here")
        });
        ChangedSpellings {
            words,
            automaton,
            forms: spellings,
        }
    }

    /// Whether an episode with this filter may say one of the spellings.
    pub fn may_be_in(&self, filter: &WordFilter) -> bool {
        self.words.iter().any(|s| filter.may_hold_all(s))
    }

    /// Whether one of the spellings is said in one of `texts` (an episode's text and speaker
    /// labels) as the extraction's scanner could find it: in any ASCII case, not inside a word
    /// where the spelling starts or ends with a word character, a possessive ending allowed, a
    /// plural one where the claim allows it, in the exact case where the claim needs it. A
    /// superset of the matches whose claims can hold: a claim on one word that cannot hold
    /// there makes no mention, and its candidate covers only a word no other pattern could
    /// have matched whole. `O(n)` per text, plus each match.
    pub fn are_in<'a>(&self, mut texts: impl Iterator<Item = &'a str>) -> bool {
        let Some(automaton) = &self.automaton else {
            return false;
        };
        texts.any(|text| {
            let written = automaton.find_overlapping_iter(text).any(|m| {
                let form = &self.forms[m.pattern().as_usize()];
                whole_word(text, m.start(), m.end(), form.plural)
                    && form
                        .exact
                        .as_ref()
                        .is_none_or(|e| text[m.start()..].starts_with(&**e))
            });
            // Spelled out, a name is matched whole, in any case.
            let mut spelled = false;
            if !written {
                for_each_spelled(text, |_, _, word| {
                    spelled = spelled
                        || automaton
                            .find_overlapping_iter(word)
                            .any(|m| m.start() == 0 && m.end() == word.len());
                });
            }
            written || spelled
        })
    }
}

/// Whether `text[start..end]` is not part of a longer word on a side where it begins or ends
/// with a word character, but for a possessive ending ("Okken's", where the apostrophe ends
/// the word) and, if `plural`, a plural one ("notebooks").
fn whole_word(text: &str, start: usize, end: usize, plural: bool) -> bool {
    let found = &text[start..end];
    let starts_word = found.chars().next().is_some_and(is_word_char);
    if starts_word && text[..start].chars().next_back().is_some_and(is_word_char) {
        return false;
    }
    if !found.chars().next_back().is_some_and(is_word_char) {
        return true;
    }
    let after = &text[end..];
    if !plural {
        return !after.chars().next().is_some_and(is_word_char);
    }
    let after = after
        .strip_prefix("es")
        .or_else(|| after.strip_prefix('s'))
        .filter(|rest| !rest.chars().next().is_some_and(is_word_char))
        .unwrap_or(after);
    !after.chars().next().is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(aliases: &[&str]) -> Entity {
        let mut e = crate::catalog::Catalog::load(true, &[])
            .unwrap()
            .entities()
            .first()
            .cloned()
            .expect("an entity to copy");
        e.kind = Kind::Software;
        e.aliases = aliases.iter().map(|a| a.to_string()).collect();
        e.ambiguous_aliases.clear();
        e.case_sensitive.clear();
        e
    }

    fn spellings(e: &Entity) -> Vec<Form> {
        MatchedAs::changed_forms(None, Some(&MatchedAs::of(e)), false)
    }

    fn may_say(text: &str, aliases: &[&str]) -> bool {
        let changed = ChangedSpellings::new(spellings(&entity(aliases)));
        let said = changed.may_be_in(&WordFilter::of([text]));
        // The exact search finds at least what the filter lets through.
        assert!(!changed.are_in([text].into_iter()) || said, "{text}");
        said
    }

    #[test]
    fn every_spelling_the_matcher_finds_is_held_by_the_filter() {
        assert!(may_say("we used scikit-learn today", &["scikit-learn"]));
        assert!(may_say("we used scikitlearn today", &["scikit-learn"]));
        assert!(may_say("Guido van Rossum's talk", &["Guido van Rossum"]));
        assert!(may_say("two Jupyter notebooks", &["Jupyter notebook"]));
        assert!(may_say("the ASP.NET stack", &[".NET"]));
        assert!(may_say("written in C++", &["C++"]));
        assert!(may_say("NODE.JS and friends", &["Node.js"]));
    }

    #[test]
    fn a_name_spelled_out_is_said() {
        // Extraction matches "F-L-Y-N-T" as flynt: a stored episode that spells it says it.
        let changed = ChangedSpellings::new(spellings(&entity(&["flynt"])));
        let text = "a tool called Flint, F-L-Y-N-T, for f-strings";
        assert!(may_say(text, &["flynt"]));
        assert!(changed.are_in([text].into_iter()));
        // Not where the letters open a compound, as extraction does not match them there.
        assert!(!changed.are_in(["see F-L-Y-N-T-dev"].into_iter()));
    }

    #[test]
    fn an_entity_whose_words_are_not_said_is_ruled_out() {
        // Not one of these may pass: a false positive costs only a re-extraction, but a filter
        // that passes everything would make every rebuild a full one.
        assert!(!may_say(
            "we talked about pytest today",
            &["Guido van Rossum"]
        ));
        assert!(!may_say("guido came by", &["Guido van Rossum"]));
        assert!(!may_say("a plain episode", &["Vitess"]));
    }

    #[test]
    fn words_said_apart_are_no_spelling_of_a_name() {
        let changed = ChangedSpellings::new(spellings(&entity(&["Show K"])));
        let text = "the show we did with k and more";
        // The filter knows words, not their order: the search decides.
        assert!(changed.may_be_in(&WordFilter::of([text])));
        assert!(!changed.are_in([text].into_iter()));
        assert!(changed.are_in(["welcome to Show K", "x"].into_iter()));
    }

    #[test]
    fn a_spelling_inside_a_word_is_not_said() {
        let changed = ChangedSpellings::new(spellings(&entity(&["SES"])));
        assert!(!changed.are_in(["it uses cases and sessions"].into_iter()));
        for said in ["Amazon SES.", "SES's limits", "ses"] {
            assert!(changed.are_in([said].into_iter()), "{said}");
        }
        // The scanner lets no plural follow a one-word name of a thing: "SESes" is no mention.
        assert!(!changed.are_in(["two SESes"].into_iter()));
        let notebook = ChangedSpellings::new(spellings(&entity(&["Jupyter notebook"])));
        assert!(notebook.are_in(["two Jupyter notebooks"].into_iter()));
        // On several words a pattern that cannot hold still takes the place of "Node" there.
        let node = ChangedSpellings::new(spellings(&entity(&["Node.js"])));
        assert!(node.are_in(["node.jss"].into_iter()));
    }

    #[test]
    fn a_one_word_name_in_another_case_is_not_said() {
        let mut fast = entity(&["Fast"]);
        fast.case_sensitive = vec!["Fast".to_owned()];
        let changed = ChangedSpellings::new(spellings(&fast));
        assert!(!changed.are_in(["a fast build"].into_iter()));
        assert!(changed.are_in(["we used Fast."].into_iter()));
    }
}
