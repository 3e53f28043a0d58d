//! `podgraph timeline`: how often each episode mentions an entity, in episode order.

use std::io::Write;

use anyhow::Result;
use podgraph::query;
use serde::Serialize;

use super::{
    EpisodeBrief, EpisodeNames, ambiguity_out, entity_ref, episode_ref, load, resolve, tell,
};
use crate::cli::EntityArgs;
use crate::commands::Outcome;
use crate::output::{sanitize, stdout, write_json};

#[derive(Serialize)]
struct TimelineRow<'a> {
    #[serde(flatten)]
    episode: EpisodeBrief<'a>,
    mentions: usize,
}

/// `podgraph timeline`.
pub fn timeline(args: &EntityArgs) -> Result<Outcome> {
    let index = load(&args.query.graph)?;
    let mut notes = Vec::new();
    let e = resolve(index, &args.entity, &mut notes)?;
    tell(index, &notes);
    let rows: Vec<TimelineRow<'_>> = query::timeline(index, e)?
        .into_iter()
        .map(|(episode, mentions)| TimelineRow {
            episode: episode_ref(index.episode(episode)),
            mentions,
        })
        .collect();
    let mut out = stdout();
    if args.query.json {
        write_json(
            &mut out,
            &serde_json::json!({
                "entity": entity_ref(index.entity(e)),
                "ambiguous": notes.iter().map(|a| ambiguity_out(index, a)).collect::<Vec<_>>(),
                "episodes": rows,
            }),
        )?;
    } else {
        let max = rows.iter().map(|r| r.mentions).max().unwrap_or(1);
        let names = EpisodeNames::new(index);
        for row in &rows {
            let bar = "█".repeat((row.mentions * 40).div_ceil(max));
            writeln!(
                out,
                "{:>6}  {:<10}  {:>4}  {bar}",
                names.name(&row.episode),
                row.episode.date.unwrap_or("-"),
                row.mentions
            )?;
        }
    }
    out.flush()?;
    if rows.is_empty() {
        eprintln!(
            "podgraph: no episode mentions {}",
            sanitize(index.entity(e).name)
        );
    }
    Ok(Outcome::found_if(!rows.is_empty()))
}
