//! [`TallyStream`]: counts a register fed in chunks, holding counters per village only, so
//! memory grows with the number of villages, not of households.

use super::dataset::{Dataset, RowReport, UnitFacts};
use super::engine::blocks::FlagWords;
use super::engine::kernel::{self, H, HCounts};
use super::engine::popcount;
use super::facts::HouseholdFields;
use super::input::Households;
use super::tally::Tally;
use crate::error::{Error, Issue, Issues, Path};

/// Counts households chunk by chunk against fixed unit facts.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::assess::{HouseholdFields, Households, TallyStream, UnitFacts};
/// use fupin_core::household::HouseholdStatus;
///
/// let mut stream = TallyStream::new(NaiveDate::from_ymd_opt(2020, 6, 30).unwrap(), UnitFacts::default())?;
/// for _chunk in 0..3 {
///     let fields = vec![HouseholdFields::new(3, HouseholdStatus::Poor); 1000];
///     let villages = vec![522327100201; 1000];
///     let report = stream.push_households(Households::Fields { villages: &villages, fields: &fields })?;
///     assert_eq!(report.accepted, 1000);
/// }
/// let tally = stream.finish();
/// assert_eq!(tally.total().get(fupin_core::assess::Counter::PoorPeople), 9000);
/// # Ok::<(), fupin_core::Error>(())
/// ```
#[derive(Debug)]
pub struct TallyStream {
    pub(super) units: Dataset,
    counts: Vec<HCounts>,
    pub(super) threads: usize,
    /// The flag words of the last chunk of columns (a buffer kept across chunks).
    words: Vec<FlagWords>,
}

impl TallyStream {
    /// A stream counting against these unit facts (checked as by [`Dataset::with_units`]).
    pub fn new(as_of: chrono::NaiveDate, units: UnitFacts) -> Result<Self, Error> {
        Self::with_indicators(as_of, units, crate::plan::MeasureDefs::default())
    }

    /// A stream over these unit facts counting the indicators beyond shares of `defs` too
    /// (the built-in ones and the user's own: [`Dataset::with_units_and_indicators`]).
    pub fn with_indicators(
        as_of: chrono::NaiveDate,
        units: UnitFacts,
        defs: crate::plan::MeasureDefs,
    ) -> Result<Self, Error> {
        let units = Dataset::with_units_and_indicators(as_of, units, defs)?;
        Ok(TallyStream {
            units,
            // sized by the first chunk counted (or taken whole from the first fork joined)
            counts: Vec::new(),
            threads: std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
            words: Vec::new(),
        })
    }

    /// Labels the result.
    #[must_use]
    pub fn labelled(mut self, label: impl Into<String>) -> Self {
        self.units = self.units.labelled(label);
        self
    }

    /// Adds the label of data pushed ([`Dataset::add_label`]).
    pub fn add_label(&mut self, label: &str) {
        self.units.add_label(label);
    }

    pub(super) fn absorb(&mut self, report: RowReport) -> RowReport {
        // the chunk's rows were appended to `units`' columns: count them and drop them
        let mut cols = std::mem::take(self.units.households_mut());
        self.count(&cols.village, &cols.people, &cols.flags);
        // the room is kept for the next chunk (a fresh one would cost page faults)
        cols.clear();
        *self.units.households_mut() = cols;
        report
    }

    /// Adds rows given as village slots, members and flags to the counters.
    fn count(&mut self, village: &[u32], people: &[u16], flags: &[u16]) {
        let n = self.units.village_codes().len();
        let threads = self.threads_for(village.len());
        self.add_partials(kernel::partials_of(village, people, flags, n, threads));
    }

    /// Threads worth using for a chunk of `rows` rows.
    fn threads_for(&self, rows: usize) -> usize {
        if rows < 1 << 20 { 1 } else { self.threads }
    }

    fn add_partials(&mut self, parts: Vec<kernel::Partial>) {
        let n = self.units.village_codes().len();
        if self.counts.len() < n {
            // written as zeros now: memory handed out zeroed is mapped lazily, and its
            // first use (read, then added to) would cost two page faults and a flush of
            // every core's address cache per page
            self.counts.resize(n, [0; H]);
        }
        for part in parts {
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
    }

    /// The poverty line of the as-of year, against which households' exit is judged.
    pub fn poverty_line(&self) -> Option<crate::Yuan> {
        self.units.poverty_line()
    }

    /// Counts a chunk of households — records, rows of fields or columns ([`Households`]):
    /// the one way in, the fastest way to count each chosen inside (columns by population
    /// count over each village's rows, on the stream's threads). What is rejected and what
    /// is an error is as for [`Dataset::add_households`].
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use fupin_core::RegionCode;
    /// use fupin_core::assess::{Counter, FieldColumns, Households, TallyStream, UnitFacts};
    ///
    /// let mut stream = TallyStream::new(NaiveDate::from_ymd_opt(2020, 6, 30).unwrap(), UnitFacts::default())?;
    /// let villages = [RegionCode::parse("522327100201")?, RegionCode::parse("522327100202")?];
    /// let mut columns = FieldColumns::new(3);
    /// columns.people = Some(&[3, 2, 4]);
    /// let report = stream.push_households(Households::Columns { villages: &villages, keys: &[0, 0, 1], columns })?;
    /// assert_eq!(report.accepted, 3);
    /// // no status column: a register of the poor
    /// assert_eq!(stream.finish().total().get(Counter::PoorPeople), 9);
    /// # Ok::<(), fupin_core::Error>(())
    /// ```
    pub fn push_households<'a>(
        &mut self,
        households: impl Into<Households<'a>>,
    ) -> Result<RowReport, Error> {
        match households.into() {
            Households::Records(rows) => {
                let report = self.units.add_records(rows);
                Ok(self.absorb(report))
            }
            Households::Fields { villages, fields } => self.push_fields(villages, fields),
            Households::Columns {
                villages,
                keys,
                columns,
            } => {
                super::dataset::check_columns(villages, keys, &columns)?;
                let mut words = std::mem::take(&mut self.words);
                words.clear();
                if let Err(row) = columns.flag_words_into(self.poverty_line(), &mut words) {
                    self.words = words;
                    return Err(super::dataset::invalid_amount(row, &columns));
                }
                let report =
                    self.push_coded_words(villages, keys, &columns.people_or_ones(), &words);
                self.words = words;
                report
            }
        }
    }

    /// Counts a chunk of households with dictionary-encoded village codes and flags as
    /// [`FlagWords`] (see [`FieldColumns::flag_words_into`](super::FieldColumns)): the
    /// same counts as a flags word per row would give, each
    /// flag added up by population count over a village's rows. Rows of codes that are
    /// not village codes are rejected and reported by row; columns of different lengths
    /// (`words` must have `keys.len().div_ceil(64)` entries) or a key beyond `villages`
    /// are an error (nothing is counted).
    pub(crate) fn push_coded_words(
        &mut self,
        villages: &[crate::RegionCode],
        keys: &[u32],
        people: &[u16],
        words: &[FlagWords],
    ) -> Result<RowReport, Error> {
        let n = keys.len();
        if people.len() != n || words.len() != n.div_ceil(64) {
            return Err(Error::Validation(Issues(vec![Issue::new(
                "column_length",
                Path::root(),
                format!(
                    "{n} village keys for {} member counts and {} flag words (one per 64 rows)",
                    people.len(),
                    words.len()
                ),
            )])));
        }
        super::dataset::check_keys(villages, keys)?;
        let slots = self.units.coded_slots(villages);
        if !slots.iter().all(Option::is_some) {
            // a code that is not a village's: rows reported one by one
            let flags = popcount::flags_of_words(words, n);
            let report = self
                .units
                .add_slotted(villages, &slots, keys, people, &flags);
            return Ok(self.absorb(report));
        }
        // runs of keys counted, each added to its code's slot: no slot per row
        let slot_of: Vec<u32> = slots.iter().map(|s| s.unwrap_or(0)).collect();
        let villages = self.units.village_codes().len();
        let threads = self.threads_for(n);
        self.add_partials(popcount::partials(
            keys, &slot_of, people, words, villages, threads,
        ));
        Ok(RowReport {
            rows: n,
            accepted: n,
            ..RowReport::default()
        })
    }

    /// Counts a chunk of rows of fields.
    fn push_fields(
        &mut self,
        villages: &[u64],
        fields: &[HouseholdFields],
    ) -> Result<RowReport, Error> {
        let report = self.units.add_fields(villages, fields)?;
        Ok(self.absorb(report))
    }

    /// An empty stream against the same unit facts, date and label: give one to each
    /// thread counting part of a register, then [`join`](Self::join) them. The result is
    /// the same as pushing every part into one stream.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use fupin_core::assess::{Counter, HouseholdFields, Households, TallyStream, UnitFacts};
    /// use fupin_core::household::HouseholdStatus;
    ///
    /// let mut main = TallyStream::new(NaiveDate::from_ymd_opt(2020, 6, 30).unwrap(), UnitFacts::default())?;
    /// let mut other = main.fork();
    /// let poor = vec![HouseholdFields::new(2, HouseholdStatus::Poor); 10];
    /// let (a, b) = (vec![522327100201; 10], vec![522327100202; 10]);
    /// main.push_households(Households::Fields { villages: &a, fields: &poor })?;
    /// std::thread::scope(|s| {
    ///     s.spawn(|| other.push_households(Households::Fields { villages: &b, fields: &poor }));
    /// });
    /// main.join(other);
    /// assert_eq!(main.finish().total().get(Counter::PoorPeople), 40);
    /// # Ok::<(), fupin_core::Error>(())
    /// ```
    #[must_use]
    pub fn fork(&self) -> TallyStream {
        let mut units = self.units.clone();
        *units.households_mut() = super::engine::layout::HouseholdColumns::default();
        TallyStream {
            counts: Vec::new(),
            units,
            threads: self.threads,
            words: Vec::new(),
        }
    }

    /// Adds the counts of `other` (a [`fork`](Self::fork) of this stream, or any stream
    /// against the same unit facts) to this one. Villages only `other` has seen (unlisted
    /// ones) are added.
    pub fn join(&mut self, other: TallyStream) {
        if self.counts.is_empty() && other.units.village_codes() == self.units.village_codes() {
            // nothing counted here yet, and the villages numbered alike: its counters are
            // these
            self.counts = other.counts;
            return;
        }
        for (i, (code, c)) in other
            .units
            .village_codes()
            .iter()
            .zip(&other.counts)
            .enumerate()
        {
            if c.iter().all(|n| *n == 0) {
                continue;
            }
            // a fork numbers the listed villages as this stream does
            let slot = if self.units.village_codes().get(i) == Some(code) {
                i
            } else {
                self.units.village_slot(*code) as usize
            };
            if self.counts.len() <= slot {
                self.counts.resize(slot + 1, [0; H]);
            }
            if let Some(dst) = self.counts.get_mut(slot) {
                kernel::add_into(dst, c);
            }
        }
    }

    /// Uses at most this many threads per chunk (at least 1; the default is the machine's
    /// parallelism). Callers that run several streams side by side set 1.
    #[must_use]
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// The tally of everything pushed.
    pub fn finish(mut self) -> Tally {
        let n = self.units.village_codes().len();
        if self.counts.len() < n {
            self.counts.resize(n, [0; H]);
        }
        Tally::from_village_counts(&self.units, &self.counts)
    }
}
