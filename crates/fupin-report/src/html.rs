//! The assessment as one self-contained HTML page (no network): to read, print or mail.

/// Text as HTML: markup escaped (`&`, `<`, `>`, both quotes). Every text of a page goes
/// through it.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
