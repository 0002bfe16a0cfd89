//! A deterministic generator of **synthetic** data sets for tests, benchmarks and demos:
//! townships, villages and households under county codes you give (real ones, from
//! `fupin-data`), with national proportions at scale 1 (about 13 townships a county, 13
//! villages a township, 62 registered households a village: 30 million households over
//! the ~2,850 counties). Every data set it makes is labelled synthetic.
//!
//! ```
//! use chrono::NaiveDate;
//! use fupin_core::synth::{SynthOptions, generate};
//! use fupin_core::region::RegionCode;
//!
//! let counties: Vec<RegionCode> = ["522327", "522328"].iter().map(|c| c.parse().unwrap()).collect();
//! let opts = SynthOptions::new(NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()).with_scale(0.1);
//! let ds = generate(&counties, &opts);
//! assert!(ds.label().unwrap().starts_with("SYNTHETIC"));
//! assert_eq!(ds.counties().len(), 2);
//! assert_eq!(ds, generate(&counties, &opts)); // deterministic
//! ```

use chrono::NaiveDate;

use crate::assess::HouseholdFields;
use crate::assess::engine::layout::{HouseholdColumns, flags_of};
use crate::assess::{CountyFacts, CountySurvey, TownshipFacts, VillageFacts};
use crate::assess::{Dataset, UnitFacts};
use crate::assess::{UnitValue, UnitValues};
use crate::household::HouseholdStatus;
use crate::money::Yuan;
use crate::region::{RegionCode, Zone};

/// Options of the generator.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SynthOptions {
    /// The as-of date of the data set.
    pub as_of: NaiveDate,
    /// Seed: the same seed and options give the same data.
    pub seed: u64,
    /// Households per village relative to the national average (1.0 ≈ 30M households in
    /// all ~2,850 counties).
    pub scale: f64,
    /// Share of the counties made national poor counties (832 of ~2,850 nationally),
    /// western ones first.
    pub poor_county_share: f64,
    /// Average townships per county.
    pub townships_per_county: u32,
    /// Average villages per township.
    pub villages_per_township: u32,
}

impl SynthOptions {
    /// National proportions at scale 1 as of `as_of`, seed 2016.
    pub fn new(as_of: NaiveDate) -> Self {
        SynthOptions {
            as_of,
            seed: 2016,
            scale: 1.0,
            poor_county_share: 832.0 / 2846.0,
            townships_per_county: 13,
            villages_per_township: 13,
        }
    }

    /// With another scale.
    #[must_use]
    pub fn with_scale(mut self, scale: f64) -> Self {
        self.scale = scale;
        self
    }

    /// With another seed.
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// With another share of poor counties.
    #[must_use]
    pub fn with_poor_county_share(mut self, share: f64) -> Self {
        self.poor_county_share = share;
        self
    }

    /// With other average township and village counts.
    #[must_use]
    pub fn with_shape(mut self, townships_per_county: u32, villages_per_township: u32) -> Self {
        self.townships_per_county = townships_per_county;
        self.villages_per_township = villages_per_township;
        self
    }
}

/// SplitMix64: small, fast, good enough for synthetic data, and identical everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in [0, 1).
    #[expect(clippy::cast_precision_loss, reason = "53 random bits")]
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An integer in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        let span = u64::from(hi.saturating_sub(lo)) + 1;
        lo + u32::try_from(self.next_u64() % span).unwrap_or(0)
    }

    fn maybe(&mut self, known: f64, yes: f64) -> Option<bool> {
        if self.chance(known) {
            Some(self.chance(yes))
        } else {
            None
        }
    }
}

fn around(rng: &mut Rng, mean: f64) -> u32 {
    // uniform on [mean/2, 3*mean/2], at least 1
    let lo = (mean * 0.5).max(1.0);
    let v = lo + rng.unit() * mean;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "bounded positive"
    )]
    let n = v.round() as u32;
    n.max(1)
}

/// Synthetic county values of the built-in indicators beyond shares
/// ([`crate::plan::measure::builtin`]): most fields recorded, some left empty.
fn county_values(rng: &mut Rng, is_poor: bool, townships: u32) -> UnitValues {
    let mut v = UnitValues::new();
    let put = |v: &mut UnitValues, key: &str, value: Result<UnitValue, String>| {
        if let Ok(x) = value {
            v.insert(key.to_owned(), x);
        }
    };
    if rng.chance(0.95) {
        let schools = rng.range(40, 260);
        let share = if is_poor { 0.93 } else { 0.98 };
        let connected = (f64::from(schools) * (share + rng.unit() * (1.0 - share))).floor();
        put(&mut v, "schools", UnitValue::integer(u64::from(schools)));
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "below schools"
        )]
        put(
            &mut v,
            "schools_connected",
            UnitValue::integer(connected as u64),
        );
    }
    if rng.chance(0.9) {
        put(
            &mut v,
            "training_person_times",
            UnitValue::integer(u64::from(rng.range(500, 40_000))),
        );
    }
    if rng.chance(0.85) {
        put(
            &mut v,
            "poverty_tariff_users",
            UnitValue::integer(u64::from(rng.range(0, 30_000))),
        );
    }
    if is_poor {
        if rng.chance(0.9) {
            // yuan and fen
            let fen = u64::from(rng.range(5_000, 400_000)) * 100_000 + u64::from(rng.range(0, 99));
            put(
                &mut v,
                "online_retail_sales",
                Ok(UnitValue::Hundredths(fen)),
            );
        }
        if rng.chance(0.95) {
            put(
                &mut v,
                "ecommerce_demonstration",
                Ok(UnitValue::Flag(rng.chance(0.8))),
            );
        }
        if rng.chance(0.9) {
            let hospitals = rng.range(1, 4);
            put(
                &mut v,
                "county_hospitals",
                UnitValue::integer(u64::from(hospitals)),
            );
            put(
                &mut v,
                "county_hospitals_telemedicine",
                UnitValue::integer(u64::from(hospitals - u32::from(rng.chance(0.1)))),
            );
            let centres = townships.max(1);
            put(
                &mut v,
                "township_centres",
                UnitValue::integer(u64::from(centres)),
            );
            put(
                &mut v,
                "township_centres_telemedicine",
                UnitValue::integer(u64::from(rng.range(centres * 7 / 10, centres))),
            );
        }
    }
    v
}

/// Picks which counties are poor: about `share` of them, western provinces first.
fn pick_poor(counties: &[RegionCode], share: f64, rng: &mut Rng) -> Vec<bool> {
    let mut keyed: Vec<(f64, usize)> = counties
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let bias = match Zone::of_province(*c) {
                Zone::West => 1.0,
                Zone::Central => 0.55,
                Zone::East => 0.1,
            };
            (rng.unit() * bias, i)
        })
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "a count"
    )]
    let n = ((counties.len() as f64) * share.clamp(0.0, 1.0)).round() as usize;
    let mut poor = vec![false; counties.len()];
    for (_, i) in keyed.into_iter().take(n) {
        if let Some(p) = poor.get_mut(i) {
            *p = true;
        }
    }
    poor
}

/// Units and the household plan of a synthetic data set, before households are drawn.
struct Plan {
    units: UnitFacts,
    /// Households and share of poor households per village, in village order.
    villages: Vec<(u32, f64)>,
    rng: Rng,
}

fn plan(counties: &[RegionCode], opts: &SynthOptions) -> Plan {
    let mut rng = Rng::new(opts.seed);
    let mut codes: Vec<RegionCode> = counties
        .iter()
        .copied()
        .filter(|c| c.level() == crate::region::Level::County)
        .collect();
    codes.sort();
    codes.dedup();
    let poor = pick_poor(&codes, opts.poor_county_share, &mut rng);
    // the values of the indicators beyond shares come from a generator of their own, so the
    // households and facts of a seed are those of earlier versions
    let mut values_rng = Rng::new(opts.seed ^ 0x7661_6C75_6573);
    let mut units = UnitFacts::default();
    let mut villages: Vec<(u32, f64)> = Vec::new();
    for (code, is_poor) in codes.iter().zip(&poor) {
        let mut county = CountyFacts::new(*code);
        county.poor_county = *is_poor;
        county.platform = rng.maybe(0.98, if *is_poor { 0.8 } else { 0.9 });
        if *is_poor && rng.chance(0.7) {
            // the rates in people (about three a household), approval in households
            let wrongly_exited = u64::from(rng.range(0, 18));
            let missed = u64::from(rng.range(0, 24));
            // a county-wide estimate is at least what its sample found
            let wrongly_exited_people = u64::from(rng.range(0, 40)).max(wrongly_exited);
            let missed_people = u64::from(rng.range(0, 60)).max(missed);
            county.survey = Some(CountySurvey {
                sampled_exited: 600,
                wrongly_exited,
                sampled_non_registered: 900,
                missed,
                wrongly_exited_people: Some(wrongly_exited_people),
                missed_people: Some(missed_people),
                surveyed_households: Some(300),
                approving_households: Some(255 + u64::from(rng.range(0, 43))),
                approval: None,
            });
        }
        units.counties.push(county);
        let n_town = around(&mut rng, f64::from(opts.townships_per_county)).min(180);
        if let Some(c) = units.counties.last_mut() {
            c.values = county_values(&mut values_rng, *is_poor, n_town);
        }
        for t in 0..n_town {
            let seg = if t < n_town / 2 {
                100 + t
            } else {
                200 + (t - n_town / 2)
            };
            let Ok(town_code) = RegionCode::from_u64(code.as_u64() + u64::from(seg) * 1000) else {
                continue;
            };
            let mut town = TownshipFacts::new(town_code);
            town.service_node = rng.maybe(0.95, 0.9);
            town.ecommerce = rng.maybe(0.95, if *is_poor { 0.9 } else { 0.97 });
            units.townships.push(town);
            let n_vil = around(&mut rng, f64::from(opts.villages_per_township)).min(799);
            for v in 0..n_vil {
                let Ok(vcode) = RegionCode::from_u64(town_code.as_u64() + 200 + u64::from(v))
                else {
                    continue;
                };
                let poor_village = rng.chance(if *is_poor { 0.6 } else { 0.13 });
                let mut village = VillageFacts::new(vcode);
                village.poor_village = poor_village;
                village.fiber = rng.maybe(0.97, if poor_village { 0.9 } else { 0.95 });
                village.mobile_4g = rng.maybe(0.97, 0.93);
                village.network_leader = rng.maybe(0.9, 0.8);
                let hh = around(
                    &mut rng,
                    if poor_village { 110.0 } else { 48.0 } * opts.scale,
                );
                let poor_share = if *is_poor { 0.08 } else { 0.03 };
                village.rural_population = (!rng.chance(0.003)).then(|| hh.saturating_mul(12));
                units.villages.push(village);
                villages.push((hh, poor_share));
            }
        }
    }
    Plan {
        units,
        villages,
        rng,
    }
}

/// Draws the households of a plan, village by village, in village order.
fn draw(plan: &mut Plan, mut sink: impl FnMut(usize, &HouseholdFields)) {
    let rng = &mut plan.rng;
    for (vi, (hh, poor_share)) in plan.villages.iter().enumerate() {
        for _ in 0..*hh {
            let r = rng.unit();
            let status = if r < *poor_share {
                HouseholdStatus::Poor
            } else if r < poor_share + 0.003 {
                HouseholdStatus::Returned
            } else if r < poor_share + 0.005 {
                HouseholdStatus::NewlyPoor
            } else {
                HouseholdStatus::Exited
            };
            let people =
                u16::try_from(rng.range(1, 6) + u32::from(rng.chance(0.2)) * rng.range(0, 3))
                    .unwrap_or(1);
            let fields = HouseholdFields {
                people,
                status: Some(status),
                terminal: rng.maybe(0.95, 0.85),
                ecommerce: rng.maybe(0.8, 0.2),
                online_training: rng.maybe(0.8, 0.4),
                file_complete: Some(rng.chance(0.97)),
                income_per_capita: rng
                    .chance(0.9)
                    .then(|| Yuan::from_yuan(i64::from(rng.range(2000, 9000)))),
                guarantees_met: rng.maybe(0.95, 0.9),
            };
            sink(vi, &fields);
        }
    }
}

fn label(opts: &SynthOptions) -> String {
    format!(
        "SYNTHETIC data (fupin synth, seed {}, scale {}): not real households or places' figures",
        opts.seed, opts.scale
    )
}

/// Generates a synthetic data set under the given county codes (duplicates and codes that
/// are not county-level are skipped).
pub fn generate(counties: &[RegionCode], opts: &SynthOptions) -> Dataset {
    let mut plan = plan(counties, opts);
    let label = label(opts);
    let total: u64 = plan.villages.iter().map(|(n, _)| u64::from(*n)).sum();
    let mut ds = match Dataset::with_units(opts.as_of, std::mem::take(&mut plan.units)) {
        Ok(ds) => ds,
        Err(_) => return Dataset::new(opts.as_of).labelled(label),
    }
    .labelled(label);
    let mut cols = HouseholdColumns::default();
    cols.reserve(usize::try_from(total).unwrap_or(0));
    let year = u16::try_from(chrono::Datelike::year(&opts.as_of)).unwrap_or(2020);
    let line = crate::plan::PovertyLines::builtin()
        .for_year(year)
        .map(|l| l.yuan);
    draw(&mut plan, |vi, fields| {
        cols.push(
            u32::try_from(vi).unwrap_or(u32::MAX),
            fields.people,
            flags_of(fields, line),
        );
    });
    // every index is < the number of villages by construction
    let _ = ds.add_columns(cols);
    ds
}

/// Generates the same synthetic data as [`generate`], handing each household's village code
/// and fields to `sink` as it is drawn (to write files of any size), and returns the unit
/// facts and the label.
pub fn generate_rows(
    counties: &[RegionCode],
    opts: &SynthOptions,
    mut sink: impl FnMut(RegionCode, &HouseholdFields),
) -> (UnitFacts, String) {
    let mut plan = plan(counties, opts);
    let codes: Vec<RegionCode> = plan.units.villages.iter().map(|v| v.code).collect();
    draw(&mut plan, |vi, fields| {
        if let Some(code) = codes.get(vi) {
            sink(*code, fields);
        }
    });
    (plan.units, label(opts))
}

/// A **synthetic** responsibility map for the counties of a data set: the national
/// coordination group, a provincial office with overall responsibility for each province, a
/// prefectural office for each prefecture, and an implementing county office for most
/// counties — every tenth county (by code) is left without one, so reports can show what a
/// gap looks like. Names say they are synthetic.
pub fn responsibility_map(
    counties: &[CountyFacts],
) -> Result<crate::responsibility::ResponsibilityMap, crate::Error> {
    use crate::region::Level;
    use serde_json::json;
    let mut bodies = vec![json!({
        "id": "coordination-group", "name": "网络扶贫行动部门协调小组 (synthetic)",
        "kind": "coordination_group", "level": "nation", "duties": ["coordinate"]
    })];
    let mut codes: Vec<RegionCode> = counties.iter().map(|c| c.code).collect();
    codes.sort();
    let mut provinces: Vec<RegionCode> = codes.iter().map(|c| c.province()).collect();
    provinces.dedup();
    for p in &provinces {
        bodies.push(json!({
            "id": format!("p-{}", p.gb2260()), "name": format!("{} 省级网信办 (synthetic)", p.gb2260()),
            "kind": "cyberspace_office", "level": "province", "region": p.to_string(),
            "answers_to": "coordination-group", "duties": ["overall_responsibility", "supervise"]
        }));
    }
    let municipality = |c: RegionCode| [11, 12, 31, 50].contains(&c.province_segment());
    let mut prefectures: Vec<RegionCode> = codes
        .iter()
        .filter(|c| !municipality(**c) && c.prefecture_segment() != 90)
        .filter_map(|c| c.at_level(Level::Prefecture))
        .collect();
    prefectures.dedup();
    for f in &prefectures {
        bodies.push(json!({
            "id": format!("f-{}", f.gb2260()), "name": format!("{} 地级网信办 (synthetic)", f.gb2260()),
            "kind": "cyberspace_office", "level": "prefecture", "region": f.to_string(),
            "answers_to": format!("p-{}", f.province().gb2260()), "duties": ["implement", "supervise"]
        }));
    }
    for (i, c) in codes.iter().enumerate() {
        if i % 10 == 9 {
            continue;
        }
        let parent = match c.at_level(Level::Prefecture) {
            Some(f) if prefectures.binary_search(&f).is_ok() => format!("f-{}", f.gb2260()),
            _ => format!("p-{}", c.province().gb2260()),
        };
        bodies.push(json!({
            "id": format!("c-{}", c.gb2260()), "name": format!("{} 县网信办 (synthetic)", c.gb2260()),
            "kind": "cyberspace_office", "level": "county", "region": c.to_string(),
            "answers_to": parent, "duties": ["implement"]
        }));
    }
    crate::responsibility::ResponsibilityMap::from_value(json!({ "bodies": bodies }))
}
