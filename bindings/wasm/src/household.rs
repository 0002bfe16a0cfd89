//! `fupin_core::household`: reading and validating households and members (every issue
//! with its path), ID numbers (masked), and the keys with their Chinese labels.

use fupin_core::Issues;
use fupin_core::household::{Cause, Household, HouseholdStatus, IdNumber, Member};
use serde::Serialize;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::convert::{self, Label};
use crate::error;

/// Reads a household (a plain object in the wire format). Throws a `FupinError` with code
/// `validation` and every shape or type problem in `issues`; rules that span fields are
/// checked by `validateHousehold`.
#[wasm_bindgen(js_name = readHousehold, unchecked_return_type = "Household")]
pub fn read_household(
    #[wasm_bindgen(unchecked_param_type = "HouseholdInput | unknown")] value: JsValue,
) -> Result<JsValue, JsValue> {
    let household =
        Household::from_value(convert::json(value, "")?).map_err(|e| error::core(&e))?;
    convert::to_js(&household)
}

/// Every problem of a household as of `today` (`YYYY-MM-DD`, default: the current date):
/// the shape and type problems of reading it, or else every rule it breaks. Empty when the
/// household is valid. Meant to run on every keystroke of a form.
#[wasm_bindgen(js_name = validateHousehold, unchecked_return_type = "Issue[]")]
pub fn validate_household(
    #[wasm_bindgen(unchecked_param_type = "HouseholdInput | unknown")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] today: JsValue,
) -> Result<JsValue, JsValue> {
    let today = convert::date(&today, "today")?;
    let issues = match Household::from_value(convert::json(value, "")?) {
        Ok(household) => household.validate_at(today),
        Err(e) => e.issues(),
    };
    convert::to_js(&issues)
}

/// Reads and fully checks a household as of `today`; throws a `FupinError` (code
/// `validation`) with every issue, else returns the household.
#[wasm_bindgen(js_name = parseAndValidateHousehold, unchecked_return_type = "Household")]
pub fn parse_and_validate_household(
    #[wasm_bindgen(unchecked_param_type = "HouseholdInput | unknown")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] today: JsValue,
) -> Result<JsValue, JsValue> {
    let today = convert::date(&today, "today")?;
    let household = Household::parse_and_validate(convert::json(value, "")?, today)
        .map_err(|e| error::core(&e))?;
    convert::to_js(&household)
}

/// Reads and fully checks a household as of `today`: as `parseAndValidateHousehold`,
/// the name in `docs/names.md`.
///
/// @deprecated Use `parseAndValidateHousehold`; `checkHousehold` goes in the next release.
#[wasm_bindgen(js_name = checkHousehold, unchecked_return_type = "Household")]
pub fn check_household(
    #[wasm_bindgen(unchecked_param_type = "HouseholdInput | unknown")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] today: JsValue,
) -> Result<JsValue, JsValue> {
    parse_and_validate_household(value, today)
}

/// Every problem of one member on its own as of `today`: reading it, or else its field
/// rules and its id number against birth date and sex (paths from the member, e.g.
/// `id_number`). Rules that need the whole household are left to `validateHousehold`.
#[wasm_bindgen(js_name = validateMember, unchecked_return_type = "Issue[]")]
pub fn validate_member(
    #[wasm_bindgen(unchecked_param_type = "MemberInput | unknown")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] today: JsValue,
) -> Result<JsValue, JsValue> {
    let today = convert::date(&today, "today")?;
    let issues: Issues = match Member::from_value(convert::json(value, "")?) {
        Ok(member) => member.validate_at(today),
        Err(e) => e.issues(),
    };
    convert::to_js(&issues)
}

/// What an ID number says, without the number itself.
#[derive(Debug, Clone, Serialize)]
pub struct IdNumberInfo {
    /// The masked number, e.g. `5223**********0211`.
    pub masked: String,
    /// The birth date it encodes.
    pub birth_date: chrono::NaiveDate,
    /// The sex it encodes.
    pub sex: fupin_core::household::Sex,
    /// The six-digit code of the place of registration.
    pub region: String,
}

/// Checks an 18-character ID number (GB 11643 check digit), or a legacy 15-digit one
/// (GB 11643-1989, read as the 18-digit number it upgrades to). Throws a `FupinError` with
/// the stable code (`id_length`, `id_check_digit` …); the number never appears unmasked in
/// the result or the message.
#[wasm_bindgen(js_name = parseIdNumber, unchecked_return_type = "IdNumberInfo")]
pub fn parse_id_number(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let id =
        IdNumber::parse(&convert::string(&input, "input")?).map_err(|e| error::core(&e.into()))?;
    convert::to_js(&IdNumberInfo {
        masked: id.masked(),
        birth_date: id.birth_date(),
        sex: id.sex(),
        region: id.region().gb2260(),
    })
}

/// The causes of poverty: key, Chinese label, and the aliases reading accepts.
#[wasm_bindgen(unchecked_return_type = "Label[]")]
pub fn causes() -> Result<JsValue, JsValue> {
    let labels: Vec<Label> = Cause::ALL
        .iter()
        .map(|c| Label::of(c, c.label_zh(), c.aliases()))
        .collect();
    convert::to_js(&labels)
}

/// The household statuses with their Chinese labels.
#[wasm_bindgen(js_name = householdStatuses, unchecked_return_type = "Label[]")]
pub fn household_statuses() -> Result<JsValue, JsValue> {
    let labels: Vec<Label> = HouseholdStatus::ALL
        .iter()
        .map(|s| Label::of(s, s.label_zh(), &[]))
        .collect();
    convert::to_js(&labels)
}

/// Every problem of a batch of household records at once, as of `today` (`YYYY-MM-DD`,
/// default: the current date): each record a plain object in the wire format or a JSON
/// string, each issue's path starting with the record's 0-based index
/// (`[3].members[0].id_number`); people registered in two of the households are
/// `duplicate_person` (pseudonyms under a key made for this call), a household given twice
/// (the same village and file number, or the same members) `duplicate_household`, as
/// `fupin validate` finds them. Otherwise the same issues as
/// `validateHousehold` on each record, found faster (one thread: wasm has no others).
#[wasm_bindgen(js_name = validateHouseholds, unchecked_return_type = "Issue[]")]
pub fn validate_households(
    #[wasm_bindgen(unchecked_param_type = "(HouseholdInput | string)[]")] records: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] today: JsValue,
) -> Result<JsValue, JsValue> {
    use fupin_core::household::{DuplicateFinder, RecordChecker, RecordReport};
    let today = convert::date(&today, "today")?;
    let serde_json::Value::Array(records) = convert::json(records, "")? else {
        return Err(error::argument(
            "invalid_value",
            "",
            "records are a list of households".to_owned(),
        ));
    };
    let mut checker = RecordChecker::new(today, DuplicateFinder::with_random_key()).threads(1);
    let mut report = RecordReport::default();
    for (i, record) in records.iter().enumerate() {
        match record {
            // JSON text is read straight into typed values
            serde_json::Value::String(text) => {
                checker.texts(
                    &[(i, Some(text.as_bytes()))],
                    "text",
                    "records",
                    &mut report,
                );
            }
            other => checker.values(std::slice::from_ref(other), "records", i, &mut report),
        }
    }
    convert::to_js(&report.issues)
}
