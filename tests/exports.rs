//! Every export format: golden files on a small graph whose names attack each format, and the
//! real consumers (networkx, Graphviz, an XML parser) reading them back.
//!
//! networkx and Graphviz come from `.ci/run`. Where one is missing, the build script leaves out
//! its `cfg` and the tests that need it are ignored, with the reason in the test summary.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::Command as Cmd;
use predicates::prelude::*;

fn podgraph() -> Cmd {
    let mut cmd = Cmd::cargo_bin("podgraph").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

const HOSTILE: [&str; 4] = [
    "--no-default-catalog",
    "--catalog",
    "tests/fixtures/hostile/catalog.toml",
    "tests/fixtures/hostile/episode.txt",
];

/// Builds the hostile fixture with every export into a new folder.
fn build_hostile() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .args(["build", "-q", "--export", "all"])
        .args(HOSTILE)
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    out
}

fn python(script: &str, args: &[&Path]) -> String {
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn every_format_matches_its_golden_file() {
    let out = build_hostile();
    for file in [
        "graph.json",
        "graph.cyjs",
        "graph.graphml",
        "graph.gexf",
        "nodes.csv",
        "edges.csv",
        "graph.dot",
    ] {
        let text = fs::read_to_string(out.path().join(file)).unwrap();
        insta::assert_snapshot!(file.replace('.', "_"), text);
    }
}

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
    let report = python(READ_BACK, &[out.path()]);
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 5, "{report}");
    let counts: Vec<&str> = lines.iter().map(|l| l.split_once(' ').unwrap().1).collect();
    assert!(counts.iter().all(|c| *c == counts[0]), "{report}");
    assert_eq!(counts[0], "11 40", "{report}");
}

/// Parses an SVG with Python's XML parser and reports what a browser could run: script
/// elements, event-handler attributes, and the tooltip texts.
const INSPECT_SVG: &str = r#"
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

#[test]
#[cfg_attr(
    not(all(podgraph_graphviz, podgraph_networkx)),
    ignore = "needs Graphviz and networkx (apt-get install graphviz; pip install networkx)"
)]
fn render_writes_valid_svg_png_and_pdf() {
    let out = build_hostile();
    for (format, magic) in [
        ("png", &b"\x89PNG\r\n\x1a\n"[..]),
        ("pdf", &b"%PDF-"[..]),
        ("svg", &b"<?xml"[..]),
    ] {
        let image = out.path().join(format!("graph.{format}"));
        podgraph()
            .args(["render", "--all", "-f", format, "--graph"])
            .arg(out.path())
            .assert()
            .success()
            .stderr(predicate::str::contains(
                "drew 11 entities and 40 co-mentions",
            ));
        let bytes = fs::read(&image).unwrap();
        assert!(bytes.starts_with(magic), "{format}");
    }
    let report = python(INSPECT_SVG, &[&out.path().join("graph.svg")]);
    assert!(report.starts_with("0 0\n"), "{report}");
    // The community legend names communities by their members: as text, not markup.
    let legend = out.path().join("community.svg");
    podgraph()
        .args(["render", "--all", "--color-by", "community", "--graph"])
        .arg(out.path())
        .arg("-o")
        .arg(&legend)
        .assert()
        .success();
    let report = python(INSPECT_SVG, &[&legend]);
    assert!(report.starts_with("0 0\n"), "{report}");
    assert!(report.contains("text <svg onload=alert(1)>"), "{report}");
}

#[test]
#[cfg_attr(
    not(podgraph_graphviz),
    ignore = "needs Graphviz (apt-get install graphviz)"
)]
fn render_applies_its_default_filters_and_says_when_nothing_is_left() {
    let out = build_hostile();
    // Defaults hide the two hosts and keep each entity's four strongest links.
    podgraph()
        .args(["render", "-o", "-", "--graph"])
        .arg(out.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("Michael Kennedy").not())
        .stdout(predicate::str::starts_with("<?xml"));
    podgraph()
        .args(["render", "--kind", "event", "--graph"])
        .arg(out.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the filters leave nothing to draw",
        ));
}

/// A folder holding a stand-in `dot` that prints its version and then does what `body` says.
fn fake_graphviz(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("dot");
    fs::write(
        &script,
        format!("#!/bin/sh\nif [ \"$1\" = -V ]; then echo 'dot - fake' >&2; exit 0; fi\n{body}\n"),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    }
    dir
}

/// Runs `render` with `first` ahead of the usual PATH (or alone, if `alone`).
fn render_with_path(
    graph: &Path,
    first: &Path,
    alone: bool,
    extra: &[&str],
) -> assert_cmd::assert::Assert {
    let mut path = std::ffi::OsString::from(first);
    if !alone {
        path.push(":");
        path.push(std::env::var_os("PATH").unwrap_or_default());
    }
    podgraph()
        .env("PATH", path)
        .args(["render", "--graph"])
        .arg(graph)
        .args(extra)
        .assert()
}

#[test]
fn render_without_graphviz_says_how_to_install_it() {
    let out = build_hostile();
    let empty = tempfile::tempdir().unwrap();
    render_with_path(out.path(), empty.path(), true, &[])
        .code(2)
        .stderr(predicate::str::contains(
            "Graphviz is not installed (no `dot` on PATH); install it (Debian/Ubuntu: `apt-get install graphviz`",
        ));
    assert!(!out.path().join("graph.svg").exists());
}

#[test]
fn render_stops_a_layout_that_runs_too_long() {
    let out = build_hostile();
    let fake = fake_graphviz("exec sleep 30");
    render_with_path(out.path(), fake.path(), false, &["--timeout", "1"])
        .code(2)
        .stderr(predicate::str::contains(
            "Graphviz neato layout took longer than 1 s and was stopped; filter the graph",
        ));
}

#[test]
fn render_passes_on_what_graphviz_says_when_it_fails() {
    let out = build_hostile();
    let earlier = out.path().join("graph.svg");
    fs::write(&earlier, "earlier image").unwrap();
    let fake =
        fake_graphviz("cat >/dev/null; echo 'Error: <stdin>: syntax error in line 1' >&2; exit 1");
    render_with_path(out.path(), fake.path(), false, &[])
        .code(2)
        .stderr(predicate::str::contains(
            "Graphviz neato layout failed: Error: <stdin>: syntax error in line 1",
        ));
    assert_eq!(fs::read_to_string(&earlier).unwrap(), "earlier image");
}

#[test]
fn export_writes_each_format_to_standard_output_or_a_file() {
    let out = build_hostile();
    let graph = out.path().to_str().unwrap();
    for (format, start) in [
        ("json", "{\n  \"directed\": false"),
        ("cytoscape", "{\n  \"data\""),
        ("graphml", "<?xml"),
        ("gexf", "<?xml"),
        ("dot", "graph \"podgraph\""),
    ] {
        let expected = fs::read_to_string(
            out.path()
                .join(podgraph::export::Format::parts(format.parse().unwrap())[0].file_name()),
        )
        .unwrap();
        let assert = podgraph()
            .args(["export", "--format", format, "--graph", graph])
            .assert()
            .success()
            .stdout(predicate::str::starts_with(start));
        // Unfiltered, export writes the same bytes as build.
        assert_eq!(
            String::from_utf8_lossy(&assert.get_output().stdout),
            expected,
            "{format}"
        );
    }
    let file = out.path().join("copy.graphml");
    podgraph()
        .args(["export", "-f", "graphml", "--graph", graph, "-o"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        fs::read(&file).unwrap(),
        fs::read(out.path().join("graph.graphml")).unwrap()
    );
}

#[test]
fn csv_export_needs_a_folder_and_writes_two_tables() {
    let out = build_hostile();
    let graph = out.path().to_str().unwrap();
    podgraph()
        .args(["export", "--format", "csv", "--graph", graph])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "csv writes 2 files; give a folder with -o",
        ));
    let tables: PathBuf = out.path().join("tables");
    podgraph()
        .args([
            "export", "--format", "csv", "--kind", "person", "--graph", graph, "-o",
        ])
        .arg(&tables)
        .assert()
        .success();
    let nodes = fs::read_to_string(tables.join("nodes.csv")).unwrap();
    let ids: Vec<&str> = nodes
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["brian-okken", "michael-kennedy"]);
    let edges = fs::read_to_string(tables.join("edges.csv")).unwrap();
    assert!(edges.starts_with("source,target,weight,episode_count,npmi,episodes\n"));
    assert_eq!(edges.lines().count(), 2, "{edges}");
}

#[test]
#[cfg_attr(
    not(podgraph_graphviz),
    ignore = "needs Graphviz (apt-get install graphviz)"
)]
fn the_image_format_follows_the_file_name() {
    let out = build_hostile();
    for (name, extra, magic) in [
        ("x.png", &[][..], &b"\x89PNG\r\n\x1a\n"[..]),
        ("x.PDF", &[], &b"%PDF-"[..]),
        ("x.svg", &["--format", "SVG"], &b"<?xml"[..]),
        (
            "no-extension",
            &["--format", "Png"],
            &b"\x89PNG\r\n\x1a\n"[..],
        ),
        ("plain", &[], &b"<?xml"[..]),
    ] {
        let image = out.path().join(name);
        podgraph()
            .args(["render", "-q", "--graph"])
            .arg(out.path())
            .args(extra)
            .arg("-o")
            .arg(&image)
            .assert()
            .success();
        assert!(fs::read(&image).unwrap().starts_with(magic), "{name}");
    }
}

/// Each wrong kind of output path gets one line saying what to pass instead, and exit 2.
#[test]
fn outputs_that_cannot_be_what_their_names_say_are_refused() {
    let out = build_hostile();
    let graph = out.path().to_str().unwrap();
    let folder = out.path().to_str().unwrap();
    let at = |name: &str| out.path().join(name).to_str().unwrap().to_owned();
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            vec![
                "render".into(),
                "-o".into(),
                at("x.png"),
                "--format".into(),
                "svg".into(),
            ],
            format!(
                "{}: the extension says png but --format says svg; make them agree",
                at("x.png")
            ),
        ),
        (
            vec!["render".into(), "-o".into(), at("x.jpg")],
            format!(
                "{}: '.jpg' is no image format podgraph writes; end the name in .svg, .png or .pdf, or give --format",
                at("x.jpg")
            ),
        ),
        (
            vec!["render".into(), "-o".into(), folder.into()],
            format!(
                "{folder} is a folder; give a file name for the image, such as {}",
                at("graph.svg")
            ),
        ),
        (
            vec![
                "export".into(),
                "--format".into(),
                "csv".into(),
                "-o".into(),
                at("t.csv"),
            ],
            format!(
                "csv writes 2 files (nodes.csv, edges.csv); give -o a folder to put them in, not {}",
                at("t.csv")
            ),
        ),
        (
            vec![
                "export".into(),
                "--format".into(),
                "json".into(),
                "-o".into(),
                folder.into(),
            ],
            format!(
                "{folder} is a folder; give a file name, such as {}",
                at("graph.json")
            ),
        ),
    ];
    for (args, message) in cases {
        podgraph()
            .args(&args)
            .args(["--graph", graph])
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!("podgraph: error: {message}\n"));
    }
    assert!(!out.path().join("t.csv").exists());
    assert!(!out.path().join("x.png").exists());
    let file = out.path().join("graph.json");
    podgraph()
        .args(["build", "tests/fixtures/hostile/episode.txt", "--out"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(format!(
            "podgraph: error: {} is a file; --out takes the folder to write the graph into (such as output/)\n",
            file.display()
        ));
}

#[test]
fn export_filters_resolve_names_and_reject_unknown_ones() {
    let out = build_hostile();
    let graph = out.path().to_str().unwrap();
    let assert = podgraph()
        .args([
            "export",
            "-f",
            "json",
            "--ego",
            "SVGBOMB",
            "--drop",
            "Michael Kennedy",
        ])
        .args(["--hide-hosts", "--min-weight", "2", "--graph", graph])
        .assert()
        .success();
    let document: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let ids: Vec<&str> = document["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"svgbomb") && ids.contains(&"scriptkit"),
        "{ids:?}"
    );
    assert!(!ids.contains(&"michael-kennedy") && !ids.contains(&"brian-okken"));
    assert!(
        document["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["weight"].as_u64() >= Some(2))
    );
    podgraph()
        .args(["export", "-f", "json", "--ego", "nobody", "--graph", graph])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no entity 'nobody' in this graph"));
    podgraph()
        .args(["export", "-f", "json", "--kind", "event", "--graph", graph])
        .assert()
        .code(1);
}

#[test]
fn export_and_render_without_a_saved_graph_say_to_build_first() {
    let empty = tempfile::tempdir().unwrap();
    for command in ["export", "render"] {
        let mut cmd = podgraph();
        cmd.arg(command);
        if command == "export" {
            cmd.args(["--format", "json"]);
        }
        cmd.arg("--graph")
            .arg(empty.path())
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "graph.json: cannot read: No such file or directory (os error 2); run `podgraph build` first",
            ));
    }
}

#[test]
fn build_writes_the_formats_it_is_asked_for() {
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .args(["build", "-q", "--export", "graphml,csv"])
        .args(HOSTILE)
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let mut files: Vec<String> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "edges.csv",
            "episodes.json",
            "graph.graphml",
            "graph.json",
            "index.bin",
            "nodes.csv"
        ]
    );
    podgraph()
        .args(["build", "-q", "--export", "svg"])
        .args(HOSTILE)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown format 'svg' (expected one of: json, cytoscape, graphml, gexf, csv, dot)",
        ));
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
    let mut inputs = vec![common::seeds_dir()];
    inputs.extend(common::corpus_transcripts());
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
        let counts = python(COUNT_FORMATS, &[out.path()]);
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
    let catalog = format!(
        "[[entity]]\nid = \"long\"\nname = {}\nkind = \"package\"\naliases = [\"longname\"]\n\n\
         [[entity]]\nid = \"pytest\"\nname = \"pytest\"\nkind = \"package\"\naliases = [\"pytest\"]\n",
        toml_string(&long)
    );
    fs::write(dir.path().join("catalog.toml"), catalog).unwrap();
    fs::write(dir.path().join("t.txt"), "00:01 longname and pytest\n").unwrap();
    let out = dir.path().join("out");
    podgraph()
        .args([
            "build",
            "-q",
            "--export",
            "all",
            "--no-default-catalog",
            "--catalog",
        ])
        .arg(dir.path().join("catalog.toml"))
        .arg(dir.path().join("t.txt"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
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

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The seeds built with the catalog alone (no discovered entities), in a fresh folder.
fn seeds_without_discovery() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .args(["build", "-q", "--no-discover", "--out"])
        .arg(out.path())
        .arg(common::seeds_dir())
        .assert()
        .success();
    out
}

/// Regression: `--ego asyncio` drew the usual top 100 with asyncio somewhere in it, `--top 30`
/// could drop the centre, and the centre was never marked.
#[test]
fn an_ego_picture_is_the_centre_and_its_closest_ties() {
    let out = seeds_without_discovery();
    let graph = out.path().to_str().unwrap();
    for (extra, limit) in [(&[][..], 30), (&["--top", "5"], 5)] {
        let output = podgraph()
            .args([
                "export", "--format", "dot", "--ego", "asyncio", "--graph", graph,
            ])
            .args(extra)
            .output()
            .unwrap();
        assert!(output.status.success());
        let dot = String::from_utf8(output.stdout).unwrap();
        let nodes: Vec<&str> = dot
            .lines()
            .filter(|l| l.trim_start().starts_with('"') && l.contains("[label="))
            .collect();
        assert!(
            !nodes.is_empty() && nodes.len() <= limit,
            "{extra:?}: {}",
            nodes.len()
        );
        let center: Vec<&&str> = nodes
            .iter()
            .filter(|l| l.contains("penwidth=\"4\""))
            .collect();
        assert_eq!(center.len(), 1, "{extra:?}");
        assert!(
            center[0].trim_start().starts_with("\"asyncio\""),
            "{}",
            center[0]
        );
    }
}

#[test]
#[cfg_attr(
    not(podgraph_graphviz),
    ignore = "needs Graphviz (apt-get install graphviz)"
)]
fn an_ego_picture_is_drawn_around_its_centre() {
    let out = seeds_without_discovery();
    let graph = out.path().to_str().unwrap();
    // render --all drops the default filters, not the ego size.
    for extra in [&[][..], &["--all"]] {
        let image = out.path().join("ego.svg");
        let assert = podgraph()
            .args(["render", "--ego", "asyncio", "--graph", graph, "-o"])
            .arg(&image)
            .args(extra)
            .assert()
            .success();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        let drawn: usize = stderr
            .split("drew ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{stderr}"));
        assert!(drawn <= 30, "{extra:?}: {stderr}");
        let svg = fs::read_to_string(&image).unwrap();
        assert!(svg.contains(">asyncio<"), "the centre is drawn");
    }
}

#[test]
fn sponsors_can_be_hidden_from_exports() {
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .args(["build", "-q", "--no-discover", "--out"])
        .arg(out.path())
        .arg(common::seeds_dir())
        .assert()
        .success();
    let sponsors = |extra: &[&str]| -> usize {
        let output = podgraph()
            .args(["export", "--format", "json", "--graph"])
            .arg(out.path())
            .args(extra)
            .output()
            .unwrap();
        assert!(output.status.success());
        let graph: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["tags"].as_array().unwrap().contains(&"sponsor".into()))
            .count()
    };
    assert!(sponsors(&[]) > 0, "the seeds have sponsor reads");
    assert_eq!(sponsors(&["--hide-sponsors"]), 0);
}

/// Sends SIGINT to `child` once `ready` holds (polled for up to 10 s), then waits for it.
#[cfg(unix)]
fn interrupt_when(child: std::process::Child, ready: impl Fn() -> bool) -> std::process::Output {
    let start = std::time::Instant::now();
    while !ready() && start.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
fn alive(pid: &str) -> bool {
    Command::new("kill")
        .args(["-0", pid])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Regression: interrupting `render` left `dot` running, orphaned, at full CPU.
#[cfg(unix)]
#[test]
fn an_interrupted_render_stops_graphviz() {
    let out = build_hostile();
    let pid_file = out.path().join("dot.pid");
    let fake = fake_graphviz(&format!(
        "echo $$ > '{}'\nexec sleep 30",
        pid_file.display()
    ));
    let mut path = std::ffi::OsString::from(fake.path());
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let child = Command::new(assert_cmd::cargo::cargo_bin("podgraph"))
        .env("PATH", path)
        .args(["render", "--all", "--graph"])
        .arg(out.path())
        .arg("-o")
        .arg(out.path().join("graph.png"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let output = interrupt_when(child, || {
        fs::read_to_string(&pid_file).is_ok_and(|p| p.ends_with('\n'))
    });
    assert_eq!(output.status.code(), Some(130));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "podgraph: interrupted\n"
    );
    let pid = fs::read_to_string(&pid_file).unwrap().trim().to_owned();
    let start = std::time::Instant::now();
    while alive(&pid) && start.elapsed() < std::time::Duration::from_secs(5) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!alive(&pid), "Graphviz (pid {pid}) still runs");
    assert!(!out.path().join("graph.png").exists());
}

/// Regression: interrupting `build --export all --site` left `.podgraph-*.tmp` files.
#[cfg(unix)]
#[test]
fn an_interrupted_build_leaves_no_temporary_file() {
    let Some(archive) = common::corpus_transcripts() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .args(["build", "-q", "--export", "all", "--site", "--out"])
        .arg(out.path())
        .arg(&archive)
        .assert()
        .success();
    // Interrupt at several moments; whatever it was writing, nothing half-written stays, and
    // the folder still answers queries and exports.
    for delay_ms in [300, 600, 900, 1200] {
        let child = Command::new(assert_cmd::cargo::cargo_bin("podgraph"))
            .args(["build", "-q", "--export", "all", "--site", "--out"])
            .arg(out.path())
            .arg(&archive)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        let output = interrupt_when(child, || {
            start.elapsed() >= std::time::Duration::from_millis(delay_ms)
        });
        assert!(
            matches!(output.status.code(), Some(0 | 130)),
            "{delay_ms} ms: {:?} {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        let temporary: Vec<String> = walk(out.path())
            .into_iter()
            .filter(|name| name.contains(".podgraph-"))
            .collect();
        assert!(temporary.is_empty(), "{delay_ms} ms: {temporary:?}");
        podgraph()
            .args(["top", "-n", "3", "--graph"])
            .arg(out.path())
            .assert()
            .success();
        podgraph()
            .args(["export", "--format", "graphml", "--graph"])
            .arg(out.path())
            .assert()
            .success();
    }
}

/// Every file name under `dir`, recursively.
fn walk(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            names.extend(walk(&entry.path()));
        } else {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names
}

/// Regression: `render --all --top 0` ran for seconds with no sign of progress.
#[test]
fn a_long_layout_shows_progress_on_a_terminal_only() {
    let out = build_hostile();
    let fake = fake_graphviz("sleep 1\necho '<svg/>'");
    let mut path = std::ffi::OsString::from(fake.path());
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let image = out.path().join("slow.svg");
    let command = format!(
        "{} render --all --graph '{}' -o '{}'",
        assert_cmd::cargo::cargo_bin("podgraph").display(),
        out.path().display(),
        image.display()
    );
    let terminal = Command::new("script")
        .env("PATH", &path)
        .env("TERM", "xterm")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("util-linux `script` runs the terminal tests");
    let shown = String::from_utf8_lossy(&terminal.stdout);
    assert!(terminal.status.success(), "{shown}");
    assert!(
        shown.contains("podgraph: laying out 11 entities and 40 co-mentions with neato"),
        "{shown:?}"
    );
    podgraph()
        .env("PATH", &path)
        .args(["render", "--all", "--graph"])
        .arg(out.path())
        .arg("-o")
        .arg(&image)
        .assert()
        .success()
        .stderr(predicate::str::contains("laying out").not());
}
