//! Line iteration by byte ranges, shared by the line-oriented format parsers, and the line
//! positions that every parser's error messages name.
//!
//! Parsers work on byte ranges of the source rather than `&str` slices so that every piece of
//! text they keep can be traced back to its position in the file.

use std::ops::Range;

/// The lines of `source[start..]` as byte ranges without their `\n` or `\r\n` terminator.
pub fn lines(source: &str, start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = source.as_bytes();
    let mut at = start;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line_end = if end > at && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        let line = at..line_end;
        at = end + 1;
        Some(line)
    })
}

/// Whether `source[range]` is only white space.
pub fn is_blank(source: &str, range: &Range<usize>) -> bool {
    source[range.clone()].trim().is_empty()
}

/// The 1-based line and column (in characters) of byte `offset`.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source.as_bytes()[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// serde_json appends " at line L column C" to its messages; errors that name the position
/// themselves (`path:line:column: message`) drop it rather than say it twice.
pub fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Line numbers of increasing offsets in one text, in `O(n)` over all calls together (calling
/// [`line_column`] for each of many offsets would be quadratic).
pub struct LineCounter<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    /// A counter at the start of `text`.
    pub fn new(text: &'t str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of `offset`; offsets must not decrease between calls.
    pub fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            // Out of order: count from the start rather than give a wrong answer.
            return line_column(self.text, offset).0;
        }
        self.line += memchr::memchr_iter(b'\n', &self.text.as_bytes()[self.offset..offset]).count();
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_strip_lf_and_crlf_and_keep_offsets() {
        let s = "a\r\nbc\n\nd";
        let got: Vec<&str> = lines(s, 0).map(|r| &s[r]).collect();
        assert_eq!(got, ["a", "bc", "", "d"]);
        let got: Vec<&str> = lines(s, 3).map(|r| &s[r]).collect();
        assert_eq!(got, ["bc", "", "d"]);
    }

    #[test]
    fn line_counter_agrees_with_line_column() {
        let text = "a\nb\n\nc\nd";
        let mut counter = LineCounter::new(text);
        for offset in [0, 1, 2, 4, 5, 8, 8] {
            assert_eq!(
                counter.line_at(offset),
                line_column(text, offset).0,
                "{offset}"
            );
        }
        assert_eq!(counter.line_at(2), 2);
    }

    #[test]
    fn strip_position_drops_what_serde_json_appends() {
        assert_eq!(
            strip_position("expected value at line 3 column 5"),
            "expected value"
        );
        assert_eq!(strip_position("no position"), "no position");
    }

    #[test]
    fn line_column_counts_from_one() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 0), (1, 1));
    }
}
