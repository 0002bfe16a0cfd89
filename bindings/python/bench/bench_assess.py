"""Assessment speed: fupin from Python, every way a user hands it a register, vs the same
work in Rust vs polars' lazy engine, side by side in one run.

    .venv/bin/python bindings/python/bench/bench_assess.py [--scale 1.0] [--repeat 3]

Writes a **SYNTHETIC** national register (every 2020 county code of the embedded data, about
13 townships a county and 13 villages a township, ~30 million households at scale 1; made up,
not real households or places' figures) as Parquet under target/bench-data/, then, side by
side in one run, best of ``--repeat``, wall and CPU time (user + sys of every thread):

1. polars: ``scan_parquet`` and a lazy roll-up of the same counts (households, people, poor
   households and people, terminals, e-commerce, training, complete files, village facts)
   village → township → county → prefecture → province → nation, with the twelve shares at
   each level, collected together — the baseline of the ratios;
2. Rust: ``cargo build --release -p fupin-arrow --example bench_assess``, run on the files
   (the parquet crate reads them, fupin-arrow assesses: the register counted from the
   batches, rolled up to every level, indicators nation→county, target verdicts), once
   through a ``TallyStream`` and once through a ``Dataset``;
3. Python, the same assessment with ``fupin.TallyStream.push`` and with
   ``fupin.Dataset.add_households``, the register handed over as a user has it:
   the **path** of the Parquet file (read by fupin's own reader, the command's; the unit
   tables too), a **polars** frame (``pl.read_parquet``), a plain **pyarrow** table
   (``pq.read_table``), a **pandas** frame (``pd.read_parquet``), and the tables pyarrow
   reads dictionary-encoded (``read_dictionary``, and ``fupin.assess.read_parquet``: only
   the columns fupin counts). Codes and statuses given as text are encoded on the fly.

Build the extension in release mode first (``maturin develop --release``; no fat LTO).
Criteria (printed, not asserted): every frame or table assessed within 1.5x of the
dictionary-encoded table; fupin end to end from Python (the path handed over) at least 2x
polars' lazy roll-up; fupin's assessment of a pyarrow table within 1.2x of Rust's.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

import fupin

REPO = Path(__file__).resolve().parents[3]
LABEL = "SYNTHETIC data (bench_assess.py): not real households or places' figures"
POOR = ["贫困户", "返贫户", "新识别贫困户"]
STATUSES = ["贫困户", "已脱贫", "返贫户", "新识别贫困户"]


def maybe_bool(rng: np.random.Generator, n: int, known: float, yes: float | np.ndarray) -> pa.Array:
    mask = rng.random(n) >= known
    return pa.array(rng.random(n) < yes, mask=mask)


def generate(out: Path, scale: float, seed: int) -> None:
    """Writes the synthetic register and unit tables (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    counties = np.array([int(c) for c in fupin.data.county_codes("2020")], dtype=np.int64)
    n_c = len(counties)
    poor_county = rng.random(n_c) < 832 / n_c
    tpc = rng.integers(7, 20, n_c)
    t_county = np.repeat(np.arange(n_c), tpc)
    t_idx = np.arange(len(t_county)) - np.repeat(np.cumsum(tpc) - tpc, tpc)
    townships = counties[t_county] + (100 + t_idx) * 1000
    n_t = len(townships)
    vpt = rng.integers(7, 20, n_t)
    v_town = np.repeat(np.arange(n_t), vpt)
    v_idx = np.arange(len(v_town)) - np.repeat(np.cumsum(vpt) - vpt, vpt)
    villages = townships[v_town] + 200 + v_idx
    n_v = len(villages)
    v_poor_county = poor_county[t_county[v_town]]
    poor_village = rng.random(n_v) < np.where(v_poor_county, 0.6, 0.13)
    size = np.where(poor_village, rng.integers(55, 166, n_v), rng.integers(24, 73, n_v))
    hh = np.maximum(1, np.round(size * scale)).astype(np.int64)
    meta = {b"fupin": LABEL.encode()}

    as_str = lambda a: pa.array(a).cast(pa.string())  # noqa: E731
    pq.write_table(
        pa.table(
            {
                "county": as_str(counties // 1_000_000),
                "poor_county": poor_county,
                "platform": maybe_bool(rng, n_c, 0.98, 0.85),
            }
        ).replace_schema_metadata(meta),
        out / "counties.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "township": as_str(townships),
                "service_node": maybe_bool(rng, n_t, 0.95, 0.9),
                "township_ecommerce": maybe_bool(rng, n_t, 0.95, 0.93),
            }
        ).replace_schema_metadata(meta),
        out / "townships.parquet",
    )
    pop = pa.array((hh * 12).astype(np.int32), mask=rng.random(n_v) < 0.003)
    pq.write_table(
        pa.table(
            {
                "village": as_str(villages),
                "poor_village": poor_village,
                "fiber": maybe_bool(rng, n_v, 0.97, np.where(poor_village, 0.9, 0.95)),
                "mobile_4g": maybe_bool(rng, n_v, 0.97, 0.93),
                "network_leader": maybe_bool(rng, n_v, 0.9, 0.8),
                "rural_population": pop,
            }
        ).replace_schema_metadata(meta),
        out / "villages.parquet",
    )
    n = int(hh.sum())
    poor_share = np.repeat(np.where(v_poor_county, 0.08, 0.03), hh)
    r = rng.random(n)
    status_idx = np.where(r < poor_share, 0, np.where(r < poor_share + 0.003, 2, np.where(r < poor_share + 0.005, 3, 1)))
    status = pa.DictionaryArray.from_arrays(pa.array(status_idx.astype(np.int8)), pa.array(STATUSES)).cast(pa.string())
    people = (rng.integers(1, 6, n) + (rng.random(n) < 0.2) * rng.integers(0, 3, n)).astype(np.uint8)
    income = pa.array(rng.integers(2000, 9000, n).astype(np.int32), mask=rng.random(n) >= 0.9)
    table = pa.table(
        {
            "village": pa.array(np.repeat(villages, hh)).cast(pa.string()),
            "people": people,
            "status": status,
            "terminal": maybe_bool(rng, n, 0.95, 0.85),
            "ecommerce": maybe_bool(rng, n, 0.8, 0.2),
            "online_training": maybe_bool(rng, n, 0.8, 0.4),
            "file_complete": rng.random(n) < 0.97,
            "income_per_capita": income,
            "guarantees_met": maybe_bool(rng, n, 0.95, 0.9),
        }
    ).replace_schema_metadata(meta)
    pq.write_table(table, out / "households.parquet", row_group_size=1 << 20)


def cpu() -> float:
    """CPU seconds (user + sys) of this process, every thread."""
    return time.process_time()


def children_cpu() -> float:
    """CPU seconds (user + sys) of the finished child processes."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def rust_example() -> Path:
    """Builds the Rust side in release mode: the path of its binary."""
    out = subprocess.run(
        ["cargo", "build", "--release", "--locked", "-p", "fupin-arrow", "--example", "bench_assess", "--message-format=json"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    for line in out.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("target", {}).get("name") == "bench_assess" and msg.get("executable"):
            return Path(msg["executable"])
    raise RuntimeError("cargo built no bench_assess example")


def run_rust(binary: Path, data: Path, mode: str) -> dict[str, Any]:
    c0, t0 = children_cpu(), time.perf_counter()
    out = subprocess.run([str(binary), str(data), mode], check=True, capture_output=True, text=True)
    wall, used = time.perf_counter() - t0, children_cpu() - c0
    r: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    r["total_s"] = r["read_s"] + r["assess_s"]
    r["cpu_s"] = used
    r["wall_s"] = wall
    return r


#: How each path reads the register (``None``: fupin reads the file itself).
READERS: dict[str, Callable[[Path], Any] | None] = {
    "path": None,
    "polars": lambda p: pl.read_parquet(p),
    "pyarrow": lambda p: pq.read_table(p),
    "pandas": lambda p: pd.read_parquet(p),
    "pandas-arrow": lambda p: pd.read_parquet(p, dtype_backend="pyarrow"),
    "pyarrow-dictionary": lambda p: pq.read_table(p, read_dictionary=["village", "status"]),
    "fupin.read_parquet": lambda p: fupin.assess.read_parquet(p),
}

LABELS = {
    "path": "Parquet path (fupin's own reader)",
    "polars": "polars frame (pl.read_parquet)",
    "pyarrow": "pyarrow table (pq.read_table)",
    "pandas": "pandas frame (pd.read_parquet)",
    "pandas-arrow": "pandas frame, dtype_backend=pyarrow",
    "pyarrow-dictionary": "pyarrow read_dictionary",
    "fupin.read_parquet": "fupin.assess.read_parquet",
}


def run_fupin(data: Path, mode: str, reader: str) -> dict[str, Any]:
    gc.collect()
    c0, t0 = cpu(), time.perf_counter()
    path = data / "households.parquet"
    read = READERS[reader]
    if read is None:
        # fupin reads every file itself
        households: Any = path
        villages: Any = data / "villages.parquet"
        townships: Any = data / "townships.parquet"
        counties: Any = data / "counties.parquet"
    else:
        households = read(path)
        villages = pq.read_table(data / "villages.parquet")
        townships = pq.read_table(data / "townships.parquet")
        counties = pq.read_table(data / "counties.parquet")
    c1, t1 = cpu(), time.perf_counter()
    if mode == "stream":
        stream = fupin.TallyStream("2020-06-30", villages=villages, townships=townships, counties=counties, label=LABEL)
        report = stream.push(households)
        rollup = stream.finish().roll_up()
    else:
        ds = fupin.Dataset("2020-06-30", villages=villages, townships=townships, counties=counties, label=LABEL)
        report = ds.add_households(households)
        rollup = ds.roll_up()
    indicators = rollup.indicators_table()
    verdicts = rollup.verdicts_table()
    c2, t2 = cpu(), time.perf_counter()
    del households
    return {
        "rows": report.rows,
        "accepted": report.accepted,
        "households": rollup.households,
        "indicators": pa.table(indicators),
        "indicator_rows": indicators.num_rows,
        "verdict_rows": verdicts.num_rows,
        "read_s": t1 - t0,
        "assess_s": t2 - t1,
        "total_s": t2 - t0,
        "read_cpu_s": c1 - c0,
        "assess_cpu_s": c2 - c1,
        "cpu_s": c2 - c0,
    }


def run_polars(data: Path) -> dict[str, Any]:
    gc.collect()
    c0, t0 = cpu(), time.perf_counter()
    hh = pl.scan_parquet(data / "households.parquet")
    poor = pl.col("status").is_in(POOR)
    counters = {
        "households": pl.len(),
        "people": pl.col("people").cast(pl.UInt32).sum(),
        "poor_households": poor.sum(),
        "poor_people": pl.when(poor).then(pl.col("people").cast(pl.UInt32)).otherwise(0).sum(),
        "file_complete": pl.col("file_complete").sum(),
        "file_known": pl.col("file_complete").is_not_null().sum(),
    }
    for c in ("terminal", "ecommerce", "online_training"):
        counters[f"{c}_known"] = (poor & pl.col(c).is_not_null()).sum()
        counters[f"{c}_yes"] = (poor & pl.col(c).fill_null(False)).sum()
    per_village = hh.group_by("village").agg(**counters)
    facts = pl.scan_parquet(data / "villages.parquet").select(
        "village",
        villages=pl.lit(1, pl.UInt32),
        poor_villages=pl.col("poor_village").cast(pl.UInt32),
        broadband_known=(pl.col("poor_village") & (pl.col("fiber").is_not_null() | pl.col("mobile_4g").is_not_null())).cast(pl.UInt32),
        broadband_yes=(pl.col("poor_village") & (pl.col("fiber").fill_null(False) | pl.col("mobile_4g").fill_null(False))).cast(pl.UInt32),
        leader_known=pl.col("network_leader").is_not_null().cast(pl.UInt32),
        leader_yes=pl.col("network_leader").fill_null(False).cast(pl.UInt32),
        rural_population=pl.col("rural_population").fill_null(0).cast(pl.UInt64),
    )
    village = per_village.join(facts, on="village", how="full", coalesce=True).fill_null(0)
    sums = [c for c in [*counters, "villages", "poor_villages", "broadband_known", "broadband_yes", "leader_known", "leader_yes", "rural_population"]]

    def shares(frame: pl.LazyFrame) -> pl.LazyFrame:
        return frame.with_columns(
            poor_household_share=pl.col("poor_households") / pl.col("households"),
            incidence=pl.col("poor_people") / pl.col("rural_population"),
            household_terminal=pl.col("terminal_yes") / pl.col("terminal_known"),
            household_ecommerce=pl.col("ecommerce_yes") / pl.col("ecommerce_known"),
            household_online_training=pl.col("online_training_yes") / pl.col("online_training_known"),
            household_file_complete=pl.col("file_complete") / pl.col("file_known"),
            poor_village_broadband=pl.col("broadband_yes") / pl.col("broadband_known"),
            village_network_leader=pl.col("leader_yes") / pl.col("leader_known"),
        )

    levels = {"township": 9, "county": 6, "prefecture": 4, "province": 2}
    frames = [shares(village)]
    for name, digits in levels.items():
        frames.append(shares(village.group_by(pl.col("village").str.slice(0, digits).alias(name)).agg(pl.col(sums).sum())))
    frames.append(shares(village.select(pl.col(sums).sum())))
    out = pl.collect_all(frames)
    c1, t1 = cpu(), time.perf_counter()
    return {"households": int(out[-1]["households"][0]), "total_s": t1 - t0, "cpu_s": c1 - c0, "units": [len(f) for f in out]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=REPO / "target" / "bench-data")
    parser.add_argument("--no-rust", action="store_true", help="leave out the Rust side (no cargo build)")
    parser.add_argument("--paths", default=",".join(READERS), help=f"the Python paths to run, of {','.join(READERS)}")
    args = parser.parse_args()
    paths = [p for p in args.paths.split(",") if p]
    unknown = set(paths) - set(READERS)
    if unknown:
        parser.error(f"unknown paths: {sorted(unknown)}")

    data = args.data_dir / f"scale-{args.scale}-seed-{args.seed}"
    if not (data / "households.parquet").exists():
        data.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        generate(data, args.scale, args.seed)
        print(f"wrote {LABEL} to {data} in {time.perf_counter() - t:.1f} s")
    rows = pq.ParquetFile(data / "households.parquet").metadata.num_rows
    print(f"{rows:,} households (SYNTHETIC), {pq.ParquetFile(data / 'villages.parquet').metadata.num_rows:,} villages, {os.cpu_count()} cores")

    binary = None if args.no_rust else rust_example()
    # interleaved, so that every path meets the same load as polars: each round runs every
    # path once, each right after a run of polars; the best of the rounds is kept of each
    jobs: list[tuple[str, str]] = []
    for mode in ("stream", "dataset"):
        if binary is not None:
            jobs.append((mode, "rust"))
        jobs.extend((mode, reader) for reader in paths)
    polars: dict[str, Any] | None = None
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for _ in range(args.repeat):
        for mode, reader in jobs:
            p = run_polars(data)
            if polars is None or p["total_s"] < polars["total_s"]:
                polars = p
            r = run_rust(binary, data, mode) if reader == "rust" and binary is not None else run_fupin(data, mode, reader)
            if (mode, reader) not in found or r["total_s"] < found[(mode, reader)]["total_s"]:
                found[(mode, reader)] = r
    assert polars is not None
    head = f"{'best of ' + str(args.repeat) + ', seconds':44} {'wall: read':>10} {'assess':>7} {'total':>6} {'CPU: read':>10} {'assess':>7} {'total':>6}  polars/this"
    print(f"\n{head}")
    print(f"  {'polars lazy (scan_parquet + roll-up)':42} {'-':>10} {'-':>7} {polars['total_s']:6.2f} {'-':>10} {'-':>7} {polars['cpu_s']:6.2f}  1.00x")
    verdicts = []
    for mode, what in [("stream", "TallyStream.push"), ("dataset", "Dataset.add_households")]:
        print(f"  {what}:")
        rust = found.get((mode, "rust"))
        if rust is not None:
            print(
                f"    {'Rust (parquet crate + fupin-arrow)':40} {rust['read_s']:10.2f} {rust['assess_s']:7.2f} {rust['total_s']:6.2f} "
                f"{'-':>10} {'-':>7} {rust['cpu_s']:6.2f}  {polars['total_s'] / rust['total_s']:.2f}x"
            )
        results = {reader: found[(mode, reader)] for reader in paths}
        for reader, r in results.items():
            assert r["households"] == polars["households"], (reader, r["households"], polars["households"])
            if rust is not None:
                assert r["indicator_rows"] == rust["indicator_rows"] and r["verdict_rows"] == rust["verdict_rows"], reader
            first = next(iter(results.values()))
            assert r["indicators"].equals(first["indicators"]), f"{reader}: other indicators than {paths[0]}"
            print(
                f"    {'Python: ' + LABELS[reader]:40} {r['read_s']:10.2f} {r['assess_s']:7.2f} {r['total_s']:6.2f} "
                f"{r['read_cpu_s']:10.2f} {r['assess_cpu_s']:7.2f} {r['cpu_s']:6.2f}  {polars['total_s'] / r['total_s']:.2f}x"
            )
        coded = results.get("pyarrow-dictionary")
        if coded is not None:
            for reader in ("polars", "pyarrow", "pandas", "pandas-arrow"):
                if reader in results:
                    ratio = results[reader]["assess_s"] / coded["assess_s"]
                    cpu_ratio = results[reader]["assess_cpu_s"] / coded["assess_cpu_s"]
                    verdicts.append(
                        f"{what}: {LABELS[reader]} assessed in {ratio:.2f}x the wall time ({cpu_ratio:.2f}x the CPU) "
                        f"of the dictionary-encoded table (goal <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})"
                    )
        if "path" in results:
            speedup = polars["total_s"] / results["path"]["total_s"]
            cpu_speedup = polars["cpu_s"] / results["path"]["cpu_s"]
            verdicts.append(
                f"{what}: polars lazy / fupin end to end from a Parquet path {speedup:.2f}x wall, {cpu_speedup:.2f}x CPU "
                f"(goal >= 2: {'met' if speedup >= 2 else 'NOT met'})"
            )
        if rust is not None and "pyarrow" in results:
            ratio = results["pyarrow"]["assess_s"] / rust["assess_s"]
            verdicts.append(f"{what}: fupin's assessment of a pyarrow table from Python / Rust {ratio:.2f}x (goal <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'})")
    print()
    for v in verdicts:
        print(v)
    return 0


if __name__ == "__main__":
    sys.exit(main())
