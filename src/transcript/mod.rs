//! Transcripts: reading one file into a [`Transcript`] of timed, attributed segments.
//!
//! The first stage of the pipeline. Real transcripts come in many shapes — speaker-labelled prose
//! copied from a web page, `MM:SS text` lines, WebVTT with `<v Speaker>` voice tags, SubRip,
//! Podcasting 2.0 JSON — wrapped in website boilerplate and written by speech-to-text. This module
//! turns each into the same thing: episode metadata plus ordered [`Segment`]s, each with an
//! optional start time, an optional speaker and its spoken text.
//!
//! Two texts are kept. [`Transcript::source`] is the file as decoded; [`Transcript::text`] holds
//! only what was *said* (no timestamps, speaker labels, voice tags or boilerplate), normalised for
//! matching (see [`text`]). Later stages scan `text` once and report spans in `source` through
//! [`Transcript::source_span`], so a speaker label such as `KENNEDY:` or `<v Brian Okken>` can
//! never be mistaken for a mention, while every snippet still quotes the original file.
//!
//! Parsing a file is `O(n)` in its size; no format parser backtracks over the input.

mod boilerplate;
mod detect;
pub mod diarised;
mod html;
mod json;
pub(crate) mod lines;
mod markdown;
mod meta;
mod prose;
mod srt;
pub mod text;
mod timed;
mod webvtt;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use detect::detect_format;
pub use meta::{
    DayOfYear, EpisodeMeta, MetaField, MetaSource, Sourced, from_file_name, spoken_shows,
};

/// The transcript formats podgraph reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Paragraphs opened by speaker labels (`Michael KENNEDY: ...`, later `KENNEDY: ...`).
    SpeakerProse,
    /// Lines that start with `MM:SS` or `HH:MM:SS`, optionally with `<v Speaker>` voice tags.
    Timestamped,
    /// WebVTT captions (`WEBVTT`, cue timings, voice tags).
    Webvtt,
    /// SubRip captions (numbered cues, `00:00:01,000 --> ...`).
    Srt,
    /// Podcasting 2.0 JSON (`{"version": ..., "segments": [...]}`).
    PodcastJson,
    /// Whisper or WhisperX JSON (`{"text", "segments": [{"start", "end", "text"}], "language"}`).
    WhisperJson,
    /// A JSON array of segments (`[{"start", "end", "text"}]`), times in seconds or milliseconds.
    JsonSegments,
    /// Markdown speaker transcripts (`**Name:** text`, `\[04:35\]` inline, front matter).
    Markdown,
    /// Diarised lines as transcription tools write them (`[Bryan] [00:04] text`,
    /// `Speaker 1 (00:03): text`, `[2088.88 → 2095.64] text`).
    Diarised,
    /// The HTML transcript of the Podcasting 2.0 spec (`<cite>`, `<time>`, `<p>`).
    Html,
    /// Prose with no structure: each paragraph is a segment.
    Plain,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 11] = [
        Format::SpeakerProse,
        Format::Timestamped,
        Format::Webvtt,
        Format::Srt,
        Format::PodcastJson,
        Format::WhisperJson,
        Format::JsonSegments,
        Format::Markdown,
        Format::Diarised,
        Format::Html,
        Format::Plain,
    ];

    /// The name used on the command line and in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Format::SpeakerProse => "speaker-prose",
            Format::Timestamped => "timestamped",
            Format::Webvtt => "webvtt",
            Format::Srt => "srt",
            Format::PodcastJson => "podcast-json",
            Format::WhisperJson => "whisper-json",
            Format::JsonSegments => "json-segments",
            Format::Markdown => "markdown",
            Format::Diarised => "diarised",
            Format::Html => "html",
            Format::Plain => "plain",
        }
    }

    /// Whether this format can carry a speaker for each segment.
    pub fn has_speakers(self) -> bool {
        !matches!(self, Format::Plain)
    }

    /// Whether this is one of the JSON formats (read by one reader, told apart by their keys).
    pub fn is_json(self) -> bool {
        matches!(
            self,
            Format::PodcastJson | Format::WhisperJson | Format::JsonSegments
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown format '{s}' (expected one of: {})",
                    names.join(", ")
                )
            })
    }
}

/// A time offset from the start of an episode, with millisecond precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Timestamp(u64);

impl Timestamp {
    /// A timestamp `millis` milliseconds into the episode.
    pub const fn from_millis(millis: u64) -> Self {
        Timestamp(millis)
    }

    /// Milliseconds since the start of the episode.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// Whole seconds since the start of the episode.
    pub const fn as_secs(self) -> u64 {
        self.0 / 1000
    }
}

/// `MM:SS` under an hour, `H:MM:SS` from an hour on, as transcripts write them.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.as_secs();
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        if h > 0 {
            write!(f, "{h}:{m:02}:{s:02}")
        } else {
            write!(f, "{m:02}:{s:02}")
        }
    }
}

/// What a [`Warning`] is about: warnings of one kind are summarised together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningKind {
    /// Bytes that were not valid UTF-8 were replaced, or the file was UTF-16.
    Encoding,
    /// Caption cues whose timing could not be read.
    Timing,
    /// A long file read as one segment with neither a time nor a speaker.
    NoStructure,
    /// Two sources of metadata disagree (header and speech, file name and speech).
    Conflict,
    /// A field taken from another copy of the same episode.
    Filled,
    /// The show settled by the other files of the folder (crossovers, misheard intros).
    Show,
    /// A recording date out of order with the show's other episodes.
    DateOrder,
    /// A recording date said without its year, the year taken from the episodes around it.
    DateYear,
}

impl WarningKind {
    /// How a summary line describes warnings of this kind.
    pub fn describe(self) -> &'static str {
        match self {
            WarningKind::Encoding => "were not clean UTF-8 (decoded anyway)",
            WarningKind::Timing => {
                "have caption cues with unreadable timings (text kept without times)"
            }
            WarningKind::NoStructure => {
                "were read as one long segment with no time or speaker (is the format right?)"
            }
            WarningKind::Conflict => {
                "have metadata sources that disagree (the stronger source is used)"
            }
            WarningKind::Filled => "took a title or date from another copy of the episode",
            WarningKind::Show => {
                "name another show than their folder's (crossovers; the folder's show is used)"
            }
            WarningKind::DateOrder => {
                "have a recording date out of order with the show's other episodes"
            }
            WarningKind::DateYear => {
                "said their recording date without a year (taken from the episodes around them)"
            }
        }
    }
}

/// Something worth telling the user about a file: a message, and its kind for summaries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What the warning is about.
    pub kind: WarningKind,
    /// One line, without the file name (the caller adds it).
    pub message: String,
}

impl Warning {
    /// A warning of `kind`.
    pub fn new(kind: WarningKind, message: impl Into<String>) -> Warning {
        Warning {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Warnings are written as their message (`episodes.json` lists them as strings).
impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.message)
    }
}

/// Index of a speaker in [`Transcript::speakers`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct SpeakerId(pub u32);

/// One stretch of speech: a caption cue, a timestamped line, or a paragraph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// When the segment starts, where the file says.
    pub start: Option<Timestamp>,
    /// When the segment ends, where the file says (caption formats only).
    pub end: Option<Timestamp>,
    /// Who speaks, where the file says.
    pub speaker: Option<SpeakerId>,
    /// The segment's spoken text, as a byte range of [`Transcript::text`].
    pub text: Range<usize>,
}

/// A parsed transcript: episode metadata and the segments of speech.
#[derive(Clone, Debug)]
pub struct Transcript {
    /// Show, episode number, title, date and where each was read from.
    pub meta: EpisodeMeta,
    /// The format the file was read as.
    pub format: Format,
    /// Things worth telling the user about this file (lossy decoding, broken cues, conflicts).
    pub warnings: Vec<Warning>,
    source: String,
    text: String,
    offsets: text::OffsetMap,
    segments: Vec<Segment>,
    speakers: Vec<String>,
    times: Vec<(usize, Timestamp)>,
    /// Set once the text is let go ([`Transcript::into_outline`]).
    outline: Option<Outline>,
}

/// What an outline keeps of the text it let go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Outline {
    segments: usize,
    duration: Option<Timestamp>,
    text_len: usize,
}

impl Transcript {
    /// The transcript without its text, segments and times: metadata, format, warnings and
    /// speakers, and the counts its episode record needs. A build plans its corpus from
    /// outlines (which copies to keep, in what order) and reads each kept file again when it
    /// is its turn, so memory never holds the archive.
    pub fn into_outline(self) -> Transcript {
        let outline = Outline {
            segments: self.segment_count(),
            duration: self.duration(),
            text_len: self.text_len(),
        };
        Transcript {
            meta: self.meta,
            format: self.format,
            warnings: self.warnings,
            source: String::new(),
            text: String::new(),
            offsets: text::OffsetMap::default(),
            segments: Vec::new(),
            speakers: self.speakers,
            times: Vec::new(),
            outline: Some(outline),
        }
    }

    /// Whether this is an outline, its text let go.
    pub fn is_outline(&self) -> bool {
        self.outline.is_some()
    }

    /// How many segments it has (or had, for an outline).
    pub fn segment_count(&self) -> usize {
        self.outline.map_or(self.segments.len(), |o| o.segments)
    }

    /// The length of its text in bytes (or of the text an outline let go).
    pub fn text_len(&self) -> usize {
        self.outline.map_or(self.text.len(), |o| o.text_len)
    }

    /// The file's text as decoded (byte spans of mentions refer to this).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The spoken text, normalised for matching; segments are separated by `\n`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The segments, in file order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The speakers named in the file, in order of first appearance.
    pub fn speakers(&self) -> &[String] {
        &self.speakers
    }

    /// The normalised text of a segment.
    pub fn segment_text(&self, segment: &Segment) -> &str {
        &self.text[segment.text.clone()]
    }

    /// The name of a segment's speaker.
    pub fn speaker_name(&self, segment: &Segment) -> Option<&str> {
        segment
            .speaker
            .map(|id| self.speakers[id.0 as usize].as_str())
    }

    /// The source byte range for a range of [`text`](Self::text).
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        // A normalised offset inside a replacement ("..." for "…") maps into the middle of the
        // replaced character: widen to whole characters so the span can be sliced.
        let mut start = self.offsets.to_source(range.start).min(self.source.len());
        while !self.source.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = self
            .offsets
            .end_to_source(range.end)
            .clamp(start, self.source.len());
        while !self.source.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }

    /// The index of the segment holding `text` offset `offset`, in `O(log n)`.
    pub fn segment_at(&self, offset: usize) -> Option<usize> {
        let i = self.segments.partition_point(|s| s.text.end < offset);
        self.segments
            .get(i)
            .filter(|s| s.text.start <= offset)
            .map(|_| i)
    }

    /// The hosts' opening words, where show, episode and date are usually said.
    pub fn opening(&self) -> &str {
        opening_speech(&self.text, &self.segments)
    }

    /// The words around `range` of [`text`](Self::text) within its segment, at most about `width`
    /// bytes either side and cut at spaces: `(before, matched, after)`.
    pub fn context(&self, range: Range<usize>, width: usize) -> (&str, &str, &str) {
        let segment = self
            .segment_at(range.start)
            .map_or(0..self.text.len(), |i| self.segments[i].text.clone());
        let text = &self.text;
        let mut lo = range.start.saturating_sub(width).max(segment.start);
        while !text.is_char_boundary(lo) {
            lo += 1;
        }
        if lo > segment.start {
            // Start at a word: skip the partial word the cut landed in.
            lo = text[lo..range.start]
                .find(' ')
                .map_or(range.start, |i| lo + i + 1);
        }
        let mut hi = (range.end + width).min(segment.end);
        while !text.is_char_boundary(hi) {
            hi -= 1;
        }
        if hi < segment.end {
            hi = text[range.end..hi]
                .rfind(' ')
                .map_or(range.end, |i| range.end + i);
        }
        (
            &text[lo..range.start],
            &text[range.clone()],
            &text[range.end..hi],
        )
    }

    /// When the text at `offset` of [`text`](Self::text) is said: the time of the fragment or
    /// inline timestamp it follows within its segment, else the segment's start; `O(log n)`.
    ///
    /// Segments joined from caption cues or words keep each piece's time, so a mention gets the
    /// time of its own first word rather than that of the utterance.
    pub fn time_at(&self, offset: usize) -> Option<Timestamp> {
        let segment = &self.segments[self.segment_at(offset)?];
        let i = self.times.partition_point(|&(at, _)| at <= offset);
        match i.checked_sub(1).map(|i| self.times[i]) {
            Some((at, time)) if at >= segment.text.start => Some(time),
            _ => segment.start,
        }
    }

    /// The latest start time of any segment: a lower bound on the episode's length.
    pub fn duration(&self) -> Option<Timestamp> {
        if let Some(outline) = self.outline {
            return outline.duration;
        }
        let segments = self.segments.iter().filter_map(|s| s.end.or(s.start));
        segments.chain(self.times.iter().map(|&(_, t)| t)).max()
    }
}

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

/// Why a file could not be read as a transcript.
#[derive(Debug, thiserror::Error)]
pub enum TranscriptError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is empty, or holds only white space.
    #[error("{}: empty file, nothing to read", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file holds binary data (a NUL byte), not text.
    #[error("{}: binary file, not a transcript", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// The file is JSON but not a transcript (Podcasting 2.0, Whisper or a segment array).
    #[error("{}:{line}:{column}: not a JSON transcript: {message}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file is a document of another kind (a README, a web page), not a transcript.
    #[error("{}: not a transcript: {reason}", path.display())]
    NotTranscript {
        /// The file.
        path: PathBuf,
        /// What it looks like instead.
        reason: &'static str,
    },
    /// Nothing in the file is speech once labels, timestamps and boilerplate are set aside.
    #[error("{}: no spoken text found (read as {format})", path.display())]
    NoSpeech {
        /// The file.
        path: PathBuf,
        /// The format the file was read as.
        format: Format,
    },
}

impl TranscriptError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            TranscriptError::Io { path, .. }
            | TranscriptError::Empty { path }
            | TranscriptError::Binary { path }
            | TranscriptError::Json { path, .. }
            | TranscriptError::NotTranscript { path, .. }
            | TranscriptError::NoSpeech { path, .. } => path,
        }
    }
}

/// Reads and parses one transcript file.
pub fn read_transcript(path: &Path, options: &ParseOptions) -> Result<Transcript, TranscriptError> {
    let bytes = std::fs::read(path).map_err(|source| TranscriptError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse_bytes(&bytes, path, options)
}

/// Parses a transcript from a file's bytes; `path` names it in metadata and errors.
pub fn parse_bytes(
    bytes: &[u8],
    path: &Path,
    options: &ParseOptions,
) -> Result<Transcript, TranscriptError> {
    let (source, decoding) = text::decode(bytes).ok_or_else(|| TranscriptError::Binary {
        path: path.to_owned(),
    })?;
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
    let mut format = options.format.unwrap_or_else(|| {
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
    let mut builder = text::TextBuilder::new(&source);
    match format {
        Format::SpeakerProse => prose::parse_labelled(&mut builder, body),
        Format::Plain => prose::parse_plain(&mut builder, body),
        Format::Timestamped => timed::parse(&mut builder, body),
        Format::Webvtt => webvtt::parse(&mut builder, body, &mut warnings),
        Format::Srt => srt::parse(&mut builder, body, &mut warnings),
        Format::Markdown => markdown::parse(&mut builder, body, &mut preamble.header),
        Format::Diarised => diarised::parse(&mut builder, body, None),
        Format::Html => html::parse(&mut builder, body, &mut preamble.header).map_err(|_| {
            not_transcript(
                "an HTML page without the <cite>/<time> markup of Podcasting 2.0 transcripts",
            )
        })?,
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
    Ok(Transcript {
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
    })
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
fn opening_speech<'t>(text: &'t str, segments: &[Segment]) -> &'t str {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str, name: &str) -> Transcript {
        parse_bytes(source.as_bytes(), Path::new(name), &ParseOptions::default()).unwrap()
    }

    #[test]
    fn context_is_cut_at_words_within_the_segment() {
        let t = parse(
            "00:01 first segment\n00:05 we use the pytest framework for all our tests\n",
            "x.txt",
        );
        let at = t.text().find("pytest").unwrap();
        assert_eq!(
            t.context(at..at + 6, 12),
            ("we use the ", "pytest", " framework")
        );
        assert_eq!(t.context(at..at + 6, 9), ("use the ", "pytest", ""));
        assert_eq!(
            t.context(at..at + 6, 100),
            ("we use the ", "pytest", " framework for all our tests")
        );
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
    fn timestamps_display_like_transcripts_write_them() {
        assert_eq!(Timestamp::from_millis(65_000).to_string(), "01:05");
        assert_eq!(Timestamp::from_millis(3_725_000).to_string(), "1:02:05");
    }

    #[test]
    fn segment_at_finds_the_segment_of_an_offset() {
        let t = parse("00:01 first line\n00:05 second line\n", "x.txt");
        assert_eq!(t.text(), "first line\nsecond line");
        assert_eq!(t.segment_at(0), Some(0));
        assert_eq!(t.segment_at(t.text().find("second").unwrap()), Some(1));
        assert_eq!(t.segment_at(t.text().len()), Some(1));
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

    #[test]
    fn source_spans_inside_a_replaced_character_widen_to_the_character() {
        // Regression: "…NET" normalises to "...NET"; a span starting at "NET" used to end up
        // inside the three bytes of "…".
        let t = parse("00:01 Hi.\n00:02 We like \u{2026}NET a lot\n", "x.txt");
        let at = t.text().find("...NET").unwrap() + 1;
        let span = t.source_span(at..at + 5);
        assert_eq!(&t.source()[span], "\u{2026}NET");
    }

    #[test]
    fn source_span_quotes_the_original_file() {
        let source = "\u{FEFF}00:00:01 We\u{2019}re talking about \u{201C}asyncio\u{201D}.\r\n";
        let t = parse(source, "x.txt");
        let at = t.text().find("asyncio").unwrap();
        let span = t.source_span(at..at + "asyncio".len());
        assert_eq!(&t.source()[span], "asyncio");
    }
}
