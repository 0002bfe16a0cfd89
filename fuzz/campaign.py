#!/usr/bin/env python3
"""A fuzzing campaign over every target, with a plateau report (fuzz/README.md, issue #8).

Each target fuzzes for SECONDS from its committed corpus (fuzz/corpus/<target>), new inputs
going to target/fuzz-campaign/<target>/ (never into the corpus: merge them on purpose with
`-set_cover_merge=1`). libFuzzer's lines are timestamped as they arrive, and the report says,
per target: runs, coverage (edges `cov`, features `ft`) when the corpus was loaded and at the
end, how many inputs reached new coverage, when the last one did, and how many came in the
second half of the run: a target whose coverage stopped growing early has plateaued.
A crash stops that target's run; its input is kept under target/fuzz-campaign/artifacts/.

Build first (release, debug assertions, no sanitizer):
    RUSTC_BOOTSTRAP=1 cargo fuzz build -O -s none        # in fuzz/
Then, from the repository root:
    python3 fuzz/campaign.py --seconds 240 [TARGET ...]  # all targets when none are named
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "fuzz/target/x86_64-unknown-linux-gnu/release"
STAT = re.compile(r"^#(\d+)\s+(INITED|NEW|REDUCE|pulse|DONE)\b.*?cov: (\d+) ft: (\d+)")


def targets() -> list[str]:
    names = sorted(p.stem for p in (ROOT / "fuzz/fuzz_targets").glob("*.rs"))
    return [n for n in names if (BIN / n).is_file()]


def run(target: str, seconds: int, out: Path) -> dict[str, object]:
    new_dir = out / target
    new_dir.mkdir(parents=True, exist_ok=True)
    (out / "artifacts").mkdir(exist_ok=True)
    cmd = [
        str(BIN / target),
        f"-max_total_time={seconds}",
        "-print_final_stats=1",
        "-timeout=10",
        "-rss_limit_mb=2048",
        f"-artifact_prefix={out / 'artifacts'}/{target}-",
        str(new_dir),
        str(ROOT / "fuzz/corpus" / target),
    ]
    log = (out / f"{target}.log").open("w")
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            errors="replace")
    inited = last = None
    news: list[float] = []
    runs = 0
    crash = None
    assert proc.stderr is not None
    for line in proc.stderr:
        t = time.monotonic() - start
        log.write(f"{t:8.1f} {line}")
        m = STAT.match(line)
        if m:
            runs, cov, ft = int(m[1]), int(m[3]), int(m[4])
            if m[2] == "INITED":
                inited = (cov, ft, t)
            elif m[2] == "NEW":
                news.append(t)
            last = (cov, ft)
        if "Test unit written to" in line or "ERROR: libFuzzer" in line:
            crash = line.strip()
    code = proc.wait()
    log.close()
    elapsed = time.monotonic() - start
    fuzzing = elapsed - (inited[2] if inited else 0.0)
    half = (inited[2] if inited else 0.0) + fuzzing / 2
    return {
        "target": target,
        "exit": code,
        "seconds": round(elapsed),
        "runs": runs,
        "start": inited[:2] if inited else None,
        "end": last,
        "new": len(news),
        "new_second_half": sum(1 for t in news if t >= half),
        "last_new": round(news[-1]) if news else None,
        "crash": crash,
        "inputs": len(os.listdir(ROOT / "fuzz/corpus" / target)),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=240, help="per target (default 240)")
    ap.add_argument("--out", type=Path, default=ROOT / "target/fuzz-campaign")
    ap.add_argument("names", nargs="*", help="targets (default: every built one)")
    args = ap.parse_args()
    names = args.names or targets()
    if not names:
        print("no fuzz target is built: see the docstring", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    print("| target | corpus | s | runs | cov/ft at start | cov/ft at end | new inputs "
          "(2nd half) | last new at s | result |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    bad = 0
    for name in names:
        r = run(name, args.seconds, args.out)
        start = "{}/{}".format(*r["start"]) if r["start"] else "?"
        end = "{}/{}".format(*r["end"]) if r["end"] else "?"
        result = "ok" if r["exit"] == 0 and not r["crash"] else f"CRASH: {r['crash']}"
        bad += result != "ok"
        print(f"| {name} | {r['inputs']} | {r['seconds']} | {r['runs']:,} | {start} | {end} | "
              f"{r['new']} ({r['new_second_half']}) | {r['last_new'] or '-'} | {result} |",
              flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
