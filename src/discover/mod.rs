//! Discovery: the people and things a corpus names that the catalog does not know.
//!
//! A catalog knows what its authors knew. Any other show talks about its own guests and its own
//! subjects, so podgraph also learns from the transcripts themselves, in two ways:
//!
//! - **People who speak** ([`people`]): every speaker label is a person, a host if they speak
//!   across many of a show's episodes, else a guest.
//! - **Names the speech introduces** ([`phrases`]): recurring capitalised phrases inside
//!   sentences made of words no dictionary has ("Vitess", "PlanetScale", "Jim Pivarski"), names
//!   after cues ("my guest today is", "a library called", "pip install"), and names in episode
//!   titles. The package registries' lists ([`words`]) give a candidate's kind and spelling.
//!
//! Every candidate carries its evidence — how often and in how many episodes it is said, which
//! rules found it, a few snippets — and a confidence in `[0, 1]` computed from that evidence.
//! [`Discovery::to_toml`] writes the candidates as a catalog file with the evidence as comments,
//! for a person to review and pass back with `--catalog`; [`Discovery::extend`] adds the
//! confident ones to a catalog (the same text, parsed by the same loader, so what `build` adds
//! and what `discover` writes cannot differ). Added entities carry the tag `discovered`.
//!
//! # Stages
//!
//! 1. **Scan and merge** (`tally`): each episode is scanned on its own, in parallel, into its
//!    speakers and phrase counts ([`Scanner`], [`EpisodeScan`]); scans are merged in corpus
//!    order into a [`DiscoveryTally`], which holds statistics, not text.
//! 2. **Judge** (`candidates`): [`DiscoveryTally::finish`] turns the tallies into ranked
//!    [`Candidate`]s — which phrases count, their kind, their confidence.
//! 3. **Write** (`catalog_file`): [`Discovery::to_toml`] and [`Discovery::extend`] turn the
//!    findings into catalog entities.
//!
//! [`discover`] runs all three over episodes in memory; a build ([`crate::pipeline`]) drives the
//! tally itself, a batch of episodes at a time.
//!
//! # What it will not discover
//!
//! Ordinary words, whatever their case: a phrase must hold a word outside the dictionary, or be
//! a given name and a surname, or be named by a cue or a registry. Sentence-initial capitals: a
//! name said only at the start of sentences is not counted. Anything the catalog already knows,
//! by any alias.
//!
//! # Cost
//!
//! One pass over each transcript (in parallel across episodes), hash-map updates per
//! capitalised run, and a merge in episode order: `O(n)` in the corpus, memory in the number of
//! distinct capitalised phrases. Deterministic: candidates are sorted by confidence, then name.

mod candidates;
mod catalog_file;
pub mod people;
pub mod phrases;
mod tally;
pub mod words;

use serde::Serialize;

use crate::catalog::{Catalog, Kind};
use crate::transcript::Transcript;

pub use people::{Role, Speaker};
pub use phrases::Rule;
pub use tally::{DiscoveryTally, EpisodeScan, Scanner};

/// Makes discovery's tables (word lists, the registries' names, cue expressions) ahead of use,
/// on the calling thread: a caller with an idle core hides their cost (tens of milliseconds).
pub fn prepare() {
    words::prepare();
    phrases::prepare();
}

/// The tag on every entity discovery adds.
pub const DISCOVERED_TAG: &str = "discovered";

/// The file name discovered entities are said to come from (in messages and origins).
pub const DISCOVERED_FILE: &str = "<discovered>.toml";

/// One episode as discovery reads it.
#[derive(Clone, Copy, Debug)]
pub struct EpisodeInput<'a> {
    /// The episode's id (in evidence).
    pub id: &'a str,
    /// Its show, if known (hosts are decided per show).
    pub show: Option<&'a str>,
    /// Its title, if known.
    pub title: Option<&'a str>,
    /// Its transcript.
    pub transcript: &'a Transcript,
}

impl<'a> EpisodeInput<'a> {
    /// One transcript with its episode record.
    pub fn of(transcript: &'a Transcript, record: &'a crate::corpus::EpisodeRecord) -> Self {
        EpisodeInput {
            id: &record.id,
            show: record.show.as_ref().map(|s| s.value.as_str()),
            title: record.title.as_ref().map(|t| t.value.as_str()),
            transcript,
        }
    }

    /// The inputs for a loaded corpus: each transcript with its episode record.
    pub fn from_corpus(
        transcripts: &'a [Transcript],
        records: &'a [crate::corpus::EpisodeRecord],
    ) -> Vec<EpisodeInput<'a>> {
        transcripts
            .iter()
            .zip(records)
            .map(|(transcript, record)| EpisodeInput::of(transcript, record))
            .collect()
    }
}

/// What discovery looks for and how sure it must be.
#[derive(Clone, Debug)]
pub struct DiscoverOptions {
    /// Add speakers as people.
    pub speakers: bool,
    /// Look for names the catalog lacks.
    pub names: bool,
    /// A name must be said in at least this many episodes (a cue or a title counts as one).
    pub min_episodes: usize,
    /// A name must be said at least this often.
    pub min_mentions: usize,
    /// [`Discovery::extend`] adds candidates at least this confident.
    pub min_confidence: f64,
}

impl Default for DiscoverOptions {
    fn default() -> Self {
        DiscoverOptions {
            speakers: true,
            names: true,
            min_episodes: 2,
            min_mentions: 3,
            min_confidence: 0.7,
        }
    }
}

/// A snippet of evidence: the episode and the words around an occurrence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The episode's id.
    pub episode: String,
    /// The text around the occurrence, on one line.
    pub text: String,
}

/// A name the corpus introduces, with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// The proposed entity id.
    pub id: String,
    /// The spelling used most (or the registry's).
    pub name: String,
    /// The guessed kind.
    pub kind: Kind,
    /// Every spelling seen, most frequent first.
    pub forms: Vec<String>,
    /// How often it was said (all rules).
    pub count: usize,
    /// In how many episodes.
    pub episodes: usize,
    /// Which rules found it.
    pub rules: Vec<&'static str>,
    /// The registry listing it, as "PyPI `name` (rank N)".
    pub registry: Option<String>,
    /// The person (of the catalog, or who speaks) this is a speech-to-text spelling of ("Erik
    /// Bernhardson" for Erik Bernhardsson), by name: an alias of that person, not a new entity.
    pub variant_of: Option<String>,
    /// How often its single word was said in lower case, as an ordinary word ("frontend").
    pub lowercase: usize,
    /// How sure discovery is, in `[0, 1]`.
    pub confidence: f64,
    /// Up to three occurrences.
    pub snippets: Vec<Snippet>,
}

/// What discovery found in a corpus.
#[derive(Clone, Debug, Default)]
pub struct Discovery {
    /// Every person who speaks.
    pub speakers: Vec<Speaker>,
    /// Names the catalog lacks, most confident first.
    pub candidates: Vec<Candidate>,
    /// The catalog's alias keys, computed once for discovery and again needed to write.
    catalog_keys: foldhash::HashSet<String>,
}

/// Reads `inputs` for speakers and names `catalog` does not know, with snippets of evidence.
pub fn discover(
    catalog: &Catalog,
    inputs: &[EpisodeInput<'_>],
    options: &DiscoverOptions,
) -> Discovery {
    let mut tally = DiscoveryTally::new(catalog, options.clone(), true);
    tally.add(inputs);
    tally.finish()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::catalog::CatalogBuilder;
    use crate::transcript::{ParseOptions, parse_bytes};

    fn transcript(name: &str, text: &str) -> Transcript {
        parse_bytes(text.as_bytes(), Path::new(name), &ParseOptions::default()).unwrap()
    }

    fn base_catalog() -> Catalog {
        Catalog::from_toml_str(
            r#"
[[entity]]
id = "python"
name = "Python"
kind = "software"
aliases = ["Python"]

[[entity]]
id = "guido-van-rossum"
name = "Guido van Rossum"
kind = "person"
aliases = ["Guido van Rossum"]
"#,
        )
        .unwrap()
    }

    fn episodes() -> Vec<Transcript> {
        let a = "**Jerod Santo:** Welcome, my guest today is Deepthi Sigireddi. We talk about Vitess and PlanetScale.\n\n\
                 **Adam Stacoviak:** Yes, Vitess runs at PlanetScale. So Vitess came from YouTube.\n\n\
                 **Deepthi Sigireddi:** Right, and Guido van Rossum uses Python. Open Source is great. On Monday we met.\n";
        let b = "**Jerod Santo:** Today we cover Vitess again, and PlanetScale too.\n\n\
                 **Adam Stacoviak:** I heard Vitess is big. Open Source on Monday.\n\n\
                 **Jerod Santo:** There is a library called Uproot for that.\n";
        let c = "**Jerod Santo:** Back again with Vitess.\n\n**Adam Stacoviak:** Sure thing.\n";
        vec![
            transcript("a-1.md", a),
            transcript("a-2.md", b),
            transcript("a-3.md", c),
        ]
    }

    fn run(transcripts: &[Transcript]) -> (Catalog, Discovery) {
        let catalog = base_catalog();
        let inputs: Vec<EpisodeInput<'_>> = transcripts
            .iter()
            .map(|t| EpisodeInput {
                id: "e",
                show: Some("Show"),
                title: None,
                transcript: t,
            })
            .collect();
        let discovery = discover(&catalog, &inputs, &DiscoverOptions::default());
        (catalog, discovery)
    }

    #[test]
    fn speakers_become_people_with_roles() {
        let (_, d) = run(&episodes());
        let roles: Vec<(&str, Role)> = d
            .speakers
            .iter()
            .map(|s| (s.name.as_str(), s.role))
            .collect();
        assert_eq!(
            roles,
            [
                ("Adam Stacoviak", Role::Host),
                ("Deepthi Sigireddi", Role::Guest),
                ("Jerod Santo", Role::Host),
            ]
        );
    }

    #[test]
    fn names_said_mid_sentence_across_episodes_are_found_and_traps_are_not() {
        let (_, d) = run(&episodes());
        let names: Vec<&str> = d.candidates.iter().map(|c| c.name.as_str()).collect();
        assert!(names.contains(&"Vitess"), "{names:?}");
        assert!(names.contains(&"PlanetScale"), "{names:?}");
        assert!(names.contains(&"Uproot"), "{names:?}");
        for trap in [
            "Open Source",
            "Monday",
            "Python",
            "Guido van Rossum",
            "Deepthi Sigireddi",
            "So",
        ] {
            assert!(!names.contains(&trap), "{trap} in {names:?}");
        }
        let vitess = d.candidates.iter().find(|c| c.name == "Vitess").unwrap();
        assert!(vitess.confidence >= 0.7, "{vitess:?}");
        assert_eq!(vitess.episodes, 3);
        assert!(!vitess.snippets.is_empty());
    }

    #[test]
    fn misheard_names_of_known_people_become_their_aliases() {
        let catalog = Catalog::from_toml_str(
            r#"
[[entity]]
id = "erik-bernhardsson"
name = "Erik Bernhardsson"
kind = "person"
aliases = ["Erik Bernhardsson"]
"#,
        )
        .unwrap();
        let d = discover_with(
            &catalog,
            "**Ann Host:** We read a post by Erik Bernhardson about it, and one by Eric \
             Bernhardsen.\n\n**Ben Host:** Yes.\n",
        );
        let heard = d
            .candidates
            .iter()
            .find(|c| c.name == "Erik Bernhardson")
            .unwrap();
        assert_eq!(heard.variant_of.as_deref(), Some("erik bernhardsson"));
        // A given name one letter off is the same person ("Eric" for Erik).
        let heard = d
            .candidates
            .iter()
            .find(|c| c.name == "Eric Bernhardsen")
            .unwrap();
        assert_eq!(heard.variant_of.as_deref(), Some("erik bernhardsson"));
        let extended = d.extend(catalog, 0.0).unwrap();
        let id = extended.resolve("Erik Bernhardson").unwrap();
        assert_eq!(extended.get(id).id, "erik-bernhardsson");
    }

    #[test]
    fn a_short_given_name_before_a_known_surname_is_that_person() {
        let catalog = Catalog::from_toml_str(
            r#"
[[entity]]
id = "daniel-whitenack"
name = "Daniel Whitenack"
kind = "person"
aliases = ["Daniel Whitenack"]

[[entity]]
id = "fred-brooks"
name = "Fred Brooks"
kind = "person"
aliases = ["Fred Brooks"]

[[entity]]
id = "andrew-simon"
name = "Andrew Simon"
kind = "person"
aliases = ["Andrew Simon"]
"#,
        )
        .unwrap();
        let d = discover_with(
            &catalog,
            "**Ann Host:** That show with Dan Whitenack, quoting Frederick Brooks. Yes. And \
             Simon agreed.\n\n**Ben Host:** Yes.\n",
        );
        let variant = |name: &str| variant_of(&d, name);
        // A nickname, or the long form of one, before the same surname.
        assert_eq!(
            variant("Dan Whitenack").as_deref(),
            Some("daniel whitenack")
        );
        assert_eq!(variant("Frederick Brooks").as_deref(), Some("fred brooks"));
        // "And" starts "Andrew", but it is a word.
        assert_eq!(variant("And Simon"), None);
    }

    #[test]
    fn a_discovered_persons_misheard_name_is_that_person_not_a_second_one() {
        let d = discover_in(
            "**Ann Host:** Her name is Mireille Reece. Dr. Mireille Rece, to those who want \
             it. Mireille Reece wrote it. Justin Dorfman said so, and Justin Hoffman too, and \
             so did Ryan Adams, not Bryan Adams. Jim Lindenbaum, or James Lindenbaum.\n\n\
             **Ben Host:** Yes.\n",
        );
        let variant = |name: &str| variant_of(&d, name);
        assert_eq!(variant("Mireille Rece").as_deref(), Some("mireille reece"));
        assert_eq!(variant("Mireille Reece"), None);
        // A short form of the given name before the same surname.
        let lindenbaum = [variant("Jim Lindenbaum"), variant("James Lindenbaum")];
        assert!(
            lindenbaum.contains(&Some("jim lindenbaum".into()))
                || lindenbaum.contains(&Some("james lindenbaum".into())),
            "{lindenbaum:?}"
        );
        // Surnames two letters apart, or given names that are other names: two people.
        for name in [
            "Justin Dorfman",
            "Justin Hoffman",
            "Ryan Adams",
            "Bryan Adams",
        ] {
            assert_eq!(variant(name), None, "{name}");
        }
        // The proposal for the person carries the other spelling as an alias.
        let catalog = d.extend(base_catalog(), 0.0).unwrap();
        let reece = catalog
            .entities()
            .iter()
            .find(|e| e.name == "Mireille Reece")
            .expect("proposed");
        assert!(
            reece.aliases.iter().any(|a| a == "Mireille Rece"),
            "{reece:?}"
        );
        assert!(catalog.entities().iter().all(|e| e.name != "Mireille Rece"));
    }

    #[test]
    fn a_copy_of_an_episode_under_another_shows_name_is_no_more_evidence() {
        // Long enough to tell copies apart: hundreds of little words.
        let body = |show: &str, topic: &str| {
            let mut text = format!("**Ann Host:** This is {show}, and we use Zorblax.");
            for i in 0..60 {
                text.push_str(&format!(
                    " So we saw {topic} and it is {} of the best, yes it is.",
                    i % 7
                ));
            }
            text.push_str(" We like Zorblax and Zorblax again.\n\n**Ben Host:** Yes.\n");
            text
        };
        let shows = ["Talk Python", "Python Bytes", "Real Python"];
        let episodes = |texts: [String; 3]| {
            let d = discover_shows(&[
                (shows[0], texts[0].as_str()),
                (shows[1], texts[1].as_str()),
                (shows[2], texts[2].as_str()),
            ]);
            d.candidates
                .iter()
                .find(|c| c.name == "Zorblax")
                .map(|c| (c.episodes, c.count))
        };
        // One episode's text in three shows, each saying its own name: one episode's evidence.
        let copies = episodes(shows.map(|s| body(s, "it")));
        assert_eq!(copies, Some((1, 3)));
        // Three episodes of their own: three episodes' evidence.
        let own = episodes(
            [
                ("Talk Python", "them"),
                ("Python Bytes", "that"),
                ("Real Python", "this"),
            ]
            .map(|(s, t)| body(s, t)),
        );
        assert_eq!(own, Some((3, 9)));
    }

    #[test]
    fn a_shows_own_name_a_word_of_it_or_its_website_is_no_candidate() {
        let text = "**Ann Host:** Welcome to Darknet Diaries. This is Darknet, where we use \
                    Zorblax. Find Darknet at DarknetDiaries.com and Darknet Diaries.fm, and \
                    Zorblax at its site. Zorblax again, on Darknet.\n\n**Ben Host:** Yes.\n";
        let d = discover_shows(&[("Darknet Diaries", text), ("Darknet Diaries", text)]);
        let names: Vec<&str> = d.candidates.iter().map(|c| c.name.as_str()).collect();
        assert!(names.contains(&"Zorblax"), "{names:?}");
        for show in ["Darknet", "DarknetDiaries.com", "Darknet Diaries.fm"] {
            assert!(!names.contains(&show), "{show} in {names:?}");
        }
    }

    /// The person the candidate `name` is another spelling of, by key, if any.
    fn variant_of(d: &Discovery, name: &str) -> Option<String> {
        d.candidates
            .iter()
            .find(|c| c.name == name)
            .and_then(|c| c.variant_of.clone())
    }

    /// Asserts that discovery over one episode of `text` adds `name` (is sure enough of it).
    fn assert_added(text: &str, name: &str) {
        let sure = DiscoverOptions::default().min_confidence;
        let found = candidates_in(text);
        assert!(
            found.iter().any(|(n, c)| n == name && *c >= sure),
            "{name} in {found:?}"
        );
    }

    /// Asserts that discovery over one episode of `text` adds nothing.
    fn assert_nothing_added(text: &str) {
        let sure = DiscoverOptions::default().min_confidence;
        let found = candidates_in(text);
        assert!(found.iter().all(|(_, c)| *c < sure), "{text}: {found:?}");
    }

    /// Discovery over one episode of `text` (spoken by two hosts), and the confidence of each
    /// candidate by name.
    fn candidates_in(text: &str) -> Vec<(String, f64)> {
        discover_in(&format!("**Ann Host:** {text}\n\n**Ben Host:** Yes.\n"))
            .candidates
            .into_iter()
            .map(|c| (c.name, c.confidence))
            .collect()
    }

    #[test]
    fn a_javascript_library_named_once_is_software_but_a_file_is_not() {
        let sure = DiscoverOptions::default().min_confidence;
        let found = candidates_in("a system called Popcorn.js, to synchronise video");
        assert!(
            found.iter().any(|(n, c)| n == "Popcorn.js" && *c >= sure),
            "{found:?}"
        );
        for trap in [
            "it's all in utils.js and index.js",
            "This is A-Y-O.js, phonetically",
        ] {
            assert_nothing_added(trap);
        }
    }

    #[test]
    fn a_name_a_cue_introduces_is_added_said_once_but_a_word_is_not() {
        for (text, name) in [
            ("it's a project called 'muxado', on my GitHub", "muxado"),
            ("we used a company called Aiven for it", "Aiven"),
            // A given name no list has, in full after a cue for a person.
            (
                "by a fella whose name I believe is Giles Bowkett, in Ruby",
                "Giles Bowkett",
            ),
        ] {
            assert_added(text, name);
        }
        assert_nothing_added("we used a tool called make, and a tool called Magic");
    }

    #[test]
    fn a_cue_after_words_describing_the_thing_still_introduces_its_name() {
        for (text, name) in [
            // Words between the article and the noun ("another open source project").
            (
                "there was another open source project called Zorblify, for that",
                "Zorblify",
            ),
            (
                "I ran my consultancy, then a security consultancy called Latacora",
                "Latacora",
            ),
            // One dictionary word the episode goes on saying as a name.
            (
                "another open source project called Orchestrator. We took what Orchestrator \
                 does and rewrote it",
                "Orchestrator",
            ),
        ] {
            assert_added(text, name);
        }
        // Said once, a dictionary word after a cue may be the word.
        assert_nothing_added("an interesting open source library called Magic");
    }

    #[test]
    fn a_cue_before_capitalised_dictionary_words_names_them_but_not_a_place_or_a_possessive() {
        for (text, name) in [
            (
                "with Yonatan, CTO at Quantum Machines, today",
                "Quantum Machines",
            ),
            (
                "I worked for a company called Custom Ink; they make shirts",
                "Custom Ink",
            ),
            (
                "a JavaScript meetup with a guy named Mark Miller, who",
                "Mark Miller",
            ),
        ] {
            assert_added(text, name);
        }
        for trap in [
            "They had the CTO of New York City there",
            "an offer to work for Microsoft's Edge developer team",
            "in my four years working at Netflix I've grown",
        ] {
            assert_nothing_added(trap);
        }
    }

    #[test]
    fn a_full_name_said_once_is_a_person_and_places_or_adjectives_are_not() {
        let people = [
            ("a quote from Charles Darwin about it", "Charles Darwin"),
            ("the publisher, Jim Maurer, edits it", "Jim Maurer"),
            ("as Tim Berners-Lee said", "Tim Berners-Lee"),
            // A surname that is also a word, after a given name that is not.
            (
                "a quote from the founder, Kevin Plank, about it",
                "Kevin Plank",
            ),
            ("the keynote where Steve Jobs showed it", "Steve Jobs"),
            // Given names beyond the common ones, of other countries, before surnames no list
            // has; or a rarer given name that is also a word a listener knows ("Trent").
            (
                "the blog posts about Miley Cyrus, and the VMAs",
                "Miley Cyrus",
            ),
            ("a talk by Ingrid Burrington on maps", "Ingrid Burrington"),
            (
                "the handle comes from Trent Reznor, I think",
                "Trent Reznor",
            ),
            ("the emulator Fabrice Bellard wrote", "Fabrice Bellard"),
            (
                "the Kubernetes book by Juho Vepsäläinen",
                "Juho Vepsäläinen",
            ),
        ];
        for (text, name) in people {
            assert_added(text, name);
        }
        let traps = [
            "we flew to Austin Texas last year",
            "a very Steve Jobs-esque keynote",
            "ask Victoria BC about it",
            "then John Jr came along",
            "the Amber CRT screen",
            // A given name that is a word, or a word of speech after a name, is no person.
            "we said Will Power all along",
            "so Adam Thanks for that",
            "then Brian Also did it",
            "by Sarah Monday we knew",
            // Rarer given names that are capitalised words too, before words a listener knows.
            "we flew to Santa Barbara for it",
            "the Easter Eggs in the app",
            "the Johnson Space Center in Houston",
            "the Solomon Islands are far",
            "a Rosetta Stone for APIs",
            "the Dev Tools panel",
        ];
        for text in traps {
            assert_nothing_added(text);
        }
        // Two given names are often two people or a middle name: shown, not added.
        assert_nothing_added("thanks to Seth Michael for that");
    }

    /// Discovery over one untitled episode, `a-1.md`, whose text is `source`.
    fn discover_in(source: &str) -> Discovery {
        discover_with(&base_catalog(), source)
    }

    /// [`discover_in`] against `catalog`.
    fn discover_with(catalog: &Catalog, source: &str) -> Discovery {
        let t = transcript("a-1.md", source);
        let inputs = [EpisodeInput {
            id: "a-1",
            show: None,
            title: None,
            transcript: &t,
        }];
        discover(catalog, &inputs, &DiscoverOptions::default())
    }

    /// Discovery over episodes of `(show, text)`, in order.
    fn discover_shows(episodes: &[(&str, &str)]) -> Discovery {
        let transcripts: Vec<Transcript> = episodes
            .iter()
            .enumerate()
            .map(|(i, (_, text))| transcript(&format!("e-{i}.md"), text))
            .collect();
        let inputs: Vec<EpisodeInput<'_>> = transcripts
            .iter()
            .zip(episodes)
            .map(|(t, &(show, _))| EpisodeInput {
                id: "e",
                show: Some(show),
                title: None,
                transcript: t,
            })
            .collect();
        discover(&base_catalog(), &inputs, &DiscoverOptions::default())
    }

    #[test]
    fn organisation_cues_give_the_kind() {
        let d = discover_in(
            "**Ann Host:** Ville is the CEO of Outerbounds. Outerbounds makes Metaflow, and \
             Outerbounds is growing.\n\n**Ben Host:** There is a tool called Zorblify.\n",
        );
        let kind = |name: &str| d.candidates.iter().find(|c| c.name == name).map(|c| c.kind);
        assert_eq!(kind("Outerbounds"), Some(Kind::Organization));
        assert_eq!(kind("Zorblify"), Some(Kind::Software));
        // Said once, where someone works is an organisation too; "Network for" is no cue.
        let d = discover_in(
            "**Ann Host:** Ville is CEO at Quorblex, and I worked for Plimbly Corp. A Network \
             for Zintaquo Anonymization.\n",
        );
        let kind = |name: &str| d.candidates.iter().find(|c| c.name == name).map(|c| c.kind);
        assert_eq!(kind("Quorblex"), Some(Kind::Organization));
        assert_eq!(kind("Plimbly Corp"), Some(Kind::Organization));
        assert_eq!(kind("Zintaquo Anonymization"), None);
        // Regression: "XYZ", a stand-in for any name, was an organisation in 40 episodes.
        let d = discover_in("**Ann Host:** Say I work at XYZ, and the CEO of XYZ asks.\n");
        assert!(
            d.candidates.iter().all(|c| c.name != "XYZ"),
            "{:?}",
            d.candidates
        );
    }

    #[test]
    fn a_name_one_episode_keeps_saying_is_its_subject() {
        let found = candidates_in(
            "We built Outerbounds last year. Since then Outerbounds grew, and Outerbounds is open.",
        );
        assert!(found.iter().any(|(n, _)| n == "Outerbounds"), "{found:?}");
        // Said once, an unknown word is not enough.
        let found = candidates_in("We looked at Zorbly once.");
        assert!(found.iter().all(|(n, _)| n != "Zorbly"), "{found:?}");
    }

    #[test]
    fn discovered_names_count_only_as_written_not_as_ordinary_words() {
        // Regression: "TAC" (a tool) was found in "tic-tac-toe" and "WeMake" in "we make".
        let d = discover_in(
            "**Ann Host:** There is a tool called TAC. We sped up TAC, and TAC is fast. The \
             company is WeMake Services, and WeMake builds WeMake templates.\n\n**Ben Host:** \
             Yes.\n",
        );
        let names: Vec<&str> = d.candidates.iter().map(|c| c.name.as_str()).collect();
        assert!(
            names.contains(&"TAC") && names.contains(&"WeMake"),
            "{names:?}"
        );
        let catalog = d.extend(base_catalog(), 0.0).unwrap();
        let extractor = crate::extract::Extractor::new(&catalog).unwrap();
        let found = |text: &str| -> Vec<String> {
            let t = transcript("b-1.md", &format!("**Ann Host:** {text}\n"));
            extractor
                .extract(&t)
                .iter()
                .map(|m| catalog.get(m.entity).name.clone())
                .collect()
        };
        assert_eq!(
            found("It sounds like tic-tac-toe to me."),
            Vec::<String>::new()
        );
        assert_eq!(found("So we make Python 3 great."), ["Python"]);
        // Capitals beyond the first are the name's own, even where a sentence starts.
        assert_eq!(found("Well. TAC is still maintained."), ["TAC"]);
        assert_eq!(found("We use WeMake templates."), ["WeMake"]);
    }

    #[test]
    fn a_known_person_misheard_once_is_that_person() {
        let catalog = Catalog::from_toml_str(
            r#"
[[entity]]
id = "serdar-yegulalp"
name = "Serdar Yegulalp"
kind = "person"
aliases = ["Serdar Yegulalp"]

[[entity]]
id = "prayson-kowalczyk"
name = "Prayson Kowalczyk"
kind = "person"
aliases = ["Prayson Kowalczyk"]

[[entity]]
id = "vincent-warmerdam"
name = "Vincent D. Warmerdam"
kind = "person"
aliases = ["Vincent Warmerdam"]
"#,
        )
        .unwrap();
        let d = discover_with(
            &catalog,
            "**Ann Host:** An article by Sirdar Yagulap, a tip from Grayson Kowalczyk, and a \
             library by Vincent Orberdam. Also one by Vincent Smith, and by Serdar Ozan Yegulalp.\n",
        );
        let variant = |name: &str| variant_of(&d, name);
        assert_eq!(
            variant("Sirdar Yagulap").as_deref(),
            Some("serdar yegulalp")
        );
        assert_eq!(
            variant("Grayson Kowalczyk").as_deref(),
            Some("prayson kowalczyk")
        );
        assert_eq!(
            variant("Vincent Orberdam").as_deref(),
            Some("vincent d. warmerdam")
        );
        assert_eq!(variant("Vincent Smith"), None);
        // The same given name and surname, other words between.
        assert_eq!(
            variant("Serdar Ozan Yegulalp").as_deref(),
            Some("serdar yegulalp")
        );
        let extended = d
            .extend(catalog, DiscoverOptions::default().min_confidence)
            .unwrap();
        let id = extended.resolve("Sirdar Yagulap").unwrap();
        assert_eq!(extended.get(id).id, "serdar-yegulalp");
    }

    #[test]
    fn a_known_surname_ending_a_three_word_name_stays_in_it() {
        let catalog = Catalog::from_toml_str(
            r#"
[[entity]]
id = "jesse-jiryu-davis"
name = "A. Jesse Jiryu Davis"
kind = "person"
aliases = ["Jesse Jiryu Davis"]
ambiguous_aliases = ["Davis"]

[[entity]]
id = "dan-taylor"
name = "Dan Taylor"
kind = "person"
aliases = ["Dan Taylor"]
"#,
        )
        .unwrap();
        let d = discover_with(
            &catalog,
            "**Ann Host:** A chapter by Jesse Giro Davis and a post by David Heinemeier Hansson \
             and one by Ian Taylor.\n",
        );
        let found = |name: &str| d.candidates.iter().find(|c| c.name == name);
        // Regression: cut at the known "Davis", "Jesse Giro" was a person of its own.
        assert!(found("Jesse Giro").is_none());
        let heard = found("Jesse Giro Davis").expect("the whole name");
        assert_eq!(heard.variant_of.as_deref(), Some("a. jesse jiryu davis"));
        assert!(found("David Heinemeier Hansson").is_some());
        // "Ian" is not "Dan": short given names one letter apart are two names.
        assert_eq!(
            found("Ian Taylor").map(|c| c.variant_of.clone()),
            Some(None)
        );
        // Another first letter of a short surname is another person (Matt Garman is not Matt
        // Layman).
        let d = discover_with(&catalog, "**Ann Host:** A post by Dan Baylor.\n");
        let heard = d.candidates.iter().find(|c| c.name == "Dan Baylor");
        assert_eq!(heard.map(|c| c.variant_of.clone()), Some(None));
    }

    #[test]
    fn interjections_derived_words_and_shortcuts_are_not_names() {
        let found = candidates_in(
            "I was like, Nah. He said Nah twice, Nah. Ooh, then Ooh again, Ooh. The Pythonistas \
             and Pythonistas, all Pythonistas. Press Ctrl+C, then Ctrl+C, then Ctrl+C.",
        );
        for trap in ["Nah", "Ooh", "Pythonistas", "Ctrl+C"] {
            assert!(found.iter().all(|(n, _)| n != trap), "{trap} in {found:?}");
        }
    }

    #[test]
    fn a_known_persons_surname_cut_short_is_that_person() {
        let d = discover_in(
            "**Ann Host:** We had a note from Guido Ros about it.\n\n**Ben Host:** Yes.\n",
        );
        let heard = d.candidates.iter().find(|c| c.name == "Guido Ros").unwrap();
        assert_eq!(heard.variant_of.as_deref(), Some("guido van rossum"));
    }

    #[test]
    fn a_catalog_name_spelled_with_other_separators_is_not_discovered() {
        let catalog = Catalog::from_toml_str(
            r#"
[[entity]]
id = "cpython"
name = "CPython"
kind = "software"
aliases = ["CPython"]
"#,
        )
        .unwrap();
        let d = discover_with(
            &catalog,
            "**Ann Host:** We built C-Python, then C-Python again, and C-Python once more.\n",
        );
        let names: Vec<&str> = d.candidates.iter().map(|c| c.name.as_str()).collect();
        assert!(!names.contains(&"C-Python"), "{names:?}");
    }

    #[test]
    fn a_things_name_opening_with_a_word_keeps_its_case_but_a_persons_does_not() {
        let catalog = base_catalog();
        let d = discover_in(
            "**Ann Host:** It's a project called My Repos. The publisher, Jim Maurer, edits it.\n",
        );
        let extended = d.extend(catalog, 0.0).unwrap();
        let my_repos = extended.get(extended.resolve("My Repos").expect("discovered"));
        // "all of my repos" is a phrase, not the tool.
        assert_eq!(my_repos.case_sensitive, ["My Repos"]);
        let person = extended.get(extended.resolve("Jim Maurer").expect("discovered"));
        assert!(person.case_sensitive.is_empty(), "{person:?}");
    }

    #[test]
    fn the_catalog_file_round_trips_through_the_loader() {
        let (catalog, d) = run(&episodes());
        let text = d.to_toml(&catalog, 0.0);
        assert!(text.contains("# confidence"), "{text}");
        let extended = d.extend(catalog, 0.0).unwrap();
        let jerod = extended
            .resolve("Jerod Santo")
            .expect("a speaker is a person");
        let jerod = extended.get(jerod);
        assert_eq!(jerod.kind, Kind::Person);
        assert!(jerod.has_tag("host") && jerod.has_tag(DISCOVERED_TAG));
        let vitess = extended.resolve("Vitess").expect("Vitess is discovered");
        assert!(extended.get(vitess).has_tag(DISCOVERED_TAG));
        // The written file loads as a user's catalog beside the base catalog.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("candidates.toml");
        std::fs::write(&path, &text).unwrap();
        let mut builder = CatalogBuilder::from(base_catalog());
        builder.add_file(&path).unwrap();
        assert!(builder.build().unwrap().resolve("Vitess").is_some());
    }
}
