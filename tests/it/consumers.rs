//! The files podgraph writes, read by the programs users read them with.
//!
//! networkx comes from `.ci/run` (pip). Where it is missing, the build script leaves out
//! `cfg(podgraph_networkx)` and these tests are ignored, with the reason in the test summary.

use crate::harness::{build, python};

const COUNT_GRAPH: &str = r#"
import json, sys
import networkx as nx
path, key = sys.argv[1], sys.argv[2]
data = json.load(open(path))
g = nx.node_link_graph(data, edges=key)
assert not g.is_directed() and not g.is_multigraph()
print(g.number_of_nodes(), g.number_of_edges(), len(data["nodes"]), len(data[key]))
n = g.nodes["pytest"]
print(n["name"], n["kind"], n["mentions"], n["episodes"])
a, b = sorted(g.edges)[0]
e = g.edges[a, b]
print(e["weight"] >= 1, e["episode_count"] == len(e["episodes"]), -1 <= e["npmi"] <= 1)
"#;

#[test]
#[cfg_attr(
    not(podgraph_networkx),
    ignore = "needs networkx (pip install networkx)"
)]
fn networkx_reads_graph_json_with_edges_or_links() {
    for (flag, key) in [(None, "edges"), (Some("--links"), "links")] {
        let out = tempfile::tempdir().unwrap();
        build(out.path(), flag.as_slice());
        let graph = out.path().join("graph.json");
        let stdout = python(COUNT_GRAPH, &[&graph, &key]);
        let lines: Vec<&str> = stdout.lines().collect();
        let counts: Vec<usize> = lines[0].split(' ').map(|n| n.parse().unwrap()).collect();
        assert_eq!(counts[0], counts[2], "every node read");
        assert_eq!(counts[1], counts[3], "every edge read");
        assert!(counts[0] > 50 && counts[1] > 100, "{counts:?}");
        assert!(lines[1].starts_with("pytest package "), "{}", lines[1]);
        assert_eq!(lines[2], "True True True");
    }
}
