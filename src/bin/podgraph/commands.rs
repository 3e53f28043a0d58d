//! The subcommands: each turns parsed flags into library calls and prints the results.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use podgraph::catalog::{Catalog, EntityId, Kind};
use podgraph::corpus::{self, Corpus, EpisodeRecord, SkipKind};
use podgraph::discover;
use podgraph::export::{self, EdgesKey, EntityCount};
use podgraph::extract::{Evidence, Extractor, Mention};
use podgraph::index::INDEX_FILE;
use podgraph::pipeline;
use podgraph::transcript::{ParseOptions, Sourced, Transcript, WarningKind, read_transcript};
use rayon::prelude::*;
use serde::Serialize;

use crate::cli::{
    BuildArgs, CatalogArgs, DiscoverArgs, EvaluateArgs, ExportChoice, InspectArgs, MentionsArgs,
    ReadArgs,
};
use crate::output::{Verbosity, sanitize, stdout, warn, write_json};

/// What a command found, for the exit status.
pub enum Outcome {
    /// Results were produced.
    Found,
    /// The command ran but found nothing (exit status 1, as for grep).
    NothingFound,
}

/// An error whose message was already printed; it only sets the exit status.
#[derive(Debug, thiserror::Error)]
#[error("errors were reported above")]
pub struct Reported;

fn parse_options(read: &ReadArgs) -> Result<ParseOptions> {
    let feed = match &read.feed {
        Some(path) => Some(std::sync::Arc::new(podgraph::feed::read_feed(path)?)),
        None => None,
    };
    Ok(ParseOptions {
        format: read.format,
        show: read.show.clone(),
        feed,
        exclude: Vec::new(),
    })
}

/// What `build` reads when given no paths.
const DEFAULT_INPUT: &str = "data/transcripts";

/// The version of the files `build` writes; bumped when their meaning changes.
pub const OUTPUT_FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct EpisodeWithEntities<'a> {
    #[serde(flatten)]
    episode: &'a EpisodeRecord,
    /// The entities mentioned, most mentioned first (the graph document's list).
    entities: &'a [EntityCount],
}

#[derive(Serialize)]
struct EpisodesFile<'a> {
    format_version: u32,
    episodes: &'a [EpisodeWithEntities<'a>],
    skipped: &'a [corpus::Skipped],
    duplicates: &'a [corpus::Duplicate],
}

#[derive(Serialize)]
struct BuildSummary {
    files_read: usize,
    episodes: usize,
    skipped: usize,
    /// Files in the folders given whose names are not those of transcripts.
    not_read: usize,
    duplicates: usize,
    mentions: usize,
    entities: usize,
    co_mentions: usize,
    outputs: Vec<String>,
}

/// `podgraph build`.
pub fn build(args: &BuildArgs, verbosity: Verbosity) -> Result<Outcome> {
    let quiet = verbosity.quiet;
    let mut clock = Timings::start(args.timings);
    if args.out.exists() && !args.out.is_dir() {
        anyhow::bail!(
            "{} is a file; --out takes the folder to write the graph into (such as output/)",
            sanitize(&args.out.display().to_string())
        );
    }
    let mut options = parse_options(&args.read)?;
    options.exclude.push(args.out.clone());
    crate::output::progress("loading the catalog", quiet);
    let base = load_catalog(&args.catalog)?;
    clock.lap("load catalog");
    let key = if args.links {
        EdgesKey::Links
    } else {
        EdgesKey::Edges
    };
    let writable = crate::output::unwritable("choose a writable folder with --out");
    let build_options = pipeline::BuildOptions {
        window: args.window,
        discover: !args.no_discover,
        edges_key: key,
        // The index's mentions wait in temporary files in the output folder, not in memory.
        spill_dir: Some(args.out.clone()),
    };
    let mut current: Option<pipeline::Step> = None;
    let built = pipeline::build(
        base,
        || plan_corpus(&args.paths, &options, quiet),
        &options,
        &build_options,
        &mut |step| {
            if let Some(done) = current.replace(step) {
                clock.lap(done.describe());
            }
            crate::output::progress(step.describe(), quiet);
        },
    )?;
    if let Some(done) = current {
        clock.lap(done.describe());
    }
    if let Some(took) = built.compile_alongside_reading {
        clock.note("of which compiling the matcher (alongside reading)", took);
    }
    let pipeline::Build {
        catalog,
        corpus,
        mention_count,
        records,
        document,
        index,
        warnings,
        ..
    } = built;
    for warning in &warnings {
        warn(quiet, warning);
    }
    let (catalog, corpus, records, document) = (&catalog, &corpus, &records, &document);
    report_corpus(corpus, verbosity);
    if let (Some(0), Some(feed)) = (corpus.feed_matches, &args.read.feed) {
        warn(
            quiet,
            &format!(
                "{}: no item of the feed matches any transcript (by transcript URL, episode \
                 number or title); is it the feed of this show?",
                feed.display()
            ),
        );
    }
    let episodes: Vec<EpisodeWithEntities<'_>> = records
        .iter()
        .zip(&document.episodes)
        .map(|(episode, listed)| EpisodeWithEntities {
            episode,
            entities: &listed.entities,
        })
        .collect();
    crate::output::progress("writing the outputs", quiet);
    let mut formats: Vec<export::Format> = vec![export::Format::Json];
    for choice in &args.export {
        match choice {
            ExportChoice::All => formats.extend(export::Format::ALL),
            ExportChoice::One(format) => formats.push(*format),
        }
    }
    formats.sort_unstable();
    formats.dedup();
    // The output files are independent: write them side by side.
    let episodes_path = args.out.join("episodes.json");
    let index_path = args.out.join(INDEX_FILE);
    let (episodes_written, (graphs_written, index_written)) = rayon::join(
        || {
            podgraph::atomic::write_file(&episodes_path, |w| {
                let file = EpisodesFile {
                    format_version: OUTPUT_FORMAT_VERSION,
                    episodes: &episodes,
                    skipped: &corpus.skipped,
                    duplicates: &corpus.duplicates,
                };
                write_json(w, &file)
            })
            .map_err(writable)
        },
        || {
            rayon::join(
                || crate::views::write_formats(&args.out, &formats, document),
                || {
                    podgraph::atomic::write_file(&index_path, |w| {
                        index.write(document, catalog, w)
                    })
                    .map_err(writable)?;
                    if args.site {
                        // The page embeds the whole index: read back from the file written.
                        let index = podgraph::index::QueryIndex::load(&index_path)?;
                        let page =
                            crate::views::write_site(&args.out.join("site"), document, &index)?;
                        return Ok::<_, anyhow::Error>(Some(page));
                    }
                    Ok(None)
                },
            )
        },
    );
    episodes_written?;
    let mut outputs = vec![episodes_path.display().to_string()];
    outputs.extend(graphs_written?.iter().map(|p| p.display().to_string()));
    let site_page = index_written?;
    outputs.push(index_path.display().to_string());
    outputs.extend(site_page.map(|p| p.display().to_string()));
    clock.lap("write outputs");
    crate::output::progress_done();
    clock.report();
    let not_read = corpus
        .skipped
        .iter()
        .filter(|s| s.kind == SkipKind::FileType)
        .count();
    let summary = BuildSummary {
        files_read: corpus.files_read,
        episodes: corpus.transcripts.len(),
        skipped: corpus.skipped.len() - not_read,
        not_read,
        duplicates: corpus.duplicates.len(),
        mentions: mention_count,
        entities: document.nodes.len(),
        co_mentions: document.edge_list().len(),
        outputs,
    };
    if args.json {
        write_json(&mut stdout(), &summary)?;
    }
    {
        let not_read = match summary.not_read {
            0 => String::new(),
            n if verbosity.verbose => format!(" ({n} other files not read)"),
            n => format!(" ({n} other files not read; -v lists them)"),
        };
        eprintln!(
            "podgraph: read {} files{not_read}: {} episodes, {} skipped, {} duplicate episodes \
             merged; {} mentions of {} entities ({} in the catalog), {} co-mention pairs \
             (window {}); wrote {}",
            summary.files_read,
            summary.episodes,
            summary.skipped,
            summary.duplicates,
            summary.mentions,
            summary.entities,
            catalog.len(),
            summary.co_mentions,
            document.graph.window,
            sanitize(&summary.outputs.join(", ")),
        );
    }
    Ok(Outcome::Found)
}

/// Wall-clock time of each phase of a build, printed on standard error with `--timings`.
struct Timings {
    on: bool,
    start: std::time::Instant,
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    fn start(on: bool) -> Self {
        let now = std::time::Instant::now();
        Timings {
            on,
            start: now,
            last: now,
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, phase: &'static str) {
        if self.on {
            let now = std::time::Instant::now();
            self.laps.push((phase, now - self.last));
            self.last = now;
        }
    }

    /// Records a duration measured elsewhere (overlapping other phases).
    fn note(&mut self, what: &'static str, took: std::time::Duration) {
        if self.on {
            self.laps.push((what, took));
        }
    }

    fn report(&self) {
        if !self.on {
            return;
        }
        for (phase, took) in &self.laps {
            eprintln!("podgraph: {:>8.1} ms  {phase}", took.as_secs_f64() * 1e3);
        }
        // (Noted phases overlap others, so the phases do not add up to the total.)
        let total = self.last - self.start;
        eprintln!("podgraph: {:>8.1} ms  total", total.as_secs_f64() * 1e3);
    }
}

/// Plans a corpus ([`corpus::plan`]) from `paths`, or the default input where none are given.
fn plan_corpus(
    paths: &[PathBuf],
    options: &ParseOptions,
    quiet: bool,
) -> Result<Corpus, corpus::CorpusError> {
    read_corpus(paths, options, quiet, true)
}

/// Loads transcripts from `paths`, or the default input where none are given.
fn load_corpus(
    paths: &[PathBuf],
    options: &ParseOptions,
    quiet: bool,
) -> Result<Corpus, corpus::CorpusError> {
    read_corpus(paths, options, quiet, false)
}

/// The corpus of `paths`, of `data/transcripts/`, or of the built-in samples: whole, or
/// planned as outlines (`plan`).
fn read_corpus(
    paths: &[PathBuf],
    options: &ParseOptions,
    quiet: bool,
    plan: bool,
) -> Result<Corpus, corpus::CorpusError> {
    let read = |paths: &[PathBuf]| {
        if plan {
            corpus::plan(paths, options)
        } else {
            corpus::load(paths, options)
        }
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
        if plan {
            corpus::plan_samples(options)
        } else {
            corpus::load_samples(options)
        }
    })
}

fn load_catalog(args: &CatalogArgs) -> Result<Catalog> {
    if args.no_default_catalog && args.catalogs.is_empty() {
        anyhow::bail!("--no-default-catalog needs at least one --catalog FILE");
    }
    Ok(Catalog::load(!args.no_default_catalog, &args.catalogs)?)
}

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

/// How much text a snippet shows either side of a mention.
const SNIPPET_WIDTH: usize = 70;

/// `podgraph mentions`.
pub fn mentions(args: &MentionsArgs, verbosity: Verbosity) -> Result<Outcome> {
    let catalog = load_catalog(&args.catalog)?;
    let wanted: Vec<EntityId> = args
        .entities
        .iter()
        .map(|name| {
            catalog.resolve(name).ok_or_else(|| {
                anyhow::anyhow!("unknown entity '{name}': not an id, name or alias in the catalog")
            })
        })
        .collect::<Result<_>>()?;
    let options = parse_options(&args.read)?;
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
    let highlight = !args.json;
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
                let (on, off) = if highlight {
                    crate::output::highlight()
                } else {
                    ("", "")
                };
                writeln!(
                    out,
                    "  {time:>8}  {:<24} {:<16} {}{on}{}{off}{}",
                    sanitize(&entity.id),
                    sanitize(t.speaker_name(segment).unwrap_or("")),
                    sanitize(before),
                    sanitize(matched),
                    sanitize(after)
                )?;
            }
        }
    }
    if args.json {
        write_json(&mut out, &serde_json::json!({ "mentions": records }))?;
    }
    out.flush()?;
    Ok(if total == 0 {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

/// `podgraph evaluate`.
pub fn evaluate(args: &EvaluateArgs) -> Result<Outcome> {
    let mut catalog = load_catalog(&args.catalog)?;
    if args.discover {
        let parse = ParseOptions::default();
        let corpus = corpus::plan(std::slice::from_ref(&args.transcripts), &parse)?;
        let records = corpus.records();
        let options = discover::DiscoverOptions::default();
        let found = pipeline::discover(&catalog, &corpus, &records, &parse, &options, false)?;
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
    let quiet = verbosity.quiet;
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
            let loaded = load_corpus(corpus_paths, options, quiet)?;
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

/// Prints what loading a corpus skipped, merged and noticed: each item under `-v`, otherwise
/// one line per kind (items of a kind with only a few are still listed one by one).
fn report_corpus(corpus: &Corpus, verbosity: Verbosity) {
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
    let options = parse_options(&args.read)?;
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

/// `podgraph discover`: what the transcripts introduce that the catalog lacks, as a catalog file.
pub fn discover(args: &DiscoverArgs, verbosity: Verbosity) -> Result<Outcome> {
    let options = parse_options(&args.read)?;
    let catalog = load_catalog(&args.catalog)?;
    // Planned and read a batch at a time, as `build` reads: an archive need not fit in memory.
    let corpus = plan_corpus(&args.paths, &options, verbosity.quiet)?;
    report_corpus(&corpus, verbosity);
    let records = corpus.records();
    let found = pipeline::discover(
        &catalog,
        &corpus,
        &records,
        &options,
        &discover::DiscoverOptions {
            min_episodes: args.min_episodes,
            ..discover::DiscoverOptions::default()
        },
        true,
    )?;
    let listed = found
        .candidates
        .iter()
        .filter(|c| c.confidence >= args.min_confidence)
        .count();
    if args.json {
        #[derive(Serialize)]
        struct SpeakerRecord<'a> {
            name: &'a str,
            role: &'static str,
            episodes: usize,
            hosts: &'a [String],
            in_catalog: Option<&'a str>,
            spellings: &'a [String],
        }
        #[derive(Serialize)]
        struct Report<'a> {
            speakers: Vec<SpeakerRecord<'a>>,
            candidates: Vec<&'a discover::Candidate>,
        }
        let report = Report {
            speakers: found
                .speakers
                .iter()
                .map(|s| SpeakerRecord {
                    name: &s.name,
                    role: s.role.tag(),
                    episodes: s.episodes,
                    hosts: &s.hosts,
                    in_catalog: s.known.map(|id| catalog.get(id).id.as_str()),
                    spellings: &s.spellings,
                })
                .collect(),
            candidates: found
                .candidates
                .iter()
                .filter(|c| c.confidence >= args.min_confidence)
                .collect(),
        };
        write_json(&mut stdout(), &report)?;
    } else {
        let text = format!(
            "# Discovered by `podgraph discover` in {} episodes: review, then pass back with --catalog.\n\
             # People who speak come first, then names by confidence; each has its evidence above it.\n\n{}",
            corpus.transcripts.len(),
            found.to_toml(&catalog, args.min_confidence)
        );
        match &args.out {
            Some(path) => {
                podgraph::atomic::write_file(path, |w| w.write_all(text.as_bytes()))
                    .map_err(crate::output::unwritable("choose a writable file with -o"))?;
                if !verbosity.quiet {
                    eprintln!(
                        "podgraph: {} speakers and {listed} candidates written to {}",
                        found.speakers.len(),
                        path.display()
                    );
                }
            }
            None => stdout().write_all(text.as_bytes())?,
        }
    }
    Ok(if found.speakers.is_empty() && listed == 0 {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}
