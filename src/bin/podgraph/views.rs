//! `podgraph export` and `podgraph render`: the saved graph in other formats and as pictures.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use podgraph::export::{DotStyle, Filter, Format, GraphDocument, Part};
use podgraph::render::{self, ImageFormat};

use crate::cli::{ExportArgs, FilterArgs, GraphArgs, RenderArgs};
use crate::commands::Outcome;
use crate::output::{sanitize, stdout};

/// What `render` keeps unless told `--all`: few enough nodes to read every label...
const RENDER_TOP: usize = 100;
/// ... and few enough edges per node to see clusters rather than a hairball.
const RENDER_LINKS_PER_NODE: usize = 4;

/// How many entities an ego graph keeps unless told `--top`: the centre and its 29 most
/// associated neighbours, as many labels as a picture shows legibly.
const EGO_TOP: usize = 30;

/// The graph.json that `--graph` names (the file, or the folder holding it).
fn graph_file(args: &GraphArgs) -> PathBuf {
    if args.graph.is_dir() {
        args.graph.join(Part::NodeLink.file_name())
    } else {
        args.graph.clone()
    }
}

fn load(args: &GraphArgs) -> Result<GraphDocument> {
    Ok(GraphDocument::load(&graph_file(args))?)
}

/// The filter the flags ask for, with entity names resolved in `document`.
fn filter(document: &GraphDocument, args: &FilterArgs, defaults: &Filter) -> Result<Filter> {
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

/// `podgraph export`.
pub fn export(args: &ExportArgs) -> Result<Outcome> {
    let full = load(&args.graph)?;
    let filter = filter(&full, &args.filter, &Filter::default())?;
    let mut document = full.filtered(&filter);
    if args.links && document.edges.is_some() {
        document.links = document.edges.take();
    }
    let style = DotStyle {
        color_by: args.filter.color_by,
        center: filter.ego.as_ref().map(|(center, _)| center.clone()),
    };
    let parts = args.format.parts();
    if let Some(out) = &args.out {
        let shown = sanitize(&out.display().to_string()).into_owned();
        if let [part] = parts
            && out.is_dir()
        {
            bail!(
                "{shown} is a folder; give a file name, such as {}",
                sanitize(&out.join(part.file_name()).display().to_string())
            );
        }
        if parts.len() > 1 && (out.is_file() || out.extension().is_some() && !out.exists()) {
            let names: Vec<&str> = parts.iter().map(|p| p.file_name()).collect();
            bail!(
                "{} writes {} files ({}); give -o a folder to put them in, not {shown}",
                args.format.name(),
                parts.len(),
                names.join(", ")
            );
        }
    }
    match (&args.out, parts) {
        (None, [part]) => {
            let mut out = stdout();
            part.write(&document, &style, &mut out)?;
            std::io::Write::flush(&mut out)?;
        }
        (None, _) => bail!(
            "{} writes {} files; give a folder with -o",
            args.format.name(),
            parts.len()
        ),
        (Some(path), [part]) => write_part(path, *part, &document, &style)?,
        (Some(folder), parts) => {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("{}: cannot create the folder", folder.display()))?;
            for part in parts {
                write_part(&folder.join(part.file_name()), *part, &document, &style)?;
            }
        }
    }
    Ok(found(&document))
}

fn found(document: &GraphDocument) -> Outcome {
    if document.nodes.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    }
}

/// Writes one file of an export atomically.
pub fn write_part(
    path: &Path,
    part: Part,
    document: &GraphDocument,
    style: &DotStyle,
) -> Result<()> {
    podgraph::atomic::write_file(path, |w| part.write(document, style, w)).map_err(
        crate::output::unwritable("choose a writable location with -o"),
    )
}

/// Writes `formats` of `document` into `folder`, side by side, returning the paths written in
/// the order of `formats`.
pub fn write_formats(
    folder: &Path,
    formats: &[Format],
    document: &GraphDocument,
) -> Result<Vec<PathBuf>> {
    use rayon::prelude::*;
    let parts: Vec<Part> = formats
        .iter()
        .flat_map(|f| f.parts().iter().copied())
        .collect();
    parts
        .par_iter()
        .map(|part| {
            let path = folder.join(part.file_name());
            write_part(&path, *part, document, &DotStyle::default())?;
            Ok(path)
        })
        .collect()
}

/// `podgraph render`.
pub fn render(args: &RenderArgs, quiet: bool) -> Result<Outcome> {
    let full = load(&args.graph)?;
    let defaults = if args.all {
        Filter::default()
    } else {
        Filter {
            top: Some(RENDER_TOP),
            links_per_node: Some(RENDER_LINKS_PER_NODE),
            drop_tags: vec!["host".to_owned()],
            drop_isolated: true,
            ..Filter::default()
        }
    };
    let filter = filter(&full, &args.filter, &defaults)?;
    let document = full.filtered(&filter);
    if document.nodes.is_empty() {
        eprintln!("podgraph: the filters leave nothing to draw");
        return Ok(Outcome::NothingFound);
    }
    let (format, out) = image_target(args)?;
    let layout = args
        .layout
        .clone()
        .unwrap_or_else(|| podgraph::export::dot::default_layout(document.nodes.len()).to_owned());
    let style = DotStyle {
        color_by: args.filter.color_by,
        center: filter.ego.as_ref().map(|(center, _)| center.clone()),
    };
    let mut dot = Vec::new();
    Part::Dot.write(&document, &style, &mut dot)?;
    crate::output::progress(
        &format!(
            "laying out {} entities and {} co-mentions with {layout}",
            document.nodes.len(),
            document.edge_list().len()
        ),
        quiet,
    );
    let image = render::render(
        &dot,
        &layout,
        format,
        Duration::from_secs(args.timeout.max(1)),
    );
    crate::output::progress_done();
    let image = image?;
    if out == Path::new("-") {
        let mut stdout = stdout();
        std::io::Write::write_all(&mut stdout, &image)?;
        std::io::Write::flush(&mut stdout)?;
    } else {
        podgraph::atomic::write_file(&out, |w| w.write_all(&image)).map_err(
            crate::output::unwritable("choose a writable location with -o"),
        )?;
        if !quiet {
            eprintln!(
                "podgraph: drew {} entities and {} co-mentions ({} layout) to {}",
                document.nodes.len(),
                document.edge_list().len(),
                layout,
                sanitize(&out.display().to_string())
            );
        }
    }
    Ok(Outcome::Found)
}

/// The image's format and where it goes: the format `--format` names, else the one `-o`'s
/// extension names, else SVG; a format and an extension that disagree are an error, as is a
/// folder or an extension that names no image format.
fn image_target(args: &RenderArgs) -> Result<(ImageFormat, PathBuf)> {
    let Some(out) = &args.out else {
        let format = args.format.unwrap_or_default();
        let folder = graph_file(&args.graph)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
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

/// `podgraph site`.
pub fn site(args: &crate::cli::SiteArgs, quiet: bool) -> Result<Outcome> {
    let graph = GraphArgs {
        graph: args.graph.clone(),
    };
    let path = graph_file(&graph);
    let document = load(&graph)?;
    let index_path = path.with_file_name(podgraph::index::INDEX_FILE);
    let index = podgraph::index::QueryIndex::load(&index_path)?;
    if document.graph.build != index.build {
        bail!(
            "{} and {} come from different builds (an interrupted or failed build?); run \
             `podgraph build` again",
            sanitize(&path.display().to_string()),
            sanitize(&index_path.display().to_string())
        );
    }
    let folder = args.out.clone().unwrap_or_else(|| {
        path.parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
            .join("site")
    });
    let page = write_site(&folder, &document, &index)?;
    if !quiet {
        eprintln!("podgraph: wrote {}", sanitize(&page.display().to_string()));
    }
    Ok(found(&document))
}

/// Writes the site into `folder` (`index.html`, and `data/` for a large archive); returns the
/// page's path. `PODGRAPH_SITE_EMBED_LIMIT` (bytes) sets how much data the page embeds before
/// it splits (see [`podgraph::site::EMBED_LIMIT`]).
pub fn write_site(
    folder: &Path,
    document: &GraphDocument,
    index: &podgraph::index::QueryIndex,
) -> Result<PathBuf> {
    let limit = std::env::var("PODGRAPH_SITE_EMBED_LIMIT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(podgraph::site::EMBED_LIMIT);
    podgraph::site::write_site(document, index, folder, limit).map_err(crate::output::unwritable(
        "choose a writable folder with --out",
    ))
}
