#!/usr/bin/env python3
"""Turns the hyperfine JSON of benches/compare.sh into results.md and two plots.

Usage: report.py OUT_DIR CORPUS_BYTES
"""
import json
import os
import re
import sys

out, corpus_bytes = sys.argv[1], int(sys.argv[2])
MB = 1e6


def load(name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return {}
    return {r["command"]: r for r in json.load(open(path))["results"]}


def median(results, command):
    r = results.get(command)
    return r and r["median"]


def timings(cat):
    """The --timings lines of podgraph for one catalog, as {phase: ms}."""
    path = os.path.join(out, f"timings-{cat}.txt")
    phases = {}
    if os.path.exists(path):
        for line in open(path):
            m = re.match(r"podgraph:\s+([\d.]+) ms\s+(.*)", line.strip())
            if m:
                phases[m.group(2)] = float(m.group(1))
    return phases


lines = [open(os.path.join(out, "machine.txt")).read().strip(), ""]
lines += [
    "Medians of whole-process runs (hyperfine); ratio = time / limit's time in the same run.",
    "",
    "| catalog | program | median s | MB/s | ratio to limit |",
    "|---|---|---:|---:|---:|",
]
plot_catalog = {}
ALIASES = {"small": 299, "large": 23655, "huge": 319538}
for cat in ["small", "large", "huge"]:
    fast = load(f"catalog-{cat}-fast") or load(f"catalog-{cat}")
    slow = load(f"catalog-{cat}-slow")
    base = median(fast, "limit")
    for prog in ["podgraph", "limit", "pyahocorasick", "flashtext", "spacy"]:
        t = median(fast, prog) or median(slow, prog)
        if t is None:
            continue
        ratio = f"{t / base:.2f}×" if base else "-"
        lines.append(f"| {cat} | {prog} | {t:.3f} | {corpus_bytes / MB / t:.0f} | {ratio} |")
        plot_catalog.setdefault(prog, []).append((ALIASES[cat], t))
default = load("catalog-default")
for command, r in default.items():
    lines.append(f"| default (2,762 entities) | {command} | {r['median']:.3f} | "
                 f"{corpus_bytes / MB / r['median']:.0f} | - |")

lines += ["", "Catalog compile (seconds): the limit's `--mode build` (load + automaton) and podgraph's",
          "matcher compile from `build --timings` (it runs alongside reading the transcripts).", "",
          "| catalog | limit build | podgraph load catalog | podgraph compile matcher |", "|---|---:|---:|---:|"]
for cat in ["small", "large", "huge"]:
    lim = median(load(f"compile-{cat}"), "limit build")
    ph = timings(cat)
    lines.append(f"| {cat} | {lim:.3f} | {ph.get('load catalog', 0) / 1e3:.3f} | "
                 f"{ph.get('of which compile matcher (alongside reading)', 0) / 1e3:.3f} |"
                 if lim else f"| {cat} | - | - | - |")

lines += ["", "Corpus size (small catalog): time, throughput and peak memory.", "",
          "| corpus | MB | program | median s | MB/s | ratio | peak MB |", "|---|---:|---|---:|---:|---:|---:|"]
plot_corpus = {}
for n in [1, 5, 10]:
    res = load(f"corpus-{n}x")
    base = median(res, "limit")
    for prog in ["podgraph", "limit"]:
        t = median(res, prog)
        if t is None:
            continue
        mem_path = os.path.join(out, f"memory-{prog}-{n}x.txt")
        mem = open(mem_path).read().strip().splitlines()[-1] if os.path.exists(mem_path) else "0"
        size = corpus_bytes * n
        lines.append(f"| {n}× | {size / MB:.0f} | {prog} | {t:.3f} | {size / MB / t:.0f} | "
                     f"{t / base:.2f}× | {int(mem) / 1024:.0f} |")
        plot_corpus.setdefault(prog, []).append((size / MB, t))

for cat in ["small", "large", "huge", "default"]:
    ph = timings(cat)
    if ph:
        lines += ["", f"podgraph phases, {cat} catalog, 1× corpus (ms, one run): " +
                  ", ".join(f"{k} {v:.0f}" for k, v in ph.items())]

open(os.path.join(out, "results.md"), "w").write("\n".join(lines) + "\n")

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.exit(0)
for name, data, xlabel in [
    ("corpus-size", plot_corpus, "corpus size (MB)"),
    ("catalog-size", plot_catalog, "catalog aliases"),
]:
    fig, ax = plt.subplots(figsize=(6, 4))
    for prog, points in sorted(data.items()):
        xs, ys = zip(*points)
        ax.plot(xs, ys, marker="o", label=prog)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("wall time (s, median)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(out, f"{name}.png"), dpi=110)
