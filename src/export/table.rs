//! CSV: `nodes.csv` and `edges.csv`, for pandas, spreadsheets and Neo4j's `LOAD CSV`.
//!
//! The first column of `nodes.csv` is `id`; `edges.csv` starts with `source,target`, which name
//! those ids. The csv crate quotes whatever needs quoting (commas, quotes, newlines).

use std::io::{self, Write};

use super::{EDGE_COLUMNS, GraphDocument, NODE_COLUMNS, edge_row, node_row};

/// Writes one row per node.
pub fn write_nodes(document: &GraphDocument, out: &mut dyn Write) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    let header = std::iter::once("id").chain(NODE_COLUMNS.iter().map(|(c, _)| *c));
    csv.write_record(header)?;
    for node in &document.nodes {
        let row = node_row(node).map(|v| v.to_string());
        csv.write_record(std::iter::once(node.id.as_str()).chain(row.iter().map(String::as_str)))?;
    }
    csv.flush()
}

/// Writes one row per edge.
pub fn write_edges(document: &GraphDocument, out: &mut dyn Write) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    let header = ["source", "target"]
        .into_iter()
        .chain(EDGE_COLUMNS.iter().map(|(c, _)| *c));
    csv.write_record(header)?;
    for edge in document.edge_list() {
        let row = edge_row(edge).map(|v| v.to_string());
        let ends = [edge.source.as_str(), edge.target.as_str()];
        csv.write_record(ends.into_iter().chain(row.iter().map(String::as_str)))?;
    }
    csv.flush()
}
