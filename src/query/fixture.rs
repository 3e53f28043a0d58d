//! The small index every query test reads: one fixture, so that the parser, proximity and graph
//! tests agree on what `a`, `b`, `c` and `d` are.

use crate::catalog::Kind;
use crate::corpus::EpisodeSummary;
use crate::index::{EntityParts, IndexEdge, IndexEntityId, IndexMention, QueryIndex};

fn entity(id: &str, aliases: &[&str]) -> EntityParts {
    EntityParts {
        id: id.to_owned(),
        name: id.to_uppercase(),
        kind: Kind::Package,
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        ambiguous_aliases: Vec::new(),
        tags: Vec::new(),
        mentions: 1,
        episodes: 1,
        pagerank: 0.0,
        betweenness: 0.0,
        community: Some(0),
    }
}

fn mention(entity: u32, segment: u32, start_s: Option<u64>) -> IndexMention {
    IndexMention {
        entity: IndexEntityId::new(entity),
        segment,
        start_ms: start_s.map(|s| s * 1000),
        speaker: None,
        snippet: [0, 0, 0, 0],
    }
}

/// Entities a, b, c, "guido van rossum"; episode 0: a and b 90 s apart, c with a in one
/// segment; episode 1: b only (untimed); edges a–b (5), b–c (1), c–d (2).
pub(super) fn index() -> QueryIndex {
    let episode = |id: &str| EpisodeSummary {
        id: id.to_owned(),
        show: None,
        number: None,
        title: None,
        date: None,
        source_path: String::new(),
    };
    let edge = |a, b, weight| {
        let edge = IndexEdge {
            a: IndexEntityId::new(a),
            b: IndexEntityId::new(b),
            weight,
            npmi: f64::from(weight) / 10.0,
            episodes: (0, 0),
        };
        (edge, Vec::new())
    };
    QueryIndex::from_parts(
        "test",
        "60s",
        vec![
            entity("a", &["alpha"]),
            entity("b", &[]),
            entity("c", &[]),
            entity("d", &["Guido van Rossum"]),
        ],
        vec![
            (
                episode("e0"),
                vec![
                    mention(0, 0, Some(0)),
                    mention(2, 0, Some(0)),
                    mention(1, 1, Some(90)),
                ],
                String::new(),
            ),
            (episode("e1"), vec![mention(1, 0, None)], String::new()),
        ],
        vec![edge(0, 1, 5), edge(1, 2, 1), edge(2, 3, 2)],
        Vec::new(),
    )
    .unwrap()
}
