//! The interactive site: one self-contained `index.html` to explore the graph in a browser,
//! offline, with nothing to install (and, for a large archive, its snippets in files beside it).
//!
//! The page embeds Cytoscape.js (a pinned release, `assets/site/`, MIT), its own script and
//! style, and the data: entities, co-mentions, episodes, and for each entity the first mention in
//! each episode (time and snippet), for each episode its entities in order of appearance. The
//! data sits in a `<script type="application/json">` element with every `<` written `\u003c`,
//! so no name or snippet can close the element or open markup; the page's script inserts all
//! text with `textContent`.
//!
//! A 5,000-episode archive has tens of megabytes of snippets: above [`EMBED_LIMIT`] they go to
//! `podgraph-data/` beside the page, in files of 64 entities' or episodes' data that the page
//! loads with a script element when one of them is opened (a page opened from disk may load
//! scripts but not fetch files), so the first view needs the page alone.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::atomic::WriteError;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::catalog::Kind;
use crate::export::GraphDocument;
use crate::index::QueryIndex;

const TEMPLATE: &str = include_str!("../assets/site/site.html");
const STYLE: &str = include_str!("../assets/site/site.css");
const APP: &str = include_str!("../assets/site/site.js");
const CYTOSCAPE: &str = include_str!("../assets/site/cytoscape.min.js");

#[derive(Serialize)]
struct SiteNode<'a> {
    id: &'a str,
    name: &'a str,
    kind: Kind,
    mentions: usize,
    episodes: usize,
    community: usize,
    aliases: &'a [String],
    /// Names that count only with evidence: found by the search box too.
    ambiguous: &'a [String],
    host: bool,
    /// Tagged `sponsor`: the page can hide sponsor reads.
    sponsor: bool,
}

#[derive(Serialize)]
struct SiteEpisode<'a> {
    id: &'a str,
    number: Option<u32>,
    title: Option<&'a str>,
    date: Option<&'a str>,
}

/// A snippet and the match in it, in UTF-16 code units (how JavaScript indexes strings).
type Snippet = (String, usize, usize);

/// An entity's first mention in an episode: episode, start ms, snippet, mentions there.
type Moment = (usize, Option<u64>, Snippet, usize);

#[derive(Serialize)]
struct SiteData<'a> {
    nodes: Vec<SiteNode<'a>>,
    /// `[source, target, weight, npmi, episodes]` by node position; `episodes` counts them.
    edges: Vec<(usize, usize, usize, f64, usize)>,
    episodes: Vec<SiteEpisode<'a>>,
    /// Per node: `[episode, first mention's start ms, snippet, mentions]`, in episode order.
    /// Left out when the data is split into files beside the page (see `chunked`).
    #[serde(skip_serializing_if = "Option::is_none")]
    moments: Option<Box<RawValue>>,
    /// Per episode: `[node, first mention's start ms, mentions]`, in order of appearance.
    #[serde(skip_serializing_if = "Option::is_none")]
    appearances: Option<Box<RawValue>>,
    /// When split: how many nodes' moments (`m`) and episodes' appearances (`a`) each file of
    /// `podgraph-data/` holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    chunked: Option<Chunked>,
    /// Whether the episodes come from several shows: then every show has a #1, and the page
    /// names episodes by id (left out for one show).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    several_shows: bool,
}

/// A node's first mention in an episode, from the episode's side: node, start ms, mentions.
type Appearance = (usize, Option<u64>, usize);

#[derive(Serialize)]
struct Chunked {
    m: usize,
    a: usize,
}

/// Above this much data, moments and appearances go to files beside the page, loaded when an
/// entity or an episode is opened: a 5,000-episode archive's page would otherwise carry tens of
/// megabytes before it draws anything. `PODGRAPH_SITE_EMBED_LIMIT` (bytes) overrides it.
pub const EMBED_LIMIT: usize = 8 << 20;

/// Nodes' moments, or episodes' appearances, per file of [`DATA_FOLDER`].
const PER_FILE: usize = 64;

/// The folder beside the page that split data goes to.
pub const DATA_FOLDER: &str = "podgraph-data";

/// Writes the site into `folder`: `index.html`, and when the data is larger than `embed_limit`
/// bytes, the moments and appearances as `podgraph-data/m<k>.js` and `a<k>.js` (64 nodes or episodes
/// each), which the page loads when they are needed. Each file is written atomically; files of
/// an earlier split are removed. Returns the page's path.
pub fn write_site(
    document: &GraphDocument,
    index: &QueryIndex,
    folder: &Path,
    embed_limit: usize,
) -> Result<PathBuf, WriteError> {
    let page_path = folder.join("index.html");
    let data_folder = folder.join(DATA_FOLDER);
    let fail = |source: io::Error| WriteError {
        path: page_path.clone(),
        source,
    };
    let (mut data, moments, appearances) = site_data(document, index).map_err(fail)?;
    // Serialised once, in files' worth: written as files, or joined into the page.
    let (moments, appearances) = (chunks(&moments), chunks(&appearances));
    let size: usize = moments.iter().chain(&appearances).map(String::len).sum();
    // A previous split's files go (only those: the folder may be the user's).
    remove_chunks(&data_folder)?;
    if size > embed_limit {
        for (kind, items) in [("m", moments), ("a", appearances)] {
            for (k, json) in items.into_iter().enumerate() {
                let path = data_folder.join(format!("{kind}{k}.js"));
                crate::atomic::write_file(&path, |w| {
                    write!(w, "podgraphChunk(\"{kind}\",{k},{json});")
                })?;
            }
        }
        data.chunked = Some(Chunked {
            m: PER_FILE,
            a: PER_FILE,
        });
    } else {
        data.moments = Some(joined(&moments));
        data.appearances = Some(joined(&appearances));
    }
    // `<` as `\u003c`: the JSON cannot end its script element or start a comment.
    let json = serde_json::to_string(&data)
        .map_err(|e| fail(e.into()))?
        .replace('<', "\\u003c");
    let page = fill(
        TEMPLATE,
        &[
            ("/*CSS*/", STYLE),
            ("/*DATA*/", &json),
            ("/*CYTOSCAPE*/", CYTOSCAPE),
            ("/*APP*/", APP),
        ],
    );
    crate::atomic::write_file(&page_path, |w| w.write_all(page.as_bytes()))?;
    Ok(page_path)
}

/// Removes the `m<k>.js` and `a<k>.js` files of `folder`, if any.
fn remove_chunks(folder: &Path) -> Result<(), WriteError> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let chunk = name
            .strip_suffix(".js")
            .and_then(|stem| stem.strip_prefix('m').or_else(|| stem.strip_prefix('a')))
            .is_some_and(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()));
        if chunk {
            std::fs::remove_file(entry.path()).map_err(|source| WriteError {
                path: entry.path(),
                source,
            })?;
        }
    }
    Ok(())
}

/// The JSON arrays of [`chunks`] as one array, as serialising them whole would write it.
fn joined(chunks: &[String]) -> Box<RawValue> {
    let items: Vec<&str> = chunks.iter().map(|c| &c[1..c.len() - 1]).collect();
    RawValue::from_string(format!("[{}]", items.join(","))).expect("arrays joined are JSON")
}

/// The JSON of `items` in files of [`PER_FILE`] each.
fn chunks<T: Serialize>(items: &[T]) -> Vec<String> {
    items
        .chunks(PER_FILE)
        .map(|chunk| serde_json::to_string(chunk).expect("site data serialises"))
        .collect()
}

/// `template` with each placeholder replaced once by its text, in one pass over the template:
/// what is inserted is never searched again, so data holding "/*APP*/" (an entity's name, a
/// snippet) stays data.
fn fill(template: &str, parts: &[(&str, &str)]) -> String {
    let mut page =
        String::with_capacity(template.len() + parts.iter().map(|p| p.1.len()).sum::<usize>());
    let mut rest = template;
    let mut left: Vec<&(&str, &str)> = parts.iter().collect();
    while let Some((at, i)) = left
        .iter()
        .enumerate()
        .filter_map(|(i, (marker, _))| rest.find(marker).map(|at| (at, i)))
        .min()
    {
        let (marker, text) = left.remove(i);
        page.push_str(&rest[..at]);
        page.push_str(text);
        rest = &rest[at + marker.len()..];
    }
    page.push_str(rest);
    page
}

/// The page's data, and the moments and appearances, which may go beside it.
type Parts<'a> = (SiteData<'a>, Vec<Vec<Moment>>, Vec<Vec<Appearance>>);

fn site_data<'a>(document: &'a GraphDocument, index: &'a QueryIndex) -> io::Result<Parts<'a>> {
    let node_of = document.node_positions();
    let episode_of = document.episode_positions();
    // Index entities are the whole catalog; map them to graph nodes.
    let index_node: Vec<Option<usize>> = index
        .entities()
        .map(|e| node_of.get(e.id).copied())
        .collect();
    let utf16 = |s: &str| s.encode_utf16().count();
    let mut moments = vec![Vec::new(); document.nodes.len()];
    let mut appearances = Vec::with_capacity(index.episode_count());
    for (e, episode) in index.episode_ids().zip(index.episodes()) {
        let Some(&position) = episode_of.get(episode.summary.id) else {
            appearances.push(Vec::new());
            continue;
        };
        let mut first: HashMap<usize, (usize, Option<u64>, Snippet)> = HashMap::new();
        let mut order: Vec<usize> = Vec::new();
        let read = index.episode_mentions(e).map_err(io::Error::other)?;
        for m in &read.mentions {
            let Some(node) = index_node[m.entity.index()] else {
                continue;
            };
            first
                .entry(node)
                .and_modify(|f| f.0 += 1)
                .or_insert_with(|| {
                    order.push(node);
                    let (before, matched, after) = read.snippet(m);
                    let a = utf16(before);
                    let b = a + utf16(matched);
                    (1, m.start_ms, (format!("{before}{matched}{after}"), a, b))
                });
        }
        appearances.push(
            order
                .iter()
                .map(|&node| (node, first[&node].1, first[&node].0))
                .collect(),
        );
        for node in order {
            let (count, ms, snippet) = first.remove(&node).expect("seen");
            moments[node].push((position, ms, snippet, count));
        }
    }
    let data = SiteData {
        nodes: document
            .nodes
            .iter()
            .map(|n| SiteNode {
                id: &n.id,
                name: &n.name,
                kind: n.kind,
                mentions: n.mentions,
                episodes: n.episodes,
                community: n.community,
                aliases: &n.aliases,
                ambiguous: &n.ambiguous_aliases,
                host: n.tags.iter().any(|t| t == "host"),
                sponsor: n.tags.iter().any(|t| t == crate::query::SPONSOR_TAG),
            })
            .collect(),
        edges: document
            .edge_list()
            .iter()
            .filter_map(|e| {
                Some((
                    *node_of.get(e.source.as_str())?,
                    *node_of.get(e.target.as_str())?,
                    e.weight,
                    e.npmi,
                    e.episode_count,
                ))
            })
            .collect(),
        episodes: document
            .episodes
            .iter()
            .map(|e| SiteEpisode {
                id: &e.summary.id,
                number: e.summary.number,
                title: e.summary.title.as_deref(),
                date: e.summary.date.as_deref(),
            })
            .collect(),
        moments: None,
        appearances: None,
        chunked: None,
        several_shows: index.several_shows(),
    };
    Ok((data, moments, appearances))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_inside_inserted_data_stay_data() {
        // Regression: the data went in before the app, so a name holding "/*APP*/" got the
        // app's script pasted into the JSON.
        let page = fill(
            "<style>/*CSS*/</style><script>/*DATA*/</script><script>/*APP*/</script>",
            &[
                ("/*CSS*/", "css"),
                ("/*DATA*/", r#"{"name":"/*APP*/ and /*CSS*/"}"#),
                ("/*APP*/", "app()"),
            ],
        );
        assert_eq!(
            page,
            r#"<style>css</style><script>{"name":"/*APP*/ and /*CSS*/"}</script><script>app()</script>"#
        );
    }
}
