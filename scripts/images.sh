#!/usr/bin/env bash
# Regenerates the pictures in docs/img/: the seeds' graph and the whole Python Bytes archive's,
# with render's default filters. Needs Graphviz and ../shared/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
podgraph=target/release/podgraph
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

$podgraph build -q --out "$work/seeds"
$podgraph build -q ../shared/corpus/python-bytes/transcripts --out "$work/corpus"
for format in svg png; do
    $podgraph render -q --graph "$work/seeds" -f $format -o docs/img/seeds.$format
    $podgraph render -q --graph "$work/corpus" -f $format -o docs/img/corpus.$format
done
$podgraph render -q --graph "$work/corpus" --color community -f png -o docs/img/corpus-communities.png
ls -l docs/img
