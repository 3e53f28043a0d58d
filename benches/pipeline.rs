//! In-process benchmarks of each pipeline stage (criterion): parsing, matching, the co-mention
//! graph with analytics, the exports, the query index and a query.
//!
//! Input: the Python Bytes archive in `../shared/corpus` when it is there (the numbers in
//! docs/performance.md), else the five samples in `data/transcripts`. Whole-process comparisons
//! with the baseline programs are in `benches/compare.sh`.
//!
//! `cargo bench --bench pipeline` (add `-- parse` to run one group).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use podgraph::catalog::Catalog;
use podgraph::corpus::{self, Corpus};
use podgraph::export::{DotStyle, EdgesKey, GraphDocument, Part};
use podgraph::extract::{Extractor, Mention};
use podgraph::graph::{CoMentionGraph, DEFAULT_WINDOW, EpisodeMentions};
use podgraph::index::{EpisodeInput, QueryIndex};
use podgraph::query::{self, Expr, Proximity};
use podgraph::transcript::{ParseOptions, parse_bytes};

fn input() -> PathBuf {
    let archive =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/python-bytes/transcripts");
    if archive.is_dir() {
        archive
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/transcripts")
    }
}

/// The `.txt` files of the input, as bytes.
fn files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(input())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

struct Built {
    catalog: Catalog,
    corpus: Corpus,
    mentions: Vec<Vec<Mention>>,
}

fn built() -> Built {
    let catalog = Catalog::load(true, &[]).unwrap();
    let extractor = Extractor::new(&catalog).unwrap();
    let corpus = corpus::load(&[input()], &ParseOptions::default()).unwrap();
    let mentions = corpus
        .transcripts
        .iter()
        .map(|t| extractor.extract(t))
        .collect();
    Built {
        catalog,
        corpus,
        mentions,
    }
}

fn graph(b: &Built) -> CoMentionGraph {
    let records = b.corpus.records();
    let episodes: Vec<EpisodeMentions<'_>> = records
        .iter()
        .zip(&b.corpus.transcripts)
        .zip(&b.mentions)
        .map(|((r, t), m)| EpisodeMentions {
            id: r.id.clone(),
            transcript: t,
            mentions: m,
        })
        .collect();
    CoMentionGraph::build(&b.catalog, &episodes, DEFAULT_WINDOW)
}

fn document(b: &Built, g: &CoMentionGraph) -> GraphDocument {
    let counts: Vec<_> = b
        .mentions
        .iter()
        .map(|m| podgraph::extract::count_by_entity(m))
        .collect();
    GraphDocument::from_graph(g, &b.catalog, &b.corpus.records(), &counts, EdgesKey::Edges)
}

fn bench_parse_and_match(c: &mut Criterion) {
    let files = files();
    let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let options = ParseOptions::default();
    let mut group = c.benchmark_group("transcripts");
    group.sample_size(10).throughput(Throughput::Bytes(bytes));
    group.bench_function("parse (one thread)", |bench| {
        bench.iter(|| {
            for (path, data) in &files {
                black_box(parse_bytes(data, path, &options).unwrap());
            }
        })
    });
    let transcripts: Vec<_> = files
        .iter()
        .map(|(p, d)| parse_bytes(d, p, &options).unwrap())
        .collect();
    for (name, catalog) in [
        ("default", Catalog::load(true, &[]).unwrap()),
        (
            "bench small",
            Catalog::load(
                false,
                &[Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../shared/bench/catalogs/small.json")],
            )
            .unwrap_or_else(|_| Catalog::load(true, &[]).unwrap()),
        ),
    ] {
        let extractor = Extractor::new(&catalog).unwrap();
        group.bench_function(format!("extract, {name} catalog (one thread)"), |bench| {
            bench.iter(|| {
                for t in &transcripts {
                    black_box(extractor.extract(t));
                }
            })
        });
    }
    group.finish();
    let mut group = c.benchmark_group("catalog");
    group.sample_size(10);
    group.bench_function("compile the default catalog", |bench| {
        let catalog = Catalog::load(true, &[]).unwrap();
        bench.iter(|| black_box(Extractor::new(&catalog).unwrap()))
    });
    group.finish();
}

fn bench_graph_and_outputs(c: &mut Criterion) {
    let b = built();
    let mut group = c.benchmark_group("graph");
    group.sample_size(10);
    group.bench_function("co-mention graph", |bench| {
        bench.iter(|| black_box(graph(&b)))
    });
    let g = graph(&b);
    group.bench_function("analytics and graph.json document", |bench| {
        bench.iter(|| black_box(document(&b, &g)))
    });
    group.finish();

    let doc = document(&b, &g);
    let mut group = c.benchmark_group("exports");
    group.sample_size(10);
    for part in [
        Part::NodeLink,
        Part::Dot,
        Part::GraphMl,
        Part::Gexf,
        Part::Cytoscape,
        Part::CsvEdges,
    ] {
        group.bench_function(part.file_name(), |bench| {
            bench.iter(|| {
                let mut out = Vec::with_capacity(16 << 20);
                part.write(&doc, &DotStyle::default(), &mut out).unwrap();
                black_box(out)
            })
        });
    }
    group.finish();

    let inputs: Vec<EpisodeInput<'_>> = b
        .corpus
        .transcripts
        .iter()
        .zip(&b.mentions)
        .map(|(transcript, mentions)| EpisodeInput {
            transcript,
            mentions,
        })
        .collect();
    let mut group = c.benchmark_group("queries");
    group.sample_size(10);
    group.bench_function("build index.bin", |bench| {
        bench.iter(|| {
            let index = QueryIndex::build(&doc, &b.catalog, &inputs);
            let mut out = Vec::new();
            index.write(&mut out).unwrap();
            black_box(out)
        })
    });
    let index = QueryIndex::build(&doc, &b.catalog, &inputs);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.bin");
    let mut out = Vec::new();
    index.write(&mut out).unwrap();
    std::fs::write(&path, out).unwrap();
    group.bench_function("load index.bin", |bench| {
        bench.iter(|| black_box(QueryIndex::load(&path).unwrap()))
    });
    // What a query would cost if it read graph.json instead.
    let graph_json = dir.path().join("graph.json");
    let mut out = Vec::new();
    Part::NodeLink
        .write(&doc, &DotStyle::default(), &mut out)
        .unwrap();
    std::fs::write(&graph_json, out).unwrap();
    group.bench_function("load graph.json", |bench| {
        bench.iter(|| black_box(GraphDocument::load(&graph_json).unwrap()))
    });
    let expr = Expr::And(vec![
        Expr::Entity(index.resolve("pytest").unwrap()),
        Expr::Entity(index.resolve("asyncio").unwrap()),
    ]);
    for (name, proximity) in [
        ("episode", Proximity::Episode),
        ("60 s", Proximity::Seconds(60)),
    ] {
        group.bench_function(format!("pytest AND asyncio, {name}"), |bench| {
            bench.iter(|| black_box(query::episodes_matching(&index, &expr, proximity)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_parse_and_match, bench_graph_and_outputs);
criterion_main!(benches);
