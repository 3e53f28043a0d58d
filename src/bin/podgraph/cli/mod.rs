//! Command-line flags: parsed by clap, then handed to the commands as they are.
//!
//! This file holds the command line itself (the subcommands and their help); the flags of the
//! commands that read transcripts are in [`transcripts`], those of the commands that read a
//! built graph, `--graph` among them, in [`saved`].

mod saved;
mod transcripts;

use std::ffi::OsStr;
use std::marker::PhantomData;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use podgraph::named::Named;

pub use saved::{
    EntityArgs, EpisodesArgs, ExportArgs, FilterArgs, GraphArgs, NeighborsArgs, PathArgs, Reads,
    RenderArgs, SiteArgs, TopArgs,
};
pub use transcripts::{
    BuildArgs, BuildFlags, CatalogArgs, DiscoverArgs, EvaluateArgs, ExportChoice, InspectArgs,
    MentionsArgs, MergeArgs, ReadArgs,
};

use crate::output::ColorChoice;

const EXAMPLES: &str = "\
Examples:
  podgraph build                              read data/transcripts, write output/
  podgraph build ~/podcasts/python-bytes -o out/
  podgraph inspect data/transcripts/*.txt     format, metadata and segments of each file
  podgraph inspect --json episode.vtt | jq .
  podgraph render                             output/graph.svg of the saved graph
  podgraph export --format graphml -o graph.graphml

Exit status: 0 success, 1 nothing found, 2 error, 130 interrupted.";

/// Turn podcast transcripts into a knowledge graph of the people, packages and ideas they mention.
#[derive(Debug, Parser)]
#[command(name = "podgraph", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    /// Print no warnings, only errors (build still ends with its one-line summary).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// List every warning, skipped file and merged copy, not one summary line per kind.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// When to colour the output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb),
    /// always or never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

impl Command {
    /// The worker threads the command was asked to read files with, if it reads files.
    pub fn threads(&self) -> Option<usize> {
        match self {
            Command::Build(a) => a.read.threads,
            Command::Merge(a) => a.read.threads,
            Command::Discover(a) => a.read.threads,
            Command::Inspect(a) => a.read.threads,
            Command::Mentions(a) => a.read.threads,
            _ => None,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the pipeline on transcripts and write the results to an output folder.
    #[command(after_help = "\
Examples:
  podgraph build
  podgraph build data/transcripts ../shared/corpus/python-bytes/transcripts --out output/

Writes OUT/graph.json, the co-mention graph in networkx node-link form with an episodes array
(see docs/graph-json.md), OUT/graph.dot (Graphviz), and OUT/episodes.json: every episode with
its metadata (and where each field was read from), format, segment count, speakers and the
entities it mentions. --export adds other formats of the whole graph. Files that cannot be read
are skipped with a warning.")]
    Build(BuildArgs),

    /// Combine builds of disjoint sets of files (shards) into what one build over all of them
    /// writes.
    #[command(after_help = "\
Examples:
  podgraph build archive/show-a --out shards/a
  podgraph build archive/show-b --out shards/b
  podgraph merge shards/a shards/b --out all/

Each shard's cache (SHARD/.podgraph-cache/, written by every build) holds what its build learnt
of each file: outlines, discovery's counts and the mentions found. The merge reads the shards'
inputs again only to hash them, takes everything else from the caches, decides discovered
entities from the whole corpus as one build does, and extracts again only the episodes where an
entity that differs from a shard's could be said. Give the merge the flags the shards were built
with (catalog, window, parsing); a shard built otherwise is an error. The shards' transcripts
must be where their builds read them: paths are kept as each build was given them, so run the
merge from the folder the builds ran in (or give the builds absolute paths). See
docs/performance.md for running shard builds with GNU parallel or as a Kubernetes indexed Job.")]
    Merge(MergeArgs),

    /// List the people and names the transcripts introduce that the catalog lacks, as a
    /// catalog file to review.
    #[command(after_help = "\
Examples:
  podgraph discover ../shared/corpus/changelog/podcast -o candidates.toml
  podgraph build ../shared/corpus/changelog/podcast --catalog candidates.toml --no-discover
  podgraph discover my-show/ --min-episodes 3 --json | jq '.candidates[:10]'

Speakers become people (tagged host or guest); recurring capitalised names said inside
sentences, names after cues (\"my guest today is\", \"a library called\", \"pip install\") and
names in episode titles become candidates, each with its evidence as comments: how often and in
how many episodes it was said, the rules that found it, the package registry listing it, a
confidence and snippets. Edit the file (delete what is wrong, fix kinds and spellings) and pass
it back with --catalog. `build` adds the candidates of confidence 0.7 or more by itself, tagged
discovered, unless given --no-discover. Exit status 1 when nothing is found.")]
    Discover(DiscoverArgs),

    /// Write the saved graph in another format: JSON, Cytoscape.js, GraphML, GEXF, CSV or DOT.
    #[command(after_help = "\
Examples:
  podgraph export --format graphml -o corpus.graphml          for Gephi, yEd, igraph
  podgraph export --format gexf --top 300 -o corpus.gexf
  podgraph export --format csv -o tables/                     tables/nodes.csv, tables/edges.csv
  podgraph export --format cytoscape --ego pytest --depth 1 | jq .
  podgraph export --format json --links                       node-link with \"links\" (D3)

Reads OUT/graph.json from `podgraph build` (see --graph). Without -o the file goes to standard
output (csv writes two files, so it needs -o FOLDER). Node analytics (pagerank, betweenness,
community) are those of the whole graph, whatever the filters keep.")]
    Export(ExportArgs),

    /// Draw the saved graph as SVG, PNG or PDF with Graphviz.
    #[command(after_help = "\
Examples:
  podgraph render                                 output/graph.svg: top 100 entities, no hosts
  podgraph render --format png -o graph.png
  podgraph render --color-by community --top 60
  podgraph render --ego asyncio --depth 1 --all
  podgraph render --layout sfdp --all --top 0     everything (slow to look at)

Unless --all is given, render keeps the 100 most mentioned entities, hides the hosts, keeps each
entity's 4 most associated co-mentions (by NPMI) and leaves out entities with no co-mention left;
filter flags change those defaults (--links-per-node 0 keeps every co-mention). The layout engine
is neato up to 150 nodes and sfdp above. Needs Graphviz (`apt-get install graphviz`).")]
    Render(RenderArgs),

    /// List the mentions of catalog entities in episodes, with timestamps and snippets.
    #[command(after_help = "\
Examples:
  podgraph mentions data/transcripts/003_31e6d50ffed77a72.txt
  podgraph mentions python-bytes-29 --entity bokeh
  podgraph mentions 12 --json
  podgraph mentions 197 --transcripts ../shared/corpus/python-bytes/transcripts

An EPISODE is a transcript file, a folder of transcripts (every episode in it), or an episode id
(python-bytes-29) or number (29) among the transcripts read from --transcripts. Exit status 1 if
nothing was found.")]
    Mentions(MentionsArgs),

    /// Measure extraction against hand-annotated episodes: precision and recall per kind.
    #[command(after_help = "\
Examples:
  podgraph evaluate tests/fixtures/annotations --transcripts ../shared/corpus/python-bytes/transcripts
  podgraph evaluate tests/fixtures/annotations --transcripts DIR --catalog mine.toml --json

See tests/fixtures/annotations/README.md for the annotation format.")]
    Evaluate(EvaluateArgs),

    /// Write an interactive page to explore the graph in a browser, offline.
    #[command(after_help = "\
Examples:
  podgraph site                      output/site/index.html from output/
  podgraph site --out ~/pb-site      then open ~/pb-site/index.html in a browser
  podgraph build --site              build, then write output/site/

One self-contained file: the graph (Cytoscape.js, embedded), search with alias-aware
autocomplete, filters, and a panel with each entity's episodes, timestamps and snippets.
Shift-click a second entity for the episodes that mention both.")]
    Site(SiteArgs),

    /// Which episodes mention these entities (all of them, any, or a boolean expression).
    #[command(after_help = "\
Examples:
  podgraph episodes pytest asyncio                 episodes that mention both
  podgraph episodes bokeh flask --any              either
  podgraph episodes \"pytest AND (asyncio OR trio) AND NOT django\"
  podgraph episodes bokeh flask --window 60        within a minute of each other
  podgraph episodes \"Guido van Rossum\" --json | jq '.episodes[].number'

Names are entity ids, display names or aliases, in any case. An expression has AND, OR, NOT
(capitals; also &, |, !) and parentheses; names of several words need no quotes inside it.
Reads the index saved by `podgraph build` (see --graph). Exit status 1 if no episode matches.")]
    Episodes(EpisodesArgs),

    /// The entities most associated with one: by shared windows or by NPMI.
    #[command(after_help = "\
Examples:
  podgraph neighbors pytest
  podgraph neighbors asyncio --by npmi --top 20
  podgraph neighbors \"Guido van Rossum\" --json

--by npmi ranks by normalised pointwise mutual information (how much more often than chance the
two are mentioned together), which discounts what is mentioned everywhere; it only counts pairs
sharing at least 3 windows unless --min-weight says otherwise.")]
    Neighbors(NeighborsArgs),

    /// The shortest chain of co-mentions linking two entities, with the episodes of each hop.
    #[command(after_help = "\
Examples:
  podgraph path bokeh asyncio
  podgraph path \"David Beazley\" \"Guido van Rossum\" --through-hosts

Among the chains with the fewest hops, the one whose co-mentions share the most windows is shown.
The hosts (entities tagged host) and hubs (entities co-mentioned with over a quarter of all, such
as \"Python\" in a Python show) co-occur with everything, so chains avoid them unless
--through-hosts or --through-hubs is given. Exit status 1 if the two are not connected.")]
    Path(PathArgs),

    /// The most mentioned entities.
    #[command(after_help = "\
Examples:
  podgraph top
  podgraph top --kind person --count 20
  podgraph top --kind package --json")]
    Top(TopArgs),

    /// An entity's profile: aliases, kind, mentions, episodes over time, top neighbours.
    #[command(after_help = "\
Examples:
  podgraph entity pytest
  podgraph entity \"brian okken\" --json")]
    Entity(EntityArgs),

    /// How often each episode mentions an entity, in episode order.
    #[command(after_help = "\
Examples:
  podgraph timeline asyncio
  podgraph timeline uv --json")]
    Timeline(EntityArgs),

    /// Print a shell completion script for podgraph.
    #[command(after_help = "\
Examples:
  podgraph completions bash > ~/.local/share/bash-completion/completions/podgraph
  podgraph completions zsh > ~/.zfunc/_podgraph
  podgraph completions fish > ~/.config/fish/completions/podgraph.fish")]
    Completions(CompletionsArgs),

    /// Print podgraph's manual page, or one command's (roff).
    #[command(after_help = "\
Examples:
  podgraph man > ~/.local/share/man/man1/podgraph.1
  podgraph man build > ~/.local/share/man/man1/podgraph-build.1
  podgraph man | man -l -")]
    Man(ManArgs),

    /// Show the detected format, metadata and segments of transcript files.
    #[command(after_help = "\
Examples:
  podgraph inspect data/transcripts/000_af490fa7dafbb02c.txt
  podgraph inspect --segments 5 episode.vtt
  podgraph inspect --json data/transcripts/*.txt")]
    Inspect(InspectArgs),
}

/// `podgraph completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_name = "SHELL", ignore_case = true)]
    pub shell: clap_complete::Shell,
}

/// `podgraph man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print [default: podgraph's own].
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// Parses a library enum typed by name ([`Named`]): a typo gets the library's message, which
/// names every value, and `--help`, the manual and shell completions list the values.
#[derive(Clone, Debug)]
pub struct NamedParser<T>(PhantomData<T>);

/// The value parser of a [`Named`] enum: `#[arg(value_parser = named::<Kind>())]`.
pub fn named<T>() -> NamedParser<T> {
    NamedParser(PhantomData)
}

impl<T: Named + Clone + Send + Sync> TypedValueParser for NamedParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        (|name: &str| T::from_name(name)).parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            T::VALUES.iter().map(|v| PossibleValue::new(v.name())),
        ))
    }
}
