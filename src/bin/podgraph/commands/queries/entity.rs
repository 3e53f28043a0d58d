//! `podgraph entity`: one entity's profile (aliases, mentions, years, centrality, neighbours).

use std::io::Write;

use anyhow::Result;
use podgraph::index::{IndexEpisodeId, Names, QueryIndex};
use podgraph::query::{self, Rank};
use serde::Serialize;

use super::{
    EntityRef, EpisodeBrief, EpisodeNames, NeighborOut, entity_ref, episode_ref, load,
    neighbor_out, resolve, tell,
};
use crate::cli::EntityArgs;
use crate::commands::Outcome;
use crate::output::{sanitize, stdout, write_json};

/// "1 mention", "2 mentions".
fn plural(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[derive(Serialize)]
struct YearRow {
    year: String,
    episodes: usize,
    mentions: usize,
}

#[derive(Serialize)]
struct ProfileOut<'a> {
    #[serde(flatten)]
    entity: EntityRef<'a>,
    aliases: Names<'a>,
    ambiguous_aliases: Names<'a>,
    tags: Names<'a>,
    mentions: u32,
    episodes: u32,
    first_episode: Option<EpisodeBrief<'a>>,
    last_episode: Option<EpisodeBrief<'a>>,
    pagerank: f64,
    betweenness: f64,
    community: Option<u32>,
    by_year: Vec<YearRow>,
    neighbors_by_weight: Vec<NeighborOut<'a>>,
    neighbors_by_npmi: Vec<NeighborOut<'a>>,
}

/// Mentions and episodes per recording year ("unknown" for undated episodes).
fn by_year(index: &QueryIndex, timeline: &[(IndexEpisodeId, usize)]) -> Vec<YearRow> {
    let mut years: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for &(episode, count) in timeline {
        let year = index
            .episode(episode)
            .summary
            .date
            .and_then(|d| d.get(..4))
            .unwrap_or("unknown")
            .to_owned();
        let entry = years.entry(year).or_default();
        entry.0 += 1;
        entry.1 += count;
    }
    years
        .into_iter()
        .map(|(year, (episodes, mentions))| YearRow {
            year,
            episodes,
            mentions,
        })
        .collect()
}

/// `podgraph entity`.
pub fn entity(args: &EntityArgs) -> Result<Outcome> {
    let index = load(&args.query.graph)?;
    let mut notes = Vec::new();
    let e = resolve(index, &args.entity, &mut notes)?;
    tell(index, &notes);
    let entity = index.entity(e);
    let timeline = query::timeline(index, e)?;
    let neighbors = |rank, min| {
        let mut list = query::neighbors(index, e, rank, min)?;
        list.truncate(5);
        list.iter()
            .map(|n| neighbor_out(index, n))
            .collect::<Result<Vec<_>>>()
    };
    let profile = ProfileOut {
        entity: entity_ref(entity),
        aliases: entity.aliases,
        ambiguous_aliases: entity.ambiguous_aliases,
        tags: entity.tags,
        mentions: entity.mentions,
        episodes: entity.episodes,
        first_episode: timeline
            .first()
            .map(|&(ep, _)| episode_ref(index.episode(ep))),
        last_episode: timeline
            .last()
            .map(|&(ep, _)| episode_ref(index.episode(ep))),
        pagerank: entity.pagerank,
        betweenness: entity.betweenness,
        community: entity.community,
        by_year: by_year(index, &timeline),
        neighbors_by_weight: neighbors(Rank::Weight, 1)?,
        neighbors_by_npmi: neighbors(Rank::Npmi, 3)?,
    };
    let mut out = stdout();
    if args.query.json {
        write_json(&mut out, &profile)?;
    } else {
        let line = |label: &str, value: String| format!("  {label:<12} {}", sanitize(&value));
        writeln!(
            out,
            "{}",
            sanitize(&format!("{} ({}, {})", entity.name, entity.id, entity.kind))
        )?;
        writeln!(out, "{}", line("aliases", entity.aliases.join(", ")))?;
        if !entity.ambiguous_aliases.is_empty() {
            writeln!(
                out,
                "{}",
                line("with evidence", entity.ambiguous_aliases.join(", "))
            )?;
        }
        if !entity.tags.is_empty() {
            writeln!(out, "{}", line("tags", entity.tags.join(", ")))?;
        }
        writeln!(
            out,
            "{}",
            line(
                "mentions",
                format!(
                    "{} in {}",
                    plural(entity.mentions, "mention"),
                    plural(entity.episodes, "episode")
                )
            )
        )?;
        if let (Some(first), Some(last)) = (&profile.first_episode, &profile.last_episode) {
            let names = EpisodeNames::new(index);
            let name = |e: &EpisodeBrief<'_>| format!("{} {}", names.name(e), e.date.unwrap_or(""));
            writeln!(
                out,
                "{}",
                line("first, last", format!("{}, {}", name(first), name(last)))
            )?;
        }
        if let Some(c) = profile.community {
            writeln!(
                out,
                "{}",
                line(
                    "centrality",
                    format!(
                        "pagerank {:.4}, betweenness {:.4}, community {c}",
                        entity.pagerank, entity.betweenness
                    )
                )
            )?;
        }
        for year in &profile.by_year {
            writeln!(
                out,
                "{}",
                line(
                    &year.year,
                    format!(
                        "{:>4} {:<8} in {:>3} {}",
                        year.mentions,
                        if year.mentions == 1 {
                            "mention"
                        } else {
                            "mentions"
                        },
                        year.episodes,
                        if year.episodes == 1 {
                            "episode"
                        } else {
                            "episodes"
                        }
                    )
                )
            )?;
        }
        for (label, list) in [
            ("most with", &profile.neighbors_by_weight),
            ("most apt", &profile.neighbors_by_npmi),
        ] {
            let names: Vec<String> = list
                .iter()
                .map(|n| format!("{} ({})", n.entity.name, n.weight))
                .collect();
            if !names.is_empty() {
                writeln!(out, "{}", line(label, names.join(", ")))?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::found_if(entity.mentions > 0))
}
