//! Positions in the index as types: an entity's place among [`QueryIndex::entities`] and an
//! episode's among [`QueryIndex::episodes`]. The file stores both as `u32`, as it stores counts,
//! ranges and offsets; as types they cannot be mixed up with one another, nor with the catalog's
//! [`EntityId`](crate::catalog::EntityId) (the catalog's load order, where the index sorts by
//! id). Separate so that the index's own records and the queries over them share one
//! definition of what a position is.

use serde::{Deserialize, Serialize};

use super::{QueryIndex, widen};

/// An entity's position among [`QueryIndex::entities`] (index order: by catalog id). Not the
/// catalog's [`EntityId`](crate::catalog::EntityId), which counts in the catalog's load order.
/// Serialised as the bare `u32`, as the file's records hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IndexEntityId(u32);

/// An episode's position among [`QueryIndex::episodes`] (corpus order). Serialised as the bare
/// `u32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IndexEpisodeId(u32);

macro_rules! position {
    ($id:ident, $what:literal) => {
        impl $id {
            #[doc = concat!("The ", $what, " at `position`, as the index file stores it.")]
            pub const fn new(position: u32) -> $id {
                $id(position)
            }

            /// The position as the index file stores it.
            pub const fn get(self) -> u32 {
                self.0
            }

            /// The position, for indexing a slice.
            pub const fn index(self) -> usize {
                widen(self.0)
            }

            /// The ids of `0..count`: `count` is at most `u32::MAX` in an index that was
            /// written or loaded (both check it), so no id is left out.
            pub(crate) fn all(count: usize) -> impl Iterator<Item = $id> + use<> {
                (0..=u32::MAX).take(count).map($id)
            }
        }
    };
}

position!(IndexEntityId, "entity");
position!(IndexEpisodeId, "episode");

impl IndexEntityId {
    /// The id at `position` among [`QueryIndex::entities`] (a name's match, a node of a walk):
    /// below its length, which the index checked to fit a `u32` when written or loaded.
    pub(crate) fn from_position(position: usize) -> IndexEntityId {
        IndexEntityId(u32::try_from(position).expect("a position below a length that fits a u32"))
    }
}

impl QueryIndex {
    /// Whether the episodes come from more than one show, so that a number alone does not say
    /// which episode is meant. `O(episodes)`.
    pub fn several_shows(&self) -> bool {
        let mut shows = self.episodes().map(|e| e.summary.show);
        let first = shows.next().flatten();
        shows.any(|show| show != first)
    }

    /// Every entity's id, in index order.
    pub fn entity_ids(&self) -> impl Iterator<Item = IndexEntityId> + use<> {
        IndexEntityId::all(self.entity_count())
    }

    /// Every episode's id, in corpus order.
    pub fn episode_ids(&self) -> impl Iterator<Item = IndexEpisodeId> + use<> {
        IndexEpisodeId::all(self.episode_count())
    }
}
