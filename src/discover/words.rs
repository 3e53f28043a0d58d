//! The word lists and package registries discovery consults, compiled in.
//!
//! Discovery must tell a name ("Vitess", "Jim Pivarski") from ordinary speech ("So", "Open
//! Source", "Monday") in any show, including one episode alone, where the corpus is too small to
//! say which words are common. So it carries what a listener knows: English words, capitalised
//! words everybody knows (places, days, nationalities), given names, and the names of the most
//! downloaded PyPI and npm packages. All are generated at development time
//! (`scripts/words/generate.py`, `scripts/catalog/registries.py`) and never read from the
//! machine at run time. Each list is parsed once, on first use, into a hash set: `O(n)` once,
//! then `O(1)` per lookup.

use std::collections::HashMap;
use std::sync::LazyLock;

/// A set of words with a fast hash: looked up once per capitalised word of the corpus.
type WordSet = foldhash::HashSet<&'static str>;

fn word_set(text: &'static str) -> WordSet {
    text.lines().filter(|l| !l.is_empty()).collect()
}

/// Calls `f` with `word` in lower case, without allocating for short ASCII words.
pub fn with_lowercase<T>(word: &str, f: impl FnOnce(&str) -> T) -> T {
    let mut buffer = [0u8; 48];
    if word.is_ascii() && word.len() <= buffer.len() {
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        f(std::str::from_utf8(lower).expect("ASCII is UTF-8"))
    } else {
        f(&word.to_lowercase())
    }
}

static ENGLISH: LazyLock<WordSet> =
    LazyLock::new(|| word_set(include_str!("../../data/words/english.txt")));
static PROPER: LazyLock<WordSet> =
    LazyLock::new(|| word_set(include_str!("../../data/words/proper.txt")));
static FIRST_NAMES: LazyLock<WordSet> =
    LazyLock::new(|| word_set(include_str!("../../data/words/first_names.txt")));
/// Given names of many countries beyond the common ones (`scripts/words/given_names.py`, from
/// Faker's person providers): about 19,000, from "Aaliyah" to "Zoltán".
static GIVEN_NAMES: LazyLock<WordSet> =
    LazyLock::new(|| word_set(include_str!("../../data/words/given_names.txt")));

/// Words of speech that are never names in their own right, though speech-to-text or sentence
/// starts capitalise them, and which the dictionary spells otherwise.
const SPEECH: &[&str] = &[
    "i", "i'm", "i've", "i'd", "i'll", "ok", "okay", "yeah", "yep", "nope", "uh", "um", "hmm",
    "mm", "oh", "ah", "wow", "hey", "hi", "gonna", "wanna", "gotta", "kinda", "sorta", "lol", "tv",
    "dr", "mr", "mrs", "ms", "st", "vs", "etc", "ie", "eg", "am", "pm", "ceo", "cto", "cfo", "vp",
    "vps", "ai", "ml", "api", "apis", "ui", "ux", "os", "id", "ids", "url", "urls", "pr", "prs",
    "faq", "ps", "diy", "saas", "paas", "iaas", "faas", "devops", "devrel", "devtools", "fomo",
    "tldr", "asap", "fyi", "imo", "imho", "btw", "aka", "nah", "ooh", "ohh", "ahh", "aww", "phew",
    "uhm", "umm", "uhh", "hmmm", "mmm", "mhm", "huh", "whoa", "woah", "oops", "meh", "yay", "aha",
    "gosh", "ugh", "yup", "haha", "hah", "heh", "eh", "duh", "yikes", "jeez", "geez", "bruh",
    "bro", "dude", "oof", "welp", "shh", "omg",
];

/// [`SPEECH`] as a set: looked up for most words of the corpus.
static SPEECH_WORDS: LazyLock<WordSet> = LazyLock::new(|| SPEECH.iter().copied().collect());

/// Words that stand for any name ("the EPS is XYZ", "I work at Foo"): never a name themselves,
/// whatever cue introduces them.
const PLACEHOLDERS: &[&str] = &["xyz", "foo", "foobar", "baz", "qux"];

/// Whether `word` (any case) stands for any name (`PLACEHOLDERS`).
pub fn is_placeholder(word: &str) -> bool {
    with_lowercase(word, |lower| PLACEHOLDERS.contains(&lower))
}

/// Whether `word` (any case) is an English word, a speech filler, or a capitalised word that
/// every listener knows (a place, a day, a nationality, a common given name).
pub fn is_known_word(word: &str) -> bool {
    with_lowercase(word, known_lowercase)
}

fn known_lowercase(lower: &str) -> bool {
    // Contractions ("They're", "Wouldn't") and compounds of known words ("North-East").
    if let Some((_, ending)) = lower.split_once('\'')
        && matches!(ending, "re" | "ll" | "ve" | "d" | "t" | "m" | "s")
    {
        return true;
    }
    if lower.contains('-')
        && lower
            .split('-')
            .all(|part| !part.is_empty() && known_lowercase(part))
    {
        return true;
    }
    let stem = lower
        .strip_suffix('s')
        .filter(|s| s.len() > 2)
        .unwrap_or(lower);
    [lower, stem]
        .iter()
        .any(|w| ENGLISH.contains(w) || PROPER.contains(w) || SPEECH_WORDS.contains(w))
}

/// Makes the word lists and the registries' table now, rather than where discovery first looks
/// one up: a build calls it on a core that would otherwise wait, while its files are planned.
pub fn prepare() {
    for set in [&ENGLISH, &PROPER, &FIRST_NAMES, &GIVEN_NAMES, &SPEECH_WORDS] {
        LazyLock::force(set);
    }
    LazyLock::force(&REGISTRIES);
}

/// Whether `word` (any case) is an ordinary English word (a dictionary entry in lower case).
pub fn is_english(word: &str) -> bool {
    with_lowercase(word, |lower| {
        ENGLISH.contains(lower) || SPEECH_WORDS.contains(lower)
    })
}

/// Whether `word` (any case) is a common given name.
pub fn is_first_name(word: &str) -> bool {
    with_lowercase(word, |lower| FIRST_NAMES.contains(lower))
}

/// Whether `given` opens a person's full name when `surnames` follow it: a common given name
/// always ([`is_first_name`]); a rarer one of any country ("Miley", "Ingrid", "Jiten") when it
/// is no word a listener knows, or when no surname is, because many of them are capitalised
/// words too ("Santa Barbara", "Easter Eggs", "Johnson Space Center").
pub fn opens_full_name<'w>(given: &str, mut surnames: impl Iterator<Item = &'w str>) -> bool {
    is_first_name(given)
        || with_lowercase(given, |lower| GIVEN_NAMES.contains(lower))
            && (!is_known_word(given) || surnames.all(|w| !is_known_word(w)))
}

/// Places that follow a given name as often as a surname does ("Austin Texas", "Victoria BC"):
/// US states, countries, continents and the cities a listener is told about.
const PLACES: &[&str] = &[
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "wisconsin",
    "wyoming",
    "africa",
    "america",
    "asia",
    "europe",
    "australia",
    "canada",
    "mexico",
    "brazil",
    "argentina",
    "chile",
    "peru",
    "colombia",
    "england",
    "scotland",
    "ireland",
    "wales",
    "britain",
    "france",
    "germany",
    "spain",
    "portugal",
    "italy",
    "greece",
    "netherlands",
    "belgium",
    "switzerland",
    "austria",
    "sweden",
    "norway",
    "denmark",
    "finland",
    "poland",
    "ukraine",
    "russia",
    "turkey",
    "israel",
    "egypt",
    "nigeria",
    "kenya",
    "india",
    "pakistan",
    "china",
    "japan",
    "korea",
    "taiwan",
    "vietnam",
    "thailand",
    "singapore",
    "indonesia",
    "philippines",
    "zealand",
    "london",
    "paris",
    "berlin",
    "tokyo",
    "boston",
    "chicago",
    "seattle",
    "portland",
    "denver",
    "dallas",
    "houston",
    "atlanta",
    "phoenix",
    "detroit",
    "toronto",
    "vancouver",
    "montreal",
    "sydney",
    "melbourne",
    "dublin",
    "amsterdam",
    "brooklyn",
    "manhattan",
    "york",
    "jersey",
    "francisco",
    "angeles",
    "diego",
    "jose",
    "valley",
];

/// Titles, suffixes, days and months: never a surname ("John Jr", "Mario Bros", "by Sarah
/// Monday").
const NOT_SURNAMES: &[&str] = &[
    "jr",
    "sr",
    "bros",
    "ii",
    "iii",
    "iv",
    "esq",
    "phd",
    "md",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether `word`, capitalised, can only be a word that opens a sentence, never a name: a word
/// of grammar or of speech, or a word that leads speech on ("So", "And", "Well", "The").
pub fn is_sentence_opener(word: &str) -> bool {
    with_lowercase(word, |lower| {
        SPEECH_WORDS.contains(lower) || GRAMMAR.contains(&lower) || OPENERS.contains(&lower)
    })
}

/// Words that lead speech on at the start of a sentence.
const OPENERS: &[&str] = &[
    "so", "and", "but", "or", "well", "now", "like", "because", "actually", "yes", "no", "right",
    "plus", "the", "a", "an", "thanks", "thank", "hello", "welcome", "meet", "by", "to", "at",
    "for", "of", "in", "on", "as", "if", "since", "our", "my", "his", "her", "their",
];

/// Whether `word` can be the surname after a given name: capitalised, not English, not an
/// acronym or an initial ("Amber CRT", "Greg K.H"), not a place or a suffix, and not a word
/// made into an adjective ("Steve Jobs-esque", "Bob Dylan-ism").
pub fn may_be_surname(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && !word.contains('.')
        && !is_english(word)
        && !word.split_once('-').is_some_and(|(first, rest)| {
            is_english(first)
                || rest
                    .split('-')
                    .any(|part| !part.starts_with(char::is_uppercase) && is_english(part))
        })
        && with_lowercase(word, |lower| {
            !PLACES.contains(&lower) && !NOT_SURNAMES.contains(&lower)
        })
}

/// Whether `word`, an English word, can still be the surname after a given name ("Plank",
/// "Jobs", "Savage"): capitalised, at least four letters, and not a word that is capitalised for
/// another reason (a day, a month, a nationality: the proper-noun list) or a word of grammar.
pub fn may_be_worded_surname(word: &str) -> bool {
    word.len() >= 4
        && word.starts_with(char::is_uppercase)
        && word.chars().skip(1).all(char::is_lowercase)
        && with_lowercase(word, |lower| {
            !PROPER.contains(lower)
                && !SPEECH_WORDS.contains(lower)
                && !PLACES.contains(&lower)
                && !GRAMMAR.contains(&lower)
                && !THING_WORDS.contains(&lower)
                && !PLACE_WORDS.contains(&lower)
        })
}

/// Words that end the name of a place ("New York City", "Travis County", "Murray Hill"): no
/// surname after a given name, and no organisation after a cue.
const PLACE_WORDS: &[&str] = &[
    "county", "city", "town", "street", "avenue", "road", "park", "hill", "hills", "lake", "river",
    "island", "bridge", "square",
];

/// More words that end a place's name but may be a surname too ("Michael Bay").
const MORE_PLACE_WORDS: &[&str] = &[
    "village",
    "islands",
    "state",
    "states",
    "valley",
    "bay",
    "beach",
    "mountain",
    "mountains",
    "coast",
    "province",
    "region",
    "district",
];

/// Whether `word` (any case) ends the name of a place: what ends so after a cue ("the CTO of
/// New York City") is a place, not an organisation.
pub fn is_place_head(word: &str) -> bool {
    with_lowercase(word, |lower| {
        PLACE_WORDS.contains(&lower) || MORE_PLACE_WORDS.contains(&lower)
    })
}

/// Words that make a given name into the name of a thing ("Mario Maker", "Lawrence Systems"),
/// not a surname; places' are [`PLACE_WORDS`].
const THING_WORDS: &[&str] = &[
    "station",
    "junction",
    "center",
    "centre",
    "school",
    "college",
    "systems",
    "system",
    "protocol",
    "initiative",
    "project",
    "plus",
    "pro",
    "maker",
    "stack",
    "comic",
    "comics",
    "book",
    "books",
    "badge",
    "developer",
    "developers",
    "echo",
    "fool",
    "golden",
    "studio",
    "studios",
    "labs",
    "app",
    "apps",
    "show",
    "podcast",
    "award",
    "awards",
    "prize",
    "day",
    "night",
    "week",
    "conf",
    "summit",
    "meetup",
    "fund",
    "bank",
    "institute",
    "university",
    "airport",
    "tech",
    "museum",
    "hospital",
    "foundation",
    "through",
    "across",
    "along",
    "around",
];

/// Words of grammar that speech capitalises after a name ("Adam Says", "Chris Here").
const GRAMMAR: &[&str] = &[
    "also",
    "here",
    "there",
    "this",
    "that",
    "these",
    "those",
    "then",
    "than",
    "when",
    "what",
    "where",
    "which",
    "while",
    "with",
    "from",
    "into",
    "onto",
    "upon",
    "about",
    "after",
    "before",
    "just",
    "only",
    "even",
    "still",
    "very",
    "really",
    "some",
    "said",
    "says",
    "says",
    "thank",
    "thanks",
    "welcome",
    "hello",
    "sorry",
    "yes",
    "well",
    "right",
    "sure",
    "good",
    "great",
    "nice",
    "cool",
    "exactly",
    "totally",
    "absolutely",
    "indeed",
    "anyway",
    "again",
    "today",
    "tomorrow",
    "yesterday",
    "tonight",
    "have",
    "will",
    "would",
    "could",
    "should",
    "does",
    "doing",
    "done",
    "were",
    "been",
    "being",
    "they",
    "them",
    "their",
    "your",
    "yours",
    "mine",
    "ours",
    "over",
    "under",
    "back",
    "next",
    "last",
    "first",
    "here's",
    "there's",
];

/// A package registry a name was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Registry {
    /// The Python Package Index.
    PyPi,
    /// The npm registry.
    Npm,
}

impl Registry {
    /// How the registry is named in evidence.
    pub fn name(self) -> &'static str {
        match self {
            Registry::PyPi => "PyPI",
            Registry::Npm => "npm",
        }
    }
}

/// A package found in a registry: where, its spelling there, and its download rank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegistryEntry {
    /// The registry.
    pub registry: Registry,
    /// The package's name as registered.
    pub name: &'static str,
    /// Its download rank there (1 = most downloaded).
    pub rank: u32,
}

/// Registry entries by normalised name (lower case, `_`, `.` and `-` removed).
static REGISTRIES: LazyLock<HashMap<String, RegistryEntry>> = LazyLock::new(|| {
    let mut map: HashMap<String, RegistryEntry> = HashMap::new();
    for (registry, text) in [
        (
            Registry::PyPi,
            include_str!("../../data/registries/pypi.tsv"),
        ),
        (Registry::Npm, include_str!("../../data/registries/npm.tsv")),
    ] {
        for line in text.lines() {
            let Some((name, rank)) = line.split_once('\t') else {
                continue;
            };
            let Ok(rank) = rank.trim().parse() else {
                continue;
            };
            let entry = RegistryEntry {
                registry,
                name,
                rank,
            };
            // PyPI is listed first and wins a name both registries hold: these are Python-born
            // lists, and a shared name is most often the same project.
            map.entry(registry_key(name)).or_insert(entry);
        }
    }
    map
});

fn registry_key(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The package a spoken name is, if a registry lists it ("Memray" → PyPI `memray`).
pub fn registry_lookup(name: &str) -> Option<RegistryEntry> {
    REGISTRIES.get(&registry_key(name)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_words_days_and_places_are_known_and_names_are_not() {
        for word in [
            "So",
            "open",
            "Monday",
            "London",
            "English",
            "yeah",
            "I'm",
            "things",
            "They're",
            "North-East",
        ] {
            assert!(is_known_word(word), "{word}");
        }
        for word in ["Vitess", "PlanetScale", "Pivarski", "Metaflow", "Kubeflow"] {
            assert!(!is_known_word(word), "{word}");
        }
    }

    #[test]
    fn registries_give_kind_and_spelling() {
        let numpy = registry_lookup("NumPy").expect("numpy is on PyPI");
        assert_eq!((numpy.registry, numpy.name), (Registry::PyPi, "numpy"));
        let semver = registry_lookup("semver").expect("semver is on npm or PyPI");
        assert!(semver.rank > 0);
        assert_eq!(registry_lookup("Pivarski"), None);
    }

    #[test]
    fn surnames_are_not_places_acronyms_or_adjectives() {
        for word in [
            "Darwin",
            "Pivarski",
            "Buckley-Houston",
            "Bankman-Fried",
            "McKay",
            "O'Brien",
        ] {
            assert!(may_be_surname(word), "{word}");
        }
        for word in [
            "Texas",
            "BC",
            "CRT",
            "K.H",
            "Jr",
            "Jobs-esque",
            "Dylan-ism",
            "Journal-World",
            "Garden",
        ] {
            assert!(!may_be_surname(word), "{word}");
        }
    }

    #[test]
    fn first_names_are_known() {
        assert!(is_first_name("Jim"));
        assert!(!is_first_name("Vitess"));
    }
}
