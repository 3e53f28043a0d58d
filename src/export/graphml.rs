//! GraphML (Gephi, yEd, networkx, igraph) and GEXF 1.2 (Gephi, networkx).
//!
//! Both declare typed attributes up front and then list nodes and edges. The display name goes
//! where each tool looks for a label: a `label` key in GraphML, the `label` attribute in GEXF.
//! List values (tags, an edge's episodes) are joined into one string, as neither format has lists
//! that all readers understand.

use std::io::{self, Write};

use super::xml::XmlWriter;
use super::{EDGE_COLUMNS, GraphDocument, NODE_COLUMNS, ValueType, edge_row, node_row};

/// The key under which GraphML and GEXF carry a node column: the display name is the `label`.
fn key_name(column: &str) -> &str {
    if column == "name" { "label" } else { column }
}

/// Writes `document` as GraphML.
pub fn write_graphml(document: &GraphDocument, out: &mut dyn Write) -> io::Result<()> {
    let graphml_type = |t: ValueType| match t {
        ValueType::Text => "string",
        ValueType::Int => "int",
        ValueType::Float => "double",
    };
    let mut xml = XmlWriter::new(out)?;
    xml.open(
        "graphml",
        &[
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns \
                 http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    )?;
    for (column, ty) in NODE_COLUMNS {
        let key = key_name(column);
        let id = format!("n_{key}");
        let attributes = [
            ("id", id.as_str()),
            ("for", "node"),
            ("attr.name", key),
            ("attr.type", graphml_type(ty)),
        ];
        xml.empty("key", &attributes)?;
    }
    for (column, ty) in EDGE_COLUMNS {
        let id = format!("e_{column}");
        let attributes = [
            ("id", id.as_str()),
            ("for", "edge"),
            ("attr.name", column),
            ("attr.type", graphml_type(ty)),
        ];
        xml.empty("key", &attributes)?;
    }
    xml.open(
        "graph",
        &[("id", "podgraph"), ("edgedefault", "undirected")],
    )?;
    for node in &document.nodes {
        xml.open("node", &[("id", &node.id)])?;
        for ((column, _), value) in NODE_COLUMNS.iter().zip(node_row(node)) {
            let key = format!("n_{}", key_name(column));
            xml.text("data", &[("key", &key)], &value.to_string())?;
        }
        xml.close("node")?;
    }
    for (i, edge) in document.edge_list().iter().enumerate() {
        let id = format!("e{i}");
        xml.open(
            "edge",
            &[
                ("id", &id),
                ("source", &edge.source),
                ("target", &edge.target),
            ],
        )?;
        for ((column, _), value) in EDGE_COLUMNS.iter().zip(edge_row(edge)) {
            let key = format!("e_{column}");
            xml.text("data", &[("key", &key)], &value.to_string())?;
        }
        xml.close("edge")?;
    }
    xml.close("graph")?;
    xml.close("graphml")?;
    xml.finish()
}

/// Writes `document` as GEXF 1.2, with node colour by kind and size by mentions for Gephi.
pub fn write_gexf(document: &GraphDocument, out: &mut dyn Write) -> io::Result<()> {
    let gexf_type = |t: ValueType| match t {
        ValueType::Text => "string",
        ValueType::Int => "integer",
        ValueType::Float => "double",
    };
    let mut xml = XmlWriter::new(out)?;
    xml.open(
        "gexf",
        &[
            ("xmlns", "http://www.gexf.net/1.2draft"),
            ("xmlns:viz", "http://www.gexf.net/1.2draft/viz"),
            ("version", "1.2"),
        ],
    )?;
    xml.open("meta", &[])?;
    xml.text("creator", &[], "podgraph")?;
    xml.text(
        "description",
        &[],
        &format!("co-mentions within {} windows", document.graph.window),
    )?;
    xml.close("meta")?;
    xml.open(
        "graph",
        &[("defaultedgetype", "undirected"), ("mode", "static")],
    )?;
    // The name is each node's label, so it is not repeated as an attribute.
    let node_columns = || NODE_COLUMNS.iter().enumerate().skip(1);
    xml.open("attributes", &[("class", "node"), ("mode", "static")])?;
    for (i, (column, ty)) in node_columns() {
        let id = i.to_string();
        xml.empty(
            "attribute",
            &[("id", &id), ("title", column), ("type", gexf_type(*ty))],
        )?;
    }
    xml.close("attributes")?;
    // An edge's weight is GEXF's own `weight` attribute.
    let edge_columns = || EDGE_COLUMNS.iter().enumerate().skip(1);
    xml.open("attributes", &[("class", "edge"), ("mode", "static")])?;
    for (i, (column, ty)) in edge_columns() {
        let id = i.to_string();
        xml.empty(
            "attribute",
            &[("id", &id), ("title", column), ("type", gexf_type(*ty))],
        )?;
    }
    xml.close("attributes")?;

    let max_mentions = document.nodes.iter().map(|n| n.mentions).max().unwrap_or(1);
    xml.open("nodes", &[])?;
    for node in &document.nodes {
        xml.open("node", &[("id", &node.id), ("label", &node.name)])?;
        xml.open("attvalues", &[])?;
        let row = node_row(node);
        for (i, _) in node_columns() {
            let (id, value) = (i.to_string(), row[i].to_string());
            xml.empty("attvalue", &[("for", &id), ("value", &value)])?;
        }
        xml.close("attvalues")?;
        let size = format!(
            "{:.2}",
            super::dot::node_scale(node.mentions, max_mentions) * 40.0
        );
        xml.empty("viz:size", &[("value", &size)])?;
        let [r, g, b] = super::dot::kind_rgb(node.kind);
        let (r, g, b) = (r.to_string(), g.to_string(), b.to_string());
        xml.empty("viz:color", &[("r", &r), ("g", &g), ("b", &b)])?;
        xml.close("node")?;
    }
    xml.close("nodes")?;
    xml.open("edges", &[])?;
    for (i, edge) in document.edge_list().iter().enumerate() {
        let (id, weight) = (format!("e{i}"), edge.weight.to_string());
        xml.open(
            "edge",
            &[
                ("id", &id),
                ("source", &edge.source),
                ("target", &edge.target),
                ("weight", &weight),
            ],
        )?;
        xml.open("attvalues", &[])?;
        let row = edge_row(edge);
        for (i, _) in edge_columns() {
            let (id, value) = (i.to_string(), row[i].to_string());
            xml.empty("attvalue", &[("for", &id), ("value", &value)])?;
        }
        xml.close("attvalues")?;
        xml.close("edge")?;
    }
    xml.close("edges")?;
    xml.close("graph")?;
    xml.close("gexf")?;
    xml.finish()
}
