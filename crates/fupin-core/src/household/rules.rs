//! Validation of households: field rules through `validator`, flattened into our issue
//! list, then the rules that span fields.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use validator::{Validate, ValidationError, ValidationErrors, ValidationErrorsKind};

use super::{Household, HouseholdStatus, IdNumber, Member, PersonName, Phone, Relation};
use crate::error::{Issue, Issues, Path};
use crate::region::Level;

/// Field names whose values are personal data: their `value` param is never copied.
const SENSITIVE: [&str; 3] = ["name", "phone", "id_number"];

/// Whether required text is blank: empty, or white space and invisible characters only
/// (`"   "`, a full-width `"　"`, zero-width spaces and joiners, a word joiner, a byte order
/// mark). Required text (a file number, a name, the helper's unit) that is blank is
/// missing, whatever its length: the thorough path ([`name_rule`], [`not_blank`]) and the
/// fast path (`super::fast`) both ask this.
pub(crate) fn blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    })
}

pub(crate) fn name_rule(name: &PersonName) -> Result<(), ValidationError> {
    let n = name.char_len();
    if n == 0 || n > 50 || blank(name.reveal()) {
        let mut e = ValidationError::new("name_length");
        e.message = Some(
            if n > 0 && n <= 50 {
                "a name has 1 to 50 characters, not only spaces"
            } else {
                "a name has 1 to 50 characters"
            }
            .into(),
        );
        return Err(e);
    }
    Ok(())
}

/// Required text that is not empty but blank (spaces only) is refused as empty text is,
/// `field_length` (the empty text's own `length(min = 1)` reports the empty one, so this
/// one does not, and a field is not reported twice).
pub(crate) fn not_blank(text: &str) -> Result<(), ValidationError> {
    if !text.is_empty() && blank(text) {
        let mut e = ValidationError::new("field_length");
        e.message = Some("must have at least 1 character other than spaces".into());
        return Err(e);
    }
    Ok(())
}

pub(crate) fn phone_rule(phone: &Phone) -> Result<(), ValidationError> {
    if phone.is_plausible() {
        Ok(())
    } else {
        let mut e = ValidationError::new("phone_format");
        e.message = Some(format!("`{}` is not a phone number", phone.masked()).into());
        Err(e)
    }
}

/// Turns validator's nested errors into our flat, sorted list with paths.
pub(crate) fn flatten(errors: &ValidationErrors, at: &Path, out: &mut Vec<Issue>) {
    let mut fields: Vec<_> = errors.errors().iter().collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    for (field, kind) in fields {
        let here = at.key(field.as_ref());
        match kind {
            ValidationErrorsKind::Struct(inner) => flatten(inner, &here, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    flatten(inner, &here.index(*i), out);
                }
            }
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    out.push(from_validator(field, e, &here));
                }
            }
        }
    }
}

fn from_validator(field: &str, e: &ValidationError, at: &Path) -> Issue {
    let params: BTreeMap<String, serde_json::Value> = e
        .params
        .iter()
        .filter(|(k, _)| !(k.as_ref() == "value" && SENSITIVE.contains(&field)))
        .map(|(k, v)| {
            // any field may hold an ID number by mistake (an 18-digit file number, say)
            let v = match v {
                serde_json::Value::String(s) => serde_json::Value::String(IdNumber::mask_in(s)),
                other => other.clone(),
            };
            (k.to_string(), v)
        })
        .collect();
    let p = |k: &str| params.get(k).map(ToString::to_string);
    let (code, message) = match e.code.as_ref() {
        "length" => (
            "field_length".to_owned(),
            match (p("min"), p("max")) {
                (Some(min), Some(max)) => format!("must have {min} to {max} items or characters"),
                (Some(min), None) => format!("must have at least {min} items or characters"),
                (None, Some(max)) => format!("must have at most {max} items or characters"),
                (None, None) => "has the wrong length".to_owned(),
            },
        ),
        "range" => (
            "field_range".to_owned(),
            match (p("min"), p("max")) {
                (Some(min), Some(max)) => format!("must be between {min} and {max}"),
                (Some(min), None) => format!("must be at least {min}"),
                (None, Some(max)) => format!("must be at most {max}"),
                (None, None) => "is out of range".to_owned(),
            },
        ),
        other => (
            other.to_owned(),
            e.message
                .as_ref()
                .map_or_else(|| format!("breaks rule `{other}`"), ToString::to_string),
        ),
    };
    Issue {
        code,
        path: at.clone(),
        message,
        params,
    }
}

fn future(date: NaiveDate, today: NaiveDate, at: Path, what: &str) -> Option<Issue> {
    (date > today).then(|| {
        Issue::new(
            "future_date",
            at,
            format!("{what} `{date}` is after the day the record is checked as of (`{today}`)"),
        )
        .with("date", date.to_string())
        .with("today", today.to_string())
    })
}

/// Every problem with the household as of `today`.
pub(crate) fn validate(h: &Household, today: NaiveDate) -> Issues {
    let mut out = Vec::new();
    if let Err(errors) = Validate::validate(h) {
        flatten(&errors, &Path::root(), &mut out);
    }
    let root = Path::root();

    if h.village.level() != Level::Village {
        out.push(
            Issue::new(
                "not_a_village_code",
                root.key("village"),
                format!(
                    "`{}` is a {} code; a household is registered in a village (12 digits, last three non-zero)",
                    h.village.to_short(),
                    h.village.level()
                ),
            )
            .with("level", h.village.level().as_str()),
        );
    }
    if i32::from(h.identified_year) > today.year() {
        out.push(
            Issue::new(
                "future_date",
                root.key("identified_year"),
                format!(
                    "identification year {} is after the year the record is checked as of ({})",
                    h.identified_year,
                    today.year()
                ),
            )
            .with("year", h.identified_year),
        );
    }
    income_rules(h, &mut out);
    income_history_rules(&h.income_history, today, &mut out);
    history_rules(h, today, &mut out);
    member_rules(&h.members, today, &mut out);

    // `other` gathers every local cause (因婚, 因丧, 缺电 …): two of them are not one cause
    // given twice
    if h.main_cause != super::Cause::Other && h.other_causes.contains(&h.main_cause) {
        out.push(Issue::new(
            "duplicate_cause",
            root.key("other_causes"),
            format!(
                "main cause `{}` is repeated among the other causes",
                h.main_cause
            ),
        ));
    }
    Issues(out)
}

/// The rules of a household's income history, which the exit rule reads ("stably above
/// the line": the previous year's income): each year once (two incomes of one year would
/// let their order decide the verdict), none in a year after `today`'s, none below zero
/// (the one rule of per-capita incomes, [`crate::assess::per_capita_income`]).
pub(crate) fn income_history_rules(
    history: &[super::record::IncomeYear],
    today: NaiveDate,
    out: &mut Vec<Issue>,
) {
    let at = Path::root().key("income_history");
    for (i, y) in history.iter().enumerate() {
        if let Some(first) = history.iter().position(|o| o.year == y.year)
            && first < i
        {
            out.push(
                Issue::new(
                    "duplicate_year",
                    at.index(i).key("year"),
                    format!("year {} is given twice (first at [{first}])", y.year),
                )
                .with("year", y.year),
            );
        }
        if i32::from(y.year) > today.year() {
            out.push(
                Issue::new(
                    "future_date",
                    at.index(i).key("year"),
                    format!(
                        "year {} is after the day the record is checked as of (`{today}`)",
                        y.year
                    ),
                )
                .with("year", y.year)
                .with("today", today.to_string()),
            );
        }
        if let Err(mut issue) = crate::assess::per_capita_income(y.per_capita) {
            issue.path = at.index(i).key("per_capita");
            out.push(issue);
        }
    }
}

fn income_rules(h: &Household, out: &mut Vec<Issue>) {
    let root = Path::root();
    if let Some(Err(mut issue)) = h.income_per_capita.map(crate::assess::per_capita_income) {
        issue.path = root.key("income_per_capita");
        out.push(issue);
    }
    for (key, value) in h.income.items() {
        // business income can be a loss; the others cannot be negative
        if let Some(v) = value
            && v.is_negative()
            && key != "business"
        {
            out.push(Issue::new(
                "negative_income",
                root.key("income").key(key),
                format!("{key} income `{v}` is negative"),
            ));
        }
    }
    if let Some((expected, n)) = income_mismatch(&h.income, h.income_per_capita, h.members.len())
        && let Some(per_capita) = h.income_per_capita
    {
        out.push(
                Issue::new(
                    "income_mismatch",
                    root.key("income_per_capita"),
                    format!(
                        "per-capita income `{per_capita}` differs from the components' total over {n} members (`{}`) by more than 1 yuan",
                        crate::Yuan::from_fen(expected)
                    ),
                )
                .with("expected", crate::Yuan::from_fen(expected).to_string()),
            );
    }
}

/// The per-capita income the components give over `members` (in fen) and the member
/// count, when the recorded per-capita income differs from it by more than 1 yuan.
pub(crate) fn income_mismatch(
    income: &super::IncomeComponents,
    per_capita: Option<crate::Yuan>,
    members: usize,
) -> Option<(i64, i64)> {
    let (total, per_capita, n) = (income.total()?, per_capita?, i64::try_from(members).ok()?);
    if n <= 0 {
        return None;
    }
    let expected = total.fen() / n;
    ((expected - per_capita.fen()).abs() > 100).then_some((expected, n))
}

fn history_rules(h: &Household, today: NaiveDate, out: &mut Vec<Issue>) {
    let at = Path::root().key("status_history");
    let mut previous: Option<NaiveDate> = None;
    for (i, change) in h.status_history.iter().enumerate() {
        let here = at.index(i).key("date");
        out.extend(future(change.date, today, here.clone(), "status date"));
        if previous.is_some_and(|p| change.date < p) {
            out.push(Issue::new(
                "history_order",
                here.clone(),
                format!("`{}` is earlier than the entry before it", change.date),
            ));
        }
        previous = Some(change.date);
        if change.status == HouseholdStatus::Exited
            && change.date.year() < i32::from(h.identified_year)
        {
            out.push(
                Issue::new(
                    "exit_before_identification",
                    here,
                    format!(
                        "exit on `{}` is before identification in {}",
                        change.date, h.identified_year
                    ),
                )
                .with("identified_year", h.identified_year),
            );
        }
    }
    if let Some(last) = h.status_history.last()
        && last.status != h.status
    {
        out.push(
            Issue::new(
                "status_mismatch",
                Path::root().key("status"),
                format!(
                    "status `{}` differs from the latest history entry `{}`",
                    serde_name(h.status),
                    serde_name(last.status)
                ),
            )
            .with("history", serde_name(last.status)),
        );
    }
}

fn serde_name(s: HouseholdStatus) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn member_rules(members: &[Member], today: NaiveDate, out: &mut Vec<Issue>) {
    let at = Path::root().key("members");
    let householders = members
        .iter()
        .filter(|m| m.relation == Relation::Householder)
        .count();
    if householders != 1 && !members.is_empty() {
        out.push(
            Issue::new(
                "householder_count",
                at.clone(),
                format!("a household has exactly one householder, this one has {householders}"),
            )
            .with("count", householders),
        );
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, m) in members.iter().enumerate() {
        let here = at.index(i);
        member_issues(m, &here, today, out);
        let Some(id) = &m.id_number else { continue };
        if let Some(first) = seen.insert(id.reveal(), i) {
            out.push(
                Issue::new(
                    "duplicate_id_number",
                    here.key("id_number"),
                    format!("id number `{id}` is also the one of members[{first}]"),
                )
                .with("first", first),
            );
        }
    }
}

/// The rules of one member on its own (dates, and its id number against its birth date and
/// sex), with paths under `here`.
fn member_issues(m: &Member, here: &Path, today: NaiveDate, out: &mut Vec<Issue>) {
    if let Some(b) = m.birth_date {
        out.extend(future(b, today, here.key("birth_date"), "birth date"));
    }
    let Some(id) = &m.id_number else { return };
    if let Some(b) = m.birth_date
        && b != id.birth_date()
    {
        out.push(
            Issue::new(
                "id_birth_date_mismatch",
                here.key("id_number"),
                format!(
                    "the id number `{id}` gives birth date `{}`, the member's is `{b}`",
                    id.birth_date()
                ),
            )
            .with("birth_date", b.to_string()),
        );
    }
    if id.sex() != m.sex {
        out.push(Issue::new(
            "id_sex_mismatch",
            here.key("id_number"),
            format!("the id number `{id}` gives the other sex than the member's"),
        ));
    }
    out.extend(future(
        id.birth_date(),
        today,
        here.key("id_number"),
        "birth date in id",
    ));
}

/// Every rule one member breaks on its own, as of `today`: its field rules, then the rules
/// of [`member_issues`]. Rules that need the whole household (one householder, no id number
/// twice) are not checked.
pub(crate) fn validate_member(m: &Member, today: NaiveDate) -> Issues {
    let mut out = Vec::new();
    if let Err(errors) = Validate::validate(m) {
        flatten(&errors, &Path::root(), &mut out);
    }
    member_issues(m, &Path::root(), today, &mut out);
    Issues(out)
}

#[cfg(test)]
mod tests {
    use crate::household::Household;

    /// Found by fuzzing (fuzz/corpus/household_json/crash-*): validator's `value` param of
    /// a too-long file number showed an ID-number-shaped run of it unmasked.
    #[test]
    fn params_mask_id_numbers() {
        let json = r#"{"file_number": "522327197003120211!11111111111111111111111111111111111",
            "village": "522327104201", "identified_year": 2016, "status": "poor",
            "main_cause": "因病",
            "members": [{"name": "张三", "relation": "householder", "sex": "male"}]}"#;
        let h = Household::from_json(json).unwrap();
        let issues = h.validate_at(chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap());
        let shown = serde_json::to_string(&issues).unwrap();
        assert!(shown.contains("field_length"), "{shown}");
        assert!(shown.contains("5223**********0211!"), "{shown}");
        assert!(!shown.contains("522327197003120211"), "{shown}");
    }
}
