//! How a name a user types finds an entity: ids, display names and aliases compared by one key
//! (typography folded, lower case, single spaces), with `id:` and `kind:` prefixes.
//!
//! Queries over the index, filters over a saved graph, the site and the catalog itself all
//! resolve names through [`NameRequest`], so `podgraph neighbors Threads` and `--focus Threads`
//! cannot disagree about which entity "Threads" is.

use std::borrow::Cow;

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

    /// The same request, answered by entities of `kind` only.
    pub fn of_kind(mut self, kind: Kind) -> Self {
        self.kind = Some(kind);
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

    /// Whether `text` has this request's key: whether [`match_key`] of it is the key.
    fn same(&self, text: &str) -> bool {
        // Most names are plain ASCII with single spaces, whose key is their lower case:
        // compared without making the key (a resolution looks at every entity's names).
        if is_plain(text) {
            text.eq_ignore_ascii_case(&self.key)
        } else {
            alias_key(text) == self.key
        }
    }

    /// [`NameRequest::find`] over a table of name keys instead of the entities themselves:
    /// `lookup(key)` gives the positions of the entities that have `key` among their
    /// [`entity_keys`] and what it is of each (an entity at most once per key), `kind` an
    /// entity's kind and `rank` its rank. The same answer as `find` over the entities the keys
    /// were made from, in `O(log K)` lookups instead of a pass over every entity's names.
    pub fn find_keyed(
        &self,
        lookup: impl Fn(&str) -> Vec<(usize, KeyRoles)>,
        kind: impl Fn(usize) -> Kind,
        rank: impl Fn(usize) -> u64,
    ) -> Option<(usize, Vec<usize>)> {
        // Each entity's best tier, as `tier` gives it: 0 for an id, name or alias, 1 for an
        // ambiguous alias only.
        let mut tiers: std::collections::BTreeMap<usize, u8> = Default::default();
        let mut note = |position: usize, tier: u8| {
            let best = tiers.entry(position).or_insert(tier);
            *best = (*best).min(tier);
        };
        if let Some(wanted) = self.id {
            for (position, roles) in lookup(wanted) {
                if roles.id {
                    note(position, 0);
                }
            }
        } else {
            let of_kind = |position: usize| self.kind.is_none_or(|k| k == kind(position));
            for (position, roles) in lookup(self.bare) {
                if roles.id && of_kind(position) {
                    note(position, 0);
                }
            }
            for (position, roles) in lookup(&self.key) {
                if !of_kind(position) {
                    continue;
                }
                if roles.name {
                    note(position, 0);
                } else if roles.ambiguous && !self.unambiguous {
                    note(position, 1);
                }
            }
        }
        most_mentioned(
            tiers
                .into_iter()
                .map(|(position, tier)| (tier, position, rank(position)))
                .collect(),
        )
    }
}

/// Whether `text` is plain ASCII with single spaces, whose key is its ASCII lower case.
fn is_plain(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
}

/// The key `text` is compared by: its [`alias_key`], which for plain ASCII with single spaces
/// is its lower case. A request with key `k` names `text` exactly when this is `k`.
pub fn match_key(text: &str) -> Cow<'_, str> {
    if !is_plain(text) {
        Cow::Owned(alias_key(text))
    } else if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// What a name key is of an entity, in a table of keys ([`entity_keys`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyRoles {
    /// The entity's id itself (found by `id:x`, and by a bare name equal to the id).
    pub id: bool,
    /// The [`match_key`] of its id, name or an alias.
    pub name: bool,
    /// The [`match_key`] of an ambiguous alias.
    pub ambiguous: bool,
}

/// The keys a table needs for [`NameRequest::find_keyed`] to find `entity` as
/// [`NameRequest::find`] would: its id as it is, and the [`match_key`] of its id, name, aliases
/// and ambiguous aliases, each key once with all it is, in key order.
pub fn entity_keys<T: NamedEntity>(entity: &T) -> Vec<(String, KeyRoles)> {
    let mut keys: std::collections::BTreeMap<String, KeyRoles> = Default::default();
    keys.entry(entity.id().to_owned()).or_default().id = true;
    let names = [entity.id(), entity.name()]
        .into_iter()
        .chain(entity.aliases().iter().map(String::as_str));
    for name in names {
        keys.entry(match_key(name).into_owned()).or_default().name = true;
    }
    for name in entity.ambiguous_aliases() {
        keys.entry(match_key(name).into_owned())
            .or_default()
            .ambiguous = true;
    }
    keys.into_iter().collect()
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::catalog::{Catalog, Entity};

    /// A table of `entities`' keys, as the query index holds one.
    fn table(entities: &[Entity]) -> BTreeMap<String, Vec<(usize, KeyRoles)>> {
        let mut table: BTreeMap<String, Vec<(usize, KeyRoles)>> = BTreeMap::new();
        for (position, e) in entities.iter().enumerate() {
            for (key, roles) in entity_keys(e) {
                table.entry(key).or_default().push((position, roles));
            }
        }
        table
    }

    /// Asserts that `find_keyed` over `entities`' keys answers every name as `find` does.
    fn assert_keys_find_as_the_scan(entities: &[Entity], names: &[String]) {
        let table = table(entities);
        // A rank with ties, so that the order among equals is tested too.
        let rank = |position: usize| (position as u64 * 7919) % 5;
        for name in names {
            for unambiguous in [false, true] {
                let request = || {
                    let r = NameRequest::parse(name);
                    if unambiguous { r.unambiguous() } else { r }
                };
                // `find` ranks an entity, not a position: its position from its address.
                let position = |e: &Entity| {
                    (std::ptr::from_ref(e).addr() - entities.as_ptr().addr())
                        / std::mem::size_of::<Entity>()
                };
                let scanned = request().find(entities, |e| rank(position(e)));
                let keyed = request().find_keyed(
                    |key| table.get(key).cloned().unwrap_or_default(),
                    |position| entities[position].kind,
                    rank,
                );
                assert_eq!(keyed, scanned, "{name:?} (unambiguous: {unambiguous})");
            }
        }
    }

    #[test]
    fn a_name_key_matches_exactly_the_names_a_request_does() {
        for text in [
            "pytest",
            "PyTest",
            "Guido van Rossum",
            "guido  van rossum",
            " padded ",
            "Café",
            "“quoted”",
            "tab\there",
            "",
        ] {
            for asked in [
                "pytest",
                "guido van rossum",
                "café",
                "\"quoted\"",
                "tab here",
                "",
            ] {
                let request = NameRequest::parse(asked);
                assert_eq!(
                    request.same(text),
                    match_key(text) == request.key(),
                    "{text:?} asked as {asked:?}"
                );
            }
        }
    }

    #[test]
    fn keys_find_what_a_scan_of_the_entities_finds() {
        let catalog = Catalog::from_toml_str(
            r#"
[[entity]]
id = "threads"
name = "Threads"
kind = "concept"
aliases = ["threading", "Thread  Pools"]
ambiguous_aliases = ["Meta Threads"]

[[entity]]
id = "threads-app"
name = "Threads"
kind = "software"
aliases = ["threads"]

[[entity]]
id = "meta"
name = "Meta Threads"
kind = "organization"
aliases = ["“Meta”"]
ambiguous_aliases = ["threading"]
"#,
        )
        .unwrap();
        let names: Vec<String> = [
            "threads",
            "THREADS",
            "software:threads",
            "concept:Threads",
            "person:threads",
            "id:threads",
            "id:Meta",
            "id:meta",
            "id: meta ",
            "Meta",
            "meta",
            "\"meta\"",
            "meta threads",
            "thread pools",
            "threading",
            "organization:threading",
            "nobody",
            "",
        ]
        .map(str::to_owned)
        .into();
        assert_keys_find_as_the_scan(catalog.entities(), &names);
    }

    #[test]
    fn keys_find_what_a_scan_finds_in_the_default_catalog() {
        let catalog = Catalog::load(true, &[]).unwrap();
        let entities = catalog.entities();
        // A sample of the catalog's names (the scan is `O(entities)` a name), as written,
        // in upper case, with a kind or `id:`.
        let mut names = Vec::new();
        for e in entities.iter().step_by(397) {
            let all = [&e.id, &e.name]
                .into_iter()
                .chain(&e.aliases)
                .chain(&e.ambiguous_aliases);
            for n in all {
                names.push(n.clone());
                names.push(n.to_uppercase());
            }
            names.push(format!("{}:{}", e.kind, e.name));
            names.push(format!("id:{}", e.id));
        }
        assert_keys_find_as_the_scan(entities, &names);
    }
}
