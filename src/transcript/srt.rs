//! SubRip (`.srt`) captions: numbered cues with `00:00:01,000 --> 00:00:04,000` timings.
//!
//! Cues are blocks separated by blank lines: an index line, a timing line, then text lines that
//! may carry `<i>`, `<b>` or `<font>` markup. SubRip has no speaker syntax of its own.

use super::text::TextBuilder;
use super::webvtt::{BrokenTimings, Markup, for_each_block, parse_timing, push_cue_text};

/// Reads a SubRip body into `builder`.
pub fn parse(builder: &mut TextBuilder<'_>, body: usize, warnings: &mut Vec<String>) {
    let source = builder.source();
    let mut broken = BrokenTimings::default();
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
        builder.begin(start, end, None);
        for line in payload {
            push_cue_text(builder, line.clone(), Markup::Html);
        }
        builder.end();
    });
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
        assert_eq!(t.text(), "Hello and welcome to the show\npytest & more");
        assert_eq!(t.segments()[0].start.unwrap().as_millis(), 1_000);
        assert_eq!(t.segments()[0].end.unwrap().as_millis(), 4_250);
        let at = t.text().find("pytest").unwrap();
        assert_eq!(&t.source()[t.source_span(at..at + 6)], "pytest");
    }
}
