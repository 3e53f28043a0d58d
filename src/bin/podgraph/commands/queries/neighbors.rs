//! `podgraph neighbors`: the entities most associated with one, by shared windows or by NPMI.

use std::io::Write;

use anyhow::Result;
use podgraph::query::{self, Rank};
use serde::Serialize;

use super::{
    AmbiguityOut, EntityRef, EpisodeNames, NeighborOut, ambiguity_out, entity_ref, load,
    neighbor_out, resolve, tell,
};
use crate::cli::NeighborsArgs;
use crate::commands::Outcome;
use crate::output::{sanitize, stdout, write_json};

#[derive(Serialize)]
struct NeighborsOut<'a> {
    entity: EntityRef<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ambiguous: Vec<AmbiguityOut<'a>>,
    by: &'a str,
    min_weight: u32,
    neighbors: Vec<NeighborOut<'a>>,
}

/// `podgraph neighbors`.
pub fn neighbors(args: &NeighborsArgs) -> Result<Outcome> {
    let index = load(&args.query.graph)?;
    let mut notes = Vec::new();
    let entity = resolve(index, &args.entity, &mut notes)?;
    tell(index, &notes);
    let rank = if args.by.eq_ignore_ascii_case("npmi") {
        Rank::Npmi
    } else {
        Rank::Weight
    };
    let min_weight = args
        .min_weight
        .unwrap_or(if rank == Rank::Npmi { 3 } else { 1 });
    let mut list = query::neighbors(index, entity, rank, min_weight)?;
    if args.hide_sponsors {
        let sponsors = query::tagged(index, query::SPONSOR_TAG);
        list.retain(|n| !sponsors.contains(&n.entity));
    }
    // 0 means all, as --top does in export and render.
    if args.count > 0 {
        list.truncate(args.count);
    }
    let mut out = stdout();
    if args.query.json {
        write_json(
            &mut out,
            &NeighborsOut {
                ambiguous: notes.iter().map(|a| ambiguity_out(index, a)).collect(),
                entity: entity_ref(index.entity(entity)),
                by: if rank == Rank::Npmi { "npmi" } else { "weight" },
                min_weight,
                neighbors: list
                    .iter()
                    .map(|n| neighbor_out(index, n))
                    .collect::<Result<_>>()?,
            },
        )?;
    } else {
        writeln!(
            out,
            "{:>6}  {:>7}  {:<32} episodes",
            "shared", "npmi", "entity"
        )?;
        let names = EpisodeNames::new(index);
        for n in &list {
            let e = index.entity(n.entity);
            writeln!(
                out,
                "{:>6}  {:>7.3}  {:<32} {}",
                n.weight,
                n.npmi,
                sanitize(&format!("{} ({})", e.name, e.kind)),
                names.list(index, &index.edge_episodes(&n.edge)?, 6)
            )?;
        }
    }
    out.flush()?;
    Ok(Outcome::found_if(!list.is_empty()))
}
