//! WebVTT captions, and the cue-text markup they share with other formats.
//!
//! A WebVTT file is a `WEBVTT` line, then blocks separated by blank lines: cues (an optional
//! identifier, a `start --> end` timing line, payload lines) and `NOTE`/`STYLE`/`REGION` blocks.
//! Payload text carries markup: `<v Speaker Name>` voice tags (which name the speaker and are not
//! speech), `<c>`, `<i>`, `<b>`, inline `<00:01.000>` timestamps, and `&amp;`-style escapes.
//! Voice tags also appear in the `.txt` transcripts of recent Python Bytes episodes, so
//! [`push_cue_text`] serves the timestamped-lines parser too.
//!
//! A cue whose timing line cannot be read keeps its text (nothing said is dropped) without a
//! time; the file gets one warning that counts such cues.

use std::ops::Range;

use super::lines::{is_blank, lines};
use super::meta::title_case;
use super::prose::Labels;
use super::text::TextBuilder;
use super::{Timestamp, Warning, WarningKind};

/// Reads a WebVTT body into `builder`.
pub fn parse(builder: &mut TextBuilder<'_>, body: usize, warnings: &mut Vec<Warning>) {
    let mut broken = BrokenTimings::default();
    let source = builder.source();
    let mut speakers = CueSpeakers::scan(source, body);
    for_each_block(source, body, |block| {
        let first = &source[block[0].clone()];
        if first.trim_start_matches('\u{FEFF}').starts_with("WEBVTT")
            || ["NOTE", "STYLE", "REGION"]
                .iter()
                .any(|k| starts_with_keyword(first, k))
        {
            return;
        }
        let timing = block.iter().position(|l| source[l.clone()].contains("-->"));
        let (start, end, payload) = match timing {
            Some(i) => {
                let times = parse_timing(&source[block[i].clone()]);
                if times.is_none() {
                    broken.note(source, block[i].start);
                }
                let (start, end) = times.unzip();
                (start, end, &block[i + 1..])
            }
            None => {
                broken.note(source, block[0].start);
                (None, None, block)
            }
        };
        push_cue(builder, &mut speakers, start, end, payload);
    });
    builder.end();
    broken.report("cues", warnings);
}

/// Who speaks in the cues of a caption file that names speakers in the text: a voice tag
/// (`<v Alban>`), or a label (`Alban: It is so ...`) that holds until the next one.
pub(super) struct CueSpeakers {
    labels: Option<Labels>,
    current: Option<String>,
    /// The label `current` was read from, so that a repeated label is not title-cased again.
    current_label: String,
    /// The last cue's voice tag.
    voice: String,
}

impl CueSpeakers {
    /// Looks for speaker labels at the start of cue lines of `source[start..]`.
    pub(super) fn scan(source: &str, start: usize) -> CueSpeakers {
        let labels = Labels::scan(source, start, usize::MAX);
        CueSpeakers {
            labels: labels.any().then_some(labels),
            current: None,
            current_label: String::new(),
            voice: String::new(),
        }
    }

    /// The speaker of a cue whose first payload line is `source[line]`, and how many bytes of
    /// the line the label takes (0 for a voice tag, which the cue text reader drops itself).
    fn of_cue(&mut self, source: &str, line: &Range<usize>) -> (Option<&str>, usize) {
        let text = &source[line.clone()];
        if let Some(voice) = leading_voice(text) {
            self.current = None;
            self.voice = voice;
            return (Some(&self.voice), 0);
        }
        let Some(labels) = &self.labels else {
            return (None, 0);
        };
        if let Some((name, speech)) = labels.label(text) {
            if self.current.is_none() || self.current_label != name {
                self.current = Some(title_case(name));
                self.current_label.clear();
                self.current_label.push_str(name);
            }
            return (self.current.as_deref(), speech);
        }
        (self.current.as_deref(), 0)
    }
}

/// Starts a cue as a fragment of its speaker's utterance and pushes its lines.
pub(super) fn push_cue(
    builder: &mut TextBuilder<'_>,
    speakers: &mut CueSpeakers,
    start: Option<Timestamp>,
    end: Option<Timestamp>,
    payload: &[Range<usize>],
) {
    let source = builder.source();
    let (speaker, label_len) = match payload.first() {
        Some(first) => speakers.of_cue(source, first),
        None => (None, 0),
    };
    builder.begin_fragment(start, end, speaker);
    for (i, line) in payload.iter().enumerate() {
        let skip = if i == 0 { label_len } else { 0 };
        push_cue_text(builder, line.start + skip..line.end, Markup::Html);
    }
}

/// The speaker of a voice tag that opens a cue line (`<v Brian Okken>Hello`).
fn leading_voice(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    if !trimmed.starts_with("<v") {
        return None;
    }
    match tag_at(trimmed)? {
        (_, Tag::Voice(raw)) => Some(raw.split_whitespace().collect::<Vec<_>>().join(" ")),
        _ => None,
    }
}

/// Calls `f` with the non-blank lines of each blank-line-separated block from `start` on.
pub(super) fn for_each_block(source: &str, start: usize, mut f: impl FnMut(&[Range<usize>])) {
    let mut block = Vec::new();
    for line in lines(source, start) {
        if is_blank(source, &line) {
            if !block.is_empty() {
                f(&block);
                block.clear();
            }
        } else {
            block.push(line);
        }
    }
    if !block.is_empty() {
        f(&block);
    }
}

fn starts_with_keyword(line: &str, keyword: &str) -> bool {
    line.strip_prefix(keyword)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Counts caption cues whose timing could not be read, to warn once per file.
#[derive(Default)]
pub(super) struct BrokenTimings {
    count: usize,
    first_line: Option<usize>,
}

impl BrokenTimings {
    pub(super) fn note(&mut self, source: &str, offset: usize) {
        self.count += 1;
        if self.first_line.is_none() {
            self.first_line = Some(super::lines::line_column(source, offset).0);
        }
    }

    pub(super) fn report(self, what: &str, warnings: &mut Vec<Warning>) {
        if let Some(line) = self.first_line {
            warnings.push(Warning::new(WarningKind::Timing, format!(
                "{} {what} with unreadable timings (first at line {line}); their text is kept without times",
                self.count
            )));
        }
    }
}

/// Parses a cue timing line, `00:01:02.500 --> 00:01:04.000 align:start`.
pub(super) fn parse_timing(line: &str) -> Option<(Timestamp, Timestamp)> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    Some((parse_cue_time(start.trim())?, parse_cue_time(end)?))
}

/// Parses `hh:mm:ss.ttt`, `mm:ss.ttt` (WebVTT) or `hh:mm:ss,ttt` (SubRip).
pub(super) fn parse_cue_time(s: &str) -> Option<Timestamp> {
    let (clock, fraction) = s.split_once(['.', ',']).unwrap_or((s, "0"));
    if fraction.is_empty() || fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let millis: u64 = fraction.parse::<u64>().ok()? * 10u64.pow(3 - fraction.len() as u32);
    // At most three fields; called for every cue, so no allocation.
    let mut parts = clock.split(':');
    let fields: [Option<&str>; 4] = std::array::from_fn(|_| parts.next());
    let number = |f: &str| -> Option<u64> {
        (!f.is_empty() && f.len() <= 4 && f.bytes().all(|b| b.is_ascii_digit()))
            .then(|| f.parse().ok())
            .flatten()
    };
    let (h, m, sec) = match fields {
        // Seconds alone ("7.380 --> 13.480"): not in the WebVTT spec, but tools write it.
        [Some(s), None, ..]
            if !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()) =>
        {
            let secs: u64 = s.parse().ok()?;
            return Some(Timestamp::from_millis(secs * 1000 + millis));
        }
        [Some(m), Some(s), None, _] => (0, number(m)?, number(s)?),
        [Some(h), Some(m), Some(s), None] => (number(h)?, number(m)?, number(s)?),
        _ => return None,
    };
    if m >= 60 || sec >= 60 {
        return None;
    }
    Some(Timestamp::from_millis(
        ((h * 60 + m) * 60 + sec) * 1000 + millis,
    ))
}

/// Which escapes cue text uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Markup {
    /// WebVTT and SubRip: `&amp;`, `&lt;`, numeric references.
    Html,
    /// Plain transcript lines: `&` is just an ampersand.
    Plain,
}

/// A tag in cue text.
enum Tag<'s> {
    /// `<v Name>` or `<v.class Name>`.
    Voice(&'s str),
    /// Any other known tag, opening or closing, or an inline timestamp.
    Other,
}

/// The length of the caption markup tag at the start of `s` (which starts with `<`), if it is
/// one: `<i>`, `</b>`, `<v Name>`, `<00:01.000>`; unknown `<...>` is text.
pub(super) fn markup_tag_len(s: &str) -> Option<usize> {
    tag_at(s).map(|(len, _)| len)
}

/// Recognises the tag at the start of `s` (which starts with `<`); unknown `<...>` is text.
fn tag_at(s: &str) -> Option<(usize, Tag<'_>)> {
    const KNOWN: &[&str] = &[
        "v", "c", "i", "b", "u", "ruby", "rt", "lang", "font", "span",
    ];
    let close = s.bytes().take(256).position(|b| b == b'>')?;
    let inner = &s[1..close];
    let len = close + 1;
    if let Some(name) = inner.strip_prefix('/') {
        return KNOWN.contains(&name.trim()).then_some((len, Tag::Other));
    }
    if !inner.is_empty()
        && inner
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
    {
        return Some((len, Tag::Other));
    }
    let (head, rest) = inner.split_once([' ', '\t']).unwrap_or((inner, ""));
    let name = head.split('.').next().unwrap_or("");
    // Only voice, language and (in SubRip) font/span tags carry an annotation after a space.
    if !KNOWN.contains(&name)
        || (!rest.is_empty() && !["v", "lang", "font", "span"].contains(&name))
    {
        return None;
    }
    if name == "v" {
        let speaker = rest.trim();
        return Some((
            len,
            if speaker.is_empty() {
                Tag::Other
            } else {
                Tag::Voice(speaker)
            },
        ));
    }
    Some((len, Tag::Other))
}

/// Pushes one line of cue text, dropping tags; a voice tag naming another speaker than the open
/// segment's starts a new segment with the same times. Between voice changes the line is pushed
/// as one piece, so text around other tags stays joined (`Node<i>.js</i>` is "Node.js").
pub(super) fn push_cue_text(builder: &mut TextBuilder<'_>, line: Range<usize>, markup: Markup) {
    let source = builder.source();
    let bytes = source.as_bytes();
    let mut at = line.start;
    let mut search = line.start;
    let Some(first_tag) = memchr::memchr(b'<', &bytes[line.clone()]) else {
        // No tag: nearly every line of a plain transcript, pushed without a second search.
        if markup == Markup::Plain {
            if !builder.is_open() {
                builder.begin(None, None, None);
            }
            builder.push(line);
        } else {
            push_text(builder, line, markup);
        }
        return;
    };
    search += first_tag;
    while let Some(found) = memchr::memchr(b'<', &bytes[search..line.end]) {
        let tag_start = search + found;
        let Some((len, Tag::Voice(raw))) = tag_at(&source[tag_start..line.end]) else {
            search = tag_start + 1;
            continue;
        };
        let speaker = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if builder.open_speaker() != Some(speaker.as_str()) {
            push_text(builder, at..tag_start, markup);
            let (start, end) = (builder.open_start(), builder.open_end());
            builder.begin(start, end, Some(&speaker));
            at = tag_start + len;
        }
        search = tag_start + len;
    }
    push_text(builder, at..line.end, markup);
}

/// Pushes text, dropping tags (and a repeated voice tag of the open segment's speaker) and
/// decoding character references where the markup has them.
fn push_text(builder: &mut TextBuilder<'_>, range: Range<usize>, markup: Markup) {
    if !builder.is_open() {
        builder.begin(None, None, None);
    }
    let introducers: &[u8] = match markup {
        Markup::Plain => b"<",
        Markup::Html => b"<&",
    };
    builder.push_escaped(range, introducers, |rest| {
        if rest.starts_with('<') {
            tag_at(rest).map(|(len, _)| (len, None))
        } else {
            html_escape(rest).map(|(len, c)| (len, Some(c)))
        }
    });
}

/// Decodes the character reference at the start of `s` (`&amp;`, `&#233;`, `&#xE9;`).
pub(super) fn html_escape(s: &str) -> Option<(usize, char)> {
    const NAMED: &[(&str, char)] = &[
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&nbsp;", '\u{00A0}'),
        ("&#39;", '\''),
        ("&rsquo;", '\u{2019}'),
        ("&lsquo;", '\u{2018}'),
        ("&rdquo;", '\u{201D}'),
        ("&ldquo;", '\u{201C}'),
        ("&hellip;", '\u{2026}'),
        ("&mdash;", '\u{2014}'),
        ("&ndash;", '\u{2013}'),
        ("&lrm;", '\u{200E}'),
        ("&rlm;", '\u{200F}'),
    ];
    if let Some((name, c)) = NAMED.iter().find(|(name, _)| s.starts_with(name)) {
        return Some((name.len(), *c));
    }
    let rest = s.strip_prefix("&#")?;
    let semi = rest.bytes().take(10).position(|b| b == b';')?;
    let digits = &rest[..semi];
    let code = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    Some((semi + 3, char::from_u32(code)?))
}

#[cfg(test)]
mod tests {
    use super::super::{Format, Transcript};
    use super::*;

    fn parse(source: &str) -> Transcript {
        crate::transcript::read::parse_as(source, "x.vtt", Some(Format::Webvtt))
    }

    #[test]
    fn cue_times() {
        let cases = [
            ("00:00:05.260", Some(5_260)),
            ("01:02.5", Some(62_500)),
            ("00:00:01,000", Some(1_000)),
            ("25:00:00.000", Some(90_000_000)),
            ("00:61:00.000", None),
            ("aa:00.000", None),
            ("00:00:01.0000", None),
        ];
        for (s, expected) in cases {
            assert_eq!(parse_cue_time(s).map(Timestamp::as_millis), expected, "{s}");
        }
    }

    #[test]
    fn voice_tags_name_the_speaker_and_are_not_text() {
        let t = parse(
            "WEBVTT\n\n1\n00:00:00.040 --> 00:00:04.800\n<v Brian Okken>Hello and welcome</v>\n\n\
             00:00:05.260 --> 00:00:07.080 align:start\n<v.loud Michael  Kennedy>Thanks &amp; hi\n\
             second line\n",
        );
        let segs = t.segments();
        assert_eq!(segs.len(), 2);
        assert_eq!(t.segment_text(&segs[0]), "Hello and welcome");
        assert_eq!(t.speaker_name(&segs[0]), Some("Brian Okken"));
        assert_eq!(segs[0].start.unwrap().as_millis(), 40);
        assert_eq!(segs[0].end.unwrap().as_millis(), 4_800);
        assert_eq!(t.segment_text(&segs[1]), "Thanks & hi second line");
        assert_eq!(t.speaker_name(&segs[1]), Some("Michael Kennedy"));
    }

    #[test]
    fn notes_styles_and_markup_are_skipped() {
        let t = parse(
            "WEBVTT - captions\n\nNOTE this is a comment\n\nSTYLE\n::cue { color: red }\n\n\
             00:01.000 --> 00:02.000\n<c.yellow>x</c> <i>&lt;tag&gt;</i> <00:01.500>ok\n",
        );
        assert_eq!(t.text(), "x <tag> ok");
    }

    #[test]
    fn a_second_voice_in_one_cue_starts_a_new_segment() {
        let t = parse("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>Hi.</v> <v B>Hello.\n");
        let segs = t.segments();
        assert_eq!(segs.len(), 2);
        assert_eq!(t.speaker_name(&segs[1]), Some("B"));
        assert_eq!(segs[1].start, segs[0].start);
    }

    #[test]
    fn broken_timings_keep_text_and_warn_once() {
        let t = parse(
            "WEBVTT\n\n00:00:01.000 --> banana\nfirst\n\n99:99 --> 00:00:02.000\nsecond\n\n\
             00:00:03.000 --> 00:00:04.000\nthird\n",
        );
        // Cues without times join: their sentences run on.
        assert_eq!(t.text(), "first second third");
        assert_eq!(t.segments()[0].start, None);
        assert_eq!(
            t.warnings
                .iter()
                .map(|w| w.message.as_str())
                .collect::<Vec<_>>(),
            ["2 cues with unreadable timings (first at line 3); their text is kept without times"]
        );
    }

    #[test]
    fn text_around_inline_tags_stays_joined() {
        // Regression: a space was put in at every tag, splitting "pytest-asyncio".
        let t = parse(
            "WEBVTT\n\n00:01.000 --> 00:02.000\nWe use <i>pytest</i>-asyncio and Node<i>.js</i> \
             and <b>scikit</b>-learn, <i>asyncio</i>.\n",
        );
        assert_eq!(
            t.text(),
            "We use pytest-asyncio and Node.js and scikit-learn, asyncio."
        );
    }

    #[test]
    fn unknown_angle_brackets_are_text() {
        let t = parse("WEBVTT\n\n00:01.000 --> 00:02.000\nif a <b and c> d\n");
        assert_eq!(t.text(), "if a <b and c> d");
    }
}
