//! Counts a Parquet register with [`fupin_arrow::push_parquet`] and prints the figures:
//! rows, seconds, rows per second, for 1 thread and for every core.
//!
//! `cargo run --release -p fupin-arrow --example count_parquet -- FILE [THREADS…]`
//! (e.g. the households file `fupin synth --scale 1 --format parquet --out DIR` writes).

#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

use std::time::Instant;

use fupin_arrow::{ColumnMap, push_parquet};
use fupin_core::assess::{Rollup, TallyStream, UnitFacts};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = std::path::PathBuf::from(args.next().ok_or("usage: count_parquet FILE [THREADS…]")?);
    let mut threads: Vec<usize> = args.map(|a| a.parse()).collect::<Result<_, _>>()?;
    if threads.is_empty() {
        threads = vec![1, 0];
    }
    let as_of = "2020-06-30".parse()?;
    for t in threads {
        let mut stream = TallyStream::new(as_of, UnitFacts::default())?;
        let start = Instant::now();
        let count = push_parquet(
            &mut stream,
            &path,
            &ColumnMap::default(),
            65_536,
            t,
            0,
            &|_| {},
        )?;
        let counted = start.elapsed().as_secs_f64();
        let rollup = Rollup::of(stream.finish());
        let total = start.elapsed().as_secs_f64();
        let rows = count.report.rows;
        println!(
            "threads {t} (0 = every core): {rows} rows, {} accepted, counted in {counted:.3} s ({:.1} M rows/s), rolled up by {total:.3} s, {} households",
            count.report.accepted,
            rows as f64 / counted / 1e6,
            rollup.households()
        );
    }
    Ok(())
}
