//! Episode titles: the episode number a title states, and the form in which two titles are
//! compared.
//!
//! Reading needs the number (an item without `<itunes:episode>` is numbered by its title) and
//! matching needs both, so they live apart from either.

use std::sync::LazyLock;

use regex::Regex;

/// "Episode 12:", "Ep. 12 -", "Episode #12", "#12", followed by a separator, white space or the
/// end; a `.` only counts when white space follows it, so "Ep 3.12" is no episode 3.
static MARKED_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?is)^(?:(?:episode|ep)(?:\.\s*|\s*)(?:no\.?\s*|number\s+)?#?\s*|#\s*)(\d{1,6})(?:\s*[:|\-–—)\]]+\s*|\.(?:\s+|$)|\s+|$)(.*)$",
    )
    .unwrap()
});
/// "12: Title", "12 - Title", "12. Title": a bare number needs a separator and white space, so
/// that "3.12 is out", "12-factor apps" and "101 ways" are no episode numbers.
static BARE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)^(\d{1,6})\s*[:|\-–—.)]\s+(.+)$").unwrap());
/// "Title - Episode 12", "Title (Ep. 12)", "Show: Episode 12 - Title": the marker is a segment
/// of its own, after a separator (not a comma: "Season 2, Episode 5" numbers within a season).
static MARKED_SEGMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[:|\-–—(\[]\s*(?:episode|ep)(?:\.\s*|\s*)(?:no\.?\s*|number\s+)?#?\s*(\d{1,6})\s*(?:$|[)\]:|\-–—,])",
    )
    .unwrap()
});
/// "Show #12: Title", "Title #12".
static HASH_SEGMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)#(\d{1,6})\s*(?:$|[:|\-–—)\]])").unwrap());

/// A title's leading number marker, with the number and the rest of the title.
pub(super) fn split_number_prefix(title: &str) -> Option<(u32, &str)> {
    let title = title.trim();
    if let Some(c) = MARKED_PREFIX.captures(title) {
        let rest = c.get(2).map_or("", |m| m.as_str());
        return Some((c[1].parse().ok()?, rest));
    }
    let c = BARE_PREFIX.captures(title)?;
    let digits = &c[1];
    let number: u32 = digits.parse().ok()?;
    // "2024: The year in Python", "1999 - a retrospective": a year, not an episode.
    if digits.len() == 4 && (1900..2100).contains(&number) {
        return None;
    }
    Some((number, c.get(2).map_or("", |m| m.as_str())))
}

/// The episode number a title states: "#123: Title", "Episode 123 - Title", "Ep. 123",
/// "123: Title", "123. Title", "Title (Episode 123)", "Show #123: Title".
///
/// Conservative, because a wrong number matches the wrong episode: a bare number counts only at
/// the start, followed by a separator and white space, and never when it looks like a year
/// ("2024 in review", "2024: the year"); numbers inside prose ("Python 3.12 is out", "Top 10
/// tools") and seasons ("S2E5") are not episode numbers. "Episode 0" is 0.
pub fn title_number(title: &str) -> Option<u32> {
    if let Some((number, _)) = split_number_prefix(title) {
        return Some(number);
    }
    let segment = MARKED_SEGMENT.captures(title);
    let hash = HASH_SEGMENT.captures(title);
    let start = |c: &regex::Captures<'_>| c.get(0).map_or(usize::MAX, |m| m.start());
    let first = match (segment, hash) {
        (Some(a), Some(b)) => Some(if start(&a) <= start(&b) { a } else { b }),
        (a, b) => a.or(b),
    }?;
    first[1].parse().ok()
}

/// A title reduced to what identifies it: lower case, letters and digits, single spaces; `&` is
/// "and" and apostrophes vanish ("Don't" = "Dont").
pub(super) fn normalise_title(title: &str) -> String {
    fn push(out: &mut String, word: impl IntoIterator<Item = char>, space: &mut bool) {
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.extend(word.into_iter().flat_map(char::to_lowercase));
    }
    let mut out = String::with_capacity(title.len());
    let mut space = false;
    for c in title.chars() {
        match c {
            '\'' | '’' | '‘' | '`' => {}
            '&' => {
                space = true;
                push(&mut out, "and".chars(), &mut space);
                space = true;
            }
            c if c.is_alphanumeric() => push(&mut out, [c], &mut space),
            _ => space = true,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_numbers() {
        let cases = [
            ("#123: Title", Some(123)),
            ("# 123 - Title", Some(123)),
            ("#123 Title", Some(123)),
            ("Episode 123 - Title", Some(123)),
            ("Episode #123: Title", Some(123)),
            ("episode number 123: Title", Some(123)),
            ("Ep. 123 – Title", Some(123)),
            ("Ep 123", Some(123)),
            ("EP123: Title", Some(123)),
            ("123: Title", Some(123)),
            ("123 - Title", Some(123)),
            ("123. Title", Some(123)),
            ("Title - Episode 123", Some(123)),
            ("Title (Ep. 123)", Some(123)),
            ("Show: Episode 123 - Title", Some(123)),
            ("Show #123: Title", Some(123)),
            ("Title #123", Some(123)),
            ("Episode 0", Some(0)),
            ("Episode 0: Pilot", Some(0)),
            ("#0", Some(0)),
            ("Episode 2024: the year", Some(2024)),
            ("Python 3.12 is out", None),
            ("3.12 is out", None),
            ("Ep 3.12", None),
            ("2024 in review", None),
            ("2024: The year in Python", None),
            ("1999 - a retrospective", None),
            ("12-factor apps", None),
            ("101 ways to test", None),
            ("Top 10 tools", None),
            ("We're #1!", None),
            ("S2E5: Title", None),
            ("Season 2 Episode 5", None),
            ("Season 2, Episode 5", None),
            ("Epic 12", None),
            ("Episodes 12 and 13", None),
            ("Episode 9999999", None),
            ("", None),
        ];
        for (title, expected) in cases {
            assert_eq!(title_number(title), expected, "{title:?}");
        }
    }

    #[test]
    fn title_normalisation() {
        assert_eq!(
            normalise_title("  Don’t Panic: Q&A — Part 2!  "),
            "dont panic q and a part 2"
        );
        assert_eq!(normalise_title("Déjà  Vu"), "déjà vu");
        assert_eq!(normalise_title("?!"), "");
    }
}
