//! `fupin`: the command of the fupin library for officials and analysts — assess a register
//! against the plan, validate exports, look up regions, check and suggest pairings, and make
//! synthetic data. See `fupin --help`. The command itself is the crate's library
//! (`fupin_cli::run`).
//!
//! Exit status: 0 done, 1 rows rejected (`validate`, `exit`), 2 an error (its message and
//! code on standard error), 70 an internal error (a panic: a bug to report; its text, which
//! could quote data, is not shown).

#![forbid(unsafe_code)]

use std::io::Write as _;
use std::process::ExitCode;

/// The exit status of an internal error (EX_SOFTWARE of sysexits.h).
const INTERNAL_ERROR: u8 = 70;

/// One line on standard error, whatever happens to it: a full or closed standard error is
/// ignored (there is nowhere else to say it), never a panic.
fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
    let _ = err.flush();
}

/// A panic on purpose, with personal data in its payload, to test the hook: only in debug
/// builds, and only when `FUPIN_DEBUG_PANIC` is set.
#[expect(clippy::panic, reason = "the panic the hook is tested with")]
fn debug_panic() {
    if cfg!(debug_assertions) && std::env::var_os("FUPIN_DEBUG_PANIC").is_some() {
        std::panic::panic_any("522327198503120415 张三");
    }
}

/// Where the last panic happened (file and line of the code, never its payload).
static PANICKED_AT: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn main() -> ExitCode {
    // a panic prints nothing where it happens: one caught on the way (a dependency's, that
    // fupin turns into an error) is not an internal error; one that reaches `main` prints
    // one line, without its payload (it could quote the data being read)
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut at) = PANICKED_AT.lock() {
            *at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
        }
    }));
    let run = std::panic::catch_unwind(|| {
        debug_panic();
        fupin_cli::run()
    });
    match run {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            say(&format!("fupin: {}", fupin_cli::terminal_error(&e)));
            ExitCode::from(2)
        }
        Err(_) => {
            let place = PANICKED_AT
                .lock()
                .ok()
                .and_then(|at| at.clone())
                .map(|at| format!(" at {at}"))
                .unwrap_or_default();
            say(&format!(
                "fupin: internal error{place}; please report it (the data is not shown) [internal_error]"
            ));
            ExitCode::from(INTERNAL_ERROR)
        }
    }
}
