//! `podgraph path`: a chain of real co-mentions, as short as networkx finds once hosts and hubs
//! are set aside, and through them only when asked.

use super::{Fixture, archive, graph_json, json, seeds};
use crate::harness::python;

/// Shortest path lengths by networkx, without the hosts and the hubs (co-mentioned with over a
/// quarter of the mentioned entities), as the independent judge of `path`.
const SHORTEST: &str = r#"
import json, sys
import networkx as nx
data = json.load(open(sys.argv[1], encoding="utf-8"))
g = nx.node_link_graph(data, edges="edges")
mentioned = sum(1 for _, d in g.nodes(data=True) if d["mentions"] > 0)
hubs = [n for n in g if g.degree(n) > 0.25 * (mentioned - 1)]
hosts = [n for n, d in g.nodes(data=True) if "host" in d["tags"]]
g.remove_nodes_from([n for n in hubs + hosts if n not in sys.argv[2:4]])
print(nx.shortest_path_length(g, sys.argv[2], sys.argv[3]))
"#;

/// Checks that `path FROM TO` is a chain of real co-mentions from FROM to TO; its hops.
pub(super) fn check_path(f: &Fixture, from: &str, to: &str) -> usize {
    let path = json(f, &["path", from, to]);
    let hops = path["hops"].as_array().unwrap();
    let graph = graph_json(f);
    let edges = graph["edges"].as_array().unwrap();
    assert_eq!(hops[0]["from"]["id"], from);
    assert_eq!(hops[hops.len() - 1]["to"]["id"], to);
    for hop in hops {
        let (a, b) = (
            hop["from"]["id"].as_str().unwrap(),
            hop["to"]["id"].as_str().unwrap(),
        );
        let edge = edges
            .iter()
            .find(|e| {
                (e["source"] == a && e["target"] == b) || (e["source"] == b && e["target"] == a)
            })
            .expect("each hop is a co-mention");
        assert_eq!(hop["weight"], edge["weight"]);
        assert_eq!(hop["episodes"], edge["episodes"]);
    }
    hops.len()
}

/// The length of the shortest path from FROM to TO by networkx, without hosts and hubs.
fn networkx_length(f: &Fixture, from: &str, to: &str) -> usize {
    python(SHORTEST, &[&f.out.join("graph.json"), &from, &to])
        .trim()
        .parse()
        .unwrap()
}

const PATHS: [(&str, &str); 2] = [("bokeh", "asyncio"), ("zappa", "pytest")];

/// Archive paths that went through "Python" before hubs were avoided.
const ARCHIVE_PATHS: [(&str, &str); 2] =
    [("bokeh", "asyncio"), ("david-beazley", "guido-van-rossum")];

#[test]
fn path_is_a_chain_of_real_co_mentions() {
    for (from, to) in PATHS {
        check_path(seeds(), from, to);
    }
}

#[test]
#[cfg_attr(
    not(podgraph_networkx),
    ignore = "needs networkx (pip install networkx)"
)]
fn path_is_as_short_as_networkx_finds() {
    for (from, to) in PATHS {
        assert_eq!(
            check_path(seeds(), from, to),
            networkx_length(seeds(), from, to),
            "{from} → {to}"
        );
    }
    if let Some(f) = archive() {
        for (from, to) in ARCHIVE_PATHS {
            assert_eq!(
                check_path(f, from, to),
                networkx_length(f, from, to),
                "{from} → {to}"
            );
        }
    }
}

/// Regression: `path bokeh asyncio` and `path "David Beazley" "Guido van Rossum"` went through
/// "Python", which a Python show co-mentions with everything.
#[test]
fn paths_avoid_hubs_and_sponsors_unless_asked() {
    let Some(f) = archive() else {
        return;
    };
    let through = |args: &[&str]| -> Vec<String> {
        let path = json(f, args);
        path["hops"]
            .as_array()
            .unwrap()
            .iter()
            .skip(1)
            .map(|h| h["from"]["id"].as_str().unwrap().to_owned())
            .collect()
    };
    for (from, to) in ARCHIVE_PATHS {
        let inner = through(&["path", from, to]);
        assert!(!inner.is_empty());
        assert!(
            !inner.contains(&"python".to_owned()),
            "{from} → {to}: {inner:?}"
        );
        check_path(f, from, to);
    }
    // Asked to, a chain may use the hub.
    assert_eq!(
        through(&[
            "path",
            "bokeh",
            "asyncio",
            "--through-hubs",
            "--through-hosts"
        ])
        .len(),
        1
    );
    let neighbors = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["neighbors", "pytest", "-n", "15"];
        args.extend(extra);
        json(f, &args)["neighbors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(neighbors(&[]).contains(&"patreon".to_owned()));
    let hidden = neighbors(&["--hide-sponsors"]);
    assert_eq!(hidden.len(), 15);
    assert!(
        !hidden.contains(&"patreon".to_owned())
            && !hidden.contains(&"talk-python-training".to_owned())
    );
}
