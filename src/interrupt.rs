//! Leaving nothing behind when the user interrupts.
//!
//! A run stopped by Ctrl-C (or `kill`) must not leave half-written `.podgraph-*.tmp` files
//! beside its outputs, nor a Graphviz layout running on at full CPU with nobody waiting for it.
//! The library cannot install signal handlers (that is the program's choice), so it *registers*
//! what would be left over while it exists — a temporary file between its creation and its
//! rename, a child process while it runs — and the program's handler calls [`clean_up`] before
//! exiting.
//!
//! Registration is a mutex-guarded list push and removal: `O(n)` in the handful of entries alive
//! at once, nothing per byte written.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once [`clean_up`] has begun: the program is being interrupted.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether an interrupt's clean-up has begun. A step that fails because the clean-up killed
/// its child (a broken pipe to Graphviz) is not an error of its own: the program is about to
/// exit as interrupted.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

static LEFTOVERS: Mutex<Leftovers> = Mutex::new(Leftovers {
    files: Vec::new(),
    processes: Vec::new(),
});

struct Leftovers {
    files: Vec<PathBuf>,
    processes: Vec<u32>,
}

fn leftovers() -> std::sync::MutexGuard<'static, Leftovers> {
    // A panic elsewhere while holding the lock leaves the lists usable.
    LEFTOVERS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A temporary file that [`clean_up`] removes until this guard is dropped.
#[must_use = "the file is tracked only while the guard lives"]
pub struct TrackedFile(PathBuf);

/// Tracks `path`, a temporary file, until the returned guard is dropped (after its rename).
pub fn track_file(path: &Path) -> TrackedFile {
    leftovers().files.push(path.to_owned());
    TrackedFile(path.to_owned())
}

/// Creates a temporary file with `create` and tracks it (at the path `path_of` gives) until the
/// returned guard is dropped. Created while the list is held, so that no file is made between
/// a [`clean_up`] and the exit that follows it (a build's first temporary file is made midway,
/// where an interrupt may come at any moment): after an interrupt it waits for the exit.
pub fn create_tracked<T>(
    create: impl FnOnce() -> std::io::Result<T>,
    path_of: impl FnOnce(&T) -> &Path,
) -> std::io::Result<(T, TrackedFile)> {
    let mut left = leftovers();
    let made = create()?;
    let path = path_of(&made).to_owned();
    left.files.push(path.clone());
    Ok((made, TrackedFile(path)))
}

impl Drop for TrackedFile {
    fn drop(&mut self) {
        let mut left = leftovers();
        if let Some(i) = left.files.iter().position(|p| *p == self.0) {
            left.files.swap_remove(i);
        }
    }
}

/// A child process, leader of its own process group, that [`clean_up`] kills until this guard
/// is dropped (after the child was waited for).
#[must_use = "the process is tracked only while the guard lives"]
pub struct TrackedProcess(u32);

/// Tracks the child process `pid` (started as the leader of its own process group) until the
/// returned guard is dropped.
pub fn track_process(pid: u32) -> TrackedProcess {
    leftovers().processes.push(pid);
    TrackedProcess(pid)
}

impl Drop for TrackedProcess {
    fn drop(&mut self) {
        let mut left = leftovers();
        if let Some(i) = left.processes.iter().position(|&p| p == self.0) {
            left.processes.swap_remove(i);
        }
    }
}

/// Kills every tracked child process group and removes every tracked temporary file. For a
/// signal handler, just before the program exits; safe to call more than once. The list stays
/// held until the exit, so that no other thread makes a file ([`create_tracked`]) in between.
pub fn clean_up() {
    if INTERRUPTED.swap(true, Ordering::SeqCst) {
        return;
    }
    let mut left = leftovers();
    left.clean_up();
    std::mem::forget(left);
}

impl Leftovers {
    fn clean_up(&mut self) {
        for pid in self.processes.drain(..) {
            kill_group(pid);
        }
        for file in self.files.drain(..) {
            let _ = std::fs::remove_file(file);
        }
    }
}

#[cfg(unix)]
fn kill_group(pid: u32) {
    // kill(1) with a negative id signals the whole group; the program stays free of `unsafe`.
    let _ = std::process::Command::new("kill")
        .args(["-s", "KILL", "--", &format!("-{pid}")])
        .stderr(std::process::Stdio::null())
        .status();
}

#[cfg(not(unix))]
fn kill_group(pid: u32) {
    let _ = std::process::Command::new("taskkill")
        .args(["/F", "/T", "/PID", &pid.to_string()])
        .output();
}

#[cfg(test)]
mod tests {
    use super::*;

    // The global lists are shared with every test that writes a file, so these tests clean up
    // lists of their own and only look at the global ones.

    #[test]
    fn files_are_tracked_while_their_guard_lives() {
        let path = Path::new("/nonexistent/podgraph-tracked.tmp");
        let guard = track_file(path);
        assert!(leftovers().files.iter().any(|p| p == path));
        drop(guard);
        assert!(!leftovers().files.iter().any(|p| p == path));
    }

    #[test]
    fn cleaning_up_removes_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let removed = dir.path().join("removed.tmp");
        std::fs::write(&removed, b"x").unwrap();
        let mut left = Leftovers {
            files: vec![removed.clone(), dir.path().join("never-written.tmp")],
            processes: Vec::new(),
        };
        left.clean_up();
        assert!(!removed.exists());
        assert!(left.files.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn cleaning_up_kills_the_process_groups() {
        use std::os::unix::process::CommandExt;
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .process_group(0)
            .spawn()
            .unwrap();
        let mut left = Leftovers {
            files: Vec::new(),
            processes: vec![child.id()],
        };
        left.clean_up();
        assert!(!child.wait().unwrap().success());
    }
}
