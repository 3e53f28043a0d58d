//! What a Markdown transcript says about its episode before the speech: YAML-style front
//! matter read into the episode's header facts, and a leading `#` heading made a title.
//!
//! Apart from the reading loop because it is metadata, not speech: it writes to the header,
//! never to the text.

use crate::transcript::lines::lines;
use crate::transcript::meta::{HeaderFacts, find_date};

/// A heading's text without its `#`s, emphasis and escapes.
pub(super) fn clean_heading(heading: &str) -> String {
    heading
        .trim_start_matches('#')
        .replace(['*', '\\'], "")
        .trim()
        .to_owned()
}

/// Reads YAML-style front matter (`---` ... `---`) into `header`; returns where the body starts.
pub(super) fn front_matter(source: &str, body: usize, header: &mut HeaderFacts) -> usize {
    let mut it = lines(source, body);
    let Some(first) = it.by_ref().find(|l| !source[l.clone()].trim().is_empty()) else {
        return body;
    };
    if source[first].trim() != "---" {
        return body;
    }
    for line in it {
        let text = source[line.clone()].trim();
        if text == "---" || text == "..." {
            return (line.end + 1).min(source.len());
        }
        let Some((key, value)) = text.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => header.title = Some(value.to_owned()),
            "date" | "published" | "pubdate" | "recorded" => {
                header.date = header.date.or_else(|| find_date(value));
            }
            "episode" | "number" | "episode_number" | "episodenumber" => {
                header.number = header.number.or_else(|| value.parse().ok());
            }
            "show" | "podcast" | "series" => header.show = Some(value.to_owned()),
            _ => {}
        }
    }
    // No closing line: it was not front matter after all.
    body
}
