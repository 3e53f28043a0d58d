//! `podgraph inspect`: what podgraph reads in transcript files (format, metadata, segments),
//! one file at a time, for checking a reader before a build.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use podgraph::corpus::{self, EpisodeRecord};
use podgraph::transcript::{ParseOptions, Sourced, Transcript, read_transcript};
use serde::Serialize;

use super::{Outcome, Reported};
use crate::cli::InspectArgs;
use crate::config;
use crate::output::{sanitize, stdout, warn, write_json};

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
    let options = config::parse_options(&args.read)?;
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
        let record = EpisodeRecord::new(transcript, Vec::new());
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
        write_json(&mut out, &serde_json::json!({ "episodes": records }))?;
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
    let mut t = read_transcript(path, options)?;
    if let Some(feed) = &options.feed {
        corpus::apply_feed(&mut t, &podgraph::feed::FeedIndex::new(feed));
    }
    Ok(t)
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
    // A caption file can name thousands of speakers; the JSON output lists them all.
    const SHOWN_SPEAKERS: usize = 12;
    let speakers = match record.speakers.len() {
        0 => "-".to_owned(),
        n if n <= SHOWN_SPEAKERS => record.speakers.join(", "),
        n => format!(
            "{}, and {} more",
            record.speakers[..SHOWN_SPEAKERS].join(", "),
            n - SHOWN_SPEAKERS
        ),
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
