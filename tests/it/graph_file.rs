//! `graph.json` read back: what build writes, the loader reads, and bad files get clear errors.

use std::fs;

use podgraph::export::{GraphDocument, LoadError};

use crate::harness::{SMALL_CATALOG, build};

#[test]
fn graph_json_round_trips_byte_for_byte() {
    let out = tempfile::tempdir().unwrap();
    build(out.path(), &SMALL_CATALOG);
    let path = out.path().join("graph.json");
    let document = GraphDocument::load(&path).unwrap();
    assert_eq!(document.episodes.len(), 5);
    assert!(!document.nodes.is_empty() && !document.edge_list().is_empty());
    let rewritten = serde_json::to_string_pretty(&document).unwrap() + "\n";
    assert_eq!(rewritten, fs::read_to_string(&path).unwrap());
}

#[test]
fn bad_graph_files_say_how_to_fix_them() {
    let out = tempfile::tempdir().unwrap();
    build(out.path(), &SMALL_CATALOG);
    let path = out.path().join("graph.json");
    let good = fs::read_to_string(&path).unwrap();

    let missing = out.path().join("nope.json");
    let err = GraphDocument::load(&missing).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }));
    assert!(
        err.to_string()
            .ends_with("run `podgraph build` first, or give --graph"),
        "{err}"
    );

    fs::write(
        &path,
        good.replace("\"format_version\": 1", "\"format_version\": 99"),
    )
    .unwrap();
    let err = GraphDocument::load(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: written in graph format 99, this podgraph reads format 1; rebuild with `podgraph build`",
            path.display()
        )
    );

    fs::write(&path, &good[..good.len() / 2]).unwrap();
    let err = GraphDocument::load(&path).unwrap_err();
    assert!(matches!(err, LoadError::Invalid { .. }), "{err}");
    assert!(
        err.to_string().contains("not a podgraph graph.json"),
        "{err}"
    );

    fs::write(
        &path,
        good.replace("\"kind\": \"package\"", "\"kind\": \"gadget\""),
    )
    .unwrap();
    let err = GraphDocument::load(&path).unwrap_err();
    assert!(
        err.to_string().contains("unknown variant `gadget`"),
        "{err}"
    );
}
