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

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate};
use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use regex::Regex;
use serde::Serialize;

use crate::transcript::lines::line_column;

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

/// Reads the feed saved at `path`.
pub fn read_feed(path: &Path) -> Result<Feed, FeedError> {
    let bytes = std::fs::read(path).map_err(|source| FeedError::Io {
        path: path.to_owned(),
        source,
    })?;
    let text = decode(bytes, path)?;
    parse_feed(&text, path)
}

/// Parses feed XML; `path` only names the feed in errors.
pub fn parse_feed(xml: &str, path: &Path) -> Result<Feed, FeedError> {
    let xml_error = |offset: u64, message: String| FeedError::Xml {
        path: path.to_owned(),
        line: line_column(xml, usize::try_from(offset).unwrap_or(usize::MAX)).0,
        message,
    };
    let mut reader = NsReader::from_str(xml);
    // "AT&T" in a title is a common mistake whose meaning is plain; it is not worth refusing a
    // feed for. Mismatched end tags stay errors (the default): they would put fields in the
    // wrong item.
    reader.config_mut().allow_dangling_amp = true;
    let mut parser = Parser::default();
    loop {
        let before = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| xml_error(reader.error_position(), e.to_string()))?;
        match event {
            Event::Start(start) => {
                parser.depth += 1;
                parser.open.push(before);
                let name = Name::of(&reader, &start);
                if parser.depth == 1 {
                    parser.root(&name, path)?;
                }
                parser.start(&name, &start, false);
            }
            Event::Empty(start) => {
                let name = Name::of(&reader, &start);
                if parser.depth == 0 {
                    parser.root(&name, path)?;
                    // `<rss/>`: a root with nothing in it.
                    break;
                }
                parser.depth += 1;
                parser.start(&name, &start, true);
                parser.depth -= 1;
            }
            Event::End(_) => {
                parser.end();
                parser.open.pop();
                if parser.depth == 0 {
                    // Whatever follows the root is not the feed; servers sometimes append junk.
                    break;
                }
            }
            Event::Text(text) => {
                if parser.depth == 0 && !text.trim().is_empty() {
                    let offset = before + (text.len() - text.trim_start().len()) as u64;
                    return Err(xml_error(
                        offset,
                        "text where the first XML element should be; the file is not XML".into(),
                    ));
                }
                parser.text(&text);
            }
            Event::CData(cdata) => parser.text(&cdata),
            Event::GeneralRef(reference) => {
                if parser.depth == 0 {
                    return Err(xml_error(
                        before,
                        "text where the first XML element should be; the file is not XML".into(),
                    ));
                }
                let name: &str = &reference;
                match resolve_entity(name) {
                    Some(c) => parser.text(c.encode_utf8(&mut [0; 4])),
                    None => {
                        parser.text("&");
                        parser.text(name);
                        parser.text(";");
                    }
                }
            }
            Event::Eof => {
                if !parser.root_seen {
                    let message = if xml.trim().is_empty() {
                        "the file is empty"
                    } else {
                        "no XML element in the file"
                    };
                    return Err(xml_error(xml.len() as u64, message.into()));
                }
                let opened = parser.open.last().copied().unwrap_or(0);
                let name = element_name_at(xml, opened);
                let (line, _) = line_column(xml, usize::try_from(opened).unwrap_or(usize::MAX));
                return Err(xml_error(
                    xml.len() as u64,
                    format!(
                        "the file ends before <{name}> (opened on line {line}) is closed; it looks cut short"
                    ),
                ));
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    parser.finish(path)
}

/// Which vocabulary an element belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ns {
    /// No prefix: RSS itself (whatever default namespace RSS 1.0 declares).
    Rss,
    /// Apple's podcast tags.
    Itunes,
    /// The Podcasting 2.0 namespace.
    Podcast,
    /// Dublin Core, for `<dc:date>`.
    Dc,
    /// Anything else.
    Other,
}

/// Namespace URIs as feeds write them; compared case-insensitively, since feeds vary the case.
const ITUNES_URIS: &[&str] = &["http://www.itunes.com/dtds/podcast-1.0.dtd"];
const PODCAST_URIS: &[&str] = &[
    "https://podcastindex.org/namespace/1.0",
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
];
const DC_URIS: &[&str] = &["http://purl.org/dc/elements/1.1/"];

/// An element's vocabulary and local name.
struct Name<'a> {
    ns: Ns,
    local: &'a str,
}

impl<'a> Name<'a> {
    fn of(reader: &NsReader<&[u8]>, start: &'a BytesStart<'_>) -> Name<'a> {
        let qname = start.name();
        let local = qname.local_name().into_inner();
        let Some(prefix) = qname.prefix() else {
            return Name { ns: Ns::Rss, local };
        };
        let by_uri = match reader.resolver().resolve_element(qname).0 {
            ResolveResult::Bound(uri) => {
                let uri = uri.as_ref().trim_end_matches('/');
                let known = |uris: &[&str]| {
                    uris.iter()
                        .any(|u| u.trim_end_matches('/').eq_ignore_ascii_case(uri))
                };
                if known(ITUNES_URIS) {
                    Some(Ns::Itunes)
                } else if known(PODCAST_URIS) {
                    Some(Ns::Podcast)
                } else if known(DC_URIS) {
                    Some(Ns::Dc)
                } else {
                    None
                }
            }
            ResolveResult::Unbound | ResolveResult::Unknown(_) => None,
        };
        let ns = by_uri.unwrap_or_else(|| match prefix.into_inner() {
            "itunes" => Ns::Itunes,
            "podcast" => Ns::Podcast,
            "dc" => Ns::Dc,
            _ => Ns::Other,
        });
        Name { ns, local }
    }

    fn is(&self, ns: Ns, local: &str) -> bool {
        self.ns == ns && self.local == local
    }
}

/// A field whose text is being collected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    ShowTitle,
    ShowItunesTitle,
    Title,
    ItunesTitle,
    ItunesEpisode,
    PodcastEpisode,
    EpisodeType,
    PubDate,
    DcDate,
    Guid,
    Link,
}

/// An item being read, with the fields that decide others once it ends.
#[derive(Default)]
struct ItemState {
    /// Depth of the `<item>` element.
    depth: usize,
    item: FeedItem,
    itunes_title: Option<String>,
    itunes_episode: Option<u32>,
    podcast_episode: Option<u32>,
    dc_date: Option<NaiveDate>,
}

#[derive(Default)]
struct Parser {
    /// Elements open now.
    depth: usize,
    /// Byte offsets of the open elements' start tags, to name the one a truncated file leaves
    /// open.
    open: Vec<u64>,
    root_seen: bool,
    /// RSS 1.0 puts items beside the channel, as children of the root.
    rdf: bool,
    /// Depth of the open `<channel>`.
    channel: Option<usize>,
    saw_channel: bool,
    show: Option<String>,
    show_itunes_title: Option<String>,
    item: Option<ItemState>,
    items: Vec<FeedItem>,
    /// The field being collected and the depth of its element.
    field: Option<(Field, usize)>,
    text: String,
}

impl Parser {
    fn root(&mut self, name: &Name<'_>, path: &Path) -> Result<(), FeedError> {
        self.root_seen = true;
        let reason = match (name.ns, name.local) {
            (Ns::Rss, "rss") => return Ok(()),
            (_, "RDF") => {
                self.rdf = true;
                return Ok(());
            }
            (_, "feed") => "it is an Atom feed (<feed>), and podcast feeds are RSS".to_owned(),
            (_, "html") => "it is an HTML page (<html>)".to_owned(),
            (_, other) => format!("its first element is <{other}>, not <rss>"),
        };
        Err(FeedError::NotAFeed {
            path: path.to_owned(),
            reason,
        })
    }

    /// An element starts at `self.depth` (an empty element starts and ends here).
    fn start(&mut self, name: &Name<'_>, start: &BytesStart<'_>, empty: bool) {
        let depth = self.depth;
        if self.field.is_some() {
            // Markup inside a field (HTML in a title): its text belongs to the field.
            return;
        }
        if name.is(Ns::Rss, "channel") && depth == 2 && self.channel.is_none() {
            self.saw_channel = true;
            if !empty {
                self.channel = Some(depth);
            }
            return;
        }
        let in_channel = self.channel.is_some_and(|c| depth == c + 1);
        if name.is(Ns::Rss, "item")
            && self.item.is_none()
            && (in_channel || (self.rdf && depth == 2))
        {
            if empty {
                self.items.push(FeedItem::default());
            } else {
                self.item = Some(ItemState {
                    depth,
                    ..ItemState::default()
                });
            }
            return;
        }
        if let Some(item) = &mut self.item {
            if name.is(Ns::Podcast, "transcript") {
                if let Some(url) = attribute(start, "url") {
                    item.item.transcript_urls.push(url);
                }
                return;
            }
            if depth != item.depth + 1 {
                return;
            }
            let field = match (name.ns, name.local) {
                (Ns::Rss, "title") => Field::Title,
                (Ns::Itunes, "title") => Field::ItunesTitle,
                (Ns::Itunes, "episode") => Field::ItunesEpisode,
                (Ns::Podcast, "episode") => Field::PodcastEpisode,
                (Ns::Itunes, "episodeType") => Field::EpisodeType,
                (Ns::Rss, "pubDate") => Field::PubDate,
                (Ns::Dc, "date") => Field::DcDate,
                (Ns::Rss, "guid") => Field::Guid,
                (Ns::Rss, "link") => Field::Link,
                _ => return,
            };
            if !empty {
                self.field = Some((field, depth));
                self.text.clear();
            }
        } else if in_channel && !empty {
            let field = match (name.ns, name.local) {
                (Ns::Rss, "title") => Field::ShowTitle,
                (Ns::Itunes, "title") => Field::ShowItunesTitle,
                _ => return,
            };
            self.field = Some((field, depth));
            self.text.clear();
        }
    }

    fn text(&mut self, text: &str) {
        if self.field.is_some() {
            self.text.push_str(text);
        }
    }

    /// The element open at `self.depth` ends.
    fn end(&mut self) {
        let depth = self.depth;
        if let Some((field, at)) = self.field
            && at == depth
        {
            self.field = None;
            let text = std::mem::take(&mut self.text);
            self.set(field, &text);
        }
        if self.item.as_ref().is_some_and(|i| i.depth == depth)
            && let Some(state) = self.item.take()
        {
            self.items.push(state.finish());
        }
        if self.channel == Some(depth) {
            self.channel = None;
        }
        self.depth = depth.saturating_sub(1);
    }

    fn set(&mut self, field: Field, text: &str) {
        fn first<T>(slot: &mut Option<T>, value: Option<T>) {
            if slot.is_none() {
                *slot = value;
            }
        }
        match field {
            Field::ShowTitle => first(&mut self.show, clean_title(text)),
            Field::ShowItunesTitle => first(&mut self.show_itunes_title, clean_title(text)),
            _ => {}
        }
        let Some(state) = &mut self.item else {
            return;
        };
        let item = &mut state.item;
        match field {
            Field::ShowTitle | Field::ShowItunesTitle => {}
            Field::Title => first(&mut item.title, clean_title(text)),
            Field::ItunesTitle => first(&mut state.itunes_title, clean_title(text)),
            Field::ItunesEpisode => first(&mut state.itunes_episode, episode_number(text)),
            Field::PodcastEpisode => first(&mut state.podcast_episode, episode_number(text)),
            Field::EpisodeType => first(&mut item.episode_type, {
                let kind = text.trim().to_lowercase();
                (!kind.is_empty()).then_some(kind)
            }),
            Field::PubDate => first(&mut item.date, parse_date(text)),
            Field::DcDate => first(&mut state.dc_date, parse_date(text)),
            Field::Guid => first(&mut item.guid, non_empty(text)),
            Field::Link => first(&mut item.link, non_empty(text)),
        }
    }

    fn finish(self, path: &Path) -> Result<Feed, FeedError> {
        let not_a_feed = |reason: &str| FeedError::NotAFeed {
            path: path.to_owned(),
            reason: reason.to_owned(),
        };
        if !self.saw_channel {
            return Err(not_a_feed("it has no <channel>"));
        }
        if self.items.is_empty() {
            return Err(not_a_feed("its <channel> has no <item> (episode)"));
        }
        Ok(Feed {
            show: self.show.or(self.show_itunes_title),
            items: self.items,
        })
    }
}

impl ItemState {
    fn finish(self) -> FeedItem {
        let mut item = self.item;
        item.title = item.title.or(self.itunes_title);
        item.date = item.date.or(self.dc_date);
        item.number = self.itunes_episode.or(self.podcast_episode);
        let numbered_otherwise = matches!(item.episode_type.as_deref(), Some("trailer" | "bonus"));
        if item.number.is_none() && !numbered_otherwise {
            item.number = item.title.as_deref().and_then(title_number);
            item.number_from_title = item.number.is_some();
        }
        item
    }
}

/// The value of attribute `key`, entities decoded, trimmed; `None` if absent or empty.
fn attribute(start: &BytesStart<'_>, key: &str) -> Option<String> {
    let attr = start.try_get_attribute(key).ok()??;
    let value = attr
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .map(Cow::into_owned)
        // An undeclared entity (`&nbsp;`) is an error to quick-xml; decode what we know.
        .unwrap_or_else(|_| decode_entities(&attr.value).into_owned());
    non_empty(&value)
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A title as people read it: entities escaped twice decoded, white space collapsed.
fn clean_title(text: &str) -> Option<String> {
    let decoded = decode_entities(text);
    let title = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

/// The name of the element whose start tag is at (or just after) `offset`.
fn element_name_at(xml: &str, offset: u64) -> &str {
    let offset = usize::try_from(offset).unwrap_or(usize::MAX);
    let Some(rest) = xml.get(offset..) else {
        return "?";
    };
    let Some(rest) = rest.find('<').and_then(|i| rest.get(i + 1..)) else {
        return "?";
    };
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// An entity reference's character: XML's five, character references, and the HTML entities
/// feeds use without declaring them.
fn resolve_entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    const ENTITIES: &[(&str, char)] = &[
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("nbsp", '\u{A0}'),
        ("ndash", '–'),
        ("mdash", '—'),
        ("hellip", '…'),
        ("lsquo", '‘'),
        ("rsquo", '’'),
        ("sbquo", '‚'),
        ("ldquo", '“'),
        ("rdquo", '”'),
        ("bdquo", '„'),
        ("laquo", '«'),
        ("raquo", '»'),
        ("bull", '•'),
        ("middot", '·'),
        ("copy", '©'),
        ("reg", '®'),
        ("trade", '™'),
        ("eacute", 'é'),
        ("egrave", 'è'),
        ("aacute", 'á'),
        ("agrave", 'à'),
        ("iacute", 'í'),
        ("oacute", 'ó'),
        ("uacute", 'ú'),
        ("ntilde", 'ñ'),
        ("ccedil", 'ç'),
        ("auml", 'ä'),
        ("ouml", 'ö'),
        ("uuml", 'ü'),
        ("Auml", 'Ä'),
        ("Ouml", 'Ö'),
        ("Uuml", 'Ü'),
        ("szlig", 'ß'),
    ];
    ENTITIES.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

/// Decodes the entity references `resolve_entity` knows; others stay as written.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Entity names are short; looking no further keeps this linear.
        let window = rest.get(1..).unwrap_or("");
        let semicolon = window
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';' || !(c.is_ascii_alphanumeric() || c == '#'))
            .filter(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        match semicolon.and_then(|i| Some((i, resolve_entity(&window[..i])?))) {
            Some((i, c)) => {
                out.push(c);
                rest = &window[i + 1..];
            }
            None => {
                out.push('&');
                rest = window;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// An episode number element's value: a whole number ("12", "12.0").
fn episode_number(text: &str) -> Option<u32> {
    let text = text.trim();
    if let Ok(n) = text.parse() {
        return Some(n);
    }
    // `<podcast:episode>` allows decimals; only a whole one is an episode number.
    let (whole, fraction) = text.split_once('.')?;
    (!fraction.is_empty() && fraction.bytes().all(|b| b == b'0'))
        .then(|| whole.parse().ok())
        .flatten()
}

const MONTHS: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?\
                      |sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?[\s\-]+({MONTHS})\.?,?[\s\-]+(\d{{4}}|\d{{2}})\b"
    ))
    .unwrap()
});
static YEAR_MONTH_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\D)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|\D)").unwrap());
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
    ))
    .unwrap()
});

/// The date of a `<pubDate>`, leniently (see [`FeedItem::date`]).
fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(t.date_naive());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.date_naive());
    }
    // What chrono refuses is mostly a wrong weekday or full month names; the date is still
    // there to read.
    let month = |name: &str| {
        const NAMES: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let prefix = name.get(..3)?.to_ascii_lowercase();
        NAMES
            .iter()
            .position(|m| *m == prefix)
            .map(|i| i as u32 + 1)
    };
    if let Some(c) = DAY_MONTH_YEAR.captures(text) {
        let year: i32 = c[3].parse().ok()?;
        // RFC 2822's rule for two-digit years.
        let year = match (c[3].len(), year) {
            (2, y) if y < 50 => 2000 + y,
            (2, y) => 1900 + y,
            (_, y) => y,
        };
        return NaiveDate::from_ymd_opt(year, month(&c[2])?, c[1].parse().ok()?);
    }
    if let Some(c) = YEAR_MONTH_DAY.captures(text) {
        return NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    let c = MONTH_DAY_YEAR.captures(text)?;
    NaiveDate::from_ymd_opt(c[3].parse().ok()?, month(&c[1])?, c[2].parse().ok()?)
}

/// "Episode 12:", "Ep. 12 -", "Episode #12", "#12", followed by a separator, white space or the
/// end; a `.` only counts when white space follows it, so "Ep 3.12" is no episode 3.
static MARKED_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?is)^(?:(?:episode|ep)(?:\.\s*|\s*)(?:no\.?\s*|number\s+)?#?\s*|#\s*)(\d{1,6})(?:\s*[:|\-–—)\]]+\s*|\.(?:\s+|$)|\s+|$)(.*)$",
    )
    .unwrap()
});
/// "12: Title", "12 - Title", "12. Title": a bare number needs a separator and white space, so
/// that "3.12 is out", "12-factor apps" and "101 ways" are no episode numbers.
static BARE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)^(\d{1,6})\s*[:|\-–—.)]\s+(.+)$").unwrap());
/// "Title - Episode 12", "Title (Ep. 12)", "Show: Episode 12 - Title": the marker is a segment
/// of its own, after a separator (not a comma: "Season 2, Episode 5" numbers within a season).
static MARKED_SEGMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[:|\-–—(\[]\s*(?:episode|ep)(?:\.\s*|\s*)(?:no\.?\s*|number\s+)?#?\s*(\d{1,6})\s*(?:$|[)\]:|\-–—,])",
    )
    .unwrap()
});
/// "Show #12: Title", "Title #12".
static HASH_SEGMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)#(\d{1,6})\s*(?:$|[:|\-–—)\]])").unwrap());

/// A title's leading number marker, with the number and the rest of the title.
fn split_number_prefix(title: &str) -> Option<(u32, &str)> {
    let title = title.trim();
    if let Some(c) = MARKED_PREFIX.captures(title) {
        let rest = c.get(2).map_or("", |m| m.as_str());
        return Some((c[1].parse().ok()?, rest));
    }
    let c = BARE_PREFIX.captures(title)?;
    let digits = &c[1];
    let number: u32 = digits.parse().ok()?;
    // "2024: The year in Python", "1999 - a retrospective": a year, not an episode.
    if digits.len() == 4 && (1900..2100).contains(&number) {
        return None;
    }
    Some((number, c.get(2).map_or("", |m| m.as_str())))
}

/// The episode number a title states: "#123: Title", "Episode 123 - Title", "Ep. 123",
/// "123: Title", "123. Title", "Title (Episode 123)", "Show #123: Title".
///
/// Conservative, because a wrong number matches the wrong episode: a bare number counts only at
/// the start, followed by a separator and white space, and never when it looks like a year
/// ("2024 in review", "2024: the year"); numbers inside prose ("Python 3.12 is out", "Top 10
/// tools") and seasons ("S2E5") are not episode numbers. "Episode 0" is 0.
pub fn title_number(title: &str) -> Option<u32> {
    if let Some((number, _)) = split_number_prefix(title) {
        return Some(number);
    }
    let segment = MARKED_SEGMENT.captures(title);
    let hash = HASH_SEGMENT.captures(title);
    let start = |c: &regex::Captures<'_>| c.get(0).map_or(usize::MAX, |m| m.start());
    let first = match (segment, hash) {
        (Some(a), Some(b)) => Some(if start(&a) <= start(&b) { a } else { b }),
        (a, b) => a.or(b),
    }?;
    first[1].parse().ok()
}

/// A title reduced to what identifies it: lower case, letters and digits, single spaces; `&` is
/// "and" and apostrophes vanish ("Don't" = "Dont").
fn normalise_title(title: &str) -> String {
    fn push(out: &mut String, word: impl IntoIterator<Item = char>, space: &mut bool) {
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.extend(word.into_iter().flat_map(char::to_lowercase));
    }
    let mut out = String::with_capacity(title.len());
    let mut space = false;
    for c in title.chars() {
        match c {
            '\'' | '’' | '‘' | '`' => {}
            '&' => {
                space = true;
                push(&mut out, "and".chars(), &mut space);
                space = true;
            }
            c if c.is_alphanumeric() => push(&mut out, [c], &mut space),
            _ => space = true,
        }
    }
    out
}

/// The last path segment of a URL, percent-decoded and lower-cased, without query or fragment.
fn url_file_name(url: &str) -> Option<String> {
    let url = url.trim();
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let url = &url[..end];
    // Past "scheme://host": a bare "https://example.org" has no file name.
    let path = match url.find("://") {
        Some(i) => {
            let after = &url[i + 3..];
            &after[after.find('/')?..]
        }
        None => url,
    };
    let segment = path.rsplit('/').next().unwrap_or("");
    let name = percent_decode(segment);
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_lowercase())
}

fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// File names (without extension) that hosts give every episode's transcript alike.
const GENERIC_STEMS: &[&str] = &[
    "transcript",
    "transcripts",
    "transcription",
    "captions",
    "caption",
    "subtitles",
    "subtitle",
    "subs",
    "index",
    "download",
    "file",
    "text",
    "episode",
];

/// A lower-cased file name's stem, when it can tell episodes apart by file name.
fn telling_stem(name: &str) -> Option<&str> {
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    (!GENERIC_STEMS.contains(&stem)).then_some(stem)
}

/// Lookup tables over a feed's items, to match many transcript files with one pass over the
/// feed; [`Feed::item_for`] builds one for a single file.
#[derive(Debug)]
pub struct FeedIndex<'f> {
    feed: &'f Feed,
    /// Transcript URL file names (lower case) → items.
    names: HashMap<String, Vec<usize>>,
    /// Their stems, where telling and not a bare number → items.
    stems: HashMap<String, Vec<usize>>,
    numbers: HashMap<u32, Vec<usize>>,
    /// Normalised titles → items.
    titles: HashMap<String, Vec<usize>>,
    /// Normalised titles after a leading number marker → items, with the marker's number.
    rests: HashMap<String, Vec<(usize, u32)>>,
}

/// Adds `item` under `key` once, however many of its URLs or fields give the key.
fn add<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Vec<usize>>, key: K, item: usize) {
    let items = map.entry(key).or_default();
    if items.last() != Some(&item) {
        items.push(item);
    }
}

/// The one item of `items`, if there is exactly one (counting each item once).
fn only(items: impl IntoIterator<Item = usize>) -> Option<usize> {
    let mut items = items.into_iter();
    let first = items.next()?;
    items.all(|i| i == first).then_some(first)
}

impl<'f> FeedIndex<'f> {
    /// Indexes `feed`'s items.
    pub fn new(feed: &'f Feed) -> Self {
        let mut index = FeedIndex {
            feed,
            names: HashMap::new(),
            stems: HashMap::new(),
            numbers: HashMap::new(),
            titles: HashMap::new(),
            rests: HashMap::new(),
        };
        for (i, item) in feed.items.iter().enumerate() {
            for name in item.transcript_urls.iter().filter_map(|u| url_file_name(u)) {
                let Some(stem) = telling_stem(&name) else {
                    continue;
                };
                if !stem.bytes().all(|b| b.is_ascii_digit()) {
                    add(&mut index.stems, stem.to_owned(), i);
                }
                add(&mut index.names, name, i);
            }
            if let Some(n) = item.number {
                add(&mut index.numbers, n, i);
            }
            if let Some(title) = &item.title {
                let full = normalise_title(title);
                if !full.is_empty() {
                    add(&mut index.titles, full, i);
                }
                if let Some((n, rest)) = split_number_prefix(title) {
                    let rest = normalise_title(rest);
                    if !rest.is_empty() {
                        index.rests.entry(rest).or_default().push((i, n));
                    }
                }
            }
        }
        index
    }

    /// The feed indexed.
    pub fn feed(&self) -> &'f Feed {
        self.feed
    }

    /// The item that describes the transcript at `file`, whose episode number is `number` and
    /// title `title` where known, and how it was found; see the module docs for the rules.
    pub fn item_for(
        &self,
        file: &Path,
        number: Option<u32>,
        title: Option<&str>,
    ) -> Option<(&'f FeedItem, FeedMatch)> {
        let found = self
            .by_file(file)
            .map(|i| (i, FeedMatch::TranscriptUrl))
            .or_else(|| self.by_number(number?).map(|i| (i, FeedMatch::Number)))
            .or_else(|| self.by_title(title?).map(|i| (i, FeedMatch::Title)))?;
        let feed: &'f Feed = self.feed;
        Some((feed.items.get(found.0)?, found.1))
    }

    fn by_file(&self, file: &Path) -> Option<usize> {
        let name = file.file_name()?.to_string_lossy().to_lowercase();
        let stem = telling_stem(&name)?;
        if let Some(items) = self.names.get(&name) {
            // Several items with this very name: the stem cannot do better.
            return only(items.iter().copied());
        }
        only(self.stems.get(stem)?.iter().copied())
    }

    fn by_number(&self, number: u32) -> Option<usize> {
        only(self.numbers.get(&number)?.iter().copied())
    }

    fn by_title(&self, title: &str) -> Option<usize> {
        let full = normalise_title(title);
        if full.is_empty() {
            return None;
        }
        if let Some(items) = self.titles.get(&full) {
            return only(items.iter().copied());
        }
        let mut candidates: Vec<usize> = Vec::new();
        // The feed numbers its titles and the transcript does not.
        if let Some(items) = self.rests.get(&full) {
            candidates.extend(items.iter().map(|&(i, _)| i));
        }
        if let Some((n, rest)) = split_number_prefix(title) {
            let rest = normalise_title(rest);
            // The transcript numbers its title and the feed's does not; the item's own
            // number, where known, must agree.
            if let Some(items) = self.titles.get(&rest) {
                let agrees = |&i: &usize| {
                    self.feed
                        .items
                        .get(i)
                        .is_some_and(|item| item.number.is_none_or(|m| m == n))
                };
                candidates.extend(items.iter().copied().filter(agrees));
            }
            // Both do, perhaps differently ("Episode 12:" and "#12 -"), with the same number.
            if let Some(items) = self.rests.get(&rest) {
                candidates.extend(items.iter().filter(|&&(_, m)| m == n).map(|&(i, _)| i));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        match candidates.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

impl Feed {
    /// The item that describes the transcript at `file`, whose episode number (if known) is
    /// `number` and title (if known) `title`, and how it was found: by transcript URL, then by
    /// number, then by title, each only when it picks out one item (see the module docs).
    ///
    /// This indexes the whole feed; to match many files, build a [`FeedIndex`] once.
    pub fn item_for(
        &self,
        file: &Path,
        number: Option<u32>,
        title: Option<&str>,
    ) -> Option<(&FeedItem, FeedMatch)> {
        FeedIndex::new(self).item_for(file, number, title)
    }

    /// Lookup tables for matching many transcript files.
    pub fn index(&self) -> FeedIndex<'_> {
        FeedIndex::new(self)
    }
}

/// The file's text: UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark,
/// or ISO-8859-1/windows-1252 when the XML declaration says so (read as windows-1252, as
/// browsers do, since feeds that say ISO-8859-1 often hold windows-1252 quotes and dashes).
fn decode(bytes: Vec<u8>, path: &Path) -> Result<String, FeedError> {
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => return Ok(utf16(rest, u16::from_le_bytes)),
        [0xFE, 0xFF, rest @ ..] => return Ok(utf16(rest, u16::from_be_bytes)),
        _ => {}
    }
    let error = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(error) => error,
    };
    let bytes = error.as_bytes();
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
    let declared = head
        .strip_prefix("<?xml")
        .and_then(|decl| decl.split("?>").next())
        .and_then(|decl| decl.split("encoding").nth(1))
        .map(|e| e.trim_start_matches([' ', '=', '"', '\'']))
        .is_some_and(|e| {
            [
                "iso-8859-1",
                "iso8859-1",
                "latin1",
                "latin-1",
                "windows-1252",
                "cp1252",
                "us-ascii",
            ]
            .iter()
            .any(|name| e.starts_with(name))
        });
    if declared {
        return Ok(bytes.iter().map(|&b| windows_1252(b)).collect());
    }
    let valid = error.utf8_error().valid_up_to();
    let (line, _) = line_column(&String::from_utf8_lossy(bytes), valid);
    Err(FeedError::Xml {
        path: path.to_owned(),
        line,
        message: "not UTF-8 text, and its XML declaration names no encoding podgraph reads \
                  (UTF-8, UTF-16, ISO-8859-1, windows-1252)"
            .to_owned(),
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SAMPLE: &str = include_str!("../tests/fixtures/feeds/sample.xml");

    fn sample() -> Feed {
        parse_feed(SAMPLE, Path::new("sample.xml")).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// A minimal RSS 2.0 document around `items`.
    fn rss(items: &str) -> String {
        format!(r#"<rss version="2.0"><channel><title>Show</title>{items}</channel></rss>"#)
    }

    fn parse(xml: &str) -> Result<Feed, FeedError> {
        parse_feed(xml, Path::new("feed.xml"))
    }

    #[test]
    fn the_channel_title_is_the_show_and_item_titles_do_not_leak_into_it() {
        let feed = sample();
        assert_eq!(feed.show.as_deref(), Some("Byte-Sized Banter"));
        assert_eq!(feed.items.len(), 9);
    }

    #[test]
    fn every_field_of_every_sample_item() {
        type Row = (
            &'static str,
            Option<u32>,
            bool,
            Option<&'static str>,
            Option<NaiveDate>,
            &'static str,
        );
        let expected: [Row; 9] = [
            // title, number, number from title, episode type, date, guid
            (
                "Episode 0: Coming soon",
                None,
                false,
                Some("trailer"),
                date(2017, 2, 1),
                "bsb-trailer",
            ),
            (
                "Episode 1: Hello, World & Friends",
                Some(1),
                false,
                Some("full"),
                date(2017, 2, 6),
                "bsb-0001",
            ),
            (
                "#2 – Q&A: <Generics> & You",
                Some(2),
                true,
                None,
                date(2017, 2, 13),
                "https://banter.example.org/episodes/2",
            ),
            (
                "Structured concurrency",
                Some(3),
                false,
                None,
                date(2017, 2, 20),
                "bsb-0003",
            ),
            (
                "12: Listener mail special",
                None,
                false,
                Some("bonus"),
                date(2017, 3, 2),
                "bsb-bonus-1",
            ),
            (
                "Episode 4 - Listener Questions",
                Some(4),
                false,
                None,
                date(2017, 3, 6),
                "bsb-0004",
            ),
            (
                "Listener Questions",
                Some(5),
                false,
                None,
                date(2017, 3, 13),
                "bsb-0005",
            ),
            (
                "Listener Questions (Encore)",
                Some(5),
                false,
                None,
                date(2017, 3, 20),
                "bsb-0005-encore",
            ),
            (
                "#6: Café numbers, handled",
                Some(6),
                true,
                None,
                date(2017, 3, 27),
                "bsb-0006",
            ),
        ];
        let feed = sample();
        for (item, (title, number, from_title, kind, date, guid)) in feed.items.iter().zip(expected)
        {
            assert_eq!(item.title.as_deref(), Some(title));
            assert_eq!(item.number, number, "{title}");
            assert_eq!(item.number_from_title, from_title, "{title}");
            assert_eq!(item.episode_type.as_deref(), kind, "{title}");
            assert_eq!(item.date, date, "{title}");
            assert_eq!(item.guid.as_deref(), Some(guid), "{title}");
        }
    }

    #[test]
    fn transcript_urls_and_links_are_kept_in_order() {
        let feed = sample();
        let hello = &feed.items[1];
        assert_eq!(
            hello.transcript_urls,
            [
                "https://cdn.banter.example.org/transcripts/001-hello-world.vtt",
                "https://cdn.banter.example.org/transcripts/001-hello-world.json",
                "https://banter.example.org/episodes/1/transcript",
            ]
        );
        assert_eq!(
            hello.link.as_deref(),
            Some("https://banter.example.org/episodes/1")
        );
        assert_eq!(
            feed.items[2].transcript_urls,
            ["https://cdn.banter.example.org/t/002-QandA.srt?token=abc123#t=0"]
        );
        assert!(feed.items[0].transcript_urls.is_empty());
        assert_eq!(feed.items[0].link, None);
    }

    #[test]
    fn items_match_by_transcript_url_then_number_then_title() {
        let feed = sample();
        let index = feed.index();
        use FeedMatch::{Number, Title, TranscriptUrl};
        // File, number and title of the transcript; guid of the item found, and how.
        type Case = (
            &'static str,
            Option<u32>,
            Option<&'static str>,
            Option<(&'static str, FeedMatch)>,
        );
        let cases: &[Case] = &[
            // The very file the feed links to, in any case.
            (
                "001-hello-world.vtt",
                None,
                None,
                Some(("bsb-0001", TranscriptUrl)),
            ),
            (
                "001-Hello-World.JSON",
                None,
                None,
                Some(("bsb-0001", TranscriptUrl)),
            ),
            (
                "dir/001-hello-world.vtt",
                Some(4),
                None,
                Some(("bsb-0001", TranscriptUrl)),
            ),
            // The same stem in another format.
            (
                "001-hello-world.txt",
                None,
                None,
                Some(("bsb-0001", TranscriptUrl)),
            ),
            // Query string and fragment ignored, percent-encoding decoded.
            (
                "002-qanda.srt",
                None,
                None,
                Some(("https://banter.example.org/episodes/2", TranscriptUrl)),
            ),
            (
                "Structured Concurrency.txt",
                None,
                None,
                Some(("bsb-0003", TranscriptUrl)),
            ),
            // A numeric name matches as a whole name, not as a stem.
            ("004.vtt", None, None, Some(("bsb-0004", TranscriptUrl))),
            ("004.txt", None, None, None),
            ("004.txt", Some(4), None, Some(("bsb-0004", Number))),
            // Names every episode's transcript could have say nothing.
            ("transcript.html", None, None, None),
            ("transcript", Some(1), None, Some(("bsb-0001", Number))),
            // Number: only when one item has it.
            ("x.txt", Some(3), None, Some(("bsb-0003", Number))),
            ("x.txt", Some(6), None, Some(("bsb-0006", Number))),
            ("x.txt", Some(5), None, None),
            ("x.txt", Some(42), None, None),
            // Trailers and bonus items get no number from their titles.
            ("x.txt", Some(0), None, None),
            ("x.txt", Some(12), None, None),
            // Title: an exact (normalised) title first, even when another item has it numbered.
            (
                "x.txt",
                Some(5),
                Some("Listener Questions"),
                Some(("bsb-0005", Title)),
            ),
            (
                "x.txt",
                None,
                Some("listener  questions!"),
                Some(("bsb-0005", Title)),
            ),
            (
                "x.txt",
                None,
                Some("STRUCTURED CONCURRENCY"),
                Some(("bsb-0003", Title)),
            ),
            // The feed numbers the title and the transcript does not ('&' is "and").
            (
                "x.txt",
                None,
                Some("Hello, World and Friends"),
                Some(("bsb-0001", Title)),
            ),
            (
                "x.txt",
                None,
                Some("Coming soon"),
                Some(("bsb-trailer", Title)),
            ),
            // The transcript numbers it and the feed does not.
            (
                "x.txt",
                None,
                Some("Episode 3: Structured concurrency"),
                Some(("bsb-0003", Title)),
            ),
            // Both number it, differently written, with the same number.
            (
                "x.txt",
                None,
                Some("#1 - Hello World & Friends"),
                Some(("bsb-0001", Title)),
            ),
            (
                "x.txt",
                None,
                Some("Ep. 4: listener questions"),
                Some(("bsb-0004", Title)),
            ),
            // ...but not with different numbers.
            ("x.txt", None, Some("#7 - Hello World & Friends"), None),
            ("x.txt", None, Some("#7 - Structured concurrency"), None),
            ("x.txt", None, Some("Something else entirely"), None),
            ("x.txt", None, Some("!!!"), None),
            ("x.txt", None, None, None),
        ];
        for &(file, number, title, expected) in cases {
            let found = index
                .item_for(Path::new(file), number, title)
                .map(|(item, how)| (item.guid.as_deref().unwrap_or("?"), how));
            assert_eq!(found, expected, "{file} {number:?} {title:?}");
            let again = feed
                .item_for(Path::new(file), number, title)
                .map(|(item, how)| (item.guid.as_deref().unwrap_or("?"), how));
            assert_eq!(again, found);
        }
    }

    #[test]
    fn a_transcript_file_name_shared_by_two_items_matches_neither() {
        let feed = parse(&rss(
            r#"<item><guid>a</guid><podcast:transcript url="https://x.org/a/talk.vtt"/></item>
               <item><guid>b</guid><podcast:transcript url="https://x.org/b/talk.vtt"/></item>"#,
        ))
        .unwrap();
        assert_eq!(feed.item_for(Path::new("talk.vtt"), None, None), None);
        assert_eq!(feed.item_for(Path::new("talk.txt"), None, None), None);
        // A URL with no path has no file name.
        let feed = parse(&rss(
            r#"<item><podcast:transcript url="https://example.org"/></item>"#,
        ))
        .unwrap();
        assert_eq!(feed.item_for(Path::new("example.org"), None, None), None);
    }

    #[test]
    fn namespaces_are_recognised_by_uri_whatever_the_prefix() {
        let xml = r#"<rss xmlns:it="http://www.itunes.com/dtds/podcast-1.0.dtd"
                          xmlns:pc="https://podcastindex.org/namespace/1.0"
                          xmlns:media="http://search.yahoo.com/mrss/"
                          xmlns:atom="http://www.w3.org/2005/Atom">
            <channel><it:title>Fallback show</it:title>
              <item>
                <media:title>Not this</media:title>
                <title>Real title</title>
                <atom:link href="https://elsewhere.example.org/"/>
                <it:episode> 7 </it:episode>
                <it:episodeType>Full</it:episodeType>
                <pc:transcript url="https://x.org/7.vtt" type="text/vtt"/>
              </item>
              <item>
                <itunes:title>Only an itunes title</itunes:title>
                <itunes:episode>8</itunes:episode>
                <dc:date>2020-05-04T10:00:00+02:00</dc:date>
              </item>
            </channel></rss>"#;
        let feed = parse(xml).unwrap();
        assert_eq!(feed.show.as_deref(), Some("Fallback show"));
        let [first, second] = feed.items.as_slice() else {
            panic!("{feed:?}")
        };
        assert_eq!(first.title.as_deref(), Some("Real title"));
        assert_eq!(first.number, Some(7));
        assert_eq!(first.episode_type.as_deref(), Some("full"));
        assert_eq!(first.transcript_urls, ["https://x.org/7.vtt"]);
        assert_eq!(first.link, None);
        // Undeclared `itunes:` and `dc:` prefixes still count.
        assert_eq!(second.title.as_deref(), Some("Only an itunes title"));
        assert_eq!(second.number, Some(8));
        assert_eq!(second.date, date(2020, 5, 4));
    }

    #[test]
    fn episode_numbers_come_from_itunes_then_podcast_then_the_title() {
        let cases: &[(&str, Option<u32>, bool)] = &[
            (
                "<itunes:episode>9</itunes:episode><podcast:episode>10</podcast:episode>",
                Some(9),
                false,
            ),
            (
                "<podcast:episode>10</podcast:episode><title>#11: x</title>",
                Some(10),
                false,
            ),
            ("<podcast:episode>10.0</podcast:episode>", Some(10), false),
            (
                "<podcast:episode display=\"Ch. 3\">315.5</podcast:episode>",
                None,
                false,
            ),
            (
                "<itunes:episode>-1</itunes:episode><title>#11: x</title>",
                Some(11),
                true,
            ),
            ("<title>Episode 12 - x</title>", Some(12), true),
            (
                "<title>Episode 12 - x</title><itunes:episodeType>trailer</itunes:episodeType>",
                None,
                false,
            ),
            ("<title>x</title>", None, false),
        ];
        for &(inner, number, from_title) in cases {
            let feed = parse(&rss(&format!("<item>{inner}</item>"))).unwrap();
            assert_eq!(feed.items[0].number, number, "{inner}");
            assert_eq!(feed.items[0].number_from_title, from_title, "{inner}");
        }
    }

    #[test]
    fn titles_are_decoded_leniently() {
        let cases = [
            ("<title><![CDATA[Q&A]]></title>", "Q&A"),
            ("<title><![CDATA[Q&amp;A]]></title>", "Q&A"),
            ("<title>Q&amp;amp;A</title>", "Q&A"),
            ("<title>AT&T &amp; you</title>", "AT&T & you"),
            (
                "<title>Caf&eacute;&nbsp;time &mdash; &unknown; &#x1F600;</title>",
                "Café time — &unknown; 😀",
            ),
            ("<title>R&D; more</title>", "R&D; more"),
            (
                "<title>Part <b>one</b>\n  and two</title>",
                "Part one and two",
            ),
            (
                "<title>   </title><itunes:title>Fallback</itunes:title>",
                "Fallback",
            ),
        ];
        for (inner, title) in cases {
            let feed = parse(&rss(&format!("<item>{inner}</item>"))).unwrap();
            assert_eq!(feed.items[0].title.as_deref(), Some(title), "{inner}");
        }
    }

    #[test]
    fn pub_date_variants() {
        let cases = [
            ("Mon, 06 Feb 2017 08:00:00 GMT", date(2017, 2, 6)),
            ("Mon, 06 Feb 2017 08:00:00 +0000", date(2017, 2, 6)),
            ("06 Feb 2017 08:00:00 +0000", date(2017, 2, 6)),
            ("Mon, 6 Feb 2017 08:00 EST", date(2017, 2, 6)),
            // The date as the feed wrote it, not as it falls in UTC.
            ("Tue, 10 Jan 2023 23:30:00 -0800", date(2023, 1, 10)),
            ("Wed, 10 Jan 2023 23:30:00 -0800", date(2023, 1, 10)),
            ("Tue, 10 Jan 2023 23:30:00 CEST", date(2023, 1, 10)),
            ("Tuesday, 10 January 2023 08:00:00 GMT", date(2023, 1, 10)),
            ("Tue, 10 Jan 23 08:00:00 GMT", date(2023, 1, 10)),
            ("Tue, 10 Jan 2023", date(2023, 1, 10)),
            ("2023-01-10T08:00:00Z", date(2023, 1, 10)),
            ("2023-01-10T23:30:00-08:00", date(2023, 1, 10)),
            ("2023-01-10 08:00:00", date(2023, 1, 10)),
            ("2023-01-10", date(2023, 1, 10)),
            ("January 10, 2023", date(2023, 1, 10)),
            ("Jan 10th, 2023 at 8am", date(2023, 1, 10)),
            ("  Tue, 10 Jan 2023 08:00:00 GMT\n", date(2023, 1, 10)),
            ("Tue, 31 Feb 2023 08:00:00 GMT", None),
            ("yesterday", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_date(text), expected, "{text:?}");
        }
    }

    #[test]
    fn title_numbers() {
        let cases = [
            ("#123: Title", Some(123)),
            ("# 123 - Title", Some(123)),
            ("#123 Title", Some(123)),
            ("Episode 123 - Title", Some(123)),
            ("Episode #123: Title", Some(123)),
            ("episode number 123: Title", Some(123)),
            ("Ep. 123 – Title", Some(123)),
            ("Ep 123", Some(123)),
            ("EP123: Title", Some(123)),
            ("123: Title", Some(123)),
            ("123 - Title", Some(123)),
            ("123. Title", Some(123)),
            ("Title - Episode 123", Some(123)),
            ("Title (Ep. 123)", Some(123)),
            ("Show: Episode 123 - Title", Some(123)),
            ("Show #123: Title", Some(123)),
            ("Title #123", Some(123)),
            ("Episode 0", Some(0)),
            ("Episode 0: Pilot", Some(0)),
            ("#0", Some(0)),
            ("Episode 2024: the year", Some(2024)),
            ("Python 3.12 is out", None),
            ("3.12 is out", None),
            ("Ep 3.12", None),
            ("2024 in review", None),
            ("2024: The year in Python", None),
            ("1999 - a retrospective", None),
            ("12-factor apps", None),
            ("101 ways to test", None),
            ("Top 10 tools", None),
            ("We're #1!", None),
            ("S2E5: Title", None),
            ("Season 2 Episode 5", None),
            ("Season 2, Episode 5", None),
            ("Epic 12", None),
            ("Episodes 12 and 13", None),
            ("Episode 9999999", None),
            ("", None),
        ];
        for (title, expected) in cases {
            assert_eq!(title_number(title), expected, "{title:?}");
        }
    }

    #[test]
    fn title_normalisation() {
        assert_eq!(
            normalise_title("  Don’t Panic: Q&A — Part 2!  "),
            "dont panic q and a part 2"
        );
        assert_eq!(normalise_title("Déjà  Vu"), "déjà vu");
        assert_eq!(normalise_title("?!"), "");
    }

    #[test]
    fn rss_1_0_items_beside_the_channel_are_read() {
        let xml = r#"<?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
                     xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://x.org/"><title>Old show</title></channel>
              <item rdf:about="https://x.org/1"><title>#1: First</title><dc:date>2004-05-06</dc:date></item>
            </rdf:RDF>"#;
        let feed = parse(xml).unwrap();
        assert_eq!(feed.show.as_deref(), Some("Old show"));
        assert_eq!(feed.items[0].number, Some(1));
        assert_eq!(feed.items[0].date, date(2004, 5, 6));
    }

    fn xml_error(result: Result<Feed, FeedError>) -> (usize, String) {
        match result {
            Err(FeedError::Xml { line, message, .. }) => (line, message),
            other => panic!("expected an XML error, got {other:?}"),
        }
    }

    fn not_a_feed(result: Result<Feed, FeedError>) -> String {
        match result {
            Err(FeedError::NotAFeed { reason, .. }) => reason,
            other => panic!("expected NotAFeed, got {other:?}"),
        }
    }

    #[test]
    fn files_that_are_not_xml_are_xml_errors_with_a_line() {
        let cases = [
            ("{\"version\": \"1.0.0\", \"segments\": []}", 1, "not XML"),
            ("\n\nWEBVTT\n\n00:00.000 --> 00:01.000\nHello", 3, "not XML"),
            ("&amp; first", 1, "not XML"),
            ("", 1, "empty"),
            ("  \n ", 2, "empty"),
            ("<!-- only a comment -->", 1, "no XML element"),
        ];
        for (text, line, says) in cases {
            let (got_line, message) = xml_error(parse(text));
            assert_eq!(got_line, line, "{text:?}");
            assert!(message.contains(says), "{text:?}: {message}");
        }
    }

    #[test]
    fn xml_that_is_not_an_rss_feed_is_not_a_feed() {
        let cases = [
            (
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Show</title></head><body><br></body></html>",
                "HTML page",
            ),
            (
                "<!doctype html>\n<html lang=en><body>A & B<p>x</body>",
                "HTML page",
            ),
            (
                r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>"#,
                "Atom feed",
            ),
            ("<opml><body/></opml>", "<opml>"),
            ("<rss/>", "no <channel>"),
            ("<rss><title>x</title></rss>", "no <channel>"),
            (
                "<rss><channel><title>Show</title></channel></rss>",
                "no <item>",
            ),
            ("<rss><channel/></rss>", "no <item>"),
            // Items must be in the channel.
            (
                "<rss><channel/><item><title>x</title></item></rss>",
                "no <item>",
            ),
        ];
        for (text, says) in cases {
            let reason = not_a_feed(parse(text));
            assert!(reason.contains(says), "{text:?}: {reason}");
        }
    }

    #[test]
    fn a_truncated_feed_is_an_xml_error_at_its_end_naming_the_open_element() {
        let cut = SAMPLE.find("<title>Listener Questions</title>").unwrap() + 10;
        let truncated = &SAMPLE[..cut];
        let last_line = truncated.lines().count();
        let (line, message) = xml_error(parse(truncated));
        assert_eq!(line, last_line);
        let item_line = SAMPLE[..cut]
            .rfind("<item>")
            .map(|i| line_column(SAMPLE, i).0);
        assert!(
            message.contains(&format!("<title> (opened on line {last_line})")),
            "{message}"
        );
        assert!(item_line.is_some_and(|l| l < last_line));
        // Cut inside a tag: quick-xml's own error, at the tag.
        let cut = SAMPLE.find("<guid isPermaLink=\"false\">bsb-0004").unwrap() + 8;
        let (line, _) = xml_error(parse(&SAMPLE[..cut]));
        assert_eq!(line, SAMPLE[..cut].lines().count());
    }

    #[test]
    fn a_mismatched_end_tag_is_an_xml_error_on_its_line() {
        let xml = "<rss><channel>\n<item>\n<title>x</item>\n</channel></rss>";
        let (line, message) = xml_error(parse(xml));
        assert_eq!(line, 3, "{message}");
        let error = parse(xml).unwrap_err().to_string();
        assert!(
            error.starts_with("feed.xml: not a readable RSS feed (line 3): "),
            "{error}"
        );
        assert!(
            error.ends_with("; give a podcast RSS feed saved as XML"),
            "{error}"
        );
    }

    #[test]
    fn junk_after_the_feed_is_ignored() {
        let feed =
            parse(&(rss("<item><title>x</title></item>") + "\n<!-- served by -->junk")).unwrap();
        assert_eq!(feed.items.len(), 1);
    }

    #[test]
    fn read_feed_reads_files_and_decodes_their_encoding() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds/sample.xml");
        assert_eq!(read_feed(&fixture).unwrap(), sample());

        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.xml");
        let error = read_feed(&missing).unwrap_err();
        assert!(matches!(error, FeedError::Io { .. }));
        assert!(
            error
                .to_string()
                .contains("missing.xml: cannot read feed: ")
        );

        let latin1 = dir.path().join("latin1.xml");
        let mut bytes = b"<?xml version='1.0' encoding='ISO-8859-1'?>\n".to_vec();
        bytes.extend(rss("<item><title>Caf\u{0}</title></item>").bytes());
        let at = bytes.iter().position(|&b| b == 0).unwrap();
        bytes.splice(at..=at, [0xE9, 0x20, 0x96, 0x20, 0x93, b'x', 0x94]);
        std::fs::write(&latin1, &bytes).unwrap();
        let feed = read_feed(&latin1).unwrap();
        assert_eq!(feed.items[0].title.as_deref(), Some("Café – “x”"));

        let undeclared = dir.path().join("undeclared.xml");
        bytes.drain(..bytes.iter().position(|&b| b == b'\n').unwrap() + 1);
        std::fs::write(&undeclared, &bytes).unwrap();
        let (line, message) = xml_error(read_feed(&undeclared));
        assert_eq!(line, 1);
        assert!(message.contains("not UTF-8"), "{message}");

        let utf16 = dir.path().join("utf16.xml");
        let mut bytes = vec![0xFF, 0xFE];
        for unit in rss("<item><title>Ünï</title></item>").encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        std::fs::write(&utf16, &bytes).unwrap();
        assert_eq!(
            read_feed(&utf16).unwrap().items[0].title.as_deref(),
            Some("Ünï")
        );

        let bom = dir.path().join("bom.xml");
        std::fs::write(&bom, format!("\u{FEFF}{}", rss("<item/>"))).unwrap();
        assert_eq!(read_feed(&bom).unwrap().items, [FeedItem::default()]);
    }

    #[test]
    fn a_large_feed_is_read_in_one_pass() {
        let mut items = String::new();
        for n in 1..=5000 {
            items.push_str(&format!(
                "<item><title><![CDATA[#{n}: An episode about things & stuff]]></title>\
                 <description><![CDATA[{}]]></description>\
                 <pubDate>Mon, 06 Feb 2017 08:00:00 GMT</pubDate><guid>g{n}</guid>\
                 <podcast:transcript url=\"https://x.org/t/{n}-episode.vtt\" type=\"text/vtt\"/>\
                 </item>\n",
                "<p>Show notes</p>".repeat(100)
            ));
        }
        let xml = rss(&items);
        assert!(xml.len() > 5_000_000);
        let feed = parse(&xml).unwrap();
        assert_eq!(feed.items.len(), 5000);
        assert_eq!(feed.items[4999].number, Some(5000));
        let index = feed.index();
        let (item, how) = index
            .item_for(Path::new("4321-episode.txt"), None, None)
            .unwrap();
        assert_eq!(
            (item.guid.as_deref(), how),
            (Some("g4321"), FeedMatch::TranscriptUrl)
        );
        let (item, _) = index.item_for(Path::new("x"), Some(17), None).unwrap();
        assert_eq!(item.guid.as_deref(), Some("g17"));
    }

    #[test]
    fn errors_name_the_file_and_say_what_to_do() {
        let error = parse("<html/>").unwrap_err().to_string();
        assert_eq!(
            error,
            "feed.xml: not a podcast RSS feed: it is an HTML page (<html>); give the show's RSS \
             feed (an <rss> document with an <item> per episode)"
        );
        assert_eq!(FeedMatch::TranscriptUrl.name(), "transcript-url");
    }

    proptest! {
        #[test]
        fn parsing_never_panics(text in "\\PC{0,200}") {
            let _ = parse(&text);
            let _ = parse(&rss(&text));
            let _ = title_number(&text);
            let _ = parse_date(&text);
            let _ = decode_entities(&text);
            let _ = url_file_name(&text);
        }

        #[test]
        fn any_prefix_of_the_sample_parses_or_fails_cleanly(cut in 0..SAMPLE.len()) {
            let cut = SAMPLE.floor_char_boundary(cut);
            let _ = parse(&SAMPLE[..cut]);
        }

        #[test]
        fn markup_soup_never_panics(parts in prop::collection::vec(
            prop::sample::select(vec![
                "<rss>", "</rss>", "<channel>", "</channel>", "<item>", "</item>", "<item/>",
                "<title>", "</title>", "<itunes:episode>", "</itunes:episode>", "12", "&amp;",
                "&#0;", "&#xD800;", "&bogus;", "<![CDATA[x]]>", "<podcast:transcript url='%zz/'/>",
                "<pubDate>", "</pubDate>", "Mon, 99 Feb 2017", " ", "<x:y xmlns:x='u'>", "</x:y>",
            ]),
            0..40,
        )) {
            let xml: String = parts.concat();
            if let Ok(feed) = parse(&xml) {
                let _ = feed.item_for(Path::new("12.vtt"), Some(12), Some("12: x"));
            }
        }
    }
}
