//! The Rust side of `bindings/python/bench/bench_assess.py`: the same assessment the Python
//! binding does, on the same Parquet files, timed. Prints one JSON line.
//!
//! `cargo run --release -p fupin-arrow --example bench_assess -- DIR [dataset|stream]` where
//! `DIR` holds `households.parquet`, `villages.parquet`, `townships.parquet`,
//! `counties.parquet`. `dataset` builds a `Dataset` (`add_batches`: batches read on every core), `stream` counts into a
//! `TallyStream` (`push_batches`: the columnar fast path on every core, memory per village), as the Python `Dataset` and
//! `TallyStream` do.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark prints its figures"
)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use arrow_array::RecordBatch;
use fupin_arrow::{ColumnMap, add_batches, parquet_io, push_batches, read_units};
use fupin_core::Level;
use fupin_core::RegionCode;
use fupin_core::assess::{Assessment, Dataset, MissingStrategy, Rollup, TallyStream};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn read(path: &Path) -> Result<Vec<RecordBatch>> {
    Ok(parquet_io::read(path, 1 << 16)?.collect::<std::result::Result<Vec<_>, _>>()?)
}

/// Unit names as the Python binding gives them (the embedded reference data).
fn names(code: RegionCode) -> Option<String> {
    fupin_data::get(code, fupin_data::Vintage::LATEST).map(|d| d.name.to_owned())
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .ok_or("usage: bench_assess DIR [dataset|stream]")?,
    );
    let stream = args.next().is_some_and(|m| m == "stream");
    let as_of = "2020-06-30".parse()?;

    let t0 = Instant::now();
    let households = read(&dir.join("households.parquet"))?;
    let villages = read(&dir.join("villages.parquet"))?;
    let townships = read(&dir.join("townships.parquet"))?;
    let counties = read(&dir.join("counties.parquet"))?;
    let read_s = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    let map = ColumnMap::default();
    let (units, _issues) = read_units(&villages, &townships, &counties, &map)?;
    let (report, rollup) = if stream {
        let mut s = TallyStream::new(as_of, units)?;
        let report = push_batches(&mut s, &households, &map, 0, 0)?;
        (report, Rollup::of(s.finish()))
    } else {
        let mut ds = Dataset::with_units(as_of, units)?;
        let report = add_batches(&mut ds, &households, &map, 0, 0)?;
        (report, ds.roll_up())
    };
    let (rows, accepted) = (report.rows, report.accepted);
    let names: fupin_arrow::Names<'_> = Some(&names);
    let levels = [
        Level::Nation,
        Level::Province,
        Level::Prefecture,
        Level::County,
    ];
    let indicators =
        fupin_arrow::indicators_table(&rollup, &levels, MissingStrategy::default(), names)?;
    let verdicts = Assessment::new(&rollup, &[]).verdicts();
    let verdicts = fupin_arrow::verdicts_table(&verdicts, names)?;
    let assess_s = t1.elapsed().as_secs_f64();

    println!(
        "{{\"rows\": {rows}, \"accepted\": {accepted}, \"households\": {}, \"indicator_rows\": {}, \"verdict_rows\": {}, \"read_s\": {read_s:.4}, \"assess_s\": {assess_s:.4}}}",
        rollup.households(),
        indicators.num_rows(),
        verdicts.num_rows()
    );
    Ok(())
}
