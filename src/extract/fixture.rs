//! The harness the extraction unit tests share: one small catalog that exercises every rule, and
//! extraction run by every kind of automaton the extractor can build.
//!
//! The catalog is small, so by itself the extractor would always build a DFA for it, while the
//! default catalog gets a contiguous NFA (and a catalog too large for that, a noncontiguous one).
//! The helpers here extract with each kind and require the same mentions from all, as
//! aho-corasick's own tests run every kind, so no kind goes untested.

use std::path::Path;

use aho_corasick::AhoCorasickKind;

use super::{Extractor, Mention, PerEpisode};
use crate::catalog::Catalog;
use crate::transcript::{ParseOptions, Transcript, parse_bytes};

const CATALOG: &str = r#"
[[entity]]
id = "pytest"
name = "pytest"
kind = "package"
aliases = ["pytest", "py.test"]

[[entity]]
id = "pytest-asyncio"
name = "pytest-asyncio"
kind = "package"
aliases = ["pytest-asyncio"]

[[entity]]
id = "asyncio"
name = "asyncio"
kind = "package"
aliases = ["asyncio"]

[[entity]]
id = "scikit-learn"
name = "scikit-learn"
kind = "package"
aliases = ["scikit-learn", "sci-kit learn", "sklearn"]

[[entity]]
id = "nodejs"
name = "Node.js"
kind = "software"
aliases = ["Node.js"]

[[entity]]
id = "cpp"
name = "C++"
kind = "software"
aliases = ["C++"]

[[entity]]
id = "dotnet"
name = ".NET"
kind = "software"
aliases = [".NET"]

[[entity]]
id = "fsharp"
name = "F#"
kind = "software"
aliases = ["F#"]

[[entity]]
id = "jupyter"
name = "Jupyter"
kind = "software"
aliases = ["Jupyter", "Jupyter notebook"]

[[entity]]
id = "serie"
name = "Serie"
kind = "software"
aliases = ["Serie"]

[[entity]]
id = "bokeh"
name = "Bokeh"
kind = "package"
aliases = ["Bokeh", "Boca"]

[[entity]]
id = "requests"
name = "requests"
kind = "package"
aliases = ["requests library"]
ambiguous_aliases = ["requests"]
context = ["HTTP", "Kenneth Reitz", "pip install", "import"]
exclude = ["requests per second", "pull requests", "feature requests"]

[[entity]]
id = "black"
name = "Black"
kind = "package"
aliases = ["black formatter"]
ambiguous_aliases = ["black"]
context = ["formatter", "format", "code style"]

[[entity]]
id = "brian-okken"
name = "Brian Okken"
kind = "person"
aliases = ["Brian Okken", "Brian Aukin"]
ambiguous_aliases = ["Brian", "Okken"]
context = ["Test & Code", "host"]

[[entity]]
id = "brian-skinn"
name = "Brian Skinn"
kind = "person"
aliases = ["Brian Skinn"]
ambiguous_aliases = ["Brian", "Skinn"]

[[entity]]
id = "michael-kennedy"
name = "Michael Kennedy"
kind = "person"
aliases = ["Michael Kennedy"]
ambiguous_aliases = ["Michael", "Kennedy"]

[[entity]]
id = "flask"
name = "Flask"
kind = "package"
aliases = ["Flask"]
ambiguous_aliases = ["flask"]
case_sensitive = ["Flask"]
context = ["app", "web"]

[[entity]]
id = "go"
name = "Go"
kind = "software"
aliases = ["Golang", "Go"]
case_sensitive = ["Go"]

[[entity]]
id = "parcel"
name = "Parcel"
kind = "software"
aliases = ["Parcel bundler"]
ambiguous_aliases = ["Parcel"]
case_sensitive = ["Parcel"]
context = ["bundler"]

[[entity]]
id = "cruise"
name = "Cruise"
kind = "organization"
aliases = ["Cruise Automation"]
ambiguous_aliases = ["Cruise"]
case_sensitive = ["Cruise"]
context = ["self-driving"]
"#;

/// The test catalog.
pub(super) fn catalog() -> Catalog {
    Catalog::from_toml_str(CATALOG).unwrap()
}

/// Every kind of automaton the extractor can build: a DFA (up to a few thousand patterns), the
/// contiguous NFA aho-corasick picks beyond that, and the noncontiguous NFA it falls back to.
pub(super) const KINDS: [AhoCorasickKind; 3] = [
    AhoCorasickKind::DFA,
    AhoCorasickKind::ContiguousNFA,
    AhoCorasickKind::NoncontiguousNFA,
];

/// `text` read as a plain prose transcript.
pub(super) fn transcript(text: &str) -> Transcript {
    parse_bytes(
        text.as_bytes(),
        Path::new("t.txt"),
        &ParseOptions::default(),
    )
    .unwrap()
}

/// The mentions of `catalog`'s entities in `t`, the same whichever kind of automaton finds them.
pub(super) fn mentions(catalog: &Catalog, t: &Transcript) -> Vec<Mention> {
    let mut by_kind = KINDS.into_iter().map(|kind| {
        let extractor = Extractor::with_kind(catalog, kind).unwrap();
        assert_eq!(extractor.scanner.kind(), kind);
        (kind, extractor.extract(t))
    });
    let (first_kind, first) = by_kind.next().expect("at least one kind");
    for (kind, mentions) in by_kind {
        assert_eq!(
            mentions,
            first,
            "{:?}: the {kind:?} automaton finds otherwise than the {first_kind:?}",
            t.text()
        );
    }
    // An automaton of only the spellings the text can say finds the same, and the whole
    // automaton such an extractor compiles once its own are spent.
    let per_episode = PerEpisode::new(catalog, 0);
    assert_eq!(per_episode.extract(t, true).unwrap(), first);
    assert!(per_episode.into_whole().unwrap().is_some());
    assert_eq!(
        PerEpisode::new(catalog, 1).extract(t, true).unwrap(),
        first,
        "{:?}: the episode's own automaton finds otherwise",
        t.text()
    );
    first
}

/// The ids found in `text`, read as plain prose, with their surface forms.
pub(super) fn found(text: &str) -> Vec<(String, String)> {
    let catalog = catalog();
    let t = transcript(text);
    mentions(&catalog, &t)
        .into_iter()
        .map(|m| {
            (
                catalog.get(m.entity).id.clone(),
                t.text()[m.start..m.end].to_owned(),
            )
        })
        .collect()
}

/// The ids found in `text`, read as plain prose.
pub(super) fn ids(text: &str) -> Vec<String> {
    found(text).into_iter().map(|(id, _)| id).collect()
}
