//! Publication dates as feeds write them: RFC 2822 as RSS asks, and the forms feeds use
//! instead (a wrong weekday, ISO 8601, "February 6, 2017").

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate};
use regex::Regex;

const MONTHS: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?\
                      |sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?[\s\-]+({MONTHS})\.?,?[\s\-]+(\d{{4}}|\d{{2}})\b"
    ))
    .unwrap()
});
static YEAR_MONTH_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\D)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|\D)").unwrap());
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
    ))
    .unwrap()
});

/// The date of a `<pubDate>`, leniently (see [`FeedItem::date`](super::FeedItem::date)).
pub(super) fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(t.date_naive());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.date_naive());
    }
    // What chrono refuses is mostly a wrong weekday or full month names; the date is still
    // there to read.
    let month = |name: &str| {
        const NAMES: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let prefix = name.get(..3)?.to_ascii_lowercase();
        NAMES
            .iter()
            .position(|m| *m == prefix)
            .map(|i| i as u32 + 1)
    };
    if let Some(c) = DAY_MONTH_YEAR.captures(text) {
        let year: i32 = c[3].parse().ok()?;
        // RFC 2822's rule for two-digit years.
        let year = match (c[3].len(), year) {
            (2, y) if y < 50 => 2000 + y,
            (2, y) => 1900 + y,
            (_, y) => y,
        };
        return NaiveDate::from_ymd_opt(year, month(&c[2])?, c[1].parse().ok()?);
    }
    if let Some(c) = YEAR_MONTH_DAY.captures(text) {
        return NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    let c = MONTH_DAY_YEAR.captures(text)?;
    NaiveDate::from_ymd_opt(c[3].parse().ok()?, month(&c[1])?, c[2].parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::test_support::*;

    #[test]
    fn pub_date_variants() {
        let cases = [
            ("Mon, 06 Feb 2017 08:00:00 GMT", date(2017, 2, 6)),
            ("Mon, 06 Feb 2017 08:00:00 +0000", date(2017, 2, 6)),
            ("06 Feb 2017 08:00:00 +0000", date(2017, 2, 6)),
            ("Mon, 6 Feb 2017 08:00 EST", date(2017, 2, 6)),
            // The date as the feed wrote it, not as it falls in UTC.
            ("Tue, 10 Jan 2023 23:30:00 -0800", date(2023, 1, 10)),
            ("Wed, 10 Jan 2023 23:30:00 -0800", date(2023, 1, 10)),
            ("Tue, 10 Jan 2023 23:30:00 CEST", date(2023, 1, 10)),
            ("Tuesday, 10 January 2023 08:00:00 GMT", date(2023, 1, 10)),
            ("Tue, 10 Jan 23 08:00:00 GMT", date(2023, 1, 10)),
            ("Tue, 10 Jan 2023", date(2023, 1, 10)),
            ("2023-01-10T08:00:00Z", date(2023, 1, 10)),
            ("2023-01-10T23:30:00-08:00", date(2023, 1, 10)),
            ("2023-01-10 08:00:00", date(2023, 1, 10)),
            ("2023-01-10", date(2023, 1, 10)),
            ("January 10, 2023", date(2023, 1, 10)),
            ("Jan 10th, 2023 at 8am", date(2023, 1, 10)),
            ("  Tue, 10 Jan 2023 08:00:00 GMT\n", date(2023, 1, 10)),
            ("Tue, 31 Feb 2023 08:00:00 GMT", None),
            ("yesterday", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_date(text), expected, "{text:?}");
        }
    }
}
