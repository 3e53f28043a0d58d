//! Any text as a query expression: parsed against a small index and evaluated at every
//! proximity, with an error (never a panic) for what does not parse.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use podgraph::catalog::Kind;
use podgraph::corpus::EpisodeSummary;
use podgraph::index::{
    EntityParts, IndexEdge, IndexEntityId, IndexEpisodeId, IndexMention, QueryIndex,
};
use podgraph::query::{self, Proximity};

fn index() -> &'static QueryIndex {
    static INDEX: OnceLock<QueryIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let entity = |id: &str, aliases: &[&str]| EntityParts {
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
            community: Some(0),
        };
        let mention = |entity, segment, start_ms| IndexMention {
            entity: IndexEntityId::new(entity),
            segment,
            start_ms,
            speaker: None,
            snippet: [0, 0, 0, 0],
        };
        let episode = EpisodeSummary {
            id: "e".to_owned(),
            show: None,
            number: Some(1),
            title: None,
            date: None,
            source_path: String::new(),
        };
        let mentions = vec![
            mention(0, 0, Some(0)),
            mention(1, 0, Some(0)),
            mention(2, 1, Some(120_000)),
            mention(3, 2, None),
        ];
        let edge = IndexEdge {
            a: IndexEntityId::new(0),
            b: IndexEntityId::new(1),
            weight: 1,
            npmi: 0.5,
            episodes: (0, 0),
        };
        QueryIndex::from_parts(
            "fuzz",
            "60s",
            vec![
                entity("pytest", &["pytest"]),
                entity("asyncio", &["async io"]),
                entity("trio", &[]),
                entity("guido-van-rossum", &["Guido van Rossum", "guido"]),
            ],
            vec![(episode, mentions, String::new())],
            vec![(edge, vec![IndexEpisodeId::new(0)])],
            Vec::new(),
        )
        .expect("the fuzz index is valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let index = index();
    let _ = query::is_expression(text);
    if let Ok(expr) = query::parse(text, index) {
        for proximity in [
            Proximity::Episode,
            Proximity::Segment,
            Proximity::Within(60),
        ] {
            let _ = query::episodes_matching(index, &expr, proximity);
        }
    }
});
