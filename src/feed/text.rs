//! Turning what a feed file holds into text: its bytes in whatever encoding it uses, and the
//! entity references (XML's, numeric and HTML's) in its text and attributes.
//!
//! Feeds are decoded leniently (see the module docs of [`super`]); the rules for that live
//! here, apart from the XML reading that relies on them.

use std::borrow::Cow;
use std::path::Path;

use super::FeedError;
use crate::transcript::lines::line_column;

/// An entity reference's character: XML's five, character references, and the HTML entities
/// feeds use without declaring them.
pub(super) fn resolve_entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    const ENTITIES: &[(&str, char)] = &[
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("nbsp", '\u{A0}'),
        ("ndash", '–'),
        ("mdash", '—'),
        ("hellip", '…'),
        ("lsquo", '‘'),
        ("rsquo", '’'),
        ("sbquo", '‚'),
        ("ldquo", '“'),
        ("rdquo", '”'),
        ("bdquo", '„'),
        ("laquo", '«'),
        ("raquo", '»'),
        ("bull", '•'),
        ("middot", '·'),
        ("copy", '©'),
        ("reg", '®'),
        ("trade", '™'),
        ("eacute", 'é'),
        ("egrave", 'è'),
        ("aacute", 'á'),
        ("agrave", 'à'),
        ("iacute", 'í'),
        ("oacute", 'ó'),
        ("uacute", 'ú'),
        ("ntilde", 'ñ'),
        ("ccedil", 'ç'),
        ("auml", 'ä'),
        ("ouml", 'ö'),
        ("uuml", 'ü'),
        ("Auml", 'Ä'),
        ("Ouml", 'Ö'),
        ("Uuml", 'Ü'),
        ("szlig", 'ß'),
    ];
    ENTITIES.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

/// Decodes the entity references `resolve_entity` knows; others stay as written.
pub(super) fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Entity names are short; looking no further keeps this linear.
        let window = rest.get(1..).unwrap_or("");
        let semicolon = window
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';' || !(c.is_ascii_alphanumeric() || c == '#'))
            .filter(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        match semicolon.and_then(|i| Some((i, resolve_entity(&window[..i])?))) {
            Some((i, c)) => {
                out.push(c);
                rest = &window[i + 1..];
            }
            None => {
                out.push('&');
                rest = window;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The file's text: UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark,
/// or ISO-8859-1/windows-1252 when the XML declaration says so (read as windows-1252, as
/// browsers do, since feeds that say ISO-8859-1 often hold windows-1252 quotes and dashes).
pub(super) fn decode(bytes: Vec<u8>, path: &Path) -> Result<String, FeedError> {
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => return Ok(utf16(rest, u16::from_le_bytes)),
        [0xFE, 0xFF, rest @ ..] => return Ok(utf16(rest, u16::from_be_bytes)),
        _ => {}
    }
    let error = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(error) => error,
    };
    let bytes = error.as_bytes();
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
    let declared = head
        .strip_prefix("<?xml")
        .and_then(|decl| decl.split("?>").next())
        .and_then(|decl| decl.split("encoding").nth(1))
        .map(|e| e.trim_start_matches([' ', '=', '"', '\'']))
        .is_some_and(|e| {
            [
                "iso-8859-1",
                "iso8859-1",
                "latin1",
                "latin-1",
                "windows-1252",
                "cp1252",
                "us-ascii",
            ]
            .iter()
            .any(|name| e.starts_with(name))
        });
    if declared {
        return Ok(bytes.iter().map(|&b| windows_1252(b)).collect());
    }
    let valid = error.utf8_error().valid_up_to();
    let (line, _) = line_column(&String::from_utf8_lossy(bytes), valid);
    Err(FeedError::Xml {
        path: path.to_owned(),
        line,
        message: "not UTF-8 text, and its XML declaration names no encoding podgraph reads \
                  (UTF-8, UTF-16, ISO-8859-1, windows-1252)"
            .to_owned(),
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::feed::test_support::*;
    use crate::feed::{FeedError, FeedItem, read_feed};

    #[test]
    fn read_feed_reads_files_and_decodes_their_encoding() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds/sample.xml");
        assert_eq!(read_feed(&fixture).unwrap(), sample());

        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.xml");
        let error = read_feed(&missing).unwrap_err();
        assert!(matches!(error, FeedError::Io { .. }));
        assert!(
            error
                .to_string()
                .contains("missing.xml: cannot read feed: ")
        );

        let latin1 = dir.path().join("latin1.xml");
        let mut bytes = b"<?xml version='1.0' encoding='ISO-8859-1'?>\n".to_vec();
        bytes.extend(rss("<item><title>Caf\u{0}</title></item>").bytes());
        let at = bytes.iter().position(|&b| b == 0).unwrap();
        bytes.splice(at..=at, [0xE9, 0x20, 0x96, 0x20, 0x93, b'x', 0x94]);
        std::fs::write(&latin1, &bytes).unwrap();
        let feed = read_feed(&latin1).unwrap();
        assert_eq!(feed.items[0].title.as_deref(), Some("Café – “x”"));

        let undeclared = dir.path().join("undeclared.xml");
        bytes.drain(..bytes.iter().position(|&b| b == b'\n').unwrap() + 1);
        std::fs::write(&undeclared, &bytes).unwrap();
        let (line, message) = xml_error(read_feed(&undeclared));
        assert_eq!(line, 1);
        assert!(message.contains("not UTF-8"), "{message}");

        let utf16 = dir.path().join("utf16.xml");
        let mut bytes = vec![0xFF, 0xFE];
        for unit in rss("<item><title>Ünï</title></item>").encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        std::fs::write(&utf16, &bytes).unwrap();
        assert_eq!(
            read_feed(&utf16).unwrap().items[0].title.as_deref(),
            Some("Ünï")
        );

        let bom = dir.path().join("bom.xml");
        std::fs::write(&bom, format!("\u{FEFF}{}", rss("<item/>"))).unwrap();
        assert_eq!(read_feed(&bom).unwrap().items, [FeedItem::default()]);
    }
}
