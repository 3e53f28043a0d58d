//! Bad inputs to the command: each gets a one-line message naming the file, and a non-zero exit
//! where nothing could be done.

use std::fs;

use predicates::prelude::*;

use super::read_episodes;
use crate::harness::{SMALL_CATALOG, build, podgraph, seeds_dir, write};

/// `content` in a file `name` of a new temporary folder.
fn temp_with(name: &str, content: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), name, content);
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
        seeds_dir().join("003_31e6d50ffed77a72.txt"),
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
        cmd.arg("build").args(SMALL_CATALOG);
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
    build(out.path(), &[]);
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

#[test]
fn show_notes_beside_transcripts_are_not_taken_for_episodes() {
    // Show notes label their items like speakers ("**Brian #1:**"); read as a transcript they
    // became a second episode, or even replaced the transcript of theirs.
    let dir = tempfile::tempdir().unwrap();
    let mut transcript = String::from("# Episode 12\n\n");
    for _ in 0..10 {
        transcript.push_str(
            "**Michael Kennedy:** We talked about pytest and the new release this week.\n\n\
             **Brian Okken:** Yes, and I like the faster collection.\n\n",
        );
    }
    for folder in ["transcripts", "show_notes"] {
        fs::create_dir(dir.path().join(folder)).unwrap();
    }
    write(dir.path(), "transcripts/012.md", transcript);
    write(
        dir.path(),
        "show_notes/012.md",
        "**Brian #1:** [**pytest 8**](https://docs.pytest.org)\n\n- faster collection\n\
         - new reporting\n\n**Michael #2:** [**uv**](https://github.com/astral-sh/uv)\n\n\
         - a fast installer\n\n**Extras**\n\n**Joke:** [a joke](https://example.com)\n",
    );
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .arg("build")
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .args(SMALL_CATALOG)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "012.md: not a transcript: a page of links and lists (show notes?), not speech",
        ));
    let episodes = read_episodes(out.path());
    let sources: Vec<&str> = episodes["episodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source_path"].as_str().unwrap())
        .collect();
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert!(sources[0].ends_with("transcripts/012.md"), "{sources:?}");
}
