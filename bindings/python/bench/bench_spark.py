"""fupin inside Spark vs the same roll-up written as plain PySpark DataFrame code, on the same
partitioned Parquet (a benchmark, not a test: it prints figures and checks the two agree).

    .venv/bin/python bindings/python/bench/bench_spark.py [--scale 1.0] [--master local[2]]

Writes (once; reused while the parameters match) the **SYNTHETIC** national register of one
snapshot with ``examples/spark/synthetic_snapshots.py`` — ``fupin synth`` (real county codes,
made-up households; ~30 million households at scale 1) partitioned by province — under
target/bench-data/, then times in one SparkSession, each step once a round for ``--repeat``
rounds (interleaved, so that every step sees the same load; the best round counts):

1. scan: ``count()`` of the households and ``sum(people)``: the floor of any job; and the
   columns fupin counts moved to Python by ``mapInArrow`` and only counted there: the floor
   of any Python code in Spark (at ``--batch-rows`` and at each of ``--try-batch-rows``, as
   text and with village codes and statuses encoded as integers in the JVM, as
   ``fupin.spark.partials(..., encode=True)`` sends them);
2. fupin's DataFrame mode: ``fupin.spark.assess`` — every task's Arrow batches into a
   ``TallyStream`` (``mapInArrow``), partial tallies merged with the unit facts on the
   driver, rolled up village → nation — and the county indicators table, step by step: each
   push into the stream on every core of the machine (as the tasks did before), on the
   task's core (at each batch size), and the same with ``encode=True``;
3. fupin's file mode: ``fupin.spark.assess_files`` on the same files — Spark tasks of row
   groups, each read by fupin's own Parquet reader (no row through the JVM) — the same table;
4. plain PySpark (twice a round: first and near the end): the same counters per village
   from the households (``groupBy``), joined with the village facts, summed into townships
   (with their facts) and counties (with theirs), and the twelve shares per county,
   collected as Arrow.

The county tables are compared counter by counter (they must agree), and the tallies of every
fupin step byte by byte. Each step prints its
wall time, rows/s and the CPU time of the whole process tree (driver, JVM, Python workers:
user + system from /proc), and the load average is printed before and after (the machine may
be shared). Build the
extension in release mode first (``maturin develop --release``), and use the ``fupin`` command
of a release build (``--fupin target/release/fupin``, the default when it exists).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

import fupin
import fupin.spark

REPO = Path(__file__).resolve().parents[3]
SNAPSHOT = "2020-06"
POOR = ["poor", "returned", "newly_poor"]
# the counters both implementations compute per county (households, village, township and
# county facts)
COUNTERS = [
    "households", "people", "poor_households", "poor_people", "terminal_known", "terminal_yes",
    "ecommerce_known", "ecommerce_yes", "training_known", "training_yes", "file_complete",
    "file_known", "exit_known", "exit_eligible", "villages", "poor_villages", "poor_village_broadband_known",
    "poor_village_broadband_yes", "poor_village_fiber_known", "poor_village_fiber_yes",
    "leader_known", "leader_yes", "population_known_villages", "rural_population",
    "incidence_poor_people", "townships", "node_known", "node_yes", "township_ecommerce_known",
    "township_ecommerce_yes", "counties", "platform_known", "platform_yes",
]  # fmt: skip


def example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "examples" / "spark" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _tree_cpu() -> float:
    """CPU seconds (user + system) of this process and every process under it, with the
    reaped children of each (Spark's JVM, its Python daemon and workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    parent: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parent[int(entry)] = int(fields[1])
        times[int(entry)] = sum(int(x) for x in fields[11:15]) / tick
    me = os.getpid()

    def under(pid: int) -> bool:
        while pid > 1:
            if pid == me:
                return True
            pid = parent.get(pid, 1)
        return False

    return sum(t for pid, t in times.items() if under(pid))


#: CPU seconds of the best round of each step, by step name
CPU: dict[str, float] = {}


def line_of(name: str, seconds: float, rows: int, note: str = "") -> str:
    cpu = CPU.get(name)
    cpu_text = f"  CPU {cpu:6.1f} s" if cpu is not None else ""
    return f"{name:<58} {seconds:6.1f} s  {rows / seconds / 1e6:6.2f} M rows/s{cpu_text}{note}"


def n(c: Column) -> Column:
    return F.sum(F.when(c, 1).otherwise(0))


def plain_rollup(spark: SparkSession, data: str, line: float) -> pa.Table:
    """The village → township → county roll-up in plain PySpark: counters and shares per
    county, as fupin defines them (missing values kept apart from zeros)."""
    hh = spark.read.parquet(f"{data}/households").where(F.col("snapshot") == SNAPSHOT)
    poor = F.col("status").isin(POOR)

    def known(c: str) -> Column:
        return poor & F.col(c).isNotNull()

    def yes(c: str) -> Column:
        return poor & (F.col(c) == F.lit(True))

    g, income = F.col("guarantees_met"), F.col("income_per_capita")
    exit_known = poor & ((g == F.lit(False)) | (income <= line) | (g.isNotNull() & income.isNotNull()))
    exit_yes = poor & (g == F.lit(True)) & (income > line)
    per_village = hh.groupBy("village").agg(
        F.count(F.lit(1)).alias("households"),
        F.sum("people").alias("people"),
        n(poor).alias("poor_households"),
        F.sum(F.when(poor, F.col("people")).otherwise(0)).alias("poor_people"),
        n(known("terminal")).alias("terminal_known"),
        n(yes("terminal")).alias("terminal_yes"),
        n(known("ecommerce")).alias("ecommerce_known"),
        n(yes("ecommerce")).alias("ecommerce_yes"),
        n(known("online_training")).alias("training_known"),
        n(yes("online_training")).alias("training_yes"),
        n(F.col("file_complete") == F.lit(True)).alias("file_complete"),
        n(F.col("file_complete").isNotNull()).alias("file_known"),
        n(exit_known).alias("exit_known"),
        n(exit_yes).alias("exit_eligible"),
    )
    v = spark.read.parquet(f"{data}/villages").where(F.col("snapshot") == SNAPSHOT)
    pv = F.col("poor_village") == F.lit(True)
    fiber, g4 = F.col("fiber"), F.col("mobile_4g")
    broadband_known = (fiber == F.lit(True)) | (g4 == F.lit(True)) | (fiber.isNotNull() & g4.isNotNull())
    pop_known = F.col("rural_population").isNotNull()
    facts = v.select(
        "village",
        F.lit(1).alias("villages"),
        F.when(pv, 1).otherwise(0).alias("poor_villages"),
        F.when(pv & broadband_known, 1).otherwise(0).alias("poor_village_broadband_known"),
        F.when(pv & ((fiber == F.lit(True)) | (g4 == F.lit(True))), 1).otherwise(0).alias("poor_village_broadband_yes"),
        F.when(pv & fiber.isNotNull(), 1).otherwise(0).alias("poor_village_fiber_known"),
        F.when(pv & (fiber == F.lit(True)), 1).otherwise(0).alias("poor_village_fiber_yes"),
        F.when(F.col("network_leader").isNotNull(), 1).otherwise(0).alias("leader_known"),
        F.when(F.col("network_leader") == F.lit(True), 1).otherwise(0).alias("leader_yes"),
        F.when(pop_known, 1).otherwise(0).alias("population_known_villages"),
        F.coalesce(F.col("rural_population"), F.lit(0)).alias("rural_population"),
        pop_known.alias("pop_known"),
    )
    village = facts.join(per_village, "village", "full_outer").na.fill(0)
    village = village.withColumn(
        "incidence_poor_people", F.when(F.col("pop_known") == F.lit(True), F.col("poor_people")).otherwise(0)
    ).drop("pop_known")
    sums = [F.sum(c).alias(c) for c in COUNTERS if c not in ("townships", "node_known", "node_yes",
            "township_ecommerce_known", "township_ecommerce_yes", "counties", "platform_known", "platform_yes")]  # fmt: skip
    township = village.groupBy(F.concat(F.substring("village", 1, 9), F.lit("000")).alias("township")).agg(*sums)
    t = spark.read.parquet(f"{data}/townships").where(F.col("snapshot") == SNAPSHOT)
    tfacts = t.select(
        "township",
        F.lit(1).alias("townships"),
        F.when(F.col("service_node").isNotNull(), 1).otherwise(0).alias("node_known"),
        F.when(F.col("service_node") == F.lit(True), 1).otherwise(0).alias("node_yes"),
        F.when(F.col("township_ecommerce").isNotNull(), 1).otherwise(0).alias("township_ecommerce_known"),
        F.when(F.col("township_ecommerce") == F.lit(True), 1).otherwise(0).alias("township_ecommerce_yes"),
    )
    township = township.join(tfacts, "township", "full_outer").na.fill(0)
    tsums = sums + [F.sum(c).alias(c) for c in ("townships", "node_known", "node_yes", "township_ecommerce_known", "township_ecommerce_yes")]
    county = township.groupBy(F.substring("township", 1, 6).alias("county")).agg(*tsums)
    c = spark.read.parquet(f"{data}/counties").where(F.col("snapshot") == SNAPSHOT)
    cfacts = c.select(
        "county",
        F.lit(1).alias("counties"),
        F.when(F.col("platform").isNotNull(), 1).otherwise(0).alias("platform_known"),
        F.when(F.col("platform") == F.lit(True), 1).otherwise(0).alias("platform_yes"),
    )
    county = county.join(cfacts, "county", "full_outer").na.fill(0)

    def share(a: str, b: str) -> Column:
        return F.when(F.col(b) > 0, F.col(a) / F.col(b))

    county = county.select(
        "*",
        share("incidence_poor_people", "rural_population").alias("poverty_incidence"),
        share("poor_households", "households").alias("poor_household_share"),
        share("poor_village_broadband_yes", "poor_village_broadband_known").alias("poor_village_broadband"),
        share("poor_village_fiber_yes", "poor_village_fiber_known").alias("poor_village_fiber"),
        share("terminal_yes", "terminal_known").alias("household_terminal"),
        share("ecommerce_yes", "ecommerce_known").alias("household_ecommerce"),
        share("training_yes", "training_known").alias("household_training"),
        share("file_complete", "file_known").alias("file_complete_share"),
        share("exit_eligible", "exit_known").alias("exit_eligible_share"),
        share("leader_yes", "leader_known").alias("network_leader"),
        share("node_yes", "node_known").alias("township_node"),
        share("platform_yes", "platform_known").alias("county_platform"),
    )
    return county.toArrow()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--batch-rows", type=int, default=10_000, help="spark.sql.execution.arrow.maxRecordsPerBatch")
    parser.add_argument(
        "--try-batch-rows", type=int, nargs="*", default=[100_000], help="other batch sizes measured (the DataFrame mode)"
    )
    parser.add_argument("--tasks", type=int, help="the file mode's tasks (default: twice Spark's parallelism)")
    parser.add_argument("--split-mb", type=int, default=32, help="spark.sql.files.maxPartitionBytes, in MB")
    parser.add_argument("--fupin", help="the fupin command (default target/release/fupin if built)")
    parser.add_argument("--data", type=Path, help="folder for the data (default target/bench-data/spark-<scale>)")
    args = parser.parse_args()

    synthetic = example("synthetic_snapshots")
    data = args.data or REPO / "target" / "bench-data" / f"spark-{args.scale:g}"
    marker = data / "bench.json"
    params = {"scale": args.scale, "snapshot": SNAPSHOT}
    if not marker.exists() or json.loads(marker.read_text()) != params:
        release = REPO / "target" / "release" / "fupin"
        command = [args.fupin] if args.fupin else ([str(release)] if release.exists() else None)
        t = time.perf_counter()
        counts = synthetic.write(data, [SNAPSHOT], scale=args.scale, fupin=command)
        marker.write_text(json.dumps(params))
        print(f"wrote {counts[SNAPSHOT]:,} SYNTHETIC households to {data} in {time.perf_counter() - t:.0f} s")
    size = sum(p.stat().st_size for p in (data / "households").rglob("*.parquet"))

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(args.master)
        .appName("fupin bench_spark")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "6g")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_rows))
        .config("spark.sql.files.maxPartitionBytes", f"{args.split_mb}m")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    households = spark.read.parquet(str(data / "households")).where(F.col("snapshot") == SNAPSHOT)
    print(
        f"SYNTHETIC register: {size / 1e6:,.0f} MB of Parquet in {households.rdd.getNumPartitions()} Spark partitions (splits of {args.split_mb} MB), "
        f"master {args.master}, arrow batches of {args.batch_rows:,} rows; fupin {fupin.__name__}, "
        f"pyspark {__import__('pyspark').__version__}"
    )

    fields = fupin.TallyStream.fields(households.columns)
    counted = [c for f, c in fields.items() if f != "file_number"]

    def to_python(columns: list[Any], by: bool = True) -> Callable[[], int]:
        """The columns fupin counts, moved from the JVM to Python as Arrow, only counted."""

        def run() -> int:
            def count(batches: Any) -> Any:
                yield pa.RecordBatch.from_pydict({"n": [sum(b.num_rows for b in batches)]})

            frame = households.select(*(["snapshot"] if by else []), *columns).mapInArrow(count, "n long")
            return int(sum(frame.toArrow().column("n").to_pylist()))

        return run

    units = example("assess_snapshots").load_units(spark, str(data), [SNAPSHOT], label=synthetic.LABEL)

    def with_fupin(encode: bool, threads: int | None) -> Callable[[], fupin.spark.SparkAssessment]:
        def run() -> fupin.spark.SparkAssessment:
            kept = fupin.spark._PUSH_THREADS
            fupin.spark._PUSH_THREADS = threads
            try:
                r = fupin.spark.assess(households, units, by="snapshot", encode=encode)[SNAPSHOT]
            finally:
                fupin.spark._PUSH_THREADS = kept
            r.rollup.indicators_table(["county"], names=False)
            return r

        return run

    def with_files() -> fupin.spark.SparkAssessment:
        r = fupin.spark.assess_files(spark, data / "households", units, by="snapshot", tasks=args.tasks)[SNAPSHOT]
        r.rollup.indicators_table(["county"], names=False)
        return r

    line = float((fupin.plan.poverty_line(2020) or {})["yuan"])
    sizes = [args.batch_rows, *[b for b in args.try_batch_rows if b != args.batch_rows]]
    # the columns as fupin.spark.partials sends them with encode=True: village codes and
    # statuses as integers computed in the JVM (each with its text twin, empty here)
    encoded_columns, _ = fupin.spark._encode(
        households, counted, fields, fupin.spark.ENCODED_FIELDS, ["snapshot"], fupin.spark._spellings()
    )
    # (step, Arrow batch rows, what it runs): every step once a round, the rounds one
    # after the other, so that each step sees the same load; the best round of each counts
    steps: list[tuple[str, int, Callable[[], Any]]] = [
        ("scan (count, sum of people)", args.batch_rows, lambda: tuple(households.agg(F.count(F.lit(1)), F.sum("people")).first())),  # type: ignore[arg-type]
        ("plain PySpark (village → county)", args.batch_rows, lambda: plain_rollup(spark, str(data), line)),
        (f"JVM → Python, every column, batches {args.batch_rows:,}", args.batch_rows, to_python([c for c in households.columns if c != "snapshot"])),
    ]
    for size in sizes:
        steps.append((f"JVM → Python, the columns counted, batches {size:,}", size, to_python(counted)))
        steps.append((f"  … codes and statuses as integers, batches {size:,}", size, to_python(encoded_columns)))
    steps.append((f"  … and without the snapshot column, batches {sizes[-1]:,}", sizes[-1], to_python(encoded_columns, by=False)))
    # the DataFrame mode step by step: as it was (each push into the stream on every core
    # of the machine), each push on the task's core (Spark's spark.task.cpus, 1), larger
    # Arrow batches, village codes and statuses encoded in the JVM
    modes = [("DataFrame mode, pushes on every core", args.batch_rows, False, 0)]
    modes += [("DataFrame mode, pushes on the task's core", size, False, None) for size in sizes]
    modes += [("DataFrame mode, … and encoded", size, True, None) for size in sizes]
    for how, size, encode, threads in modes:
        steps.append((f"fupin {how}, batches {size:,}", size, with_fupin(encode, threads)))
    steps.append(("plain PySpark (village → county), again", args.batch_rows, lambda: plain_rollup(spark, str(data), line)))
    steps.append(("fupin file mode (assess_files)", args.batch_rows, with_files))

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    took: dict[str, float] = {}
    out: dict[str, Any] = {}
    for round_ in range(args.repeat):
        for name, size, run in steps:
            spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(size))
            cpu = _tree_cpu()
            t = time.perf_counter()
            out[name] = run()
            seconds = time.perf_counter() - t
            if seconds < took.get(name, float("inf")):
                took[name] = seconds
                CPU[name] = _tree_cpu() - cpu
        print(f"round {round_ + 1} of {args.repeat} done; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_rows))

    rows, people = out["scan (count, sum of people)"]
    for name, _, _ in steps:
        result = out[name]
        note = ""
        if isinstance(result, int):
            assert result == rows, (name, result, rows)
        elif isinstance(result, fupin.spark.SparkAssessment):
            assert result.rows == rows and result.accepted == rows, (name, result.rows, result.accepted, rows)
            note = f"  ({result.partials} {'tasks' if 'file mode' in name else 'partial tallies'})"
        print(line_of(name, took[name], rows, note))
    assessed = {name: r for name, r in out.items() if isinstance(r, fupin.spark.SparkAssessment)}
    tallies = {r.tally.to_bytes() for r in assessed.values()}
    assert len(tallies) == 1, "the tallies of the DataFrame mode's steps and the file mode differ"
    frame_at = {name: took[name] for name in assessed if "DataFrame mode" in name}
    best_step = min(frame_at, key=lambda k: frame_at[k])
    t_fupin, t_files = frame_at[best_step], took["fupin file mode (assess_files)"]
    t_plain = min(took["plain PySpark (village → county)"], took["plain PySpark (village → county), again"])
    before = took[f"fupin DataFrame mode, pushes on every core, batches {args.batch_rows:,}"]
    print(
        f"file mode vs plain PySpark: {t_plain / t_files:.2f}x faster (bar 3x); "
        f"DataFrame mode ({best_step.removeprefix('fupin DataFrame mode, ')}) vs plain PySpark: {t_plain / t_fupin:.2f}x "
        f"(bar 1x; pushes on every core, as before: {t_plain / before:.2f}x); "
        f"file mode vs the JVM → Python floor: {took[f'JVM → Python, the columns counted, batches {args.batch_rows:,}'] / t_files:.2f}x"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    # the two agree on every county counter
    result = assessed[best_step]
    county = out["plain PySpark (village → county)"]
    got = {r["county"]: r for r in county.to_pylist()}
    differ = 0
    for code in result.rollup.units("county"):
        mine = result.rollup.counts(code) or {}
        theirs = got.get(code.gb2260, {})
        differ += sum(1 for k in COUNTERS if mine.get(k, 0) != (theirs.get(k) or 0))
    assert len(got) == len(result.rollup.units("county")), (len(got), len(result.rollup.units("county")))
    print(f"county counters compared: {len(got)} counties x {len(COUNTERS)} counters, {differ} differ")
    print(
        json.dumps(
            {
                "rows": rows,
                "people": people,
                "seconds": {name: round(t, 2) for name, t in took.items()},
                "cpu_s": {k: round(v, 2) for k, v in CPU.items()},
                "dataframe_mode_vs_plain": round(t_plain / t_fupin, 3),
                "file_mode_vs_plain": round(t_plain / t_files, 3),
                "load_average_after": [round(x, 2) for x in os.getloadavg()],
            },
            ensure_ascii=False,
        )
    )
    spark.stop()
    if differ:
        raise SystemExit("the two implementations disagree")


if __name__ == "__main__":
    main()
