//! The build pipeline as one call: read the transcripts, extend the catalog with what discovery
//! finds, extract mentions, build the co-mention graph and its analytics, and lay it out as the
//! [`GraphDocument`] every output is written from.
//!
//! `podgraph build`, the benchmarks and the tests run this same composition, so what is measured
//! and tested is what users run. Writing files stays with the caller: the pipeline returns the
//! [`Build`], and [`Build::index`] makes the query index from it.
//!
//! Cost: reading and extraction are parallel across files and linear in the text; discovery is one
//! more pass over the text; the graph is `O(M log M)` in the mentions; analytics are those of
//! [`crate::analytics`]. Without discovery, compiling the matcher (single-threaded, and the
//! longest step for a large catalog) runs alongside reading the files; with it, it must wait for
//! the discovered entities.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::catalog::{Catalog, CatalogError, EntityId};
use crate::corpus::{Corpus, CorpusError, EpisodeRecord};
use crate::discover;
use crate::export::{EdgesKey, GraphDocument};
use crate::extract::{self, ExtractError, Extractor, Mention};
use crate::graph::{CoMentionGraph, EpisodeMentions, Window};
use crate::index::{EpisodeInput, QueryIndex};

/// A step of the pipeline, reported as it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Reading and parsing the transcripts (with discovery off, compiling the matcher too).
    Read,
    /// Discovering speakers and names the catalog lacks.
    Discover,
    /// Compiling the matcher for the extended catalog.
    Compile,
    /// Finding the mentions in every episode.
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
            Step::Compile => "compiling the matcher",
            Step::Extract => "finding mentions",
            Step::Graph => "building the co-mention graph",
            Step::Analytics => "computing the analytics",
        }
    }
}

/// How to build.
#[derive(Clone, Copy, Debug)]
pub struct BuildOptions {
    /// What counts as "together".
    pub window: Window,
    /// Add what discovery finds to the catalog ([`crate::discover`]).
    pub discover: bool,
    /// Name the edge list `edges` or `links` in the document.
    pub edges_key: EdgesKey,
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
}

/// What a build found: everything the outputs are written from.
pub struct Build {
    /// The catalog used: the base one, with what discovery added.
    pub catalog: Catalog,
    /// The episodes read, with what was skipped and merged.
    pub corpus: Corpus,
    /// Each episode's mentions, in corpus order.
    pub mentions: Vec<Vec<Mention>>,
    /// Each episode's mentions counted by entity.
    pub counts: Vec<Vec<(EntityId, usize)>>,
    /// Each episode's metadata record.
    pub records: Vec<EpisodeRecord>,
    /// The graph, its analytics and the episodes, as `graph.json` holds them.
    pub document: GraphDocument,
    /// How long compiling the matcher took, when it ran alongside reading.
    pub compile_alongside_reading: Option<Duration>,
}

/// Runs the pipeline on the corpus `read` returns, with the catalog `base`; `step` hears of each
/// step as it starts.
pub fn build(
    base: Catalog,
    read: impl FnOnce() -> Result<Corpus, CorpusError> + Send,
    options: BuildOptions,
    step: &mut dyn FnMut(Step),
) -> Result<Build, BuildError> {
    step(Step::Read);
    let catalog: Catalog;
    let corpus: Corpus;
    let extractor: Extractor<'_>;
    let mut compile_alongside_reading = None;
    if options.discover {
        corpus = read()?;
        step(Step::Discover);
        let records = corpus.records();
        let inputs = discover::EpisodeInput::from_corpus(&corpus.transcripts, &records);
        let discover_options = discover::DiscoverOptions::default();
        let found = discover::discover(&base, &inputs, &discover_options);
        catalog = found.extend(base, discover_options.min_confidence)?;
        step(Step::Compile);
        extractor = Extractor::new(&catalog)?;
    } else {
        catalog = base;
        // Compiling is single-threaded (seconds for a huge catalog): do it while the other
        // workers read and parse the transcripts.
        let ((compiled, took), loaded) = rayon::join(
            || {
                let start = Instant::now();
                (Extractor::new(&catalog), start.elapsed())
            },
            read,
        );
        (extractor, corpus) = (compiled?, loaded?);
        compile_alongside_reading = Some(took);
    }
    step(Step::Extract);
    let mentions: Vec<Vec<Mention>> = corpus
        .transcripts
        .par_iter()
        .map(|t| extractor.extract(t))
        .collect();
    drop(extractor);
    step(Step::Graph);
    let counts: Vec<Vec<(EntityId, usize)>> = mentions
        .iter()
        .map(|m| extract::count_by_entity(m))
        .collect();
    let records = corpus.records();
    let graph = CoMentionGraph::build(
        &catalog,
        &records
            .iter()
            .zip(&corpus.transcripts)
            .zip(&mentions)
            .map(|((record, transcript), mentions)| EpisodeMentions {
                id: record.id.clone(),
                transcript,
                mentions,
            })
            .collect::<Vec<_>>(),
        options.window,
    );
    step(Step::Analytics);
    let document =
        GraphDocument::from_graph(&graph, &catalog, &records, &counts, options.edges_key);
    Ok(Build {
        catalog,
        corpus,
        mentions,
        counts,
        records,
        document,
        compile_alongside_reading,
    })
}

impl Build {
    /// The query index of this build (`index.bin`).
    pub fn index(&self) -> QueryIndex {
        let inputs: Vec<EpisodeInput<'_>> = self
            .corpus
            .transcripts
            .iter()
            .zip(&self.mentions)
            .map(|(transcript, mentions)| EpisodeInput {
                transcript,
                mentions,
            })
            .collect();
        QueryIndex::build(&self.document, &self.catalog, &inputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::ParseOptions;

    fn run(discover: bool) -> (Build, Vec<Step>) {
        let mut steps = Vec::new();
        let built = build(
            Catalog::load(true, &[]).unwrap(),
            || Ok(crate::corpus::load_samples(&ParseOptions::default())),
            BuildOptions {
                window: Window::Seconds(60),
                discover,
                edges_key: EdgesKey::Edges,
            },
            &mut |s| steps.push(s),
        )
        .unwrap();
        (built, steps)
    }

    #[test]
    fn steps_are_reported_in_order_and_discovery_adds_entities() {
        let (plain, steps) = run(false);
        assert_eq!(
            steps,
            [Step::Read, Step::Extract, Step::Graph, Step::Analytics]
        );
        assert!(plain.compile_alongside_reading.is_some());
        let (found, steps) = run(true);
        assert_eq!(
            steps,
            [
                Step::Read,
                Step::Discover,
                Step::Compile,
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
        // The index holds every episode of the build.
        assert_eq!(found.index().episodes.len(), found.corpus.transcripts.len());
        assert_eq!(found.records.len(), found.mentions.len());
    }
}
