#!/usr/bin/env python3
"""Writes data/words/given_names.txt: given names of many countries, for discovery to tell a
person's full name ("Miley Cyrus", "Ingrid Burrington") from other capitalised pairs.

Run from the repository root at development time, after `scripts/words/generate.py` (whose
english.txt and first_names.txt it reads); podgraph never reads Faker at run time.

    python3 -m venv /tmp/faker && /tmp/faker/bin/pip install faker==40.54.0
    /tmp/faker/bin/python scripts/words/given_names.py

Source: the person providers of Faker 40.54.0 (MIT licence, https://github.com/joke2k/faker),
every locale's lists of first names written in the Latin alphabet (the US lists come from the
Social Security Administration's baby names). Kept: words of three letters or more, letters only.
Left out, because a capitalised word that is also one of these is more often not a given name:
lower-case English words and speech words (data/words/english.txt; "Hope", "Page"), the places
discovery already knows follow a given name (`PLACES` in src/discover/words.rs: "Georgia"),
one-word aliases of the default catalog ("Jax", "Keras") and package names of the PyPI and npm
lists (data/registries/; "Ray", "Luxon"), a few words of the trade ("Dev", "Mac") and the common
given names of data/words/first_names.txt, which discovery consults first.

Rarer given names are often capitalised words too ("Santa", "Easter", "Johnson"), so discovery
trusts these less than the common ones: see `is_given_name` in src/discover/words.rs.
"""
import importlib
import json
import pathlib
import pkgutil
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAME = re.compile(r"[^\W\d_]{3,}")
# Words of the trade that the lists hold as rare given names: "Dev Tools", "Mac Minis".
TRADE_WORDS = {"dev", "mac", "linux", "unix", "java", "kotlin", "swift", "scala"}


def faker_given_names() -> set[str]:
    import faker.providers.person as person

    names = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        for attr in dir(provider):
            if not (attr.startswith("first_names") or attr == "first_romanized_names"):
                continue
            values = getattr(provider, attr)
            if isinstance(values, dict):
                values = list(values)
            if not isinstance(values, (list, tuple)):
                continue
            for value in values:
                # Latin letters only: a transcript in English writes names so.
                if (
                    isinstance(value, str)
                    and NAME.fullmatch(value)
                    and value[0].isupper()
                    and value[1:].islower()
                    and all(ord(c) < 0x250 for c in value)
                ):
                    names.add(value.lower())
    return names


def catalog_words() -> set[str]:
    words = set()
    curated = ROOT / "data/catalog/curated"
    for path in sorted(curated.glob("*.toml")):
        for entity in tomllib.loads(path.read_text(encoding="utf-8")).get("entity", []):
            for alias in [entity.get("name", "")] + entity.get("aliases", []):
                if " " not in alias:
                    words.add(alias.lower())
    for path in sorted((ROOT / "data/catalog/generated").glob("*.json")):
        for entity in json.loads(path.read_text(encoding="utf-8")):
            for alias in [entity.get("name", "")] + entity.get("aliases", []):
                if " " not in alias:
                    words.add(alias.lower())
    for path in sorted((ROOT / "data/registries").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            words.add(line.split("\t")[0].lower())
    return words


def places() -> set[str]:
    source = (ROOT / "src/discover/words.rs").read_text(encoding="utf-8")
    block = source.split("const PLACES: &[&str] = &[", 1)[1].split("];", 1)[0]
    return set(re.findall(r'"([^"]+)"', block))


def main() -> None:
    english = set((ROOT / "data/words/english.txt").read_text(encoding="utf-8").split())
    common = set((ROOT / "data/words/first_names.txt").read_text(encoding="utf-8").split())
    excluded = english | catalog_words() | places() | common | TRADE_WORDS
    names = sorted(faker_given_names() - excluded)
    out = ROOT / "data/words/given_names.txt"
    out.write_text("".join(n + "\n" for n in names), encoding="utf-8")
    print(f"{out}: {len(names)} names")


if __name__ == "__main__":
    main()
