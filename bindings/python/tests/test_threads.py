"""Long computations release the GIL: another Python thread keeps running meanwhile, and
one data set can be used from several threads."""

from __future__ import annotations

import threading
import time

import pyarrow as pa

import fupin


def register(rows: int) -> pa.Table:
    """A SYNTHETIC register of `rows` households in runs of 50 per village."""
    villages = [str(522327100201 + i // 50) for i in range(rows)]
    return pa.table(
        {
            "village": pa.array(villages),
            "people": pa.array([1 + i % 5 for i in range(rows)], pa.int64()),
            "status": pa.array(["贫困户" if i % 3 else "已脱贫" for i in range(rows)]),
            "terminal": pa.array([i % 4 != 0 for i in range(rows)]),
        }
    )


def test_counting_lets_other_threads_run() -> None:
    table = register(400_000)
    windows: list[tuple[float, float]] = []

    def work() -> None:
        stream = fupin.TallyStream("2020-06-30")
        for _ in range(3):
            start = time.perf_counter()
            stream.push(table)
            windows.append((start, time.perf_counter()))

    ticks: list[float] = []
    worker = threading.Thread(target=work)
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    worker.join()
    # ticks strictly inside a `push` call: with the GIL held through the call there would
    # be none (this thread cannot run Python while another thread holds the GIL)
    inside = [t for t in ticks if any(a < t < b for a, b in windows)]
    duration = sum(b - a for a, b in windows)
    assert duration > 0.03, duration
    assert len(inside) >= 10, (len(inside), duration)


def test_one_data_set_rolled_up_from_several_threads() -> None:
    ds = fupin.assess.synthesize(["522327", "522328"], as_of="2020-06-30", scale=0.2, seed=3)
    expected = ds.roll_up().to_dict()
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(ds.roll_up().to_dict())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4
