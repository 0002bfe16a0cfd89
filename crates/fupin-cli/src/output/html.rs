//! Self-contained HTML pages of tables (no scripts, no network) for `validate`, `regions`,
//! `pairings` and `exit`. The assessment's navigable report is rendered by `fupin-report`
//! ([`super::report::html`]), which the Python binding shares.

use std::io::Write;

/// Text as HTML: markup escaped (`&`, `<`, `>`, both quotes). The one HTML escaper of the
/// command and of `fupin-report`; every text in a page goes through it.
pub use fupin_report::html::esc;

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
