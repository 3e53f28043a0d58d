//! Every reader on small real excerpts (golden snapshots); invariants of joining caption cues
//! and word-level segments into utterances, checked on generated files (proptest), are the
//! `fragments` submodule.
//!
//! The excerpts and their licences are listed in `tests/fixtures/readers/README.md`. The
//! snapshots render a parse as text: the format, the speakers, then one line per segment,
//! `start | speaker | text`, with `-` where the file gives no time or speaker.

mod fragments;

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use podgraph::transcript::{Format, ParseOptions, Transcript, parse_bytes, read_transcript};

use crate::harness::REPO;

fn fixture_path(name: &str) -> PathBuf {
    Path::new(REPO).join("tests/fixtures/readers").join(name)
}

fn read_fixture(name: &str) -> Transcript {
    let path = fixture_path(name);
    read_transcript(&path, &ParseOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The parse as text, one segment a line: see the module docs.
fn render(t: &Transcript) -> String {
    let mut out = String::new();
    writeln!(out, "format: {}", t.format).unwrap();
    let speakers = if t.speakers().is_empty() {
        "-".to_owned()
    } else {
        t.speakers().join(", ")
    };
    writeln!(out, "speakers: {speakers}").unwrap();
    for warning in &t.warnings {
        writeln!(out, "warning: {warning}").unwrap();
    }
    for segment in t.segments() {
        let start = segment
            .start
            .map_or_else(|| "-".to_owned(), |s| s.to_string());
        let speaker = t.speaker_name(segment).unwrap_or("-");
        writeln!(out, "{start} | {speaker} | {}", t.segment_text(segment)).unwrap();
    }
    out
}

/// Checks what holds for every parse, then snapshots the rendering under the fixture's name.
fn golden(name: &str, format: Format) {
    let t = read_fixture(name);
    assert_eq!(t.format, format, "{name}");
    assert!(t.warnings.is_empty(), "{name}: {:?}", t.warnings);
    let mut expected_start = 0;
    for segment in t.segments() {
        assert_eq!(
            segment.text.start, expected_start,
            "{name}: segments are contiguous"
        );
        let text = t.segment_text(segment);
        assert!(!text.is_empty(), "{name}: empty segment");
        assert_eq!(text.trim(), text, "{name}: untrimmed segment {text:?}");
        assert!(!text.contains('\n'), "{name}: line break inside {text:?}");
        expected_start = segment.text.end + 1;
    }
    assert_eq!(
        misquoted(&t),
        [],
        "{name}: words that do not quote the file"
    );
    insta::assert_snapshot!(name, render(&t));
}

#[test]
fn markdown_the_changelog() {
    golden("the-changelog-excerpt.md", Format::Markdown);
}

#[test]
fn markdown_practical_ai() {
    golden("practical-ai-excerpt.md", Format::Markdown);
}

#[test]
fn html_buzzcast() {
    golden("buzzcast-excerpt.html", Format::Html);
}

#[test]
fn srt_buzzcast() {
    golden("buzzcast-excerpt.srt", Format::Srt);
}

#[test]
fn podcast_json_buzzcast() {
    golden("buzzcast-excerpt.json", Format::PodcastJson);
}

#[test]
fn podcast_json_one_word_segments() {
    golden("one-word-excerpt.json", Format::PodcastJson);
}

#[test]
fn json_segments_in_milliseconds() {
    golden("segments-ms.json", Format::JsonSegments);
}

#[test]
fn webvtt_seconds_only_timings() {
    golden("podnews-excerpt.vtt", Format::Webvtt);
}

#[test]
fn diarised_bracketed_speaker_and_time() {
    golden("diarised-bracketed.txt", Format::Diarised);
}

#[test]
fn diarised_rev_speaker_time_colon() {
    golden("diarised-rev.txt", Format::Diarised);
}

#[test]
fn diarised_whisper_time_ranges() {
    golden("diarised-whisper.txt", Format::Diarised);
}

#[test]
fn diarised_otter_speaker_and_time_lines() {
    golden("otter.txt", Format::Diarised);
}

#[test]
fn whisperx_json() {
    golden("whisperx.json", Format::WhisperJson);
}

/// Times of words inside joined utterances, from the excerpts: each word said at its own time.
#[test]
fn joined_fragments_keep_their_own_times() {
    let cases: &[(&str, &str, u64)] = &[
        // Second word-level segment of "Hey, Travis Albritain here."
        ("one-word-excerpt.json", "Albritain", 931),
        // The cue that starts "show. And Travis has already put".
        ("buzzcast-excerpt.srt", "show. And Travis", 4_799),
        ("buzzcast-excerpt.json", "show. And Travis", 4_800),
        // "Please welcome Marta" / "[00:17] Lindqvist."
        ("diarised-bracketed.txt", "Lindqvist", 17_000),
        ("diarised-whisper.txt", "Rust implementation", 9_860),
        ("whisperx.json", "Brassard", 6_900),
    ];
    for &(name, needle, millis) in cases {
        let t = read_fixture(name);
        let at = t
            .text()
            .find(needle)
            .unwrap_or_else(|| panic!("{name}: {needle:?} not in the text"));
        assert_eq!(
            t.time_at(at).map(|t| t.as_millis()),
            Some(millis),
            "{name}: {needle}"
        );
        let span = t.source_span(at..at + needle.len());
        assert_eq!(&t.source()[span], needle, "{name}");
    }
}

/// Diarised turns give only a start time, so the pause before a turn is not known; at the least,
/// turns three seconds apart are no pause, however long the utterance they continue has run.
#[test]
fn start_only_turns_three_seconds_apart_join() {
    let sources = [
        "[Bryan] [00:00] We talked to Guido\n[Bryan] [00:03] van\n[Bryan] [00:06] Rossum today.\n\
         [Adam] [00:09] Nice.\n",
        "Speaker 1 (00:00): We talked to Guido\nSpeaker 1 (00:03): van\n\
         Speaker 1 (00:06): Rossum today.\nSpeaker 2 (00:09): Nice.\n",
        "Jane Doe  0:00\nWe talked to Guido\n\nJane Doe  0:03\nvan\n\nJane Doe  0:06\n\
         Rossum today.\n\nJohn Roe  0:09\nNice.\n",
    ];
    for source in sources {
        let t = parse(source, "turns.txt");
        assert_eq!(t.format, Format::Diarised, "{source}");
        assert_eq!(
            t.text(),
            "We talked to Guido van Rossum today.\nNice.",
            "{source}"
        );
        let at = t.text().find("Rossum").unwrap();
        assert_eq!(t.time_at(at).map(|t| t.as_millis()), Some(6_000));
    }
}

/// `buzzcast.{html,srt,json}` are one episode in three formats: their openings must read as the
/// same speakers saying the same words.
#[test]
fn buzzcast_reads_the_same_in_three_formats() {
    let words = |t: &Transcript| t.text().split_whitespace().collect::<Vec<_>>().join(" ");
    let html = read_fixture("buzzcast-excerpt.html");
    for other in ["buzzcast-excerpt.srt", "buzzcast-excerpt.json"] {
        let t = read_fixture(other);
        assert_eq!(t.speakers(), html.speakers(), "{other}");
        assert_eq!(words(&t), words(&html), "{other}");
        // Turn by turn: the speaker of every word agrees too.
        let turns = |t: &Transcript| {
            let mut turns: Vec<(String, String)> = Vec::new();
            for s in t.segments() {
                let who = t.speaker_name(s).unwrap_or("-").to_owned();
                match turns.last_mut() {
                    Some((last, text)) if *last == who => {
                        text.push(' ');
                        text.push_str(t.segment_text(s));
                    }
                    _ => turns.push((who, t.segment_text(s).to_owned())),
                }
            }
            turns
        };
        assert_eq!(turns(&t), turns(&html), "{other}");
    }
}

/// Ranges of `t.text()` that must quote the source exactly: every whitespace-separated word made
/// of ASCII letters and digits only, and every run of ASCII letters and digits inside the other
/// words ("Rossum" in "Rossum," where the comma was a fragment of its own, "caf" in "café").
fn plain_words(t: &Transcript) -> Vec<Range<usize>> {
    let text = t.text();
    let mut ranges = Vec::new();
    let mut run: Option<usize> = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_ascii_alphanumeric(), run) {
            (true, None) => run = Some(i),
            (false, Some(start)) => {
                ranges.push(start..i);
                run = None;
            }
            _ => {}
        }
    }
    ranges
}

/// Where a plain word (see [`plain_words`]) does not quote the source: `(text range, word, source
/// at its span)`.
fn misquoted(t: &Transcript) -> Vec<(Range<usize>, String, String)> {
    plain_words(t)
        .into_iter()
        .filter_map(|range| {
            let word = &t.text()[range.clone()];
            let quoted = &t.source()[t.source_span(range.clone())];
            (quoted != word).then(|| (range, word.to_owned(), quoted.to_owned()))
        })
        .collect()
}

fn parse(source: &str, name: &str) -> Transcript {
    parse_bytes(source.as_bytes(), Path::new(name), &ParseOptions::default())
        .unwrap_or_else(|e| panic!("{e}\n{source}"))
}
