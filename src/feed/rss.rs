//! The RSS vocabulary: which elements, in which namespaces and where in the document, become
//! the show and the fields of each [`FeedItem`], and which of two fields saying the same thing
//! wins.
//!
//! [`super::read`] drives a [`Parser`] with the elements and text it streams; keeping the
//! vocabulary here lets a new field or namespace be added without touching the event loop.

use std::borrow::Cow;
use std::path::Path;

use chrono::NaiveDate;
use quick_xml::NsReader;
use quick_xml::events::BytesStart;
use quick_xml::name::ResolveResult;

use super::dates::parse_date;
use super::text::decode_entities;
use super::{Feed, FeedError, FeedItem, title_number};

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
pub(super) struct Name<'a> {
    ns: Ns,
    local: &'a str,
}

impl<'a> Name<'a> {
    pub(super) fn of(reader: &NsReader<&[u8]>, start: &'a BytesStart<'_>) -> Name<'a> {
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

/// One pass over a feed: where the reader is in the document and what it has collected.
#[derive(Default)]
pub(super) struct Parser {
    /// Elements open now.
    pub(super) depth: usize,
    /// Byte offsets of the open elements' start tags, to name the one a truncated file leaves
    /// open.
    pub(super) open: Vec<u64>,
    pub(super) root_seen: bool,
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
    pub(super) fn root(&mut self, name: &Name<'_>, path: &Path) -> Result<(), FeedError> {
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
    pub(super) fn start(&mut self, name: &Name<'_>, start: &BytesStart<'_>, empty: bool) {
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

    pub(super) fn text(&mut self, text: &str) {
        if self.field.is_some() {
            self.text.push_str(text);
        }
    }

    /// The element open at `self.depth` ends.
    pub(super) fn end(&mut self) {
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

    pub(super) fn finish(self, path: &Path) -> Result<Feed, FeedError> {
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::feed::test_support::*;

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
}
