//! `podgraph discover`: the people and names the transcripts introduce that the catalog lacks,
//! found by the build's own discovery ([`podgraph::pipeline::discover`]) and written as a
//! catalog file to review.

use std::io::Write;

use anyhow::Result;
use podgraph::discover;
use podgraph::pipeline;
use serde::Serialize;

use super::Outcome;
use super::corpus::{plan_corpus, report_corpus};
use crate::cli::DiscoverArgs;
use crate::config;
use crate::output::{Verbosity, stdout, write_json};

/// `podgraph discover`: what the transcripts introduce that the catalog lacks, as a catalog file.
pub fn discover(args: &DiscoverArgs, verbosity: Verbosity) -> Result<Outcome> {
    let options = config::parse_options(&args.read)?;
    let catalog = config::load_catalog(&args.catalog)?;
    // Planned and read a batch at a time, as `build` reads: an archive need not fit in memory.
    let corpus = plan_corpus(&args.paths, &options, verbosity.quiet, None)?;
    report_corpus(&corpus, verbosity);
    let records = corpus.records();
    let found = pipeline::discover(
        &catalog,
        &corpus,
        &records,
        &discover::DiscoverOptions {
            min_episodes: args.min_episodes,
            ..discover::DiscoverOptions::default()
        },
        true,
    )?;
    let listed = found
        .candidates
        .iter()
        .filter(|c| c.confidence >= args.min_confidence)
        .count();
    if args.json {
        #[derive(Serialize)]
        struct SpeakerRecord<'a> {
            name: &'a str,
            role: &'static str,
            episodes: usize,
            hosts: &'a [String],
            in_catalog: Option<&'a str>,
            spellings: &'a [String],
        }
        #[derive(Serialize)]
        struct Report<'a> {
            speakers: Vec<SpeakerRecord<'a>>,
            candidates: Vec<&'a discover::Candidate>,
        }
        let report = Report {
            speakers: found
                .speakers
                .iter()
                .map(|s| SpeakerRecord {
                    name: &s.name,
                    role: s.role.tag(),
                    episodes: s.episodes,
                    hosts: &s.hosts,
                    in_catalog: s.known.map(|id| catalog.get(id).id.as_str()),
                    spellings: &s.spellings,
                })
                .collect(),
            candidates: found
                .candidates
                .iter()
                .filter(|c| c.confidence >= args.min_confidence)
                .collect(),
        };
        write_json(&mut stdout(), &report)?;
    } else {
        let text = format!(
            "# Discovered by `podgraph discover` in {} episodes: review, then pass back with --catalog.\n\
             # People who speak come first, then names by confidence; each has its evidence above it.\n\n{}",
            corpus.transcripts.len(),
            found.to_toml(&catalog, args.min_confidence)
        );
        match &args.out {
            Some(path) => {
                podgraph::atomic::write_file(path, |w| w.write_all(text.as_bytes()))
                    .map_err(crate::output::unwritable("choose a writable file with -o"))?;
                if !verbosity.quiet {
                    eprintln!(
                        "podgraph: {} speakers and {listed} candidates written to {}",
                        found.speakers.len(),
                        path.display()
                    );
                }
            }
            None => stdout().write_all(text.as_bytes())?,
        }
    }
    Ok(Outcome::found_if(!found.speakers.is_empty() || listed > 0))
}
