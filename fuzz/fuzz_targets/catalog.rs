//! Any text as a catalog file, TOML or JSON: an error or a catalog, never a panic; a catalog that
//! loads compiles into a matcher.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use podgraph::catalog::CatalogBuilder;
use podgraph::extract::Extractor;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let name = if selector % 2 == 0 {
        "fuzz.toml"
    } else {
        "fuzz.json"
    };
    let mut builder = CatalogBuilder::default();
    if builder.add_str(Path::new(name), text).is_err() {
        return;
    }
    if let Ok(catalog) = builder.build() {
        let _ = Extractor::new(&catalog);
    }
});
