//! Format detection from content.
//!
//! File names are chosen by people and often wrong (`.txt` holds timestamped lines, WebVTT and
//! prose alike), so the format is read off the first lines of the body. Detection looks at no
//! more than [`SAMPLE_LINES`] lines and [`SAMPLE_BYTES`] bytes, so it costs the same for a 50 MB
//! file as for a small one.

use super::Format;
use super::lines::{is_blank, lines};
use super::prose::Labels;
use super::timed::timestamp_prefix;
use super::webvtt::parse_timing;

/// How many lines of a body detection reads at most.
pub const SAMPLE_LINES: usize = 200;
/// How many bytes of a body detection reads at most.
pub const SAMPLE_BYTES: usize = 24 * 1024;

/// Detects the format of a transcript body (the text after any page header).
pub fn detect_format(body: &str) -> Format {
    let mut cut = body.len().min(SAMPLE_BYTES);
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    let sample = &body[..cut];
    let start = sample.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if start.starts_with("WEBVTT") {
        return Format::Webvtt;
    }
    if start.starts_with('{') {
        return Format::PodcastJson;
    }
    if start.starts_with('[') && start[1..].trim_start().starts_with(['{', ']']) {
        return Format::JsonSegments;
    }
    if super::html::looks_like_html(start) {
        return Format::Html;
    }
    if super::markdown::looks_like_markdown(sample) {
        return Format::Markdown;
    }
    let labels = Labels::scan(sample, 0, SAMPLE_LINES);
    let (mut non_blank, mut timed, mut labelled) = (0usize, 0usize, 0usize);
    let mut cue_timing: Option<&str> = None;
    for line in lines(sample, 0).take(SAMPLE_LINES) {
        if is_blank(sample, &line) {
            continue;
        }
        let text = &sample[line];
        non_blank += 1;
        if cue_timing.is_none() && text.contains("-->") && parse_timing(text).is_some() {
            cue_timing = Some(text);
        }
        if timestamp_prefix(text).is_some() {
            timed += 1;
        }
        if labels.label(text).is_some() {
            labelled += 1;
        }
    }
    match cue_timing {
        Some(timing) if timing.contains(',') => return Format::Srt,
        Some(_) => return Format::Webvtt,
        None => {}
    }
    if super::diarised::detect(sample, SAMPLE_LINES).is_some() {
        return Format::Diarised;
    }
    if timed >= 1 && timed * 3 >= non_blank {
        Format::Timestamped
    } else if labelled >= 2 {
        Format::SpeakerProse
    } else {
        Format::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_content() {
        let cases = [
            ("WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n", Format::Webvtt),
            ("\u{FEFF}WEBVTT\n", Format::Webvtt),
            ("1\n00:00:01,000 --> 00:00:02,000\nhi\n", Format::Srt),
            ("00:00:01.000 --> 00:00:02.000\nhi\n", Format::Webvtt),
            (r#"{"version":"1.0.0","segments":[]}"#, Format::PodcastJson),
            (
                "[\n  {\"start\": 1, \"text\": \"hi\"}]",
                Format::JsonSegments,
            ),
            ("<html><body><cite>A:</cite>", Format::Html),
            (
                "**Jerod Santo:** Hi.\n\n**Adam Stacoviak:** Hey.\n",
                Format::Markdown,
            ),
            (
                "[Bryan] [00:04] Hi.\n[Adam] [00:06] Hey.\n",
                Format::Diarised,
            ),
            ("[00:04] Hi.\n[00:06] Hey.\n", Format::Timestamped),
            ("00:00 Hello\n00:05 there\n", Format::Timestamped),
            (
                "00:00:00 Hello\ncontinued\n\n00:00:05 there\n",
                Format::Timestamped,
            ),
            (
                "Michael KENNEDY: Hi.\n\nBrian OKKEN: Hello.\n",
                Format::SpeakerProse,
            ),
            (
                "Alice: Hi.\nBob: Hello.\nAlice: Bye.\nBob: Bye.\n",
                Format::SpeakerProse,
            ),
            (
                "Note: one sentence with a colon.\nMore prose.\n",
                Format::Plain,
            ),
            (
                "We met at 10:30 and talked.\nThen 11:45 came.\n",
                Format::Plain,
            ),
            ("just words", Format::Plain),
        ];
        for (body, expected) in cases {
            assert_eq!(detect_format(body), expected, "{body:?}");
        }
    }
}
