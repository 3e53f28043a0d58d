//! Every export format: golden files on a small graph whose names attack each format, and the
//! `export` command that writes them.
//!
//! The real consumers reading the files back (networkx, Graphviz, an XML parser), `render`
//! (which runs Graphviz) and interrupted writes are submodules. networkx and Graphviz come from
//! `.ci/run`; where one is missing, the tests that need it are ignored, with the reason in the
//! test summary (see `harness`).

mod interrupts;
mod read_back;
mod render;

use std::fs;
use std::path::PathBuf;

use predicates::prelude::*;

use crate::harness::{podgraph, seeds_without_discovery};

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
            // The build cache (see the `cache` tests).
            ".podgraph-cache",
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
fn sponsors_can_be_hidden_from_exports() {
    let out = seeds_without_discovery();
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
