//! Dates as transcripts write and say them: "Jan 17, 2017" in a header, "recorded January
//! 17th, 2017" in the opening speech, and "recorded December 12th" said without a year.
//!
//! Headers, front matter and speech all carry dates, so finding one is shared; telling the
//! recording date from other dates in the talk is what the cues here are for.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

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

/// "recorded \[on\] \[Monday,\] December 12th", "recorded, unbelievably, December 1st", "recorded
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
