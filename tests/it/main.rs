//! podgraph's integration tests, one test crate: the command as users run it, its outputs read
//! by the programs users read them with, and the library on the samples and whole archives.
//!
//! One crate rather than one per file, so that the shared [`harness`] is compiled and linked
//! once. `cargo test` runs them all; `cargo test --test it cli::` runs one module.
//!
//! Golden files are in `snapshots/` here, named by module (`it__cli__graph_json.snap`); proptest
//! keeps the cases it once failed on in `tests/proptest-regressions/`, by module file
//! (`properties.txt`).

mod harness;

mod bad_inputs;
mod cache;
mod cli;
mod consumers;
mod corpus;
mod docs;
mod exports;
mod extraction;
mod graph_file;
mod properties;
mod queries;
mod readers;
mod seeds;
mod site;
