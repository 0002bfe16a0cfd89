//! Old Excel workbooks (BIFF `.xls`) through the command's reader (calamine): every row is
//! in one chunk or rejected once; the household and unit readers run on what was read.
#![no_main]

use fupin_cli::input::ReadOptions;
use libfuzzer_sys::fuzz_target;

/// The command turns panics of calamine's BIFF reader (third-party code) into errors: the
/// hook of libfuzzer-sys would abort on them before they are caught, so this one only
/// prints. A panic that escapes the target still aborts (libfuzzer-sys checks every run).
fn contain_reader_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(|info| eprintln!("{info}"))));
}

fuzz_target!(|data: &[u8]| {
    contain_reader_panics();
    let opts = ReadOptions {
        batch_rows: 4,
        ..ReadOptions::default()
    };
    fupin_fuzz::read_and_check(data, "xls", &opts);
});
