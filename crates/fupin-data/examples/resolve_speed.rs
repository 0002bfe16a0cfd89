//! Resolution speed: resolves a fixed set of queries built from the 2020 vintage (every
//! county's full name, its name without the last character, its province's name followed by
//! it, a two-character prefix, and junk) against the latest vintage, and prints the time per
//! query. The first round (building the name indexes) is timed apart.
//!
//! ```sh
//! cargo run --release -p fupin-data --example resolve_speed
//! ```

use std::time::Instant;

use fupin_core::region::Level;
use fupin_data::{Vintage, divisions, full_name, resolve};

#[expect(clippy::print_stdout, reason = "an example prints its figures")]
fn main() {
    let mut queries: Vec<String> = Vec::new();
    for d in divisions(Vintage::V2020).filter(|d| !d.is_grouping && d.level == Level::County) {
        let chars: Vec<char> = d.name.chars().collect();
        queries.push(d.name.to_owned());
        if chars.len() > 2 {
            queries.push(chars.iter().take(chars.len() - 1).collect());
        }
        queries.push(chars.iter().take(2).collect());
        if let Some(full) = full_name(d.code, Vintage::V2020) {
            queries.push(full);
        }
    }
    for junk in ["客服", "不详", "同上", "xx村", "——", "123"] {
        queries.push(junk.to_owned());
    }
    let started = Instant::now();
    let first = queries.iter().filter(|q| resolve(q).is_ok()).count();
    let cold = started.elapsed();
    let rounds = 5;
    let started = Instant::now();
    let mut found = 0;
    for _ in 0..rounds {
        found += queries.iter().filter(|q| resolve(q).is_ok()).count();
    }
    let warm = started.elapsed();
    let per = warm.as_secs_f64() * 1e6 / (rounds * queries.len()) as f64;
    println!(
        "{} queries, {first} resolved; first round (with index build) {:.1} ms; then {per:.2} µs per query ({rounds} rounds, {found} resolved)",
        queries.len(),
        cold.as_secs_f64() * 1e3,
    );
}
