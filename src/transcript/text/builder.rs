//! [`TextBuilder`]: what every format reader fills with the pieces of speech it finds, and
//! what turns them into the normalised text, its segments, speakers and times.
//!
//! Also where fragments (caption cues, words) are joined into utterances and where untimed
//! segments get estimated starts: rules every format shares, so no reader repeats them.

use std::ops::Range;

use super::fold::{Fold, all_printable_ascii, fold};
use super::offsets::OffsetMap;
use crate::transcript::{Segment, SpeakerId, Timestamp};

/// Builds the normalised text, its segments and the offset map from pieces of the source.
///
/// A format parser calls [`begin`](Self::begin) for each segment, then [`push`](Self::push) for
/// each piece of spoken text in it ([`push_escaped`](Self::push_escaped) for text with escapes such
/// as `&amp;`), then [`end`](Self::end). Segments are separated by `\n` in the text, so no
/// match can run from one segment into the next.
pub struct TextBuilder<'s> {
    source: &'s str,
    text: String,
    offsets: OffsetMap,
    segments: Vec<Segment>,
    speakers: Vec<String>,
    /// Index of `speakers`, so that files with many speakers stay linear.
    speaker_ids: std::collections::HashMap<String, SpeakerId>,
    open: Option<OpenSegment>,
    /// Times inside segments: where a joined fragment or an inline timestamp starts.
    times: Vec<(usize, Timestamp)>,
    /// A time read from the source that applies to the next text pushed.
    pending_time: Option<Timestamp>,
    /// The open segment continues with a joined fragment: punctuation that opens it ("," after
    /// a word-level segment) attaches to the word before instead of being spaced off.
    glue_next: bool,
    /// Where in the source the last piece copied ended: a glued piece anchors it, so that a
    /// range ending there maps to the end of that piece, not into the next one.
    last_source_end: usize,
}

struct OpenSegment {
    start: Option<Timestamp>,
    end: Option<Timestamp>,
    speaker: Option<SpeakerId>,
    text_start: usize,
}

/// What [`TextBuilder::finish`] hands back.
pub struct Built {
    pub text: String,
    pub offsets: OffsetMap,
    pub segments: Vec<Segment>,
    pub speakers: Vec<String>,
    /// `(text offset, time)` inside segments, sorted by offset: see [`TextBuilder::begin_fragment`].
    pub times: Vec<(usize, Timestamp)>,
}

/// How long an utterance joined from fragments may grow before a fragment starts a new one,
/// in bytes of text: long enough for a sentence or two, short enough to keep snippets and
/// segment windows meaningful when a caption file never ends a sentence.
const MAX_UTTERANCE: usize = 1500;

/// The longest pause inside one utterance, in milliseconds: a longer silence ends it.
const MAX_PAUSE_MS: u64 = 5_000;

/// A brisk speaking rate, in bytes of text per second (about 180 words a minute), for telling
/// speech from silence where fragments have no end times.
const BYTES_PER_SECOND: u64 = 18;

/// Whether `text` ends a sentence (so a following fragment starts a new utterance).
fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['"', '\'', ')', ']', ' ']);
    trimmed.ends_with(['.', '?', '!', ';'])
}

impl<'s> TextBuilder<'s> {
    /// A builder over `source`; every range given to it is a byte range of `source`.
    pub fn new(source: &'s str) -> Self {
        TextBuilder {
            source,
            text: String::with_capacity(source.len()),
            offsets: OffsetMap::default(),
            segments: Vec::new(),
            speakers: Vec::new(),
            speaker_ids: std::collections::HashMap::new(),
            open: None,
            times: Vec::new(),
            pending_time: None,
            glue_next: false,
            last_source_end: 0,
        }
    }

    /// The source text this builder copies from.
    pub fn source(&self) -> &'s str {
        self.source
    }

    /// Whether a segment is open.
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// The speaker of the open segment, if any.
    pub fn open_speaker(&self) -> Option<&str> {
        let id = self.open.as_ref()?.speaker?;
        Some(&self.speakers[id.0 as usize])
    }

    /// The start time of the open segment, if any.
    pub fn open_start(&self) -> Option<Timestamp> {
        self.open.as_ref()?.start
    }

    /// The end time of the open segment, if any.
    pub fn open_end(&self) -> Option<Timestamp> {
        self.open.as_ref()?.end
    }

    /// Starts a segment, closing the open one.
    pub fn begin(
        &mut self,
        start: Option<Timestamp>,
        end: Option<Timestamp>,
        speaker: Option<&str>,
    ) {
        self.end();
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let speaker = speaker.map(|name| self.intern(name));
        self.open = Some(OpenSegment {
            start,
            end,
            speaker,
            text_start: self.text.len(),
        });
    }

    /// Starts a *fragment*: a caption cue or a word that may be part of a longer utterance.
    ///
    /// Caption files cut sentences into cues, and word-level transcripts give every word its
    /// own segment, so a name said across two of them ("Guido van" / "Rossum") would never
    /// match. A fragment therefore continues the segment before it — joined by a space, not a
    /// segment break — when the same speaker is still talking, the text so far does not end a
    /// sentence, the pause is short and the utterance is not yet long. Its start time is kept
    /// at the offset where its text begins (see [`Built::times`]), so every mention keeps the
    /// time of its own first word.
    pub fn begin_fragment(
        &mut self,
        start: Option<Timestamp>,
        end: Option<Timestamp>,
        speaker: Option<&str>,
    ) {
        self.end();
        let speaker_id = speaker.map(|name| self.intern(name));
        let joins = self.segments.last().is_some_and(|last| {
            last.speaker == speaker_id
                && last.text.end == self.text.len()
                && last.text.len() < MAX_UTTERANCE
                && !ends_sentence(&self.text[last.text.clone()])
                && self.pause_before(last, start) <= MAX_PAUSE_MS
        });
        if !joins {
            self.begin(start, end, speaker);
            return;
        }
        let last = self.segments.pop().expect("checked above");
        self.open = Some(OpenSegment {
            start: last.start,
            end: end.or(last.end),
            speaker: last.speaker,
            text_start: last.text.start,
        });
        self.glue_next = true;
        self.pending_time = start;
    }

    /// The silence between the end of segment `last` (the last segment) and `now`, in
    /// milliseconds; 0 where a time is unknown. Where fragments carry only start times, the
    /// last fragment's own speech is taken off the gap between the two starts, at a brisk
    /// speaking rate ([`BYTES_PER_SECOND`]), so that a long line is no pause.
    fn pause_before(&self, last: &Segment, now: Option<Timestamp>) -> u64 {
        let Some(now) = now else { return 0 };
        if let Some(end) = last.end {
            return now.as_millis().saturating_sub(end.as_millis());
        }
        // The last fragment: its inline time, or the segment's start.
        let fragment = self
            .times
            .last()
            .filter(|&&(at, _)| at >= last.text.start)
            .map_or((last.text.start, last.start), |&(at, t)| (at, Some(t)));
        let Some(started) = fragment.1 else { return 0 };
        let speaking = (last.text.end - fragment.0) as u64 * 1000 / BYTES_PER_SECOND;
        now.as_millis()
            .saturating_sub(started.as_millis())
            .saturating_sub(speaking)
    }

    /// Notes that the text pushed next is said at `time` (an inline timestamp in a paragraph).
    pub fn mark_time(&mut self, time: Timestamp) {
        match &mut self.open {
            // Before any text, the mark is when the segment starts (over a start it inherited).
            Some(open) if self.text.len() == open.text_start => open.start = Some(time),
            _ => self.pending_time = Some(time),
        }
    }

    /// Records the pending time at the current end of the text, where the next piece starts.
    fn anchor_pending_time(&mut self) {
        if let Some(time) = self.pending_time.take() {
            let open = self.open.as_ref().expect("text pushed outside a segment");
            if self.text.len() == open.text_start {
                if let Some(open) = &mut self.open {
                    open.start = Some(time);
                }
            } else {
                self.times.push((self.text.len(), time));
            }
        }
    }

    fn intern(&mut self, name: &str) -> SpeakerId {
        if let Some(&id) = self.speaker_ids.get(name) {
            return id;
        }
        let id = SpeakerId(u32::try_from(self.speakers.len()).expect("fewer than 2^32 speakers"));
        self.speakers.push(name.to_owned());
        self.speaker_ids.insert(name.to_owned(), id);
        id
    }

    /// Separates a new piece (`source[piece]`) from what the open segment already holds.
    fn separate(&mut self, piece: &Range<usize>) {
        let open = self.open.as_ref().expect("text pushed outside a segment");
        let glued = std::mem::take(&mut self.glue_next)
            && self.source[piece.clone()].starts_with([',', '.', ';', ':', '!', '?']);
        if self.text.len() > open.text_start && !self.text.ends_with(' ') {
            if glued {
                self.offsets.anchor(self.text.len(), self.last_source_end);
            } else {
                self.text.push(' ');
            }
        }
    }

    /// `range` without its leading and trailing white space.
    fn trimmed(&self, range: Range<usize>) -> Range<usize> {
        let piece = &self.source[range.clone()];
        let start = range.start + (piece.len() - piece.trim_start().len());
        let end = range.end - (piece.len() - piece.trim_end().len());
        start..end.max(start)
    }

    /// Copies `source[range]` to the text, folding characters, with no separator.
    fn append(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let piece = &self.source[range.clone()];
        self.offsets.anchor(self.text.len(), range.start);
        let bytes = piece.as_bytes();
        let mut run_start = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Printable ASCII is kept as it is: nearly all of a transcript, decided eight bytes
            // at a time without decoding characters.
            if let Some(chunk) = bytes.get(i..i + 8)
                && all_printable_ascii(u64::from_le_bytes(chunk.try_into().expect("8 bytes")))
            {
                i += 8;
                continue;
            }
            if (0x20..0x7F).contains(&bytes[i]) {
                i += 1;
                continue;
            }
            let c = piece[i..].chars().next().expect("a character starts here");
            let len = c.len_utf8();
            if let Fold::Replace(with) = fold(c) {
                self.text.push_str(&piece[run_start..i]);
                self.text.push_str(with);
                run_start = i + len;
                if with.len() != len {
                    self.offsets
                        .anchor(self.text.len(), range.start + run_start);
                }
            }
            i += len;
        }
        self.text.push_str(&piece[run_start..]);
        self.last_source_end = range.end;
    }

    /// Appends `source[range]`, normalised, to the open segment, separated from what it already
    /// holds by one space.
    pub fn push(&mut self, range: Range<usize>) {
        let range = self.trimmed(range);
        if range.is_empty() {
            return;
        }
        self.separate(&range);
        self.anchor_pending_time();
        self.append(range);
    }

    /// Like [`push`](Self::push), for text with escapes (`&amp;` in WebVTT, `\u00e9` in JSON)
    /// or markup to drop (`<i>`).
    ///
    /// `unescape` is called at each byte of `introducers` with the rest of the piece, and returns
    /// the escape's length in bytes and the character it stands for (`None`: nothing, as for a
    /// tag), or `None` for a literal byte. Text on both sides of a dropped tag stays joined:
    /// `<i>pytest</i>-asyncio` is "pytest-asyncio".
    pub fn push_escaped(
        &mut self,
        range: Range<usize>,
        introducers: &[u8],
        unescape: impl Fn(&str) -> Option<(usize, Option<char>)>,
    ) {
        let range = self.trimmed(range);
        if range.is_empty() {
            return;
        }
        self.separate(&range);
        self.anchor_pending_time();
        let mut at = range.start;
        let mut search = range.start;
        let source = self.source;
        // More than three introducers (Markdown has six): a byte table, one lookup per byte.
        let mut table = [false; 256];
        for &b in introducers {
            table[usize::from(b)] = true;
        }
        let next = |from: usize| {
            let haystack = &source.as_bytes()[from..range.end];
            match *introducers {
                [] => None,
                [a] => memchr::memchr(a, haystack),
                [a, b] => memchr::memchr2(a, b, haystack),
                [a, b, c] => memchr::memchr3(a, b, c, haystack),
                _ => haystack.iter().position(|&b| table[usize::from(b)]),
            }
        };
        while let Some(found) = next(search) {
            let escape_start = search + found;
            match unescape(&self.source[escape_start..range.end]) {
                Some((len, c)) => {
                    self.append(at..escape_start);
                    self.offsets.anchor(self.text.len(), escape_start);
                    match c.map(|c| (c, fold(c))) {
                        Some((c, Fold::Keep)) => self.text.push(c),
                        Some((_, Fold::Replace(with))) => self.text.push_str(with),
                        None => {}
                    }
                    at = escape_start + len;
                    self.offsets.anchor(self.text.len(), at);
                    search = at;
                }
                None => search = escape_start + 1,
            }
        }
        self.append(at..range.end);
        self.last_source_end = range.end;
    }

    /// Closes the open segment; a segment with no text is dropped.
    pub fn end(&mut self) {
        let Some(open) = self.open.take() else { return };
        while self.text.len() > open.text_start && self.text.ends_with(' ') {
            self.text.pop();
        }
        // A time noted where no text followed belongs to nothing.
        while self
            .times
            .last()
            .is_some_and(|&(at, _)| at >= self.text.len())
        {
            self.times.pop();
        }
        self.pending_time = None;
        self.glue_next = false;
        if self.text.len() == open.text_start {
            // Nothing was said: take back the separator this segment added.
            if self.text.ends_with('\n') {
                self.text.pop();
            }
            return;
        }
        self.segments.push(Segment {
            start: open.start,
            end: open.end,
            speaker: open.speaker,
            text: open.text_start..self.text.len(),
        });
    }

    /// Closes the open segment and returns the result.
    pub fn finish(mut self) -> Built {
        self.end();
        Built {
            text: self.text,
            offsets: self.offsets,
            segments: self.segments,
            speakers: self.speakers,
            times: self.times,
        }
    }

    /// Gives segments without a start time one estimated from the timed text around them, in
    /// proportion to the text between (speech runs at a steady rate of bytes per second).
    ///
    /// For formats that timestamp only every few paragraphs (Markdown transcripts mark every
    /// few minutes): without it every paragraph between two marks would share a co-mention
    /// window, or have none. Before the first mark the episode is taken to start at 0:00; after
    /// the last, the average rate of the whole file carries on.
    pub fn estimate_missing_starts(&mut self) {
        self.end();
        let known: Vec<(usize, u64)> = self
            .segments
            .iter()
            .filter_map(|s| s.start.map(|t| (s.text.start, t.as_millis())))
            .chain(self.times.iter().map(|&(at, t)| (at, t.as_millis())))
            .collect::<std::collections::BTreeMap<_, _>>()
            .into_iter()
            .collect();
        let Some(&(last_at, last_ms)) = known.last() else {
            return;
        };
        if last_at == 0 {
            return;
        }
        let rate = last_ms as f64 / last_at as f64;
        let mut next = 0;
        let mut before = (0usize, 0u64);
        for segment in &mut self.segments {
            let at = segment.text.start;
            while next < known.len() && known[next].0 <= at {
                before = known[next];
                next += 1;
            }
            if segment.start.is_some() {
                continue;
            }
            let ms = match known.get(next) {
                Some(&(after_at, after_ms)) if after_ms >= before.1 => {
                    let share = (at - before.0) as f64 / (after_at - before.0).max(1) as f64;
                    before.1 as f64 + share * (after_ms - before.1) as f64
                }
                _ => before.1 as f64 + (at - before.0) as f64 * rate,
            };
            segment.start = Some(Timestamp::from_millis(ms.round() as u64));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build_whole(source: &str) -> Built {
        build(source, std::slice::from_ref(&(0..source.len())))
    }

    fn build(source: &str, pieces: &[Range<usize>]) -> Built {
        let mut b = TextBuilder::new(source);
        b.begin(None, None, None);
        for p in pieces {
            b.push(p.clone());
        }
        b.finish()
    }

    #[test]
    fn typographic_characters_are_normalised() {
        let cases = [
            ("It\u{2019}s", "It's"),
            ("\u{201C}quoted\u{201D}", "\"quoted\""),
            ("a\u{2014}b", "a-b"),
            ("wait\u{2026}", "wait..."),
            ("non\u{00A0}breaking", "non breaking"),
            ("zero\u{200B}width", "zerowidth"),
            ("\u{FF30}\u{FF59}", "Py"),
            ("line\r\nbreak", "line  break"),
        ];
        for (source, expected) in cases {
            let built = build_whole(source);
            assert_eq!(built.text, expected, "normalising {source:?}");
        }
    }

    #[test]
    fn offsets_map_back_to_the_source() {
        let source = "He said \u{201C}asyncio\u{201D} \u{2014} and pytest\u{2019}s fixtures";
        let built = build_whole(source);
        for word in ["asyncio", "pytest", "fixtures"] {
            let at = built.text.find(word).unwrap();
            let start = built.offsets.to_source(at);
            let end = built.offsets.to_source(at + word.len());
            assert_eq!(&source[start..end], word);
        }
    }

    #[test]
    fn pieces_are_joined_with_one_space_and_keep_their_offsets() {
        let source = "00:01 Hello\ncontinued here";
        let built = build(source, &[6..11, 12..26]);
        assert_eq!(built.text, "Hello continued here");
        let at = built.text.find("continued").unwrap();
        assert_eq!(built.offsets.to_source(at), 12);
    }

    #[test]
    fn segments_are_separated_by_newlines_and_empty_ones_dropped() {
        let source = "one   two";
        let mut b = TextBuilder::new(source);
        b.begin(None, None, Some("A"));
        b.push(0..3);
        b.begin(None, None, Some("B"));
        b.push(3..6);
        b.begin(None, None, Some("A"));
        b.push(6..9);
        let built = b.finish();
        assert_eq!(built.text, "one\ntwo");
        assert_eq!(built.segments.len(), 2);
        assert_eq!(built.speakers, ["A", "B"]);
        assert_eq!(built.segments[1].speaker, Some(SpeakerId(0)));
    }

    #[test]
    fn escapes_are_decoded_in_place_and_keep_offsets() {
        let source = "R&amp;D &lt;team&gt; &bogus; end";
        let mut b = TextBuilder::new(source);
        b.begin(None, None, None);
        b.push_escaped(0..source.len(), b"&", |rest| {
            let (name, c) = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>')]
                .into_iter()
                .find(|(name, _)| rest.starts_with(name))?;
            Some((name.len(), Some(c)))
        });
        let built = b.finish();
        assert_eq!(built.text, "R&D <team> &bogus; end");
        let at = built.text.find("team").unwrap();
        assert_eq!(
            &source[built.offsets.to_source(at)..built.offsets.to_source(at + 4)],
            "team"
        );
        let at = built.text.find("end").unwrap();
        assert_eq!(built.offsets.to_source(at), source.find("end").unwrap());
    }
}
