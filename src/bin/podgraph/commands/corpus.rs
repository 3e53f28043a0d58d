//! The transcripts a command reads, and what it tells about them: the default input where no
//! paths are given, and the report of the files skipped, merged and warned about. Shared by the
//! commands that read transcripts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use podgraph::corpus::{self, Corpus, SkipKind};
use podgraph::transcript::{ParseOptions, WarningKind};

use crate::output::{Verbosity, warn};

/// What `build` reads when given no paths.
const DEFAULT_INPUT: &str = "data/transcripts";

/// Plans a corpus ([`corpus::plan`], or [`corpus::plan_cached`] with a cache) from `paths`, or
/// the default input where none are given.
pub(super) fn plan_corpus(
    paths: &[PathBuf],
    options: &ParseOptions,
    quiet: bool,
    cache: Option<&dyn corpus::PlanCache>,
) -> Result<Corpus, corpus::CorpusError> {
    read_corpus(paths, options, quiet, Some(cache))
}

/// Loads transcripts from `paths`, or the default input where none are given.
pub(super) fn load_corpus(
    paths: &[PathBuf],
    options: &ParseOptions,
    quiet: bool,
) -> Result<Corpus, corpus::CorpusError> {
    read_corpus(paths, options, quiet, None)
}

/// The corpus of `paths`, of `data/transcripts/`, or of the built-in samples: whole, or
/// planned as outlines (`plan`, with or without a cache).
fn read_corpus(
    paths: &[PathBuf],
    options: &ParseOptions,
    quiet: bool,
    plan: Option<Option<&dyn corpus::PlanCache>>,
) -> Result<Corpus, corpus::CorpusError> {
    let read = |paths: &[PathBuf]| match plan {
        Some(Some(cache)) => corpus::plan_cached(paths, options, cache),
        Some(None) => corpus::plan(paths, options),
        None => corpus::load(paths, options),
    };
    Ok(if !paths.is_empty() {
        read(paths)?
    } else if Path::new(DEFAULT_INPUT).is_dir() {
        read(&[DEFAULT_INPUT.into()])?
    } else {
        if !quiet {
            eprintln!(
                "podgraph: note: no {DEFAULT_INPUT}/ here; reading the {} built-in sample transcripts",
                corpus::SAMPLES.len()
            );
        }
        if plan.is_some() {
            corpus::plan_samples(options)
        } else {
            corpus::load_samples(options)
        }
    })
}

/// Prints what loading a corpus skipped, merged and noticed: each item under `-v`, otherwise
/// one line per kind (items of a kind with only a few are still listed one by one).
pub(super) fn report_corpus(corpus: &Corpus, verbosity: Verbosity) {
    if verbosity.quiet {
        return;
    }
    // Up to this many items of a kind are listed even without -v.
    const LISTED: usize = 3;
    let report = |lines: &[String], summary: &dyn Fn(usize) -> String| {
        if verbosity.verbose || lines.len() <= LISTED {
            for line in lines {
                warn(false, line);
            }
        } else {
            warn(false, &format!("{}; -v lists them", summary(lines.len())));
        }
    };
    let mut skipped: BTreeMap<SkipKind, Vec<String>> = BTreeMap::new();
    for s in &corpus.skipped {
        skipped.entry(s.kind).or_default().push(s.reason.clone());
    }
    for (kind, reasons) in &skipped {
        if *kind == SkipKind::FileType && !verbosity.verbose {
            continue; // counted in the summary line
        }
        let lines: Vec<String> = reasons.iter().map(|r| format!("skipped {r}")).collect();
        report(&lines, &|n| {
            format!(
                "{n} files skipped, {}: first {}",
                kind.describe(),
                reasons[0]
            )
        });
    }
    let mut copies: BTreeMap<(Vec<String>, String), Vec<String>> = BTreeMap::new();
    for dup in &corpus.duplicates {
        let mut kinds: Vec<String> = std::iter::once(&dup.kept)
            .chain(&dup.dropped)
            .map(|p| extension(p))
            .collect();
        kinds.sort();
        let dropped: Vec<String> = dup
            .dropped
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let episode = match (&dup.show, dup.number) {
            (Some(show), Some(n)) => format!("{show} episode {n}"),
            (None, Some(n)) => format!("episode {n}"),
            _ => "an episode".to_owned(),
        };
        copies
            .entry((kinds, extension(&dup.kept)))
            .or_default()
            .push(format!(
                "{episode} is in {} files: using {}, not {}",
                dup.dropped.len() + 1,
                dup.kept.display(),
                dropped.join(", ")
            ));
    }
    for ((kinds, kept), lines) in &copies {
        report(lines, &|n| {
            format!(
                "{n} episodes had copies {}: used the {kept}",
                kinds.join(" and ")
            )
        });
    }
    let mut warnings: BTreeMap<WarningKind, Vec<String>> = BTreeMap::new();
    for t in &corpus.transcripts {
        for w in &t.warnings {
            warnings
                .entry(w.kind)
                .or_default()
                .push(format!("{}: {w}", t.meta.source_path.display()));
        }
    }
    for (kind, lines) in &warnings {
        report(lines, &|n| format!("{n} files {}", kind.describe()));
    }
}

/// A file's extension as a summary names it: `.vtt`, or "no extension".
fn extension(path: &Path) -> String {
    path.extension().map_or("no extension".to_owned(), |e| {
        format!(".{}", e.to_string_lossy())
    })
}
