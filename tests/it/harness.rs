//! What every test module shares: the `podgraph` binary run from the repository, the fixtures
//! (the sample transcripts, the small test catalog, the archives in `../shared`), catalogs
//! written on the spot, and the consumer programs the tests read outputs with.
//!
//! Separate from the tests so that each of these is written once: a change to how the binary
//! is run, or to where a fixture lives, is one edit here.
//!
//! # Consumer programs: present, absent, under CI
//!
//! `build.rs` sets `cfg(podgraph_graphviz)`, `cfg(podgraph_networkx)` and `cfg(podgraph_browser)`
//! for the programs this machine has. A test that needs one is marked, with the reason and what
//! to install, so that the test summary shows the skip instead of a silent pass:
//!
//! ```text
//! #[cfg_attr(not(podgraph_networkx), ignore = "needs networkx (pip install networkx)")]
//! #[cfg_attr(not(podgraph_graphviz), ignore = "needs Graphviz (apt-get install graphviz)")]
//! #[cfg_attr(
//!     not(all(podgraph_graphviz, podgraph_networkx)),
//!     ignore = "needs Graphviz and networkx (apt-get install graphviz; pip install networkx)"
//! )]
//! #[cfg_attr(
//!     not(podgraph_browser),
//!     ignore = "needs node, chromium and `npm ci` in tests/site (apt-get install nodejs npm chromium)"
//! )]
//! ```
//!
//! (`ignore` takes its reason only as a literal, so the attribute is spelled out on each test.)
//! Under CI (`CI` set) [`ci_has_every_consumer_program`] fails instead, so that nothing is
//! ignored there. The archives in `../shared` are looked for at run time by [`shared_corpus`]:
//! a test without its archive returns early with a message, or fails under CI.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use podgraph::catalog::Catalog;
use podgraph::transcript::{ParseOptions, Transcript, read_transcript};

/// The repository: the working folder of every command, so that paths read as in the README.
pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The small, stable test catalog alone: golden files must not change when the default
/// catalog grows.
pub const SMALL_CATALOG: [&str; 3] = [
    "--no-default-catalog",
    "--catalog",
    "tests/fixtures/catalog/small.toml",
];

/// The `podgraph` binary cargo built for these tests.
pub fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("podgraph")
}

/// `podgraph` as a process to spawn, pipe or interrupt, run from the repository.
///
/// `CI` is the test suite's switch (every consumer program must be there), not the program's:
/// podgraph runs without it, as on a user's machine.
pub fn podgraph_process() -> std::process::Command {
    let mut cmd = std::process::Command::new(binary());
    cmd.current_dir(REPO).env_remove("CI");
    cmd
}

/// `podgraph` run from the repository, for assertions on its status and output.
pub fn podgraph() -> assert_cmd::Command {
    assert_cmd::Command::from_std(podgraph_process())
}

/// Runs `podgraph build -q ARGS --out OUT` and checks that it succeeds.
pub fn build(out: &Path, args: &[&str]) {
    podgraph()
        .args(["build", "-q"])
        .args(args)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

/// Builds `transcript` (the text of a `.txt` file) with `catalog` (TOML) alone, both written
/// into `dir`, with `args` for `build`; the output folder, `dir/out`.
pub fn build_with_catalog(dir: &Path, catalog: &str, transcript: &str, args: &[&str]) -> PathBuf {
    let catalog = write(dir, "catalog.toml", catalog);
    let transcript = write(dir, "t.txt", transcript);
    let out = dir.join("out");
    podgraph()
        .args(["build", "-q"])
        .args(args)
        .arg("--no-default-catalog")
        .arg("--catalog")
        .arg(catalog)
        .arg(transcript)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

/// The sample transcripts built with the catalog alone (no discovered entities), in a fresh
/// folder.
pub fn seeds_without_discovery() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .args(["build", "-q", "--no-discover", "--out"])
        .arg(out.path())
        .arg(seeds_dir())
        .assert()
        .success();
    out
}

/// Writes `bytes` to `dir/name`; its path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The repository's sample transcripts.
pub fn seeds_dir() -> PathBuf {
    Path::new(REPO).join("data/transcripts")
}

/// Reads one of the sample transcripts by its file name.
pub fn seed(name: &str) -> Transcript {
    read_transcript(&seeds_dir().join(name), &ParseOptions::default()).unwrap()
}

/// The catalog compiled into podgraph.
pub fn default_catalog() -> Catalog {
    Catalog::load(true, &[]).unwrap()
}

/// One `[[entity]]` table of a catalog, its name and aliases written as TOML strings whatever
/// they hold.
pub fn entity_toml(id: &str, name: &str, kind: &str, aliases: &[impl AsRef<str>]) -> String {
    let aliases: Vec<String> = aliases.iter().map(|a| toml_string(a.as_ref())).collect();
    format!(
        "[[entity]]\nid = {}\nname = {}\nkind = {}\naliases = [{}]\n\n",
        toml_string(id),
        toml_string(name),
        toml_string(kind),
        aliases.join(", ")
    )
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes `toml` to a catalog file in `dir` and loads it alone (no default catalog).
pub fn catalog_from(dir: &Path, toml: &str) -> Catalog {
    let path = write(dir, "catalog.toml", toml);
    Catalog::load(false, &[path]).unwrap()
}

/// A folder of `../shared/corpus`, if present.
///
/// Corpus tests must not pass silently where they should run: under CI (`CI` set) a missing
/// folder fails the test; elsewhere the test is skipped with a message on stderr.
pub fn shared_corpus(sub: &str) -> Option<PathBuf> {
    let dir = Path::new(REPO).join("../shared/corpus").join(sub);
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

/// The Python Bytes archive in `../shared`, if present (see [`shared_corpus`]).
pub fn corpus_transcripts() -> Option<PathBuf> {
    shared_corpus("python-bytes/transcripts")
}

/// Runs `script` with python3 and `args`; its standard output, failing the test if it failed.
pub fn python(script: &str, args: &[&dyn AsRef<OsStr>]) -> String {
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args.iter().map(|a| AsRef::<OsStr>::as_ref(*a)))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Under CI every consumer program is there, so no test that needs one is ignored.
#[test]
fn ci_has_every_consumer_program() {
    if std::env::var_os("CI").is_none() {
        return;
    }
    let missing: Vec<&str> = [
        ("Graphviz", cfg!(podgraph_graphviz)),
        ("networkx", cfg!(podgraph_networkx)),
        (
            "node, chromium and tests/site/node_modules",
            cfg!(podgraph_browser),
        ),
    ]
    .into_iter()
    .filter(|(_, present)| !present)
    .map(|(name, _)| name)
    .collect();
    assert!(
        missing.is_empty(),
        "CI is set but these are missing (.ci/run installs them): {missing:?}"
    );
}
