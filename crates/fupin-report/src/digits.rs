//! How many decimals a number is shown with next to its threshold, in every human output
//! (the command's tables, the workbook; the HTML report's script does the same): a
//! threshold exactly (2.5, not 2), a value with as many decimals as it takes not to seem on
//! the other side of its threshold than it is (2.004 against 2, not 2.0).

use std::cmp::Ordering;

/// The most decimals shown.
const MAX: usize = 12;

/// How `a` compares with `b`, equal within 10⁻¹² (of the larger, at least 1): what floating
/// point leaves of an exact ratio is not a difference, and no coarser than the verdicts
/// are decided (a share to 12 decimals), so that 0.8999999999 failing 90% is never shown
/// as "90.0%".
fn compare(a: f64, b: f64) -> Ordering {
    let e = 1e-12 * a.abs().max(b.abs()).max(1.0);
    if a - b > e {
        Ordering::Greater
    } else if b - a > e {
        Ordering::Less
    } else {
        Ordering::Equal
    }
}

/// `x` rounded to `d` decimals, as shown.
fn shown(x: f64, d: usize) -> f64 {
    format!("{x:.d$}").parse().unwrap_or(x)
}

/// The fewest decimals (at least `min`) that show `x` exactly: 2.5 needs 1, 2 none.
///
/// ```
/// assert_eq!(fupin_report::digits::exact(2.5, 0), 1);
/// assert_eq!(fupin_report::digits::exact(0.025 * 100.0, 0), 1);
/// assert_eq!(fupin_report::digits::exact(2.0, 0), 0);
/// ```
pub fn exact(x: f64, min: usize) -> usize {
    (min..=MAX.max(min))
        .find(|d| compare(shown(x, *d), x).is_eq())
        .unwrap_or(MAX.max(min))
}

/// The decimals (at least `min`) `x` needs so that, shown, it compares with threshold `t`
/// (shown with [`exact`]) as `x` itself does: 2.004 against 2 needs 3 (2.0 would read as
/// equal to it), 50 against 2 only `min`.
///
/// ```
/// assert_eq!(fupin_report::digits::against(2.004, 2.0, 1), 3);
/// assert_eq!(fupin_report::digits::against(2.0, 2.0, 1), 1);
/// assert_eq!(fupin_report::digits::against(50.0, 2.0, 1), 1);
/// // an approval of 0.8999999999 against 90% is shown below it
/// assert_eq!(fupin_report::digits::against(0.8999999999 * 100.0, 90.0, 1), 8);
/// ```
pub fn against(x: f64, t: f64, min: usize) -> usize {
    let want = compare(x, t);
    let t = shown(t, exact(t, 0));
    (min..=MAX.max(min))
        .find(|d| compare(shown(x, *d), t) == want)
        .unwrap_or(MAX.max(min))
}
