"""A default pandas frame (yes/no columns with gaps as `object` columns of True/False/None)
handed to fupin: read by the binding (the flags as pointers) vs pandas' own Arrow export,
interleaved in one run, best of N; both must accept the same rows.

    .venv/bin/python bindings/python/bench/bench_pandas.py PARQUET [--repeat 5]

PARQUET: a register such as `bench_assess.py` writes (target/bench-data/scale-*/households.parquet;
SYNTHETIC data). A benchmark, not a test: it prints figures and asserts only that the two
paths agree.
"""

from __future__ import annotations

import argparse
import datetime
import time
from typing import Any

import pandas as pd

import fupin


class PandasExport:
    """The frame seen only through pandas' own export (`DataFrame.__arrow_c_stream__`)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self.frame.__arrow_c_stream__(requested_schema)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("parquet")
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args()
    frame = pd.read_parquet(a.parquet)
    flags = [c for c, t in frame.dtypes.items() if str(t) == "object"]
    print(f"{len(frame):,} rows; object columns: {', '.join(flags) or 'none'}")
    runs: dict[str, list[tuple[float, float, int]]] = {"pandas' export": [], "fupin reads the flags": []}
    for _ in range(a.repeat):
        for name, data in (("pandas' export", PandasExport(frame)), ("fupin reads the flags", frame)):
            stream = fupin.TallyStream(datetime.date(2020, 6, 30))
            t, c = time.perf_counter(), time.process_time()
            report = stream.push(data)
            runs[name].append((time.perf_counter() - t, time.process_time() - c, report.accepted))
    accepted = {v[0][2] for v in runs.values()}
    assert len(accepted) == 1, f"the two paths accept different rows: {accepted}"
    for name, v in runs.items():
        print(f"{name:24} best wall {min(x[0] for x in v):.3f} s, least CPU {min(x[1] for x in v):.3f} s")


if __name__ == "__main__":
    main()
