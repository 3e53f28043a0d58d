//! The build cache and shard merges: whatever was cached, and however the files were split,
//! the outputs are byte for byte what one clean build writes.
//!
//! Run on 40 episodes of the Python Bytes archive in `../shared` (discovery needs a corpus to
//! decide from: new episodes add, drop and change discovered entities).

use std::path::{Path, PathBuf};

use crate::harness::{corpus_transcripts, podgraph};

/// The outputs a build writes, compared file by file.
const OUTPUTS: [&str; 4] = ["graph.json", "graph.dot", "episodes.json", "index.bin"];

/// The first `n` `.txt` transcripts of the archive, sorted by name.
fn archive_files(n: usize) -> Option<Vec<PathBuf>> {
    let dir = corpus_transcripts()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files.truncate(n);
    Some(files)
}

fn copy_into(dir: &Path, files: &[PathBuf]) {
    std::fs::create_dir_all(dir).unwrap();
    for f in files {
        std::fs::copy(f, dir.join(f.file_name().unwrap())).unwrap();
    }
}

/// A temporary folder (removed when the first value is dropped) whose `corpus/` holds copies
/// of `files`, and where its `out/` would be.
fn workspace(files: &[PathBuf]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let corpus = work.path().join("corpus");
    let out = work.path().join("out");
    copy_into(&corpus, files);
    (work, corpus, out)
}

/// Runs `podgraph ARGS --out OUT -q --timings`: how many episodes it extracted (not taken
/// from a cache), of how many.
fn run(args: &[&dyn AsRef<std::ffi::OsStr>], out: &Path) -> (usize, usize) {
    extracted(&run_timed(args, out))
}

/// Runs `podgraph ARGS --out OUT -q --timings`, which must succeed: its standard error.
fn run_timed(args: &[&dyn AsRef<std::ffi::OsStr>], out: &Path) -> String {
    let output = podgraph()
        .args(args.iter().map(|a| a.as_ref()))
        .args(["-q", "--timings", "--out"])
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

/// How many episodes a build extracted, of how many, from its `--timings`.
fn extracted(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.contains("episodes extracted"))
        .unwrap_or_else(|| panic!("no extraction count in {stderr}"));
    let words: Vec<&str> = line.trim_start_matches("podgraph: ").split(' ').collect();
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

/// A clean build (no cache read or written) of `inputs`.
fn clean_build(inputs: &[&Path]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"build", &"--no-cache"];
    args.extend(inputs.iter().map(|p| p as &dyn AsRef<std::ffi::OsStr>));
    run(&args, out.path());
    assert!(!out.path().join(podgraph::cache::CACHE_DIR).exists());
    out
}

fn assert_same_outputs(expected: &Path, actual: &Path, what: &str) {
    for name in OUTPUTS {
        let (a, b) = (
            std::fs::read(expected.join(name)).unwrap(),
            std::fs::read(actual.join(name)).unwrap(),
        );
        assert!(a == b, "{what}: {name} differs from a clean build's");
    }
}

#[test]
fn a_rebuild_from_the_cache_writes_what_a_clean_build_writes() {
    let Some(files) = archive_files(42) else {
        return;
    };
    let (_work, corpus, out) = workspace(&files[..40]);
    // A name said in one episode only is not discovered, until another introduces it: then
    // the first episode must be extracted again, though its file did not change.
    let says = |file: &Path, line: &str| {
        let mut text = std::fs::read_to_string(file).unwrap();
        text.push_str(line);
        std::fs::write(file, text).unwrap();
    };
    says(
        &corpus.join(files[5].file_name().unwrap()),
        "\n00:59:58 We tried Quuxodb yesterday, and Quuxodb was fast.\n",
    );
    let build = |out: &Path| run(&[&"build", &corpus], out);
    let graph = || std::fs::read_to_string(out.join("graph.json")).unwrap();

    assert_eq!(
        build(&out),
        (40, 40),
        "a first build extracts every episode"
    );
    let again = run_timed(&[&"build", &corpus], &out);
    assert_eq!(
        extracted(&again).0,
        0,
        "nothing changed: nothing is extracted again"
    );
    assert!(
        !again.contains("compiling the matcher"),
        "a cache that holds every episode needs no matcher: {again}"
    );
    assert_same_outputs(clean_build(&[&corpus]).path(), &out, "unchanged");
    assert!(!graph().contains("Quuxodb"));

    // Adding episodes changes what discovery decides from the whole corpus.
    copy_into(&corpus, &files[40..]);
    says(
        &corpus.join(files[41].file_name().unwrap()),
        "\n01:00:00 There is a new database called Quuxodb. Quuxodb is written in Rust.\n",
    );
    let (again, of) = build(&out);
    assert_eq!(of, 42);
    assert!(again < of, "only what the new episodes touch: {again}");
    assert!(graph().contains("Quuxodb"), "discovered once introduced");
    assert_same_outputs(clean_build(&[&corpus]).path(), &out, "two episodes added");

    // A changed file is read again, and names it now says reach the other episodes.
    let changed = corpus.join(files[3].file_name().unwrap());
    says(
        &changed,
        "\n00:59:58 And my guest today is Grace Hopperman, the creator of Flubberlib.\n",
    );
    let rebuilt = run_timed(&[&"build", &corpus], &out);
    assert_eq!(extracted(&rebuilt), (1, 42), "{rebuilt}");
    // Regression: one episode to extract waited for the whole catalog's matcher (a fifth of a
    // second); it has an automaton of its own spellings.
    assert!(
        !rebuilt.contains("compiling the matcher"),
        "one episode needs no whole matcher: {rebuilt}"
    );
    assert_same_outputs(clean_build(&[&corpus]).path(), &out, "one episode changed");

    // A file removed from the inputs removes its episode.
    std::fs::remove_file(corpus.join(files[0].file_name().unwrap())).unwrap();
    assert_eq!(build(&out).1, 41);
    assert_same_outputs(clean_build(&[&corpus]).path(), &out, "one episode removed");
}

/// The data files of the cache in `out`, by name, with their contents.
fn data_files(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(out.join(podgraph::cache::CACHE_DIR))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with("data-"))
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn a_rebuild_writes_only_new_records_and_lets_mostly_unused_data_files_go() {
    let Some(files) = archive_files(21) else {
        return;
    };
    let (_work, corpus, out) = workspace(&files[..20]);
    run(&[&"build", &corpus], &out);
    let first = data_files(&out);
    assert_eq!(first.len(), 1);
    let (first_name, first_bytes) = first.into_iter().next().unwrap();

    // One episode more: its records go to a new data file, the others stay where they were.
    copy_into(&corpus, &files[20..]);
    run(&[&"build", &corpus], &out);
    let now = data_files(&out);
    assert_eq!(now.len(), 2, "{:?}", now.keys());
    assert!(
        now[&first_name] == first_bytes,
        "the first data file is kept as it was"
    );
    let new_bytes: usize = now.values().map(Vec::len).sum::<usize>() - first_bytes.len();
    assert!(
        new_bytes * 5 < first_bytes.len(),
        "only about one episode's records are written: {new_bytes} of {}",
        first_bytes.len()
    );
    assert_same_outputs(clean_build(&[&corpus]).path(), &out, "one episode added");

    // Most episodes removed: the first data file is then mostly unused, so the next build
    // copies the records still in use and lets it go, and the cache shrinks.
    for file in &files[..15] {
        std::fs::remove_file(corpus.join(file.file_name().unwrap())).unwrap();
    }
    run(&[&"build", &corpus], &out);
    run(&[&"build", &corpus], &out);
    let last = data_files(&out);
    assert!(!last.contains_key(&first_name), "{:?}", last.keys());
    let size: usize = last.values().map(Vec::len).sum();
    assert!(
        size * 2 < first_bytes.len(),
        "{size} of {}",
        first_bytes.len()
    );
    assert_eq!(
        run(&[&"build", &corpus], &out).0,
        0,
        "nothing extracted again"
    );
    assert_same_outputs(clean_build(&[&corpus]).path(), &out, "episodes removed");
}

// A file a rebuild finds with the stat the cache recorded (length, times, inode), settled
// before it was read, is not read again; a file rewritten to the same length with its
// modification time set back must still be.
#[test]
#[cfg(unix)]
fn a_file_rewritten_with_its_old_length_and_modification_time_is_read_again() {
    let Some(files) = archive_files(6) else {
        return;
    };
    let (_work, corpus, out) = workspace(&files);
    // Settled: the cache trusts the stat of a file unchanged for 3 s before it was read.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    run(&[&"build", &corpus], &out);
    assert_eq!(run(&[&"build", &corpus], &out).0, 0);

    let file = corpus.join(files[2].file_name().unwrap());
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let mut text = std::fs::read(&file).unwrap();
    let at = text.len() / 2;
    text[at..at + 6].copy_from_slice(b"pytest");
    std::fs::write(&file, &text).unwrap();
    let handle = std::fs::File::options().write(true).open(&file).unwrap();
    handle.set_modified(modified).unwrap();
    drop(handle);
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        modified
    );
    let (extracted, of) = run(&[&"build", &corpus], &out);
    assert!(
        extracted >= 1,
        "the rewritten file is read: {extracted} of {of}"
    );
    assert_same_outputs(
        clean_build(&[&corpus]).path(),
        &out,
        "a file rewritten in place",
    );
}

/// `files` dealt in turn into `n` folders of `work` (`part0`, ...), each built into a shard
/// (`shard0`, ...): the folders and the shards.
fn built_shards(work: &Path, files: &[PathBuf], n: usize) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let folders: Vec<PathBuf> = (0..n).map(|k| work.join(format!("part{k}"))).collect();
    for (k, file) in files.iter().enumerate() {
        copy_into(&folders[k % n], std::slice::from_ref(file));
    }
    let shards: Vec<PathBuf> = (0..n).map(|k| work.join(format!("shard{k}"))).collect();
    for (folder, shard) in folders.iter().zip(&shards) {
        run(&[&"build", folder], shard);
    }
    (folders, shards)
}

#[test]
fn shards_merge_into_what_one_build_over_all_their_files_writes() {
    let Some(files) = archive_files(40) else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let (folders, shards) = built_shards(work.path(), &files, 4);
    let one = clean_build(&folders.iter().map(|f| f.as_path()).collect::<Vec<_>>());
    let merged = work.path().join("merged");
    let (extracted, episodes) = run(
        &[&"merge", &shards[0], &shards[1], &shards[2], &shards[3]],
        &merged,
    );
    assert_eq!(episodes, 40);
    // Discovery decides otherwise over all the files than over a shard's.
    assert!(extracted > 0, "the merge extracted no episode again");
    assert_same_outputs(one.path(), &merged, "4 shards merged");
    // The order shards are named in does not matter.
    let reversed = work.path().join("reversed");
    run(
        &[&"merge", &shards[3], &shards[2], &shards[1], &shards[0]],
        &reversed,
    );
    assert_same_outputs(one.path(), &reversed, "4 shards merged in reverse");
}

#[test]
fn a_build_over_a_merged_output_writes_what_a_clean_build_writes() {
    // Episodes a merge extracts again keep the words their shards' records had: those words
    // still have to tell the next build which episodes a changed entity could be said in.
    let Some(files) = archive_files(48) else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let (folders, shards) = built_shards(work.path(), &files[..40], 2);
    let merged = work.path().join("merged");
    let (extracted, _) = run(&[&"merge", &shards[0], &shards[1]], &merged);
    assert!(extracted > 0, "the merge extracted no episode again");
    // One shard's files again: what discovery found over all of them and not over these is
    // dropped, from episodes the merge extracted again among others.
    let (extracted, episodes) = run(&[&"build", &folders[0]], &merged);
    assert!(extracted < episodes, "the merged cache was not used");
    assert_same_outputs(
        clean_build(&[&folders[0]]).path(),
        &merged,
        "one shard's files built over a merged output",
    );
    // And more files than were merged.
    copy_into(&folders[1], &files[40..]);
    let (extracted, episodes) = run(&[&"build", &folders[0], &folders[1]], &merged);
    assert_eq!(episodes, 48);
    assert!(extracted < episodes, "the cache was not used");
    let all = clean_build(&folders.iter().map(|f| f.as_path()).collect::<Vec<_>>());
    assert_same_outputs(all.path(), &merged, "a build over a merged output");
}

#[test]
fn a_shard_built_with_other_settings_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let shard = dir.path().join("shard");
    podgraph()
        .args(["build", "-q", "--window", "30", "--out"])
        .arg(&shard)
        .arg(crate::harness::seeds_dir())
        .assert()
        .success();
    let out = podgraph()
        .args(["merge", "-q", "--out"])
        .arg(dir.path().join("merged"))
        .arg(&shard)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot merge shard") && stderr.contains("built with other options"),
        "{stderr}"
    );
    // A folder that is no build is named too.
    let out = podgraph()
        .args(["merge", "-q", "--out"])
        .arg(dir.path().join("merged"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no build cache here"));
}

#[test]
fn a_damaged_cache_is_rebuilt_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let seeds = crate::harness::seeds_dir();
    run(&[&"build", &seeds], &out);
    let cache = out.join(podgraph::cache::CACHE_DIR);
    // Damage every file of the cache.
    for entry in std::fs::read_dir(&cache).unwrap() {
        let path = entry.unwrap().path();
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.truncate(bytes.len() / 2);
        std::fs::write(&path, bytes).unwrap();
    }
    let output = podgraph()
        .args(["build", "--timings", "--out"])
        .arg(&out)
        .arg(&seeds)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("damaged") && stderr.contains("5 of 5 episodes extracted"),
        "{stderr}"
    );
    assert_same_outputs(clean_build(&[&seeds]).path(), &out, "after a damaged cache");
    // And the cache is whole again.
    assert_eq!(run(&[&"build", &seeds], &out).0, 0);
}
