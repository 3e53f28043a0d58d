//! Scanning: compiling the catalog's spellings into one automaton, and the one pass of it over a
//! transcript that finds whole-word matches.
//!
//! The automaton holds every alias and its variants (see `variants`), leftmost-longest; where the
//! longest match at a place is not a whole word, the next shorter alias there is tried ("Python" in
//! "Python 311"). Word boundaries and possessive or plural endings are described in the module docs
//! of `extract`.
//!
//! Scanning yields [`Candidate`]s: places where a pattern matched, each with the [`Claim`]s of the
//! entities that spell it so. It decides nothing about which entity a candidate is: that is the
//! judgement's (see `judge`). The two are apart because the scanner depends only on the catalog's
//! spellings, the judgement on the episode around each match.
//!
//! The whole catalog's automaton takes a fifth of a second to compile for the default catalog.
//! Where only a few episodes are to be scanned (a rebuild from a cache), each may instead get an
//! automaton of only the spellings its own words can make ([`Scanner::for_text`]): the same
//! matches, compiled in milliseconds.

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};

use super::ExtractError;
use super::variants::variants;
use crate::catalog::{Catalog, EntityId, Kind};

/// How an alias pattern may count for one entity.
#[derive(Clone, Debug)]
pub(super) struct Claim {
    pub(super) entity: EntityId,
    pub(super) ambiguous: bool,
    /// Whether a plural ending may follow: for concepts and names of several words ("Jupyter
    /// notebooks", "type hints"), not for single names ("series" is not "Serie").
    pub(super) plural: bool,
    /// Generated spelling variant rather than a written alias.
    pub(super) variant: bool,
    /// For `case_sensitive` aliases: the exact (folded) form the text must have.
    pub(super) exact: Option<Box<str>>,
}

/// One pattern of the automaton: a spelling, the entities that claim it, and its word boundaries.
#[derive(Clone, Debug)]
struct Pattern {
    claims: Vec<Claim>,
    /// The alias starts with a word character, so the text before it must not be one.
    word_start: bool,
    /// The alias ends with a word character: the text after it must not be one.
    word_end: bool,
    /// A plural `s`/`es` may follow.
    plural: PluralEnding,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PluralEnding {
    None,
    S,
    Es,
}

/// A whole-word match of one pattern in the text, not yet judged.
#[derive(Clone, Copy, Debug)]
pub(super) struct Candidate {
    pattern: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    /// The match took a plural ending.
    pub(super) plural: bool,
    /// Spelled out letter by letter ([`Scanner::spelled`]), not matched as written.
    pub(super) spelled: bool,
}

/// Up to this many patterns the automaton is a DFA.
const DFA_MAX_PATTERNS: usize = 5_000;

/// The catalog's spellings with the claims on each pattern, compiled into one automaton, or
/// kept to compile for each text only the spellings it can say ([`Scanner::for_text`]).
pub(super) struct Scanner {
    patterns: Vec<Pattern>,
    /// Each pattern's text, as the automaton holds it: kept where there is no whole automaton.
    texts: Vec<String>,
    /// The automaton of every pattern; `None` where each text gets its own.
    whole: Option<Matcher>,
}

/// An automaton of some or all of a scanner's patterns.
pub(super) struct Matcher {
    automaton: AhoCorasick,
    /// The scanner's pattern for each of the automaton's; `None`: the same number.
    slots: Option<Vec<u32>>,
}

impl Matcher {
    /// The leftmost-longest match in `input`, its pattern as the scanner numbers it.
    fn find(&self, input: Input<'_>) -> Option<(usize, usize, usize)> {
        let m = self.automaton.find(input)?;
        let pattern = m.pattern().as_usize();
        let pattern = self.slots.as_ref().map_or(pattern, |s| s[pattern] as usize);
        Some((pattern, m.start(), m.end()))
    }
}

/// Compiles `texts` into one leftmost-longest automaton of `kind`, or of the kind their number
/// calls for.
fn compile<T: AsRef<[u8]>>(
    texts: &[T],
    kind: Option<AhoCorasickKind>,
) -> Result<AhoCorasick, ExtractError> {
    // A DFA scans about three times faster than the contiguous NFA the crate picks by itself,
    // but its build time and memory grow fast with the patterns: worth it up to a few thousand
    // (measured in docs/performance.md).
    let kind = kind.or((texts.len() <= DFA_MAX_PATTERNS).then_some(AhoCorasickKind::DFA));
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(kind)
        // Anchored searches find shorter aliases where the longest is not a whole word.
        .start_kind(StartKind::Both)
        .build(texts)
        .map_err(|source| ExtractError {
            patterns: texts.len(),
            source,
        })
}

impl Scanner {
    /// Compiles every alias of `catalog` and its variants. The automaton's kind is chosen by the
    /// number of patterns unless `kind` forces one (tests run every kind).
    pub(super) fn new(
        catalog: &Catalog,
        kind: Option<AhoCorasickKind>,
    ) -> Result<Scanner, ExtractError> {
        let (texts, patterns) = spellings(catalog);
        Ok(Scanner {
            whole: Some(Matcher {
                automaton: compile(&texts, kind)?,
                slots: None,
            }),
            texts: Vec::new(),
            patterns,
        })
    }

    /// Every alias of `catalog` and its variants, with no automaton: each text gets its own
    /// ([`Scanner::for_text`]).
    pub(super) fn per_text(catalog: &Catalog) -> Scanner {
        let (texts, patterns) = spellings(catalog);
        Scanner {
            patterns,
            texts,
            whole: None,
        }
    }

    /// The automaton of every pattern, if it was compiled.
    pub(super) fn whole(&self) -> Option<&Matcher> {
        self.whole.as_ref()
    }

    /// An automaton of the patterns `text` can say: those whose every word is a word of the
    /// text ([`TextWords`]). It finds in `text` what the automaton of every pattern finds. A
    /// candidate is a whole-word match, so its pattern's words are words of the text; and a
    /// pattern that cannot match as a whole word changes nothing: the scan takes, at each
    /// place a word starts, the longest pattern that matches there as a whole word, trying
    /// shorter ones where the longest does not, and skips the rest of a word where none does.
    /// For the spellings of one episode this compiles in milliseconds, where the whole catalog
    /// takes a fifth of a second.
    pub(super) fn for_text(&self, text: &str) -> Result<Matcher, ExtractError> {
        let words = TextWords::of(text);
        let (texts, slots): (Vec<&str>, Vec<u32>) = (self.texts.iter().enumerate())
            .filter(|(_, pattern)| words.has_all(pattern))
            .map(|(slot, pattern)| (pattern.as_str(), slot as u32))
            .unzip();
        Ok(Matcher {
            automaton: compile(&texts, None)?,
            slots: Some(slots),
        })
    }

    /// The automaton of every pattern of a scanner made [`Scanner::per_text`].
    pub(super) fn compile_whole(&self) -> Result<Matcher, ExtractError> {
        Ok(Matcher {
            automaton: compile(&self.texts, None)?,
            slots: None,
        })
    }

    /// How many patterns (aliases and variants) the scanner holds.
    pub(super) fn len(&self) -> usize {
        self.patterns.len()
    }

    /// The kind of automaton built.
    #[cfg(test)]
    pub(super) fn kind(&self) -> AhoCorasickKind {
        self.whole.as_ref().expect("compiled").automaton.kind()
    }

    /// The entities that may be meant by a candidate, and on what terms.
    pub(super) fn claims(&self, candidate: &Candidate) -> &[Claim] {
        &self.patterns[candidate.pattern].claims
    }

    /// The whole-word matches of `matcher` in `text`, leftmost-longest, with possessive/plural
    /// endings.
    ///
    /// The automaton holds ASCII-lowercased patterns and runs over an ASCII-lowercased copy of
    /// the text: the same matches as an ASCII-case-insensitive automaton, at the same offsets,
    /// but with half the transitions to build and follow (most of the cost for large catalogs).
    pub(super) fn scan(&self, matcher: &Matcher, text: &str, lower: &[u8]) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some((pattern, start, end)) = matcher.find(Input::new(lower).span(at..text.len()))
            else {
                break;
            };
            match self.accept_here(matcher, text, lower, start, pattern, end) {
                Some(candidate) => {
                    at = candidate.end;
                    out.push(candidate);
                }
                // No whole word starts inside a word: where the rejected match began with a word
                // character, resume after that word rather than one character later, so each
                // byte is scanned once.
                None => {
                    at = next_char(text, start);
                    if text[start..].chars().next().is_some_and(is_word_char) {
                        at = skip_word(text, at);
                    }
                }
            }
        }
        out
    }

    /// Names spelled out letter by letter with hyphens ("F-L-Y-N-T", "M-P-I-R-E"): a speaker
    /// spells a name so that listeners can find it, so the letters count as the word they make
    /// when some alias is exactly that word ([`for_each_spelled`]).
    pub(super) fn spelled(&self, matcher: &Matcher, text: &str) -> Vec<Candidate> {
        let mut out = Vec::new();
        for_each_spelled(text, |start, end, word| {
            let whole = Input::new(word).anchored(Anchored::Yes);
            if let Some((pattern, _, found_end)) = matcher.find(whole)
                && found_end == word.len()
            {
                out.push(Candidate {
                    pattern,
                    start,
                    end,
                    plural: false,
                    spelled: true,
                });
            }
        });
        out
    }

    /// The longest whole-word match starting at `start`: the one found, or where it is not a whole
    /// word ("Python 3" in "Python 311"), the next shorter alias there ("Python").
    fn accept_here(
        &self,
        matcher: &Matcher,
        text: &str,
        lower: &[u8],
        start: usize,
        mut pattern: usize,
        mut end: usize,
    ) -> Option<Candidate> {
        loop {
            if let Some((end, plural)) = self.patterns[pattern].accept(text, start, end) {
                return Some(Candidate {
                    pattern,
                    start,
                    end,
                    plural,
                    spelled: false,
                });
            }
            let shorter = Input::new(lower)
                .span(start..end - 1)
                .anchored(Anchored::Yes);
            (pattern, _, end) = matcher.find(shorter)?;
        }
    }
}

/// Every alias of `catalog` and its variants: each pattern's text (ASCII-lowercased, as the
/// automaton holds it) and the pattern, with the claims on it in entity order.
fn spellings(catalog: &Catalog) -> (Vec<String>, Vec<Pattern>) {
    // foldhash: one lookup per spelling of every alias, thousands per build; no untrusted keys.
    let mut by_key: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    let mut texts: Vec<String> = Vec::new();
    let mut patterns: Vec<Pattern> = Vec::new();
    for (index, entity) in catalog.entities().iter().enumerate() {
        let id = EntityId(index as u32);
        let written = entity
            .aliases
            .iter()
            .map(|a| (a, false))
            .chain(entity.ambiguous_aliases.iter().map(|a| (a, true)));
        for (alias, ambiguous) in written {
            let case_sensitive = entity.case_sensitive.contains(alias);
            for (n, form) in variants(alias).into_iter().enumerate() {
                let key = form.to_lowercase();
                let slot = *by_key.entry(key).or_insert_with(|| {
                    // The automaton matches ASCII-lowercased text (see `scan`).
                    texts.push(form.to_ascii_lowercase());
                    patterns.push(Pattern::new(&form));
                    patterns.len() - 1
                });
                let claims = &mut patterns[slot].claims;
                let exact = case_sensitive.then(|| form.clone().into_boxed_str());
                // One entity may claim a pattern twice with different rules: "Flask" exactly,
                // and "flask" in any case with evidence.
                let known = claims
                    .iter()
                    .any(|c| c.entity == id && c.ambiguous == ambiguous && c.exact == exact);
                if known {
                    continue;
                }
                claims.push(Claim {
                    entity: id,
                    ambiguous,
                    plural: entity.kind == Kind::Concept || form.contains([' ', '-']),
                    variant: n > 0,
                    exact,
                });
            }
        }
    }
    (texts, patterns)
}

/// The words a text says ([`for_each_said_word`]), as hashes: two words that share one only let
/// a pattern through that cannot match.
struct TextWords(foldhash::HashSet<u64>);

impl TextWords {
    fn of(text: &str) -> TextWords {
        let mut words = foldhash::HashSet::default();
        for_each_said_word(text, |word| {
            words.insert(word);
        });
        TextWords(words)
    }

    /// Whether every word of `pattern` is a word of the text.
    fn has_all(&self, pattern: &str) -> bool {
        let mut all = true;
        for_each_word(pattern, |word| all &= self.0.contains(&word_hash(word)));
        all
    }
}

/// Calls `f` with the hash ([`word_hash`]) of each word `text` says as the scanner reads it:
/// each word ([`for_each_word`]), each word without a plural ending ("notebooks" is said where a
/// pattern ends in "notebook"), and each name spelled out letter by letter ("F-L-Y-N-T" says
/// "flynt"). A pattern can match a text as a whole word only if the text says every word of it:
/// what the cache's word filters and [`Scanner::for_text`] rely on.
pub(crate) fn for_each_said_word(text: &str, mut f: impl FnMut(u64)) {
    for_each_spelled(text, |_, _, word| f(word_hash(word)));
    for_each_word(text, |word| {
        f(word_hash(word));
        for plural in [&b"s"[..], b"es"] {
            if let Some(n) = word.len().checked_sub(plural.len())
                && n > 0
                && word[n..].eq_ignore_ascii_case(plural)
            {
                f(word_hash(&word[..n]));
            }
        }
    });
}

/// Calls `f` with each word of `text`, as written ([`word_hash`] folds the case). Bytes are
/// read one at a time, a character only where one is not ASCII: this runs over every byte of
/// every episode a build stores.
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(&[u8])) {
    let bytes = text.as_bytes();
    // Whether a word character starts at `i`, and its length in bytes.
    let class = |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'_', 1)
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            (is_word_char(c), c.len_utf8())
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let (word, n) = class(i);
        if !word {
            i += n;
            continue;
        }
        let start = i;
        i += n;
        while i < bytes.len() {
            let (word, n) = class(i);
            if !word {
                break;
            }
            i += n;
        }
        f(&bytes[start..i]);
    }
}

/// A word's hash, its ASCII letters lower-cased on the way: FNV-1a over the bytes, then a
/// finaliser (MurmurHash3's) so that every bit of it can be a probe. Hand-written because it
/// must never change under a stored filter, and it runs once per word of every episode.
pub(crate) fn word_hash(word: &[u8]) -> u64 {
    let mut h = word.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01b3)
    });
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

impl Pattern {
    fn new(form: &str) -> Pattern {
        let last = form.chars().next_back().unwrap_or(' ');
        let lower = form.to_ascii_lowercase();
        let plural = if !last.is_alphabetic() || form.chars().count() < 3 {
            PluralEnding::None
        } else if ["s", "x", "z", "ch", "sh"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            PluralEnding::Es
        } else {
            PluralEnding::S
        };
        Pattern {
            claims: Vec::new(),
            word_start: form.chars().next().is_some_and(is_word_char),
            word_end: is_word_char(last),
            plural,
        }
    }

    /// Whether a match at `start..end` is a whole word; returns the mention's end, with any
    /// possessive or plural ending, and whether the ending was a plural.
    fn accept(&self, text: &str, start: usize, end: usize) -> Option<(usize, bool)> {
        if self.word_start && text[..start].chars().next_back().is_some_and(is_word_char) {
            return None;
        }
        if !self.word_end {
            return Some((end, false));
        }
        let rest = &text[end..];
        let (ending, plural) = if rest.starts_with("'s") {
            (2, false)
        } else {
            match self.plural {
                PluralEnding::S if rest.starts_with(['s', 'S']) => (1, true),
                PluralEnding::Es if rest.get(..2).is_some_and(|e| e.eq_ignore_ascii_case("es")) => {
                    (2, true)
                }
                _ => (0, false),
            }
        };
        // The ending is only taken if the word ends after it; otherwise the bare match is tried.
        if ending > 0 && !rest[ending..].chars().next().is_some_and(is_word_char) {
            return Some((end + ending, plural));
        }
        (!rest.chars().next().is_some_and(is_word_char)).then_some((end, false))
    }
}

/// Calls `f` with each word spelled out letter by letter with hyphens in `text` ("F-L-Y-N-T"):
/// its span and its letters lower-cased ("flynt"). At least three letters, each a whole word
/// between hyphens, and not opening a longer compound ("S-Q-L-ite", "T-O-X-dev"). Only hyphens
/// are visited (`memchr`), so this costs little next to a scan of every byte. The cache's word
/// filter calls it too, so that a stored episode that spells a name is known to say it.
pub(crate) fn for_each_spelled(text: &str, mut f: impl FnMut(usize, usize, &[u8])) {
    let bytes = text.as_bytes();
    let word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let letter_at = |i: usize| {
        bytes.get(i).is_some_and(u8::is_ascii_alphabetic)
            && !bytes.get(i + 1).is_some_and(|&b| word_byte(b))
    };
    let mut word = Vec::new();
    let mut consumed = 0;
    for hyphen in memchr::memchr_iter(b'-', bytes) {
        let Some(start) = hyphen.checked_sub(1) else {
            continue;
        };
        if start < consumed || !letter_at(start) || start > 0 && word_byte(bytes[start - 1]) {
            continue;
        }
        word.clear();
        word.push(bytes[start].to_ascii_lowercase());
        let mut end = start + 1;
        while bytes.get(end) == Some(&b'-') && letter_at(end + 1) {
            word.push(bytes[end + 1].to_ascii_lowercase());
            end += 2;
        }
        consumed = end;
        let compound =
            bytes.get(end) == Some(&b'-') && bytes.get(end + 1).is_some_and(|&b| word_byte(b));
        if word.len() >= 3 && !compound {
            f(start, end, &word);
        }
    }
}

/// Letters, digits and `_`: what may not touch a whole word on a side where it has one.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `hay[i..i + len]` is a whole word of `hay` (its ends are not inside words).
pub(super) fn whole_word_at(hay: &str, i: usize, len: usize) -> bool {
    if !(hay.is_char_boundary(i) && hay.is_char_boundary(i + len)) {
        return false;
    }
    let word = &hay[i..i + len];
    let before_ok =
        !word.starts_with(is_word_char) || !hay[..i].chars().next_back().is_some_and(is_word_char);
    let after_ok =
        !word.ends_with(is_word_char) || !hay[i + len..].chars().next().is_some_and(is_word_char);
    before_ok && after_ok
}

/// The end of the run of word characters starting at `at`.
fn skip_word(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(text.len(), |(i, _)| at + i)
}

/// The first character boundary after `at`.
fn next_char(text: &str, at: usize) -> usize {
    let mut i = at + 1;
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{KINDS, catalog, found, ids};
    use super::*;

    #[test]
    fn table_of_matches() {
        let cases: &[(&str, &[&str])] = &[
            ("we use pytest daily", &["pytest"]),
            ("PYTEST and Py.Test", &["pytest", "pytest"]),
            ("pytest-asyncio is a plugin", &["pytest-asyncio"]),
            ("pytest asyncio is a plugin", &["pytest-asyncio"]),
            ("asyncio's event loop", &["asyncio"]),
            ("pytest-asyncio's docs", &["pytest-asyncio"]),
            // Regression: when the longest alias is not a whole word, a shorter one still counts.
            ("we run pytest-asyncioxyz here", &["pytest"]),
            ("the series of talks", &[]),
            ("mypytest is not it", &[]),
            ("pytest_fixture", &[]),
            (
                "scikit-learn, scikit learn, sci-kit learn, scikitlearn, sklearn",
                &["scikit-learn"; 5],
            ),
            ("Node.js or Node JS or NodeJS or node-js", &["nodejs"; 4]),
            ("C++ and .NET and F# code", &["cpp", "dotnet", "fsharp"]),
            ("in C++11 land", &["cpp"]),
            ("Jupyter notebooks are fun", &["jupyter"]),
            ("charts with Boca, Flask", &["bokeh", "flask"]),
            ("I like Go and golang but let's go", &["go", "go"]),
            ("Go ahead. Then Go is fine", &["go"]),
            ("a Flask app", &["flask"]),
            ("a flask app", &["flask"]),
            ("a flask of coffee", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(ids(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn multibyte_text_after_a_name_is_no_plural() {
        // Regression: the "-es" plural check sliced two bytes into a multi-byte character.
        // "requests" ends in "s", so an "-es" plural is tried after it.
        for text in [
            "the requests\u{1F43C} here",
            "the requestse\u{e9}",
            "the requests\u{65e5}",
        ] {
            assert_eq!(ids(text), Vec::<String>::new(), "{text:?}");
        }
    }

    #[test]
    fn possessives_and_plurals_are_part_of_the_mention() {
        assert_eq!(
            found("asyncio's loop"),
            [("asyncio".into(), "asyncio's".into())]
        );
        assert_eq!(
            found("two Jupyter notebooks"),
            [("jupyter".into(), "Jupyter notebooks".into())]
        );
    }

    #[test]
    fn small_catalogs_get_a_dfa_unless_a_kind_is_forced() {
        let catalog = catalog();
        let chosen = Scanner::new(&catalog, None).unwrap();
        assert_eq!(chosen.kind(), AhoCorasickKind::DFA);
        for kind in KINDS {
            assert_eq!(Scanner::new(&catalog, Some(kind)).unwrap().kind(), kind);
        }
    }

    #[test]
    fn words_are_split_where_the_matcher_splits_them() {
        let mut words = Vec::new();
        for_each_word(
            "Caf\u{e9}\u{2014}Bar's py_test x2 \u{201c}Hi\u{201d}",
            |w| words.push(String::from_utf8(w.to_vec()).unwrap()),
        );
        assert_eq!(words, ["Caf\u{e9}", "Bar", "s", "py_test", "x2", "Hi"]);
        assert_eq!(word_hash(b"PyTest"), word_hash(b"pytest"));
        assert_ne!(word_hash(b"pytest"), word_hash(b"pytests"));
    }
}
