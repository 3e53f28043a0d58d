//! The subcommands: each turns parsed flags into library calls and prints the results.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use podgraph::corpus::{self, Corpus, EpisodeRecord};
use podgraph::transcript::{ParseOptions, Sourced, Transcript, read_transcript};
use serde::Serialize;

use crate::cli::{BuildArgs, InspectArgs, ReadArgs};
use crate::output::{sanitize, stdout, warn, write_json};

/// What a command found, for the exit status. Query commands will add "nothing found" (exit 1).
pub enum Outcome {
    /// Results were produced.
    Found,
}

/// An error whose message was already printed; it only sets the exit status.
#[derive(Debug, thiserror::Error)]
#[error("errors were reported above")]
pub struct Reported;

fn parse_options(read: &ReadArgs) -> ParseOptions {
    ParseOptions {
        format: read.format,
        show: read.show.clone(),
    }
}

/// What `build` reads when given no paths.
const DEFAULT_INPUT: &str = "data/transcripts";

/// The version of the files `build` writes; bumped when their meaning changes.
pub const OUTPUT_FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct EpisodesFile<'a> {
    format_version: u32,
    episodes: &'a [EpisodeRecord],
    skipped: &'a [corpus::Skipped],
    duplicates: &'a [corpus::Duplicate],
}

#[derive(Serialize)]
struct BuildSummary {
    files_read: usize,
    episodes: usize,
    skipped: usize,
    duplicates: usize,
    outputs: Vec<String>,
}

/// `podgraph build`.
pub fn build(args: &BuildArgs, quiet: bool) -> Result<Outcome> {
    let options = parse_options(&args.read);
    let corpus = if !args.paths.is_empty() {
        corpus::load(&args.paths, &options)?
    } else if Path::new(DEFAULT_INPUT).is_dir() {
        corpus::load(&[DEFAULT_INPUT.into()], &options)?
    } else {
        if !quiet {
            eprintln!(
                "podgraph: note: no {DEFAULT_INPUT}/ here; reading the {} built-in sample transcripts",
                corpus::SAMPLES.len()
            );
        }
        corpus::load_samples(&options)
    };
    report_corpus(&corpus, quiet);
    let records = corpus.records();
    let episodes_path = args.out.join("episodes.json");
    podgraph::atomic::write_file(&episodes_path, |w| {
        let file = EpisodesFile {
            format_version: OUTPUT_FORMAT_VERSION,
            episodes: &records,
            skipped: &corpus.skipped,
            duplicates: &corpus.duplicates,
        };
        write_json(w, &file)
    })
    .map_err(|e| anyhow::anyhow!("{e}; choose a writable folder with --out"))?;
    let summary = BuildSummary {
        files_read: corpus.files_read,
        episodes: corpus.transcripts.len(),
        skipped: corpus.skipped.len(),
        duplicates: corpus.duplicates.len(),
        outputs: vec![episodes_path.display().to_string()],
    };
    if args.json {
        write_json(&mut stdout(), &summary)?;
    }
    if !quiet {
        eprintln!(
            "podgraph: read {} files: {} episodes, {} skipped, {} duplicate episodes merged; wrote {}",
            summary.files_read,
            summary.episodes,
            summary.skipped,
            summary.duplicates,
            sanitize(&episodes_path.display().to_string()),
        );
    }
    Ok(Outcome::Found)
}

/// Prints what loading a corpus skipped, merged and noticed.
fn report_corpus(corpus: &Corpus, quiet: bool) {
    for skipped in &corpus.skipped {
        warn(quiet, &format!("skipped {}", skipped.reason));
    }
    for dup in &corpus.duplicates {
        let dropped: Vec<String> = dup
            .dropped
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        warn(
            quiet,
            &format!(
                "{} episode {} is in {} files: using {}, not {}",
                dup.show,
                dup.number,
                dup.dropped.len() + 1,
                dup.kept.display(),
                dropped.join(", ")
            ),
        );
    }
    for t in &corpus.transcripts {
        for w in &t.warnings {
            warn(quiet, &format!("{}: {w}", t.meta.source_path.display()));
        }
    }
}

#[derive(Serialize)]
struct InspectRecord<'a> {
    #[serde(flatten)]
    episode: &'a EpisodeRecord,
    #[serde(skip_serializing_if = "Option::is_none")]
    segment_list: Option<Vec<SegmentRecord<'a>>>,
}

#[derive(Serialize)]
struct SegmentRecord<'a> {
    start_ms: Option<u64>,
    end_ms: Option<u64>,
    speaker: Option<&'a str>,
    text: &'a str,
}

fn segment_records<'t>(t: &'t Transcript, limit: usize) -> Vec<SegmentRecord<'t>> {
    let limit = if limit == 0 { usize::MAX } else { limit };
    t.segments()
        .iter()
        .take(limit)
        .map(|s| SegmentRecord {
            start_ms: s.start.map(|t| t.as_millis()),
            end_ms: s.end.map(|t| t.as_millis()),
            speaker: t.speaker_name(s),
            text: t.segment_text(s),
        })
        .collect()
}

/// `podgraph inspect`.
pub fn inspect(args: &InspectArgs, quiet: bool) -> Result<Outcome> {
    let options = parse_options(&args.read);
    let mut out = stdout();
    let mut failed = None;
    let mut json_records = Vec::new();
    let transcripts: Vec<_> = args
        .files
        .iter()
        .map(|p| inspect_one(p, &options))
        .collect();
    for result in &transcripts {
        let transcript = match result {
            Ok(t) => t,
            Err(e) => {
                eprintln!("podgraph: error: {}", sanitize(&format!("{e:#}")));
                failed = Some(());
                continue;
            }
        };
        let corpus = Corpus {
            transcripts: vec![transcript.clone()],
            ..Corpus::default()
        };
        let record = corpus.records().remove(0);
        if args.json {
            json_records.push((record, transcript));
        } else {
            print_inspection(&mut out, &record, transcript, args.segments)?;
            // Keep each file's warnings next to its report on a terminal.
            out.flush()?;
            for w in &transcript.warnings {
                warn(
                    quiet,
                    &format!("{}: {w}", transcript.meta.source_path.display()),
                );
            }
        }
    }
    if args.json {
        let records: Vec<InspectRecord<'_>> = json_records
            .iter()
            .map(|(episode, t)| InspectRecord {
                episode,
                segment_list: args.segments.map(|n| segment_records(t, n)),
            })
            .collect();
        write_json(&mut out, &records)?;
    }
    out.flush()?;
    match failed {
        Some(()) => Err(Reported.into()),
        None => Ok(Outcome::Found),
    }
}

fn inspect_one(path: &Path, options: &ParseOptions) -> Result<Transcript> {
    if path.is_dir() {
        anyhow::bail!(
            "{}: is a folder; give transcript files (or use podgraph build)",
            path.display()
        );
    }
    if !path.exists() {
        anyhow::bail!("{}: no such file", path.display());
    }
    Ok(read_transcript(path, options)?)
}

fn print_inspection(
    out: &mut impl Write,
    record: &EpisodeRecord,
    t: &Transcript,
    segments: Option<usize>,
) -> std::io::Result<()> {
    fn field<T: std::fmt::Display>(
        out: &mut impl Write,
        name: &str,
        value: &Option<Sourced<T>>,
    ) -> std::io::Result<()> {
        match value {
            Some(v) => writeln!(
                out,
                "  {name:<10} {}  ({})",
                sanitize(&v.value.to_string()),
                v.source.name()
            ),
            None => writeln!(out, "  {name:<10} -"),
        }
    }
    writeln!(
        out,
        "{}",
        sanitize(&record.source_path.display().to_string())
    )?;
    writeln!(out, "  {:<10} {}", "format", record.format)?;
    writeln!(out, "  {:<10} {}", "id", sanitize(&record.id))?;
    field(out, "show", &record.show)?;
    field(out, "episode", &record.number)?;
    field(out, "title", &record.title)?;
    field(out, "date", &record.date)?;
    let segs = t.segments();
    writeln!(
        out,
        "  {:<10} {} ({} with a speaker, {} with a time)",
        "segments",
        segs.len(),
        segs.iter().filter(|s| s.speaker.is_some()).count(),
        segs.iter().filter(|s| s.start.is_some()).count()
    )?;
    let speakers = if record.speakers.is_empty() {
        "-".to_owned()
    } else {
        record.speakers.join(", ")
    };
    writeln!(out, "  {:<10} {}", "speakers", sanitize(&speakers))?;
    let duration = t.duration().map_or("-".to_owned(), |d| d.to_string());
    writeln!(out, "  {:<10} {duration}", "duration")?;
    if let Some(n) = segments {
        for s in segment_records(t, n) {
            let time = s.start_ms.map_or(String::new(), |ms| {
                podgraph::transcript::Timestamp::from_millis(ms).to_string()
            });
            writeln!(
                out,
                "    {time:>8}  {:<18} {}",
                sanitize(s.speaker.unwrap_or("")),
                sanitize(s.text)
            )?;
        }
    }
    Ok(())
}
