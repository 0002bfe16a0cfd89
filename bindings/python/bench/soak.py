"""Soak run of the Python pipeline, and its memory: a Parquet register streamed batch by
batch into ``fupin.TallyStream`` (pyarrow reading, fupin counting), rolled up, judged and
turned into result tables, repeated in one process. Prints resident memory after every
round and the peak; memory must stay bounded by the villages (not the households) and must
not grow from round to round.

    .venv/bin/python bindings/python/bench/soak.py DIR [--rounds 20]

``DIR`` is what ``fupin synth --format parquet --out DIR`` writes (SYNTHETIC data).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

import fupin


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def one_round(data: Path) -> tuple[int, int]:
    stream = fupin.TallyStream(
        "2020-06-30",
        villages=pq.read_table(data / "synthetic_villages.parquet"),
        townships=pq.read_table(data / "synthetic_townships.parquet"),
        counties=pq.read_table(data / "synthetic_counties.parquet"),
    )
    households = pq.ParquetFile(data / "synthetic_households.parquet")
    accepted = 0
    for batch in households.iter_batches(batch_size=1 << 18, columns=[c for c in households.schema_arrow.names if c != "file_number"]):
        accepted += stream.push(batch).accepted
    rollup = stream.finish().roll_up()
    tables = rollup.indicators_table().num_rows + rollup.verdicts_table().num_rows
    assert tables > 0
    return accepted, rollup.households


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    after = []
    for r in range(1, args.rounds + 1):
        t = time.perf_counter()
        accepted, households = one_round(args.dir)
        rss = rss_mib()
        after.append(rss)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"round {r:2}: {accepted:,} accepted, {households:,} households, {time.perf_counter() - t:.2f} s, resident {rss:.0f} MiB, peak {peak:.0f} MiB", flush=True)
    first, last = after[0], after[-1]
    verdict = "no growth" if last <= first * 1.05 + 8 else "GROWTH"
    print(f"resident after round 1: {first:.0f} MiB, after round {args.rounds}: {last:.0f} MiB, highest {max(after):.0f} MiB: {verdict}")
    return 0 if verdict == "no growth" else 1


if __name__ == "__main__":
    sys.exit(main())
