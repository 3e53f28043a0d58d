//! Queries over the co-mention graph and the entities' counts: an entity's neighbours, the
//! strongest shortest chain between two entities, the hubs and sponsors a chain should avoid,
//! the most mentioned entities and an entity's timeline. Separate from episode matching
//! ([`super::proximity`]) because these read the edges and postings, never the mentions.

use crate::catalog::Kind;
use crate::index::{IndexEdge, IndexEntityId, IndexEpisodeId, IndexError, QueryIndex, widen};
use crate::traverse::{Until, shortest_steps};

/// An entity associated with another.
#[derive(Clone, Debug, PartialEq)]
pub struct Neighbor {
    /// The neighbour.
    pub entity: IndexEntityId,
    /// Windows shared.
    pub weight: u32,
    /// NPMI of the pair.
    pub npmi: f64,
    /// The co-mention ([`QueryIndex::edge_episodes`] gives its episodes).
    pub edge: IndexEdge,
}

/// How to rank neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rank {
    /// By shared windows, then NPMI.
    Weight,
    /// By NPMI, then shared windows.
    Npmi,
}

/// The entities mentioned together with `entity` at least `min_weight` times, best first by
/// `rank` (ties by id). Reads the entity's co-mentions only: `O(d log d)` for `d` of them.
pub fn neighbors(
    index: &QueryIndex,
    entity: IndexEntityId,
    rank: Rank,
    min_weight: u32,
) -> Result<Vec<Neighbor>, IndexError> {
    let mut out: Vec<Neighbor> = index
        .co_mentions(entity)?
        .into_iter()
        .filter(|e| e.weight >= min_weight)
        .map(|e| Neighbor {
            entity: e.other(entity),
            weight: e.weight,
            npmi: e.npmi,
            edge: e,
        })
        .collect();
    out.sort_by(|x, y| {
        let order = match rank {
            Rank::Weight => y.weight.cmp(&x.weight).then(y.npmi.total_cmp(&x.npmi)),
            Rank::Npmi => y.npmi.total_cmp(&x.npmi).then(y.weight.cmp(&x.weight)),
        };
        order.then_with(|| index.entity(x.entity).id.cmp(index.entity(y.entity).id))
    });
    Ok(out)
}

/// The shortest chain of co-mentions from `from` to `to`, as entities, avoiding the
/// entities in `avoid` (unless they are an end), or `None` if they are not connected.
///
/// Among chains of the fewest hops, the one with the most shared windows in total is chosen,
/// ties broken by entity order, so the answer is the strongest shortest chain and always the
/// same. One breadth-first search, choosing each node's best way as it goes: `O(V + E)`.
pub fn path(
    index: &QueryIndex,
    from: IndexEntityId,
    to: IndexEntityId,
    avoid: &[IndexEntityId],
) -> Result<Option<Vec<IndexEntityId>>, IndexError> {
    let n = index.entity_count();
    // The walk is over positions (`usize`), as the adjacency lists are.
    let (from, to) = (from.index(), to.index());
    let mut avoided = vec![false; n];
    for e in avoid {
        avoided[e.index()] = true;
    }
    let usable = |e: IndexEntityId| e.index() == from || e.index() == to || !avoided[e.index()];
    let adjacency = index.co_mention_lists(usable)?;
    // The best total weight of a shortest chain reaching each node, and where it came from:
    // the heaviest, then the one from the smallest position, whatever order the ways come in.
    let mut best: Vec<(u64, Option<usize>)> = vec![(0, None); n];
    let steps = shortest_steps(&adjacency, from, Until::Reached(to), |v, w, &weight| {
        let total = best[v].0 + u64::from(weight);
        let (so_far, came_from) = best[w];
        if came_from.is_none_or(|u| total > so_far || (total == so_far && v < u)) {
            best[w] = (total, Some(v));
        }
    });
    if steps[to].is_none() {
        return Ok(None);
    }
    let mut chain = vec![to];
    let mut at = to;
    while at != from {
        at = best[at].1.expect("a node reached has where it came from");
        chain.push(at);
    }
    Ok(Some(
        chain
            .into_iter()
            .rev()
            .map(IndexEntityId::from_position)
            .collect(),
    ))
}

/// A hub is co-mentioned with more than this share of the entities mentioned anywhere: in a
/// Python show, "Python" (72 %), the hosts and the show itself. A chain through a hub says
/// nothing ("bokeh – Python – asyncio"), so [`path`]'s callers avoid hubs by default.
pub const HUB_SHARE: f64 = 0.25;

/// The tag of sponsor reads' entities (Patreon, Datadog, ...), which users may hide.
pub const SPONSOR_TAG: &str = "sponsor";

/// The hubs of the index (see [`HUB_SHARE`]), in entity order. `O(V)`: an entity's degree is
/// the length of its co-mentions, known without reading them.
pub fn hubs(index: &QueryIndex) -> Vec<IndexEntityId> {
    let mentioned = index.entities().filter(|e| e.mentions > 0).count();
    let limit = HUB_SHARE * mentioned.saturating_sub(1) as f64;
    index
        .entity_ids()
        .filter(|&e| index.degree(e) as f64 > limit)
        .collect()
}

/// The entities tagged `tag`, in entity order. `O(V)`.
pub fn tagged(index: &QueryIndex, tag: &str) -> Vec<IndexEntityId> {
    index
        .entity_ids()
        .filter(|&e| index.entity(e).tags.iter().any(|t| t == tag))
        .collect()
}

/// The edge between two entities, if any: a search of `a`'s co-mentions.
pub fn edge_between(
    index: &QueryIndex,
    a: IndexEntityId,
    b: IndexEntityId,
) -> Result<Option<IndexEdge>, IndexError> {
    let edges = index.co_mentions(a)?;
    Ok(edges
        .binary_search_by_key(&b, |e| e.other(a))
        .ok()
        .map(|at| edges[at]))
}

/// The `n` most mentioned entities (of `kind`, if given), most mentioned first (ties by id).
pub fn top(index: &QueryIndex, kind: Option<Kind>, n: usize) -> Vec<IndexEntityId> {
    let mut ranked: Vec<(IndexEntityId, u32, &str)> = index
        .entity_ids()
        .zip(index.entities())
        .filter(|(_, e)| e.mentions > 0 && kind.is_none_or(|k| e.kind == k))
        .map(|(id, e)| (id, e.mentions, e.id))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(b.2)));
    ranked.truncate(n);
    ranked.into_iter().map(|(id, _, _)| id).collect()
}

/// How often each episode mentions `entity`: `(episode, mentions)` in corpus order, for the
/// episodes that do; its postings, one read.
pub fn timeline(
    index: &QueryIndex,
    entity: IndexEntityId,
) -> Result<Vec<(IndexEpisodeId, usize)>, IndexError> {
    Ok(index
        .postings(entity)?
        .into_iter()
        .map(|(episode, n)| (episode, widen(n)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture::index;

    #[test]
    fn path_takes_the_fewest_hops_and_can_avoid_entities() {
        let index = index();
        let [a, b, c, d] = [0, 1, 2, 3].map(IndexEntityId::new);
        assert_eq!(path(&index, a, d, &[]).unwrap(), Some(vec![a, b, c, d]));
        assert_eq!(path(&index, a, d, &[c]).unwrap(), None);
        assert_eq!(path(&index, c, c, &[]).unwrap(), Some(vec![c]));
        let edge = edge_between(&index, c, b).unwrap().unwrap();
        assert_eq!((edge.a, edge.b, edge.weight), (b, c, 1));
        assert_eq!(edge_between(&index, a, d).unwrap(), None);
    }

    #[test]
    fn neighbors_rank_by_weight_or_npmi() {
        let index = index();
        let [b, c, d] = [1, 2, 3].map(IndexEntityId::new);
        let ids = |rank| -> Vec<IndexEntityId> {
            neighbors(&index, c, rank, 1)
                .unwrap()
                .iter()
                .map(|n| n.entity)
                .collect()
        };
        assert_eq!(ids(Rank::Weight), [d, b]);
        assert_eq!(neighbors(&index, c, Rank::Weight, 2).unwrap().len(), 1);
    }
}
