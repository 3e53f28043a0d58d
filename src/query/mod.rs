//! Queries over the saved index: which episodes mention X and Y (or a boolean expression of
//! entities), who is associated with X, the chain of co-mentions linking two entities, the most
//! mentioned entities, and an entity's profile and timeline.
//!
//! Everything here reads a [`QueryIndex`]; nothing reads transcripts. Costs are per query:
//! resolving a name is a binary search of the index's name keys, [`episodes_matching`] `O(M)`
//! for the `M` mentions of the episodes it reads (`O(M · k)` with a sliding time window holding
//! `k` mentions), [`neighbors`] `O(d log d)` for an entity's `d` co-mentions, [`path`]
//! `O(V + E)`.
//!
//! This module resolves names to entities and says why a query failed; the rest is split by
//! what a query asks, each part with its tests: `expr` reads a boolean expression of entity
//! names ([`parse`](parse())), `proximity` finds the episodes (and windows) where one holds,
//! and `graph` walks the co-mentions (neighbours, chains, hubs, the most mentioned). Every item
//! is re-exported here, so callers write `query::X` whichever part it lives in.

mod expr;
mod graph;
mod proximity;

#[cfg(test)]
mod fixture;

pub use expr::{Expr, is_expression, parse, parse_noting};
pub use graph::{
    HUB_SHARE, Neighbor, Rank, SPONSOR_TAG, edge_between, hubs, neighbors, path, tagged, timeline,
    top,
};
pub use proximity::{EpisodeHit, Proximity, episodes_matching};

use crate::catalog::{NameRequest, alias_key};
use crate::index::{IndexEntityId, QueryIndex};

/// Why a query could not run.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A name that is no entity's id, name or alias.
    #[error("unknown entity '{name}'{}", did_you_mean(.suggestions))]
    Unknown {
        /// The name as given.
        name: String,
        /// Similar names, best first.
        suggestions: Vec<String>,
    },
    /// An expression that does not parse.
    #[error("cannot read the query '{query}': {problem}")]
    Syntax {
        /// The whole expression.
        query: String,
        /// What is wrong, and where.
        problem: String,
    },
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean '{one}'?"),
        many => format!(
            "; did you mean {}?",
            many.iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A name that could mean several entities: the one chosen (the most mentioned) and the others,
/// most mentioned first, so that a user is told rather than silently given one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguity {
    /// The name as given.
    pub name: String,
    /// The entity chosen.
    pub chosen: IndexEntityId,
    /// The other entities the name is an id, name or alias of.
    pub others: Vec<IndexEntityId>,
}

impl Ambiguity {
    /// One line for standard error: "threads: the concept Threads (439 mentions); also the
    /// software Threads (0 mentions): use `software:threads`".
    pub fn describe(&self, index: &QueryIndex) -> String {
        let chosen = index.entity(self.chosen);
        let others: Vec<String> = self
            .others
            .iter()
            .take(3)
            .map(|&o| {
                let e = index.entity(o);
                // A kind prefix tells them apart unless they share the kind: then the id does.
                let how = if e.kind == chosen.kind {
                    format!("id:{}", e.id)
                } else {
                    format!("{}:{}", e.kind.name(), self.name)
                };
                format!(
                    "the {} {} ({} mentions): use `{how}`",
                    e.kind.name(),
                    e.name,
                    e.mentions
                )
            })
            .collect();
        let more = self.others.len().saturating_sub(3);
        format!(
            "{}: the {} {} ({} mentions); also {}{}",
            self.name,
            chosen.kind.name(),
            chosen.name,
            chosen.mentions,
            others.join("; "),
            if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            }
        )
    }
}

impl QueryIndex {
    /// The entity called `name`; see [`QueryIndex::resolve_noting`].
    pub fn resolve(&self, name: &str) -> Result<IndexEntityId, QueryError> {
        self.resolve_noting(name).map(|(entity, _)| entity)
    }

    /// The entity called `name` — an id, display name or alias, ignoring case and typography —
    /// and, when the name means several entities, which others it could be. Among the entities
    /// the name is an id, name or alias of (or, failing those, an ambiguous alias of), the most
    /// mentioned wins: "threads" is the concept said in 117 episodes, not an app never named.
    /// `kind:name` ("software:threads") looks among one kind only, `id:x` at ids only.
    /// `O(log K)` for the index's `K` name keys (a failure's suggestions look at every name).
    pub fn resolve_noting(
        &self,
        name: &str,
    ) -> Result<(IndexEntityId, Option<Ambiguity>), QueryError> {
        let request = NameRequest::parse(name);
        let entity = |position| self.entity(IndexEntityId::from_position(position));
        let found = request.find_keyed(
            |key| self.keyed(key),
            |position| entity(position).kind,
            |position| u64::from(entity(position).mentions),
        );
        let Some((chosen, others)) = found else {
            return Err(QueryError::Unknown {
                name: name.to_owned(),
                suggestions: self.suggest(request.key()),
            });
        };
        // Positions among `self.entities()`, as the keys hold them.
        let chosen = IndexEntityId::from_position(chosen);
        let ambiguity = (!others.is_empty()).then(|| Ambiguity {
            name: name.to_owned(),
            chosen,
            others: others
                .into_iter()
                .map(IndexEntityId::from_position)
                .collect(),
        });
        Ok((chosen, ambiguity))
    }

    /// Up to three display names that look like `key`, most similar first.
    fn suggest(&self, key: &str) -> Vec<String> {
        let mut scored: Vec<(f64, &str)> = self
            .entities()
            .filter_map(|e| {
                let best = [e.id, e.name]
                    .into_iter()
                    .chain(e.aliases.iter())
                    .map(|n| strsim::jaro_winkler(key, &alias_key(n)))
                    .fold(0.0, f64::max);
                (best >= 0.85).then_some((best, e.name))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        let mut names: Vec<String> = Vec::new();
        for (_, name) in scored {
            if !names.iter().any(|n| n == name) && names.len() < 3 {
                names.push(name.to_owned());
            }
        }
        names
    }
}
