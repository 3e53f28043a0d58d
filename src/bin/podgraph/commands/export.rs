//! `podgraph export`: the saved graph, or the part the filter flags keep, in another format.
//! Also writes the formats `build --export` asks for.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use podgraph::export::{DotStyle, Filter, Format, GraphDocument, Part};

use super::Outcome;
use crate::cli::{ExportArgs, Reads};
use crate::config;
use crate::output::{sanitize, stdout};

/// `podgraph export`.
pub fn export(args: &ExportArgs) -> Result<Outcome> {
    let full = GraphDocument::load(&args.graph.files(Reads::Document).document)?;
    let filter = config::filter(&full, &args.filter, &Filter::default())?;
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
    Ok(Outcome::found_if(!document.nodes.is_empty()))
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
