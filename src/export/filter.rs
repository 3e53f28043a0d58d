//! Which part of a saved graph to show: pictures and exports of a few thousand entities and tens
//! of thousands of co-mentions are unreadable, so users cut them down first.
//!
//! Filters work on the [`GraphDocument`] (what `graph.json` holds), so `export` and `render` can
//! apply them without the transcripts or the catalog. Node analytics (PageRank, communities, ...)
//! keep the values computed on the whole graph: a filtered view shows where its entities stand in
//! the corpus, not in the view.

use std::collections::BTreeSet;

use crate::catalog::Kind;

use super::{DocumentEdge, GraphDocument};
use crate::traverse::{Until, shortest_steps};

/// Which part of a graph to keep.
///
/// Applied in this order: drop entities, tags and kinds; drop edges lighter than `min_weight`;
/// keep the `ego` neighbourhood; keep the `top` most mentioned nodes — with `ego`, the centre
/// and its most associated neighbours instead (nearest first, then by the NPMI and weight of
/// the tie to the step before); keep each node's `links_per_node` strongest edges (and every
/// edge of an ego centre); drop nodes left without edges if `drop_isolated`. Each step
/// is `O(V + E)`, but for sorting (top-N `O(V log V)`, strongest edges `O(E log E)`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Keep only edges shared by at least this many windows.
    pub min_weight: usize,
    /// Keep only this many nodes, the most mentioned (ties broken by id).
    pub top: Option<usize>,
    /// Keep only these kinds (empty: all).
    pub kinds: Vec<Kind>,
    /// Leave out these entity ids.
    pub drop: Vec<String>,
    /// Leave out entities with any of these tags (`host`).
    pub drop_tags: Vec<String>,
    /// Keep only the nodes within this many co-mention steps of this entity id.
    pub ego: Option<(String, usize)>,
    /// Keep only each node's this many most associated edges (by NPMI, then weight): an edge
    /// stays if it is among the strongest of either end. What turns a hairball into a picture.
    pub links_per_node: Option<usize>,
    /// Leave out nodes that have no edge left.
    pub drop_isolated: bool,
}

/// An ego graph's centre, each node's steps from it, and each node's tie to the step before.
type Ego = (usize, Vec<Option<usize>>, Vec<Tie>);

/// How strong a tie is: enough shared windows for its NPMI to count, its NPMI, its windows.
type Tie = (bool, f64, usize);

/// Shared windows a tie needs before its NPMI ranks a neighbour of an ego centre (as
/// `podgraph neighbors --by npmi` asks by default).
pub const EGO_MIN_WEIGHT: usize = 3;

impl Filter {
    /// Whether this filter keeps everything.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }
}

impl GraphDocument {
    /// The part of the graph `filter` keeps. Nodes and edges keep their order; episodes are all
    /// kept.
    pub fn filtered(&self, filter: &Filter) -> GraphDocument {
        let mut keep: Vec<bool> = self
            .nodes
            .iter()
            .map(|node| {
                !filter.drop.contains(&node.id)
                    && !node.tags.iter().any(|t| filter.drop_tags.contains(t))
                    && (filter.kinds.is_empty() || filter.kinds.contains(&node.kind))
            })
            .collect();
        let index = self.node_positions();
        // Edges as node-index pairs; an edge naming an unknown node is dropped.
        let ends: Vec<Option<(usize, usize)>> = self
            .edge_list()
            .iter()
            .map(|e| {
                Some((
                    *index.get(e.source.as_str())?,
                    *index.get(e.target.as_str())?,
                ))
            })
            .collect();
        let mut edge_kept: Vec<bool> = self
            .edge_list()
            .iter()
            .zip(&ends)
            .map(|(e, ends)| ends.is_some() && e.weight >= filter.min_weight)
            .collect();
        let live = |keep: &[bool], edge_kept: &[bool], i: usize| {
            edge_kept[i] && ends[i].is_some_and(|(a, b)| keep[a] && keep[b])
        };

        // With an ego graph: each kept node's steps from the centre, and how strongly it is tied
        // to the step before (its strongest edge to a node one step nearer, by NPMI then
        // weight), so that the top N are the centre's closest associates, not the corpus's
        // busiest entities.
        let mut ego: Option<Ego> = None;
        if let Some((center, depth)) = &filter.ego {
            let mut steps = vec![None; keep.len()];
            let mut tie = vec![(false, f64::NEG_INFINITY, 0); keep.len()];
            if let Some(&start) = index.get(center.as_str())
                && keep[start]
            {
                let edges = self.edge_list();
                let mut adjacency: Vec<Vec<(usize, usize)>> = vec![Vec::new(); keep.len()];
                for (i, &(a, b)) in ends
                    .iter()
                    .enumerate()
                    .filter_map(|(i, e)| Some((i, e.as_ref()?)))
                {
                    if live(&keep, &edge_kept, i) {
                        adjacency[a].push((b, i));
                        adjacency[b].push((a, i));
                    }
                }
                steps = shortest_steps(&adjacency, start, Until::Steps(*depth), |_, m, &e| {
                    // NPMI is loud for rare pairs: a tie needs a few shared windows before its
                    // NPMI ranks it.
                    let (weight, npmi) = (edges[e].weight, edges[e].npmi);
                    let strength = (weight >= EGO_MIN_WEIGHT, npmi, weight);
                    if strength
                        .0
                        .cmp(&tie[m].0)
                        .then(strength.1.total_cmp(&tie[m].1))
                        .then(strength.2.cmp(&tie[m].2))
                        .is_gt()
                    {
                        tie[m] = strength;
                    }
                });
                ego = Some((start, steps.clone(), tie));
            }
            keep = steps.iter().map(Option::is_some).collect();
        }

        if let Some(top) = filter.top {
            let mut ranked: Vec<usize> = (0..keep.len()).filter(|&i| keep[i]).collect();
            ranked.sort_by(|&a, &b| {
                let by_ego = match &ego {
                    Some((_, steps, tie)) => steps[a]
                        .cmp(&steps[b])
                        .then(tie[b].0.cmp(&tie[a].0))
                        .then(tie[b].1.total_cmp(&tie[a].1))
                        .then(tie[b].2.cmp(&tie[a].2)),
                    None => std::cmp::Ordering::Equal,
                };
                let (a, b) = (&self.nodes[a], &self.nodes[b]);
                by_ego
                    .then(b.mentions.cmp(&a.mentions))
                    .then_with(|| a.id.cmp(&b.id))
            });
            let chosen: BTreeSet<usize> = ranked.into_iter().take(top).collect();
            keep = (0..keep.len()).map(|i| chosen.contains(&i)).collect();
        }

        for i in 0..edge_kept.len() {
            let kept = live(&keep, &edge_kept, i);
            edge_kept[i] = kept;
        }
        if let Some(k) = filter.links_per_node {
            let edges = self.edge_list();
            let mut incident: Vec<Vec<usize>> = vec![Vec::new(); keep.len()];
            for (i, &(a, b)) in ends
                .iter()
                .enumerate()
                .filter_map(|(i, e)| Some((i, e.as_ref()?)))
            {
                if edge_kept[i] {
                    incident[a].push(i);
                    incident[b].push(i);
                }
            }
            let mut strongest = vec![false; edge_kept.len()];
            for list in &mut incident {
                list.sort_by(|&x, &y| {
                    let (x_edge, y_edge) = (&edges[x], &edges[y]);
                    y_edge
                        .npmi
                        .total_cmp(&x_edge.npmi)
                        .then(y_edge.weight.cmp(&x_edge.weight))
                        .then(x.cmp(&y))
                });
                for &i in list.iter().take(k) {
                    strongest[i] = true;
                }
            }
            // An ego picture shows every tie of its centre.
            if let Some((center, ..)) = &ego {
                for &i in &incident[*center] {
                    strongest[i] = true;
                }
            }
            edge_kept = strongest;
        }
        if filter.drop_isolated {
            let mut linked = vec![false; keep.len()];
            for (i, &(a, b)) in ends
                .iter()
                .enumerate()
                .filter_map(|(i, e)| Some((i, e.as_ref()?)))
            {
                if edge_kept[i] {
                    linked[a] = true;
                    linked[b] = true;
                }
            }
            keep = linked;
        }

        let edges: Vec<DocumentEdge> = self
            .edge_list()
            .iter()
            .zip(&edge_kept)
            .filter(|(_, kept)| **kept)
            .map(|(e, _)| e.clone())
            .collect();
        let mut document = GraphDocument {
            nodes: self
                .nodes
                .iter()
                .zip(&keep)
                .filter(|(_, kept)| **kept)
                .map(|(n, _)| n.clone())
                .collect(),
            edges: None,
            links: None,
            ..self.clone_header()
        };
        if self.links.is_some() {
            document.links = Some(edges);
        } else {
            document.edges = Some(edges);
        }
        document
    }

    /// Everything but the nodes and edges.
    fn clone_header(&self) -> GraphDocument {
        GraphDocument {
            directed: self.directed,
            multigraph: self.multigraph,
            graph: self.graph.clone(),
            nodes: Vec::new(),
            edges: None,
            links: None,
            episodes: self.episodes.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{DocumentNode, GraphAttributes};

    fn node(id: &str, kind: Kind, mentions: usize, tags: &[&str]) -> DocumentNode {
        DocumentNode {
            id: id.to_owned(),
            name: id.to_uppercase(),
            kind,
            mentions,
            episodes: 1,
            windows: mentions,
            first_episode: "ep-0".to_owned(),
            last_episode: "ep-0".to_owned(),
            degree: 0,
            weighted_degree: 0,
            pagerank: 0.0,
            betweenness: 0.0,
            community: 0,
            aliases: vec![format!("{id} alias")],
            ambiguous_aliases: Vec::new(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn edge(source: &str, target: &str, weight: usize, npmi: f64) -> DocumentEdge {
        DocumentEdge {
            source: source.to_owned(),
            target: target.to_owned(),
            weight,
            episode_count: 1,
            npmi,
            episodes: ["ep-0"].into_iter().collect(),
        }
    }

    /// host — a — b — c, plus a — c and an isolated d.
    fn document() -> GraphDocument {
        GraphDocument {
            directed: false,
            multigraph: false,
            graph: GraphAttributes {
                name: "test".to_owned(),
                format_version: crate::export::FORMAT_VERSION,
                build: String::new(),
                window: "60s".to_owned(),
                windows: 10,
                episodes: 1,
            },
            nodes: vec![
                node("a", Kind::Package, 9, &[]),
                node("b", Kind::Package, 5, &[]),
                node("c", Kind::Person, 3, &[]),
                node("d", Kind::Software, 1, &[]),
                node("host", Kind::Person, 20, &["host"]),
            ],
            edges: Some(vec![
                edge("a", "b", 4, 0.2),
                edge("a", "c", 1, 0.9),
                edge("a", "host", 6, 0.0),
                edge("b", "c", 2, 0.5),
            ]),
            links: None,
            episodes: Vec::new(),
        }
    }

    fn shape(document: &GraphDocument) -> (Vec<&str>, Vec<(&str, &str)>) {
        (
            document.nodes.iter().map(|n| n.id.as_str()).collect(),
            document
                .edge_list()
                .iter()
                .map(|e| (e.source.as_str(), e.target.as_str()))
                .collect(),
        )
    }

    #[test]
    fn filters_keep_what_they_say() {
        type Shape<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);
        let all_nodes: &[&str] = &["a", "b", "c", "d", "host"];
        let cases: Vec<(Filter, Shape<'_>)> = vec![
            (
                Filter::default(),
                (
                    all_nodes,
                    &[("a", "b"), ("a", "c"), ("a", "host"), ("b", "c")],
                ),
            ),
            (
                Filter {
                    min_weight: 2,
                    ..Filter::default()
                },
                (all_nodes, &[("a", "b"), ("a", "host"), ("b", "c")]),
            ),
            (
                Filter {
                    drop: vec!["a".into()],
                    ..Filter::default()
                },
                (&["b", "c", "d", "host"], &[("b", "c")]),
            ),
            (
                Filter {
                    drop_tags: vec!["host".into()],
                    ..Filter::default()
                },
                (&["a", "b", "c", "d"], &[("a", "b"), ("a", "c"), ("b", "c")]),
            ),
            (
                Filter {
                    kinds: vec![Kind::Package],
                    ..Filter::default()
                },
                (&["a", "b"], &[("a", "b")]),
            ),
            (
                Filter {
                    top: Some(2),
                    ..Filter::default()
                },
                (&["a", "host"], &[("a", "host")]),
            ),
            (
                Filter {
                    ego: Some(("c".into(), 1)),
                    ..Filter::default()
                },
                (&["a", "b", "c"], &[("a", "b"), ("a", "c"), ("b", "c")]),
            ),
            (
                // The ego graph walks only the edges that passed min_weight.
                Filter {
                    ego: Some(("c".into(), 1)),
                    min_weight: 2,
                    ..Filter::default()
                },
                (&["b", "c"], &[("b", "c")]),
            ),
            (
                // An ego graph's top N are the centre's closest ties, not the busiest nodes:
                // a–b has 4 windows; a–c's higher NPMI rests on one window only.
                Filter {
                    ego: Some(("a".into(), 1)),
                    top: Some(2),
                    ..Filter::default()
                },
                (&["a", "b"], &[("a", "b")]),
            ),
            (
                Filter {
                    ego: Some(("a".into(), 1)),
                    top: Some(3),
                    ..Filter::default()
                },
                (&["a", "b", "host"], &[("a", "b"), ("a", "host")]),
            ),
            (
                // Every tie of the centre stays, whatever links_per_node keeps elsewhere.
                Filter {
                    ego: Some(("a".into(), 1)),
                    links_per_node: Some(1),
                    ..Filter::default()
                },
                (
                    &["a", "b", "c", "host"],
                    &[("a", "b"), ("a", "c"), ("a", "host"), ("b", "c")],
                ),
            ),
            (
                Filter {
                    ego: Some(("nobody".into(), 3)),
                    ..Filter::default()
                },
                (&[], &[]),
            ),
            (
                Filter {
                    drop_isolated: true,
                    ..Filter::default()
                },
                (
                    &["a", "b", "c", "host"],
                    &[("a", "b"), ("a", "c"), ("a", "host"), ("b", "c")],
                ),
            ),
            (
                // a's strongest is a–c (0.9), b's is b–c (0.5), c's is a–c, host's is a–host.
                Filter {
                    links_per_node: Some(1),
                    ..Filter::default()
                },
                (all_nodes, &[("a", "c"), ("a", "host"), ("b", "c")]),
            ),
        ];
        let document = document();
        for (filter, (nodes, edges)) in cases {
            let filtered = document.filtered(&filter);
            assert_eq!(
                shape(&filtered),
                (nodes.to_vec(), edges.to_vec()),
                "{filter:?}"
            );
        }
    }

    #[test]
    fn filtering_keeps_the_edge_key_and_the_episodes() {
        let mut document = document();
        document.links = document.edges.take();
        let filtered = document.filtered(&Filter {
            min_weight: 5,
            ..Filter::default()
        });
        assert!(filtered.edges.is_none());
        assert_eq!(filtered.links.as_ref().map(Vec::len), Some(1));
        assert_eq!(filtered.graph, document.graph);
    }

    #[test]
    fn a_name_of_several_nodes_finds_the_most_mentioned_and_names_the_others() {
        let mut document = document();
        // "a" (package, 9 mentions) and "c" (person, 3) both answer to "shared".
        document.nodes[0].aliases.push("Shared".into());
        document.nodes[2].aliases.push("shared".into());
        assert_eq!(document.find_node_noting("SHARED"), Some((0, vec![2])));
        assert_eq!(
            document.find_node_noting("person:shared"),
            Some((2, vec![]))
        );
        assert_eq!(document.find_node_noting("id:c"), Some((2, vec![])));
        assert_eq!(document.find_node_noting("id:C"), None);
        assert_eq!(document.find_node_noting("software:shared"), None);
    }

    #[test]
    fn nodes_are_found_by_id_name_or_alias_in_any_case() {
        let document = document();
        for (name, found) in [
            ("b", Some(1)),
            ("B", Some(1)),
            ("c ALIAS", Some(2)),
            ("zzz", None),
        ] {
            assert_eq!(document.find_node(name), found, "{name}");
        }
    }
}
