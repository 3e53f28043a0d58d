#!/usr/bin/env python3
"""Validate the podgraph entity catalog and spot-check it against transcripts.

Loads data/catalog/generated/*.json first, then data/catalog/curated/*.toml
(curated entities override generated ones with the same id), checks every
rule the Rust loader enforces, and prints counts per kind.

    python3 scripts/catalog/check.py                      # validate, exit 1 on error
    python3 scripts/catalog/check.py --pypi PATH           # also check pypi names exist
    python3 scripts/catalog/check.py --scan T1.txt T2.txt  # show what matches in transcripts
    python3 scripts/catalog/check.py --sample 10           # scan 10 random transcripts

The --scan matcher is a simple approximation of podgraph's extractor (whole
words, case-insensitive, hyphen/space/dot variants, plural/possessive
suffixes; ambiguous aliases need a context word within a window or an
unambiguous mention earlier in the file; exclude phrases veto). It is for
eyeballing recall and false matches, not a reference implementation.
Standard library only.
"""

from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import random
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
CATALOG = REPO_ROOT / "data" / "catalog"
TRANSCRIPTS = REPO_ROOT / ".." / "shared" / "corpus" / "python-bytes" / "transcripts"

KINDS = {"person", "package", "software", "organization", "concept", "event", "media"}
REQUIRED = {"id": str, "name": str, "kind": str, "aliases": list}
OPTIONAL = {
    "ambiguous_aliases": list, "context": list, "exclude": list, "case_sensitive": list,
    "pypi": str, "homepage": str, "description": str, "tags": list,
}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._+-]*$")


def load_catalog(root: Path):
    """Return (entities by id in load order, list of (source, entity), errors, overrides)."""
    errors: list[str] = []
    layers = []
    for p in sorted((root / "generated").glob("*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            errors.append(f"{p}: invalid JSON: {e}")
            continue
        if not isinstance(data, list):
            errors.append(f"{p}: top level must be an array")
            continue
        layers.append(("generated", p, data))
    for p in sorted((root / "curated").glob("*.toml")):
        try:
            with open(p, "rb") as fh:
                data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as e:
            errors.append(f"{p}: invalid TOML: {e}")
            continue
        extra = set(data) - {"entity"}
        if extra:
            errors.append(f"{p}: unexpected top-level keys {sorted(extra)}")
        layers.append(("curated", p, data.get("entity", [])))

    final: dict[str, dict] = {}
    source: dict[str, str] = {}
    seen_in_layer: dict[tuple[str, str], str] = {}
    overrides = 0
    for layer, path, ents in layers:
        for i, e in enumerate(ents):
            where = f"{path.relative_to(root)}[{i}]"
            errors.extend(validate_entity(e, where))
            eid = e.get("id")
            if not isinstance(eid, str):
                continue
            key = (layer, eid)
            if key in seen_in_layer:
                errors.append(f"{where}: duplicate id {eid!r} (also in {seen_in_layer[key]})")
            seen_in_layer[key] = where
            if eid in final and source[eid].startswith("generated") and layer == "curated":
                overrides += 1
            final[eid] = e
            source[eid] = f"{layer}:{path.name}"
    return final, source, errors, overrides


def validate_entity(e, where: str) -> list[str]:
    errs = []
    if not isinstance(e, dict):
        return [f"{where}: entity is not a table/object"]
    for k, t in REQUIRED.items():
        if k not in e:
            errs.append(f"{where}: missing required key {k!r}")
        elif not isinstance(e[k], t):
            errs.append(f"{where}: {k} must be {t.__name__}")
    for k in e:
        if k not in REQUIRED and k not in OPTIONAL:
            errs.append(f"{where}: unknown key {k!r}")
    for k, t in OPTIONAL.items():
        if k in e and not isinstance(e[k], t):
            errs.append(f"{where}: {k} must be {t.__name__}")
    if errs:
        return errs
    eid = e["id"]
    where = f"{where} ({eid})"
    if not ID_RE.match(eid):
        errs.append(f"{where}: bad id {eid!r}")
    if e["kind"] not in KINDS:
        errs.append(f"{where}: bad kind {e['kind']!r}")
    if not e["name"].strip():
        errs.append(f"{where}: empty name")
    if not e["aliases"]:
        errs.append(f"{where}: aliases must be non-empty")
    for k in ("aliases", "ambiguous_aliases", "context", "exclude", "case_sensitive", "tags"):
        for a in e.get(k, []):
            if not isinstance(a, str):
                errs.append(f"{where}: {k} has a non-string {a!r}")
            elif not a.strip():
                errs.append(f"{where}: {k} has an empty string")
            elif not re.search(r"\w", a):
                errs.append(f"{where}: {k} entry {a!r} is only punctuation")
            elif a != a.strip():
                errs.append(f"{where}: {k} entry {a!r} has surrounding whitespace")
    names = e["aliases"] + e.get("ambiguous_aliases", [])
    for a in names:
        if not isinstance(a, str):
            continue
        if re.search(r"https?://|www\.", a):
            errs.append(f"{where}: alias {a!r} is a URL")
        # A brand whose own name has the 's (Denny's, Lowe's, Fry's Electronics) is spelled
        # that way: without the ending its alias would be a given name or a surname.
        if re.search(r"['’]s$", a) and a.lower() not in e["name"].lower():
            errs.append(f"{where}: alias {a!r} is a possessive (the extractor handles those)")
        if re.match(r"^[@#]", a):
            errs.append(f"{where}: alias {a!r} starts with punctuation")
    # duplicates inside one entity: only allowed as an exact-case form in
    # case_sensitive plus another casing in the other list, or as two casings that
    # are both case_sensitive (exactly "Chrono" and "chrono", not "CHRONO")
    cs = set(e.get("case_sensitive", []))
    seen = {}
    for lst in ("aliases", "ambiguous_aliases"):
        for a in e.get(lst, []):
            if not isinstance(a, str):
                continue
            k = a.lower()
            if k in seen:
                prev_lst, prev = seen[k]
                both_exact = prev in cs and a in cs and prev != a
                if not both_exact and (prev_lst == lst or not (prev in cs or a in cs)):
                    errs.append(f"{where}: alias {a!r} listed twice ({prev_lst}: {prev!r})")
            seen[k] = (lst, a)
    for a in cs:
        if a not in names:
            errs.append(f"{where}: case_sensitive entry {a!r} is not an alias")
    if e.get("pypi") is not None and not re.match(r"^[A-Za-z0-9._-]+$", e["pypi"]):
        errs.append(f"{where}: bad pypi name {e['pypi']!r}")
    if e.get("homepage") is not None and not re.match(r"^https?://", e["homepage"]):
        errs.append(f"{where}: homepage is not an http(s) URL")
    return errs


def alias_conflicts(final: dict[str, dict]) -> list[str]:
    owners = collections.defaultdict(list)
    for eid, e in final.items():
        amb = {a.lower() for a in e.get("ambiguous_aliases", [])}
        cs = {a.lower() for a in e.get("case_sensitive", [])}
        for lst in ("aliases", "ambiguous_aliases"):
            for a in e.get(lst, []):
                k = a.lower()
                ruled = k in amb or k in cs
                owners[k].append((eid, ruled))
    errs = []
    for k, own in sorted(owners.items()):
        ids = {i for i, _ in own}
        if len(ids) < 2:
            continue
        if not any(r for _, r in own):
            errs.append(f"alias {k!r} belongs to {sorted(ids)} with no ambiguous/case_sensitive rule")
    return errs


# ---------------------------------------------------------------------------
# approximate matcher for spot checks
# ---------------------------------------------------------------------------


def alias_regex(alias: str, case_sensitive: bool) -> re.Pattern:
    parts = [re.escape(p) for p in re.split(r"[\s\-_.]+", alias.strip()) if p]
    body = r"[\s\-_.]?".join(parts) if len(parts) > 1 else parts[0]
    flags = 0 if case_sensitive else re.I
    return re.compile(r"(?<![\w@])" + body + r"(?:'s|’s|s|es)?(?!\w)", flags)


class Matcher:
    def __init__(self, final: dict[str, dict]):
        self.rules = []
        for eid, e in final.items():
            cs = set(e.get("case_sensitive", []))
            amb = {a.lower() for a in e.get("ambiguous_aliases", [])}
            for a in e["aliases"]:
                self.rules.append((alias_regex(a, a in cs), eid, a, a.lower() in amb and a not in cs))
            for a in e.get("ambiguous_aliases", []):
                self.rules.append((alias_regex(a, a in cs), eid, a, True))
        self.final = final

    def scan(self, text: str, window: int = 80):
        lines = [re.sub(r"^\d\d:\d\d:\d\d\s*(<v [^>]*>)?", "", l) for l in text.splitlines()]
        lines = [re.sub(r"<v [^>]*>", "", l) for l in lines]
        body = "\n".join(lines)
        hits = []
        present = set(re.findall(r"[a-z0-9]+", body.lower()))
        for rx, eid, alias, amb in self.rules:
            first = re.findall(r"[a-z0-9]+", alias.lower())
            if first and first[0] not in present and not any(first[0] == w[: len(first[0])] for w in ()):
                # cheap prefilter: the alias's first word must occur (variants that glue words are rare)
                if not any(w.startswith(first[0]) for w in present if w[:2] == first[0][:2]):
                    continue
            for m in rx.finditer(body):
                hits.append((m.start(), m.end(), eid, alias, amb))
        hits.sort()
        seen_unamb: set[str] = set()
        out = []
        for s, t, eid, alias, amb in hits:
            e = self.final[eid]
            around = body[max(0, s - window): t + window]
            if any(x.lower() in around.lower() and _covers(body, s, t, x) for x in e.get("exclude", [])):
                continue
            if amb:
                ctx = [c for c in e.get("context", []) if re.search(r"(?<!\w)" + re.escape(c) + r"(?!\w)", around, re.I)]
                if not ctx and eid not in seen_unamb:
                    out.append((s, eid, alias, "REJECTED"))
                    continue
                out.append((s, eid, alias, "ctx:" + ",".join(ctx[:2]) if ctx else "earlier"))
            else:
                seen_unamb.add(eid)
                out.append((s, eid, alias, "alias"))
        return body, out


def _covers(body: str, s: int, t: int, phrase: str) -> bool:
    lo = max(0, s - len(phrase) - 2)
    hi = min(len(body), t + len(phrase) + 2)
    seg = body[lo:hi].lower()
    p = phrase.lower()
    i = seg.find(p)
    while i >= 0:
        if lo + i <= s and lo + i + len(p) >= t - 2:
            return True
        i = seg.find(p, i + 1)
    return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--catalog", default=str(CATALOG))
    ap.add_argument("--pypi", help="PyPI TSV: check that every pypi field names a real project")
    ap.add_argument("--scan", nargs="*", help="transcript files to scan")
    ap.add_argument("--sample", type=int, help="scan N random transcripts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", choices=["all", "rejected", "accepted"], default="all")
    args = ap.parse_args(argv)

    final, source, errors, overrides = load_catalog(Path(args.catalog))
    errors += alias_conflicts(final)
    if args.pypi:
        names = set()
        with open(args.pypi, encoding="utf-8", errors="replace") as fh:
            fh.readline()
            for line in fh:
                names.add(re.sub(r"[-_.]+", "-", line.split("\t", 1)[0]).lower())
        for eid, e in final.items():
            if e.get("pypi") and re.sub(r"[-_.]+", "-", e["pypi"]).lower() not in names:
                errors.append(f"{eid}: pypi {e['pypi']!r} not in {args.pypi}")

    kinds = collections.Counter(e["kind"] for e in final.values() if isinstance(e, dict) and "kind" in e)
    n_amb = sum(len(e.get("ambiguous_aliases", [])) for e in final.values())
    n_alias = sum(len(e.get("aliases", [])) for e in final.values())
    by_src = collections.Counter(s.split(":")[0] for s in source.values())
    print(f"entities: {len(final)} ({', '.join(f'{k}={v}' for k, v in sorted(by_src.items()))}; "
          f"{overrides} curated overrides of generated ids)")
    print("per kind: " + ", ".join(f"{k}={kinds[k]}" for k in sorted(KINDS)))
    print(f"aliases: {n_alias} unambiguous, {n_amb} ambiguous; "
          f"{sum(1 for e in final.values() if e.get('ambiguous_aliases'))} entities have ambiguous aliases")
    for e in errors:
        print("ERROR:", e)
    print(f"{len(errors)} errors")

    files = list(args.scan or [])
    if args.sample:
        allf = sorted(glob.glob(str(TRANSCRIPTS / "*.txt")))
        random.Random(args.seed).shuffle(allf)
        files += allf[: args.sample]
    if files:
        m = Matcher(final)
        for f in files:
            text = Path(f).read_text(encoding="utf-8", errors="replace")
            body, out = m.scan(text)
            print(f"\n=== {os.path.basename(f)}")
            per = collections.defaultdict(list)
            for s, eid, alias, how in out:
                per[eid].append((how, alias, s))
            for eid in sorted(per, key=lambda k: -len(per[k])):
                items = per[eid]
                acc = [x for x in items if x[0] != "REJECTED"]
                rej = [x for x in items if x[0] == "REJECTED"]
                if args.show == "rejected" and not rej:
                    continue
                if args.show == "accepted" and not acc:
                    continue
                sample = acc[0] if acc else rej[0]
                s = sample[2]
                snippet = body[max(0, s - 50): s + 60].replace("\n", " ")
                print(f"  {eid:32s} acc={len(acc):3d} rej={len(rej):3d}  {sample[0]:18s} …{snippet}…")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
