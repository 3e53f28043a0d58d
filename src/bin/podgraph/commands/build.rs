//! `podgraph build`: runs the library's pipeline ([`podgraph::pipeline::build`]) over the
//! transcripts, then writes its outputs side by side and says what it did.

use std::time::{Duration, Instant};

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use podgraph::cache::{BuildCache, CACHE_DIR};
use podgraph::corpus::{self, EpisodeRecord, SkipKind};
use podgraph::export::{EdgesKey, EntityCount};
use podgraph::index::INDEX_FILE;
use podgraph::pipeline;
use serde::Serialize;

use super::Outcome;
use super::corpus::{plan_corpus, report_corpus};
use crate::cli::{BuildArgs, BuildFlags, MergeArgs};
use crate::config;
use crate::output::{Verbosity, sanitize, stdout, warn, write_json};

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
    run(&args.paths, &[], args, verbosity)
}

/// `podgraph merge`: a build over the shards' inputs that reads the shards' caches.
pub fn merge(args: &MergeArgs, verbosity: Verbosity) -> Result<Outcome> {
    if args.no_cache {
        anyhow::bail!("a merge reads the shards' caches; --no-cache cannot be used with it");
    }
    let shards: Vec<PathBuf> = args.shards.iter().map(|s| s.join(CACHE_DIR)).collect();
    run(&[], &shards, args, verbosity)
}

/// Builds from `paths`, or from the inputs of the shards whose caches are `shards`.
fn run(
    paths: &[PathBuf],
    shards: &[PathBuf],
    args: &BuildFlags,
    verbosity: Verbosity,
) -> Result<Outcome> {
    let quiet = verbosity.quiet;
    let mut clock = Timings::start(args.timings);
    if args.out.exists() && !args.out.is_dir() {
        anyhow::bail!(
            "{} is a file; --out takes the folder to write the graph into (such as output/)",
            sanitize(&args.out.display().to_string())
        );
    }
    let mut options = config::parse_options(&args.read)?;
    options.exclude.push(args.out.clone());
    crate::output::progress("loading the catalog", quiet);
    // The catalog as the last build here (or the shards' builds) stored it, if it is the same.
    let own_cache = args.out.join(CACHE_DIR);
    let caches: Vec<&Path> = if args.no_cache {
        Vec::new()
    } else {
        (std::iter::once(own_cache.as_path()))
            .chain(shards.iter().map(PathBuf::as_path))
            .collect()
    };
    let (base, catalog_to_store) = config::load_catalog_stored(&args.catalog, &caches)?;
    clock.lap("load catalog");
    let key = if args.links {
        EdgesKey::Links
    } else {
        EdgesKey::Edges
    };
    let writable = crate::output::unwritable("choose a writable folder with --out");
    let mut inputs = paths.to_vec();
    // A merge reads the shards' inputs (a build without shards does not wait for the key).
    if !shards.is_empty() {
        let cache_key = podgraph::cache::CacheKey::of(&base, &options, args.window);
        for shard in shards {
            let given = BuildCache::inputs_of(shard, cache_key).with_context(|| {
                format!(
                    "cannot merge shard {}",
                    sanitize(&shard.parent().unwrap_or(shard).display().to_string())
                )
            })?;
            for path in given {
                if !inputs.contains(&path) {
                    inputs.push(path);
                }
            }
        }
    }
    let build_options = pipeline::BuildOptions {
        window: args.window,
        discover: !args.no_discover,
        edges_key: key,
        // The index's mentions wait in temporary files in the output folder, not in memory.
        spill_dir: Some(args.out.clone()),
        cache: (!args.no_cache).then(|| pipeline::CacheOptions {
            dir: args.out.join(CACHE_DIR),
            shards: shards.to_vec(),
            inputs: inputs.clone(),
        }),
    };
    let mut current: Option<pipeline::Step> = None;
    let built = pipeline::build(
        base,
        |cache| plan_corpus(&inputs, &options, quiet, cache),
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
    if let Some((took, alongside)) = built.compiled_alongside {
        clock.note(alongside.describe(), "of which compiling the matcher", took);
    }
    clock.fact(format!(
        "{} of {} episodes extracted, the others taken from the cache",
        built.extracted,
        built.records.len()
    ));
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
    let formats = config::export_formats(&args.export);
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
                || super::export::write_formats(&args.out, &formats, document),
                || {
                    (index.write_file(document, catalog, &index_path)).map_err(writable)?;
                    if args.site {
                        // The page embeds the whole index: read back from the file written.
                        let index = podgraph::index::QueryIndex::load(&index_path)?;
                        let page =
                            super::site::write_site(&args.out.join("site"), document, &index)?;
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
    if let Some(to_store) = catalog_to_store {
        // A shortcut for the next build only: one that cannot be stored is parsed again.
        let _ = to_store.store_in(&own_cache);
    }
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
    start: Instant,
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
    facts: Vec<String>,
}

impl Timings {
    fn start(on: bool) -> Self {
        let now = Instant::now();
        Timings {
            on,
            start: now,
            last: now,
            laps: Vec::new(),
            facts: Vec::new(),
        }
    }

    fn lap(&mut self, phase: &'static str) {
        if self.on {
            let now = Instant::now();
            self.laps.push((phase, now - self.last));
            self.last = now;
        }
    }

    /// Records a duration measured elsewhere, overlapping the phase `during`: listed after it.
    fn note(&mut self, during: &str, what: &'static str, took: Duration) {
        if self.on {
            let at = self
                .laps
                .iter()
                .position(|(phase, _)| *phase == during)
                .map_or(self.laps.len(), |n| n + 1);
            self.laps.insert(at, (what, took));
        }
    }

    /// Records something measured that is no duration.
    fn fact(&mut self, fact: String) {
        if self.on {
            self.facts.push(fact);
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
        for fact in &self.facts {
            eprintln!("podgraph: {fact}");
        }
    }
}
