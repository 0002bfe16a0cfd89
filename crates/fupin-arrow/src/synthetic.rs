//! The marks `fupin synth` leaves on the data it writes, and how a reader recognises them:
//! made-up households stay labelled SYNTHETIC wherever they are read (the command, Python),
//! so that no report on them passes for real figures.

use arrow_schema::Schema;

/// The column `fupin synth` adds to its CSV and JSON Lines files (value `SYNTHETIC`).
pub const SYNTHETIC_COLUMN: &str = "fupin_synthetic";

/// The key of the footer metadata `fupin synth` writes in its Parquet files (value `true`);
/// Arrow readers keep it in the schema's metadata.
pub const SYNTHETIC_KEY: &str = "fupin.synthetic";

/// The label of data read with the mark, when the data set has none of its own.
pub const SYNTHETIC_LABEL: &str =
    "SYNTHETIC data (made by fupin synth): not real households or places' figures";

/// Whether a column named `name` is the mark (case and surrounding white space ignored).
pub fn is_synthetic_column(name: &str) -> bool {
    name.trim().eq_ignore_ascii_case(SYNTHETIC_COLUMN)
}

/// Whether key-value metadata (a Parquet footer's, an Arrow schema's) holds the mark.
pub fn is_synthetic_metadata<'a>(kv: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> bool {
    kv.into_iter()
        .any(|(k, v)| k == SYNTHETIC_KEY && v == Some("true"))
}

/// Whether Arrow data of this schema was made by `fupin synth`: the column, or the footer
/// key kept in the schema's metadata (`pyarrow.parquet.read_table` keeps it).
pub fn schema_is_synthetic(schema: &Schema) -> bool {
    schema
        .fields()
        .iter()
        .any(|f| is_synthetic_column(f.name()))
        || is_synthetic_metadata(
            schema
                .metadata()
                .iter()
                .map(|(k, v)| (k.as_str(), Some(v.as_str()))),
        )
}

/// Whether a Parquet file carries the mark in its footer (a file that cannot be read: no).
#[cfg(feature = "parquet")]
pub fn parquet_is_synthetic(path: &std::path::Path) -> bool {
    crate::parquet_io::key_value_metadata(path)
        .is_ok_and(|kv| is_synthetic_metadata(kv.iter().map(|(k, v)| (k.as_str(), v.as_deref()))))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use arrow_schema::{DataType, Field};

    use super::*;

    #[test]
    fn the_column_or_the_metadata_marks_synthetic_data() {
        let plain = Schema::new(vec![Field::new("village", DataType::Utf8, true)]);
        assert!(!schema_is_synthetic(&plain));
        let column = Schema::new(vec![Field::new(" FUPIN_synthetic", DataType::Utf8, true)]);
        assert!(schema_is_synthetic(&column));
        let footer = plain.clone().with_metadata(HashMap::from([(
            SYNTHETIC_KEY.to_owned(),
            "true".to_owned(),
        )]));
        assert!(schema_is_synthetic(&footer));
    }
}
