//! Podcasting 2.0 JSON transcripts (the `podcast:transcript` standard).
//!
//! `{"version": "1.0.0", "segments": [{"speaker": "...", "startTime": 0.8, "endTime": 1.2,
//! "body": "..."}]}`. Each `body` is taken from the file as raw JSON so that its position in the
//! source is known, then unescaped in place: offsets into the normalised text map back to the
//! bytes of the JSON string, as they do for every other format.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::Timestamp;
use super::text::TextBuilder;

#[derive(Deserialize)]
struct Document<'a> {
    #[serde(borrow)]
    segments: Vec<JsonSegment<'a>>,
}

#[derive(Deserialize)]
struct JsonSegment<'a> {
    speaker: Option<String>,
    #[serde(rename = "startTime")]
    start_time: Option<f64>,
    #[serde(rename = "endTime")]
    end_time: Option<f64>,
    #[serde(borrow)]
    body: &'a RawValue,
}

/// A JSON document that is not a Podcasting 2.0 transcript.
#[derive(Debug)]
pub struct JsonError {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads a Podcasting 2.0 JSON body into `builder`.
pub fn parse(builder: &mut TextBuilder<'_>, body: usize) -> Result<(), JsonError> {
    let source = builder.source();
    let json = &source[body..];
    let lines_before = super::lines::line_column(source, body).0 - 1;
    let document: Document<'_> = serde_json::from_str(json).map_err(|e| JsonError {
        line: lines_before + e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    for segment in &document.segments {
        let raw = segment.body.get();
        let offset = raw.as_ptr() as usize - source.as_ptr() as usize;
        if !raw.starts_with('"') {
            let (line, column) = super::lines::line_column(source, offset);
            return Err(JsonError {
                line,
                column,
                message: "\"body\" must be a string".into(),
            });
        }
        let speaker = segment
            .speaker
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        builder.begin(
            seconds(segment.start_time),
            seconds(segment.end_time),
            speaker,
        );
        builder.push_escaped(offset + 1..offset + raw.len() - 1, b"\\", |s| {
            json_escape(s).map(|(len, c)| (len, Some(c)))
        });
    }
    builder.end();
    Ok(())
}

/// serde_json appends " at line L column C"; the error names the position itself.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn seconds(value: Option<f64>) -> Option<Timestamp> {
    let s = value?;
    (s.is_finite() && (0.0..1e9).contains(&s))
        .then(|| Timestamp::from_millis((s * 1000.0).round() as u64))
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
    use super::super::{Format, ParseOptions, TranscriptError, parse_bytes};
    use std::path::Path;

    #[test]
    fn segments_with_speakers_times_and_escapes() {
        let source = r#"{"version": "1.0.0", "segments": [
  {"speaker": "Michael Kennedy", "startTime": 0.8, "endTime": 3.25, "body": "Welcome to \"Python Bytes\""},
  {"speaker": "Brian Okken", "startTime": 3.5, "endTime": 5, "body": "caf\u00e9 \ud83d\ude00 pytest"}
]}"#;
        let t = parse_bytes(
            source.as_bytes(),
            Path::new("x.json"),
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!(t.format, Format::PodcastJson);
        assert_eq!(t.text(), "Welcome to \"Python Bytes\"\ncafé 😀 pytest");
        assert_eq!(t.speakers(), ["Michael Kennedy", "Brian Okken"]);
        assert_eq!(t.segments()[0].start.unwrap().as_millis(), 800);
        assert_eq!(t.segments()[1].end.unwrap().as_millis(), 5_000);
        let at = t.text().find("pytest").unwrap();
        assert_eq!(&t.source()[t.source_span(at..at + 6)], "pytest");
        let at = t.text().find("Python").unwrap();
        assert_eq!(&t.source()[t.source_span(at..at + 6)], "Python");
    }

    #[test]
    fn json_that_is_not_a_transcript_names_line_and_problem() {
        let source = "{\n  \"version\": \"1.0.0\",\n  \"segments\": [{\"body\": 3}]\n}";
        let err = parse_bytes(
            source.as_bytes(),
            Path::new("bad.json"),
            &ParseOptions::default(),
        )
        .unwrap_err();
        assert!(
            matches!(err, TranscriptError::Json { line: 3, .. }),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "bad.json:3:25: not a Podcasting 2.0 JSON transcript: \"body\" must be a string"
        );
        let err = parse_bytes(
            b"{\"version\": 1}",
            Path::new("v.json"),
            &ParseOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "v.json:1:14: not a Podcasting 2.0 JSON transcript: missing field `segments`"
        );
    }
}
