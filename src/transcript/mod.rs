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
//!
//! This file holds the types every later stage sees. Reading a file is in `read` (decode it,
//! choose its format with `detect`, hand it to that format's reader — one module per format —
//! and infer the episode with `meta`); `text` builds the normalised text all readers share;
//! `warning` and `error` say what went wrong; `outline` lets a transcript's text go.

mod boilerplate;
mod detect;
pub mod diarised;
mod error;
mod html;
mod json;
pub(crate) mod lines;
mod markdown;
mod meta;
mod outline;
mod prose;
mod read;
mod srt;
pub mod text;
mod timed;
mod warning;
mod webvtt;

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::named::named_enum;

pub use detect::detect_format;
pub use error::TranscriptError;
pub use meta::{
    DayOfYear, EpisodeMeta, MetaField, MetaSource, Sourced, from_file_name, spoken_shows,
};
pub use outline::{OutlineRecord, Structure};
pub use read::{ParseOptions, parse_bytes, read_bytes, read_transcript, reparse_bytes};
pub use warning::{Warning, WarningKind};

named_enum! {
    /// The transcript formats podgraph reads.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Format: "format" {
        /// Paragraphs opened by speaker labels (`Michael KENNEDY: ...`, later `KENNEDY: ...`).
        SpeakerProse = "speaker-prose",
        /// Lines that start with `MM:SS` or `HH:MM:SS`, optionally with `<v Speaker>` voice tags.
        Timestamped = "timestamped",
        /// WebVTT captions (`WEBVTT`, cue timings, voice tags).
        Webvtt = "webvtt",
        /// SubRip captions (numbered cues, `00:00:01,000 --> ...`).
        Srt = "srt",
        /// Podcasting 2.0 JSON (`{"version": ..., "segments": [...]}`).
        PodcastJson = "podcast-json",
        /// Whisper or WhisperX JSON (`{"text", "segments": [{"start", "end", "text"}], "language"}`).
        WhisperJson = "whisper-json",
        /// A JSON array of segments (`[{"start", "end", "text"}]`), times in seconds or milliseconds.
        JsonSegments = "json-segments",
        /// Markdown speaker transcripts (`**Name:** text`, `\[04:35\]` inline, front matter).
        Markdown = "markdown",
        /// Diarised lines as transcription tools write them (`[Bryan] [00:04] text`,
        /// `Speaker 1 (00:03): text`, `[2088.88 → 2095.64] text`).
        Diarised = "diarised",
        /// The HTML transcript of the Podcasting 2.0 spec (`<cite>`, `<time>`, `<p>`).
        Html = "html",
        /// Prose with no structure: each paragraph is a segment.
        Plain = "plain",
    }
}

impl Format {
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

/// A time offset from the start of an episode, with millisecond precision.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
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
    outline: Option<outline::Outline>,
}

impl Transcript {
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
        read::opening_speech(&self.text, &self.segments)
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

#[cfg(test)]
mod tests {
    use std::path::Path;

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
