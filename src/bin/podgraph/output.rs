//! Writing to the terminal: data to standard output, diagnostics to standard error.
//!
//! Text that comes from input files (titles, speaker names, snippets) can hold control
//! characters; printed raw, an escape sequence in a transcript could rewrite the user's terminal.
//! [`sanitize`] makes such characters visible instead.

use std::borrow::Cow;
use std::io::{self, Write};

/// Replaces control characters with visible escapes (`\u{1b}`), leaving other text untouched.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// An output that could not be written, with what to do about it. The write error stays the
/// source, so a closed pipe behind `-o /dev/stdout` is still recognised as one.
#[derive(Debug, thiserror::Error)]
#[error("{error}; {hint}")]
pub struct Unwritable {
    #[source]
    error: podgraph::atomic::WriteError,
    hint: &'static str,
}

/// Turns a write error into an [`Unwritable`] error with `hint` ("choose a writable file with
/// -o").
pub fn unwritable(
    hint: &'static str,
) -> impl Fn(podgraph::atomic::WriteError) -> anyhow::Error + Copy {
    move |error| Unwritable { error, hint }.into()
}

/// When to colour terminal output (`--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set or `TERM` is `dumb`.
    #[default]
    Auto,
    /// Always, even into a pipe or a file.
    Always,
    /// Never.
    Never,
}

static COLOR: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Decides once, at start, whether standard output is coloured.
pub fn init_color(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::IsTerminal::is_terminal(&io::stdout())
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    };
    let _ = COLOR.set(on);
}

/// The escape codes around a highlighted match: bold red, then back to plain. The one place
/// podgraph writes terminal colour codes. Written out rather than built with `anstyle`, whose
/// bold red is two codes (`ESC[1m ESC[31m`) where podgraph has always printed one (`ESC[1;31m`),
/// and scripts run with `--color always` compare the bytes.
const MATCH_ON: &str = "\x1b[1;31m";
const MATCH_OFF: &str = "\x1b[0m";

/// Paints the matched words of snippets bold red where colour is on (see `--color`), and leaves
/// them plain elsewhere.
#[derive(Clone, Copy, Debug)]
pub struct Highlight {
    on: bool,
}

impl Highlight {
    /// Highlighting for text output, as `--color` decided; JSON output is never coloured.
    pub fn unless_json(json: bool) -> Self {
        Highlight {
            on: !json && COLOR.get().copied().unwrap_or(false),
        }
    }

    /// `text`, sanitized, between the highlighting codes when colour is on.
    pub fn paint(self, text: &str) -> String {
        let (on, off) = if self.on {
            (MATCH_ON, MATCH_OFF)
        } else {
            ("", "")
        };
        format!("{on}{}{off}", sanitize(text))
    }
}

/// How much to say on standard error besides errors.
#[derive(Clone, Copy, Debug)]
pub struct Verbosity {
    /// No warnings or notes.
    pub quiet: bool,
    /// Every warning on its own line, not summarised by kind.
    pub verbose: bool,
}

/// Prints a warning on standard error unless `quiet`.
pub fn warn(quiet: bool, message: &str) {
    if !quiet {
        note_line(&format!("podgraph: warning: {}", sanitize(message)));
    }
}

/// Prints a line on standard error without tearing the progress spinner, if one is showing.
pub fn note_line(line: &str) {
    match progress_bar().as_ref() {
        Some(bar) => bar.suspend(|| eprintln!("{line}")),
        None => eprintln!("{line}"),
    }
}

static PROGRESS: std::sync::Mutex<Option<indicatif::ProgressBar>> = std::sync::Mutex::new(None);

fn progress_bar() -> std::sync::MutexGuard<'static, Option<indicatif::ProgressBar>> {
    PROGRESS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Shows what a long step is doing — a spinner and `message` on standard error — when standard
/// error is a terminal and the user did not ask for `-q`; nothing otherwise (pipes, logs, CI).
/// A later call changes the message; [`progress_done`] clears the line.
pub fn progress(message: &str, quiet: bool) {
    if quiet || !std::io::IsTerminal::is_terminal(&io::stderr()) {
        return;
    }
    let mut bar = progress_bar();
    let bar = bar.get_or_insert_with(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .expect("the template is valid"),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    bar.set_message(format!("podgraph: {message}"));
}

/// Clears the progress line, if one is showing.
pub fn progress_done() {
    if let Some(bar) = progress_bar().take() {
        bar.finish_and_clear();
    }
}

/// Standard output, locked and buffered; errors (a closed pipe) are returned, never panicked on.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

/// Writes `value` as pretty JSON and a newline.
pub fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    podgraph::export::write_pretty_json(out, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(sanitize("plain – text"), "plain – text");
        assert_eq!(sanitize("evil\u{1b}[2Jtitle"), "evil\\u{1b}[2Jtitle");
        assert_eq!(sanitize("rtl\u{202E}x"), "rtl\\u{202e}x");
    }
}
