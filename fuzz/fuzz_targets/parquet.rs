//! Parquet files: through the command's reader (all columns, then the household columns
//! only), and counted by `fupin_arrow::push_parquet` on one thread, whose report must
//! account for every row and agree with reading the batches one by one.
#![no_main]

use fupin_arrow::ColumnMap;
use fupin_cli::input::ReadOptions;
use fupin_core::assess::{TallyStream, UnitFacts};
use libfuzzer_sys::fuzz_target;

/// fupin-arrow turns panics of the Parquet decoder (third-party code) into errors: the hook
/// of libfuzzer-sys would abort on them before they are caught, so this one only prints.
/// A panic that escapes the target still aborts (libfuzzer-sys checks every run).
fn contain_decoder_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(|info| eprintln!("{info}"))));
}

fuzz_target!(|data: &[u8]| {
    contain_decoder_panics();
    let opts = ReadOptions {
        batch_rows: 4,
        ..ReadOptions::default()
    };
    fupin_fuzz::read_and_check(data, "parquet", &opts);
    let map = ColumnMap::default();
    let columns = fupin_arrow::HOUSEHOLD_FIELDS
        .iter()
        .flat_map(|f| map.names(f).iter().cloned())
        .collect();
    let projected = ReadOptions {
        columns: Some(columns),
        ..opts
    };
    fupin_fuzz::read_and_check(data, "parquet", &projected);

    let path = fupin_fuzz::scratch(data, "parquet");
    let Ok(mut stream) = TallyStream::new(fupin_fuzz::as_of(), UnitFacts::default()) else {
        return;
    };
    stream = stream.with_threads(1);
    let tokens = fupin_fuzz::id_tokens(&String::from_utf8_lossy(data));
    match fupin_arrow::push_parquet(&mut stream, &path, &map, 4, 1, 1, &|_| {}) {
        Ok(count) => {
            let report = &count.report;
            let rejected = report.rejected.rows();
            assert_eq!(
                report.accepted + rejected.len(),
                report.rows,
                "rows lost or invented"
            );
            assert!(rejected.iter().all(|r| (1..=report.rows).contains(r)));
            fupin_fuzz::check_issues(&tokens, &report.rejected, "a rejected Parquet row");
        }
        Err(e) => {
            assert!(!e.code().is_empty());
            let _ = e.to_string();
        }
    }
});
