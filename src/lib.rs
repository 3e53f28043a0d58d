//! podgraph turns podcast transcripts into a knowledge graph of the people, packages, software,
//! organisations and concepts they mention.
//!
//! The library is laid out as the pipeline it implements:
//!
//! 1. [`transcript`]: one file → a [`Transcript`](transcript::Transcript) of timed, attributed
//!    segments, whatever the file's format;
//! 2. [`corpus`]: many files → one transcript per episode, read in parallel, with bad files
//!    skipped and reported and duplicate episodes merged;
//! 3. [`catalog`]: the entities to look for, loaded from TOML/JSON files and validated;
//! 4. [`extract`]: the mentions of those entities in each transcript, judged in context;
//! 5. [`graph`]: mentions → a petgraph graph of co-mentions, weighted by shared windows and NPMI;
//! 6. [`analytics`]: weighted degree, PageRank, betweenness and communities of every node;
//! 7. [`export`]: the graph as `graph.json` (networkx node-link, what later commands read), and
//!    as Cytoscape.js JSON, GraphML, GEXF, CSV and Graphviz DOT, optionally filtered;
//! 8. [`render`]: DOT drawn as SVG, PNG or PDF by Graphviz;
//! 9. [`index`] and [`query`]: what queries read, and the queries; [`site`]: the graph as an
//!    interactive page.
//!
//! [`discover`] finds what the catalog lacks — the people who speak, and names the speech
//! introduces — and adds it to the catalog before extraction.
//!
//! [`evaluate`] measures extraction against hand-annotated episodes; [`atomic`] writes output
//! files so that a failed or interrupted run never leaves a half-written file where a good one
//! was.
//! [`feed`] reads a show's saved RSS feed, to tell which episode a transcript file holds.

pub mod analytics;
pub mod atomic;
pub mod cache;
pub mod catalog;
pub mod corpus;
pub mod discover;
pub mod evaluate;
pub mod export;
pub mod extract;
pub mod feed;
pub mod graph;
pub mod index;
pub mod interrupt;
pub mod named;
pub mod pipeline;
pub mod query;
pub mod render;
pub mod site;
pub mod transcript;
mod traverse;
