//! Text hygiene: decoding files, and building the normalised text that matching runs on.
//!
//! Transcripts arrive as UTF-8 with or without a byte-order mark, sometimes as UTF-16, sometimes
//! with invalid bytes, with CRLF line ends and typographic characters (`’`, `“`, `—`, `…`, NBSP,
//! zero-width spaces) that a catalog written with a plain keyboard would never match.
//!
//! Matching therefore runs on a *normalised* copy of the spoken text, while everything a user sees
//! (snippets, byte spans) refers to the *source* text. [`TextBuilder`] produces both at once: it
//! copies only the spoken parts of the source (no timestamps, speaker labels or tags), rewrites the
//! typographic characters, and records an [`OffsetMap`] so that any offset in the normalised text
//! maps back to the source in `O(log n)` without a per-byte table. Anchors are only written where
//! the two texts stop running in parallel: at the start of each copied piece and after each
//! replacement that changes length.
//!
//! The parts: `decode` turns bytes into text, `fold` is the normalisation table, `offsets` the
//! map back to the source, and `builder` the [`TextBuilder`] every format reader fills.

mod builder;
mod decode;
mod fold;
mod offsets;

pub use builder::{Built, TextBuilder};
pub use decode::{Decoding, decode};
pub use fold::fold_str;
pub use offsets::OffsetMap;
