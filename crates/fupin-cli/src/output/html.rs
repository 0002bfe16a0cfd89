//! The assessment as one self-contained HTML page (no scripts, no network): coverage by
//! county as bars, progress toward each target, exit eligibility — to print or mail.

use std::io::Write;

use fupin_core::Issue;
use fupin_core::assess::ExitStatus;
use fupin_core::plan::indicator;
use fupin_core::region::Level;

use crate::cmd::assess::Report;
use crate::cmd::region_name;

/// Text as HTML: markup escaped (`&`, `<`, `>`, both quotes). The one HTML escaper of the
/// command; every text in a page goes through it.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The head of a page (title escaped), the same style as the assessment.
fn head(w: &mut dyn Write, title: &str) -> std::io::Result<()> {
    write!(
        w,
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{t}</title><style>\
         body{{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em;max-width:1100px}}\
         table{{border-collapse:collapse;margin:.5em 0}}td,th{{border:1px solid #ccc;padding:2px 6px;font-size:13px}}\
         .synthetic{{background:#fff3cd;border:1px solid #e0a800;padding:.5em;font-weight:bold}}\
         .bad{{color:#b71c1c;font-weight:bold}}.ok{{color:#2e7d32}}h2{{border-bottom:2px solid #444}}\
         </style></head><body><h1>{t}</h1>",
        t = esc(title)
    )
}

/// A self-contained page (no scripts, no network) of `notes` and tables, every text escaped:
/// the HTML of `validate`, `regions`, `pairings` and `exit`.
pub fn grids(
    w: &mut dyn Write,
    title: &str,
    notes: &[String],
    tables: &[crate::output::Grid],
) -> std::io::Result<()> {
    head(w, title)?;
    for n in notes {
        write!(w, "<p>{}</p>", esc(n))?;
    }
    for g in tables {
        write!(w, "<h2>{}</h2><table><tr>", esc(&g.title))?;
        for h in &g.header {
            write!(w, "<th>{}</th>", esc(h))?;
        }
        write!(w, "</tr>")?;
        for r in &g.rows {
            write!(w, "<tr>")?;
            for v in r {
                write!(w, "<td>{}</td>", esc(v.as_str()))?;
            }
            write!(w, "</tr>")?;
        }
        write!(w, "</table>")?;
    }
    write!(
        w,
        "<p><small>made by fupin {}</small></p></body></html>",
        env!("CARGO_PKG_VERSION")
    )
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |x| format!("{:.1}%", x * 100.0))
}

/// Horizontal bars: (label, value in 0..1, marker at target).
fn bars(rows: &[(String, Option<f64>)], target: Option<f64>) -> String {
    let h = 18;
    let width = 720;
    let left = 230;
    let scale = f64::from(width - left - 70);
    let mut svg = format!(
        "<svg width='{width}' height='{}' role='img'>",
        rows.len() * h + 10
    );
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = i * h + 4;
        svg.push_str(&format!(
            "<text x='0' y='{}' font-size='12'>{}</text>",
            y + 12,
            esc(label)
        ));
        match v {
            Some(x) => {
                let w = (x.clamp(0.0, 1.0) * scale).round();
                let colour = if target.is_some_and(|t| *x + 1e-12 < t) {
                    "#d9534f"
                } else {
                    "#2e7d32"
                };
                svg.push_str(&format!(
                    "<rect x='{left}' y='{y}' width='{w}' height='{}' fill='{colour}'/>",
                    h - 4
                ));
                svg.push_str(&format!(
                    "<text x='{}' y='{}' font-size='11'>{}</text>",
                    f64::from(left) + w + 4.0,
                    y + 12,
                    pct(Some(*x))
                ));
            }
            None => svg.push_str(&format!(
                "<text x='{left}' y='{}' font-size='11' fill='#888'>no data</text>",
                y + 12
            )),
        }
    }
    if let Some(t) = target {
        let x = f64::from(left) + t.clamp(0.0, 1.0) * scale;
        svg.push_str(&format!(
            "<line x1='{x}' y1='0' x2='{x}' y2='{}' stroke='#333' stroke-dasharray='3,3'/>",
            rows.len() * h + 6
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Writes the report as HTML.
pub fn write(
    report: &Report,
    rejects: &[(String, Issue)],
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let title = format!("fupin assessment as of {}", report.as_of);
    head(w, &title)?;
    if let Some(label) = &report.label {
        write!(w, "<p class='synthetic'>{}</p>", esc(label))?;
    }
    for n in &report.notes {
        write!(w, "<p><em>{}</em></p>", esc(n))?;
    }
    write!(
        w,
        "<h2>Input</h2><table><tr><th>file</th><th>read as</th><th>rows</th><th>accepted</th><th>rejected</th></tr>"
    )?;
    for f in &report.files {
        write!(
            w,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&f.file),
            esc(&f.detected),
            f.rows,
            f.accepted,
            f.rejected
        )?;
    }
    write!(w, "</table>")?;
    for f in &report.files {
        if f.columns.recognised.is_empty() && f.columns.ignored.is_empty() {
            continue;
        }
        let read: Vec<String> = f
            .columns
            .recognised
            .iter()
            .map(|(field, col)| format!("{field} ← {col}"))
            .collect();
        write!(
            w,
            "<p>columns of {}: read {}; ignored: {}</p>",
            esc(&f.file),
            esc(&read.join(", ")),
            esc(&f.columns.ignored.join(", "))
        )?;
    }
    if !rejects.is_empty() {
        write!(
            w,
            "<details><summary>{}</summary><table><tr><th>file</th><th>where</th><th>code</th><th>why</th></tr>",
            esc(&report.rejects.sentence(500))
        )?;
        for (file, i) in rejects.iter().take(500) {
            write!(
                w,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(file),
                esc(&i.path.to_string()),
                esc(&i.code),
                esc(&i.message)
            )?;
        }
        write!(w, "</table></details>")?;
    }

    write!(w, "<h2>Progress toward each target</h2>")?;
    let top: Vec<_> = report
        .verdicts
        .iter()
        .filter(|v| {
            v.level == Level::Nation
                || (v.level == Level::Province
                    && report.verdicts.iter().all(|x| x.level != Level::Nation))
        })
        .collect();
    let rows: Vec<(String, Option<f64>)> = top
        .iter()
        .map(|v| {
            (
                format!(
                    "{} ≥{:.0}%",
                    indicator::get(&v.indicator).map_or(v.indicator.as_str(), |i| i.name_zh),
                    v.target.threshold * 100.0
                ),
                v.value.map(|x| {
                    if v.target.threshold > 0.0 {
                        x / v.target.threshold
                    } else {
                        x
                    }
                }),
            )
        })
        .collect();
    write!(
        w,
        "<p>Value as a share of each target (100% = reached); red: not reached.</p>{}",
        bars(&rows, Some(1.0))
    )?;
    write!(
        w,
        "<table><tr><th>unit</th><th>indicator</th><th>target</th><th>value</th><th>verdict</th><th>days left</th><th>projection</th></tr>"
    )?;
    for v in report
        .verdicts
        .iter()
        .filter(|v| v.level <= Level::Province)
    {
        let unit = v.unit.map_or_else(
            || "全国".to_owned(),
            |u| format!("{} {}", u.to_short(), region_name(u).unwrap_or_default()),
        );
        let verdict = match v.met {
            Some(true) => "<span class='ok'>met</span>",
            Some(false) => "<span class='bad'>not met</span>",
            None => "no data",
        };
        let proj = v.projection.as_ref().map_or_else(String::new, |p| {
            format!(
                "{}{}",
                pct(Some(p.value_at_deadline)),
                if p.at_risk {
                    " <span class='bad'>at risk</span>"
                } else {
                    ""
                }
            )
        });
        write!(
            w,
            "<tr><td>{}</td><td>{}</td><td>{} {:.0}% by {}</td><td>{}</td><td>{verdict}</td><td>{}</td><td>{proj}</td></tr>",
            esc(&unit),
            esc(&v.indicator),
            v.target.comparator.symbol(),
            v.target.threshold * 100.0,
            v.target.deadline,
            pct(v.value),
            v.days_left
        )?;
    }
    write!(w, "</table>")?;

    for id in [
        indicator::POOR_VILLAGE_BROADBAND,
        indicator::HOUSEHOLD_TERMINAL,
        indicator::POVERTY_INCIDENCE,
    ] {
        let counties: Vec<(String, Option<f64>)> = report
            .indicators
            .iter()
            .filter(|u| u.level == Level::County)
            .map(|u| {
                let label = format!(
                    "{} {}",
                    u.code.map(|c| c.to_short()).unwrap_or_default(),
                    u.name.clone().unwrap_or_default()
                );
                (
                    label,
                    u.indicators
                        .iter()
                        .find(|v| v.indicator == id)
                        .and_then(|v| v.value),
                )
            })
            .collect();
        if counties.is_empty() {
            continue;
        }
        let name = indicator::get(id).map_or(id, |i| i.name_zh);
        let target = report
            .verdicts
            .iter()
            .find(|v| v.indicator == id)
            .map(|v| v.target.threshold);
        write!(
            w,
            "<h2>{} by county</h2>{}",
            esc(name),
            bars(&counties, target)
        )?;
    }

    let counties: Vec<_> = report
        .exits
        .iter()
        .filter(|e| e.level == Level::County)
        .collect();
    let count = |s: ExitStatus| counties.iter().filter(|e| e.status == s).count();
    write!(
        w,
        "<h2>Exit of poor counties</h2><p>{} eligible, {} not eligible, {} undetermined (data or the special evaluation missing).</p>",
        count(ExitStatus::Eligible),
        count(ExitStatus::NotEligible),
        count(ExitStatus::Undetermined)
    )?;
    write!(
        w,
        "<table><tr><th>county</th><th>status</th><th>criteria</th></tr>"
    )?;
    for e in &counties {
        let why: Vec<String> = e
            .criteria
            .iter()
            .map(|c| {
                let cls = match c.passed {
                    Some(true) => "ok",
                    Some(false) => "bad",
                    None => "",
                };
                format!(
                    "<span class='{cls}'>{} {} {} {:.0}%</span>",
                    esc(&c.label_zh),
                    pct(c.value),
                    c.comparator.symbol(),
                    c.threshold * 100.0
                )
            })
            .collect();
        let status = e.status.as_str();
        write!(
            w,
            "<tr><td>{} {}</td><td>{}</td><td>{}</td></tr>",
            e.unit.to_short(),
            esc(&region_name(e.unit).unwrap_or_default()),
            status,
            why.join("<br>")
        )?;
    }
    write!(w, "</table>")?;

    if !report.accountability.is_empty() {
        write!(w, "<h2>Who answers for the worst gaps</h2>")?;
        for a in &report.accountability {
            let unit = a.unit.map_or_else(String::new, |u| {
                format!("{} {}", u.to_short(), region_name(u).unwrap_or_default())
            });
            write!(
                w,
                "<h3>{}: {} at {}</h3><ul>",
                esc(&unit),
                esc(&a.indicator),
                pct(a.evidence.value)
            )?;
            for link in &a.chain {
                let who: Vec<String> = link.bodies.iter().map(|b| esc(&b.name)).collect();
                let region = link
                    .region
                    .map_or_else(|| "全国".to_owned(), |r| r.to_short());
                if link.gap {
                    write!(
                        w,
                        "<li>{} {region}: <span class='bad'>no responsible body</span></li>",
                        link.level.label_zh()
                    )?;
                } else {
                    write!(
                        w,
                        "<li>{} {region}: {}</li>",
                        link.level.label_zh(),
                        who.join("; ")
                    )?;
                }
            }
            write!(w, "</ul>")?;
        }
    }
    write!(
        w,
        "<p><small>made by fupin {}; indicators are exact ratios of counts (numerator/denominator in the JSON output).</small></p></body></html>",
        env!("CARGO_PKG_VERSION")
    )?;
    Ok(())
}
