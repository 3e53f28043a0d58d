//! Exports: the co-mention graph in the formats other tools read.
//!
//! Every export starts from a [`GraphDocument`], the in-memory form of `graph.json`, so that
//! `podgraph export` can turn a saved graph into any format without re-reading transcripts, and
//! `podgraph build` writes the same bytes for the same graph.
//!
//! | format | file | read by |
//! |---|---|---|
//! | `json` | `graph.json` | networkx `node_link_graph`, D3, podgraph's own queries |
//! | `cytoscape` | `graph.cyjs` | Cytoscape.js, Cytoscape desktop, networkx `cytoscape_graph` |
//! | `graphml` | `graph.graphml` | Gephi, yEd, networkx `read_graphml`, igraph |
//! | `gexf` | `graph.gexf` | Gephi, networkx `read_gexf` |
//! | `csv` | `nodes.csv` + `edges.csv` | pandas, Neo4j `LOAD CSV`, spreadsheets |
//! | `dot` | `graph.dot` | Graphviz (`podgraph render`) |
//!
//! Each writer escapes for its own format in one function ([`dot`]'s quoting, `xml`'s
//! escaping; JSON and CSV through serde_json, pretty-printed by `json`, and csv), so a name with quotes, backslashes, `<>&`,
//! newlines or any Unicode comes back unchanged from the format's reader.

mod cytoscape;
mod document;
pub mod dot;
mod filter;
mod graphml;
mod json;

mod table;
mod xml;

use crate::named::named_enum;
use std::io::{self, Write};

pub use document::{
    DocumentEdge, DocumentEpisode, DocumentNode, EdgesKey, EntityCount, EpisodeIds, FORMAT_VERSION,
    GraphAttributes, GraphDocument, LoadError, entity_counts, write_node_link,
};
pub use dot::{ColorBy, DotStyle};
pub use filter::Filter;
pub use json::write_pretty as write_pretty_json;

named_enum! {
    /// A format `podgraph export` can write.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
    pub enum Format: "format" {
        /// networkx node-link JSON with episodes (`graph.json`).
        Json = "json",
        /// Cytoscape.js elements JSON.
        Cytoscape = "cytoscape",
        /// GraphML.
        GraphMl = "graphml",
        /// GEXF 1.2.
        Gexf = "gexf",
        /// CSV: one file of nodes, one of edges.
        Csv = "csv",
        /// Graphviz DOT.
        Dot = "dot",
    }
}

impl Format {
    /// The files this format writes.
    pub fn parts(self) -> &'static [Part] {
        match self {
            Format::Json => &[Part::NodeLink],
            Format::Cytoscape => &[Part::Cytoscape],
            Format::GraphMl => &[Part::GraphMl],
            Format::Gexf => &[Part::Gexf],
            Format::Csv => &[Part::CsvNodes, Part::CsvEdges],
            Format::Dot => &[Part::Dot],
        }
    }
}

/// One file of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// `graph.json`.
    NodeLink,
    /// `graph.cyjs`.
    Cytoscape,
    /// `graph.graphml`.
    GraphMl,
    /// `graph.gexf`.
    Gexf,
    /// `nodes.csv`.
    CsvNodes,
    /// `edges.csv`.
    CsvEdges,
    /// `graph.dot`.
    Dot,
}

impl Part {
    /// Its file name in an output folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Part::NodeLink => "graph.json",
            Part::Cytoscape => "graph.cyjs",
            Part::GraphMl => "graph.graphml",
            Part::Gexf => "graph.gexf",
            Part::CsvNodes => "nodes.csv",
            Part::CsvEdges => "edges.csv",
            Part::Dot => "graph.dot",
        }
    }

    /// Writes this file of `document` to `out`.
    pub fn write(
        self,
        document: &GraphDocument,
        style: &DotStyle,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        match self {
            Part::NodeLink => json::write_pretty(out, document),
            Part::Cytoscape => cytoscape::write(document, out),
            Part::GraphMl => graphml::write_graphml(document, out),
            Part::Gexf => graphml::write_gexf(document, out),
            Part::CsvNodes => table::write_nodes(document, out),
            Part::CsvEdges => table::write_edges(document, out),
            Part::Dot => dot::write(document, style, out),
        }
    }
}

/// The episode ids behind each node, by node position: what tooltips and tables list.
fn episodes_per_node(document: &GraphDocument) -> Vec<Vec<&str>> {
    let index = document.node_positions();
    let mut lists = vec![Vec::new(); document.nodes.len()];
    for episode in &document.episodes {
        for count in &episode.entities {
            if let Some(&i) = index.get(&*count.id) {
                lists[i].push(episode.summary.id.as_str());
            }
        }
    }
    lists
}

/// A typed attribute value, for the formats that declare types (GraphML, GEXF) and for CSV cells.
enum Value<'a> {
    Text(std::borrow::Cow<'a, str>),
    Int(usize),
    Float(f64),
}

impl std::fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Text(s) => f.write_str(s),
            Value::Int(n) => write!(f, "{n}"),
            // Rust prints the shortest digits that read back as the same f64, never an exponent.
            Value::Float(x) => write!(f, "{x}"),
        }
    }
}

/// The type of a column.
#[derive(Clone, Copy)]
enum ValueType {
    Text,
    Int,
    Float,
}

/// The node attributes of the table-like formats (GraphML, GEXF, CSV), after the id.
const NODE_COLUMNS: [(&str, ValueType); 13] = [
    ("name", ValueType::Text),
    ("kind", ValueType::Text),
    ("mentions", ValueType::Int),
    ("episodes", ValueType::Int),
    ("windows", ValueType::Int),
    ("first_episode", ValueType::Text),
    ("last_episode", ValueType::Text),
    ("degree", ValueType::Int),
    ("weighted_degree", ValueType::Int),
    ("pagerank", ValueType::Float),
    ("betweenness", ValueType::Float),
    ("community", ValueType::Int),
    ("tags", ValueType::Text),
];

fn node_row(node: &DocumentNode) -> [Value<'_>; 13] {
    use std::borrow::Cow::Borrowed;
    [
        Value::Text(Borrowed(&node.name)),
        Value::Text(Borrowed(node.kind.name())),
        Value::Int(node.mentions),
        Value::Int(node.episodes),
        Value::Int(node.windows),
        Value::Text(Borrowed(&node.first_episode)),
        Value::Text(Borrowed(&node.last_episode)),
        Value::Int(node.degree),
        Value::Int(node.weighted_degree),
        Value::Float(node.pagerank),
        Value::Float(node.betweenness),
        Value::Int(node.community),
        Value::Text(node.tags.join(",").into()),
    ]
}

/// The edge attributes of the table-like formats, after source and target.
const EDGE_COLUMNS: [(&str, ValueType); 4] = [
    ("weight", ValueType::Int),
    ("episode_count", ValueType::Int),
    ("npmi", ValueType::Float),
    ("episodes", ValueType::Text),
];

fn edge_row(edge: &DocumentEdge) -> [Value<'_>; 4] {
    [
        Value::Int(edge.weight),
        Value::Int(edge.episode_count),
        Value::Float(edge.npmi),
        Value::Text(edge.episodes.iter().collect::<Vec<_>>().join(" ").into()),
    ]
}
