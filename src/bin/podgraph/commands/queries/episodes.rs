//! `podgraph episodes`: the episodes that mention a set of entities, or match a boolean
//! expression of them, with the mentions that make them match.

use std::io::Write;

use anyhow::Result;
use podgraph::index::{IndexEpisode, IndexMention, IndexedMentions, QueryIndex};
use podgraph::query::{self, Expr, Proximity};
use podgraph::transcript::Timestamp;
use serde::Serialize;

use super::{AmbiguityOut, EpisodeBrief, ambiguity_out, episode_ref, load, resolve, tell};
use crate::cli::EpisodesArgs;
use crate::commands::Outcome;
use crate::output::{Highlight, sanitize, stdout, write_json};

fn timestamp(ms: Option<u64>) -> Option<String> {
    ms.map(|ms| Timestamp::from_millis(ms).to_string())
}

/// `#29  2017-06-06  Title`.
fn episode_line(episode: &IndexEpisode) -> String {
    let mut parts = Vec::new();
    if let Some(n) = episode.summary.number {
        parts.push(format!("#{n}"));
    }
    if let Some(date) = &episode.summary.date {
        parts.push(date.clone());
    }
    if let Some(title) = &episode.summary.title {
        parts.push(title.clone());
    }
    parts.push(format!("({})", episode.summary.id));
    sanitize(&parts.join("  ")).into_owned()
}

#[derive(Serialize)]
struct MentionOut<'a> {
    entity: &'a str,
    timestamp: Option<String>,
    start_ms: Option<u64>,
    speaker: Option<&'a str>,
    segment: u32,
    /// The snippet, and the byte range of the match in it.
    snippet: String,
    matched: [usize; 2],
}

fn mention_out<'a>(
    index: &'a QueryIndex,
    read: &IndexedMentions,
    m: &'a IndexMention,
) -> MentionOut<'a> {
    let (before, matched, after) = read.snippet(m);
    MentionOut {
        entity: &index.entity(m.entity).id,
        timestamp: timestamp(m.start_ms),
        start_ms: m.start_ms,
        speaker: index.speaker(m),
        segment: m.segment,
        snippet: format!("{before}{matched}{after}"),
        matched: [before.len(), before.len() + matched.len()],
    }
}

#[derive(Serialize)]
struct EntityCountOut<'a> {
    id: &'a str,
    name: &'a str,
    mentions: usize,
}

#[derive(Serialize)]
struct EpisodeHitOut<'a> {
    #[serde(flatten)]
    episode: EpisodeBrief<'a>,
    source_path: &'a str,
    counts: Vec<EntityCountOut<'a>>,
    mentions: Vec<MentionOut<'a>>,
}

#[derive(Serialize)]
struct EpisodesOut<'a> {
    query: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ambiguous: Vec<AmbiguityOut<'a>>,
    window: String,
    episodes: Vec<EpisodeHitOut<'a>>,
}

/// The expression the arguments ask for.
fn expression(
    index: &QueryIndex,
    args: &EpisodesArgs,
    notes: &mut Vec<query::Ambiguity>,
) -> Result<(Expr, String)> {
    if let [one] = args.terms.as_slice()
        && query::is_expression(one)
    {
        let (expr, found) = query::parse_noting(one, index)?;
        notes.extend(found);
        return Ok((expr, one.clone()));
    }
    if let Some(term) = args.terms.iter().find(|t| query::is_expression(t)) {
        anyhow::bail!(
            "'{}' is an expression; give it as the only argument, quoted",
            sanitize(term)
        );
    }
    let ids = args
        .terms
        .iter()
        .map(|t| resolve(index, t, notes))
        .collect::<Result<Vec<_>>>()?;
    let joiner = if args.any { " OR " } else { " AND " };
    let text = ids
        .iter()
        .map(|&e| index.entity(e).id.as_str())
        .collect::<Vec<_>>()
        .join(joiner);
    let entities: Vec<Expr> = ids.into_iter().map(Expr::Entity).collect();
    let expr = match entities.len() {
        1 => entities.into_iter().next().expect("one"),
        _ if args.any => Expr::Or(entities),
        _ => Expr::And(entities),
    };
    Ok((expr, text))
}

/// `podgraph episodes`.
pub fn episodes(args: &EpisodesArgs, quiet: bool) -> Result<Outcome> {
    let index = load(&args.query.graph)?;
    let mut notes = Vec::new();
    let (expr, text) = expression(index, args, &mut notes)?;
    tell(index, &notes);
    let hits = query::episodes_matching(index, &expr, args.window)?;
    let wanted = expr.wanted();
    let mut out = stdout();
    if args.query.json {
        let episodes = hits
            .iter()
            .map(|hit| {
                let episode = index.episode(hit.episode);
                let all = &hit.read.mentions;
                EpisodeHitOut {
                    episode: episode_ref(episode),
                    source_path: &episode.summary.source_path,
                    counts: wanted
                        .iter()
                        .map(|&e| EntityCountOut {
                            id: &index.entity(e).id,
                            name: &index.entity(e).name,
                            mentions: all.iter().filter(|m| m.entity == e).count(),
                        })
                        .collect(),
                    mentions: hit
                        .mentions
                        .iter()
                        .map(|&i| mention_out(index, &hit.read, &all[i]))
                        .collect(),
                }
            })
            .collect();
        write_json(
            &mut out,
            &EpisodesOut {
                ambiguous: notes.iter().map(|a| ambiguity_out(index, a)).collect(),
                query: text.clone(),
                window: args.window.to_string(),
                episodes,
            },
        )?;
    } else {
        let highlight = Highlight::unless_json(args.query.json);
        for hit in &hits {
            let all = &hit.read.mentions;
            writeln!(out, "{}", episode_line(index.episode(hit.episode)))?;
            let counts: Vec<String> = wanted
                .iter()
                .filter_map(|&e| {
                    let n = all.iter().filter(|m| m.entity == e).count();
                    (n > 0).then(|| format!("{} {n}", index.entity(e).name))
                })
                .collect();
            writeln!(out, "  {}", sanitize(&counts.join(" · ")))?;
            for &e in &wanted {
                let shown: Vec<&IndexMention> = hit
                    .mentions
                    .iter()
                    .map(|&i| &all[i])
                    .filter(|m| m.entity == e)
                    .collect();
                for m in shown.iter().take(args.max_mentions) {
                    let (before, matched, after) = hit.read.snippet(m);
                    writeln!(
                        out,
                        "    {:>8}  {:<16} {:<16} {}{}{}",
                        timestamp(m.start_ms).unwrap_or_else(|| "-".to_owned()),
                        sanitize(&index.entity(e).id),
                        sanitize(index.speaker(m).unwrap_or("")),
                        sanitize(before),
                        highlight.paint(matched),
                        sanitize(after)
                    )?;
                }
                if shown.len() > args.max_mentions && args.max_mentions > 0 {
                    writeln!(
                        out,
                        "    {:>8}  … {} more",
                        "",
                        shown.len() - args.max_mentions
                    )?;
                }
            }
        }
    }
    out.flush()?;
    if !quiet && !args.query.json {
        let window = match args.window {
            Proximity::Episode => String::new(),
            Proximity::Segment => " in the same segment".to_owned(),
            Proximity::Within(n) => format!(" within {n} s"),
        };
        eprintln!(
            "podgraph: {} of {} episodes match {}{window}",
            hits.len(),
            index.episodes.len(),
            sanitize(&text)
        );
    }
    Ok(Outcome::found_if(!hits.is_empty()))
}
