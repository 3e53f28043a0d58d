//! SubRip (`.srt`) captions: numbered cues with `00:00:01,000 --> 00:00:04,000` timings.
//!
//! Cues are blocks separated by blank lines: an index line, a timing line, then text lines that
//! may carry `<i>`, `<b>` or `<font>` markup. SubRip has no speaker syntax of its own, but
//! podcast platforms open a speaker's first cue with a label (`Alban: It is so ...`), which names
//! the speaker until the next label and is not speech. Cues cut sentences anywhere, so they are
//! joined into utterances (see [`TextBuilder::begin_fragment`](super::text::TextBuilder)).

use super::Warning;
use super::text::TextBuilder;
use super::webvtt::{BrokenTimings, CueSpeakers, for_each_block, parse_timing, push_cue};

/// Reads a SubRip body into `builder`.
pub fn parse(builder: &mut TextBuilder<'_>, body: usize, warnings: &mut Vec<Warning>) {
    let source = builder.source();
    let mut broken = BrokenTimings::default();
    let mut speakers = CueSpeakers::scan(source, body);
    for_each_block(source, body, |block| {
        let timing = block
            .iter()
            .take(2)
            .position(|l| source[l.clone()].contains("-->"));
        let (times, payload) = match timing {
            Some(i) => {
                let times = parse_timing(&source[block[i].clone()]);
                if times.is_none() {
                    broken.note(source, block[i].start);
                }
                (times, &block[i + 1..])
            }
            None => {
                broken.note(source, block[0].start);
                let is_index = source[block[0].clone()]
                    .trim()
                    .bytes()
                    .all(|b| b.is_ascii_digit());
                (None, if is_index { &block[1..] } else { block })
            }
        };
        let (start, end) = times.unzip();
        push_cue(builder, &mut speakers, start, end, payload);
    });
    builder.end();
    broken.report("cues", warnings);
}

#[cfg(test)]
mod tests {
    use super::super::{Format, ParseOptions, parse_bytes};
    use std::path::Path;

    #[test]
    fn cues_become_timed_segments_without_markup() {
        let source = "1\r\n00:00:01,000 --> 00:00:04,250\r\nHello and <i>welcome</i>\r\nto the show\r\n\r\n\
                      2\r\n00:00:05,000 --> 00:00:06,000\r\n<font color=\"red\">pytest</font> &amp; more\r\n";
        let t = parse_bytes(
            source.as_bytes(),
            Path::new("x.srt"),
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!(t.format, Format::Srt);
        // The first cue does not end its sentence: the two are one utterance.
        assert_eq!(t.text(), "Hello and welcome to the show pytest & more");
        assert_eq!(t.segments()[0].start.unwrap().as_millis(), 1_000);
        assert_eq!(t.segments()[0].end.unwrap().as_millis(), 6_000);
        let at = t.text().find("pytest").unwrap();
        assert_eq!(&t.source()[t.source_span(at..at + 6)], "pytest");
        assert_eq!(t.time_at(at).unwrap().as_millis(), 5_000);
    }

    #[test]
    fn speaker_labels_open_cues_and_hold_until_the_next() {
        let source = "1\n00:00:00,000 --> 00:00:04,799\nAlban: It is so stinking nice to\nlike, show up.\n\n\
                      2\n00:00:04,799 --> 00:00:08,250\nAnd Travis has it.\n\n\
                      3\n00:00:08,250 --> 00:00:09,000\nKevin: Note: yes.\n\n\
                      4\n00:00:09,000 --> 00:00:10,000\nAlban: Bye.\n\n\
                      5\n00:00:10,000 --> 00:00:11,000\nKevin: Bye.\n";
        let t = parse_bytes(
            source.as_bytes(),
            Path::new("x.srt"),
            &ParseOptions::default(),
        )
        .unwrap();
        let rows: Vec<_> = t
            .segments()
            .iter()
            .map(|s| (t.speaker_name(s), t.segment_text(s)))
            .collect();
        assert_eq!(
            rows,
            [
                (Some("Alban"), "It is so stinking nice to like, show up."),
                (Some("Alban"), "And Travis has it."),
                (Some("Kevin"), "Note: yes."),
                (Some("Alban"), "Bye."),
                (Some("Kevin"), "Bye."),
            ]
        );
    }
}
