#!/usr/bin/env bash
# Whole-process benchmark: `podgraph build` beside the baseline programs of ../shared/bench
# (limit/, pyahocorasick, FlashText, spaCy), measured in one run with hyperfine, on
#   - the corpus (the archive's 486 .txt files, 18.7 MB) with the small, large and huge catalogs
#     and podgraph's default catalog;
#   - 1x, 5x and 10x copies of the corpus with the small catalog (time and peak memory).
# Writes hyperfine JSON, results.md and plots (PNG) to OUT (default target/bench-compare), then
# prints results.md. Takes about 10 minutes on 2 cores; not part of CI.
#
# Needs: hyperfine (apt-get install hyperfine), python3 with venv, ../shared/bench.
# Usage: benches/compare.sh [OUT]     QUICK=1 for fewer runs and no spaCy.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bench=$(cd ../shared/bench && pwd)
corpus=$(cd ../shared/corpus/python-bytes/transcripts && pwd)
out=${1:-$repo/target/bench-compare}
work=${WORK:-/tmp/podgraph-bench}
venv=${VENV:-/tmp/bench-venv}
runs=${RUNS:-10}
mkdir -p "$out" "$work"

echo "== building podgraph and the limit program" >&2
cargo build --release -q
podgraph=$repo/target/release/podgraph
if [ ! -x "$work/limit/target/release/limit" ]; then
    rm -rf "$work/limit" && cp -r "$bench/limit" "$work/limit" && chmod -R u+w "$work/limit"
    cargo build --release -q --manifest-path "$work/limit/Cargo.toml"
fi
limit=$work/limit/target/release/limit

echo "== Python baselines ($venv)" >&2
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q -r "$bench/requirements.txt" matplotlib
fi
"$venv/bin/python" -c "import matplotlib" 2>/dev/null || "$venv/bin/pip" install -q matplotlib
py=$venv/bin/python

echo "== corpora and catalogs" >&2
for n in 1 5 10; do
    [ -d "$work/pb$n" ] || "$bench/make_corpus.sh" "$corpus" "$work/pb$n" "$n"
done
catalogs=$work/catalogs
if [ ! -f "$catalogs/huge.json" ]; then
    pypi=${PYPI_TSV:-$(ls /work/.library/env/packages/pypi.tsv /usr/share/package-lists/pypi.tsv 2>/dev/null | head -1)}
    mkdir -p "$catalogs"
    python3 "$bench/make_catalogs.py" --pypi "$pypi" --out "$catalogs" >&2
fi

# hyperfine over named commands: bench NAME RUNS name1 cmd1 name2 cmd2 ...
bench() {
    local name=$1 n=$2
    shift 2
    local args=()
    while [ $# -gt 0 ]; do
        args+=(-n "$1" "$2")
        shift 2
    done
    echo "== $name" >&2
    hyperfine -N --warmup 1 --runs "$n" --export-json "$out/$name.json" "${args[@]}" >&2
}

pg() { echo "$podgraph build -q --no-default-catalog --catalog $1 $2 --out $work/out-pg"; }
lim() { echo "$limit --catalog $1 --corpus $2 --out $work/out-limit.json"; }
pyb() { echo "$py $bench/$1 --catalog $2 --corpus $3 --out $work/out-$1.json"; }

quick=${QUICK:-}
slow=3
[ -n "$quick" ] && runs=3 && slow=1
pb1=$work/pb1
for cat in small large; do
    c=$catalogs/$cat.json
    set -- podgraph "$(pg "$c" "$pb1")" limit "$(lim "$c" "$pb1")" \
        pyahocorasick "$(pyb py_ahocorasick.py "$c" "$pb1")"
    bench "catalog-$cat-fast" "$runs" "$@"
    set -- flashtext "$(pyb py_flashtext.py "$c" "$pb1")"
    [ -z "$quick" ] && set -- "$@" spacy "$(pyb py_spacy.py "$c" "$pb1")"
    bench "catalog-$cat-slow" "$slow" "$@"
done
c=$catalogs/huge.json
bench catalog-huge "$slow" podgraph "$(pg "$c" "$pb1")" limit "$(lim "$c" "$pb1")"
bench catalog-default "$runs" podgraph "$podgraph build -q $pb1 --out $work/out-pg" \
    "podgraph (all outputs)" "$podgraph build -q --export all $pb1 --out $work/out-pg"
# Catalog compile alone: podgraph's matcher build is timed by --timings; the limit's by --mode build.
for cat in small large huge; do
    c=$catalogs/$cat.json
    bench "compile-$cat" "$slow" "limit build" "$limit --catalog $c --corpus $pb1 --mode build"
    "$podgraph" build -q --timings --no-default-catalog --catalog "$c" "$pb1" --out "$work/out-pg" \
        2> "$out/timings-$cat.txt"
done
"$podgraph" build -q --timings "$pb1" --out "$work/out-pg" 2> "$out/timings-default.txt"

for n in 1 5 10; do
    c=$catalogs/small.json
    bench "corpus-${n}x" "$runs" podgraph "$(pg "$c" "$work/pb$n")" limit "$(lim "$c" "$work/pb$n")"
    for prog in podgraph limit; do
        if [ $prog = podgraph ]; then cmd=$(pg "$c" "$work/pb$n"); else cmd=$(lim "$c" "$work/pb$n"); fi
        /usr/bin/time -f "%M" $cmd 2> "$out/memory-$prog-${n}x.txt" >/dev/null
    done
done

echo "== report" >&2
{
    echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr); $(date -u +%F)"
    echo "podgraph $(git -C "$repo" rev-parse --short HEAD); hyperfine $(hyperfine --version | cut -d' ' -f2)"
} > "$out/machine.txt"
"$py" "$repo/benches/report.py" "$out" "$(du -sb "$pb1" | cut -f1)"
cat "$out/results.md"
