//! Each export read back by the program users read it with (networkx, Graphviz, Python's XML
//! parser): the same names, numbers and edges as graph.json, and no name turned into markup.

use std::process::Command;

use super::build_hostile;
use crate::harness::{
    build_with_catalog, corpus_transcripts, entity_toml, podgraph, python, seeds_dir,
};

/// Reads every format with its consumer and checks it against graph.json: the same nodes, names
/// (exactly, hostile characters and all), kinds, mention counts, communities, edges and weights.
const READ_BACK: &str = r#"
import csv, json, sys
import networkx as nx
folder = sys.argv[1]
def path(name): return f"{folder}/{name}"
truth = json.load(open(path("graph.json"), encoding="utf-8"))
names = {n["id"]: n["name"] for n in truth["nodes"]}
kinds = {n["id"]: n["kind"] for n in truth["nodes"]}
mentions = {n["id"]: n["mentions"] for n in truth["nodes"]}
communities = {n["id"]: n["community"] for n in truth["nodes"]}
weights = {frozenset((e["source"], e["target"])): e["weight"] for e in truth["edges"]}

def check(fmt, g, name_key):
    assert set(g.nodes) == set(names), (fmt, set(g.nodes) ^ set(names))
    for n, data in g.nodes(data=True):
        assert data[name_key] == names[n], (fmt, n, data[name_key], names[n])
        assert data["kind"] == kinds[n], (fmt, n)
        assert int(data["mentions"]) == mentions[n], (fmt, n)
        assert int(data["community"]) == communities[n], (fmt, n)
    got = {frozenset((a, b)): float(d["weight"]) for a, b, d in g.edges(data=True)}
    assert got == {k: float(v) for k, v in weights.items()}, fmt
    print(fmt, g.number_of_nodes(), g.number_of_edges())

check("json", nx.node_link_graph(truth, edges="edges"), "name")
check("cytoscape", nx.cytoscape_graph(json.load(open(path("graph.cyjs"), encoding="utf-8"))), "name")
check("graphml", nx.read_graphml(path("graph.graphml")), "label")
check("gexf", nx.read_gexf(path("graph.gexf")), "label")

g = nx.Graph()
with open(path("nodes.csv"), newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        g.add_node(row["id"], **row)
with open(path("edges.csv"), newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        g.add_edge(row["source"], row["target"], **row)
check("csv", g, "name")
"#;

#[test]
#[cfg_attr(
    not(podgraph_networkx),
    ignore = "needs networkx (pip install networkx)"
)]
fn networkx_reads_every_format_back_with_the_same_names_and_numbers() {
    let out = build_hostile();
    let report = python(READ_BACK, &[&out.path()]);
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 5, "{report}");
    let counts: Vec<&str> = lines.iter().map(|l| l.split_once(' ').unwrap().1).collect();
    assert!(counts.iter().all(|c| *c == counts[0]), "{report}");
    assert_eq!(counts[0], "11 40", "{report}");
}

/// Parses an SVG with Python's XML parser and reports what a browser could run: script
/// elements, event-handler attributes, and the tooltip texts.
pub(super) const INSPECT_SVG: &str = r#"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
scripts = [e.tag for e in root.iter() if e.tag.split('}')[-1].lower() in ("script", "foreignobject")]
handlers = [k for e in root.iter() for k in e.attrib if k.split('}')[-1].lower().startswith("on")]
print(len(scripts), len(handlers))
for e in root.iter():
    for k, v in e.attrib.items():
        if k.endswith("}title"):
            print("title", v.split(" (")[0].replace("\n", "\\n"))
    if e.tag.endswith("}text"):
        print("text", e.text)
"#;

#[test]
#[cfg_attr(
    not(all(podgraph_graphviz, podgraph_networkx)),
    ignore = "needs Graphviz and networkx (apt-get install graphviz; pip install networkx)"
)]
fn graphviz_draws_every_dot_we_write_and_no_name_becomes_markup() {
    let out = build_hostile();
    let svg = out.path().join("graph.svg");
    let status = Command::new("dot")
        .arg("-Tsvg")
        .arg(out.path().join("graph.dot"))
        .arg("-o")
        .arg(&svg)
        .status()
        .unwrap();
    assert!(status.success());
    let report = python(INSPECT_SVG, &[&svg]);
    let mut lines = report.lines();
    assert_eq!(lines.next(), Some("0 0"), "no script, no event handler");
    let lines: Vec<&str> = lines.collect();
    let titles: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("title "))
        .collect();
    let texts: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("text "))
        .collect();
    // Tooltips hold each name exactly as written (a line break as \n here), and labels show it.
    for name in [
        r#"py"test\ "quoted" \N \\"#,
        "Flask & <Friends>; 'single', \"double\"",
        "<svg onload=alert(1)>",
        "]]></script><script>alert('x')</script>",
        r"async\nio on two lines",
        "Ünïcødé 日本語 ✓ 🦄, comma",
        "\u{202E}evil.exe\u{202C} txt",
    ] {
        assert!(titles.contains(&name), "{name:?} not among {titles:?}");
        if !name.contains(r"\n") {
            assert!(texts.contains(&name), "{name:?} not among {texts:?}");
        }
    }
    assert!(texts.contains(&"async") && texts.contains(&"io on two lines"));
}

/// Reads GraphML and GEXF with networkx and prints node and edge counts of each, then of graph.json.
const COUNT_FORMATS: &str = r#"
import json, sys
import networkx as nx
folder = sys.argv[1]
truth = json.load(open(f"{folder}/graph.json", encoding="utf-8"))
for g in (nx.read_graphml(f"{folder}/graph.graphml"), nx.read_gexf(f"{folder}/graph.gexf")):
    print(g.number_of_nodes(), g.number_of_edges())
print(len(truth["nodes"]), len(truth["edges"]))
"#;

#[test]
#[cfg_attr(
    not(all(podgraph_graphviz, podgraph_networkx)),
    ignore = "needs Graphviz and networkx (apt-get install graphviz; pip install networkx)"
)]
fn consumers_read_the_exports_of_the_seeds_and_of_the_whole_archive() {
    let mut inputs = vec![seeds_dir()];
    inputs.extend(corpus_transcripts());
    for input in inputs {
        let out = tempfile::tempdir().unwrap();
        podgraph()
            .args(["build", "-q", "--export", "graphml,gexf,dot"])
            .arg(&input)
            .arg("--out")
            .arg(out.path())
            .assert()
            .success();
        // -Tcanon parses the whole file and writes it back without a layout.
        let status = Command::new("dot")
            .arg("-Tcanon")
            .arg(out.path().join("graph.dot"))
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{}", input.display());
        let counts = python(COUNT_FORMATS, &[&out.path()]);
        let lines: Vec<&str> = counts.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(
            lines.iter().all(|l| *l == lines[2]),
            "{}: {counts}",
            input.display()
        );
    }
}

#[test]
#[cfg_attr(
    not(all(podgraph_graphviz, podgraph_networkx)),
    ignore = "needs Graphviz and networkx (apt-get install graphviz; pip install networkx)"
)]
fn ten_kilobyte_names_survive_every_format() {
    let dir = tempfile::tempdir().unwrap();
    // A 10 kB name of everything that needs escaping somewhere, and a plain one to pair it with.
    let unit = "<a href=\"x\">&amp;\\N ]]> é 日本 \u{202E}\n";
    let long: String = unit.repeat(10_000 / unit.len() + 1);
    let catalog = entity_toml("long", &long, "package", &["longname"])
        + &entity_toml("pytest", "pytest", "package", &["pytest"]);
    let out = build_with_catalog(
        dir.path(),
        &catalog,
        "00:01 longname and pytest\n",
        &["--export", "all"],
    );
    let report = python(READ_BACK, &[&out]);
    assert_eq!(report.lines().count(), 5, "{report}");
    let svg = out.join("graph.svg");
    podgraph()
        .args(["render", "--all", "-o"])
        .arg(&svg)
        .arg("--graph")
        .arg(&out)
        .assert()
        .success();
    let inspected = python(INSPECT_SVG, &[&svg]);
    assert!(
        inspected.starts_with("0 0\n"),
        "{}",
        &inspected[..200.min(inspected.len())]
    );
    let first_line = long.lines().next().unwrap();
    assert!(inspected.contains(&format!("text {first_line}")));
}
