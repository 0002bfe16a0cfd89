//! Old Excel workbooks (BIFF `.xls`) through the command's reader (calamine): every row is
//! in one chunk or rejected once; the household and unit readers run on what was read.
#![no_main]

use fupin_cli::input::ReadOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions {
        batch_rows: 4,
        ..ReadOptions::default()
    };
    fupin_fuzz::read_and_check(data, "xls", &opts);
});
