//! The error of reading a file as a transcript, one variant per way a file can fail.
//!
//! Kept apart from the reading code so that callers which only report errors (corpus loading,
//! the command line) have one short place to see what can go wrong.

use std::path::{Path, PathBuf};

use super::Format;

/// Why a file could not be read as a transcript.
#[derive(Debug, thiserror::Error)]
pub enum TranscriptError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is empty, or holds only white space.
    #[error("{}: empty file, nothing to read", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file holds binary data (a NUL byte), not text.
    #[error("{}: binary file, not a transcript", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// The file is JSON but not a transcript (Podcasting 2.0, Whisper or a segment array).
    #[error("{}:{line}:{column}: not a JSON transcript: {message}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file is a document of another kind (a README, a web page), not a transcript.
    #[error("{}: not a transcript: {reason}", path.display())]
    NotTranscript {
        /// The file.
        path: PathBuf,
        /// What it looks like instead.
        reason: &'static str,
    },
    /// Nothing in the file is speech once labels, timestamps and boilerplate are set aside.
    #[error("{}: no spoken text found (read as {format})", path.display())]
    NoSpeech {
        /// The file.
        path: PathBuf,
        /// The format the file was read as.
        format: Format,
    },
}

impl TranscriptError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            TranscriptError::Io { path, .. }
            | TranscriptError::Empty { path }
            | TranscriptError::Binary { path }
            | TranscriptError::Json { path, .. }
            | TranscriptError::NotTranscript { path, .. }
            | TranscriptError::NoSpeech { path, .. } => path,
        }
    }
}
