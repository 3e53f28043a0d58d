//! The whole Python Bytes archive in `../shared`: every file reads as the episode its name says.
//!
//! Skipped with a message where the archive is absent; a failure under CI (see `common`).

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use podgraph::corpus;
use podgraph::transcript::{Format, ParseOptions, read_transcript};

fn transcript_files(dir: &PathBuf) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "vtt"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_file_reads_as_the_episode_its_name_says() {
    let Some(dir) = common::corpus_transcripts() else {
        return;
    };
    let files = transcript_files(&dir);
    assert!(
        files.len() > 900,
        "expected the whole archive, found {} files",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy();
        let expected: u32 = name
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let t = match read_transcript(path, &ParseOptions::default()) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{e}"));
                continue;
            }
        };
        let expected_format = if name.ends_with(".vtt") {
            Format::Webvtt
        } else {
            Format::Timestamped
        };
        if t.format != expected_format {
            failures.push(format!("{name}: read as {}", t.format));
        }
        if t.meta.episode_number() != Some(expected) {
            failures.push(format!("{name}: episode {:?}", t.meta.episode_number()));
        }
        if t.segments().is_empty() || t.text().trim().is_empty() {
            failures.push(format!("{name}: no speech"));
        }
        if t.text().contains("<v ") {
            failures.push(format!("{name}: a voice tag was read as speech"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn voice_tags_in_recent_txt_transcripts_become_speakers() {
    let Some(dir) = common::corpus_transcripts() else {
        return;
    };
    let t = read_transcript(&dir.join("481-ways-to-die.txt"), &ParseOptions::default()).unwrap();
    assert!(
        t.speakers().iter().any(|s| s == "Brian Okken"),
        "{:?}",
        t.speakers()
    );
    // Every line that opens with a voice tag gives a segment with that speaker (the file's last
    // few lines carry no tag, and stay without one).
    let tagged_lines = t.source().lines().filter(|l| l.contains("<v ")).count();
    let with_speaker = t.segments().iter().filter(|s| s.speaker.is_some()).count();
    assert!(
        with_speaker >= tagged_lines,
        "{with_speaker} segments with a speaker, {tagged_lines} tagged lines"
    );
    assert!(!t.text().contains("<v"));
}

#[test]
fn each_episode_is_counted_once_across_txt_vtt_and_seed_copies() {
    let Some(dir) = common::corpus_transcripts() else {
        return;
    };
    let corpus = corpus::load(&[dir, common::seeds_dir()], &ParseOptions::default()).unwrap();
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
    let numbers: Vec<u32> = corpus
        .transcripts
        .iter()
        .map(|t| t.meta.episode_number().unwrap())
        .collect();
    let unique: BTreeSet<u32> = numbers.iter().copied().collect();
    assert_eq!(numbers.len(), unique.len(), "an episode was counted twice");
    assert_eq!(
        unique,
        (1..=486).collect(),
        "every episode of the archive, once"
    );
    assert!(
        corpus
            .transcripts
            .iter()
            .all(|t| t.meta.show_name() == Some("Python Bytes"))
    );
    // Seeds 9 and 41 name their speakers, which their archive twins do not: they are kept.
    let nine = corpus
        .transcripts
        .iter()
        .find(|t| t.meta.episode_number() == Some(9))
        .unwrap();
    assert!(nine.meta.source_path.ends_with("000_af490fa7dafbb02c.txt"));
    // Episode 12 keeps its archive VTT, with the title and date of the seed's page header.
    let twelve = corpus
        .transcripts
        .iter()
        .find(|t| t.meta.episode_number() == Some(12))
        .unwrap();
    assert_eq!(twelve.format, Format::Webvtt);
    assert_eq!(
        twelve.meta.date.as_ref().unwrap().value.to_string(),
        "2017-02-06"
    );
    assert!(
        twelve
            .meta
            .title
            .as_ref()
            .unwrap()
            .value
            .starts_with("Expanding your Python mental model")
    );
}

#[test]
fn file_order_does_not_change_the_result() {
    let Some(dir) = common::corpus_transcripts() else {
        return;
    };
    let forward = corpus::load(
        &[dir.clone(), common::seeds_dir()],
        &ParseOptions::default(),
    )
    .unwrap();
    let reverse = corpus::load(&[common::seeds_dir(), dir], &ParseOptions::default()).unwrap();
    let ids = |c: &corpus::Corpus| -> Vec<(String, PathBuf)> {
        c.transcripts
            .iter()
            .map(|t| (corpus::episode_id(t), t.meta.source_path.clone()))
            .collect()
    };
    assert_eq!(ids(&forward), ids(&reverse));
}
