//! `podgraph site`: the interactive page ([`podgraph::site`]) written from a saved graph and
//! its index. Also writes the site `build --site` asks for.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use podgraph::export::GraphDocument;
use podgraph::index::QueryIndex;

use super::Outcome;
use crate::cli::{Reads, SiteArgs};
use crate::output::sanitize;

/// `podgraph site`.
pub fn site(args: &SiteArgs, quiet: bool) -> Result<Outcome> {
    let files = args.graph.files(Reads::Document);
    let (path, index_path) = (&files.document, &files.index);
    let document = GraphDocument::load(path)?;
    let index = QueryIndex::load(index_path)?;
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
    Ok(Outcome::found_if(!document.nodes.is_empty()))
}

/// Writes the site into `folder` (`index.html`, and `data/` for a large archive); returns the
/// page's path. `PODGRAPH_SITE_EMBED_LIMIT` (bytes) sets how much data the page embeds before
/// it splits (see [`podgraph::site::EMBED_LIMIT`]).
pub fn write_site(folder: &Path, document: &GraphDocument, index: &QueryIndex) -> Result<PathBuf> {
    let limit = std::env::var("PODGRAPH_SITE_EMBED_LIMIT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(podgraph::site::EMBED_LIMIT);
    podgraph::site::write_site(document, index, folder, limit).map_err(crate::output::unwritable(
        "choose a writable folder with --out",
    ))
}
