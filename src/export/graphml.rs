//! GraphML (Gephi, yEd, networkx, igraph) and GEXF 1.2 (Gephi, networkx).
//!
//! Both declare typed attributes up front and then list nodes and edges. The display name goes
//! where each tool looks for a label: a `label` key in GraphML, the `label` attribute in GEXF.
//! List values (tags, an edge's episodes) are joined into one string, as neither format has lists
//! that all readers understand.

use std::io::{self, Write};

use super::xml::XmlWriter;
use super::{EDGE_COLUMNS, GraphDocument, NODE_COLUMNS, Value, ValueType, edge_row, node_row};

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
    for (owner, prefix, columns) in [
        ("node", "n_", &NODE_COLUMNS[..]),
        ("edge", "e_", &EDGE_COLUMNS[..]),
    ] {
        for &(column, ty) in columns {
            let key = key_name(column);
            let id = format!("{prefix}{key}");
            let attributes = [
                ("id", id.as_str()),
                ("for", owner),
                ("attr.name", key),
                ("attr.type", graphml_type(ty)),
            ];
            xml.empty("key", &attributes)?;
        }
    }
    xml.open(
        "graph",
        &[("id", "podgraph"), ("edgedefault", "undirected")],
    )?;
    for node in &document.nodes {
        xml.open("node", &[("id", &node.id)])?;
        graphml_data(&mut xml, "n_", &NODE_COLUMNS, &node_row(node))?;
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
        graphml_data(&mut xml, "e_", &EDGE_COLUMNS, &edge_row(edge))?;
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
    // The first column of each is GEXF's own: a node's `label` (its name), an edge's `weight`.
    for (class, columns) in [("node", &NODE_COLUMNS[..]), ("edge", &EDGE_COLUMNS[..])] {
        xml.open("attributes", &[("class", class), ("mode", "static")])?;
        for (i, (column, ty)) in columns.iter().enumerate().skip(1) {
            let id = i.to_string();
            xml.empty(
                "attribute",
                &[("id", &id), ("title", column), ("type", gexf_type(*ty))],
            )?;
        }
        xml.close("attributes")?;
    }

    let max_mentions = document.nodes.iter().map(|n| n.mentions).max().unwrap_or(1);
    xml.open("nodes", &[])?;
    for node in &document.nodes {
        xml.open("node", &[("id", &node.id), ("label", &node.name)])?;
        gexf_attvalues(&mut xml, &node_row(node))?;
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
        gexf_attvalues(&mut xml, &edge_row(edge))?;
        xml.close("edge")?;
    }
    xml.close("edges")?;
    xml.close("graph")?;
    xml.close("gexf")?;
    xml.finish()
}

/// A GraphML element's `<data>` children, one per column.
fn graphml_data(
    xml: &mut XmlWriter<'_>,
    prefix: &str,
    columns: &[(&str, ValueType)],
    row: &[Value<'_>],
) -> io::Result<()> {
    for ((column, _), value) in columns.iter().zip(row) {
        let key = format!("{prefix}{}", key_name(column));
        xml.text("data", &[("key", &key)], &value.to_string())?;
    }
    Ok(())
}

/// A GEXF element's `<attvalues>`: every column but the first (see `write_gexf`).
fn gexf_attvalues(xml: &mut XmlWriter<'_>, row: &[Value<'_>]) -> io::Result<()> {
    xml.open("attvalues", &[])?;
    for (i, value) in row.iter().enumerate().skip(1) {
        let (id, value) = (i.to_string(), value.to_string());
        xml.empty("attvalue", &[("for", &id), ("value", &value)])?;
    }
    xml.close("attvalues")
}
