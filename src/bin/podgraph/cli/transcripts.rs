//! The flags of the commands that read transcripts: `build`, `discover`, `inspect`, `mentions`
//! and `evaluate`, and the groups of flags they share (how to read files, which catalog).

use std::path::PathBuf;

use clap::Args;
use podgraph::export;
use podgraph::graph::Window;
use podgraph::transcript::Format;

use super::named;

/// How to read transcripts, shared by the commands that read them.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Read every file as this format instead of detecting it.
    #[arg(long = "input-format", alias = "format", value_name = "FORMAT", value_parser = named::<Format>())]
    pub format: Option<Format>,

    /// Worker threads for reading files (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// The show every file belongs to, overriding what the files say.
    #[arg(long, value_name = "NAME")]
    pub show: Option<String>,

    /// The show's RSS feed, saved as a file: its items give the show, number, title and date of
    /// the transcripts they name (by transcript URL, episode number or title).
    #[arg(long, value_name = "FEED.xml")]
    pub feed: Option<PathBuf>,
}

/// Which catalog to use, shared by the commands that extract entities.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// Add the entities of this catalog file (.toml or .json); repeatable. Later files replace
    /// entities with the same id.
    #[arg(long = "catalog", value_name = "FILE")]
    pub catalogs: Vec<PathBuf>,

    /// Do not load the built-in catalog (use only --catalog files).
    #[arg(long)]
    pub no_default_catalog: bool,
}

/// `podgraph mentions`.
#[derive(Debug, Args)]
pub struct MentionsArgs {
    /// Transcript files or folders, episode ids or episode numbers.
    #[arg(value_name = "EPISODE", required = true)]
    pub episodes: Vec<String>,

    /// Only mentions of this entity (id, name or alias; `kind:name` for one kind); repeatable.
    #[arg(short, long = "entity", value_name = "ENTITY")]
    pub entities: Vec<String>,

    /// Where episode ids and numbers are looked up (files or folders; repeatable)
    /// [default: data/transcripts, or the built-in samples].
    #[arg(long = "transcripts", value_name = "PATH")]
    pub transcripts: Vec<PathBuf>,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub catalog: CatalogArgs,

    #[command(flatten)]
    pub read: ReadArgs,
}

/// `podgraph evaluate`.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Folder of annotation files (*.toml).
    #[arg(value_name = "DIR")]
    pub annotations: PathBuf,

    /// Folder holding the annotated transcripts.
    #[arg(long, value_name = "DIR")]
    pub transcripts: PathBuf,

    /// Also judge labelled occurrences of ambiguous words (see tests/fixtures/ambiguous).
    #[arg(long, value_name = "FILE")]
    pub words: Option<PathBuf>,

    /// Count ambiguous names without evidence, to measure what the evidence rules are worth.
    #[arg(long)]
    pub without_evidence_rules: bool,

    /// First add what discovery finds in the --transcripts folder, as build does.
    #[arg(long)]
    pub discover: bool,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub catalog: CatalogArgs,
}

/// `podgraph build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Transcript files or folders (searched recursively for .txt, .vtt, .srt, .json)
    /// [default: data/transcripts, or the built-in samples where that folder does not exist].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub run: BuildFlags,
}

/// `podgraph merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output folders of `podgraph build` over disjoint sets of files (each keeps its cache in
    /// DIR/.podgraph-cache/).
    #[arg(value_name = "SHARD", required = true)]
    pub shards: Vec<PathBuf>,

    #[command(flatten)]
    pub run: BuildFlags,
}

/// `build` and `merge` take the same flags (the build's settings) and differ only in their
/// inputs; the flags are reached through either by `Deref`.
impl std::ops::Deref for BuildArgs {
    type Target = BuildFlags;

    fn deref(&self) -> &BuildFlags {
        &self.run
    }
}

impl std::ops::Deref for MergeArgs {
    type Target = BuildFlags;

    fn deref(&self) -> &BuildFlags {
        &self.run
    }
}

/// What a build writes, and how: the flags of `build` and `merge`.
#[derive(Debug, Args)]
pub struct BuildFlags {
    /// Folder to write results to.
    #[arg(short, long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,

    /// Print a summary of the build as JSON on standard output.
    #[arg(long)]
    pub json: bool,

    /// What counts as mentioned together: episode, segment, or a number of seconds.
    #[arg(long, value_name = "WINDOW", default_value = "60")]
    pub window: Window,

    /// Name the edge list "links" (D3, networkx before 3.6) instead of "edges" in graph.json.
    #[arg(long)]
    pub links: bool,

    /// Also write the interactive site to OUT/site/ (see `podgraph site`).
    #[arg(long)]
    pub site: bool,

    /// Print how long each phase took on standard error.
    #[arg(long)]
    pub timings: bool,

    /// Also write these formats of the whole graph (comma-separated, or "all"): json, cytoscape,
    /// graphml, gexf, csv, dot.
    #[arg(long, value_name = "FORMATS", value_delimiter = ',', default_value = "json,dot", value_parser = parse_export_format)]
    pub export: Vec<ExportChoice>,

    /// Do not add entities discovered in the transcripts (speakers, names the catalog lacks).
    #[arg(long)]
    pub no_discover: bool,

    /// Neither read nor write the cache in OUT/.podgraph-cache/ (what was learnt of each file,
    /// so that the next build reads only the files that changed).
    #[arg(long)]
    pub no_cache: bool,

    #[command(flatten)]
    pub catalog: CatalogArgs,

    #[command(flatten)]
    pub read: ReadArgs,
}

/// `podgraph discover`.
#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// Transcript files or folders [default: data/transcripts, or the built-in samples].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write the candidates as a catalog file here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// A name must be said in at least this many episodes (a cue or a title counts alone).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub min_episodes: usize,

    /// List candidates at least this confident (0 to 1); build adds those of 0.7 and more.
    #[arg(long, value_name = "X", default_value_t = 0.5)]
    pub min_confidence: f64,

    /// Print the speakers and candidates, with their evidence, as JSON.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub catalog: CatalogArgs,

    #[command(flatten)]
    pub read: ReadArgs,
}

/// A value of `build --export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportChoice {
    /// One format.
    One(export::Format),
    /// Every format.
    All,
}

fn parse_export_format(s: &str) -> Result<ExportChoice, String> {
    if s == "all" {
        Ok(ExportChoice::All)
    } else {
        s.parse().map(ExportChoice::One)
    }
}

/// `podgraph inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Transcript files to inspect.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Also list the first N segments of each file (0 for all).
    #[arg(long, value_name = "N")]
    pub segments: Option<usize>,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub read: ReadArgs,
}
