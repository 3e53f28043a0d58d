//! Diarised lines, as transcription tools and services write them: one turn per line, with a
//! speaker, a time, or both, in one of a few layouts.
//!
//! ```text
//! [Bryan] [00:04] So we are live.                      bracketed speaker, bracketed time
//! Speaker 1 (00:03): Hello and welcome.                speaker, time in parentheses, colon
//! Jane Doe [01:02:03]: Hi.                             (text may also start on the next line)
//! [2088.88 → 2095.64] and that was it.                 a range in seconds or as a clock
//! [00:00.000 --> 00:04.000]  Whisper's own output
//! Jane Doe  0:03                                       speaker and time alone on a line,
//! text on the lines below                              text below (Otter)
//! 00:01:02 Jane Doe: Hi.                               time, then a speaker label
//! ```
//!
//! The layouts differ only in where the speaker and the time sit, so they are one table of
//! [`Layout`]s (a cheap byte test, then a regular expression over the line's head with named
//! groups `speaker`, `start` and `end`; the rest of the line is the text) and one reader. Detection picks the layout that most lines of the sample follow; lines that
//! follow no layout continue the turn above (wrapped text, or the text under an Otter header).
//! Turns are fragments of utterances and joined like caption cues
//! ([`TextBuilder::begin_fragment`]).

use std::sync::LazyLock;

use regex::Regex;

use super::Timestamp;
use super::lines::{is_blank, lines};
use super::meta::title_case;
use super::text::TextBuilder;
use super::webvtt::parse_cue_time;

/// One layout of diarised lines.
pub struct Layout {
    /// A name for tests and docs.
    pub name: &'static str,
    /// A cheap test that the line could follow the layout, so that the expression runs only on
    /// lines that might match (detection reads every line of a sample with every layout).
    quick: fn(&[u8]) -> bool,
    /// A hand-written reader of the layout's head, where one exists: the most common layout is
    /// read this way, several times faster than the expression (which stays its definition and
    /// is checked against it in the tests).
    read: Option<for<'s> fn(&'s str) -> Option<Turn<'s>>>,
    pattern: Regex,
    /// Whether the speaker group must look like a name repeated in the file (layouts where a
    /// sentence with a colon could pass for a label).
    speaker_must_repeat: bool,
}

/// A clock time (`00:04`, `1:02:03`, `00:00:01.500`) or seconds (`2088.88`).
const CLOCK: &str = r"\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?";
const SECONDS: &str = r"\d{1,6}(?:\.\d{1,3})?";
/// A speaker name: up to six words, no brackets or colons, not starting with a digit.
const NAME: &str = r"[^\s\d\[\]():][^\[\]():\n]{0,59}?";

static LAYOUTS: LazyLock<Vec<Layout>> = LazyLock::new(|| {
    let layout = |name, quick, pattern: String, speaker_must_repeat| Layout {
        name,
        quick,
        read: None,
        pattern: Regex::new(&pattern).expect("layout patterns are valid"),
        speaker_must_repeat,
    };
    vec![
        Layout {
            read: Some(read_bracketed),
            ..layout(
                "bracketed speaker and time",
                |l| l.first() == Some(&b'[') && l.get(1).is_some_and(|b| !b.is_ascii_digit()),
                format!(r"^\s*\[(?P<speaker>{NAME})\]\s*\[(?P<start>{CLOCK})\]\s*"),
                false,
            )
        },
        layout(
            "speaker, time in brackets, colon",
            |l| {
                l.first().is_some_and(|b| !b.is_ascii_digit() && *b != b'[')
                    && memchr::memchr2(b'(', b'[', &l[..l.len().min(80)]).is_some()
            },
            format!(r"^\s*(?P<speaker>{NAME})\s*[(\[](?P<start>{CLOCK})[)\]]\s*:?\s*"),
            false,
        ),
        layout(
            "time range",
            |l| l.first() == Some(&b'[') && l.get(1).is_some_and(u8::is_ascii_digit),
            format!(
                r"^\s*\[(?P<start>{CLOCK}|{SECONDS})\s*(?:→|-->|->|–|—|-)\s*(?P<end>{CLOCK}|{SECONDS})\]\s*(?:(?P<speaker>{NAME}):\s+)?"
            ),
            false,
        ),
        layout(
            "speaker and time on their own line",
            |l| {
                l.len() < 80
                    && l.first().is_some_and(|b| !b.is_ascii_digit())
                    && l.last().is_some_and(u8::is_ascii_digit)
            },
            format!(r"^\s*(?P<speaker>\p{{Lu}}{NAME})\s{{2,}}(?P<start>{CLOCK})\s*$"),
            false,
        ),
        layout(
            "time, then speaker label",
            |l| {
                l.iter().take(3).any(u8::is_ascii_digit)
                    && memchr::memmem::find(&l[..l.len().min(80)], b": ").is_some()
            },
            format!(
                r"^\s*[\[(]?(?P<start>{CLOCK})[\])]?\s+(?:-\s+)?(?P<speaker>\p{{Lu}}[\p{{L}}\p{{M}}'’.\-]*(?:[ \t]+(?:\p{{Lu}}[\p{{L}}\p{{M}}'’.\-]*|\d{{1,2}})){{0,3}}):\s+"
            ),
            true,
        ),
    ]
});

/// The layouts, in the order detection prefers them when two fit equally.
pub fn layouts() -> &'static [Layout] {
    &LAYOUTS
}

/// A turn read from a line.
struct Turn<'s> {
    speaker: Option<&'s str>,
    start: Option<Timestamp>,
    end: Option<Timestamp>,
    /// Byte range of the text in the line.
    text: std::ops::Range<usize>,
}

impl Layout {
    /// Whether `line` follows the layout (cheaper than reading its turn).
    fn is_turn(&self, line: &str) -> bool {
        (self.quick)(line.trim().as_bytes()) && self.turn(line).is_some()
    }

    fn turn<'s>(&self, line: &'s str) -> Option<Turn<'s>> {
        let trimmed = line.trim().as_bytes();
        if !(self.quick)(trimmed) {
            return None;
        }
        if let Some(read) = self.read {
            return read(line);
        }
        // A turn's speaker and time come first: the expression reads the head of the line only.
        let mut head = line.len().min(160);
        while !line.is_char_boundary(head) {
            head -= 1;
        }
        let c = self.pattern.captures(&line[..head])?;
        let speaker = c
            .name("speaker")
            .map(|m| m.as_str().trim())
            .filter(|s| !s.is_empty());
        // The layouts match the line's head only: the text is the rest of the line.
        let text = c.get(0).map_or(line.len(), |m| m.end())..line.len();
        Some(Turn {
            speaker,
            start: c.name("start").and_then(|m| time(m.as_str())),
            end: c.name("end").and_then(|m| time(m.as_str())),
            text,
        })
    }
}

/// `[Name] [00:04] text`, read by hand: what the "bracketed speaker and time" expression
/// matches, and the same turn.
fn read_bracketed(line: &str) -> Option<Turn<'_>> {
    let start = line.len() - line.trim_start().len();
    let rest = line[start..].strip_prefix('[')?;
    let close = memchr::memchr(b']', rest.as_bytes())?;
    let name = &rest[..close];
    let first = name.chars().next()?;
    if first.is_whitespace()
        || first.is_ascii_digit()
        || name.chars().count() > 60
        || name.contains(['[', '(', ')', ':', '\n'])
    {
        return None;
    }
    let after = rest[close + 1..].trim_start();
    let clock_and_text = after.strip_prefix('[')?;
    let close = memchr::memchr(b']', clock_and_text.as_bytes())?;
    let clock = &clock_and_text[..close];
    if !is_clock(clock) {
        return None;
    }
    let text = clock_and_text[close + 1..].trim_start();
    Some(Turn {
        speaker: Some(name.trim()).filter(|n| !n.is_empty()),
        start: time(clock),
        end: None,
        text: line.len() - text.len()..line.len(),
    })
}

/// Whether `s` is a [`CLOCK`]: `\d{1,2}(:\d{2}){1,2}([.,]\d{1,3})?`.
fn is_clock(s: &str) -> bool {
    let (clock, fraction) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |p: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    let mut parts = clock.split(':');
    let Some(head) = parts.next() else {
        return false;
    };
    let rest: Vec<&str> = parts.collect();
    digits(head, 1, 2)
        && (1..=2).contains(&rest.len())
        && rest.iter().all(|p| digits(p, 2, 2))
        && fraction.is_none_or(|f| digits(f, 1, 3))
}

/// A clock time or a number of seconds.
fn time(s: &str) -> Option<Timestamp> {
    if s.contains(':') {
        return parse_cue_time(s);
    }
    let secs: f64 = s.parse().ok()?;
    (secs.is_finite() && secs >= 0.0)
        .then(|| Timestamp::from_millis((secs * 1000.0).round() as u64))
}

/// The layout most lines of `sample` follow, if at least a third of its non-blank lines do.
pub fn detect(sample: &str, max_lines: usize) -> Option<&'static Layout> {
    let mut counts = vec![0usize; LAYOUTS.len()];
    let mut speakers: Vec<std::collections::HashMap<&str, usize>> =
        vec![Default::default(); LAYOUTS.len()];
    let mut non_blank = 0;
    for line in lines(sample, 0).take(max_lines) {
        if is_blank(sample, &line) {
            continue;
        }
        non_blank += 1;
        let text = &sample[line];
        for (i, layout) in LAYOUTS.iter().enumerate() {
            if !layout.speaker_must_repeat {
                counts[i] += usize::from(layout.is_turn(text));
            } else if let Some(turn) = layout.turn(text) {
                counts[i] += 1;
                if let Some(s) = turn.speaker {
                    *speakers[i].entry(s).or_default() += 1;
                }
            }
        }
    }
    let (best, &count) = counts
        .iter()
        .enumerate()
        .filter(|&(i, _)| {
            // A label layout counts only if its speakers recur (a few names, many lines).
            !LAYOUTS[i].speaker_must_repeat || speakers[i].values().any(|&n| n >= 2)
        })
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
    // Otter headers are one line in two or three (the text is below them).
    let needed = if LAYOUTS[best].name == "speaker and time on their own line" {
        non_blank / 4
    } else {
        non_blank / 3
    };
    (count >= 2 && count >= needed).then(|| &LAYOUTS[best])
}

/// Reads a diarised body into `builder` with `layout` (detected if `None`).
pub fn parse(builder: &mut TextBuilder<'_>, body: usize, layout: Option<&'static Layout>) {
    let source = builder.source();
    let Some(layout) = layout.or_else(|| detect(&source[body..], super::detect::SAMPLE_LINES))
    else {
        super::prose::parse_plain(builder, body);
        return;
    };
    // Turns repeat the same few labels: each is title-cased once per run of turns.
    let mut last_label: Option<(&str, String)> = None;
    for line in lines(source, body) {
        let text = &source[line.clone()];
        if text.trim().is_empty() {
            continue;
        }
        match layout.turn(text) {
            Some(turn) => {
                if let Some(label) = turn.speaker
                    && last_label.as_ref().is_none_or(|(seen, _)| *seen != label)
                {
                    last_label = Some((label, title_case(label)));
                }
                let speaker = turn
                    .speaker
                    .and(last_label.as_ref())
                    .map(|(_, name)| name.as_str());
                builder.begin_fragment(turn.start, turn.end, speaker);
                builder.push(line.start + turn.text.start..line.start + turn.text.end);
            }
            None => {
                if !builder.is_open() {
                    builder.begin(None, None, None);
                }
                builder.push(line);
            }
        }
    }
    builder.end();
}

#[cfg(test)]
mod tests {
    use super::super::{Format, Transcript};
    use super::*;

    fn parse(source: &str) -> Transcript {
        crate::transcript::read::parse_as(source, "x.txt", Some(Format::Diarised))
    }

    fn rows(t: &Transcript) -> Vec<(Option<u64>, Option<&str>, &str)> {
        t.segments()
            .iter()
            .map(|s| {
                (
                    s.start.map(|t| t.as_millis()),
                    t.speaker_name(s),
                    t.segment_text(s),
                )
            })
            .collect()
    }

    /// The hand-written reader of the bracketed layout reads what its expression matches, the
    /// same way, and nothing else.
    #[test]
    fn the_bracketed_reader_agrees_with_its_expression() {
        let layout = LAYOUTS.iter().find(|l| l.read.is_some()).unwrap();
        let by_pattern = |line: &str| {
            let c = layout.pattern.captures(line)?;
            Some((
                c.name("speaker").map(|m| m.as_str().trim().to_owned()),
                c.name("start").and_then(|m| time(m.as_str())),
                c.get(0).unwrap().end(),
            ))
        };
        for line in [
            "[Bryan] [00:04] So we are live.",
            "  [Adam Jacob] [1:02:03.5] text",
            "[Bryan][00:04]text",
            "[Bryan] [00:04]",
            "[4 Bryan] [00:04] no",
            "[Bryan] [0004] no",
            "[Bryan] (00:04) no",
            "[Br(yan] [00:04] no",
            "[] [00:04] no",
            "[Bryan] [00:04:05:06] no",
            "[Bryan] [00:04,123] yes",
            "[Bryan] [00:04.1234] no",
            "plain text",
        ] {
            let by_hand =
                read_bracketed(line).map(|t| (t.speaker.map(str::to_owned), t.start, t.text.start));
            let expected = by_pattern(line).map(|(s, t, end)| {
                let text = line[end..].len();
                (s, t, line.len() - text)
            });
            assert_eq!(by_hand, expected, "{line}");
        }
    }

    /// Every layout of the table, read end to end: (layout, file, segments).
    #[test]
    fn every_layout_is_read() {
        type Row = (Option<u64>, Option<&'static str>, &'static str);
        let cases: &[(&str, &str, &[Row])] = &[
            (
                "bracketed speaker and time",
                "[Bryan] [00:04] So we are live.\n[Adam] [00:09] We are.\nStill Adam.\n[Bryan] [01:02:03] Bye.\n",
                &[
                    (Some(4_000), Some("Bryan"), "So we are live."),
                    (Some(9_000), Some("Adam"), "We are. Still Adam."),
                    (Some(3_723_000), Some("Bryan"), "Bye."),
                ],
            ),
            (
                "speaker, time in brackets, colon",
                "Speaker 1 (00:03): Hello and welcome.\nSpeaker 2 (00:07): Thanks.\n\nSpeaker 1 (00:10):\nText on the next line.\n",
                &[
                    (Some(3_000), Some("Speaker 1"), "Hello and welcome."),
                    (Some(7_000), Some("Speaker 2"), "Thanks."),
                    (Some(10_000), Some("Speaker 1"), "Text on the next line."),
                ],
            ),
            (
                "time range",
                "[2088.88 → 2095.64] and that was it.\n[2095.64 → 2101.00] Next one.\n[00:00.000 --> 00:04.000]  Whisper.\n",
                &[
                    (Some(2_088_880), None, "and that was it."),
                    (Some(2_095_640), None, "Next one."),
                    (Some(0), None, "Whisper."),
                ],
            ),
            (
                "speaker and time on their own line",
                "Jane Doe  0:03\nHello there, this is the show.\n\nJohn Roe  0:09\nHi Jane.\n",
                &[
                    (
                        Some(3_000),
                        Some("Jane Doe"),
                        "Hello there, this is the show.",
                    ),
                    (Some(9_000), Some("John Roe"), "Hi Jane."),
                ],
            ),
            (
                "time, then speaker label",
                "00:01:02 Jane Doe: Hi there.\n00:01:05 John: Hello.\n00:01:09 Jane Doe: Bye.\n",
                &[
                    (Some(62_000), Some("Jane Doe"), "Hi there."),
                    (Some(65_000), Some("John"), "Hello."),
                    (Some(69_000), Some("Jane Doe"), "Bye."),
                ],
            ),
        ];
        for (layout, source, expected) in cases {
            let detected = detect(source, 100).map(|l| l.name);
            assert_eq!(detected, Some(*layout), "{source}");
            assert_eq!(rows(&parse(source)), *expected, "{layout}");
        }
        assert_eq!(cases.len(), layouts().len());
    }

    #[test]
    fn turns_that_split_a_sentence_are_joined() {
        let t = parse("[Bryan] [00:04] We talked to Guido van\n[Bryan] [00:06] Rossum today.\n");
        assert_eq!(t.text(), "We talked to Guido van Rossum today.");
        let at = t.text().find("Rossum").unwrap();
        assert_eq!(t.time_at(at).unwrap().as_secs(), 6);
    }

    #[test]
    fn prose_and_timestamped_lines_are_not_diarised() {
        for source in [
            "00:00 Hello and welcome.\n00:05 This is Python Bytes.\n",
            "Note: we met at 10:30 (sharp).\nMore prose.\n",
            "00:06 Note: one label.\n00:08 Then speech.\n00:09 More speech.\n",
        ] {
            assert_eq!(detect(source, 100).map(|l| l.name), None, "{source}");
        }
    }
}
