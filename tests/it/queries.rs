//! The query commands, on the seeds and on the whole archive (built once per run), cross-checked
//! against an independent computation over the mentions themselves: the test extracts mentions
//! with the library and works out by plain set operations what each query must answer.
//!
//! `path`, judged by networkx and by the co-mentions it walks, is a submodule.

mod paths;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use podgraph::corpus;
use podgraph::extract::Extractor;
use podgraph::transcript::ParseOptions;
use predicates::prelude::*;
use serde_json::Value;

use crate::harness::{corpus_transcripts, default_catalog, podgraph, seeds_dir};
use paths::check_path;

/// One mention as the test sees it: entity id, segment, segment start.
#[derive(Clone, Debug)]
struct Seen {
    entity: String,
    segment: usize,
    start_ms: Option<u64>,
}

/// A built output folder and the mentions of each episode, by episode id.
struct Fixture {
    out: PathBuf,
    mentions: BTreeMap<String, Vec<Seen>>,
}

impl Fixture {
    fn build(input: &Path, out: PathBuf) -> Fixture {
        podgraph()
            .args(["build", "-q"])
            .arg(input)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let catalog = default_catalog();
        let extractor = Extractor::new(&catalog).unwrap();
        let corpus = corpus::load(&[input.to_owned()], &ParseOptions::default()).unwrap();
        let mentions = corpus
            .transcripts
            .iter()
            .map(|t| {
                let seen = extractor
                    .extract(t)
                    .iter()
                    .map(|m| Seen {
                        entity: catalog.get(m.entity).id.clone(),
                        segment: m.segment,
                        start_ms: t.segments()[m.segment].start.map(|s| s.as_millis()),
                    })
                    .collect();
                (corpus::episode_id(t), seen)
            })
            .collect();
        Fixture { out, mentions }
    }

    fn graph(&self) -> &str {
        self.out.to_str().unwrap()
    }

    /// Episodes where `holds` is true of the set of entities mentioned in some group of
    /// mentions, groups made by `key` (the whole episode, a segment, ...).
    fn expected<K: Ord>(
        &self,
        key: impl Fn(&Seen) -> K,
        holds: impl Fn(&BTreeSet<&str>) -> bool,
    ) -> Vec<String> {
        self.mentions
            .iter()
            .filter(|(_, seen)| {
                let mut groups: BTreeMap<K, BTreeSet<&str>> = BTreeMap::new();
                for s in seen.iter() {
                    groups.entry(key(s)).or_default().insert(&s.entity);
                }
                groups.values().any(&holds)
            })
            .map(|(id, _)| id.clone())
            .collect()
    }

    fn count(&self, episode: &str, entity: &str) -> usize {
        self.mentions[episode]
            .iter()
            .filter(|s| s.entity == entity)
            .count()
    }
}

fn seeds() -> &'static Fixture {
    static SEEDS: OnceLock<Fixture> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("queries-seeds");
        Fixture::build(&seeds_dir(), out)
    })
}

fn archive() -> Option<&'static Fixture> {
    static ARCHIVE: OnceLock<Option<Fixture>> = OnceLock::new();
    ARCHIVE
        .get_or_init(|| {
            let input = corpus_transcripts()?;
            let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("queries-archive");
            Some(Fixture::build(&input, out))
        })
        .as_ref()
}

/// `podgraph episodes ARGS --json` on a fixture: the episode ids and the whole document.
fn episodes(fixture: &Fixture, args: &[&str]) -> (Vec<String>, Value) {
    let output = podgraph()
        .arg("episodes")
        .args(args)
        .args(["--json", "--graph", fixture.graph()])
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids = document["episodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    (ids, document)
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

#[test]
fn seeds_episodes_mentioning_asyncio_and_pytest() {
    let f = seeds();
    let (got, document) = episodes(f, &["asyncio", "pytest"]);
    let expected = f.expected(
        |_| (),
        |set| set.contains("asyncio") && set.contains("pytest"),
    );
    assert_eq!(sorted(got.clone()), expected);
    assert!(!expected.is_empty());
    for (id, hit) in got.iter().zip(document["episodes"].as_array().unwrap()) {
        for count in hit["counts"].as_array().unwrap() {
            let entity = count["id"].as_str().unwrap();
            assert_eq!(
                count["mentions"].as_u64().unwrap() as usize,
                f.count(id, entity)
            );
        }
        // Every mention of both, each with its snippet marking the name.
        let mentions = hit["mentions"].as_array().unwrap();
        assert_eq!(
            mentions.len(),
            f.count(id, "asyncio") + f.count(id, "pytest")
        );
    }
}

#[test]
fn seeds_zappa_is_found_with_its_timestamps_and_snippets() {
    let f = seeds();
    let (got, document) = episodes(f, &["Zappa"]);
    assert_eq!(got, f.expected(|_| (), |set| set.contains("zappa")));
    let hit = &document["episodes"][0];
    assert_eq!(hit["number"], 29);
    for m in hit["mentions"].as_array().unwrap() {
        let snippet = m["snippet"].as_str().unwrap();
        let [a, b] = [
            m["matched"][0].as_u64().unwrap(),
            m["matched"][1].as_u64().unwrap(),
        ];
        assert_eq!(&snippet[a as usize..b as usize], "Zappa");
        assert!(m["timestamp"].as_str().unwrap().contains(':'));
    }
}

#[test]
fn seeds_bokeh_and_flask_together_by_episode_segment_and_minute() {
    let f = seeds();
    let both = |set: &BTreeSet<&str>| set.contains("bokeh") && set.contains("flask");
    let (episode, _) = episodes(f, &["bokeh", "flask"]);
    assert_eq!(sorted(episode), f.expected(|_| (), both));
    let (segment, document) = episodes(f, &["Boca", "Flask", "--window", "segment"]);
    assert_eq!(sorted(segment), f.expected(|s| s.segment, both));
    // Only mentions from segments that hold both are shown.
    for hit in document["episodes"].as_array().unwrap() {
        let mut by_segment: BTreeMap<u64, BTreeSet<&str>> = BTreeMap::new();
        for m in hit["mentions"].as_array().unwrap() {
            by_segment
                .entry(m["segment"].as_u64().unwrap())
                .or_default()
                .insert(m["entity"].as_str().unwrap());
        }
        assert!(by_segment.values().all(|s| s.len() == 2), "{by_segment:?}");
    }
}

#[test]
fn seeds_any_and_boolean_expressions() {
    let f = seeds();
    let (any, _) = episodes(f, &["zappa", "asyncio", "--any"]);
    assert_eq!(
        sorted(any),
        f.expected(|_| (), |s| s.contains("zappa") || s.contains("asyncio"))
    );
    let (got, _) = episodes(f, &["pytest AND (asyncio OR trio) AND NOT django"]);
    let expected = f.expected(
        |_| (),
        |s| {
            s.contains("pytest")
                && (s.contains("asyncio") || s.contains("trio"))
                && !s.contains("django")
        },
    );
    assert_eq!(sorted(got), expected);
    let (got, _) = episodes(f, &["NOT python"]);
    assert_eq!(sorted(got), f.expected(|_| (), |s| !s.contains("python")));
}

#[test]
fn unknown_names_get_suggestions_and_bad_expressions_a_clear_error() {
    let f = seeds();
    let cases: [(&[&str], &str); 5] = [
        (
            &["pytset"],
            "unknown entity 'pytset'; did you mean 'pytest'",
        ),
        (
            &["(pytest AND asyncio"],
            "cannot read the query '(pytest AND asyncio': a '(' is never closed",
        ),
        (
            &["pytest AND asyncio)"],
            "cannot read the query 'pytest AND asyncio)': a ')' without its '('",
        ),
        (&["pytest AND"], "it ends where a name was expected"),
        (
            &["pytest", "asyncio OR zappa"],
            "is an expression; give it as the only argument, quoted",
        ),
    ];
    for (args, message) in cases {
        podgraph()
            .arg("episodes")
            .args(args)
            .args(["--graph", f.graph()])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn nothing_found_exits_1_as_grep_does() {
    let f = seeds();
    // Both are in the catalog; no seed mentions both.
    let (got, _) = episodes(f, &["zappa", "asyncio"]);
    assert!(
        got.is_empty()
            && f.expected(|_| (), |s| s.contains("zappa") && s.contains("asyncio"))
                .is_empty()
    );
    podgraph()
        .args(["episodes", "zappa", "asyncio", "--graph", f.graph()])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "0 of 5 episodes match zappa AND asyncio",
        ));
}

/// graph.json's nodes and edges, read independently of the index.
fn graph_json(f: &Fixture) -> Value {
    serde_json::from_str(&fs::read_to_string(f.out.join("graph.json")).unwrap()).unwrap()
}

fn json(f: &Fixture, args: &[&str]) -> Value {
    let output = podgraph()
        .args(args)
        .args(["--json", "--graph", f.graph()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn neighbors_top_timeline_and_entity_agree_with_graph_json() {
    let f = seeds();
    let graph = graph_json(f);
    let edges = graph["edges"].as_array().unwrap();
    let weight = |a: &str, b: &str| {
        edges
            .iter()
            .find(|e| {
                (e["source"] == a && e["target"] == b) || (e["source"] == b && e["target"] == a)
            })
            .map(|e| e["weight"].as_u64().unwrap())
    };
    let neighbors = json(f, &["neighbors", "pytest", "--top", "100"]);
    let listed = neighbors["neighbors"].as_array().unwrap();
    let expected = edges
        .iter()
        .filter(|e| e["source"] == "pytest" || e["target"] == "pytest")
        .count();
    assert_eq!(listed.len(), expected.min(100));
    let mut last = u64::MAX;
    for n in listed {
        let w = n["weight"].as_u64().unwrap();
        assert_eq!(Some(w), weight("pytest", n["id"].as_str().unwrap()));
        assert!(w <= last, "ranked by weight");
        last = w;
    }

    let top = json(f, &["top", "-n", "5"]);
    let mut nodes: Vec<(u64, String)> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["mentions"].as_u64().unwrap(),
                n["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    nodes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let ids: Vec<&str> = top["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = nodes.iter().take(5).map(|(_, id)| id.as_str()).collect();
    assert_eq!(ids, expected);

    let timeline = json(f, &["timeline", "bokeh"]);
    assert_eq!(timeline["entity"]["id"], "bokeh");
    for row in timeline["episodes"].as_array().unwrap() {
        let id = row["id"].as_str().unwrap();
        assert_eq!(
            row["mentions"].as_u64().unwrap() as usize,
            f.count(id, "bokeh")
        );
    }
    let total: usize = f.mentions.keys().map(|id| f.count(id, "bokeh")).sum();
    let profile = json(f, &["entity", "Boca"]);
    assert_eq!(profile["id"], "bokeh");
    assert_eq!(profile["mentions"].as_u64().unwrap() as usize, total);
    assert!(
        profile["ambiguous_aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "Boca")
    );
}

#[test]
fn queries_on_a_missing_or_stale_index_say_to_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    podgraph()
        .args(["top", "--graph"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("index.bin: cannot read")
                .and(predicate::str::contains("run `podgraph build` first")),
        );
    let index = dir.path().join("index.bin");
    let mut bytes = fs::read(seeds().out.join("index.bin")).unwrap();
    bytes[8] = 99;
    fs::write(&index, &bytes).unwrap();
    podgraph()
        .args(["top", "--graph"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "written in index format 99, this podgraph reads format 4; rebuild with `podgraph build`",
        ));
    let good = fs::read(seeds().out.join("index.bin")).unwrap();
    fs::write(&index, &good[..good.len() / 2]).unwrap();
    podgraph()
        .args(["top", "--graph"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("not a podgraph index")
                .and(predicate::str::contains("rebuild with `podgraph build`")),
        );
}

#[test]
fn archive_queries_match_the_mentions() {
    let Some(f) = archive() else {
        return;
    };
    type Holds = fn(&BTreeSet<&str>) -> bool;
    let cases: [(&[&str], Holds); 4] = [
        (&["pytest", "asyncio"], |s| {
            s.contains("pytest") && s.contains("asyncio")
        }),
        (&["bokeh", "flask", "--any"], |s| {
            s.contains("bokeh") || s.contains("flask")
        }),
        (&["Guido van Rossum"], |s| s.contains("guido-van-rossum")),
        (&["(fastapi OR flask) AND NOT django"], |s| {
            (s.contains("fastapi") || s.contains("flask")) && !s.contains("django")
        }),
    ];
    for (args, holds) in cases {
        let (got, _) = episodes(f, args);
        let expected = f.expected(|_| (), holds);
        assert!(expected.len() > 3, "{args:?}: too few to tell");
        assert_eq!(sorted(got), expected, "{args:?}");
    }
    // Within a minute: the independent check slides over segment start times.
    let (got, _) = episodes(f, &["pytest", "asyncio", "--window", "60"]);
    let expected: Vec<String> = f
        .mentions
        .iter()
        .filter(|(_, seen)| {
            seen.iter().filter(|s| s.entity == "pytest").any(|p| {
                seen.iter().filter(|s| s.entity == "asyncio").any(|a| {
                    match (p.start_ms, a.start_ms) {
                        (Some(x), Some(y)) => x.abs_diff(y) <= 60_000,
                        _ => p.segment == a.segment,
                    }
                })
            })
        })
        .map(|(id, _)| id.clone())
        .collect();
    assert_eq!(sorted(got), expected);
    check_path(f, "bokeh", "asyncio");
}

/// Regression: "threads" resolved silently to an app never mentioned (0 of 486 episodes) rather
/// than the concept said in 117.
#[test]
fn a_name_with_two_meanings_takes_the_mentioned_one_and_says_so() {
    let Some(f) = archive() else {
        return;
    };
    let (got, document) = episodes(f, &["threads"]);
    let expected: Vec<String> = f
        .mentions
        .iter()
        .filter(|(_, seen)| seen.iter().any(|s| s.entity == "threading-concept"))
        .map(|(id, _)| id.clone())
        .collect();
    assert_eq!(sorted(got), sorted(expected));
    assert_eq!(
        document["ambiguous"][0]["chosen"]["id"],
        "threading-concept"
    );
    assert_eq!(document["ambiguous"][0]["others"][0]["id"], "threads");
    podgraph()
        .args(["episodes", "threads", "--graph", f.graph()])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "podgraph: note: threads: the concept Threads (",
        ))
        .stderr(predicates::str::contains(
            "also the software Threads (0 mentions): use `software:threads`",
        ));
    // The other meaning, by kind or by id: named, and found nowhere.
    for name in ["software:threads", "Software:Threads", "id:threads"] {
        podgraph()
            .args(["episodes", name, "--graph", f.graph()])
            .assert()
            .code(1)
            .stderr(predicates::str::contains("note").not());
    }
    // An expression notes its names too.
    podgraph()
        .args(["episodes", "threads AND asyncio", "--graph", f.graph()])
        .assert()
        .success()
        .stderr(predicates::str::contains("note: threads:"));
}

#[test]
fn small_outputs_read_as_english() {
    let f = seeds();
    // Regression: a chain from an entity to itself printed nothing.
    podgraph()
        .args(["path", "pytest", "py.test", "--graph", f.graph()])
        .assert()
        .success()
        .stdout("pytest\n");
    // Regression: "2 in 1 episodes".
    podgraph()
        .args(["entity", "zappa", "--graph", f.graph()])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "mentions     2 mentions in 1 episode\n",
        ));
    // 0 means all, in every command that counts.
    let all = json(f, &["top", "-n", "0"])["entities"]
        .as_array()
        .unwrap()
        .len();
    let mentioned = graph_json(f)["nodes"].as_array().unwrap().len();
    assert_eq!(all, mentioned);
    let neighbors = json(f, &["neighbors", "pytest", "-n", "0"])["neighbors"]
        .as_array()
        .unwrap()
        .len();
    assert!(neighbors > 10, "{neighbors}");
    // Every --json is one object.
    for args in [&["top"][..], &["timeline", "pytest"], &["entity", "pytest"]] {
        let document = json(f, args);
        assert!(document.is_object(), "{args:?}");
    }
}
