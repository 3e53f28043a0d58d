//! Markdown speaker transcripts, as shows publish them in repositories and on their sites.
//!
//! ```text
//! ---
//! title: Securing the open source supply chain
//! date: 2021-03-04
//! ---
//! # Securing the open source supply chain
//!
//! **Jerod Santo:** \[04:35\] So tell us about it. And then \[05:10\] another thing.
//!
//! A paragraph without a label continues the last speaker's turn.
//!
//! **Break:** \[01:33\] to \[03:00\]
//! ```
//!
//! Each paragraph is a segment. A bold label (`**Name:**`, `**Name**:`, `**Name (04:35):**`, or
//! a heading that holds one) names the speaker and is not speech; a label that names a part of
//! the show rather than a person (`Break`, `Outro`, `Music`) is not a speaker, and a break or a
//! jingle is not speech at all. Escaped timestamps (`\[04:35\]`, `\[unintelligible 00:02:59.11\]`)
//! set the time where they stand and leave the text; `\[laughs\]` is kept. Markdown escapes,
//! character references, emphasis and link targets are decoded in place, so snippets still
//! quote the file.
//!
//! Such transcripts mark the time only every few minutes: paragraphs between two marks get a
//! start estimated from the amount of text (see [`TextBuilder::estimate_missing_starts`]).
//!
//! Front matter (`title`, `date`, `episode`/`number`, `show`/`podcast`) and a `#` heading before
//! the speech are the episode's header metadata.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::Timestamp;
use super::lines::lines;
use super::meta::{HeaderFacts, find_date, title_case};
use super::text::TextBuilder;
use super::webvtt::{html_escape, parse_cue_time};

/// A heading that is only a name (and maybe a time): `### Jerod Santo`, `## Jane Doe [04:35]`.
static HEADING_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[ \t]*#{1,6}[ \t]+(\p{Lu}[\p{L}\p{M}'’.\-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.\-]*){0,3}|Speaker[ \t]+\d{1,3})[ \t]*(?:[\[\(]\\?([0-9:.,]{4,12})\\?[\]\)])?[ \t]*:?[ \t]*$",
    )
    .unwrap()
});

/// Labels that name a part of the show, not a person. Those marked `false` hold no speech.
/// Compared by their first word, so "Song extract", "Recording begins" and "Selection 2" are
/// parts too.
const SHOW_PARTS: &[(&str, bool)] = &[
    ("break", false),
    ("song", false),
    ("recording", true),
    ("extract", true),
    ("selection", true),
    ("music", false),
    ("jingle", false),
    ("interlude", false),
    ("transition", false),
    ("sound", false),
    ("sfx", false),
    ("intro", true),
    ("outro", true),
    ("sample", true),
    ("clip", true),
    ("ad", true),
    ("ads", true),
    ("sponsor", true),
    ("promo", true),
    ("teaser", true),
    ("cold open", true),
    ("audio", true),
    ("video", true),
];

/// What a label names.
enum Label<'s> {
    /// A person speaking.
    Speaker(&'s str),
    /// A part of the show; `true` if what follows is speech.
    Part(bool),
}

fn classify(name: &str) -> Label<'_> {
    let trimmed = name.trim();
    let first = trimmed.split_whitespace().next().unwrap_or("");
    // "Prompt Templates Song", "Song of Arrakis": music whatever it is called.
    if trimmed.split_whitespace().any(|w| {
        ["song", "jingle", "music"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(w))
    }) {
        return Label::Part(false);
    }
    match SHOW_PARTS
        .iter()
        .find(|(part, _)| part.eq_ignore_ascii_case(trimmed) || part.eq_ignore_ascii_case(first))
    {
        Some(&(_, speech)) => Label::Part(speech),
        None => Label::Speaker(trimmed),
    }
}

/// A label found at the start of a line: what it names, its time, and where speech starts.
struct LineLabel<'s> {
    label: Label<'s>,
    time: Option<Timestamp>,
    speech: usize,
}

/// The shapes a bold label takes, as written in real transcripts.
#[derive(Debug, PartialEq, Eq)]
enum BoldShape {
    /// `**Name:**`, `**Name**:`, `**Name (04:35):**`, `**Name**` alone on its line, or bold that
    /// runs into the speech (`**Chris Benson: I**ndeed`).
    Label,
    /// `**Name** text`: no colon, a label only if `Name` is labelled properly elsewhere.
    NoColon,
    /// `**Name: Name:**`: the name twice, a label only if `Name` is labelled properly elsewhere.
    Doubled,
}

/// A bold label scanned at the start of a line: the name's range, a time written in it, where
/// the speech starts, and its shape.
struct Bold {
    name: std::ops::Range<usize>,
    time: Option<Timestamp>,
    speech: usize,
    shape: BoldShape,
}

/// Longest name a label holds, in bytes.
const MAX_NAME: usize = 60;

/// Scans a bold label at the start of `line`: an optional heading mark (`# `) or stray digit,
/// `**` or `***`, the name, an optional `(04:35)` or `[04:35]`, and a closing shape (see
/// [`BoldShape`]). A hand-written scanner rather than an expression: it runs on every line that
/// opens with an asterisk and costs a few comparisons, where the equivalent expression's
/// captures cost a backtracking search.
fn scan_bold(line: &str) -> Option<Bold> {
    let b = line.as_bytes();
    let skip = |mut i: usize, set: &[u8]| {
        while b.get(i).is_some_and(|c| set.contains(c)) {
            i += 1;
        }
        i
    };
    let mut i = skip(0, b" \t");
    if b.get(i) == Some(&b'#') {
        i = skip(skip(i, b"#"), b" \t");
    } else if b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let stars = skip(i, b"*") - i;
    if !(2..=3).contains(&stars) {
        return None;
    }
    i = skip(i + stars, b" \t");
    let name_start = i;
    while i < b.len() && i - name_start <= MAX_NAME && !b"*:\n[(".contains(&b[i]) {
        i += 1;
    }
    let name_end = name_start + line[name_start..i].trim_end().len();
    if name_end == name_start || i - name_start > MAX_NAME {
        return None;
    }
    let mut time = None;
    if matches!(b.get(i), Some(b'[' | b'(')) {
        let close = b[i..]
            .iter()
            .take(18)
            .position(|&c| c == b']' || c == b')')?;
        time = Some(parse_cue_time(
            line[i + 1..i + close].trim_matches('\\').trim(),
        )?);
        i = skip(i + close + 1, b" \t");
    }
    let rest = &line[i..];
    let bold = |speech, shape| {
        Some(Bold {
            name: name_start..name_end,
            time,
            speech,
            shape,
        })
    };
    if let Some(after) = rest.strip_prefix(":**") {
        return bold(line.len() - after.len(), BoldShape::Label);
    }
    if let Some(after) = rest.strip_prefix("**") {
        let after_trimmed = after.trim_start();
        if let Some(speech) = after_trimmed.strip_prefix(':') {
            return bold(line.len() - speech.len(), BoldShape::Label);
        }
        if after_trimmed.is_empty() {
            return bold(line.len(), BoldShape::Label);
        }
        if after.len() > after_trimmed.len() {
            return bold(line.len() - after_trimmed.len(), BoldShape::NoColon);
        }
        return None;
    }
    let after_colon = rest.strip_prefix(':')?;
    let speech = line.len() - after_colon.len();
    let spoken = after_colon.trim_start();
    // "**Jerod Santo: Jerod Santo:**"
    if let Some(again) = spoken.strip_prefix(&line[name_start..name_end])
        && let Some(after) = again.strip_prefix(":**")
    {
        return bold(line.len() - after.len(), BoldShape::Doubled);
    }
    // "**Chris Benson: I**ndeed": the bold closes a few letters into the speech.
    let close = spoken.find("**")?;
    (close <= 3 && !spoken[..close].contains('*')).then_some(Bold {
        name: name_start..name_end,
        time,
        speech,
        shape: BoldShape::Label,
    })
}

#[cfg(test)]
#[test]
fn bold_shapes() {
    type Expected = Option<(&'static str, Option<u64>, &'static str, BoldShape)>;
    let cases: &[(&str, Expected)] = &[
        (
            "**Jerod Santo:** Hi.",
            Some(("Jerod Santo", None, "Hi.", BoldShape::Label)),
        ),
        (
            "**Break**: \\[31:10\\]",
            Some(("Break", None, "\\[31:10\\]", BoldShape::Label)),
        ),
        (
            "**Break** : x",
            Some(("Break", None, "x", BoldShape::Label)),
        ),
        (
            "# **Break:** \\[25:59\\]",
            Some(("Break", None, "\\[25:59\\]", BoldShape::Label)),
        ),
        (
            "**Jane (04:35):** Hi.",
            Some(("Jane", Some(275), "Hi.", BoldShape::Label)),
        ),
        (
            "**Matt Biilmann**",
            Some(("Matt Biilmann", None, "", BoldShape::Label)),
        ),
        (
            "**Matt Biilmann** Yeah.",
            Some(("Matt Biilmann", None, "Yeah.", BoldShape::NoColon)),
        ),
        (
            "**Chris Benson: I**ndeed",
            Some(("Chris Benson", None, "I**ndeed", BoldShape::Label)),
        ),
        (
            "**On Freund: \"**Never",
            Some(("On Freund", None, "\"**Never", BoldShape::Label)),
        ),
        (
            "***Jerod Santo:** Hi.",
            Some(("Jerod Santo", None, "Hi.", BoldShape::Label)),
        ),
        (
            "1**Adam Stacoviak:** Hi.",
            Some(("Adam Stacoviak", None, "Hi.", BoldShape::Label)),
        ),
        (
            "**Jerod Santo: Jerod Santo:** Yeah.",
            Some(("Jerod Santo", None, "Yeah.", BoldShape::Doubled)),
        ),
        (
            "**bold** text",
            Some(("bold", None, "text", BoldShape::NoColon)),
        ),
        ("**Note: this is a long bold sentence**", None),
        ("*italic*", None),
        ("****", None),
        ("plain text", None),
    ];
    for (line, expected) in cases {
        let got = scan_bold(line).map(|b| {
            (
                &line[b.name.clone()],
                b.time.map(|t| t.as_secs()),
                line[b.speech..].trim_start(),
                b.shape,
            )
        });
        assert_eq!(got, *expected, "{line}");
    }
}

/// The label at the start of `line`, if any. Heading labels count only if `headings` has seen the
/// same name in at least two headings (a lone heading is a title or a section); a bold name
/// without its colon only if it is among the `speakers` labelled properly elsewhere.
fn line_label<'s>(
    line: &'s str,
    headings: &HashMap<&str, usize>,
    speakers: &HashSet<&str>,
) -> Option<LineLabel<'s>> {
    let first = line.trim_start().as_bytes().first()?;
    // Labels open with bold or a heading; a stray digit before the bold occurs ("1**Adam").
    let opening = line.trim_start().as_bytes();
    let bold_after_digit = first.is_ascii_digit() && opening.get(1..3) == Some(b"**");
    if *first != b'*' && *first != b'#' && !bold_after_digit {
        return None;
    }
    if let Some(bold) = scan_bold(line) {
        let name = &line[bold.name.clone()];
        if bold.shape == BoldShape::Label || speakers.contains(name) {
            return Some(LineLabel {
                label: classify(name),
                time: bold.time,
                speech: bold.speech,
            });
        }
    }
    // A heading label is short: the expression reads the head of the line only (its cost grows
    // with what it is given, and paragraphs run to kilobytes).
    let c = HEADING_LABEL.captures(head(line, LABEL_HEAD))?;
    let name = c.get(1)?.as_str();
    (headings.get(name).copied().unwrap_or(0) >= 2).then(|| LineLabel {
        label: classify(name),
        time: c.get(2).and_then(|t| parse_cue_time(t.as_str())),
        speech: c.get(0).map_or(line.len(), |m| m.end()),
    })
}

/// Whether a body holds Markdown speaker labels on at least two lines, or opens with one (an
/// episode one host talks through alone), for detection.
pub fn looks_like_markdown(sample: &str) -> bool {
    let headings = heading_names(sample, 0);
    let none = HashSet::new();
    let mut labelled = lines(sample, 0)
        .filter(|l| !sample[l.clone()].trim().is_empty())
        .enumerate()
        .filter(|(_, l)| line_label(&sample[l.clone()], &headings, &none).is_some())
        .map(|(i, _)| i);
    match (labelled.next(), labelled.next()) {
        (Some(_), Some(_)) => true,
        (Some(first), None) => first == 0 && sample.trim_start().starts_with("**"),
        _ => false,
    }
}

/// The names of `source[start..]`'s proper bold labels that name people.
fn bold_speakers(source: &str, start: usize) -> HashSet<&str> {
    lines(source, start)
        .filter_map(|l| {
            let line = &source[l];
            if !line
                .trim_start()
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .starts_with("**")
            {
                return None;
            }
            let bold = scan_bold(line).filter(|b| b.shape == BoldShape::Label)?;
            let name = &line[bold.name];
            matches!(classify(name), Label::Speaker(_)).then_some(name)
        })
        .collect()
}

/// How much of a line can hold a label: a name of up to 60 bytes, markup and a time.
const LABEL_HEAD: usize = 128;

/// The first `n` bytes of `line`, cut at a character boundary.
fn head(line: &str, n: usize) -> &str {
    let mut end = line.len().min(n);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    &line[..end]
}

/// How often each name-like heading occurs in `source[start..]`.
fn heading_names(source: &str, start: usize) -> HashMap<&str, usize> {
    let mut headings: HashMap<&str, usize> = HashMap::new();
    for line in lines(source, start) {
        let text = &source[line];
        if !text.trim_start().starts_with('#') {
            continue;
        }
        if let Some(c) = HEADING_LABEL.captures(head(text, LABEL_HEAD))
            && let Some(name) = c.get(1)
        {
            *headings.entry(name.as_str()).or_default() += 1;
        }
    }
    headings
}

/// Reads a Markdown body into `builder`; front matter and a leading heading go to `header`.
pub fn parse(builder: &mut TextBuilder<'_>, body: usize, header: &mut HeaderFacts) {
    let source = builder.source();
    let body = front_matter(source, body, header);
    let headings = heading_names(source, body);
    let speakers = bold_speakers(source, body);
    let mut speaker: Option<String> = None;
    let mut speaker_label = "";
    let mut speech = true;
    let mut in_paragraph = false;
    let mut seen_speech = false;
    // The time of a label that stands on a line of its own, for the paragraph below it.
    let mut pending_start = None;
    for line in lines(source, body) {
        let text = &source[line.clone()];
        if text.trim().is_empty() {
            in_paragraph = false;
            continue;
        }
        let mut start = line.start;
        if let Some(label) = line_label(text, &headings, &speakers) {
            match label.label {
                Label::Speaker(name) => {
                    // Turns alternate between a few names: title-case each change only.
                    if speaker_label != name || speaker.is_none() {
                        speaker = Some(title_case(name));
                        speaker_label = name;
                    }
                    speech = true;
                }
                Label::Part(is_speech) => {
                    // What follows a break or a song unlabelled (lyrics, a clip) is nobody's
                    // turn: it must not go to the speaker before the break.
                    speaker = None;
                    speech = is_speech;
                }
            }
            start += label.speech;
            if !speech {
                // A break marks when the speech after it resumes: "**Break:** \[01:33\] to
                // \[03:00\]" — the last time in the line.
                pending_start = last_time_mark(source, start..line.end).or(label.time);
                in_paragraph = false;
                continue;
            }
            if text[label.speech..].trim().is_empty() {
                pending_start = label.time;
                in_paragraph = false;
                continue;
            }
            if let Some(time) = only_time_marks(source, start..line.end) {
                // "**Recording begins:** \[02:09\]": the paragraphs below start then.
                pending_start = Some(time);
                in_paragraph = false;
                continue;
            }
            builder.begin(
                label.time.or(pending_start.take()),
                None,
                speaker.as_deref(),
            );
            in_paragraph = true;
        } else if let Some(heading) = text.trim_start().strip_prefix('#') {
            // A heading before any speech is the title; later ones are section names.
            if !seen_speech && header.title.is_none() {
                let title = clean_heading(heading);
                if !title.is_empty() {
                    header.title = Some(title);
                }
            }
            in_paragraph = false;
            continue;
        } else if !in_paragraph {
            builder.begin(pending_start.take(), None, speaker.as_deref());
            in_paragraph = true;
        }
        if speech {
            seen_speech = true;
            push_with_time_marks(builder, start..line.end);
        }
    }
    builder.estimate_missing_starts();
}

/// A heading's text without its `#`s, emphasis and escapes.
fn clean_heading(heading: &str) -> String {
    heading
        .trim_start_matches('#')
        .replace(['*', '\\'], "")
        .trim()
        .to_owned()
}

/// Reads YAML-style front matter (`---` ... `---`) into `header`; returns where the body starts.
fn front_matter(source: &str, body: usize, header: &mut HeaderFacts) -> usize {
    let mut it = lines(source, body);
    let Some(first) = it.by_ref().find(|l| !source[l.clone()].trim().is_empty()) else {
        return body;
    };
    if source[first].trim() != "---" {
        return body;
    }
    for line in it {
        let text = source[line.clone()].trim();
        if text == "---" || text == "..." {
            return (line.end + 1).min(source.len());
        }
        let Some((key, value)) = text.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => header.title = Some(value.to_owned()),
            "date" | "published" | "pubdate" | "recorded" => {
                header.date = header.date.or_else(|| find_date(value));
            }
            "episode" | "number" | "episode_number" | "episodenumber" => {
                header.number = header.number.or_else(|| value.parse().ok());
            }
            "show" | "podcast" | "series" => header.show = Some(value.to_owned()),
            _ => {}
        }
    }
    // No closing line: it was not front matter after all.
    body
}

/// Pushes a line of speech, turning escaped timestamps into time marks.
fn push_with_time_marks(builder: &mut TextBuilder<'_>, range: std::ops::Range<usize>) {
    let source = builder.source();
    let bytes = source.as_bytes();
    let mut at = range.start;
    let mut search = range.start;
    while let Some(found) = memchr::memchr(b'[', &bytes[search..range.end]) {
        let open = search + found;
        search = open + 1;
        let Some((time, end)) = time_mark(source, open, range.end) else {
            continue;
        };
        let mark_start = if open > range.start && bytes[open - 1] == b'\\' {
            open - 1
        } else {
            open
        };
        push_markdown(builder, at..mark_start);
        builder.mark_time(time);
        at = end;
        search = end;
    }
    push_markdown(builder, at..range.end);
}

/// The time of the last time mark in `source[range]` if that holds nothing else.
fn only_time_marks(source: &str, range: std::ops::Range<usize>) -> Option<Timestamp> {
    let bytes = source.as_bytes();
    let mut last = None;
    let mut at = range.start;
    while at < range.end {
        match bytes[at] {
            b' ' | b'\t' | b'\\' => at += 1,
            b'[' => {
                let (time, end) = time_mark(source, at, range.end)?;
                last = Some(time);
                at = end;
            }
            _ => return None,
        }
    }
    last
}

/// The time of the last time mark in `source[range]`.
fn last_time_mark(source: &str, range: std::ops::Range<usize>) -> Option<Timestamp> {
    let bytes = source.as_bytes();
    memchr::memchr_iter(b'[', &bytes[range.clone()])
        .filter_map(|i| time_mark(source, range.start + i, range.end))
        .next_back()
        .map(|(time, _)| time)
}

/// A time mark `[04:35]`, `\[01:02:03.25\]` or `\[unintelligible 00:02:59.11\]` whose `[` is at
/// `open`: the time and where the mark ends.
fn time_mark(source: &str, open: usize, limit: usize) -> Option<(Timestamp, usize)> {
    let rest = &source[open + 1..limit];
    let close = rest.bytes().take(48).position(|b| b == b']')?;
    let inner = rest[..close].trim_end_matches('\\').trim();
    let clock = inner.rsplit(' ').next()?.trim_matches('\\');
    if !clock.contains(':') {
        return None;
    }
    let time = parse_cue_time(clock)?;
    Some((time, open + 1 + close + 1))
}

/// Pushes Markdown text, decoding escapes and references and dropping emphasis and link targets.
fn push_markdown(builder: &mut TextBuilder<'_>, range: std::ops::Range<usize>) {
    builder.push_escaped(range, b"\\&*[]", |rest| match rest.as_bytes()[0] {
        b'\\' => {
            let next = *rest.as_bytes().get(1)?;
            next.is_ascii_punctuation()
                .then_some((2, Some(char::from(next))))
        }
        b'&' => html_escape(rest).map(|(len, c)| (len, Some(c))),
        b'*' => Some((1, None)),
        b'[' => link_target_len(rest).map(|_| (1, None)),
        b']' => rest
            .strip_prefix("](")
            .and_then(|target| target.bytes().take(2048).position(|b| b == b')'))
            .map(|close| (close + 3, None)),
        _ => None,
    });
}

/// If `s` starts a Markdown link `[text](target)`, the length of the whole link.
fn link_target_len(s: &str) -> Option<usize> {
    let close = s.bytes().take(512).position(|b| b == b']')?;
    if s[1..close].contains('[') {
        return None;
    }
    let target = s[close + 1..].strip_prefix('(')?;
    let end = target.bytes().take(2048).position(|b| b == b')')?;
    (!target[..end].contains(char::is_whitespace)).then_some(close + 1 + end + 2)
}

#[cfg(test)]
mod tests {
    use super::super::{Format, ParseOptions, Transcript, parse_bytes};
    use super::*;
    use std::path::Path;

    fn parse(source: &str) -> Transcript {
        let t = parse_bytes(
            source.as_bytes(),
            Path::new("the-show-12.md"),
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!(t.format, Format::Markdown);
        t
    }

    fn rows(t: &Transcript) -> Vec<(Option<u64>, Option<&str>, &str)> {
        t.segments()
            .iter()
            .map(|s| {
                (
                    s.start.map(|t| t.as_secs()),
                    t.speaker_name(s),
                    t.segment_text(s),
                )
            })
            .collect()
    }

    #[test]
    fn labels_times_and_breaks() {
        let t = parse(
            "**Adam Stacoviak:** Welcome back, this is The Changelog. It\\'s episode \\#103.\n\n\
             A second paragraph of Adam.\n\n\
             **Break:** \\[01:33\\] to \\[03:00\\]\n\n\
             **Sid Sijbrandij:** \\[04:00\\] Thank you &quot;GitLab&quot; \\[laughs\\] yes \
             \\[unintelligible 00:04:30.11\\] more.\n\n\
             **Jerod Santo**: *Really*? See [libp2p](https://libp2p.io/).\n",
        );
        let got: Vec<_> = rows(&t)
            .into_iter()
            .map(|(_, who, text)| (who, text))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("Adam Stacoviak"),
                    "Welcome back, this is The Changelog. It's episode #103."
                ),
                (Some("Adam Stacoviak"), "A second paragraph of Adam."),
                (
                    Some("Sid Sijbrandij"),
                    "Thank you \"GitLab\" [laughs] yes more."
                ),
                (Some("Jerod Santo"), "Really? See libp2p."),
            ]
        );
        // Marked times as marked; the unmarked paragraphs estimated between and after them.
        let starts: Vec<u64> = rows(&t).iter().map(|r| r.0.unwrap()).collect();
        assert_eq!((starts[0], starts[2]), (0, 240));
        assert!(
            starts[1] > 0 && starts[1] < 240 && starts[3] > 270,
            "{starts:?}"
        );
        assert_eq!(
            t.speakers(),
            ["Adam Stacoviak", "Sid Sijbrandij", "Jerod Santo"]
        );
        let at = t.text().find("more").unwrap();
        assert_eq!(t.time_at(at).unwrap().as_secs(), 270);
        let at = t.text().find("libp2p").unwrap();
        assert_eq!(&t.source()[t.source_span(at..at + 6)], "libp2p");
        assert!(!t.text().contains("Break"));
    }

    /// Label shapes seen in real transcripts (The Changelog's), each with what it must give.
    #[test]
    fn label_shapes() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("**Jerod Santo:** Hi.", Some("Jerod Santo"), "Hi."),
            ("**Nicholas Harris**: Hi.", Some("Nicholas Harris"), "Hi."),
            (
                "**Chris Benson: I**ndeed, yes.",
                Some("Chris Benson"),
                "Indeed, yes.",
            ),
            ("***Jerod Santo:** Hi.", Some("Jerod Santo"), "Hi."),
            ("1**Adam Stacoviak:** Hi.", Some("Adam Stacoviak"), "Hi."),
            ("**Jane Doe (04:35):** Hi.", Some("Jane Doe"), "Hi."),
            ("**Song extract:** la la", None, ""),
            (
                "**Outro:** Thanks for listening.",
                None,
                "Thanks for listening.",
            ),
        ];
        for (line, speaker, text) in cases {
            let source = format!("**Someone Else:** First.\n\n{line}\n");
            let t = parse(&source);
            let last = t.segments().last().unwrap();
            if text.is_empty() {
                assert_eq!(t.segments().len(), 1, "{line}");
                continue;
            }
            assert_eq!(
                (t.speaker_name(last), t.segment_text(last)),
                (*speaker, *text),
                "{line}"
            );
        }
    }

    #[test]
    fn speech_after_a_break_starts_when_the_break_ends() {
        let t = parse(
            "**A B:** Hi.\n\n**Break:** \\[01:33\\] to \\[03:00\\]\n\n**C D:** Back.\n\n\
             **Recording begins:** \\[04:00\\]\n\nA clip.\n",
        );
        assert_eq!(t.segments()[2].start.unwrap().as_secs(), 240);
        assert_eq!(t.segment_text(&t.segments()[2]), "A clip.");
        let back = &t.segments()[1];
        assert_eq!(back.start.unwrap().as_secs(), 180);
        assert!(t.segments()[0].start.unwrap().as_secs() < 180);
    }

    #[test]
    fn what_follows_a_break_unlabelled_is_nobodys() {
        let t = parse(
            "**Adam Stacoviak:** Hi.\n\n**Song:** \\[01:00\\]\n\nLyrics of a song.\n\n**Jerod Santo:** Back.\n",
        );
        assert_eq!(t.text(), "Hi.\nBack.");
    }

    #[test]
    fn untimed_paragraphs_get_times_estimated_between_marks() {
        let t = parse(
            "**A:** \\[01:00\\] aaaa aaaa.\n\n**B:** bbbb bbbb.\n\n**A:** \\[02:00\\] cccc.\n\n\
             **B:** dddd.\n\n**A:** eeee.\n",
        );
        let starts: Vec<u64> = t
            .segments()
            .iter()
            .map(|s| s.start.unwrap().as_secs())
            .collect();
        assert_eq!(starts[0], 60);
        assert!(starts[1] > 60 && starts[1] < 120, "{starts:?}");
        assert_eq!(starts[2], 120);
        assert!(starts[3] > 120 && starts[4] > starts[3], "{starts:?}");
    }

    #[test]
    fn front_matter_and_heading_are_metadata() {
        let t = parse(
            "---\ntitle: \"Kaizen! Pipely is LIVE\"\ndate: 2025-05-02\nepisode: 12\n---\n\n\
             # Ignored heading, front matter has the title\n\n\
             **Gerhard Lazu:** Hi.\n\n**Jerod Santo:** Hello.\n",
        );
        let meta = &t.meta;
        assert_eq!(meta.title.as_ref().unwrap().value, "Kaizen! Pipely is LIVE");
        assert_eq!(meta.date.as_ref().unwrap().value.to_string(), "2025-05-02");
        assert_eq!(meta.number.as_ref().unwrap().value, 12);
        assert_eq!(t.text(), "Hi.\nHello.");
        let t =
            parse("# Vitess at scale\n\n**Jerod Santo:** Hi.\n\n**Sugu Sougoumarane:** Hello.\n");
        assert_eq!(t.meta.title.as_ref().unwrap().value, "Vitess at scale");
    }

    #[test]
    fn heading_labels_that_repeat_are_speakers() {
        let t = parse(
            "# Episode title\n\n### Jane Doe [00:10]\n\nHello there.\n\n### John Roe\n\nHi Jane.\n\n\
             ### Jane Doe\n\nBye.\n\n### John Roe\n\nBye.\n",
        );
        assert_eq!(
            rows(&t)[..2],
            [
                (Some(10), Some("Jane Doe"), "Hello there."),
                (rows(&t)[1].0, Some("John Roe"), "Hi Jane.")
            ]
        );
    }

    #[test]
    fn links_and_escapes_in_pieces() {
        let cases = [
            ("[text](https://x.y/z)", Some(21)),
            ("[text] (not a link)", None),
            ("[a [b](c)", None),
            ("[x](has space)", None),
        ];
        for (s, expected) in cases {
            assert_eq!(link_target_len(s), expected, "{s}");
        }
    }
}
