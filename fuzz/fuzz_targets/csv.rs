//! CSV files (UTF-8, with BOM, GBK/GB18030, UTF-16 with BOM) through the command's reader:
//! the first byte picks the encoding option (detected, UTF-8, GBK, GB18030) and the batch
//! size; every row is in one chunk or rejected once; the household and unit readers run on
//! what was read.
#![no_main]

use fupin_cli::input::{Encoding, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let encoding = match first % 4 {
        0 => None,
        1 => Some(Encoding::Utf8),
        2 => Some(Encoding::Gbk),
        _ => Some(Encoding::Gb18030),
    };
    let opts = ReadOptions {
        encoding,
        batch_rows: usize::from(first / 4 % 8) + 1,
        ..ReadOptions::default()
    };
    fupin_fuzz::read_and_check(rest, "csv", &opts);
});
