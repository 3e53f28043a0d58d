//! Timestamped lines: `MM:SS text` or `HH:MM:SS text`, one segment per timestamp.
//!
//! The format of most transcripts on podcast sites, and of the whole Python Bytes archive. A line
//! may hold several sentences, and text may run on over following lines without a timestamp:
//! those lines belong to the segment above. A `- ` after the timestamp marks a change of speaker
//! in some transcripts and is not speech. Recent transcripts carry WebVTT voice tags inside the
//! line (`00:00:05 <v Brian Okken>This is episode 481, <v Brian Okken>recorded May 25th.`); they
//! name the speaker as in WebVTT.

use super::Timestamp;
use super::boilerplate::navigation_prefix_len;
use super::lines::lines;
use super::text::TextBuilder;
use super::webvtt::{Markup, push_cue_text};

/// Reads a timestamped-lines body into `builder`.
pub fn parse(builder: &mut TextBuilder<'_>, body: usize) {
    let source = builder.source();
    for line in lines(source, body) {
        let mut start = line.start;
        let text = &source[line.clone()];
        if let Some(n) = navigation_prefix_len(text) {
            start += n;
        }
        let rest = &source[start..line.end];
        if rest.trim().is_empty() {
            continue;
        }
        if let Some((time, len)) = timestamp_prefix(rest) {
            builder.begin(Some(time), None, None);
            start += len;
            let after = &source[start..line.end];
            let dash = after.len() - after.trim_start_matches(['-', '–', '—']).len();
            if dash > 0 && after[dash..].starts_with(char::is_whitespace) {
                start += dash;
            }
        }
        push_cue_text(builder, start..line.end, Markup::Plain);
    }
}

/// Parses a leading `MM:SS`, `HH:MM:SS` or `[HH:MM:SS]` (optionally with `.mmm`) followed by white
/// space or the end of the line; returns the time and the bytes it took up, white space included.
///
/// Called for every line of a timestamped transcript, so it reads bytes and accumulates numbers
/// as it goes rather than slicing and parsing strings.
pub fn timestamp_prefix(line: &str) -> Option<(Timestamp, usize)> {
    let bytes = line.as_bytes();
    let first = *bytes.first()?;
    // Turn away most prose at its first byte.
    if !(first.is_ascii_digit() || matches!(first, b'[' | b'(') || !first.is_ascii_graphic()) {
        return None;
    }
    let mut i = if first.is_ascii_digit() {
        0
    } else {
        line.len() - line.trim_start().len()
    };
    let bracketed = matches!(bytes.get(i), Some(b'[' | b'('));
    if bracketed {
        i += 1;
    }
    let digit = |i: usize| {
        bytes
            .get(i)
            .filter(|b| b.is_ascii_digit())
            .map(|b| u64::from(b - b'0'))
    };
    let mut fields = [0u64; 3];
    let mut count = 0;
    loop {
        let start = i;
        let mut value = 0;
        while i - start < 3
            && let Some(d) = digit(i)
        {
            value = value * 10 + d;
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || (count > 0 && digits != 2) {
            return None;
        }
        fields[count] = value;
        count += 1;
        if count == 3 || bytes.get(i) != Some(&b':') {
            break;
        }
        i += 1;
    }
    if count < 2 {
        return None;
    }
    let mut millis = 0;
    if matches!(bytes.get(i), Some(b'.' | b',')) && digit(i + 1).is_some() {
        i += 1;
        let start = i;
        while i - start < 3
            && let Some(d) = digit(i)
        {
            millis = millis * 10 + d;
            i += 1;
        }
        millis *= 10u64.pow(3 - (i - start) as u32);
    }
    if bracketed {
        if !matches!(bytes.get(i), Some(b']' | b')')) {
            return None;
        }
        i += 1;
    }
    if !line[i..].chars().next().is_none_or(char::is_whitespace) {
        // "10:30am" or "3:45pm" is prose; and "00:00Hello" never occurs in real files.
        return None;
    }
    let (h, m, s) = if count == 3 {
        (fields[0], fields[1], fields[2])
    } else {
        (0, fields[0], fields[1])
    };
    if s >= 60 || (count == 3 && m >= 60) {
        return None;
    }
    let rest = &line[i..];
    let ws = rest.len() - rest.trim_start().len();
    Some((
        Timestamp::from_millis(((h * 60 + m) * 60 + s) * 1000 + millis),
        i + ws,
    ))
}

#[cfg(test)]
mod tests {
    use super::super::{Format, Transcript};
    use super::*;

    fn parse(source: &str) -> Transcript {
        crate::transcript::read::parse_as(source, "x.txt", Some(Format::Timestamped))
    }

    #[test]
    fn timestamp_prefixes() {
        let cases = [
            ("00:06 It's episode 12", Some((6_000, 6))),
            ("00:00:06 Hello", Some((6_000, 9))),
            ("1:02:03 Hello", Some((3_723_000, 8))),
            ("[00:01:02] Hi", Some((62_000, 11))),
            ("00:01.5 Hi", Some((1_500, 8))),
            ("100:00 long episode", Some((6_000_000, 7))),
            ("35:43", Some((2_143_000, 5))),
            ("10:30am we met", None),
            ("12:61 nope", None),
            ("1:2:3 nope", None),
            ("2017 was", None),
            ("  00:07  indented", Some((7_000, 9))),
            ("(01:02) parens", Some((62_000, 8))),
            ("00:01,25 comma", Some((1_250, 9))),
            ("[00:01 unclosed", None),
            ("", None),
            ("00:05\u{a0}nbsp", Some((5_000, 7))),
        ];
        for (line, expected) in cases {
            let got = timestamp_prefix(line).map(|(t, n)| (t.as_millis(), n));
            assert_eq!(got, expected, "{line:?}");
        }
    }

    #[test]
    fn continuation_lines_join_the_segment_above() {
        let t = parse("00:53 couple of good articles\nthat run on\n\n01:10 next\n");
        assert_eq!(t.text(), "couple of good articles that run on\nnext");
        assert_eq!(t.segments().len(), 2);
    }

    #[test]
    fn speaker_change_dashes_are_not_speech() {
        let t = parse("00:30 - Yeah, for sure.\n00:32 -- twice\n00:33 -1 degree\n");
        assert_eq!(t.text(), "Yeah, for sure.\ntwice\n-1 degree");
    }

    #[test]
    fn voice_tags_inside_lines_name_speakers_and_are_not_text() {
        let t = parse(
            "00:00:05 <v Brian Okken>This is episode 481, <v Brian Okken>recorded May 25th.\n\
             00:00:14 <v Michael Kennedy>I'm Michael Kennedy.\n",
        );
        assert_eq!(
            t.text(),
            "This is episode 481, recorded May 25th.\nI'm Michael Kennedy."
        );
        assert_eq!(t.speakers(), ["Brian Okken", "Michael Kennedy"]);
        assert!(!t.text().contains("<v"));
    }

    #[test]
    fn glued_navigation_and_trailing_boilerplate_are_dropped() {
        let t = parse(
            "Return to episode page view on github00:00 Hello\n00:05 Bye\nBack to show page\n",
        );
        assert_eq!(t.text(), "Hello\nBye");
    }
}
