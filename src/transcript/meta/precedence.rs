//! Putting the sources together: each field is taken from the best-ranked source that gives it
//! ([`MetaSource::rank`]), and every source that says otherwise becomes a warning.
//!
//! This is the one place where header, speech and file name meet; the readers of each source
//! know nothing of the others.

use std::path::Path;

use super::dates::{find_day_of_year, find_recording_date};
use super::file_name::from_file_name;
use super::header::HeaderFacts;
use super::speech::{KNOWN_SHOWS, spoken_episode_number, spoken_show};
use super::{EpisodeMeta, MetaField, MetaSource, Sourced};
use crate::transcript::{ParseOptions, Warning, WarningKind};

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
    use chrono::NaiveDate;

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
}
