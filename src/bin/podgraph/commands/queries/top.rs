//! `podgraph top`: the most mentioned entities.

use std::io::Write;

use anyhow::Result;
use podgraph::query;
use serde::Serialize;

use super::{EntityRef, entity_ref, load};
use crate::cli::TopArgs;
use crate::commands::Outcome;
use crate::output::{sanitize, stdout, write_json};

#[derive(Serialize)]
struct TopOut<'a> {
    rank: usize,
    #[serde(flatten)]
    entity: EntityRef<'a>,
    mentions: u32,
    episodes: u32,
}

/// `podgraph top`.
pub fn top(args: &TopArgs) -> Result<Outcome> {
    let index = load(&args.query.graph)?;
    let mut ranked = query::top(index, args.kind, usize::MAX);
    if args.hide_sponsors {
        let sponsors = query::tagged(index, query::SPONSOR_TAG);
        ranked.retain(|e| !sponsors.contains(e));
    }
    if args.count > 0 {
        ranked.truncate(args.count);
    }
    let mut out = stdout();
    let rows: Vec<TopOut<'_>> = ranked
        .iter()
        .enumerate()
        .map(|(i, &e)| {
            let entity = index.entity(e);
            TopOut {
                rank: i + 1,
                entity: entity_ref(entity),
                mentions: entity.mentions,
                episodes: entity.episodes,
            }
        })
        .collect();
    if args.query.json {
        write_json(
            &mut out,
            &serde_json::json!({ "kind": args.kind, "entities": rows }),
        )?;
    } else {
        writeln!(
            out,
            "{:>4}  {:>8}  {:>8}  entity",
            "rank", "mentions", "episodes"
        )?;
        for row in &rows {
            writeln!(
                out,
                "{:>4}  {:>8}  {:>8}  {} ({})",
                row.rank,
                row.mentions,
                row.episodes,
                sanitize(row.entity.name),
                row.entity.kind
            )?;
        }
    }
    out.flush()?;
    Ok(Outcome::found_if(!rows.is_empty()))
}
