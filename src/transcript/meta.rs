//! Episode metadata: show, episode number, title and recording date, and where each came from.
//!
//! Three sources say who an episode is, and they do not always agree:
//!
//! 1. the **header** a transcript page carries ("Transcript for Episode #9:", "Episode #41:
//!    Title", "Transcript #12: Title", "Recorded on Monday, Feb 6, 2017.", "PYTHON BYTES
//!    TRANSCRIPT");
//! 2. the **opening speech** ("This is Python Bytes, episode number one, recorded November 7th,
//!    2016"), which speech-to-text may garble;
//! 3. the **file name** (`197-structured-concurrency.txt`), which a person chose and which may be a
//!    bare hash (`000_af490fa7dafbb02c.txt`: such names say nothing and are ignored).
//!
//! A written header wins over speech everywhere. For the episode number, a file name that is a
//! number and a real slug (`197-structured-concurrency.txt`) comes next, before speech: speech-to-text
//! mishears numbers, and crossover episodes open with the *other* show's number ("Talk Python
//! episode 388" on Python Bytes 316). Speech decides where the file name says nothing, which is the
//! case for names we did not choose. For the date and show, speech comes before the file name.
//! Every field records its [`MetaSource`], and every disagreement between sources becomes a warning
//! on the transcript, so a user can see why podgraph believes what it does. (Seed episode 12's
//! header says Feb 6, 2017 while its host says "February 6, 2016": the header wins, and the
//! transcript says so.)

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;

use super::{ParseOptions, Warning, WarningKind};

/// Where a metadata field was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetaSource {
    /// Given by the user (`--show`); written `option`.
    #[serde(rename = "option")]
    Given,
    /// The show's RSS feed (`--feed`).
    Feed,
    /// A header line of the transcript page.
    Header,
    /// The hosts' opening words.
    Speech,
    /// The file name.
    FileName,
    /// The other transcripts in the same folder (the show most of them name).
    Folder,
}

/// A metadata field, for [`MetaSource::rank`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetaField {
    /// The show.
    Show,
    /// The episode number.
    Number,
    /// The title.
    Title,
    /// The recording date.
    Date,
}

impl MetaSource {
    /// How a field read from this source ranks against the same field from others; lower wins.
    /// The one precedence table: reading a file ([`infer`]) and merging copies of an episode
    /// both follow it.
    ///
    /// The user, the feed and the page's header are sure. Speech names the show and the date
    /// better than a file name can, but a number is misheard ("episode forty" for 14) more often
    /// than a file is misnamed, so for the number the file name comes before speech.
    pub fn rank(self, field: MetaField) -> u8 {
        match (self, field) {
            (MetaSource::Given, _) => 0,
            (MetaSource::Feed, _) => 1,
            (MetaSource::Header, _) => 2,
            (MetaSource::FileName, MetaField::Number) => 3,
            (MetaSource::Speech, MetaField::Number) => 4,
            (MetaSource::Speech, _) => 3,
            (MetaSource::FileName, _) => 4,
            (MetaSource::Folder, _) => 5,
        }
    }

    /// The name used in output.
    pub fn name(self) -> &'static str {
        match self {
            MetaSource::Given => "option",
            MetaSource::Feed => "feed",
            MetaSource::Header => "header",
            MetaSource::Speech => "speech",
            MetaSource::FileName => "file-name",
            MetaSource::Folder => "folder",
        }
    }
}

/// A metadata value and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it was read.
    pub source: MetaSource,
}

impl<T> Sourced<T> {
    /// A value read from `source`.
    pub fn new(value: T, source: MetaSource) -> Self {
        Sourced { value, source }
    }
}

/// What is known about the episode a transcript holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EpisodeMeta {
    /// The podcast, e.g. "Python Bytes".
    pub show: Option<Sourced<String>>,
    /// The episode number.
    pub number: Option<Sourced<u32>>,
    /// The episode title.
    pub title: Option<Sourced<String>>,
    /// The episode's date: when it was recorded, as the file says, or published, as a feed
    /// says.
    pub date: Option<Sourced<NaiveDate>>,
    /// The file, as the user named it.
    pub source_path: PathBuf,
    /// A recording date said without its year ("recorded January 30th"), when no full date is
    /// known: the corpus settles the year from the episodes around it.
    #[serde(skip)]
    pub date_without_year: Option<DayOfYear>,
    /// The episode's identifier once the corpus has settled it (unique among the episodes read
    /// together); see `corpus::episode_id`.
    #[serde(skip)]
    pub id: Option<String>,
}

impl EpisodeMeta {
    /// The show's name, if known.
    pub fn show_name(&self) -> Option<&str> {
        self.show.as_ref().map(|s| s.value.as_str())
    }

    /// The episode number, if known.
    pub fn episode_number(&self) -> Option<u32> {
        self.number.as_ref().map(|n| n.value)
    }
}

/// Metadata read from the header lines of a transcript page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderFacts {
    /// "PYTHON BYTES TRANSCRIPT".
    pub show: Option<String>,
    /// "Episode #41: ...".
    pub number: Option<u32>,
    /// The title after the number, or on the line after it.
    pub title: Option<String>,
    /// "Recorded on Tuesday, Jan 17, 2017."
    pub date: Option<NaiveDate>,
}

/// One recognised header line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderLine {
    /// An episode number, with the title when it is on the same line.
    Episode {
        /// The number.
        number: u32,
        /// The title, if on the same line.
        title: Option<String>,
    },
    /// A recording date.
    Recorded(NaiveDate),
    /// A show name ("PYTHON BYTES TRANSCRIPT").
    Show(String),
}

static EPISODE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:transcript\s+for\s+episode|transcript|episode)\s*#\s*(\d{1,6})\s*[:.\-–—]?\s*(.*)$")
        .unwrap()
});
static RECORDED_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^recorded\s+on\s+(.+)$").unwrap());
static SHOW_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Z0-9][A-Z0-9 .&_'-]{1,60}?)\s+TRANSCRIPT$").unwrap());

/// Recognises a header line (already trimmed).
pub fn header_line(line: &str) -> Option<HeaderLine> {
    if let Some(c) = EPISODE_HEADER.captures(line) {
        let number = c[1].parse().ok()?;
        let title = c[2].trim();
        let title = (!title.is_empty()).then(|| title.to_owned());
        return Some(HeaderLine::Episode { number, title });
    }
    if let Some(c) = RECORDED_HEADER.captures(line) {
        return find_date(&c[1]).map(HeaderLine::Recorded);
    }
    if let Some(c) = SHOW_HEADER.captures(line) {
        return Some(HeaderLine::Show(title_case(&c[1])));
    }
    None
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b
        (jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?
         |sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?
        \s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b",
    )
    .unwrap()
});
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").unwrap());

/// The first valid date in `text` ("Jan 17, 2017", "June 6 2017", "August 26th 2020", ISO).
pub fn find_date(text: &str) -> Option<NaiveDate> {
    let named = DATE.captures_iter(text).find_map(|c| {
        let month = month_number(&c[1])?;
        let day = c[2].parse().ok()?;
        let year = c[3].parse().ok()?;
        Some((
            c.get(0)?.start(),
            NaiveDate::from_ymd_opt(year, month, day)?,
        ))
    });
    let iso = ISO_DATE.captures_iter(text).find_map(|c| {
        let date =
            NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
        Some((c.get(0)?.start(), date))
    });
    match (named, iso) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|(_, d)| d),
    }
}

/// Words that say the date after them is when the episode was made: hosts say "recorded
/// January 17th, 2017", "This is February 21st, 2017", "It's Wednesday, April 12th", while
/// other dates in the opening are about the news ("back on August 16, 1993").
static RECORDING_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:recorded|reported|recording|today is|it's|it is|this is|according to|headlines for|released|published)\b",
    )
    .unwrap()
});

/// The first date in spoken `text` that a cue ("recorded") introduces, within a few words of
/// the same sentence.
pub fn find_recording_date(text: &str) -> Option<NaiveDate> {
    RECORDING_CUE.find_iter(text).find_map(|cue| {
        let mut end = (cue.end() + 48).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let after = &text[cue.end()..end];
        // "recorded, when is it? February 17th, 2021": a question does not end the phrase.
        let sentence = after.find(". ").map_or(after, |i| &after[..i]);
        find_date(sentence)
    })
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = name.get(..3)?.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u32 + 1)
}

/// A month and day said without a year, with the weekday if one was said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayOfYear {
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
    /// The weekday the hosts named ("recorded Monday, December 12th"), which pins the year.
    pub weekday: Option<chrono::Weekday>,
}

impl DayOfYear {
    /// The date in `year`, if this day exists in it and falls on the weekday said.
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        use chrono::Datelike;
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .filter(|d| self.weekday.is_none_or(|w| d.weekday() == w))
    }
}

/// "recorded [on] [Monday,] December 12th", "recorded, unbelievably, December 1st", "recorded
/// March, March 17th" — and "reported", as speech-to-text sometimes writes it.
static SPOKEN_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b(?:recorded|reported)[\s,]+(?:on[\s,]+)?
        (?:(mon|tues|wednes|thurs|fri|satur|sun)day[\s,]+|[a-z]+,[\s]+)?(?:the[\s]+)?
        (jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?
         |sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?[\s,]+
        (?:[a-z]+[\s,]+)?(\d{1,2})(?:st|nd|rd|th)?\b",
    )
    .unwrap()
});

/// The month and day of "recorded December 12th" where no year follows.
pub fn find_day_of_year(text: &str) -> Option<DayOfYear> {
    let c = SPOKEN_DAY.captures(text)?;
    let weekday = c
        .get(1)
        .and_then(|w| match w.as_str().to_ascii_lowercase().as_str() {
            "mon" => Some(chrono::Weekday::Mon),
            "tues" => Some(chrono::Weekday::Tue),
            "wednes" => Some(chrono::Weekday::Wed),
            "thurs" => Some(chrono::Weekday::Thu),
            "fri" => Some(chrono::Weekday::Fri),
            "satur" => Some(chrono::Weekday::Sat),
            "sun" => Some(chrono::Weekday::Sun),
            _ => None,
        });
    let month = month_number(&c[2])?;
    let day: u32 = c[3].parse().ok()?;
    // February 29th exists in some year: any leap year will do to check the day.
    NaiveDate::from_ymd_opt(2024, month, day)?;
    Some(DayOfYear {
        month,
        day,
        weekday,
    })
}

static SPOKEN_EPISODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bepisode\s+(?:number\s+|no\.?\s*|#\s*)?(\d{1,6}\b|[a-z]+(?:[\s-]+[a-z]+){0,5})",
    )
    .unwrap()
});

/// The episode number the hosts say ("episode 29", "episode number one", "episode two").
pub fn spoken_episode_number(text: &str) -> Option<u32> {
    SPOKEN_EPISODE.captures_iter(text).find_map(|c| {
        let said = &c[1];
        said.parse().ok().or_else(|| number_from_words(said))
    })
}

/// Parses a number written in English words at the start of `text` ("one hundred and twelve").
/// Words after the number are ignored; `None` if `text` does not start with one.
pub fn number_from_words(text: &str) -> Option<u32> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let mut total = 0u32;
    let mut current = 0u32;
    let mut seen = false;
    let mut pending_and = false;
    for word in text
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
    {
        let word = word.to_ascii_lowercase();
        // Speech-to-text can say "ninety hundred hundred hundred": overflow means no number.
        if let Some(n) = UNITS.iter().position(|u| *u == word) {
            current = current.checked_add(n as u32)?;
        } else if let Some(n) = TENS.iter().position(|t| *t == word) {
            current = current.checked_add((n as u32 + 2) * 10)?;
        } else if word == "hundred" && seen {
            current = current.checked_mul(100)?;
        } else if word == "thousand" && seen {
            total = total.checked_add(current.checked_mul(1000)?)?;
            current = 0;
        } else if word == "and" && seen && !pending_and {
            pending_and = true;
            continue;
        } else {
            break;
        }
        seen = true;
        pending_and = false;
    }
    if seen {
        total.checked_add(current)
    } else {
        None
    }
}

/// Podcasts podgraph knows by name, as speech-to-text writes them, and their proper names.
///
/// Speech names many things ("take a Talk Python course"), so the show is the known show named
/// first in the opening speech; other shows are found by "welcome to X" and `--show`.
const KNOWN_SHOWS: &[(&str, &str)] = &[
    ("python bytes", "Python Bytes"),
    ("python bites", "Python Bytes"),
    ("talk python to me", "Talk Python To Me"),
    ("test and code", "Test & Code"),
    ("test & code", "Test & Code"),
    ("real python podcast", "The Real Python Podcast"),
    ("podcast.__init__", "Podcast.__init__"),
    ("podcast init", "Podcast.__init__"),
    ("django chat", "Django Chat"),
];

static KNOWN_SHOW: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<String> = KNOWN_SHOWS
        .iter()
        .map(|(said, _)| regex::escape(said).replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(r"(?i)\b(?:{})", names.join("|"))).unwrap()
});
/// "Welcome to X", "welcome back to X", "another episode of X": X is up to five capitalised words
/// on one line, ending at the sentence (a dot inside a word, as in "Node.js", is no end).
static WELCOME_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[Ww]elcome (?:back )?to|(?:another|this) episode of|[Ww]elcome to (?:another|this) episode of)[ \t]+(?:the[ \t]+)?(\p{Lu}[\w&']*(?:\.[\w&']+)*(?:[ \t]+(?:\p{Lu}[\w&']*(?:\.[\w&']+)*|to|and|&)){0,4})",
    )
    .unwrap()
});

/// The known shows the opening speech names, in order of first mention.
pub fn spoken_shows(text: &str) -> Vec<&'static str> {
    let mut shows = Vec::new();
    for m in KNOWN_SHOW.find_iter(text) {
        let said = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
        let proper = KNOWN_SHOWS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(&said))
            .map(|(_, proper)| *proper);
        if let Some(proper) = proper.filter(|p| !shows.contains(p)) {
            shows.push(proper);
        }
    }
    shows
}

/// The show the opening speech names: the first known show, else the one it welcomes you to.
pub fn spoken_show(text: &str) -> Option<String> {
    if let Some(first) = spoken_shows(text).first() {
        return Some((*first).to_owned());
    }
    let c = WELCOME_TO.captures(text)?;
    let mut name = c[1].trim();
    for tail in [" and", " to", " &"] {
        name = name.strip_suffix(tail).unwrap_or(name).trim_end();
    }
    (!name.is_empty()).then(|| name.to_owned())
}

/// A number that leads the name: `197-structured-concurrency`, `012`.
static LEADING_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,6})(?:[\s_.\-]+(.*))?$").unwrap());
/// A number after "ep" or "episode", anywhere: `ep123`, `episode_123-title`, `show-ep-12`.
static EPISODE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[\s_.\-])(?:ep|episode|eps|e)[\s_.\-#]*(\d{1,6})(?:$|[\s_.\-]+)").unwrap()
});
/// A number that ends the name: `practical-ai-150`, `go-time-339`.
static TRAILING_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?)[\s_.\-#]+(\d{1,6})$").unwrap());
static HASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[0-9a-fA-F]{8,}$").unwrap());

/// Words that file names append to a slug but that are not part of the title.
const SLUG_SUFFIXES: &[&str] = &["transcript", "youtube", "captions", "subtitles"];

/// The episode number and title slug in a file name: the number may lead (`197-structured-
/// concurrency.txt`), follow "ep"/"episode" anywhere (`ep123`, `episode_123`), or end the name
/// (`practical-ai-150.md`) — but a year at the end (`summit-2018`) is no episode number. Names
/// made of a number and a hash (`000_af490fa7dafbb02c.txt`) say nothing.
pub fn from_file_name(path: &Path) -> (Option<u32>, Option<String>) {
    let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
        return (None, None);
    };
    let (number, slug): (Option<u32>, String) = if let Some(c) = LEADING_NUMBER.captures(stem) {
        let slug = c.get(2).map_or("", |m| m.as_str());
        if HASH.is_match(slug) {
            return (None, None);
        }
        (c[1].parse().ok(), slug.to_owned())
    } else if let Some(c) = EPISODE_NUMBER.captures(stem) {
        let whole = c.get(0).expect("match");
        let slug = format!("{} {}", &stem[..whole.start()], &stem[whole.end()..]);
        (c[1].parse().ok(), slug)
    } else if let Some(c) = TRAILING_NUMBER.captures(stem)
        && !is_year(&c[2])
    {
        // `practical-ai-150`, `go-time-339`: a name before a trailing number is the show's,
        // not the episode's title.
        return (c[2].parse().ok(), None);
    } else {
        (None, stem.to_owned())
    };
    let mut words: Vec<&str> = slug
        .split(|ch: char| ch == '-' || ch == '_' || ch.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    while words
        .last()
        .is_some_and(|w| SLUG_SUFFIXES.iter().any(|s| w.eq_ignore_ascii_case(s)))
    {
        words.pop();
    }
    // Only a name that had a number is a slug; "notes.txt" has no title in it.
    if number.is_none() {
        return (None, None);
    }
    let title = words.join(" ");
    let title = (!title.is_empty()).then(|| capitalise_first(&title));
    (number, title)
}

/// A four-digit number that reads as a year of podcasting (1990–2099).
fn is_year(digits: &str) -> bool {
    digits.len() == 4
        && digits
            .parse::<u32>()
            .is_ok_and(|y| (1990..2100).contains(&y))
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "PYTHON BYTES" → "Python Bytes"; words that are not all capitals are left alone.
pub fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            if w.chars().any(char::is_lowercase) {
                w.to_owned()
            } else {
                let mut chars = w.chars();
                chars
                    .next()
                    .map(|c| {
                        c.to_uppercase()
                            .chain(chars.flat_map(char::to_lowercase))
                            .collect()
                    })
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Picks the best-ranked of the candidates for one field, warning where sources disagree.
fn choose<T: PartialEq + std::fmt::Display>(
    field: MetaField,
    candidates: Vec<(T, MetaSource)>,
    warnings: &mut Vec<Warning>,
) -> Option<Sourced<T>> {
    let mut candidates = candidates;
    candidates.sort_by_key(|(_, source)| source.rank(field));
    let field = match field {
        MetaField::Show => "show",
        MetaField::Number => "episode number",
        MetaField::Title => "title",
        MetaField::Date => "recording date",
    };
    let mut candidates = candidates.into_iter();
    let (value, source) = candidates.next()?;
    for (other, other_source) in candidates {
        if other != value {
            warnings.push(Warning::new(
                WarningKind::Conflict,
                format!(
                    "{field}: {} says {value}, {} says {other}; using the {}",
                    source.name(),
                    other_source.name(),
                    source.name()
                ),
            ));
        }
    }
    Some(Sourced::new(value, source))
}

/// Works out a transcript's metadata from its header, its opening speech and its file name.
pub fn infer(
    header: &HeaderFacts,
    opening: &str,
    path: &Path,
    options: &ParseOptions,
    warnings: &mut Vec<Warning>,
) -> EpisodeMeta {
    use MetaSource::{FileName, Given, Header, Speech};
    let (file_number, file_title) = from_file_name(path);

    let show = match &options.show {
        Some(show) => Some(Sourced::new(show.clone(), Given)),
        None => {
            let candidates = [
                header.show.clone().map(|s| (s, Header)),
                spoken_show(opening).map(|s| (s, Speech)),
            ];
            choose(
                MetaField::Show,
                candidates.into_iter().flatten().collect(),
                warnings,
            )
        }
    };
    let number = choose(
        MetaField::Number,
        [
            header.number.map(|n| (n, Header)),
            file_number.map(|n| (n, FileName)),
            spoken_episode_number(opening).map(|n| (n, Speech)),
        ]
        .into_iter()
        .flatten()
        .collect(),
        warnings,
    );
    let date = choose(
        MetaField::Date,
        [
            header.date.map(|d| (d, Header)),
            find_recording_date(opening).map(|d| (d, Speech)),
        ]
        .into_iter()
        .flatten()
        .collect(),
        &mut *warnings,
    );
    let date_without_year = if date.is_none() {
        find_day_of_year(opening)
    } else {
        None
    };
    // A slug that only repeats the show's name ("002_python_bytes.txt") is no title.
    let file_title = file_title.filter(|t| {
        show.as_ref()
            .is_none_or(|s| !t.eq_ignore_ascii_case(&s.value))
            && !KNOWN_SHOWS
                .iter()
                .any(|(said, _)| t.eq_ignore_ascii_case(said))
    });
    let title = header
        .title
        .clone()
        .map(|t| Sourced::new(t, Header))
        .or_else(|| file_title.map(|t| Sourced::new(t, FileName)));
    EpisodeMeta {
        show,
        number,
        title,
        date,
        source_path: path.to_owned(),
        date_without_year,
        id: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_precedence_table_ranks_every_field_and_reading_follows_it() {
        use MetaSource::{FileName, Folder, Given, Header, Speech};
        let order = |field: MetaField| {
            let mut sources = [Folder, FileName, Speech, Header, Feed, Given];
            sources.sort_by_key(|s| s.rank(field));
            sources
        };
        use MetaSource::Feed;
        for field in [MetaField::Show, MetaField::Title, MetaField::Date] {
            assert_eq!(
                order(field),
                [Given, Feed, Header, Speech, FileName, Folder]
            );
        }
        // A number is misheard more often than a file is misnamed.
        assert_eq!(
            order(MetaField::Number),
            [Given, Feed, Header, FileName, Speech, Folder]
        );
        // Reading a file picks by the table, whatever order the candidates come in.
        let mut warnings = Vec::new();
        let number = choose(
            MetaField::Number,
            vec![(14, Speech), (41, FileName)],
            &mut warnings,
        )
        .unwrap();
        assert_eq!((number.value, number.source), (41, FileName));
        assert!(
            warnings[0]
                .message
                .contains("file-name says 41, speech says 14")
        );
        let date = choose(
            MetaField::Date,
            vec![(1, FileName), (2, Speech)],
            &mut warnings,
        )
        .unwrap();
        assert_eq!(date.source, Speech);
    }

    #[test]
    fn header_lines_are_recognised() {
        let cases: &[(&str, Option<HeaderLine>)] = &[
            (
                "Transcript for Episode #9:",
                Some(HeaderLine::Episode {
                    number: 9,
                    title: None,
                }),
            ),
            (
                "Episode #41: Python Concurrency From the Ground Up",
                Some(HeaderLine::Episode {
                    number: 41,
                    title: Some("Python Concurrency From the Ground Up".into()),
                }),
            ),
            (
                "Transcript #12: Expanding your Python mental model",
                Some(HeaderLine::Episode {
                    number: 12,
                    title: Some("Expanding your Python mental model".into()),
                }),
            ),
            (
                "Recorded on Tuesday, Jan 17, 2017.",
                Some(HeaderLine::Recorded(
                    NaiveDate::from_ymd_opt(2017, 1, 17).unwrap(),
                )),
            ),
            (
                "PYTHON BYTES TRANSCRIPT",
                Some(HeaderLine::Show("Python Bytes".into())),
            ),
            ("Michael KENNEDY: This is episode #9.", None),
            ("In episode 12 we said", None),
        ];
        for (line, expected) in cases {
            assert_eq!(&header_line(line), expected, "{line:?}");
        }
    }

    #[test]
    fn dates_are_found_in_speech_and_headers() {
        let cases = [
            ("recorded Tuesday, January 17th, 2017.", Some((2017, 1, 17))),
            (
                "we recorded on June 6 2017. I'm Michael",
                Some((2017, 6, 6)),
            ),
            (
                "episode 197 recorded August 26th 2020 Brian",
                Some((2020, 8, 26)),
            ),
            ("Monday, Feb 6, 2017", Some((2017, 2, 6))),
            ("Sept. 3rd, 2019", Some((2019, 9, 3))),
            ("released 2021-03-04", Some((2021, 3, 4))),
            ("recorded May 25th.", None),
            ("February 30th, 2017", None),
            ("you may 25 2017 cats", Some((2017, 5, 25))),
        ];
        for (text, expected) in cases {
            let expected = expected.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap());
            assert_eq!(find_date(text), expected, "{text:?}");
        }
    }

    #[test]
    fn only_dates_said_as_the_recording_date_count_in_speech() {
        let cases = [
            (
                "It's episode 12 recorded February 6, 2016.",
                Some("2016-02-06"),
            ),
            (
                "recorded on Tuesday, January 17th, 2017",
                Some("2017-01-17"),
            ),
            ("back in August 16, 1993 I wrote a web server", None),
            (
                "we recorded a show. It was great. Anyway, on May 5, 2020 Python",
                None,
            ),
        ];
        for (text, expected) in cases {
            let got = find_recording_date(text).map(|d| d.to_string());
            assert_eq!(got.as_deref(), expected, "{text:?}");
        }
    }

    #[test]
    fn days_said_without_a_year() {
        use chrono::Weekday::{Mon, Tue};
        let cases = [
            (
                "It's episode 11, recorded January 30th.",
                Some((1, 30, None)),
            ),
            ("recorded Monday, December 12th.", Some((12, 12, Some(Mon)))),
            ("recorded on Tuesday, June 23rd", Some((6, 23, Some(Tue)))),
            ("recorded, unbelievably, December 1st", Some((12, 1, None))),
            ("recorded March, March 17th", Some((3, 17, None))),
            (
                "reported January 6th, one of my favorite dates",
                Some((1, 6, None)),
            ),
            (
                "recorded April 16th and I am Brian Okken",
                Some((4, 16, None)),
            ),
            ("recorded live from PyCon", None),
            ("we recorded a video", None),
            ("recorded February 30th", None),
        ];
        for (text, expected) in cases {
            let got = find_day_of_year(text).map(|d| (d.month, d.day, d.weekday));
            assert_eq!(got, expected, "{text:?}");
        }
        let day = find_day_of_year("recorded Monday, December 12th").unwrap();
        assert_eq!(day.in_year(2016).unwrap().to_string(), "2016-12-12");
        assert_eq!(day.in_year(2017), None);
    }

    #[test]
    fn spoken_episode_numbers_in_digits_and_words() {
        let cases = [
            ("It's Episode #9, recorded", Some(9)),
            ("This time it's episode 29 and we recorded", Some(29)),
            (
                "This is Python Bytes, episode number one, recorded",
                Some(1),
            ),
            ("welcome to episode two of Python Bytes", Some(2)),
            ("It's episode six, recorded Monday", Some(6)),
            ("episode one hundred and twelve.", Some(112)),
            ("On the last episode, we covered episode 40", Some(40)),
            ("no number here", None),
        ];
        for (text, expected) in cases {
            assert_eq!(spoken_episode_number(text), expected, "{text:?}");
        }
    }

    #[test]
    fn shows_are_named_from_speech() {
        let cases = [
            (
                "This is Python Bytes, Python headlines",
                Some("Python Bytes"),
            ),
            (
                "Hello and welcome to Python Bytes, where we deliver",
                Some("Python Bytes"),
            ),
            (
                "thank you for listening to Python bites",
                Some("Python Bytes"),
            ),
            (
                "Welcome to Talk Python To Me, a weekly podcast",
                Some("Talk Python To Me"),
            ),
            (
                "Hello and welcome to Data Engineering Weekly, where",
                Some("Data Engineering Weekly"),
            ),
            ("Welcome to the show", None),
            (
                "Welcome to Practical AI. This is Daniel",
                Some("Practical AI"),
            ),
            ("this is The Changelog.\nThank you", None),
            (
                "Welcome to The Changelog.\nThank you",
                Some("The Changelog"),
            ),
            (
                "Welcome to another episode of Practical AI. I am",
                Some("Practical AI"),
            ),
            (
                "welcome back to Go Time and Node.js fans",
                Some("Go Time and Node.js"),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(spoken_show(text).as_deref(), expected, "{text:?}");
        }
        let crossover =
            "recorded as a talk Python to me episode, for our countdown on Python bytes";
        assert_eq!(
            spoken_shows(crossover),
            ["Talk Python To Me", "Python Bytes"]
        );
    }

    #[test]
    fn file_names_give_number_and_title_unless_they_are_hashes() {
        let cases: &[(&str, Option<u32>, Option<&str>)] = &[
            (
                "197-structured-concurrency.txt",
                Some(197),
                Some("Structured concurrency"),
            ),
            (
                "459 Inverted dependency trees.vtt",
                Some(459),
                Some("Inverted dependency trees"),
            ),
            (
                "473-a-clean-room-rewrite-transcript-youtube.vtt",
                Some(473),
                Some("A clean room rewrite"),
            ),
            ("000_af490fa7dafbb02c.txt", None, None),
            ("012.txt", Some(12), None),
            ("notes.txt", None, None),
            ("practical-ai-150.md", Some(150), None),
            ("go-time-339.md", Some(339), None),
            ("the-changelog-bonus-sustainoss-2018.md", None, None),
            ("ep123.txt", Some(123), None),
            ("episode_123-the-title.txt", Some(123), Some("The title")),
            ("show-ep-12-title.srt", Some(12), Some("Show title")),
            ("python-3.txt", Some(3), None),
            ("Episode 7 - Vitess.vtt", Some(7), Some("Vitess")),
        ];
        for (name, number, title) in cases {
            let (n, t) = from_file_name(Path::new(name));
            assert_eq!((n, t.as_deref()), (*number, *title), "{name}");
        }
    }

    #[test]
    fn header_wins_over_speech_and_the_conflict_is_reported() {
        let header = HeaderFacts {
            number: Some(12),
            date: NaiveDate::from_ymd_opt(2017, 2, 6),
            ..HeaderFacts::default()
        };
        let opening = "This is Python Bytes. It's episode 12 recorded February 6, 2016.";
        let mut warnings = Vec::new();
        let meta = infer(
            &header,
            opening,
            Path::new("002_e262f4abd0f6b887.txt"),
            &ParseOptions::default(),
            &mut warnings,
        );
        assert_eq!(meta.date.as_ref().unwrap().value.to_string(), "2017-02-06");
        assert_eq!(meta.date.unwrap().source, MetaSource::Header);
        assert_eq!(meta.show.unwrap().source, MetaSource::Speech);
        assert_eq!(
            warnings
                .iter()
                .map(|w| w.message.as_str())
                .collect::<Vec<_>>(),
            ["recording date: header says 2017-02-06, speech says 2016-02-06; using the header"]
        );
    }

    #[test]
    fn a_slugged_file_name_wins_over_speech_for_the_number() {
        let mut warnings = Vec::new();
        let meta = infer(
            &HeaderFacts::default(),
            "crossing the streams with Talk Python To Me. This is episode 388",
            Path::new("316-tp-crossover-388-python311.txt"),
            &ParseOptions::default(),
            &mut warnings,
        );
        assert_eq!(meta.number, Some(Sourced::new(316, MetaSource::FileName)));
        assert_eq!(
            warnings
                .iter()
                .map(|w| w.message.as_str())
                .collect::<Vec<_>>(),
            ["episode number: file-name says 316, speech says 388; using the file-name"]
        );
    }

    #[test]
    fn number_words() {
        assert_eq!(number_from_words("twenty-one pilots"), Some(21));
        assert_eq!(number_from_words("three hundred forty two"), Some(342));
        assert_eq!(number_from_words("and one"), None);
        assert_eq!(number_from_words("of python"), None);
        // Regression: overflowed silently (release) or panicked (debug).
        assert_eq!(
            number_from_words("ninety hundred hundred hundred hundred hundred"),
            None
        );
    }
}
