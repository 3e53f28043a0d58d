//! Judging: which tallied phrases are candidates, of what kind, and how confident discovery is.
//!
//! Everything here works on the merged tallies ([`super::tally`]), never on text: the rules
//! that keep a phrase (an unknown word, a person's shape, a cue, a registry), that drop
//! ordinary words and parts of names, that recognise a misheard spelling of a known person,
//! and the confidence each piece of evidence adds. It is apart so that the scoring can be read
//! (and tuned) in one place.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::phrases::{self, Rule};
use super::tally::PhraseTally;
use super::{Candidate, DiscoverOptions, Speaker, people, words};
use crate::catalog::{Catalog, Kind, alias_key};

/// The names the episodes introduce that neither the catalog nor the speakers account for,
/// judged and ranked.
pub(super) fn find_candidates(
    catalog: &Catalog,
    known: &foldhash::HashSet<String>,
    phrases: BTreeMap<String, PhraseTally>,
    shows: &HashSet<String>,
    lowercase: &HashMap<String, usize>,
    speakers: &[Speaker],
    options: &DiscoverOptions,
) -> Vec<Candidate> {
    // The catalog's names and the speakers': the first are many, so they are not copied.
    let mut speaker_keys: foldhash::HashSet<String> = foldhash::HashSet::default();
    for s in speakers {
        speaker_keys.insert(alias_key(&s.name));
        speaker_keys.extend(s.spellings.iter().map(|n| alias_key(n)));
        // "Jerod" alone is the speaker Jerod Santo, not a new name.
        speaker_keys.extend(s.name.split_whitespace().map(alias_key));
    }
    let taken = |key: &str| known.contains(key) || speaker_keys.contains(key);
    let known_people = KnownPeople::new(catalog, speakers);
    let show_keys = show_keys(shows);
    // Each phrase judged on any core (most of discovery's time in a rebuild from the cache);
    // collected in key order, as one core would.
    use rayon::prelude::*;
    let mut candidates: Vec<Candidate> = phrases
        .into_par_iter()
        .filter(|(key, _)| {
            !taken(key) && !names_a_show(key, &show_keys) && !derived_from_known(key, taken)
        })
        .filter_map(|(key, p)| {
            // A name of two or three capitalised words that is no candidate by itself may still
            // be a known person misheard ("Sirdar Yagulap", said once): kept to be checked.
            let spare = looks_like_full_name(&p).then(|| p.clone());
            judge(&key, p, options)
                .or_else(|| misheard_person(&key, spare?, &known_people, options))
        })
        .collect();
    drop_ordinary_words(&mut candidates, lowercase);
    mark_person_variants(&mut candidates, &known_people);
    mark_spellings_of_discovered_people(&mut candidates);
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

/// What the corpus's shows are called, by key: each show's name, the same without spaces
/// ("pythonbytes"), and each word of a name of several that no dictionary has ("darknet" of
/// Darknet Diaries), which speech and a cut at an ordinary word ("Bytes") leave alone.
fn show_keys(shows: &HashSet<String>) -> HashSet<String> {
    let mut keys = HashSet::new();
    for show in shows {
        keys.insert(show.clone());
        keys.insert(show.replace(' ', ""));
        if show.contains(' ') {
            keys.extend(
                show.split(' ')
                    .filter(|w| w.chars().count() >= 3 && !words::is_known_word(w))
                    .map(str::to_owned),
            );
        }
    }
    keys
}

/// The endings of a show's website after its name ("Python Bytes.fm", "talkpython.com").
const WEB_ENDINGS: &[&str] = &[
    ".fm", ".com", ".org", ".net", ".io", ".dev", ".show", ".tv", ".co",
];

/// Whether `key` is one of the corpus's shows ([`show_keys`]) or its website: the show, not
/// a name it introduces.
fn names_a_show(key: &str, show_keys: &HashSet<String>) -> bool {
    let site = WEB_ENDINGS
        .iter()
        .find_map(|ending| key.strip_suffix(ending))
        .unwrap_or(key);
    show_keys.contains(site) || show_keys.contains(&site.replace(' ', ""))
}

/// Endings that make a word of a name without naming anything new: plurals and possessives
/// ("Jerods", "AWS'es"), people ("YouTuber", "Googlers", "GitHubber", "Rubyist") and manners
/// ("JavaScripty", "DevOpsy").
const DERIVED_ENDINGS: &[&str] = &[
    "'s", "'es", "s", "es", "r", "rs", "er", "ers", "ber", "bers", "y", "ey", "ish", "ist", "ists",
    "ista", "istas", "ian", "ians", "ing",
];

/// Whether a one-word `key` is a known name (of at least three letters) with a derived ending.
fn derived_from_known(key: &str, known: impl Fn(&str) -> bool) -> bool {
    !key.contains(' ')
        && DERIVED_ENDINGS.iter().any(|ending| {
            key.strip_suffix(ending)
                .is_some_and(|stem| stem.chars().count() >= 3 && known(stem))
        })
}

/// Whether a phrase is a keyboard shortcut ("Ctrl+C", "Command+F", "Ctrl+Shift+P"): a key
/// after the last `+`, not a name ("C++", "Disney+" end in the sign).
fn is_shortcut(phrase: &str) -> bool {
    phrase
        .rsplit_once('+')
        .is_some_and(|(keys, key)| !keys.is_empty() && (1..=2).contains(&key.chars().count()))
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
            *r == Rule::PersonCue.name()
                || *r == Rule::ThingCue.name()
                || *r == Rule::OrgCue.name()
                || *r == Rule::InstallCue.name()
        });
        cued || c.lowercase < 2 || c.lowercase * 5 < c.count
    });
}

/// A known person's given name and surname (lower case), and their name as the catalog or the
/// speaker label writes it.
type KnownName<'a> = (String, String, &'a str);

/// The people a misheard name may be: the catalog's people (by name and by their aliases of
/// several words, as "Jesse Jiryu Davis" of A. Jesse Jiryu Davis) and the speakers, indexed by
/// what speech-to-text tends to keep.
struct KnownPeople<'a> {
    /// By the given name's first letter and length (a name one edit off is at most one letter
    /// longer or shorter): (given name, surname, name).
    by_initial: HashMap<(char, usize), Vec<KnownName<'a>>>,
    /// By given name: (surname, name).
    by_given: HashMap<String, Vec<(String, &'a str)>>,
    /// By surname: (given name, name).
    by_surname: HashMap<String, Vec<(String, &'a str)>>,
}

impl<'a> KnownPeople<'a> {
    fn new(catalog: &'a Catalog, speakers: &'a [Speaker]) -> KnownPeople<'a> {
        let mut known = KnownPeople {
            by_initial: HashMap::new(),
            by_given: HashMap::new(),
            by_surname: HashMap::new(),
        };
        let catalog_names = catalog
            .entities()
            .iter()
            .filter(|e| e.kind == Kind::Person)
            .flat_map(|e| {
                let written = e.aliases.iter().filter(|a| a.contains(' '));
                std::iter::once(&e.name)
                    .chain(written)
                    .map(move |form| (form.as_str(), e.name.as_str()))
            });
        // A speaker who is a catalog person ("Clément Delangue", who speaks on Practical AI, is
        // Clem Delangue) is that person, not a second one a misheard name could also be.
        let speaker_names = speakers.iter().map(|s| {
            let name = s.known.map(|id| catalog.get(id).name.as_str());
            (s.name.as_str(), name.unwrap_or(s.name.as_str()))
        });
        for (form, name) in catalog_names.chain(speaker_names) {
            let Some((given, surname)) = given_and_surname(form) else {
                continue;
            };
            let Some(initial) = given.chars().next() else {
                continue;
            };
            let length = given.chars().count();
            known
                .by_initial
                .entry((initial, length))
                .or_default()
                .push((given.clone(), surname.clone(), name));
            known
                .by_given
                .entry(given.clone())
                .or_default()
                .push((surname.clone(), name));
            known
                .by_surname
                .entry(surname)
                .or_default()
                .push((given, name));
        }
        known
    }

    /// The one known person `name` is another spelling of, by key: a given name the same or one
    /// letter off and a surname misheard or cut short ("Eric Bernhardsen", "Adam Stac"); the
    /// same surname after a given name of five letters or more one letter off ("Grayson
    /// Kowalczyk" for Prayson Kowalczyk);
    /// or the same given name before a surname misheard from its first letter on ("Vincent
    /// Orberdam" for Vincent Warmerdam) or the same one, with other words in between ("Jesse
    /// Giro Davis" for Jesse Jiryu Davis). `None` if none, or if it could be two people.
    fn spelled(&self, name: &str) -> Option<String> {
        let (first, last) = given_and_surname(name)?;
        let initial = first.chars().next()?;
        let length = first.chars().count();
        let same_initial = (length.saturating_sub(1)..=length + 1)
            .filter_map(|length| self.by_initial.get(&(initial, length)))
            .flatten()
            .filter(|(given, surname, _)| {
                people::edit_distance(&first, given) <= 1
                    && (people::is_misheard(&last, surname) || is_cut_short(&last, surname))
            });
        let same_surname = self
            .by_surname
            .get(&last)
            .into_iter()
            .flatten()
            .filter(|(given, _)| {
                // Short given names one letter apart are other names ("Ian", "Dan"), unless
                // the letter is only spelled another way ("Mark" for Marc, "Erik" for Eric).
                let one_letter_off = given.chars().count() >= 5
                    && people::edit_distance(&first, given) == 1
                    || people::spelled_alike(&first, given);
                // A short form of the given name, or the long form of a short one: "Dan
                // Whitenack", "Raj Shah" (Rajiv), "Frederick Brooks" (Fred), "Abraham Heifets"
                // (Abe). (A word that only starts a sentence, "And Simon", is no part of the
                // name: phrases trim it.)
                let nickname = people::same_given_name(&first, given);
                one_letter_off || nickname
            });
        let same_given = self
            .by_given
            .get(&first)
            .into_iter()
            .flatten()
            .filter(|(surname, _)| {
                // The same surname too: what differs is in between ("Jesse Giro Davis"). Another
                // first letter needs a long surname: "Matt Garman" is not Matt Layman.
                let length = surname.chars().count();
                let same_initial = last.chars().next() == surname.chars().next();
                (same_initial || length >= 7) && people::edit_distance(&last, surname) * 3 <= length
            });
        let mut close = same_initial
            .map(|(_, _, name)| *name)
            .chain(same_surname.map(|(_, name)| *name))
            .chain(same_given.map(|(_, name)| *name))
            .map(alias_key);
        let one = close.next()?;
        // Two people it could be: it is neither for sure.
        close.all(|other| other == one).then_some(one)
    }
}

/// A name's given name and surname in lower case, initials before the given name skipped
/// ("A. Jesse Jiryu Davis" gives jesse and davis); `None` for a single word.
fn given_and_surname(name: &str) -> Option<(String, String)> {
    let words: Vec<&str> = name
        .split_whitespace()
        .skip_while(|w| w.ends_with('.') || w.chars().count() == 1)
        .collect();
    match words[..] {
        [first, .., last] => Some((first.to_lowercase(), last.to_lowercase())),
        _ => None,
    }
}

/// Marks person candidates that are another spelling of a catalog person or a speaker
/// ([`KnownPeople::spelled`]).
fn mark_person_variants(candidates: &mut [Candidate], known: &KnownPeople<'_>) {
    use rayon::prelude::*;
    // Each on any core: edit distances to the catalog's people, thousands of them.
    candidates
        .par_iter_mut()
        .filter(|c| c.kind == Kind::Person)
        .for_each(|c| c.variant_of = known.spelled(&c.name));
}

/// Marks person candidates that are another spelling of a person discovered with at least
/// as much confidence ("Mireille Rece" beside "Mireille Reece", "Jim Lindenbaum" beside
/// "James Lindenbaum"): one person, not two.
///
/// Stricter than a spelling of a known person ([`KnownPeople::spelled`]), because both names
/// are only heard: the same given name (or a short form of it, or one spelled with k for c)
/// and a surname one letter off; "Justin Hoffman" is not Justin Dorfman, nor "Ryan Adams"
/// Bryan Adams. Candidates are taken most confident first (then most said, then by name), so
/// the name a spelling joins is proposed whenever the spelling would be, and the outcome does
/// not depend on the order discovery found them in. `O(p log p + p·k)` for `p` person
/// candidates and at most `k` of them under one surname initial.
fn mark_spellings_of_discovered_people(candidates: &mut [Candidate]) {
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&i| candidates[i].kind == Kind::Person && candidates[i].variant_of.is_none())
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&candidates[a], &candidates[b]);
        b.confidence
            .total_cmp(&a.confidence)
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.name.cmp(&b.name))
    });
    // People taken so far, by their surname's first letter: (given name, surname, index).
    let mut taken: HashMap<char, Vec<(String, String, usize)>> = HashMap::new();
    for i in order {
        let Some((given, surname)) = given_and_surname(&candidates[i].name) else {
            continue;
        };
        let Some(initial) = surname.chars().next() else {
            continue;
        };
        let same = |(g, s, _): &&(String, String, usize)| {
            (*g == given || people::same_given_name(g, &given) || people::spelled_alike(g, &given))
                && people::edit_distance(s, &surname) <= 1
        };
        let bucket = taken.entry(initial).or_default();
        let mut matches = bucket.iter().filter(same).map(|&(_, _, j)| j);
        match (matches.next(), matches.next()) {
            (Some(j), None) => candidates[i].variant_of = Some(alias_key(&candidates[j].name)),
            // Two people it could be: it is neither for sure, nor a third.
            (Some(_), Some(_)) => {}
            (None, _) => bucket.push((given, surname, i)),
        }
    }
}

/// Whether `heard` is the start of `surname` cut short by speech-to-text or a transcriber
/// ("Adam Stac" for Adam Stacoviak): at least three letters, and not the whole.
fn is_cut_short(heard: &str, surname: &str) -> bool {
    heard.chars().count() >= 3 && heard.len() < surname.len() && surname.starts_with(heard)
}

/// Whether a phrase's every form is two or three capitalised words said mid-sentence: the
/// shape of a full name.
fn looks_like_full_name(p: &PhraseTally) -> bool {
    p.by_rule[Rule::Capitalised as usize] > 0
        && p.forms.keys().all(|form| {
            let words = form.split_whitespace();
            (2..=3).contains(&words.clone().count())
                && words
                    .into_iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        })
}

/// A phrase no rule keeps that is a known person's name misheard: a candidate that is that
/// person's alias ([`KnownPeople::spelled`]), as sure as discovery needs to add it.
fn misheard_person(
    key: &str,
    p: PhraseTally,
    known: &KnownPeople<'_>,
    options: &DiscoverOptions,
) -> Option<Candidate> {
    let mut forms: Vec<(String, usize)> = p.forms.into_iter().collect();
    forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let name = forms.first()?.0.clone();
    let person = known.spelled(&name)?;
    Some(Candidate {
        id: slug(key),
        name,
        kind: Kind::Person,
        forms: forms.into_iter().map(|(f, _)| f).collect(),
        count: p.by_rule.iter().sum(),
        episodes: p.episodes,
        rules: vec![Rule::Capitalised.name()],
        registry: None,
        variant_of: Some(person),
        lowercase: 0,
        confidence: options.min_confidence,
        snippets: p.snippets,
    })
}

/// Decides whether a phrase is a candidate, and how confident discovery is in it.
fn judge(key: &str, p: PhraseTally, options: &DiscoverOptions) -> Option<Candidate> {
    let rule = |r: Rule| p.by_rule[r as usize];
    let cued =
        rule(Rule::PersonCue) + rule(Rule::ThingCue) + rule(Rule::OrgCue) + rule(Rule::InstallCue);
    let said = rule(Rule::Capitalised) + cued;
    let spoken_episodes = p.episodes;
    let mut forms: Vec<(String, usize)> = p.forms.into_iter().collect();
    forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let top = forms[0].0.clone();
    let tokens: Vec<&str> = top.split_whitespace().collect();
    if is_shortcut(&top) || tokens.iter().any(|w| words::is_placeholder(w)) {
        return None;
    }
    let unknown_word = tokens.iter().any(|w| !words::is_known_word(w));
    let mixed = tokens.iter().any(|w| phrases::is_mixed_case(w));
    let acronym = tokens.len() == 1 && top.chars().all(|c| !c.is_lowercase());
    let person_shape = (2..=3).contains(&tokens.len())
        && words::opens_full_name(tokens[0], tokens[1..].iter().copied())
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
    // A capitalised name with a JavaScript library's suffix ("Popcorn.js") is software, said
    // once or not; in lower case it is a file ("utils.js").
    let js_library = tokens.len() == 1
        && top.starts_with(char::is_uppercase)
        && top
            .strip_suffix(".js")
            .is_some_and(|stem| stem.len() >= 2 && stem.chars().all(|c| c.is_alphanumeric()));
    // A full name said once is still a person ("John Carmack", "Charles Darwin"); anything else
    // must recur.
    let full_name = person_shape;
    if said < options.min_mentions && cued == 0 && !full_name && !js_library {
        return None;
    }
    // A name one episode keeps saying is that episode's subject ("Outerbounds", said by its CEO).
    let recurs_in_episode = spoken_episodes == 1 && said >= options.min_mentions && unknown_word;
    if spoken_episodes < options.min_episodes
        && cued == 0
        && rule(Rule::Title) == 0
        && !full_name
        && !recurs_in_episode
        && !js_library
    {
        return None;
    }
    let kind = if rule(Rule::PersonCue) > 0 || person_shape {
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
    if js_library {
        confidence += 0.35;
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
    // A cue is enough with a name no dictionary has, said once: "a project called
    // 'muxado'", "a company called Aiven" (of 76 such names in The Changelog and Practical AI,
    // 73 were names; docs/discovery.md).
    if cued > 0 {
        confidence += 0.35;
    }
    // So is a name of several capitalised words of the dictionary, no possessive among them:
    // "CTO at Quantum Machines", "a company called Custom Ink", "a guy named Mark Miller".
    // Speech capitalises no run of ordinary words after a cue; a possessive is a name cut
    // short ("Microsoft's Edge developer team"), a contraction one run on ("Netflix I've"),
    // and a place is no organisation ("the CTO of New York City").
    let capitalised_run = tokens.len() >= 2
        && tokens
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) && !w.contains(['\'', '\u{2019}']))
        && !tokens.last().is_some_and(|w| words::is_place_head(w));
    // And so is one capitalised word of the dictionary that the episode goes on saying as a
    // name: "a project called Orchestrator ... what Orchestrator does". Said once, it may be
    // the word ("a tool called Magic").
    let named_word = tokens.len() == 1
        && top.starts_with(char::is_uppercase)
        && !acronym
        && rule(Rule::Capitalised) >= 1;
    if cued > 0 && !unknown_word && (capitalised_run || named_word) {
        confidence += 0.35;
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
        Rule::PersonCue,
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
pub(super) fn slug(name: &str) -> String {
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
