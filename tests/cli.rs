//! The `podgraph` command as a user runs it: exit codes, messages, outputs.

mod common;

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;

use assert_cmd::Command;
use predicates::prelude::*;

fn podgraph() -> Command {
    let mut cmd = Command::cargo_bin("podgraph").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("CI");
    cmd
}

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
    podgraph()
        .args(["build", "-q", "--out"])
        .arg(out.path())
        .assert()
        .success();
    assert_eq!(
        from_samples,
        fs::read(out.path().join("episodes.json")).unwrap()
    );
}

/// The stable test catalog: golden files must not change when the default catalog grows.
const SMALL_CATALOG: [&str; 3] = [
    "--no-default-catalog",
    "--catalog",
    "tests/fixtures/catalog/small.toml",
];

#[test]
fn build_outputs_match_their_golden_files() {
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .args(["build", "-q"])
        .args(SMALL_CATALOG)
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let json = fs::read_to_string(out.path().join("episodes.json")).unwrap();
    insta::assert_snapshot!("episodes_json", json);
    let json = fs::read_to_string(out.path().join("graph.json")).unwrap();
    insta::assert_snapshot!("graph_json", json);
}

#[test]
fn build_output_is_the_same_whatever_the_threads_or_file_order() {
    let seeds: Vec<_> = fs::read_dir(common::seeds_dir())
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap()
                .to_owned()
        })
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

// Bad inputs: each gets a one-line message naming the file, and a non-zero exit where nothing
// could be done.

fn temp_with(name: &str, content: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, content).unwrap();
    (dir, path)
}

#[test]
fn empty_file_is_an_error_naming_it() {
    let (_dir, path) = temp_with("empty.txt", b"");
    podgraph()
        .arg("inspect")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(format!(
            "podgraph: error: {}: empty file, nothing to read\n",
            path.display()
        ));
}

#[test]
fn binary_file_is_an_error_naming_it() {
    let (_dir, path) = temp_with("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    podgraph()
        .arg("inspect")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(format!(
            "podgraph: error: {}: binary file, not a transcript\n",
            path.display()
        ));
}

#[test]
fn bad_files_beside_good_ones_are_skipped_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        common::seeds_dir().join("003_31e6d50ffed77a72.txt"),
        dir.path().join("good.txt"),
    )
    .unwrap();
    fs::write(dir.path().join("empty.txt"), b"").unwrap();
    fs::write(dir.path().join("image.vtt"), b"GIF89a\0\0\0").unwrap();
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .arg("build")
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "empty.txt: empty file, nothing to read",
        ))
        .stderr(predicate::str::contains(
            "image.vtt: binary file, not a transcript",
        ))
        .stderr(predicate::str::contains(
            "read 3 files: 1 episodes, 2 skipped",
        ));
    let episodes = read_episodes(out.path());
    assert_eq!(episodes["skipped"].as_array().unwrap().len(), 2);
}

#[test]
fn invalid_utf8_is_read_with_a_warning() {
    let (_dir, path) = temp_with(
        "latin1.txt",
        b"00:00 Welcome to Python Bytes, caf\xe9 talk\n00:05 More\n",
    );
    podgraph()
        .arg("inspect")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("segments   2"))
        .stderr(predicate::str::contains(format!(
            "{}: invalid UTF-8: undecodable bytes were replaced with U+FFFD",
            path.display()
        )));
}

#[test]
fn missing_path_is_an_error_naming_it() {
    podgraph()
        .args(["build", "no/such/folder"])
        .assert()
        .code(2)
        .stderr("podgraph: error: no/such/folder: no such file or folder\n");
    podgraph()
        .args(["inspect", "no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/file.txt: no such file"));
}

#[test]
fn folder_without_transcripts_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.docx"), "not a transcript").unwrap();
    fs::write(dir.path().join("cover.png"), b"\x89PNG").unwrap();
    podgraph()
        .arg("build")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(format!(
            "podgraph: error: {}: no transcript files found (looked for *.txt, *.vtt, *.srt, \
             *.json, *.md, *.html); give a folder of transcripts or a transcript file\n",
            dir.path().display()
        ));
    // A README is read, and is no transcript.
    fs::write(
        dir.path().join("README.md"),
        "# About\n\nThis folder holds our notes.\n",
    )
    .unwrap();
    podgraph()
        .arg("build")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(format!(
            "podgraph: error: {}: not a transcript: a document without speaker labels or \
             timestamps\n",
            dir.path().join("README.md").display()
        ));
}

/// Regression: a normal archive build printed ~490 warning lines, 485 of them "episode N is in
/// 2 files", burying the few that matter. Now one line per kind, each listed under -v; files
/// that are not transcripts by their names are counted, not warned about.
#[test]
fn warnings_are_summarised_by_kind_and_listed_with_verbose() {
    let dir = tempfile::tempdir().unwrap();
    for n in 1..=5 {
        let intro = format!("Welcome to Python Bytes, episode {n}, recorded January {n}, 2020.");
        fs::write(
            dir.path().join(format!("{n:03}-x.txt")),
            format!("00:00 {intro}\n"),
        )
        .unwrap();
        fs::write(
            dir.path().join(format!("{n:03}-x.vtt")),
            format!("WEBVTT\n\n00:00.000 --> 00:04.000\n<v Michael Kennedy>{intro}\n"),
        )
        .unwrap();
    }
    fs::write(dir.path().join("cover.png"), b"\x89PNG").unwrap();
    fs::write(dir.path().join("README.md"), "# About\n\nOur notes.\n").unwrap();
    let out = dir.path().join("out");
    let build = |flag: Option<&str>| {
        let mut cmd = podgraph();
        cmd.args([
            "build",
            "--no-default-catalog",
            "--catalog",
            "tests/fixtures/catalog/small.toml",
        ]);
        cmd.args(flag).arg(dir.path()).arg("--out").arg(&out);
        let output = cmd.output().unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stderr)
            .unwrap()
            .replace(&*dir.path().to_string_lossy(), "DIR")
    };
    let summary = build(None);
    assert_eq!(
        summary.lines().take(2).collect::<Vec<_>>(),
        [
            "podgraph: warning: skipped DIR/README.md: not a transcript: a document without \
             speaker labels or timestamps",
            "podgraph: warning: 5 episodes had copies .txt and .vtt: used the .vtt; -v lists them",
        ]
    );
    assert!(summary.contains("podgraph: read 11 files (1 other files not read; -v lists them): 5 episodes, 1 skipped, 5 duplicate episodes merged;"), "{summary}");
    assert_eq!(summary.lines().count(), 3, "{summary}");
    let verbose = build(Some("-v"));
    assert!(
        verbose.contains(
            "podgraph: warning: skipped DIR/cover.png: not read: not a transcript file type"
        ),
        "{verbose}"
    );
    assert!(verbose.contains("podgraph: warning: Python Bytes episode 3 is in 2 files: using DIR/003-x.vtt, not DIR/003-x.txt"), "{verbose}");
    let quiet = build(Some("-q"));
    assert_eq!(
        quiet.lines().count(),
        1,
        "-q keeps only the summary: {quiet}"
    );
    assert!(quiet.starts_with("podgraph: read 11 files"), "{quiet}");
    // The build's own outputs, in a folder inside its input, are not read back as input.
    assert!(!verbose.contains("skipped DIR/out/"), "{verbose}");
    // episodes.json lists every file passed over, with its reason.
    let skipped = read_episodes(&out)["skipped"].clone();
    let kinds: Vec<&str> = skipped
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["not-transcript", "file-type"]);
}

#[test]
fn a_feed_gives_show_number_title_and_date() {
    let dir = tempfile::tempdir().unwrap();
    // Named as the feed's <podcast:transcript> URLs name them.
    fs::write(
        dir.path().join("001-hello-world.vtt"),
        "WEBVTT\n\n00:00.000 --> 00:04.000\nHello and welcome.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("004.vtt"),
        "WEBVTT\n\n00:00.000 --> 00:04.000\nListener questions today.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("999-unknown.vtt"),
        "WEBVTT\n\n00:00.000 --> 00:04.000\nNot in the feed.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    podgraph()
        .args([
            "build",
            "-q",
            "--feed",
            "tests/fixtures/feeds/sample.xml",
            "--out",
        ])
        .arg(&out)
        .arg(dir.path())
        .assert()
        .success();
    let episodes = read_episodes(&out);
    let rows: Vec<String> = episodes["episodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} | {} ({}) | {} | {}",
                e["id"].as_str().unwrap(),
                e["show"]["value"].as_str().unwrap_or("-"),
                e["show"]["source"].as_str().unwrap_or("-"),
                e["title"]["value"].as_str().unwrap_or("-"),
                e["date"]["value"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "byte-sized-banter-1 | Byte-Sized Banter (feed) | Episode 1: Hello, World & Friends | 2017-02-06",
            "byte-sized-banter-4 | Byte-Sized Banter (feed) | Episode 4 - Listener Questions | 2017-03-06",
            "byte-sized-banter-999 | Byte-Sized Banter (folder) | Unknown | -",
        ]
    );
}

#[test]
fn feeds_that_do_not_parse_or_match_nothing_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("zzz-a.vtt"),
        "WEBVTT\n\n00:00.000 --> 00:04.000\nHello.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("feed.xml"),
        "<rss><channel><title>X</title>",
    )
    .unwrap();
    podgraph()
        .args(["build", "--feed"])
        .arg(dir.path().join("feed.xml"))
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(format!(
            "podgraph: error: {}: not a readable RSS feed",
            dir.path().join("feed.xml").display()
        )))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    assert!(!dir.path().join("out").exists());
    podgraph()
        .args(["build", "--feed", "tests/fixtures/feeds/sample.xml", "--out"])
        .arg(dir.path().join("out"))
        .arg(dir.path().join("zzz-a.vtt"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "podgraph: warning: tests/fixtures/feeds/sample.xml: no item of the feed matches any transcript",
        ));
}

#[test]
fn a_50_mb_single_line_is_read_as_one_paragraph() {
    let mut content = Vec::with_capacity(50 * 1024 * 1024 + 64);
    content.extend_from_slice(b"Welcome to Python Bytes, episode 7. ");
    while content.len() < 50 * 1024 * 1024 {
        content.extend_from_slice(b"we talk about pytest and asyncio at length ");
    }
    let (_dir, path) = temp_with("long.txt", &content);
    podgraph()
        .arg("inspect")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("format     plain"))
        .stdout(predicate::str::contains("episode    7  (speech)"))
        .stdout(predicate::str::contains("segments   1 "));
}

#[test]
fn unwritable_output_is_an_error_and_earlier_outputs_stay() {
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .args(["build", "-q", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let before = fs::read(out.path().join("episodes.json")).unwrap();

    // A failed build (nothing readable) leaves the previous results alone.
    let (_dir, empty) = temp_with("empty.txt", b"");
    podgraph()
        .args(["build", "-q", "--out"])
        .arg(out.path())
        .arg(&empty)
        .assert()
        .code(2);
    assert_eq!(fs::read(out.path().join("episodes.json")).unwrap(), before);

    // An output "folder" that is a file is refused before anything is read.
    let (_dir, file) = temp_with("not-a-folder", b"x");
    podgraph()
        .args(["build", "--out"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not-a-folder is a file; --out takes the folder to write the graph into",
        ));
}

/// Runs podgraph with `args`, reads a little of its output as `| head -1` would, closes the
/// pipe, and checks that it ended with status 0 and said nothing.
fn ends_quietly_when_the_pipe_closes(args: &[std::ffi::OsString]) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("podgraph"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
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
        fs::read_dir(common::seeds_dir())
            .unwrap()
            .map(|e| e.unwrap().path().into_os_string()),
    );
    ends_quietly_when_the_pipe_closes(&inspect);
    // Regression: a file written through `-o /dev/stdout` reported the closed pipe as an error
    // (exit 2), because the write error lost its cause on the way.
    let dir = tempfile::tempdir().unwrap();
    podgraph()
        .args(["build", "-q", "--no-discover", "--out"])
        .arg(dir.path())
        .arg(common::seeds_dir())
        .assert()
        .success();
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

#[test]
fn a_broken_catalog_is_an_error_naming_file_and_line() {
    let (_dir, path) = temp_with(
        "bad.toml",
        b"[[entity]]\nid = \"x\"\nname = \"X\"\nkind = \"gadget\"\naliases = [\"x\"]\n",
    );
    podgraph()
        .args(["mentions", "12", "--catalog"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(format!(
            "podgraph: error: {}:1: entity 'x': unknown kind 'gadget' (expected one of: person, \
             package, software, organization, concept, event, media)\n",
            path.display()
        ));
    podgraph()
        .args(["build", "--no-default-catalog"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--no-default-catalog needs at least one --catalog FILE",
        ));
}

/// A small show of three Markdown episodes: two hosts, a guest, and names no catalog has.
fn write_small_show(dir: &Path) {
    let episodes = [
        "**Ada Quillfeather:** Welcome back. My guest today is Bram Okonkwo-Vale, who works on Zylofrost.\n\n\
         **Bram Okonkwo-Vale:** Thanks. We built Zylofrost on top of Quenderlake, and Zylofrost runs everywhere.\n\n\
         **Tomas Wrenhart:** So Zylofrost is fast? I heard Quenderlake is the key.\n",
        "**Ada Quillfeather:** Today we talk about Zylofrost again, and Quenderlake.\n\n\
         **Tomas Wrenhart:** I tried Zylofrost last week. Open Source on Monday, as always.\n",
        "**Ada Quillfeather:** Back with Tomas. We moved our data to Quenderlake.\n\n\
         **Tomas Wrenhart:** And Zylofrost keeps it in sync.\n",
    ];
    for (i, text) in episodes.iter().enumerate() {
        fs::write(dir.join(format!("small-show-{}.md", i + 1)), text).unwrap();
    }
}

#[test]
fn discover_lists_speakers_and_new_names_with_evidence_and_the_file_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let show = dir.path().join("show");
    fs::create_dir(&show).unwrap();
    write_small_show(&show);
    let candidates = dir.path().join("candidates.toml");
    podgraph()
        .args(["discover", "-q", "-o"])
        .arg(&candidates)
        .arg(&show)
        .assert()
        .success();
    let text = fs::read_to_string(&candidates).unwrap();
    for expected in [
        "name = \"Ada Quillfeather\"",
        "\"host\"",
        "name = \"Bram Okonkwo-Vale\"",
        "\"guest\"",
        "name = \"Zylofrost\"",
        "name = \"Quenderlake\"",
        "# confidence",
        "small-show-1",
    ] {
        assert!(text.contains(expected), "{expected} not in\n{text}");
    }
    for trap in ["Open Source", "Monday", "So", "Welcome", "Thanks"] {
        let trap = format!("name = \"{trap}\"");
        assert!(!text.contains(&trap), "{trap} in\n{text}");
    }
    // The reviewed file goes back in with --catalog, discovery off: the same entities, found.
    let out = dir.path().join("out");
    podgraph()
        .args(["build", "-q", "--no-discover", "--catalog"])
        .arg(&candidates)
        .arg("--out")
        .arg(&out)
        .arg(&show)
        .assert()
        .success();
    let graph: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("graph.json")).unwrap()).unwrap();
    let node = |id: &str| {
        graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} not in the graph"))
    };
    assert_eq!(node("zylofrost")["mentions"], 7);
    assert!(
        node("zylofrost")["tags"]
            .as_array()
            .unwrap()
            .contains(&"discovered".into())
    );
    assert_eq!(node("bram-okonkwo-vale")["kind"], "person");
}

#[test]
fn build_adds_discovered_entities_tagged_unless_told_not_to() {
    let dir = tempfile::tempdir().unwrap();
    write_small_show(dir.path());
    let ids = |extra: &[&str]| {
        let out = tempfile::tempdir().unwrap();
        podgraph()
            .args(["build", "-q", "--out"])
            .arg(out.path())
            .args(extra)
            .arg(dir.path())
            .assert()
            .success();
        let graph: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.path().join("graph.json")).unwrap())
                .unwrap();
        graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                let tags: Vec<&str> = n["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap())
                    .collect();
                (n["id"].as_str().unwrap().to_owned(), tags.join(","))
            })
            .collect::<Vec<_>>()
    };
    let with = ids(&[]);
    assert!(
        with.contains(&("zylofrost".to_owned(), "discovered".to_owned())),
        "{with:?}"
    );
    assert!(
        with.contains(&("tomas-wrenhart".to_owned(), "host,discovered".to_owned())),
        "{with:?}"
    );
    let without = ids(&["--no-discover"]);
    assert!(
        without.iter().all(|(_, tags)| !tags.contains("discovered")),
        "{without:?}"
    );
}

#[test]
fn discover_exits_1_when_nothing_is_found() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "just some words said here.\n").unwrap();
    podgraph()
        .args(["discover", "-q"])
        .arg(dir.path())
        .assert()
        .code(1);
}

/// Runs podgraph on a pseudo-terminal (util-linux `script`) with `env`; its output.
fn on_a_terminal(args: &str, env: &[(&str, &str)]) -> Option<String> {
    let binary = assert_cmd::cargo::cargo_bin("podgraph");
    let mut command = std::process::Command::new("script");
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .args(["-qec", &format!("{} {args}", binary.display()), "/dev/null"]);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let coloured = on_a_terminal("mentions 29 --entity zappa", &[])
        .expect("util-linux `script` runs the terminal tests");
    assert!(coloured.contains("\x1b[1;31mZappa\x1b[0m"), "{coloured:?}");
    for (args, env) in [
        ("mentions 29 --entity zappa", &[("NO_COLOR", "1")][..]),
        ("mentions 29 --entity zappa", &[("TERM", "dumb")]),
        ("mentions 29 --entity zappa --color never", &[]),
    ] {
        let plain = on_a_terminal(args, env).unwrap();
        assert!(plain.contains("Zappa"), "{args} {env:?}: {plain:?}");
        assert!(!plain.contains('\x1b'), "{args} {env:?}: {plain:?}");
    }
    // Into a pipe: plain, unless asked.
    podgraph()
        .args(["mentions", "29", "--entity", "zappa"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b").not());
    podgraph()
        .args(["mentions", "29", "--entity", "zappa", "--color", "always"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[1;31mZappa\x1b[0m"));
}

#[test]
fn completions_and_manual_pages_come_from_the_flags() {
    let script = podgraph()
        .args(["completions", "bash"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let script = String::from_utf8(script).unwrap();
    for word in ["build", "neighbors", "--hide-sponsors", "--input-format"] {
        assert!(script.contains(word), "{word}");
    }
    // bash loads it and registers the completion.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("podgraph.bash");
    fs::write(&file, &script).unwrap();
    let loaded = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p podgraph",
            file.display()
        ))
        .output()
        .unwrap();
    assert!(loaded.status.success(), "{loaded:?}");
    for shell in ["zsh", "fish", "Elvish", "powershell"] {
        podgraph().args(["completions", shell]).assert().success();
    }
    podgraph()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH podgraph 1"))
        .stdout(predicate::str::contains("neighbors"));
    podgraph()
        .args(["man", "render"])
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH podgraph-render 1"))
        .stdout(predicate::str::contains("color\\-by"));
    podgraph()
        .args(["man", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "podgraph: error: no command 'nope'; one of: build,",
        ));
}

/// Under CI every consumer program is there, so no test that needs one is ignored.
#[test]
fn ci_has_every_consumer_program() {
    if std::env::var_os("CI").is_none() {
        return;
    }
    let missing: Vec<&str> = [
        ("Graphviz", cfg!(podgraph_graphviz)),
        ("networkx", cfg!(podgraph_networkx)),
        (
            "node, chromium and tests/site/node_modules",
            cfg!(podgraph_browser),
        ),
    ]
    .into_iter()
    .filter(|(_, present)| !present)
    .map(|(name, _)| name)
    .collect();
    assert!(
        missing.is_empty(),
        "CI is set but these are missing (.ci/run installs them): {missing:?}"
    );
}
