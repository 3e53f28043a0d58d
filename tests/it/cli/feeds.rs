//! `build --feed`: a podcast's RSS feed gives its episodes' show, number, title and date.

use std::fs;

use predicates::prelude::*;

use super::read_episodes;
use crate::harness::podgraph;

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
