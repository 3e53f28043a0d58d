//! Recording dates checked against episode order.
//!
//! Hosts say the date in the opening, and they misspeak: in January many still say last year
//! ("recorded January 17th, 2016" on an episode of 2017), and speech-to-text mishears the rest.
//! Episode numbers, on the other hand, follow the order episodes were made in. So within a show
//! the dates should rise with the numbers, and one that does not is suspect.
//!
//! An episode's date is checked against the dates around it: the median of the (up to) three
//! dated episodes before it and of the three after it, medians so that one wrong neighbour does
//! not make a right date look wrong. A date outside that interval is out of order. One that is
//! out by less than [`SLACK_DAYS`] is kept with a warning (episodes are sometimes recorded a
//! little out of turn). One that is out by more is corrected when the same day in the year
//! before or after fits the interval — a misspoken year — and dropped otherwise; either way with
//! a warning that says why. Every check reads the dates as the files gave them, so the outcome
//! does not depend on the order episodes are checked in. `O(n)` for `n` episodes.

use chrono::{Datelike, NaiveDate};

use crate::transcript::{MetaSource, Sourced, Transcript, Warning, WarningKind};

/// How far out of order a date may be before it is corrected or dropped.
const SLACK_DAYS: i64 = 45;

/// Checks and corrects the dates of `transcripts`, which are sorted by show and number.
pub(super) fn check_order(transcripts: &mut [Transcript]) {
    let mut start = 0;
    while start < transcripts.len() {
        let show = transcripts[start].meta.show_name().map(str::to_owned);
        let end = start
            + transcripts[start..]
                .iter()
                .take_while(|t| t.meta.show_name().map(str::to_owned) == show)
                .count();
        if show.is_some() {
            check_show(&mut transcripts[start..end]);
        }
        start = end;
    }
}

/// How many dated episodes on each side an episode's date is compared with.
const NEIGHBOURS: usize = 3;

/// Gives a year to dates said without one ("recorded January 30th"): the year that puts the
/// day between the dates of the episodes around it (and on the weekday said, if one was). Only
/// dates the files gave take part, so the outcome does not depend on the order of resolution.
fn resolve_years(episodes: &mut [Transcript]) {
    let dated: Vec<(usize, u32, NaiveDate)> = episodes
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((i, t.meta.episode_number()?, t.meta.date.as_ref()?.value)))
        .collect();
    if dated.is_empty() {
        return;
    }
    for i in 0..episodes.len() {
        let t = &episodes[i];
        let (Some(day), None, Some(_)) = (
            t.meta.date_without_year,
            &t.meta.date,
            t.meta.episode_number(),
        ) else {
            continue;
        };
        let k = dated.partition_point(|&(j, _, _)| j < i);
        let before = median(&dated[k.saturating_sub(NEIGHBOURS)..k]);
        let after = median(&dated[k..dated.len().min(k + NEIGHBOURS)]);
        let (Some(low), Some(high)) = (before.or(after), after.or(before)) else {
            continue;
        };
        let years = low.year() - 1..=high.year() + 1;
        let fitting: Vec<NaiveDate> = years
            .filter_map(|y| day.in_year(y))
            .filter(|&d| {
                before.is_none_or(|b| (b - d).num_days() <= SLACK_DAYS)
                    && after.is_none_or(|a| (d - a).num_days() <= SLACK_DAYS)
            })
            .collect();
        let [date] = fitting[..] else { continue };
        let t = &mut episodes[i];
        t.meta.date = Some(Sourced::new(date, MetaSource::Speech));
        t.warnings.push(Warning::new(
            WarningKind::DateYear,
            format!(
                "recording date: speech says {} without a year; {} from the episodes around it",
                date.format("%B %-d"),
                date.year()
            ),
        ));
    }
}

/// One show's episodes, by number.
fn check_show(episodes: &mut [Transcript]) {
    resolve_years(episodes);
    let dated: Vec<(usize, u32, NaiveDate)> = episodes
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((i, t.meta.episode_number()?, t.meta.date.as_ref()?.value)))
        .collect();
    for (k, &(i, _, date)) in dated.iter().enumerate() {
        let before = median(&dated[k.saturating_sub(NEIGHBOURS)..k]);
        let after = median(&dated[k + 1..dated.len().min(k + 1 + NEIGHBOURS)]);
        let fits = |d: NaiveDate, slack: i64| {
            before.is_none_or(|b| (b - d).num_days() <= slack)
                && after.is_none_or(|a| (d - a).num_days() <= slack)
        };
        if fits(date, 0) {
            continue;
        }
        let neighbours = [k.checked_sub(1), Some(k + 1)]
            .into_iter()
            .flatten()
            .filter_map(|j| dated.get(j))
            .map(|&(_, n, d)| format!("episode {n} is {d}"))
            .collect::<Vec<_>>()
            .join(", ");
        let t = &mut episodes[i];
        let source = t.meta.date.as_ref().map(|d| d.source).expect("dated above");
        let said = format!(
            "recording date: {} says {date}, but {neighbours}",
            source.name()
        );
        let message = if fits(date, SLACK_DAYS) {
            format!("{said}; kept")
        } else if let Some(fixed) = [-1, 1]
            .into_iter()
            .filter_map(|shift| date.with_year(date.year() + shift))
            .find(|&d| fits(d, SLACK_DAYS))
        {
            t.meta.date = Some(Sourced::new(fixed, source));
            format!("{said}; taken as a misspoken year: {fixed}")
        } else {
            t.meta.date = None;
            format!("{said}; dropped")
        };
        t.warnings
            .push(Warning::new(WarningKind::DateOrder, message));
    }
}

/// The median date of some dated episodes (the lower one of an even count).
fn median(dated: &[(usize, u32, NaiveDate)]) -> Option<NaiveDate> {
    let mut dates: Vec<NaiveDate> = dated.iter().map(|&(_, _, d)| d).collect();
    dates.sort_unstable();
    dates.get(dates.len().saturating_sub(1) / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::{ParseOptions, parse_bytes};
    use std::path::Path;

    fn episode(number: u32, date: &str) -> Transcript {
        let source = format!("00:00 Welcome to Python Bytes, episode {number}, recorded {date}.\n");
        parse_bytes(
            source.as_bytes(),
            Path::new(&format!("{number:03}-x.txt")),
            &ParseOptions::default(),
        )
        .unwrap()
    }

    fn dates(ts: &[Transcript]) -> Vec<Option<String>> {
        ts.iter()
            .map(|t| t.meta.date.as_ref().map(|d| d.value.to_string()))
            .collect()
    }

    #[test]
    fn a_misspoken_year_is_corrected_and_a_wild_date_dropped() {
        let mut ts = vec![
            episode(6, "December 12, 2016"),
            episode(7, "January 4, 2017"),
            episode(8, "January 10, 2017"),
            episode(9, "January 17, 2016"),
            episode(10, "January 24, 2017"),
            episode(11, "January 31, 2017"),
            episode(12, "February 6, 2017"),
            episode(13, "February 5, 2017"),
            episode(14, "March 3, 2011"),
            episode(15, "March 20, 2017"),
            episode(16, "February 27, 2017"),
            episode(17, "March 6, 2017"),
        ];
        check_order(&mut ts);
        assert_eq!(
            dates(&ts),
            [
                Some("2016-12-12"),
                Some("2017-01-04"),
                Some("2017-01-10"),
                Some("2017-01-17"),
                Some("2017-01-24"),
                Some("2017-01-31"),
                Some("2017-02-06"),
                Some("2017-02-05"),
                None,
                Some("2017-03-20"),
                Some("2017-02-27"),
                Some("2017-03-06"),
            ]
            .map(|d| d.map(str::to_owned))
        );
        let warnings: Vec<&str> = ts
            .iter()
            .flat_map(|t| &t.warnings)
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(
            warnings,
            [
                "recording date: speech says 2016-01-17, but episode 8 is 2017-01-10, episode 10 \
                 is 2017-01-24; taken as a misspoken year: 2017-01-17",
                "recording date: speech says 2017-02-06, but episode 11 is 2017-01-31, episode 13 \
                 is 2017-02-05; kept",
                "recording date: speech says 2011-03-03, but episode 13 is 2017-02-05, episode 15 \
                 is 2017-03-20; dropped",
                "recording date: speech says 2017-03-20, but episode 14 is 2011-03-03, episode 16 \
                 is 2017-02-27; kept",
            ]
        );
        assert_eq!(ts[3].meta.date.as_ref().unwrap().source, MetaSource::Speech);
    }

    #[test]
    fn a_day_said_without_a_year_takes_the_year_of_its_neighbours() {
        let mut ts = vec![
            episode(5, "December 5, 2016"),
            episode(6, "Monday, December 12th"),
            episode(7, "January 4, 2017"),
            episode(10, "January 24, 2017"),
            episode(11, "January 30th"),
            episode(13, "February 13, 2017"),
            episode(14, "June 1st"),
        ];
        check_order(&mut ts);
        assert_eq!(
            dates(&ts),
            [
                Some("2016-12-05"),
                Some("2016-12-12"),
                Some("2017-01-04"),
                Some("2017-01-24"),
                Some("2017-01-30"),
                Some("2017-02-13"),
                None,
            ]
            .map(|d| d.map(str::to_owned))
        );
        assert_eq!(
            ts[4].warnings[0].message,
            "recording date: speech says January 30 without a year; 2017 from the episodes around it"
        );
    }
}
