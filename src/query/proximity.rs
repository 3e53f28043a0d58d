//! Where an expression holds: which episodes, and within them which windows (one segment, or
//! mentions `N` seconds apart), using the postings to skip episodes that cannot match. Separate
//! from the expression itself ([`super::expr`]) because this is the part that reads mentions.

use std::collections::{BTreeMap, BTreeSet};

use super::Expr;
use crate::graph::Window;
use crate::index::{IndexEntityId, IndexEpisodeId, IndexError, IndexMention, QueryIndex};

/// What counts as "together" in a query. Written like the graph's [`Window`] (`episode`,
/// `segment`, `60`), with another meaning for a number: mentions within `n` seconds of one
/// another (a sliding window), where the graph counts fixed buckets of `n` seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proximity {
    /// Anywhere in the same episode.
    Episode,
    /// In the same segment.
    Segment,
    /// Within this many seconds of one another.
    Within(u64),
}

impl std::fmt::Display for Proximity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Proximity::Episode => Window::Episode.fmt(f),
            Proximity::Segment => Window::Segment.fmt(f),
            Proximity::Within(n) => Window::Seconds(*n).fmt(f),
        }
    }
}

impl std::str::FromStr for Proximity {
    type Err = String;

    /// `episode`, `segment`, or a number of seconds (`60`, `60s`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.parse::<Window>()? {
            Window::Episode => Proximity::Episode,
            Window::Segment => Proximity::Segment,
            Window::Seconds(n) => Proximity::Within(n),
        })
    }
}

/// An episode that satisfies a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpisodeHit {
    /// The episode.
    pub episode: IndexEpisodeId,
    /// How often the episode mentions each of the expression's wanted entities
    /// ([`Expr::wanted`], in that order).
    pub counts: Vec<usize>,
    /// The mentions of the wanted entities that make it a hit, in text order: all of them for
    /// [`Proximity::Episode`], those in satisfying windows otherwise. Their snippets' text is
    /// read when asked for ([`QueryIndex::snippets`]), so that a query reads the text it shows.
    pub mentions: Vec<IndexMention>,
}

/// The episodes where `expr` holds, in corpus order.
///
/// With a [`Proximity`] narrower than the episode, the expression must hold for one window: one
/// segment, or the mentions from one mention to `N` seconds after it. Windows are anchored at
/// the mentions of the expression's own entities, and other entities are ignored (they cannot
/// change its truth), unless the expression holds for a window with none of its entities
/// (`NOT python`), in which case every mention anchors a window.
///
/// Cost: the postings of the named entities decide which episodes can hold the expression (for
/// an expression without `NOT`, it must hold for the episode's whole set of entities); only
/// those episodes' mention records are read, and only the mentions of the named entities kept.
/// `O(P + Σ m log m)` for `P` postings and `m` mentions of each episode read.
pub fn episodes_matching(
    index: &QueryIndex,
    expr: &Expr,
    proximity: Proximity,
) -> Result<Vec<EpisodeHit>, IndexError> {
    let wanted = expr.wanted();
    let mut named = Vec::new();
    collect_entities(expr, &mut named);
    let vacuous = expr.holds(&[]);
    let candidates: Vec<IndexEpisodeId> = if vacuous || !expr.is_monotone() {
        index.episode_ids().collect()
    } else {
        // Which named entities each episode mentions, from their postings.
        let mut present: BTreeMap<IndexEpisodeId, Vec<IndexEntityId>> = BTreeMap::new();
        for &e in &named {
            for (episode, _) in index.postings(e)? {
                present.entry(episode).or_default().push(e);
            }
        }
        present
            .into_iter()
            .filter(|(_, entities)| expr.holds(entities))
            .map(|(episode, _)| episode)
            .collect()
    };
    let mut hits = Vec::new();
    let mut present: Vec<IndexEntityId> = Vec::new();
    for episode in candidates {
        // Other entities cannot change the expression's truth in a window: only the named
        // entities' mentions are kept, unless a window with none of them can hold it.
        let mentions =
            &index.episode_mentions_of(episode, |e| vacuous || named.binary_search(&e).is_ok())?;
        let relevant = 0..mentions.len();
        let mut chosen: BTreeSet<usize> = BTreeSet::new();
        let mut window = |members: &[usize]| {
            present.clear();
            present.extend(members.iter().map(|&i| mentions[i].entity));
            present.sort_unstable();
            present.dedup();
            let holds = expr.holds(&present);
            if holds {
                chosen.extend(
                    members
                        .iter()
                        .filter(|&&i| wanted.contains(&mentions[i].entity))
                        .copied(),
                );
            }
            holds
        };
        let mut matched = false;
        match proximity {
            Proximity::Episode => matched = window(&relevant.collect::<Vec<_>>()),
            Proximity::Segment => {
                for group in segment_groups(mentions, relevant) {
                    matched |= window(&group);
                }
            }
            Proximity::Within(seconds) => {
                let span = seconds.saturating_mul(1000);
                let (mut timed, untimed): (Vec<usize>, Vec<usize>) =
                    relevant.partition(|&i| mentions[i].start_ms.is_some());
                let time = |i: usize| mentions[i].start_ms.unwrap_or(0);
                timed.sort_by_key(|&i| (time(i), i));
                let mut end = 0;
                for k in 0..timed.len() {
                    end = end.max(k);
                    while end + 1 < timed.len() && time(timed[end + 1]) <= time(timed[k]) + span {
                        end += 1;
                    }
                    matched |= window(&timed[k..=end]);
                }
                for group in segment_groups(mentions, untimed) {
                    matched |= window(&group);
                }
            }
        }
        if matched {
            hits.push(EpisodeHit {
                episode,
                counts: wanted
                    .iter()
                    .map(|&e| mentions.iter().filter(|m| m.entity == e).count())
                    .collect(),
                mentions: chosen.into_iter().map(|i| mentions[i].clone()).collect(),
            });
        }
    }
    Ok(hits)
}

/// Every entity an expression names, sorted, once each.
fn collect_entities(expr: &Expr, out: &mut Vec<IndexEntityId>) {
    match expr {
        Expr::Entity(e) => {
            if let Err(at) = out.binary_search(e) {
                out.insert(at, *e);
            }
        }
        Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| collect_entities(x, out)),
        Expr::Not(x) => collect_entities(x, out),
    }
}

/// The `positions` (ascending, so each segment's are consecutive) of `mentions`, grouped by
/// segment.
fn segment_groups(
    mentions: &[IndexMention],
    positions: impl IntoIterator<Item = usize>,
) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in positions {
        match groups.last_mut() {
            Some(group) if mentions[group[0]].segment == mentions[i].segment => group.push(i),
            _ => groups.push(vec![i]),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture::index;

    #[test]
    fn proximity_decides_which_episodes_match() {
        let index = index();
        let [a, b, c] = [0, 1, 2].map(|n| Expr::Entity(IndexEntityId::new(n)));
        let both = Expr::And(vec![a.clone(), b.clone()]);
        let episodes = |expr: &Expr, p| -> Vec<usize> {
            episodes_matching(&index, expr, p)
                .unwrap()
                .iter()
                .map(|h| h.episode.index())
                .collect()
        };
        assert_eq!(episodes(&both, Proximity::Episode), [0]);
        assert_eq!(episodes(&both, Proximity::Segment), Vec::<usize>::new());
        assert_eq!(episodes(&both, Proximity::Within(60)), Vec::<usize>::new());
        assert_eq!(episodes(&both, Proximity::Within(90)), [0]);
        let a_and_c = Expr::And(vec![a.clone(), c]);
        assert_eq!(episodes(&a_and_c, Proximity::Segment), [0]);
        // The hit lists the wanted mentions of the windows that hold, not the others, and
        // counts all of the episode's.
        let hits = episodes_matching(&index, &a_and_c, Proximity::Segment).unwrap();
        let entities: Vec<u32> = hits[0].mentions.iter().map(|m| m.entity.get()).collect();
        assert_eq!(entities, [0, 2]);
        assert_eq!(hits[0].counts, [1, 1]);
        assert_eq!(episodes(&b, Proximity::Segment), [0, 1]);
        let not_a = Expr::Not(Box::new(a));
        assert_eq!(episodes(&not_a, Proximity::Episode), [1]);
    }
}
