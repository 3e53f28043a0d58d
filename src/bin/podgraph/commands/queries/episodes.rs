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
fn episode_line(episode: IndexEpisode<'_>) -> String {
    let mut parts = Vec::new();
    if let Some(n) = episode.summary.number {
        parts.push(format!("#{n}"));
    }
    if let Some(date) = episode.summary.date {
        parts.push(date.to_owned());
    }
    if let Some(title) = episode.summary.title {
        parts.push(title.to_owned());
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
    m: &IndexMention,
) -> MentionOut<'a> {
    let (before, matched, after) = read.snippet(m);
    MentionOut {
        entity: index.entity(m.entity).id,
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
        .map(|&e| index.entity(e).id)
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
    let matched = hits.len();
    if args.query.json {
        let episodes = hits
            .into_iter()
            .map(|hit| {
                let episode = index.episode(hit.episode);
                let read = index.snippets(hit.episode, hit.mentions)?;
                Ok(EpisodeHitOut {
                    episode: episode_ref(episode),
                    source_path: episode.source_path,
                    counts: wanted
                        .iter()
                        .zip(&hit.counts)
                        .map(|(&e, &mentions)| EntityCountOut {
                            id: index.entity(e).id,
                            name: index.entity(e).name,
                            mentions,
                        })
                        .collect(),
                    mentions: read
                        .mentions
                        .iter()
                        .map(|m| mention_out(index, &read, m))
                        .collect(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
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
            writeln!(out, "{}", episode_line(index.episode(hit.episode)))?;
            let counts: Vec<String> = wanted
                .iter()
                .zip(&hit.counts)
                .filter(|&(_, &n)| n > 0)
                .map(|(&e, n)| format!("{} {n}", index.entity(e).name))
                .collect();
            writeln!(out, "  {}", sanitize(&counts.join(" · ")))?;
            // Each entity's mentions in the windows that hold, and the first `max_mentions`
            // of them, whose snippets alone are read.
            let shown: Vec<Vec<&IndexMention>> = wanted
                .iter()
                .map(|&e| hit.mentions.iter().filter(|m| m.entity == e).collect())
                .collect();
            let printed = shown
                .iter()
                .flat_map(|list| list.iter().take(args.max_mentions).map(|&m| m.clone()))
                .collect();
            let read = index.snippets(hit.episode, printed)?;
            let mut printed = read.mentions.iter();
            for (&e, shown) in wanted.iter().zip(&shown) {
                for m in printed.by_ref().take(shown.len().min(args.max_mentions)) {
                    let (before, matched, after) = read.snippet(m);
                    writeln!(
                        out,
                        "    {:>8}  {:<16} {:<16} {}{}{}",
                        timestamp(m.start_ms).unwrap_or_else(|| "-".to_owned()),
                        sanitize(index.entity(e).id),
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
            matched,
            index.episode_count(),
            sanitize(&text)
        );
    }
    Ok(Outcome::found_if(matched > 0))
}
