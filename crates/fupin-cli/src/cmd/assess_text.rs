//! The assessment as terminal tables.

use std::io::Write;

use fupin_core::Issue;
use fupin_core::assess::ExitStatus;
use fupin_core::plan::{IndicatorKind, indicator};
use fupin_core::region::Level;

use super::assess::Report;
use crate::output::table::{add_row, indicator_value, new_table};
use crate::output::term;

fn unit_label(code: Option<fupin_core::RegionCode>, name: Option<&str>) -> String {
    match code {
        None => "全国 nation".to_owned(),
        Some(c) => format!("{} {}", c.to_short(), name.unwrap_or("")),
    }
}

fn short_name(id: &str) -> &'static str {
    indicator::get(id).map_or("", |i| i.name_zh)
}

/// The kind of indicator `id` in this report (a share when unknown).
fn kind_of(report: &Report, id: &str) -> IndicatorKind {
    report
        .rollup
        .as_ref()
        .and_then(|r| r.definition(id).map(|d| d.kind()))
        .unwrap_or_default()
}

/// The Chinese name of indicator `id` in this report.
fn name_of(report: &Report, id: &str) -> String {
    report
        .rollup
        .as_ref()
        .and_then(|r| r.definition(id).map(|d| d.name_zh().to_owned()))
        .unwrap_or_else(|| short_name(id).to_owned())
}

/// A target's threshold as its indicator's kind reads, exactly (2.5%, not 2%).
fn threshold_text(t: f64, kind: IndicatorKind) -> String {
    crate::output::table::threshold_exact(t, kind)
}

/// Writes the report as text.
pub fn write(
    report: &Report,
    rejects: &[(String, Issue)],
    w: &mut dyn Write,
) -> std::io::Result<()> {
    if let Some(label) = &report.label {
        writeln!(w, "*** {} ***", term(label))?;
    }
    writeln!(w, "fupin assessment as of {}", report.as_of)?;
    for n in &report.notes {
        writeln!(w, "note: {}", term(n))?;
    }
    writeln!(w)?;
    let mut t = new_table(vec![
        "input".into(),
        "table".into(),
        "read as".into(),
        "rows".into(),
        "accepted".into(),
        "rejected".into(),
    ]);
    for f in &report.files {
        add_row(
            &mut t,
            vec![
                f.file.clone(),
                f.table.to_owned(),
                f.detected.clone(),
                f.rows.to_string(),
                f.accepted.to_string(),
                f.rejected.to_string(),
            ],
        );
    }
    add_row(
        &mut t,
        vec![
            "total (register)".into(),
            String::new(),
            String::new(),
            report.rows.to_string(),
            report.accepted.to_string(),
            report.rejected.to_string(),
        ],
    );
    writeln!(w, "{t}")?;
    // which column each field was read from, and the columns ignored: a renamed header
    // shows here
    for f in report
        .files
        .iter()
        .filter(|f| !f.columns.recognised.is_empty() || !f.columns.ignored.is_empty())
    {
        let read: Vec<String> = f
            .columns
            .recognised
            .iter()
            .map(|(field, col)| format!("{field} ← {col}"))
            .collect();
        writeln!(
            w,
            "columns of {}: read {}",
            crate::output::term(&f.file),
            crate::output::term(&read.join(", "))
        )?;
        if !f.columns.ignored.is_empty() {
            writeln!(
                w,
                "  ignored: {}",
                crate::output::term(&f.columns.ignored.join(", "))
            )?;
        }
    }
    if !rejects.is_empty() {
        writeln!(
            w,
            "\nrejected rows: {}",
            crate::output::term(&report.rejects.sentence(20))
        )?;
        let mut t = new_table(vec![
            "file".into(),
            "where".into(),
            "code".into(),
            "why".into(),
        ]);
        for (file, issue) in rejects.iter().take(20) {
            add_row(
                &mut t,
                vec![
                    file.clone(),
                    issue.path.to_string(),
                    issue.code.clone(),
                    issue.message.clone(),
                ],
            );
        }
        writeln!(w, "{t}")?;
    }

    // indicators: one row per unit, one column per indicator (the catalog's shares, then
    // those beyond shares the data has)
    let columns: Vec<(String, String, fupin_core::plan::IndicatorKind)> = match &report.rollup {
        Some(r) => r
            .definitions()
            .iter()
            .map(|d| {
                let unit = if d.unit().is_empty() {
                    String::new()
                } else {
                    format!(" ({})", d.unit())
                };
                (
                    d.id().to_owned(),
                    format!("{}{unit}", d.name_zh()),
                    d.kind(),
                )
            })
            .collect(),
        None => indicator::CATALOG
            .iter()
            .map(|i| (i.id.to_owned(), short_name(i.id).to_owned(), i.kind))
            .collect(),
    };
    for level in Level::ALL {
        let units: Vec<_> = report
            .indicators
            .iter()
            .filter(|u| u.level == level)
            .collect();
        if units.is_empty() {
            continue;
        }
        writeln!(
            w,
            "\n== indicators: {} ({}), value and data completeness",
            level,
            level.label_zh()
        )?;
        let mut header = vec!["unit".to_owned()];
        // an indicator observed below this level only has no column here
        let here: Vec<&(String, String, fupin_core::plan::IndicatorKind)> = columns
            .iter()
            .filter(|(id, _, _)| {
                units
                    .iter()
                    .any(|u| u.indicators.iter().any(|v| v.indicator == *id))
            })
            .collect();
        header.extend(here.iter().map(|(_, name, _)| name.clone()));
        let mut t = new_table(header);
        for u in units {
            let mut row = vec![unit_label(u.code, u.name.as_deref())];
            for (id, _, kind) in &here {
                let v = u.indicators.iter().find(|v| v.indicator == *id);
                row.push(v.map_or_else(String::new, |v| {
                    format!(
                        "{}{}",
                        indicator_value(v.value, *kind),
                        partial_mark(v.completeness)
                    )
                }));
            }
            add_row(&mut t, row);
        }
        writeln!(w, "{t}")?;
    }
    writeln!(
        w,
        "(* = some units or households have no data for it; — = no data or nothing to measure)"
    )?;

    writeln!(
        w,
        "\n== targets in force on {} and verdicts (nation and provinces; a lower level's own targets as its units meeting them)",
        report.as_of
    )?;
    let mut t = new_table(
        [
            "unit",
            "indicator",
            "target",
            "value",
            "verdict",
            "gap",
            "days left",
            "projected at deadline",
            "source",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect(),
    );
    for v in report
        .verdicts
        .iter()
        .filter(|v| v.level <= Level::Province)
    {
        let name = v.unit.and_then(super::region_name);
        add_row(
            &mut t,
            vec![
                unit_label(v.unit, name.as_deref()),
                format!("{} {}", name_of(report, &v.indicator), v.indicator),
                format!(
                    "{} {} by {} (rev. {})",
                    v.target.comparator.symbol(),
                    threshold_text(v.target.threshold, kind_of(report, &v.indicator)),
                    v.target.deadline,
                    v.target.revision
                ),
                // a value on partial data carries the indicator table's mark, and so does
                // the verdict judged on it
                format!(
                    "{}{}",
                    crate::output::table::indicator_against(
                        v.value,
                        v.target.threshold,
                        kind_of(report, &v.indicator),
                    ),
                    partial_mark(v.completeness)
                ),
                match v.met {
                    Some(true) => format!("met{}", partial_mark(v.completeness)),
                    Some(false) => format!("NOT MET{}", partial_mark(v.completeness)),
                    None => "no data".to_owned(),
                },
                v.gap.map_or_else(String::new, |g| {
                    if g <= 0.0 && v.met == Some(false) {
                        // a strict target missed exactly at its threshold: any step beyond
                        "just beyond".to_owned()
                    } else if g <= 0.0 {
                        String::new()
                    } else if kind_of(report, &v.indicator) == IndicatorKind::Share {
                        // a gap is never shown as none
                        format!("{} pts", crate::output::table::against(g * 100.0, 0.0, 1))
                    } else {
                        indicator_value(Some(g), kind_of(report, &v.indicator))
                    }
                }),
                v.days_left.to_string(),
                v.projection.as_ref().map_or_else(String::new, |p| {
                    format!(
                        "{}{}",
                        indicator_value(Some(p.value_at_deadline), kind_of(report, &v.indicator)),
                        if p.at_risk { "  AT RISK" } else { "" }
                    )
                }),
                v.target.source.chars().take(30).collect(),
            ],
        );
    }
    // targets for the units of a lower level only (a county's count, or a target naming
    // its level): how many of those units meet it (counted by the core), since no sum
    // above them is judged
    let below = report.units_met.iter().filter(|u| {
        !report.verdicts.iter().any(|o| {
            o.level <= Level::Province
                && o.indicator == u.indicator
                && o.target.revision == u.target.revision
        })
    });
    for u in below {
        let (indicator, target, level, met, judged) =
            (&u.indicator, &u.target, u.level, u.met, u.judged);
        add_row(
            &mut t,
            vec![
                format!("each {level}"),
                format!("{} {}", name_of(report, indicator), indicator),
                format!(
                    "{} {} by {} (rev. {})",
                    target.comparator.symbol(),
                    threshold_text(target.threshold, kind_of(report, indicator)),
                    target.deadline,
                    target.revision
                ),
                String::new(),
                format!("{met} of {judged} met"),
                String::new(),
                String::new(),
                String::new(),
                target.source.chars().take(30).collect(),
            ],
        );
    }
    writeln!(w, "{t}")?;

    let counties: Vec<_> = report
        .exits
        .iter()
        .filter(|e| e.level == Level::County)
        .collect();
    writeln!(
        w,
        "\n== exit of poor counties ({}): every criterion",
        counties.len()
    )?;
    for status in [
        ExitStatus::Eligible,
        ExitStatus::Undetermined,
        ExitStatus::NotEligible,
    ] {
        let group: Vec<_> = counties.iter().filter(|e| e.status == status).collect();
        let title = match status {
            ExitStatus::Eligible => "eligible to exit",
            ExitStatus::Undetermined => "undetermined (data or the special evaluation missing)",
            ExitStatus::NotEligible => "not eligible",
        };
        writeln!(w, "{title}: {}", group.len())?;
        let mut t = new_table(vec![
            "county".into(),
            "criteria (value vs threshold)".into(),
        ]);
        for e in group {
            let why: Vec<String> = e
                .criteria
                .iter()
                .map(|c| {
                    let mark = match c.passed {
                        Some(true) => "✓",
                        Some(false) => "✗",
                        None => "?",
                    };
                    format!(
                        "{mark} {} {} {} {}",
                        c.label_zh,
                        crate::output::table::pct_against(c.value, c.threshold),
                        c.comparator.symbol(),
                        crate::output::table::pct_exact(c.threshold)
                    )
                })
                .collect();
            add_row(
                &mut t,
                vec![
                    unit_label(Some(e.unit), super::region_name(e.unit).as_deref()),
                    why.join("; "),
                ],
            );
        }
        writeln!(w, "{t}")?;
    }
    let villages = report.exits.iter().filter(|e| e.level == Level::Village);
    let (mut yes, mut no, mut undecided) = (0, 0, 0);
    for v in villages {
        match v.status {
            ExitStatus::Eligible => yes += 1,
            ExitStatus::NotEligible => no += 1,
            ExitStatus::Undetermined => undecided += 1,
        }
    }
    writeln!(
        w,
        "poor villages: {yes} eligible to exit, {no} not, {undecided} undetermined"
    )?;

    if !report.scorecards.is_empty() {
        writeln!(
            w,
            "\n== scorecards (考核评估): ranked by targets met, then poverty incidence"
        )?;
        let mut cards: Vec<_> = report.scorecards.iter().collect();
        cards.sort_by_key(|c| c.rank);
        let mut t = new_table(vec![
            "rank".into(),
            "unit".into(),
            "targets met".into(),
            "rank in parent".into(),
        ]);
        for c in cards {
            add_row(
                &mut t,
                vec![
                    format!("{}/{}", c.rank, c.peers),
                    unit_label(Some(c.unit), super::region_name(c.unit).as_deref()),
                    format!("{} of {}", c.targets_met, c.targets_judged),
                    format!("{}/{}", c.rank_in_parent, c.peers_in_parent),
                ],
            );
        }
        writeln!(w, "{t}")?;
    }

    if !report.accountability.is_empty() {
        writeln!(
            w,
            "\n== who answers for the worst gaps (三级网络扶贫工作机制)"
        )?;
        for a in &report.accountability {
            let unit = a
                .unit
                .map(|u| unit_label(Some(u), super::region_name(u).as_deref()))
                .unwrap_or_default();
            writeln!(
                w,
                "{}: {} {} at {} against {}",
                term(&unit),
                name_of(report, &a.indicator),
                term(&a.indicator),
                match a.evidence.threshold {
                    Some(t) => crate::output::table::indicator_against(
                        a.evidence.value,
                        t,
                        kind_of(report, &a.indicator)
                    ),
                    None => indicator_value(a.evidence.value, kind_of(report, &a.indicator)),
                },
                a.evidence.threshold.map_or_else(
                    || "—".to_owned(),
                    |t| threshold_text(t, kind_of(report, &a.indicator))
                )
            )?;
            for link in &a.chain {
                let who: Vec<String> = link
                    .bodies
                    .iter()
                    .map(|b| {
                        let duties: Vec<&str> = b.duties.iter().map(|d| d.label_zh()).collect();
                        format!("{} ({})", term(&b.name), duties.join("、"))
                    })
                    .collect();
                let region = link
                    .region
                    .map(|r| r.to_short())
                    .unwrap_or_else(|| "全国".to_owned());
                if link.gap {
                    writeln!(
                        w,
                        "    {:<10} {region}: NO RESPONSIBLE BODY",
                        link.level.label_zh()
                    )?;
                } else {
                    writeln!(
                        w,
                        "    {:<10} {region}: {}",
                        link.level.label_zh(),
                        who.join("; ")
                    )?;
                }
            }
            if !a.evidence.failing_units.is_empty() {
                let units: Vec<String> = a
                    .evidence
                    .failing_units
                    .iter()
                    .map(|u| u.to_short())
                    .collect();
                writeln!(w, "    evidence: failing units {}", units.join(", "))?;
            }
        }
    }
    Ok(())
}

/// The mark of a value (and a verdict) on partial data: `*`, as the legend says.
fn partial_mark(c: fupin_core::assess::Completeness) -> &'static str {
    match c {
        fupin_core::assess::Completeness::Partial => "*",
        _ => "",
    }
}
