#!/usr/bin/env bash
# Compares what two podgraph binaries write, for refactors that must not change outputs.
#
#   scripts/compare-builds.sh OLD_BINARY NEW_BINARY [CORPUS...]
#
# Each binary builds the samples (with the site), every given corpus folder (default: the whole
# Python Bytes archive and The Changelog in ../shared), then runs queries in text and --json,
# every export format and `discover` on each build; the two output trees are then compared with
# `diff -r`. The only expected difference is the output folder's name in the summary lines on
# standard error. Exit status: diff's (0 identical, 1 different).
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY [CORPUS...]" >&2; exit 2; }
old=$(realpath "$1"); new=$(realpath "$2"); shift 2
corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || corpora=(../shared/corpus/python-bytes/transcripts ../shared/corpus/changelog/podcast)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {
    local bin=$1 out=$2
    mkdir -p "$out"
    "$bin" build -o "$out/samples" --site >"$out/samples.stdout" 2>"$out/samples.stderr"
    local i=0
    for corpus in "${corpora[@]}"; do
        i=$((i + 1))
        "$bin" build "$corpus" -o "$out/c$i" >"$out/c$i.stdout" 2>"$out/c$i.stderr"
        "$bin" discover "$corpus" -o "$out/c$i.candidates.toml" >/dev/null 2>&1
    done
    for g in "$out"/samples "$out"/c*/; do
        g=${g%/}
        for query in "top" "top --json" "neighbors pytest" "neighbors pytest --json" \
            "entity pytest" "entity pytest --json" "path pytest flask" "timeline pytest" \
            "episodes pytest asyncio" "episodes pytest asyncio --json" "episodes pytest AND NOT flask"; do
            echo "== $query"
            # shellcheck disable=SC2086
            "$bin" $query --graph "$g" 2>&1
            echo "exit $?"
        done >"$g.queries"
        for format in json cytoscape graphml gexf csv dot; do
            "$bin" export --graph "$g" --format "$format" -o "$g.export.$format" >/dev/null 2>&1
        done
    done
}

run "$old" "$work/old"
run "$new" "$work/new"
# Summary lines name the output folder, which differs by design.
sed -i "s#$work/old#OUT#g" "$work"/old/*.stderr
sed -i "s#$work/new#OUT#g" "$work"/new/*.stderr
diff -r "$work/old" "$work/new"
