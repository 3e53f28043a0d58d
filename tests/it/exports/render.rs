//! `podgraph render`: images drawn by Graphviz, with its filters, its image formats, and what
//! it says when Graphviz is missing, slow or failing (a stand-in `dot` plays those).

use std::ffi::OsString;
use std::fs;
use std::path::Path;

use predicates::prelude::*;

use super::build_hostile;
use super::read_back::INSPECT_SVG;
use crate::harness::{binary, podgraph, python, seeds_without_discovery};

#[test]
#[cfg_attr(
    not(all(podgraph_graphviz, podgraph_networkx)),
    ignore = "needs Graphviz and networkx (apt-get install graphviz; pip install networkx)"
)]
fn render_writes_valid_svg_png_and_pdf() {
    let out = build_hostile();
    for (format, magic) in [
        ("png", &b"\x89PNG\r\n\x1a\n"[..]),
        ("pdf", &b"%PDF-"[..]),
        ("svg", &b"<?xml"[..]),
    ] {
        let image = out.path().join(format!("graph.{format}"));
        podgraph()
            .args(["render", "--all", "-f", format, "--graph"])
            .arg(out.path())
            .assert()
            .success()
            .stderr(predicate::str::contains(
                "drew 11 entities and 40 co-mentions",
            ));
        let bytes = fs::read(&image).unwrap();
        assert!(bytes.starts_with(magic), "{format}");
    }
    let report = python(INSPECT_SVG, &[&out.path().join("graph.svg")]);
    assert!(report.starts_with("0 0\n"), "{report}");
    // The community legend names communities by their members: as text, not markup.
    let legend = out.path().join("community.svg");
    podgraph()
        .args(["render", "--all", "--color-by", "community", "--graph"])
        .arg(out.path())
        .arg("-o")
        .arg(&legend)
        .assert()
        .success();
    let report = python(INSPECT_SVG, &[&legend]);
    assert!(report.starts_with("0 0\n"), "{report}");
    assert!(report.contains("text <svg onload=alert(1)>"), "{report}");
}

#[test]
#[cfg_attr(
    not(podgraph_graphviz),
    ignore = "needs Graphviz (apt-get install graphviz)"
)]
fn render_applies_its_default_filters_and_says_when_nothing_is_left() {
    let out = build_hostile();
    // Defaults hide the two hosts and keep each entity's four strongest links.
    podgraph()
        .args(["render", "-o", "-", "--graph"])
        .arg(out.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("Michael Kennedy").not())
        .stdout(predicate::str::starts_with("<?xml"));
    podgraph()
        .args(["render", "--kind", "event", "--graph"])
        .arg(out.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the filters leave nothing to draw",
        ));
}

/// A folder holding a stand-in `dot` that prints its version and then does what `body` says.
pub(super) fn fake_graphviz(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("dot");
    fs::write(
        &script,
        format!("#!/bin/sh\nif [ \"$1\" = -V ]; then echo 'dot - fake' >&2; exit 0; fi\n{body}\n"),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    }
    dir
}

/// The usual PATH with `first` ahead of it, where a stand-in `dot` is found first.
pub(super) fn path_with_first(first: &Path) -> OsString {
    let mut path = OsString::from(first);
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    path
}

/// Runs `render` with `first` ahead of the usual PATH (or alone, if `alone`).
fn render_with_path(
    graph: &Path,
    first: &Path,
    alone: bool,
    extra: &[&str],
) -> assert_cmd::assert::Assert {
    let path = if alone {
        OsString::from(first)
    } else {
        path_with_first(first)
    };
    podgraph()
        .env("PATH", path)
        .args(["render", "--graph"])
        .arg(graph)
        .args(extra)
        .assert()
}

#[test]
fn render_without_graphviz_says_how_to_install_it() {
    let out = build_hostile();
    let empty = tempfile::tempdir().unwrap();
    render_with_path(out.path(), empty.path(), true, &[])
        .code(2)
        .stderr(predicate::str::contains(
            "Graphviz is not installed (no `dot` on PATH); install it (Debian/Ubuntu: `apt-get install graphviz`",
        ));
    assert!(!out.path().join("graph.svg").exists());
}

#[test]
fn render_stops_a_layout_that_runs_too_long() {
    let out = build_hostile();
    let fake = fake_graphviz("exec sleep 30");
    render_with_path(out.path(), fake.path(), false, &["--timeout", "1"])
        .code(2)
        .stderr(predicate::str::contains(
            "Graphviz neato layout took longer than 1 s and was stopped; filter the graph",
        ));
}

#[test]
fn render_passes_on_what_graphviz_says_when_it_fails() {
    let out = build_hostile();
    let earlier = out.path().join("graph.svg");
    fs::write(&earlier, "earlier image").unwrap();
    let fake =
        fake_graphviz("cat >/dev/null; echo 'Error: <stdin>: syntax error in line 1' >&2; exit 1");
    render_with_path(out.path(), fake.path(), false, &[])
        .code(2)
        .stderr(predicate::str::contains(
            "Graphviz neato layout failed: Error: <stdin>: syntax error in line 1",
        ));
    assert_eq!(fs::read_to_string(&earlier).unwrap(), "earlier image");
}

#[test]
#[cfg_attr(
    not(podgraph_graphviz),
    ignore = "needs Graphviz (apt-get install graphviz)"
)]
fn the_image_format_follows_the_file_name() {
    let out = build_hostile();
    for (name, extra, magic) in [
        ("x.png", &[][..], &b"\x89PNG\r\n\x1a\n"[..]),
        ("x.PDF", &[], &b"%PDF-"[..]),
        ("x.svg", &["--format", "SVG"], &b"<?xml"[..]),
        (
            "no-extension",
            &["--format", "Png"],
            &b"\x89PNG\r\n\x1a\n"[..],
        ),
        ("plain", &[], &b"<?xml"[..]),
    ] {
        let image = out.path().join(name);
        podgraph()
            .args(["render", "-q", "--graph"])
            .arg(out.path())
            .args(extra)
            .arg("-o")
            .arg(&image)
            .assert()
            .success();
        assert!(fs::read(&image).unwrap().starts_with(magic), "{name}");
    }
}

#[test]
#[cfg_attr(
    not(podgraph_graphviz),
    ignore = "needs Graphviz (apt-get install graphviz)"
)]
fn an_ego_picture_is_drawn_around_its_centre() {
    let out = seeds_without_discovery();
    let graph = out.path().to_str().unwrap();
    // render --all drops the default filters, not the ego size.
    for extra in [&[][..], &["--all"]] {
        let image = out.path().join("ego.svg");
        let assert = podgraph()
            .args(["render", "--ego", "asyncio", "--graph", graph, "-o"])
            .arg(&image)
            .args(extra)
            .assert()
            .success();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        let drawn: usize = stderr
            .split("drew ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{stderr}"));
        assert!(drawn <= 30, "{extra:?}: {stderr}");
        let svg = fs::read_to_string(&image).unwrap();
        assert!(svg.contains(">asyncio<"), "the centre is drawn");
    }
}

/// Regression: `render --all --top 0` ran for seconds with no sign of progress.
#[test]
fn a_long_layout_shows_progress_on_a_terminal_only() {
    let out = build_hostile();
    let fake = fake_graphviz("sleep 1\necho '<svg/>'");
    let path = path_with_first(fake.path());
    let image = out.path().join("slow.svg");
    let command = format!(
        "{} render --all --graph '{}' -o '{}'",
        binary().display(),
        out.path().display(),
        image.display()
    );
    let terminal = std::process::Command::new("script")
        .env("PATH", &path)
        .env("TERM", "xterm")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("util-linux `script` runs the terminal tests");
    let shown = String::from_utf8_lossy(&terminal.stdout);
    assert!(terminal.status.success(), "{shown}");
    assert!(
        shown.contains("podgraph: laying out 11 entities and 40 co-mentions with neato"),
        "{shown:?}"
    );
    podgraph()
        .env("PATH", &path)
        .args(["render", "--all", "--graph"])
        .arg(out.path())
        .arg("-o")
        .arg(&image)
        .assert()
        .success()
        .stderr(predicate::str::contains("laying out").not());
}
