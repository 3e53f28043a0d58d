//! Cytoscape.js elements JSON (`graph.cyjs`), which Cytoscape desktop imports too.
//!
//! `{"data": {...}, "directed": false, "multigraph": false, "elements": {"nodes": [{"data":
//! {...}}], "edges": [{"data": {...}}]}}`. Every node's `data` carries `id`, `name` and `value`
//! (the id again: networkx's `cytoscape_graph` keys nodes by it) plus the node attributes of
//! `graph.json`; every edge's `data` an `id`, `source`, `target` and the edge attributes.

use std::io::{self, Write};

use serde::Serialize;

use super::{DocumentEdge, DocumentNode, GraphAttributes, GraphDocument};

#[derive(Serialize)]
struct Elements<'a> {
    data: &'a GraphAttributes,
    directed: bool,
    multigraph: bool,
    elements: Lists<'a>,
}

#[derive(Serialize)]
struct Lists<'a> {
    nodes: Vec<Element<NodeData<'a>>>,
    edges: Vec<Element<EdgeData<'a>>>,
}

#[derive(Serialize)]
struct Element<T> {
    data: T,
}

#[derive(Serialize)]
struct NodeData<'a> {
    value: &'a str,
    #[serde(flatten)]
    node: &'a DocumentNode,
}

#[derive(Serialize)]
struct EdgeData<'a> {
    id: String,
    #[serde(flatten)]
    edge: &'a DocumentEdge,
}

/// Writes `document` as Cytoscape.js JSON.
pub fn write(document: &GraphDocument, out: &mut dyn Write) -> io::Result<()> {
    let elements = Elements {
        data: &document.graph,
        directed: false,
        multigraph: false,
        elements: Lists {
            nodes: document
                .nodes
                .iter()
                .map(|node| Element {
                    data: NodeData {
                        value: &node.id,
                        node,
                    },
                })
                .collect(),
            edges: document
                .edge_list()
                .iter()
                .enumerate()
                .map(|(i, edge)| Element {
                    data: EdgeData {
                        id: format!("e{i}"),
                        edge,
                    },
                })
                .collect(),
        },
    };
    super::json::write_pretty(out, &elements)
}
