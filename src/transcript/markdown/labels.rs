//! Speaker labels in Markdown transcripts: which lines open a turn, whose, and at what time.
//!
//! The bulk of reading Markdown is telling a speaker label (`**Jerod Santo:**`, a repeated
//! `### Jane Doe` heading) from emphasis, titles and sections, and a person from a part of the
//! show (`**Break:**`). Format detection asks the same question, so it lives apart from the
//! reading loop in the parent module.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::transcript::Timestamp;
use crate::transcript::lines::lines;
use crate::transcript::webvtt::parse_cue_time;

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
pub(super) enum Label<'s> {
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
pub(super) struct LineLabel<'s> {
    pub(super) label: Label<'s>,
    pub(super) time: Option<Timestamp>,
    pub(super) speech: usize,
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

/// Most words a bold line standing alone holds to be a label ("**Daniel Whitenack**"); more is a
/// heading.
const MAX_STANDALONE_WORDS: usize = 5;

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
    // "**#1 The Five Why's of Requests 2.12**" numbers an item of show notes; a speaker's name
    // may start with a sign ("**\$stdout:**", a rapper), not with a number sign.
    if line[name_start..name_end].starts_with('#') {
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
        // Bold alone on its line is a label when it is as short as a name; a longer one
        // ("**Planning an Early Death for Python 2**") is a heading.
        if after_trimmed.is_empty() {
            let words = line[name_start..name_end].split_whitespace().count();
            return (words <= MAX_STANDALONE_WORDS).then_some(Bold {
                name: name_start..name_end,
                time,
                speech: line.len(),
                shape: BoldShape::Label,
            });
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
        // Show notes' item headings are no speakers.
        ("**#1 The Five Why’s of Requests 2.12**", None),
        ("**Planning an Early Death for Python 2**", None),
        (
            "**\\$stdout:** I am $STDOUT the rapper.",
            Some((
                "\\$stdout",
                None,
                "I am $STDOUT the rapper.",
                BoldShape::Label,
            )),
        ),
        (
            "**Speaker 1**",
            Some(("Speaker 1", None, "", BoldShape::Label)),
        ),
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
pub(super) fn line_label<'s>(
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
    // Every label opens with bold or a heading: a sample without either is not Markdown, and
    // most transcripts that are not are turned away here without reading their lines.
    if memchr::memchr2(b'*', b'#', sample.as_bytes()).is_none() {
        return false;
    }
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
pub(super) fn bold_speakers(source: &str, start: usize) -> HashSet<&str> {
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
pub(super) fn heading_names(source: &str, start: usize) -> HashMap<&str, usize> {
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
