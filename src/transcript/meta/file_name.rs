//! The episode number and title a file name gives (`197-structured-concurrency.txt`,
//! `ep123.txt`, `practical-ai-150.md`), and the names that give nothing (hashes, bare words).

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

/// A number that leads the name: `197-structured-concurrency`, `012`.
static LEADING_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,6})(?:[\s_.\-]+(.*))?$").unwrap());
/// A number after "ep" or "episode", anywhere: `ep123`, `episode_123-title`, `show-ep-12`.
static EPISODE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[\s_.\-])(?:ep|episode|eps|e)[\s_.\-#]*(\d{1,6})(?:$|[\s_.\-]+)").unwrap()
});
/// A number that ends the name: `practical-ai-150`, `go-time-339`.
static TRAILING_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?)[\s_.\-#]+(\d{1,6})$").unwrap());
static HASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[0-9a-fA-F]{8,}$").unwrap());

/// Words that file names append to a slug but that are not part of the title.
const SLUG_SUFFIXES: &[&str] = &["transcript", "youtube", "captions", "subtitles"];

/// The episode number and title slug in a file name: the number may lead (`197-structured-
/// concurrency.txt`), follow "ep"/"episode" anywhere (`ep123`, `episode_123`), or end the name
/// (`practical-ai-150.md`) — but a year at the end (`summit-2018`) is no episode number. Names
/// made of a number and a hash (`000_af490fa7dafbb02c.txt`) say nothing.
pub fn from_file_name(path: &Path) -> (Option<u32>, Option<String>) {
    let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
        return (None, None);
    };
    let (number, slug): (Option<u32>, String) = if let Some(c) = LEADING_NUMBER.captures(stem) {
        let slug = c.get(2).map_or("", |m| m.as_str());
        if HASH.is_match(slug) {
            return (None, None);
        }
        (c[1].parse().ok(), slug.to_owned())
    } else if let Some(c) = EPISODE_NUMBER.captures(stem) {
        let whole = c.get(0).expect("match");
        let slug = format!("{} {}", &stem[..whole.start()], &stem[whole.end()..]);
        (c[1].parse().ok(), slug)
    } else if let Some(c) = TRAILING_NUMBER.captures(stem)
        && !is_year(&c[2])
    {
        // `practical-ai-150`, `go-time-339`: a name before a trailing number is the show's,
        // not the episode's title.
        return (c[2].parse().ok(), None);
    } else {
        (None, stem.to_owned())
    };
    let mut words: Vec<&str> = slug
        .split(|ch: char| ch == '-' || ch == '_' || ch.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    while words
        .last()
        .is_some_and(|w| SLUG_SUFFIXES.iter().any(|s| w.eq_ignore_ascii_case(s)))
    {
        words.pop();
    }
    // Only a name that had a number is a slug; "notes.txt" has no title in it.
    if number.is_none() {
        return (None, None);
    }
    let title = words.join(" ");
    let title = (!title.is_empty()).then(|| capitalise_first(&title));
    (number, title)
}

/// A four-digit number that reads as a year of podcasting (1990–2099).
fn is_year(digits: &str) -> bool {
    digits.len() == 4
        && digits
            .parse::<u32>()
            .is_ok_and(|y| (1990..2100).contains(&y))
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_number_and_title_unless_they_are_hashes() {
        let cases: &[(&str, Option<u32>, Option<&str>)] = &[
            (
                "197-structured-concurrency.txt",
                Some(197),
                Some("Structured concurrency"),
            ),
            (
                "459 Inverted dependency trees.vtt",
                Some(459),
                Some("Inverted dependency trees"),
            ),
            (
                "473-a-clean-room-rewrite-transcript-youtube.vtt",
                Some(473),
                Some("A clean room rewrite"),
            ),
            ("000_af490fa7dafbb02c.txt", None, None),
            ("012.txt", Some(12), None),
            ("notes.txt", None, None),
            ("practical-ai-150.md", Some(150), None),
            ("go-time-339.md", Some(339), None),
            ("the-changelog-bonus-sustainoss-2018.md", None, None),
            ("ep123.txt", Some(123), None),
            ("episode_123-the-title.txt", Some(123), Some("The title")),
            ("show-ep-12-title.srt", Some(12), Some("Show title")),
            ("python-3.txt", Some(3), None),
            ("Episode 7 - Vitess.vtt", Some(7), Some("Vitess")),
        ];
        for (name, number, title) in cases {
            let (n, t) = from_file_name(Path::new(name));
            assert_eq!((n, t.as_deref()), (*number, *title), "{name}");
        }
    }
}
