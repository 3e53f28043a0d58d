//! Graphviz DOT, written statement by statement straight into the output.
//!
//! The file is a handful of shapes (graph, node and edge defaults; a node with attributes; an
//! edge with attributes), so they are printed here rather than built as a syntax tree and
//! printed by a library: an archive's graph has a hundred thousand edges, and a tree per edge
//! cost more than the rest of the build's writing. [`quoted`] is the one place where text
//! becomes a DOT string (and `html` the one place for the legend's HTML-like label).
//!
//! What makes the picture readable: nodes are rounded boxes whose font size grows with the square
//! root of their mentions (so a host mentioned 10,000 times does not dwarf everything), filled by
//! kind or community; edges are drawn first, thin and translucent, wider for more shared windows;
//! overlaps are removed (`overlap=prism`) and the layout engine is chosen by size: `neato` keeps
//! small graphs tidy, `sfdp` lays out thousands of nodes in seconds where `dot` takes minutes.
//! Tooltips (SVG `<title>`) list the episodes behind each node and edge.

use std::fmt::Write as _;
use std::io::{self, Write};

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
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_escaped(&mut out, text, r"\\");
    out
}

/// `text` as a quoted DOT string that Graphviz shows as `text` in a tooltip.
///
/// Tooltips pass through escString expansion twice (Graphviz 2.43 to 12: a tooltip written
/// `\\N` shows the node's name), so backslashes are quadrupled; otherwise as [`quoted`].
pub fn quoted_tooltip(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_escaped(&mut out, text, r"\\\\");
    out
}

fn push_escaped(out: &mut String, text: &str, backslash: &str) {
    out.push('"');
    escape_into(out, text, backslash);
    out.push('"');
}

/// `text` escaped as inside a DOT string's quotes, with `backslash` for each backslash.
fn escape_into(out: &mut String, text: &str, backslash: &str) {
    // Most text (ids, names, episode lists) is printable ASCII without a quote, backslash or
    // ampersand, and is copied whole: escaping by character was half of writing an archive's
    // graph.dot.
    let plain = |b: &u8| (b' '..=b'~').contains(b) && !matches!(b, b'"' | b'\\' | b'&');
    if text.bytes().all(|b| plain(&b)) {
        out.push_str(text);
        return;
    }
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

/// One statement, built in a buffer reused for every statement and written whole.
struct Statement<'b> {
    buf: &'b mut String,
    attributes: usize,
}

impl<'b> Statement<'b> {
    /// A statement that begins with `head` (`graph`, `"id"`, `"a" -- "b" `); attributes follow
    /// in brackets.
    fn new(buf: &'b mut String, head: impl FnOnce(&mut String)) -> Statement<'b> {
        buf.clear();
        buf.push_str("  ");
        head(buf);
        buf.push('[');
        Statement { buf, attributes: 0 }
    }

    fn name(&mut self, name: &str) -> &mut String {
        if self.attributes > 0 {
            self.buf.push(' ');
        }
        self.attributes += 1;
        self.buf.push_str(name);
        self.buf.push('=');
        self.buf
    }

    /// An attribute whose value Graphviz shows as `value` ([`quoted`]).
    fn text(&mut self, name: &str, value: &str) -> &mut Self {
        push_escaped(self.name(name), value, r"\\");
        self
    }

    /// A tooltip, written by `text` ([`quoted_tooltip`]).
    fn tooltip(&mut self, text: impl FnOnce(&mut Escaping<'_>) -> std::fmt::Result) -> &mut Self {
        let buf = self.name("tooltip");
        buf.push('"');
        text(&mut Escaping { out: buf }).expect("writing to a String cannot fail");
        buf.push('"');
        self
    }

    /// A number with two decimals.
    fn number(&mut self, name: &str, value: f64) -> &mut Self {
        write!(self.name(name), "{value:.2}").expect("writing to a String cannot fail");
        self
    }

    /// A value written as it is (the legend's HTML-like label).
    fn raw(&mut self, name: &str, value: &str) -> &mut Self {
        self.name(name).push_str(value);
        self
    }

    fn write(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.buf.push_str("]\n");
        out.write_all(self.buf.as_bytes())
    }
}

/// Text written into a tooltip's quotes, escaped as [`quoted_tooltip`] escapes it.
struct Escaping<'a> {
    out: &'a mut String,
}

impl std::fmt::Write for Escaping<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        escape_into(self.out, s, r"\\\\");
        Ok(())
    }
}

/// "1 episode", "2 episodes".
struct Count<'a>(usize, &'a str);

impl std::fmt::Display for Count<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count(1, noun) => write!(f, "1 {noun}"),
            Count(n, noun) => write!(f, "{n} {noun}s"),
        }
    }
}

/// Writes "a, b, c and 12 more".
fn list<'a>(
    out: &mut impl std::fmt::Write,
    items: impl ExactSizeIterator<Item = &'a str>,
) -> std::fmt::Result {
    let total = items.len();
    for (n, item) in items.take(TOOLTIP_EPISODES).enumerate() {
        if n > 0 {
            out.write_str(", ")?;
        }
        out.write_str(item)?;
    }
    if total > TOOLTIP_EPISODES {
        write!(out, " and {} more", total - TOOLTIP_EPISODES)?;
    }
    Ok(())
}

/// Writes `document` as DOT, one statement at a time: an archive's graph has a hundred
/// thousand edges, and its whole text would be held at once otherwise. `O(V + E)`.
pub fn write(document: &GraphDocument, style: &DotStyle, out: &mut dyn Write) -> io::Result<()> {
    let nodes = &document.nodes;
    let edges = document.edge_list();
    let mut buf = String::with_capacity(1 << 12);
    out.write_all(b"graph \"podgraph\" {\n")?;
    Statement::new(&mut buf, |b| b.push_str("graph"))
        .text("layout", default_layout(nodes.len()))
        .text("overlap", "prism")
        .text("overlap_scaling", "-4")
        .text("sep", "+4")
        .text("splines", "false")
        .text("outputorder", "edgesfirst")
        .text("bgcolor", "white")
        .text("pad", "0.3")
        .text("fontname", "Helvetica")
        .text("labelloc", "b")
        .raw("label", &legend(document, style))
        .write(out)?;
    Statement::new(&mut buf, |b| b.push_str("node"))
        .text("shape", "box")
        .text("style", "rounded,filled")
        .text("fontname", "Helvetica")
        .text("penwidth", "0")
        .text("margin", "0.06,0.03")
        .write(out)?;
    Statement::new(&mut buf, |b| b.push_str("edge"))
        .text("color", "#4a4a4a40")
        .write(out)?;

    let max_mentions = nodes.iter().map(|n| n.mentions).max().unwrap_or(0);
    let episodes = episodes_per_node(document);
    for (node, episodes) in nodes.iter().zip(&episodes) {
        let fill = match style.color_by {
            ColorBy::Kind => kind_rgb(node.kind),
            ColorBy::Community => community_rgb(node.community),
        };
        let mut statement = Statement::new(&mut buf, |b| push_escaped(b, &node.id, r"\\"));
        statement
            .text("label", &node.name)
            .number(
                "fontsize",
                9.0 + 27.0 * node_scale(node.mentions, max_mentions),
            )
            .text("fillcolor", &hex(fill))
            .tooltip(|t| {
                write!(
                    t,
                    "{} ({}, community {})\n{} in {}: ",
                    node.name,
                    node.kind,
                    node.community,
                    Count(node.mentions, "mention"),
                    Count(node.episodes, "episode"),
                )?;
                list(t, episodes.iter().copied())
            });
        if style.center.as_deref() == Some(node.id.as_str()) {
            statement
                .text("penwidth", "4")
                .text("color", "#000000")
                .text("root", "true");
        }
        statement.write(out)?;
    }

    let max_weight = edges.iter().map(|e| e.weight).max().unwrap_or(0);
    let names: std::collections::HashMap<&str, &str> = nodes
        .iter()
        .map(|n| (n.id.as_str(), n.name.as_str()))
        .collect();
    for edge in edges {
        Statement::new(&mut buf, |b| {
            push_escaped(b, &edge.source, r"\\");
            b.push_str(" -- ");
            push_escaped(b, &edge.target, r"\\");
            b.push(' ');
        })
        .number("penwidth", 0.4 + 5.6 * node_scale(edge.weight, max_weight))
        .tooltip(|t| {
            let source = names.get(edge.source.as_str()).copied();
            let target = names.get(edge.target.as_str()).copied();
            write!(
                t,
                "{} and {}: {} in {}: ",
                source.unwrap_or(&edge.source),
                target.unwrap_or(&edge.target),
                Count(edge.weight, "shared window"),
                Count(edge.episode_count, "episode"),
            )?;
            list(t, edge.episodes.iter())
        })
        .write(out)?;
    }
    out.write_all(b"}\n")
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
            assert_eq!(quoted(raw), label, "{raw:?}");
            assert_eq!(quoted_tooltip(raw), tooltip, "{raw:?}");
            // A tooltip written piece by piece is escaped as a whole one is.
            let mut pieces = String::new();
            let mut escaping = Escaping { out: &mut pieces };
            for c in raw.chars() {
                escaping.write_char(c).unwrap();
            }
            assert_eq!(format!("\"{pieces}\""), tooltip, "{raw:?}");
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
