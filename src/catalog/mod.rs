//! The entity catalog: the people, packages, software, organisations, concepts, events and media
//! podgraph looks for, with the names people say for them.
//!
//! Entities come from files: TOML for catalogs kept by hand (a sequence of `[[entity]]` tables),
//! JSON for generated ones (an array of objects), both with the same fields (see
//! `data/catalog/README.md`). The default catalog is compiled into the program from
//! `data/catalog/` (generated files, then curated files); `--catalog FILE` adds files after it.
//! A later file's entity replaces an earlier one with the same id, so users can correct the default
//! without copying it.
//!
//! # Aliases and the rules that separate them
//!
//! - `aliases` always count when found as whole words;
//! - `ambiguous_aliases` are also ordinary words (or a bare first name): they count only with
//!   evidence, which the extractor looks for (see [`crate::extract`]);
//! - `case_sensitive` aliases match only in exactly the written case;
//! - `exclude` phrases rule a match out ("requests per second").
//!
//! Validation catches what would make matching silently wrong: duplicate ids within a file,
//! unknown kinds, empty or punctuation-only aliases, and one alias claimed unconditionally by two
//! entities (which entity would "Boca" be?). Every error names the file and the line of the entity.
//!
//! The module is in four parts: this one holds the catalog and its entities; `load` reads
//! and validates catalog files ([`CatalogBuilder`]); `names` is how a name a user types finds
//! an entity, shared by the catalog, queries, filters and the site; `stored` keeps a loaded
//! catalog beside a build's outputs for the next build ([`Catalog::load_stored`]).

mod load;
mod names;
mod stored;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::named::named_enum;

pub use load::{CatalogBuilder, ParsedFile};
pub(crate) use names::named_entity;
pub use names::{KeyRoles, NameRequest, NamedEntity, alias_key, entity_keys, match_key};
pub use stored::{CatalogToStore, STORED_CATALOG};

named_enum! {
    /// What kind of thing an entity is.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Kind: "kind" {
        /// A real person.
        Person = "person",
        /// A Python package, module or framework.
        Package = "package",
        /// Other software: languages, tools, services, operating systems.
        Software = "software",
        /// A company, foundation or community.
        Organization = "organization",
        /// A technical idea ("structured concurrency").
        Concept = "concept",
        /// A conference or other event.
        Event = "event",
        /// A podcast, book, talk or article.
        Media = "media",
    }
}

/// Index of an entity in its [`Catalog`].
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct EntityId(pub u32);

impl EntityId {
    /// The index as `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where an entity was defined.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Origin {
    /// The catalog file.
    pub file: Arc<Path>,
    /// The 1-based line the entity starts on.
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// One thing podgraph can find in transcripts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entity {
    /// Stable identifier (`pytest`, `guido-van-rossum`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// What kind of thing it is.
    pub kind: Kind,
    /// Names that always count.
    pub aliases: Vec<String>,
    /// Names that count only with evidence.
    pub ambiguous_aliases: Vec<String>,
    /// Words whose presence nearby is evidence for an ambiguous alias.
    pub context: Vec<String>,
    /// Phrases that rule a match out.
    pub exclude: Vec<String>,
    /// Aliases matched only in exactly this case.
    pub case_sensitive: Vec<String>,
    /// PyPI project name.
    pub pypi: Option<String>,
    /// Home page.
    pub homepage: Option<String>,
    /// One-line description.
    pub description: Option<String>,
    /// Free tags (`host`, ...).
    pub tags: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
}

named_entity!(Entity);

impl Entity {
    /// Whether the entity carries `tag`.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// Why a catalog could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// A catalog file could not be read.
    #[error("{}: cannot read catalog: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is not valid TOML/JSON, or a field has the wrong type.
    #[error("{}:{line}: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An entity breaks a rule (see the module docs).
    #[error("{origin}: {message}{}", more_problems(*more))]
    Invalid {
        /// Where the (first) offending entity is.
        origin: Origin,
        /// What is wrong.
        message: String,
        /// How many further problems were found.
        more: usize,
    },
    /// A catalog file has an extension other than `.toml` or `.json`.
    #[error("{}: unknown catalog format; use a .toml or .json file", path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
}

fn more_problems(more: usize) -> String {
    match more {
        0 => String::new(),
        1 => " (and 1 more problem)".to_owned(),
        n => format!(" (and {n} more problems)"),
    }
}

/// A validated set of entities.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    entities: Vec<Entity>,
    by_id: foldhash::HashMap<String, EntityId>,
}

/// The default catalog's files, compiled in by `build.rs`: `(path, contents)`.
pub const DEFAULT_FILES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/default_catalog.rs"));

/// A hash of [`DEFAULT_FILES`] (their names and contents) and of the code that reads catalogs
/// (this module's, and the folding it uses), made by `build.rs`.
const CATALOG_SOURCES_HASH: [u64; 2] =
    include!(concat!(env!("OUT_DIR"), "/default_catalog_hash.rs"));

impl Catalog {
    /// The entities, in load order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity with index `id`.
    pub fn get(&self, id: EntityId) -> &Entity {
        &self.entities[id.index()]
    }

    /// How many entities there are.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The entity with this id.
    pub fn by_id(&self, id: &str) -> Option<EntityId> {
        self.by_id.get(id).copied()
    }

    /// Finds an entity by id, display name or alias, ignoring case and typography, as queries
    /// do ([`NameRequest`]: `kind:name` and `id:x` work too).
    ///
    /// Ids come first, then display names, then aliases, then ambiguous aliases: "GitLab" is the
    /// entity with that id even if another entity is also called "GitLab", and "Brian" finds a
    /// Brian only if nothing is named that outright. `O(entities · aliases)`.
    pub fn resolve(&self, name: &str) -> Option<EntityId> {
        self.find(name, true)
    }

    /// Like [`resolve`](Self::resolve), without ambiguous aliases: a bare "Brandon" finds nobody.
    pub fn resolve_unambiguous(&self, name: &str) -> Option<EntityId> {
        self.find(name, false)
    }

    /// The one entity of `kind` that `name` names, by id, name or alias, or else by an
    /// ambiguous alias; `None` if it names none of that kind, or several equally.
    /// `O(entities · aliases)`.
    pub fn resolve_sole(&self, name: &str, kind: Kind) -> Option<EntityId> {
        let request = NameRequest::parse(name).of_kind(kind);
        let (i, others) = request.find(&self.entities, |_| 0)?;
        others.is_empty().then_some(EntityId(i as u32))
    }

    fn find(&self, name: &str, ambiguous: bool) -> Option<EntityId> {
        let mut request = NameRequest::parse(name);
        if !ambiguous {
            request = request.unambiguous();
        }
        // A catalog has no mention counts to rank by: what the name is of the entity ranks it —
        // its id, then its display name, then an alias. Written exactly, a display name beats an
        // id that is only the same in lower case: "JSON" is the format named so, not the `json`
        // module.
        let key = request.key();
        let rank = |e: &Entity| {
            if e.id == name {
                4
            } else if e.name == name {
                3
            } else if alias_key(&e.id) == key {
                2
            } else if alias_key(&e.name) == key {
                1
            } else {
                0
            }
        };
        let (i, _) = request.find(&self.entities, rank)?;
        Some(EntityId(i as u32))
    }

    /// A catalog of entities that were checked when they were loaded (a stored catalog).
    fn from_checked(entities: Vec<Entity>) -> Catalog {
        let by_id = (entities.iter().enumerate())
            .map(|(i, e)| (e.id.clone(), EntityId(i as u32)))
            .collect();
        Catalog { entities, by_id }
    }

    /// Loads the default catalog, then `extra` files in order.
    pub fn load(default: bool, extra: &[PathBuf]) -> Result<Catalog, CatalogError> {
        Self::load_with(default, extra, |builder, path| {
            builder.add_file(path).map(drop)
        })
    }

    /// [`Catalog::load`], each extra file added by `add`.
    fn load_with(
        default: bool,
        extra: &[PathBuf],
        mut add: impl FnMut(&mut CatalogBuilder, &PathBuf) -> Result<(), CatalogError>,
    ) -> Result<Catalog, CatalogError> {
        let mut builder = CatalogBuilder::default();
        if default {
            // Parsed side by side (the default catalog is 12,000 entities in a dozen files,
            // and loading it is the first thing every build waits for), added in order; an
            // error is the first file's.
            use rayon::prelude::*;
            let parsed: Vec<Result<ParsedFile, CatalogError>> = DEFAULT_FILES
                .par_iter()
                .map(|(path, text)| ParsedFile::parse(Path::new(path), text))
                .collect();
            for file in parsed {
                builder.add_parsed(file?);
            }
        }
        for path in extra {
            add(&mut builder, path)?;
        }
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-entity catalog, for the tests of loading and of names.
    pub(super) const PYTEST: &str = r#"
[[entity]]
id = "pytest"
name = "pytest"
kind = "package"
aliases = ["pytest", "py.test"]
"#;

    #[test]
    fn a_valid_catalog_loads_and_resolves_names() {
        let catalog = Catalog::from_toml_str(PYTEST).unwrap();
        assert_eq!(catalog.len(), 1);
        let id = catalog.resolve("PY.TEST").unwrap();
        assert_eq!(catalog.get(id).origin.to_string(), "test.toml:2");
        assert_eq!(catalog.resolve("nose"), None);
    }

    #[test]
    fn the_default_catalog_is_valid() {
        let catalog = Catalog::load(true, &[]).unwrap();
        assert!(catalog.len() >= 2000, "{} entities", catalog.len());
        // Every compiled-in file contributes, and a later file's entity replaces an earlier one
        // by id: no id twice.
        let files: std::collections::BTreeSet<&Path> =
            catalog.entities().iter().map(|e| &*e.origin.file).collect();
        assert_eq!(files.len(), DEFAULT_FILES.len());
        let ids: std::collections::HashSet<&str> =
            catalog.entities().iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), catalog.len());
        // Names a user types find the entity they mean, of the kind it is.
        let cases = [
            ("pytest", "pytest", Kind::Package),
            ("Guido van Rossum", "guido-van-rossum", Kind::Person),
            ("guido", "guido-van-rossum", Kind::Person),
            ("pip install requests", "requests", Kind::Package),
            ("requests", "requests", Kind::Package),
        ];
        for (name, id, kind) in cases {
            let entity = catalog.get(catalog.resolve(name).unwrap_or_else(|| panic!("{name}")));
            assert_eq!((entity.id.as_str(), entity.kind), (id, kind), "{name}");
        }
    }

    #[test]
    fn names_resolve_to_an_id_before_a_display_name_before_an_alias() {
        let catalog = Catalog::from_toml_str(
            r#"
[[entity]]
id = "alias-owner"
name = "Alias Owner"
kind = "software"
aliases = ["gitlab"]
case_sensitive = ["gitlab"]

[[entity]]
id = "name-owner"
name = "GitLab"
kind = "organization"
aliases = ["GitLab Inc"]

[[entity]]
id = "gitlab"
name = "The Forge"
kind = "software"
aliases = ["forge"]
ambiguous_aliases = ["brian"]
"#,
        )
        .unwrap();
        let id = |name: &str| catalog.resolve(name).map(|e| catalog.get(e).id.as_str());
        assert_eq!(id("GITLAB"), Some("gitlab"));
        assert_eq!(id("gitlab"), Some("gitlab"));
        // Written exactly as a display name, it is that entity, not an id equal in lower case
        // (the regression: "JSON" resolved to the `json` module, not to the format named JSON).
        assert_eq!(id("GitLab"), Some("name-owner"));
        assert_eq!(id("organization:gitlab"), Some("name-owner"));
        assert_eq!(id("id:alias-owner"), Some("alias-owner"));
        assert_eq!(id("the forge"), Some("gitlab"));
        assert_eq!(id("Brian"), Some("gitlab"));
        assert_eq!(catalog.resolve_unambiguous("Brian"), None);
        assert_eq!(id("nothing"), None);
    }
}
