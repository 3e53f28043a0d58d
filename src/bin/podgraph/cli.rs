//! Command-line flags: parsed by clap, then handed to the commands as they are.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use podgraph::catalog::Kind;
use podgraph::export::{self, ColorBy};
use podgraph::graph::Window;
use podgraph::render::ImageFormat;
use podgraph::transcript::Format;

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

/// How to read transcripts, shared by the commands that read them.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Read every file as this format instead of detecting it.
    #[arg(long = "input-format", alias = "format", value_name = "FORMAT")]
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

    /// Only mentions of this entity (id, name or alias); repeatable.
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

/// Where the saved graph is, shared by the commands that read it.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The graph.json written by `podgraph build`, or the folder holding it.
    #[arg(long = "graph", value_name = "PATH", default_value = "output")]
    pub graph: PathBuf,
}

/// Which part of the graph to keep, shared by export and render.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Keep only the N most mentioned entities (0 for all); with --ego, the centre and its N - 1
    /// most associated neighbours [default with --ego: 30].
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// Keep only co-mentions shared by at least N windows.
    #[arg(long, value_name = "N")]
    pub min_weight: Option<usize>,

    /// Keep only entities of this kind; repeatable.
    #[arg(long = "kind", value_name = "KIND")]
    pub kinds: Vec<Kind>,

    /// Leave out this entity (id, name or alias); repeatable.
    #[arg(long = "drop", value_name = "ENTITY")]
    pub drop: Vec<String>,

    /// Keep only each entity's N most associated co-mentions (by NPMI), so clusters show.
    #[arg(long, value_name = "N")]
    pub links_per_node: Option<usize>,

    /// Leave out the shows' hosts (entities tagged "host").
    #[arg(long)]
    pub hide_hosts: bool,

    /// Leave out sponsors (entities tagged "sponsor").
    #[arg(long)]
    pub hide_sponsors: bool,

    /// Keep only the entities within --depth co-mentions of this one.
    #[arg(long, value_name = "ENTITY")]
    pub ego: Option<String>,

    /// How many co-mention steps --ego reaches.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "ego")]
    pub depth: usize,

    /// Colour nodes by kind or by community (topic cluster).
    #[arg(long, value_name = "BY", default_value = "kind")]
    pub color_by: ColorBy,
}

/// `podgraph export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to write: json, cytoscape, graphml, gexf, csv or dot.
    #[arg(short, long, value_name = "FORMAT")]
    pub format: export::Format,

    /// Where to write (a file; a folder for csv) [default: standard output].
    #[arg(short, long, value_name = "PATH")]
    pub out: Option<PathBuf>,

    /// In json, name the edge list "links" (D3, networkx before 3.6) instead of "edges".
    #[arg(long)]
    pub links: bool,

    #[command(flatten)]
    pub graph: GraphArgs,

    #[command(flatten)]
    pub filter: FilterArgs,
}

/// `podgraph render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Image format: svg, png or pdf [default: -o's extension, else svg].
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<ImageFormat>,

    /// Graphviz layout engine: dot, sfdp, neato or fdp [default: neato up to 150 nodes, sfdp above].
    #[arg(long, value_name = "ENGINE", value_parser = clap::builder::PossibleValuesParser::new(podgraph::render::LAYOUTS))]
    pub layout: Option<String>,

    /// Where to write the image ("-" for standard output) [default: graph.FORMAT beside the graph].
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Stop Graphviz after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub timeout: u64,

    /// Draw the whole graph: no default filters (explicit filter flags still apply).
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub graph: GraphArgs,

    #[command(flatten)]
    pub filter: FilterArgs,
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

/// Where the saved index is and how to print, shared by the query commands.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The output folder of `podgraph build`, or its index.bin or graph.json.
    #[arg(long = "graph", value_name = "PATH", default_value = "output")]
    pub graph: PathBuf,

    /// Print JSON instead of text (see docs/queries.md).
    #[arg(long)]
    pub json: bool,
}

/// `podgraph episodes`.
#[derive(Debug, Args)]
pub struct EpisodesArgs {
    /// Entity names, or one boolean expression.
    #[arg(value_name = "ENTITY", required = true)]
    pub terms: Vec<String>,

    /// Episodes that mention any of the entities, not all.
    #[arg(long, conflicts_with = "all")]
    pub any: bool,

    /// Episodes that mention all of the entities (the default).
    #[arg(long)]
    pub all: bool,

    /// Only mentions close together: in the same segment, or within N seconds of each other.
    #[arg(long, value_name = "WINDOW", default_value = "episode")]
    pub window: podgraph::query::Proximity,

    /// Show at most N mentions of each entity per episode in text output (0: none; JSON has all).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_mentions: usize,

    #[command(flatten)]
    pub query: QueryArgs,
}

/// `podgraph neighbors`.
#[derive(Debug, Args)]
pub struct NeighborsArgs {
    /// The entity.
    #[arg(value_name = "ENTITY")]
    pub entity: String,

    /// How many to list.
    #[arg(
        short = 'n',
        long = "count",
        alias = "top",
        value_name = "N",
        default_value_t = 10
    )]
    pub count: usize,

    /// Leave out sponsors (entities tagged "sponsor").
    #[arg(long)]
    pub hide_sponsors: bool,

    /// Rank by shared windows (weight) or by association (npmi).
    #[arg(long, value_name = "BY", default_value = "weight", value_parser = ["weight", "npmi"], ignore_case = true)]
    pub by: String,

    /// Only pairs sharing at least N windows [default: 1, or 3 with --by npmi].
    #[arg(long, value_name = "N")]
    pub min_weight: Option<u32>,

    #[command(flatten)]
    pub query: QueryArgs,
}

/// `podgraph path`.
#[derive(Debug, Args)]
pub struct PathArgs {
    /// Where the chain starts.
    #[arg(value_name = "FROM")]
    pub from: String,

    /// Where it ends.
    #[arg(value_name = "TO")]
    pub to: String,

    /// Let the chain pass through the hosts.
    #[arg(long)]
    pub through_hosts: bool,

    /// Let the chain pass through hubs: entities co-mentioned with over a quarter of all
    /// (in a Python show, "Python").
    #[arg(long)]
    pub through_hubs: bool,

    /// Leave out sponsors (entities tagged "sponsor").
    #[arg(long)]
    pub hide_sponsors: bool,

    #[command(flatten)]
    pub query: QueryArgs,
}

/// `podgraph top`.
#[derive(Debug, Args)]
pub struct TopArgs {
    /// Only entities of this kind.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<Kind>,

    /// How many to list (0 for all).
    #[arg(short = 'n', long, value_name = "N", default_value_t = 20)]
    pub count: usize,

    /// Leave out sponsors (entities tagged "sponsor").
    #[arg(long)]
    pub hide_sponsors: bool,

    #[command(flatten)]
    pub query: QueryArgs,
}

/// `podgraph entity` and `podgraph timeline`.
#[derive(Debug, Args)]
pub struct EntityArgs {
    /// The entity: id, name or alias.
    #[arg(value_name = "ENTITY")]
    pub entity: String,

    #[command(flatten)]
    pub query: QueryArgs,
}

/// `podgraph site`.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The output folder of `podgraph build` (or its graph.json).
    #[arg(long = "graph", value_name = "PATH", default_value = "output")]
    pub graph: PathBuf,

    /// Folder to write index.html to [default: site/ beside the graph].
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}
