//! What the hosts' opening words say: the episode number ("episode number one", in digits or
//! words) and the show ("This is Python Bytes", "Welcome to Practical AI").
//!
//! Speech-to-text garbles both, so these readers are lenient about spelling and strict about
//! context; [`super::precedence`] decides how far to trust them.

use std::sync::LazyLock;

use regex::Regex;

static SPOKEN_EPISODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bepisode\s+(?:number\s+|no\.?\s*|#\s*)?(\d{1,6}\b|[a-z]+(?:[\s-]+[a-z]+){0,5})",
    )
    .unwrap()
});

/// The episode number the hosts say ("episode 29", "episode number one", "episode two").
pub fn spoken_episode_number(text: &str) -> Option<u32> {
    SPOKEN_EPISODE.captures_iter(text).find_map(|c| {
        let said = &c[1];
        said.parse().ok().or_else(|| number_from_words(said))
    })
}

/// Parses a number written in English words at the start of `text` ("one hundred and twelve").
/// Words after the number are ignored; `None` if `text` does not start with one.
pub fn number_from_words(text: &str) -> Option<u32> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let mut total = 0u32;
    let mut current = 0u32;
    let mut seen = false;
    let mut pending_and = false;
    for word in text
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
    {
        let word = word.to_ascii_lowercase();
        // Speech-to-text can say "ninety hundred hundred hundred": overflow means no number.
        if let Some(n) = UNITS.iter().position(|u| *u == word) {
            current = current.checked_add(n as u32)?;
        } else if let Some(n) = TENS.iter().position(|t| *t == word) {
            current = current.checked_add((n as u32 + 2) * 10)?;
        } else if word == "hundred" && seen {
            current = current.checked_mul(100)?;
        } else if word == "thousand" && seen {
            total = total.checked_add(current.checked_mul(1000)?)?;
            current = 0;
        } else if word == "and" && seen && !pending_and {
            pending_and = true;
            continue;
        } else {
            break;
        }
        seen = true;
        pending_and = false;
    }
    if seen {
        total.checked_add(current)
    } else {
        None
    }
}

/// Podcasts podgraph knows by name, as speech-to-text writes them, and their proper names.
///
/// Speech names many things ("take a Talk Python course"), so the show is the known show named
/// first in the opening speech; other shows are found by "welcome to X" and `--show`.
pub(super) const KNOWN_SHOWS: &[(&str, &str)] = &[
    ("python bytes", "Python Bytes"),
    ("python bites", "Python Bytes"),
    ("talk python to me", "Talk Python To Me"),
    ("test and code", "Test & Code"),
    ("test & code", "Test & Code"),
    ("real python podcast", "The Real Python Podcast"),
    ("podcast.__init__", "Podcast.__init__"),
    ("podcast init", "Podcast.__init__"),
    ("django chat", "Django Chat"),
];

static KNOWN_SHOW: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<String> = KNOWN_SHOWS
        .iter()
        .map(|(said, _)| regex::escape(said).replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(r"(?i)\b(?:{})", names.join("|"))).unwrap()
});
/// "Welcome to X", "welcome back to X", "another episode of X": X is up to five capitalised words
/// on one line, ending at the sentence (a dot inside a word, as in "Node.js", is no end).
static WELCOME_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[Ww]elcome (?:back )?to|(?:another|this) episode of|[Ww]elcome to (?:another|this) episode of)[ \t]+(?:the[ \t]+)?(\p{Lu}[\w&']*(?:\.[\w&']+)*(?:[ \t]+(?:\p{Lu}[\w&']*(?:\.[\w&']+)*|to|and|&)){0,4})",
    )
    .unwrap()
});

/// The known shows the opening speech names, in order of first mention.
pub fn spoken_shows(text: &str) -> Vec<&'static str> {
    let mut shows = Vec::new();
    for m in KNOWN_SHOW.find_iter(text) {
        let said = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
        let proper = KNOWN_SHOWS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(&said))
            .map(|(_, proper)| *proper);
        if let Some(proper) = proper.filter(|p| !shows.contains(p)) {
            shows.push(proper);
        }
    }
    shows
}

/// The show the opening speech names: the first known show, else the one it welcomes you to.
pub fn spoken_show(text: &str) -> Option<String> {
    if let Some(first) = spoken_shows(text).first() {
        return Some((*first).to_owned());
    }
    let c = WELCOME_TO.captures(text)?;
    let mut name = c[1].trim();
    for tail in [" and", " to", " &"] {
        name = name.strip_suffix(tail).unwrap_or(name).trim_end();
    }
    (!name.is_empty()).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoken_episode_numbers_in_digits_and_words() {
        let cases = [
            ("It's Episode #9, recorded", Some(9)),
            ("This time it's episode 29 and we recorded", Some(29)),
            (
                "This is Python Bytes, episode number one, recorded",
                Some(1),
            ),
            ("welcome to episode two of Python Bytes", Some(2)),
            ("It's episode six, recorded Monday", Some(6)),
            ("episode one hundred and twelve.", Some(112)),
            ("On the last episode, we covered episode 40", Some(40)),
            ("no number here", None),
        ];
        for (text, expected) in cases {
            assert_eq!(spoken_episode_number(text), expected, "{text:?}");
        }
    }

    #[test]
    fn shows_are_named_from_speech() {
        let cases = [
            (
                "This is Python Bytes, Python headlines",
                Some("Python Bytes"),
            ),
            (
                "Hello and welcome to Python Bytes, where we deliver",
                Some("Python Bytes"),
            ),
            (
                "thank you for listening to Python bites",
                Some("Python Bytes"),
            ),
            (
                "Welcome to Talk Python To Me, a weekly podcast",
                Some("Talk Python To Me"),
            ),
            (
                "Hello and welcome to Data Engineering Weekly, where",
                Some("Data Engineering Weekly"),
            ),
            ("Welcome to the show", None),
            (
                "Welcome to Practical AI. This is Daniel",
                Some("Practical AI"),
            ),
            ("this is The Changelog.\nThank you", None),
            (
                "Welcome to The Changelog.\nThank you",
                Some("The Changelog"),
            ),
            (
                "Welcome to another episode of Practical AI. I am",
                Some("Practical AI"),
            ),
            (
                "welcome back to Go Time and Node.js fans",
                Some("Go Time and Node.js"),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(spoken_show(text).as_deref(), expected, "{text:?}");
        }
        let crossover =
            "recorded as a talk Python to me episode, for our countdown on Python bytes";
        assert_eq!(
            spoken_shows(crossover),
            ["Talk Python To Me", "Python Bytes"]
        );
    }

    #[test]
    fn number_words() {
        assert_eq!(number_from_words("twenty-one pilots"), Some(21));
        assert_eq!(number_from_words("three hundred forty two"), Some(342));
        assert_eq!(number_from_words("and one"), None);
        assert_eq!(number_from_words("of python"), None);
        // Regression: overflowed silently (release) or panicked (debug).
        assert_eq!(
            number_from_words("ninety hundred hundred hundred hundred hundred"),
            None
        );
    }
}
