#!/usr/bin/env python3
"""Build podgraph's registry data from the download-ranked PyPI and npm lists.

Development-time only: podgraph never reads the big package lists at run time.
From /work/.library/env/packages/pypi.tsv (name, version, month,
rank_among_15000_most_downloaded, summary) and .../npm.tsv (name, version,
downloads_a_month, summary) this writes

* data/registries/pypi.tsv, data/registries/npm.tsv -- `name<TAB>rank`, the
  15,000 most downloaded projects of each registry, sorted by rank (for
  run-time "is this spoken word a package, and how is it spelled?" lookups);
* data/catalog/generated/registries.json -- catalog entities (kind `package`)
  for the ~3,000 most downloaded of each registry that the catalog does not
  know yet, with aliases judged for precision (see "Ambiguity" below).

    python3 scripts/catalog/registries.py                 # all outputs
    python3 scripts/catalog/registries.py --report /tmp/registries-report.tsv

Standard library only (Python 3.11+). Output is deterministic for the same
inputs: registry lists sorted by rank, entities sorted by id, keys in schema
order, indent=1, UTF-8, trailing newline.

Ambiguity (every threshold is a constant below, measured on the transcripts
of python-bytes/transcripts, changelog/podcast and changelog/practicalai;
run with --report to see the decision for every candidate):

* A *form* (the package name, or a derived spoken form such as `dateutil`
  for python-dateutil, `py parsing` for pyparsing, `moment.js` for moment)
  is tokenised into lowercase letter/digit runs. A token is **plain** when it
  is an English word (lowercase entry of /usr/share/dict/words, with plural,
  -ed/-ing/-er/-ly/-able forms), a generic tech word (TECH_WORDS), a
  function word, a dictionary proper noun, a common given name, a number, at
  most SHORT_LEN characters, or two words run together that the transcripts
  write mostly in lowercase (`keyring`, `backoff`; not `LanceDB`).
* Its **speech frequency** is the number of episodes whose spoken text holds
  the form as a token sequence (`string width`), glued (`stringwidth`) or
  with a plural -s, case-insensitively -- the way the extractor matches it.
* Single-token forms: at most SHORT_LEN characters -> dropped (`ms`, `ws`,
  `pg`: in speech they are units and acronyms); in OTHER_MEANING (reviewed:
  Axios the news site, chai, the Autobahn) -> dropped; plain or in
  GENERIC_SPEECH (`datasets`, `regex`, `turbo`) -> ambiguous; otherwise an
  unconditional alias (`paramiko`, `lancedb`).
* Multi-token forms: a function word (`is-number`, `kind-of`) -> ambiguous
  and dropped when said in >= PHRASE_SPEECH_DF episodes; all tokens plain
  (`string-width`, `google-cloud-storage`) -> ambiguous; said in >=
  PHRASE_SPEECH_DF episodes and not in SPOKEN_NAMES (`lru-cache`) ->
  ambiguous; a project name plus plain words said at all (`jupyter-core`,
  `uvicorn-worker`: "Jupyter core libraries", "uvicorn workers") ->
  ambiguous; otherwise an alias. A summary calling the package the client of
  a service of the same name (SERVICE_RE) makes the name ambiguous.
* An ambiguous form said in >= COMMON_SPEECH_SHARE of all episodes is
  ordinary speech no context can rescue: not emitted. Derived forms are kept
  only when unconditional.
* A package whose name is ambiguous gets the unconditional alias
  `pip install NAME` / `npm install NAME`; one left with no usable form is
  dropped ("debug", "which", "six", "future", "ms").
* Context for ambiguous forms: install commands only (ECO_CONTEXT). Broader
  words ("npm", "PyPI", "package", "import") and registry-summary terms were
  measured at under 50 % precision (see ECO_CONTEXT).

Skipped: any package whose id or any alias (compared ignoring case and
separators) the existing catalog already holds (generated/*.json other than
the output, and curated/*.toml); npm packages whose name is a PyPI entity's
of this file (the same project or a clash); scoped npm packages (`@babel/core`)
in the catalog (their spoken name is the project's, which curated entries
cover); PyPI type-stub packages (`types-*`, `*-stubs`) and platform wheels.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
DEFAULT_PYPI = Path("/work/.library/env/packages/pypi.tsv")
DEFAULT_NPM = Path("/work/.library/env/packages/npm.tsv")
DEFAULT_WORDS = Path("/usr/share/dict/words")
DEFAULT_FIRST_NAMES = HERE / "first_names.txt"
DEFAULT_CATALOG = REPO_ROOT / "data" / "catalog"
DEFAULT_REGISTRIES = REPO_ROOT / "data" / "registries"
DEFAULT_OUT = DEFAULT_CATALOG / "generated" / "registries.json"
CORPUS = REPO_ROOT / ".." / "shared" / "corpus"
DEFAULT_TRANSCRIPTS = [
    CORPUS / "python-bytes" / "transcripts",
    CORPUS / "changelog" / "podcast",
    CORPUS / "changelog" / "practicalai",
]

# ---------------------------------------------------------------------------
# Thresholds
# ---------------------------------------------------------------------------

REGISTRY_TOP = 15000          # entries per data/registries/*.tsv
CATALOG_TOP_PYPI = 3000       # PyPI ranks considered for catalog entities
CATALOG_TOP_NPM = 3000        # npm registry ranks (after filtering) considered
SHORT_LEN = 3                 # a name of at most 3 characters is dropped; such a token is plain
COMMON_SPEECH_SHARE = 0.02    # ambiguous form said in >= 2 % of episodes: not emitted
PHRASE_SPEECH_DF = 3          # a compound said in >= 3 episodes is an ordinary phrase
DESCRIPTION_MAX = 110         # characters of the registry summary kept

# Evidence for an ambiguous name: an install command only. Measured on the
# three corpora, the broader words ("npm", "PyPI", "pnpm", "npm package") and
# terms of the registry summary accepted 28 wrong of 50 context matches
# ("the task scheduler" near "npm", "/ws" near "websocket", "YAML front
# matter", "trove classifiers" near "PyPI"): shows talk *about* the
# registries far more often than they name a small package in them.
ECO_CONTEXT = {
    "pypi": ["pip install", "uv add", "pipx install", "conda install", "poetry add"],
    "npm": ["npm install", "yarn add", "pnpm add", "npm add", "bun add", "npx"],
}
INSTALL = {"pypi": "pip install {}", "npm": "npm install {}"}

# Generic technical vocabulary: ordinary speech on a programming podcast even
# though it is not in an English dictionary.
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
    tools python python3 python2 pythonic data science js ts jsx tsx node
    test tests testing unittest lint mock mocks stub stubs type types typing
    script scripts server servers client clients framework frameworks
    realtime uptime args kwargs envs events dockerfile
    makefile readme changelog license wget curl grep bash zsh shell
    installer installers distro distros validator validators entrypoints
    multipart lockfile lockfiles semver calver bytecode memoization parametrize
    parameterized param params package packages module modules library
    libraries project projects wildcard limiter matcher matchers globals
    tokenizer tokenizers datetime timestamp timezone uri uris mime ansi ascii
    glob globs polyfill polyfills shim shims ponyfill loader loaders
    preset presets config async sync fs cjs esm mjs ecmascript es es5
    es6 es2015 dom vdom ajax xhr css3 html5 svg png jpeg
    jpg webp gzip zlib deflate brotli base64 hex utf8 unicode emoji ipv4 ipv6
    ip tcp udp dns smtp imap ftp sftp cors csrf jwt oauth2 saml ldap ssh2
    proto grpc amqp mqtt s3 ec2 iam gcp k8s cron crontab
    yaml2 xml2 jsonschema schema schemas lru cache caching mutex semaphore
    stdin stdout stderr tty pty argv cwd filesystem dotenv env2 posix unix
    linux macos windows darwin win32 x64 x86 arm64 arm amd64 musl gnu glibc
    wheel wheels sdist pyproject
    """.split()
)

# Words without a lexical meaning that make a compound read as a phrase.
FUNCTION_WORDS = set(
    """
    a an the is are was be been am do does did has have had get gets got set
    sets to of in on at by for from with into onto up down out off over under
    as if or and not no yes so it its this that these those my your our their
    me we you he she they them us all any each every one two three some more
    most less few many much own same such than then there here when where who
    what which why how can could may might must shall should will would just
    only also very too now new old next last first
    """.split()
)

# Non-dictionary single words that are ordinary speech on these shows (found
# with --report: said in many episodes, mostly lowercase or as an acronym).
GENERIC_SPEECH = set(
    """
    async datasets installer bytecode distro parameterized validators globals
    wildcard validator util limiter entrypoints lockfile datetime tokenizers
    matcher compressible thingies toml yaml uuid regex semver boolean param
    asyncio argparse pathlib typing websockets dotenv virtualenv evaluate
    tokenizer webpack tensorboard turbo web3 xpath plist etag whois dedent
    pkce gguf webauthn kerberos levenshtein zstandard protobuf opentracing
    freetype statsd hvac opencensus
    """.split()
)

# Names that are no dictionary word but have another common meaning in these
# transcripts (found by reading the snippets of every unconditional name said
# in at least one episode): Axios the news site, chai tea, the Autobahn, the
# Cadillac Escalade, the R-tree, "trove classifiers" on PyPI, FASTQ files,
# Dan Mangum (a person).
OTHER_MEANING = set(
    """
    redux chai axios tink mako asana autobahn geocoder hpack fastq empathic
    ospath rtree escalade diffie-hellman exponential-backoff event-emitter
    junit-xml trove-classifiers camelcase mangum
    """.split()
)

# Compounds said in >= PHRASE_SPEECH_DF episodes that are nevertheless names
# (each checked in the transcripts: the phrase means the project).
SPOKEN_NAMES = set(
    """
    react-native styled-components react-router socket.io markdown-it
    pip-tools pip-audit pytest-django pytorch-lightning django-ninja
    great-expectations sentence-transformers pytest-xdist llama-index
    azure-functions azure-devops
    pre-commit scikit-learn
    """.split()
)

# A registry summary that says the package is a client/SDK of a service or
# standard named like the package ("Official Dropbox API Client", "Google
# Cloud Storage API client library"): the bare name said aloud means the
# service, so it is ambiguous.
SERVICE_RE = re.compile(
    r"(?i)\b(official|client|clients|sdk|bindings?|driver|wrapper|integrat\w*|api for|interface (to|for))\b"
)

# Project names that are English words but, inside a compound, mark it as a
# name ("pytest-check" is a pytest plugin, "eslint-plugin-react" a plugin).
ANCHOR_WORDS = set(
    """
    pip pandas flask requests rich coverage sphinx poetry docker jupyter conda
    black click textual polars pydantic django pytest numpy react vue angular
    webpack babel eslint jest vite rollup svelte redux mocha jasmine karma
    prettier gatsby nuxt next express koa hapi fastify nest prisma sequelize
    mongoose graphql apollo typeorm knex chai sinon enzyme storybook postcss
    tailwindcss sass less stylus gulp grunt lerna nx turbo electron ionic
    expo tensorflow torch keras spacy celery airflow dask ray boto botocore
    azure google openai langchain llama aws py
    """.split()
)

# npm names that are said as a plain word but are no npm project one would
# mean (kept out of the catalog; still in data/registries/npm.tsv).
NPM_DENY = set(
    """
    npm ai next telecom-mas-agent
    """.split()
)

KEY_ORDER = ["id", "name", "kind", "aliases", "ambiguous_aliases", "context", "exclude",
             "case_sensitive", "pypi", "homepage", "description", "tags"]

TOKEN_RE = re.compile(r"[a-z0-9]+")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._+-]*$")


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def squash(s: str) -> str:
    """Comparison key: lowercase letters and digits only (separators ignored)."""
    return re.sub(r"[^a-z0-9]", "", fold(s).lower())


def pep503(s: str) -> str:
    return re.sub(r"[-_.]+", "-", s).lower()


def tokens(s: str) -> tuple[str, ...]:
    return tuple(TOKEN_RE.findall(fold(s).lower()))


def read_tsv(path: Path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            parts += [""] * (len(header) - len(parts))
            yield parts


def clean_summary(s: str) -> str:
    s = re.sub(r"^\s*\[tested here:[^\]]*\]\s*", "", s)
    s = re.sub(r"\(?(see )?https?://\S+\)?", "", s)
    s = "".join(c for c in s if unicodedata.category(c)[0] in "LNPZS" and unicodedata.category(c) != "So")
    s = re.sub(r"\s+", " ", s).strip(" -–—:|")
    return s


def load_pypi(path: Path) -> list[tuple[int, str, str]]:
    """(rank, name, summary) of the ranked projects, by rank."""
    out = []
    seen = set()
    for p in read_tsv(path):
        name, rank, summary = p[0].strip(), p[3].strip(), p[4]
        if not rank.isdigit() or not name:
            continue
        key = pep503(name)
        if key in seen:
            continue
        seen.add(key)
        out.append((int(rank), name, clean_summary(summary)))
    out.sort()
    return out


def is_junk_npm_name(name: str) -> bool:
    """Pure numbers, names with no letter, or a number-led dotted name."""
    bare = name.split("/", 1)[-1]
    if not re.search(r"[a-z]", bare):
        return True
    if re.fullmatch(r"[\d.\-_]+[a-z]?", bare):
        return True
    return False


def load_npm(path: Path, lex: "Lexicon") -> tuple[list[tuple[int, str, str, int]], collections.Counter]:
    """(rank, name, summary, downloads) of the kept packages, most downloaded first."""
    rows = []
    for p in read_tsv(path):
        name, dl, summary = p[0].strip(), p[2].strip(), p[3]
        if not dl.isdigit() or not name:
            continue
        rows.append((-int(dl), name, summary))
    rows.sort()
    unscoped = {n for _, n, _ in rows if not n.startswith("@")}
    skipped: collections.Counter = collections.Counter()
    out = []
    for negdl, name, summary in rows:
        if is_junk_npm_name(name):
            skipped["junk name"] += 1
            continue
        if name.startswith("@"):
            scope, _, bare = name[1:].partition("/")
            if scope == "types":
                skipped["@types/*"] += 1
                continue
            if bare in unscoped or lex.wordlike(tokens(bare)):
                skipped["scoped, generic unscoped part"] += 1
                continue
        out.append((len(out) + 1, name, clean_summary(summary), -negdl))
    return out, skipped


class Lexicon:
    def __init__(self, words_path: Path, first_names_path: Path):
        if not words_path.exists():
            sys.exit(f"error: English word list {words_path} not found "
                     "(apt-get install -y wamerican, or pass --words)")
        self.words: set[str] = set()
        self.proper: set[str] = set()
        with open(words_path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                w = line.strip()
                if not w or "'" in w:
                    continue
                if w == w.lower():
                    self.words.add(w)
                elif w[0].isupper():
                    self.proper.add(w.lower())
        self.first_names: set[str] = set()
        if first_names_path.exists():
            for line in first_names_path.read_text(encoding="utf-8").splitlines():
                if not line.startswith("#"):
                    self.first_names.update(t.lower() for t in line.split())

    def is_word(self, t: str) -> bool:
        w = self.words
        if t in w or t in TECH_WORDS or t in FUNCTION_WORDS:
            return True
        if t + "s" in w or t + "es" in w:
            return True
        for suf in ("s", "es", "ed", "ing", "er", "ers", "ly", "ally", "ify", "able", "ness"):
            if len(t) > len(suf) + 2 and t.endswith(suf):
                stem = t[: -len(suf)]
                if stem in w or stem in TECH_WORDS or stem + "e" in w:
                    return True
        if t.endswith("ies") and t[:-3] + "y" in w:
            return True
        return False

    def glued_words(self, t: str) -> bool:
        """'keyring', 'camelcase', 'whois': two words run together."""
        if not re.fullmatch(r"[a-z]{5,}", t):
            return False
        for i in range(2, len(t) - 1):
            a, b = t[:i], t[i:]
            if (self.is_word(a) or a in FUNCTION_WORDS) and (self.is_word(b) or b in FUNCTION_WORDS):
                if min(len(a), len(b)) >= 3 or a in FUNCTION_WORDS or b in FUNCTION_WORDS:
                    return True
        return False

    def token_is_plain(self, t: str) -> bool:
        return (t.isdigit() or len(t) <= SHORT_LEN or self.is_word(t)
                or t in self.proper or t in self.first_names)

    def wordlike(self, toks: tuple[str, ...]) -> bool:
        return bool(toks) and all(self.token_is_plain(t) for t in toks)


class Speech:
    """Episode frequency of token sequences in the transcripts."""

    def __init__(self, dirs: list[Path]):
        self.docs: list[list[str]] = []
        self.raw: list[list[str]] = []
        for d in dirs:
            if not d.is_dir():
                continue
            for p in sorted(d.iterdir()):
                # Python Bytes ships each episode as .txt and .vtt: read the .txt
                if p.suffix not in (".txt", ".md"):
                    continue
                t = p.read_text(encoding="utf-8", errors="replace")
                t = re.sub(r"\*\*[^*\n]{1,60}:\*\*", " ", t)          # speaker labels
                t = re.sub(r"\\?\[\d+:\d+(?::\d+)?\\?\]", " ", t)     # [MM:SS]
                t = re.sub(r"^\d\d:\d\d:\d\d ", "", t, flags=re.M)  # HH:MM:SS
                raw = re.findall(r"[A-Za-z0-9]+", fold(t))
                self.raw.append(raw)
                self.docs.append([w.lower() for w in raw])
        self.n = len(self.docs)
        self.df: dict[tuple[str, ...], int] = {}
        self.capital: dict[str, int] = {}
        self.total: dict[str, int] = {}

    def measure(self, phrases: set[tuple[str, ...]]) -> None:
        """Count episodes holding each phrase (and the glued form of each)."""
        want = set(phrases)
        want.update((("".join(p),) for p in phrases if len(p) > 1))
        # the extractor matches a plural too ("uvicorn workers" for uvicorn-worker)
        want.update(p[:-1] + (p[-1] + "s",) for p in list(want))
        first = collections.defaultdict(set)
        for p in want:
            first[p[0]].add(p)
        df: collections.Counter = collections.Counter()
        cap: collections.Counter = collections.Counter()
        tot: collections.Counter = collections.Counter()
        for raw, doc in zip(self.raw, self.docs):
            seen = set()
            n = len(doc)
            for i, w in enumerate(doc):
                cands = first.get(w)
                if not cands:
                    continue
                for p in cands:
                    k = len(p)
                    if k == 1 or (i + k <= n and tuple(doc[i:i + k]) == p):
                        seen.add(p)
                        if k == 1:
                            tot[w] += 1
                            if raw[i][0].isupper() and not raw[i].isupper():
                                cap[w] += 1
            df.update(seen)
        self.df = dict(df)
        self.capital = dict(cap)
        self.total = dict(tot)

    def episodes(self, toks: tuple[str, ...]) -> int:
        """Episodes saying the form: as tokens, glued, or with a plural -s."""
        forms = [toks] + ([("".join(toks),)] if len(toks) > 1 else [])
        forms += [f[:-1] + (f[-1] + "s",) for f in forms]
        return max(self.df.get(f, 0) for f in forms)

    def share(self, toks: tuple[str, ...]) -> float:
        return self.episodes(toks) / self.n if self.n else 0.0


def load_catalog(root: Path, skip: Path) -> tuple[set[str], set[str]]:
    """Ids and squashed alias keys of the existing catalog (all but `skip`)."""
    ids: set[str] = set()
    keys: set[str] = set()
    ents = []
    for p in sorted((root / "generated").glob("*.json")):
        if p.resolve() == skip.resolve():
            continue
        ents.extend(json.loads(p.read_text(encoding="utf-8")))
    for p in sorted((root / "curated").glob("*.toml")):
        with open(p, "rb") as fh:
            ents.extend(tomllib.load(fh).get("entity", []))
    for e in ents:
        ids.add(e["id"])
        for a in e.get("aliases", []) + e.get("ambiguous_aliases", []) + [e.get("name", "")]:
            k = squash(a)
            if k:
                keys.add(k)
        if e.get("pypi"):
            keys.add(squash(e["pypi"]))
    return ids, keys


# ---------------------------------------------------------------------------
# Entity building
# ---------------------------------------------------------------------------


def spoken_forms(eco: str, name: str, lex: "Lexicon") -> list[str]:
    """The name as written plus natural spoken spellings the extractor does not derive."""
    forms = [name]
    low = name.lower()
    if eco == "pypi":
        # python-dateutil -> dateutil, docker-py -> (docker: taken), pyjwt -> py jwt
        m = re.fullmatch(r"(?:python|py)[-_.](.+)|(.+)[-_.](?:python|py)", low)
        if m:
            forms.append(m.group(1) or m.group(2))
        # pyparsing -> "py parsing", pymysql -> "py mysql" (not pygments)
        m = re.fullmatch(r"py([a-z]{3,})", low)
        if m and (lex.is_word(m.group(1)) or m.group(1) in lex.proper) and not low.startswith(("pyt", "pyp")):
            forms.append("py " + m.group(1))
    else:
        # moment -> moment.js ("Moment JS"), unless it already names JS
        if re.fullmatch(r"[a-z][a-z0-9]*", low) and not low.endswith("js"):
            forms.append(low + ".js")
    return forms


def classify(form: str, lex: Lexicon, speech: Speech, *, derived_js: bool = False,
             service: bool = False) -> tuple[str, str]:
    """('alias'|'ambiguous'|'drop', reason) for one form.

    derived_js: a `NAME.js` form added for a single-word npm name.
    service: the registry summary says the package is the client of a
    service or standard of that name.
    """
    toks = tokens(form)
    if not toks:
        return "drop", "no letters"
    df = speech.episodes(toks)
    share = speech.share(toks)
    known = form.lower() in SPOKEN_NAMES
    if form.lower() in OTHER_MEANING:
        return "drop", f"other meaning (said in {df})"
    if form.startswith("py ") and df >= 1:
        return "drop", f"derived py form said ({df})"

    def plain(t: str) -> bool:
        """An ordinary word; a glued pair of words ('keyring', 'backoff') counts
        when the transcripts write it mostly in lowercase (not 'LanceDB')."""
        if lex.token_is_plain(t):
            return True
        tot = speech.total.get(t, 0)
        return lex.glued_words(t) and tot > 0 and speech.capital.get(t, 0) / tot < 0.5

    dotted = "." in form and not form.startswith(".")
    strict = False  # drop when said in >= PHRASE_SPEECH_DF episodes
    if len(toks) == 1:
        t = toks[0]
        if len(t) <= SHORT_LEN:
            return "drop", f"short (said in {df})"
        elif t in GENERIC_SPEECH:
            amb, why = True, "generic speech"
        elif plain(t):
            amb, why = True, "word"
        elif service:
            amb, why = True, "service name"
        else:
            amb, why = False, ""
    elif derived_js:
        # moment.js: "moment JS" is said only of the library, "through JS" is not
        amb = df >= (1 if lex.wordlike(toks[:1]) else PHRASE_SPEECH_DF)
        if amb:
            return "drop", f"derived .js form said ({df})"
        why = ""
    elif dotted and not lex.wordlike(toks[:1]):
        amb, why = False, ""
    elif dotted:
        # chart.js, socket.io: the dotted spelling names a project, but "chart
        # js" said aloud is still "chart" + "js"; judge by speech
        amb = df >= 1 and not known
        why = "phrase said" if amb else ""
    else:
        plains = [plain(t) and t not in ANCHOR_WORDS for t in toks]
        has_fn = any(t in FUNCTION_WORDS for t in toks)
        if has_fn and not known:
            amb, why, strict = True, "function word", True
        elif all(plains):
            amb, why = True, "words"
        elif df >= PHRASE_SPEECH_DF and not known:
            amb, why = True, "phrase said"
        elif any(plains) and df >= 1 and not known:
            # a project name + ordinary words, said: "Jupyter core libraries",
            # "uvicorn workers" are talk about the project, not this package
            amb, why = True, "name + words said"
        elif service:
            amb, why = True, "service name"
        else:
            amb, why = False, ""
    if not amb:
        return "alias", f"name (said in {df})"
    if known:
        return "ambiguous", f"{why} (said in {df})"
    if share >= COMMON_SPEECH_SHARE:
        return "drop", f"{why}; common speech ({df} episodes)"
    if strict and df >= PHRASE_SPEECH_DF:
        return "drop", f"{why}; said in {df} episodes"
    return "ambiguous", f"{why} (said in {df})"


def names_service(name: str, summary: str) -> bool:
    """The summary names a service/standard spelled like the package and calls
    the package its client ("Official Dropbox API Client")."""
    if not SERVICE_RE.search(summary):
        return False
    core = re.sub(r"^(python|py|node)[-_.]|[-_.](python|py|js|node|sdk|client)$", "", name.lower())
    toks = tokens(core)
    if not toks:
        return False
    s = tokens(summary)
    k = len(toks)
    glued = "".join(toks)
    return any(s[i:i + k] == toks for i in range(len(s))) or glued in s


def bucket(rank: int) -> int:
    for b in (100, 500, 1000, 3000):
        if rank <= b:
            return b
    return 15000


def describe(summary: str) -> str | None:
    s = summary.strip()
    if not s:
        return None
    if len(s) > DESCRIPTION_MAX:
        cut = s[:DESCRIPTION_MAX].rsplit(" ", 1)[0].rstrip(" ,;:-(")
        s = cut + "…"
    return s


def build_entity(eco, name, rank, summary, lex, speech, known_keys, known_ids):
    """(entity or None, decision string)."""
    low = name.lower()
    if eco == "pypi":
        eid = pep503(name)
        if re.match(r"types-|.*-stubs$|mypy-boto3-|.*-(linux|macos|win|windows)(-|$)", eid):
            return None, "skip: type stubs / platform package"
    else:
        if name.startswith("@"):
            return None, "skip: scoped npm package"
        if low in NPM_DENY:
            return None, "skip: NPM_DENY"
        eid = "npm-" + re.sub(r"[^a-z0-9._+-]+", "-", low).strip("-.")
    if not ID_RE.match(eid):
        return None, f"skip: bad id {eid!r}"
    if eid in known_ids:
        return None, "skip: id in catalog"
    forms = spoken_forms(eco, name, lex)
    if squash(name) in known_keys:
        return None, "skip: name in catalog"
    service = names_service(name, summary)
    aliases: list[str] = []
    amb: list[str] = []
    notes = []
    for f in forms:
        k = squash(f)
        if not k:
            continue
        if k in known_keys:
            if f is forms[0]:
                return None, "skip: name in catalog"
            notes.append(f"{f}: taken")
            continue
        verdict, why = classify(f, lex, speech, derived_js=(eco == "npm" and f is not forms[0] and f.endswith(".js")),
                                service=service)
        if f is not forms[0] and verdict == "ambiguous":
            verdict, why = "drop", f"derived form is ambiguous: {why}"
        notes.append(f"{f}: {verdict} ({why})")
        if verdict == "alias":
            aliases.append(f)
        elif verdict == "ambiguous":
            amb.append(f)
    main_verdict = notes[0].split(": ", 1)[1].split(" ", 1)[0] if notes else "drop"
    if not aliases and not amb:
        return None, "drop: only common-speech forms; " + "; ".join(notes)
    if main_verdict == "drop":
        # a derived form ("has.js") does not rescue a name that is no name
        return None, "drop: name is no usable alias; " + "; ".join(notes)
    e: dict = {"id": eid, "name": name, "kind": "package"}
    if not aliases or main_verdict != "alias":
        aliases.insert(0, INSTALL[eco].format(name))
    e["aliases"] = aliases
    if amb:
        e["ambiguous_aliases"] = amb
        e["context"] = list(ECO_CONTEXT[eco])
    if eco == "pypi":
        e["pypi"] = name
        e["homepage"] = f"https://pypi.org/project/{name}/"
    else:
        e["homepage"] = f"https://www.npmjs.com/package/{name}"
    d = describe(summary)
    if d:
        e["description"] = d
    e["tags"] = [f"{eco}-top-{bucket(rank)}"]
    return e, "keep; " + "; ".join(notes)


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def write_registry(path: Path, rows: list[tuple[int, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("name\trank\n")
        for rank, name in rows:
            fh.write(f"{name}\t{rank}\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pypi", type=Path, default=DEFAULT_PYPI)
    ap.add_argument("--npm", type=Path, default=DEFAULT_NPM)
    ap.add_argument("--words", type=Path, default=DEFAULT_WORDS)
    ap.add_argument("--first-names", type=Path, default=DEFAULT_FIRST_NAMES)
    ap.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG)
    ap.add_argument("--registries", type=Path, default=DEFAULT_REGISTRIES,
                    help="folder for pypi.tsv / npm.tsv [data/registries]")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--transcripts", type=Path, action="append",
                    help="transcript folder to measure speech in (repeatable) "
                         "[python-bytes/transcripts, changelog/podcast, changelog/practicalai]")
    ap.add_argument("--report", type=Path, help="write every decision (TSV) here")
    args = ap.parse_args(argv)

    lex = Lexicon(args.words, args.first_names)
    pypi = load_pypi(args.pypi)
    npm, npm_skipped = load_npm(args.npm, lex)
    write_registry(args.registries / "pypi.tsv", [(r, n) for r, n, _ in pypi[:REGISTRY_TOP]])
    write_registry(args.registries / "npm.tsv", [(r, n) for r, n, _, _ in npm[:REGISTRY_TOP]])
    print(f"registries: {min(len(pypi), REGISTRY_TOP)} PyPI, {min(len(npm), REGISTRY_TOP)} npm "
          f"(npm skipped: {', '.join(f'{k} {v}' for k, v in sorted(npm_skipped.items()))})")

    dirs = args.transcripts or DEFAULT_TRANSCRIPTS
    speech = Speech(dirs)
    if speech.n == 0:
        print("warning: no transcripts found: speech frequencies are all 0", file=sys.stderr)
    cands = [("pypi", n, r, s) for r, n, s in pypi[:CATALOG_TOP_PYPI]]
    cands += [("npm", n, r, s) for r, n, s, _ in npm[:CATALOG_TOP_NPM]]
    phrases: set[tuple[str, ...]] = set()
    for eco, n, _, s in cands:
        for f in spoken_forms(eco, n, lex):
            if tokens(f):
                phrases.add(tokens(f))
                phrases.update((t,) for t in tokens(f))
    speech.measure(phrases)

    known_ids, known_keys = load_catalog(args.catalog, args.out)
    out: list[dict] = []
    report = []
    counts: collections.Counter = collections.Counter()
    for eco, name, rank, summary in cands:
        e, why = build_entity(eco, name, rank, summary, lex, speech, known_keys, known_ids)
        report.append((eco, rank, name, why))
        counts[(eco, why.split(":")[0].split(";")[0])] += 1
        if e is None:
            continue
        # claim the keys so a later candidate (npm after PyPI) does not clash
        new_keys = {squash(a) for a in e["aliases"] + e.get("ambiguous_aliases", [])}
        new_keys.add(squash(name))
        known_keys |= new_keys
        known_ids.add(e["id"])
        out.append({k: e[k] for k in KEY_ORDER if k in e})
    out.sort(key=lambda e: e["id"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(out, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as fh:
            for eco, rank, name, why in report:
                fh.write(f"{eco}\t{rank}\t{name}\t{why}\n")
    by = collections.Counter(e["tags"][0].split("-")[0] for e in out)
    amb = sum(1 for e in out if e.get("ambiguous_aliases"))
    print(f"catalog: {len(out)} entities ({by['pypi']} PyPI, {by['npm']} npm; {amb} with ambiguous aliases) "
          f"-> {args.out}")
    print("decisions: " + ", ".join(f"{e}/{d} {c}" for (e, d), c in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
