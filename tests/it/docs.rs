//! The console examples in the README and in docs/ run as tests, so that what the documentation
//! shows is what podgraph prints.
//!
//! A ```` ```console ```` block holds `$ podgraph ...` lines, each followed by the output it
//! shows: standard output, then standard error, line by line; a line `...` stands for any number
//! of lines. A command shown without output is run for its exit status only. Other programs
//! (`$ $EDITOR ...`) are skipped, and only the podgraph part of a pipeline is run. Each file's
//! examples run in order in a folder of their own that holds `data/` (the samples) and
//! `output/` built from them; `../shared` means the shared corpora beside the repository.

use std::path::{Path, PathBuf};

use crate::harness::{REPO, podgraph_process};

/// One `$ podgraph ...` line of a console block and the output shown under it.
#[derive(Debug)]
struct Example {
    line: usize,
    command: String,
    expected: Vec<String>,
}

fn examples(markdown: &str) -> Vec<Example> {
    let mut found = Vec::new();
    let mut in_console = false;
    for (number, line) in markdown.lines().enumerate() {
        if line.starts_with("```") {
            in_console = !in_console && line.trim() == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            found.push(Example {
                line: number + 1,
                command: command.to_owned(),
                expected: Vec::new(),
            });
        } else if let Some(example) = found.last_mut() {
            example.expected.push(line.trim_end().to_owned());
        }
    }
    found
}

/// The words of a command line, as a shell splits them (quotes, no expansion), up to a pipe or
/// a comment.
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, ' ') => words.extend(word.take()),
            (None, '|') => break,
            (None, '#') if word.is_none() => break,
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// Whether `actual` reads as `expected`, where a line `...` in `expected` stands for any lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(line, more)| line.trim_end() == first && matches(rest, more)),
    }
}

/// `podgraph` run in `dir`, with colour as a user's terminal settings would leave it.
fn podgraph(dir: &Path) -> std::process::Command {
    let mut command = podgraph_process();
    command.current_dir(dir).env_remove("NO_COLOR");
    command
}

/// A folder with `data/` and the `output/` the README's first command makes.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(Path::new(REPO).join("data"), dir.path().join("data")).unwrap();
    let output = podgraph(dir.path()).args(["build", "-q"]).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    dir
}

/// Runs every console example of `file` (relative to the repository); returns the failures.
fn check(file: &str) -> Vec<String> {
    let repo = Path::new(REPO);
    let markdown = std::fs::read_to_string(repo.join(file)).unwrap();
    let shared: PathBuf = repo.join("../shared");
    let dir = workspace();
    let mut failures = Vec::new();
    for example in examples(&markdown) {
        let words = words(&example.command);
        if words.first().map(String::as_str) != Some("podgraph") {
            continue;
        }
        let args: Vec<String> = words[1..]
            .iter()
            .map(|w| match w.strip_prefix("../shared") {
                Some(rest) => format!("{}{rest}", shared.display()),
                None => w.clone(),
            })
            .collect();
        if args
            .iter()
            .any(|a| a.starts_with(&*shared.to_string_lossy()))
            && !shared.is_dir()
        {
            // The shared corpora are not here: as the corpus tests do, there is nothing to run.
            continue;
        }
        let output = podgraph(dir.path()).args(&args).output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let actual: Vec<&str> = text.lines().collect();
        let place = format!("{file}:{}: $ {}", example.line, example.command);
        if !output.status.success() {
            failures.push(format!(
                "{place}\n  exit {:?}\n{text}",
                output.status.code()
            ));
        } else if !example.expected.is_empty() && !matches(&example.expected, &actual) {
            failures.push(format!(
                "{place}\n--- shown\n{}\n--- printed\n{text}",
                example.expected.join("\n")
            ));
        }
    }
    failures
}

#[test]
fn readme_examples_print_what_they_show() {
    let failures = check("README.md");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn docs_examples_print_what_they_show() {
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(Path::new(REPO).join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let name = format!("docs/{}", path.file_name().unwrap().to_string_lossy());
            failures.extend(check(&name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_harness_reads_commands_and_wildcards() {
    assert_eq!(
        words(r#"podgraph episodes "pytest AND (asyncio OR trio)" --json | jq '.x'"#),
        [
            "podgraph",
            "episodes",
            "pytest AND (asyncio OR trio)",
            "--json"
        ]
    );
    assert_eq!(words("podgraph build   # comment"), ["podgraph", "build"]);
    let shown = ["a".to_owned(), "...".to_owned(), "z".to_owned()];
    assert!(matches(&shown, &["a", "b", "c", "z"]));
    assert!(matches(&shown, &["a", "z"]));
    assert!(!matches(&shown, &["a", "b"]));
    assert!(!matches(&["a".to_owned()], &["a", "b"]));
}
