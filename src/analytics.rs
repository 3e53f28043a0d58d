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
//! No kept crate fits PageRank or betweenness as podgraph needs them: petgraph's `page_rank`
//! ignores weights and costs `O(iterations · V² · deg)` (minutes on a few thousand nodes);
//! rustworkx keeps its PageRank out of rustworkx-core, and rustworkx-core's betweenness is either
//! single-threaded (2.3 s on the corpus graph) or non-deterministic, and cannot sample. So
//! [`pagerank`] is the standard weighted power iteration and [`betweenness`] Brandes' algorithm,
//! checked against networkx and rustworkx-core in the tests.
//!
//! Everything here is deterministic: fixed iteration order, fixed seed, no parallel floating-point
//! sums (whose result would depend on thread timing).

use petgraph::graph::UnGraph;
use petgraph::visit::EdgeRef;
use rayon::prelude::*;

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

/// The measures of a graph's nodes, and what the caller should be told about them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    /// Every node's measures, in node-index order.
    pub metrics: Vec<NodeMetrics>,
    /// Why community detection failed, if it did (every node is then its own community).
    pub communities_failed: Option<String>,
}

/// Computes every measure for every node of `graph`, in node-index order.
///
/// `weight` gives an edge's weight (positive). Cost: `O(V·E)` for betweenness (Brandes), which
/// dominates; PageRank `O(iterations · E)`, communities about `O(E log V)`.
pub fn analyse<N: Sync, E: Sync>(
    graph: &UnGraph<N, E>,
    weight: impl Fn(&E) -> f64 + Sync,
) -> Analysis {
    let strength = strength(graph, &weight);
    // Betweenness runs on every core, PageRank and the communities on one: side by side, the
    // second pair fills the gaps of the first.
    let (betweenness, (pagerank, communities)) = rayon::join(
        || betweenness(graph),
        || {
            let pagerank = pagerank_from(graph, &weight, &strength);
            (pagerank, detect_communities(graph, &weight))
        },
    );
    let (communities, communities_failed) = match communities {
        Ok(labels) => (labels, None),
        Err(why) => ((0..graph.node_count()).collect(), Some(why)),
    };
    let metrics = graph
        .node_indices()
        .map(|n| NodeMetrics {
            degree: graph.neighbors(n).count(),
            weighted_degree: strength[n.index()],
            pagerank: pagerank[n.index()],
            betweenness: betweenness[n.index()],
            community: communities[n.index()],
        })
        .collect();
    Analysis {
        metrics,
        communities_failed,
    }
}

/// Weighted PageRank by power iteration, as networkx computes it: damping `0.85`, a node without
/// edges spreads its rank evenly, stop when the L1 change is below `V · 1e-6` or after 100 rounds.
///
/// Cost: `O(E)` per round.
pub fn pagerank<N, E>(graph: &UnGraph<N, E>, weight: impl Fn(&E) -> f64) -> Vec<f64> {
    pagerank_from(graph, &weight, &strength(graph, &weight))
}

/// Each node's weighted degree, by node index.
fn strength<N, E>(graph: &UnGraph<N, E>, weight: impl Fn(&E) -> f64) -> Vec<f64> {
    graph
        .node_indices()
        .map(|v| graph.edges(v).map(|e| weight(e.weight())).sum())
        .collect()
}

/// [`pagerank`] with the weighted degrees already known.
fn pagerank_from<N, E>(
    graph: &UnGraph<N, E>,
    weight: impl Fn(&E) -> f64,
    strength: &[f64],
) -> Vec<f64> {
    const DAMPING: f64 = 0.85;
    const ROUNDS: usize = 100;
    const TOLERANCE: f64 = 1e-6;
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
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

/// Above this many `V · E` steps, betweenness is estimated from a sample of sources.
const EXACT_BETWEENNESS_WORK: usize = 10_000_000;

/// Normalised betweenness centrality, endpoints excluded, as networkx's default.
///
/// Brandes' algorithm: one breadth-first search per source, `O(V · E)` time and `O(V + E)`
/// memory per thread. Exact while `V · E` stays under 10⁷ (a graph of a few hundred episodes);
/// above that, sources are sampled evenly by node index, `10⁷ / E` of them (249 of the whole
/// Python Bytes graph's 1,836), and the sums scaled by `V / k` (Brandes and Pich 2007), which
/// bounds the cost at about 10⁷ steps. On the Python Bytes graph the estimate keeps the exact
/// top 10 (18 of the top 20), each within 20 % of its exact value, in a fifth of the time.
///
/// Sources run in parallel, in fixed chunks whose partial sums are added in chunk order, so the
/// result is the same to the last bit whatever the thread count. (rustworkx-core's version adds
/// partial sums in scheduling order, its single-threaded one took 2.3 s on the corpus graph, and
/// it cannot sample; it checks this one in the tests.)
pub fn betweenness<N, E>(graph: &UnGraph<N, E>) -> Vec<f64> {
    betweenness_within(graph, EXACT_BETWEENNESS_WORK)
}

/// [`betweenness`], sampling sources once `V · E` exceeds `budget`.
fn betweenness_within<N, E>(graph: &UnGraph<N, E>, budget: usize) -> Vec<f64> {
    let n = graph.node_count();
    if n < 3 {
        return vec![0.0; n];
    }
    let adjacency: Vec<Vec<u32>> = graph
        .node_indices()
        .map(|v| {
            let mut neighbours: Vec<u32> = graph.neighbors(v).map(|w| w.index() as u32).collect();
            neighbours.sort_unstable();
            neighbours.dedup();
            neighbours
        })
        .collect();
    let work = n.saturating_mul(graph.edge_count().max(1));
    let sources: Vec<usize> = if work <= budget {
        (0..n).collect()
    } else {
        let k = (budget / graph.edge_count().max(1)).clamp(64, n);
        (0..k).map(|j| j * n / k).collect()
    };
    const CHUNK: usize = 64;
    let partials: Vec<Vec<f64>> = sources
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut search = Search::new(n);
            let mut sums = vec![0.0; n];
            for &s in chunk {
                search.accumulate(&adjacency, s, &mut sums);
            }
            sums
        })
        .collect();
    let mut total = vec![0.0; n];
    for partial in &partials {
        for (t, p) in total.iter_mut().zip(partial) {
            *t += p;
        }
    }
    // Undirected pairs are seen from both ends; networkx normalises by (n-1)(n-2) ordered pairs.
    let scale = (n as f64 / sources.len() as f64) / ((n - 1) as f64 * (n - 2) as f64);
    total.iter_mut().for_each(|b| *b *= scale);
    total
}

/// The buffers of one breadth-first search of Brandes' algorithm, reused across sources.
struct Search {
    distance: Vec<u32>,
    paths: Vec<f64>,
    dependency: Vec<f64>,
    order: Vec<u32>,
}

impl Search {
    fn new(n: usize) -> Self {
        Search {
            distance: vec![u32::MAX; n],
            paths: vec![0.0; n],
            dependency: vec![0.0; n],
            order: Vec::with_capacity(n),
        }
    }

    /// Adds the dependencies of `source` on every other node to `sums`.
    fn accumulate(&mut self, adjacency: &[Vec<u32>], source: usize, sums: &mut [f64]) {
        self.order.clear();
        self.distance[source] = 0;
        self.paths[source] = 1.0;
        self.order.push(source as u32);
        let mut head = 0;
        while head < self.order.len() {
            let v = self.order[head] as usize;
            head += 1;
            for &w in &adjacency[v] {
                let w = w as usize;
                if self.distance[w] == u32::MAX {
                    self.distance[w] = self.distance[v] + 1;
                    self.order.push(w as u32);
                }
                if self.distance[w] == self.distance[v] + 1 {
                    self.paths[w] += self.paths[v];
                }
            }
        }
        for &w in self.order.iter().rev() {
            let w = w as usize;
            let coefficient = (1.0 + self.dependency[w]) / self.paths[w];
            for &v in &adjacency[w] {
                let v = v as usize;
                if self.distance[v] != u32::MAX && self.distance[v] + 1 == self.distance[w] {
                    self.dependency[v] += self.paths[v] * coefficient;
                }
            }
            if w != source {
                sums[w] += self.dependency[w];
            }
        }
        for &w in &self.order {
            let w = w as usize;
            self.distance[w] = u32::MAX;
            self.paths[w] = 0.0;
            self.dependency[w] = 0.0;
        }
    }
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

/// The seed of the community search: fixed, so the same graph always gets the same clusters.
const COMMUNITY_SEED: u64 = 42;

/// The community of each node, by node index, numbered by size (0 is the largest).
///
/// Leiden modularity optimisation (Traag et al. 2019) through leiden-rs, seeded; about
/// `O(E log V)`, 6 ms on the corpus graph. Candidates compared on Zachary's karate club and the
/// corpus graph against networkx's Louvain (docs/graph-json.md#communities): leiden-rs matched
/// its modularity (0.224 on the corpus), deterministic with a seed, in a fraction of the time;
/// graphrs' Leiden cannot be seeded and took over a minute; rustworkx-core has no community
/// detection. The choice stays behind this one function.
///
/// A node without edges is a community of its own. Weights that are not finite and positive
/// (which the graph never produces) make leiden-rs refuse; every node is then its own
/// community rather than a panic ([`detect_communities`] says why).
pub fn communities<N, E>(graph: &UnGraph<N, E>, weight: impl Fn(&E) -> f64) -> Vec<usize> {
    detect_communities(graph, weight).unwrap_or_else(|_| (0..graph.node_count()).collect())
}

/// The communities of [`communities`], or why leiden-rs refused the graph.
pub fn detect_communities<N, E>(
    graph: &UnGraph<N, E>,
    weight: impl Fn(&E) -> f64,
) -> Result<Vec<usize>, String> {
    let n = graph.node_count();
    let mut builder = leiden_rs::GraphDataBuilder::new(n);
    for edge in graph.edge_references() {
        builder
            .add_edge(
                edge.source().index(),
                edge.target().index(),
                weight(edge.weight()),
            )
            .map_err(|e| e.to_string())?;
    }
    let config = leiden_rs::LeidenConfig {
        seed: Some(COMMUNITY_SEED),
        ..Default::default()
    };
    let labels: Vec<usize> = builder
        .build()
        .and_then(|data| leiden_rs::Leiden::new(config).run(&data))
        .map(|out| (0..n).map(|v| out.partition.community_of(v)).collect())
        .map_err(|e| e.to_string())?;
    Ok(canonical(&labels))
}

#[cfg(test)]
mod tests {
    use super::*;
    use petgraph::graph::NodeIndex;

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

    /// A deterministic pseudo-random sequence (xorshift64): test graphs without a dependency.
    fn xorshift(seed: u64) -> impl FnMut() -> u64 {
        let mut state = seed;
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// A deterministic pseudo-random graph: `n` nodes, about `n * degree / 2` edges.
    fn random_graph(n: u32, degree: u32, seed: u64) -> UnGraph<(), f64> {
        let mut next = xorshift(seed);
        let mut g = UnGraph::default();
        let nodes: Vec<NodeIndex> = (0..n).map(|_| g.add_node(())).collect();
        for _ in 0..n * degree / 2 {
            let a = (next() % u64::from(n)) as usize;
            let b = (next() % u64::from(n)) as usize;
            if a != b && g.find_edge(nodes[a], nodes[b]).is_none() {
                g.add_edge(nodes[a], nodes[b], 1.0);
            }
        }
        g
    }

    #[test]
    fn betweenness_matches_rustworkx_core_on_random_graphs() {
        for (n, degree, seed) in [(50, 3, 1), (200, 6, 2), (300, 2, 3)] {
            let g = random_graph(n, degree, seed);
            let reference: Vec<f64> =
                rustworkx_core::centrality::betweenness_centrality(&g, false, true, usize::MAX)
                    .into_iter()
                    .map(|b| b.unwrap_or(0.0))
                    .collect();
            let ours = betweenness(&g);
            for (i, (a, b)) in ours.iter().zip(&reference).enumerate() {
                assert!((a - b).abs() < 1e-9, "n={n} node {i}: {a} vs {b}");
            }
        }
    }

    /// Preferential attachment: each new node links to `links` endpoints of earlier edges, so
    /// degrees (and betweenness) are heavy-tailed like a co-mention graph's.
    fn scale_free_graph(n: u32, links: u32, seed: u64) -> UnGraph<(), f64> {
        let mut next = xorshift(seed);
        let mut g = UnGraph::default();
        let mut ends: Vec<NodeIndex> = vec![g.add_node(()), g.add_node(())];
        g.add_edge(ends[0], ends[1], 1.0);
        for _ in 2..n {
            let v = g.add_node(());
            for _ in 0..links {
                let u = ends[(next() % ends.len() as u64) as usize];
                if g.find_edge(u, v).is_none() {
                    g.add_edge(u, v, 1.0);
                    ends.extend([u, v]);
                }
            }
        }
        g
    }

    #[test]
    fn sampled_betweenness_keeps_the_most_central_nodes() {
        let g = scale_free_graph(1000, 3, 7);
        let exact = betweenness_within(&g, usize::MAX);
        // A budget that leaves 100 of 1,000 sources.
        let sampled = betweenness_within(&g, 100 * g.edge_count());
        let top = |values: &[f64]| {
            let mut order: Vec<usize> = (0..values.len()).collect();
            order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
            order.truncate(10);
            order
        };
        let (a, b) = (top(&sampled), top(&exact));
        let shared = a.iter().filter(|x| b.contains(x)).count();
        assert!(
            shared >= 8,
            "only {shared} of the top 10 agree: {a:?} vs {b:?}"
        );
        let hub = b[0];
        assert!((sampled[hub] - exact[hub]).abs() / exact[hub] < 0.25);
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
    fn detection_that_fails_says_why_and_leaves_every_node_alone() {
        let mut g = UnGraph::<(), f64>::default();
        let (a, b, c) = (g.add_node(()), g.add_node(()), g.add_node(()));
        g.add_edge(a, b, f64::NAN);
        g.add_edge(b, c, 1.0);
        assert!(detect_communities(&g, |&w| w).is_err());
        let analysis = analyse(&g, |&w| w);
        assert!(analysis.communities_failed.is_some());
        let communities: Vec<usize> = analysis.metrics.iter().map(|m| m.community).collect();
        assert_eq!(communities, [0, 1, 2]);
        assert_eq!(analyse(&karate(), |&w| w).communities_failed, None);
    }

    #[test]
    fn communities_split_the_karate_club_like_networkx() {
        let g = karate();
        let found = communities(&g, |&w| w);
        assert_eq!(
            found,
            communities(&g, |&w| w),
            "same graph, same communities"
        );
        // Modularity of the partition, as networkx computes it.
        let total: f64 = g.edge_weights().sum();
        let strength = |v: usize| -> f64 { g.edges(NodeIndex::new(v)).map(|e| *e.weight()).sum() };
        let mut q = 0.0;
        for c in 0..=*found.iter().max().unwrap() {
            let inside: f64 = g
                .edge_references()
                .filter(|e| found[e.source().index()] == c && found[e.target().index()] == c)
                .map(|e| *e.weight())
                .sum();
            let degree: f64 = (0..34).filter(|&v| found[v] == c).map(strength).sum();
            q += inside / total - (degree / (2.0 * total)).powi(2);
        }
        // networkx louvain_communities(seed=42) reaches 0.4266 on this weighted graph.
        assert!(q > 0.42, "modularity {q}");
        // The instructor (0) and the administrator (33) lead different factions.
        assert_ne!(found[0], found[33]);
    }

    #[test]
    fn communities_are_numbered_by_size() {
        assert_eq!(canonical(&[7, 3, 3, 9, 3, 7]), [1, 0, 0, 2, 0, 1]);
        assert_eq!(canonical(&[5, 4]), [0, 1]);
    }
}
