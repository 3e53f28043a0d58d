//! The XML both GraphML and GEXF are written in: quick-xml writes the markup, [`escape`] is the
//! one place where names become XML text.

use std::borrow::Cow;
use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;

/// Escapes text for an XML attribute value or element content so that an XML parser gives it back
/// unchanged.
///
/// quick-xml escapes `<>&'"` and carriage returns; newlines and tabs are escaped too, because a
/// parser turns them into spaces inside attribute values. Characters XML 1.0 cannot carry at all
/// (most C0 controls, unpaired surrogates cannot occur in `str`, U+FFFE/U+FFFF) become U+FFFD:
/// the file must stay well-formed, and no reader could return them anyway.
pub fn escape(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || c >= '\u{10000}'
    };
    let escaped = quick_xml::escape::escape(text);
    if !escaped.contains(['\n', '\t']) && escaped.chars().all(allowed) {
        return escaped;
    }
    let mut out = String::with_capacity(escaped.len() + 8);
    for c in escaped.chars() {
        match c {
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if allowed(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    Cow::Owned(out)
}

/// An indented XML document being written.
pub struct XmlWriter<'w> {
    writer: Writer<&'w mut dyn Write>,
}

impl<'w> XmlWriter<'w> {
    /// Starts a UTF-8 document on `out`.
    pub fn new(out: &'w mut dyn Write) -> io::Result<Self> {
        let mut writer = Writer::new_with_indent(out, b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(XmlWriter { writer })
    }

    fn element<'a>(name: &'a str, attributes: &[(&'a str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for &(key, value) in attributes {
            start.push_attribute(Attribute {
                key: QName(key),
                value: Cow::Owned(escape(value).into_owned()),
            });
        }
        start
    }

    /// `<name attributes>`.
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        self.writer
            .write_event(Event::Start(Self::element(name, attributes)))
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) -> io::Result<()> {
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attributes/>`.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        self.writer
            .write_event(Event::Empty(Self::element(name, attributes)))
    }

    /// `<name attributes>text</name>`.
    pub fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) -> io::Result<()> {
        self.writer
            .write_event(Event::Start(Self::element(name, attributes)))?;
        self.writer
            .write_event(Event::Text(BytesText::from_escaped(escape(text))))?;
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    /// Ends the document with a newline.
    pub fn finish(self) -> io::Result<()> {
        writeln!(self.writer.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// What XML can carry comes back unchanged from an XML parser's unescaping.
        #[test]
        fn escaped_text_unescapes_to_itself(text in any::<String>()) {
            let carried: String = text
                .chars()
                .map(|c| match c {
                    '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' => c,
                    c if c >= '\u{10000}' => c,
                    _ => '\u{FFFD}',
                })
                .collect();
            let escaped = escape(&text);
            prop_assert_eq!(quick_xml::escape::unescape(&escaped).unwrap(), carried);
        }
    }

    #[test]
    fn escape_keeps_what_xml_can_carry_and_replaces_what_it_cannot() {
        let cases = [
            ("pytest", "pytest"),
            ("a<b>&'\"", "a&lt;b&gt;&amp;&apos;&quot;"),
            ("two\nlines\tand\rreturn", "two&#10;lines&#9;and&#13;return"),
            ("]]>", "]]&gt;"),
            ("bell\u{7}", "bell\u{FFFD}"),
            ("\u{202E}rtl\u{200B}", "\u{202E}rtl\u{200B}"),
            ("\u{FFFF}", "\u{FFFD}"),
        ];
        for (raw, escaped) in cases {
            assert_eq!(escape(raw), escaped, "{raw:?}");
        }
    }
}
