//! Masking personal data in free text (messages, paths, quoted cells): ID numbers and mobile
//! phone numbers, in whatever form they come.

/// A digit of the text: ASCII or full-width (０–９).
fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => u8::try_from(u32::from(c) - u32::from('０')).ok(),
        _ => None,
    }
}

/// A separator that may stand between the groups of a number written for reading: a space,
/// an ideographic space, a hyphen or a full-width hyphen.
fn separator(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '-' | '－' | '\u{a0}')
}

fn is_check_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
}

/// Masks ID numbers and mobile phone numbers in `text`:
///
/// - any run of 15 or more digits (an ID number of 18 or 15 characters, or one glued to
///   other digits), ASCII or full-width, with single spaces or dashes between groups, an
///   `X` check character included: all but the first four and the last four digits (three
///   for a run of 15) become `*` (`5223**********021X`, `5223********021`);
/// - a mobile phone number (11 digits starting `13`–`19`, on its own, possibly grouped
///   `138 1234 5678`): its middle four digits (`138****5678`).
///
/// Shorter digit runs (region codes, file numbers, amounts) are left as they are.
///
/// ```
/// use fupin_core::mask::mask_personal;
///
/// assert_eq!(mask_personal("id `52232719700312021X`"), "id `5223**********021X`");
/// assert_eq!(mask_personal("５２２３２７１９７００３１２０２１Ｘ"), "５２２３**********０２１Ｘ");
/// assert_eq!(mask_personal("522327 19700312 021X"), "5223** ******** 021X");
/// assert_eq!(mask_personal("a522327197003120211999b"), "a5223*************1999b");
/// assert_eq!(mask_personal("call 13812345678"), "call 138****5678");
/// assert_eq!(mask_personal("village 522327104201, 3 people"), "village 522327104201, 3 people");
/// ```
pub fn mask_personal(text: &str) -> String {
    // most texts hold no run of 11 digits: given back as they are
    let mut run = 0usize;
    if !text.chars().any(|c| {
        run = if digit(c).is_some() {
            run + 1
        } else if separator(c) {
            run
        } else {
            0
        };
        run >= 11
    }) {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if digit(c).is_none() {
            out.push(c);
            i += 1;
            continue;
        }
        // the number: digits, single separators between digits, an X at its end
        let mut end = i;
        let mut digits = Vec::new();
        while let Some(&d) = chars.get(end) {
            if digit(d).is_some() {
                digits.push(end);
                end += 1;
            } else if separator(d) && chars.get(end + 1).is_some_and(|n| digit(*n).is_some()) {
                end += 1;
            } else {
                break;
            }
        }
        // an X completes 17 digits to an ID number's 18 characters
        if digits.len() == 17 && chars.get(end).is_some_and(|x| is_check_x(*x)) {
            digits.push(end);
            end += 1;
        }
        let n = digits.len();
        let first = |k: usize| {
            digits
                .get(k)
                .and_then(|p| chars.get(*p))
                .and_then(|c| digit(*c))
        };
        // which digits (by their order in the number) are hidden
        let hidden = if n >= 15 {
            4..n - if n == 15 { 3 } else { 4 }
        } else if n == 11 && first(0) == Some(1) && first(1).is_some_and(|d| d >= 3) {
            3..7
        } else {
            0..0
        };
        // linear in the number's length (a cell may hold a megabyte of digits)
        let mut ordinal = 0usize;
        for k in i..end {
            let ch = chars.get(k).copied().unwrap_or('*');
            let is_digit = digits.get(ordinal) == Some(&k);
            out.push(if is_digit && hidden.contains(&ordinal) {
                '*'
            } else {
                ch
            });
            if is_digit {
                ordinal += 1;
            }
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::mask_personal;
    use crate::Path;

    #[test]
    fn every_form_of_an_id_number_and_phones_are_masked() {
        for (text, shown) in [
            ("522327-19700312-021X", "5223**-********-021X"),
            (
                "５２２３２７１９７００３１２０２１１",
                "５２２３**********０２１１",
            ),
            ("138-1234-5678", "138-****-5678"),
            ("12345678901", "12345678901"), // 11 digits, not a mobile number
            ("2020-06-30", "2020-06-30"),
        ] {
            assert_eq!(mask_personal(text), shown, "{text}");
        }
        // a megabyte of digits is masked in linear time
        let long = "1".repeat(1 << 20);
        assert_eq!(mask_personal(&long).matches('*').count(), (1 << 20) - 8);
    }

    #[test]
    fn keys_of_the_input_in_paths_are_masked() {
        let p = Path::root().index(1).key("522327198503120415").key("name");
        assert_eq!(p.to_string(), "[1].5223**********0415.name");
    }
}
