//! Atomic output: write to a temporary file in the destination folder, then rename.
//!
//! A rename within one file system replaces the destination in one step, so a reader (or a user
//! whose build was killed midway) sees either the previous file or the complete new one, never a
//! truncated mix. The temporary file is removed if writing fails.
//!
//! Files are not `fsync`ed: that protects against a power cut, not against an interrupted or
//! failed run, and it cost a build a quarter of its output time (one flush per file).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Why an output file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot write: {source}", path.display())]
pub struct WriteError {
    /// The file that was to be written.
    pub path: PathBuf,
    /// What the operating system said.
    pub source: io::Error,
}

/// Bytes gathered before each write call: outputs run to tens of megabytes (`graph.json`,
/// `graph.dot`, `index.bin` of an archive), which 8 KiB writes would cut into thousands of calls.
const OUTPUT_BUFFER: usize = 1 << 18;

/// Writes `path` atomically with what `write` produces; creates missing parent folders.
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let error = |source| WriteError {
        path: path.to_owned(),
        source,
    };
    // A device or pipe (`/dev/stdout`, `/dev/full`, a FIFO) is written to directly: renaming a
    // temporary file over it would replace the device node rather than write to it.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(error)?;
        let mut out = BufWriter::with_capacity(OUTPUT_BUFFER, file);
        write(&mut out).map_err(error)?;
        return out.flush().map_err(error);
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(error)?;
    // Removed by an interrupt's clean-up until it is renamed into place.
    let (temp, _tracked) =
        crate::interrupt::create_tracked(|| temp_file_in(dir), |t| t.path()).map_err(error)?;
    let mut out = BufWriter::with_capacity(OUTPUT_BUFFER, temp);
    write(&mut out).map_err(error)?;
    let temp = out.into_inner().map_err(|e| error(e.into_error()))?;
    replace(temp, path).map_err(error)
}

/// Renames `temp` (a file in `path`'s folder) to `path`, replacing the file there if any.
///
/// Where a file is replaced, on Linux the two are swapped in one step (`renameat2` with
/// `RENAME_EXCHANGE`), then the old one, now under the temporary name, is removed, its blocks
/// freed on a thread of its own. A plain rename over a file does two things on the build's path
/// that it does not need: ext4 starts writing the new file to disk at once (its `auto_da_alloc`
/// guard for programs that do not `fsync`: 30–80 ms for a 100 MB output, inside the rename),
/// and dropping the old file's last link waits for its blocks to be freed (80 ms for a 110 MB
/// `index.bin` on ext4 with `discard`). Readers see the old file or the new one, either way.
/// Where the swap is not supported (another system, a file system without it), the file
/// replaced is held open across a plain rename and let go on a thread of its own, which keeps
/// the freeing off the build's path.
pub(crate) fn replace(temp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    let temp = match exchange(temp, path) {
        Ok(()) => return Ok(()),
        Err(temp) => temp,
    };
    #[cfg(unix)]
    let replaced = std::fs::File::open(path).ok();
    temp.persist(path).map_err(|e| e.error)?;
    #[cfg(unix)]
    if let Some(replaced) = replaced {
        close_on_a_thread(replaced);
    }
    Ok(())
}

/// Closes `file` on a thread of its own: the last close of a file whose name is gone frees its
/// blocks, which the kernel does then and there. If no thread can be started, it is closed here.
#[cfg(unix)]
fn close_on_a_thread(file: std::fs::File) {
    let _ = std::thread::Builder::new().spawn(move || drop(file));
}

/// Swaps `temp` with the file at `path` and removes the old one (now under `temp`'s name);
/// gives `temp` back if there is no file to swap with or the swap is not supported.
#[cfg(target_os = "linux")]
fn exchange(temp: tempfile::NamedTempFile, path: &Path) -> Result<(), tempfile::NamedTempFile> {
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        return Err(temp);
    }
    let cwd = rustix::fs::CWD;
    let flags = rustix::fs::RenameFlags::EXCHANGE;
    if rustix::fs::renameat_with(cwd, temp.path(), cwd, path, flags).is_err() {
        return Err(temp);
    }
    // `temp`'s path now names the old file. Its name goes at once, so that nothing is left
    // behind if the process ends first; its blocks are freed when the handle kept here closes,
    // on a thread of its own (or at the exit).
    let old = std::fs::File::open(temp.path()).ok();
    drop(temp);
    if let Some(old) = old {
        close_on_a_thread(old);
    }
    Ok(())
}

/// A new temporary file in `dir` (which exists), to be renamed into place as an output: named
/// `.podgraph-*.tmp`. The caller tracks it for removal on an interrupt.
pub(crate) fn temp_file_in(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".podgraph-").suffix(".tmp");
    // A temporary file is private (0600) by default; an output file is an ordinary file, readable
    // as the user's umask allows, like one made by `>`.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// How long a temporary output must have gone unwritten before a build takes it for the
/// leftover of a killed one. A build writes its index's temporary file from its first episodes
/// to its end; an hour without a write is no running build's.
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes from `dir` the temporary outputs (`.podgraph-*.tmp`) that no build has written for
/// [`STALE_AFTER`]: what a build killed outright (`kill -9`, out of memory, a power cut) left,
/// which no interrupt handler could remove. Errors are ignored: a file that cannot be removed is
/// tried again by the next build.
pub fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".podgraph-") && name.ends_with(".tmp")) {
            continue;
        }
        let stale = (entry.metadata().ok())
            .filter(std::fs::Metadata::is_file)
            .and_then(|meta| meta.modified().ok())
            .and_then(|written| written.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_previous_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_file(&path, |w| w.write_all(b"good")).unwrap();
        let err = write_file(&path, |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(
            err.to_string().ends_with("cannot write: disk full"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "good");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "temporary file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_is_swapped_out_whole_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.bin");
        write_file(&path, |w| w.write_all(b"old contents")).unwrap();
        // A reader of the old file (a query) goes on reading it whole.
        let mut reader = std::fs::File::open(&path).unwrap();
        for new in ["new", "newer contents"] {
            write_file(&path, |w| w.write_all(new.as_bytes())).unwrap();
            assert_eq!(std::fs::read_to_string(&path).unwrap(), new);
        }
        let mut old = String::new();
        io::Read::read_to_string(&mut reader, &mut old).unwrap();
        assert_eq!(old, "old contents");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["index.bin"], "the replaced file was left behind");
    }

    #[test]
    fn outputs_get_ordinary_permissions_not_private_temp_ones() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_file(&path, |w| w.write_all(b"x")).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // The shell reports the umask this process inherited.
        let umask = std::process::Command::new("sh")
            .args(["-c", "umask"])
            .output()
            .unwrap();
        let umask = u32::from_str_radix(String::from_utf8_lossy(&umask.stdout).trim(), 8).unwrap();
        assert_eq!(mode, 0o666 & !umask, "mode {mode:o}, umask {umask:o}");
    }

    #[cfg(unix)]
    #[test]
    fn a_full_device_is_an_error_and_stays_a_device() {
        use std::os::unix::fs::FileTypeExt;
        let err =
            write_file(Path::new("/dev/full"), |w| w.write_all(&[b'x'; 100_000])).unwrap_err();
        assert!(
            err.to_string().starts_with("/dev/full: cannot write: "),
            "{err}"
        );
        let kind = std::fs::metadata("/dev/full").unwrap().file_type();
        assert!(kind.is_char_device());
    }

    #[test]
    fn only_temporary_outputs_unwritten_for_an_hour_are_removed_as_stale() {
        let dir = tempfile::tempdir().unwrap();
        let made = |name: &str, age: u64| {
            let file = std::fs::File::create(dir.path().join(name)).unwrap();
            let when = std::time::SystemTime::now() - std::time::Duration::from_secs(age);
            file.set_modified(when).unwrap();
        };
        made(".podgraph-old.tmp", STALE_AFTER.as_secs() + 60);
        made(".podgraph-writing.tmp", 60);
        made("graph.json", STALE_AFTER.as_secs() * 24);
        made(".podgraph-cache.bin", STALE_AFTER.as_secs() * 24);
        remove_stale_temp_files(dir.path());
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [".podgraph-cache.bin", ".podgraph-writing.tmp", "graph.json"]
        );
    }

    #[test]
    fn missing_folders_are_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/out.txt");
        write_file(&path, |w| w.write_all(b"x")).unwrap();
        assert_eq!(std::fs::read_to_string(path).unwrap(), "x");
    }
}
