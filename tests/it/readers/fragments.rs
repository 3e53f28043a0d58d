//! Property tests of the readers that join fragments into utterances: word-level Podcasting 2.0
//! JSON and SubRip cues, generated, must read back with no text lost, each speaker kept apart,
//! every word at its own time and every plain word quoting the file.

use std::fmt::Write as _;

use podgraph::transcript::text::fold_str;
use podgraph::transcript::{Format, Transcript};
use proptest::prelude::*;

use super::{misquoted, parse};

/// Characters that may open a fragment glued to the word before it (`"Rossum" + ","`).
const GLUE: [char; 6] = [',', '.', ';', ':', '!', '?'];

/// Whether the utterance so far ends a sentence, as the readers decide it: `.`, `?`, `!` or `;`,
/// maybe followed by closing quotes or brackets.
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', ')', ']', ' '])
        .ends_with(['.', '?', '!', ';'])
}

/// One fragment as the test wrote it: its text as it must appear in `Transcript::text` (decoded
/// and normalised), its speaker and its times in milliseconds.
#[derive(Clone, Debug)]
struct Fragment {
    /// The pieces the reader pushes separately (a cue's lines; one body for JSON).
    pieces: Vec<String>,
    speaker: Option<String>,
    start: u64,
    end: u64,
}

/// Where each fragment's text starts in `t.text()`, checking on the way that the text is exactly
/// the fragments' pieces in order, each separated from the one before by one space or one
/// segment break — or by nothing, where a fragment opens with punctuation and joins the
/// utterance before it.
fn walk(t: &Transcript, fragments: &[Fragment]) -> Result<Vec<usize>, TestCaseError> {
    let text = t.text();
    // Nothing lost or added, white space aside.
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let all: String = fragments
        .iter()
        .flat_map(|f| f.pieces.iter())
        .map(|p| squeeze(p))
        .collect();
    prop_assert_eq!(squeeze(text), all);
    let mut at = 0;
    let mut starts = Vec::with_capacity(fragments.len());
    let mut first = true;
    for (i, fragment) in fragments.iter().enumerate() {
        for (j, piece) in fragment.pieces.iter().enumerate() {
            if !first {
                match text.as_bytes().get(at) {
                    Some(b' ' | b'\n') => at += 1,
                    _ => prop_assert!(
                        j == 0 && piece.starts_with(GLUE),
                        "fragment {i} piece {j} {piece:?} glued to the text before it at {at}: {text:?}"
                    ),
                }
            }
            first = false;
            if j == 0 {
                starts.push(at);
            }
            prop_assert!(
                text[at..].starts_with(piece.as_str()),
                "fragment {i} piece {j}: expected {piece:?} at {at}, found {:?}",
                &text[at..]
            );
            at += piece.len();
        }
    }
    prop_assert_eq!(at, text.len(), "text left over: {:?}", &text[at..]);
    // Segments tile the text, one `\n` between, and hold no empty word or doubled space.
    let mut next = 0;
    for s in t.segments() {
        prop_assert_eq!(s.text.start, next);
        let seg = t.segment_text(s);
        prop_assert!(!seg.contains('\n'), "{seg:?}");
        prop_assert!(
            seg.split(' ').all(|w| !w.is_empty()),
            "empty word in segment {seg:?}"
        );
        next = s.text.end + 1;
    }
    prop_assert_eq!(next, text.len() + 1);
    Ok(starts)
}

/// The fragment properties: text as written (see [`walk`]), each segment one speaker's, a new
/// segment exactly where the rule of `begin_fragment` says, and every fragment's first
/// character said at the fragment's own start time.
fn check_fragments(t: &Transcript, fragments: &[Fragment]) -> Result<(), TestCaseError> {
    let starts = walk(t, fragments)?;
    let text = t.text();
    let mut segment_start = 0;
    for (i, (fragment, &at)) in fragments.iter().zip(&starts).enumerate() {
        let s = t
            .segment_at(at)
            .map(|s| &t.segments()[s])
            .ok_or_else(|| TestCaseError::fail(format!("no segment at {at}")))?;
        prop_assert_eq!(
            t.speaker_name(s),
            fragment.speaker.as_deref(),
            "speaker of fragment {}",
            i
        );
        let opens_segment = s.text.start == at;
        if i > 0 {
            let before = &fragments[i - 1];
            // The utterance so far, as the reader sees it when the fragment comes.
            let so_far = text[segment_start..at].trim_end();
            let joins = before.speaker == fragment.speaker
                && so_far.len() < 1500
                && !ends_sentence(so_far)
                && fragment.start.saturating_sub(before.end) <= 5_000;
            prop_assert_eq!(
                opens_segment,
                !joins,
                "fragment {} ({:?} after {:?})",
                i,
                fragment.pieces,
                before.pieces
            );
        } else {
            prop_assert!(opens_segment);
        }
        if opens_segment {
            segment_start = at;
            prop_assert_eq!(s.start.map(|t| t.as_millis()), Some(fragment.start));
        }
        prop_assert_eq!(
            t.time_at(at).map(|t| t.as_millis()),
            Some(fragment.start),
            "time of fragment {} {:?}",
            i,
            fragment.pieces
        );
    }
    Ok(())
}

/// Every plain word of the text quotes the source at its span.
fn check_spans(t: &Transcript) -> Result<(), TestCaseError> {
    let wrong = misquoted(t);
    prop_assert!(wrong.is_empty(), "{:?}", wrong);
    Ok(())
}

/// Word-level Podcasting 2.0 bodies: (as written in the JSON string, as decoded). The text holds
/// them normalised (`fold_str`: `’` is `'`, `…` is `...`).
const JSON_WORDS: &[(&str, &str)] = &[
    ("we", "we"),
    ("talked", "talked"),
    ("about", "about"),
    ("pytest", "pytest"),
    ("Guido", "Guido"),
    ("van", "van"),
    ("Rossum", "Rossum"),
    ("NPR", "NPR"),
    ("2024", "2024"),
    ("done.", "done."),
    ("really?", "really?"),
    ("yes!", "yes!"),
    ("fine;", "fine;"),
    ("so:", "so:"),
    ("(aside)", "(aside)"),
    ("x86_64", "x86_64"),
    ("O'Brien", "O'Brien"),
    ("New York", "New York"),
    (",", ","),
    (".", "."),
    ("?", "?"),
    ("!", "!"),
    (";", ";"),
    (":", ":"),
    (",and", ",and"),
    ("...", "..."),
    ("\\u002c", ","),
    ("café", "café"),
    ("Zoë", "Zoë"),
    ("caf\\u00e9", "café"),
    ("\\u00c9milie", "Émilie"),
    ("\\\"quoted\\\"", "\"quoted\""),
    ("said\\\".", "said\"."),
    ("a\\/b", "a/b"),
    ("back\\\\slash", "back\\slash"),
    ("\\ud83d\\ude00", "\u{1F600}"),
    ("it\u{2019}s", "it\u{2019}s"),
    ("wait\u{2026}", "wait\u{2026}"),
    ("\u{2014}", "\u{2014}"),
    ("10\u{a0}km", "10\u{a0}km"),
];

/// Speakers: (as written in the JSON string, as decoded).
const JSON_SPEAKERS: &[(&str, &str)] = &[
    ("Travis Albritain", "Travis Albritain"),
    ("Zo\\u00eb Quinn", "Zoë Quinn"),
    ("Eric", "Eric"),
];

/// A word-level document: the JSON and the fragments it must read as.
fn podcast_json() -> impl Strategy<Value = (String, Vec<Fragment>)> {
    let word = (
        0..JSON_WORDS.len(),
        prop::option::weighted(0.15, 0..JSON_SPEAKERS.len()),
        // Gap before the word: mostly short, sometimes a pause of over five seconds (and the
        // limit itself).
        prop_oneof![
            8 => 0u64..400,
            1 => Just(5_000u64),
            1 => 5_001u64..9_000,
        ],
        1u64..900,
    );
    (
        1..=JSON_SPEAKERS.len(),
        0..JSON_SPEAKERS.len(),
        prop::collection::vec(word, 1..=200),
    )
        .prop_map(|(speakers, first, words)| {
            let mut speaker = first % speakers;
            let mut clock = 0;
            let mut json = String::from("{\"version\": \"1.0.0\", \"segments\": [\n");
            let mut fragments = Vec::new();
            for (i, (w, change, gap, length)) in words.into_iter().enumerate() {
                if let Some(s) = change {
                    speaker = s % speakers;
                }
                let start = clock + gap;
                let end = start + length;
                clock = end;
                let (raw, decoded) = JSON_WORDS[w];
                let (raw_speaker, speaker_name) = JSON_SPEAKERS[speaker];
                if i > 0 {
                    json.push_str(",\n");
                }
                write!(
                    json,
                    "  {{\"speaker\": \"{raw_speaker}\", \"startTime\": {}.{:03}, \
                     \"endTime\": {}.{:03}, \"body\": \"{raw}\"}}",
                    start / 1000,
                    start % 1000,
                    end / 1000,
                    end % 1000
                )
                .unwrap();
                fragments.push(Fragment {
                    pieces: vec![fold_str(decoded).into_owned()],
                    speaker: Some(speaker_name.to_owned()),
                    start,
                    end,
                });
            }
            json.push_str("\n]}\n");
            (json, fragments)
        })
}

/// Words of SubRip cue lines: (as written, as decoded). No capitalised word ends in a colon, so
/// the only speaker labels are the ones the test writes.
const SRT_WORDS: &[(&str, &str)] = &[
    ("we", "we"),
    ("talked", "talked"),
    ("Guido", "Guido"),
    ("van", "van"),
    ("Rossum", "Rossum"),
    ("Kevin", "Kevin"),
    ("2024", "2024"),
    ("done.", "done."),
    ("right?", "right?"),
    ("yes!", "yes!"),
    ("fine;", "fine;"),
    ("so:", "so:"),
    (",", ","),
    ("...", "..."),
    ("&amp;", "&"),
    ("AT&amp;T", "AT&T"),
    ("<i>Rust</i>", "Rust"),
    ("<b>pytest</b>-asyncio", "pytest-asyncio"),
    ("café", "café"),
    ("it\u{2019}s", "it\u{2019}s"),
];

/// Speaker labels of the SubRip cues.
const SRT_LABELS: [&str; 2] = ["Alban", "Kevin Finn"];

#[derive(Clone, Debug)]
struct Cue {
    label: Option<usize>,
    lines: Vec<Vec<usize>>,
    gap: u64,
    length: u64,
}

fn cue() -> impl Strategy<Value = Cue> {
    (
        prop::option::weighted(0.2, 0..SRT_LABELS.len()),
        prop::collection::vec(prop::collection::vec(0..SRT_WORDS.len(), 1..7), 1..=3),
        prop_oneof![
            8 => 0u64..400,
            1 => Just(5_000u64),
            1 => 5_001u64..9_000,
        ],
        1u64..4_000,
    )
        .prop_map(|(label, lines, gap, length)| Cue {
            label,
            lines,
            gap,
            length,
        })
}

fn srt_time(millis: u64) -> String {
    let secs = millis / 1000;
    format!(
        "{:02}:{:02}:{:02},{:03}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        millis % 1000
    )
}

/// A SubRip file whose two speaker labels each open at least two cues, and the fragments it must
/// read as.
fn srt() -> impl Strategy<Value = (String, Vec<Fragment>)> {
    (4usize..60)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(cue(), n),
                prop::sample::subsequence((0..n).collect::<Vec<_>>(), 4).prop_shuffle(),
            )
        })
        .prop_map(|(mut cues, forced)| {
            for (k, &i) in forced.iter().enumerate() {
                cues[i].label = Some(k % 2);
            }
            let mut srt = String::new();
            let mut fragments = Vec::new();
            let mut speaker: Option<&str> = None;
            let mut clock = 0;
            for (i, cue) in cues.iter().enumerate() {
                let start = clock + cue.gap;
                let end = start + cue.length;
                clock = end;
                writeln!(srt, "{}\n{} --> {}", i + 1, srt_time(start), srt_time(end)).unwrap();
                if let Some(label) = cue.label {
                    speaker = Some(SRT_LABELS[label]);
                    write!(srt, "{}: ", SRT_LABELS[label]).unwrap();
                }
                let mut pieces = Vec::new();
                for line in &cue.lines {
                    let raw: Vec<&str> = line.iter().map(|&w| SRT_WORDS[w].0).collect();
                    let read: Vec<&str> = line.iter().map(|&w| SRT_WORDS[w].1).collect();
                    writeln!(srt, "{}", raw.join(" ")).unwrap();
                    pieces.push(fold_str(&read.join(" ")).into_owned());
                }
                srt.push('\n');
                fragments.push(Fragment {
                    pieces,
                    speaker: speaker.map(str::to_owned),
                    start,
                    end,
                });
            }
            (srt, fragments)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Word-level JSON joined into utterances loses no text, keeps speakers apart and keeps
    /// every word's time.
    #[test]
    fn word_level_json_joins_without_losing_text_speakers_or_times(
        (json, fragments) in podcast_json()
    ) {
        let t = parse(&json, "words.json");
        prop_assert_eq!(t.format, Format::PodcastJson);
        check_fragments(&t, &fragments)?;
    }

    /// Every plain word of word-level JSON still quotes the file.
    #[test]
    fn word_level_json_spans_quote_the_file((json, _fragments) in podcast_json()) {
        let t = parse(&json, "words.json");
        check_spans(&t)?;
    }

    /// SubRip cues joined into utterances lose no text but their speaker labels, take each
    /// label's speaker until the next, and keep every cue's time.
    #[test]
    fn srt_cues_join_without_losing_text_speakers_or_times((srt, fragments) in srt()) {
        let t = parse(&srt, "cues.srt");
        prop_assert_eq!(t.format, Format::Srt);
        prop_assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        check_fragments(&t, &fragments)?;
    }

    /// Every plain word of SubRip cues still quotes the file.
    #[test]
    fn srt_spans_quote_the_file((srt, _fragments) in srt()) {
        let t = parse(&srt, "cues.srt");
        check_spans(&t)?;
    }
}
