//! Household records (一户一档) given as JSON texts — the lines of a JSON Lines file — counted
//! by a [`TallyStream`]: each read and checked as `fupin validate` checks it, the households
//! given twice left out, the others counted as records ([`HouseholdFields::of`](super::HouseholdFields::of)).

use super::dataset::RowReport;
use super::stream::TallyStream;
use crate::error::Path;
use crate::household::{HouseholdKeys, TableHouseholds};

impl TallyStream {
    /// Counts household records given as JSON texts, each with its row number (the lines
    /// of a JSON Lines file, numbered from 1): every record is read and checked as
    /// [`check_json`](crate::household::check_json) checks it (shape, types and the rules
    /// as of the stream's date), on the stream's threads. A record with a problem is a
    /// rejected row, all its problems under its row (`[3].members[0].sex`); so is a record
    /// with a person registered in an earlier household (`duplicate_person`, as `validate`
    /// reports it) and a household given twice (the same village and file number, or
    /// failing that the same members, as `seen` finds them across the run's inputs), each
    /// naming the first;
    /// the others are counted. Every text is accepted or reported.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use fupin_core::assess::{Counter, TallyStream, UnitFacts};
    /// use fupin_core::household::{DuplicateCheck, TableHouseholds};
    ///
    /// let record = r#"{"file_number": "5223270001", "village": "522327100201",
    ///     "identified_year": 2014, "status": "poor", "main_cause": "因病",
    ///     "members": [{"name": "王某", "relation": "householder", "sex": "female"},
    ///                 {"name": "李某", "relation": "spouse", "sex": "male"}]}"#;
    /// let mut stream = TallyStream::new(NaiveDate::from_ymd_opt(2020, 6, 30).unwrap(), UnitFacts::default())?;
    /// let mut check = DuplicateCheck::new();
    /// check.begin_file("households.jsonl", false);
    /// let texts = [(1, record.as_bytes()), (2, record.as_bytes()), (3, b"{".as_slice())];
    /// let report = stream.push_record_texts(&texts, &mut TableHouseholds::from(&mut check));
    /// assert_eq!((report.rows, report.accepted), (3, 1));
    /// let codes: Vec<&str> = report.rejected.0.iter().map(|i| i.code.as_str()).collect();
    /// assert_eq!(codes, ["duplicate_household", "invalid_json"]);
    /// assert_eq!(stream.finish().total().get(Counter::PoorPeople), 2);
    /// # Ok::<(), fupin_core::Error>(())
    /// ```
    pub fn push_record_texts(
        &mut self,
        texts: &[(usize, &[u8])],
        seen: &mut TableHouseholds<'_>,
    ) -> RowReport {
        let as_of = self.units.as_of();
        let read = crate::household::check_all(texts, self.threads, |(_, text)| {
            crate::household::read_record(text, "line", as_of)
        });
        let mut report = RowReport {
            rows: texts.len(),
            ..RowReport::default()
        };
        let mut counted = Vec::new();
        let mut rows_of = Vec::new();
        for ((row, _), (household, issues)) in texts.iter().zip(read) {
            let at = Path::root().index(*row);
            // as `fupin validate`: the record's own problems, its people registered in an
            // earlier household, then its household given twice
            let people = household
                .as_ref()
                .map(|h| seen.add_people(*row, h))
                .unwrap_or_default();
            let twice = household.as_ref().and_then(|h| {
                let keys = HouseholdKeys::new(
                    h.village,
                    &h.file_number,
                    h.members.iter().filter_map(|m| m.id_number.as_ref()),
                );
                seen.add_record(&keys, || h.file_number.clone(), *row)
            });
            match household {
                Some(h) if issues.is_empty() && people.is_empty() && twice.is_none() => {
                    counted.push(h);
                    rows_of.push(*row);
                }
                _ => {
                    seen.reject(*row);
                    report.rejected.extend_under(&at, issues);
                    report.rejected.0.extend(people.0);
                    if let Some(twice) = twice {
                        report.rejected.push(twice);
                    }
                }
            }
        }
        // checked above as `validate` checks them: not checked again
        let inner = self.units.add_checked_records(counted.iter());
        let inner = self.absorb(inner);
        report.merge_counted(inner, &rows_of);
        report
    }
}
