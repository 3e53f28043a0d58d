//! Cues in the words around a match: what the surrounding text says about the word it found.
//!
//! A few plain readings of the text next to a match decide whether an ambiguous word is the name
//! or the ordinary word: a quantity before it makes it a counted noun ("millions of requests"), a
//! determiner makes it a noun phrase ("these channels"), a capital at the start of a sentence says
//! nothing ("Go ahead"), a comma or "and" joins it to a list, and an `exclude` phrase covers it
//! ("requests per second"). Each is a pure function of the text and an offset, so it is kept apart
//! from the judgement that weighs them (see `judge`) and tested on its own.

use crate::discover::words::may_be_surname;

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
pub(super) fn after_determiner(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches(' ');
    // The word starts after the last character that is not part of it, which may be several
    // bytes long ("—", "’").
    let word_start = before
        .char_indices()
        .rfind(|&(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    is_one_of(word, DETERMINERS)
}

/// Whether `word` is one of `words`, in any ASCII case.
fn is_one_of(word: &str, words: &[&str]) -> bool {
    words.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Words that open a noun phrase.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "these", "those", "this", "that", "my", "our", "your", "their", "his", "her",
    "its", "some", "any", "all", "each", "every", "no",
];

/// Whether `between` joins two items of a spoken list: a comma, "and", "or", "&", "/", "vs",
/// or a comma with "and"/"or".
pub(super) fn is_list_separator(between: &str) -> bool {
    let inner = between.trim();
    let inner = inner.strip_prefix(',').map_or(inner, str::trim_start);
    between.starts_with([' ', ',', '/', '&'])
        && (inner.is_empty() && between.contains([',', '/'])
            || is_one_of(
                inner,
                &["and", "or", "&", "/", "vs", "vs.", "versus", "and/or"],
            ))
        && between.len() <= 8
}

/// Whether the words before `start` count what follows ("10,000 requests", "millions of").
pub(super) fn is_counted(text: &str, start: usize) -> bool {
    let mut words = text[..start]
        .rsplit(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    let is_quantity = |w: &str| {
        (!w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == ','))
            || is_one_of(w, QUANTITY_WORDS)
    };
    match words.next() {
        Some(w) if is_quantity(w) => true,
        Some(w) if w.eq_ignore_ascii_case("of") => words.next().is_some_and(is_quantity),
        _ => false,
    }
}

/// Whether the words around `start..end` introduce a name: "something called universe", "a
/// tool named Trio", "a distributed engine like Spark", "remove star is a command line app", and
/// for an organisation "he was working at Cruise", "I worked for Stripe". Said so, a word is the
/// name of a thing, not the word — unless a capitalised word follows it, when the name is
/// longer ("a website called Black Arbs").
pub(super) fn introduced_by_cue(text: &str, start: usize, end: usize, organization: bool) -> bool {
    let mut after = text[end..].chars();
    if after.next() == Some(' ') && after.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let mut words = text[..start]
        .rsplit(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty());
    let kinds: &[&str] = if organization {
        ORGANIZATION_NOUNS
    } else {
        THING_NOUNS
    };
    if described_as(&text[end..], kinds) {
        return true;
    }
    // "a distributed engine like Spark", "companies such as Cruise": an example of a kind of
    // thing is a name.
    let names_a_kind = |w: &str| is_one_of(w.trim_end_matches(','), kinds);
    match words.next() {
        Some(w) if is_one_of(w, &["called", "named"]) => true,
        Some(w) if organization && is_one_of(w, &["at", "for"]) => words
            .next()
            .is_some_and(|w| is_one_of(w, &["work", "works", "worked", "working"])),
        Some(w) if is_one_of(w, &["like"]) => words.next().is_some_and(names_a_kind),
        Some(w) if is_one_of(w, &["as"]) => {
            words.next().is_some_and(|w| is_one_of(w, &["such"]))
                && words.next().is_some_and(names_a_kind)
        }
        _ => false,
    }
}

/// Whether `after` (the text after a name) says what kind of thing the name is: "is a command
/// line app", "was a small library", "is an open source database" — "is" or "was", "a" or
/// "an", up to three words, then one of `kinds`.
fn described_as(after: &str, kinds: &[&str]) -> bool {
    let mut words = after.split(' ');
    if words.next() != Some("") {
        return false;
    }
    if !words.next().is_some_and(|w| is_one_of(w, &["is", "was"])) {
        return false;
    }
    if !words.next().is_some_and(|w| is_one_of(w, &["a", "an"])) {
        return false;
    }
    for word in words.take(4) {
        let bare = word.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        if bare.is_empty() || !bare.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return false;
        }
        if is_one_of(bare, kinds) {
            return true;
        }
        if bare.len() < word.len() {
            // The sentence or clause ended before a kind was named.
            return false;
        }
    }
    false
}

/// Kinds of software a name may be an example of ("an engine like Spark") or be said to be
/// ("remove star is a command line app").
const THING_NOUNS: &[&str] = &[
    "engine",
    "engines",
    "tool",
    "tools",
    "framework",
    "frameworks",
    "library",
    "libraries",
    "database",
    "databases",
    "language",
    "languages",
    "platform",
    "platforms",
    "service",
    "services",
    "editor",
    "editors",
    "package",
    "packages",
    "project",
    "projects",
    "app",
    "apps",
    "system",
    "systems",
    "runtime",
    "runtimes",
    "model",
    "models",
    "browser",
    "browsers",
];

/// Kinds of organisation a name may be an example of ("companies like Stripe") or be said to
/// be ("Cruise was a startup").
const ORGANIZATION_NOUNS: &[&str] = &[
    "company",
    "companies",
    "startup",
    "startups",
    "organization",
    "organizations",
    "organisation",
    "organisations",
    "firm",
    "firms",
    "vendor",
    "vendors",
    "provider",
    "providers",
    "lab",
    "labs",
];

/// Whether `start` opens a sentence: the start of a segment, or after `.`, `?`, `!` or `:`.
pub(super) fn starts_sentence(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '"', '\'', '(']);
    before.is_empty() || before.ends_with(['\n', '.', '?', '!', ':'])
}

/// Whether a bare given name or surname of `person` at `start..end` is part of someone else's
/// full name: next to it stands a word that may be the other half of a name ("Brian Ketelsen",
/// "Brian Anderson") and that starts with a letter none of `person`'s other names starts with.
/// A neighbour that does is the person's own name misheard ("Donald Suft" for Donald Stufft,
/// "Sachin Nadella" for Satya Nadella), and the name still counts.
pub(super) fn names_someone_else(person: &str, text: &str, start: usize, end: usize) -> bool {
    let said = text[start..end]
        .trim_end_matches("'s")
        .trim_end_matches('\'');
    let initials = || {
        person
            .split([' ', '-'])
            .filter(|word| !word.eq_ignore_ascii_case(said))
            .filter_map(|word| word.chars().next())
            .flat_map(char::to_lowercase)
    };
    let is_name = |c: char| c.is_alphabetic() || c == '-';
    let after = text[end..]
        .strip_prefix(' ')
        .map(|rest| &rest[..rest.find(|c: char| !is_name(c)).unwrap_or(rest.len())]);
    let before = text[..start]
        .strip_suffix(' ')
        .map(|rest| &rest[rest.rfind(|c: char| !is_name(c)).map_or(0, |i| i + 1)..]);
    [after, before].into_iter().flatten().any(|word| {
        may_be_surname(word)
            && word
                .chars()
                .next()
                .and_then(|c| c.to_lowercase().next())
                .is_some_and(|initial| !initials().any(|i| i == initial))
    })
}

/// Whether the word after `end` makes the name before it the name of a thing named after a
/// person: "the Turing test", "Liskov substitution", "Dijkstra's algorithm".
pub(super) fn names_a_thing_after(text: &str, end: usize) -> bool {
    let Some(after) = text[end..].strip_prefix(' ') else {
        return false;
    };
    let word = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    is_one_of(word, EPONYM_HEADS)
}

/// Nouns that, after a person's name, make it the name of a thing: tests, awards, laws.
const EPONYM_HEADS: &[&str] = &[
    "test",
    "tests",
    "award",
    "awards",
    "prize",
    "medal",
    "algorithm",
    "principle",
    "substitution",
    "machine",
    "machines",
    "complete",
    "completeness",
    "number",
    "law",
    "theorem",
    "equation",
    "distance",
    "transform",
];

/// Whether the word after `end` makes the word before it a verb said as a command: "Go back and
/// listen", "Go to Amazon", "Go work at Google", "Express how you got curious". A name at the start
/// of a sentence is followed by what it does ("Go is", "Envoy was") or by nothing ("Fossil.").
pub(super) fn reads_as_command(text: &str, end: usize) -> bool {
    let Some(after) = text[end..].strip_prefix(' ') else {
        return false;
    };
    let word = after
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("");
    is_one_of(word, COMMAND_FOLLOWERS)
}

/// Words that follow a verb said as a command: particles, question words, objects.
const COMMAND_FOLLOWERS: &[&str] = &[
    "to",
    "back",
    "ahead",
    "away",
    "out",
    "up",
    "down",
    "off",
    "over",
    "how",
    "what",
    "where",
    "why",
    "yourself",
    "yourselves",
    "your",
    "my",
    "me",
    "it",
    "them",
    "him",
    "her",
    "us",
    "this",
    "that",
    "these",
    "those",
    "the",
    "a",
    "an",
    "some",
    "get",
    "work",
    "check",
    "look",
    "see",
    "figure",
    "find",
    "read",
    "grab",
    "try",
    "buy",
    "fuck",
];

/// Whether a capitalised name comes right after a preposition, as the thing something is on, in,
/// with or for ("put it on Medium", "written in Go", "a meeting on Zoom", "I was at Apple"): a
/// word capitalised mid-sentence where a preposition wants a noun phrase is a name. Not an
/// acronym, which is in capitals wherever it is said ("PR firms", "licensed with MIT"), and not
/// the first word of a longer name ("in Bubble Tea"). Sentence starts never reach this cue.
pub(super) fn capital_after_preposition(text: &str, start: usize, end: usize) -> bool {
    let name = &text[start..end];
    if !name.starts_with(char::is_uppercase) || !name.chars().any(char::is_lowercase) {
        return false;
    }
    let mut after = text[end..].chars();
    if after.next() == Some(' ') && after.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let before = text[..start].strip_suffix(' ').unwrap_or("");
    let word = before.rsplit(' ').next().unwrap_or("");
    is_one_of(word, PREPOSITIONS)
}

/// Whether a one-letter name ("C", "R") is said as a letter here, not as the name: spelled out
/// or joined into a compound by a hyphen ("T-R-I-O", "C-suite", "R-rated"), part of a dotted
/// abbreviation ("U.C. Santa Cruz", "D.C."), or a middle initial ("Kent C. Dodds"). No context
/// word can outweigh these shapes, and a language's name never takes them.
pub(super) fn letter_not_name(text: &str, start: usize, end: usize) -> bool {
    let mut name = text[start..end].chars();
    if !(name.next().is_some_and(|c| c.is_ascii_alphabetic()) && name.next().is_none()) {
        return false;
    }
    let mut before = text[..start].chars().rev();
    let mut after = text[end..].chars();
    let (b1, b2) = (before.next(), before.next());
    let (a1, a2, a3) = (after.next(), after.next(), after.next());
    let joined = |mark: Option<char>, next: Option<char>, joiner: char| {
        mark == Some(joiner) && next.is_some_and(char::is_alphanumeric)
    };
    if joined(b1, b2, '-') || joined(a1, a2, '-') || joined(b1, b2, '.') || joined(a1, a2, '.') {
        return true;
    }
    // The words before it, nearest first, commas dropped ("A, B, C").
    let mut before = text[..start].rsplit([' ', ',']).filter(|w| !w.is_empty());
    let (w1, w2, w3) = (
        before.next().unwrap_or(""),
        before.next().unwrap_or(""),
        before.next().unwrap_or(""),
    );
    // "Kent C. Dodds": a capitalised word before, a full stop and a capitalised word after.
    let initial_follows = a1 == Some('.') && a2 == Some(' ') && a3.is_some_and(char::is_uppercase);
    if initial_follows && w1.starts_with(char::is_uppercase) && w1.len() > 1 {
        return true;
    }
    // Letters in a row, spelled or listed: "M I L R", "A, B, C". "A" and "I" are words too ("a
    // C compiler", "I use C"), so they count as letters only after another letter.
    let letter = |w: &str| w.len() == 1 && w.starts_with(|c: char| c.is_ascii_uppercase());
    let word = |w: &str| w == "A" || w == "I";
    let after = text[end..].trim_start_matches([' ', ',']).split(' ').next();
    if (letter(w1) && (!word(w1) || letter(w2)))
        || after.is_some_and(|w| letter(w) && !word(w) && w != &text[start..end])
    {
        return true;
    }
    // Named as a letter: "the letter C", "a capital R", "it starts with R", "with a C",
    // "spell it with a K".
    let with = is_one_of(w1, &["with"]);
    is_one_of(w1, LETTER_WORDS)
        || with && is_one_of(w2, STARTS_OR_ENDS)
        || with && is_one_of(w2, &["it"]) && is_one_of(w3, &["spell"])
        || is_one_of(w1, &["a"]) && is_one_of(w2, &["with"])
}

/// Words right before a letter that name it as a letter, or as a key ("control C out of it").
const LETTER_WORDS: &[&str] = &[
    "letter",
    "letters",
    "capital",
    "lowercase",
    "uppercase",
    "reversed",
    "backwards",
    "control",
    "ctrl",
    "command",
    "cmd",
    "shift",
    "alt",
];

/// Verbs before "with" and a letter: "it starts with R".
const STARTS_OR_ENDS: &[&str] = &[
    "start", "starts", "starting", "begin", "begins", "end", "ends",
];

/// Prepositions before a name of a thing or a place of work.
const PREPOSITIONS: &[&str] = &[
    "on", "in", "into", "with", "using", "from", "via", "to", "at",
];

/// Whether `phrase` (lower case) occurs in `text` so that it covers `start..end`. The phrase
/// may end inside a word, and the catalog's excludes rely on it ("rough go" covers "rough
/// going", "rough week" "rough weekend"), but not when it ends in a letter on its own: "USB, C"
/// covers "USB, C" and not "USB, Chrome".
pub(super) fn phrase_covers(text: &str, start: usize, end: usize, phrase: &str) -> bool {
    let surface = &text[start..end];
    let len = surface.len();
    if phrase.len() < len {
        return false;
    }
    let letter_last = ends_in_a_letter(phrase);
    (0..=phrase.len() - len).any(|k| {
        phrase.is_char_boundary(k)
            && phrase.is_char_boundary(k + len)
            && phrase[k..k + len].eq_ignore_ascii_case(surface)
            && start >= k
            && text
                .get(start - k..start - k + phrase.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(phrase))
            && !(letter_last
                && text[start - k + phrase.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric()))
    })
}

/// Whether `phrase` ends in a word of one letter ("r, s", "usb, c").
fn ends_in_a_letter(phrase: &str) -> bool {
    let mut last = phrase.chars().rev();
    last.next().is_some_and(char::is_alphanumeric)
        && !last.next().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_word_before_a_particle_or_an_object_is_a_command() {
        for text in [
            "Go back and listen",
            "Go to Amazon",
            "Go ahead, Brian.",
            "Go ahead.\nNo, I was looking",
            "Go work at Google",
            "Express how you got curious",
        ] {
            let end = text.find(' ').unwrap();
            assert!(reads_as_command(text, end), "{text:?}");
        }
        for text in ["Go is a language", "Go, for example", "Go.", "Go and Rust"] {
            let end = 2;
            assert!(!reads_as_command(text, end), "{text:?}");
        }
    }

    #[test]
    fn a_one_letter_name_said_as_a_letter_is_not_the_name() {
        let said_as_letters = [
            ("T-R-I-O", "R"),
            ("M-P-I-R-E.", "R"),
            ("the C-suite", "C"),
            ("an R-rated film", "R"),
            ("at U.C. Santa Cruz", "C"),
            ("in Washington, D.C. today", "C"),
            ("with Kent C. Dodds", "C"),
            ("be Mike C. Kennedy and", "C"),
            ("It's a M I L M L I R instead.", "R"),
            ("dictionary A, B, C and", "C"),
            ("the letter C, not S-E-E", "C"),
            ("with the reversed R for", "R"),
            ("packages that start with R like", "R"),
            ("spell it with a C.", "C"),
            ("if they control C out of it", "C"),
        ];
        for (text, letter) in said_as_letters {
            let start = text.find(letter).unwrap();
            assert!(letter_not_name(text, start, start + 1), "{text}");
        }
        let said_as_names = [
            ("written in C. Then we", "C"),
            ("C and C++", "C"),
            ("in C, Rust", "C"),
            ("Python or R.", "R"),
            ("I use C. Python is", "C"),
            ("like C, C++, C#, Java", "C"),
            ("a C C++ type engine", "C"),
            ("written with C and Rust", "C"),
            ("code in C, C extensions", "C"),
        ];
        for (text, letter) in said_as_names {
            let start = text.find(letter).unwrap();
            assert!(!letter_not_name(text, start, start + 1), "{text}");
        }
        // Longer names are not letters.
        assert!(!letter_not_name("the Go-based tool", 4, 6));
    }

    #[test]
    fn a_capitalised_name_after_a_preposition_is_a_name() {
        for (text, name) in [
            ("he put it on Medium last week", "Medium"),
            ("it is written in Go, mostly", "Go"),
            ("a call on Zoom.", "Zoom"),
            ("when I was at Apple then", "Apple"),
        ] {
            let start = at(text, name);
            assert!(
                capital_after_preposition(text, start, start + name.len()),
                "{text:?}"
            );
        }
        for (text, name) in [
            // Not after a preposition, in lower case, an acronym, or a longer name.
            ("a good Medium article", "Medium"),
            ("put it on medium heat", "medium"),
            ("we work with PR firms", "PR"),
            ("apps built with Bubble Tea", "Bubble"),
        ] {
            let start = at(text, name);
            assert!(
                !capital_after_preposition(text, start, start + name.len()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_bare_name_beside_another_surname_is_someone_else() {
        for (text, name) in [
            ("Brian Ketelsen, host of GoTime", "Brian"),
            ("the lead, Brian Anderson, at Mozilla", "Brian"),
            ("started by Guido Okken's friend", "Okken"),
        ] {
            let start = at(text, name);
            assert!(
                names_someone_else("Brian Okken", text, start, start + name.len()),
                "{text:?}"
            );
        }
        for (text, name) in [
            // Alone, before a word, or beside the person's own name misheard.
            ("thanks, Brian, for the pytest book", "Brian"),
            ("Brian Okin, host of Test & Code", "Brian"),
            ("Brian Is here", "Brian"),
            ("Brian Ocken and the pytest book", "Brian"),
        ] {
            let start = at(text, name);
            assert!(
                !names_someone_else("Brian Okken", text, start, start + name.len()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_name_before_a_test_or_an_award_names_a_thing() {
        for (text, name) in [
            ("pass the Turing test today", "Turing"),
            ("won the Turing Award in 2018", "Turing"),
            ("Dijkstra's algorithm finds it", "Dijkstra's"),
            ("the Liskov substitution principle", "Liskov"),
        ] {
            assert!(
                names_a_thing_after(text, at(text, name) + name.len()),
                "{text:?}"
            );
        }
        for (text, name) in [("Turing wrote it", "Turing"), ("Liskov.", "Liskov")] {
            assert!(
                !names_a_thing_after(text, at(text, name) + name.len()),
                "{text:?}"
            );
        }
    }

    /// Where `word` starts in `text`.
    fn at(text: &str, word: &str) -> usize {
        text.find(word).unwrap()
    }

    #[test]
    fn quantities_count_the_word_after_them() {
        for text in [
            "10,000 requests a day",
            "millions of requests",
            "a couple of requests",
            "many requests",
        ] {
            assert!(is_counted(text, at(text, "requests")), "{text:?}");
        }
        for text in [
            "the requests library",
            "of requests",
            "requests",
            "send requests",
        ] {
            assert!(!is_counted(text, at(text, "requests")), "{text:?}");
        }
    }

    #[test]
    fn determiners_and_sentence_starts() {
        assert!(after_determiner("over these channels", 10));
        assert!(!after_determiner("so channels", 3));
        for text in ["Go ahead", "fine. Go on", "asked: Go?", "done. \"Go"] {
            assert!(starts_sentence(text, at(text, "Go")), "{text:?}");
        }
        for text in ["I like Go", "we said \"Go"] {
            assert!(!starts_sentence(text, at(text, "Go")), "{text:?}");
        }
    }

    #[test]
    fn a_determiner_after_a_multibyte_character_does_not_panic() {
        // Show notes write "—the" and "’s": the byte after such a character is inside it.
        for (text, expected) in [
            ("see —the channels", true),
            ("it’s channels", false),
            ("—channels", false),
            ("über these channels", true),
        ] {
            assert_eq!(
                after_determiner(text, at(text, "channels")),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn excluded_phrases_cover_the_match() {
        let covered = |text: &str, word: &str, phrase: &str| {
            let start = at(text, word);
            phrase_covers(text, start, start + word.len(), phrase)
        };
        assert!(covered(
            "5 Requests per second",
            "Requests",
            "requests per second"
        ));
        assert!(covered("three pull requests", "requests", "pull requests"));
        assert!(!covered(
            "5 requests per minute",
            "requests",
            "requests per second"
        ));
        assert!(!covered("pull requests", "pull", "requests"));
        // A phrase may end inside a word, but not in a letter on its own.
        assert!(covered("a rough weekend", "rough", "rough week"));
        assert!(covered("A, B, C, R, S, T", "R", "r, s"));
        assert!(!covered("done in R, someone said", "R", "r, s"));
    }
}
