#!/usr/bin/env bash
# Reproduces the headline table of docs/accuracy.md: strict precision and recall of people,
# packages, software and organisations together, without and with discovery, on each set of
# hand-annotated episodes (tests/fixtures/annotations; which episode is in which set is said in
# docs/accuracy.md and tests/fixtures/annotations/other-shows.md).
#
#   scripts/accuracy.sh [PODGRAPH]
#
# PODGRAPH defaults to target/release/podgraph (built if missing). Reads the transcripts from
# ../shared/corpus. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/podgraph}
[ -x "$bin" ] || cargo build --release -q
shared=../shared/corpus
annotations=tests/fixtures/annotations
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name | annotation folder | transcripts | episodes
sets=(
    "other shows, development|changelog|$shared/changelog/podcast|210 420 540"
    "other shows, development|practicalai|$shared/changelog/practicalai|020 150 250"
    "other shows, held out (first six)|changelog|$shared/changelog/podcast|300 485 600"
    "other shows, held out (first six)|practicalai|$shared/changelog/practicalai|080 200 290"
    "other shows, held out (second six)|changelog|$shared/changelog/podcast|245 272 603"
    "other shows, held out (second six)|practicalai|$shared/changelog/practicalai|024 166 254"
    "Python Bytes, development|.|$shared/python-bytes/transcripts|009 073 157 250 409"
    "Python Bytes, held out|.|$shared/python-bytes/transcripts|041 120 197 330 481"
)

n=0
for set in "${sets[@]}"; do
    IFS='|' read -r name folder transcripts episodes <<<"$set"
    n=$((n + 1))
    dir="$work/$n"
    mkdir -p "$dir"
    for e in $episodes; do cp "$annotations/$folder/$e.toml" "$dir/"; done
    for discover in "" --discover; do
        "$bin" evaluate "$dir" --transcripts "$transcripts" --json $discover -q \
            >"$dir/result$discover.json"
    done
    printf '%s\n' "$name" >"$dir/name"
done

python3 - "$work" "$n" <<'EOF'
import json, sys
work, count = sys.argv[1], int(sys.argv[2])
kinds = ["person", "package", "software", "organization"]
totals = {}
order = []
for i in range(1, count + 1):
    name = open(f"{work}/{i}/name").read().strip()
    if name not in totals:
        totals[name] = {"": [0, 0, 0], "--discover": [0, 0, 0]}
        order.append(name)
    for flag in ["", "--discover"]:
        per_kind = json.load(open(f"{work}/{i}/result{flag}.json"))["episodes"]["per_kind"]
        for k in kinds:
            t = totals[name][flag]
            t[0] += per_kind[k]["true_positives"]
            t[1] += per_kind[k]["false_positives"]
            t[2] += per_kind[k]["false_negatives"]
print("| set | precision, no discovery | recall | precision, discovery (default) | recall | found / annotated |")
print("|---|---:|---:|---:|---:|---:|")
for name in order:
    cells = []
    for flag in ["", "--discover"]:
        tp, fp, fn = totals[name][flag]
        cells += [f"{tp / (tp + fp):.3f}", f"{tp / (tp + fn):.3f}"]
    tp, _, fn = totals[name]["--discover"]
    print(f"| {name} | " + " | ".join(cells) + f" | {tp} / {tp + fn} |")
EOF
