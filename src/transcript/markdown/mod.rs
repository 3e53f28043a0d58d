//! Markdown speaker transcripts, as shows publish them in repositories and on their sites.
//!
//! ```text
//! ---
//! title: Securing the open source supply chain
//! date: 2021-03-04
//! ---
//! # Securing the open source supply chain
//!
//! **Jerod Santo:** \[04:35\] So tell us about it. And then \[05:10\] another thing.
//!
//! A paragraph without a label continues the last speaker's turn.
//!
//! **Break:** \[01:33\] to \[03:00\]
//! ```
//!
//! Each paragraph is a segment. A bold label (`**Name:**`, `**Name**:`, `**Name (04:35):**`, or
//! a heading that holds one) names the speaker and is not speech; a label that names a part of
//! the show rather than a person (`Break`, `Outro`, `Music`) is not a speaker, and a break or a
//! jingle is not speech at all. Escaped timestamps (`\[04:35\]`, `\[unintelligible 00:02:59.11\]`)
//! set the time where they stand and leave the text; `\[laughs\]` is kept. Markdown escapes,
//! character references, emphasis and link targets are decoded in place, so snippets still
//! quote the file.
//!
//! Such transcripts mark the time only every few minutes: paragraphs between two marks get a
//! start estimated from the amount of text (see [`TextBuilder::estimate_missing_starts`]).
//!
//! Front matter (`title`, `date`, `episode`/`number`, `show`/`podcast`) and a `#` heading before
//! the speech are the episode's header metadata.
//!
//! The reading loop is here; `labels` tells speaker labels from the rest, `inline` decodes the
//! speech within a line, `header` reads front matter and the title heading.

mod header;
mod inline;
mod labels;

use crate::transcript::lines::lines;
use crate::transcript::meta::{HeaderFacts, title_case};
use crate::transcript::text::TextBuilder;

use header::{clean_heading, front_matter};
use inline::{last_time_mark, only_time_marks, push_with_time_marks};
use labels::{Label, bold_speakers, heading_names, line_label};

pub use labels::looks_like_markdown;

/// Share of a document's non-blank lines above which it is a page of links and lists, not a
/// transcript. Measured: every transcript of The Changelog and Practical AI (780) is at most
/// 0.015; every Python Bytes show notes file (486) is at least 0.13, most above 0.3.
const LINK_LIST_SHARE: f64 = 0.1;

/// Whether a Markdown document is show notes, a README or another page of links and lists
/// rather than speech: more than a tenth of its non-blank lines are list items or open with a
/// link or an address. Speech may hold links mid-sentence ("from the [Swift](…) team"); it does
/// not open line after line with them. Show notes label their items like speakers ("**Brian
/// #1:**"), so without this a folder holding both would take them for episodes.
pub fn is_link_list(source: &str) -> bool {
    let (mut lines, mut listed) = (0usize, 0usize);
    for line in source.lines().map(str::trim).filter(|l| !l.is_empty()) {
        lines += 1;
        let item = line
            .strip_prefix(['-', '*', '+'])
            .or_else(|| {
                let digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
                (digits.len() < line.len())
                    .then(|| digits.strip_prefix(['.', ')']))
                    .flatten()
            })
            .is_some_and(|rest| rest.starts_with([' ', '\t']));
        let link = line.trim_start_matches("**").starts_with('[') && line.contains("](")
            || line.trim_start_matches('<').starts_with("http://")
            || line.trim_start_matches('<').starts_with("https://");
        if item || link {
            listed += 1;
        }
    }
    listed >= 3 && listed as f64 > LINK_LIST_SHARE * lines as f64
}

/// Reads a Markdown body into `builder`; front matter and a leading heading go to `header`.
pub fn parse(builder: &mut TextBuilder<'_>, body: usize, header: &mut HeaderFacts) {
    let source = builder.source();
    let body = front_matter(source, body, header);
    let headings = heading_names(source, body);
    let speakers = bold_speakers(source, body);
    let mut speaker: Option<String> = None;
    let mut speaker_label = "";
    let mut speech = true;
    let mut in_paragraph = false;
    let mut seen_speech = false;
    // The time of a label that stands on a line of its own, for the paragraph below it.
    let mut pending_start = None;
    for line in lines(source, body) {
        let text = &source[line.clone()];
        if text.trim().is_empty() {
            in_paragraph = false;
            continue;
        }
        let mut start = line.start;
        if let Some(label) = line_label(text, &headings, &speakers) {
            match label.label {
                Label::Speaker(name) => {
                    // Turns alternate between a few names: title-case each change only.
                    if speaker_label != name || speaker.is_none() {
                        speaker = Some(title_case(name));
                        speaker_label = name;
                    }
                    speech = true;
                }
                Label::Part(is_speech) => {
                    // What follows a break or a song unlabelled (lyrics, a clip) is nobody's
                    // turn: it must not go to the speaker before the break.
                    speaker = None;
                    speech = is_speech;
                }
            }
            start += label.speech;
            if !speech {
                // A break marks when the speech after it resumes: "**Break:** \[01:33\] to
                // \[03:00\]" — the last time in the line.
                pending_start = last_time_mark(source, start..line.end).or(label.time);
                in_paragraph = false;
                continue;
            }
            if text[label.speech..].trim().is_empty() {
                pending_start = label.time;
                in_paragraph = false;
                continue;
            }
            if let Some(time) = only_time_marks(source, start..line.end) {
                // "**Recording begins:** \[02:09\]": the paragraphs below start then.
                pending_start = Some(time);
                in_paragraph = false;
                continue;
            }
            builder.begin(
                label.time.or(pending_start.take()),
                None,
                speaker.as_deref(),
            );
            in_paragraph = true;
        } else if let Some(heading) = text.trim_start().strip_prefix('#') {
            // A heading before any speech is the title; later ones are section names.
            if !seen_speech && header.title.is_none() {
                let title = clean_heading(heading);
                if !title.is_empty() {
                    header.title = Some(title);
                }
            }
            in_paragraph = false;
            continue;
        } else if !in_paragraph {
            builder.begin(pending_start.take(), None, speaker.as_deref());
            in_paragraph = true;
        }
        if speech {
            seen_speech = true;
            push_with_time_marks(builder, start..line.end);
        }
    }
    builder.estimate_missing_starts();
}

#[cfg(test)]
mod tests {
    use super::is_link_list;
    use crate::transcript::{Format, Transcript};

    fn parse(source: &str) -> Transcript {
        crate::transcript::read::parse_as(source, "the-show-12.md", Some(Format::Markdown))
    }

    fn rows(t: &Transcript) -> Vec<(Option<u64>, Option<&str>, &str)> {
        t.segments()
            .iter()
            .map(|s| {
                (
                    s.start.map(|t| t.as_secs()),
                    t.speaker_name(s),
                    t.segment_text(s),
                )
            })
            .collect()
    }

    #[test]
    fn labels_times_and_breaks() {
        let t = parse(
            "**Adam Stacoviak:** Welcome back, this is The Changelog. It\\'s episode \\#103.\n\n\
             A second paragraph of Adam.\n\n\
             **Break:** \\[01:33\\] to \\[03:00\\]\n\n\
             **Sid Sijbrandij:** \\[04:00\\] Thank you &quot;GitLab&quot; \\[laughs\\] yes \
             \\[unintelligible 00:04:30.11\\] more.\n\n\
             **Jerod Santo**: *Really*? See [libp2p](https://libp2p.io/).\n",
        );
        let got: Vec<_> = rows(&t)
            .into_iter()
            .map(|(_, who, text)| (who, text))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("Adam Stacoviak"),
                    "Welcome back, this is The Changelog. It's episode #103."
                ),
                (Some("Adam Stacoviak"), "A second paragraph of Adam."),
                (
                    Some("Sid Sijbrandij"),
                    "Thank you \"GitLab\" [laughs] yes more."
                ),
                (Some("Jerod Santo"), "Really? See libp2p."),
            ]
        );
        // Marked times as marked; the unmarked paragraphs estimated between and after them.
        let starts: Vec<u64> = rows(&t).iter().map(|r| r.0.unwrap()).collect();
        assert_eq!((starts[0], starts[2]), (0, 240));
        assert!(
            starts[1] > 0 && starts[1] < 240 && starts[3] > 270,
            "{starts:?}"
        );
        assert_eq!(
            t.speakers(),
            ["Adam Stacoviak", "Sid Sijbrandij", "Jerod Santo"]
        );
        let at = t.text().find("more").unwrap();
        assert_eq!(t.time_at(at).unwrap().as_secs(), 270);
        let at = t.text().find("libp2p").unwrap();
        assert_eq!(&t.source()[t.source_span(at..at + 6)], "libp2p");
        assert!(!t.text().contains("Break"));
    }

    /// Label shapes seen in real transcripts (The Changelog's), each with what it must give.
    #[test]
    fn label_shapes() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("**Jerod Santo:** Hi.", Some("Jerod Santo"), "Hi."),
            ("**Nicholas Harris**: Hi.", Some("Nicholas Harris"), "Hi."),
            (
                "**Chris Benson: I**ndeed, yes.",
                Some("Chris Benson"),
                "Indeed, yes.",
            ),
            ("***Jerod Santo:** Hi.", Some("Jerod Santo"), "Hi."),
            ("1**Adam Stacoviak:** Hi.", Some("Adam Stacoviak"), "Hi."),
            ("**Jane Doe (04:35):** Hi.", Some("Jane Doe"), "Hi."),
            ("**Song extract:** la la", None, ""),
            (
                "**Outro:** Thanks for listening.",
                None,
                "Thanks for listening.",
            ),
        ];
        for (line, speaker, text) in cases {
            let source = format!("**Someone Else:** First.\n\n{line}\n");
            let t = parse(&source);
            let last = t.segments().last().unwrap();
            if text.is_empty() {
                assert_eq!(t.segments().len(), 1, "{line}");
                continue;
            }
            assert_eq!(
                (t.speaker_name(last), t.segment_text(last)),
                (*speaker, *text),
                "{line}"
            );
        }
    }

    #[test]
    fn speech_after_a_break_starts_when_the_break_ends() {
        let t = parse(
            "**A B:** Hi.\n\n**Break:** \\[01:33\\] to \\[03:00\\]\n\n**C D:** Back.\n\n\
             **Recording begins:** \\[04:00\\]\n\nA clip.\n",
        );
        assert_eq!(t.segments()[2].start.unwrap().as_secs(), 240);
        assert_eq!(t.segment_text(&t.segments()[2]), "A clip.");
        let back = &t.segments()[1];
        assert_eq!(back.start.unwrap().as_secs(), 180);
        assert!(t.segments()[0].start.unwrap().as_secs() < 180);
    }

    #[test]
    fn what_follows_a_break_unlabelled_is_nobodys() {
        let t = parse(
            "**Adam Stacoviak:** Hi.\n\n**Song:** \\[01:00\\]\n\nLyrics of a song.\n\n**Jerod Santo:** Back.\n",
        );
        assert_eq!(t.text(), "Hi.\nBack.");
    }

    #[test]
    fn untimed_paragraphs_get_times_estimated_between_marks() {
        let t = parse(
            "**A:** \\[01:00\\] aaaa aaaa.\n\n**B:** bbbb bbbb.\n\n**A:** \\[02:00\\] cccc.\n\n\
             **B:** dddd.\n\n**A:** eeee.\n",
        );
        let starts: Vec<u64> = t
            .segments()
            .iter()
            .map(|s| s.start.unwrap().as_secs())
            .collect();
        assert_eq!(starts[0], 60);
        assert!(starts[1] > 60 && starts[1] < 120, "{starts:?}");
        assert_eq!(starts[2], 120);
        assert!(starts[3] > 120 && starts[4] > starts[3], "{starts:?}");
    }

    #[test]
    fn front_matter_and_heading_are_metadata() {
        let t = parse(
            "---\ntitle: \"Kaizen! Pipely is LIVE\"\ndate: 2025-05-02\nepisode: 12\n---\n\n\
             # Ignored heading, front matter has the title\n\n\
             **Gerhard Lazu:** Hi.\n\n**Jerod Santo:** Hello.\n",
        );
        let meta = &t.meta;
        assert_eq!(meta.title.as_ref().unwrap().value, "Kaizen! Pipely is LIVE");
        assert_eq!(meta.date.as_ref().unwrap().value.to_string(), "2025-05-02");
        assert_eq!(meta.number.as_ref().unwrap().value, 12);
        assert_eq!(t.text(), "Hi.\nHello.");
        let t =
            parse("# Vitess at scale\n\n**Jerod Santo:** Hi.\n\n**Sugu Sougoumarane:** Hello.\n");
        assert_eq!(t.meta.title.as_ref().unwrap().value, "Vitess at scale");
    }

    #[test]
    fn heading_labels_that_repeat_are_speakers() {
        let t = parse(
            "# Episode title\n\n### Jane Doe [00:10]\n\nHello there.\n\n### John Roe\n\nHi Jane.\n\n\
             ### Jane Doe\n\nBye.\n\n### John Roe\n\nBye.\n",
        );
        assert_eq!(
            rows(&t)[..2],
            [
                (Some(10), Some("Jane Doe"), "Hello there."),
                (rows(&t)[1].0, Some("John Roe"), "Hi Jane.")
            ]
        );
    }

    #[test]
    fn show_notes_are_a_link_list_and_transcripts_with_links_are_not() {
        let notes = "**Brian #1:** [**pytest 8**](https://docs.pytest.org)\n\n\
                     - faster collection\n- new reporting\n\n\
                     **Michael #2:** [uv](https://github.com/astral-sh/uv)\n\n\
                     - a fast installer\n\n**Extras**\n\nSome words about the week.\n";
        assert!(is_link_list(notes));
        let speech = "**Jerod Santo:** We're here with Ben, from the [Swift](https://swift.org) \
                      team.\n\n**Ben Cohen:** Thanks. I mentioned [Hummingbird](https://x.y) \
                      too.\n\n**Jerod Santo:** Great.\n\n**Ben Cohen:** Sure.\n";
        assert!(!is_link_list(speech));
        // A transcript where someone reads out a short list is still speech.
        let mut read_out =
            String::from("**Adam:** Here are three things:\n\n- one\n- two\n- three\n\n");
        for _ in 0..30 {
            read_out.push_str("**Adam:** And so on, at length.\n\n");
        }
        assert!(!is_link_list(&read_out));
    }
}
