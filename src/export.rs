//! Exports: the co-mention graph in the formats other tools read.
//!
//! `graph.json` is networkx's node-link form, which D3 and Cytoscape users also know, extended
//! with an `episodes` array so that the file alone answers "which episodes, and what is in them".
//! podgraph's own queries read it back, so its keys are documented in `docs/graph-json.md` and
//! kept stable; [`FORMAT_VERSION`] changes when their meaning does.
//!
//! Everything written is sorted (nodes and edges by entity id, episodes in corpus order), so the
//! same input gives byte-identical files.

use std::io::{self, Write};

use serde::Serialize;

use crate::catalog::{Catalog, EntityId, Kind};
use crate::corpus::EpisodeRecord;
use crate::graph::CoMentionGraph;

/// The version of `graph.json`'s layout and meaning.
pub const FORMAT_VERSION: u32 = 1;

/// Which key holds the edge list in node-link JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EdgesKey {
    /// `edges`: what networkx 3.6 reads by default (`nx.node_link_graph(data)`).
    #[default]
    Edges,
    /// `links`: what D3 and networkx before 3.6 read.
    Links,
}

#[derive(Serialize)]
struct NodeLink<'a> {
    directed: bool,
    multigraph: bool,
    graph: GraphAttributes,
    nodes: Vec<Node<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    edges: Option<Vec<Edge<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<Vec<Edge<'a>>>,
    episodes: Vec<Episode<'a>>,
}

#[derive(Serialize)]
struct GraphAttributes {
    name: &'static str,
    format_version: u32,
    window: String,
    windows: usize,
    episodes: usize,
}

#[derive(Serialize)]
struct Node<'a> {
    id: &'a str,
    name: &'a str,
    kind: Kind,
    mentions: usize,
    episodes: usize,
    windows: usize,
    first_episode: &'a str,
    last_episode: &'a str,
}

#[derive(Serialize)]
struct Edge<'a> {
    source: &'a str,
    target: &'a str,
    weight: usize,
    episode_count: usize,
    npmi: f64,
    episodes: Vec<&'a str>,
}

#[derive(Serialize)]
struct Episode<'a> {
    id: &'a str,
    show: Option<&'a str>,
    number: Option<u32>,
    title: Option<&'a str>,
    date: Option<String>,
    source_path: String,
    entities: Vec<EntityCount<'a>>,
}

/// How often an episode mentions an entity, as written in `graph.json` and `episodes.json`.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct EntityCount<'a> {
    /// The entity's id.
    pub id: &'a str,
    /// Its mentions in the episode.
    pub mentions: usize,
}

/// Counts from [`crate::extract::count_by_entity`] with the entities named by id.
pub fn entity_counts<'a>(
    catalog: &'a Catalog,
    counts: &[(EntityId, usize)],
) -> Vec<EntityCount<'a>> {
    counts
        .iter()
        .map(|&(id, mentions)| EntityCount {
            id: &catalog.get(id).id,
            mentions,
        })
        .collect()
}

/// Writes the graph as node-link JSON with an `episodes` array (see `docs/graph-json.md`).
///
/// `episodes` and `counts_per_episode` are parallel to the graph's episodes: the record of each and
/// how often it mentions each entity.
pub fn write_node_link(
    out: &mut dyn Write,
    graph: &CoMentionGraph,
    catalog: &Catalog,
    episodes: &[EpisodeRecord],
    counts_per_episode: &[Vec<(EntityId, usize)>],
    key: EdgesKey,
) -> io::Result<()> {
    let g = graph.graph();
    let episode_ids = graph.episodes();
    let nodes = g
        .node_indices()
        .map(|n| {
            let node = &g[n];
            let entity = catalog.get(node.entity);
            Node {
                id: &entity.id,
                name: &entity.name,
                kind: entity.kind,
                mentions: node.mentions,
                episodes: node.episodes,
                windows: node.windows,
                first_episode: &episode_ids[node.first_episode],
                last_episode: &episode_ids[node.last_episode],
            }
        })
        .collect();
    let edges: Vec<Edge<'_>> = g
        .edge_indices()
        .map(|e| {
            let (a, b) = g.edge_endpoints(e).expect("an edge of this graph");
            let edge = &g[e];
            Edge {
                source: &catalog.get(g[a].entity).id,
                target: &catalog.get(g[b].entity).id,
                weight: edge.windows,
                episode_count: edge.episodes.len(),
                npmi: round(edge.npmi),
                episodes: edge
                    .episodes
                    .iter()
                    .map(|&i| episode_ids[i].as_str())
                    .collect(),
            }
        })
        .collect();
    let episodes = episodes
        .iter()
        .zip(counts_per_episode)
        .map(|(record, counts)| Episode {
            id: &record.id,
            show: record.show.as_ref().map(|s| s.value.as_str()),
            number: record.number.as_ref().map(|n| n.value),
            title: record.title.as_ref().map(|t| t.value.as_str()),
            date: record.date.as_ref().map(|d| d.value.to_string()),
            source_path: record.source_path.display().to_string(),
            entities: entity_counts(catalog, counts),
        })
        .collect();
    let (edges, links) = match key {
        EdgesKey::Edges => (Some(edges), None),
        EdgesKey::Links => (None, Some(edges)),
    };
    let document = NodeLink {
        directed: false,
        multigraph: false,
        graph: GraphAttributes {
            name: "podgraph co-mentions",
            format_version: FORMAT_VERSION,
            window: graph.window().to_string(),
            windows: graph.window_count(),
            episodes: episode_ids.len(),
        },
        nodes,
        edges,
        links,
        episodes,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// Six decimals: enough for any ranking, and stable across platforms' last-digit noise.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
