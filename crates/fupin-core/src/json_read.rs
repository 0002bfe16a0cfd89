//! Small helpers shared by the readers that report every problem of a JSON value
//! (households, responsibility maps, pairing books).

use serde_json::Value;

/// serde's message without its "at line … column …" tail, meaningless for a value already
/// parsed.
pub(crate) fn clean(err: &serde_json::Error) -> String {
    let mut message = err.to_string();
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    message
}

/// What kind of JSON value this is, for messages.
pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
