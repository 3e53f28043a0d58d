//! Invariants checked on generated inputs (proptest): letter case does not change what
//! case-insensitive aliases find; appending unrelated speech never removes a mention; a saved
//! graph reads back as it was written, whatever its names.

use std::path::Path;

use podgraph::catalog::{Catalog, CatalogBuilder, Kind};
use podgraph::corpus::EpisodeSummary;
use podgraph::export::{
    DocumentEdge, DocumentEpisode, DocumentNode, EntityCount, FORMAT_VERSION, GraphAttributes,
    GraphDocument,
};
use podgraph::extract::Extractor;
use podgraph::transcript::{ParseOptions, parse_bytes};
use proptest::prelude::*;

const CATALOG: &str = r#"
[[entity]]
id = "pytest"
name = "pytest"
kind = "package"
aliases = ["pytest", "py.test"]

[[entity]]
id = "asyncio"
name = "asyncio"
kind = "package"
aliases = ["asyncio"]

[[entity]]
id = "scikit-learn"
name = "scikit-learn"
kind = "package"
aliases = ["scikit-learn"]

[[entity]]
id = "guido-van-rossum"
name = "Guido van Rossum"
kind = "person"
aliases = ["Guido van Rossum"]

[[entity]]
id = "structured-concurrency"
name = "Structured concurrency"
kind = "concept"
aliases = ["structured concurrency"]

[[entity]]
id = "requests"
name = "Requests"
kind = "package"
aliases = ["python-requests"]
ambiguous_aliases = ["requests"]
context = ["http"]
"#;

fn catalog() -> Catalog {
    let mut builder = CatalogBuilder::default();
    builder.add_str(Path::new("props.toml"), CATALOG).unwrap();
    builder.build().unwrap()
}

/// Words a transcript line is made of: aliases, a context word, and filler.
const WORDS: &[&str] = &[
    "pytest",
    "py.test",
    "asyncio",
    "scikit-learn",
    "scikit",
    "learn",
    "Guido",
    "van",
    "Rossum",
    "structured",
    "concurrency",
    "requests",
    "http",
    "the",
    "and",
    "we",
    "talked",
    "about",
    "a",
    "library",
    "million",
    "of",
    "tests",
    "pytester",
    "asyncios",
    "10",
    "-",
    ",",
    ".",
];

/// Filler that names nothing in the catalog and is no context word.
const UNRELATED: &[&str] = &[
    "so",
    "anyway",
    "thanks",
    "for",
    "listening",
    "bye",
    "see",
    "you",
];

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..14).prop_map(|w| w.join(" "))
}

fn transcript_text(lines: &[String]) -> String {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| format!("00:{:02}:{:02} {l}\n", i / 60, i % 60))
        .collect()
}

/// `(entity id, start, end)` of every mention found in `text`.
fn found(extractor: &Extractor<'_>, catalog: &Catalog, text: &str) -> Vec<(String, usize, usize)> {
    let t = parse_bytes(
        text.as_bytes(),
        Path::new("p.txt"),
        &ParseOptions::default(),
    )
    .unwrap();
    extractor
        .extract(&t)
        .iter()
        .map(|m| (catalog.get(m.entity).id.clone(), m.start, m.end))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn letter_case_does_not_change_what_is_found(
        lines in prop::collection::vec(line(), 1..8),
        flips in prop::collection::vec(any::<bool>(), 400),
    ) {
        let catalog = catalog();
        let extractor = Extractor::new(&catalog).unwrap();
        let text = transcript_text(&lines);
        // Flip the case of letters in the speech (not the timestamps, which have none).
        let flipped: String = text
            .chars()
            .zip(flips.iter().cycle())
            .map(|(c, &flip)| match (flip, c) {
                (true, c) if c.is_ascii_lowercase() => c.to_ascii_uppercase(),
                (true, c) if c.is_ascii_uppercase() => c.to_ascii_lowercase(),
                (_, c) => c,
            })
            .collect();
        prop_assert_eq!(found(&extractor, &catalog, &text), found(&extractor, &catalog, &flipped));
    }

    #[test]
    fn appending_unrelated_speech_never_removes_a_mention(
        lines in prop::collection::vec(line(), 1..8),
        more in prop::collection::vec(
            prop::collection::vec(prop::sample::select(UNRELATED), 1..10).prop_map(|w| w.join(" ")),
            1..5,
        ),
    ) {
        let catalog = catalog();
        let extractor = Extractor::new(&catalog).unwrap();
        let before = found(&extractor, &catalog, &transcript_text(&lines));
        let mut all = lines.clone();
        all.extend(more);
        let after = found(&extractor, &catalog, &transcript_text(&all));
        for mention in &before {
            prop_assert!(after.contains(mention), "{:?} lost", mention);
        }
    }

    #[test]
    fn a_saved_graph_reads_back_as_written(
        names in prop::collection::vec(any::<String>(), 1..6),
        weights in prop::collection::vec(1usize..1000, 1..6),
        npmi in -1.0f64..1.0,
    ) {
        let nodes: Vec<DocumentNode> = names
            .iter()
            .enumerate()
            .map(|(i, name)| DocumentNode {
                id: format!("e{i}"),
                name: name.clone(),
                kind: Kind::ALL[i % Kind::ALL.len()],
                mentions: i + 1,
                episodes: 1,
                windows: i + 1,
                first_episode: "ep".to_owned(),
                last_episode: "ep".to_owned(),
                degree: 1,
                weighted_degree: 2,
                pagerank: 0.25,
                betweenness: 0.0,
                community: i,
                aliases: vec![name.clone()],
                ambiguous_aliases: Vec::new(),
                tags: vec![name.chars().rev().collect()],
            })
            .collect();
        let edges: Vec<DocumentEdge> = (1..nodes.len())
            .map(|i| DocumentEdge {
                source: "e0".to_owned(),
                target: format!("e{i}"),
                weight: weights[i % weights.len()],
                episode_count: 1,
                npmi: (npmi * 1e6).round() / 1e6,
                episodes: ["ep"].into_iter().collect(),
            })
            .collect();
        let document = GraphDocument {
            directed: false,
            multigraph: false,
            graph: GraphAttributes {
                name: "podgraph co-mentions".to_owned(),
                format_version: FORMAT_VERSION,
                window: "60s".to_owned(),
                windows: 3,
                episodes: 1,
                build: "test".to_owned(),
            },
            nodes,
            edges: Some(edges),
            links: None,
            episodes: vec![DocumentEpisode {
                summary: EpisodeSummary {
                    id: "ep".to_owned(),
                    show: Some(names[0].clone()),
                    number: Some(1),
                    title: names.last().cloned(),
                    date: None,
                    source_path: names[0].clone(),
                },
                entities: vec![EntityCount { id: "e0".into(), mentions: 1 }],
            }],
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("graph.json");
        let mut bytes = Vec::new();
        podgraph::export::Part::NodeLink
            .write(&document, &podgraph::export::DotStyle::default(), &mut bytes)
            .unwrap();
        std::fs::write(&path, &bytes).unwrap();
        prop_assert_eq!(GraphDocument::load(&path).unwrap(), document);
    }
}
