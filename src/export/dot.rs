//! Graphviz DOT, built with graphviz-rust's syntax tree and printer.
//!
//! graphviz-rust prints identifiers and attribute values verbatim, so [`quoted`] is the one place
//! where text becomes a DOT string (and `html` the one place for the legend's HTML-like label).
//!
//! What makes the picture readable: nodes are rounded boxes whose font size grows with the square
//! root of their mentions (so a host mentioned 10,000 times does not dwarf everything), filled by
//! kind or community; edges are drawn first, thin and translucent, wider for more shared windows;
//! overlaps are removed (`overlap=prism`) and the layout engine is chosen by size: `neato` keeps
//! small graphs tidy, `sfdp` lays out thousands of nodes in seconds where `dot` takes minutes.
//! Tooltips (SVG `<title>`) list the episodes behind each node and edge.

use std::io::{self, Write};

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::catalog::Kind;
use crate::named::named_enum;

use super::{GraphDocument, episodes_per_node};

named_enum! {
    /// What node colours show.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum ColorBy: "colouring" {
        /// The entity's kind (person, package, ...).
        #[default]
        Kind = "kind",
        /// The entity's community (topic cluster).
        Community = "community",
    }
}

/// How the DOT file looks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DotStyle {
    /// What node colours show.
    pub color_by: ColorBy,
    /// The entity id an ego picture is drawn around: outlined, so the eye finds it first.
    pub center: Option<String>,
}

/// Above this many nodes the DOT file asks for `sfdp` instead of `neato`.
pub const SFDP_ABOVE: usize = 150;

/// The layout engine that suits a graph of `nodes` nodes.
pub fn default_layout(nodes: usize) -> &'static str {
    if nodes > SFDP_ABOVE { "sfdp" } else { "neato" }
}

/// At most this many episodes are listed in a tooltip.
const TOOLTIP_EPISODES: usize = 20;

/// ColorBrewer Set2, one colour per kind.
pub fn kind_rgb(kind: Kind) -> [u8; 3] {
    match kind {
        Kind::Package => [0x66, 0xc2, 0xa5],
        Kind::Person => [0xfc, 0x8d, 0x62],
        Kind::Software => [0x8d, 0xa0, 0xcb],
        Kind::Organization => [0xe7, 0x8a, 0xc3],
        Kind::Concept => [0xa6, 0xd8, 0x54],
        Kind::Event => [0xff, 0xd9, 0x2f],
        Kind::Media => [0xe5, 0xc4, 0x94],
    }
}

/// ColorBrewer Set3 for the twelve largest communities; the rest are grey.
fn community_rgb(community: usize) -> [u8; 3] {
    const SET3: [[u8; 3]; 12] = [
        [0x8d, 0xd3, 0xc7],
        [0xff, 0xff, 0xb3],
        [0xbe, 0xba, 0xda],
        [0xfb, 0x80, 0x72],
        [0x80, 0xb1, 0xd3],
        [0xfd, 0xb4, 0x62],
        [0xb3, 0xde, 0x69],
        [0xfc, 0xcd, 0xe5],
        [0xbc, 0x80, 0xbd],
        [0xcc, 0xeb, 0xc5],
        [0xff, 0xed, 0x6f],
        [0xd9, 0xd9, 0xd9],
    ];
    SET3.get(community).copied().unwrap_or([0xee, 0xee, 0xee])
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Where `value` stands between nothing and `max`, by square root: in `[0, 1]`.
pub fn node_scale(value: usize, max: usize) -> f64 {
    if max == 0 {
        return 0.0;
    }
    (value as f64 / max as f64).sqrt()
}

/// `text` as a quoted DOT string that Graphviz shows as `text` in a label.
///
/// Inside quotes the DOT lexer only unescapes `\"`, but a label is then an "escString", where
/// Graphviz expands `\\`, `\n`, `\N` (the node's name), `\G` and friends: so backslashes are
/// doubled. Graphviz also decodes character entities (`&amp;`, `&#92;`) in strings, so `&` is
/// written `&amp;`, or a name containing `&amp;` would lose it. Quotes are escaped, line breaks
/// written `\n`, and other control characters (which Graphviz would copy into SVG, where XML
/// forbids them) replaced by U+FFFD. Entity ids go through here too.
pub fn quoted(text: &str) -> Id {
    escaped(text, r"\\")
}

/// `text` as a quoted DOT string that Graphviz shows as `text` in a tooltip.
///
/// Tooltips pass through escString expansion twice (Graphviz 2.43 to 12: a tooltip written
/// `\\N` shows the node's name), so backslashes are quadrupled; otherwise as [`quoted`].
pub fn quoted_tooltip(text: &str) -> Id {
    escaped(text, r"\\\\")
}

fn escaped(text: &str, backslash: &str) -> Id {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str(backslash),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

/// `text` escaped for an HTML-like label (`<...>`).
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn attr(name: &str, value: Id) -> Attribute {
    Attribute(Id::Plain(name.to_owned()), value)
}

fn text_attr(name: &str, value: &str) -> Attribute {
    attr(name, quoted(value))
}

fn number_attr(name: &str, value: f64) -> Attribute {
    attr(name, Id::Plain(format!("{value:.2}")))
}

/// "1 episode", "2 episodes".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// "a, b, c and 12 more".
fn listing(items: &[&str]) -> String {
    let shown = items.len().min(TOOLTIP_EPISODES);
    let mut out = items[..shown].join(", ");
    if items.len() > shown {
        out.push_str(&format!(" and {} more", items.len() - shown));
    }
    out
}

/// Writes `document` as DOT, one statement at a time: an archive's graph has a hundred
/// thousand edges, and its whole syntax tree and text would be held at once otherwise.
pub fn write(document: &GraphDocument, style: &DotStyle, out: &mut dyn Write) -> io::Result<()> {
    let id = quoted("podgraph");
    // graphviz-rust prints a graph as its header, its statements joined by newlines, and `}`:
    // each statement is printed as the only one of a graph and cut out of it.
    let print = |stmts: Vec<Stmt>| {
        Graph::Graph {
            id: id.clone(),
            strict: false,
            stmts,
        }
        .print(&mut PrinterContext::default())
    };
    let empty = print(Vec::new());
    let (header, footer) = empty.split_at(empty.len() - 2);
    let header = header.strip_suffix('\n').unwrap_or(header);
    out.write_all(header.as_bytes())?;
    let mut result = Ok(());
    statements(document, style, &mut |stmt| {
        if result.is_ok() {
            let printed = print(vec![stmt]);
            let body = &printed[header.len()..printed.len() - footer.len()];
            result = out.write_all(body.as_bytes());
        }
    });
    result?;
    out.write_all(footer.as_bytes())?;
    writeln!(out)
}

/// The statements of the DOT file, in order.
fn statements(document: &GraphDocument, style: &DotStyle, emit: &mut dyn FnMut(Stmt)) {
    let nodes = &document.nodes;
    let edges = document.edge_list();
    let stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            text_attr("layout", default_layout(nodes.len())),
            text_attr("overlap", "prism"),
            text_attr("overlap_scaling", "-4"),
            text_attr("sep", "+4"),
            text_attr("splines", "false"),
            text_attr("outputorder", "edgesfirst"),
            text_attr("bgcolor", "white"),
            text_attr("pad", "0.3"),
            text_attr("fontname", "Helvetica"),
            text_attr("labelloc", "b"),
            attr("label", Id::Html(legend(document, style))),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            text_attr("shape", "box"),
            text_attr("style", "rounded,filled"),
            text_attr("fontname", "Helvetica"),
            text_attr("penwidth", "0"),
            text_attr("margin", "0.06,0.03"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![text_attr("color", "#4a4a4a40")])),
    ];

    for stmt in stmts {
        emit(stmt);
    }
    let max_mentions = nodes.iter().map(|n| n.mentions).max().unwrap_or(0);
    let episodes = episodes_per_node(document);
    for (node, episodes) in nodes.iter().zip(&episodes) {
        let fill = match style.color_by {
            ColorBy::Kind => kind_rgb(node.kind),
            ColorBy::Community => community_rgb(node.community),
        };
        let tooltip = format!(
            "{} ({}, community {})\n{} in {}: {}",
            node.name,
            node.kind,
            node.community,
            count(node.mentions, "mention"),
            count(node.episodes, "episode"),
            listing(episodes),
        );
        let mut attributes = vec![
            text_attr("label", &node.name),
            number_attr(
                "fontsize",
                9.0 + 27.0 * node_scale(node.mentions, max_mentions),
            ),
            text_attr("fillcolor", &hex(fill)),
            attr("tooltip", quoted_tooltip(&tooltip)),
        ];
        if style.center.as_deref() == Some(node.id.as_str()) {
            attributes.extend([
                text_attr("penwidth", "4"),
                text_attr("color", "#000000"),
                text_attr("root", "true"),
            ]);
        }
        emit(Stmt::Node(Node::new(
            NodeId(quoted(&node.id), None),
            attributes,
        )));
    }

    let max_weight = edges.iter().map(|e| e.weight).max().unwrap_or(0);
    let names: std::collections::HashMap<&str, &str> = nodes
        .iter()
        .map(|n| (n.id.as_str(), n.name.as_str()))
        .collect();
    for edge in edges {
        let name = |id: &str| names.get(id).copied().unwrap_or(id).to_owned();
        let shared: Vec<&str> = edge.episodes.iter().collect();
        let tooltip = format!(
            "{} and {}: {} in {}: {}",
            name(&edge.source),
            name(&edge.target),
            count(edge.weight, "shared window"),
            count(edge.episode_count, "episode"),
            listing(&shared),
        );
        emit(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(quoted(&edge.source), None)),
                Vertex::N(NodeId(quoted(&edge.target), None)),
            ),
            attributes: vec![
                number_attr("penwidth", 0.4 + 5.6 * node_scale(edge.weight, max_weight)),
                attr("tooltip", quoted_tooltip(&tooltip)),
            ],
        }));
    }
}

/// The legend: what colours mean, and what sizes and widths show.
fn legend(document: &GraphDocument, style: &DotStyle) -> String {
    let mut cells = String::new();
    match style.color_by {
        ColorBy::Kind => {
            for kind in Kind::ALL {
                if document.nodes.iter().any(|n| n.kind == kind) {
                    cells.push_str(&format!(
                        r#"<td bgcolor="{}">&nbsp;{}&nbsp;</td>"#,
                        hex(kind_rgb(kind)),
                        html(kind.name())
                    ));
                }
            }
        }
        ColorBy::Community => {
            let mut shown: Vec<usize> = document.nodes.iter().map(|n| n.community).collect();
            shown.sort_unstable();
            shown.dedup();
            for community in shown.into_iter().take(12) {
                // Name each community by its most mentioned members in this view.
                let mut members: Vec<&super::DocumentNode> = document
                    .nodes
                    .iter()
                    .filter(|n| n.community == community)
                    .collect();
                members.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));
                let names: Vec<&str> = members.iter().take(2).map(|n| n.name.as_str()).collect();
                cells.push_str(&format!(
                    r#"<td bgcolor="{}">&nbsp;{}&nbsp;</td>"#,
                    hex(community_rgb(community)),
                    html(&names.join(", "))
                ));
            }
        }
    }
    format!(
        r#"<<table border="0" cellborder="0" cellspacing="6"><tr>{cells}</tr><tr><td colspan="12"><font point-size="11">{} entities, {} co-mention pairs ({} windows) &#8212; text size: mentions; line width: shared windows</font></td></tr></table>>"#,
        document.nodes.len(),
        document.edge_list().len(),
        html(&document.graph.window),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_strings_survive_graphviz_escapes() {
        let cases = [
            ("pytest", r#""pytest""#, r#""pytest""#),
            (r#"say "hi""#, r#""say \"hi\"""#, r#""say \"hi\"""#),
            (r"C:\path\N", r#""C:\\path\\N""#, r#""C:\\\\path\\\\N""#),
            ("two\nlines", r#""two\nlines""#, r#""two\nlines""#),
            ("trailing \\", r#""trailing \\""#, r#""trailing \\\\""#),
            ("R&amp;D", r#""R&amp;amp;D""#, r#""R&amp;amp;D""#),
            ("bell\u{7}", "\"bell\u{FFFD}\"", "\"bell\u{FFFD}\""),
            ("<b>&</b>", r#""<b>&amp;</b>""#, r#""<b>&amp;</b>""#),
        ];
        for (raw, label, tooltip) in cases {
            assert_eq!(quoted(raw), Id::Escaped(label.to_owned()), "{raw:?}");
            assert_eq!(
                quoted_tooltip(raw),
                Id::Escaped(tooltip.to_owned()),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn html_labels_escape_markup() {
        assert_eq!(
            html("<img src=x onerror=\"a\">&"),
            "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;"
        );
    }

    #[test]
    fn small_graphs_use_neato_and_large_ones_sfdp() {
        assert_eq!(default_layout(10), "neato");
        assert_eq!(default_layout(SFDP_ABOVE + 1), "sfdp");
    }
}
