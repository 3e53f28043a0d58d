//! `graph.json`: the saved graph that exports, images and queries read.
//!
//! It is networkx's node-link form, which D3 and Cytoscape users also know, extended
//! with an `episodes` array so that the file alone answers "which episodes, and what is in them".
//! podgraph's own queries read it back ([`GraphDocument::load`]), so its keys are documented in
//! `docs/graph-json.md` and kept stable; [`FORMAT_VERSION`] changes when their meaning does.
//!
//! Everything written is sorted (nodes and edges by entity id, episodes in corpus order), so the
//! same input gives byte-identical files.

use std::io::{self, Write};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::analytics;
use crate::catalog::{Catalog, EntityId, Kind, NameRequest, named_entity};
use crate::corpus::{EpisodeRecord, EpisodeSummary};
use crate::graph::CoMentionGraph;
use crate::transcript::lines::strip_position;

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

/// `graph.json` in memory: what [`write_node_link`] writes and [`GraphDocument::load`] reads
/// back (see `docs/graph-json.md` for every field).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphDocument {
    /// Always `false`.
    pub directed: bool,
    /// Always `false`.
    pub multigraph: bool,
    /// Graph attributes.
    pub graph: GraphAttributes,
    /// One per entity mentioned.
    pub nodes: Vec<DocumentNode>,
    /// The edge list, when written under `edges`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edges: Option<Vec<DocumentEdge>>,
    /// The edge list, when written under `links`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<DocumentEdge>>,
    /// Every episode, in corpus order.
    pub episodes: Vec<DocumentEpisode>,
}

/// `graph` in `graph.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphAttributes {
    /// `"podgraph co-mentions"`.
    pub name: String,
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// The co-mention window (`60s`, `segment`, `episode`).
    pub window: String,
    /// Windows holding any mention.
    pub windows: usize,
    /// Number of episodes.
    pub episodes: usize,
    /// A fingerprint of what this build found (see `build_id`): `index.bin` carries the same
    /// one, so that a reader can tell files of two different builds apart. Empty in files
    /// written before it existed.
    #[serde(default)]
    pub build: String,
}

/// A node of `graph.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentNode {
    /// Entity id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// Mentions in all episodes.
    pub mentions: usize,
    /// Episodes that mention it.
    pub episodes: usize,
    /// Windows that mention it.
    pub windows: usize,
    /// Id of the first episode that mentions it.
    pub first_episode: String,
    /// Id of the last episode that mentions it.
    pub last_episode: String,
    /// Number of neighbours.
    pub degree: usize,
    /// Windows shared with all neighbours (sum of edge weights).
    pub weighted_degree: usize,
    /// Weighted PageRank (see [`crate::analytics`]).
    pub pagerank: f64,
    /// Normalised betweenness centrality.
    pub betweenness: f64,
    /// Community (topic cluster) number, 0 for the largest.
    pub community: usize,
    /// Names that always count (catalog aliases).
    pub aliases: Vec<String>,
    /// Names that count only with evidence (a bare first name, a common word).
    pub ambiguous_aliases: Vec<String>,
    /// Catalog tags (`host`, ...).
    pub tags: Vec<String>,
}

named_entity!(DocumentNode);

/// An edge of `graph.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentEdge {
    /// Entity id (the smaller one).
    pub source: String,
    /// Entity id.
    pub target: String,
    /// Windows shared.
    pub weight: usize,
    /// Episodes with a shared window.
    pub episode_count: usize,
    /// Normalised pointwise mutual information.
    pub npmi: f64,
    /// Ids of those episodes.
    pub episodes: EpisodeIds,
}

/// A build's episode ids, in its order, shared by every edge that names episodes by position.
pub type EpisodeList = Arc<[Arc<str>]>;

/// The ids of the episodes an edge's entities share windows in, written as a list of ids. A
/// build holds them as positions in its list of episodes (4 bytes each rather than a string:
/// an archive's edges name millions), a document read from a file as the ids it read.
#[derive(Clone, Debug)]
pub struct EpisodeIds(EpisodeIdsRepr);

#[derive(Clone, Debug)]
enum EpisodeIdsRepr {
    Ids(Vec<Arc<str>>),
    Positions(EpisodeList, Vec<u32>),
}

impl EpisodeIds {
    /// The episodes at `positions` of `episodes`.
    pub fn at_positions(episodes: EpisodeList, positions: Vec<u32>) -> EpisodeIds {
        EpisodeIds(EpisodeIdsRepr::Positions(episodes, positions))
    }

    /// The ids, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The `i`-th id.
    fn get(&self, i: usize) -> &str {
        match &self.0 {
            EpisodeIdsRepr::Ids(ids) => &ids[i],
            EpisodeIdsRepr::Positions(table, positions) => &table[positions[i] as usize],
        }
    }

    /// The positions of the ids in the list of episodes they are taken from, and that list,
    /// where they are held that way (a build's document): an archive's edges name millions of
    /// episodes, and a writer that knows the list need not look each id up.
    pub fn positions(&self) -> Option<(&EpisodeList, &[u32])> {
        match &self.0 {
            EpisodeIdsRepr::Ids(_) => None,
            EpisodeIdsRepr::Positions(table, positions) => Some((table, positions)),
        }
    }

    /// How many.
    pub fn len(&self) -> usize {
        match &self.0 {
            EpisodeIdsRepr::Ids(ids) => ids.len(),
            EpisodeIdsRepr::Positions(_, positions) => positions.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<S: AsRef<str>> FromIterator<S> for EpisodeIds {
    fn from_iter<I: IntoIterator<Item = S>>(ids: I) -> Self {
        EpisodeIds(EpisodeIdsRepr::Ids(
            ids.into_iter().map(|id| Arc::from(id.as_ref())).collect(),
        ))
    }
}

impl PartialEq for EpisodeIds {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Serialize for EpisodeIds {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for EpisodeIds {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Arc<str>>::deserialize(deserializer).map(|ids| EpisodeIds(EpisodeIdsRepr::Ids(ids)))
    }
}

/// An episode of `graph.json`: its summary, and the entities it mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentEpisode {
    /// Id, show, number, title, date and file (written as fields of the episode).
    #[serde(flatten)]
    pub summary: EpisodeSummary,
    /// Mention counts, most mentioned first.
    pub entities: Vec<EntityCount>,
}

/// An entity and how often an episode mentions it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityCount {
    /// Entity id (shared: every episode names its entities).
    pub id: Arc<str>,
    /// Mentions in the episode.
    pub mentions: usize,
}

/// Why a saved `graph.json` could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file is missing or unreadable.
    #[error("{}: cannot read: {source}; run `podgraph build` first, or give --graph", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The file was written by a podgraph with another format.
    #[error(
        "{}: written in graph format {found}, this podgraph reads format {FORMAT_VERSION}; \
         rebuild with `podgraph build`",
        path.display()
    )]
    Version {
        /// The file.
        path: std::path::PathBuf,
        /// The version it says it has.
        found: u32,
    },
    /// The file parses but does not hang together (an edge naming no node, a node twice).
    #[error("{}: not a podgraph graph.json ({message}); rebuild with `podgraph build`", path.display())]
    Inconsistent {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The file is not a `graph.json` (truncated, hand-edited, another program's).
    #[error("{}:{line}:{column}: not a podgraph graph.json ({message}); rebuild with `podgraph build`", path.display())]
    Invalid {
        /// The file.
        path: std::path::PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

impl GraphDocument {
    /// The edges, whichever key they were written under.
    pub fn edge_list(&self) -> &[DocumentEdge] {
        self.edges
            .as_deref()
            .or(self.links.as_deref())
            .unwrap_or(&[])
    }

    /// Reads a `graph.json` written by [`write_node_link`].
    pub fn load(path: &std::path::Path) -> Result<GraphDocument, LoadError> {
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: path.to_owned(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let prefix = std::str::from_utf8(&e.as_bytes()[..valid]).expect("valid up to here");
            let (line, column) = crate::transcript::lines::line_column(prefix, valid);
            LoadError::Invalid {
                path: path.to_owned(),
                line,
                column,
                message: "not UTF-8 text".to_owned(),
            }
        })?;
        #[derive(Deserialize)]
        struct Probe {
            graph: ProbeGraph,
        }
        #[derive(Deserialize)]
        struct ProbeGraph {
            format_version: u32,
        }
        // An older or newer file may not parse at all: say so before what fails to parse.
        if let Ok(probe) = serde_json::from_str::<Probe>(&text)
            && probe.graph.format_version != FORMAT_VERSION
        {
            return Err(LoadError::Version {
                path: path.to_owned(),
                found: probe.graph.format_version,
            });
        }
        let document: GraphDocument =
            serde_json::from_str(&text).map_err(|e| LoadError::Invalid {
                path: path.to_owned(),
                line: e.line(),
                column: e.column(),
                message: strip_position(&e.to_string()),
            })?;
        document
            .check()
            .map_err(|message| LoadError::Inconsistent {
                path: path.to_owned(),
                message,
            })?;
        Ok(document)
    }

    /// Node ids are unique and every edge joins two of them.
    fn check(&self) -> Result<(), String> {
        let mut ids = std::collections::HashSet::new();
        for node in &self.nodes {
            if !ids.insert(node.id.as_str()) {
                return Err(format!("node '{}' appears twice", node.id));
            }
        }
        for (i, edge) in self.edge_list().iter().enumerate() {
            for end in [&edge.source, &edge.target] {
                if !ids.contains(end.as_str()) {
                    return Err(format!("edge {i} names '{end}', which is not a node"));
                }
            }
        }
        Ok(())
    }
}

impl GraphDocument {
    /// Each node's position by its id: how edges, episodes and the index find their nodes.
    /// `O(V)`; build it once per pass, not per lookup.
    pub fn node_positions(&self) -> foldhash::HashMap<&str, usize> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect()
    }

    /// Each episode's position by its id. `O(episodes)`.
    pub fn episode_positions(&self) -> foldhash::HashMap<&str, usize> {
        self.episodes
            .iter()
            .enumerate()
            .map(|(i, e)| (e.summary.id.as_str(), i))
            .collect()
    }

    /// The position of the node called `name`; see [`GraphDocument::find_node_noting`].
    pub fn find_node(&self, name: &str) -> Option<usize> {
        self.find_node_noting(name).map(|(i, _)| i)
    }

    /// The position of the node called `name` — its id, display name or an alias, ignoring case
    /// and typography — and the other nodes the name also means, most mentioned first. As in
    /// queries ([`crate::index::QueryIndex::resolve_noting`]): the most mentioned of the nodes
    /// the name is an id, name or alias of wins (ambiguous aliases only when none is), `kind:name`
    /// looks among one kind and `id:x` at ids only. `O(V · aliases)`.
    pub fn find_node_noting(&self, name: &str) -> Option<(usize, Vec<usize>)> {
        NameRequest::parse(name).find(&self.nodes, |n| n.mentions as u64)
    }
}

/// Counts from [`crate::extract::count_by_entity`] with the entities named by id, as written
/// in `graph.json` and `episodes.json`.
pub fn entity_counts(catalog: &Catalog, counts: &[(EntityId, usize)]) -> Vec<EntityCount> {
    let ids = EntityIds::new(catalog);
    ids.counts(counts)
}

/// Each catalog entity's id as a shared string, made once per document: an archive's episodes
/// name their entities millions of times.
pub struct EntityIds(Vec<Arc<str>>);

impl EntityIds {
    /// The ids of `catalog`'s entities.
    pub fn new(catalog: &Catalog) -> EntityIds {
        EntityIds(
            catalog
                .entities()
                .iter()
                .map(|e| Arc::from(e.id.as_str()))
                .collect(),
        )
    }

    /// An episode's entity counts.
    pub fn counts(&self, counts: &[(EntityId, usize)]) -> Vec<EntityCount> {
        counts
            .iter()
            .map(|&(id, mentions)| EntityCount {
                id: self.0[id.index()].clone(),
                mentions,
            })
            .collect()
    }
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
    let document = GraphDocument::from_graph(graph, catalog, episodes, counts_per_episode, key);
    super::json::write_pretty(out, &document)
}

impl GraphDocument {
    /// The document for a graph, its analytics computed here; see [`write_node_link`] for the
    /// arguments.
    pub fn from_graph(
        graph: &CoMentionGraph,
        catalog: &Catalog,
        episodes: &[EpisodeRecord],
        counts_per_episode: &[Vec<(EntityId, usize)>],
        key: EdgesKey,
    ) -> GraphDocument {
        let analysis = analytics::analyse(graph.graph(), |edge| edge.windows as f64);
        Self::from_analysed(
            graph,
            &analysis.metrics,
            catalog,
            episodes,
            counts_per_episode,
            key,
        )
    }

    /// The document for a graph whose analytics are `metrics` (by node index,
    /// [`analytics::analyse`] weighted by shared windows).
    pub fn from_analysed(
        graph: &CoMentionGraph,
        metrics: &[analytics::NodeMetrics],
        catalog: &Catalog,
        episodes: &[EpisodeRecord],
        counts_per_episode: &[Vec<(EntityId, usize)>],
        key: EdgesKey,
    ) -> GraphDocument {
        let g = graph.graph();
        let episode_ids = graph.episodes();
        let shared_episode_ids: EpisodeList = episode_ids
            .iter()
            .map(|id| Arc::from(id.as_str()))
            .collect();
        let entity_ids = EntityIds::new(catalog);
        let id_of = |e: EntityId| catalog.get(e).id.clone();
        // Nodes, edges and episodes are independent: made side by side (an archive's edges
        // and episodes are millions of entries).
        let make_nodes = || -> Vec<DocumentNode> {
            g.node_indices()
                .zip(metrics.iter().copied())
                .map(|(n, metrics)| {
                    let node = &g[n];
                    let entity = catalog.get(node.entity);
                    DocumentNode {
                        id: entity.id.clone(),
                        name: entity.name.clone(),
                        kind: entity.kind,
                        mentions: node.mentions,
                        episodes: node.episodes,
                        windows: node.windows,
                        first_episode: episode_ids[node.first_episode].clone(),
                        last_episode: episode_ids[node.last_episode].clone(),
                        degree: metrics.degree,
                        weighted_degree: metrics.weighted_degree as usize,
                        pagerank: round(metrics.pagerank),
                        betweenness: round(metrics.betweenness),
                        community: metrics.community,
                        aliases: entity.aliases.clone(),
                        ambiguous_aliases: entity.ambiguous_aliases.clone(),
                        tags: entity.tags.clone(),
                    }
                })
                .collect()
        };
        let make_edges = || -> Vec<DocumentEdge> {
            g.edge_indices()
                .map(|e| {
                    let (a, b) = g.edge_endpoints(e).expect("an edge of this graph");
                    let edge = &g[e];
                    DocumentEdge {
                        source: id_of(g[a].entity),
                        target: id_of(g[b].entity),
                        weight: edge.windows,
                        episode_count: edge.episodes.len(),
                        npmi: round(edge.npmi),
                        episodes: EpisodeIds::at_positions(
                            shared_episode_ids.clone(),
                            edge.episodes.clone(),
                        ),
                    }
                })
                .collect()
        };
        let make_episodes = || -> Vec<DocumentEpisode> {
            episodes
                .iter()
                .zip(counts_per_episode)
                .map(|(record, counts)| DocumentEpisode {
                    summary: record.summary(),
                    entities: entity_ids.counts(counts),
                })
                .collect()
        };
        let (nodes, (edges, episodes)) =
            rayon::join(make_nodes, || rayon::join(make_edges, make_episodes));
        let (edges, links) = match key {
            EdgesKey::Edges => (Some(edges), None),
            EdgesKey::Links => (None, Some(edges)),
        };
        let mut document = GraphDocument {
            directed: false,
            multigraph: false,
            graph: GraphAttributes {
                name: "podgraph co-mentions".to_owned(),
                format_version: FORMAT_VERSION,
                window: graph.window().to_string(),
                windows: graph.window_count(),
                episodes: episode_ids.len(),
                build: String::new(),
            },
            nodes,
            edges,
            links,
            episodes,
        };
        document.graph.build = build_id(&document);
        document
    }
}

/// A fingerprint of a build: FNV-1a (64 bits, hex) over the episodes, the nodes with their
/// mentions and the edges with their weights. The same inputs give the same id (outputs stay
/// byte-identical); two builds that found anything different get different ids. `O(V + E)`.
pub fn build_id(document: &GraphDocument) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes.iter().chain(&[0xff]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(document.graph.window.as_bytes());
    for episode in &document.episodes {
        feed(episode.summary.id.as_bytes());
        feed(episode.summary.source_path.as_bytes());
    }
    for node in &document.nodes {
        feed(node.id.as_bytes());
        feed(&node.mentions.to_le_bytes());
    }
    for edge in document.edge_list() {
        feed(edge.source.as_bytes());
        feed(edge.target.as_bytes());
        feed(&edge.weight.to_le_bytes());
    }
    format!("{hash:016x}")
}

/// Six decimals: enough for any ranking, and stable across platforms' last-digit noise.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
