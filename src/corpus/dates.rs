//! Recording dates checked against episode order.
//!
//! Hosts say the date in the opening, and they misspeak: in January many still say last year
//! ("recorded January 17th, 2016" on an episode of 2017), and speech-to-text mishears the rest.
//! Episode numbers, on the other hand, follow the order episodes were made in. So within a show
//! the dates should rise with the numbers, and one that does not is suspect.
//!
//! The dates that agree with each other are the longest run that never goes back in time when
//! read in episode order (a longest non-decreasing subsequence, `O(n log n)`; among runs of equal
//! length, the one with later dates, since a misspoken year is nearly always the year before).
//! Every other date is out of order and is compared with the kept dates on either side of it.
//! One that is out by less than [`SLACK_DAYS`] is kept with a warning (episodes are sometimes
//! recorded a little out of turn). One that is out by more is corrected when the same day of
//! another year falls between those neighbours — a misspoken or misheard year — and dropped
//! otherwise; either way with a warning that says why. A date said without a year ("recorded
//! January 30th") takes the one year that puts it between its kept neighbours, and the weekday
//! said with it, if any, must match. Every decision reads the kept dates only, so the outcome
//! does not depend on the order episodes are checked in.

use chrono::{Datelike, NaiveDate};

use crate::transcript::{MetaSource, Sourced, Transcript, Warning, WarningKind};

/// How far out of order a date may be before it is corrected or dropped.
const SLACK_DAYS: i64 = 45;

/// How many years a misheard year may be off ("2021" heard for "2025").
const MAX_YEAR_SHIFT: i32 = 10;

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

/// A dated episode: its position in the show, its number and its date as the file gave it.
type Dated = (usize, u32, NaiveDate);

/// One show's episodes, by number.
fn check_show(episodes: &mut [Transcript]) {
    let dated: Vec<Dated> = episodes
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((i, t.meta.episode_number()?, t.meta.date.as_ref()?.value)))
        .collect();
    let dates: Vec<NaiveDate> = dated.iter().map(|&(_, _, d)| d).collect();
    let in_order = longest_non_decreasing(&dates);
    let kept: Vec<Dated> = dated
        .iter()
        .zip(&in_order)
        .filter_map(|(d, &keep)| keep.then_some(*d))
        .collect();
    // The kept dates either side of position `i` of the show.
    let around = |i: usize| {
        let k = kept.partition_point(|&(j, _, _)| j < i);
        let after = kept.get(k).filter(|&&(j, _, _)| j != i).copied();
        (k.checked_sub(1).map(|k| kept[k]), after)
    };
    for (&(i, _, date), _) in dated.iter().zip(&in_order).filter(|(_, keep)| !**keep) {
        let (before, after) = around(i);
        let neighbours = [before, after]
            .into_iter()
            .flatten()
            .map(|(_, n, d)| format!("episode {n} is {d}"))
            .collect::<Vec<_>>()
            .join(", ");
        let t = &mut episodes[i];
        let source = t.meta.date.as_ref().map(|d| d.source).expect("dated above");
        let said = format!(
            "recording date: {} says {date}, but {neighbours}",
            source.name()
        );
        let message = if fits(date, before, after, SLACK_DAYS) {
            format!("{said}; kept")
        } else if let Some(fixed) = only_fitting_year(before, after, |y| {
            (y != date.year()).then(|| date.with_year(y)).flatten()
        }) {
            t.meta.date = Some(Sourced::new(fixed, source));
            format!("{said}; taken as a misspoken year: {fixed}")
        } else {
            t.meta.date = None;
            format!("{said}; dropped")
        };
        t.warnings
            .push(Warning::new(WarningKind::DateOrder, message));
    }
    for (i, t) in episodes.iter_mut().enumerate() {
        let (Some(day), None, Some(_)) = (
            t.meta.date_without_year,
            &t.meta.date,
            t.meta.episode_number(),
        ) else {
            continue;
        };
        let (before, after) = around(i);
        let Some(date) = only_fitting_year(before, after, |y| day.in_year(y)) else {
            continue;
        };
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

/// Whether `date` lies between the neighbours' dates, give or take `slack` days.
fn fits(date: NaiveDate, before: Option<Dated>, after: Option<Dated>, slack: i64) -> bool {
    before.is_none_or(|(_, _, b)| (b - date).num_days() <= slack)
        && after.is_none_or(|(_, _, a)| (date - a).num_days() <= slack)
}

/// The one date that `in_year` gives for a year near the neighbours' and that lies between
/// them; `None` if there are none or several (a neighbour missing leaves the range open).
fn only_fitting_year(
    before: Option<Dated>,
    after: Option<Dated>,
    in_year: impl Fn(i32) -> Option<NaiveDate>,
) -> Option<NaiveDate> {
    let (low, high) = match (before, after) {
        (Some(b), Some(a)) => (b.2.year(), a.2.year()),
        (Some(only), None) | (None, Some(only)) => (only.2.year(), only.2.year()),
        (None, None) => return None,
    };
    let mut fitting = (low - MAX_YEAR_SHIFT..=high + MAX_YEAR_SHIFT)
        .filter_map(in_year)
        .filter(|&d| fits(d, before, after, 0));
    match (fitting.next(), fitting.next()) {
        (Some(date), None) => Some(date),
        _ => None,
    }
}

/// Which of `values` make up a longest non-decreasing subsequence, in `O(n log n)`. Among
/// equally long ones, the one with the greatest values: the run is built from the end,
/// keeping for each length the start with the greatest value.
fn longest_non_decreasing<T: Ord + Copy>(values: &[T]) -> Vec<bool> {
    // Walking backwards, a non-decreasing run is a non-increasing one. heads[l]: index of the
    // greatest first value of a run of length l + 1 found so far.
    let mut heads: Vec<usize> = Vec::new();
    let mut next: Vec<Option<usize>> = vec![None; values.len()];
    for i in (0..values.len()).rev() {
        let v = values[i];
        let l = heads.partition_point(|&h| values[h] >= v);
        next[i] = l.checked_sub(1).map(|p| heads[p]);
        if l == heads.len() {
            heads.push(i);
        } else {
            heads[l] = i;
        }
    }
    let mut keep = vec![false; values.len()];
    let mut at = heads.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = next[i];
    }
    keep
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
    fn longest_runs_prefer_later_values_among_equals() {
        let cases: &[(&[u32], &[bool])] = &[
            (&[1, 2, 3], &[true, true, true]),
            (&[1, 9, 2, 3], &[true, false, true, true]),
            (&[5, 1, 2, 3], &[false, true, true, true]),
            (&[1, 1, 0, 2], &[true, true, false, true]),
            (&[10, 5, 20], &[true, false, true]),
            (&[7, 8, 1, 2, 9], &[true, true, false, false, true]),
            (&[], &[]),
        ];
        for (values, expected) in cases {
            assert_eq!(longest_non_decreasing(values), *expected, "{values:?}");
        }
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
                "recording date: speech says 2017-02-05, but episode 12 is 2017-02-06, episode 16 \
                 is 2017-02-27; kept",
                "recording date: speech says 2011-03-03, but episode 12 is 2017-02-06, episode 16 \
                 is 2017-02-27; dropped",
                "recording date: speech says 2017-03-20, but episode 12 is 2017-02-06, episode 16 \
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
