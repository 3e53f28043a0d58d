//! Website boilerplate and the header block in front of the speech.
//!
//! Transcripts saved from a podcast's web page carry navigation ("« Return to show page",
//! "Return to episode page view on github"), a sponsor banner ("Brought to you by DigitalOcean -
//! grab your $100 credit") and a header ("Transcript for Episode #9:", the title, "Recorded on
//! Tuesday, Jan 17, 2017."). None of it is speech. The header is metadata, so it is read here and
//! handed to [`meta`](super::meta); the rest is dropped. Sponsor reads inside the speech are speech
//! and are kept: only the banner line of the page header is dropped.
//!
//! Navigation can be glued to the first line of speech when a page is copied as text
//! ("Return to episode page view on github00:00 Hello"), so it is recognised as a line *prefix*.

use super::lines::lines;
use super::meta::{HeaderFacts, HeaderLine, header_line};

/// Navigation phrases of transcript web pages, lower case. Longest first: they are tried in order.
const NAVIGATION: &[&str] = &[
    "return to episode page view on github",
    "return to episode page",
    "return to show page",
    "back to episode page",
    "back to show page",
];

/// Symbols that decorate navigation links.
const LINK_DECORATION: &[char] = &['«', '‹', '←', '<', '-', ' ', '\t'];

/// The length in bytes of navigation text at the start of `line`, if it starts with some.
pub fn navigation_prefix_len(line: &str) -> Option<usize> {
    // Most lines of a timed transcript open with a digit, which neither a phrase nor its
    // decoration does.
    if line.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let rest = line.trim_start_matches(LINK_DECORATION);
    // Called for every line: most start with a timestamp or a word no phrase starts with.
    let first = rest.as_bytes().first()?.to_ascii_lowercase();
    if !NAVIGATION.iter().any(|p| p.as_bytes()[0] == first) {
        return None;
    }
    let phrase = NAVIGATION.iter().find(|p| {
        rest.len() >= p.len()
            && rest.is_char_boundary(p.len())
            && rest[..p.len()].eq_ignore_ascii_case(p)
    })?;
    let after = &rest[phrase.len()..];
    let after_trimmed = after.trim_start();
    Some(line.len() - after_trimmed.len())
}

/// A sponsor banner of a transcript page header ("Brought to you by X - grab your credit").
fn is_banner(line: &str) -> bool {
    line.trim_start()
        .get(..17)
        .is_some_and(|head| head.eq_ignore_ascii_case("brought to you by"))
}

/// The header facts in front of the speech, and where the speech starts.
#[derive(Debug, Default)]
pub struct Preamble {
    /// Show, number, title and date read from header lines.
    pub header: HeaderFacts,
    /// Byte offset where the body (the part a format parser reads) starts.
    pub body_start: usize,
}

/// Titles are one line; a longer "line" after an untitled header is speech, not a title.
const MAX_TITLE_LEN: usize = 200;

/// Reads header lines, banners and navigation at the start of `source`, up to the first line
/// that is none of those.
pub fn scan_preamble(source: &str) -> Preamble {
    let mut preamble = Preamble::default();
    let mut title_expected = false;
    for line in lines(source, 0) {
        let text = source[line.clone()].trim_start_matches('\u{FEFF}');
        let offset_in_line = line.len() - text.len();
        if text.trim().is_empty() {
            continue;
        }
        if let Some(n) = navigation_prefix_len(text) {
            if text[n..].trim().is_empty() {
                continue;
            }
            preamble.body_start = line.start + offset_in_line + n;
            return preamble;
        }
        if is_banner(text) {
            continue;
        }
        match header_line(text.trim()) {
            Some(HeaderLine::Episode { number, title }) => {
                preamble.header.number = Some(number);
                title_expected = title.is_none();
                preamble.header.title = title.or(preamble.header.title.take());
                continue;
            }
            Some(HeaderLine::Recorded(date)) => {
                preamble.header.date = Some(date);
                continue;
            }
            Some(HeaderLine::Show(show)) => {
                preamble.header.show = Some(show);
                continue;
            }
            None => {}
        }
        if title_expected && text.trim().len() <= MAX_TITLE_LEN && !starts_like_speech(text) {
            preamble.header.title = Some(text.trim().to_owned());
            title_expected = false;
            continue;
        }
        preamble.body_start = line.start + offset_in_line;
        return preamble;
    }
    preamble.body_start = source.len();
    preamble
}

/// Whether a line opens like a transcript body (a timestamp, a caption header, a label).
fn starts_like_speech(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with(|c: char| c.is_ascii_digit())
        || line.starts_with("WEBVTT")
        || line.starts_with('{')
        || line.contains(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_is_recognised_as_line_or_prefix() {
        let cases = [
            ("« Return to show page", Some(22)),
            ("Back to show page", Some(17)),
            ("Return to episode page view on github00:00 Hello", Some(37)),
            ("Returning to the show", None),
            ("back", None),
        ];
        for (line, expected) in cases {
            assert_eq!(navigation_prefix_len(line), expected, "{line:?}");
        }
    }

    #[test]
    fn preamble_reads_header_and_skips_banner_and_navigation() {
        let source = "Brought to you by DigitalOcean - grab your $100 credit\n\n\
                      « Return to show page\n\nTranscript for Episode #9:\n\
                      Walking with async coroutines\n\nRecorded on Tuesday, Jan 17, 2017.\n\n\
                      Michael KENNEDY: This is Python Bytes.\n";
        let p = scan_preamble(source);
        assert_eq!(p.header.number, Some(9));
        assert_eq!(
            p.header.title.as_deref(),
            Some("Walking with async coroutines")
        );
        assert_eq!(p.header.date.unwrap().to_string(), "2017-01-17");
        assert!(source[p.body_start..].starts_with("Michael KENNEDY:"));
    }

    #[test]
    fn preamble_ends_inside_a_line_after_glued_navigation() {
        let source = "Transcript #197: Structured concurrency in Python\n\
                      Return to episode page view on github00:00 Hello and welcome\n";
        let p = scan_preamble(source);
        assert_eq!(p.header.number, Some(197));
        assert!(source[p.body_start..].starts_with("00:00 Hello"));
    }

    #[test]
    fn speech_right_after_an_untitled_header_is_not_a_title() {
        let source = "Transcript for Episode #9:\nKENNEDY: Hello there.\n";
        let p = scan_preamble(source);
        assert_eq!(p.header.title, None);
        assert!(source[p.body_start..].starts_with("KENNEDY:"));
    }

    #[test]
    fn file_of_only_boilerplate_has_an_empty_body() {
        let source = "Back to show page\n\n";
        assert_eq!(scan_preamble(source).body_start, source.len());
    }
}
