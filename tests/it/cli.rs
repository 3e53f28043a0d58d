//! The `podgraph` command as a user runs it: exit codes, messages, outputs.
//!
//! Bad inputs, feeds, discovery and what a terminal sees are submodules: each is a part of the
//! command a user meets on its own.

mod discover;
mod feeds;
mod inputs;
mod terminal;

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;

use predicates::prelude::*;

use crate::harness::{
    REPO, SMALL_CATALOG, build, podgraph, podgraph_process, seeds_dir, seeds_without_discovery,
};

/// The `episodes.json` a build wrote into `out`.
fn read_episodes(out: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(out.join("episodes.json")).unwrap()).unwrap()
}

#[test]
fn build_runs_on_the_sample_transcripts_by_default() {
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .args(["build", "--out"])
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("read 5 files: 5 episodes, 0 skipped"))
        .stderr(predicate::str::is_match(r"\d+ mentions of \d+ entities \(\d+ in the catalog\)").unwrap())
        .stderr(predicate::str::contains(
            "002_e262f4abd0f6b887.txt: recording date: header says 2017-02-06, speech says 2016-02-06",
        ));
    let episodes = read_episodes(out.path());
    let ids: Vec<&str> = episodes["episodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "python-bytes-9",
            "python-bytes-12",
            "python-bytes-29",
            "python-bytes-41",
            "python-bytes-197"
        ]
    );
}

#[test]
fn build_falls_back_to_the_built_in_samples_outside_the_repository() {
    let elsewhere = tempfile::tempdir().unwrap();
    let mut cmd = podgraph();
    cmd.current_dir(elsewhere.path())
        .arg("build")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "no data/transcripts/ here; reading the 5 built-in sample transcripts",
        ));
    let from_samples = fs::read(elsewhere.path().join("output/episodes.json")).unwrap();
    let out = tempfile::tempdir().unwrap();
    build(out.path(), &[]);
    assert_eq!(
        from_samples,
        fs::read(out.path().join("episodes.json")).unwrap()
    );
}

#[test]
fn build_outputs_match_their_golden_files() {
    let out = tempfile::tempdir().unwrap();
    build(out.path(), &SMALL_CATALOG);
    let json = fs::read_to_string(out.path().join("episodes.json")).unwrap();
    insta::assert_snapshot!("episodes_json", json);
    let json = fs::read_to_string(out.path().join("graph.json")).unwrap();
    insta::assert_snapshot!("graph_json", json);
}

#[test]
fn build_output_is_the_same_whatever_the_threads_or_file_order() {
    let seeds: Vec<_> = fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().path().strip_prefix(REPO).unwrap().to_owned())
        .collect();
    let mut sorted = seeds.clone();
    sorted.sort();
    let mut reversed = sorted.clone();
    reversed.reverse();
    const FILES: [&str; 4] = ["episodes.json", "graph.json", "graph.dot", "index.bin"];
    let mut outputs = Vec::new();
    for (threads, files) in [("1", &sorted), ("2", &reversed)] {
        let out = tempfile::tempdir().unwrap();
        podgraph()
            .args(["build", "-q", "-j", threads])
            .args(files.iter())
            .arg("--out")
            .arg(out.path())
            .assert()
            .success();
        for file in FILES {
            outputs.push(fs::read(out.path().join(file)).unwrap());
        }
    }
    for (i, file) in FILES.iter().enumerate() {
        assert!(outputs[i] == outputs[i + FILES.len()], "{file} differs");
    }
}

#[test]
fn inspect_reports_format_metadata_and_provenance() {
    podgraph()
        .args(["inspect", "data/transcripts/003_31e6d50ffed77a72.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("format     timestamped"))
        .stdout(predicate::str::contains("episode    29  (speech)"))
        .stdout(predicate::str::contains("date       2017-06-06  (speech)"));
}

#[test]
fn inspect_json_lists_segments_with_times_and_speakers() {
    let output = podgraph()
        .args([
            "inspect",
            "--json",
            "--segments",
            "3",
            "data/transcripts/000_af490fa7dafbb02c.txt",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let record = &json["episodes"][0];
    assert_eq!(record["number"]["value"], 9);
    assert_eq!(record["number"]["source"], "header");
    assert_eq!(record["format"], "speaker-prose");
    let segments = record["segment_list"].as_array().unwrap();
    assert_eq!(segments.len(), 3);
    assert_eq!(segments[2]["speaker"], "Brian Okken");
    assert_eq!(segments[2]["text"], "It's going very good. How are you?");
}

#[test]
fn format_can_be_forced() {
    podgraph()
        .args([
            "inspect",
            "--input-format",
            "plain",
            "data/transcripts/002_e262f4abd0f6b887.txt",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("format     plain"));
    podgraph()
        .args([
            "inspect",
            "--format",
            "docx",
            "data/transcripts/002_e262f4abd0f6b887.txt",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown format 'docx'"));
    // The old name still works, in any case.
    podgraph()
        .args([
            "inspect",
            "--format",
            "Plain",
            "data/transcripts/002_e262f4abd0f6b887.txt",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("format     plain"));
    // Only commands that read transcripts take -j.
    podgraph()
        .args(["top", "-j", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unexpected argument '-j'"));
}

#[test]
fn help_shows_examples_and_exit_codes() {
    podgraph()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains(
            "Exit status: 0 success, 1 nothing found, 2 error, 130 interrupted.",
        ));
}

/// Runs podgraph with `args`, reads a little of its output as `| head -1` would, closes the
/// pipe, and checks that it ended with status 0 and said nothing.
fn ends_quietly_when_the_pipe_closes(args: &[std::ffi::OsString]) {
    let mut child = podgraph_process()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{args:?}: status {:?}, stderr {stderr}",
        output.status
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("error"),
        "{args:?}: {stderr}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut inspect: Vec<std::ffi::OsString> =
        vec!["inspect".into(), "--segments".into(), "0".into()];
    inspect.extend(
        fs::read_dir(seeds_dir())
            .unwrap()
            .map(|e| e.unwrap().path().into_os_string()),
    );
    ends_quietly_when_the_pipe_closes(&inspect);
    // Regression: a file written through `-o /dev/stdout` reported the closed pipe as an error
    // (exit 2), because the write error lost its cause on the way.
    let dir = seeds_without_discovery();
    let export: Vec<std::ffi::OsString> = vec![
        "export".into(),
        "--graph".into(),
        dir.path().into(),
        "--format".into(),
        "json".into(),
        "-o".into(),
        "/dev/stdout".into(),
    ];
    ends_quietly_when_the_pipe_closes(&export);
}

#[test]
fn mentions_lists_timestamps_entities_and_snippets() {
    podgraph()
        .args(["mentions", "29", "--entity", "Bokeh"])
        .args(SMALL_CATALOG)
        .assert()
        .success()
        .stdout(predicate::str::contains("python-bytes-29  ·  2017-06-06"))
        .stdout(predicate::str::contains(
            "00:33  bokeh                                     stack Python website by Matt McKay \
             called responsive bar charts with Boca, Flask, and Python 3.",
        ));
}

#[test]
fn mentions_json_has_the_documented_fields() {
    let output = podgraph()
        .args([
            "mentions",
            "--json",
            "python-bytes-197",
            "--entity",
            "anyio",
        ])
        .args(SMALL_CATALOG)
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &json["mentions"][0];
    for key in [
        "episode",
        "entity",
        "name",
        "kind",
        "surface",
        "start_ms",
        "timestamp",
        "speaker",
        "segment",
        "source_span",
        "evidence",
        "snippet",
    ] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert_eq!(first["episode"], "python-bytes-197");
    assert_eq!(first["kind"], "package");
    // The span quotes the file.
    let source = fs::read_to_string("data/transcripts/004_f2393ec1bad973d7.txt").unwrap();
    let span = first["source_span"].as_array().unwrap();
    let (s, e) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&source[s..e], first["surface"].as_str().unwrap());
}

#[test]
fn mentions_exits_1_when_nothing_is_found() {
    podgraph()
        .args(["mentions", "12", "--entity", "zappa"])
        .args(SMALL_CATALOG)
        .assert()
        .code(1)
        .stdout("");
}

#[test]
fn mentions_of_unknown_things_are_errors() {
    podgraph()
        .args(["mentions", "12", "--entity", "no-such-thing"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown entity 'no-such-thing'"));
    podgraph()
        .args(["mentions", "999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "999: no such file, and no episode with that id or number among the 5 transcripts read",
        ));
}
