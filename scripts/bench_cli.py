#!/usr/bin/env python3
"""Speed and memory of the `fupin assess` command on the SYNTHETIC national register.

    python3 scripts/bench_cli.py [--scale 1] [--repeat 3] [--format parquet csv ...]
                                 [--compare LABEL=PATH ...]

Builds the command (release), writes the synthetic national data set with `fupin synth`
(every 2020 county code, ~31 million made-up households at scale 1; not real households or
places' figures) under target/bench-data/cli-scale-<S>/<format>/ once, then runs the whole
assessment end to end — the unit tables and the register read, counted, rolled up to every
level, judged, the report written — `--repeat` times per format and prints, for the best
run, the wall time, households per second, CPU time and the peak resident memory of the
process (from wait4's rusage, so nothing else is counted). The issue's bar for Parquet:
under 1 s and under 300 MB on this two-core machine.

With polars importable (e.g. `.venv/bin/python scripts/bench_cli.py`), it also runs, for
reference, the comparable lazy roll-up of bindings/python/bench/bench_assess.py on the
same Parquet files.

With `--compare LABEL=PATH` (repeatable), other builds of the command (e.g. of another
commit) run on the same files too, their runs interleaved with this build's, one line each.

A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FUPIN = REPO / "target" / "release" / "fupin"
EXT = {"parquet": "parquet", "csv": "csv", "csv-gbk": "csv", "jsonl": "jsonl"}


def run(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak resident bytes of one run of `cmd`."""
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def households(register: Path) -> int:
    """Data rows of the register (as the command's report counts them)."""
    out = subprocess.run(
        [str(FUPIN), "assess", str(register), "--as-of", "2020-06-30", "--level", "nation",
         "--format", "json"],
        check=True, capture_output=True, text=True,
    )
    return int(json.loads(out.stdout)["rows"])


def polars_reference(data: Path, repeat: int) -> float | None:
    """Best seconds of bench_assess.py's lazy polars roll-up on these files, if polars is here."""
    try:
        import polars  # noqa: F401
    except ImportError:
        return None
    view = data / "polars-view"
    view.mkdir(exist_ok=True)
    for name in ("households", "villages", "townships", "counties"):
        link = view / f"{name}.parquet"
        if not link.exists():
            link.symlink_to(data / f"synthetic_{name}.parquet")
    sys.path.insert(0, str(REPO / "bindings" / "python" / "bench"))
    try:
        from bench_assess import run_polars  # needs the fupin extension built
    except ImportError as e:
        print(f"(polars reference skipped: {e})")
        return None
    return min(run_polars(view)["total_s"] for _ in range(repeat))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--format", nargs="+", default=["parquet", "csv"], choices=sorted(EXT))
    ap.add_argument("--data-dir", type=Path, default=REPO / "target" / "bench-data")
    ap.add_argument("--compare", action="append", default=[], metavar="LABEL=PATH",
                    help="another build of the command to run on the same files")
    args = ap.parse_args()
    others = [tuple(c.split("=", 1)) for c in args.compare]
    for c, pair in zip(args.compare, others):
        if len(pair) != 2 or not Path(pair[1]).is_file():
            ap.error(f"--compare {c}: give LABEL=PATH of a built fupin")

    subprocess.run(["cargo", "build", "--quiet", "--release", "--locked", "-p", "fupin-cli"],
                   cwd=REPO, check=True)
    print(f"{os.cpu_count()} cores; best of {args.repeat}; SYNTHETIC data (fupin synth)")
    print(f"{'format':8} {'households':>12} {'wall s':>7} {'households/s':>13} {'CPU s':>6} "
          f"{'peak MB':>8}")
    for fmt in args.format:
        data = args.data_dir / f"cli-scale-{args.scale}" / fmt
        register = data / f"synthetic_households.{EXT[fmt]}"
        if not register.exists():
            t = time.perf_counter()
            subprocess.run([str(FUPIN), "synth", "--scale", str(args.scale), "--format", fmt,
                            "--out", str(data)], check=True, stdout=subprocess.DEVNULL)
            print(f"(wrote {data} in {time.perf_counter() - t:.1f} s)")
        units = [f"--{t}={data / f'synthetic_{t}.{EXT[fmt]}'}"
                 for t in ("villages", "townships", "counties")]
        builds = [("this", str(FUPIN)), *others]
        runs: dict[str, list[tuple[float, float, int]]] = {label: [] for label, _ in builds}
        for _ in range(args.repeat):
            for label, binary in builds:
                cmd = [binary, "assess", str(register), *units, "--as-of", "2020-06-30"]
                runs[label].append(run(cmd))
        n = households(register)
        for label, _ in builds:
            wall, cpu, peak = min(runs[label], key=lambda r: r[0])
            name = fmt if not others else f"{fmt} {label}"
            print(f"{name:8} {n:12,} {wall:7.2f} {n / wall:13,.0f} {cpu:6.2f} "
                  f"{peak / 1e6:8.0f}")
        wall, cpu, peak = min(runs["this"], key=lambda r: r[0])
        if fmt == "parquet":
            met = wall < 1.0 and peak < 300e6
            print(f"         bar (< 1 s and < 300 MB): {'met' if met else 'NOT met'}")
            ref = polars_reference(data, args.repeat)
            if ref is not None:
                print(f"         polars lazy roll-up of the same files, for reference: {ref:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
