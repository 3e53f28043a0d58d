//! The normalisation table: which characters matching sees differently from the source
//! (typographic quotes and dashes, odd spaces, invisible characters, fullwidth forms).
//!
//! One table serves transcript text, catalog aliases and queries ([`fold_str`]), so a name
//! typed on a plain keyboard matches however a transcript wrote it.

/// What a character becomes in the normalised text.
pub(super) enum Fold {
    Keep,
    Replace(&'static str),
}

/// The normalisation table. Characters not listed are kept as they are; case is left alone (the
/// matcher decides about case).
pub(super) fn fold(c: char) -> Fold {
    use Fold::{Keep, Replace};
    match c {
        // Line structure inside one segment is not meaningful: a segment is one line of text.
        '\r' | '\n' | '\t' | '\u{0B}' | '\u{0C}' => Replace(" "),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{FF07}' => Replace("'"),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{FF02}' => Replace("\""),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => Replace("-"),
        '\u{2026}' => Replace("..."),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => Replace(" "),
        '\u{2028}' | '\u{2029}' => Replace(" "),
        // Invisible characters split words for a matcher but not for a reader: drop them.
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => Replace(""),
        '\u{FB00}' => Replace("ff"),
        '\u{FB01}' => Replace("fi"),
        '\u{FB02}' => Replace("fl"),
        // Fullwidth ASCII forms, as some caption tools emit them.
        '\u{FF01}'..='\u{FF5E}' => {
            let ascii = (c as u32 - 0xFF01 + 0x21) as u8;
            Replace(ASCII_PRINTABLE[(ascii - 0x21) as usize])
        }
        c if c.is_control() => Replace(" "),
        _ => Keep,
    }
}

/// Whether all eight bytes of `word` are printable ASCII (`0x20..0x7F`), by bit tricks on the
/// whole word: no high bit set, no byte below `0x20`, no byte equal to `0x7F`.
pub(super) fn all_printable_ascii(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let high = word & HIGH;
    // With no high bit set, a byte below 0x20 borrows when 0x20 is subtracted.
    let below_space = word.wrapping_sub(0x20 * ONES) & !word & HIGH;
    let delete = word ^ (0x7F * ONES);
    let has_delete = delete.wrapping_sub(ONES) & !delete & HIGH;
    high == 0 && below_space == 0 && has_delete == 0
}

/// Folds a whole string with the same table as transcript text (for catalog aliases and queries).
pub fn fold_str(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(|c| matches!(fold(c), Fold::Keep)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match fold(c) {
            Fold::Keep => out.push(c),
            Fold::Replace(with) => out.push_str(with),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `'!'..='~'` as string slices, so fullwidth forms can be replaced without allocating.
const ASCII_PRINTABLE: [&str; 94] = [
    "!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/", "0", "1", "2", "3",
    "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?", "@", "A", "B", "C", "D", "E", "F",
    "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y",
    "Z", "[", "\\", "]", "^", "_", "`", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l",
    "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "{", "|", "}", "~",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_ascii_words_are_told_apart_from_the_rest() {
        assert!(all_printable_ascii(u64::from_le_bytes(*b"pytest ~")));
        assert!(all_printable_ascii(u64::from_le_bytes(*b"        ")));
        for odd in [
            b"pytest\n ",
            b"a\x7fbcdefg",
            b"\x1fbcdefgh",
            b"abc\xc3\xa9fgh",
            b"\x00\x00\x00\x00\x00\x00\x00\x00",
        ] {
            assert!(!all_printable_ascii(u64::from_le_bytes(*odd)), "{odd:?}");
        }
        // Every single odd byte in every position.
        for b in (0u8..0x20).chain(0x7F..=0xFF) {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = b;
                assert!(
                    !all_printable_ascii(u64::from_le_bytes(word)),
                    "{b:#x} at {at}"
                );
            }
        }
    }
}
