//! The query commands: `episodes`, `neighbors`, `path`, `top`, `entity`, `timeline`. Each loads
//! the saved index, asks the library, and prints text or JSON (schemas in docs/queries.md).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use podgraph::catalog::Kind;
use podgraph::index::{
    INDEX_FILE, IndexEntity, IndexEpisode, IndexMention, IndexedMentions, QueryIndex,
};
use podgraph::query::{self, Expr, Proximity, Rank};
use podgraph::transcript::Timestamp;
use serde::Serialize;

use crate::cli::{EntityArgs, EpisodesArgs, NeighborsArgs, PathArgs, QueryArgs, TopArgs};
use crate::commands::Outcome;
use crate::output::{sanitize, stdout, write_json};

/// The index that `--graph` names: a folder's index.bin, graph.json's sibling, or the file.
fn index_file(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join(INDEX_FILE)
    } else if path.extension().is_some_and(|e| e == "json") {
        path.with_file_name(INDEX_FILE)
    } else {
        path.to_owned()
    }
}

/// The index a query reads. It lives as long as this short process, so it is never freed:
/// dropping tens of thousands of names at exit would cost a query a fifth of its time.
fn load(args: &QueryArgs) -> Result<&'static QueryIndex> {
    Ok(Box::leak(Box::new(QueryIndex::load(&index_file(
        &args.graph,
    ))?)))
}

fn found(any: bool) -> Outcome {
    if any {
        Outcome::Found
    } else {
        Outcome::NothingFound
    }
}

/// Bold red where colour is on (see `--color`), nothing elsewhere.
struct Highlight(bool);

impl Highlight {
    fn on_terminal(json: bool) -> Self {
        Highlight(!json && !crate::output::highlight().0.is_empty())
    }

    fn paint(&self, text: &str) -> String {
        let (on, off) = if self.0 {
            crate::output::highlight()
        } else {
            ("", "")
        };
        format!("{on}{}{off}", sanitize(text))
    }
}

fn timestamp(ms: Option<u64>) -> Option<String> {
    ms.map(|ms| Timestamp::from_millis(ms).to_string())
}

/// "1 mention", "2 mentions".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `#29  2017-06-06  Title`.
fn episode_line(episode: &IndexEpisode) -> String {
    let mut parts = Vec::new();
    if let Some(n) = episode.number {
        parts.push(format!("#{n}"));
    }
    if let Some(date) = &episode.date {
        parts.push(date.clone());
    }
    if let Some(title) = &episode.title {
        parts.push(title.clone());
    }
    parts.push(format!("({})", episode.id));
    sanitize(&parts.join("  ")).into_owned()
}

#[derive(Serialize)]
struct EntityRef<'a> {
    id: &'a str,
    name: &'a str,
    kind: Kind,
}

fn entity_ref(entity: &IndexEntity) -> EntityRef<'_> {
    EntityRef {
        id: &entity.id,
        name: &entity.name,
        kind: entity.kind,
    }
}

/// A name that meant several entities, as `--json` carries it.
#[derive(Serialize)]
struct AmbiguityOut<'a> {
    name: &'a str,
    chosen: EntityRef<'a>,
    others: Vec<EntityRef<'a>>,
}

fn ambiguity_out<'a>(index: &'a QueryIndex, a: &'a query::Ambiguity) -> AmbiguityOut<'a> {
    AmbiguityOut {
        name: &a.name,
        chosen: entity_ref(&index.entities[a.chosen as usize]),
        others: a
            .others
            .iter()
            .map(|&o| entity_ref(&index.entities[o as usize]))
            .collect(),
    }
}

/// Resolves `name`, noting in `notes` when it meant several entities.
fn resolve(index: &QueryIndex, name: &str, notes: &mut Vec<query::Ambiguity>) -> Result<u32> {
    let (entity, ambiguity) = index.resolve_noting(name)?;
    notes.extend(ambiguity);
    Ok(entity)
}

/// Says on standard error which names meant several entities and which one was taken.
fn tell(index: &QueryIndex, notes: &[query::Ambiguity]) {
    for note in notes {
        eprintln!("podgraph: note: {}", sanitize(&note.describe(index)));
    }
}

#[derive(Serialize)]
struct EpisodeRef<'a> {
    id: &'a str,
    show: Option<&'a str>,
    number: Option<u32>,
    title: Option<&'a str>,
    date: Option<&'a str>,
}

fn episode_ref(episode: &IndexEpisode) -> EpisodeRef<'_> {
    EpisodeRef {
        id: &episode.id,
        show: episode.show.as_deref(),
        number: episode.number,
        title: episode.title.as_deref(),
        date: episode.date.as_deref(),
    }
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
        entity: &index.entities[m.entity as usize].id,
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
    episode: EpisodeRef<'a>,
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
        .collect::<Result<Vec<u32>>>()?;
    let joiner = if args.any { " OR " } else { " AND " };
    let text = ids
        .iter()
        .map(|&e| index.entities[e as usize].id.as_str())
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
    let index = load(&args.query)?;
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
                let episode = &index.episodes[hit.episode];
                let all = &hit.read.mentions;
                EpisodeHitOut {
                    episode: episode_ref(episode),
                    source_path: &episode.source_path,
                    counts: wanted
                        .iter()
                        .map(|&e| EntityCountOut {
                            id: &index.entities[e as usize].id,
                            name: &index.entities[e as usize].name,
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
        let highlight = Highlight::on_terminal(false);
        for hit in &hits {
            let all = &hit.read.mentions;
            writeln!(out, "{}", episode_line(&index.episodes[hit.episode]))?;
            let counts: Vec<String> = wanted
                .iter()
                .filter_map(|&e| {
                    let n = all.iter().filter(|m| m.entity == e).count();
                    (n > 0).then(|| format!("{} {n}", index.entities[e as usize].name))
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
                        sanitize(&index.entities[e as usize].id),
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
    Ok(found(!hits.is_empty()))
}

#[derive(Serialize)]
struct NeighborOut<'a> {
    #[serde(flatten)]
    entity: EntityRef<'a>,
    weight: u32,
    npmi: f64,
    episode_count: usize,
    episodes: Vec<&'a str>,
}

#[derive(Serialize)]
struct NeighborsOut<'a> {
    entity: EntityRef<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ambiguous: Vec<AmbiguityOut<'a>>,
    by: &'a str,
    min_weight: u32,
    neighbors: Vec<NeighborOut<'a>>,
}

fn neighbor_out<'a>(index: &'a QueryIndex, n: &query::Neighbor) -> Result<NeighborOut<'a>> {
    let episodes: Vec<&str> = index
        .edge_episodes(&index.edges()?[n.edge])?
        .iter()
        .map(|&e| index.episodes[e as usize].id.as_str())
        .collect();
    Ok(NeighborOut {
        entity: entity_ref(&index.entities[n.entity as usize]),
        weight: n.weight,
        npmi: n.npmi,
        episode_count: episodes.len(),
        episodes,
    })
}

/// "#12, #29, #41 and 3 more", numbers where episodes have them.
fn episode_list(index: &QueryIndex, episodes: &[u32], limit: usize) -> String {
    let names: Vec<String> = episodes
        .iter()
        .take(limit)
        .map(|&e| {
            let episode = &index.episodes[e as usize];
            episode
                .number
                .map_or_else(|| episode.id.clone(), |n| format!("#{n}"))
        })
        .collect();
    let mut text = names.join(", ");
    if episodes.len() > limit {
        text.push_str(&format!(" and {} more", episodes.len() - limit));
    }
    text
}

/// `podgraph neighbors`.
pub fn neighbors(args: &NeighborsArgs) -> Result<Outcome> {
    let index = load(&args.query)?;
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
                entity: entity_ref(&index.entities[entity as usize]),
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
        for n in &list {
            let e = &index.entities[n.entity as usize];
            writeln!(
                out,
                "{:>6}  {:>7.3}  {:<32} {}",
                n.weight,
                n.npmi,
                sanitize(&format!("{} ({})", e.name, e.kind)),
                episode_list(index, &index.edge_episodes(&index.edges()?[n.edge])?, 6)
            )?;
        }
    }
    out.flush()?;
    Ok(found(!list.is_empty()))
}

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
    let index = load(&args.query)?;
    let mut notes = Vec::new();
    let from = resolve(index, &args.from, &mut notes)?;
    let to = resolve(index, &args.to, &mut notes)?;
    tell(index, &notes);
    let mut avoid: Vec<u32> = Vec::new();
    if !args.through_hosts {
        avoid.extend(query::tagged(index, "host"));
    }
    if !args.through_hubs {
        avoid.extend(query::hubs(index)?);
    }
    if args.hide_sponsors {
        avoid.extend(query::tagged(index, query::SPONSOR_TAG));
    }
    avoid.sort_unstable();
    avoid.dedup();
    let chain = query::path(index, from, to, &avoid)?;
    let edges = index.edges()?;
    let mut out = stdout();
    let hops: Vec<HopOut<'_>> = chain
        .as_deref()
        .unwrap_or(&[])
        .windows(2)
        .map(|pair| {
            let edge =
                &edges[query::edge_between(index, pair[0], pair[1])?.expect("a hop is an edge")];
            Ok(HopOut {
                from: entity_ref(&index.entities[pair[0] as usize]),
                to: entity_ref(&index.entities[pair[1] as usize]),
                weight: edge.weight,
                npmi: edge.npmi,
                episodes: index
                    .edge_episodes(edge)?
                    .iter()
                    .map(|&e| index.episodes[e as usize].id.as_str())
                    .collect(),
            })
        })
        .collect::<Result<_>>()?;
    if args.query.json {
        write_json(
            &mut out,
            &PathOut {
                ambiguous: notes.iter().map(|a| ambiguity_out(index, a)).collect(),
                from: entity_ref(&index.entities[from as usize]),
                to: entity_ref(&index.entities[to as usize]),
                hops,
            },
        )?;
    } else if let Some([only]) = chain.as_deref() {
        // FROM and TO are one entity: a chain of no hops.
        writeln!(out, "{}", sanitize(&index.entities[*only as usize].name))?;
    } else if chain.is_some() {
        for (i, pair) in chain.as_deref().unwrap_or(&[]).windows(2).enumerate() {
            let edge = &edges[query::edge_between(index, pair[0], pair[1])?.expect("an edge")];
            if i == 0 {
                writeln!(out, "{}", sanitize(&index.entities[pair[0] as usize].name))?;
            }
            writeln!(
                out,
                "  └─ {} shared windows in {}",
                edge.weight,
                episode_list(index, &index.edge_episodes(edge)?, 8)
            )?;
            writeln!(out, "{}", sanitize(&index.entities[pair[1] as usize].name))?;
        }
    }
    out.flush()?;
    if chain.is_none() {
        eprintln!(
            "podgraph: no chain of co-mentions links {} and {}{}",
            sanitize(&index.entities[from as usize].name),
            sanitize(&index.entities[to as usize].name),
            match (args.through_hosts, args.through_hubs) {
                (true, true) => "",
                (false, true) => " (without the hosts; try --through-hosts)",
                (true, false) => " (without hubs; try --through-hubs)",
                (false, false) => " (without hosts and hubs; try --through-hosts --through-hubs)",
            }
        );
    }
    Ok(found(chain.is_some()))
}

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
    let index = load(&args.query)?;
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
            let entity = &index.entities[e as usize];
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
    Ok(found(!rows.is_empty()))
}

#[derive(Serialize)]
struct TimelineRow<'a> {
    #[serde(flatten)]
    episode: EpisodeRef<'a>,
    mentions: usize,
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
    aliases: &'a [String],
    ambiguous_aliases: &'a [String],
    tags: &'a [String],
    mentions: u32,
    episodes: u32,
    first_episode: Option<EpisodeRef<'a>>,
    last_episode: Option<EpisodeRef<'a>>,
    pagerank: f64,
    betweenness: f64,
    community: Option<u32>,
    by_year: Vec<YearRow>,
    neighbors_by_weight: Vec<NeighborOut<'a>>,
    neighbors_by_npmi: Vec<NeighborOut<'a>>,
}

/// Mentions and episodes per recording year ("unknown" for undated episodes).
fn by_year(index: &QueryIndex, timeline: &[(usize, usize)]) -> Vec<YearRow> {
    let mut years: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for &(episode, count) in timeline {
        let year = index.episodes[episode]
            .date
            .as_deref()
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
    let index = load(&args.query)?;
    let mut notes = Vec::new();
    let e = resolve(index, &args.entity, &mut notes)?;
    tell(index, &notes);
    let entity = &index.entities[e as usize];
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
        aliases: &entity.aliases,
        ambiguous_aliases: &entity.ambiguous_aliases,
        tags: &entity.tags,
        mentions: entity.mentions,
        episodes: entity.episodes,
        first_episode: timeline
            .first()
            .map(|&(ep, _)| episode_ref(&index.episodes[ep])),
        last_episode: timeline
            .last()
            .map(|&(ep, _)| episode_ref(&index.episodes[ep])),
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
                    plural(entity.mentions as usize, "mention"),
                    plural(entity.episodes as usize, "episode")
                )
            )
        )?;
        if let (Some(first), Some(last)) = (&profile.first_episode, &profile.last_episode) {
            let name = |e: &EpisodeRef<'_>| {
                format!(
                    "{} {}",
                    e.number.map_or(e.id.to_owned(), |n| format!("#{n}")),
                    e.date.unwrap_or("")
                )
            };
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
    Ok(found(entity.mentions > 0))
}

/// `podgraph timeline`.
pub fn timeline(args: &EntityArgs) -> Result<Outcome> {
    let index = load(&args.query)?;
    let mut notes = Vec::new();
    let e = resolve(index, &args.entity, &mut notes)?;
    tell(index, &notes);
    let rows: Vec<TimelineRow<'_>> = query::timeline(index, e)?
        .into_iter()
        .map(|(episode, mentions)| TimelineRow {
            episode: episode_ref(&index.episodes[episode]),
            mentions,
        })
        .collect();
    let mut out = stdout();
    if args.query.json {
        write_json(
            &mut out,
            &serde_json::json!({
                "entity": entity_ref(&index.entities[e as usize]),
                "ambiguous": notes.iter().map(|a| ambiguity_out(index, a)).collect::<Vec<_>>(),
                "episodes": rows,
            }),
        )?;
    } else {
        let max = rows.iter().map(|r| r.mentions).max().unwrap_or(1);
        for row in &rows {
            let bar = "█".repeat((row.mentions * 40).div_ceil(max));
            writeln!(
                out,
                "{:>6}  {:<10}  {:>4}  {bar}",
                row.episode
                    .number
                    .map_or_else(|| row.episode.id.to_owned(), |n| format!("#{n}")),
                row.episode.date.unwrap_or("-"),
                row.mentions
            )?;
        }
    }
    out.flush()?;
    if rows.is_empty() {
        eprintln!(
            "podgraph: no episode mentions {}",
            sanitize(&index.entities[e as usize].name)
        );
    }
    Ok(found(!rows.is_empty()))
}
