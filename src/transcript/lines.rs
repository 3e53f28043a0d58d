//! Line iteration by byte ranges, shared by the line-oriented format parsers.
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
    fn line_column_counts_from_one() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 0), (1, 1));
    }
}
