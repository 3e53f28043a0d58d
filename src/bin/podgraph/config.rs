//! The flags turned into the library's options, and checked: how to read transcripts, which
//! catalog, which export formats, which part of the graph to keep, what image to draw where.
//! Separate from [`crate::cli`], which only declares the flags, and from the commands, which
//! only call the library with what this gives them and print.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use podgraph::catalog::{Catalog, CatalogToStore};
use podgraph::export::{self, Filter, GraphDocument};
use podgraph::render::ImageFormat;
use podgraph::transcript::ParseOptions;

use crate::cli::{CatalogArgs, ExportChoice, FilterArgs, ReadArgs, RenderArgs};
use crate::output::sanitize;

/// How to read transcripts (`--input-format`, `--show`, `--feed`).
pub fn parse_options(read: &ReadArgs) -> Result<ParseOptions> {
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

/// The catalog `--catalog` and `--no-default-catalog` ask for.
pub fn load_catalog(args: &CatalogArgs) -> Result<Catalog> {
    check_catalog_args(args)?;
    Ok(Catalog::load(!args.no_default_catalog, &args.catalogs)?)
}

/// [`load_catalog`], through the catalog a build stored in the first of `caches` that has it,
/// with what to store once the build is done if it had to be parsed ([`Catalog::load_stored`]).
pub fn load_catalog_stored(
    args: &CatalogArgs,
    caches: &[&Path],
) -> Result<(Catalog, Option<CatalogToStore>)> {
    check_catalog_args(args)?;
    Ok(Catalog::load_stored(
        !args.no_default_catalog,
        &args.catalogs,
        caches,
    )?)
}

fn check_catalog_args(args: &CatalogArgs) -> Result<()> {
    if args.no_default_catalog && args.catalogs.is_empty() {
        anyhow::bail!("--no-default-catalog needs at least one --catalog FILE");
    }
    Ok(())
}

/// The formats `build --export` asks for, besides the graph.json every build writes, each once.
pub fn export_formats(choices: &[ExportChoice]) -> Vec<export::Format> {
    let mut formats: Vec<export::Format> = vec![export::Format::Json];
    for choice in choices {
        match choice {
            ExportChoice::All => formats.extend(export::Format::ALL),
            ExportChoice::One(format) => formats.push(*format),
        }
    }
    formats.sort_unstable();
    formats.dedup();
    formats
}

/// What `render` keeps unless told `--all`: few enough nodes to read every label...
const RENDER_TOP: usize = 100;
/// ... and few enough edges per node to see clusters rather than a hairball.
const RENDER_LINKS_PER_NODE: usize = 4;

/// How many entities an ego graph keeps unless told `--top`: the centre and its 29 most
/// associated neighbours, as many labels as a picture shows legibly.
const EGO_TOP: usize = 30;

/// What `render` keeps before its filter flags: everything with `--all`, otherwise the most
/// mentioned entities without the hosts, each with its most associated co-mentions.
pub fn render_defaults(all: bool) -> Filter {
    if all {
        Filter::default()
    } else {
        Filter {
            top: Some(RENDER_TOP),
            links_per_node: Some(RENDER_LINKS_PER_NODE),
            drop_tags: vec!["host".to_owned()],
            drop_isolated: true,
            ..Filter::default()
        }
    }
}

/// The filter the flags ask for, with entity names resolved in `document`.
pub fn filter(document: &GraphDocument, args: &FilterArgs, defaults: &Filter) -> Result<Filter> {
    let resolve = |name: &str| -> Result<String> {
        match document.find_node_noting(name) {
            Some((i, others)) => {
                if !others.is_empty() {
                    let chosen = &document.nodes[i];
                    let also: Vec<String> = others
                        .iter()
                        .map(|&o| {
                            let n = &document.nodes[o];
                            format!(
                                "the {} {} ({} mentions): use `id:{}`",
                                n.kind, n.name, n.mentions, n.id
                            )
                        })
                        .collect();
                    crate::output::note_line(&format!(
                        "podgraph: note: {}",
                        sanitize(&format!(
                            "{name}: the {} {} ({} mentions); also {}",
                            chosen.kind,
                            chosen.name,
                            chosen.mentions,
                            also.join("; ")
                        ))
                    ));
                }
                Ok(document.nodes[i].id.clone())
            }
            None => bail!(
                "no entity '{}' in this graph (it is not in the catalog, or never mentioned); \
                 see `podgraph export --format csv` for the entities it has",
                sanitize(name)
            ),
        }
    };
    let mut filter = defaults.clone();
    if args.ego.is_some() {
        // A hub's whole neighbourhood is a hairball: its closest associates make the picture.
        filter.top = Some(EGO_TOP);
    }
    if let Some(top) = args.top {
        filter.top = (top > 0).then_some(top);
    }
    if let Some(k) = args.links_per_node {
        filter.links_per_node = (k > 0).then_some(k);
    }
    if let Some(weight) = args.min_weight {
        filter.min_weight = weight;
    }
    if !args.kinds.is_empty() {
        filter.kinds = args.kinds.clone();
    }
    for name in &args.drop {
        filter.drop.push(resolve(name)?);
    }
    if args.hide_hosts && !filter.drop_tags.iter().any(|t| t == "host") {
        filter.drop_tags.push("host".to_owned());
    }
    if args.hide_sponsors {
        filter
            .drop_tags
            .push(podgraph::query::SPONSOR_TAG.to_owned());
    }
    if let Some(center) = &args.ego {
        filter.ego = Some((resolve(center)?, args.depth));
    }
    Ok(filter)
}

/// The image's format and where it goes: the format `--format` names, else the one `-o`'s
/// extension names, else SVG; a format and an extension that disagree are an error, as is a
/// folder or an extension that names no image format. Without `-o` the image goes beside the
/// graph `document` drawn.
pub fn image_target(args: &RenderArgs, document: &Path) -> Result<(ImageFormat, PathBuf)> {
    let Some(out) = &args.out else {
        let format = args.format.unwrap_or_default();
        let folder = document.parent().map(Path::to_path_buf).unwrap_or_default();
        return Ok((format, folder.join(format!("graph.{}", format.name()))));
    };
    if out == Path::new("-") {
        return Ok((args.format.unwrap_or_default(), out.clone()));
    }
    let shown = sanitize(&out.display().to_string()).into_owned();
    if out.is_dir() {
        bail!(
            "{shown} is a folder; give a file name for the image, such as {}",
            sanitize(&out.join("graph.svg").display().to_string())
        );
    }
    let by_extension = ImageFormat::from_extension(out);
    match (args.format, by_extension, out.extension()) {
        (Some(asked), Some(named), _) if asked != named => bail!(
            "{shown}: the extension says {} but --format says {}; make them agree",
            named.name(),
            asked.name()
        ),
        (Some(asked), _, _) => Ok((asked, out.clone())),
        (None, Some(named), _) => Ok((named, out.clone())),
        (None, None, Some(ext)) => bail!(
            "{shown}: '.{}' is no image format podgraph writes; end the name in .svg, .png or \
             .pdf, or give --format",
            sanitize(&ext.to_string_lossy())
        ),
        (None, None, None) => Ok((ImageFormat::Svg, out.clone())),
    }
}
