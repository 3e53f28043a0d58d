//! Pretty JSON, written fast: the bytes of `serde_json::to_writer_pretty` with two-space
//! indents and a final newline, for the large JSON files podgraph writes (`graph.json`,
//! `episodes.json`, `graph.cyjs`).
//!
//! Why not `to_writer_pretty` itself: an archive's `graph.json` is millions of short values
//! (an edge's episode ids, one per line), and serde_json's pretty printer writes each one as
//! several small writes (the separator, each indent level, the quotes, the text). Through the
//! `dyn Write` the outputs are written to, each of those is a call through a vtable into a
//! `BufWriter`; they took about a third of writing the file. Here the small writes go into a
//! concrete buffer (inlined copies), passed on to the real writer in large pieces, and an indent
//! is one write.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

/// Bytes gathered before they are passed on to the writer.
const CHUNK: usize = 1 << 16;

/// Writes `value` to `out` as pretty JSON (two-space indents, as `serde_json::to_writer_pretty`
/// writes it) and a newline.
pub fn write_pretty<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut chunks = Chunks {
        buffer: Vec::with_capacity(CHUNK * 2),
        out,
    };
    let mut serializer = serde_json::Serializer::with_formatter(&mut chunks, Indented::default());
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    chunks.buffer.push(b'\n');
    chunks.flush()
}

/// A buffer in front of a `dyn Write`: writes are copies into it, and it is passed on once it
/// holds [`CHUNK`] bytes.
struct Chunks<'a> {
    buffer: Vec<u8>,
    out: &'a mut dyn Write,
}

impl Write for Chunks<'_> {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.out.write_all(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buffer)?;
        self.buffer.clear();
        self.out.flush()
    }
}

/// serde_json's `PrettyFormatter` with two-space indents, each indent written at once.
#[derive(Default)]
struct Indented {
    level: usize,
    has_value: bool,
}

/// Spaces for indents up to 32 levels deep in one write; deeper ones take several.
const SPACES: &[u8; 64] = b"                                                                ";

impl Indented {
    fn indent<W: ?Sized + Write>(&self, out: &mut W) -> io::Result<()> {
        let mut left = self.level * 2;
        while left > 0 {
            let n = left.min(SPACES.len());
            out.write_all(&SPACES[..n])?;
            left -= n;
        }
        Ok(())
    }

    fn begin<W: ?Sized + Write>(&mut self, out: &mut W, open: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(open)
    }

    fn end<W: ?Sized + Write>(&mut self, out: &mut W, close: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            self.indent(out)?;
        }
        out.write_all(close)
    }

    fn item<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(out)
    }
}

impl Formatter for Indented {
    #[inline]
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.begin(out, b"[")
    }

    #[inline]
    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.end(out, b"]")
    }

    #[inline]
    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.item(out, first)
    }

    #[inline]
    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    #[inline]
    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.begin(out, b"{")
    }

    #[inline]
    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.end(out, b"}")
    }

    #[inline]
    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.item(out, first)
    }

    #[inline]
    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    #[inline]
    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(value: &serde_json::Value) -> String {
        let mut out = Vec::new();
        write_pretty(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_the_bytes_serde_json_pretty_writes() {
        let deep = (0..40).fold(serde_json::json!("bottom"), |v, _| serde_json::json!([v]));
        let long: Vec<String> = (0..20_000).map(|i| format!("episode-{i}")).collect();
        for value in [
            serde_json::json!(null),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!({"a": [], "b": {}, "c": [1, 2.5, -3e-7], "d": "tab\tquote\"é"}),
            serde_json::json!([{"x": [[1], [[]]]}, {"y": {"z": {}}}]),
            deep,
            serde_json::json!({ "episodes": long }),
        ] {
            let mut expected = serde_json::to_string_pretty(&value).unwrap();
            expected.push('\n');
            assert_eq!(written(&value), expected);
        }
    }

    #[test]
    fn a_failing_writer_is_an_error() {
        let mut full = io::Cursor::new([0u8; 10]);
        let long: Vec<u32> = (0..100_000).collect();
        let err = write_pretty(&mut full, &long).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::WriteZero, "{err}");
    }
}
