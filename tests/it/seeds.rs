//! The five sample transcripts in `data/transcripts/`: each must read as the episode it is.

use podgraph::transcript::{Format, MetaSource, Transcript};

use crate::harness::seed;

struct Expected {
    file: &'static str,
    format: Format,
    number: u32,
    title: Option<&'static str>,
    date: &'static str,
    date_source: MetaSource,
    speakers: &'static [&'static str],
    min_segments: usize,
}

const SEEDS: &[Expected] = &[
    Expected {
        file: "000_af490fa7dafbb02c.txt",
        format: Format::SpeakerProse,
        number: 9,
        title: Some(
            "Walking with async coroutines, diving deep into requests, and a universe of options (for AIs)",
        ),
        date: "2017-01-17",
        date_source: MetaSource::Header,
        speakers: &["Michael Kennedy", "Brian Okken"],
        min_segments: 80,
    },
    Expected {
        file: "001_57418bd9d7d0c4b3.txt",
        format: Format::SpeakerProse,
        number: 41,
        title: Some("Python Concurrency From the Ground Up and Caring For Our Community"),
        date: "2017-08-30",
        date_source: MetaSource::Speech,
        speakers: &["Michael Kennedy", "Miguel Grinberg"],
        min_segments: 80,
    },
    Expected {
        file: "002_e262f4abd0f6b887.txt",
        format: Format::Timestamped,
        number: 12,
        title: Some(
            "Expanding your Python mental model and serving millions of requests per second with Python",
        ),
        date: "2017-02-06",
        date_source: MetaSource::Header,
        speakers: &[],
        min_segments: 200,
    },
    Expected {
        file: "003_31e6d50ffed77a72.txt",
        format: Format::Timestamped,
        number: 29,
        title: None,
        date: "2017-06-06",
        date_source: MetaSource::Speech,
        speakers: &[],
        min_segments: 300,
    },
    Expected {
        file: "004_f2393ec1bad973d7.txt",
        format: Format::Timestamped,
        number: 197,
        title: Some("Structured concurrency in Python"),
        date: "2020-08-26",
        date_source: MetaSource::Speech,
        speakers: &[],
        min_segments: 350,
    },
];

#[test]
fn each_seed_reads_as_its_episode() {
    for e in SEEDS {
        let t = seed(e.file);
        let meta = &t.meta;
        assert_eq!(t.format, e.format, "{}", e.file);
        assert_eq!(meta.show_name(), Some("Python Bytes"), "{}", e.file);
        assert_eq!(meta.episode_number(), Some(e.number), "{}", e.file);
        assert_ne!(
            meta.number.as_ref().unwrap().source,
            MetaSource::FileName,
            "{}",
            e.file
        );
        assert_eq!(
            meta.title.as_ref().map(|t| t.value.as_str()),
            e.title,
            "{}",
            e.file
        );
        let date = meta.date.as_ref().unwrap();
        assert_eq!(
            (date.value.to_string().as_str(), date.source),
            (e.date, e.date_source),
            "{}",
            e.file
        );
        assert_eq!(t.speakers(), e.speakers, "{}", e.file);
        assert!(
            t.segments().len() >= e.min_segments,
            "{}: {} segments",
            e.file,
            t.segments().len()
        );
        if e.format == Format::Timestamped {
            assert!(t.segments().iter().all(|s| s.start.is_some()), "{}", e.file);
        }
    }
}

#[test]
fn header_date_wins_over_spoken_date_and_the_conflict_is_reported() {
    let t = seed("002_e262f4abd0f6b887.txt");
    let warnings: Vec<&str> = t.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        warnings,
        ["recording date: header says 2017-02-06, speech says 2016-02-06; using the header"]
    );
}

fn assert_absent(t: &Transcript, needles: &[&str]) {
    for needle in needles {
        assert!(
            !t.text().contains(needle),
            "{:?} found in the spoken text of {}",
            needle,
            t.meta.source_path.display()
        );
    }
}

#[test]
fn boilerplate_is_not_speech() {
    let boilerplate = [
        "Return to show page",
        "Back to show page",
        "Return to episode page view on github",
        "Brought to you by",
        "grab your $100 credit",
        "Transcript for Episode",
        "Recorded on",
        "PYTHON BYTES TRANSCRIPT",
    ];
    for e in SEEDS {
        assert_absent(&seed(e.file), &boilerplate);
    }
}

#[test]
fn speaker_labels_are_not_speech() {
    let t = seed("000_af490fa7dafbb02c.txt");
    assert_absent(
        &t,
        &["KENNEDY:", "OKKEN:", "Michael KENNEDY", "Brian OKKEN"],
    );
    // The hosts' names as spoken stay: "This is one of your hosts, Michael Kennedy."
    assert!(t.text().contains("Michael Kennedy"));
    let t = seed("001_57418bd9d7d0c4b3.txt");
    assert_absent(&t, &["GRINBERG:", "KENNEDY:"]);
}

#[test]
fn continuation_paragraphs_belong_to_the_last_speaker() {
    let t = seed("000_af490fa7dafbb02c.txt");
    let second = &t.segments()[1];
    assert!(
        t.segment_text(second)
            .starts_with("This is one of your hosts, Michael Kennedy.")
    );
    assert_eq!(t.speaker_name(second), Some("Michael Kennedy"));
}

#[test]
fn sponsor_reads_are_speech() {
    let t = seed("002_e262f4abd0f6b887.txt");
    assert!(
        t.text()
            .contains("thank you to Rollbar because they're sponsoring this episode")
    );
}

#[test]
fn typographic_quotes_are_normalised_but_spans_quote_the_file() {
    let t = seed("000_af490fa7dafbb02c.txt");
    let at = t
        .text()
        .find("It's Episode #9")
        .expect("normalised apostrophe");
    let span = t.source_span(at..at + "It's Episode #9".len());
    assert_eq!(&t.source()[span], "It\u{2019}s Episode #9");
}

#[test]
fn timestamps_are_read_in_both_clock_forms() {
    let t = seed("002_e262f4abd0f6b887.txt");
    assert_eq!(t.segments()[1].start.unwrap().as_millis(), 6_000);
    assert_eq!(t.duration().unwrap().to_string(), "19:00");
    let t = seed("003_31e6d50ffed77a72.txt");
    assert_eq!(t.duration().unwrap().to_string(), "23:01");
}

#[test]
fn navigation_glued_to_the_first_line_leaves_the_first_segment_intact() {
    let t = seed("004_f2393ec1bad973d7.txt");
    let first = &t.segments()[0];
    assert_eq!(first.start.unwrap().as_millis(), 0);
    assert!(
        t.segment_text(first)
            .starts_with("Hello and welcome to Python Bytes")
    );
}
