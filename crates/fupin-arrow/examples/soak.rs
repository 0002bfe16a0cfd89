//! Soak run: the whole pipeline (a Parquet register and its unit tables read and counted on
//! every core, rolled up, judged against the built-in targets, exits and scorecards, result
//! tables built) repeated in one process, printing the resident memory after each round.
//! Memory must not grow from round to round; the last line says whether it did.
//!
//! `cargo run --release -p fupin-arrow --example soak -- DIR [ROUNDS]` where `DIR` is what
//! `fupin synth --format parquet --out DIR` writes (`synthetic_households.parquet`, …).

#![allow(clippy::print_stdout, reason = "a soak run prints its figures")]

use std::path::{Path, PathBuf};
use std::time::Instant;

use arrow_array::RecordBatch;
use fupin_arrow::{ColumnMap, parquet_io, push_parquet, read_units};
use fupin_core::assess::{Assessment, MissingStrategy, Rollup, TallyStream};
use fupin_core::region::Level;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Resident and peak resident memory of this process, in MiB (Linux).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn read(path: &Path) -> Result<Vec<RecordBatch>> {
    Ok(parquet_io::read(path, 1 << 16)?.collect::<std::result::Result<Vec<_>, _>>()?)
}

fn round(dir: &Path) -> Result<(usize, u64)> {
    let map = ColumnMap::default();
    let (units, _) = read_units(
        &read(&dir.join("synthetic_villages.parquet"))?,
        &read(&dir.join("synthetic_townships.parquet"))?,
        &read(&dir.join("synthetic_counties.parquet"))?,
        &map,
    )?;
    let counties = units.counties.clone();
    let mut stream = TallyStream::new("2020-06-30".parse()?, units)?;
    let count = push_parquet(
        &mut stream,
        &dir.join("synthetic_households.parquet"),
        &map,
        65_536,
        0,
        1,
        &|_| {},
    )?;
    let rollup = Rollup::of(stream.finish());
    let assessment = Assessment::new(&rollup, &counties);
    let verdicts = assessment.verdicts();
    let exits = assessment.exits();
    let cards = assessment.scorecards();
    let levels = [
        Level::Nation,
        Level::Province,
        Level::Prefecture,
        Level::County,
    ];
    let tables = fupin_arrow::indicators_table(&rollup, &levels, MissingStrategy::default(), None)?
        .num_rows()
        + fupin_arrow::verdicts_table(&verdicts, None)?.num_rows()
        + fupin_arrow::exits_table(&exits, None)?.num_rows()
        + fupin_arrow::scorecards_table(&cards, None)?.num_rows();
    if tables == 0 {
        return Err("no results".into());
    }
    Ok((count.report.accepted, rollup.households()))
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: soak DIR [ROUNDS]")?);
    let rounds: usize = args.next().map_or(Ok(20), |r| r.parse())?;
    let mut after = Vec::with_capacity(rounds);
    for r in 1..=rounds {
        let t = Instant::now();
        let (accepted, households) = round(&dir)?;
        let (rss, peak) = memory();
        after.push(rss);
        println!(
            "round {r:2}: {accepted} rows accepted, {households} households, {:.2} s, resident {rss:.0} MiB, peak {peak:.0} MiB",
            t.elapsed().as_secs_f64()
        );
    }
    let first = after.first().copied().unwrap_or(0.0);
    let last = after.last().copied().unwrap_or(0.0);
    let max = after.iter().copied().fold(0.0, f64::max);
    println!(
        "resident after round 1: {first:.0} MiB, after round {rounds}: {last:.0} MiB, highest {max:.0} MiB: {}",
        if last <= first * 1.05 + 8.0 {
            "no growth"
        } else {
            "GROWTH"
        }
    );
    Ok(())
}
