//! The header lines a transcript page carries before the talk starts ("Episode #41: Title",
//! "Recorded on Monday, Feb 6, 2017.", "PYTHON BYTES TRANSCRIPT"): the surest of the sources
//! a file holds, since a person wrote them.
//!
//! [`title_case`] lives here because headers shout show names in capitals; speaker labels,
//! which shout names the same way, use it too.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::dates::find_date;

/// Metadata read from the header lines of a transcript page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderFacts {
    /// "PYTHON BYTES TRANSCRIPT".
    pub show: Option<String>,
    /// "Episode #41: ...".
    pub number: Option<u32>,
    /// The title after the number, or on the line after it.
    pub title: Option<String>,
    /// "Recorded on Tuesday, Jan 17, 2017."
    pub date: Option<NaiveDate>,
}

/// One recognised header line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderLine {
    /// An episode number, with the title when it is on the same line.
    Episode {
        /// The number.
        number: u32,
        /// The title, if on the same line.
        title: Option<String>,
    },
    /// A recording date.
    Recorded(NaiveDate),
    /// A show name ("PYTHON BYTES TRANSCRIPT").
    Show(String),
}

static EPISODE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:transcript\s+for\s+episode|transcript|episode)\s*#\s*(\d{1,6})\s*[:.\-–—]?\s*(.*)$")
        .unwrap()
});
static RECORDED_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^recorded\s+on\s+(.+)$").unwrap());
static SHOW_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Z0-9][A-Z0-9 .&_'-]{1,60}?)\s+TRANSCRIPT$").unwrap());

/// Recognises a header line (already trimmed).
pub fn header_line(line: &str) -> Option<HeaderLine> {
    if let Some(c) = EPISODE_HEADER.captures(line) {
        let number = c[1].parse().ok()?;
        let title = c[2].trim();
        let title = (!title.is_empty()).then(|| title.to_owned());
        return Some(HeaderLine::Episode { number, title });
    }
    if let Some(c) = RECORDED_HEADER.captures(line) {
        return find_date(&c[1]).map(HeaderLine::Recorded);
    }
    if let Some(c) = SHOW_HEADER.captures(line) {
        return Some(HeaderLine::Show(title_case(&c[1])));
    }
    None
}

/// "PYTHON BYTES" → "Python Bytes"; words that are not all capitals are left alone.
pub fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            if w.chars().any(char::is_lowercase) {
                w.to_owned()
            } else {
                let mut chars = w.chars();
                chars
                    .next()
                    .map(|c| {
                        c.to_uppercase()
                            .chain(chars.flat_map(char::to_lowercase))
                            .collect()
                    })
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_are_recognised() {
        let cases: &[(&str, Option<HeaderLine>)] = &[
            (
                "Transcript for Episode #9:",
                Some(HeaderLine::Episode {
                    number: 9,
                    title: None,
                }),
            ),
            (
                "Episode #41: Python Concurrency From the Ground Up",
                Some(HeaderLine::Episode {
                    number: 41,
                    title: Some("Python Concurrency From the Ground Up".into()),
                }),
            ),
            (
                "Transcript #12: Expanding your Python mental model",
                Some(HeaderLine::Episode {
                    number: 12,
                    title: Some("Expanding your Python mental model".into()),
                }),
            ),
            (
                "Recorded on Tuesday, Jan 17, 2017.",
                Some(HeaderLine::Recorded(
                    NaiveDate::from_ymd_opt(2017, 1, 17).unwrap(),
                )),
            ),
            (
                "PYTHON BYTES TRANSCRIPT",
                Some(HeaderLine::Show("Python Bytes".into())),
            ),
            ("Michael KENNEDY: This is episode #9.", None),
            ("In episode 12 we said", None),
        ];
        for (line, expected) in cases {
            assert_eq!(&header_line(line), expected, "{line:?}");
        }
    }
}
