//! What a terminal and a shell see: colour only on a terminal, completions and manual pages.

use std::fs;

use predicates::prelude::*;

use crate::harness::{REPO, binary, podgraph};

/// Runs podgraph on a pseudo-terminal (util-linux `script`) with `env`; its output.
fn on_a_terminal(args: &str, env: &[(&str, &str)]) -> Option<String> {
    let mut command = std::process::Command::new("script");
    command
        .current_dir(REPO)
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .args([
            "-qec",
            &format!("{} {args}", binary().display()),
            "/dev/null",
        ]);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let coloured = on_a_terminal("mentions 29 --entity zappa", &[])
        .expect("util-linux `script` runs the terminal tests");
    assert!(coloured.contains("\x1b[1;31mZappa\x1b[0m"), "{coloured:?}");
    for (args, env) in [
        ("mentions 29 --entity zappa", &[("NO_COLOR", "1")][..]),
        ("mentions 29 --entity zappa", &[("TERM", "dumb")]),
        ("mentions 29 --entity zappa --color never", &[]),
    ] {
        let plain = on_a_terminal(args, env).unwrap();
        assert!(plain.contains("Zappa"), "{args} {env:?}: {plain:?}");
        assert!(!plain.contains('\x1b'), "{args} {env:?}: {plain:?}");
    }
    // Into a pipe: plain, unless asked.
    podgraph()
        .args(["mentions", "29", "--entity", "zappa"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b").not());
    podgraph()
        .args(["mentions", "29", "--entity", "zappa", "--color", "always"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[1;31mZappa\x1b[0m"));
}

#[test]
fn completions_and_manual_pages_come_from_the_flags() {
    let script = podgraph()
        .args(["completions", "bash"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let script = String::from_utf8(script).unwrap();
    for word in ["build", "neighbors", "--hide-sponsors", "--input-format"] {
        assert!(script.contains(word), "{word}");
    }
    // bash loads it and registers the completion.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("podgraph.bash");
    fs::write(&file, &script).unwrap();
    let loaded = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p podgraph",
            file.display()
        ))
        .output()
        .unwrap();
    assert!(loaded.status.success(), "{loaded:?}");
    for shell in ["zsh", "fish", "Elvish", "powershell"] {
        podgraph().args(["completions", shell]).assert().success();
    }
    podgraph()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH podgraph 1"))
        .stdout(predicate::str::contains("neighbors"));
    podgraph()
        .args(["man", "render"])
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH podgraph-render 1"))
        .stdout(predicate::str::contains("color\\-by"));
    podgraph()
        .args(["man", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "podgraph: error: no command 'nope'; one of: build,",
        ));
}
