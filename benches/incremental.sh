#!/usr/bin/env bash
# Rebuilds from the cache and shard merges beside clean builds, on a corpus of distinct shows
# (../shared/bench/make_corpus.sh): medians of RUNS runs each, wall time and peak memory, and
# every result checked byte for byte against a clean build of the same files.
#
#   benches/incremental.sh CORPUS DONOR [RUNS]
#
# CORPUS holds one folder per show (show-a, show-b, ...); DONOR is a folder of transcripts not in
# CORPUS, from which one episode at a time is added (make_corpus.sh SRC DIR 26 and take show-k).
# Writes its work to a temporary folder; prints a Markdown table.
set -euo pipefail
corpus=${1:?usage: benches/incremental.sh CORPUS DONOR [RUNS]}
donor=${2:?usage: benches/incremental.sh CORPUS DONOR [RUNS]}
runs=${3:-3}
cd "$(dirname "$0")/.."
cargo build --release -q
bin=$PWD/target/release/podgraph
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -al "$corpus" "$work/corpus"
shows=("$work"/corpus/*/)
outputs=(graph.json graph.dot episodes.json index.bin)

# Runs podgraph with ARGS, appending "seconds kilobytes" to the file $1.
timed() {
    local log=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" "$@" -q 2>/dev/null
    cat "$work/time" >>"$log"
}

same() {
    for f in "${outputs[@]}"; do
        cmp -s "$1/$f" "$2/$f" || { echo "DIFFERS from a clean build: $f ($3)" >&2; exit 1; }
    done
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
row() { # name log
    printf '| %s | %s s | %s MB |\n' "$1" "$(cut -d' ' -f1 "$2" | median)" \
        "$(cut -d' ' -f2 "$2" | median | awk '{printf "%.0f", $1/1024}')"
}

echo "| | wall (median of $runs) | peak memory |"
echo "|---|---:|---:|"
for discover in on off; do
    flags=()
    [ "$discover" = off ] && flags=(--no-discover)
    : >"$work/clean" ; : >"$work/first"; : >"$work/again"; : >"$work/added"; : >"$work/merge"
    for _ in $(seq "$runs"); do
        rm -rf "$work/clean-out"
        timed "$work/clean" build "${shows[@]}" -o "$work/clean-out" --no-cache "${flags[@]}"
    done
    rm -rf "$work/out"
    timed "$work/first" build "${shows[@]}" -o "$work/out" "${flags[@]}"
    for _ in $(seq "$runs"); do
        timed "$work/again" build "${shows[@]}" -o "$work/out" "${flags[@]}"
    done
    same "$work/clean-out" "$work/out" "rebuild, nothing changed"
    # One episode more each run, into a show of its own.
    mkdir -p "$work/corpus/show-new"
    n=0
    for episode in "$donor"/*.txt; do
        n=$((n + 1))
        [ "$n" -gt "$runs" ] && break
        cp "$episode" "$work/corpus/show-new/"
        timed "$work/added" build "${shows[@]}" "$work/corpus/show-new" -o "$work/out" "${flags[@]}"
    done
    rm -rf "$work/clean-new"
    "$bin" build "${shows[@]}" "$work/corpus/show-new" -o "$work/clean-new" --no-cache -q "${flags[@]}" 2>/dev/null
    same "$work/clean-new" "$work/out" "episodes added"
    rm -rf "$work/corpus/show-new"
    # Four shards of whole shows, merged.
    count=${#shows[@]}
    for s in 0 1 2 3; do
        part=()
        for i in "${!shows[@]}"; do
            [ $((i * 4 / count)) -eq "$s" ] && part+=("${shows[$i]}")
        done
        rm -rf "$work/shard$s"
        "$bin" build "${part[@]}" -o "$work/shard$s" -q "${flags[@]}" 2>/dev/null
    done
    for _ in $(seq "$runs"); do
        rm -rf "$work/merged"
        timed "$work/merge" merge "$work"/shard{0,1,2,3} -o "$work/merged" "${flags[@]}"
    done
    same "$work/clean-out" "$work/merged" "4 shards merged"
    row "clean build, discovery $discover (\`--no-cache\`)" "$work/clean"
    row "first build, writing the cache" "$work/first"
    row "rebuild, nothing changed" "$work/again"
    row "rebuild, one episode added" "$work/added"
    row "merge of 4 shards" "$work/merge"
done
