//! The build pipeline as one call: plan the corpus, extend the catalog with what discovery
//! finds, extract mentions, build the co-mention graph and its analytics, and lay it out as the
//! [`GraphDocument`] every output is written from, with the query index waiting to be written.
//!
//! `podgraph build`, the benchmarks and the tests run this same composition, so what is measured
//! and tested is what users run. Writing files stays with the caller: the pipeline returns the
//! [`Build`], and [`IndexBuilder::write`] writes `index.bin` from it.
//!
//! # Streaming
//!
//! Memory must not grow with the archive. The corpus is first **planned** from outlines
//! ([`crate::corpus::plan`]: which copy of each episode to keep, its metadata, the order), which
//! needs every file read once but keeps no text. Then each step that needs the text reads the
//! episodes again, a batch at a time: each episode is parsed, reduced in parallel to what the
//! step keeps of it (discovery's phrase tallies, [`EpisodeWindows`] for the graph, an
//! [`EpisodePart`] of the index), and let go; reductions are merged in corpus order, so the
//! result does not depend on thread count. The index's mentions and snippets go to temporary
//! files beside the outputs as they come. What stays is the plan (metadata), the catalog and its
//! matcher, discovery's tallies, the graph, and each episode's entity counts.
//!
//! Cost: every file is parsed once to plan and once more per step that reads text (discovery,
//! extraction); parsing is cheap next to matching, and the operating system's cache keeps the
//! second read off the disk. A second read parses only the text, as the format the plan found
//! ([`crate::transcript::reparse_bytes`]): detecting the format and inferring the metadata were
//! a third of a parse of a Python Bytes file, and the plan has done both. Reading and
//! extraction are parallel across files and linear in the text; the graph is `O(M log M)` in
//! the mentions; analytics are those of [`crate::analytics`]. Without discovery, compiling the
//! matcher (single-threaded, the longest step for a large catalog) runs alongside planning;
//! with it, it must wait for the discovered entities. A build whose cache holds all but a few
//! episodes compiles, for each of those, an automaton of only the spellings its words can make
//! ([`PerEpisode`]), not the whole catalog's.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::analytics;
use crate::cache::{
    BuildCache, CacheError, CacheKey, CacheWriter, EpisodeKey, ExtractAgain, Extraction, Scan,
    WordFilter, episode_keys,
};
use crate::catalog::{Catalog, CatalogError};
use crate::corpus::{Corpus, CorpusError, EpisodeRecord, PlanCache};
use crate::discover;
use crate::export::{EdgesKey, GraphDocument};
use crate::extract::{ExtractError, Extractor, PerEpisode};
use crate::graph::{EpisodeMentions, EpisodeWindows, FoldedWindows, GraphBuilder, Window};
use crate::index::{EpisodeInput, EpisodePart, IndexBuilder};
use crate::transcript::{ParseOptions, Transcript};

/// A step of the pipeline, reported as it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Reading and parsing the transcripts (with discovery off, compiling the matcher too).
    Read,
    /// Discovering speakers and names the catalog lacks.
    Discover,
    /// Finding the mentions in every episode (with discovery on, compiling the matcher for the
    /// extended catalog too).
    Extract,
    /// Building the co-mention graph.
    Graph,
    /// Computing the analytics and the graph document.
    Analytics,
}

impl Step {
    /// What the step does, for a progress line.
    pub fn describe(self) -> &'static str {
        match self {
            Step::Read => "reading the transcripts",
            Step::Discover => "discovering speakers and names",
            Step::Extract => "finding mentions",
            Step::Graph => "building the co-mention graph",
            Step::Analytics => "computing the analytics",
        }
    }
}

/// How to build.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// What counts as "together".
    pub window: Window,
    /// Add what discovery finds to the catalog ([`crate::discover`]).
    pub discover: bool,
    /// Name the edge list `edges` or `links` in the document.
    pub edges_key: EdgesKey,
    /// Where the index's mentions and snippets wait for the end of the build (temporary files,
    /// deleted when done); `None` keeps them in memory.
    pub spill_dir: Option<PathBuf>,
    /// Keep what is learnt of each file in a cache, and reuse what an earlier build (or the
    /// shards of a merge) learnt ([`crate::cache`]); `None` reads and reduces every file.
    pub cache: Option<CacheOptions>,
}

/// Where a build's cache is, and which other caches it reads.
#[derive(Clone, Debug)]
pub struct CacheOptions {
    /// The cache the build reads, if there is one, and then replaces.
    pub dir: PathBuf,
    /// The caches of shards built apart, read too (a merge); each must exist and have been
    /// built with the same options, catalog and podgraph.
    pub shards: Vec<PathBuf>,
    /// The paths the build was given, stored for a later merge.
    pub inputs: Vec<PathBuf>,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The transcripts could not be read.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// What discovery found did not load as a catalog.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// The matcher could not be compiled.
    #[error(transparent)]
    Extract(#[from] ExtractError),
    /// A shard's cache could not be read, or the cache could not be written.
    #[error(transparent)]
    Cache(#[from] CacheError),
    /// The index's temporary files could not be written.
    #[error("{}: cannot write the index's temporary files: {source}", dir.display())]
    Spill {
        /// Where they were to be written.
        dir: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// What a build found: everything the outputs are written from.
pub struct Build {
    /// The catalog used: the base one, with what discovery added.
    pub catalog: Catalog,
    /// The episodes read (as outlines: metadata, not text), with what was skipped and merged.
    pub corpus: Corpus,
    /// How many mentions were found.
    pub mention_count: usize,
    /// Each episode's metadata record.
    pub records: Vec<EpisodeRecord>,
    /// The graph, its analytics and the episodes, as `graph.json` holds them.
    pub document: GraphDocument,
    /// The query index, waiting to be written ([`IndexBuilder::write`]).
    pub index: IndexBuilder,
    /// How long compiling the matcher took, and the step it ran alongside: reading the
    /// transcripts (without discovery, and with no cache to draw on) or finding mentions (with
    /// discovery, where the catalog is known only then, or with a cache, whose episodes need no
    /// matcher); `None` when no episode needed one.
    pub compiled_alongside: Option<(Duration, Step)>,
    /// What the user should be told about the build (a step that fell back).
    pub warnings: Vec<String>,
    /// How many episodes were extracted, not taken from a cache (all of them without one).
    pub extracted: usize,
}

/// An episode as extraction's first step leaves it: its extraction from the cache, or the
/// episode read in full, to be extracted once the matcher is there.
enum ToExtract {
    Stored(Extraction),
    /// Extracted ahead of the stream.
    Done(Box<Reduced>),
    /// Read to be extracted, with its words where a cache knew them.
    /// (Boxed: a transcript is large beside an extraction.)
    Read(Box<Transcript>, Option<WordFilter>),
}

/// An episode as extraction leaves it, ready to be merged in corpus order: its extraction
/// (or why its index part could not be made), whether it was extracted now rather than taken
/// from a cache, and its windows folded for the graph.
struct Reduced {
    made: std::io::Result<Extraction>,
    fresh: bool,
    folded: FoldedWindows,
}

impl Reduced {
    fn of(made: std::io::Result<Extraction>, fresh: bool) -> Reduced {
        let folded = made.as_ref().map(|m| m.windows.fold()).unwrap_or_default();
        Reduced {
            made,
            fresh,
            folded,
        }
    }
}

/// An episode extracted ahead of the stream ([`build`]): made once, by whichever gets to it
/// first, and taken by the stream.
type EarlySlot = OnceLock<Mutex<Option<Result<Reduced, CorpusError>>>>;

/// How many episodes a build that takes the others from its cache extracts with automata of
/// their own spellings ([`PerEpisode`]: 6–8 ms each for the default catalog, in parallel)
/// before it compiles the whole catalog's (0.2–0.3 s on one core) for the rest: about where
/// the two cost the same CPU. A rebuild that adds an episode with discovery on extracts some
/// twenty at 10× (the episodes where what discovery decides changed).
const OWN_AUTOMATA: usize = 32;

/// How many episodes are read at a time: a batch is read and reduced in parallel, then merged
/// in corpus order; memory holds a batch's episodes and reductions (two at the start), never the
/// corpus.
const BATCH_EPISODES: usize = 256;

/// Reads the episodes of `corpus` (planned or whole) a batch at a time: `read` each, given its
/// position, outline and record, then `reduce` what was read, both in parallel, then `merge` the
/// reductions in corpus order, each batch's on one core while the next batch is read and reduced
/// on the others. `read` reads an episode in full ([`Corpus::reread`]) only if it must (a cache
/// may hold its reduction); `reduce` lets it go. Memory holds one batch of episodes at a time,
/// but for the first two: the second is read while the first is reduced, because reducing may
/// first wait for what it needs (the matcher, compiled on a thread of its own once discovery has
/// decided), and the cores would wait with it.
fn stream<T: Send, R: Send, E: From<CorpusError> + Send>(
    corpus: &Corpus,
    records: &[EpisodeRecord],
    read: impl Fn(usize, &Transcript, &EpisodeRecord) -> Result<T, CorpusError> + Sync,
    reduce: impl Fn(usize, T, &EpisodeRecord) -> Result<R, CorpusError> + Sync,
    mut merge: impl FnMut(R) -> Result<(), E> + Send,
) -> Result<(), E> {
    let batches: Vec<(usize, &[Transcript], &[EpisodeRecord])> = corpus
        .transcripts
        .chunks(BATCH_EPISODES)
        .zip(records.chunks(BATCH_EPISODES))
        .enumerate()
        .map(|(n, (batch, records))| (n * BATCH_EPISODES, batch, records))
        .collect();
    let read_batch = |k: usize| -> Result<Option<Vec<T>>, CorpusError> {
        let Some(&(first, batch, records)) = batches.get(k) else {
            return Ok(None);
        };
        let read = batch
            .par_iter()
            .zip(records)
            .enumerate()
            .map(|(n, (outline, record))| read(first + n, outline, record));
        read.collect::<Result<_, _>>().map(Some)
    };
    let reduce_batch = |k: usize, read: Vec<T>| {
        let (first, _, records) = batches[k];
        read.into_par_iter()
            .zip(records)
            .enumerate()
            .map(|(n, (item, record))| reduce(first + n, item, record))
            .collect::<Result<Vec<R>, CorpusError>>()
    };
    let mut read_ahead: Option<Vec<T>> = None;
    let mut reduced: Vec<R> = Vec::new();
    for k in 0..batches.len() {
        let (next, merged) = rayon::join(
            || {
                let this = match read_ahead.take() {
                    Some(read) => read,
                    None => read_batch(k)?.unwrap_or_default(),
                };
                if k > 0 {
                    return Ok((None, reduce_batch(k, this)?));
                }
                // Reading comes first in the join: its worker goes on reading while the other
                // may wait in `reduce`.
                let (ahead, made) = rayon::join(|| read_batch(k + 1), || reduce_batch(k, this));
                Ok::<_, CorpusError>((ahead?, made?))
            },
            || reduced.drain(..).try_for_each(&mut merge),
        );
        merged?;
        (read_ahead, reduced) = next?;
    }
    reduced.into_iter().try_for_each(merge)
}

/// Discovery over a corpus (planned or whole), its episodes read a batch at a time: what
/// `build` adds to the catalog and `podgraph discover` writes (with `snippets` of evidence).
pub fn discover(
    base: &Catalog,
    corpus: &Corpus,
    records: &[EpisodeRecord],
    options: &discover::DiscoverOptions,
    snippets: bool,
) -> Result<discover::Discovery, CorpusError> {
    let tally = discover::DiscoveryTally::new(base, options.clone(), snippets);
    discover_cached(tally, corpus, records, None, None)
}

/// Runs the pipeline on the corpus `plan` returns (outlines: see [`crate::corpus::plan`]; whole
/// transcripts work too), with the catalog `base`; `parse`, how `plan` read the files, is part
/// of the cache's key; `step` hears of each step as it starts. With a cache
/// ([`BuildOptions::cache`]), `plan` is given it to plan with
/// ([`crate::corpus::plan_cached`]), episodes it holds are not read again, and the cache is
/// replaced at the end.
///
/// Memory: the plan (metadata of every episode), the catalog and matcher, discovery's tallies,
/// the graph, and one batch of episodes at a time. Each file is read once to plan, then again to
/// discover (with discovery on) and again to extract — unless the cache holds it.
pub fn build(
    base: Catalog,
    plan: impl FnOnce(Option<&dyn PlanCache>) -> Result<Corpus, CorpusError> + Send,
    parse: &ParseOptions,
    options: &BuildOptions,
    step: &mut dyn FnMut(Step),
) -> Result<Build, BuildError> {
    step(Step::Read);
    let mut warnings = Vec::new();
    let key = options
        .cache
        .as_ref()
        .map(|_| CacheKey::of(&base, parse, options.window));
    let mut cache = key.map(BuildCache::empty);
    if let (Some(settings), Some(cache)) = (&options.cache, cache.as_mut()) {
        // The build's own cache is only a shortcut: one that cannot be used is rebuilt.
        if let Err(e) = cache.open_own(&settings.dir)
            && !matches!(e, CacheError::OtherKey { .. })
        {
            warnings.push(format!("{e}; it is rebuilt"));
        }
        for shard in &settings.shards {
            if !cache.open_shard(shard)? {
                return Err(CacheError::Io {
                    path: shard.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "no build cache here; build the shard with `podgraph build` first",
                    ),
                }
                .into());
            }
        }
    }
    let caching = cache.is_some();
    let plan_cache = cache.as_ref().map(|c| c as &dyn PlanCache);
    let base_copy = caching.then(|| base.clone());
    let catalog: Catalog;
    let mut corpus: Corpus;
    let records: Vec<EpisodeRecord>;
    // What each episode is known by in a cache (none without one), made once.
    let keys: Vec<Option<EpisodeKey>>;
    // Compiling is single-threaded (seconds for a huge catalog), so it runs alongside other
    // work: reading, where every episode will need the matcher (no discovery, no cache to draw
    // on); otherwise it is compiled by the first episode that needs it, while the others go on
    // with what the cache holds, and not at all when the cache holds every episode (a rebuild,
    // a merge): on two cores an idle compile halves the reading. Where the cache holds the
    // episodes, the first few to extract get automata of their own ([`OWN_AUTOMATA`]), so a
    // rebuild that adds an episode compiles no whole matcher.
    let extractor: OnceLock<(Result<Extractor<'_>, ExtractError>, Duration)> = OnceLock::new();
    let cache_holds_episodes = cache.as_ref().is_some_and(|c| !c.is_empty());
    let compiled_alongside;
    // Made once the corpus is planned: a build that reads nothing writes nothing.
    let new_writer = |corpus: &mut Corpus| match &options.cache {
        Some(settings) => {
            let mut writer = CacheWriter::create(&settings.dir, cache.as_ref())?;
            writer.outlines(&mut corpus.planned, cache.as_ref());
            Ok::<_, CacheError>(Some(writer))
        }
        None => Ok(None),
    };
    let mut writer;
    if options.discover {
        let discover_options = discover::DiscoverOptions::default();
        // The tally's tables of the catalog, and discovery's own, are made while the files are
        // planned.
        let (planned, tally) = rayon::join(
            || plan(plan_cache),
            || {
                let tally = discover::DiscoveryTally::new(&base, discover_options.clone(), false);
                discover::prepare();
                tally
            },
        );
        corpus = planned?;
        writer = new_writer(&mut corpus)?;
        step(Step::Discover);
        records = corpus.records();
        keys = episode_keys(&corpus, &records);
        let found = discover_cached(
            tally,
            &corpus,
            &records,
            cache.as_ref().map(|c| (c, &keys[..])),
            writer.as_mut(),
        )?;
        catalog = found.extend(base, discover_options.min_confidence)?;
        compiled_alongside = Step::Extract;
    } else {
        catalog = base;
        let planned = if cache_holds_episodes {
            compiled_alongside = Step::Extract;
            plan(plan_cache)
        } else {
            let ((compiled, took), planned) =
                rayon::join(|| compile(&catalog), || plan(plan_cache));
            // A catalog that cannot be compiled fails the build here, before a file is read
            // again.
            let _ = extractor.set((Ok(compiled?), took));
            compiled_alongside = Step::Read;
            planned
        };
        corpus = planned?;
        writer = new_writer(&mut corpus)?;
        records = corpus.records();
        keys = episode_keys(&corpus, &records);
    }
    step(Step::Extract);
    let mut graph = GraphBuilder::new(options.window);
    let spill_error = |source| BuildError::Spill {
        dir: options.spill_dir.clone().unwrap_or_default(),
        source,
    };
    let mut index =
        IndexBuilder::new(&catalog, options.spill_dir.as_deref()).map_err(spill_error)?;
    let mut counts = Vec::with_capacity(records.len());
    let mut mention_count = 0;
    let mut extracted = 0;
    let positions = index.positions().to_vec();
    let per_episode: OnceLock<PerEpisode<'_>> = OnceLock::new();
    // How many episodes read so far must be extracted.
    let to_extract = AtomicUsize::new(0);
    // An episode read to be extracted, with its words where a cache knew them.
    let extract_read = |transcript: &Transcript, record: &EpisodeRecord, words| {
        // Where the cache holds the episodes, the few it does not are extracted each with an
        // automaton of its own spellings, and the whole catalog's is compiled only if more
        // come (or more are already known to come: a merge). A matcher that failed to compile
        // finds nothing here; the error ends the build after the pass.
        let mentions = if cache_holds_episodes {
            let few = to_extract.load(Ordering::Relaxed) <= OWN_AUTOMATA;
            let per_episode = per_episode.get_or_init(|| PerEpisode::new(&catalog, OWN_AUTOMATA));
            per_episode.extract(transcript, few).unwrap_or_default()
        } else {
            match &extractor.get_or_init(|| compile(&catalog)).0 {
                Ok(extractor) => extractor.extract(transcript),
                Err(_) => Vec::new(),
            }
        };
        let windows = EpisodeWindows::of(
            &EpisodeMentions {
                id: record.id.clone(),
                transcript,
                mentions: &mentions,
            },
            options.window,
        );
        let part = EpisodePart::of(
            &EpisodeInput {
                transcript,
                mentions: &mentions,
            },
            &positions,
        );
        let made = part
            .map(|part| Extraction::new(windows, part, mentions.len(), transcript, caching, words));
        Reduced::of(made, true)
    };
    // The episodes the cache has no extraction of (new or changed files), where the cache
    // holds the others.
    let not_held: Vec<usize> = match &cache {
        Some(cache) if cache_holds_episodes => (keys.iter().enumerate())
            .filter(|(_, key)| !key.is_some_and(|k| cache.holds_extraction(k)))
            .map(|(n, _)| n)
            .collect(),
        _ => Vec::new(),
    };
    // A few of them (a rebuild that adds episodes) are extracted as soon as their automata can
    // be made, rather than when the stream comes to them: new episodes are most often a show's
    // latest, in the last batch, where the build would wait for them alone.
    let early: Vec<(usize, EarlySlot)> = if not_held.len() <= OWN_AUTOMATA {
        not_held.iter().map(|&n| (n, OnceLock::new())).collect()
    } else {
        Vec::new()
    };
    let extract_early = |n: usize| {
        to_extract.fetch_add(1, Ordering::Relaxed);
        let transcript = corpus.reread(&corpus.transcripts[n])?;
        Ok(extract_read(&transcript, &records[n], None))
    };
    let take_early = |n: usize| {
        let (_, slot) = &early[early.binary_search_by_key(&n, |(m, _)| *m).ok()?];
        let made = slot.get_or_init(|| Mutex::new(Some(extract_early(n))));
        made.lock().ok()?.take()
    };
    std::thread::scope(|scope| {
        if extractor.get().is_none() && !cache_holds_episodes {
            scope.spawn(|| extractor.get_or_init(|| compile(&catalog)));
        }
        // An episode the cache has no extraction of will need the automata of its own
        // spellings: their table is made while the catalogs are compared and the others read.
        if !not_held.is_empty() {
            scope.spawn(|| {
                per_episode.get_or_init(|| PerEpisode::new(&catalog, OWN_AUTOMATA));
                for (n, slot) in &early {
                    slot.get_or_init(|| Mutex::new(Some(extract_early(*n))));
                }
            });
        }
        if let (Some(cache), Some(base)) = (cache.as_mut(), &base_copy) {
            cache.compare_catalogs(base, &catalog);
        }
        let cache = &cache;
        stream(
            &corpus,
            &records,
            |n, outline, _| {
                if let Some(made) = take_early(n) {
                    return made.map(|made| ToExtract::Done(Box::new(made)));
                }
                let read = || corpus.reread(outline);
                let episode = match (&cache, keys[n]) {
                    (Some(cache), Some(key)) => match cache.extraction(key, read)? {
                        Ok(stored) => ToExtract::Stored(stored),
                        Err(ExtractAgain { transcript, words }) => {
                            let transcript = match transcript {
                                Some(transcript) => transcript,
                                None => corpus.reread(outline)?,
                            };
                            ToExtract::Read(Box::new(transcript), words)
                        }
                    },
                    _ => ToExtract::Read(Box::new(read()?), None),
                };
                if let ToExtract::Read(..) = episode {
                    to_extract.fetch_add(1, Ordering::Relaxed);
                }
                Ok(episode)
            },
            |_, episode, record| {
                Ok(match episode {
                    ToExtract::Read(transcript, words) => extract_read(&transcript, record, words),
                    ToExtract::Stored(stored) => Reduced::of(Ok(stored), false),
                    ToExtract::Done(made) => *made,
                })
            },
            |Reduced {
                 made,
                 fresh,
                 folded,
             }: Reduced| {
                let made = made.map_err(spill_error)?;
                graph.add_folded(&made.windows, &folded);
                counts.push(made.windows.counts);
                mention_count += made.mentions;
                extracted += usize::from(fresh);
                if let Some(writer) = writer.as_mut() {
                    writer.extraction(&made.stored);
                }
                index.add(made.part).map_err(spill_error)
            },
        )
    })?;
    let compiled_alongside = match (extractor.into_inner(), per_episode.into_inner()) {
        (Some((compiled, took)), _) => {
            // Its automaton is let go before the graph is built.
            drop(compiled?);
            Some((took, compiled_alongside))
        }
        (None, Some(per_episode)) => per_episode.into_whole()?.map(|took| (took, Step::Extract)),
        (None, None) => None,
    };
    // The cache is written while the graph is made and analysed: neither needs the other, and
    // on its own the writing would leave the other cores idle.
    let (document, cache_written) = std::thread::scope(|scope| {
        let cache_written = scope.spawn(|| match (writer, &options.cache, &base_copy, key) {
            (Some(writer), Some(settings), Some(base), Some(key)) => {
                writer.finish(key, &settings.inputs, &keys, base, &catalog)
            }
            _ => Ok(()),
        });
        step(Step::Graph);
        let graph = graph.finish(&catalog);
        step(Step::Analytics);
        let analysis = analytics::analyse(graph.graph(), |edge| edge.windows as f64);
        warnings.extend(analysis.communities_failed.iter().map(|why| {
            format!("community detection failed ({why}); every entity is its own community")
        }));
        let document = GraphDocument::from_analysed(
            &graph,
            &analysis.metrics,
            &catalog,
            &records,
            &counts,
            options.edges_key,
        );
        let cache_written = cache_written
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (document, cache_written)
    });
    if let Err(e) = cache_written {
        // The outputs do not depend on it: the next build reads every file again.
        warnings.push(format!("cannot write the build cache: {e}"));
    }
    Ok(Build {
        catalog,
        corpus,
        mention_count,
        records,
        document,
        index,
        compiled_alongside,
        warnings,
        extracted,
    })
}

/// The matcher for `catalog`, and how long compiling it took.
fn compile(catalog: &Catalog) -> (Result<Extractor<'_>, ExtractError>, Duration) {
    let start = Instant::now();
    (Extractor::new(catalog), start.elapsed())
}

/// [`discover()`] into `tally`, taking each episode's scan from `cache` where it holds it (by the
/// episodes' keys), and storing every scan in `writer`.
fn discover_cached(
    mut tally: discover::DiscoveryTally<'_>,
    corpus: &Corpus,
    records: &[EpisodeRecord],
    cache: Option<(&BuildCache, &[Option<EpisodeKey>])>,
    mut writer: Option<&mut CacheWriter>,
) -> Result<discover::Discovery, CorpusError> {
    let scanner = tally.scanner();
    let keep = writer.is_some();
    stream(
        corpus,
        records,
        |n, outline, record| {
            if let Some((cache, keys)) = cache
                && let Some(key) = keys[n]
                && let Some(scan) = cache.scan(key)
            {
                return Ok(scan);
            }
            let transcript = corpus.reread(outline)?;
            let scan = scanner.scan(&discover::EpisodeInput::of(&transcript, record));
            Ok(Scan::new(scan, keep))
        },
        |_, scan, _| Ok(scan),
        |scan: Scan| {
            if let Some(writer) = writer.as_deref_mut() {
                writer.scan(&scan.stored);
            }
            tally.merge(scan.scan);
            Ok::<(), CorpusError>(())
        },
    )?;
    Ok(tally.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::ParseOptions;

    fn run(discover: bool, outlines: bool, spill_dir: Option<PathBuf>) -> (Build, Vec<Step>) {
        let mut steps = Vec::new();
        let parse = ParseOptions::default();
        let built = build(
            Catalog::load(true, &[]).unwrap(),
            |_| {
                Ok(if outlines {
                    crate::corpus::plan_samples(&parse)
                } else {
                    crate::corpus::load_samples(&parse)
                })
            },
            &parse,
            &BuildOptions {
                window: Window::Seconds(60),
                discover,
                edges_key: EdgesKey::Edges,
                spill_dir,
                cache: None,
            },
            &mut |s| steps.push(s),
        )
        .unwrap();
        (built, steps)
    }

    /// The document and the index a build writes.
    fn outputs(built: Build) -> (String, Vec<u8>) {
        let document = serde_json::to_string(&built.document).unwrap();
        let mut index = Vec::new();
        built
            .index
            .write(&built.document, &built.catalog, &mut index)
            .unwrap();
        (document, index)
    }

    #[test]
    fn steps_are_reported_in_order_and_discovery_adds_entities() {
        let (plain, steps) = run(false, true, None);
        assert_eq!(
            steps,
            [Step::Read, Step::Extract, Step::Graph, Step::Analytics]
        );
        assert_eq!(
            plain.compiled_alongside.map(|(_, step)| step),
            Some(Step::Read)
        );
        let (found, steps) = run(true, true, None);
        assert_eq!(
            steps,
            [
                Step::Read,
                Step::Discover,
                Step::Extract,
                Step::Graph,
                Step::Analytics
            ]
        );
        assert!(found.catalog.len() > plain.catalog.len());
        assert!(
            found
                .document
                .nodes
                .iter()
                .any(|n| n.tags.iter().any(|t| t == discover::DISCOVERED_TAG))
        );
        assert_eq!(found.records.len(), found.document.episodes.len());
        assert_eq!(found.records.len(), found.corpus.transcripts.len());
        // The index holds every episode of the build.
        let (_, index) = outputs(found);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.bin"), &index).unwrap();
        let index = crate::index::QueryIndex::load(&dir.path().join("index.bin")).unwrap();
        assert_eq!(index.episode_count(), crate::corpus::SAMPLES.len());
    }

    #[test]
    fn a_build_from_outlines_writes_what_a_build_from_whole_transcripts_writes() {
        for discover in [false, true] {
            let (whole, _) = run(discover, false, None);
            assert!(!whole.corpus.transcripts[0].is_outline());
            let spill = tempfile::tempdir().unwrap();
            let (planned, _) = run(discover, true, Some(spill.path().to_owned()));
            assert!(planned.corpus.transcripts[0].is_outline());
            assert_eq!(whole.mention_count, planned.mention_count);
            let (whole, planned) = (outputs(whole), outputs(planned));
            assert_eq!(whole.0, planned.0, "graph document, discovery {discover}");
            assert!(whole.1 == planned.1, "index, discovery {discover}");
        }
    }

    #[test]
    fn an_index_written_where_it_spilled_is_the_index_written_to_a_stream() {
        let (streamed, _) = run(true, true, None);
        let (_, expected) = outputs(streamed);
        let out = tempfile::tempdir().unwrap();
        let files = |dir: &std::path::Path| -> Vec<String> {
            let entries = std::fs::read_dir(dir).unwrap();
            (entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())).collect()
        };
        // In its spill folder the index is finished in place; elsewhere it is copied.
        let other = tempfile::tempdir().unwrap();
        for folder in [out.path(), other.path()] {
            let built = run(true, true, Some(out.path().to_owned())).0;
            let path = folder.join("index.bin");
            (built
                .index
                .write_file(&built.document, &built.catalog, &path))
            .unwrap();
            assert!(
                std::fs::read(&path).unwrap() == expected,
                "{}",
                path.display()
            );
        }
        assert_eq!(files(out.path()), ["index.bin"], "spills left behind");
    }

    #[test]
    fn streamed_batches_are_merged_in_corpus_order_and_errors_end_the_stream() {
        // More than two batches, the last one short: the first two are in hand at once.
        let parse = ParseOptions::default();
        let one = crate::corpus::load_samples(&parse);
        let mut corpus = Corpus::default();
        let total = 2 * BATCH_EPISODES + 7;
        corpus.transcripts = (0..total)
            .map(|n| one.transcripts[n % one.transcripts.len()].clone())
            .collect();
        let records = corpus.records();
        let mut merged = Vec::new();
        stream(
            &corpus,
            &records,
            |n, _, _| Ok(n),
            |n, read, _| {
                assert_eq!(n, read, "reduced with what was read of it");
                Ok(2 * read)
            },
            |reduced| {
                merged.push(reduced);
                Ok::<(), CorpusError>(())
            },
        )
        .unwrap();
        assert_eq!(merged, (0..total).map(|n| 2 * n).collect::<Vec<_>>());
        for failing in [3, BATCH_EPISODES + 1, 2 * BATCH_EPISODES + 2] {
            let err = stream(
                &corpus,
                &records,
                |n, _, _| match n == failing {
                    true => Err(CorpusError::NoFiles {
                        paths: format!("episode {n}"),
                    }),
                    false => Ok(n),
                },
                |_, read, _| Ok(read),
                |_| Ok::<(), CorpusError>(()),
            )
            .unwrap_err();
            assert!(err.to_string().contains(&format!("episode {failing}")));
        }
    }

    #[test]
    fn a_file_that_changes_during_a_build_is_an_error_not_a_wrong_graph() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ep1.txt");
        std::fs::write(&file, "[00:00:01] Speaker: we talked about pytest today\n").unwrap();
        let parse = ParseOptions::default();
        let corpus = crate::corpus::plan(&[dir.path().to_owned()], &parse).unwrap();
        std::fs::write(
            &file,
            "[00:00:01] Speaker: and now it says something else\n",
        )
        .unwrap();
        let err = corpus.reread(&corpus.transcripts[0]).unwrap_err();
        assert!(
            err.to_string().contains("ep1.txt: the file changed"),
            "{err}"
        );
    }
}
