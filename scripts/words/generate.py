#!/usr/bin/env python3
"""Writes the word lists that `podgraph discover` compiles in (data/words/).

Run from the repository root at development time (the lists are committed; podgraph never reads
the dictionary at run time):

    apt-get install -y wamerican        # /usr/share/dict/words
    python3 scripts/words/generate.py [--words /usr/share/dict/words]

Outputs, deterministic (sorted, one entry a line, UTF-8):

* data/words/english.txt -- lower-case English words (dictionary entries written in lower case,
  no possessives): a capitalised phrase made only of these is ordinary speech at a sentence start
  or in a title ("So", "Open Source"), never a discovered name on its own.
* data/words/proper.txt -- capitalised dictionary entries (places, days, months, nationalities,
  common given names, brands), folded to lower case: always capitalised in speech, yet known to
  every listener, so "Monday" or "London" is no discovery either.
* data/words/first_names.txt -- given names (the dictionary's capitalised entries that are
  common first names, plus scripts/catalog/first_names.txt): a capitalised pair starting with one
  reads as a person ("Jim Pivarski").
"""
import argparse
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", default="/usr/share/dict/words")
    ap.add_argument("--first-names", default=str(ROOT / "scripts/catalog/first_names.txt"))
    ap.add_argument("--out", default=str(ROOT / "data/words"))
    args = ap.parse_args()
    lower, proper = set(), set()
    for line in pathlib.Path(args.words).read_text(encoding="utf-8").splitlines():
        w = line.strip()
        if not w or "'" in w or len(w) < 2:
            continue
        (proper if w[0].isupper() else lower).add(w.lower())
    proper -= lower
    firsts = set()
    for line in pathlib.Path(args.first_names).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            firsts.update(w.lower() for w in line.split())
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, words in [("english.txt", lower), ("proper.txt", proper), ("first_names.txt", firsts)]:
        (out / name).write_text("".join(w + "\n" for w in sorted(words)), encoding="utf-8")
        print(f"{out / name}: {len(words)} entries")


if __name__ == "__main__":
    main()
