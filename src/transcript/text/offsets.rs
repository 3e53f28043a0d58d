//! The map from offsets in the normalised text back to the source, kept as sparse anchors.
//!
//! Apart from the builder that writes it, because a [`Transcript`](crate::transcript::Transcript)
//! keeps it and reads it for every span it reports, long after the builder is gone.

/// Maps offsets in the normalised text back to offsets in the source text.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    /// `(text offset, source offset)` pairs, sorted by both components.
    anchors: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// Records that `text` corresponds to `source`. Two anchors may share a text offset where
    /// source text was dropped (a tag): the first says where the text before it ends, the last
    /// where the text after it starts.
    pub(super) fn anchor(&mut self, text: usize, source: usize) {
        if self.anchors.last() != Some(&(text, source)) {
            self.anchors.push((text, source));
        }
    }

    /// The source offset for a normalised-text offset.
    ///
    /// Offsets inside a replacement (the second `.` of an ellipsis made from `…`) map to the end
    /// of the replaced character at most, so a mapped range never runs past its source.
    pub fn to_source(&self, text_offset: usize) -> usize {
        let i = self.anchors.partition_point(|&(t, _)| t <= text_offset);
        if i == 0 {
            return 0;
        }
        let (t, s) = self.anchors[i - 1];
        let mapped = s + (text_offset - t);
        match self.anchors.get(i) {
            Some(&(_, next_source)) => mapped.min(next_source),
            None => mapped,
        }
    }

    /// The source offset for a normalised-text offset that *ends* a range: where source text was
    /// dropped right there (`pytest</i>`), the range ends before it.
    pub fn end_to_source(&self, text_offset: usize) -> usize {
        let i = self.anchors.partition_point(|&(t, _)| t < text_offset);
        match self.anchors.get(i) {
            Some(&(t, s)) if t == text_offset => s,
            _ => self.to_source(text_offset),
        }
    }
}
