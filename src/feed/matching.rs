//! Which feed item a transcript file belongs to: by the file names of the item's transcript
//! URLs, then by episode number, then by title (see "Matching" in the module docs of
//! [`super`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use super::titles::{normalise_title, split_number_prefix};
use super::{Feed, FeedItem, FeedMatch};

/// The last path segment of a URL, percent-decoded and lower-cased, without query or fragment.
pub(super) fn url_file_name(url: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::test_support::*;

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
}
