//! Spelling variants: the forms an alias may take in a transcript besides the written one.
//!
//! The rules (separators said as a space, a hyphen or nothing; compound names split at inner
//! capitals; version dots kept) are in the module docs of `extract`. They are apart from scanning
//! because they are a pure function of one alias: they run once per alias when the automaton is
//! built, never over a transcript, and are tested alias by alias.

use std::collections::HashSet;

use crate::transcript::text::fold_str;

/// The spelling variants of an alias, the alias first: separators between words swapped, or a
/// compound name split (see the module docs).
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
        // And a name made of a word and a part no English word is ("py", "lib", "io") as two
        // words: "py lint", "URL lib", "async IO", "AIO HTTP".
        if let Some(split) = split_camel_case(&folded).or_else(|| split_affix(&folded)) {
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

/// Parts of one-word names that are not English words and that speech-to-text writes as a word of
/// their own: "py lint", "aio http", "iter tools" (prefixes) and "url lib", "async io", "tiny db",
/// "three js", "date util" (suffixes). Not "py" at the end: "type py" is typing the command.
const PREFIXES: &[&str] = &["py", "aio", "url", "iter", "arg"];
const SUFFIXES: &[&str] = &["io", "lib", "db", "js", "util", "utils"];

/// Words that spell punctuation aloud: "py dash event" is "py-event", not a name "pydash".
const SPOKEN_PUNCTUATION: &[&str] = &["dash", "dot", "slash", "underscore", "hyphen"];

/// "pylint" → "py lint", "urllib" → "url lib", "asyncio" → "async io": a one-word name split
/// after one of [`PREFIXES`] or before one of [`SUFFIXES`], when the rest is a word of four
/// letters or more or another such part; `None` otherwise ("mypy", "trio", "PyPI" stay, and so
/// does "anyio": "any IO" is said of anything).
fn split_affix(word: &str) -> Option<String> {
    if !word.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let rest_ok = |rest: &str| {
        (rest.len() >= 4 || SUFFIXES.contains(&rest))
            && rest.chars().all(|c| c.is_ascii_alphabetic())
            && !SPOKEN_PUNCTUATION.contains(&rest)
    };
    let at = PREFIXES
        .iter()
        .find(|p| lower.starts_with(**p) && rest_ok(&lower[p.len()..]))
        .map(|p| p.len())
        .or_else(|| {
            SUFFIXES
                .iter()
                .find(|s| lower.ends_with(**s) && rest_ok(&lower[..lower.len() - s.len()]))
                .map(|s| lower.len() - s.len())
        })?;
    Some(format!("{} {}", &word[..at], &word[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_of_aliases() {
        assert_eq!(variants("pytest"), ["pytest", "py test"]);
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

    #[test]
    fn a_name_with_a_part_no_word_is_said_as_two_words() {
        assert_eq!(variants("pylint"), ["pylint", "py lint"]);
        assert_eq!(variants("aiohttp"), ["aiohttp", "aio http"]);
        assert_eq!(variants("urllib"), ["urllib", "url lib"]);
        assert_eq!(variants("asyncio"), ["asyncio", "async io"]);
        // "py" at the end stays ("type py" is typing the command), and so does a rest that is
        // spoken punctuation ("py dash event" is "py-event").
        assert_eq!(variants("numpy"), ["numpy"]);
        assert_eq!(variants("pydash"), ["pydash"]);
        assert_eq!(variants("itertools"), ["itertools", "iter tools"]);
        assert_eq!(variants("dateutil"), ["dateutil", "date util"]);
        // Too short a rest, or a part that is a word: no split.
        assert_eq!(variants("mypy"), ["mypy"]);
        assert_eq!(variants("trio"), ["trio"]);
        assert_eq!(variants("zlib"), ["zlib"]);
        assert_eq!(variants("anyio"), ["anyio"]);
        assert_eq!(variants("devtools"), ["devtools"]);
        assert_eq!(variants("boto3"), ["boto3"]);
        // Inner capitals split first.
        assert_eq!(variants("PyPI"), ["PyPI"]);
    }
}
