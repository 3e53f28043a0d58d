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

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::transcript::lines::{LineCounter, line_column};
use crate::transcript::text::fold_str;

/// What kind of thing an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A real person.
    Person,
    /// A Python package, module or framework.
    Package,
    /// Other software: languages, tools, services, operating systems.
    Software,
    /// A company, foundation or community.
    Organization,
    /// A technical idea ("structured concurrency").
    Concept,
    /// A conference or other event.
    Event,
    /// A podcast, book, talk or article.
    Media,
}

impl Kind {
    /// Every kind, in the order documentation lists them.
    pub const ALL: [Kind; 7] = [
        Kind::Person,
        Kind::Package,
        Kind::Software,
        Kind::Organization,
        Kind::Concept,
        Kind::Event,
        Kind::Media,
    ];

    /// The name used in catalogs and output.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Package => "package",
            Kind::Software => "software",
            Kind::Organization => "organization",
            Kind::Concept => "concept",
            Kind::Event => "event",
            Kind::Media => "media",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown kind '{s}' (expected one of: {})", names.join(", "))
            })
    }
}

/// Index of an entity in its [`Catalog`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct EntityId(pub u32);

impl EntityId {
    /// The index as `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where an entity was defined.
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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

impl Entity {
    /// Whether the entity carries `tag`.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// An entity as written in a file, before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    id: String,
    name: String,
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    ambiguous_aliases: Vec<String>,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    case_sensitive: Vec<String>,
    pypi: Option<String>,
    homepage: Option<String>,
    description: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    #[serde(default)]
    entity: Vec<toml::Spanned<RawEntity>>,
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
    by_id: HashMap<String, EntityId>,
}

/// The default catalog's files, compiled in by `build.rs`: `(path, contents)`.
pub const DEFAULT_FILES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/default_catalog.rs"));

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

    /// Finds an entity by id, display name or alias, ignoring case and typography.
    ///
    /// Ids come first, then display names, then aliases, then ambiguous aliases: "GitLab" is the
    /// entity with that id even if another entity is also called "GitLab", and "Brian" finds a
    /// Brian only if nothing is named that outright.
    pub fn resolve(&self, name: &str) -> Option<EntityId> {
        self.resolve_unambiguous(name).or_else(|| {
            let key = alias_key(name);
            self.ids().find(|&id| {
                self.get(id)
                    .ambiguous_aliases
                    .iter()
                    .any(|a| alias_key(a) == key)
            })
        })
    }

    /// Like [`resolve`](Self::resolve), without ambiguous aliases: a bare "Brandon" finds nobody.
    pub fn resolve_unambiguous(&self, name: &str) -> Option<EntityId> {
        if let Some(id) = self.by_id(name) {
            return Some(id);
        }
        let key = alias_key(name);
        self.ids()
            .find(|&id| alias_key(&self.get(id).id) == key)
            .or_else(|| self.ids().find(|&id| alias_key(&self.get(id).name) == key))
            .or_else(|| {
                self.ids()
                    .find(|&id| self.get(id).aliases.iter().any(|a| alias_key(a) == key))
            })
    }

    fn ids(&self) -> impl Iterator<Item = EntityId> + use<> {
        (0..self.entities.len() as u32).map(EntityId)
    }

    /// Loads the default catalog, then `extra` files in order.
    pub fn load(default: bool, extra: &[PathBuf]) -> Result<Catalog, CatalogError> {
        let mut builder = CatalogBuilder::default();
        if default {
            for (path, text) in DEFAULT_FILES {
                builder.add_str(Path::new(path), text)?;
            }
        }
        for path in extra {
            builder.add_file(path)?;
        }
        builder.build()
    }
}

/// Collects entities from catalog files, then validates them into a [`Catalog`].
#[derive(Default)]
pub struct CatalogBuilder {
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
}

/// Continues a loaded catalog: later files (discovered entities) add to it or override by id.
impl From<Catalog> for CatalogBuilder {
    fn from(catalog: Catalog) -> Self {
        let by_id = catalog
            .by_id
            .into_iter()
            .map(|(id, i)| (id, i.index()))
            .collect();
        CatalogBuilder {
            entities: catalog.entities,
            by_id,
        }
    }
}

impl CatalogBuilder {
    /// Adds the entities of a `.toml` or `.json` file.
    pub fn add_file(&mut self, path: &Path) -> Result<&mut Self, CatalogError> {
        let bytes = std::fs::read(path).map_err(|source| CatalogError::Io {
            path: path.to_owned(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let (line, _) = line_column(
                &String::from_utf8_lossy(e.as_bytes()),
                e.utf8_error().valid_up_to(),
            );
            CatalogError::Syntax {
                path: path.to_owned(),
                line,
                message: "not UTF-8 text; save the catalog as UTF-8".to_owned(),
            }
        })?;
        self.add_str(path, &text)
    }

    /// Adds the entities of catalog text; `path` names it and decides the format by extension.
    pub fn add_str(&mut self, path: &Path, text: &str) -> Result<&mut Self, CatalogError> {
        let file: Arc<Path> = Arc::from(path);
        let raw = match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => parse_toml(&file, text)?,
            Some("json") => parse_json(&file, text)?,
            _ => {
                return Err(CatalogError::UnknownFormat {
                    path: path.to_owned(),
                });
            }
        };
        let mut seen_here: HashMap<String, usize> = HashMap::new();
        for (raw, line) in raw {
            let origin = Origin {
                file: file.clone(),
                line,
            };
            if let Some(first) = seen_here.insert(raw.id.trim().to_owned(), line) {
                return Err(invalid(
                    origin,
                    format!("duplicate id '{}' (first defined at line {first})", raw.id),
                ));
            }
            let entity = validate_entity(raw, origin)?;
            match self.by_id.get(&entity.id) {
                // A later file corrects an earlier one: replace in place, keeping the order.
                Some(&i) => self.entities[i] = entity,
                None => {
                    self.by_id.insert(entity.id.clone(), self.entities.len());
                    self.entities.push(entity);
                }
            }
        }
        Ok(self)
    }

    /// Checks rules that span entities, and returns the catalog.
    pub fn build(self) -> Result<Catalog, CatalogError> {
        check_alias_conflicts(&self.entities)?;
        let by_id = self
            .by_id
            .into_iter()
            .map(|(id, i)| (id, EntityId(i as u32)))
            .collect();
        Ok(Catalog {
            entities: self.entities,
            by_id,
        })
    }
}

#[cfg(test)]
impl Catalog {
    /// A catalog from TOML text, named `test.toml` in messages: for unit tests.
    pub(crate) fn from_toml_str(text: &str) -> Result<Catalog, CatalogError> {
        let mut builder = CatalogBuilder::default();
        builder.add_str(Path::new("test.toml"), text)?;
        builder.build()
    }
}

fn invalid(origin: Origin, message: String) -> CatalogError {
    CatalogError::Invalid {
        origin,
        message,
        more: 0,
    }
}

fn parse_toml(file: &Arc<Path>, text: &str) -> Result<Vec<(RawEntity, usize)>, CatalogError> {
    let parsed: TomlFile = toml::from_str(text).map_err(|e| CatalogError::Syntax {
        path: file.to_path_buf(),
        line: e.span().map_or(1, |s| line_column(text, s.start).0),
        message: e.message().trim_end().replace('\n', "; "),
    })?;
    let mut lines = LineCounter::new(text);
    Ok(parsed
        .entity
        .into_iter()
        .map(|spanned| {
            let line = lines.line_at(spanned.span().start);
            (spanned.into_inner(), line)
        })
        .collect())
}

fn parse_json(file: &Arc<Path>, text: &str) -> Result<Vec<(RawEntity, usize)>, CatalogError> {
    let syntax = |line: usize, e: serde_json::Error| CatalogError::Syntax {
        path: file.to_path_buf(),
        line,
        message: strip_json_position(&e.to_string()),
    };
    let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| syntax(e.line(), e))?;
    let mut lines = LineCounter::new(text);
    items
        .into_iter()
        .map(|item| {
            let offset = item.get().as_ptr() as usize - text.as_ptr() as usize;
            let line = lines.line_at(offset);
            let raw: RawEntity =
                serde_json::from_str(item.get()).map_err(|e| syntax(line + e.line() - 1, e))?;
            Ok((raw, line))
        })
        .collect()
}

fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Ids are used on command lines and in URLs.
fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '+' | '-' | ':')
        })
}

fn validate_entity(raw: RawEntity, origin: Origin) -> Result<Entity, CatalogError> {
    let id = raw.id.trim().to_owned();
    let fail = |message: String| Err(invalid(origin.clone(), message));
    if !valid_id(&id) {
        return fail(format!(
            "invalid id '{id}': use lower-case letters, digits and . _ + - : (e.g. 'scikit-learn')"
        ));
    }
    if raw.name.trim().is_empty() {
        return fail(format!("entity '{id}' has an empty name"));
    }
    let kind: Kind = match raw.kind.parse() {
        Ok(kind) => kind,
        Err(message) => return fail(format!("entity '{id}': {message}")),
    };
    if raw.aliases.is_empty() && raw.ambiguous_aliases.is_empty() {
        return fail(format!("entity '{id}' has no aliases"));
    }
    for alias in raw.aliases.iter().chain(&raw.ambiguous_aliases) {
        if alias.trim().is_empty() {
            return fail(format!("entity '{id}' has an empty alias"));
        }
        if !alias.chars().any(char::is_alphanumeric) {
            return fail(format!(
                "entity '{id}': alias '{alias}' has no letters or digits and would match punctuation"
            ));
        }
    }
    for form in &raw.case_sensitive {
        if !raw.aliases.contains(form) && !raw.ambiguous_aliases.contains(form) {
            return fail(format!(
                "entity '{id}': case_sensitive lists '{form}', which is not one of its aliases"
            ));
        }
    }
    for (field, words) in [("context", &raw.context), ("exclude", &raw.exclude)] {
        if words.iter().any(|w| w.trim().is_empty()) {
            return fail(format!("entity '{id}' has an empty {field} entry"));
        }
    }
    let trim_all = |v: Vec<String>| v.into_iter().map(|s| s.trim().to_owned()).collect();
    Ok(Entity {
        id,
        name: raw.name.trim().to_owned(),
        kind,
        aliases: trim_all(raw.aliases),
        ambiguous_aliases: trim_all(raw.ambiguous_aliases),
        context: trim_all(raw.context),
        exclude: trim_all(raw.exclude),
        case_sensitive: trim_all(raw.case_sensitive),
        pypi: raw.pypi,
        homepage: raw.homepage,
        description: raw.description,
        tags: raw.tags,
        origin,
    })
}

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
        }
    }

    /// The name without its `id:` or `kind:` prefix, as a lookup key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// How well an entity answers: `Some(0)` for its id, name or an alias, `Some(1)` for an
    /// ambiguous alias only, `None` if not at all (or not of the kind asked for).
    pub fn tier(
        &self,
        id: &str,
        kind: Kind,
        name: &str,
        aliases: &[String],
        ambiguous: &[String],
    ) -> Option<u8> {
        if let Some(wanted) = self.id {
            return (id == wanted).then_some(0);
        }
        if self.kind.is_some_and(|k| k != kind) {
            return None;
        }
        let same = |text: &str| {
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
        };
        if id == self.bare || same(id) || same(name) || aliases.iter().any(|a| same(a)) {
            Some(0)
        } else if ambiguous.iter().any(|a| same(a)) {
            Some(1)
        } else {
            None
        }
    }
}

/// Among `(tier, position, mentions)` matches, those of the best tier, most mentioned first
/// (ties by position): the chosen position and the others. `None` if there is no match.
pub fn most_mentioned(mut found: Vec<(u8, usize, u64)>) -> Option<(usize, Vec<usize>)> {
    let best = found.iter().map(|f| f.0).min()?;
    found.retain(|f| f.0 == best);
    found.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
    Some((found[0].1, found[1..].iter().map(|f| f.1).collect()))
}

/// An alias that counts without evidence and in any case collides with another entity's.
fn check_alias_conflicts(entities: &[Entity]) -> Result<(), CatalogError> {
    let mut owners: HashMap<String, usize> = HashMap::new();
    let mut problems: Vec<(Origin, String)> = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        for alias in &e.aliases {
            // A case-sensitive alias is told apart by its case; key it by its exact form.
            let key = if e.case_sensitive.contains(alias) {
                format!("\u{0}{}", fold_str(alias))
            } else {
                alias_key(alias)
            };
            match owners.get(&key) {
                Some(&j) if j != i => {
                    let other = &entities[j];
                    problems.push((
                        e.origin.clone(),
                        format!(
                            "alias '{alias}' of '{}' is also an alias of '{}' ({}); list it under \
                             ambiguous_aliases or case_sensitive in one of them",
                            e.id, other.id, other.origin
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    owners.insert(key, i);
                }
            }
        }
    }
    let more = problems.len().saturating_sub(1);
    match problems.into_iter().next() {
        Some((origin, message)) => Err(CatalogError::Invalid {
            origin,
            message,
            more,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_toml(text: &str) -> Result<Catalog, CatalogError> {
        Catalog::from_toml_str(text)
    }

    const PYTEST: &str = r#"
[[entity]]
id = "pytest"
name = "pytest"
kind = "package"
aliases = ["pytest", "py.test"]
"#;

    #[test]
    fn a_valid_catalog_loads_and_resolves_names() {
        let catalog = load_toml(PYTEST).unwrap();
        assert_eq!(catalog.len(), 1);
        let id = catalog.resolve("PY.TEST").unwrap();
        assert_eq!(catalog.get(id).origin.to_string(), "test.toml:2");
        assert_eq!(catalog.resolve("nose"), None);
    }

    #[test]
    fn catalog_errors_name_file_line_and_problem() {
        let cases: &[(&str, &str)] = &[
            (
                "[[entity]]\nid = \"a\"\nname = \"A\"\nkind = \"pkg\"\naliases = [\"a\"]\n",
                "test.toml:1: entity 'a': unknown kind 'pkg' (expected one of: person, package, \
                 software, organization, concept, event, media)",
            ),
            (
                "[[entity]]\nid = \"a\"\nname = \"A\"\nkind = \"package\"\naliases = [\"a\", \" \"]\n",
                "test.toml:1: entity 'a' has an empty alias",
            ),
            (
                "[[entity]]\nid = \"a\"\nname = \"A\"\nkind = \"package\"\naliases = [\"--\"]\n",
                "test.toml:1: entity 'a': alias '--' has no letters or digits and would match \
                 punctuation",
            ),
            (
                "[[entity]]\nid = \"a\"\nname = \"A\"\nkind = \"package\"\naliases = [\"a\"]\n\n\
                 [[entity]]\nid = \"a\"\nname = \"B\"\nkind = \"package\"\naliases = [\"b\"]\n",
                "test.toml:7: duplicate id 'a' (first defined at line 1)",
            ),
            (
                "[[entity]]\nid = \"a\"\nname = \"A\"\nkind = \"package\"\naliases = [\"Boca\"]\n\n\
                 [[entity]]\nid = \"b\"\nname = \"B\"\nkind = \"organization\"\naliases = [\"boca\"]\n",
                "test.toml:7: alias 'boca' of 'b' is also an alias of 'a' (test.toml:1); list it \
                 under ambiguous_aliases or case_sensitive in one of them",
            ),
            (
                "[[entity]]\nid = \"a\"\nname = \"A\"\nkind = \"package\"\naliases = \"a\"\n",
                "test.toml:5: invalid type: string \"a\", expected a sequence",
            ),
            (
                "[[entity]]\nid = \"a\"\nname = \"A\"\nkind = \"package\"\nalias = [\"a\"]\n",
                "test.toml:5: unknown field `alias`, expected one of `id`, `name`, `kind`, \
                 `aliases`, `ambiguous_aliases`, `context`, `exclude`, `case_sensitive`, `pypi`, \
                 `homepage`, `description`, `tags`",
            ),
            (
                "[[entity]]\nid = \"A b\"\nname = \"A\"\nkind = \"package\"\naliases = [\"a\"]\n",
                "test.toml:1: invalid id 'A b': use lower-case letters, digits and . _ + - : (e.g. \
                 'scikit-learn')",
            ),
            (
                "[[entity]\nid = 3\n",
                "test.toml:1: unclosed array table, expected `]`",
            ),
        ];
        for (text, expected) in cases {
            let err = load_toml(text).unwrap_err();
            assert_eq!(&err.to_string(), expected);
        }
    }

    #[test]
    fn conflicts_separated_by_a_rule_are_allowed() {
        let text = r#"
[[entity]]
id = "black"
name = "Black"
kind = "package"
aliases = ["black formatter"]
ambiguous_aliases = ["black"]

[[entity]]
id = "black-colour"
name = "Black"
kind = "concept"
aliases = ["Black"]
case_sensitive = ["Black"]

[[entity]]
id = "black-other"
name = "Black"
kind = "media"
aliases = ["black"]
"#;
        load_toml(text).unwrap();
    }

    #[test]
    fn json_catalogs_report_the_line_of_the_entity() {
        let text = "[\n {\"id\": \"a\", \"name\": \"A\", \"kind\": \"package\", \"aliases\": [\"a\"]},\n \
                    {\"id\": \"b\", \"name\": \"B\", \"kind\": \"thing\", \"aliases\": [\"b\"]}\n]";
        let mut b = CatalogBuilder::default();
        let err = b.add_str(Path::new("gen.json"), text).err().unwrap();
        assert_eq!(
            err.to_string(),
            "gen.json:3: entity 'b': unknown kind 'thing' (expected one of: person, package, \
             software, organization, concept, event, media)"
        );
        let err = b
            .add_str(Path::new("gen.json"), "{\"id\": 1}")
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "gen.json:1: invalid type: map, expected a sequence"
        );
    }

    #[test]
    fn later_files_override_by_id() {
        let mut b = CatalogBuilder::default();
        b.add_str(Path::new("a.toml"), PYTEST).unwrap();
        b.add_str(
            Path::new("b.toml"),
            "[[entity]]\nid = \"pytest\"\nname = \"PyTest\"\nkind = \"package\"\naliases = [\"pie test\"]\n",
        )
        .unwrap();
        let catalog = b.build().unwrap();
        assert_eq!(catalog.len(), 1);
        assert_eq!(catalog.entities()[0].name, "PyTest");
        assert_eq!(catalog.resolve("py.test"), None);
    }

    #[test]
    fn the_default_catalog_is_valid() {
        let catalog = Catalog::load(true, &[]).unwrap();
        assert!(catalog.len() >= 2000, "{} entities", catalog.len());
    }
}
