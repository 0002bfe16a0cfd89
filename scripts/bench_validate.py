#!/usr/bin/env python3
"""Speed and memory of `fupin validate` on household records, side by side with pydantic v2.

    python3 scripts/bench_validate.py [--n 200000] [--seed 18] [--no-build] [--skip-pydantic]
                                      [--threads N]

In one run: writes N SYNTHETIC household records (bench/households.py: about 2 KB each,
made up, one in 20 corrupted in a known way) under $CARGO_TARGET_DIR/bench-data/ once;
builds the command (`cargo build -j1 --release -p fupin-cli --locked`); runs
`fupin validate FILE --as-of 2020-06-30 --format json --rejects REJECTS.csv` (every rejected
row in the file, compared with the corrupted rows); runs the pydantic v2 model of
bench/pydantic_model.py over the same lines in a child Python; and, when the `fupin` module
is importable by that Python (maturin develop), its batch call
`fupin.household.validate_households`
on the file path. For each it prints wall time, records/s, MB/s, CPU time and the peak
resident memory of the child process (wait4's rusage, so only that process counts), the
ratios, and whether each flagged exactly the corrupted rows. The Python call is timed twice:
the child process (its start — Python, pyarrow and fupin imported — included), and the call
alone, as the child measures it; the ratio to the command is the call's.

Run it with a Python that has pydantic (a venv with `pip install pydantic`). A benchmark,
not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import households  # noqa: E402

TARGET = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
FUPIN = TARGET / "release" / "fupin"

PYDANTIC_CHILD = r"""
import sys
sys.path.insert(0, sys.argv[1])
from pydantic import ValidationError
from pydantic_model import Household
bad = []
with open(sys.argv[2], "rb") as f:
    for row, line in enumerate(f, 1):
        try:
            Household.model_validate_json(line)
        except ValidationError:
            bad.append(row)
with open(sys.argv[3], "w") as out:
    out.write("\n".join(map(str, bad)))
"""

PYTHON_CHILD = r"""
import sys, datetime, time
import pyarrow as pa
from fupin.household import validate_households
# the call itself timed too: the child's start (Python, pyarrow, fupin imported) is not it
t0, c0 = time.perf_counter(), time.process_time()
table = pa.table(validate_households(sys.argv[1], datetime.date(2020, 6, 30)))
with open(sys.argv[3], "w") as out:
    out.write(f"{time.perf_counter() - t0} {time.process_time() - c0}")
# records are numbered from 0, the command's rows from 1
rows = sorted({r + 1 for r in table.column("record").to_pylist()})
with open(sys.argv[2], "w") as out:
    out.write("\n".join(map(str, rows)))
"""


def run(cmd: list[str], stdout: Path | None = None) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, peak resident bytes and exit code of one run of `cmd`."""
    with open(stdout or os.devnull, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, code


def line(name: str, n: int, size: int, wall: float, cpu: float, rss: int) -> None:
    print(f"{name:<30} {wall:7.2f} s {n / wall:>11,.0f} rec/s {size / wall / 1e6:8.1f} MB/s "
          f"cpu {cpu:6.2f} s  peak {rss / 1e6:6.1f} MB")


def rows_of(path: Path) -> set[int]:
    text = path.read_text()
    return {int(x) for x in text.split()} if text.strip() else set()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=200_000)
    p.add_argument("--seed", type=int, default=18)
    p.add_argument("--no-build", action="store_true")
    p.add_argument("--skip-pydantic", action="store_true")
    p.add_argument("--fupin", type=Path, action="append",
                   help="a fupin binary to run (repeatable, e.g. a build of an older commit "
                   "to compare); default: $CARGO_TARGET_DIR/release/fupin, built first")
    p.add_argument("--threads", type=int,
                   help="the command's --threads (default: every core)")
    p.add_argument("--python", default=sys.executable,
                   help="the Python that runs pydantic and the fupin module")
    a = p.parse_args()

    data = TARGET / "bench-data" / f"households-{a.n}-seed{a.seed}.jsonl"
    if not data.exists():
        data.parent.mkdir(parents=True, exist_ok=True)
        tmp = data.with_suffix(".tmp")
        households.write(tmp, a.n, a.seed)
        tmp.rename(data)
    size = data.stat().st_size
    expected = set(households.corrupted_rows(a.n))
    binaries = a.fupin or [FUPIN]
    if not a.no_build and not a.fupin:
        subprocess.run(["cargo", "build", "-j1", "--release", "-p", "fupin-cli", "--locked"],
                       cwd=REPO, check=True)
    print(f"{a.n:,} records, {size / 1e6:.1f} MB, {len(expected):,} corrupted; "
          f"{os.cpu_count()} cores")
    scratch = TARGET / "bench-data" / "out"
    scratch.mkdir(exist_ok=True)

    cli_rate = 0.0
    cli_rows: set[int] = set()
    for binary in binaries:
        out = scratch / "fupin.json"
        rejects = scratch / "rejects.csv"
        cmd = [str(binary), "validate", str(data), "--as-of", "2020-06-30", "--format", "json",
               "--rejects", str(rejects)]
        if a.threads is not None:
            cmd += ["--threads", str(a.threads)]
        wall, cpu, rss, _ = run(cmd, stdout=out)
        report = json.loads(out.read_text())
        # every rejected row is in the --rejects file (the report shows the first 1,000)
        with open(rejects, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        cli_rows = {int(r["row"]) for r in rows}
        line(f"fupin validate ({binary.name})", a.n, size, wall, cpu, rss)
        cli_rate = a.n / wall
        print(f"  {len(rows):,} issues on {len(cli_rows):,} rows "
              f"({sum(r['rejected'] for r in report):,} rejected in the report); "
              f"the corrupted rows exactly: {cli_rows == expected}")

    if not a.skip_pydantic:
        bad = scratch / "pydantic.txt"
        wall, cpu, rss, _ = run([a.python, "-c", PYDANTIC_CHILD, str(REPO / "bench"),
                                 str(data), str(bad)])
        line("pydantic v2", a.n, size, wall, cpu, rss)
        py_rows = rows_of(bad)
        print(f"  {len(py_rows):,} rows flagged; the corrupted rows exactly: "
              f"{py_rows == expected}; the same rows as fupin: {py_rows == cli_rows}")
        print(f"fupin validate ({binaries[-1].name}) / pydantic: {cli_rate / (a.n / wall):.1f}x "
              "(bar: 10x)")

    has_module = subprocess.run([a.python, "-c", "from fupin.household import validate_households"],
                                capture_output=True).returncode == 0
    if has_module:
        bad = scratch / "python.txt"
        timed = scratch / "python-call.txt"
        wall, cpu, rss, _ = run([a.python, "-c", PYTHON_CHILD, str(data), str(bad), str(timed)])
        line("fupin.validate_households (process)", a.n, size, wall, cpu, rss)
        call_wall, call_cpu = (float(x) for x in timed.read_text().split())
        line("  the call alone", a.n, size, call_wall, call_cpu, rss)
        rows = rows_of(bad)
        print(f"  {len(rows):,} rows flagged; the same rows as the command: {rows == cli_rows}")
        command = a.n / cli_rate
        print(f"Python call time / command time: {call_wall / command:.2f} (bar: 1.2); "
              f"with the child's start (Python, pyarrow and fupin imported): {wall / command:.2f}")
    else:
        print("fupin.household.validate_households not importable by this Python: Python call not run")


if __name__ == "__main__":
    main()
