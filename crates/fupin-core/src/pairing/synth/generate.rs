//! The generators behind [`super::national`]: counties and designations, helpers,
//! pairings. Everything is synthetic.

use chrono::{Days, NaiveDate};

use super::SynthConfig;
use crate::money::Yuan;
use crate::pairing::{
    Domain, Helper, HelperId, HelperKind, Pairing, Project, ProjectStatus, Recipient,
};
use crate::region::{Designation, DesignationKind, RegionCode};

/// Provinces with national poor counties and how many each had (the public shape of the
/// 832-county list; codes below are synthetic).
const PROVINCES: [(u32, u32); 22] = [
    (13, 45),
    (14, 36),
    (15, 31),
    (22, 8),
    (23, 20),
    (34, 20),
    (36, 24),
    (41, 38),
    (42, 28),
    (43, 40),
    (45, 33),
    (46, 5),
    (50, 14),
    (51, 66),
    (52, 66),
    (53, 88),
    (54, 74),
    (61, 56),
    (62, 58),
    (63, 42),
    (64, 8),
    (65, 32),
];

pub(super) const SOURCE: &str = "synthetic (fupin::pairing::synth), not official data";

/// SplitMix64: small, fast, good enough for test data.
#[derive(Debug)]
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    pub(super) fn index(&mut self, n: usize) -> usize {
        usize::try_from(self.below(n as u64)).unwrap_or(0)
    }
    pub(super) fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

pub(super) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

pub(super) fn designation(
    kind: DesignationKind,
    region: RegionCode,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> Designation {
    Designation {
        kind,
        region,
        valid_from: from,
        valid_to: to,
        source: SOURCE.to_owned(),
    }
}

/// The counties (code, province, exit day) and their designations.
pub(super) fn counties(
    config: &SynthConfig,
    rng: &mut Rng,
) -> (Vec<(RegionCode, NaiveDate)>, Vec<Designation>) {
    let total: u32 = PROVINCES.iter().map(|p| p.1).sum();
    let exits = [
        (3, day(2017, 2, 27)),
        (18, day(2018, 8, 8)),
        (53, day(2019, 4, 30)),
        (83, day(2020, 3, 5)),
        (100, day(2020, 11, 23)),
    ];
    let mut per_province = [0u32; PROVINCES.len()];
    let mut out = Vec::new();
    let mut ds = Vec::new();
    for i in 0..config.counties {
        let at = u32::try_from(i * total as usize / config.counties.max(1)).unwrap_or(0);
        let mut acc = 0;
        let p = PROVINCES
            .iter()
            .position(|(_, n)| {
                acc += n;
                at < acc
            })
            .unwrap_or(0);
        let (segment, j) = (
            PROVINCES.get(p).map_or(52, |x| x.0),
            per_province.get(p).copied().unwrap_or(0),
        );
        if let Some(n) = per_province.get_mut(p) {
            *n += 1;
        }
        let Ok(code) = RegionCode::from_gb2260(segment * 10_000 + (1 + j / 20) * 100 + 21 + j % 20)
        else {
            continue;
        };
        let roll = rng.below(100);
        let exit = exits
            .iter()
            .find(|(p, _)| roll < *p)
            .map_or(day(2020, 11, 23), |e| e.1);
        let from = day(2014, 1, 1);
        ds.push(designation(
            DesignationKind::PoorCounty,
            code,
            from,
            Some(exit),
        ));
        if rng.percent(70) {
            ds.push(designation(
                DesignationKind::KeyCounty,
                code,
                from,
                Some(exit),
            ));
        }
        if rng.percent(80) {
            ds.push(designation(
                DesignationKind::ContiguousAreaCounty,
                code,
                from,
                Some(exit),
            ));
        }
        let deep = match segment {
            54 => 100,
            63 | 65 => 50,
            51 | 53 | 62 => 30,
            _ => 0,
        };
        if rng.percent(deep) && exit > day(2017, 6, 23) {
            ds.push(designation(
                DesignationKind::DeepPovertyArea,
                code,
                day(2017, 6, 23),
                Some(exit),
            ));
        }
        let area = |set: &[u32], p: u64, rng: &mut Rng| set.contains(&segment) && rng.percent(p);
        if area(&[15, 45, 52, 53, 54, 62, 63, 64, 65], 80, rng) {
            ds.push(designation(DesignationKind::EthnicArea, code, from, None));
        }
        if area(&[15, 21, 22, 23, 45, 53, 54, 65], 30, rng) {
            ds.push(designation(DesignationKind::BorderArea, code, from, None));
        }
        if area(&[13, 14, 34, 36, 41, 42, 51, 61], 40, rng) {
            ds.push(designation(
                DesignationKind::OldRevolutionaryArea,
                code,
                from,
                None,
            ));
        }
        out.push((code, exit));
    }
    (out, ds)
}

pub(super) fn helpers(config: &SynthConfig, rng: &mut Rng) -> Vec<Helper> {
    use Domain as D;
    let east = [11, 12, 31, 32, 33, 35, 37, 44];
    (0..config.helpers)
        .filter_map(|i| {
            let (kind, offer): (HelperKind, &[Domain]) = match rng.below(100) {
                0..45 => (
                    HelperKind::InternetEnterprise,
                    &[
                        D::NetworkCoverage,
                        D::RuralEcommerce,
                        D::InformationServices,
                        D::NetworkEducation,
                    ],
                ),
                45..60 => (
                    HelperKind::SocialOrganisation,
                    &[
                        D::PublicWelfare,
                        D::NetworkEducation,
                        D::Health,
                        D::Employment,
                    ],
                ),
                60..70 => (
                    HelperKind::Foundation,
                    &[D::PublicWelfare, D::Health, D::NetworkEducation],
                ),
                70..78 => (
                    HelperKind::NetizenGroup,
                    &[D::PublicWelfare, D::RuralEcommerce, D::Other],
                ),
                78..90 => (
                    HelperKind::EastWestCollaboration,
                    &[D::Employment, D::Tourism, D::RuralEcommerce, D::Health],
                ),
                _ => (HelperKind::TargetedAssistance, &Domain::ALL),
            };
            let mut domains: Vec<Domain> = Vec::new();
            for _ in 0..1 + rng.below(3) {
                let d = offer
                    .get(rng.index(offer.len()))
                    .copied()
                    .unwrap_or(D::Other);
                if !domains.contains(&d) {
                    domains.push(d);
                }
            }
            let capacity = match rng.below(100) {
                0..35 => 1,
                35..65 => 2,
                65..85 => 3,
                85..95 => 4,
                _ => 6,
            };
            let region = (kind == HelperKind::EastWestCollaboration)
                .then(|| {
                    east.get(rng.index(east.len()))
                        .and_then(|p| RegionCode::from_gb2260(p * 10_000).ok())
                })
                .flatten();
            Some(Helper {
                id: HelperId::try_new(format!("h{i:04}")).ok()?,
                name: format!("{}{i:04} (synthetic)", kind.label_zh()),
                kind,
                capacity,
                domains,
                region,
            })
        })
        .collect()
}

pub(super) fn pairings(
    config: &SynthConfig,
    rng: &mut Rng,
    counties: &[(RegionCode, NaiveDate)],
    helpers: &[Helper],
    ds: &mut Vec<Designation>,
) -> Vec<Pairing> {
    let mut load = vec![0u32; helpers.len()];
    let mut paired = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for n in 0..config.pairings {
        let Some(&(county, exit)) = counties.get(rng.index(counties.len())) else {
            break;
        };
        let signed = day(2016, 10, 17) + Days::new(rng.below(120));
        let recipient = if rng.percent(5) {
            let village = RegionCode::from_u64(county.as_u64() + 101_000 + 200 + rng.below(50))
                .unwrap_or(county);
            ds.push(designation(
                DesignationKind::PoorVillage,
                village,
                day(2014, 1, 1),
                Some(exit),
            ));
            village
        } else {
            county
        };
        let mut chosen: Vec<usize> = Vec::new();
        for _ in 0..1 + rng.below(3) {
            for _ in 0..20 {
                let h = rng.index(helpers.len());
                let free = helpers
                    .get(h)
                    .is_some_and(|x| load.get(h).is_some_and(|l| *l < x.capacity));
                if free && !chosen.contains(&h) && !paired.contains(&(h, recipient)) {
                    chosen.push(h);
                    break;
                }
            }
        }
        if chosen.is_empty() {
            continue;
        }
        for &h in &chosen {
            if let Some(l) = load.get_mut(h) {
                *l += 1;
            }
            paired.insert((h, recipient));
        }
        let ended_on = rng
            .percent(10)
            .then(|| day(2017, 3, 1) + Days::new(rng.below(90)));
        let mut projects = Vec::new();
        for _ in 0..rng.below(4) {
            let Some(h) = chosen
                .get(rng.index(chosen.len()))
                .and_then(|&h| helpers.get(h))
            else {
                continue;
            };
            let start = signed + Days::new(rng.below(60));
            let status = match rng.below(20) {
                0 => ProjectStatus::Cancelled,
                1..3 => ProjectStatus::Planned,
                3..5 => ProjectStatus::Completed,
                _ => ProjectStatus::Ongoing,
            };
            projects.push(Project {
                id: Some(format!("p{n:04}-{}", projects.len())),
                name: None,
                domain: h
                    .domains
                    .get(rng.index(h.domains.len()))
                    .copied()
                    .unwrap_or(Domain::Other),
                helper: Some(h.id.clone()),
                start,
                end: start + Days::new(180 + rng.below(720)),
                funds: Yuan::from_yuan(i64::try_from(10_000 * (1 + rng.below(500))).unwrap_or(0)),
                status,
                households: Vec::new(),
            });
        }
        out.push(Pairing {
            id: None,
            helpers: chosen
                .iter()
                .filter_map(|&h| helpers.get(h).map(|x| x.id.clone()))
                .collect(),
            recipient: Recipient::region(recipient),
            signed_on: signed,
            ended_on,
            projects: projects
                .into_iter()
                .filter(|p| ended_on.is_none_or(|e| p.start < e))
                .collect(),
        });
    }
    out
}
