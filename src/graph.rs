//! The co-mention graph: entities as nodes, "mentioned together" as edges.
//!
//! Two entities are mentioned together when they are mentioned in the same **window**: the same
//! episode, the same segment, or the same stretch of `N` seconds of an episode (see [`Window`]).
//! Each edge counts the windows the two share and keeps the episodes they share them in, so a
//! user can ask "where were these two mentioned together?".
//!
//! Raw counts favour what is mentioned everywhere: the hosts' names and "Python" co-occur with
//! everything. Each edge therefore also carries its **normalised pointwise mutual information**
//! (NPMI, Bouma 2009): `ln(p(x,y) / (p(x) p(y))) / -ln p(x,y)`, with probabilities taken over the
//! windows that hold any mention. NPMI is 1 for entities that only ever appear together, 0 for
//! independent ones and negative for entities that avoid each other, whatever their frequency.
//!
//! # Cost
//!
//! Building is `O(M log M + Σ k²)` for `M` mentions and `k` distinct entities per window: pairs are
//! only formed inside windows. Episodes are reduced to their windows ([`EpisodeWindows`], in
//! parallel) and added in corpus order ([`GraphBuilder`]), so memory holds the graph, not the
//! transcripts. Nodes and edges are inserted in a fixed order (by entity id), so
//! the same input gives the same graph, whatever the order or thread count that produced it.

use std::collections::BTreeMap;
use std::fmt;

use petgraph::graph::{NodeIndex, UnGraph};
use serde::Serialize;

use crate::catalog::{Catalog, EntityId};
use crate::extract::Mention;
use crate::transcript::Transcript;

/// What counts as "mentioned together".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Window {
    /// Anywhere in the same episode.
    Episode,
    /// In the same segment (caption cue, timestamped line, paragraph).
    Segment,
    /// In the same stretch of this many seconds (0:00–0:59, 1:00–1:59, ... for 60). Segments
    /// without a time fall back to the segment.
    Seconds(u64),
}

/// The default window: one minute of speech.
///
/// A podcast discusses one item for several minutes, and within a minute the hosts name what
/// they are talking about together ("Bokeh ... a Flask app"). A whole episode joins everything
/// it covers (eight unrelated items of a news show); a single caption line is a few words and
/// misses most real pairs.
pub const DEFAULT_WINDOW: Window = Window::Seconds(60);

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Window::Episode => f.write_str("episode"),
            Window::Segment => f.write_str("segment"),
            Window::Seconds(n) => write!(f, "{n}s"),
        }
    }
}

impl std::str::FromStr for Window {
    type Err = String;

    /// `episode`, `segment`, or a number of seconds (`60`, `60s`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "episode" => Ok(Window::Episode),
            "segment" => Ok(Window::Segment),
            _ => match s.trim_end_matches('s').parse::<u64>() {
                Ok(n) if n > 0 => Ok(Window::Seconds(n)),
                _ => Err(format!(
                    "unknown window '{s}' (expected episode, segment, or a number of seconds such as 60)"
                )),
            },
        }
    }
}

/// A node: one entity, with what is known of its mentions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityNode {
    /// The entity.
    pub entity: EntityId,
    /// How many times it is mentioned.
    pub mentions: usize,
    /// In how many episodes.
    pub episodes: usize,
    /// In how many windows.
    pub windows: usize,
    /// The first episode that mentions it (index into [`CoMentionGraph::episodes`]).
    pub first_episode: usize,
    /// The last episode that mentions it.
    pub last_episode: usize,
}

/// An edge: two entities mentioned together.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoMention {
    /// How many windows hold both.
    pub windows: usize,
    /// The episodes those windows are in (indices into [`CoMentionGraph::episodes`], ascending;
    /// `u32`: an archive's edges hold millions).
    pub episodes: Vec<u32>,
    /// Normalised pointwise mutual information, in `[-1, 1]`.
    pub npmi: f64,
}

/// One episode's part of the input: its id, its transcript and the mentions found in it.
pub struct EpisodeMentions<'a> {
    /// A stable episode id (`python-bytes-12`).
    pub id: String,
    /// The transcript.
    pub transcript: &'a Transcript,
    /// The mentions found in it, in text order.
    pub mentions: &'a [Mention],
}

/// Entities and their co-mentions over a set of episodes.
#[derive(Clone, Debug)]
pub struct CoMentionGraph {
    graph: UnGraph<EntityNode, CoMention>,
    episodes: Vec<String>,
    windows: usize,
    window: Window,
}

/// One episode reduced to what the graph needs: its id, its mentions counted by entity, and the
/// windows its entities are mentioned in. Made from a transcript in parallel, then added to a
/// [`GraphBuilder`] in corpus order, so the transcript can be let go first.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EpisodeWindows {
    /// The episode's id.
    pub id: String,
    /// Mentions by entity.
    pub counts: Vec<(EntityId, usize)>,
    /// `(window, entity)` pairs, sorted and without repeats.
    pub windows: Vec<(u64, EntityId)>,
}

impl EpisodeWindows {
    /// Reduces an episode's mentions: `O(m log m)`.
    pub fn of(episode: &EpisodeMentions<'_>, window: Window) -> EpisodeWindows {
        let mut windows: Vec<(u64, EntityId)> = episode
            .mentions
            .iter()
            .map(|m| (window_key(window, episode.transcript, m), m.entity))
            .collect();
        windows.sort_unstable();
        windows.dedup();
        EpisodeWindows {
            id: episode.id.clone(),
            counts: crate::extract::count_by_entity(episode.mentions),
            windows,
        }
    }

    /// The windows added up: how many there are, how many each entity is in, and how many
    /// each pair of entities shares. `O(Σ k² log)` for `k` entities per window; done where
    /// episodes are reduced in parallel, so that adding them in order is one step per pair.
    pub fn fold(&self) -> FoldedWindows {
        let mut entities: Vec<EntityId> = Vec::new();
        let mut pairs: Vec<(EntityId, EntityId)> = Vec::new();
        let mut windows = 0;
        for group in self.windows.chunk_by(|a, b| a.0 == b.0) {
            windows += 1;
            for (i, &(_, a)) in group.iter().enumerate() {
                entities.push(a);
                // A window's entities are sorted and distinct, so `a < b`.
                pairs.extend(group[i + 1..].iter().map(|&(_, b)| (a, b)));
            }
        }
        FoldedWindows {
            windows,
            entities: add_up(entities),
            pairs: add_up(pairs),
        }
    }

    /// The same windows with each entity renumbered by `to` (its position in another catalog),
    /// in the order [`EpisodeWindows::of`] gives; `None` if `to` has no place for one of them.
    /// `O(n log n)`.
    pub fn renumbered(mut self, to: impl Fn(EntityId) -> Option<EntityId>) -> Option<Self> {
        for (entity, _) in &mut self.counts {
            *entity = to(*entity)?;
        }
        for (_, entity) in &mut self.windows {
            *entity = to(*entity)?;
        }
        crate::extract::order_counts(&mut self.counts);
        self.windows.sort_unstable();
        Some(self)
    }
}

/// An episode's windows added up ([`EpisodeWindows::fold`]), what [`GraphBuilder::add_folded`]
/// adds to the graph.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FoldedWindows {
    /// How many windows hold a mention.
    windows: usize,
    /// In how many windows each entity is, by entity.
    entities: Vec<(EntityId, u32)>,
    /// How many windows each pair shares, by pair (the smaller id first).
    pairs: Vec<((EntityId, EntityId), u32)>,
}

/// How many times each key is in `keys`, by key: `O(n log n)`.
fn add_up<K: Ord + Copy>(mut keys: Vec<K>) -> Vec<(K, u32)> {
    keys.sort_unstable();
    let mut counted: Vec<(K, u32)> = Vec::with_capacity(keys.len());
    for key in keys {
        match counted.last_mut() {
            Some((last, n)) if *last == key => *n += 1,
            _ => counted.push((key, 1)),
        }
    }
    counted
}

/// Builds a [`CoMentionGraph`] one episode at a time, in corpus order: memory holds the nodes
/// and edges, not the episodes.
#[derive(Debug)]
pub struct GraphBuilder {
    // Hash maps, not ordered ones: adding is the one step of a rebuild from the cache that
    // runs on one core for every episode, and `finish` sorts nodes and edges anyway.
    node_stats: foldhash::HashMap<EntityId, EntityNode>,
    pairs: foldhash::HashMap<(EntityId, EntityId), CoMention>,
    total_windows: usize,
    episodes: Vec<String>,
    window: Window,
}

impl GraphBuilder {
    /// An empty graph for co-mentions within `window`.
    pub fn new(window: Window) -> Self {
        GraphBuilder {
            node_stats: foldhash::HashMap::default(),
            pairs: foldhash::HashMap::default(),
            total_windows: 0,
            episodes: Vec::new(),
            window,
        }
    }

    /// Adds the next episode: `O(k²)` expected for `k` entities per window. A caller that
    /// reduces episodes in parallel folds them there ([`EpisodeWindows::fold`]) and calls
    /// [`GraphBuilder::add_folded`], which leaves less to do in corpus order.
    pub fn add(&mut self, episode: &EpisodeWindows) {
        self.add_folded(episode, &episode.fold());
    }

    /// Adds the next episode, its windows folded by [`EpisodeWindows::fold`]: one lookup per
    /// entity and per distinct pair, `O(e + p)` expected.
    pub fn add_folded(&mut self, episode: &EpisodeWindows, folded: &FoldedWindows) {
        let index = self.episodes.len();
        let index32 = u32::try_from(index).expect("fewer than 4 billion episodes");
        self.episodes.push(episode.id.clone());
        for &(entity, n) in &episode.counts {
            let node = self.node_stats.entry(entity).or_insert(EntityNode {
                entity,
                mentions: 0,
                episodes: 0,
                windows: 0,
                first_episode: index,
                last_episode: index,
            });
            node.mentions += n;
            node.episodes += 1;
            node.last_episode = index;
        }
        self.total_windows += folded.windows;
        for &(entity, n) in &folded.entities {
            self.node_stats
                .get_mut(&entity)
                .expect("every windowed entity is counted")
                .windows += n as usize;
        }
        for &(pair, n) in &folded.pairs {
            let edge = self.pairs.entry(pair).or_insert(CoMention {
                windows: 0,
                episodes: Vec::new(),
                npmi: 0.0,
            });
            edge.windows += n as usize;
            edge.episodes.push(index32);
        }
    }

    /// The graph: nodes in entity-id order, edges by node pair, each edge's NPMI computed:
    /// `O(V log V + E log E)`.
    pub fn finish(self, catalog: &Catalog) -> CoMentionGraph {
        let GraphBuilder {
            node_stats,
            pairs,
            total_windows,
            episodes,
            window,
        } = self;
        // Insert nodes by entity id so that node order does not depend on catalog order.
        let mut nodes: Vec<EntityNode> = node_stats.into_values().collect();
        nodes.sort_by(|a, b| catalog.get(a.entity).id.cmp(&catalog.get(b.entity).id));
        let mut graph = UnGraph::with_capacity(nodes.len(), pairs.len());
        let mut index_of: BTreeMap<EntityId, NodeIndex> = BTreeMap::new();
        for node in nodes {
            let entity = node.entity;
            index_of.insert(entity, graph.add_node(node));
        }
        // Nodes are in id order, so ordering edges by node index orders them by ids.
        let mut edges: Vec<(NodeIndex, NodeIndex, CoMention)> = pairs
            .into_iter()
            .map(|((a, b), edge)| {
                let (na, nb) = (index_of[&a], index_of[&b]);
                (na.min(nb), na.max(nb), edge)
            })
            .collect();
        edges.sort_by_key(|&(a, b, _)| (a, b));
        for (a, b, mut edge) in edges {
            edge.npmi = npmi(
                edge.windows,
                graph[a].windows,
                graph[b].windows,
                total_windows,
            );
            graph.add_edge(a, b, edge);
        }
        CoMentionGraph {
            graph,
            episodes,
            windows: total_windows,
            window,
        }
    }
}

impl CoMentionGraph {
    /// Builds the graph of `episodes` (in the order given, which episode indices refer to).
    pub fn build(catalog: &Catalog, episodes: &[EpisodeMentions<'_>], window: Window) -> Self {
        let mut builder = GraphBuilder::new(window);
        for episode in episodes {
            builder.add(&EpisodeWindows::of(episode, window));
        }
        builder.finish(catalog)
    }

    /// The petgraph graph.
    pub fn graph(&self) -> &UnGraph<EntityNode, CoMention> {
        &self.graph
    }

    /// The episode ids, in the order edges and nodes refer to them.
    pub fn episodes(&self) -> &[String] {
        &self.episodes
    }

    /// How many windows held at least one mention.
    pub fn window_count(&self) -> usize {
        self.windows
    }

    /// The window the graph was built with.
    pub fn window(&self) -> Window {
        self.window
    }

    /// The node of an entity, in `O(V)`.
    pub fn node_of(&self, entity: EntityId) -> Option<NodeIndex> {
        self.graph
            .node_indices()
            .find(|&n| self.graph[n].entity == entity)
    }
}

/// Which window of its episode a mention falls in.
fn window_key(window: Window, transcript: &Transcript, mention: &Mention) -> u64 {
    // Segment windows and untimed fallbacks use odd keys, time buckets even ones, so they never
    // collide.
    let segment_key = (mention.segment as u64) << 1 | 1;
    match window {
        Window::Episode => 0,
        Window::Segment => segment_key,
        Window::Seconds(n) => match transcript.time_at(mention.start) {
            Some(start) => (start.as_secs() / n) << 1,
            None => segment_key,
        },
    }
}

/// Normalised pointwise mutual information of two entities sharing `both` of `total` windows.
pub fn npmi(both: usize, x: usize, y: usize, total: usize) -> f64 {
    if both == 0 || total == 0 {
        return -1.0;
    }
    let (n, both) = (total as f64, both as f64);
    let p_xy = both / n;
    if p_xy >= 1.0 {
        return 1.0;
    }
    let pmi = (p_xy / ((x as f64 / n) * (y as f64 / n))).ln();
    (pmi / -p_xy.ln()).clamp(-1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;
    use crate::transcript::{ParseOptions, parse_bytes};
    use std::path::Path;

    const CATALOG: &str = r#"
[[entity]]
id = "pytest"
name = "pytest"
kind = "package"
aliases = ["pytest"]

[[entity]]
id = "asyncio"
name = "asyncio"
kind = "package"
aliases = ["asyncio"]

[[entity]]
id = "bokeh"
name = "Bokeh"
kind = "package"
aliases = ["Bokeh"]

[[entity]]
id = "flask"
name = "Flask"
kind = "package"
aliases = ["Flask"]
"#;

    fn catalog() -> Catalog {
        Catalog::from_toml_str(CATALOG).unwrap()
    }

    fn transcript(text: &str) -> Transcript {
        parse_bytes(
            text.as_bytes(),
            Path::new("t.txt"),
            &ParseOptions::default(),
        )
        .unwrap()
    }

    /// `(a, b, windows, episodes)` for every edge, by entity id.
    fn edges(graph: &CoMentionGraph, catalog: &Catalog) -> Vec<(String, String, usize, Vec<u32>)> {
        let g = graph.graph();
        g.edge_indices()
            .map(|e| {
                let (a, b) = g.edge_endpoints(e).unwrap();
                let id = |n: NodeIndex| catalog.get(g[n].entity).id.clone();
                (id(a), id(b), g[e].windows, g[e].episodes.clone())
            })
            .collect()
    }

    fn build(texts: &[&str], window: Window) -> (Catalog, CoMentionGraph) {
        let catalog = catalog();
        let extractor = Extractor::new(&catalog).unwrap();
        let transcripts: Vec<Transcript> = texts.iter().map(|t| transcript(t)).collect();
        let mentions: Vec<Vec<Mention>> =
            transcripts.iter().map(|t| extractor.extract(t)).collect();
        let episodes: Vec<EpisodeMentions<'_>> = transcripts
            .iter()
            .zip(&mentions)
            .enumerate()
            .map(|(i, (t, m))| EpisodeMentions {
                id: format!("ep-{i}"),
                transcript: t,
                mentions: m,
            })
            .collect();
        let graph = CoMentionGraph::build(&catalog, &episodes, window);
        (catalog, graph)
    }

    const EPISODE_A: &str =
        "00:00:10 pytest and asyncio\n00:00:50 Bokeh\n00:01:10 Flask and Bokeh\n00:05:00 pytest\n";
    const EPISODE_B: &str = "00:00:05 Flask with Bokeh\n";

    #[test]
    fn windows_decide_what_is_mentioned_together() {
        type Edge<'a> = (&'a str, &'a str, usize, &'a [u32]);
        let cases: &[(Window, &[Edge<'_>])] = &[
            (
                Window::Episode,
                &[
                    ("asyncio", "bokeh", 1, &[0]),
                    ("asyncio", "flask", 1, &[0]),
                    ("asyncio", "pytest", 1, &[0]),
                    ("bokeh", "flask", 2, &[0, 1]),
                    ("bokeh", "pytest", 1, &[0]),
                    ("flask", "pytest", 1, &[0]),
                ],
            ),
            (
                Window::Segment,
                &[
                    ("asyncio", "pytest", 1, &[0]),
                    ("bokeh", "flask", 2, &[0, 1]),
                ],
            ),
            (
                Window::Seconds(60),
                &[
                    ("asyncio", "bokeh", 1, &[0]),
                    ("asyncio", "pytest", 1, &[0]),
                    ("bokeh", "flask", 2, &[0, 1]),
                    ("bokeh", "pytest", 1, &[0]),
                ],
            ),
        ];
        for (window, expected) in cases {
            let (catalog, graph) = build(&[EPISODE_A, EPISODE_B], *window);
            let got = edges(&graph, &catalog);
            let expected: Vec<(String, String, usize, Vec<u32>)> = expected
                .iter()
                .map(|(a, b, w, e)| (a.to_string(), b.to_string(), *w, e.to_vec()))
                .collect();
            assert_eq!(got, expected, "{window}");
        }
    }

    #[test]
    fn nodes_count_mentions_episodes_and_first_and_last_episode() {
        let (catalog, graph) = build(&[EPISODE_A, EPISODE_B], Window::Segment);
        let g = graph.graph();
        let bokeh = g
            .node_indices()
            .find(|&n| catalog.get(g[n].entity).id == "bokeh")
            .unwrap();
        assert_eq!(
            (
                g[bokeh].mentions,
                g[bokeh].episodes,
                g[bokeh].first_episode,
                g[bokeh].last_episode
            ),
            (3, 2, 0, 1)
        );
        assert_eq!(graph.window_count(), 5);
        assert_eq!(graph.episodes(), ["ep-0", "ep-1"]);
    }

    #[test]
    fn npmi_is_one_for_inseparable_and_falls_with_independence() {
        assert_eq!(npmi(5, 5, 5, 100), 1.0);
        assert!(npmi(1, 50, 50, 100) < 0.0);
        let independent = npmi(25, 50, 50, 100);
        assert!(independent.abs() < 1e-9, "{independent}");
        // A host in every window tells nothing about what else is there.
        assert!(npmi(10, 100, 10, 100).abs() < 1e-9);
    }

    #[test]
    fn window_names() {
        for (s, w) in [
            ("episode", Window::Episode),
            ("segment", Window::Segment),
            ("60", Window::Seconds(60)),
            ("90s", Window::Seconds(90)),
        ] {
            assert_eq!(s.parse::<Window>().unwrap(), w);
        }
        assert!("0".parse::<Window>().is_err());
        assert!("minute".parse::<Window>().is_err());
    }
}
