//! JSON transcripts: Podcasting 2.0, Whisper and WhisperX, and plain arrays of segments.
//!
//! Three families of tools write transcripts as a list of timed segments in JSON, and they
//! differ only in names:
//!
//! | writer | root | text | start / end | speaker |
//! |---|---|---|---|---|
//! | Podcasting 2.0 (`podcast:transcript`) | `{"version", "segments"}` | `body` | `startTime` / `endTime`, seconds | `speaker` |
//! | Whisper, WhisperX | `{"text", "segments", "language"}` | `text` | `start` / `end`, seconds | `speaker` (WhisperX) |
//! | captioning tools, AssemblyAI | `[...]` or `{"utterances"}` | `text` | `start` / `end`, seconds or milliseconds | `speaker` |
//!
//! So one reader serves all three, with the names as serde aliases, and reports which family
//! the file belongs to. Whisper's top-level `text` repeats the segments and is not read; a
//! WhisperX segment's `words` are skipped unread.
//!
//! Times are seconds unless the file shows they are milliseconds: a segment lasts seconds, so
//! a median length of 100 or more "seconds" can only be milliseconds.
//!
//! Each text value is taken from the file as raw JSON so that its position in the source is
//! known, then unescaped in place: offsets into the normalised text map back to the bytes of
//! the JSON string, as they do for every other format. Segments are fragments (a caption line,
//! or one word in word-level files) and are joined into utterances (see
//! [`TextBuilder::begin_fragment`]).

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use super::lines::strip_position;
use super::text::TextBuilder;
use super::{Format, Timestamp};

#[derive(Deserialize)]
struct Document<'a> {
    #[serde(borrow, alias = "utterances")]
    segments: Vec<JsonSegment<'a>>,
    version: Option<IgnoredAny>,
    language: Option<IgnoredAny>,
    text: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct JsonSegment<'a> {
    #[serde(alias = "speaker_label", alias = "speakerName", alias = "speaker_name")]
    speaker: Option<Speaker>,
    #[serde(rename = "startTime", alias = "start", alias = "start_time")]
    start_time: Option<f64>,
    #[serde(rename = "endTime", alias = "end", alias = "end_time")]
    end_time: Option<f64>,
    #[serde(borrow, rename = "body", alias = "text", alias = "content")]
    body: Option<&'a RawValue>,
}

/// A speaker as JSON writers give it: a name, or a diarisation number (AssemblyAI: `"A"`,
/// some tools: `0`).
#[derive(Deserialize)]
#[serde(untagged)]
enum Speaker {
    Name(String),
    Number(u64),
}

impl Speaker {
    fn name(&self) -> Option<String> {
        match self {
            Speaker::Name(name) => {
                let name = name.trim();
                (!name.is_empty()).then(|| name.to_owned())
            }
            Speaker::Number(n) => Some(format!("Speaker {n}")),
        }
    }
}

/// A JSON document that is not a transcript.
#[derive(Debug)]
pub struct JsonError {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads a JSON transcript body into `builder`; returns which JSON format it is.
pub fn parse(builder: &mut TextBuilder<'_>, body: usize) -> Result<Format, JsonError> {
    let source = builder.source();
    let json = &source[body..];
    let lines_before = super::lines::line_column(source, body).0 - 1;
    let error = |e: serde_json::Error| JsonError {
        line: lines_before + e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    };
    let (segments, format) = if json.trim_start().starts_with('[') {
        let segments: Vec<JsonSegment<'_>> = serde_json::from_str(json).map_err(error)?;
        (segments, Format::JsonSegments)
    } else {
        let document: Document<'_> = serde_json::from_str(json).map_err(error)?;
        let format = if document.version.is_some() {
            Format::PodcastJson
        } else if document.language.is_some() || document.text.is_some() {
            Format::WhisperJson
        } else if document.segments.iter().any(|s| s.body.is_some()) && uses_body_key(json) {
            Format::PodcastJson
        } else {
            Format::JsonSegments
        };
        (document.segments, format)
    };
    let scale = if in_milliseconds(&segments) {
        1.0
    } else {
        1000.0
    };
    for segment in &segments {
        let Some(raw) = segment.body else { continue };
        let raw = raw.get();
        let offset = raw.as_ptr() as usize - source.as_ptr() as usize;
        if !raw.starts_with('"') {
            let (line, column) = super::lines::line_column(source, offset);
            return Err(JsonError {
                line,
                column,
                message: "a segment's text must be a string".into(),
            });
        }
        let speaker = segment.speaker.as_ref().and_then(Speaker::name);
        builder.begin_fragment(
            time(segment.start_time, scale),
            time(segment.end_time, scale),
            speaker.as_deref(),
        );
        // Caption tools carry their markup and escapes over into JSON ("<i>lyrics</i>", "&amp;").
        builder.push_escaped(offset + 1..offset + raw.len() - 1, b"\\<&", |s| {
            match s.as_bytes()[0] {
                b'<' => super::webvtt::markup_tag_len(s).map(|len| (len, None)),
                b'&' => super::webvtt::html_escape(s).map(|(len, c)| (len, Some(c))),
                _ => json_escape(s).map(|(len, c)| (len, Some(c))),
            }
        });
    }
    builder.end();
    if segments.iter().all(|s| s.body.is_none()) {
        return Err(JsonError {
            line: lines_before + 1,
            column: 1,
            message: "no segment has a text (\"body\" or \"text\")".into(),
        });
    }
    Ok(format)
}

/// Whether the segments' text is under `"body"` (Podcasting 2.0) — the serde alias hides it.
fn uses_body_key(json: &str) -> bool {
    memchr::memmem::find(json.as_bytes(), b"\"body\"").is_some()
}

/// Whether the segments' times are milliseconds: see the module docs.
fn in_milliseconds(segments: &[JsonSegment<'_>]) -> bool {
    let mut lengths: Vec<f64> = segments
        .iter()
        .filter_map(|s| Some(s.end_time? - s.start_time?))
        .filter(|d| d.is_finite() && *d > 0.0)
        .collect();
    if lengths.is_empty() {
        return false;
    }
    let middle = lengths.len() / 2;
    let (_, median, _) = lengths.select_nth_unstable_by(middle, f64::total_cmp);
    *median >= 100.0
}

/// A time in the file's unit (`scale` milliseconds each), if it is a plausible one.
fn time(value: Option<f64>, scale: f64) -> Option<Timestamp> {
    let millis = value? * scale;
    (millis.is_finite() && (0.0..1e12).contains(&millis))
        .then(|| Timestamp::from_millis(millis.round() as u64))
}

/// Decodes the JSON string escape at the start of `s` (which starts with `\`).
fn json_escape(s: &str) -> Option<(usize, char)> {
    let c = match s.as_bytes().get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' | b'f' | b'n' | b'r' | b't' => ' ',
        b'u' => {
            let high = u32::from_str_radix(s.get(2..6)?, 16).ok()?;
            if (0xD800..0xDC00).contains(&high) {
                // A high surrogate must pair with a low one; alone, it is no character.
                let low = s
                    .get(6..12)
                    .and_then(|l| l.strip_prefix("\\u"))
                    .and_then(|l| u32::from_str_radix(l, 16).ok())
                    .filter(|l| (0xDC00..=0xDFFF).contains(l));
                return Some(match low {
                    Some(low) => {
                        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        (
                            12,
                            char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER),
                        )
                    }
                    None => (6, char::REPLACEMENT_CHARACTER),
                });
            }
            return Some((
                6,
                char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER),
            ));
        }
        _ => return None,
    };
    Some((2, c))
}

#[cfg(test)]
mod tests {
    use super::super::{Format, ParseOptions, Transcript, TranscriptError, parse_bytes};
    use std::path::Path;

    fn parse(source: &str) -> Transcript {
        crate::transcript::read::parse_as(source, "x.json", None)
    }

    #[test]
    fn segments_with_speakers_times_and_escapes() {
        let source = r#"{"version": "1.0.0", "segments": [
  {"speaker": "Michael Kennedy", "startTime": 0.8, "endTime": 3.25, "body": "Welcome to \"Python Bytes\"."},
  {"speaker": "Brian Okken", "startTime": 3.5, "endTime": 5, "body": "caf\u00e9 \ud83d\ude00 pytest"}
]}"#;
        let t = parse(source);
        assert_eq!(t.format, Format::PodcastJson);
        assert_eq!(t.text(), "Welcome to \"Python Bytes\".\ncafé 😀 pytest");
        assert_eq!(t.speakers(), ["Michael Kennedy", "Brian Okken"]);
        assert_eq!(t.segments()[0].start.unwrap().as_millis(), 800);
        assert_eq!(t.segments()[1].end.unwrap().as_millis(), 5_000);
        let at = t.text().find("pytest").unwrap();
        assert_eq!(&t.source()[t.source_span(at..at + 6)], "pytest");
        let at = t.text().find("Python").unwrap();
        assert_eq!(&t.source()[t.source_span(at..at + 6)], "Python");
    }

    #[test]
    fn word_level_segments_join_into_utterances_and_keep_each_words_time() {
        let source = r#"{"version": "1.0.0", "segments": [
  {"speaker": "Travis", "startTime": 0.3, "endTime": 0.6, "body": "Hey,"},
  {"speaker": "Travis", "startTime": 0.601, "endTime": 0.93, "body": "Guido"},
  {"speaker": "Travis", "startTime": 0.931, "endTime": 1.08, "body": "van"},
  {"speaker": "Travis", "startTime": 1.1, "endTime": 1.3, "body": "Rossum"},
  {"speaker": "Travis", "startTime": 1.3, "endTime": 1.4, "body": ","},
  {"speaker": "Travis", "startTime": 1.4, "endTime": 1.6, "body": "NPR."},
  {"speaker": "Travis", "startTime": 1.7, "endTime": 1.9, "body": "Next"},
  {"speaker": "Eric", "startTime": 2.0, "endTime": 2.2, "body": "Yes"}
]}"#;
        let t = parse(source);
        assert_eq!(t.text(), "Hey, Guido van Rossum, NPR.\nNext\nYes");
        assert_eq!(t.segments().len(), 3);
        let at = t.text().find("Rossum").unwrap();
        assert_eq!(t.time_at(at).unwrap().as_millis(), 1_100);
        let at = t.text().find("Guido").unwrap();
        assert_eq!(t.time_at(at).unwrap().as_millis(), 601);
        assert_eq!(t.time_at(0).unwrap().as_millis(), 300);
        assert_eq!(t.segments()[0].end.unwrap().as_millis(), 1_600);
        let at = t.text().find("NPR").unwrap();
        assert_eq!(&t.source()[t.source_span(at..at + 3)], "NPR");
    }

    #[test]
    fn whisper_and_whisperx_json() {
        let source = r#"{"text": " Hello there. We use pytest.", "segments": [
  {"id": 0, "seek": 0, "start": 0.0, "end": 2.5, "text": " Hello there.", "tokens": [1, 2]},
  {"id": 1, "seek": 0, "start": 2.5, "end": 4.0, "text": " We use pytest.", "speaker": "SPEAKER_01",
   "words": [{"word": "We", "start": 2.5, "end": 2.7, "speaker": "SPEAKER_01"}]}
], "language": "en"}"#;
        let t = parse(source);
        assert_eq!(t.format, Format::WhisperJson);
        assert_eq!(t.text(), "Hello there.\nWe use pytest.");
        assert_eq!(t.speakers(), ["SPEAKER_01"]);
        assert_eq!(t.segments()[1].start.unwrap().as_millis(), 2_500);
    }

    #[test]
    fn arrays_of_segments_in_seconds_or_milliseconds() {
        let ms = r#"[{"start": 1, "end": 5000, "text": "Hello"},
                     {"start": 25801, "end": 28700, "text": "It's a <i>sunny</i> day.\nHere."}]"#;
        let t = parse(ms);
        assert_eq!(t.format, Format::JsonSegments);
        assert_eq!(t.segments()[1].start.unwrap().as_millis(), 25_801);
        assert_eq!(t.text(), "Hello\nIt's a sunny day. Here.");
        let secs = r#"[{"start": 1.5, "end": 3.0, "text": "Hello."}, {"start": 3.0, "end": 4.25, "text": "Bye."}]"#;
        let t = parse(secs);
        assert_eq!(t.segments()[1].start.unwrap().as_millis(), 3_000);
        let assembly = r#"{"utterances": [{"speaker": "A", "start": 250, "end": 4000, "text": "Hi."},
                           {"speaker": "B", "start": 4100, "end": 9000, "text": "Hello."}]}"#;
        let t = parse(assembly);
        assert_eq!(t.format, Format::JsonSegments);
        assert_eq!(t.speakers(), ["A", "B"]);
        assert_eq!(t.segments()[1].start.unwrap().as_millis(), 4_100);
    }

    #[test]
    fn json_that_is_not_a_transcript_names_line_and_problem() {
        let cases: &[(&str, &str)] = &[
            (
                "{\n  \"version\": \"1.0.0\",\n  \"segments\": [{\"body\": 3}]\n}",
                "bad.json:3:25: not a JSON transcript: a segment's text must be a string",
            ),
            (
                "{\"version\": 1}",
                "bad.json:1:14: not a JSON transcript: missing field `segments`",
            ),
            (
                "{\"segments\": [{\"start\": 1",
                "bad.json:1:25: not a JSON transcript: EOF while parsing an object",
            ),
            (
                "[{\"start\": 1, \"end\": 2}]",
                "bad.json:1:1: not a JSON transcript: no segment has a text (\"body\" or \"text\")",
            ),
            (
                "[1, 2]",
                "bad.json:1:2: not a JSON transcript: invalid type: integer `1`, expected struct JsonSegment",
            ),
        ];
        for (source, expected) in cases {
            let err = parse_bytes(
                source.as_bytes(),
                Path::new("bad.json"),
                &ParseOptions::default(),
            )
            .unwrap_err();
            assert!(matches!(err, TranscriptError::Json { .. }), "{err}");
            assert_eq!(err.to_string(), *expected);
        }
    }
}
