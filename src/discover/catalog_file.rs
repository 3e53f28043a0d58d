//! Writing: the discovered entities as a catalog file, with their evidence as comments.
//!
//! [`Discovery::to_toml`] writes the file a person reviews; [`Discovery::extend`] parses the
//! same text with the catalog loader, so that what `build` adds and what `discover` writes
//! cannot differ. Apart from discovery proper because it decides only how findings become
//! entities (ids, aliases, roles, which spellings a known person gains), not what is found.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use super::candidates::slug;
use super::tally::catalog_keys;
use super::{Candidate, DISCOVERED_FILE, DISCOVERED_TAG, Discovery, people, words};
use crate::catalog::{Catalog, CatalogBuilder, CatalogError, Entity, Kind, alias_key};

/// An entity to write, with the comments above it.
struct Proposal {
    comments: Vec<String>,
    id: String,
    name: String,
    kind: Kind,
    aliases: Vec<String>,
    ambiguous_aliases: Vec<String>,
    context: Vec<String>,
    exclude: Vec<String>,
    case_sensitive: Vec<String>,
    pypi: Option<String>,
    homepage: Option<String>,
    description: Option<String>,
    tags: Vec<String>,
}

impl Proposal {
    fn from_entity(e: &Entity) -> Proposal {
        Proposal {
            comments: Vec::new(),
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind,
            aliases: e.aliases.clone(),
            ambiguous_aliases: e.ambiguous_aliases.clone(),
            context: e.context.clone(),
            exclude: e.exclude.clone(),
            case_sensitive: e.case_sensitive.clone(),
            pypi: e.pypi.clone(),
            homepage: e.homepage.clone(),
            description: e.description.clone(),
            tags: e.tags.clone(),
        }
    }

    fn write(&self, out: &mut String) {
        for c in &self.comments {
            for line in c.lines() {
                let _ = writeln!(out, "# {line}");
            }
        }
        // Written by hand, not through a TOML serialiser: a few hundred entities a build, and
        // a JSON string literal is a valid TOML basic string.
        let string = |s: &str| serde_json::to_string(s).expect("strings serialise");
        out.push_str("[[entity]]\n");
        let mut field = |key: &str, value: String| {
            let _ = writeln!(out, "{key} = {value}");
        };
        field("id", string(&self.id));
        field("name", string(&self.name));
        field("kind", string(self.kind.name()));
        for (key, list) in [
            ("aliases", &self.aliases),
            ("ambiguous_aliases", &self.ambiguous_aliases),
            ("context", &self.context),
            ("exclude", &self.exclude),
            ("case_sensitive", &self.case_sensitive),
        ] {
            if !list.is_empty() {
                let items: Vec<String> = list.iter().map(|a| string(a)).collect();
                field(key, format!("[{}]", items.join(", ")));
            }
        }
        for (key, value) in [
            ("pypi", &self.pypi),
            ("homepage", &self.homepage),
            ("description", &self.description),
        ] {
            if let Some(value) = value {
                field(key, string(value));
            }
        }
        if !self.tags.is_empty() {
            let items: Vec<String> = self.tags.iter().map(|a| string(a)).collect();
            field("tags", format!("[{}]", items.join(", ")));
        }
        out.push('\n');
    }
}

impl Discovery {
    /// The discovered entities as a catalog file: people who speak first (in name order), then
    /// candidates at least `min_confidence` sure, most confident first, each with its evidence
    /// as comments.
    pub fn to_toml(&self, catalog: &Catalog, min_confidence: f64) -> String {
        let mut out = String::new();
        let proposals = self.proposals(catalog, min_confidence);
        for p in &proposals {
            p.write(&mut out);
        }
        out
    }

    fn proposals(&self, catalog: &Catalog, min_confidence: f64) -> Vec<Proposal> {
        let mut proposals = Vec::new();
        let mut ids: HashSet<String> = catalog.entities().iter().map(|e| e.id.clone()).collect();
        // Keys of the catalog discovery ran against; another catalog's are computed afresh.
        let mut claimed = if self.catalog_keys.is_empty() {
            catalog_keys(catalog)
        } else {
            self.catalog_keys.clone()
        };
        // Speech-to-text spellings of catalog people, by the person's id.
        let mut variants: BTreeMap<String, Vec<&Candidate>> = BTreeMap::new();
        for c in &self.candidates {
            if let Some(id) = &c.variant_of
                && c.confidence >= min_confidence
                && claimed.insert(alias_key(&c.name))
            {
                variants.entry(id.clone()).or_default().push(c);
            }
        }
        for s in &self.speakers {
            let evidence = format!(
                "{}: speaks in {} episode{}{}",
                s.role.tag(),
                s.episodes,
                if s.episodes == 1 { "" } else { "s" },
                if s.hosts.is_empty() {
                    String::new()
                } else {
                    format!("; hosts {}", s.hosts.join(", "))
                }
            );
            let spellings: Vec<String> = s
                .spellings
                .iter()
                .filter(|n| claimed.insert(alias_key(n)))
                .cloned()
                .collect();
            if let Some(id) = s.known {
                let entity = catalog.get(id);
                // The catalog's own role stands: a show's host is not a guest of another.
                let has_role = entity.has_tag("host") || entity.has_tag("guest");
                let has = |form: &str| {
                    entity
                        .aliases
                        .iter()
                        .chain(&entity.ambiguous_aliases)
                        .any(|a| a.eq_ignore_ascii_case(form))
                };
                let parts: Vec<String> = name_parts(&s.name)
                    .into_iter()
                    .filter(|part| !has(part))
                    .collect();
                let mut heard = variants
                    .remove(&alias_key(&entity.name))
                    .unwrap_or_default();
                heard.extend(variants.remove(&alias_key(&s.name)).unwrap_or_default());
                if has_role && spellings.is_empty() && parts.is_empty() && heard.is_empty() {
                    continue;
                }
                let mut p = Proposal::from_entity(entity);
                p.comments = vec![format!("{evidence}; in the catalog as {}", entity.id)];
                if !has_role {
                    p.tags.push(s.role.tag().to_owned());
                }
                p.aliases.extend(spellings);
                p.aliases.extend(heard.iter().map(|c| c.name.clone()));
                // A speaker's first name counts where they speak, as the catalog's people's do.
                p.ambiguous_aliases.extend(parts.iter().cloned());
                p.case_sensitive.extend(parts);
                proposals.push(p);
                continue;
            }
            let key = alias_key(&s.name);
            if !claimed.insert(key) {
                // Another entity already answers to this name (not a person): leave it alone.
                continue;
            }
            let id = unique_id(&slug(&s.name), &mut ids);
            let heard = variants.remove(&alias_key(&s.name)).unwrap_or_default();
            let words: Vec<&str> = s.name.split_whitespace().collect();
            let mut aliases = Vec::new();
            let mut ambiguous = Vec::new();
            let mut case_sensitive = Vec::new();
            if words.len() >= 2 {
                aliases.push(s.name.clone());
                aliases.extend(spellings);
                aliases.extend(heard.iter().map(|c| c.name.clone()));
                // First name and surname count where the person is present (see extract).
                ambiguous = name_parts(&s.name);
                case_sensitive = ambiguous.clone();
            } else {
                ambiguous.push(s.name.clone());
                case_sensitive.push(s.name.clone());
            }
            proposals.push(Proposal {
                comments: vec![evidence],
                id,
                name: s.name.clone(),
                kind: Kind::Person,
                aliases,
                ambiguous_aliases: ambiguous,
                context: Vec::new(),
                exclude: Vec::new(),
                case_sensitive,
                pypi: None,
                homepage: None,
                description: None,
                tags: vec![s.role.tag().to_owned(), DISCOVERED_TAG.to_owned()],
            });
        }
        let people = if variants.is_empty() {
            HashMap::new()
        } else {
            people::person_names(catalog)
        };
        // Spellings of a person discovery found, by that person's key: added to its proposal.
        let mut heard_of_discovered: HashMap<String, Vec<&Candidate>> = HashMap::new();
        for (name, heard) in variants {
            let Some(entity) = people.get(&name).map(|&i| catalog.get(i)) else {
                heard_of_discovered.insert(name, heard);
                continue;
            };
            let mut p = Proposal::from_entity(entity);
            p.comments = heard
                .iter()
                .map(|c| spelling_comment(&entity.name, c))
                .collect();
            p.aliases.extend(heard.iter().map(|c| c.name.clone()));
            proposals.push(p);
        }
        for c in &self.candidates {
            if c.confidence < min_confidence || c.variant_of.is_some() {
                continue;
            }
            let mut aliases: Vec<String> = Vec::new();
            for form in std::iter::once(&c.name).chain(&c.forms) {
                if claimed.insert(alias_key(form)) {
                    aliases.push(form.clone());
                }
            }
            let heard = heard_of_discovered
                .remove(&alias_key(&c.name))
                .unwrap_or_default();
            aliases.extend(heard.iter().map(|h| h.name.clone()));
            if aliases.is_empty() {
                continue;
            }
            let mut comments = vec![format!(
                "confidence {:.2}: {}; {}{}",
                c.confidence,
                said(c),
                c.rules.join(", "),
                c.registry
                    .as_ref()
                    .map(|r| format!("; {r}"))
                    .unwrap_or_default()
            )];
            comments.extend(
                c.snippets
                    .iter()
                    .map(|s| format!("  {}: \"{}\"", s.episode, s.text)),
            );
            comments.extend(heard.iter().map(|h| spelling_comment(&c.name, h)));
            let pypi = c
                .registry
                .as_ref()
                .filter(|r| r.starts_with("PyPI"))
                .map(|_| c.name.to_lowercase());
            // Discovery saw a one-word name capitalised, and drops names said in lower case as
            // often: in lower case it is an ordinary word ("TAC" in "tic-tac-toe", "WeMake" in
            // "we make Python 3 great", "Ecosyste.ms" in "ecosystems"). A package a registry
            // lists is the package in any case ("numpy"). So is a thing's name of several words
            // that opens with an English word: in lower case it is a phrase ("all of my repos"
            // is not My Repos). People's names count in any case.
            let phrase = |a: &str| {
                c.kind != Kind::Person && a.split(' ').next().is_some_and(words::is_english)
            };
            let case_sensitive = aliases
                .iter()
                .filter(|a| {
                    c.registry.is_none()
                        && (!a.contains(' ') || phrase(a))
                        && a.chars().any(char::is_uppercase)
                })
                .cloned()
                .collect();
            proposals.push(Proposal {
                comments,
                id: unique_id(&c.id, &mut ids),
                name: c.name.clone(),
                kind: c.kind,
                aliases,
                ambiguous_aliases: Vec::new(),
                context: Vec::new(),
                exclude: Vec::new(),
                case_sensitive,
                pypi,
                homepage: None,
                description: None,
                tags: vec![DISCOVERED_TAG.to_owned()],
            });
        }
        proposals
    }

    /// `catalog` with the discovered entities at least `min_confidence` sure added (and known
    /// speakers tagged with their role).
    pub fn extend(&self, catalog: Catalog, min_confidence: f64) -> Result<Catalog, CatalogError> {
        let text = self.to_toml(&catalog, min_confidence);
        let mut builder = CatalogBuilder::from(catalog);
        builder.add_str(Path::new(DISCOVERED_FILE), &text)?;
        builder.build()
    }
}

/// The comment that says `heard` is a speech-to-text spelling of the person `name`.
fn spelling_comment(name: &str, heard: &Candidate) -> String {
    format!(
        "speech-to-text spelling of {name}: \"{}\" {}",
        heard.name,
        said(heard)
    )
}

/// How often and where a candidate was said: "said 3 times in 1 episode".
fn said(c: &Candidate) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "said {} time{} in {} episode{}",
        c.count,
        plural(c.count),
        c.episodes,
        plural(c.episodes)
    )
}

/// A full name's first name and surname that may stand for the person where they are present:
/// at least three letters, and not an English word ("Will", "Mark").
fn name_parts(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut parts: Vec<String> = Vec::new();
    if let [first, .., last] = words[..] {
        for part in [first, last] {
            if part.chars().count() >= 3
                && part
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
                && !words::is_english(part)
                && !parts.iter().any(|p| p == part)
            {
                parts.push(part.to_owned());
            }
        }
    }
    parts
}

/// `base`, or `base-2`, `base-3`… whichever is not yet in `ids` (and takes it).
fn unique_id(base: &str, ids: &mut HashSet<String>) -> String {
    let mut id = base.to_owned();
    let mut n = 2;
    while !ids.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}
