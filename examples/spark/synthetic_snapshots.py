"""Writes a **SYNTHETIC** register of several monthly snapshots as partitioned Parquet, laid
out as a provincial big-data platform keeps it, for trying ``assess_snapshots.py``::

    python examples/spark/synthetic_snapshots.py --out /tmp/fupin-spark --scale 0.05 \\
        --snapshot 2019-12 --snapshot 2020-06 --region 520000 --region 530000

    /tmp/fupin-spark/
      households/snapshot=2020-06/province=52/part-0.parquet   the register, one row a household
      villages/snapshot=2020-06/part-0.parquet                  unit facts of each snapshot
      townships/snapshot=2020-06/part-0.parquet
      counties/snapshot=2020-06/part-0.parquet
      SYNTHETIC.txt

Each snapshot is ``fupin synth`` (real county codes of the 2020 vintage, made-up households
and figures) as of the month's last day, with its own seed. The ``fupin`` command comes from
``--fupin`` (default: ``fupin`` on PATH, else ``cargo run --release -p fupin-cli --`` in this
repository).
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

REPO = Path(__file__).resolve().parents[2]
LABEL = "SYNTHETIC data (examples/spark/synthetic_snapshots.py, fupin synth): not real households or places' figures"
UNIT_TABLES = ("villages", "townships", "counties")


def month_end(snapshot: str) -> datetime.date:
    """The as-of date of a ``YYYY-MM`` snapshot: the month's last day."""
    year, month = (int(p) for p in snapshot.split("-"))
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def default_fupin() -> list[str]:
    """The ``fupin`` command: on PATH, else built from this repository (release)."""
    found = shutil.which("fupin")
    if found:
        return [found]
    return ["cargo", "run", "--quiet", "--release", "--locked", "--manifest-path", str(REPO / "Cargo.toml"), "-p", "fupin-cli", "--"]


def seed_of(snapshot: str, base: int) -> int:
    """A different seed for each month (deterministic)."""
    year, month = (int(p) for p in snapshot.split("-"))
    return base + year * 12 + month


def write(
    out: Path,
    snapshots: Sequence[str],
    *,
    scale: float,
    regions: Sequence[str] = (),
    seed: int = 2016,
    fupin: Sequence[str] | None = None,
    row_group_size: int = 262_144,
) -> dict[str, int]:
    """Writes the snapshots under ``out`` (see the module docs); returns the households of
    each snapshot."""
    command = list(fupin) if fupin else default_fupin()
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for snapshot in snapshots:
        with tempfile.TemporaryDirectory(prefix="fupin-synth-") as tmp:
            args = ["synth", "--scale", str(scale), "--seed", str(seed_of(snapshot, seed))]
            args += ["--as-of", month_end(snapshot).isoformat(), "--format", "parquet", "--out", tmp]
            for region in regions:
                args += ["--region", region]
            subprocess.run(command + args, check=True, stdout=subprocess.DEVNULL)
            households = pq.read_table(Path(tmp) / "synthetic_households.parquet")
            province = pc.utf8_slice_codeunits(households.column("village"), 0, 2)
            households = households.append_column("province", province)
            target = out / "households" / f"snapshot={snapshot}"
            shutil.rmtree(target, ignore_errors=True)
            pq.write_to_dataset(
                households,
                target,
                partition_cols=["province"],
                basename_template="part-{i}.parquet",
                row_group_size=row_group_size,
            )
            counts[snapshot] = households.num_rows
            for table in UNIT_TABLES:
                folder = out / table / f"snapshot={snapshot}"
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(tmp) / f"synthetic_{table}.parquet", folder / "part-0.parquet")
    (out / "SYNTHETIC.txt").write_text(
        f"{LABEL}\nsnapshots {', '.join(snapshots)}, scale {scale}, regions {' '.join(regions) or 'all'}, "
        f"made by {' '.join(shlex.quote(c) for c in command)} synth\n",
        encoding="utf-8",
    )
    return counts


def main() -> None:
    """Command line: see the module docs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--snapshot", action="append", default=[], help="YYYY-MM, repeatable (default 2020-06)")
    parser.add_argument("--scale", type=float, default=0.05, help="1 is about 30 million households nationally")
    parser.add_argument("--region", action="append", default=[], help="6-digit code, e.g. 520000; repeatable")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--fupin", help="the fupin command, e.g. target/release/fupin")
    args = parser.parse_args()
    counts = write(
        args.out,
        args.snapshot or ["2020-06"],
        scale=args.scale,
        regions=args.region,
        seed=args.seed,
        fupin=shlex.split(args.fupin) if args.fupin else None,
    )
    for snapshot, n in counts.items():
        print(f"{snapshot}: {n:,} synthetic households")
    print(f"wrote {args.out}: run examples/spark/assess_snapshots.py --data {args.out} --out <results>")


if __name__ == "__main__":
    main()
