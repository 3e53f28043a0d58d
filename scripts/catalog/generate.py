#!/usr/bin/env python3
"""Generate the raw (machine-mined) part of the podgraph entity catalog.

Reads the Python Bytes show notes (Markdown) and the PyPI package list (TSV)
and writes data/catalog/generated/python-bytes.json: packages, software
projects and people mined from the links and text of the show notes.

Usage (from the repository root):

    python3 scripts/catalog/generate.py [SHOW_NOTES_DIR] \
        --pypi /work/.library/env/packages/pypi.tsv

See scripts/catalog/README.md for the rules it applies. Standard library only.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
DEFAULT_NOTES = REPO_ROOT / ".." / "shared" / "corpus" / "python-bytes" / "show_notes"
DEFAULT_PYPI = Path("/work/.library/env/packages/pypi.tsv")
DEFAULT_WORDS = Path("/usr/share/dict/words")
DEFAULT_OUT = REPO_ROOT / "data" / "catalog" / "generated" / "python-bytes.json"
DEFAULT_CURATED = REPO_ROOT / "data" / "catalog" / "curated"
DEFAULT_TRANSCRIPTS = REPO_ROOT / ".." / "shared" / "corpus" / "python-bytes" / "transcripts"

# A single-word ambiguous alias of a mined entity that is said (in lowercase)
# in more than this share of all episodes is ordinary speech on the show
# ("packaging", "future", "strings", "home"): context words are always nearby,
# so it is no usable name and is not emitted.
COMMON_SPEECH_SHARE = 0.10

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._+-]*$")

# ---------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------

# Generic technical vocabulary that is not in an English dictionary but is
# ordinary speech on a programming podcast. An alias made only of these (or of
# dictionary words) is ambiguous; a bare one is never an entity on its own.
TECH_WORDS = set(
    """
    api apis app apps async await auth backend bool boolean browser cli cloud
    config configs css csv dataframe dataframes dataset datasets db debug debugger
    dev devops devs dict dicts docs docstring docstrings email emails enum env
    frontend gif gpu gui guis html http https ide ides init ios iot json jwt
    linter linters llm llms localhost login markdown metadata microservice
    middleware ml mvc nosql npm oauth online orm pdf pdfs plugin plugins pr prs
    py pyc regex repl repo repos rest rpc runtime sdk sdks sql ssh ssl svg tcp
    tls todo toml tty ui url urls usb utf utils uuid ux venv vm vms wasm web
    webapp webhook websocket websockets wiki wsgi xml yaml yml zip
    ai cpu cpus gpus ram ssd os uv ci cd pep peps io aio lib libs util tool
    tools python python3 python2 pythonic pythonista pythonistas data science
    test tests testing unittest lint mock mocks stub stubs type types typing
    cache caching async_ asyncio_ string strings int float list tuple
    script scripts server servers client clients framework frameworks
    realtime uptime args kwargs envs orm events cards lorem ipsum dockerfile
    makefile readme changelog license wget curl grep bash zsh shell
    installer installers distro distros validators entrypoints multipart
    lockfile lockfiles semver calver bytecode memoization parametrize
    parameterized param params voila responder uplink bento
    package packages module modules library libraries project projects
    """.split()
)

STOP_NAME_TOKENS = set(
    """
    python pycon pydata django flask the a an and of for in on at to with by from
    via new how why what when where who is are this that my our your we you i
    it its episode podcast show talk bytes test code tests api github twitter
    mastodon bluesky youtube linkedin microsoft google apple amazon aws azure
    jupyter notebook notebooks vs visual studio windows linux mac macos ios
    terminal operating systems system uses use using data science open source
    conference summit sprint sprints report survey release released version
    part chapter book course courses training team foundation software
    thanks thank happy hello hi hey dear merry welcome congrats
    """.split()
)

# Topic words that may be copied from a PyPI summary into an entity's context:
# specific enough that their presence near an ambiguous alias is evidence.
CONTEXT_VOCAB = set(
    """
    aiohttp algorithm algorithms analytics animation annotations asgi async
    asyncio authentication automation aws benchmark benchmarks bindings
    bytecode cache caching calendar chart charts coloring colors command-line
    compiler concurrency container containers coroutines coverage crypto
    cryptography css csv dask dataclasses dataframe dataframes datetime debugger
    debugging decorator decorators deployment diagrams diff django docker
    docstring docstrings documentation emoji encryption excel fastapi fixtures
    flask formatter formatting geospatial git github graphql gui hashing jinja
    json jupyter kubernetes linter linting logging machine-learning markdown
    matplotlib microcontroller migration migrations mock mocking mongodb mypy
    notebook notebooks numpy orm packaging pandas pdf pep pip plot plots
    plotting postgres postgresql profiler profiling pydantic pypi pytest queue
    redis refactoring regex repl retries retry rust scheduler schema scraping
    selenium serialization spreadsheet sql sqlalchemy sqlite statistics
    templates templating timezone timezones toml tui type-checking typing
    unicode validation vim virtualenv visualization webassembly websocket
    websockets widgets wsgi xml yaml
    """.split()
)

SERVICE_CLIENT_RE = re.compile(
    r"(?i)\b(client|sdk|official|bindings? for|wrapper for|interface (to|for)|driver|api for|integration)\b"
)

# Context that counts as evidence for an ambiguous alias of a mined entity.
# Deliberately narrow: words like "library" or "package" are everywhere in the
# show and made "build", "parse" or "panel" match ordinary speech.
GENERIC_PACKAGE_CONTEXT = ["pip install", "PyPI", "pipx install", "uv add", "uv tool install", "uvx"]
GENERIC_SOFTWARE_CONTEXT = ["GitHub repo", "open source project", "brew install"]

SUMMARY_STOP = set(
    """
    python library package module tool tools simple easy fast small based using
    use with from that this your into for and the more than other about which
    make makes made provides provide support supports written implementation
    framework utility utilities collection version project application
    applications wrapper interface interfaces high level lightweight modern
    powerful pythonic better friendly minimal written built code data based
    around between different within without write writing create creating
    """.split()
)


def load_words(path: Path) -> set[str]:
    words: set[str] = set()
    if not path.exists():
        sys.exit(
            f"error: English word list {path} not found "
            "(install it with `apt-get install -y wamerican` or pass --words)"
        )
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            w = line.strip()
            if not w or "'" in w:
                continue
            # Only lowercase entries are ordinary words; capitalised entries
            # of the dictionary are proper nouns (names, places, brands).
            if w == w.lower():
                words.add(w)
    return words


def load_proper_nouns(path: Path) -> set[str]:
    """Capitalised dictionary entries (names, places, brands), lowercased."""
    out: set[str] = set()
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            w = line.strip()
            if w and "'" not in w and w[0].isupper():
                out.add(w.lower())
    return out


def load_speech_df(d: Path) -> tuple[dict[str, int], int]:
    """In how many transcripts each lowercase word occurs (empty if no dir)."""
    df: collections.Counter = collections.Counter()
    if not d.is_dir():
        return {}, 0
    files = sorted(p for p in d.iterdir() if p.suffix == ".txt")
    for p in files:
        df.update(set(re.findall(r"[a-z][a-z0-9]+", p.read_text(encoding="utf-8", errors="replace"))))
    return dict(df), len(files)


def load_first_names(path: Path) -> set[str]:
    names: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            names.update(t.lower() for t in line.split())
    return names


# ---------------------------------------------------------------------------
# Normalisation helpers
# ---------------------------------------------------------------------------


def fold(s: str) -> str:
    """Strip diacritics: 'Sebastián Ramírez' -> 'Sebastian Ramirez'."""
    s = s.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")
    s = s.replace("ß", "ss").replace("æ", "ae").replace("đ", "d")
    return "".join(
        c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)
    )


def squash(s: str) -> str:
    """Comparison key: lowercase alphanumerics only."""
    return re.sub(r"[^a-z0-9]", "", fold(s).lower())


def pep503(s: str) -> str:
    return re.sub(r"[-_.]+", "-", s).lower()


def slug(s: str) -> str:
    s = fold(s).lower()
    s = re.sub(r"[^a-z0-9.+]+", "-", s).strip("-.")
    return s


def clean_text(s: str) -> str:
    s = "".join(c for c in s if unicodedata.category(c)[0] in "LNPZ" or c in "+#")
    s = re.sub(r"[*`~]+", "", s)
    s = s.replace("\\", "")
    s = re.sub(r"\s+", " ", s)
    return s.strip(" \t-–—:|,;!\"'“”‘’")


def core_of(text: str) -> str:
    """The part of a link text that would name the thing: before ':' / ' - '."""
    t = clean_text(text)
    t = re.sub(r"^#\d+\s*\w*:?\s*", "", t)
    t = re.split(r"\s[-–—|]\s|:\s|\s\(|,\s", t, maxsplit=1)[0]
    t = re.sub(r"^(the|via|introducing|announcing|meet)\s+", "", t, flags=re.I)
    t = re.sub(r"\s+(is out|released|is here|is live|now available)\b.*$", "", t, flags=re.I)
    t = re.sub(r"\s+v?\d+(\.\d+)*[a-z]*\d*$", "", t)  # trailing version
    return t.strip(" .!?")


def is_word(tok: str, words: set[str]) -> bool:
    t = tok.lower()
    if t in words or t in TECH_WORDS:
        return True
    # the extractor also matches plurals: "Serie" would match "series"
    if t + "s" in words or t + "es" in words:
        return True
    if len(t) > 3 and t.endswith("s") and (t[:-1] in words or t[:-1] in TECH_WORDS):
        return True
    if len(t) > 4 and t.endswith("es") and t[:-2] in words:
        return True
    return is_word_form(t, words)


def is_word_form(t: str, words: set[str]) -> bool:
    """A British spelling or a regular derivation of a dictionary word.

    The word list is American and has few inflected forms, so "colour",
    "bootstrapped" and "columnar" looked like names, were mined from running
    text as packages and fired on ordinary speech (docs/catalog-hygiene.md).
    """
    def base(w: str) -> bool:
        return len(w) >= 4 and (w in words or w in TECH_WORDS)

    # British spellings: colour, behaviour, centre, organise, analyse
    if t.endswith("our") and base(t[:-3] + "or"):
        return True
    if t.endswith("re") and base(t[:-2] + "er"):
        return True
    for brit, amer in (("ise", "ize"), ("ised", "ized"), ("ising", "izing"), ("isation", "ization"), ("yse", "yze")):
        if t.endswith(brit) and base(t[: -len(brit)] + amer):
            return True
    # inflections: bootstrapped, tokenized, parsing, mocked
    for suffix in ("ed", "ing"):
        if t.endswith(suffix) and len(t) > len(suffix) + 3:
            stem = t[: -len(suffix)]
            if base(stem) or (len(stem) > 2 and stem[-1] == stem[-2] and base(stem[:-1])):
                return True
    # adjectives made from nouns: columnar. (Not "-ize": "vendorize" and "tokenize" are
    # names on the show; the stdlib tokenize is curated with context instead.)
    if t.endswith("ar") and base(t[:-2]):
        return True
    return False


# Words that are ordinary English but, inside a compound project name
# ("pip-tools", "pandas-vet", "requests-mock", "python-fire"), mark it as a
# Python project: such a compound is not ambiguous.
ANCHOR_WORDS = set(
    """
    pip pandas flask requests typing rich coverage sphinx poetry docker
    jupyter conda black click textual polars pydantic django pytest numpy
    """.split()
)


def alias_is_ambiguous(alias: str, words: set[str]) -> bool:
    toks = [t for t in re.split(r"[\s_.\-]+", alias) if t]
    if not toks:
        return True
    if len(squash(alias)) <= 3:
        return True
    if len(toks) == 2 and any(t.lower() in ANCHOR_WORDS for t in toks):
        other = [t for t in toks if t.lower() not in ANCHOR_WORDS]
        if not other or other[0].lower() not in TECH_WORDS:
            return False
    if len(toks) == 1 and (toks[0].lower() in PROPER_NOUNS or toks[0].lower() in FIRST_NAMES):
        return True
    return all(is_word(t, words) or t.isdigit() for t in toks)


def split_camel(s: str) -> str | None:
    """'SQLAlchemy' -> 'SQL Alchemy', 'FastAPI' -> 'Fast API'; None if no split."""
    if not re.search(r"[a-z][A-Z]|[A-Z][A-Z][a-z]", s):
        return None
    if " " in s or not re.fullmatch(r"[A-Za-z0-9]+", s):
        return None
    parts = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", s)
    parts = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", parts)
    # "MyST" -> "My ST" would match ordinary speech: skip splits that make a
    # tiny everyday word
    if any(p.lower() in SHORT_WORDS for p in parts.split()):
        return None
    return parts if parts != s else None


def split_compound(s: str, words: set[str]) -> str | None:
    """'removestar' -> 'remove star': a lowercase name that is not a word but
    two dictionary words run together (each at least 3 letters)."""
    if not re.fullmatch(r"[a-z]{6,}", s) or is_word(s, words):
        return None
    splits = []
    for i in range(3, len(s) - 2):
        a, b = s[:i], s[i:]
        if a in words and b in words and a not in SHORT_WORDS and b not in SHORT_WORDS and a not in TECH_WORDS and b not in TECH_WORDS:
            splits.append(f"{a} {b}")
    # 'removes'+'tar' is a worse reading of 'removestar' than 'remove'+'star'
    base = [x for x in splits if not (x.split()[0].endswith("s") and x.split()[0][:-1] in words)]
    return base[0] if len(base) == 1 else None


SHORT_WORDS = set("my go on in to of is it as at be do up we me no so by or an if the and for".split())


# ---------------------------------------------------------------------------
# PyPI
# ---------------------------------------------------------------------------


class PyPI:
    def __init__(self, path: Path):
        self.by_name: dict[str, tuple[int | None, str]] = {}
        self.by_squash: dict[str, list[str]] = collections.defaultdict(list)
        with open(path, encoding="utf-8", errors="replace") as fh:
            header = fh.readline().rstrip("\n").split("\t")
            if header[:1] != ["name"]:
                sys.exit(f"error: unexpected header in {path}: {header}")
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 5:
                    parts += [""] * (5 - len(parts))
                name = pep503(parts[0])
                rank = int(parts[3]) if parts[3].strip().isdigit() else None
                summary = parts[4].strip()
                self.by_name[name] = (rank, summary)
                self.by_squash[squash(name)].append(name)

    def get(self, name: str):
        return self.by_name.get(pep503(name))

    def lookup_squashed(self, s: str) -> str | None:
        cands = self.by_squash.get(squash(s))
        if not cands:
            return None
        # prefer the exact pep503 form, then the best ranked
        cands = sorted(cands, key=lambda n: (self.by_name[n][0] is None, self.by_name[n][0] or 0, n))
        return cands[0]


# ---------------------------------------------------------------------------
# Show notes parsing
# ---------------------------------------------------------------------------

LINK_RE = re.compile(r"\[((?:[^\[\]\n]|\[[^\]\n]*\])+)\]\((https?://[^\s)]+(?:\([^\s)]*\)[^\s)]*)?)\)")
ITEM_HEAD_RE = re.compile(r"^(\*\*[^*\n]{0,40}#\d|\*\*#\d|#{1,3}\s|\[\*\*)")

SOCIAL_HOSTS = (
    "twitter.com", "x.com", "fosstodon.org", "mastodon.social", "bsky.app",
    "linkedin.com", "hachyderm.io", "mas.to", "chaos.social", "sixfeetup.social",
    "infosec.exchange", "mstdn.social", "threads.net",
)


class Item:
    __slots__ = ("file", "head", "text", "links", "code")

    def __init__(self, file, head):
        self.file = file
        self.head = head
        self.text = []
        self.links = []
        self.code = []  # lines of code blocks (only read for `pip install NAME`)


def parse_notes(notes_dir: Path) -> list[Item]:
    items: list[Item] = []
    files = sorted(p for p in notes_dir.iterdir() if p.suffix == ".md")
    if not files:
        sys.exit(f"error: no .md files in {notes_dir}")
    for path in files:
        cur = Item(path.name, "")
        items.append(cur)
        in_code = False
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip().startswith("```"):
                in_code = not in_code
                continue
            if in_code or line.startswith("    ") and not line.strip().startswith(("-", "*")):
                cur.code.append(line)
                continue
            if ITEM_HEAD_RE.match(line.strip()):
                cur = Item(path.name, line.strip())
                items.append(cur)
            cur.text.append(line)
            for m in LINK_RE.finditer(line):
                cur.links.append((m.group(1), m.group(2), line))
    return items


def host_of(url: str) -> str:
    h = re.sub(r"^https?://", "", url).split("/")[0].split(":")[0].lower()
    return h[4:] if h.startswith("www.") else h


def github_parts(url: str):
    m = re.match(r"https?://(?:www\.)?github\.com/([^/?#]+)(?:/([^/?#]+))?(/[^?#]*)?", url)
    if not m:
        return None
    owner, repo, rest = m.group(1), m.group(2), (m.group(3) or "")
    if repo:
        repo = re.sub(r"\.git$", "", repo)
    return owner, repo, rest


# Hosts whose pages never are a project's own site (for pass 1b).
NO_PROJECT_HOSTS = (
    "pythonbytes.fm", "talkpython.fm", "youtube.com", "youtu.be", "wikipedia.org",
    "reddit.com", "news.ycombinator.com", "amazon.com", "patreon.com", "t.co",
    "trello-attachments.s3.amazonaws.com", "dropboxstatic.com", "dropbox.com",
    "digitaloceanspaces.com", "pythontest.com", "testandcode.com",
)
GITHUB_NON_OWNERS = {"sponsors", "orgs", "topics", "features", "marketplace", "apps", "settings", "about", "collections", "python", "pypa"}
NON_ROOT_PATHS = ("/issues", "/pull", "/releases", "/commit", "/discussions", "/compare", "/actions", "/wiki")
# Names on PyPI that a link text uses for something else.
LINK_DENY = set(
    """
    python pycon pydata jupyter github twitter youtube reddit wikipedia google
    microsoft apple amazon mozilla episode podcast talk blog video slides
    article docs documentation readme changelog tutorial release announcement
    hacker pep peps issue issues stackoverflow
    """.split()
)
GENERIC_LABELS = set(
    "www docs doc documentation blog blogs en wiki api app apps dev get try use "
    "pages io com org net readthedocs github gitlab githubusercontent pypi python "
    "py the my".split()
)


def py_strip_variants(s: str) -> set[str]:
    """Squashed forms of a name with and without a python/py prefix or suffix:
    'python-cerberus' -> {'pythoncerberus', 'cerberus'}, 'pyinvoke' -> {.., 'invoke'}."""
    s0 = s.lower()
    out = {squash(s0)}
    m = re.fullmatch(r"(?:python|py)[-_.]?(.{3,})", s0)
    if m:
        out.add(squash(m.group(1)))
    m = re.fullmatch(r"(.{3,}?)[-_.]?(?:python|py)", s0)
    if m:
        out.add(squash(m.group(1)))
    out.discard("")
    return out


def url_names(url: str) -> set[str]:
    """Squashed names a URL is about: host labels (and their '-' parts) and
    the first path segments, each with and without a py/python affix."""
    host = host_of(url)
    labels = host.split(".")
    if len(labels) > 1:
        labels = labels[:-1]
    out: set[str] = set()
    for l in labels:
        if l in GENERIC_LABELS:
            continue
        out |= py_strip_variants(l)
        for part in l.split("-"):
            if part not in GENERIC_LABELS and len(part) >= 3:
                out |= py_strip_variants(part)
    path = re.sub(r"^https?://[^/]+", "", url).split("?")[0].split("#")[0]
    for seg in [x for x in path.split("/") if x][:4]:
        seg = re.sub(r"\.(html?|php|md|rst|aspx)$", "", seg)
        if re.fullmatch(r"[A-Za-z][\w.-]{1,60}", seg):
            out |= py_strip_variants(seg)
    return out


def is_social(url: str) -> bool:
    h = host_of(url)
    if any(h == s or h.endswith("." + s) for s in SOCIAL_HOSTS):
        path = re.sub(r"^https?://[^/]+", "", url)
        return "/status/" not in path and "/post/" not in path and path.count("/") <= 2
    if re.match(r"https?://[^/]+/@[\w.]+/?$", url):
        return True
    gp = github_parts(url)
    return bool(gp and not gp[1])


NAME_TOKEN = r"[A-ZÀ-ÖØ-ÞŁ][a-zà-öø-ÿłńśźżćę'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ']+)?"
NAME_PARTICLE = r"(?:van|von|der|de|da|del|di|du|la|le|ten|ter)"
MIDDLE = r"(?:[A-Z]\.|" + NAME_TOKEN + r")"
PERSON_RE = re.compile(
    rf"^{NAME_TOKEN}(?:\s{MIDDLE})?(?:\s{NAME_PARTICLE}){{0,2}}\s(?:Mc|Mac|O')?{NAME_TOKEN}$"
)


def foreign_name(text: str) -> bool:
    """'Serdar Yegulalp': a given name missing from first_names.txt, accepted
    when neither the first nor the last token is an English word, a tech word,
    a proper noun of the dictionary or the name of a known project."""
    toks = text.split()
    if PYPI_REF and PYPI_REF[0].lookup_squashed(text):
        return False  # 'Apache Libcloud' is a project
    for t in (toks[0], toks[-1]):
        tl = fold(t).lower()
        if tl in WORDS or tl in TECH_WORDS or tl in KNOWN_NAMES or tl in PROPER_NOUNS_NONPERSON:
            return False
        if tl.startswith("py") or len(tl) < 3:
            return False
    return True


def person_like(text: str, words: set[str]) -> bool:
    if not PERSON_RE.match(text):
        return False
    toks = text.split()
    if any(t.lower().strip(".") in STOP_NAME_TOKENS for t in toks):
        return False
    last = toks[-1]
    if last.lower() in TECH_WORDS:
        return False
    return True


# ---------------------------------------------------------------------------
# Entity accumulation
# ---------------------------------------------------------------------------


class Acc:
    def __init__(self, eid: str, kind: str):
        self.id = eid
        self.kind = kind
        self.names = collections.Counter()  # display-name candidates
        self.aliases: list[str] = []
        self.pypi: str | None = None
        self.homepages = collections.Counter()
        self.description: str | None = None
        self.episodes: set[str] = set()
        self.context: list[str] = []
        self.tags: set[str] = {"python-bytes"}
        self.head_items: list = []  # show-note items whose heading names it

    def note_item(self, item, display: str):
        self.episodes.add(item.file)
        k = squash(display)
        if item.head and len(k) >= 3 and k in squash(LINK_RE.sub(lambda m: m.group(1), item.head)):
            if item not in self.head_items:
                self.head_items.append(item)

    def add_alias(self, a: str):
        a = re.sub(r"\s+", " ", a).strip()
        if a and a.lower() not in (x.lower() for x in self.aliases):
            self.aliases.append(a)


def title_looks_like(core: str, name: str) -> bool:
    return squash(core) == squash(name) and squash(name) != ""


def package_variants(display: str, pypi_name: str | None) -> list[str]:
    out = [display]
    if pypi_name and squash(pypi_name) == squash(display):
        out.append(pypi_name)
    for v in list(out):
        if re.search(r"[-_.]", v):
            out.append(re.sub(r"[-_.]+", " ", v))
        c = split_camel(v)
        if c:
            out.append(c)
    # strip a trailing '.py' / 'py' written form: 'coverage.py' -> keep; also add spoken 'coverage py'
    return out


PIE_PHRASES = set("chart charts crust eating eater shop shell hole chef recipe tin day".split())


def spoken_py_variants(name: str, words: set[str]) -> list[tuple[str, bool]]:
    """How speech-to-text writes a py-prefixed name: 'pyinstrument' ->
    'py instrument', 'pie instrument', 'pi instrument'. Only when the rest is
    itself a word (a listener hears "pie" + "instrument"); such a phrase is
    not ordinary speech, except a few food/maths ones ("pie chart")."""
    m = re.fullmatch(r"(?i)py[-_ ]?([a-z][a-z0-9]{2,})", name)
    if not m:
        return []
    rest = m.group(1).lower()
    if not is_word(rest, words):
        return []
    amb = rest in PIE_PHRASES
    return [(f"py {rest}", amb), (f"pie {rest}", amb), (f"pi {rest}", amb)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notes", nargs="?", default=str(DEFAULT_NOTES), help="show notes directory")
    ap.add_argument("--pypi", default=str(DEFAULT_PYPI), help="PyPI TSV (name, version, month, rank, summary)")
    ap.add_argument("--words", default=str(DEFAULT_WORDS), help="English word list (one word a line)")
    ap.add_argument("--first-names", default=str(HERE / "first_names.txt"))
    ap.add_argument("--curated", default=str(DEFAULT_CURATED), help="curated TOML dir (aliases it claims are dropped here)")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--transcripts", default=str(DEFAULT_TRANSCRIPTS),
                    help="transcripts directory, only to measure how common a word is in speech (optional)")
    args = ap.parse_args(argv)

    words = load_words(Path(args.words))
    WORDS.update(words)
    speech_df, n_transcripts = load_speech_df(Path(args.transcripts))
    PROPER_NOUNS.update(load_proper_nouns(Path(args.words)))
    first_names = load_first_names(Path(args.first_names))
    FIRST_NAMES.update(first_names)
    pypi = PyPI(Path(args.pypi))
    PYPI_REF.append(pypi)
    items = parse_notes(Path(args.notes))

    ents: dict[str, Acc] = {}

    def get(eid: str, kind: str) -> Acc | None:
        e = ents.get(eid)
        if e is None:
            e = ents[eid] = Acc(eid, kind)
        elif e.kind != kind:
            # a package wins over software of the same id; persons never merge
            if e.kind == "software" and kind == "package":
                e.kind = "package"
            elif not (e.kind == "package" and kind == "software"):
                return None
        return e

    def item_words(item: Item) -> set[str]:
        body = " ".join(item.text)
        body = LINK_RE.sub(lambda m: " " + m.group(1) + " ", body)
        body = re.sub(r"https?://\S+", " ", body)
        return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", body)}

    def summary_overlaps(summary: str, iw: set[str]) -> bool:
        toks = {t.lower() for t in re.findall(r"[A-Za-z]{4,}", summary)} - SUMMARY_STOP
        return bool(toks & iw)

    def add_package(pname: str, display: str, item: Item, homepage: str | None, source: str):
        if pname in NOT_PYTHON_PACKAGES:
            return
        rank, summary = pypi.by_name[pname]
        e = get(pname, "package")
        if e is None:
            return
        e.pypi = pname
        e.names[display] += 1
        e.note_item(item, display)
        if homepage:
            e.homepages[homepage] += 1
        if summary and not e.description:
            e.description = summary
        if rank is not None:
            e.tags.add("pypi-top-15000")

    def add_software(name: str, display: str, item: Item, homepage: str | None):
        eid = slug(name)
        if not eid or not ID_RE.match(eid):
            return
        e = get(eid, "software")
        if e is None:
            return
        e.names[display] += 1
        e.note_item(item, display)
        if homepage:
            e.homepages[homepage] += 1

    persons: dict[str, Acc] = {}

    def add_person(name: str, item: Item, homepage: str | None, guest=False):
        name = re.sub(r"\s+", " ", name.strip())
        name = re.sub(r"(?i)^(thanks|thank you|via|by|cc|hat tip|h/t)\s+", "", name)
        name = re.sub(r"['’]s?$", "", name)
        name = re.sub(r"['’]s\s.*$", "", name)
        if not person_like(name, words):
            return
        first = name.split()[0]
        if first.lower() in words and first.lower() not in first_names:
            return
        eid = re.sub(r"[^a-z0-9]+", "-", fold(name).lower()).strip("-")
        if not eid or not ID_RE.match(eid):
            return
        e = persons.get(eid)
        if e is None:
            e = persons[eid] = Acc(eid, "person")
        e.names[name] += 1
        e.episodes.add(item.file)
        if homepage:
            e.homepages[homepage] += 1
        if guest:
            e.tags.add("guest")

    # ---- pass 1: links -------------------------------------------------
    for item in items:
        iw = None
        for raw_text, url, line in item.links:
            text = clean_text(raw_text)
            core = core_of(raw_text)
            host = host_of(url)
            # pypi.org/project/NAME
            m = re.match(r"https?://(?:www\.)?pypi\.(?:python\.)?org/(?:project|pypi)/([A-Za-z0-9._-]+)", url)
            if m:
                pname = pep503(m.group(1))
                if pname in pypi.by_name:
                    disp = core if title_looks_like(core, pname) else m.group(1)
                    add_package(pname, disp, item, None, "pypi")
                continue
            # docs.python.org/.../library/NAME.html  -> standard library module
            m = re.match(r"https?://docs\.python\.org/(?:[\d.]+/|dev/)?library/([a-z0-9_.]+)\.html", url)
            if m and squash(core) == squash(m.group(1)):
                mod = m.group(1)
                e = get(pep503(mod) if "." not in mod else mod.lower(), "package")
                if e is not None:
                    e.names[mod] += 1
                    e.episodes.add(item.file)
                    e.tags.add("stdlib")
                    e.homepages[f"https://docs.python.org/3/library/{mod}.html"] += 1
                    if not e.description:
                        e.description = "Python standard library module"
                continue
            gp = github_parts(url)
            if gp and host in ("github.com",):
                owner, repo, rest = gp
                if not repo:
                    if is_social(url) and person_like(text, words):
                        add_person(text, item, url)
                    continue
                if owner.lower() in ("sponsors", "orgs", "topics", "features", "marketplace", "apps", "settings", "about", "collections"):
                    continue
                repo_root = f"https://github.com/{owner}/{repo}"
                cands = [repo]
                stripped = re.sub(r"(?i)^(python|py)[-_]|[-_.](python|py)$|(?<=[a-z]{4})py$", "", repo)
                if stripped and stripped != repo and len(stripped) >= 3:
                    cands.append(stripped)
                matched = False
                for i, cand in enumerate(cands):
                    if not (title_looks_like(core, cand) or title_looks_like(core, repo)):
                        continue
                    pname = pep503(cand)
                    info = pypi.by_name.get(pname)
                    if info is None:
                        continue
                    rank, summary = info
                    if iw is None:
                        iw = item_words(item)
                    if i == 0 and rank is None and not summary_overlaps(summary, iw):
                        continue
                    if i > 0 and rank is None:
                        continue
                    disp = core if title_looks_like(core, cand) else cand
                    add_package(pname, disp, item, repo_root, "github")
                    matched = True
                    break
                if not matched and title_looks_like(core, repo) and not rest.startswith(("/issues", "/pull", "/releases", "/commit", "/discussions")):
                    add_software(repo, core, item, repo_root)
                continue
            if is_social(url):
                if person_like(text, words):
                    add_person(text, item, None)
                continue
            # single-name link whose host names it: tenacity.readthedocs.io, structlog.org, ...
            if not core or len(core) > 40 or " " in core.strip():
                continue
            labels = [squash(l) for l in host.split(".")[:-1]]
            labels += [squash(x) for x in re.split(r"[-]", host.split(".")[0])]
            sc = squash(core)
            if len(sc) < 2 or sc not in labels or host.endswith(("docs.python.org", "wikipedia.org", "youtube.com", "medium.com", "reddit.com", "pythonbytes.fm", "talkpython.fm")):
                continue
            pname = pypi.lookup_squashed(core)
            homepage = re.match(r"https?://[^/]+/?", url).group(0).rstrip("/")
            company_site = re.fullmatch(r"[a-z0-9-]+\.(com|co|ai|app|net|tech|us|so)", host) is not None
            if pname and company_site:
                rank, summary = pypi.by_name[pname]
                if rank is None or SERVICE_CLIENT_RE.search(summary):
                    pname = None  # the site is a company/service; the PyPI project is its client
            if pname:
                rank, summary = pypi.by_name[pname]
                if iw is None:
                    iw = item_words(item)
                if rank is not None or summary_overlaps(summary, iw):
                    add_package(pname, core, item, homepage, "site")
                    continue
            if re.fullmatch(r"[A-Za-z][A-Za-z0-9.+-]*", core) and not re.search(r"\.(com|org|io|net|fm|dev|app)$", core, re.I):
                add_software(core, core, item, homepage)

    # ---- pass 1b: every link whose text names a PyPI project -------------------
    # Across all items (not only headings): the link text, the first word of
    # it, or the GitHub repo it points to is a PyPI project. A form that is an
    # ordinary word is only taken from an item heading whose link points at
    # the project itself (`[invoke](http://www.pyinvoke.org/)`); an unranked
    # project needs a PyPI summary sharing a word with the item.
    for item in items:
        iw = None
        for raw_text, url, line in item.links:
            if is_social(url):
                continue
            host = host_of(url)
            if host.endswith(NO_PROJECT_HOSTS):
                continue
            text = clean_text(raw_text)
            core = core_of(raw_text)
            if not core or len(core) > 60:
                continue
            in_head = line.strip() == item.head
            names = url_names(url)
            toks = core.split()
            cands: list[tuple[str, bool]] = []  # (form, is the whole core)
            if len(toks) == 1 or squash(core) in names:
                cands.append((core, True))
            if len(toks) > 1 and re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*", toks[0]):
                cands.append((toks[0], False))
            gp = github_parts(url) if host == "github.com" else None
            if gp and gp[1] and gp[0].lower() not in GITHUB_NON_OWNERS and not (gp[2] or "").startswith(NON_ROOT_PATHS):
                repo = gp[1]
                if any(len(v) >= 4 and v in squash(text) for v in py_strip_variants(repo)):
                    cands.append((repo, False))
            for c, whole in cands:
                if len(squash(c)) < 3:
                    continue
                related = bool(py_strip_variants(c) & names)
                pname = pep503(c) if pep503(c) in pypi.by_name else None
                if pname is None:
                    continue
                if pname in NOT_PYTHON_PACKAGES or pname in LINK_DENY:
                    continue
                rank, summary = pypi.by_name[pname]
                word = alias_is_ambiguous(c, words) or c.lower() in PROPER_NOUNS
                if word and not (in_head and related):
                    continue
                if not related and not (whole or rank is not None):
                    continue
                if iw is None:
                    iw = item_words(item)
                if rank is None and not summary_overlaps(summary, iw):
                    continue
                homepage = None
                if related:
                    homepage = (f"https://github.com/{gp[0]}/{gp[1]}" if gp and gp[1] else re.match(r"https?://[^/]+/?", url).group(0).rstrip("/"))
                add_package(pname, c, item, homepage, "link")
                break

    # ---- pass 1c: `pip install NAME` anywhere in the notes (code blocks too) ----
    pip_re = re.compile(r"\b(?:pip3?|python3? -m pip|uv pip|pipx|uv tool) install\s+((?:-{1,2}[\w-]+\s+)*)([A-Za-z0-9][\w.\-]*(?:\[[\w,\s-]*\])?(?:[ \t]+[A-Za-z][\w.\-]*(?:\[[\w,\s-]*\])?)*)|\buv add\s+((?:-{1,2}[\w-]+\s+)*)([A-Za-z0-9][\w.\-]*(?:[ \t]+[A-Za-z][\w.\-]*)*)")
    for item in items:
        iw = None
        for line in item.text + item.code:
            plain = LINK_RE.sub(lambda m: m.group(1), line).replace("`", " ").replace("*", "")
            for m in pip_re.finditer(plain):
                spec = m.group(2) or m.group(4) or ""
                for tok in spec.split():
                    tok = re.sub(r"\[.*$", "", tok)
                    tok = re.split(r"[=<>~!]", tok)[0].strip(".,;:")
                    if tok.startswith("-") or len(tok) < 3 or "/" in tok:
                        break
                    pname = pep503(tok)
                    if pname not in pypi.by_name or pname in NOT_PYTHON_PACKAGES or pname in LINK_DENY:
                        continue
                    rank, summary = pypi.by_name[pname]
                    if iw is None:
                        iw = item_words(item)
                    if rank is None and not summary_overlaps(summary, iw):
                        continue
                    add_package(pname, tok, item, None, "pip")

    curated_aliases, curated_ids = load_curated(Path(args.curated))
    KNOWN_NAMES.update(
        a for a, (cid, amb) in curated_aliases.items()
        if not amb and " " not in a and not cid.count("-")
    )
    for e in ents.values():
        KNOWN_NAMES.update(n.lower() for n in e.names if " " not in n)

    # ---- pass 2: people in running text ------------------------------------
    social_first = {p.names.most_common(1)[0][0].split()[0].lower() for p in persons.values()}
    name_pat = rf"{NAME_TOKEN}(?:\s{MIDDLE})?(?:\s{NAME_PARTICLE}){{0,2}}\s(?:Mc|Mac|O')?{NAME_TOKEN}"
    via_re = re.compile(rf"(?:\b(?:via|by|from|thanks to|suggested by|recommended by|author|Special guests?:?)\s+\[?\**\s*)({name_pat})\b")
    bullet_re = re.compile(rf"^\s*[-*]\s+\**({name_pat})\**\s*(?:$|\s[-–—]\s|,\s|:\s|\()")
    handle_re = re.compile(rf"({name_pat})\**\s*[,:]?\s*\(?\s*\[@[\w.@-]+\]\(")
    for item in items:
        # a person-like link text pointing anywhere (a blog, a talk, a profile)
        for raw_text, url, line in item.links:
            t = clean_text(raw_text)
            if "@" in t or not person_like(t, words):
                continue
            first = t.split()[0].lower()
            if first in first_names or first in social_first:
                add_person(t, item, url if is_social(url) else None)
        for line in item.text:
            # "Lynn Root, [@roguelynn](https://twitter.com/roguelynn)": a name
            # right before a handle link
            for m in handle_re.finditer(line.replace("*", "")):
                c = m.group(1).strip()
                c = re.sub(r"^(?:by|via|from|thanks to|Special guests?:?)\s+", "", c)
                if person_like(c, words):
                    add_person(c, item, None, guest="guest" in line.lower())
            plain = LINK_RE.sub(lambda m: m.group(1), line)
            plain = plain.replace("*", "")
            cands = [m.group(1) for m in via_re.finditer(plain)]
            m = bullet_re.match(plain)
            if m:
                cands.append(m.group(1))
            for c in cands:
                c = c.strip()
                if not person_like(c, words):
                    continue
                first = c.split()[0].lower()
                if first not in first_names and first not in social_first and not foreign_name(c):
                    continue
                add_person(c, item, None, guest="guest" in line.lower())

    persons = merge_persons(persons)

    # ---- pass 3: package names in running text --------------------------------
    text_packages(items, pypi, words, ents, get, add_package)

    # ---- build final entities ------------------------------------------------
    for e in ents.values():
        KNOWN_NAMES.update(n.lower() for n in e.names if " " not in n)

    out = []
    used_alias: dict[str, str] = {}

    def finish(e: Acc):
        display = pick_display(e)
        # the curated catalog already owns this very name: it is the same
        # thing under another id, so emit nothing rather than leftovers
        for n in list(e.names) + ([e.pypi] if e.pypi else []):
            owner = curated_aliases.get(n.lower())
            if owner and owner[0] != e.id:
                return None
        aliases: list[tuple[str, bool]] = []
        if e.kind == "person":
            names = sorted(e.names, key=lambda n: (-e.names[n], n))
            for n in names:
                aliases.append((n, False))
                f = fold(n)
                if f != n:
                    aliases.append((f, False))
                nm = re.sub(r"\s[A-Z]\.\s", " ", n)
                if nm != n:
                    aliases.append((nm, False))
            # Bare names need evidence. A common given name ("Michael",
            # "David") or a name that is an English word ("Booth", "Edge") is
            # no evidence of this person at all, so it is not listed.
            toks = display.split()
            first, last = toks[0], toks[-1]
            if first.lower() not in first_names and first.lower() not in words and len(first) > 2:
                aliases.append((first, True))
            for l in dict.fromkeys([last, fold(last)]):
                if l.lower() not in words and l.lower() not in first_names and len(l) > 3:
                    aliases.append((l, True))
        else:
            forms = []
            for n in sorted(e.names, key=lambda n: (-e.names[n], n)):
                forms += package_variants(n, e.pypi)
            if e.pypi:
                forms += package_variants(e.pypi, e.pypi)
                for v, amb in spoken_py_variants(e.pypi, words):
                    aliases.append((v, amb))
            for f in forms:
                aliases.append((f, alias_is_ambiguous(f, words)))
            # a run-together name said as its words: 'removestar' -> 'remove star'
            for f in list(forms):
                sp = split_compound(f, words)
                if sp:
                    aliases.append((sp, True))
        # dedupe, keep first verdict but ambiguity is sticky
        seen: dict[str, list] = {}
        order = []
        for a, amb in aliases:
            a = re.sub(r"\s+", " ", a).strip()
            if not a or not re.search(r"[A-Za-z0-9]", a):
                continue
            k = a.lower()
            if k in seen:
                seen[k][1] = seen[k][1] or amb
            else:
                seen[k] = [a, amb]
                order.append(k)
        unamb, amb = [], []
        for k in list(order):
            a, is_amb = seen[k]
            if (is_amb and e.kind != "person" and n_transcripts and re.fullmatch(r"[a-z]+", k)
                    and speech_df.get(k, 0) > COMMON_SPEECH_SHARE * n_transcripts):
                order.remove(k)
        for k in order:
            a, is_amb = seen[k]
            if k in curated_aliases and curated_aliases[k][0] != e.id:
                if not curated_aliases[k][1]:
                    continue  # a curated entity owns this surface form
                is_amb = True  # curated marks it ambiguous: so must we
            if e.kind != "person" and k in TECH_WORDS:
                is_amb = True
            (amb if is_amb else unamb).append(a)
        if not unamb and not amb:
            return None
        if not unamb:
            # Known only by ordinary words. A software project of that kind is
            # too weak a signal: drop it. A package keeps the unmistakable
            # "pip install NAME" as its one unconditional alias, if it is a
            # top-15000 project or mentioned in two episodes or more.
            if e.kind != "package" or not e.pypi or len(e.pypi) <= 2:
                return None
            if "pypi-top-15000" not in e.tags and len(e.episodes) < 2 and not e.head_items:
                return None
            unamb = [f"pip install {e.pypi}"]
        if e.kind == "software" and len(display.split()) > 3:
            return None
        obj = {"id": e.id, "name": display, "kind": e.kind}
        obj["aliases"] = unamb
        if amb:
            obj["ambiguous_aliases"] = amb
        if amb and e.kind != "person":
            ctx = list(GENERIC_PACKAGE_CONTEXT if e.kind == "package" else GENERIC_SOFTWARE_CONTEXT)
            if e.description:
                for t in re.findall(r"[A-Za-z][A-Za-z0-9+-]*", e.description):
                    t = t.lower()
                    if t in CONTEXT_VOCAB and t not in (c.lower() for c in ctx) and len(ctx) < 10:
                        ctx.append(t)
            # words of the show-note segment about it that are likely said
            # around its name: topic vocabulary and names of other projects
            if e.head_items:
                own = {squash(n) for n in e.names} | ({squash(e.pypi)} if e.pypi else set())
                cnt = collections.Counter()
                for it in e.head_items:
                    body = LINK_RE.sub(lambda m: " " + m.group(1) + " ", "\n".join(it.text))
                    body = re.sub(r"https?://\S+", " ", body)
                    for t in re.findall(r"[A-Za-z][A-Za-z0-9+-]*[A-Za-z0-9]", body):
                        tl = t.lower()
                        if squash(t) in own or tl in STOP_CONTEXT:
                            continue
                        named = tl in KNOWN_NAMES and tl not in TECH_WORDS and len(tl) >= 4 and tl not in words and tl not in PROPER_NOUNS
                        if tl in CONTEXT_VOCAB or named:
                            cnt[tl] += 1
                for t, _ in sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0])):
                    if len(ctx) >= 14:
                        break
                    if t not in (c.lower() for c in ctx):
                        ctx.append(t)
            obj["context"] = ctx
        if e.pypi:
            obj["pypi"] = e.pypi
        hp = pick_homepage(e)
        if hp:
            obj["homepage"] = hp
        if e.description:
            d = re.sub(r"\s+", " ", e.description).strip()
            if len(d) > 120:
                d = d[:117].rsplit(" ", 1)[0] + "..."
            obj["description"] = d
        obj["tags"] = sorted(e.tags)
        return obj

    all_ents = list(ents.values()) + [p for p in persons.values() if p.id not in ents]
    for e in sorted(all_ents, key=lambda x: x.id):
        if e.id in curated_ids:
            continue  # the curated entity overrides it entirely; do not emit a stale copy
        obj = finish(e)
        if obj is None:
            continue
        out.append(obj)

    # resolve remaining alias collisions inside the generated set: an alias
    # claimed unambiguously by two entities stays with the first (by id) and
    # becomes ambiguous in the later one; an entity left with no unambiguous
    # alias is dropped.
    owner: dict[str, str] = {}
    kept = []
    for obj in out:
        keep, moved = [], []
        for a in obj["aliases"]:
            k = a.lower()
            if k in owner and owner[k] != obj["id"]:
                moved.append(a)
            else:
                keep.append(a)
        if not keep:
            continue
        for a in keep:
            owner[a.lower()] = obj["id"]
        obj["aliases"] = keep
        if moved:
            amb = obj.setdefault("ambiguous_aliases", [])
            amb.extend(a for a in moved if a.lower() not in {x.lower() for x in amb})
        kept.append(obj)
    out = kept
    # an alias that became ambiguous in a later entity must be ruled on one
    # side: the later entity now lists it as ambiguous, which satisfies it.

    out.sort(key=lambda o: o["id"])
    ordered = [reorder(o) for o in out]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(ordered, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    kinds = collections.Counter(o["kind"] for o in ordered)
    print(f"wrote {len(ordered)} entities to {args.out}: " + ", ".join(f"{k}={v}" for k, v in sorted(kinds.items())))
    return 0


NICKNAMES = {
    "tim": "timothy", "will": "william", "bill": "william", "matt": "matthew",
    "mike": "michael", "dan": "daniel", "dave": "david", "chris": "christopher",
    "jim": "james", "jon": "jonathan", "nick": "nicholas", "tom": "thomas",
    "rob": "robert", "bob": "robert", "sam": "samuel", "alex": "alexander",
    "ben": "benjamin", "andy": "andrew", "steve": "steven", "joe": "joseph",
    "ed": "edward", "greg": "gregory", "jeff": "jeffrey", "ken": "kenneth",
    "pat": "patrick", "doug": "douglas", "josh": "joshua", "zach": "zachary",
    "sara": "sarah", "stephen": "steven", "philip": "phillip", "phil": "phillip",
}


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def same_person(a: str, b: str) -> bool:
    ta, tb = fold(a).lower().split(), fold(b).lower().split()
    fa, fb = NICKNAMES.get(ta[0], ta[0]), NICKNAMES.get(tb[0], tb[0])
    if fa != fb:
        # 'Christian'/'Cristian', 'Cris'/'Cristian' with the very same surname
        close = (len(fa) >= 5 and len(fb) >= 5 and edit_distance(fa, fb) <= 1) or (
            min(len(fa), len(fb)) >= 3 and (fa.startswith(fb) or fb.startswith(fa)))
        if not (close and len(ta) > 1 and len(tb) > 1 and ta[-1] == tb[-1] and len(ta[-1]) >= 4):
            return False
    ra = [p for t in ta[1:] for p in t.split("-")]
    rb = [p for t in tb[1:] for p in t.split("-")]
    if not ra or not rb:
        return False
    # the surname of one must be among the other's later name parts (or a near spelling of it)
    for x in (ra[-1],):
        for y in rb:
            if x == y or (len(x) >= 5 and len(y) >= 5 and edit_distance(x, y) <= (1 if min(len(x), len(y)) < 7 else 2)):
                return True
    for y in (rb[-1],):
        for x in ra:
            if x == y or (len(x) >= 5 and len(y) >= 5 and edit_distance(x, y) <= (1 if min(len(x), len(y)) < 7 else 2)):
                return True
    return False


def merge_persons(persons: dict) -> dict:
    """Merge spelling variants of one person ('Ned Badtchelder' -> 'Ned Batchelder',
    'Pablo Galindo' + 'Pablo Galindo Salgado'); the most mentioned spelling names it."""
    ids = sorted(persons, key=lambda i: (-sum(persons[i].names.values()), -len(persons[i].episodes), i))
    merged: dict = {}
    for pid in ids:
        e = persons[pid]
        name = e.names.most_common(1)[0][0]
        target = None
        for m in merged.values():
            shared_profile = {h.lower().rstrip("/") for h in m.homepages} & {h.lower().rstrip("/") for h in e.homepages}
            if same_person(m.names.most_common(1)[0][0], name) or (
                shared_profile and name.split()[-1].lower() == m.names.most_common(1)[0][0].split()[-1].lower()):
                target = m
                break
        if target is None:
            merged[pid] = e
            continue
        target.names.update(e.names)
        target.episodes |= e.episodes
        target.homepages.update(e.homepages)
        target.tags |= e.tags
    return merged


def text_packages(items, pypi, words, ents, get, add_package):
    """Package names written in the running text of the notes ('Embeds
    pycodestyle, mccabe and pyflakes'): a token that is exactly the name of a
    top-15000 PyPI project, is not an English word or a proper noun, and is
    written at least once in lowercase or as an identifier (hyphen, underscore,
    digit, or a 'Py' prefix)."""
    forms = collections.defaultdict(collections.Counter)
    where = collections.defaultdict(list)
    for it in items:
        body = "\n".join(it.text)
        body = LINK_RE.sub(lambda m: " " + m.group(1) + " ", body)
        body = re.sub(r"https?://\S+", " ", body)
        # names marked as code or bold (`dovpanda`, **termtosvg**): an unranked
        # project is taken too, if its PyPI summary shares two words with the item
        marked = {m.group(1) or m.group(2) for m in re.finditer(r"`([A-Za-z][\w-]+)`|\*\*([A-Za-z][\w-]+)\*\*", body)}
        iw = None
        for m in re.finditer(r"(?<![\w/.@-])([A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*)(?![\w/@])", body):
            t = m.group(1).strip(".")
            if len(t) < 4 or "." in t or re.search(r"\.(toml|py|txt|cfg|json|md|yml|yaml|ini|lock|ipynb|html|exe|sh)$", t, re.I):
                continue
            n = pep503(t)
            info = pypi.by_name.get(n)
            if not info:
                continue
            if info[0] is None:
                if t not in marked or len(t) < 5 or t.lower() in SHELL_WORDS:
                    continue
                if iw is None:
                    iw = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", body)}
                toks = {x.lower() for x in re.findall(r"[A-Za-z]{4,}", info[1])} - SUMMARY_STOP - {t.lower()}
                if len(toks & iw) < 2:
                    continue
            forms[n][t] += 1
            where[n].append(it)
    for n, fc in sorted(forms.items()):
        if n in ents:
            for it in where[n]:
                ents[n].episodes.add(it.file)
            continue
        shown = list(fc)
        if any(alias_is_ambiguous(f, words) for f in shown):
            continue
        if any(f.lower() in PROPER_NOUNS for f in shown) or n in NOT_PYTHON_PACKAGES:
            continue
        if not any(f == f.lower() or re.search(r"[-_\d]", f) or re.match(r"(?i)py[a-z]", f) for f in shown):
            continue
        # the best-written form: most frequent, capitals preferred on ties
        disp = sorted(fc.items(), key=lambda kv: (-kv[1], kv[0] == kv[0].lower(), kv[0]))[0][0]
        for it in where[n]:
            add_package(n, disp, it, None, "text")
        for f in fc:
            if f != disp:
                ents[n].names[f] += 0  # record the written variant as an alias source


PROPER_NOUNS: set = set()
FIRST_NAMES: set = set()
WORDS: set = set()
PYPI_REF: list = []
# capitalised dictionary entries that are places or brands, never a given name
PROPER_NOUNS_NONPERSON = set(
    """
    america europe asia africa london paris berlin google amazon microsoft apple
    windows linux android oracle intel nvidia mozilla firefox chrome safari
    """.split()
)
# shell commands and Python keywords/builtins written as code in the notes
SHELL_WORDS = set(
    """
    chmod chown sudo socat passwd chdir dedent elif eval exec lambda yield
    nonlocal print input assert import cdef cpdef mkdir rmdir touch xargs
    """.split()
)
KNOWN_NAMES: set = set()  # lowercased one-word names of curated and mined entities
STOP_CONTEXT = set(
    """
    python pythons pip install pypi github episode podcast pycon pep peps cpython
    pythonbytes talkpython twitter mastodon bluesky youtube google facebook
    microsoft linux macos windows documentation examples example build just
    """.split()
)

# Names that exist on PyPI but, written in the show notes, mean something else
# (a service, a Rust crate, a C API, a concept): never mined from running text.
NOT_PYTHON_PACKAGES = set(
    """
    tokio perceptron pymem monday english postgres mysql bluesky openapi jose
    pamela monty wikipedia codecov cloudwatch bigquery kafka datadog cloudflare
    anthropic twilio mailtrap databricks teradata fastly ansible keras
    """.split()
)


KEY_ORDER = ["id", "name", "kind", "aliases", "ambiguous_aliases", "context", "exclude", "case_sensitive", "pypi", "homepage", "description", "tags"]


def reorder(o: dict) -> dict:
    return {k: o[k] for k in KEY_ORDER if k in o and o[k] not in (None, [], "")}


STOPISH = set("""python pythons library package packages module modules support supports
based simple using used allows allow enables application applications provides
version written implementation""".split())


def is_stopish(t: str) -> bool:
    return t.lower() in STOPISH


def pick_display(e: Acc) -> str:
    names = sorted(e.names.items(), key=lambda kv: (-kv[1], kv[0]))
    if e.kind == "person":
        return names[0][0]
    # prefer a form with capitals (how the project writes itself) if it is as common
    best = names[0][0]
    for n, c in names:
        if c == names[0][1] and n != n.lower() and n.lower() == best.lower():
            best = n
    return best


def pick_homepage(e: Acc) -> str | None:
    if not e.homepages:
        if e.pypi:
            return f"https://pypi.org/project/{e.pypi}/"
        return None
    hps = sorted(e.homepages.items(), key=lambda kv: ("github.com" in kv[0], -kv[1], kv[0]))
    return hps[0][0]


def load_curated(d: Path):
    """Aliases (lowercased) -> id for every curated entity, and the curated ids."""
    aliases: dict[str, tuple[str, bool]] = {}
    ids: set[str] = set()
    if not d.is_dir():
        return aliases, ids
    for p in sorted(d.glob("*.toml")):
        with open(p, "rb") as fh:
            data = tomllib.load(fh)
        for ent in data.get("entity", []):
            ids.add(ent["id"])
            for a in ent.get("aliases", []):
                if a not in ent.get("case_sensitive", []):
                    aliases[a.lower()] = (ent["id"], False)
            for a in ent.get("ambiguous_aliases", []) + ent.get("case_sensitive", []):
                aliases.setdefault(a.lower(), (ent["id"], True))
    return aliases, ids


if __name__ == "__main__":
    sys.exit(main())
