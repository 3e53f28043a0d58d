//! The inside of a line of Markdown speech: time marks (`\[04:35\]`) that set the time and
//! leave the text, and escapes, character references, emphasis and link targets decoded in
//! place so that snippets still quote the file.
//!
//! Apart from labels and the reading loop because it works within one line, on bytes, and is
//! where Markdown's escaping rules are.

use std::ops::Range;

use crate::transcript::Timestamp;
use crate::transcript::text::TextBuilder;
use crate::transcript::webvtt::{html_escape, parse_cue_time};

/// Pushes a line of speech, turning escaped timestamps into time marks.
pub(super) fn push_with_time_marks(builder: &mut TextBuilder<'_>, range: Range<usize>) {
    let source = builder.source();
    let bytes = source.as_bytes();
    let mut at = range.start;
    let mut search = range.start;
    while let Some(found) = memchr::memchr(b'[', &bytes[search..range.end]) {
        let open = search + found;
        search = open + 1;
        let Some((time, end)) = time_mark(source, open, range.end) else {
            continue;
        };
        let mark_start = if open > range.start && bytes[open - 1] == b'\\' {
            open - 1
        } else {
            open
        };
        push_markdown(builder, at..mark_start);
        builder.mark_time(time);
        at = end;
        search = end;
    }
    push_markdown(builder, at..range.end);
}

/// The time of the last time mark in `source[range]` if that holds nothing else.
pub(super) fn only_time_marks(source: &str, range: Range<usize>) -> Option<Timestamp> {
    let bytes = source.as_bytes();
    let mut last = None;
    let mut at = range.start;
    while at < range.end {
        match bytes[at] {
            b' ' | b'\t' | b'\\' => at += 1,
            b'[' => {
                let (time, end) = time_mark(source, at, range.end)?;
                last = Some(time);
                at = end;
            }
            _ => return None,
        }
    }
    last
}

/// The time of the last time mark in `source[range]`.
pub(super) fn last_time_mark(source: &str, range: Range<usize>) -> Option<Timestamp> {
    let bytes = source.as_bytes();
    memchr::memchr_iter(b'[', &bytes[range.clone()])
        .filter_map(|i| time_mark(source, range.start + i, range.end))
        .next_back()
        .map(|(time, _)| time)
}

/// A time mark `[04:35]`, `\[01:02:03.25\]` or `\[unintelligible 00:02:59.11\]` whose `[` is at
/// `open`: the time and where the mark ends.
fn time_mark(source: &str, open: usize, limit: usize) -> Option<(Timestamp, usize)> {
    let rest = &source[open + 1..limit];
    let close = rest.bytes().take(48).position(|b| b == b']')?;
    let inner = rest[..close].trim_end_matches('\\').trim();
    let clock = inner.rsplit(' ').next()?.trim_matches('\\');
    if !clock.contains(':') {
        return None;
    }
    let time = parse_cue_time(clock)?;
    Some((time, open + 1 + close + 1))
}

/// Pushes Markdown text, decoding escapes and references and dropping emphasis and link targets.
fn push_markdown(builder: &mut TextBuilder<'_>, range: Range<usize>) {
    builder.push_escaped(range, b"\\&*[]", |rest| match rest.as_bytes()[0] {
        b'\\' => {
            let next = *rest.as_bytes().get(1)?;
            next.is_ascii_punctuation()
                .then_some((2, Some(char::from(next))))
        }
        b'&' => html_escape(rest).map(|(len, c)| (len, Some(c))),
        b'*' => Some((1, None)),
        b'[' => link_target_len(rest).map(|_| (1, None)),
        b']' => rest
            .strip_prefix("](")
            .and_then(|target| target.bytes().take(2048).position(|b| b == b')'))
            .map(|close| (close + 3, None)),
        _ => None,
    });
}

/// If `s` starts a Markdown link `[text](target)`, the length of the whole link.
fn link_target_len(s: &str) -> Option<usize> {
    let close = s.bytes().take(512).position(|b| b == b']')?;
    if s[1..close].contains('[') {
        return None;
    }
    let target = s[close + 1..].strip_prefix('(')?;
    let end = target.bytes().take(2048).position(|b| b == b')')?;
    (!target[..end].contains(char::is_whitespace)).then_some(close + 1 + end + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_escapes_in_pieces() {
        let cases = [
            ("[text](https://x.y/z)", Some(21)),
            ("[text] (not a link)", None),
            ("[a [b](c)", None),
            ("[x](has space)", None),
        ];
        for (s, expected) in cases {
            assert_eq!(link_target_len(s), expected, "{s}");
        }
    }
}
