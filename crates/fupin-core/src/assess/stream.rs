//! [`TallyStream`]: counts a register fed in chunks, holding counters per village only, so
//! memory grows with the number of villages, not of households.

use super::columns::{HouseholdFields, HouseholdSummary};
use super::dataset::{Dataset, RowReport, UnitFacts};
use super::kernel::{self, H, HCounts};
use super::tally::Tally;
use crate::error::Error;
use crate::household::Household;

/// Counts households chunk by chunk against fixed unit facts.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::assess::{HouseholdFields, TallyStream, UnitFacts};
/// use fupin_core::household::HouseholdStatus;
///
/// let mut stream = TallyStream::new(NaiveDate::from_ymd_opt(2020, 6, 30).unwrap(), UnitFacts::default())?;
/// for _chunk in 0..3 {
///     let fields = vec![HouseholdFields::new(3, HouseholdStatus::Poor); 1000];
///     let report = stream.push_fields(&vec![522327100201; 1000], &fields)?;
///     assert_eq!(report.accepted, 1000);
/// }
/// let tally = stream.finish();
/// assert_eq!(tally.total().get(fupin_core::assess::Counter::PoorPeople), 9000);
/// # Ok::<(), fupin_core::Error>(())
/// ```
#[derive(Debug)]
pub struct TallyStream {
    units: Dataset,
    counts: Vec<HCounts>,
    threads: usize,
}

impl TallyStream {
    /// A stream counting against these unit facts (checked as by [`Dataset::with_units`]).
    pub fn new(as_of: chrono::NaiveDate, units: UnitFacts) -> Result<Self, Error> {
        let units = Dataset::with_units(as_of, units)?;
        let n = units.village_codes().len();
        Ok(TallyStream {
            units,
            counts: vec![[0; H]; n],
            threads: std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        })
    }

    /// Labels the result.
    #[must_use]
    pub fn labelled(mut self, label: impl Into<String>) -> Self {
        self.units = self.units.labelled(label);
        self
    }

    fn absorb(&mut self, report: RowReport) -> RowReport {
        // the chunk's rows were appended to `units`' columns: count them and drop them
        let cols = std::mem::take(self.units.households_mut());
        let n = self.units.village_codes().len();
        if self.counts.len() < n {
            self.counts.resize(n, [0; H]);
        }
        let threads = if cols.len() < 1 << 20 {
            1
        } else {
            self.threads
        };
        for part in kernel::partials(&cols, n, threads) {
            match part {
                kernel::Partial::Runs(runs) => {
                    for (v, c) in &runs {
                        if let Some(slot) = self.counts.get_mut(*v as usize) {
                            kernel::add_into(slot, c);
                        }
                    }
                }
                kernel::Partial::Dense(d) => {
                    for (slot, c) in self.counts.iter_mut().zip(&d) {
                        kernel::add_into(slot, c);
                    }
                }
            }
        }
        report
    }

    /// The poverty line of the as-of year, for summarising households (see
    /// [`flags_of`](super::flags_of)).
    pub fn poverty_line(&self) -> Option<crate::Yuan> {
        self.units.poverty_line()
    }

    /// Counts a chunk of summarised households.
    pub fn push_summaries(&mut self, rows: &[HouseholdSummary]) -> RowReport {
        let report = self.units.add_summaries(rows);
        self.absorb(report)
    }

    /// Counts a chunk of household records.
    pub fn push_households(&mut self, rows: &[Household]) -> RowReport {
        let report = self.units.add_households(rows);
        self.absorb(report)
    }

    /// Counts a chunk of bulk columns (see [`Dataset::add_household_fields`]).
    pub fn push_fields(
        &mut self,
        villages: &[u64],
        fields: &[HouseholdFields],
    ) -> Result<RowReport, Error> {
        let report = self.units.add_household_fields(villages, fields)?;
        Ok(self.absorb(report))
    }

    /// The tally of everything pushed.
    pub fn finish(self) -> Tally {
        Tally::from_village_counts(&self.units, &self.counts)
    }
}
