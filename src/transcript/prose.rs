//! Prose transcripts: paragraphs opened by speaker labels, and unstructured prose.
//!
//! Transcripts typed up for a web page label each turn with the speaker: the first time with the
//! full name (`Michael KENNEDY: ...`), later with the surname alone (`KENNEDY: ...`). Paragraphs
//! without a label continue the last speaker's turn. The label is not speech, so only the text
//! after it is kept.
//!
//! "Here's the story: ..." must not become a speaker called "Here's the story", so a candidate
//! label counts only if it looks like a name written the way such transcripts write names (the
//! last word in capitals: `OKKEN`) or if the same label opens at least two paragraphs.

use super::boilerplate::navigation_prefix_len;
use super::lines::lines;
use super::meta::title_case;
use super::text::TextBuilder;
use std::collections::HashMap;

/// Labels are names; anything longer is a sentence with a colon in it.
const MAX_LABEL_LEN: usize = 48;

/// A candidate speaker label at the start of a line: up to four capitalised words (letters,
/// marks, `'’.-`), a colon, white space, then speech; the name and where the speech starts.
///
/// Called for every line of a prose or caption file, so it is scanned by hand: most lines are
/// turned away at their first character or for want of a colon near the start.
fn candidate_label(line: &str) -> Option<(&str, usize)> {
    let start = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[start..];
    if rest.len() < 3 || !rest.starts_with(char::is_uppercase) {
        return None;
    }
    let head = &rest.as_bytes()[..rest.len().min(MAX_LABEL_LEN + 2)];
    let colon = memchr::memchr(b':', head)?;
    let name = rest[..colon].trim_end_matches([' ', '\t']);
    if name.is_empty() || name.len() > MAX_LABEL_LEN {
        return None;
    }
    let mut words = 0;
    for word in name.split([' ', '\t']).filter(|w| !w.is_empty()) {
        words += 1;
        let mut chars = word.chars();
        let capitalised = chars.next().is_some_and(char::is_uppercase);
        let allowed = chars.all(|c| c.is_alphabetic() || is_mark(c) || "'’.-".contains(c));
        if words > 4 || !capitalised || !allowed {
            return None;
        }
    }
    let after = &rest[colon + 1..];
    let spoken = after.trim_start_matches([' ', '\t']);
    if spoken.len() == after.len() || spoken.is_empty() {
        return None;
    }
    Some((name, line.len() - spoken.len()))
}

/// Whether `c` is a combining mark (accents written as separate characters).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Whether a label's last word is written in capitals, as in `Michael KENNEDY`.
fn has_capitalised_surname(name: &str) -> bool {
    let last = name.split_whitespace().next_back().unwrap_or("");
    last.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !last.chars().any(char::is_lowercase)
}

/// The labels that count in a body: see the module docs.
pub struct Labels {
    repeated: foldhash::HashMap<String, usize>,
}

impl Labels {
    /// Counts candidate labels in `source[start..]`, looking at no more than `max_lines` lines.
    pub fn scan(source: &str, start: usize, max_lines: usize) -> Labels {
        let mut repeated = foldhash::HashMap::default();
        for line in lines(source, start).take(max_lines) {
            if let Some((name, _)) = candidate_label(&source[line]) {
                // Labels repeat on most lines: allocate a key only for a new one.
                match repeated.get_mut(name) {
                    Some(n) => *n += 1,
                    None => {
                        repeated.insert(name.to_owned(), 1);
                    }
                }
            }
        }
        Labels { repeated }
    }

    /// Whether any label occurs often enough to count.
    pub fn any(&self) -> bool {
        self.repeated.values().any(|&n| n >= 2)
    }

    /// The label at the start of `line`, if it counts: the name and where the speech starts.
    pub fn label<'l>(&self, line: &'l str) -> Option<(&'l str, usize)> {
        let (name, speech) = candidate_label(line)?;
        let counts =
            has_capitalised_surname(name) || self.repeated.get(name).is_some_and(|&n| n >= 2);
        counts.then_some((name, speech))
    }
}

/// Resolves labels to speaker names: `Michael KENNEDY` → "Michael Kennedy", and a later
/// `KENNEDY` → the full name seen before with that surname.
#[derive(Default)]
struct SpeakerNames {
    /// The first full name seen for each lower-case surname, then for each first name.
    by_surname: HashMap<String, String>,
    by_first_name: HashMap<String, String>,
}

impl SpeakerNames {
    fn resolve(&mut self, label: &str) -> String {
        let name = title_case(label);
        let mut words = name.split_whitespace();
        let (first, last) = (words.next(), words.next_back());
        if let (Some(first), Some(last)) = (first, last) {
            self.by_surname
                .entry(last.to_lowercase())
                .or_insert_with(|| name.clone());
            self.by_first_name
                .entry(first.to_lowercase())
                .or_insert_with(|| name.clone());
            return name;
        }
        let key = name.to_lowercase();
        self.by_surname
            .get(&key)
            .or_else(|| self.by_first_name.get(&key))
            .cloned()
            .unwrap_or(name)
    }
}

/// Reads a speaker-labelled body into `builder`: one segment per paragraph.
pub fn parse_labelled(builder: &mut TextBuilder<'_>, body: usize) {
    let source = builder.source();
    let labels = Labels::scan(source, body, usize::MAX);
    let mut names = SpeakerNames::default();
    let mut speaker: Option<String> = None;
    for line in lines(source, body) {
        let mut start = line.start;
        if let Some(n) = navigation_prefix_len(&source[line.clone()]) {
            start += n;
        }
        let text = &source[start..line.end];
        if text.trim().is_empty() {
            continue;
        }
        if let Some((name, speech)) = labels.label(text) {
            speaker = Some(names.resolve(name));
            start += speech;
        }
        builder.begin(None, None, speaker.as_deref());
        builder.push(start..line.end);
    }
}

/// Reads an unstructured body into `builder`: one segment per paragraph (blank-line separated).
pub fn parse_plain(builder: &mut TextBuilder<'_>, body: usize) {
    let source = builder.source();
    for line in lines(source, body) {
        let mut start = line.start;
        if let Some(n) = navigation_prefix_len(&source[line.clone()]) {
            start += n;
        }
        if source[start..line.end].trim().is_empty() {
            builder.end();
            continue;
        }
        if !builder.is_open() {
            builder.begin(None, None, None);
        }
        builder.push(start..line.end);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, Transcript};
    use super::*;

    fn parse(source: &str) -> Transcript {
        crate::transcript::read::parse_as(source, "x.txt", None)
    }

    #[test]
    fn candidate_labels() {
        let cases = [
            (
                "Michael KENNEDY: This is Python Bytes.",
                Some(("Michael KENNEDY", 17)),
            ),
            ("OKKEN: Definitely.", Some(("OKKEN", 7))),
            ("Łukasz LANGA: Hi", Some(("Łukasz LANGA", 15))),
            ("KENNEDY:no space", None),
            ("Here's the story: it was", None),
            ("the link: here", None),
            ("A very long sentence That Is Not A Label: at all", None),
        ];
        for (line, expected) in cases {
            assert_eq!(candidate_label(line), expected, "{line:?}");
        }
    }

    #[test]
    fn labels_become_speakers_and_surnames_resolve_to_full_names() {
        let t = parse(
            "Michael KENNEDY: This is Python Bytes.\n\nThis is one of your hosts.\n\n\
             Brian OKKEN: It's going very good.\n\nKENNEDY: I'm doing well.\n\nOKKEN: Actually, it's a series.\n",
        );
        assert_eq!(t.format, Format::SpeakerProse);
        let got: Vec<(Option<&str>, &str)> = t
            .segments()
            .iter()
            .map(|s| (t.speaker_name(s), t.segment_text(s)))
            .collect();
        assert_eq!(
            got,
            [
                (Some("Michael Kennedy"), "This is Python Bytes."),
                (Some("Michael Kennedy"), "This is one of your hosts."),
                (Some("Brian Okken"), "It's going very good."),
                (Some("Michael Kennedy"), "I'm doing well."),
                (Some("Brian Okken"), "Actually, it's a series."),
            ]
        );
        assert!(!t.text().contains("KENNEDY"));
    }

    #[test]
    fn a_colon_in_a_sentence_is_not_a_label() {
        let t = parse(
            "KENNEDY: Hi.\n\nOKKEN: Hello.\n\nHere's the story: it was July.\n\nKENNEDY: Cool.\n",
        );
        let third = &t.segments()[2];
        assert_eq!(t.segment_text(third), "Here's the story: it was July.");
        assert_eq!(t.speaker_name(third), Some("Okken"));
    }

    #[test]
    fn plain_prose_is_split_into_paragraphs() {
        let t = parse("First paragraph\nstill first.\n\nSecond one.\n\n\nThird.");
        assert_eq!(t.format, Format::Plain);
        assert_eq!(
            t.text(),
            "First paragraph still first.\nSecond one.\nThird."
        );
        assert!(
            t.segments()
                .iter()
                .all(|s| s.speaker.is_none() && s.start.is_none())
        );
    }
}
