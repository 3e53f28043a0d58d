//! Compiles the default catalog (`data/catalog/`) into the program: generated JSON files first,
//! then the hand-curated TOML files, each group in name order, so curated entries override
//! generated ones by id; and a hash of them and of the code that reads catalogs, which a stored
//! catalog is keyed by.
//!
//! It also tells the tests which consumer programs this machine has (`cfg(podgraph_graphviz)`,
//! `cfg(podgraph_networkx)`, `cfg(podgraph_browser)`): a test that needs a missing one is
//! *ignored* with the reason and what to install, so that the skip shows in the test summary
//! rather than passing in silence. Installing a tool re-runs this script.

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
    let out_dir = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out_dir).join("default_catalog.rs"), code).unwrap();
    // A hash of the default catalog's files (names and contents), and of the code that reads
    // catalogs, which a stored catalog is keyed by: made here once rather than by every build
    // (3.6 MB, ten milliseconds), and changed by any change to how a catalog is read.
    let crate_root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readers = [
        "src/catalog/mod.rs",
        "src/catalog/load.rs",
        "src/catalog/names.rs",
        "src/catalog/stored.rs",
        "src/transcript/text/fold.rs",
    ];
    let sources =
        (files.iter().map(|f| root.join(f))).chain(readers.iter().map(|r| crate_root.join(r)));
    let mut hash = [0xcbf2_9ce4_8422_2325_u64, 0x6c62_272e_07bb_0142_u64];
    for path in sources {
        let text = std::fs::read(&path).unwrap();
        let name = path
            .strip_prefix(crate_root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for byte in name.bytes().chain([0]).chain(text).chain([0xff]) {
            for (h, prime) in hash
                .iter_mut()
                .zip([0x0000_0100_0000_01b3_u64, 0x0000_0100_0000_0193])
            {
                *h = (*h ^ u64::from(byte)).wrapping_mul(prime);
            }
        }
    }
    for reader in readers {
        println!("cargo:rerun-if-changed={reader}");
    }
    std::fs::write(
        Path::new(&out_dir).join("default_catalog_hash.rs"),
        format!("[{:#x}, {:#x}]", hash[0], hash[1]),
    )
    .unwrap();
    detect_tools();
}

/// Sets a `cfg` for each consumer program the tests can use, and watches where installing one
/// would change something.
fn detect_tools() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-env-changed=PATH");
    let runs = |program: &str, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    // Where a program would appear: the folders of PATH (their listing changes on install).
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        if dir.is_dir() {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
    }
    let site_packages = std::process::Command::new("python3")
        .args([
            "-c",
            "import site; print('\\n'.join(site.getsitepackages()))",
        ])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    for dir in site_packages.lines().map(Path::new).filter(|d| d.is_dir()) {
        println!("cargo:rerun-if-changed={}", dir.display());
    }
    let playwright = root.join("tests/site/node_modules/.package-lock.json");
    println!(
        "cargo:rerun-if-changed={}",
        if playwright.exists() {
            playwright
        } else {
            root.join("tests/site")
        }
        .display()
    );
    let tools = [
        ("podgraph_graphviz", runs("dot", &["-V"])),
        (
            "podgraph_networkx",
            runs("python3", &["-c", "import networkx"]),
        ),
        (
            "podgraph_browser",
            runs("node", &["--version"])
                && root
                    .join("tests/site/node_modules/playwright-core")
                    .is_dir()
                && Path::new("/usr/bin/chromium").exists(),
        ),
    ];
    for (name, present) in tools {
        println!("cargo::rustc-check-cfg=cfg({name})");
        if present {
            println!("cargo::rustc-cfg={name}");
        }
    }
}
