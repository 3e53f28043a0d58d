//! Podcast RSS feeds saved locally, and which feed item a transcript file belongs to.
//!
//! A show's feed is the one place that lists every episode with its number, title, date and, for
//! shows that publish them, the addresses of its transcripts (`<podcast:transcript>`). Transcript
//! files alone often say none of that reliably (see [`crate::transcript`]'s metadata), so a feed
//! the user saved beside them is the best witness of who an episode is.
//!
//! # Reading
//!
//! The feed is streamed with quick-xml's namespace-aware reader, in one pass and in time linear in
//! its size; a 10 MB feed with thousands of items is read without building a tree. Only the
//! fields of [`FeedItem`] are kept. Elements of the `itunes`, `podcast` and `dc` namespaces are
//! recognised by their namespace URI whatever prefix binds it (`<it:episode>` counts when `it` is
//! bound to Apple's URI), and also by the usual prefix as written, because feeds use `itunes:`
//! without declaring it or bind it to a misspelt URI. RSS's own elements are recognised without
//! a prefix, so RSS 1.0 (`<rdf:RDF>`, items beside the channel) is read too. Atom feeds and HTML
//! pages are refused at their first element, before any of the rest is parsed.
//!
//! Feeds are sloppy, and reading is lenient where meaning is still clear: a bare `&` in text
//! ("AT&T") is text, common HTML entities (`&nbsp;`, `&mdash;`) are decoded, titles that were
//! escaped twice (`Q&amp;amp;A`, or `&amp;` inside CDATA) are decoded once more, `<pubDate>`
//! may have a wrong weekday or take another common form (see [`FeedItem::date`]), and files in
//! UTF-16 or a declared ISO-8859-1/windows-1252 are decoded. Markup that would make fields land
//! in the wrong item (a mismatched end tag, a file cut short) is an error, with its line.
//!
//! # Matching
//!
//! [`Feed::item_for`] finds the item of one transcript file; [`FeedIndex`] does the same for
//! many files with one pass over the feed. Evidence is tried strongest first, and each rule
//! counts only when it picks out exactly one item: an ambiguous answer is no answer, because a
//! wrong episode is worse than an unknown one.
//!
//! 1. **Transcript URL.** The file name equals the last path segment of one of the item's
//!    `<podcast:transcript>` URLs (case-insensitive; query string, fragment and
//!    percent-encoding ignored), e.g. `001-hello-world.vtt`. Failing that, the file's stem
//!    equals the segment's stem (`001-hello-world.txt` for `…/001-hello-world.vtt`), unless the
//!    stem is a bare number: hosts number files by their own ids as often as by episode, and
//!    episode numbers have their own rule below. Names that say nothing about the episode
//!    (`transcript.vtt`, `captions.srt`, `index.html`) never match.
//! 2. **Number.** The item's episode number equals the transcript's.
//! 3. **Title.** The titles are equal once case, punctuation, apostrophes and white space are
//!    ignored (`&` counts as "and"). Failing that, they are equal when a leading number marker
//!    ("Episode 12:", "#12 -", "12.") is removed from one of them, or from both when the two
//!    markers carry the same number: "Listener Questions" finds "#40: Listener Questions", but
//!    "#12: Listener Questions" never finds "#40: Listener Questions", nor an item titled
//!    "Listener Questions" whose episode number is 40.

mod dates;
mod matching;
mod read;
mod rss;
mod text;
mod titles;

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

pub use matching::FeedIndex;
pub use read::{parse_feed, read_feed};
pub use titles::title_number;

/// One podcast feed: the channel and its items.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Feed {
    /// The show: the channel's `<title>` (or `<itunes:title>` when it has none).
    pub show: Option<String>,
    /// The items, in the order of the feed (usually newest first).
    pub items: Vec<FeedItem>,
}

/// One item of a feed: usually one episode.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FeedItem {
    /// `<title>`, else `<itunes:title>`: entities decoded, white space collapsed and trimmed.
    pub title: Option<String>,
    /// The episode number: `<itunes:episode>`, else a whole-number `<podcast:episode>`, else
    /// (except for trailers and bonus items, whose titles number something else) the number
    /// the title starts with, by [`title_number`].
    pub number: Option<u32>,
    /// Whether [`number`](Self::number) was read from the title rather than given by the feed.
    pub number_from_title: bool,
    /// `<itunes:episodeType>`, lower-cased: "full", "trailer" or "bonus".
    pub episode_type: Option<String>,
    /// The publication date, as the feed wrote it in its own time zone (`<pubDate>`, else
    /// `<dc:date>`). Read as RFC 2822, with or without a weekday and whatever the zone; a wrong
    /// weekday is ignored; else as ISO 8601 / RFC 3339; else as the first date of the forms
    /// "6 Feb 2017", "2017-02-06" or "February 6, 2017" in the text.
    pub date: Option<NaiveDate>,
    /// The `url` of every `<podcast:transcript>` of the item, in order.
    pub transcript_urls: Vec<String>,
    /// `<guid>`.
    pub guid: Option<String>,
    /// `<link>`.
    pub link: Option<String>,
}

/// How [`Feed::item_for`] found an item, for reporting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FeedMatch {
    /// The file is named like one of the item's `<podcast:transcript>` URLs.
    TranscriptUrl,
    /// The item has the transcript's episode number.
    Number,
    /// The item has the transcript's title.
    Title,
}

impl FeedMatch {
    /// The name used in output.
    pub fn name(self) -> &'static str {
        match self {
            FeedMatch::TranscriptUrl => "transcript-url",
            FeedMatch::Number => "number",
            FeedMatch::Title => "title",
        }
    }
}

/// Why a feed could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The feed file could not be read.
    #[error("{}: cannot read feed: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is not well-formed XML, or is cut short.
    #[error(
        "{}: not a readable RSS feed (line {line}): {message}; give a podcast RSS feed saved as XML",
        path.display()
    )]
    Xml {
        /// The file.
        path: PathBuf,
        /// 1-based line where the problem was found.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The file is XML but not an RSS feed with episodes: an Atom feed, an HTML page, an RSS
    /// document without `<channel>` or without `<item>`.
    #[error(
        "{}: not a podcast RSS feed: {reason}; give the show's RSS feed (an <rss> document with an <item> per episode)",
        path.display()
    )]
    NotAFeed {
        /// The file.
        path: PathBuf,
        /// What was found instead.
        reason: String,
    },
}

/// What the tests of every part of the feed reader share: the sample feed and small documents.
#[cfg(test)]
mod test_support {
    use std::path::Path;

    use chrono::NaiveDate;

    use super::{Feed, FeedError, parse_feed};

    pub(super) const SAMPLE: &str = include_str!("../../tests/fixtures/feeds/sample.xml");

    pub(super) fn sample() -> Feed {
        parse_feed(SAMPLE, Path::new("sample.xml")).unwrap()
    }

    pub(super) fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// A minimal RSS 2.0 document around `items`.
    pub(super) fn rss(items: &str) -> String {
        format!(r#"<rss version="2.0"><channel><title>Show</title>{items}</channel></rss>"#)
    }

    pub(super) fn parse(xml: &str) -> Result<Feed, FeedError> {
        parse_feed(xml, Path::new("feed.xml"))
    }

    pub(super) fn xml_error(result: Result<Feed, FeedError>) -> (usize, String) {
        match result {
            Err(FeedError::Xml { line, message, .. }) => (line, message),
            other => panic!("expected an XML error, got {other:?}"),
        }
    }
}
