#!/usr/bin/env python3
"""Catalog hygiene: which aliases fire on ordinary lowercase speech?

Runs the podgraph binary over every transcript corpus in ../shared/corpus
(relative to the repository) and ranks the catalog's aliases by how often
they match in *lowercase, mid-sentence* speech: the surface form is all
lowercase and does not open a sentence. Names are mostly capitalised or
written as identifiers; an alias that keeps firing as a lowercase word in the
middle of a sentence ("i sort of", "reinvent", "colour", "base model",
"changelog") is the first place to look for false positives.

    python3 scripts/catalog/hygiene.py /tmp/target/release/podgraph > report.md
    python3 scripts/catalog/hygiene.py PODGRAPH --format tsv --out report.tsv
    python3 scripts/catalog/hygiene.py PODGRAPH --entity isort --entity aws-reinvent
    python3 scripts/catalog/hygiene.py PODGRAPH --skip-kind concept --top 100
    python3 scripts/catalog/hygiene.py PODGRAPH --no-default-catalog \\
        --catalog data/catalog/generated/python-bytes.json --catalog my.toml ...

For every corpus folder it runs `podgraph build DIR --out TMP` (for each
episode's show, from `episodes.json`) and `podgraph mentions DIR --json`
(every mention with its surface form, evidence and snippet, in one process),
so the whole run takes a few seconds plus parsing the JSON.

Standard library only (Python 3.11+). Output order is deterministic.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
CATALOG_DIR = REPO_ROOT / "data" / "catalog"
SHARED = REPO_ROOT / ".." / "shared" / "corpus"
CORPORA = [
    "python-bytes/transcripts",
    "changelog/podcast",
    "changelog/practicalai",
    "formats",
]

# `podgraph mentions` cuts a snippet at most this many bytes either side of the
# match, at word boundaries, inside the match's segment (SNIPPET_WIDTH in
# src/bin/podgraph/commands.rs).
SNIPPET_WIDTH = 70


# --------------------------------------------------------------------------
# Catalog: which written alias a surface form comes from


def load_entities(files: list[Path]) -> dict[str, dict]:
    """Entities by id, later files replacing earlier ids (the loader's rule)."""
    out: dict[str, dict] = {}
    for path in files:
        if path.suffix == ".json":
            entities = json.loads(path.read_text(encoding="utf-8"))
        else:
            entities = tomllib.loads(path.read_text(encoding="utf-8")).get("entity", [])
        for e in entities:
            out[e["id"]] = e
    return out


def catalog_files(default: bool, extra: list[Path]) -> list[Path]:
    files: list[Path] = []
    if default:
        files += sorted((CATALOG_DIR / "generated").glob("*.json"))
        files += sorted((CATALOG_DIR / "curated").glob("*.toml"))
    return files + extra


def key(form: str) -> str:
    """Case, accents and separators ignored: how variants of one alias compare."""
    folded = unicodedata.normalize("NFKD", form)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", folded.lower())


class AliasIndex:
    """Maps (entity, surface form) to the catalog alias it is a form of."""

    def __init__(self, entities: dict[str, dict]):
        self.by_entity: dict[str, dict[str, tuple[str, str]]] = {}
        for eid, e in entities.items():
            forms: dict[str, tuple[str, str]] = {}
            case_sensitive = set(e.get("case_sensitive", []))
            for field_name, label in (("ambiguous_aliases", "ambiguous"), ("aliases", "alias")):
                for alias in e.get(field_name, []):
                    kind = label + (", case-sensitive" if alias in case_sensitive else "")
                    # An exact-case alias and an any-case ambiguous one may share a key
                    # ("Flask"/"flask"): the ambiguous one is what a lowercase form matched.
                    forms.setdefault(key(alias), (alias, kind))
            self.by_entity[eid] = forms
        self.entities = entities

    def alias_of(self, entity: str, surface: str) -> tuple[str, str]:
        forms = self.by_entity.get(entity, {})
        bare = surface[:-2] if surface.endswith(("'s", "\u2019s")) else surface
        k = key(bare)
        for candidate in (k, k[:-1] if k.endswith("s") else None, k[:-2] if k.endswith("es") else None):
            if candidate and candidate in forms:
                return forms[candidate]
        return (bare.lower(), "?")


# --------------------------------------------------------------------------
# Where a mention sits in its snippet


def starts_sentence(before: str) -> bool:
    """The extractor's rule (starts_sentence in src/extract.rs) on the text before a match."""
    b = before.rstrip(" \"'(")
    return b == "" or b.endswith(("\n", ".", "?", "!", ":"))


def locate(snippet: str, surface: str) -> int | None:
    """Byte-safe index of the mention in its snippet.

    The snippet is `before + surface + after` with at most SNIPPET_WIDTH bytes
    either side, so the mention is an occurrence of `surface` with whole-word
    edges that leaves at most that much on each side; of several, the first.
    """
    raw = snippet.encode("utf-8")
    needle = surface.encode("utf-8")
    start = 0
    first = None
    while True:
        i = raw.find(needle, start)
        if i < 0:
            break
        start = i + 1
        if i > SNIPPET_WIDTH or len(raw) - i - len(needle) > SNIPPET_WIDTH:
            continue
        before = raw[:i].decode("utf-8", "replace")
        after = raw[i + len(needle):].decode("utf-8", "replace")
        if surface[:1].isalnum() and before[-1:].isalnum():
            continue
        if surface[-1:].isalnum() and after[:1].isalnum():
            continue
        first = len(before)
        break
    return first


# --------------------------------------------------------------------------
# Running podgraph


def run(cmd: list[str]) -> bytes:
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode not in (0, 1):
        sys.exit(f"hygiene: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr.decode(errors='replace')}")
    return proc.stdout


def show_name(episode: dict) -> str | None:
    """The show of an `episodes.json` entry (a string, or `{value, source}`)."""
    show = episode.get("show")
    if isinstance(show, dict):
        show = show.get("value")
    return show


@dataclass
class Occurrence:
    show: str
    episode: str
    segment: int
    entity: str
    alias: str
    alias_kind: str
    surface: str
    evidence: str
    lowercase: bool
    sentence_start: bool
    snippet: str
    at: int | None


def collect(binary: str, corpora: list[Path], catalog_args: list[str], index: AliasIndex, log) -> tuple[list[Occurrence], dict]:
    occurrences: list[Occurrence] = []
    stats = {"corpora": [], "episodes": 0}
    with tempfile.TemporaryDirectory(prefix="podgraph-hygiene-") as tmp:
        for n, corpus in enumerate(corpora):
            out = Path(tmp) / f"build{n}"
            run([binary, "build", str(corpus), "--out", str(out), "-q", "--export", "json"] + catalog_args)
            episodes = json.loads((out / "episodes.json").read_text(encoding="utf-8"))["episodes"]
            fallback = corpus.relative_to(corpus.parents[1]).as_posix() if len(corpus.parents) > 1 else corpus.name
            show_of = {e["id"]: show_name(e) or f"({fallback})" for e in episodes}
            records = json.loads(run([binary, "mentions", str(corpus), "--json", "-q"] + catalog_args) or b'{"mentions": []}')["mentions"]
            name = os.path.relpath(corpus, REPO_ROOT)
            log(f"hygiene: {name}: {len(show_of)} episodes, {len(records)} mentions")
            stats["corpora"].append((name, len(show_of), len(records)))
            stats["episodes"] += len(show_of)
            for r in records:
                surface = r["surface"]
                snippet = r["snippet"]
                at = locate(snippet, surface)
                alias, alias_kind = index.alias_of(r["entity"], surface)
                occurrences.append(
                    Occurrence(
                        show=show_of.get(r["episode"], f"({fallback})"),
                        episode=r["episode"],
                        segment=r["segment"],
                        entity=r["entity"],
                        alias=alias,
                        alias_kind=alias_kind,
                        surface=surface,
                        evidence=r["evidence"],
                        lowercase=any(c.isalpha() for c in surface) and surface == surface.lower(),
                        sentence_start=at is not None and starts_sentence(snippet[:at]),
                        snippet=snippet,
                        at=at,
                    )
                )
    return occurrences, stats


# --------------------------------------------------------------------------
# Ranking


@dataclass
class Row:
    entity: str
    alias: str
    alias_kind: str = ""
    all: int = 0
    lower: list[Occurrence] = field(default_factory=list)

    @property
    def episodes(self) -> int:
        return len({(o.show, o.episode) for o in self.lower})

    def shows(self) -> collections.Counter:
        eps = {(o.show, o.episode) for o in self.lower}
        return collections.Counter(show for show, _ in eps)

    def evidence(self) -> collections.Counter:
        return collections.Counter(o.evidence for o in self.lower)


def rank(occurrences: list[Occurrence], entities: set[str], min_count: int,
         kinds: set[str] = frozenset(), skip_kinds: set[str] = frozenset()) -> list[Row]:
    rows: dict[tuple[str, str], Row] = {}
    for o in occurrences:
        if entities and o.entity not in entities:
            continue
        if (kinds and kind_of(o.entity) not in kinds) or kind_of(o.entity) in skip_kinds:
            continue
        row = rows.setdefault((o.entity, o.alias), Row(o.entity, o.alias, o.alias_kind))
        row.all += 1
        if o.lowercase and not o.sentence_start:
            row.lower.append(o)
    out = [r for r in rows.values() if len(r.lower) >= min_count]
    out.sort(key=lambda r: (-len(r.lower), -r.episodes, r.entity, r.alias))
    return out


def examples(row: Row, n: int = 3) -> list[Occurrence]:
    """n examples from different episodes where possible, spread over the sorted occurrences."""
    occ = sorted(row.lower, key=lambda o: (o.show, o.episode, o.segment, o.snippet))
    picked: list[Occurrence] = []
    seen: set[tuple[str, str]] = set()
    if not occ:
        return picked
    steps = [round(i * (len(occ) - 1) / max(n - 1, 1)) for i in range(n)]
    for i in steps:
        # From the chosen index, the next occurrence of an episode not shown yet.
        for o in occ[i:] + occ[:i]:
            if (o.show, o.episode) not in seen:
                picked.append(o)
                seen.add((o.show, o.episode))
                break
    for o in occ:  # fewer episodes than n: fill with any
        if len(picked) >= min(n, len(occ)):
            break
        if o not in picked:
            picked.append(o)
    return picked[:n]


def marked(o: Occurrence, on: str, off: str) -> str:
    s = o.snippet
    if o.at is None:
        return s
    end = o.at + len(o.surface)
    return f"{s[:o.at]}{on}{s[o.at:end]}{off}{s[end:]}"


def shows_text(row: Row) -> str:
    return ", ".join(f"{show} {n}" for show, n in sorted(row.shows().items(), key=lambda kv: (-kv[1], kv[0])))


def evidence_text(row: Row) -> str:
    return ", ".join(f"{ev} {n}" for ev, n in sorted(row.evidence().items(), key=lambda kv: (-kv[1], kv[0])))


def md_cell(s: str) -> str:
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def write_markdown(rows: list[Row], occurrences: list[Occurrence], stats: dict, args, out) -> None:
    lower = sum(1 for o in occurrences if o.lowercase and not o.sentence_start)
    print("# Catalog hygiene: aliases that fire in lowercase mid-sentence speech", file=out)
    print(file=out)
    for corpus, eps, mentions in stats["corpora"]:
        print(f"- `{corpus}`: {eps} episodes, {mentions} mentions", file=out)
    print(
        f"- {len(occurrences)} mentions in all, {lower} of them lowercase and not at a sentence start",
        file=out,
    )
    print(file=out)
    print(
        "`lower` counts mentions whose surface form is all lowercase and does not open a sentence; "
        "`all` every mention of that alias; `episodes` and `shows` where the lowercase ones are. "
        "`alias` is the catalog alias the surface form is a form of, with its field "
        "(`alias` always counts, `ambiguous` needed evidence).",
        file=out,
    )
    print(file=out)
    print("| # | entity | kind | alias | lower | all | episodes | shows | evidence | examples |", file=out)
    print("|---:|---|---|---|---:|---:|---:|---|---|---|", file=out)
    for i, row in enumerate(rows[: args.top], 1):
        kind = kind_of(row.entity)
        ex = "<br>".join(md_cell(f"{o.episode}: " + marked(o, "**", "**")) for o in examples(row))
        print(
            f"| {i} | `{row.entity}` | {kind} | {md_cell(row.alias)} ({row.alias_kind}) | {len(row.lower)} | "
            f"{row.all} | {row.episodes} | {md_cell(shows_text(row))} | {evidence_text(row)} | {ex} |",
            file=out,
        )


def write_tsv(rows: list[Row], args, out) -> None:
    cols = ["rank", "entity", "kind", "alias", "field", "lower", "all", "episodes", "shows",
            "evidence", "example1", "example2", "example3"]
    print("\t".join(cols), file=out)
    clean = lambda s: s.replace("\t", " ").replace("\n", " ")
    for i, row in enumerate(rows[: args.top], 1):
        ex = [clean(f"{o.episode}: " + marked(o, "[", "]")) for o in examples(row)]
        ex += [""] * (3 - len(ex))
        fields = [str(i), row.entity, kind_of(row.entity), row.alias, row.alias_kind,
                  str(len(row.lower)), str(row.all), str(row.episodes), shows_text(row),
                  evidence_text(row), *ex]
        print("\t".join(clean(f) for f in fields), file=out)


def write_dump(occurrences: list[Occurrence], path: Path) -> None:
    cols = ["show", "episode", "segment", "entity", "alias", "field", "surface", "evidence",
            "lowercase", "sentence_start", "snippet"]
    occ = sorted(occurrences, key=lambda o: (o.show, o.episode, o.segment, o.entity, o.snippet))
    with path.open("w", encoding="utf-8") as f:
        print("\t".join(cols), file=f)
        for o in occ:
            fields = [o.show, o.episode, str(o.segment), o.entity, o.alias, o.alias_kind, o.surface,
                      o.evidence, str(int(o.lowercase)), str(int(o.sentence_start)), o.snippet]
            print("\t".join(s.replace("\t", " ").replace("\n", " ") for s in fields), file=f)


# Entity id -> kind, filled from the catalog in main().
_KINDS: dict[str, str] = {}


def kind_of(entity: str) -> str:
    return _KINDS.get(entity, "?")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("podgraph", help="path to the podgraph binary")
    p.add_argument("--shared", type=Path, default=SHARED,
                   help="folder holding the corpora [../shared/corpus relative to the repo]")
    p.add_argument("--corpus", action="append", default=None, metavar="SUB",
                   help=f"corpus folder under --shared, repeatable [{', '.join(CORPORA)}]")
    p.add_argument("--catalog", action="append", type=Path, default=[], metavar="FILE",
                   help="passed to podgraph (an extra catalog file, to try a fix without rebuilding)")
    p.add_argument("--no-default-catalog", action="store_true",
                   help="passed to podgraph: only the --catalog files")
    p.add_argument("--entity", action="append", default=[], metavar="ID",
                   help="only these entity ids (repeatable)")
    p.add_argument("--kind", action="append", default=[], metavar="KIND",
                   help="only entities of this kind (repeatable)")
    p.add_argument("--skip-kind", action="append", default=[], metavar="KIND",
                   help="leave out entities of this kind, e.g. concept (repeatable)")
    p.add_argument("--top", type=int, default=150, help="rows to print [150]")
    p.add_argument("--min-count", type=int, default=2,
                   help="least lowercase mid-sentence mentions for a row [2]")
    p.add_argument("--format", choices=["md", "tsv"], default="md")
    p.add_argument("--out", type=Path, help="write the report here instead of stdout")
    p.add_argument("--dump", type=Path, metavar="TSV",
                   help="also write every mention (show, episode, entity, alias, surface, flags, snippet)")
    args = p.parse_args(argv)

    corpora = [args.shared / sub for sub in (args.corpus or CORPORA)]
    missing = [c for c in corpora if not c.is_dir()]
    for c in missing:
        print(f"hygiene: skipping {c}: not a folder", file=sys.stderr)
    corpora = [c for c in corpora if c.is_dir()]
    if not corpora:
        print("hygiene: no corpus found", file=sys.stderr)
        return 2

    catalog_args = [a for f in args.catalog for a in ("--catalog", str(f))]
    if args.no_default_catalog:
        catalog_args.append("--no-default-catalog")
    entities = load_entities(catalog_files(not args.no_default_catalog, args.catalog))
    _KINDS.update({eid: e["kind"] for eid, e in entities.items()})
    index = AliasIndex(entities)

    log = lambda msg: print(msg, file=sys.stderr)
    occurrences, stats = collect(args.podgraph, corpora, catalog_args, index, log)
    rows = rank(occurrences, set(args.entity), args.min_count, set(args.kind), set(args.skip_kind))
    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    try:
        if args.format == "md":
            write_markdown(rows, occurrences, stats, args, out)
        else:
            write_tsv(rows, args, out)
    finally:
        if args.out:
            out.close()
    if args.dump:
        write_dump(occurrences, args.dump)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(0)
