//! `podgraph path`: the shortest chain of co-mentions linking two entities.

use std::io::Write;

use anyhow::Result;
use podgraph::query;
use serde::Serialize;

use super::{
    AmbiguityOut, EntityRef, EpisodeNames, ambiguity_out, entity_ref, load, resolve, tell,
};
use crate::cli::PathArgs;
use crate::commands::Outcome;
use crate::output::{sanitize, stdout, write_json};

#[derive(Serialize)]
struct HopOut<'a> {
    from: EntityRef<'a>,
    to: EntityRef<'a>,
    weight: u32,
    npmi: f64,
    episodes: Vec<&'a str>,
}

#[derive(Serialize)]
struct PathOut<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ambiguous: Vec<AmbiguityOut<'a>>,
    from: EntityRef<'a>,
    to: EntityRef<'a>,
    hops: Vec<HopOut<'a>>,
}

/// `podgraph path`.
pub fn path(args: &PathArgs) -> Result<Outcome> {
    let index = load(&args.query.graph)?;
    let mut notes = Vec::new();
    let from = resolve(index, &args.from, &mut notes)?;
    let to = resolve(index, &args.to, &mut notes)?;
    tell(index, &notes);
    let mut avoid = Vec::new();
    if !args.through_hosts {
        avoid.extend(query::tagged(index, "host"));
    }
    if !args.through_hubs {
        avoid.extend(query::hubs(index));
    }
    if args.hide_sponsors {
        avoid.extend(query::tagged(index, query::SPONSOR_TAG));
    }
    avoid.sort_unstable();
    avoid.dedup();
    let chain = query::path(index, from, to, &avoid)?;
    let mut out = stdout();
    let hops: Vec<HopOut<'_>> = chain
        .as_deref()
        .unwrap_or(&[])
        .windows(2)
        .map(|pair| {
            let edge = query::edge_between(index, pair[0], pair[1])?.expect("a hop is an edge");
            Ok(HopOut {
                from: entity_ref(index.entity(pair[0])),
                to: entity_ref(index.entity(pair[1])),
                weight: edge.weight,
                npmi: edge.npmi,
                episodes: index
                    .edge_episodes(&edge)?
                    .iter()
                    .map(|&e| index.episode(e).summary.id)
                    .collect(),
            })
        })
        .collect::<Result<_>>()?;
    if args.query.json {
        write_json(
            &mut out,
            &PathOut {
                ambiguous: notes.iter().map(|a| ambiguity_out(index, a)).collect(),
                from: entity_ref(index.entity(from)),
                to: entity_ref(index.entity(to)),
                hops,
            },
        )?;
    } else if let Some([only]) = chain.as_deref() {
        // FROM and TO are one entity: a chain of no hops.
        writeln!(out, "{}", sanitize(index.entity(*only).name))?;
    } else if chain.is_some() {
        let names = EpisodeNames::new(index);
        for (i, pair) in chain.as_deref().unwrap_or(&[]).windows(2).enumerate() {
            let edge = query::edge_between(index, pair[0], pair[1])?.expect("an edge");
            if i == 0 {
                writeln!(out, "{}", sanitize(index.entity(pair[0]).name))?;
            }
            writeln!(
                out,
                "  └─ {} shared windows in {}",
                edge.weight,
                names.list(index, &index.edge_episodes(&edge)?, 8)
            )?;
            writeln!(out, "{}", sanitize(index.entity(pair[1]).name))?;
        }
    }
    out.flush()?;
    if chain.is_none() {
        eprintln!(
            "podgraph: no chain of co-mentions links {} and {}{}",
            sanitize(index.entity(from).name),
            sanitize(index.entity(to).name),
            match (args.through_hosts, args.through_hubs) {
                (true, true) => "",
                (false, true) => " (without the hosts; try --through-hosts)",
                (true, false) => " (without hubs; try --through-hubs)",
                (false, false) => " (without hosts and hubs; try --through-hosts --through-hubs)",
            }
        );
    }
    Ok(Outcome::found_if(chain.is_some()))
}
