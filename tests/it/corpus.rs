//! Whole archives in `../shared`: every file of Python Bytes, The Changelog and Practical AI
//! reads as the episode its name says, and every file of the podcast platforms' formats reads
//! in its format.
//!
//! Skipped with a message where the archive is absent; a failure under CI (see
//! `harness::shared_corpus`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use podgraph::corpus;
use podgraph::extract::Extractor;
use podgraph::transcript::{Format, ParseOptions, Transcript, read_transcript};

use crate::harness::{
    REPO, catalog_from, corpus_transcripts, default_catalog, entity_toml, seeds_dir, shared_corpus,
};

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
    let Some(dir) = corpus_transcripts() else {
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
    let Some(dir) = corpus_transcripts() else {
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
    let Some(dir) = corpus_transcripts() else {
        return;
    };
    let corpus = corpus::load(&[dir, seeds_dir()], &ParseOptions::default()).unwrap();
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
    let Some(dir) = corpus_transcripts() else {
        return;
    };
    let forward = corpus::load(&[dir.clone(), seeds_dir()], &ParseOptions::default()).unwrap();
    let reverse = corpus::load(&[seeds_dir(), dir], &ParseOptions::default()).unwrap();
    let ids = |c: &corpus::Corpus| -> Vec<(String, PathBuf)> {
        c.transcripts
            .iter()
            .map(|t| (corpus::episode_id(t), t.meta.source_path.clone()))
            .collect()
    };
    assert_eq!(ids(&forward), ids(&reverse));
}

/// The trailing number of a Markdown file name (`the-changelog-103.md` → 103).
fn trailing_number(path: &Path) -> Option<u32> {
    let stem = path.file_stem()?.to_str()?;
    let digits = stem.len() - stem.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    stem[stem.len() - digits..].parse().ok()
}

#[test]
fn changelog_and_practical_ai_files_are_one_episode_each_with_speakers_and_times() {
    for (folder, show, files) in [
        ("changelog/podcast", "The Changelog", 481),
        ("changelog/practicalai", "Practical AI", 299),
    ] {
        let Some(dir) = shared_corpus(folder) else {
            return;
        };
        let corpus = corpus::load(&[dir], &ParseOptions::default()).unwrap();
        assert_eq!(corpus.files_read, files, "{folder}");
        assert!(corpus.skipped.is_empty(), "{folder}: {:?}", corpus.skipped);
        assert!(
            corpus.duplicates.is_empty(),
            "{folder}: {:?}",
            corpus.duplicates
        );
        assert_eq!(corpus.transcripts.len(), files, "{folder}");
        let mut failures = Vec::new();
        for t in &corpus.transcripts {
            let path = &t.meta.source_path;
            let name = path.file_name().unwrap().to_string_lossy();
            if t.format != Format::Markdown {
                failures.push(format!("{name}: read as {}", t.format));
            }
            // The bonus episode's name ends in a year, which is no episode number.
            let expected = trailing_number(path).filter(|&n| !(1990..2100).contains(&n));
            if t.meta.episode_number() != expected {
                failures.push(format!("{name}: number {:?}", t.meta.episode_number()));
            }
            if t.meta.show_name() != Some(show) {
                failures.push(format!("{name}: show {:?}", t.meta.show_name()));
            }
            if let Some(title) = &t.meta.title {
                failures.push(format!("{name}: title invented: {}", title.value));
            }
            if t.speakers().is_empty()
                || t.segments()
                    .iter()
                    .any(|s| s.speaker.is_none() && t.segment_text(s).len() > 400)
            {
                failures.push(format!("{name}: speakers {:?}", t.speakers()));
            }
            let marked = t.source().contains("\\[0") || t.source().contains("\\[1");
            if marked && t.segments().iter().any(|s| s.start.is_none()) {
                failures.push(format!("{name}: a segment without a time"));
            }
            // (A literal "s**t" is the transcriber's, written `s\*\*t`, and stays.)
            if [":**", "\\[0", "\\#"].iter().any(|m| t.text().contains(m)) {
                failures.push(format!("{name}: markup left in the text"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

/// Regression: read as plain text, The Changelog's speaker labels were 2,765 "mentions".
#[test]
fn no_speaker_label_is_counted_as_a_mention() {
    let Some(dir) = shared_corpus("changelog/podcast") else {
        return;
    };
    let corpus = corpus::load(&[dir], &ParseOptions::default()).unwrap();
    // A catalog of everyone who speaks: any label read as speech would be found.
    let speakers: BTreeSet<&str> = corpus
        .transcripts
        .iter()
        .flat_map(|t| t.speakers())
        .map(String::as_str)
        .filter(|s| s.contains(' ') && s.is_ascii())
        .collect();
    assert!(speakers.len() > 300, "{}", speakers.len());
    let toml: String = speakers
        .iter()
        .map(|name| {
            let id: String = name
                .to_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            entity_toml(&id, name, "person", &[name])
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let catalog = catalog_from(tmp.path(), &toml);
    let extractor = Extractor::new(&catalog).unwrap();
    let mut in_labels = Vec::new();
    let mut mentions = 0;
    for t in &corpus.transcripts {
        for m in extractor.extract(t) {
            mentions += 1;
            let span = t.source_span(m.start..m.end);
            let line_start = t.source()[..span.start].rfind('\n').map_or(0, |i| i + 1);
            let before = &t.source()[line_start..span.start];
            if before.trim_start_matches(['#', ' ', '1']).starts_with("**")
                && !before.contains(":**")
                && !before.contains("**:")
                && !before[2..].contains("**")
            {
                in_labels.push(format!(
                    "{}: {}",
                    t.meta.source_path.display(),
                    &t.source()[line_start..span.end]
                ));
            }
        }
    }
    assert!(
        mentions > 100,
        "people are still found in speech: {mentions}"
    );
    assert!(
        in_labels.is_empty(),
        "{} labels read as mentions:\n{}",
        in_labels.len(),
        in_labels[..in_labels.len().min(20)].join("\n")
    );
}

#[test]
fn every_file_of_the_podcast_platforms_is_read_in_its_format() {
    let Some(dir) = shared_corpus("formats") else {
        return;
    };
    // (file, format, speakers) — speakers as the file names them.
    let cases: &[(&str, Format, &[&str])] = &[
        ("LaLaLand.json", Format::JsonSegments, &[]),
        ("LaLaLand.vtt", Format::Webvtt, &[]),
        (
            "buzzcast.html",
            Format::Html,
            &["Alban", "Kevin", "Travis", "Tom", "Dave"],
        ),
        (
            "buzzcast.json",
            Format::PodcastJson,
            &["Alban", "Kevin", "Travis", "Tom", "Dave"],
        ),
        (
            "buzzcast.srt",
            Format::Srt,
            &["Alban", "Kevin", "Travis", "Tom", "Dave"],
        ),
        (
            "how_to_start_a_podcast.json",
            Format::PodcastJson,
            &["Travis", "Eric"],
        ),
        ("kde_express-16_kde_en_telegram.vtt", Format::Webvtt, &[]),
        (
            "one_word_segments.json",
            Format::PodcastJson,
            &["Travis", "Eric"],
        ),
        (
            "podcasting_20_episode_124.srt",
            Format::Srt,
            &["Adam Curry", "Unknown", "Dave Jones"],
        ),
        (
            "podnews_daily_2024-01-25.vtt",
            Format::Webvtt,
            &["SPEAKER_1"],
        ),
    ];
    for (file, format, speakers) in cases {
        let t = read_transcript(&dir.join(file), &ParseOptions::default()).unwrap();
        assert_eq!((file, t.format), (file, *format));
        assert_eq!(t.speakers(), *speakers, "{file}");
        assert!(
            t.segments().iter().all(|s| s.start.is_some()),
            "{file}: a segment without a time"
        );
        assert!(t.warnings.is_empty(), "{file}: {:?}", t.warnings);
    }
    // Every transcript file of the folder is one of those; the rest are its documentation.
    let corpus = corpus::load(std::slice::from_ref(&dir), &ParseOptions::default()).unwrap();
    let skipped: Vec<String> = corpus
        .skipped
        .iter()
        .map(|s| s.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(skipped, ["LICENSE.md", "README.md"]);
    // The three buzzcast copies are one episode, kept in its richest form.
    let buzzcast: Vec<&Transcript> = corpus
        .transcripts
        .iter()
        .filter(|t| {
            t.meta
                .source_path
                .file_stem()
                .is_some_and(|s| s == "buzzcast")
        })
        .collect();
    assert_eq!(buzzcast.len(), 1);
    let dup = corpus
        .duplicates
        .iter()
        .find(|d| d.kept == buzzcast[0].meta.source_path)
        .unwrap();
    assert_eq!(dup.dropped.len(), 2);
    assert_eq!(
        buzzcast[0].speakers(),
        ["Alban", "Kevin", "Travis", "Tom", "Dave"]
    );
}

/// Regression: one word per segment, a name said over two segments never matched; "NPR", a
/// whole segment of its own, neither.
#[test]
fn names_said_in_word_level_transcripts_are_found() {
    let Some(dir) = shared_corpus("formats") else {
        return;
    };
    // Every name said in the files, listed by reading their text.
    let tmp = tempfile::tempdir().unwrap();
    let catalog = catalog_from(
        tmp.path(),
        r#"
[[entity]]
id = "travis-albritain"
name = "Travis Albritain"
kind = "person"
aliases = ["Travis Albritain"]

[[entity]]
id = "eric-nuzum"
name = "Eric Nuzum"
kind = "person"
aliases = ["Eric Nuzum"]

[[entity]]
id = "npr"
name = "NPR"
kind = "organization"
aliases = ["NPR"]
case_sensitive = ["NPR"]

[[entity]]
id = "ted"
name = "TED"
kind = "organization"
aliases = ["Ted's podcasts"]

[[entity]]
id = "make-noise"
name = "Make Noise"
kind = "media"
aliases = ["Make Noise"]
"#,
    );
    let extractor = Extractor::new(&catalog).unwrap();
    for (file, expected) in [
        (
            "one_word_segments.json",
            &[
                ("eric-nuzum", 3),
                ("make-noise", 1),
                ("npr", 4),
                ("ted", 1),
                ("travis-albritain", 1),
            ][..],
        ),
        (
            "how_to_start_a_podcast.json",
            &[
                ("eric-nuzum", 3),
                ("make-noise", 1),
                ("npr", 4),
                ("ted", 1),
                ("travis-albritain", 1),
            ][..],
        ),
    ] {
        let t = read_transcript(&dir.join(file), &ParseOptions::default()).unwrap();
        let mut found: std::collections::BTreeMap<&str, usize> = Default::default();
        for m in extractor.extract(&t) {
            *found.entry(catalog.get(m.entity).id.as_str()).or_default() += 1;
            // Each mention keeps the time of its first word, and its span in the file runs from
            // its first word to its last (over the JSON between, for a name said over two).
            assert!(t.time_at(m.start).is_some());
            let said = &t.text()[m.start..m.end];
            let quoted = &t.source()[t.source_span(m.start..m.end)];
            let first = said.split(' ').next().unwrap();
            let last = said.rsplit(' ').next().unwrap();
            assert!(
                quoted.starts_with(first) && quoted.ends_with(last),
                "{file}: {said:?} quotes {quoted:?}"
            );
        }
        // Every name is found; the names said over two or more segments, every time.
        for (id, count) in expected {
            let got = found.get(id).copied().unwrap_or(0);
            assert!(got > 0, "{file}: {id} not found in {found:?}");
            if id.contains('-') && file == "one_word_segments.json" {
                assert_eq!(got, *count, "{file}: {id}");
            }
        }
    }
}

#[test]
fn python_bytes_dates_follow_episode_order() {
    let Some(dir) = corpus_transcripts() else {
        return;
    };
    let corpus = corpus::load(&[dir], &ParseOptions::default()).unwrap();
    let dated: Vec<(u32, chrono::NaiveDate)> = corpus
        .transcripts
        .iter()
        .filter_map(|t| Some((t.meta.episode_number()?, t.meta.date.as_ref()?.value)))
        .collect();
    let out_of_order: Vec<_> = dated.windows(2).filter(|w| w[1].1 < w[0].1).collect();
    assert!(out_of_order.is_empty(), "{out_of_order:?}");
    // Only episodes whose speech gives no date of their own are undated (read in the files:
    // "recorded live from PyCon", "This is episode 400. How about that?", a Talk Python
    // crossover's date of the other show, ...).
    let undated: Vec<u32> = corpus
        .transcripts
        .iter()
        .filter(|t| t.meta.date.is_none())
        .filter_map(|t| t.meta.episode_number())
        .collect();
    assert_eq!(undated, [18, 20, 27, 110, 119, 129, 214, 316, 346, 400]);
    // Misspoken years, corrected from the episodes around them.
    for (number, date) in [
        (9, "2017-01-17"),
        (12, "2017-02-06"),
        (364, "2023-12-12"),
        (426, "2025-03-31"),
    ] {
        let t = corpus
            .transcripts
            .iter()
            .find(|t| t.meta.episode_number() == Some(number))
            .unwrap();
        assert_eq!(
            t.meta.date.as_ref().unwrap().value.to_string(),
            date,
            "episode {number}"
        );
    }
}

/// Discovery on shows the catalog was not made from: The Changelog's hosts and a guest are
/// people with their roles, and the subjects of its episodes (Vitess, PlanetScale) are found,
/// each with evidence; every person who speaks in an annotated episode is found in it.
#[test]
fn discovery_finds_the_changelogs_people_and_subjects() {
    use podgraph::discover::Role;
    let Some((corpus, found, extended)) = discovered("changelog/podcast") else {
        return;
    };
    let role = |name: &str| {
        found
            .speakers
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.role)
    };
    assert_eq!(role("Jerod Santo"), Some(Role::Host));
    assert_eq!(role("Adam Stacoviak"), Some(Role::Host));
    assert_eq!(role("Deepthi Sigireddi"), Some(Role::Guest));
    let sure = podgraph::discover::DiscoverOptions::default().min_confidence;
    for name in ["Vitess", "PlanetScale"] {
        // In the catalog already, or discovered with evidence.
        if let Some(c) = found.candidates.iter().find(|c| c.name == name) {
            assert!(c.confidence >= sure, "{c:?}");
            assert!(c.episodes >= 2 && !c.snippets.is_empty(), "{c:?}");
        }
        assert!(extended.resolve(name).is_some(), "{name} is not found");
    }
    assert_speakers_found(&corpus, &extended, "changelog");
}

/// Every person who speaks in an annotated episode of Practical AI is a person with a role,
/// found where the speech names them.
#[test]
fn discovery_finds_practical_ais_speakers() {
    let Some((corpus, _, extended)) = discovered("changelog/practicalai") else {
        return;
    };
    assert_speakers_found(&corpus, &extended, "practicalai");
}

/// A show folder of `../shared/corpus` loaded, its discovery, and the default catalog extended
/// by what `build` adds.
fn discovered(
    show: &str,
) -> Option<(
    corpus::Corpus,
    podgraph::discover::Discovery,
    podgraph::catalog::Catalog,
)> {
    use podgraph::discover::{self, DiscoverOptions, EpisodeInput};
    let dir = shared_corpus(show)?;
    let corpus = corpus::load(&[dir], &ParseOptions::default()).unwrap();
    let records = corpus.records();
    let inputs = EpisodeInput::from_corpus(&corpus.transcripts, &records);
    let catalog = default_catalog();
    let options = DiscoverOptions::default();
    let found = discover::discover(&catalog, &inputs, &options);
    let extended = found
        .clone()
        .extend(catalog, options.min_confidence)
        .unwrap();
    Some((corpus, found, extended))
}

/// Every speaker of every episode annotated in `tests/fixtures/annotations/<annotations>` is a
/// person tagged host or guest, and found in the episode where the annotation lists them.
fn assert_speakers_found(
    corpus: &corpus::Corpus,
    extended: &podgraph::catalog::Catalog,
    annotations: &str,
) {
    let extractor = Extractor::new(extended).unwrap();
    let annotations = Path::new(REPO)
        .join("tests/fixtures/annotations")
        .join(annotations);
    let mut missing = Vec::new();
    for file in std::fs::read_dir(&annotations).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        let value: toml::Value = toml::from_str(&text).unwrap();
        let name = value["file"].as_str().unwrap();
        let t = corpus
            .transcripts
            .iter()
            .find(|t| t.meta.source_path.file_name().unwrap() == name)
            .unwrap();
        for speaker in value["speakers"].as_array().unwrap() {
            let speaker = speaker.as_str().unwrap();
            let Some(id) = extended.resolve(speaker) else {
                missing.push(format!("{name}: {speaker} is no entity"));
                continue;
            };
            let person = extended.get(id);
            assert_eq!(person.kind, podgraph::catalog::Kind::Person, "{speaker}");
            assert!(
                person.has_tag("host") || person.has_tag("guest"),
                "{speaker}: {:?}",
                person.tags
            );
            // Named in the speech (as the annotation lists them when they are): found there.
            let annotated = value["present"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"].as_str() == Some(speaker));
            if annotated && !extractor.extract(t).iter().any(|m| m.entity == id) {
                missing.push(format!("{name}: {speaker} is named but not found"));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
}
