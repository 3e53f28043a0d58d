//! The query commands: `episodes`, `neighbors`, `path`, `top`, `entity`, `timeline`, one file
//! each. Each loads the saved index, asks the library ([`podgraph::query`]), and prints text or
//! JSON (schemas in docs/queries.md). This file holds what they share: loading the index,
//! resolving names, and the JSON shapes of entities and episodes.

mod entity;
mod episodes;
mod neighbors;
mod path;
mod timeline;
mod top;

use anyhow::Result;
use podgraph::catalog::Kind;
use podgraph::corpus::EpisodeBrief;
use podgraph::index::{IndexEntity, IndexEntityId, IndexEpisode, IndexEpisodeId, QueryIndex};
use podgraph::query;
use serde::Serialize;

pub use entity::entity;
pub use episodes::episodes;
pub use neighbors::neighbors;
pub use path::path;
pub use timeline::timeline;
pub use top::top;

use crate::cli::{GraphArgs, Reads};
use crate::output::sanitize;

/// The index a query reads. It lives as long as this short process, so it is never freed:
/// dropping tens of thousands of names at exit would cost a query a fifth of its time.
fn load(graph: &GraphArgs) -> Result<&'static QueryIndex> {
    Ok(Box::leak(Box::new(QueryIndex::load(
        &graph.files(Reads::Index).index,
    )?)))
}

#[derive(Serialize)]
struct EntityRef<'a> {
    id: &'a str,
    name: &'a str,
    kind: Kind,
}

fn entity_ref(entity: IndexEntity<'_>) -> EntityRef<'_> {
    EntityRef {
        id: entity.id,
        name: entity.name,
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
        chosen: entity_ref(index.entity(a.chosen)),
        others: a
            .others
            .iter()
            .map(|&o| entity_ref(index.entity(o)))
            .collect(),
    }
}

/// Resolves `name`, noting in `notes` when it meant several entities.
fn resolve(
    index: &QueryIndex,
    name: &str,
    notes: &mut Vec<query::Ambiguity>,
) -> Result<IndexEntityId> {
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

fn episode_ref(episode: IndexEpisode<'_>) -> EpisodeBrief<'_> {
    episode.summary
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

fn neighbor_out<'a>(index: &'a QueryIndex, n: &query::Neighbor) -> Result<NeighborOut<'a>> {
    let episodes: Vec<&str> = index
        .edge_episodes(&n.edge)?
        .iter()
        .map(|&e| index.episode(e).summary.id)
        .collect();
    Ok(NeighborOut {
        entity: entity_ref(index.entity(n.entity)),
        weight: n.weight,
        npmi: n.npmi,
        episode_count: episodes.len(),
        episodes,
    })
}

/// How text output names episodes: `#12` within one show, the id among several. Decided once
/// per query, since it looks at every episode.
struct EpisodeNames {
    several_shows: bool,
}

impl EpisodeNames {
    fn new(index: &QueryIndex) -> EpisodeNames {
        EpisodeNames {
            several_shows: index.several_shows(),
        }
    }

    /// One episode's name.
    fn name(&self, episode: &EpisodeBrief<'_>) -> String {
        episode.label(self.several_shows)
    }

    /// "#12, #29, #41 and 3 more".
    fn list(&self, index: &QueryIndex, episodes: &[IndexEpisodeId], limit: usize) -> String {
        let names: Vec<String> = episodes
            .iter()
            .take(limit)
            .map(|&e| self.name(&index.episode(e).summary))
            .collect();
        let mut text = names.join(", ");
        if episodes.len() > limit {
            text.push_str(&format!(" and {} more", episodes.len() - limit));
        }
        text
    }
}
