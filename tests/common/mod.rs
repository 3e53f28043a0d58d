//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use podgraph::transcript::{ParseOptions, Transcript, read_transcript};

/// The repository's sample transcripts.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/transcripts")
}

/// Reads one of the sample transcripts by its file name.
pub fn seed(name: &str) -> Transcript {
    read_transcript(&seeds_dir().join(name), &ParseOptions::default()).unwrap()
}

/// A folder of `../shared/corpus`, if present; as [`corpus_transcripts`], a missing folder
/// fails under CI and skips elsewhere.
pub fn shared_corpus(sub: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but {} is missing", dir.display());
    }
    eprintln!(
        "SKIPPED: {} not found (set CI=1 to make this a failure)",
        dir.display()
    );
    None
}

/// Writes `toml` to a catalog file in `dir` and loads it alone (no default catalog).
pub fn catalog_from(dir: &Path, toml: &str) -> podgraph::catalog::Catalog {
    let path = dir.join("catalog.toml");
    std::fs::write(&path, toml).unwrap();
    podgraph::catalog::Catalog::load(false, &[path]).unwrap()
}

/// The Python Bytes archive in `../shared`, if present.
///
/// Corpus tests must not pass silently where they should run: under CI (`CI` set) a missing
/// archive fails the test; elsewhere the test is skipped with a message on stderr.
pub fn corpus_transcripts() -> Option<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/python-bytes/transcripts");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but the corpus is missing at {}", dir.display());
    }
    eprintln!(
        "SKIPPED: corpus not found at {} (set CI=1 to make this a failure)",
        dir.display()
    );
    None
}
