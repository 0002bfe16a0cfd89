//! A minimal RFC 4180 reader for the small reference files the core loads (designations,
//! targets). Bulk data goes through `fupin-arrow`, not this.

/// Splits CSV text into records of fields: commas separate, double quotes quote, `""` is a
/// quote inside a quoted field, and CRLF or LF ends a record (not inside quotes).
pub(crate) fn records(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || {
        chars.peek()?;
        let mut record = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') => {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        quoted = false;
                    }
                }
                (false, '"') if field.is_empty() => quoted = true,
                (false, ',') => record.push(std::mem::take(&mut field)),
                (false, '\r') if chars.peek() == Some(&'\n') => {}
                (false, '\n') => break,
                (_, c) => field.push(c),
            }
        }
        record.push(field);
        Some(record)
    })
}

#[cfg(test)]
mod tests {
    use super::records;

    #[test]
    fn quotes_and_line_ends() {
        let r: Vec<_> = records("a,\"b,c\",\"d\"\"e\"\r\n1,2,3\n").collect();
        assert_eq!(r, vec![vec!["a", "b,c", "d\"e"], vec!["1", "2", "3"]]);
    }
}
