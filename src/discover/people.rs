//! People from the transcripts themselves: every speaker label names a person.
//!
//! A show's hosts speak in most of its episodes and its guests in one or two, so the role is
//! read off how many of the show's episodes a person speaks in. A speaker the catalog already
//! knows (by full name) keeps the catalog's entity and gains the role; anyone else becomes a new
//! person whose full name always counts and whose first name and surname count, as the catalog's
//! people do, only in an episode where they speak or are named in full.
//!
//! Speech-to-text rarely spells a guest's surname as the label does ("Jim Povarsky" said,
//! `Jim Pivarski:` labelled): in the episodes a person speaks in, "First X" where X is a
//! capitalised word close to the surname (edit distance at most a third of its length) is taken
//! as another spelling of the same name.
//!
//! Cost: `O(S)` over the speaker lists, plus one substring search for each named speaker's first
//! name in the episodes they speak in. Episodes are read one at a time ([`SpeakerTally`]); the
//! other spellings are looked for after the name as that episode's label writes it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::catalog::{Catalog, EntityId, Kind, alias_key};

use super::EpisodeInput;
use super::words::is_english;
use crate::transcript::Transcript;

/// A host or a guest of a show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Speaks across many episodes of a show.
    Host,
    /// Speaks in a few.
    Guest,
}

impl Role {
    /// The tag an entity with this role carries.
    pub fn tag(self) -> &'static str {
        match self {
            Role::Host => "host",
            Role::Guest => "guest",
        }
    }
}

/// A person who speaks in the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// The name as the labels write it.
    pub name: String,
    /// Host somewhere, or guest only.
    pub role: Role,
    /// How many episodes they speak in.
    pub episodes: usize,
    /// The shows they host (for evidence).
    pub hosts: Vec<String>,
    /// The catalog's entity of the same name, if any.
    pub known: Option<EntityId>,
    /// Other spellings of their full name found in speech ("Jim Povarsky").
    pub spellings: Vec<String>,
    /// Indexes of the episodes they speak in (into the discovery's inputs).
    pub episode_indexes: Vec<usize>,
}

/// Whether a speaker label names a person rather than a role or a diarisation slot
/// (`Speaker 1`, `SPEAKER_00`, `Host`, `Unknown`, `Both`).
pub fn is_person_label(label: &str) -> bool {
    const ROLES: &[&str] = &[
        "speaker",
        "spk",
        "person",
        "participant",
        "unknown",
        "host",
        "co-host",
        "cohost",
        "guest",
        "interviewer",
        "interviewee",
        "narrator",
        "announcer",
        "voice",
        "voiceover",
        "male",
        "female",
        "man",
        "woman",
        "audience",
        "crowd",
        "moderator",
        "caller",
        "both",
        "all",
        "everyone",
        "multiple",
        "other",
        "others",
        "unidentified",
        "presenter",
        "producer",
        "ad",
        "sponsor",
        "transcript",
        "transcriber",
    ];
    let words: Vec<&str> = label.split_whitespace().collect();
    let Some(first) = words.first() else {
        return false;
    };
    let first = first
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let first = first.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_');
    !ROLES.contains(&first)
        && !label.chars().any(|c| c.is_ascii_digit())
        && label.chars().any(char::is_alphabetic)
        && words.len() <= 4
        && label.len() <= 48
}

/// What is known of one person who speaks, so far: the name as first written, episodes per
/// show, the episodes' indexes, and other spellings of the name heard in them.
#[derive(Default)]
struct Appearances {
    name: String,
    shows: BTreeMap<String, usize>,
    episodes: Vec<usize>,
    spellings: BTreeSet<String>,
}

/// The speakers of the episodes read so far, merged by name across episodes, episode by episode
/// in corpus order (so that a build need not hold every transcript to know its speakers).
#[derive(Default)]
pub struct SpeakerTally {
    /// Episodes per show: the role is decided show by show.
    show_episodes: HashMap<String, usize>,
    by_person: BTreeMap<String, Appearances>,
    episodes: usize,
}

impl SpeakerTally {
    /// Adds the next episode (its index is the number of episodes added before it): its show
    /// and the people who speak in it ([`episode_speakers`]).
    pub fn add(&mut self, show: Option<&str>, speakers: Vec<EpisodeSpeaker>) {
        let index = self.episodes;
        self.episodes += 1;
        let show = show.unwrap_or("");
        *self.show_episodes.entry(show.to_owned()).or_default() += 1;
        for speaker in speakers {
            let entry = self
                .by_person
                .entry(alias_key(&speaker.label))
                .or_insert_with(|| Appearances {
                    name: speaker.label,
                    ..Appearances::default()
                });
            *entry.shows.entry(show.to_owned()).or_default() += 1;
            entry.episodes.push(index);
            entry.spellings.extend(speaker.spellings);
        }
    }

    /// The speakers, in name-key order, with their roles.
    pub fn finish(self, catalog: &Catalog) -> Vec<Speaker> {
        let people_by_name = person_names(catalog);
        let show_episodes = self.show_episodes;
        self.by_person
            .into_values()
            .map(|a| {
                let hosts: Vec<String> = a
                    .shows
                    .iter()
                    .filter(|&(show, &n)| is_host(n, show_episodes[show]))
                    .map(|(show, _)| show.clone())
                    .collect();
                let role = if hosts.is_empty() {
                    Role::Guest
                } else {
                    Role::Host
                };
                Speaker {
                    known: people_by_name.get(&alias_key(&a.name)).copied(),
                    episodes: a.episodes.len(),
                    name: a.name,
                    role,
                    hosts,
                    spellings: a.spellings.into_iter().collect(),
                    episode_indexes: a.episodes,
                }
            })
            .collect()
    }
}

/// A person who speaks in one episode: the label as written there, and the other spellings of
/// the name its speech holds.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EpisodeSpeaker {
    /// The speaker label.
    pub label: String,
    /// "First X" for a misheard surname X ([`is_misheard`]).
    pub spellings: BTreeSet<String>,
}

/// The people who speak in `transcript` (labels that name a person, once each by name key),
/// with the other spellings of their names in its speech.
pub fn episode_speakers(transcript: &Transcript) -> Vec<EpisodeSpeaker> {
    let mut seen = BTreeSet::new();
    let mut speakers = Vec::new();
    for label in transcript.speakers() {
        if !is_person_label(label) || !seen.insert(alias_key(label)) {
            continue;
        }
        let mut spellings = BTreeSet::new();
        spellings_in(label, transcript.text(), &mut spellings);
        speakers.push(EpisodeSpeaker {
            label: label.clone(),
            spellings,
        });
    }
    speakers
}

/// The speakers of `inputs`, merged by name across episodes, with their roles.
pub fn speakers(catalog: &Catalog, inputs: &[EpisodeInput<'_>]) -> Vec<Speaker> {
    let mut tally = SpeakerTally::default();
    for input in inputs {
        tally.add(input.show, episode_speakers(input.transcript));
    }
    tally.finish(catalog)
}

/// A host speaks in at least 3 of a show's episodes and in at least a tenth of them.
fn is_host(speaks_in: usize, show_episodes: usize) -> bool {
    speaks_in >= 3 && speaks_in * 10 >= show_episodes
}

/// Catalog people by the key of each unambiguous alias and display name.
pub(super) fn person_names(catalog: &Catalog) -> HashMap<String, EntityId> {
    let mut names = HashMap::new();
    for (i, e) in catalog.entities().iter().enumerate() {
        if e.kind != Kind::Person {
            continue;
        }
        for alias in e.aliases.iter().chain(std::iter::once(&e.name)) {
            names.entry(alias_key(alias)).or_insert(EntityId(i as u32));
        }
    }
    names
}

/// Adds the other spellings of `name`'s surname after its first name in `text` (an episode
/// the person speaks in) to `found`.
fn spellings_in(name: &str, text: &str, found: &mut BTreeSet<String>) {
    let words: Vec<&str> = name.split_whitespace().collect();
    let [first, .., surname] = words[..] else {
        return;
    };
    if surname.chars().count() < 4 {
        return;
    }
    let surname_lower = surname.to_lowercase();
    for (at, _) in text.match_indices(first) {
        let after = &text[at + first.len()..];
        let Some(rest) = after.strip_prefix(' ') else {
            continue;
        };
        let word: &str = rest
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
            .next()
            .unwrap_or("");
        let word = word.strip_suffix("'s").unwrap_or(word);
        if !word.starts_with(char::is_uppercase) || word == surname || is_english(word) {
            continue;
        }
        if is_misheard(&word.to_lowercase(), &surname_lower) {
            found.insert(format!("{first} {word}"));
        }
    }
}

/// Whether `heard` (lower case) is a speech-to-text spelling of the surname `name`: the same
/// first letter and at most a third of its letters changed ("povarsky" for "pivarski"; not
/// "garman" for "layman").
pub fn is_misheard(heard: &str, name: &str) -> bool {
    let distance = edit_distance(heard, name);
    heard.chars().next() == name.chars().next()
        && distance > 0
        && distance * 3 <= name.chars().count()
}

/// Whether two given names (lower case) are a short form and the long form of one name: one
/// starts the other ("dan" and "daniel", "raj" and "rajiv"), or they are one of the English
/// nicknames that do not ("bob" and "robert", "abe" and "abraham").
pub fn same_given_name(a: &str, b: &str) -> bool {
    a != b
        && a.chars().count() >= 2
        && b.chars().count() >= 2
        && (a.starts_with(b)
            || b.starts_with(a)
            || NICKNAMES
                .iter()
                .any(|&(short, long)| (a, b) == (short, long) || (b, a) == (short, long)))
}

/// Whether two names (lower case) differ only where one has a "c" and the other a "k", which
/// sound alike: "mark" and "marc", "erik" and "eric", "karl" and "carl".
pub fn spelled_alike(a: &str, b: &str) -> bool {
    a != b
        && a.chars().count() == b.chars().count()
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| x == y || matches!((x, y), ('c', 'k') | ('k', 'c')))
}

/// Nicknames that are not the start of the name they stand for: (nickname, name).
const NICKNAMES: &[(&str, &str)] = &[
    ("abe", "abraham"),
    ("andy", "andrew"),
    ("bill", "william"),
    ("billy", "william"),
    ("bob", "robert"),
    ("bobby", "robert"),
    ("chuck", "charles"),
    ("charlie", "charles"),
    ("dave", "david"),
    ("dick", "richard"),
    ("rick", "richard"),
    ("ricky", "richard"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("jack", "john"),
    ("joe", "joseph"),
    ("joey", "joseph"),
    ("mike", "michael"),
    ("mikey", "michael"),
    ("tony", "anthony"),
    ("ted", "edward"),
    ("ted", "theodore"),
    ("ned", "edward"),
    ("hank", "henry"),
    ("harry", "henry"),
    ("liz", "elizabeth"),
    ("beth", "elizabeth"),
    ("betsy", "elizabeth"),
    ("kate", "katherine"),
    ("kate", "catherine"),
    ("katie", "katherine"),
    ("kathy", "katherine"),
    ("peggy", "margaret"),
    ("maggie", "margaret"),
    ("meg", "margaret"),
    ("steve", "stephen"),
    ("steve", "steven"),
    ("jenny", "jennifer"),
    ("becky", "rebecca"),
    ("sandy", "alexandra"),
    ("sasha", "alexander"),
    ("larry", "lawrence"),
    ("jerry", "gerald"),
    ("marty", "martin"),
    ("sue", "susan"),
    ("bert", "albert"),
    ("nate", "nathaniel"),
    ("nate", "nathan"),
    ("zack", "zachary"),
    ("topher", "christopher"),
    ("kit", "christopher"),
];

/// Levenshtein distance over characters: `O(a·b)` time, `O(b)` space.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_forms_are_one_given_name() {
        for (a, b) in [
            ("dan", "daniel"),
            ("rajiv", "raj"),
            ("abe", "abraham"),
            ("robert", "bob"),
            ("mike", "michael"),
        ] {
            assert!(same_given_name(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("dan", "dan"),
            ("ian", "dan"),
            ("bob", "william"),
            ("a", "abe"),
        ] {
            assert!(!same_given_name(a, b), "{a} {b}");
        }
    }

    #[test]
    fn diarisation_slots_and_roles_are_not_people() {
        for label in [
            "Speaker 1",
            "SPEAKER_00",
            "Speaker A",
            "Host",
            "Unknown",
            "Both",
            "Interviewer",
        ] {
            assert!(!is_person_label(label), "{label}");
        }
        for label in ["Jerod Santo", "Alban", "Daniel Whitenack", "Jim Pivarski"] {
            assert!(is_person_label(label), "{label}");
        }
    }

    #[test]
    fn hosts_speak_in_many_of_a_shows_episodes() {
        assert!(is_host(450, 481));
        assert!(is_host(3, 5));
        assert!(!is_host(2, 5));
        assert!(!is_host(5, 481));
    }

    #[test]
    fn misheard_surnames_keep_their_first_letter_and_most_letters() {
        assert!(is_misheard("povarsky", "pivarski"));
        assert!(is_misheard("bernhardson", "bernhardsson"));
        assert!(!is_misheard("garman", "layman"));
        assert!(!is_misheard("smith", "smith"));
    }

    #[test]
    fn edit_distance_counts_changes() {
        assert_eq!(edit_distance("povarsky", "pivarski"), 2);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
