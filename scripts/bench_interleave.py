#!/usr/bin/env python3
"""Interleaved runs of several `fupin` builds on data sets, so that a busy machine weighs on
each build alike: for each data set and build, the best of N by wall time, CPU time (user
and system) and peak RSS.

usage: python3 scripts/bench_interleave.py N LABEL=BIN ... -- DATA=DIR ... [-- extra args]

Each DIR holds the files `fupin synth` writes (synthetic_households.parquet and the village,
township and county tables), e.g. those of `python3 scripts/bench_cli.py --scale 1 --format
parquet` under target/bench-data; each build runs `fupin assess` on them as of 2020-06-30,
with the extra arguments (say `--format table`)."""
import os, subprocess, sys, time
args = sys.argv[1:]
n = int(args.pop(0))
i = args.index("--")
bins = [a.split("=", 1) for a in args[:i]]
rest = args[i + 1:]
if "--" in rest:
    j = rest.index("--"); dss = [a.split("=", 1) for a in rest[:j]]; extra = rest[j + 1:]
else:
    dss = [a.split("=", 1) for a in rest]; extra = []
def run(cmd):
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE)
        _, st, ru = os.wait4(p.pid, 0)
        w = time.perf_counter() - t0
        err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(st) != 0:
        sys.exit(f"{cmd} failed: {err}")
    return w, ru.ru_utime + ru.ru_stime, ru.ru_utime, ru.ru_stime, ru.ru_maxrss / 1024
res = {}
print("load before:", open("/proc/loadavg").read().strip())
for _ in range(n):
    for dl, d in dss:
        for bl, b in bins:
            cmd = [b, "assess", f"{d}/synthetic_households.parquet"] + [f"--{t}={d}/synthetic_{t}.parquet" for t in ("villages", "townships", "counties")] + ["--as-of", "2020-06-30"] + extra
            res.setdefault((dl, bl), []).append(run(cmd))
print("load after: ", open("/proc/loadavg").read().strip())
print(f"{'data':10} {'build':10} {'wall':>6} {'CPU':>6} {'user':>6} {'sys':>5} {'MB':>5}   (best of {n} by wall; min CPU; all CPU)")
for (dl, bl), rs in res.items():
    w, c, u, s, m = min(rs)
    print(f"{dl:10} {bl:10} {w:6.2f} {c:6.2f} {u:6.2f} {s:5.2f} {max(r[4] for r in rs):5.0f}   min CPU {min(r[1] for r in rs):.2f}; " + " ".join(f"{r[1]:.2f}" for r in rs))
