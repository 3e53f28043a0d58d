//! The flags of the commands that read what `podgraph build` saved: `export`, `render`, `site`
//! and the queries. They all find it with one flag, `--graph` ([`GraphArgs`]), which means the
//! same in each: the build's output folder, or one of its two files.

use std::path::PathBuf;

use clap::Args;
use podgraph::catalog::Kind;
use podgraph::export::{self, ColorBy, Part};
use podgraph::index::INDEX_FILE;
use podgraph::render::ImageFormat;

use super::named;

/// Where a built graph is read from: `--graph`, one flag with one meaning in every command that
/// reads what `podgraph build` wrote, whichever of its two files the command needs; so that a
/// path that works with one command works with all.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The output folder of `podgraph build`, or its graph.json or index.bin.
    #[arg(long = "graph", value_name = "PATH", default_value = "output")]
    pub path: PathBuf,
}

/// Which of a build's files a command reads first. A `--graph` file named neither `*.json` nor
/// `*.bin` is taken to be that one, as each command always took it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reads {
    /// The graph document, graph.json (export, render, site).
    Document,
    /// The query index, index.bin (the queries).
    Index,
}

/// The two files of a build, as `--graph` names them.
#[derive(Debug)]
pub struct SavedFiles {
    /// The graph document (graph.json).
    pub document: PathBuf,
    /// The query index (index.bin).
    pub index: PathBuf,
}

impl GraphArgs {
    /// The files of the build `--graph` names: those in the folder named, or the file named and
    /// the other one beside it.
    pub fn files(&self, reads: Reads) -> SavedFiles {
        let path = &self.path;
        let document_name = Part::NodeLink.file_name();
        if path.is_dir() {
            return SavedFiles {
                document: path.join(document_name),
                index: path.join(INDEX_FILE),
            };
        }
        let is_index = match path.extension() {
            Some(e) if e == "json" => false,
            Some(e) if e == "bin" => true,
            _ => reads == Reads::Index,
        };
        if is_index {
            SavedFiles {
                document: path.with_file_name(document_name),
                index: path.clone(),
            }
        } else {
            SavedFiles {
                document: path.clone(),
                index: path.with_file_name(INDEX_FILE),
            }
        }
    }
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
    #[arg(long = "kind", value_name = "KIND", value_parser = named::<Kind>())]
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
    #[arg(long, value_name = "BY", default_value = "kind", value_parser = named::<ColorBy>())]
    pub color_by: ColorBy,
}

/// `podgraph export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to write.
    #[arg(short, long, value_name = "FORMAT", value_parser = named::<export::Format>())]
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
    /// Image format [default: -o's extension, else svg].
    #[arg(short, long, value_name = "FORMAT", value_parser = named::<ImageFormat>())]
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

/// Where the saved index is and how to print, shared by the query commands.
#[derive(Debug, Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub graph: GraphArgs,

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
    #[arg(long, value_name = "KIND", value_parser = named::<Kind>())]
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
    #[command(flatten)]
    pub graph: GraphArgs,

    /// Folder to write index.html to [default: site/ beside the graph].
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(path: PathBuf, reads: Reads) -> (PathBuf, PathBuf) {
        let files = GraphArgs { path }.files(reads);
        (files.document, files.index)
    }

    #[test]
    fn graph_names_a_folder_or_either_file_for_every_command() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().to_path_buf();
        let both = (out.join("graph.json"), out.join("index.bin"));
        for reads in [Reads::Document, Reads::Index] {
            assert_eq!(files(out.clone(), reads), both);
            assert_eq!(files(out.join("graph.json"), reads), both);
            assert_eq!(files(out.join("index.bin"), reads), both);
            let copy = out.join("copy.json");
            assert_eq!(files(copy.clone(), reads), (copy, both.1.clone()));
        }
        // A file of another name is the one the command reads, with the other beside it.
        let other = out.join("saved.dat");
        assert_eq!(
            files(other.clone(), Reads::Document),
            (other.clone(), both.1.clone())
        );
        assert_eq!(files(other.clone(), Reads::Index), (both.0, other));
    }
}
