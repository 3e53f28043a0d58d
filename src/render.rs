//! Images: DOT laid out and drawn by the Graphviz executables.
//!
//! [`crate::export::dot`] writes the DOT text; Graphviz is run here as a child process, not
//! through a binding library's `exec` (graphviz-rust's has no time limit and reports a missing
//! Graphviz as a bare "No such file or directory"). Graphviz is looked for first (so a missing
//! install gets a message saying how to install it), the layout runs under a time limit (a dense
//! graph can keep `dot` busy for minutes), and whatever Graphviz prints on failure is passed on.

use std::io::{self, Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

use crate::named::named_enum;

/// The Graphviz program that runs every layout engine (`dot -Ksfdp`).
const GRAPHVIZ: &str = "dot";

/// The layout engines `render` offers.
pub const LAYOUTS: [&str; 4] = ["dot", "sfdp", "neato", "fdp"];

named_enum! {
    /// An image format.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum ImageFormat: "image format" {
        /// Scalable vector graphics, with tooltips.
        #[default]
        Svg = "svg",
        /// Portable network graphics.
        Png = "png",
        /// Portable document format.
        Pdf = "pdf",
    }
}

impl ImageFormat {
    /// The format a file name's extension names (`graph.PNG` → PNG), if it names one.
    pub fn from_extension(path: &std::path::Path) -> Option<ImageFormat> {
        path.extension()?.to_str()?.parse().ok()
    }
}

/// Why an image could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Graphviz is not installed (or not on `PATH`).
    #[error(
        "Graphviz is not installed (no `{GRAPHVIZ}` on PATH); install it (Debian/Ubuntu: \
         `apt-get install graphviz`, macOS: `brew install graphviz`) or use \
         `podgraph export --format dot` and render elsewhere"
    )]
    Missing,
    /// Graphviz could not be started or talked to.
    #[error("running Graphviz: {0}")]
    Io(#[from] io::Error),
    /// The layout took longer than allowed.
    #[error(
        "Graphviz {layout} layout took longer than {} s and was stopped; filter the graph \
         (--top, --min-weight) or use --layout sfdp",
        .limit.as_secs()
    )]
    Timeout {
        /// The layout engine.
        layout: String,
        /// The time limit.
        limit: Duration,
    },
    /// Graphviz failed.
    #[error("Graphviz {layout} layout failed: {message}")]
    Failed {
        /// The layout engine.
        layout: String,
        /// What Graphviz printed (its first line), or its exit status.
        message: String,
    },
}

/// The installed Graphviz version line (`dot - graphviz version 2.43.0 (0)`).
pub fn graphviz_version() -> Result<String, RenderError> {
    let output = Command::new(GRAPHVIZ)
        .arg("-V")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => RenderError::Missing,
            _ => RenderError::Io(e),
        })?;
    // `dot -V` prints on standard error.
    let text = String::from_utf8_lossy(&output.stderr);
    Ok(text.lines().next().unwrap_or("").trim().to_owned())
}

/// Lays out `dot` with `layout` and draws it as `format`, stopping Graphviz after `limit`.
pub fn render(
    dot: &[u8],
    layout: &str,
    format: ImageFormat,
    limit: Duration,
) -> Result<Vec<u8>, RenderError> {
    graphviz_version()?;
    let mut command = Command::new(GRAPHVIZ);
    command
        .arg(format!("-K{layout}"))
        .arg(format!("-T{}", format.name()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Graphviz leads a process group of its own, so that an interrupt's clean-up can stop it
    // and whatever it starts (see `crate::interrupt`).
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => RenderError::Missing,
        _ => RenderError::Io(e),
    })?;
    let _tracked = crate::interrupt::track_process(child.id());
    // Feed and drain on their own threads: Graphviz writes while it reads, and a full pipe on
    // either side would otherwise stall both processes.
    let mut stdin = child.stdin.take().expect("piped");
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let image = std::thread::scope(|scope| -> Result<Vec<u8>, RenderError> {
        let feeder = scope.spawn(move || {
            // Graphviz may exit early on a syntax error: a broken pipe then says nothing more
            // than its own message will.
            let _ = stdin.write_all(dot);
        });
        let reader = scope.spawn(move || {
            let mut image = Vec::new();
            stdout.read_to_end(&mut image).map(|_| image)
        });
        let errors = scope.spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let status = match child.wait_timeout(limit)? {
            Some(status) => status,
            None => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RenderError::Timeout {
                    layout: layout.to_owned(),
                    limit,
                });
            }
        };
        let _ = feeder.join();
        let image = reader.join().expect("reader thread")?;
        let errors = errors.join().expect("stderr thread");
        if !status.success() || image.is_empty() {
            let message = errors
                .lines()
                .find(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .unwrap_or_else(|| status.to_string());
            return Err(RenderError::Failed {
                layout: layout.to_owned(),
                message,
            });
        }
        Ok(image)
    })?;
    Ok(image)
}
