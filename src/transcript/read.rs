//! Reading a file: decode its bytes, choose its format, hand it to that format's reader, and
//! infer the episode's metadata from what the reader found.
//!
//! The one place that knows every reader; each reader knows only its own format, and the
//! format is guessed in `detect`. What a read gives, [`Transcript`], is in the parent module.

use std::path::{Path, PathBuf};

use super::{
    Format, Segment, Transcript, TranscriptError, Warning, WarningKind, boilerplate, detect_format,
    diarised, html, json, markdown, meta, prose, srt, text, timed, webvtt,
};

/// How to read transcript files.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// Read every file as this format instead of detecting it.
    pub format: Option<Format>,
    /// The show every file belongs to, overriding what the files say.
    pub show: Option<String>,
    /// The show's RSS feed: authoritative show, number, title and date for the files it names
    /// (applied when a corpus is loaded, see `corpus::apply_feed`).
    pub feed: Option<std::sync::Arc<crate::feed::Feed>>,
    /// Folders not to search when a folder holds them: a build's own output folder, whose
    /// `graph.json` is no transcript.
    pub exclude: Vec<PathBuf>,
}

/// Reads and parses one transcript file.
pub fn read_transcript(path: &Path, options: &ParseOptions) -> Result<Transcript, TranscriptError> {
    parse_bytes(&read_bytes(path)?, path, options)
}

/// Reads a transcript file's bytes, a failure named as [`read_transcript`] names it.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, TranscriptError> {
    std::fs::read(path).map_err(|source| TranscriptError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Parses a transcript from a file's bytes; `path` names it in metadata and errors.
pub fn parse_bytes(
    bytes: &[u8],
    path: &Path,
    options: &ParseOptions,
) -> Result<Transcript, TranscriptError> {
    let (source, decoding) = decode(bytes, path)?;
    let mut warnings = Vec::new();
    match decoding {
        text::Decoding::Utf8 => {}
        text::Decoding::Lossy => warnings.push(Warning::new(
            WarningKind::Encoding,
            "invalid UTF-8: undecodable bytes were replaced with U+FFFD",
        )),
        text::Decoding::Utf16 => {
            warnings.push(Warning::new(WarningKind::Encoding, "decoded from UTF-16"))
        }
    }
    parse_str(source, path, options, warnings)
}

fn parse_str(
    source: String,
    path: &Path,
    options: &ParseOptions,
    mut warnings: Vec<Warning>,
) -> Result<Transcript, TranscriptError> {
    if source
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .is_empty()
    {
        return Err(TranscriptError::Empty {
            path: path.to_owned(),
        });
    }
    let mut preamble = boilerplate::scan_preamble(&source);
    let body = preamble.body_start;
    let format = options.format.unwrap_or_else(|| {
        let detected = detect_format(&source[body..]);
        // "[1, 2]" could open a line of prose; in a .json file it is JSON.
        let json_named = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if json_named && source[body..].trim_start().starts_with('[') {
            Format::JsonSegments
        } else {
            detected
        }
    });
    let not_transcript = |reason| TranscriptError::NotTranscript {
        path: path.to_owned(),
        reason,
    };
    if format == Format::Plain && options.format.is_none() && is_markup_document(path) {
        // A README or page among transcripts: prose without a speaker or a time is not one.
        return Err(not_transcript(
            "a document without speaker labels or timestamps",
        ));
    }
    if format == Format::Markdown
        && options.format.is_none()
        && markdown::is_link_list(&source[body..])
    {
        return Err(not_transcript(
            "a page of links and lists (show notes?), not speech",
        ));
    }
    let (format, built) = parse_body(
        &source,
        body,
        format,
        &mut preamble.header,
        &mut warnings,
        path,
    )?;
    if let [only] = built.segments.as_slice()
        && only.start.is_none()
        && only.speaker.is_none()
        && only.text.len() >= LONG_UNSTRUCTURED
    {
        warnings.push(Warning::new(
            WarningKind::NoStructure,
            format!(
                "{} kB read as {format} gave one segment with no time or speaker; \
                 if the file has timestamps or speaker labels, try --format",
                only.text.len() / 1000
            ),
        ));
    }
    let opening = opening_speech(&built.text, &built.segments);
    let meta = meta::infer(&preamble.header, opening, path, options, &mut warnings);
    Ok(assemble(meta, format, warnings, built, source))
}

/// A file's bytes as text, or the error that names it binary.
fn decode(bytes: &[u8], path: &Path) -> Result<(String, text::Decoding), TranscriptError> {
    text::decode(bytes).ok_or_else(|| TranscriptError::Binary {
        path: path.to_owned(),
    })
}

/// The transcript of `source` from what its reader built and what is known of the episode.
fn assemble(
    meta: meta::EpisodeMeta,
    format: Format,
    warnings: Vec<Warning>,
    built: text::Built,
    source: String,
) -> Transcript {
    Transcript {
        meta,
        format,
        warnings,
        offsets: built.offsets,
        segments: built.segments,
        speakers: built.speakers,
        times: built.times,
        text: built.text,
        source,
        outline: None,
    }
}

/// Reads the text and segments of the body that starts at byte `body` as `format`; returns
/// them with the format a JSON reader settled on (Podcasting 2.0, Whisper or a segment array).
fn parse_body(
    source: &str,
    body: usize,
    mut format: Format,
    header: &mut meta::HeaderFacts,
    warnings: &mut Vec<Warning>,
    path: &Path,
) -> Result<(Format, text::Built), TranscriptError> {
    let mut builder = text::TextBuilder::new(source);
    match format {
        Format::SpeakerProse => prose::parse_labelled(&mut builder, body),
        Format::Plain => prose::parse_plain(&mut builder, body),
        Format::Timestamped => timed::parse(&mut builder, body),
        Format::Webvtt => webvtt::parse(&mut builder, body, warnings),
        Format::Srt => srt::parse(&mut builder, body, warnings),
        Format::Markdown => markdown::parse(&mut builder, body, header),
        Format::Diarised => diarised::parse(&mut builder, body, None),
        Format::Html => {
            html::parse(&mut builder, body, header).map_err(|_| TranscriptError::NotTranscript {
                path: path.to_owned(),
                reason: "an HTML page without the <cite>/<time> markup of Podcasting 2.0 \
                         transcripts",
            })?
        }
        Format::PodcastJson | Format::WhisperJson | Format::JsonSegments => {
            format = json::parse(&mut builder, body).map_err(|e| TranscriptError::Json {
                path: path.to_owned(),
                line: e.line,
                column: e.column,
                message: e.message,
            })?
        }
    }
    let built = builder.finish();
    if built.segments.is_empty() {
        return Err(TranscriptError::NoSpeech {
            path: path.to_owned(),
            format,
        });
    }
    Ok((format, built))
}

/// Parses a file's bytes again for an episode read before, whose outline `known` holds its
/// format, metadata and warnings: the text and segments are read as that format, and neither
/// format detection nor metadata inference runs again (a planned corpus's second read, where
/// they were a third of the parse).
pub fn reparse_bytes(
    bytes: &[u8],
    path: &Path,
    known: &Transcript,
) -> Result<Transcript, TranscriptError> {
    let (source, _) = decode(bytes, path)?;
    let mut preamble = boilerplate::scan_preamble(&source);
    let mut warnings = Vec::new();
    let (_, built) = parse_body(
        &source,
        preamble.body_start,
        known.format,
        &mut preamble.header,
        &mut warnings,
        path,
    )?;
    Ok(assemble(
        known.meta.clone(),
        known.format,
        known.warnings.clone(),
        built,
        source,
    ))
}

/// Whether a file's name says it is a marked-up document (Markdown, HTML), which must show
/// the structure of a transcript to be read as one.
fn is_markup_document(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["md", "markdown", "html", "htm"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(e))
    })
}

/// A single untimed, unattributed segment this long is suspect: a format not recognised.
const LONG_UNSTRUCTURED: usize = 5_000;

/// How much of the start of an episode is searched for "this is episode N, recorded ...": the
/// first segments, or the first minute and a half where the file is timed (some hosts chat
/// before the intro), within a number of bytes.
const OPENING_SEGMENTS: usize = 12;
const OPENING_TIME_MS: u64 = 90_000;
const OPENING_BYTES: usize = 2000;
const OPENING_MAX_BYTES: usize = 6000;

/// The first few segments of speech, where hosts say the show, episode and date.
pub(super) fn opening_speech<'t>(text: &'t str, segments: &[Segment]) -> &'t str {
    let timed = segments
        .iter()
        .take_while(|s| s.start.is_some_and(|t| t.as_millis() < OPENING_TIME_MS))
        .count();
    let count = OPENING_SEGMENTS.max(timed).min(segments.len());
    let limit = if timed > OPENING_SEGMENTS {
        OPENING_MAX_BYTES
    } else {
        OPENING_BYTES
    };
    let end = segments
        .get(count - 1)
        .map_or(0, |s| s.text.end)
        .min(limit.max(segments[0].text.end));
    let mut end = end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Reads `source` as a file called `name` would be read and, if `expected` is given, checks
/// it was detected as that format: the one way the readers' unit tests parse their cases.
#[cfg(test)]
pub(crate) fn parse_as(source: &str, name: &str, expected: Option<Format>) -> Transcript {
    let t = parse_bytes(
        source.as_bytes(),
        std::path::Path::new(name),
        &ParseOptions::default(),
    )
    .unwrap();
    if let Some(expected) = expected {
        assert_eq!(t.format, expected, "{source}");
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str, name: &str) -> Transcript {
        parse_bytes(source.as_bytes(), Path::new(name), &ParseOptions::default()).unwrap()
    }

    /// Regressions found by review and fuzzing: each of these once panicked on a slice that
    /// ended inside a multi-byte character.
    #[test]
    fn inputs_that_used_to_panic_are_read() {
        let long_tag = format!("00:01 hello <{}\u{e9} rest\n", "a".repeat(254));
        let cases: &[(&str, &str)] = &[
            (
                "banner check",
                "00:00 Hello, it\u{2019}s Brian Okken here.\n00:05 And Michael.\n",
            ),
            (
                "banner check, all multibyte",
                "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\n",
            ),
            ("tag search", &long_tag),
            (
                "entity search",
                "WEBVTT\n\n00:01.000 --> 00:02.000\nhello &#123456789\u{e9} rest\n",
            ),
            (
                "lone surrogate",
                r#"{"segments": [{"body": "a \ud800 b \ud800\ue000"}]}"#,
            ),
        ];
        for (what, source) in cases {
            let name = if source.starts_with('{') {
                "x.json"
            } else {
                "x.txt"
            };
            let t = parse(source, name);
            assert!(!t.segments().is_empty(), "{what}");
        }
        let t = parse(
            r#"{"segments": [{"body": "a \ud800 b \ud800\ue000"}]}"#,
            "x.json",
        );
        assert_eq!(t.text(), "a \u{FFFD} b \u{FFFD}\u{e000}");
    }

    #[test]
    fn whitespace_only_file_is_empty() {
        let err =
            parse_bytes(b" \r\n\t\n", Path::new("e.txt"), &ParseOptions::default()).unwrap_err();
        assert!(matches!(err, TranscriptError::Empty { .. }), "{err}");
    }

    #[test]
    fn boilerplate_only_file_has_no_speech() {
        let err = parse_bytes(
            b"Back to show page\n",
            Path::new("b.txt"),
            &ParseOptions::default(),
        )
        .unwrap_err();
        assert!(matches!(err, TranscriptError::NoSpeech { .. }), "{err}");
    }

    /// A planned corpus reads each episode twice; the second read skips detection and metadata
    /// and must give exactly what the first gave, in every format the readers' fixtures hold.
    #[test]
    fn reparse_gives_what_the_first_parse_gave() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/readers");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| !p.ends_with("README.md"))
            .collect();
        files.sort();
        assert!(files.len() >= 10, "{files:?}");
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            let first = parse_bytes(&bytes, &path, &ParseOptions::default()).unwrap();
            let outline = first.clone().into_outline();
            let again = reparse_bytes(&bytes, &path, &outline).unwrap();
            assert_eq!(
                format!("{first:?}"),
                format!("{again:?}"),
                "{}",
                path.display()
            );
        }
    }
}
