//! Evaluation: precision and recall of extraction against episodes annotated by hand.
//!
//! An annotation file (TOML, one per episode; see `tests/fixtures/annotations/README.md`) lists
//! the entities a careful listener hears in the episode (`[[present]]`) and tempting false matches
//! (`[[absent]]`), by name and kind, independently of the catalog. Scoring is at episode level:
//! an entity is found in an episode or not.
//!
//! - A gold entity is mapped to the catalog by its name, then by the forms it was said in; one the
//!   catalog lacks is a miss (a gap in the catalog costs recall, as it costs users).
//! - Every entity extracted but not annotated as present counts as a false positive, including
//!   entities the annotator did not think of: precision is never flattered by what nobody judged.
//!
//! Scores are kept per kind, so that a weak kind cannot hide behind a strong one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, EntityId, Kind};
use crate::extract::Extractor;
use crate::transcript::{ParseOptions, read_transcript};

/// One annotated episode.
#[derive(Clone, Debug, Deserialize)]
pub struct Annotation {
    /// Episode number.
    pub episode: u32,
    /// The transcript's file name in the corpus folder.
    pub file: String,
    /// What is mentioned.
    #[serde(default)]
    pub present: Vec<AnnotatedEntity>,
    /// Tempting things that are not mentioned.
    #[serde(default)]
    pub absent: Vec<AnnotatedEntity>,
}

/// An entity as the annotator wrote it.
#[derive(Clone, Debug, Deserialize)]
pub struct AnnotatedEntity {
    /// Display name.
    pub name: String,
    /// Kind, as in catalogs.
    pub kind: String,
    /// The form(s) it was said in.
    #[serde(default)]
    pub said: Said,
    /// A timestamp of one occurrence.
    #[serde(default)]
    pub at: Option<String>,
}

/// One surface form or several.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(untagged)]
pub enum Said {
    /// Not given.
    #[default]
    None,
    /// One form.
    One(String),
    /// Several forms.
    Many(Vec<String>),
}

impl Said {
    fn forms(&self) -> &[String] {
        match self {
            Said::None => &[],
            Said::One(s) => std::slice::from_ref(s),
            Said::Many(v) => v,
        }
    }
}

/// Why annotations could not be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum EvaluateError {
    /// A file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// An annotation file is malformed.
    #[error("{}: {message}", path.display())]
    Annotation {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A transcript could not be read.
    #[error(transparent)]
    Transcript(#[from] crate::transcript::TranscriptError),
}

/// Reads every `*.toml` annotation in `dir`, in name order.
pub fn load_annotations(dir: &Path) -> Result<Vec<Annotation>, EvaluateError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| EvaluateError::Io { path, source }
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            toml::from_str(&text).map_err(|e| EvaluateError::Annotation {
                message: e.message().to_owned(),
                path,
            })
        })
        .collect()
}

/// True and false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Found and annotated.
    pub true_positives: usize,
    /// Found, not annotated as present.
    pub false_positives: usize,
    /// Annotated, not found.
    pub false_negatives: usize,
}

impl Counts {
    /// Share of what was found that is right (1 when nothing was found).
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// Share of what is there that was found (1 when nothing is there).
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// Counts one decision: was the thing there (`relevant`), and was it found? Returns whether
    /// the decision was wrong. A correct "not there, not found" is not counted here.
    fn tally(&mut self, relevant: bool, found: bool) -> bool {
        match (relevant, found) {
            (true, true) => self.true_positives += 1,
            (false, true) => self.false_positives += 1,
            (true, false) => self.false_negatives += 1,
            (false, false) => {}
        }
        relevant != found
    }

    fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

/// Rows of counts as a Markdown table: name, relevant, found, correct, precision, recall.
fn markdown_table<'a>(
    first: &str,
    relevant: &str,
    found: &str,
    rows: impl Iterator<Item = (&'a str, Counts)>,
) -> String {
    let mut out = format!(
        "| {first} | {relevant} | {found} | correct | precision | recall |\n|---|---:|---:|---:|---:|---:|\n"
    );
    for (name, c) in rows {
        out.push_str(&format!(
            "| {name} | {} | {} | {} | {:.3} | {:.3} |\n",
            c.true_positives + c.false_negatives,
            c.true_positives + c.false_positives,
            c.true_positives,
            c.precision(),
            c.recall()
        ));
    }
    out
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// An error of the extractor in one episode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Miss {
    /// Episode number.
    pub episode: u32,
    /// Kind.
    pub kind: Kind,
    /// The entity's name (and id, where the catalog has it).
    pub entity: String,
}

/// The result of an evaluation.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Evaluation {
    /// Counts per kind.
    pub per_kind: BTreeMap<Kind, Counts>,
    /// Entities found but not annotated as present.
    pub false_positives: Vec<Miss>,
    /// Entities annotated but not found (`not in catalog` noted).
    pub false_negatives: Vec<Miss>,
    /// Episodes evaluated.
    pub episodes: usize,
    /// Annotated tempting false matches ("requests per second") that map to a catalog entity.
    pub traps: usize,
    /// Those the extractor fell into: the entity was found in that episode.
    pub traps_fallen_into: Vec<Miss>,
}

impl Evaluation {
    /// Counts over the given kinds.
    pub fn total(&self, kinds: &[Kind]) -> Counts {
        let mut total = Counts::default();
        for kind in kinds {
            if let Some(c) = self.per_kind.get(kind) {
                total.add(*c);
            }
        }
        total
    }

    /// A Markdown table of precision and recall per kind.
    pub fn table(&self) -> String {
        let rows = self.per_kind.iter().map(|(kind, c)| (kind.name(), *c));
        let mut out = markdown_table(
            "kind",
            "annotated",
            "found",
            rows.chain([("**all**", self.total(&Kind::ALL))]),
        );
        out.push_str(&format!(
            "\nTempting false matches avoided: {} of {}\n",
            self.traps - self.traps_fallen_into.len(),
            self.traps
        ));
        out
    }
}

/// Maps an annotated entity to the catalog: by name, then by any form it was said in. A person
/// is never mapped by an ambiguous alias (a bare "Brandon" must not make Brandon Rohrer into
/// Brandon Rhodes); anything else is, when it is the only entity of its kind with that alias
/// ("IQM" is IQM Quantum Computers, whose bare name needs quantum words nearby).
pub fn map_to_catalog(catalog: &Catalog, item: &AnnotatedEntity) -> Option<EntityId> {
    let names = || std::iter::once(&item.name).chain(item.said.forms());
    names()
        .find_map(|name| catalog.resolve_unambiguous(name))
        .or_else(|| {
            let kind = item
                .kind
                .parse::<Kind>()
                .ok()
                .filter(|&k| k != Kind::Person)?;
            names().find_map(|name| catalog.resolve_sole(name, kind))
        })
}

/// Extracts from each annotated episode's transcript in `transcripts` and scores the result.
pub fn evaluate(
    extractor: &Extractor<'_>,
    annotations: &[Annotation],
    transcripts: &Path,
) -> Result<Evaluation, EvaluateError> {
    let catalog = extractor.catalog();
    let mut evaluation = Evaluation {
        episodes: annotations.len(),
        ..Evaluation::default()
    };
    for annotation in annotations {
        let transcript = read_transcript(
            &transcripts.join(&annotation.file),
            &ParseOptions::default(),
        )?;
        let found: BTreeSet<EntityId> = extractor
            .extract(&transcript)
            .into_iter()
            .map(|m| m.entity)
            .collect();
        let mut gold: BTreeSet<EntityId> = BTreeSet::new();
        for item in &annotation.present {
            let kind = item.kind.parse().unwrap_or(Kind::Concept);
            match map_to_catalog(catalog, item) {
                Some(id) => {
                    gold.insert(id);
                }
                None => {
                    evaluation.per_kind.entry(kind).or_default().false_negatives += 1;
                    evaluation.false_negatives.push(Miss {
                        episode: annotation.episode,
                        kind,
                        entity: format!("{} (not in catalog)", item.name),
                    });
                }
            }
        }
        for item in &annotation.absent {
            let Some(id) = map_to_catalog(catalog, item) else {
                continue;
            };
            if gold.contains(&id) {
                continue;
            }
            evaluation.traps += 1;
            if found.contains(&id) {
                let entity = catalog.get(id);
                evaluation.traps_fallen_into.push(Miss {
                    episode: annotation.episode,
                    kind: entity.kind,
                    entity: format!("{} ({}): {:?}", entity.name, entity.id, item.said.forms()),
                });
            }
        }
        for &id in gold.union(&found) {
            let entity = catalog.get(id);
            // A gold entity is scored under its catalog kind, so that both sides agree.
            let counts = evaluation.per_kind.entry(entity.kind).or_default();
            let miss = Miss {
                episode: annotation.episode,
                kind: entity.kind,
                entity: format!("{} ({})", entity.name, entity.id),
            };
            let (relevant, hit) = (gold.contains(&id), found.contains(&id));
            if counts.tally(relevant, hit) {
                if hit {
                    evaluation.false_positives.push(miss);
                } else {
                    evaluation.false_negatives.push(miss);
                }
            }
        }
    }
    Ok(evaluation)
}

/// One occurrence of an ambiguous word in a transcript, labelled by hand (see
/// `tests/fixtures/ambiguous/README.md`).
#[derive(Clone, Debug, Deserialize)]
pub struct WordOccurrence {
    /// Transcript file name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// The word, lower case.
    pub word: String,
    /// Which whole-word occurrence in the line (1-based).
    pub nth: usize,
    /// Whether it names the package or product rather than being the ordinary word.
    pub is_entity: bool,
}

#[derive(Deserialize)]
struct WordOccurrences {
    occurrence: Vec<WordOccurrence>,
}

/// Reads a labels file of ambiguous-word occurrences.
pub fn load_word_occurrences(path: &Path) -> Result<Vec<WordOccurrence>, EvaluateError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvaluateError::Io {
        path: path.to_owned(),
        source,
    })?;
    let parsed: WordOccurrences = toml::from_str(&text).map_err(|e| EvaluateError::Annotation {
        path: path.to_owned(),
        message: e.message().to_owned(),
    })?;
    Ok(parsed.occurrence)
}

/// How the extractor judged occurrences of ambiguous words: decisions against labels.
#[derive(Clone, Debug, Default, Serialize)]
pub struct WordJudgement {
    /// All occurrences.
    pub counts: Counts,
    /// Ordinary uses correctly not counted.
    pub true_negatives: usize,
    /// Per word.
    pub per_word: BTreeMap<String, Counts>,
    /// The occurrences judged wrongly: `file:line word (expected)`.
    pub wrong: Vec<String>,
}

impl WordJudgement {
    /// A Markdown table per word and in all.
    pub fn table(&self) -> String {
        let rows = self.per_word.iter().map(|(word, c)| (word.as_str(), *c));
        let mut out = markdown_table(
            "word",
            "package uses",
            "counted",
            rows.chain([("**all**", self.counts)]),
        );
        let total = self.counts.true_positives
            + self.counts.false_positives
            + self.counts.false_negatives
            + self.true_negatives;
        out.push_str(&format!(
            "\n{} of {total} occurrences judged right ({} ordinary uses correctly left out)\n",
            self.counts.true_positives + self.true_negatives,
            self.true_negatives
        ));
        out
    }
}

/// Whether `entity` goes by `word` (its id, name or one of its aliases).
fn answers_to(entity: &crate::catalog::Entity, word: &str) -> bool {
    let key = crate::catalog::alias_key(word);
    std::iter::once(&entity.id)
        .chain(std::iter::once(&entity.name))
        .chain(&entity.aliases)
        .chain(&entity.ambiguous_aliases)
        .any(|a| crate::catalog::alias_key(a) == key)
}

/// The byte range of the `nth` whole-word, case-insensitive occurrence of `word` in `line`.
fn nth_word(line: &str, word: &str, nth: usize) -> Option<std::ops::Range<usize>> {
    let lower = line.to_ascii_lowercase();
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    lower
        .match_indices(&word.to_ascii_lowercase())
        .filter(|&(i, w)| {
            !is_word(line[..i].chars().next_back()) && !is_word(line[i + w.len()..].chars().next())
        })
        .nth(nth.checked_sub(1)?)
        .map(|(i, w)| i..i + w.len())
}

/// Judges each labelled occurrence: did the extractor count it as the entity of that name?
pub fn judge_words(
    extractor: &Extractor<'_>,
    occurrences: &[WordOccurrence],
    transcripts: &Path,
) -> Result<WordJudgement, EvaluateError> {
    let catalog = extractor.catalog();
    let mut by_file: BTreeMap<&str, Vec<&WordOccurrence>> = BTreeMap::new();
    for o in occurrences {
        by_file.entry(&o.file).or_default().push(o);
    }
    let mut judgement = WordJudgement::default();
    for (file, items) in by_file {
        let t = read_transcript(&transcripts.join(file), &ParseOptions::default())?;
        let spans: Vec<(std::ops::Range<usize>, EntityId)> = extractor
            .extract(&t)
            .iter()
            .map(|m| (t.source_span(m.start..m.end), m.entity))
            .collect();
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(t.source().match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        for o in items {
            let start = o
                .line
                .checked_sub(1)
                .and_then(|l| line_starts.get(l).copied())
                .unwrap_or(t.source().len());
            let end = t.source()[start..]
                .find('\n')
                .map_or(t.source().len(), |i| start + i);
            let Some(at) = nth_word(&t.source()[start..end], &o.word, o.nth) else {
                return Err(EvaluateError::Annotation {
                    path: PathBuf::from(file),
                    message: format!(
                        "line {} has no occurrence {} of '{}'",
                        o.line, o.nth, o.word
                    ),
                });
            };
            let at = start + at.start..start + at.end;
            let counted = spans.iter().any(|(span, id)| {
                span.start < at.end && at.start < span.end && answers_to(catalog.get(*id), &o.word)
            });
            let wrong = judgement
                .per_word
                .entry(o.word.clone())
                .or_default()
                .tally(o.is_entity, counted);
            judgement.counts.tally(o.is_entity, counted);
            if !o.is_entity && !counted {
                judgement.true_negatives += 1;
            }
            if wrong {
                let expected = if o.is_entity {
                    "entity"
                } else {
                    "ordinary word"
                };
                judgement
                    .wrong
                    .push(format!("{file}:{} {} ({expected})", o.line, o.word));
            }
        }
    }
    Ok(judgement)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_and_recall_of_counts() {
        let c = Counts {
            true_positives: 9,
            false_positives: 1,
            false_negatives: 3,
        };
        assert!((c.precision() - 0.9).abs() < 1e-9);
        assert!((c.recall() - 0.75).abs() < 1e-9);
        assert_eq!(Counts::default().precision(), 1.0);
    }

    #[test]
    fn nth_whole_word_occurrence() {
        assert_eq!(
            nth_word("Black is black, blackish", "black", 2),
            Some(9..14)
        );
        assert_eq!(nth_word("blackish", "black", 1), None);
        assert_eq!(nth_word("Black", "black", 0), None);
    }

    #[test]
    fn a_thing_maps_by_its_only_ambiguous_alias_but_a_person_by_a_bare_name_never() {
        let catalog = Catalog::from_toml_str(
            r#"
[[entity]]
id = "iqm-quantum"
name = "IQM Quantum Computers"
kind = "organization"
aliases = ["IQM Quantum Computers"]
ambiguous_aliases = ["IQM"]

[[entity]]
id = "brandon-rhodes"
name = "Brandon Rhodes"
kind = "person"
aliases = ["Brandon Rhodes"]
ambiguous_aliases = ["Brandon"]

[[entity]]
id = "mercury-bank"
name = "Mercury Bank"
kind = "organization"
aliases = ["Mercury Bank"]
ambiguous_aliases = ["Mercury"]

[[entity]]
id = "mercury-systems"
name = "Mercury Systems"
kind = "organization"
aliases = ["Mercury Systems"]
ambiguous_aliases = ["Mercury"]
"#,
        )
        .unwrap();
        let item = |name: &str, kind: &str| AnnotatedEntity {
            name: name.to_owned(),
            kind: kind.to_owned(),
            said: Said::None,
            at: None,
        };
        let id = |e: Option<EntityId>| e.map(|e| catalog.get(e).id.clone());
        assert_eq!(
            id(map_to_catalog(&catalog, &item("IQM", "organization"))),
            Some("iqm-quantum".into())
        );
        // Not of the kind annotated, or a person's bare name, or shared: no mapping.
        assert_eq!(id(map_to_catalog(&catalog, &item("IQM", "software"))), None);
        assert_eq!(
            id(map_to_catalog(&catalog, &item("Brandon", "person"))),
            None
        );
        assert_eq!(
            id(map_to_catalog(&catalog, &item("Mercury", "organization"))),
            None
        );
    }

    #[test]
    fn annotations_accept_one_or_many_forms() {
        let a: Annotation = toml::from_str(
            "episode = 1\nfile = \"x.txt\"\n[[present]]\nname = \"Bokeh\"\nkind = \"package\"\n\
             said = [\"Boca\", \"Bokeh\"]\n[[absent]]\nname = \"requests\"\nkind = \"package\"\n\
             said = \"requests per second\"\n",
        )
        .unwrap();
        assert_eq!(a.present[0].said.forms(), ["Boca", "Bokeh"]);
        assert_eq!(a.absent[0].said.forms(), ["requests per second"]);
    }
}
