//! JSON Lines files through the command's reader (`fupin_cli::input::read_table`): every row
//! is in one chunk or rejected once, none lost or invented; the household readers (fast
//! path and general, which must agree) and the unit readers run on what was read.
#![no_main]

use fupin_cli::input::ReadOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // small batches, so that inputs span several chunks
    let opts = ReadOptions {
        batch_rows: 3,
        ..ReadOptions::default()
    };
    fupin_fuzz::read_and_check(data, "jsonl", &opts);
});
