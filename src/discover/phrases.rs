//! Proper-noun phrases, cue phrases and title words: what a transcript names that the catalog
//! may not know.
//!
//! Speech-to-text and human transcribers write names capitalised and ordinary words not, except
//! at the start of a sentence. So a run of capitalised words *inside* a sentence ("we moved to
//! Vitess", "Jim Pivarski wrote") is a name candidate, and a capitalised word at a sentence start
//! ("So", "Vitess is…") is no evidence. Runs are cut at words the catalog knows (so "Python
//! Memray" gives "Memray"), and ordinary words are stripped from their ends ("The Changelog" gives
//! "Changelog"). Phrases made only of words every listener knows — English words, days, places,
//! common given names — are dropped ("Open Source", "New York", "Monday"); what is left holds at
//! least one word no dictionary has, or is a given name and a surname.
//!
//! Cues name things outright whatever their spelling: "my guest today is", "joined by",
//! "creator of", "a library called", and install commands ("pip install", "npm install",
//! "go get", "cargo add"). Episode titles are a third source: a name in a title is what the
//! episode is about.
//!
//! Cost: one pass over each transcript's text (`O(n)`, tokens are byte slices, nothing is
//! allocated per token); a hash-map update per capitalised run, keyed by a slice of the text;
//! one regular-expression search for cues. Episodes are scanned independently (in parallel by
//! the caller) and merged in episode order, so the result does not depend on thread count.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::words::{is_known_word, is_sentence_opener};

/// What a phrase's occurrence was found by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// Capitalised inside a sentence.
    Capitalised,
    /// After a cue that introduces a person: a guest ("my guest is", "joined by"), or someone
    /// spoken of ("a guy named", "my friend", "whose name is").
    PersonCue,
    /// After a cue that introduces a thing ("creator of", "a library called").
    ThingCue,
    /// After an install command ("pip install", "npm install", "cargo add").
    InstallCue,
    /// In the episode's title.
    Title,
    /// After a cue that introduces an organisation ("CEO of", "founder of", "a startup called").
    OrgCue,
}

/// How many rules there are: the length of per-rule tallies.
pub const RULES: usize = 6;

impl Rule {
    /// The rule's name in evidence.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Capitalised => "capitalised mid-sentence",
            Rule::PersonCue => "introduced as a person",
            Rule::ThingCue => "introduced by a cue",
            Rule::InstallCue => "install command",
            Rule::Title => "in an episode title",
            Rule::OrgCue => "introduced as an organisation",
        }
    }
}

/// One occurrence of a phrase in an episode's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence<'t> {
    /// The phrase as written.
    pub form: &'t str,
    /// Where, in the transcript's text (`None` for a title).
    pub span: Option<Range<usize>>,
    /// Which rule found it.
    pub rule: Rule,
}

/// A word of text: its range.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !is_word_byte(bytes[i]) {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            if is_word_byte(bytes[i]) {
                i += 1;
            } else if matches!(bytes[i], b'\'' | b'-' | b'.' | b'+')
                && i + 1 < bytes.len()
                && bytes[i + 1].is_ascii_alphanumeric()
                && i > start
            {
                // Inner punctuation of a name: O'Reilly, scikit-learn, Node.js.
                i += 1;
            } else {
                break;
            }
        }
        Some(start..i)
    })
}

/// Letters, digits, `_`, and any byte of a non-ASCII character (accented names).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Whether the word starting at `at` starts a sentence: after `.`, `!`, `?`, `:` or a line
/// start, skipping spaces, quotes and dashes.
fn starts_sentence(text: &str, at: usize) -> bool {
    for &b in text.as_bytes()[..at].iter().rev() {
        match b {
            b' ' | b'\t' | b'"' | b'\'' | b'(' | b'-' => continue,
            b'.' | b'!' | b'?' | b':' | b'\n' | b';' => return true,
            _ => return false,
        }
    }
    true
}

/// Name particles allowed inside a person's name ("Guido van Rossum").
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "da", "di", "del", "la", "le",
];

/// What the catalog knows a word (lower case) as, for cutting capitalised runs at catalog
/// names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    /// No catalog alias.
    No,
    /// Only a catalog person's bare given name or surname, which other people may share: "Ron
    /// Hudson" is not Alex Hudson.
    PersonName,
    /// A catalog alias of anything else.
    Name,
}

/// Finds the capitalised phrases of `text` that may be names; `known` tells what the catalog
/// knows a word or phrase (lower case) as, where runs are cut.
pub fn capitalised_phrases<'t>(
    text: &'t str,
    known: &dyn Fn(&str) -> Known,
    mut emit: impl FnMut(Occurrence<'t>),
) {
    let mut run: Vec<Range<usize>> = Vec::with_capacity(8);
    let mut run_initial = false;
    let mut flush = |run: &mut Vec<Range<usize>>, initial: bool| {
        emit_run(text, run, initial, known, &mut emit);
        run.clear();
    };
    let mut last_end = 0;
    for mut word in words(text) {
        // A possessive belongs to the name before it: "HashiCorp's" is HashiCorp.
        if text[word.clone()].ends_with("'s") {
            word.end -= 2;
        }
        let w = &text[word.clone()];
        // Single letters are spelled-out words ("B Y T E S") or initials, never a name alone.
        let capitalised = w.starts_with(|c: char| c.is_uppercase()) && w.chars().nth(1).is_some();
        let adjacent = !run.is_empty() && text[last_end..word.start] == *" ";
        if capitalised && (run.is_empty() || adjacent) {
            if run.is_empty() {
                run_initial = starts_sentence(text, word.start);
            }
            run.push(word.clone());
        } else if adjacent && PARTICLES.contains(&w) {
            run.push(word.clone());
        } else {
            flush(&mut run, run_initial);
            if capitalised {
                run_initial = starts_sentence(text, word.start);
                run.push(word.clone());
            }
        }
        last_end = word.end;
        if run.len() > 6 {
            flush(&mut run, run_initial);
        }
    }
    flush(&mut run, run_initial);
}

/// How often each word of `text` said in lower case that no dictionary has ("frontend", "nah")
/// is said, and, for a word with inner punctuation ("www.google.com", "ctrl+C"), every
/// lower-case run of its parts ("google.com", "ctrl"; not "google", a part of a domain): how
/// discovery tells a name from a word speech also uses in lower case. Words are counted first
/// and looked up in the dictionary once each (a transcript says a few thousand words, a few
/// hundred of them often: the small table stays in cache where the dictionary would not).
/// Counts in order of the words, for a stable result.
pub fn unknown_lowercase_counts<'t>(text: &'t str) -> Vec<(&'t str, usize)> {
    let mut counts: foldhash::HashMap<&'t str, usize> = foldhash::HashMap::default();
    let mut count = |w: &'t str| {
        let bytes = w.as_bytes();
        let lower = if bytes.is_ascii() {
            // A name has at least three letters (`worth_a_look`): shorter words never matter.
            bytes.len() >= 3
                && bytes.iter().any(u8::is_ascii_lowercase)
                && !bytes.iter().any(u8::is_ascii_uppercase)
        } else {
            w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_uppercase)
        };
        if lower {
            *counts.entry(w).or_default() += 1;
        }
    };
    let inner = |b: u8| matches!(b, b'\'' | b'-' | b'.' | b'+');
    for word in words(text) {
        let w = &text[word];
        if !w.bytes().any(inner) {
            count(w);
            continue;
        }
        // Every run of whole parts: "www.google.com" holds "google.com" and "google".
        let starts = std::iter::once(0).chain(
            w.bytes()
                .enumerate()
                .filter(|&(_, b)| inner(b))
                .map(|(i, _)| i + 1),
        );
        for start in starts {
            let ends = w[start..]
                .bytes()
                .enumerate()
                .filter(|&(_, b)| inner(b))
                .map(|(i, _)| start + i)
                .chain(std::iter::once(w.len()));
            for end in ends {
                let run = &w[start..end];
                // A part of a domain or a file name ("pyup" of pyup.io) is not said as a word.
                if run.contains('.') || !w.contains('.') {
                    count(run);
                }
            }
        }
    }
    let mut unknown: Vec<(&str, usize)> = counts
        .into_iter()
        .filter(|(w, _)| !super::words::is_english(w))
        .collect();
    unknown.sort_unstable();
    unknown
}

/// Splits a run at words the catalog knows, trims ordinary words and particles from its ends,
/// and emits what is left.
fn emit_run<'t>(
    text: &'t str,
    run: &[Range<usize>],
    initial: bool,
    known: &dyn Fn(&str) -> Known,
    emit: &mut impl FnMut(Occurrence<'t>),
) {
    let mut piece_start = 0;
    let mut first_piece = true;
    for i in 0..=run.len() {
        // A given name the catalog knows as some person's first name ("Jim" for Jim Anderson)
        // still opens another person's full name ("Jim Maurer"): not a cut there.
        // And a known surname ending a run that a given name opens ("Jesse Giro Davis", Davis
        // being A. Jesse Jiryu Davis's) ends that person's name: not a cut there either.
        let word = |k: usize| &text[run[k].clone()];
        // So does another person's surname after a given name that is no English word: "Ron
        // Hudson" is not Alex Hudson; or after one that is, inside a sentence, where only a
        // name is capitalised: "with Drew Conway's Venn diagram" is not John Conway.
        let known_as = |k: usize| super::words::with_lowercase(word(k), |w| known(w));
        let ends_a_name = i + 1 == run.len()
            && (i >= piece_start + 2
                || i == piece_start + 1
                    && known_as(i) == Known::PersonName
                    && !(initial
                        && piece_start == 0
                        && super::words::is_english(word(piece_start))))
            && super::words::is_first_name(word(piece_start))
            && !super::words::is_english(word(i));
        let at_known = i < run.len()
            && known_as(i) != Known::No
            && !(i + 1 < run.len() && super::words::is_first_name(word(i)))
            && !ends_a_name;
        if i == run.len() || at_known {
            let piece = &run[piece_start..i];
            let initial_here = initial && first_piece;
            emit_piece(text, piece, initial_here, emit);
            piece_start = i + 1;
            first_piece = false;
        }
    }
}

fn emit_piece<'t>(
    text: &'t str,
    piece: &[Range<usize>],
    mut initial: bool,
    emit: &mut impl FnMut(Occurrence<'t>),
) {
    let mut lo = 0;
    let mut hi = piece.len();
    let ordinary = |r: &Range<usize>| {
        let w = &text[r.clone()];
        PARTICLES.contains(&w) || is_known_word(w) && !is_mixed_case(w) || is_generic_form(w)
    };
    // A leading ordinary word is what started the sentence ("So", "The"): what follows it is
    // inside the sentence. A trailing one ends the name ("Vitess Is").
    // A given name opening a longer run is a person's ("Jim Pivarski"), not a sentence's start.
    let full_name = |lo: usize, hi: usize| {
        super::words::opens_full_name(
            &text[piece[lo].clone()],
            piece[lo + 1..hi].iter().map(|r| &text[r.clone()]),
        )
    };
    while lo < hi && ordinary(&piece[lo]) && !(hi - lo >= 2 && full_name(lo, hi)) {
        lo += 1;
        initial = false;
    }
    // A surname that is also a known proper name ("Charles Darwin") stays after a given name,
    // and so does one that is a word ("Kevin Plank") after a given name that is not.
    let surname = |given: &Range<usize>, r: &Range<usize>| {
        let word = &text[r.clone()];
        !super::words::is_english(word)
            || super::words::may_be_worded_surname(word)
                && !super::words::is_english(&text[given.clone()])
    };
    while hi > lo
        && ordinary(&piece[hi - 1])
        && !((2..=3).contains(&(hi - lo))
            && full_name(lo, hi)
            && surname(&piece[lo], &piece[hi - 1]))
    {
        hi -= 1;
    }
    if lo >= hi {
        return;
    }
    let span = piece[lo].start..piece[hi - 1].end;
    let form = &text[span.clone()];
    if !worth_a_look(form) {
        return;
    }
    // A full name opening a sentence ("Ron Hudson did the work") still has its surname's
    // capital inside the sentence, after a given name that is no English word.
    let full_name_at_start = initial
        && (2..=3).contains(&(hi - lo))
        && full_name(lo, hi)
        && !super::words::is_english(&text[piece[lo].clone()])
        && piece[lo + 1..hi]
            .iter()
            .all(|r| super::words::may_be_surname(&text[r.clone()]));
    let rule = if initial && !full_name_at_start {
        // A name at a sentence start is no evidence that it is a name; still counted, so that
        // a phrase found mid-sentence elsewhere has all its mentions.
        None
    } else {
        Some(Rule::Capitalised)
    };
    if let Some(rule) = rule {
        emit(Occurrence {
            form,
            span: Some(span),
            rule,
        });
    }
}

/// Whether a word is built like a common term rather than a name: a compound adjective
/// ("Ruby-based", "MIT-licensed", "C-level"), a plural acronym ("IPs", "SREs") or a spelled-out
/// word ("S-Q-L").
pub fn is_generic_form(word: &str) -> bool {
    // Abbreviations with dots between short parts: "Ph.D", "U.S", "Mr.Smith" is rare.
    if word.contains('.') && word.split('.').all(|part| part.chars().count() <= 2) {
        return true;
    }
    if let Some((_, last)) = word.rsplit_once('-')
        && (last.starts_with(char::is_lowercase) || last.chars().count() == 1)
    {
        return true;
    }
    if let Some(stem) = word.strip_suffix('s')
        && stem.chars().count() >= 2
        && stem.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        return true;
    }
    false
}

/// Whether a word mixes cases inside itself (`PlanetScale`, `XGBoost`, `MLflow`, `iOS`).
pub fn is_mixed_case(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next();
    let rest: String = chars.collect();
    rest.chars().any(char::is_uppercase) && rest.chars().any(char::is_lowercase)
}

/// Whether a phrase could be a name at all: letters, not too short, not a bare number.
fn worth_a_look(form: &str) -> bool {
    form.chars().filter(|c| c.is_alphabetic()).count() >= 3 && form.len() <= 60
}

/// Cues that introduce a name. The expression finds only the cue (a case-insensitive literal
/// alternation, which the regex engine prefilters fast); the name after it is read by hand.
static CUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i:(?P<guest>my guests? (?:today |this week )?(?:is|are)|joined (?:today )?by|joining (?:me|us) (?:today |this week )?(?:is|are)|welcome back|please welcome)",
        r"|(?P<person>(?:a|another) (?:guy|gentleman|woman|lady|man|person|fella|friend|colleague|developer|engineer|researcher|professor) (?:named|called)|whose name (?:I (?:believe|think) )?(?:is|was)|(?:my|our) (?:friend|buddy|colleague|co-?founder|cofounder|mentor)|(?:friend|colleague|co-?founder) of (?:mine|ours),?)",
        r"|(?P<org>(?:founder|co-?founder|ceo|cto) (?:of|at)|(?-u:\b)(?:company|startup|consultancy|firm|nonprofit|non-profit|organization|organisation|agency) (?:called|named)|acquired by|(?-u:\b)(?:co-?)?founded|(?-u:\b)(?:joined|joining))",
        r"|(?P<work>(?-u:\b)(?:work|works|worked|working) (?:at|for))",
        r"|(?P<thing>(?:creator|author|maintainer) of|(?-u:\b)(?:library|tool|framework|package|project|product|database|language|service|platform|app|model|plugin|extension|crate|module|repo|repository|engine|editor|system|server|website|site) (?:called|named))",
        r"|(?P<install>pip install|pip3 install|uv add|poetry add|npm install|npm i|yarn add|pnpm add|go get|cargo add|cargo install|gem install|brew install))[ \t]+",
    ))
    .expect("cue expression is valid")
});

/// Compiles the cue expressions now rather than at the first episode ([`super::words::prepare`]'s
/// reason).
pub fn prepare() {
    LazyLock::force(&CUES);
    LazyLock::force(&ROLE_AFTER_NAME);
}

/// Whether the words before a "work at / for" leave a person as its subject: not a thing
/// ("it works for Windows") nor a modal that speaks of one ("this should just work for IDEs").
/// People are said many ways ("just started working at GIPHY", "a friend that works for
/// ERCOT"), things few.
fn after_person(before: &str) -> bool {
    const THING: &[&str] = &[
        "it",
        "this",
        "which",
        "should",
        "will",
        "would",
        "can",
        "could",
        "might",
        "must",
        "may",
        "does",
        "doesn't",
        "don't",
        "didn't",
        "won't",
        "wouldn't",
        "shouldn't",
        "can't",
        "not",
        "just",
        "everything",
        "something",
        "anything",
        "nothing",
    ];
    let word = before
        .trim_end()
        .rsplit(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '"' | '('))
        .next()
        .unwrap_or("")
        .replace('\u{2019}', "'")
        .to_lowercase();
    !THING.contains(&word.as_str())
}

/// The capitalised name at the start of `rest`: up to four capitalised words (name particles
/// allowed inside, and "of" if `of`) separated by single spaces; its length in bytes.
fn leading_name(rest: &str, of: bool) -> usize {
    // The name of a thing may hold "of" between capitalised words ("a project called The Art
    // of Python", "a company called Bank of America"); a person's may not ("joined by Syrus of
    // Wasmer").
    let is_particle = |w: &str| PARTICLES.contains(&w) || of && w == "of";
    let mut end = 0;
    let mut count = 0;
    for word in words(rest) {
        let w = &rest[word.clone()];
        let gap = &rest[end..word.start];
        let particle_gap = gap.len() > 2
            && gap.starts_with(' ')
            && gap.ends_with(' ')
            && is_particle(&gap[1..gap.len() - 1]);
        let joined = if count == 0 {
            word.start == 0
        } else {
            gap == " " || particle_gap
        };
        if count > 0 && is_particle(w) && gap == " " {
            continue;
        }
        if !joined || count == 4 {
            break;
        }
        // "I" after a name is the speaker going on ("when I joined Uber I told myself").
        if !w.starts_with(char::is_uppercase) || count > 0 && w == "I" {
            break;
        }
        end = word.end;
        count += 1;
    }
    end
}

/// A thing's name in lower case right after its cue, quoted or not ("a project called
/// 'muxado'", "a library called wrapt", "a tool called thankyou.dev"): one token that no
/// dictionary has; its range in `rest`. Developers write their projects' names as the code
/// does, and a thing's cue says that a name follows, so the missing capital does not make it
/// a word; an English word there ("a tool called make") stays one.
fn leading_token(rest: &str) -> Option<Range<usize>> {
    let quote = rest.starts_with(['\'', '"', '\u{2018}', '\u{201C}']);
    let start = if quote {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        0
    };
    let token = rest[start..]
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .next()
        .unwrap_or("")
        .trim_end_matches(['.', '-', '_']);
    let lower = token.starts_with(|c: char| c.is_lowercase());
    (lower && !is_known_word(token)).then(|| start..start + token.len())
}

/// Whether a cue ends by naming ("a library called", "a tool named").
fn is_naming(cue: &str) -> bool {
    let cue = cue.trim_end();
    cue.ends_with("called") || cue.ends_with("named")
}

/// The package after an install command: options (`--save-dev`) skipped, punctuation trimmed;
/// its range in `rest`.
fn leading_package(rest: &str) -> Option<Range<usize>> {
    let mut at = 0;
    for token in rest.split([' ', '\t']) {
        if token.starts_with('-') {
            at += token.len() + 1;
            continue;
        }
        let name = token.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
        let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '/'));
        return valid.then(|| at..at + name.len());
    }
    None
}

/// The names cues introduce in `text`.
pub fn cued_names<'t>(text: &'t str, mut emit: impl FnMut(Occurrence<'t>)) {
    for c in CUES.captures_iter(text) {
        let cue = c.get(0).expect("a match");
        let after = cue.end();
        let rest = &text[after..];
        let (range, rule) = if c.name("install").is_some() {
            let Some(range) = leading_package(rest) else {
                continue;
            };
            (range, Rule::InstallCue)
        } else {
            let rule = if c.name("guest").is_some() || c.name("person").is_some() {
                Rule::PersonCue
            } else if c.name("org").is_some() {
                Rule::OrgCue
            } else if let Some(work) = c.name("work") {
                // "I work at Outerbounds", but not "classes should just work for IDEs".
                if !after_person(&text[..work.start()]) {
                    continue;
                }
                Rule::OrgCue
            } else {
                Rule::ThingCue
            };
            let name = leading_name(rest, rule != Rule::PersonCue);
            // Someone spoken of is named in full: "my friend Chris" is any Chris.
            if c.name("person").is_some() && !rest[..name].contains(' ') {
                continue;
            }
            if name > 0 || rule != Rule::ThingCue {
                (0..name, rule)
            } else if is_naming(cue.as_str())
                && let Some(range) = leading_token(rest)
            {
                (range, rule)
            } else {
                // Only "called" or "named" promise a name: "maintainer of dev middleware"
                // goes on in words.
                continue;
            }
        };
        // A possessive belongs to the name before it: "my colleague Sam Agnew's talk".
        let mut range = range;
        if let Some(stem) = rest[range.clone()]
            .strip_suffix("'s")
            .or_else(|| rest[range.clone()].strip_suffix("\u{2019}s"))
        {
            range.end = range.start + stem.len();
        }
        let form = &rest[range.clone()];
        if !worth_a_look(form) {
            continue;
        }
        // "go get that", "pip install the thing": speech, not a command. A package after an
        // install command is no English word, and a Go module is a path ("github.com/x/y").
        if rule == Rule::InstallCue {
            let go = c
                .name("install")
                .is_some_and(|i| i.as_str().eq_ignore_ascii_case("go get"));
            if is_known_word(form) || go && !form.contains('.') || !go && form.contains('/') {
                continue;
            }
        }
        emit(Occurrence {
            form,
            span: Some(after + range.start..after + range.end),
            rule,
        });
    }
}

/// A role said of a person right after their name: "Clement Delangue, who is the co-founder and
/// CEO of Hugging Face", "Itamar Sivan, who's CEO of the company". The name is read backwards
/// from the comma ([`trailing_full_name`]).
static ROLE_AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i:, (?:who's|who is|who was|who's also|who is also) (?:the |a |an |our |its |their )?(?:co-?founder|cofounder|founder|ceo|cto|coo|cfo|creator|author|maintainer|head|director|lead|professor|vp|chief|president|inventor))(?-u:\b)",
    )
    .expect("role expression is valid")
});

/// The full name that ends `before`: two to four capitalised words after any that only open a
/// sentence ("So Guido" is one name, not a full name); its range in `before`.
fn trailing_full_name(before: &str) -> Option<Range<usize>> {
    let mut start = before.len();
    for (names, word) in before.rsplit(' ').enumerate() {
        let is_name = word.starts_with(char::is_uppercase)
            && word.chars().any(char::is_lowercase)
            && word
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'');
        if !is_name || names == 4 {
            break;
        }
        start -= word.len() + usize::from(start < before.len());
    }
    let mut name = &before[start..];
    while let Some((first, rest)) = name.split_once(' ')
        && is_sentence_opener(first)
    {
        name = rest;
    }
    let start = before.len() - name.len();
    (name.contains(' ') && !name.split(' ').any(is_sentence_opener)).then_some(start..before.len())
}

/// People named just before a role said of them ("Emad Mostaque, who is the CEO of Stability
/// AI"): the name, as a person cue introduces one.
pub fn named_before_role<'t>(text: &'t str, mut emit: impl FnMut(Occurrence<'t>)) {
    for role in ROLE_AFTER_NAME.find_iter(text) {
        let before = &text[..role.start()];
        let Some(range) = trailing_full_name(before) else {
            continue;
        };
        emit(Occurrence {
            form: &text[range.clone()],
            span: Some(range),
            rule: Rule::PersonCue,
        });
    }
}

/// Name candidates in an episode title: capitalised runs holding a word no dictionary has.
pub fn title_names(title: &str) -> Vec<&str> {
    let mut names = Vec::new();
    capitalised_phrases(title, &|_| Known::No, |o: Occurrence<'_>| {
        if o.form.split_whitespace().any(|w| !is_known_word(w)) {
            names.push(o.form);
        }
    });
    // A title's first word starts its "sentence": take it too when it is no ordinary word.
    if let Some(first) = words(title).next() {
        let w = &title[first];
        if w.starts_with(char::is_uppercase) && !is_known_word(w) && worth_a_look(w) {
            names.push(w);
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// Per-episode tallies of phrases, keyed by their exact form (a slice of the text).
#[derive(Default)]
pub struct EpisodeTally<'t> {
    /// Occurrences by form: count per rule, and the first span.
    pub forms: HashMap<&'t str, FormTally>,
}

/// How often one form occurs in one episode, by rule.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct FormTally {
    /// Occurrences found by each rule (indexed by `Rule as usize`).
    pub by_rule: [u32; RULES],
    /// The first occurrence's span in the text.
    pub first: Option<Range<usize>>,
}

impl<'t> EpisodeTally<'t> {
    /// Counts one occurrence.
    pub fn add(&mut self, o: Occurrence<'t>) {
        let tally = self.forms.entry(o.form).or_default();
        tally.by_rule[o.rule as usize] += 1;
        if tally.first.is_none() {
            tally.first = o.span;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_words_no_dictionary_has_are_counted_with_their_runs() {
        let counts = unknown_lowercase_counts(
            "the frontend-only page, press ctrl+C on www.pyup.io and Frontend, frontend",
        );
        assert_eq!(
            counts,
            [
                ("ctrl", 1),
                ("frontend", 2),
                ("frontend-only", 1),
                ("pyup.io", 1),
                ("www.pyup", 1),
                ("www.pyup.io", 1),
            ]
        );
    }

    fn phrases(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        capitalised_phrases(
            text,
            &|w| match w {
                "python" | "github" => Known::Name,
                "jim" | "hudson" => Known::PersonName,
                _ => Known::No,
            },
            |o: Occurrence<'_>| found.push(o.form),
        );
        found
    }

    /// Sentence-initial capitals, ordinary words, known names and days are traps; what is left
    /// is a name.
    #[test]
    fn only_names_inside_sentences_are_candidates() {
        let cases: &[(&str, &[&str])] = &[
            ("So we moved to Vitess last year.", &["Vitess"]),
            ("Vitess is great.", &[]),
            ("I talked to Jim Pivarski about it.", &["Jim Pivarski"]),
            // "Jim" is a known first name (of another Jim): a regression guard for the cut.
            ("credit goes to Jim Maurer, the publisher", &["Jim Maurer"]),
            ("we asked Jim about it", &[]),
            ("We use Python Memray for that.", &["Memray"]),
            ("It was on Monday in London.", &[]),
            ("The Open Source way.", &[]),
            ("we tried PlanetScale and it worked", &["PlanetScale"]),
            ("Guido van Rossum said so.", &[]),
            ("then Guido van Rossum said so", &["Guido van Rossum"]),
            ("on GitHub Actions", &[]),
            ("it is HashiCorp's tool", &["HashiCorp"]),
            ("a Ruby-based tool for SREs and IPs", &[]),
            ("she has a Ph.D in the U.S now", &[]),
            ("this is P Y T H O N B Y T E S", &[]),
            ("we use Node.js here", &["Node.js"]),
            ("and I think that's it", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(phrases(text), *expected, "{text}");
        }
    }

    #[test]
    fn a_full_name_opening_a_sentence_is_a_name() {
        let cases: &[(&str, &[&str])] = &[
            // The surname's capital is inside the sentence, after a given name.
            ("It worked. Noah Levenson did the rest.", &["Noah Levenson"]),
            // Not after a given name that is a word, and not a given name alone.
            ("It worked. Will Levenson did the rest.", &[]),
            ("It worked. Noah did the rest.", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(phrases(text), *expected, "{text}");
        }
    }

    #[test]
    fn another_persons_surname_after_a_given_name_is_a_full_name() {
        let cases: &[(&str, &[&str])] = &[
            // "Hudson" is a catalog person's surname: Ron Hudson is someone else.
            ("thanks to Ron Hudson for the work", &["Ron Hudson"]),
            ("Ron Hudson did the work.", &["Ron Hudson"]),
            // A catalog name of a thing still cuts: "Gil" stays alone, too short a name.
            ("the no Gil Python builds", &[]),
            // A given name that is a word opens one inside a sentence, where only a name is
            // capitalised ("with Drew Conway's Venn diagram"), not at its start.
            ("and Mark Hudson said", &["Mark Hudson"]),
            ("It went well. Mark Hudson said so.", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(phrases(text), *expected, "{text}");
        }
    }

    #[test]
    fn cues_introduce_names() {
        let mut found = Vec::new();
        cued_names(
            "My guest today is Deepthi Sigireddi. There's a library called Uproot. \
             Please welcome Guido van Rossum. \
             Just pip install memray and npm install --save-dev vite. the creator of the thing. \
             You go get that, pip install the package, go get your coffee. \
             Ville is the CEO of Outerbounds, a startup called Metaflow Inc.",
            |o| found.push((o.form, o.rule)),
        );
        assert_eq!(
            found,
            [
                ("Deepthi Sigireddi", Rule::PersonCue),
                ("Uproot", Rule::ThingCue),
                ("Guido van Rossum", Rule::PersonCue),
                ("memray", Rule::InstallCue),
                ("vite", Rule::InstallCue),
                ("Outerbounds", Rule::OrgCue),
                ("Metaflow Inc", Rule::OrgCue),
            ]
        );
    }

    #[test]
    fn a_role_said_after_a_full_name_makes_it_a_person() {
        let mut found = Vec::new();
        named_before_role(
            "There was Emad Mostaque, who is the CEO of Stability AI, and Clement Delangue, \
             who is the co-founder of it. And one of my co-founders, Itamar Sivan, who's CEO \
             of the company. So Guido, who is the creator of Python, and Nikita, who's the \
             founder. Yeah The Company, who's the maker. Well Jane Smith, who was the author.",
            |o| found.push((o.form, o.rule)),
        );
        assert_eq!(
            found,
            [
                ("Emad Mostaque", Rule::PersonCue),
                ("Clement Delangue", Rule::PersonCue),
                ("Itamar Sivan", Rule::PersonCue),
                ("Jane Smith", Rule::PersonCue),
            ]
        );
    }

    #[test]
    fn someone_spoken_of_is_introduced_by_a_cue_in_full() {
        let mut found = Vec::new();
        cued_names(
            "So there's a guy named Hyrum Wright, who wrote a law. It's my colleague Sam \
             Agnew's talk. A fella whose name I believe is Giles Bowkett. A friend of mine, \
             Randy Chapman, said so. But my friend Chris said no, and our cofounder left.",
            |o| found.push((o.form, o.rule)),
        );
        assert_eq!(
            found,
            [
                ("Hyrum Wright", Rule::PersonCue),
                ("Sam Agnew", Rule::PersonCue),
                ("Giles Bowkett", Rule::PersonCue),
                ("Randy Chapman", Rule::PersonCue),
            ]
        );
    }

    #[test]
    fn a_things_cue_introduces_a_name_in_lower_case() {
        let mut found = Vec::new();
        cued_names(
            "it's a project called 'muxado' on my GitHub. There is a library called unsync. \
             I made a tool called thankyou.dev. We used a tool called make, a tool called the \
             best one, and my friend called unsync.",
            |o| found.push((o.form, o.span, o.rule)),
        );
        assert_eq!(
            found,
            [
                ("muxado", Some(23..29), Rule::ThingCue),
                ("unsync", Some(71..77), Rule::ThingCue),
                ("thankyou.dev", Some(100..112), Rule::ThingCue),
            ]
        );
    }

    #[test]
    fn founding_joining_and_acquiring_name_organisations() {
        let mut found = Vec::new();
        cued_names(
            "Max Krohn, who founded OKCupid, later co-founded Keybase. When I joined Uber I \
             told myself to check in. They were acquired by Red Hat. She joined us today, and \
             we were joined by Jim Maurer.",
            |o| found.push((o.form, o.rule)),
        );
        assert_eq!(
            found,
            [
                ("OKCupid", Rule::OrgCue),
                ("Keybase", Rule::OrgCue),
                ("Uber", Rule::OrgCue),
                ("Red Hat", Rule::OrgCue),
                ("Jim Maurer", Rule::PersonCue),
            ]
        );
    }

    #[test]
    fn working_at_a_place_is_said_of_a_person_not_of_a_thing() {
        let mut found = Vec::new();
        cued_names(
            "I work at Outerbounds. She's been working for Mozilla, and they used to work at \
             Sperry Univac. A friend that works for ERCOT. Classes should just work for IDEs, \
             and it works for Windows too.",
            |o| found.push(o.form),
        );
        assert_eq!(found, ["Outerbounds", "Mozilla", "Sperry Univac", "ERCOT"]);
    }

    #[test]
    fn a_cued_name_may_hold_of() {
        let mut found = Vec::new();
        cued_names(
            "There's a project called The Art of Python. A tool called Flask of course. \
             I'm joined by Syrus of Wasmer.",
            |o| found.push(o.form),
        );
        assert_eq!(found, ["The Art of Python", "Flask", "Syrus"]);
    }

    #[test]
    fn titles_name_their_subject() {
        assert_eq!(
            title_names("Vitess and PlanetScale at scale"),
            ["PlanetScale", "Vitess"]
        );
        assert!(title_names("The state of open source").is_empty());
    }
}
