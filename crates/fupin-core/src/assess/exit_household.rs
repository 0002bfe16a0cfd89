//! The household exit rule (贫困户退出): per-capita net income stably above the line the
//! user chose, and the guarantees that applied on the as-of date met.

use chrono::{Datelike, NaiveDate};

use super::exit::{Criterion, ExitVerdict, status_of};
use crate::Error;
use crate::household::Household;
use crate::money::Yuan;
use crate::plan::{HouseholdLines, LineUsed, PovertyLines, Stability};
use crate::region::Level;
use crate::rules::{self, RuleLevel};

fn income_criterion(
    key: &str,
    label: &str,
    income: Option<Yuan>,
    line: Option<&LineUsed>,
    year: u16,
) -> Criterion {
    let rule = rules::exit_rule(RuleLevel::Household, "income_above_line")
        .unwrap_or(&rules::APPROVAL_RULE);
    let series = |l: &LineUsed| match l.province {
        Some(p) => format!("exit standard of province {}", p.to_short()),
        None => "national rural poverty line".to_owned(),
    };
    Criterion {
        key: key.to_owned(),
        label_zh: label.to_owned(),
        value: income.map(Yuan::as_f64),
        numerator: None,
        denominator: None,
        counted_in: rule.counted_in,
        comparator: rule.comparator,
        threshold: line.map_or(f64::NAN, |l| l.yuan.as_f64()),
        passed: income
            .zip(line)
            .map(|(i, l)| rule.comparator.holds_exact(i.fen(), l.yuan.fen())),
        source: match line {
            Some(l) => format!(
                "{}; {} of {year}: {}",
                rule.source.cite(),
                series(l),
                l.source
            ),
            None => format!("{}; no line for {year}", rule.source.cite()),
        },
    }
}

/// The household exit rule against the national line of the as-of year (`lines`), the as-of
/// year only: [`household_exit_with`] with [`HouseholdLines`]' defaults but `lines`.
///
/// # Errors
/// [`Error::Validation`] with every rule the record breaks as of `as_of`, as
/// [`household_exit_with`].
pub fn household_exit(
    h: &Household,
    lines: &PovertyLines,
    as_of: NaiveDate,
) -> Result<ExitVerdict, Error> {
    household_exit_with(
        h,
        &HouseholdLines::default().with_national(lines.clone()),
        as_of,
    )
}

/// The household exit rule (《关于建立贫困退出机制的意见》, 2016): per-capita net income
/// above the chosen line of the as-of year (and, with [`Stability::TwoYears`], above the
/// previous year's line in the previous year, from the income history), and each guarantee
/// that applied on `as_of` met: the five of the 2016 opinion, and safe drinking water from
/// 2019-06-23 (《关于解决"两不愁三保障"突出问题的指导意见》). The verdict names the line (series,
/// province, year, amount, source) and lists the criteria that applied.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::assess::{ExitStatus, household_exit_with};
/// use fupin_core::household::Household;
/// use fupin_core::plan::HouseholdLines;
///
/// let h = Household::from_json(r#"{"file_number": "1", "village": "522327104201",
///     "identified_year": 2016, "status": "poor", "main_cause": "因病", "income_per_capita": 3500,
///     "guarantees": {"food": true, "clothing": true, "compulsory_education": true,
///                    "basic_medical": true, "safe_housing": true},
///     "members": [{"name": "张三", "relation": "householder", "sex": "male"}]}"#)?;
/// let lines = HouseholdLines::default();
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// // 2018: five guarantees, all met, 3,500 > 2,995
/// assert_eq!(household_exit_with(&h, &lines, d(2018, 12, 31))?.status, ExitStatus::Eligible);
/// // from 2019-06-23 safe water is required too, and it is not recorded
/// let v = household_exit_with(&h, &lines, d(2019, 12, 31))?;
/// assert_eq!(v.status, ExitStatus::Undetermined);
/// assert_eq!(v.line.unwrap().yuan.to_string(), "3218.00");
///
/// // a record whose income is below zero gets no verdict: its problem, at its path
/// let mut wrong = h.clone();
/// wrong.income_per_capita = Some("-10".parse()?);
/// let e = household_exit_with(&wrong, &lines, d(2018, 12, 31)).unwrap_err();
/// assert_eq!(e.issues().0[0].path.to_string(), "income_per_capita");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn household_exit_with(
    h: &Household,
    lines: &HouseholdLines,
    as_of: NaiveDate,
) -> Result<ExitVerdict, Error> {
    let issues = h.validate_at(as_of);
    if !issues.is_empty() {
        return Err(Error::Validation(issues));
    }
    let year = u16::try_from(as_of.year()).unwrap_or(0);
    let line = lines.line_for(h.village, year);
    let mut criteria = vec![income_criterion(
        "income_above_line",
        "人均纯收入稳定超过扶贫标准",
        h.income_per_capita,
        line.as_ref(),
        year,
    )];
    if lines.stability == Stability::TwoYears {
        let before = year.saturating_sub(1);
        let income = h
            .income_history
            .iter()
            .find(|y| y.year == before)
            .map(|y| y.per_capita);
        let mut c = income_criterion(
            "income_above_line.previous_year",
            "上一年人均纯收入超过扶贫标准",
            income,
            lines.line_for(h.village, before).as_ref(),
            before,
        );
        c.source
            .push_str(" (稳定超过: the previous year too, from the income history)");
        criteria.push(c);
    }
    for (rule, met) in h.guarantees.items_on(as_of) {
        criteria.push(Criterion {
            key: rule.key.to_owned(),
            label_zh: rule.label_zh.to_owned(),
            value: met.map(|b| if b { 1.0 } else { 0.0 }),
            numerator: None,
            denominator: None,
            counted_in: rule.counted_in,
            comparator: rule.comparator,
            threshold: 1.0,
            passed: met,
            source: rule.source.cite(),
        });
    }
    Ok(ExitVerdict {
        unit: h.village,
        // a file number may be an ID number (registers keyed by 户主身份证号): masked, as
        // in every message (`mask_personal`), so no output of a verdict shows one
        file_number: Some(crate::mask::mask_personal(&h.file_number)),
        level: Level::Village,
        status: status_of(&criteria),
        as_of: Some(as_of),
        line,
        stability: Some(lines.stability),
        criteria,
    })
}
