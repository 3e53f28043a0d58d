//! `podgraph mentions`: the catalog entities an episode mentions, with times and snippets.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use podgraph::catalog::{EntityId, Kind};
use podgraph::corpus::{self, Corpus};
use podgraph::extract::{Evidence, Extractor, Mention};
use podgraph::index::SNIPPET_WIDTH;
use podgraph::transcript::{ParseOptions, Transcript, read_transcript};
use rayon::prelude::*;
use serde::Serialize;

use super::Outcome;
use super::corpus::{load_corpus, report_corpus};
use crate::cli::MentionsArgs;
use crate::config;
use crate::output::{Highlight, Verbosity, sanitize, stdout, write_json};

#[derive(Serialize)]
struct MentionRecord<'a> {
    episode: String,
    entity: &'a str,
    name: &'a str,
    kind: Kind,
    surface: &'a str,
    start_ms: Option<u64>,
    timestamp: Option<String>,
    speaker: Option<&'a str>,
    segment: usize,
    source_span: [usize; 2],
    evidence: Evidence,
    snippet: String,
}

/// `podgraph mentions`.
pub fn mentions(args: &MentionsArgs, verbosity: Verbosity) -> Result<Outcome> {
    let catalog = config::load_catalog(&args.catalog)?;
    let wanted: Vec<EntityId> = args
        .entities
        .iter()
        .map(|name| {
            catalog.resolve(name).ok_or_else(|| {
                anyhow::anyhow!("unknown entity '{name}': not an id, name or alias in the catalog")
            })
        })
        .collect::<Result<_>>()?;
    let options = config::parse_options(&args.read)?;
    let transcripts = resolve_episodes(&args.episodes, &args.transcripts, &options, verbosity)?;
    let extractor = Extractor::new(&catalog)?;
    let found: Vec<(Vec<Mention>, &Transcript)> = transcripts
        .par_iter()
        .map(|t| {
            let mut mentions = extractor.extract(t);
            if !wanted.is_empty() {
                mentions.retain(|m| wanted.contains(&m.entity));
            }
            (mentions, t)
        })
        .collect();
    let mut out = stdout();
    let highlight = Highlight::unless_json(args.json);
    let mut records = Vec::new();
    let mut total = 0;
    for (mentions, t) in &found {
        let episode = corpus::episode_id(t);
        total += mentions.len();
        if !args.json && !mentions.is_empty() {
            writeln!(out, "{}", sanitize(&episode_heading(&episode, t)))?;
        }
        for m in mentions {
            let entity = catalog.get(m.entity);
            let segment = &t.segments()[m.segment];
            let (before, matched, after) = t.context(m.start..m.end, SNIPPET_WIDTH);
            if args.json {
                let span = t.source_span(m.start..m.end);
                records.push(MentionRecord {
                    episode: episode.clone(),
                    entity: &entity.id,
                    name: &entity.name,
                    kind: entity.kind,
                    surface: matched,
                    start_ms: t.time_at(m.start).map(|s| s.as_millis()),
                    timestamp: t.time_at(m.start).map(|s| s.to_string()),
                    speaker: t.speaker_name(segment),
                    segment: m.segment,
                    source_span: [span.start, span.end],
                    evidence: m.evidence,
                    snippet: format!("{before}{matched}{after}"),
                });
            } else {
                let time = t.time_at(m.start).map_or("-".to_owned(), |s| s.to_string());
                writeln!(
                    out,
                    "  {time:>8}  {:<24} {:<16} {}{}{}",
                    sanitize(&entity.id),
                    sanitize(t.speaker_name(segment).unwrap_or("")),
                    sanitize(before),
                    highlight.paint(matched),
                    sanitize(after)
                )?;
            }
        }
    }
    if args.json {
        write_json(&mut out, &serde_json::json!({ "mentions": records }))?;
    }
    out.flush()?;
    Ok(Outcome::found_if(total > 0))
}

fn episode_heading(id: &str, t: &Transcript) -> String {
    let mut parts = vec![id.to_owned()];
    if let Some(title) = &t.meta.title {
        parts.push(title.value.clone());
    }
    if let Some(date) = &t.meta.date {
        parts.push(date.value.to_string());
    }
    parts.push(t.meta.source_path.display().to_string());
    parts.join("  ·  ")
}

/// Finds the transcripts the user named: files, or episode ids/numbers in the corpus.
fn resolve_episodes(
    names: &[String],
    corpus_paths: &[PathBuf],
    options: &ParseOptions,
    verbosity: Verbosity,
) -> Result<Vec<Transcript>> {
    let mut corpus: Option<Corpus> = None;
    let mut out = Vec::new();
    for name in names {
        let path = Path::new(name);
        if path.is_file() {
            out.push(read_transcript(path, options)?);
            continue;
        }
        if path.is_dir() {
            let folder = corpus::load(&[path.to_owned()], options)?;
            report_corpus(&folder, verbosity);
            out.extend(folder.transcripts);
            continue;
        }
        if corpus.is_none() {
            let loaded = load_corpus(corpus_paths, options, verbosity.quiet)?;
            report_corpus(&loaded, verbosity);
            corpus = Some(loaded);
        }
        let loaded = corpus.as_ref().expect("loaded above");
        let hit = loaded.transcripts.iter().find(|t| {
            corpus::episode_id(t) == *name
                || name
                    .parse::<u32>()
                    .ok()
                    .is_some_and(|n| t.meta.episode_number() == Some(n))
        });
        match hit {
            Some(t) => out.push(t.clone()),
            None => anyhow::bail!(
                "{name}: no such file, and no episode with that id or number among the {} \
                 transcripts read (give a file, or --transcripts PATH)",
                loaded.transcripts.len()
            ),
        }
    }
    Ok(out)
}
