//! `podgraph render`: the saved graph drawn by Graphviz ([`podgraph::render`]) as SVG, PNG or
//! PDF.

use std::path::Path;
use std::time::Duration;

use anyhow::Result;
use podgraph::export::{DotStyle, GraphDocument, Part};
use podgraph::render;

use super::Outcome;
use crate::cli::{Reads, RenderArgs};
use crate::config;
use crate::output::{sanitize, stdout};

/// `podgraph render`.
pub fn render(args: &RenderArgs, quiet: bool) -> Result<Outcome> {
    let graph = args.graph.files(Reads::Document).document;
    let full = GraphDocument::load(&graph)?;
    let filter = config::filter(&full, &args.filter, &config::render_defaults(args.all))?;
    let document = full.filtered(&filter);
    if document.nodes.is_empty() {
        eprintln!("podgraph: the filters leave nothing to draw");
        return Ok(Outcome::NothingFound);
    }
    let (format, out) = config::image_target(args, &graph)?;
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
