//! Any text as a query expression: parsed against a small index and evaluated in every window
//! kind, with an error (never a panic) for what does not parse.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use podgraph::catalog::Kind;
use podgraph::graph::Window;
use podgraph::index::{IndexEdge, IndexEntity, IndexEpisode, IndexMention, QueryIndex};
use podgraph::query;

fn index() -> &'static QueryIndex {
    static INDEX: OnceLock<QueryIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let entity = |id: &str, aliases: &[&str]| IndexEntity {
            id: id.to_owned(),
            name: id.to_owned(),
            kind: Kind::Package,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ambiguous_aliases: vec!["py".to_owned()],
            tags: Vec::new(),
            mentions: 1,
            episodes: 1,
            pagerank: 0.0,
            betweenness: 0.0,
            community: 0,
        };
        let mention = |entity, segment, start| IndexMention {
            entity,
            segment,
            start_ms: start,
            speaker: None,
            snippet: [0, 0, 0, 0],
        };
        QueryIndex {
            window: "60s".to_owned(),
            entities: vec![
                entity("pytest", &["pytest"]),
                entity("asyncio", &["async io"]),
                entity("trio", &[]),
                entity("guido-van-rossum", &["Guido van Rossum", "guido"]),
            ],
            episodes: vec![IndexEpisode {
                id: "e".to_owned(),
                show: None,
                number: Some(1),
                title: None,
                date: None,
                source_path: String::new(),
                mentions: (0, 4),
            }],
            edges: vec![IndexEdge {
                a: 0,
                b: 1,
                weight: 1,
                npmi: 0.5,
                episodes: (0, 1),
            }],
            edge_episodes: vec![0],
            mentions: vec![
                mention(0, 0, Some(0)),
                mention(1, 0, Some(0)),
                mention(2, 1, Some(120_000)),
                mention(3, 2, None),
            ],
            text: String::new(),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let index = index();
    let _ = query::is_expression(text);
    if let Ok(expr) = query::parse(text, index) {
        for window in [Window::Episode, Window::Segment, Window::Seconds(60)] {
            let _ = query::episodes_matching(index, &expr, window);
        }
    }
});
