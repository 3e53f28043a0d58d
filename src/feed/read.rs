//! Reading a feed file: its bytes to text, the text to XML events in one streaming pass, and
//! every way the file can fail to be a feed, located by line.
//!
//! This is the syntax of the feed; which elements mean which fields is [`super::rss`]'s
//! business, so that the event loop and its errors can be read apart from the vocabulary.

use std::path::Path;

use quick_xml::NsReader;
use quick_xml::events::Event;

use super::rss::{Name, Parser};
use super::text::{decode, resolve_entity};
use super::{Feed, FeedError};
use crate::transcript::lines::line_column;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::FeedMatch;
    use crate::feed::dates::parse_date;
    use crate::feed::matching::url_file_name;
    use crate::feed::test_support::*;
    use crate::feed::text::decode_entities;
    use crate::feed::title_number;
    use proptest::prelude::*;

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
