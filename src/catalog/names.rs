//! How a name a user types finds an entity: ids, display names and aliases compared by one key
//! (typography folded, lower case, single spaces), with `id:` and `kind:` prefixes.
//!
//! Queries over the index, filters over a saved graph, the site and the catalog itself all
//! resolve names through [`NameRequest`], so `podgraph neighbors Threads` and `--focus Threads`
//! cannot disagree about which entity "Threads" is.

use super::Kind;
use crate::transcript::text::fold_str;

/// How aliases are compared: typography folded, lower case, single spaces.
pub fn alias_key(alias: &str) -> String {
    fold_str(alias)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// How a user asks for an entity by name: `id:x` (an exact id), `kind:name` (one kind only), or
/// a plain id, name or alias. Queries, filters and the site resolve names the same way.
pub struct NameRequest<'a> {
    id: Option<&'a str>,
    kind: Option<Kind>,
    bare: &'a str,
    key: String,
    unambiguous: bool,
}

impl<'a> NameRequest<'a> {
    /// Reads `name`.
    pub fn parse(name: &'a str) -> Self {
        let (id, kind, bare) = match name.split_once(':') {
            Some(("id", id)) => (Some(id.trim()), None, id.trim()),
            Some((prefix, rest)) => match prefix.trim().parse::<Kind>() {
                Ok(kind) => (None, Some(kind), rest.trim()),
                Err(_) => (None, None, name),
            },
            None => (None, None, name),
        };
        NameRequest {
            id,
            kind,
            bare,
            key: alias_key(bare),
            unambiguous: false,
        }
    }

    /// The same request, answered by ids, names and aliases only: a bare "Brandon", which is
    /// only an ambiguous alias, finds nobody.
    pub fn unambiguous(mut self) -> Self {
        self.unambiguous = true;
        self
    }

    /// The name without its `id:` or `kind:` prefix, as a lookup key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The entities among `entities` this request names, at the best tier (an id, name or alias
    /// before an ambiguous alias), highest `rank` first, ties by position: the chosen position
    /// and the others the name also means. `None` if it names none. `O(entities · aliases)`.
    pub fn find<T: NamedEntity>(
        &self,
        entities: &[T],
        rank: impl Fn(&T) -> u64,
    ) -> Option<(usize, Vec<usize>)> {
        let found = entities
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((self.tier(e)?, i, rank(e))))
            .collect();
        most_mentioned(found)
    }

    /// How well an entity answers: `Some(0)` for its id, name or an alias, `Some(1)` for an
    /// ambiguous alias only, `None` if not at all (or not of the kind asked for).
    fn tier<T: NamedEntity>(&self, entity: &T) -> Option<u8> {
        let id = entity.id();
        if let Some(wanted) = self.id {
            return (id == wanted).then_some(0);
        }
        if self.kind.is_some_and(|k| k != entity.kind()) {
            return None;
        }
        if id == self.bare
            || self.same(id)
            || self.same(entity.name())
            || entity.aliases().iter().any(|a| self.same(a))
        {
            Some(0)
        } else if !self.unambiguous && entity.ambiguous_aliases().iter().any(|a| self.same(a)) {
            Some(1)
        } else {
            None
        }
    }

    /// Whether `text` has this request's key.
    fn same(&self, text: &str) -> bool {
        // Most names are plain ASCII with single spaces, whose key is their lower case:
        // compared without making the key (a resolution looks at every entity's names).
        let plain = text.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
            && !text.starts_with(' ')
            && !text.ends_with(' ')
            && !text.contains("  ");
        if plain {
            text.eq_ignore_ascii_case(&self.key)
        } else {
            alias_key(text) == self.key
        }
    }
}

/// Something a name can find: a catalog entity, a node of a saved graph, an entity of the query
/// index. Each holds the same names; this lets one resolver serve them all.
pub trait NamedEntity {
    /// Its id.
    fn id(&self) -> &str;
    /// Its kind.
    fn kind(&self) -> Kind;
    /// Its display name.
    fn name(&self) -> &str;
    /// Names that always count.
    fn aliases(&self) -> &[String];
    /// Names that count only with evidence.
    fn ambiguous_aliases(&self) -> &[String];
}

/// Implements [`NamedEntity`] for a struct with the fields `id`, `kind`, `name`, `aliases`
/// and `ambiguous_aliases`.
macro_rules! named_entity {
    ($T:ty) => {
        impl $crate::catalog::NamedEntity for $T {
            fn id(&self) -> &str {
                &self.id
            }
            fn kind(&self) -> $crate::catalog::Kind {
                self.kind
            }
            fn name(&self) -> &str {
                &self.name
            }
            fn aliases(&self) -> &[String] {
                &self.aliases
            }
            fn ambiguous_aliases(&self) -> &[String] {
                &self.ambiguous_aliases
            }
        }
    };
}

pub(crate) use named_entity;

/// Among `(tier, position, rank)` matches, those of the best tier, most mentioned first
/// (ties by position): the chosen position and the others. `None` if there is no match.
fn most_mentioned(mut found: Vec<(u8, usize, u64)>) -> Option<(usize, Vec<usize>)> {
    let best = found.iter().map(|f| f.0).min()?;
    found.retain(|f| f.0 == best);
    found.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
    Some((found[0].1, found[1..].iter().map(|f| f.1).collect()))
}
