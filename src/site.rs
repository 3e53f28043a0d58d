//! The interactive site: one self-contained `index.html` to explore the graph in a browser,
//! offline, with nothing to install.
//!
//! The page embeds Cytoscape.js (a pinned release, `assets/site/`, MIT), its own script and
//! style, and the data: entities, co-mentions, episodes, and for each entity the first mention in
//! each episode (time and snippet), for each episode its entities in order of appearance. The
//! data sits in a `<script type="application/json">` element with every `<` written `\u003c`,
//! so no name or snippet can close the element or open markup; the page's script inserts all
//! text with `textContent`.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

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
    /// `[source, target, weight, npmi, [episodes]]` by node and episode position.
    edges: Vec<(usize, usize, usize, f64, Vec<usize>)>,
    episodes: Vec<SiteEpisode<'a>>,
    /// Per node: `[episode, first mention's start ms, snippet, mentions]`, in episode order.
    moments: Vec<Vec<Moment>>,
    /// Per episode: `[node, first mention's start ms, mentions]`, in order of appearance.
    appearances: Vec<Vec<(usize, Option<u64>, usize)>>,
}

/// Writes the site's `index.html` for a saved graph and its index.
pub fn write_site(
    document: &GraphDocument,
    index: &QueryIndex,
    out: &mut dyn Write,
) -> io::Result<()> {
    let data = site_data(document, index)?;
    // `<` as `\u003c`: the JSON cannot end its script element or start a comment.
    let json = serde_json::to_string(&data)?.replace('<', "\\u003c");
    let page = fill(
        TEMPLATE,
        &[
            ("/*CSS*/", STYLE),
            ("/*DATA*/", &json),
            ("/*CYTOSCAPE*/", CYTOSCAPE),
            ("/*APP*/", APP),
        ],
    );
    out.write_all(page.as_bytes())
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

fn site_data<'a>(document: &'a GraphDocument, index: &'a QueryIndex) -> io::Result<SiteData<'a>> {
    let node_of: HashMap<&str, usize> = document
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let episode_of: HashMap<&str, usize> = document
        .episodes
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    // Index entities are the whole catalog; map them to graph nodes.
    let index_node: Vec<Option<usize>> = index
        .entities
        .iter()
        .map(|e| node_of.get(e.id.as_str()).copied())
        .collect();
    let utf16 = |s: &str| s.encode_utf16().count();
    let mut moments = vec![Vec::new(); document.nodes.len()];
    let mut appearances = Vec::with_capacity(index.episodes.len());
    for (e, episode) in index.episodes.iter().enumerate() {
        let Some(&position) = episode_of.get(episode.id.as_str()) else {
            appearances.push(Vec::new());
            continue;
        };
        let mut first: HashMap<usize, (usize, Option<u64>, Snippet)> = HashMap::new();
        let mut order: Vec<usize> = Vec::new();
        let read = index.episode_mentions(e).map_err(io::Error::other)?;
        for m in &read.mentions {
            let Some(node) = index_node[m.entity as usize] else {
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
    Ok(SiteData {
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
                    e.episodes
                        .iter()
                        .filter_map(|id| episode_of.get(id).copied())
                        .collect(),
                ))
            })
            .collect(),
        episodes: document
            .episodes
            .iter()
            .map(|e| SiteEpisode {
                id: &e.id,
                number: e.number,
                title: e.title.as_deref(),
                date: e.date.as_deref(),
            })
            .collect(),
        moments,
        appearances,
    })
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
