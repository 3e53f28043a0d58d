//! Compiles the default catalog (`data/catalog/`) into the program: generated JSON files first,
//! then the hand-curated TOML files, each group in name order, so curated entries override
//! generated ones by id.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog");
    println!("cargo:rerun-if-changed=data/catalog");
    let mut files = Vec::new();
    for (folder, ext) in [("generated", "json"), ("curated", "toml")] {
        let dir = root.join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(&format!(".{ext}")))
            .collect();
        names.sort();
        files.extend(names.into_iter().map(|n| format!("{folder}/{n}")));
    }
    let mut code = String::from("&[\n");
    for file in &files {
        let _ = writeln!(
            code,
            "    (\"data/catalog/{file}\", include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/data/catalog/{file}\"))),"
        );
    }
    code.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("default_catalog.rs");
    std::fs::write(out, code).unwrap();
}
