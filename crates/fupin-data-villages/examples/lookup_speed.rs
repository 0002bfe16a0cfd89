//! Prints how long the embedded table takes to decode and to answer look-ups:
//! `cargo run --release -p fupin-data-villages --example lookup_speed`.

#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::Instant;

fn main() -> Result<(), fupin_data_villages::VillagesError> {
    let start = Instant::now();
    let table = fupin_data_villages::embedded()?;
    let decode = start.elapsed();
    println!(
        "decode: {:.1} ms for {} townships and {} villages",
        decode.as_secs_f64() * 1e3,
        table.township_count(),
        table.village_count()
    );

    // every 7th code of the table, as u64 keys, then as 12-digit text
    let codes: Vec<u64> = table.iter().step_by(7).map(|u| u.code()).collect();
    let texts: Vec<String> = codes.iter().map(|c| format!("{c:012}")).collect();
    let rounds = 10;
    let start = Instant::now();
    let mut found = 0usize;
    for _ in 0..rounds {
        for t in &texts {
            found += usize::from(black_box(table.name(t.as_str())).is_some());
        }
    }
    let per = start.elapsed().as_secs_f64() * 1e9 / (rounds * texts.len()) as f64;
    println!("name(12-digit text): {per:.0} ns per look-up ({found} found)");

    let start = Instant::now();
    let mut misses = 0usize;
    for _ in 0..rounds {
        for c in &codes {
            misses +=
                usize::from(black_box(table.name(format!("{:012}", c + 999).as_str())).is_none());
        }
    }
    let per = start.elapsed().as_secs_f64() * 1e9 / (rounds * codes.len()) as f64;
    println!("name(missing code, incl. formatting): {per:.0} ns per look-up ({misses} misses)");

    let townships: Vec<_> = table
        .iter()
        .filter(|u| u.code() % 1000 == 0)
        .map(|u| u.digits())
        .collect();
    let start = Instant::now();
    let villages: usize = townships
        .iter()
        .map(|t| table.villages_of(t.as_str()).count())
        .sum();
    let per = start.elapsed().as_secs_f64() * 1e9 / townships.len() as f64;
    println!("villages_of: {per:.0} ns per township ({villages} villages in all)");
    Ok(())
}
