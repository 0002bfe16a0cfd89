"""Assesses years of monthly snapshots of the register with fupin inside Spark, and writes the
results of each snapshot next to the data: indicators, target verdicts and exit verdicts
(nation to county), every rejected row with its reasons, and a summary.

    spark-submit examples/spark/assess_snapshots.py --data hdfs:///fupin --out hdfs:///fupin/results

``--data`` holds the register and each snapshot's unit facts, partitioned by snapshot (any
further partitioning of the households, e.g. by province, is fine)::

    households/snapshot=2020-06/…       one row per household, columns as exports name them
                                        (行政区划代码, 家庭人口, 贫困户状态 … or village, people,
                                        status …; add names with --columns)
    villages/snapshot=2020-06/…         village facts (village, poor_village, fiber, …)
    townships/snapshot=2020-06/…        township facts (township, service_node, …)
    counties/snapshot=2020-06/…         county facts (county, poor_county, platform, …)

A snapshot ``YYYY-MM`` is assessed as of the month's last day. Snapshots go through Spark a
batch at a time (``--batch`` months), so the driver holds the counters of a batch only.
Results land in ``--out``: ``summary/``, ``indicators/snapshot=…/``, ``verdicts/…``,
``exits/…``, ``rejects/…`` (Parquet). Every household row is counted or reported: the
summary's ``rows`` equal ``accepted + rejected``.

``synthetic_snapshots.py`` writes a SYNTHETIC data set in this layout; ``README.md`` here
shows how to ship fupin to the executors of a cluster.
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import json
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

import fupin
import fupin.spark

UNIT_TABLES = ("villages", "townships", "counties")


def month_end(snapshot: str) -> datetime.date:
    """The as-of date of a ``YYYY-MM`` snapshot: the month's last day."""
    year, month = (int(p) for p in snapshot.split("-"))
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def snapshots_of(spark: SparkSession, data: str) -> list[str]:
    """The snapshots that have unit facts (the village table's partitions), in order."""
    villages = spark.read.parquet(f"{data}/villages")
    return sorted(str(r[0]) for r in villages.select("snapshot").distinct().collect())


def load_units(
    spark: SparkSession,
    data: str,
    snapshots: Sequence[str],
    *,
    label: str | None = None,
    column_map: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, fupin.Dataset]:
    """The data set (as-of date, label, unit facts) of each snapshot, read through Spark
    (any storage it reads) onto the driver."""
    tables = {name: spark.read.parquet(f"{data}/{name}") for name in UNIT_TABLES}
    cmap = {k: list(v) for k, v in column_map.items()} if column_map else None
    out: dict[str, fupin.Dataset] = {}
    for snapshot in snapshots:
        facts: dict[str, Any] = {
            name: t.where(F.col("snapshot") == snapshot).drop("snapshot").toArrow() for name, t in tables.items()
        }
        ds = fupin.Dataset(month_end(snapshot), column_map=cmap, label=label, **facts)
        if ds.unit_issues:
            raise fupin.ValidationError(
                f"{len(ds.unit_issues)} unit row(s) of {snapshot} could not be read", "validation", ds.unit_issues
            )
        out[snapshot] = ds
    return out


def assess(
    spark: SparkSession,
    data: str,
    snapshots: Sequence[str],
    *,
    key: str | None = None,
    label: str | None = None,
    column_map: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, fupin.spark.SparkAssessment]:
    """The assessment of the given snapshots (one Spark job)."""
    households = spark.read.parquet(f"{data}/households").where(F.col("snapshot").isin(list(snapshots)))
    units = load_units(spark, data, snapshots, label=label, column_map=column_map)
    results = fupin.spark.assess(households, units, by="snapshot", column_map=column_map, key=key)
    return {str(k): v for k, v in results.items()}


def _write(spark: SparkSession, table: Any, path: str) -> None:
    """Writes an Arrow table (any ``__arrow_c_stream__`` object) through Spark, unsigned
    counters as ``bigint`` (Spark has no unsigned types)."""
    t = pa.table(table)
    schema = pa.schema(
        [f.with_type(pa.int64()) if pa.types.is_unsigned_integer(f.type) else f for f in t.schema]
    )
    frame: DataFrame = spark.createDataFrame(t.cast(schema))
    frame.write.mode("overwrite").parquet(path)


def write_results(spark: SparkSession, results: Mapping[str, fupin.spark.SparkAssessment], out: str) -> None:
    """Writes each snapshot's tables under ``out`` (see the module docs)."""
    levels = ["nation", "province", "prefecture", "county"]
    for snapshot, r in results.items():
        part = f"snapshot={snapshot}"
        _write(spark, r.rollup.indicators_table(levels), f"{out}/indicators/{part}")
        _write(spark, r.rollup.verdicts_table(levels), f"{out}/verdicts/{part}")
        _write(spark, r.rollup.exits_table(), f"{out}/exits/{part}")
        _write(spark, r.rejects, f"{out}/rejects/{part}")


def summary(results: Mapping[str, fupin.spark.SparkAssessment]) -> pa.Table:
    """One row per snapshot: rows, accepted, rejected, households counted, partial tallies
    merged, and the nation's poverty incidence and poor-village broadband share."""
    rows = []
    for snapshot, r in results.items():
        incidence = r.rollup.indicator("poverty_incidence") or {}
        broadband = r.rollup.indicator("poor_village_broadband") or {}
        rows.append(
            {
                "snapshot": snapshot,
                "as_of": r.rollup.as_of,
                "rows": r.rows,
                "accepted": r.accepted,
                "rejected": r.rejected_rows,
                "households": r.rollup.households,
                "partials": r.partials,
                "poverty_incidence": incidence.get("value"),
                "poor_village_broadband": broadband.get("value"),
            }
        )
    return pa.Table.from_pylist(rows)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: see the module docs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="folder (any Spark path) with households/, villages/, …")
    parser.add_argument("--out", required=True, help="folder (any Spark path) for the results")
    parser.add_argument("--snapshot", action="append", default=[], help="YYYY-MM to assess (default: all)")
    parser.add_argument("--batch", type=int, default=12, help="snapshots per Spark job (default 12)")
    parser.add_argument("--key", help="column copied into rejected rows, e.g. 户编号 (never a personal-data column)")
    parser.add_argument("--label", help='label of the results, e.g. "SYNTHETIC …" for made-up data')
    parser.add_argument("--columns", help='JSON file of extra column names: {"village": ["所在村代码"]}')
    args = parser.parse_args(argv)
    spark = SparkSession.builder.appName("fupin: assess snapshots").getOrCreate()
    column_map = json.loads(open(args.columns, encoding="utf-8").read()) if args.columns else None
    snapshots = args.snapshot or snapshots_of(spark, args.data)
    done: list[pa.Table] = []
    for i in range(0, len(snapshots), max(1, args.batch)):
        batch = snapshots[i : i + max(1, args.batch)]
        results = assess(spark, args.data, batch, key=args.key, label=args.label, column_map=column_map)
        write_results(spark, results, args.out)
        done.append(summary(results))
        for snapshot, r in results.items():
            print(
                f"{snapshot}: {r.rows:,} rows = {r.accepted:,} accepted + {r.rejected_rows:,} rejected "
                f"({r.partials} partial tallies)"
            )
    table = pa.concat_tables(done)
    _write(spark, table, f"{args.out}/summary")
    print(f"wrote {args.out}: summary/, indicators/, verdicts/, exits/, rejects/ for {table.num_rows} snapshot(s)")


if __name__ == "__main__":
    main()
