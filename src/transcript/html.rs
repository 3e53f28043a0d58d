//! The HTML transcript format of the Podcasting 2.0 spec, as hosting platforms serve it.
//!
//! ```html
//! <cite>Alban:</cite>
//! <time>0:00</time>
//! <p>It is so stinking nice to like, show up and record this show.</p>
//! ```
//!
//! A `<cite>` names the speaker of the paragraphs after it, a `<time>` their start; each `<p>`
//! is a segment. The page's `<title>` is the episode title. Only that markup is read: an HTML
//! page with neither `<cite>` nor `<time>` is some other page, not a transcript, and is refused
//! rather than read as prose (menus, scripts and footers would become "speech").
//!
//! The scan is one pass over the tags, without a DOM: `O(n)` in the file, and text positions
//! stay byte offsets of the file so snippets quote it.

use super::Timestamp;
use super::meta::HeaderFacts;
use super::text::TextBuilder;
use super::timed::timestamp_prefix;
use super::webvtt::html_escape;

/// Why an HTML file was not read.
#[derive(Debug)]
pub struct NotTranscript;

/// Reads a Podcasting 2.0 HTML body into `builder`; the page title goes to `header`.
pub fn parse(
    builder: &mut TextBuilder<'_>,
    body: usize,
    header: &mut HeaderFacts,
) -> Result<(), NotTranscript> {
    let source = builder.source();
    let bytes = source.as_bytes();
    let mut speaker: Option<String> = None;
    let mut time: Option<Timestamp> = None;
    let mut structured = false;
    let mut at = body;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let open = at + found;
        let Some(close) = memchr::memchr(b'>', &bytes[open..]).map(|i| open + i) else {
            break;
        };
        let name = tag_name(&source[open + 1..close]);
        at = close + 1;
        let element = match name.as_str() {
            "cite" | "time" | "p" | "title" => name,
            "script" | "style" => {
                // Skip their content whole: it may hold `<p>` in strings.
                at = element_end(source, at, &name).map_or(source.len(), |(_, end)| end);
                continue;
            }
            _ => continue,
        };
        let Some((content_end, end)) = element_end(source, at, &element) else {
            break;
        };
        let content = at..content_end;
        match element.as_str() {
            "cite" => {
                structured = true;
                let name = strip_tags(&source[content.clone()]);
                let name = name.trim().trim_end_matches(':').trim();
                speaker = (!name.is_empty()).then(|| name.to_owned());
            }
            "time" => {
                structured = true;
                time = timestamp_prefix(source[content.clone()].trim()).map(|(t, _)| t);
            }
            "title" => {
                let title = strip_tags(&source[content.clone()]);
                let title = title.trim();
                if !title.is_empty() && header.title.is_none() {
                    header.title = Some(title.to_owned());
                }
            }
            _ => {
                builder.begin(time.take(), None, speaker.as_deref());
                builder.push_escaped(content, b"<&", |rest| {
                    if rest.starts_with('<') {
                        memchr::memchr(b'>', rest.as_bytes()).map(|i| (i + 1, None))
                    } else {
                        html_escape(rest).map(|(len, c)| (len, Some(c)))
                    }
                });
                builder.end();
            }
        }
        at = end;
    }
    if structured {
        Ok(())
    } else {
        Err(NotTranscript)
    }
}

/// The lower-case name of a tag from what is between `<` and `>`; empty for end tags,
/// comments and declarations.
fn tag_name(inner: &str) -> String {
    if inner.starts_with(['/', '!', '?']) {
        return String::new();
    }
    inner
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Where the content of an element opened before `from` ends, and where its end tag ends.
fn element_end(source: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let bytes = source.as_bytes();
    let mut at = from;
    while let Some(found) = memchr::memmem::find(&bytes[at..], b"</") {
        let start = at + found;
        let rest = &source[start + 2..];
        if rest.len() >= name.len()
            && rest.is_char_boundary(name.len())
            && rest[..name.len()].eq_ignore_ascii_case(name)
        {
            let close = memchr::memchr(b'>', &bytes[start..])?;
            return Some((start, start + close + 1));
        }
        at = start + 2;
    }
    None
}

/// Text without tags and with character references decoded (for names and titles).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(close) = rest.find('>')
        {
            rest = &rest[close + 1..];
            continue;
        }
        if c == '&'
            && let Some((len, decoded)) = html_escape(rest)
        {
            out.push(decoded);
            rest = &rest[len..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Whether a body looks like an HTML document (for detection).
pub fn looks_like_html(sample: &str) -> bool {
    let start = sample.trim_start();
    if !start.starts_with('<') {
        return false;
    }
    let head = &start.as_bytes()[..start.len().min(4096)];
    let has = |needle: &[u8]| {
        head.windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    has(b"<html") || has(b"<!doctype html") || has(b"<body") || has(b"<cite") || has(b"<p>")
}

#[cfg(test)]
mod tests {
    use super::super::{Format, ParseOptions, TranscriptError, parse_bytes};
    use std::path::Path;

    #[test]
    fn cite_time_and_paragraphs() {
        let source = "<!-- saved -->\n<html><head><title>Buzzcast &amp; friends</title></head><body>\
            <cite>Alban:</cite>\n  <time>0:00</time>\n  <p>It is so <b>nice</b> &mdash; really.</p>\n\
            <p>Second paragraph.</p>\n<cite>Kevin:</cite><time>1:02:03</time><p>Hi Alban.</p></body></html>";
        let t = parse_bytes(
            source.as_bytes(),
            Path::new("x.html"),
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!(t.format, Format::Html);
        let rows: Vec<_> = t
            .segments()
            .iter()
            .map(|s| {
                (
                    s.start.map(|t| t.as_secs()),
                    t.speaker_name(s),
                    t.segment_text(s),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (Some(0), Some("Alban"), "It is so nice - really."),
                (None, Some("Alban"), "Second paragraph."),
                (Some(3723), Some("Kevin"), "Hi Alban.")
            ]
        );
        assert_eq!(t.meta.title.as_ref().unwrap().value, "Buzzcast & friends");
        let at = t.text().find("nice").unwrap();
        assert_eq!(&t.source()[t.source_span(at..at + 4)], "nice");
    }

    #[test]
    fn an_html_page_that_is_not_a_transcript_is_refused() {
        let source = "<!DOCTYPE html><html><head><title>Shop</title><script>var p = '<p>x</p>';</script>\
                      </head><body><p>Buy now</p></body></html>";
        let err = parse_bytes(
            source.as_bytes(),
            Path::new("shop.html"),
            &ParseOptions::default(),
        )
        .unwrap_err();
        assert!(
            matches!(err, TranscriptError::NotTranscript { .. }),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "shop.html: not a transcript: an HTML page without the <cite>/<time> markup of \
             Podcasting 2.0 transcripts"
        );
    }
}
