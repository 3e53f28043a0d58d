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
use podgraph::index::{EpisodeInput, EpisodePart, IndexBuilder, QueryIndex};
use podgraph::pipeline::{self, BuildOptions};
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

/// The whole build as `podgraph build` runs it (the library pipeline), without writing files.
fn bench_pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    let parse = ParseOptions::default();
    for discover in [false, true] {
        let name = if discover {
            "build, discovery on"
        } else {
            "build, discovery off"
        };
        group.bench_function(name, |bench| {
            bench.iter(|| {
                let built = pipeline::build(
                    Catalog::load(true, &[]).unwrap(),
                    |_| corpus::plan(&[input()], &parse),
                    &parse,
                    &BuildOptions {
                        window: DEFAULT_WINDOW,
                        discover,
                        edges_key: EdgesKey::Edges,
                        spill_dir: None,
                        cache: None,
                    },
                    &mut |_| {},
                )
                .unwrap();
                black_box(built.document.nodes.len())
            })
        });
    }
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
    let write_index = || {
        let mut builder = IndexBuilder::new(&b.catalog, None).unwrap();
        for input in &inputs {
            let part = EpisodePart::of(input, builder.positions()).unwrap();
            builder.add(part).unwrap();
        }
        let mut out = Vec::new();
        builder.write(&doc, &b.catalog, &mut out).unwrap();
        out
    };
    group.bench_function("build index.bin", |bench| {
        bench.iter(|| black_box(write_index()))
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.bin");
    std::fs::write(&path, write_index()).unwrap();
    group.bench_function("load index.bin", |bench| {
        bench.iter(|| black_box(QueryIndex::load(&path).unwrap()))
    });
    let index = QueryIndex::load(&path).unwrap();
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
        ("60 s", Proximity::Within(60)),
    ] {
        group.bench_function(format!("pytest AND asyncio, {name}"), |bench| {
            bench.iter(|| black_box(query::episodes_matching(&index, &expr, proximity).unwrap()))
        });
    }
    group.finish();
}

/// The same speech in every format podgraph reads, for comparing the readers' speed: the
/// archive's `.vtt` and `.txt` files as they are, and their cues written out as diarised lines,
/// Markdown, Whisper JSON, word-level Podcasting 2.0 JSON, SubRip and Podcasting 2.0 HTML
/// (made here, at bench time, from the parsed cues). Also The Changelog's own Markdown when
/// `../shared` has it.
/// A file's path and bytes.
type FileBytes = (PathBuf, Vec<u8>);
/// One cue: start and end in milliseconds, speaker, text.
type Cue = (u64, u64, String, String);

fn reader_inputs() -> Vec<(&'static str, Vec<FileBytes>)> {
    let dir = input();
    let mut vtt: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "vtt"))
        .collect();
    vtt.sort();
    let read = |paths: &[PathBuf]| -> Vec<FileBytes> {
        paths
            .iter()
            .map(|p| (p.clone(), std::fs::read(p).unwrap()))
            .collect()
    };
    let cues: Vec<(PathBuf, Vec<Cue>)> = read(&vtt)
        .into_iter()
        .map(|(path, data)| {
            let t = parse_bytes(&data, &path, &ParseOptions::default()).unwrap();
            let cues = t
                .segments()
                .iter()
                .map(|s| {
                    let start = s.start.map_or(0, |t| t.as_millis());
                    let end = s.end.map_or(start, |t| t.as_millis());
                    let who = t.speaker_name(s).unwrap_or("Michael Kennedy").to_owned();
                    (start, end, who, t.segment_text(s).to_owned())
                })
                .collect();
            (path, cues)
        })
        .collect();
    let clock = |ms: u64| {
        format!(
            "{:02}:{:02}:{:02}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60
        )
    };
    let json = |s: &str| serde_json::to_string(s).unwrap();
    let write = |ext: &str, render: &dyn Fn(&[Cue]) -> String| {
        cues.iter()
            .map(|(path, cues)| (path.with_extension(ext), render(cues).into_bytes()))
            .collect::<Vec<_>>()
    };
    let mut inputs = vec![
        ("webvtt", read(&vtt)),
        ("timestamped", files()),
        (
            "diarised",
            write("txt", &|cues| {
                cues.iter()
                    .map(|(s, _, who, text)| format!("[{who}] [{}] {text}\n", clock(*s)))
                    .collect()
            }),
        ),
        (
            "markdown",
            write("md", &|cues| {
                cues.iter()
                    .map(|(s, _, who, text)| format!("**{who}:** \\[{}\\] {text}\n\n", clock(*s)))
                    .collect()
            }),
        ),
        (
            "srt",
            write("srt", &|cues| {
                cues.iter()
                    .enumerate()
                    .map(|(i, (s, e, who, text))| {
                        let t = |ms: u64| format!("{},{:03}", clock(ms), ms % 1000);
                        format!("{}\n{} --> {}\n{who}: {text}\n\n", i + 1, t(*s), t(*e))
                    })
                    .collect()
            }),
        ),
        (
            "html",
            write("html", &|cues| {
                let mut page = String::from("<html><body>\n");
                for (s, _, who, text) in cues {
                    let text = text.replace('&', "&amp;").replace('<', "&lt;");
                    page += &format!(
                        "<cite>{who}:</cite>\n<time>{}</time>\n<p>{text}</p>\n",
                        clock(*s)
                    );
                }
                page + "</body></html>\n"
            }),
        ),
        (
            "whisper-json",
            write("json", &|cues| {
                let segments: Vec<String> = cues
                    .iter()
                    .map(|(s, e, _, text)| {
                        format!(
                            "{{\"start\": {}, \"end\": {}, \"text\": {}}}",
                            *s as f64 / 1000.0,
                            *e as f64 / 1000.0,
                            json(text)
                        )
                    })
                    .collect();
                format!(
                    "{{\"text\": \"\", \"segments\": [{}], \"language\": \"en\"}}",
                    segments.join(",\n")
                )
            }),
        ),
        (
            "podcast-json, one word per segment",
            write("json", &|cues| {
                let mut segments = Vec::new();
                for (s, e, who, text) in cues {
                    let words: Vec<&str> = text.split(' ').collect();
                    let step = (e - s) / words.len().max(1) as u64;
                    for (i, word) in words.iter().enumerate() {
                        let at = s + step * i as u64;
                        segments.push(format!(
                            "{{\"speaker\": {}, \"startTime\": {}, \"endTime\": {}, \"body\": {}}}",
                            json(who),
                            at as f64 / 1000.0,
                            (at + step) as f64 / 1000.0,
                            json(word)
                        ));
                    }
                }
                format!(
                    "{{\"version\": \"1.0.0\", \"segments\": [\n{}\n]}}",
                    segments.join(",\n")
                )
            }),
        ),
    ];
    let changelog =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/changelog/podcast");
    if changelog.is_dir() {
        let mut md: Vec<PathBuf> = std::fs::read_dir(&changelog)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        md.sort();
        inputs.push(("markdown, The Changelog", read(&md)));
    }
    inputs
}

/// Each reader's throughput on the same speech (see [`reader_inputs`]).
fn bench_readers(c: &mut Criterion) {
    let options = ParseOptions::default();
    let mut group = c.benchmark_group("readers");
    group.sample_size(10);
    for (format, files) in reader_inputs() {
        let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
        group.throughput(Throughput::Bytes(bytes));
        group.bench_function(format, |bench| {
            bench.iter(|| {
                for (path, data) in &files {
                    black_box(parse_bytes(data, path, &options).unwrap());
                }
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_pipeline,
    bench_parse_and_match,
    bench_graph_and_outputs,
    bench_readers
);
criterion_main!(benches);
