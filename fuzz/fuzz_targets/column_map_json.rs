//! Column map files (`ColumnMap::extend_json`): a map that reads still knows every field,
//! tries the new names first, and finds its columns in any schema.
#![no_main]

use arrow_array::RecordBatch;
use fupin_arrow::arrow_schema::{DataType, Field, Schema};
use fupin_arrow::{ColumnMap, HOUSEHOLD_FIELDS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let mut map = ColumnMap::default();
    match map.extend_json(s) {
        Ok(()) => {
            let extra: std::collections::BTreeMap<String, Vec<String>> =
                serde_json::from_str(s).unwrap_or_default();
            for (field, names) in &extra {
                assert!(map.names(field).starts_with(names), "new names not first");
            }
            for f in HOUSEHOLD_FIELDS {
                assert!(!map.names(f).is_empty() || extra.contains_key(f));
            }
            // a schema of the given names: each field is found at a column of one of its names
            let names: Vec<String> = extra.values().flatten().cloned().collect();
            let schema = Schema::new(
                names
                    .iter()
                    .map(|n| Field::new(n.as_str(), DataType::Utf8, true))
                    .collect::<Vec<_>>(),
            );
            for field in extra.keys() {
                if let Some(i) = map.find(&schema, field) {
                    assert!(i < names.len());
                }
            }
            let _ = RecordBatch::new_empty(std::sync::Arc::new(schema));
        }
        Err(e) => {
            assert!(!e.code().is_empty());
            let _ = e.to_string();
        }
    }
});
