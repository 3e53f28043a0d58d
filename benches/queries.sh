#!/usr/bin/env bash
# Query latency as a fresh process on the whole Python Bytes archive (hyperfine medians).
# Usage: benches/queries.sh [CORPUS_DIR]   Needs hyperfine (apt-get install hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/python-bytes/transcripts}
cargo build --release -q
podgraph=$PWD/target/release/podgraph
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$podgraph build -q "$corpus" --out "$work"
ls -l "$work"/index.bin "$work"/graph.json
g="--graph $work -q"
hyperfine -N --warmup 3 --runs 30 --export-markdown "$work/queries.md" \
    -n 'episodes pytest asyncio' "$podgraph episodes pytest asyncio $g" \
    -n 'episodes expression' "$podgraph episodes 'pytest AND (asyncio OR trio) AND NOT django' $g" \
    -n 'episodes --window 60' "$podgraph episodes pytest asyncio --window 60 $g" \
    -n 'neighbors pytest' "$podgraph neighbors pytest $g" \
    -n 'path bokeh asyncio' "$podgraph path bokeh asyncio $g" \
    -n 'top' "$podgraph top $g" \
    -n 'entity brian okken' "$podgraph entity 'brian okken' $g" \
    -n 'timeline uv' "$podgraph timeline uv $g" \
    -n 'export json (parse graph.json)' "$podgraph export --format json $g" >/dev/null
cat "$work/queries.md"
