//! Interrupted commands: nothing half-written stays and no child process runs on.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::build_hostile;
use super::render::{fake_graphviz, path_with_first};
use crate::harness::{corpus_transcripts, podgraph, podgraph_process};

/// Sends SIGINT to `child` once `ready` holds (polled for up to 10 s), then waits for it.
#[cfg(unix)]
fn interrupt_when(child: std::process::Child, ready: impl Fn() -> bool) -> std::process::Output {
    let start = std::time::Instant::now();
    while !ready() && start.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
fn alive(pid: &str) -> bool {
    Command::new("kill")
        .args(["-0", pid])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Regression: interrupting `render` left `dot` running, orphaned, at full CPU.
#[cfg(unix)]
#[test]
fn an_interrupted_render_stops_graphviz() {
    let out = build_hostile();
    let pid_file = out.path().join("dot.pid");
    let fake = fake_graphviz(&format!(
        "echo $$ > '{}'\nexec sleep 30",
        pid_file.display()
    ));
    let child = podgraph_process()
        .env("PATH", path_with_first(fake.path()))
        .args(["render", "--all", "--graph"])
        .arg(out.path())
        .arg("-o")
        .arg(out.path().join("graph.png"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let output = interrupt_when(child, || {
        fs::read_to_string(&pid_file).is_ok_and(|p| p.ends_with('\n'))
    });
    assert_eq!(output.status.code(), Some(130));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "podgraph: interrupted\n"
    );
    let pid = fs::read_to_string(&pid_file).unwrap().trim().to_owned();
    let start = std::time::Instant::now();
    while alive(&pid) && start.elapsed() < std::time::Duration::from_secs(5) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!alive(&pid), "Graphviz (pid {pid}) still runs");
    assert!(!out.path().join("graph.png").exists());
}

/// Regression: interrupting `build --export all --site` left `.podgraph-*.tmp` files.
#[cfg(unix)]
#[test]
fn an_interrupted_build_leaves_no_temporary_file() {
    let Some(archive) = corpus_transcripts() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    podgraph()
        .args(["build", "-q", "--export", "all", "--site", "--out"])
        .arg(out.path())
        .arg(&archive)
        .assert()
        .success();
    // Interrupt at several moments; whatever it was writing, nothing half-written stays, and
    // the folder still answers queries and exports.
    for delay_ms in [300, 600, 900, 1200] {
        let child = podgraph_process()
            .args(["build", "-q", "--export", "all", "--site", "--out"])
            .arg(out.path())
            .arg(&archive)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        let output = interrupt_when(child, || {
            start.elapsed() >= std::time::Duration::from_millis(delay_ms)
        });
        assert!(
            matches!(output.status.code(), Some(0 | 130)),
            "{delay_ms} ms: {:?} {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        let temporary: Vec<String> = walk(out.path())
            .into_iter()
            .filter(|name| name.contains(".podgraph-"))
            .collect();
        assert!(temporary.is_empty(), "{delay_ms} ms: {temporary:?}");
        podgraph()
            .args(["top", "-n", "3", "--graph"])
            .arg(out.path())
            .assert()
            .success();
        podgraph()
            .args(["export", "--format", "graphml", "--graph"])
            .arg(out.path())
            .assert()
            .success();
    }
}

/// Every file name under `dir`, recursively.
fn walk(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            names.extend(walk(&entry.path()));
        } else {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names
}
