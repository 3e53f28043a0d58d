//! Reading catalog files: TOML kept by hand and JSON generated from the package registries,
//! validated entity by entity into a [`Catalog`].
//!
//! Both formats go through one raw shape ([`RawEntity`]) so that they accept the same fields and
//! fail with the same messages; every error carries the file and the line the entity starts on,
//! found from the parser's spans rather than by searching the text again.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Catalog, CatalogError, Entity, EntityId, Kind, Origin, alias_key};
use crate::transcript::lines::{LineCounter, line_column, strip_position};
use crate::transcript::text::fold_str;

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

/// The entities of one catalog file, parsed and checked on their own, waiting to be added to a
/// [`CatalogBuilder`] after the files before it.
pub struct ParsedFile(Vec<Entity>);

impl ParsedFile {
    /// Parses catalog text; `path` names it and decides the format by extension. Checks each
    /// entity, and that no id is defined twice in the file.
    pub fn parse(path: &Path, text: &str) -> Result<ParsedFile, CatalogError> {
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
        let mut entities = Vec::with_capacity(raw.len());
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
            entities.push(validate_entity(raw, origin)?);
        }
        Ok(ParsedFile(entities))
    }
}

impl CatalogBuilder {
    /// Adds the entities of a `.toml` or `.json` file.
    pub fn add_file(&mut self, path: &Path) -> Result<&mut Self, CatalogError> {
        let bytes = std::fs::read(path).map_err(|source| CatalogError::Io {
            path: path.to_owned(),
            source,
        })?;
        self.add_bytes(path, bytes)
    }

    /// Adds the entities of the contents of the file `path`, read already.
    pub fn add_bytes(&mut self, path: &Path, bytes: Vec<u8>) -> Result<&mut Self, CatalogError> {
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
        Ok(self.add_parsed(ParsedFile::parse(path, text)?))
    }

    /// Adds the entities of a file parsed apart ([`ParsedFile::parse`]): files are parsed in
    /// parallel, and added in order.
    pub fn add_parsed(&mut self, parsed: ParsedFile) -> &mut Self {
        for entity in parsed.0 {
            match self.by_id.get(&entity.id) {
                // A later file corrects an earlier one: replace in place, keeping the order.
                Some(&i) => self.entities[i] = entity,
                None => {
                    self.by_id.insert(entity.id.clone(), self.entities.len());
                    self.entities.push(entity);
                }
            }
        }
        self
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
        message: strip_position(&e.to_string()),
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
    use std::path::Path;

    use super::*;
    use crate::catalog::tests::PYTEST;

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
            let err = Catalog::from_toml_str(text).unwrap_err();
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
        Catalog::from_toml_str(text).unwrap();
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
}
