//! `podgraph evaluate`: extraction measured against hand-annotated episodes
//! ([`podgraph::evaluate`]), printed as tables or JSON.

use std::io::Write;

use anyhow::Result;
use podgraph::corpus;
use podgraph::discover;
use podgraph::extract::Extractor;
use podgraph::pipeline;
use podgraph::transcript::ParseOptions;
use serde::Serialize;

use super::Outcome;
use crate::cli::EvaluateArgs;
use crate::config;
use crate::output::{sanitize, stdout, write_json};

/// `podgraph evaluate`.
pub fn evaluate(args: &EvaluateArgs) -> Result<Outcome> {
    let mut catalog = config::load_catalog(&args.catalog)?;
    if args.discover {
        let parse = ParseOptions::default();
        let corpus = corpus::plan(std::slice::from_ref(&args.transcripts), &parse)?;
        let records = corpus.records();
        let options = discover::DiscoverOptions::default();
        let found = pipeline::discover(&catalog, &corpus, &records, &options, false)?;
        catalog = found.extend(catalog, options.min_confidence)?;
    }
    let mut extractor = Extractor::new(&catalog)?;
    if args.without_evidence_rules {
        extractor = extractor.without_evidence_rules();
    }
    let annotations = podgraph::evaluate::load_annotations(&args.annotations)?;
    if annotations.is_empty() {
        anyhow::bail!(
            "{}: no annotation files (*.toml) found",
            args.annotations.display()
        );
    }
    let result = podgraph::evaluate::evaluate(&extractor, &annotations, &args.transcripts)?;
    let words = match &args.words {
        Some(path) => {
            let occurrences = podgraph::evaluate::load_word_occurrences(path)?;
            Some(podgraph::evaluate::judge_words(
                &extractor,
                &occurrences,
                &args.transcripts,
            )?)
        }
        None => None,
    };
    let mut out = stdout();
    if args.json {
        #[derive(Serialize)]
        struct Report<'a> {
            episodes: &'a podgraph::evaluate::Evaluation,
            words: Option<&'a podgraph::evaluate::WordJudgement>,
        }
        write_json(
            &mut out,
            &Report {
                episodes: &result,
                words: words.as_ref(),
            },
        )?;
    } else {
        if let Some(words) = &words {
            writeln!(out, "Ambiguous words, occurrence by occurrence:\n")?;
            write!(out, "{}", words.table())?;
            writeln!(out)?;
        }
        writeln!(
            out,
            "{} episodes, catalog of {} entities\n",
            result.episodes,
            catalog.len()
        )?;
        write!(out, "{}", result.table())?;
        for (title, misses) in [
            (
                "found but not annotated (false positives)",
                &result.false_positives,
            ),
            (
                "annotated but not found (false negatives)",
                &result.false_negatives,
            ),
            (
                "tempting false matches fallen into",
                &result.traps_fallen_into,
            ),
        ] {
            writeln!(out, "\n{title}: {}", misses.len())?;
            for m in misses {
                writeln!(
                    out,
                    "  {:>4}  {:<12} {}",
                    m.episode,
                    m.kind.name(),
                    sanitize(&m.entity)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Found)
}
