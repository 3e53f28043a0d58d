//! Decoding a file's bytes: UTF-8 with or without a byte-order mark, UTF-16 with one, invalid
//! bytes replaced, and binary files refused.
//!
//! Apart from normalisation because it runs once per file, before any reader, and decides
//! whether there is text at all.

/// What decoding a file's bytes found worth telling the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoding {
    /// Valid UTF-8 (with or without a byte-order mark).
    Utf8,
    /// Invalid UTF-8 sequences were replaced with U+FFFD.
    Lossy,
    /// UTF-16 with a byte-order mark, converted to UTF-8.
    Utf16,
}

/// Decodes a file's bytes to text.
///
/// Returns `None` for binary data (a NUL byte in the first 8 KiB that is not explained by a UTF-16
/// byte-order mark), the same test git and ripgrep use.
pub fn decode(bytes: &[u8]) -> Option<(String, Decoding)> {
    if let Some(text) = decode_utf16(bytes) {
        return Some((text, Decoding::Utf16));
    }
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some((text.to_owned(), Decoding::Utf8)),
        Err(_) => Some((String::from_utf8_lossy(bytes).into_owned(), Decoding::Lossy)),
    }
}

fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let little_endian = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        if little_endian {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_broken_encodings_are_recognised() {
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_none());
        assert_eq!(
            decode(b"caf\xe9").unwrap(),
            ("caf\u{FFFD}".to_owned(), Decoding::Lossy)
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hi".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).unwrap(), ("hi".to_owned(), Decoding::Utf16));
        assert_eq!(decode("\u{FEFF}ok".as_bytes()).unwrap().1, Decoding::Utf8);
    }
}
