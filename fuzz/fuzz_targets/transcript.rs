//! Any bytes as a transcript file: parsing, extraction and snippets must not panic, and every
//! span must map back inside the file.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use podgraph::catalog::{Catalog, CatalogBuilder};
use podgraph::extract::Extractor;
use podgraph::transcript::{Format, ParseOptions, parse_bytes};

const CATALOG: &str = r#"
[[entity]]
id = "pytest"
name = "pytest"
kind = "package"
aliases = ["pytest", "py.test"]

[[entity]]
id = "requests"
name = "Requests"
kind = "package"
aliases = ["python-requests"]
ambiguous_aliases = ["requests"]
context = ["http", "library"]

[[entity]]
id = "brian-okken"
name = "Brian Okken"
kind = "person"
aliases = ["Brian Okken"]
ambiguous_aliases = ["Brian"]

[[entity]]
id = "dotnet"
name = ".NET"
kind = "software"
aliases = [".NET", "C#"]
case_sensitive = [".NET"]
"#;

fn catalog() -> &'static Catalog {
    static CATALOG_CELL: OnceLock<Catalog> = OnceLock::new();
    CATALOG_CELL.get_or_init(|| {
        let mut builder = CatalogBuilder::default();
        builder.add_str(Path::new("fuzz.toml"), CATALOG).unwrap();
        builder.build().unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks a format (or detection), the rest is the file.
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let formats = [
        None,
        Some(Format::Webvtt),
        Some(Format::Timestamped),
        Some(Format::SpeakerProse),
        Some(Format::Srt),
        Some(Format::PodcastJson),
        Some(Format::JsonSegments),
        Some(Format::Markdown),
        Some(Format::Diarised),
        Some(Format::Html),
    ];
    let options = ParseOptions {
        format: formats[usize::from(selector) % formats.len()],
        show: None,
        ..ParseOptions::default()
    };
    let Ok(transcript) = parse_bytes(bytes, Path::new("fuzz.txt"), &options) else {
        return;
    };
    let extractor = Extractor::new(catalog()).unwrap();
    for mention in extractor.extract(&transcript) {
        let span = transcript.source_span(mention.start..mention.end);
        assert!(span.start <= span.end && span.end <= transcript.source().len());
        let _ = transcript.context(mention.start..mention.end, 70);
        assert!(mention.segment < transcript.segments().len());
    }
});
