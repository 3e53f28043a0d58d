//! `podgraph site` in real headless Chromium (Debian's chromium, driven by playwright-core from
//! tests/site): the page draws the graph, finds entities by search, lists their episodes, and
//! shows hostile names as text without running them.
//!
//! `.ci/run` installs chromium and `npm ci`s tests/site; without them the build script leaves out
//! `cfg(podgraph_browser)` and the browser tests are ignored, with the reason in the test
//! summary.

use std::path::Path;
use std::process::Command;

use crate::harness::{REPO, build, build_with_catalog, entity_toml, podgraph};

/// Runs tests/site/e2e.mjs; returns its output, failing the test if it failed.
fn e2e(args: &[&str]) -> String {
    let output = Command::new("node")
        .current_dir(Path::new(REPO).join("tests/site"))
        .arg("e2e.mjs")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
#[cfg_attr(
    not(podgraph_browser),
    ignore = "needs node, chromium and `npm ci` in tests/site (apt-get install nodejs npm chromium)"
)]
fn the_seeds_site_draws_the_graph_and_finds_episodes() {
    let out = tempfile::tempdir().unwrap();
    build(out.path(), &["--site"]);
    check_seeds_site(out.path());
}

/// Runs the e2e check on the seeds' site in `out`: search, an entity's episodes, an episode's
/// entities, and two entities' shared episode.
fn check_seeds_site(out: &Path) {
    let site = out.join("site");
    let graph = out.join("graph.json");
    let report = e2e(&[
        "check",
        site.to_str().unwrap(),
        graph.to_str().unwrap(),
        "Boca",
        "#29",
        "bokeh",
        "flask",
    ]);
    assert!(report.starts_with("nodes "), "{report}");
    assert!(report.contains("panel Bokeh |"), "{report}");
    assert!(
        report.contains("episode panel Entities, in order of appearance"),
        "{report}"
    );
    assert!(
        report.contains("both Bokeh and Flask | 1 episodes mention both"),
        "{report}"
    );
}

/// A large archive's site keeps its moments and appearances in files beside the page, loaded
/// when an entity or an episode is opened: forced here on the seeds with a zero embed limit,
/// the page answers as the embedded one does.
#[test]
#[cfg_attr(
    not(podgraph_browser),
    ignore = "needs node, chromium and `npm ci` in tests/site (apt-get install nodejs npm chromium)"
)]
fn a_split_site_loads_its_data_when_asked_and_answers_the_same() {
    let out = split_seeds_site();
    let site = out.path().join("site");
    let page = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(page.contains(r#""chunked":{"m":64,"a":64}"#));
    assert!(!page.contains(r#""moments""#));
    assert!(site.join("podgraph-data/m0.js").is_file());
    assert!(site.join("podgraph-data/a0.js").is_file());
    check_seeds_site(out.path());
}

/// The seeds built with `--site`, its data split into files whatever its size.
fn split_seeds_site() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .env("PODGRAPH_SITE_EMBED_LIMIT", "0")
        .args(["build", "-q", "--site", "--out"])
        .arg(out.path())
        .assert()
        .success();
    out
}

/// Writing an embedded site where a split one was removes the split's files, and only those:
/// the folder may be the user's.
#[test]
fn a_site_removes_its_own_old_data_files_and_nothing_else() {
    let out = split_seeds_site();
    let data = out.path().join("site/podgraph-data");
    std::fs::write(data.join("notes.txt"), "mine").unwrap();
    podgraph()
        .args(["site", "--graph"])
        .arg(out.path())
        .assert()
        .success();
    let left: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["notes.txt"]);
    let page = std::fs::read_to_string(out.path().join("site/index.html")).unwrap();
    assert!(page.contains(r#""moments""#));
}

/// Regression: the page's data went in before its script, so a name holding the script's
/// placeholder got the whole script pasted into the data, and the page died.
#[test]
fn a_placeholder_in_a_name_stays_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_with_catalog(
        dir.path(),
        &entity_toml("p", "/*APP*/ and /*DATA*/", "package", &["word"]),
        "00:01 word here\n00:09 word\n",
        &["--site"],
    );
    let page = std::fs::read_to_string(out.join("site/index.html")).unwrap();
    let script = "const data = JSON.parse(document.getElementById(\"podgraph-data\")";
    assert_eq!(
        page.matches(script).count(),
        1,
        "the app script is in the page once"
    );
    assert!(
        page.contains("/*APP*/ and /*DATA*/"),
        "the name is in the data as written"
    );
}

#[test]
#[cfg_attr(
    not(podgraph_browser),
    ignore = "needs node, chromium and `npm ci` in tests/site (apt-get install nodejs npm chromium)"
)]
fn hostile_names_show_as_text_and_run_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        r#"<img src=x onerror="window.hacked=true">"#,
        r#"</script><script>window.hacked=true</script>"#,
        "<svg onload=alert(1)>",
        "/*APP*/ /*DATA*/ /*CSS*/",
    ];
    let catalog: String = names
        .iter()
        .enumerate()
        .map(|(i, name)| entity_toml(&format!("e{i}"), name, "package", &[format!("word{i}")]))
        .collect();
    let out = build_with_catalog(
        dir.path(),
        &catalog,
        "00:01 word0 word1 word2 word3\n00:09 word0\n",
        &["--site"],
    );
    let page = std::fs::read_to_string(out.join("site/index.html")).unwrap();
    assert!(
        !page.contains("<img src=x"),
        "a name reached the page as markup"
    );
    for name in names {
        let report = e2e(&["hostile", out.join("site").to_str().unwrap(), name]);
        assert!(report.contains("| injected 0 | dialogs 0"), "{report}");
    }
}

/// Among several shows every show has a #1: the page is told, and names episodes by id.
#[test]
fn a_site_of_several_shows_names_episodes_by_id() {
    let dir = tempfile::tempdir().unwrap();
    for show in ["Show A", "Show B"] {
        let folder = dir.path().join(show);
        std::fs::create_dir(&folder).unwrap();
        let mut text = format!("---\nshow: {show}\n---\n\n# Episode 1\n\n");
        for _ in 0..5 {
            text.push_str("**Ann Lee:** We talked about pytest this week.\n\n**Bo Ng:** Yes.\n\n");
        }
        std::fs::write(folder.join("001.md"), text).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .arg("build")
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .args(["--site", "-q"])
        .assert()
        .success();
    let page = std::fs::read_to_string(out.path().join("site/index.html")).unwrap();
    assert!(page.contains(r#""several_shows":true"#));
    let seeds = tempfile::tempdir().unwrap();
    build(seeds.path(), &["--site"]);
    let page = std::fs::read_to_string(seeds.path().join("site/index.html")).unwrap();
    assert!(!page.contains(r#""several_shows":"#));
}
