//! Hostile and broken inputs: each gets its exit status and a one-line message naming the file,
//! or is read with a warning; none panics, none loses earlier outputs.
//!
//! (`cli::inputs` covers empty files, invalid UTF-8, a missing path, a folder without
//! transcripts, a 50 MB line, an unwritable output folder and bad files beside good ones;
//! `graph_file` and `queries` saved graphs and indexes that are truncated, from another version
//! or nonsense, and unbalanced query expressions.)

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::harness::{
    SMALL_CATALOG, build, corpus_transcripts, entity_toml, podgraph, podgraph_process, write,
};

fn gzip_of_text() -> Vec<u8> {
    // "hello pytest\n" as gzip (magic, method, flags, then deflate data).
    vec![
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9,
        0x57, 0x28, 0xa8, 0x2c, 0x49, 0x2d, 0x2e, 0xe1, 0x02, 0x00, 0x9a, 0x1c, 0x8f, 0x6e, 0x0d,
        0x00, 0x00, 0x00,
    ]
}

#[test]
fn unreadable_transcripts_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            write(dir.path(), "blank.txt", b"  \n\t \n"),
            "blank.txt: empty file, nothing to read",
        ),
        (
            write(
                dir.path(),
                "image.txt",
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
            ),
            "image.txt: binary file, not a transcript",
        ),
        (
            write(dir.path(), "archive.txt", gzip_of_text()),
            "archive.txt: binary file, not a transcript",
        ),
    ];
    for (path, message) in cases {
        podgraph()
            .args(["build", "--out"])
            .arg(dir.path().join("out"))
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message).and(predicate::str::ends_with("\n")))
            .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    }
    assert!(
        !dir.path().join("out").exists(),
        "nothing written for nothing read"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_that_fails_to_read_is_an_error_naming_it() {
    // Root can read files whatever their permissions; a read that fails in the kernel cannot be
    // bypassed.
    podgraph()
        .args(["build", "/proc/self/mem", "--out"])
        .arg(tempfile::tempdir().unwrap().path())
        .assert()
        .code(2)
        .stderr("podgraph: error: /proc/self/mem: cannot read: Input/output error (os error 5)\n");
}

#[test]
fn several_unreadable_files_give_one_line_with_the_first_reason() {
    let dir = tempfile::tempdir().unwrap();
    let blank = write(dir.path(), "a.txt", b"   ");
    let image = write(dir.path(), "b.txt", b"\x89PNG\r\n\x1a\n\0\0\0");
    podgraph()
        .args(["build", "--out"])
        .arg(dir.path().join("out"))
        .args([&blank, &image])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "none of the 2 files could be read as a transcript (",
        ))
        .stderr(predicate::str::contains(
            "a.txt: empty file, nothing to read; and 1 more)",
        ));
}

/// Builds `files` with the small test catalog; returns the build summary.
fn build_json(dir: &Path, files: &[&Path]) -> serde_json::Value {
    let mut args: Vec<&OsStr> = SMALL_CATALOG.iter().map(OsStr::new).collect();
    args.extend(files.iter().map(|f| f.as_os_str()));
    build_json_with(dir, &args).0
}

/// Runs `build --json ARGS` into `dir/out` and checks that it succeeds; returns the build
/// summary and what was said on standard error.
fn build_json_with(dir: &Path, args: &[&OsStr]) -> (serde_json::Value, String) {
    let out = podgraph()
        .args(["build", "--json", "--out"])
        .arg(dir.join("out"))
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    (serde_json::from_slice(&out.stdout).unwrap(), stderr)
}

#[test]
fn utf16_broken_cues_and_odd_timestamps_are_read_with_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> = "\u{feff}00:05 we love pytest\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let utf16 = write(dir.path(), "utf16.txt", &utf16);
    let vtt = write(
        dir.path(),
        "broken.vtt",
        b"WEBVTT\n\n00:00:05.000 --> garbage\nhello pytest\n\nnot a time --> 00:00:01.000\nasyncio\n\n00:00:09.000 --> 00:00:03.000\nbackwards flask\n",
    );
    let odd = write(
        dir.path(),
        "order.txt",
        b"00:10 later pytest\n00:05 earlier asyncio\n25:00:00 a day later flask\n99:59:59 much later pytest\n",
    );
    for (path, mentions, warning) in [
        (&utf16, 1, Some("utf16.txt: decoded from UTF-16")),
        (
            &vtt,
            3,
            Some("broken.vtt: 2 cues with unreadable timings (first at line 3)"),
        ),
        (&odd, 4, None),
    ] {
        let mut args: Vec<&OsStr> = SMALL_CATALOG.iter().map(OsStr::new).collect();
        args.push(path.as_os_str());
        let (summary, stderr) = build_json_with(dir.path(), &args);
        assert_eq!(summary["mentions"], mentions, "{}", path.display());
        if let Some(warning) = warning {
            assert!(stderr.contains(warning), "{warning}");
        }
    }
    // Out-of-order and day-long timestamps keep their times.
    podgraph()
        .args(["timeline", "pytest", "--json", "--graph"])
        .arg(dir.path().join("out"))
        .assert()
        .success()
        .stdout(predicate::str::contains("\"mentions\": 2"));
}

#[test]
fn a_million_repeats_of_an_alias_are_a_million_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = b"00:00 ".to_vec();
    text.extend(b"pytest ".repeat(1_000_000));
    let path = write(dir.path(), "repeat.txt", &text);
    let summary = build_json(dir.path(), &[&path]);
    assert_eq!(summary["mentions"], 1_000_000);
    // The index stores the line (7 MB) once and a 36-byte record per mention, not a snippet
    // per mention (another 140 bytes each).
    let index = fs::metadata(dir.path().join("out/index.bin"))
        .unwrap()
        .len();
    assert!(index < 50_000_000, "index.bin is {index} bytes");
}

#[test]
fn a_100_mb_transcript_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let line = b"00:01 and then we talked about pytest fixtures for a very long while, again\n";
    let path = write(
        dir.path(),
        "huge.txt",
        line.repeat(100_000_000 / line.len() + 1),
    );
    assert!(fs::metadata(&path).unwrap().len() >= 100_000_000);
    let summary = build_json(dir.path(), &[&path]);
    assert_eq!(summary["episodes"], 1);
    assert!(summary["mentions"].as_u64().unwrap() > 1_000_000);
}

#[test]
fn broken_catalogs_are_errors_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let entity = |extra: &str| {
        format!("[[entity]]\nid = \"x\"\nname = \"X\"\nkind = \"package\"\n{extra}\n")
    };
    let cases: Vec<(&str, String, &str)> = vec![
        ("types.toml", entity("aliases = \"x\""), "types.toml:5:"),
        (
            "duplicate.toml",
            format!(
                "{}{}",
                entity("aliases = [\"x\"]"),
                entity("aliases = [\"y\"]")
            ),
            "duplicate id 'x'",
        ),
        ("empty.toml", entity("aliases = [\"\"]"), "empty alias"),
        (
            "punctuation.toml",
            entity("aliases = [\"--\"]"),
            "punctuation",
        ),
        (
            "syntax.toml",
            "[[entity]\nid = ".to_owned(),
            "syntax.toml:1:",
        ),
        (
            "syntax.json",
            "[{\"id\": \"x\",".to_owned(),
            "syntax.json:1:",
        ),
    ];
    for (name, text, message) in cases {
        let path = write(dir.path(), name, text.as_bytes());
        podgraph()
            .args(["build", "--no-default-catalog", "--catalog"])
            .arg(&path)
            .arg("--out")
            .arg(dir.path().join("out"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(name).and(predicate::str::contains(message)))
            .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    }
}

#[test]
fn an_entity_with_100_000_aliases_loads_and_matches() {
    let dir = tempfile::tempdir().unwrap();
    let aliases: Vec<String> = (0..100_000).map(|i| format!("alias{i}")).collect();
    let catalog = write(
        dir.path(),
        "many.toml",
        entity_toml("many", "Many", "package", &aliases),
    );
    let transcript = write(
        dir.path(),
        "t.txt",
        b"00:01 we said alias99999 and alias7\n",
    );
    let args = [
        OsStr::new("--no-default-catalog"),
        OsStr::new("--catalog"),
        catalog.as_os_str(),
        transcript.as_os_str(),
    ];
    let (summary, _) = build_json_with(dir.path(), &args);
    assert_eq!(summary["mentions"], 2);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_device_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    build_json(dir.path(), &[Path::new("data/transcripts")]);
    podgraph()
        .args(["export", "--format", "json", "-o", "/dev/full", "--graph"])
        .arg(dir.path().join("out"))
        .assert()
        .code(2)
        .stderr("podgraph: error: /dev/full: cannot write: No space left on device (os error 28); choose a writable location with -o\n");
    assert!(Path::new("/dev/full").exists());
}

#[cfg(unix)]
#[test]
fn a_build_killed_midway_leaves_complete_outputs() {
    let Some(archive) = corpus_transcripts() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_json(dir.path(), &[Path::new("data/transcripts")]);
    // Kill builds of the whole archive at several moments: early, while reading, while writing.
    for delay_ms in [50, 400, 1500, 3000] {
        let mut child = podgraph_process()
            .args(["build", "-q", "--export", "all", "--out"])
            .arg(&out)
            .arg(&archive)
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        // Each file is the previous one or a complete new one: it loads.
        podgraph::export::GraphDocument::load(&out.join("graph.json")).unwrap();
        podgraph::index::QueryIndex::load(&out.join("index.bin")).unwrap();
        let episodes: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join("episodes.json")).unwrap()).unwrap();
        assert!(
            episodes["episodes"]
                .as_array()
                .is_some_and(|e| !e.is_empty())
        );
        assert!(
            fs::read_to_string(out.join("graph.dot"))
                .unwrap()
                .ends_with("}\n")
        );
    }
}

#[test]
fn broken_saved_graphs_are_errors_that_say_to_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    build_json(dir.path(), &[Path::new("data/transcripts")]);
    let good = fs::read_to_string(dir.path().join("out/graph.json")).unwrap();
    let first_edge_target = good.find("\"target\": \"").unwrap() + "\"target\": \"".len();
    let mut dangling = good.clone();
    dangling.insert_str(first_edge_target, "nobody-");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.json",
            good.as_bytes()[..good.len() / 3].to_vec(),
            "not a podgraph graph.json (EOF while parsing",
        ),
        (
            "version.json",
            good.replace("\"format_version\": 1", "\"format_version\": 7")
                .into_bytes(),
            "written in graph format 7, this podgraph reads format 1; rebuild with `podgraph build`",
        ),
        (
            "dangling.json",
            dangling.into_bytes(),
            "which is not a node); rebuild with `podgraph build`",
        ),
        (
            "binary.json",
            b"\x89PNG\r\n\x1a\n\0\0".to_vec(),
            "not a podgraph graph.json",
        ),
        (
            "other.json",
            b"{\"nodes\": [], \"links\": []}".to_vec(),
            "missing field",
        ),
    ];
    for (name, bytes, message) in cases {
        let path = write(dir.path(), name, &bytes);
        for command in [
            &["export", "--format", "csv", "-o"][..],
            &["render", "-o"][..],
        ] {
            podgraph()
                .args(command)
                .arg(dir.path().join("never"))
                .arg("--graph")
                .arg(&path)
                .assert()
                .code(2)
                .stderr(predicate::str::contains(name).and(predicate::str::contains(message)))
                .stderr(predicate::function(|s: &str| s.lines().count() == 1));
        }
    }
    assert!(!dir.path().join("never").exists());
}

/// Files of two builds in one folder (an interrupted build, a copy) are refused together, not
/// read as one graph.
#[test]
fn files_of_two_builds_are_not_read_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (out, window) in [(&a, "60"), (&b, "segment")] {
        build(out, &["--no-discover", "--window", window]);
    }
    podgraph()
        .args(["site", "--graph"])
        .arg(&a)
        .assert()
        .success();
    fs::copy(b.join("index.bin"), a.join("index.bin")).unwrap();
    podgraph()
        .args(["site", "--graph"])
        .arg(&a)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "come from different builds (an interrupted or failed build?); run `podgraph build` again",
        ));
}
