//! `podgraph discover` and discovery in `build`: speakers and names no catalog has, found with
//! their evidence.

use std::fs;
use std::path::Path;

use crate::harness::podgraph;

/// A small show of three Markdown episodes: two hosts, a guest, and names no catalog has.
fn write_small_show(dir: &Path) {
    let episodes = [
        "**Ada Quillfeather:** Welcome back. My guest today is Bram Okonkwo-Vale, who works on Zylofrost.\n\n\
         **Bram Okonkwo-Vale:** Thanks. We built Zylofrost on top of Quenderlake, and Zylofrost runs everywhere.\n\n\
         **Tomas Wrenhart:** So Zylofrost is fast? I heard Quenderlake is the key.\n",
        "**Ada Quillfeather:** Today we talk about Zylofrost again, and Quenderlake.\n\n\
         **Tomas Wrenhart:** I tried Zylofrost last week. Open Source on Monday, as always.\n",
        "**Ada Quillfeather:** Back with Tomas. We moved our data to Quenderlake.\n\n\
         **Tomas Wrenhart:** And Zylofrost keeps it in sync.\n",
    ];
    for (i, text) in episodes.iter().enumerate() {
        fs::write(dir.join(format!("small-show-{}.md", i + 1)), text).unwrap();
    }
}

#[test]
fn discover_lists_speakers_and_new_names_with_evidence_and_the_file_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let show = dir.path().join("show");
    fs::create_dir(&show).unwrap();
    write_small_show(&show);
    let candidates = dir.path().join("candidates.toml");
    podgraph()
        .args(["discover", "-q", "-o"])
        .arg(&candidates)
        .arg(&show)
        .assert()
        .success();
    let text = fs::read_to_string(&candidates).unwrap();
    for expected in [
        "name = \"Ada Quillfeather\"",
        "\"host\"",
        "name = \"Bram Okonkwo-Vale\"",
        "\"guest\"",
        "name = \"Zylofrost\"",
        "name = \"Quenderlake\"",
        "# confidence",
        "small-show-1",
    ] {
        assert!(text.contains(expected), "{expected} not in\n{text}");
    }
    for trap in ["Open Source", "Monday", "So", "Welcome", "Thanks"] {
        let trap = format!("name = \"{trap}\"");
        assert!(!text.contains(&trap), "{trap} in\n{text}");
    }
    // The reviewed file goes back in with --catalog, discovery off: the same entities, found.
    let out = dir.path().join("out");
    podgraph()
        .args(["build", "-q", "--no-discover", "--catalog"])
        .arg(&candidates)
        .arg("--out")
        .arg(&out)
        .arg(&show)
        .assert()
        .success();
    let graph: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("graph.json")).unwrap()).unwrap();
    let node = |id: &str| {
        graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} not in the graph"))
    };
    assert_eq!(node("zylofrost")["mentions"], 7);
    assert!(
        node("zylofrost")["tags"]
            .as_array()
            .unwrap()
            .contains(&"discovered".into())
    );
    assert_eq!(node("bram-okonkwo-vale")["kind"], "person");
}

#[test]
fn build_adds_discovered_entities_tagged_unless_told_not_to() {
    let dir = tempfile::tempdir().unwrap();
    write_small_show(dir.path());
    let ids = |extra: &[&str]| {
        let out = tempfile::tempdir().unwrap();
        podgraph()
            .args(["build", "-q", "--out"])
            .arg(out.path())
            .args(extra)
            .arg(dir.path())
            .assert()
            .success();
        let graph: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.path().join("graph.json")).unwrap())
                .unwrap();
        graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                let tags: Vec<&str> = n["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap())
                    .collect();
                (n["id"].as_str().unwrap().to_owned(), tags.join(","))
            })
            .collect::<Vec<_>>()
    };
    let with = ids(&[]);
    assert!(
        with.contains(&("zylofrost".to_owned(), "discovered".to_owned())),
        "{with:?}"
    );
    assert!(
        with.contains(&("tomas-wrenhart".to_owned(), "host,discovered".to_owned())),
        "{with:?}"
    );
    let without = ids(&["--no-discover"]);
    assert!(
        without.iter().all(|(_, tags)| !tags.contains("discovered")),
        "{without:?}"
    );
}

#[test]
fn discover_exits_1_when_nothing_is_found() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "just some words said here.\n").unwrap();
    podgraph()
        .args(["discover", "-q"])
        .arg(dir.path())
        .assert()
        .code(1);
}
