#!/usr/bin/env python3
"""Draws docs/img/memory-scale.svg: peak memory of a default build against corpus size.

The figures are measured with `/usr/bin/time -f %M podgraph build CORPUS --out OUT -q` on the
distinct-show corpora of `../shared/bench/make_corpus.sh` (1, 10 and 26 shows); see
docs/performance.md. Plain SVG, no plotting library: `python3 scripts/plots/memory_scale.py`.
"""
import pathlib

SHOWS = [1, 10, 26]
SERIES = [
    ("before: whole corpus held (145ddf4)", "#c0392b", [212, 1197, 2736]),
    ("streaming build, discovery on", "#2471a3", [80, 132, 212]),
    ("streaming build, --no-discover", "#7fb3d5", [73, 115, 176]),
    ("with jemalloc: discovery on", "#1e8449", [80, 120, 189]),
    ("with jemalloc: --no-discover", "#82e0aa", [73, 96, 160]),
]
LIMIT = 250
W, H, L, R, T, B = 640, 380, 70, 230, 30, 50


def x(shows):
    return L + (shows - 1) / (SHOWS[-1] - 1) * (W - L - R)


def y(mb):
    return H - B - mb / 3000 * (H - T - B)


def main():
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
        'font-family="Helvetica, Arial, sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
        f'<text x="{L}" y="18" font-size="14">Peak memory of a build against corpus size</text>',
    ]
    for mb in range(0, 3001, 500):
        out.append(f'<line x1="{L}" x2="{W - R}" y1="{y(mb):.1f}" y2="{y(mb):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{L - 8}" y="{y(mb) + 4:.1f}" text-anchor="end">{mb}</text>')
    for s in SHOWS:
        out.append(f'<text x="{x(s):.1f}" y="{H - B + 18}" text-anchor="middle">{s}</text>')
    out.append(f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">'
               'distinct shows (486 episodes, 19 MB each)</text>')
    out.append(f'<text transform="translate(18 {(T + H - B) / 2}) rotate(-90)" '
               'text-anchor="middle">peak resident memory, MB</text>')
    out.append(f'<line x1="{L}" x2="{W - R}" y1="{y(LIMIT):.1f}" y2="{y(LIMIT):.1f}" '
               'stroke="#888" stroke-dasharray="4 3"/>')
    out.append(f'<text x="{W - R + 6}" y="{y(LIMIT) + 4:.1f}" fill="#555">target 250 MB</text>')
    for i, (label, colour, values) in enumerate(SERIES):
        points = " ".join(f"{x(s):.1f},{y(v):.1f}" for s, v in zip(SHOWS, values))
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for s, v in zip(SHOWS, values):
            out.append(f'<circle cx="{x(s):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>')
        ly = T + 30 + i * 34
        out.append(f'<line x1="{W - R + 10}" x2="{W - R + 30}" y1="{ly}" y2="{ly}" '
                   f'stroke="{colour}" stroke-width="2"/>')
        words = label.split(": ") if ": " in label else [label]
        for j, part in enumerate(words):
            out.append(f'<text x="{W - R + 36}" y="{ly + 4 + j * 14}">{part}</text>')
    out.append("</svg>")
    path = pathlib.Path(__file__).resolve().parents[2] / "docs" / "img" / "memory-scale.svg"
    path.write_text("\n".join(out) + "\n")
    print(path)


if __name__ == "__main__":
    main()
