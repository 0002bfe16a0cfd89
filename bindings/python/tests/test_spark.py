"""fupin.spark: the assessment inside PySpark (``local[2]``) over the synthetic register of two
monthly snapshots written as partitioned Parquet (examples/spark/synthetic_snapshots.py,
through ``fupin synth``), merged from partial tallies, compared with single-process runs
over the same rows: exactly the same numbers, every row accounted for, in any merge order.

One SparkSession for the module; small data (about 40,000 households a snapshot) split into
many partitions, so villages straddle partitions."""

from __future__ import annotations

import datetime
import importlib.util
import os
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import fupin
import fupin.spark as fs
from conftest import REPO

EXAMPLES = REPO / "examples" / "spark"
SNAPSHOTS = ["2019-12", "2020-06"]
REGIONS = ["520000", "530000"]
SCALE = 0.01
# the dev build that scripts/test has already made for its main-job stage
CLI = ["cargo", "run", "--quiet", "--locked", "--manifest-path", str(REPO / "Cargo.toml"), "-p", "fupin-cli", "--"]
BAD_ROWS = {  # file_number -> what each reader reports
    "BAD-1": ("code_length", ".village"),
    "BAD-2": ("people_range", ".people"),
    "BAD-3": ("unknown_key", ".status"),
}


def example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


synthetic = example("synthetic_snapshots")
job = example("assess_snapshots")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic snapshots, households partitioned by snapshot and province (row groups
    of 3,000 so that Spark splits files), plus a file of rows every reader rejects."""
    root = tmp_path_factory.mktemp("spark-data")
    synthetic.write(root, SNAPSHOTS, scale=SCALE, regions=REGIONS, fupin=CLI, row_group_size=3000)
    folder = root / "households" / "snapshot=2020-06" / "province=52"
    schema = pq.read_schema(folder / "part-0.parquet")
    bad = pa.table(
        {
            "file_number": list(BAD_ROWS),
            "village": ["52232710", "522327104201", "522327104201"],
            "people": [3, -1, 2],
            "status": ["poor", "poor", "nope"],
            "terminal": [True, None, False],
            "ecommerce": [None, None, None],
            "online_training": [None, None, None],
            "file_complete": [True, True, False],
            "income_per_capita": [4100.0, 3000.0, None],
            "guarantees_met": [True, True, None],
        }
    ).cast(schema)
    pq.write_table(bad, folder / "bad-rows.parquet")
    return root


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    """A local SparkSession on two cores, UI off, small shuffles, files split at 128 KB."""
    previous = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers run this Python (with fupin)
    started = time.perf_counter()
    session = (
        SparkSession.builder.master("local[2]")
        .appName("fupin-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.files.maxPartitionBytes", str(128 * 1024))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    print(f"SparkSession started in {time.perf_counter() - started:.1f} s")
    yield session
    session.stop()
    if previous is None:
        os.environ.pop("PYSPARK_PYTHON", None)
    else:
        os.environ["PYSPARK_PYTHON"] = previous


def households(spark: SparkSession, data: Path) -> Any:
    return spark.read.parquet(str(data / "households"))


def reference(data: Path, snapshot: str, ds: fupin.Dataset) -> tuple[fupin.Dataset, fupin.RowReport, pa.Table]:
    """The single-process run: the snapshot's files read by pyarrow into one data set (its
    unit facts too), as of ``ds``'s date, with its label."""
    rows = pads.dataset(data / "households" / f"snapshot={snapshot}", partitioning="hive").to_table()
    facts = {t: pq.read_table(data / t / f"snapshot={snapshot}") for t in ("villages", "townships", "counties")}
    single = fupin.Dataset(ds.as_of, label=ds.label, **facts)
    return single, single.add_households(rows), rows


def reasons_single(report: fupin.RowReport, rows: pa.Table) -> list[tuple[str, str, str, str]]:
    numbers = rows.column("file_number")
    out = []
    for issue in report.rejected:
        index, rest = issue["path"][1:].split("]", 1)
        out.append((numbers[int(index)].as_py(), rest, issue["code"], issue["message"]))
    return sorted(out)


def reasons_spark(rejects: pa.Table) -> list[tuple[str, str, str, str]]:
    return sorted(
        (r["key"], r["path"].split("]", 1)[1], r["code"], r["message"]) for r in rejects.to_pylist()
    )


def listed_as_such(tally: dict[str, Any]) -> dict[str, Any]:
    """A tally's wire form without the `villages_unlisted` mark of villages that have facts:
    a task counts the villages it sees without their facts (which stay on the driver), so
    its partial tally marks them unlisted, and the core clears the mark when it rolls up a
    tally in which the village's facts were merged (fupin_core::assess::Rollup::of)."""
    villages = []
    for entry in tally["villages"]:
        counts = dict(entry["counts"])
        if counts.get("villages"):
            counts.pop("villages_unlisted", None)
        villages.append({**entry, "counts": counts})
    return {**tally, "villages": villages}


@pytest.fixture(scope="module")
def given(readme: dict[str, Any]) -> dict[str, fupin.Dataset]:
    """The data set (as-of date, unit facts) of each snapshot, as the README example read them."""
    units: dict[str, fupin.Dataset] = readme["units"]
    return units


@pytest.fixture(scope="module")
def partial_rows(spark: SparkSession, data: Path, given: dict[str, fupin.Dataset]) -> pa.Table:
    """The partial tallies of both snapshots, collected once."""
    started = time.perf_counter()
    rows = fs.partials(households(spark, data), given, by="snapshot", key="file_number").toArrow()
    print(f"partials: {rows.num_rows} rows in {time.perf_counter() - started:.1f} s")
    return rows


def test_tally_bytes_round_trip() -> None:
    tally = fupin.assess.synthesize(["522327"], scale=0.05, seed=3).tally()
    blob = tally.to_bytes()
    assert isinstance(blob, bytes) and blob.startswith(b'{"as_of":"2020-06-30"')
    assert fupin.Tally.from_bytes(blob).to_dict() == tally.to_dict()
    assert fupin.Tally.from_bytes(bytearray(blob)).to_dict() == tally.to_dict()
    with pytest.raises(fupin.JsonError) as info:
        fupin.Tally.from_bytes(b'{"as_of": "2020-06-30", "villages": [{"code": "x"}]}')
    assert info.value.code == "invalid_json"


@pytest.fixture(scope="module")
def readme(spark: SparkSession, data: Path) -> dict[str, Any]:
    """The Spark example of bindings/python/README.md, run on the synthetic snapshots: its
    namespace (``units``, ``results`` …)."""
    text = (REPO / "bindings" / "python" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python spark\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1 and '"/tmp/fupin-spark"' in blocks[0]
    code = blocks[0].replace('"/tmp/fupin-spark"', repr(str(data)))
    namespace: dict[str, Any] = {"__name__": "readme_spark"}
    started = time.perf_counter()
    exec(compile(code, "bindings/python/README.md spark block", "exec"), namespace)  # noqa: S102
    print(f"README example (assess in Spark, two snapshots): {time.perf_counter() - started:.1f} s")
    return namespace


def test_fields_tell_which_columns_are_counted() -> None:
    names = ["户编号", "行政区划代码", "家庭人口", "状态", "备注"]
    assert fupin.TallyStream.fields(names) == {"file_number": "户编号", "village": "行政区划代码", "people": "家庭人口"}
    mapped = fupin.TallyStream.fields(names, column_map={"status": ["状态"]})
    assert mapped["status"] == "状态" and "备注" not in mapped.values()
    with pytest.raises(fupin.ColumnMapError):
        fupin.TallyStream.fields(names, column_map={"nope": ["x"]})


def test_snapshots_assessed_in_spark_equal_single_process(
    data: Path, readme: dict[str, Any], given: dict[str, fupin.Dataset]
) -> None:
    results: dict[str, fs.SparkAssessment] = readme["results"]
    assert sorted(results) == SNAPSHOTS
    for snapshot in SNAPSHOTS:
        r = results[snapshot]
        single, report, rows = reference(data, snapshot, given[snapshot])
        ref = single.roll_up()
        assert r.key == snapshot and r.partials > 2  # the work was split
        rolled = r.rollup.to_dict()  # every counter of every unit, village to nation
        assert rolled == ref.to_dict()
        assert listed_as_such(r.tally.to_dict()) == listed_as_such(single.tally().to_dict())
        levels = ["nation", "province", "prefecture", "county"]
        assert pa.table(r.rollup.indicators_table(levels)).equals(pa.table(ref.indicators_table(levels)))
        assert pa.table(r.rollup.verdicts_table(levels)).equals(pa.table(ref.verdicts_table(levels)))
        assert pa.table(r.rollup.exits_table()).equals(pa.table(ref.exits_table()))
        assert pa.table(r.rollup.scorecards_table()).equals(pa.table(ref.scorecards_table()))
        # every row accounted for, the same rows rejected for the same reasons
        assert (r.rows, r.accepted) == (report.rows, report.accepted) == (rows.num_rows, r.rollup.households)
        assert r.rows == r.accepted + r.rejected_rows
        assert reasons_spark(r.rejects) == reasons_single(report, rows)
        assert r.rejects.column_names == list(fs.REJECT_FIELDS)
        # and the accepted rows are exactly fupin's in-memory synthetic data set
        counties = sorted(c["code"] for c in given[snapshot].units()["counties"])
        made = fupin.assess.synthesize(
            counties, scale=SCALE, seed=synthetic.seed_of(snapshot, 2016), as_of=synthetic.month_end(snapshot)
        ).roll_up()
        assert {**made.to_dict(), "label": None} == {**rolled, "label": None}
    bad = results["2020-06"]
    assert bad.rejected_rows == len(BAD_ROWS) and results["2019-12"].rejected_rows == 0
    found = {(x["key"], x["code"], x["path"].split("]", 1)[1]) for x in bad.rejects.to_pylist()}
    assert found == {(k, code, path) for k, (code, path) in BAD_ROWS.items()}
    assert all(x["path"].startswith(f"[{x['row']}]") for x in bad.rejects.to_pylist())
    assert results["2019-12"].rollup.as_of == datetime.date(2019, 12, 31)


def test_partial_tallies_merge_in_any_order(
    spark: SparkSession, given: dict[str, fupin.Dataset], partial_rows: pa.Table, tmp_path: Path
) -> None:
    # merged tallies compared as bytes: equal tallies roll up to equal results
    first = fs.merge(partial_rows, given, by="snapshot")
    expected = {k: v.tally.to_bytes() for k, v in first.items()}
    records = partial_rows.to_pylist()
    assert len(records) > 4 and all(isinstance(r["tally"], bytes) for r in records)
    # sent compressed; JSON as Tally.to_bytes writes it is read too
    assert all(r["tally"][:1] == b"x" for r in records)
    plain = [{**r, "tally": fs.read_tally(r["tally"]).to_bytes()} for r in records]
    assert {k: v.tally.to_bytes() for k, v in fs.merge(plain, given, by="snapshot").items()} == expected
    rng = random.Random(9)
    for _ in range(2):
        rng.shuffle(records)
        shuffled = fs.merge(records, given, by="snapshot")
        assert {k: v.tally.to_bytes() for k, v in shuffled.items()} == expected
    # random merge trees of the tallies themselves: the merge is associative and commutative
    june = [fs.read_tally(r["tally"]) for r in records if r["snapshot"] == "2020-06"]
    whole = given["2020-06"].tally()
    for _ in range(3):
        pool = [*june, whole]
        while len(pool) > 1:
            a = pool.pop(rng.randrange(len(pool)))
            b = pool.pop(rng.randrange(len(pool)))
            pool.append(a.merge(b) if rng.random() < 0.5 else b.merge(a))
        assert pool[0].to_bytes() == expected["2020-06"]
    # kept as Parquet, read back in a random order over three partitions, combined in Spark
    stored = tmp_path / "partials"
    spark.createDataFrame(partial_rows).write.partitionBy("snapshot").parquet(str(stored / "run=1"))
    frame = spark.read.parquet(str(stored)).orderBy(F.rand(seed=4)).repartition(3)
    combined = fs.combine(frame, by="snapshot")
    again = fs.merge(combined, given, by="snapshot")
    assert {k: v.tally.to_bytes() for k, v in again.items()} == expected
    assert again["2020-06"].partials == sum(1 for r in records if r["snapshot"] == "2020-06")
    assert again["2020-06"].rejects.equals(first["2020-06"].rejects)
    # snapshots of different dates never merge
    with pytest.raises(fupin.ValidationError) as info:
        june[0].merge(fs.read_tally(next(r["tally"] for r in records if r["snapshot"] == "2019-12")))
    assert info.value.errors()[0]["code"] == "tally_date_mismatch"


def test_results_per_snapshot_and_province_add_up(
    spark: SparkSession, data: Path, given: dict[str, fupin.Dataset]
) -> None:
    per_province: dict[tuple[str, int], fupin.Dataset] = {}
    for snapshot, ds in given.items():
        facts = ds.units()
        for province in (52, 53):
            own = {
                kind: [u for u in facts[kind] if u["code"].startswith(str(province))]
                for kind in ("counties", "townships", "villages")
            }
            per_province[(snapshot, province)] = fupin.Dataset(ds.as_of, own, label=ds.label)
    results = fs.assess(households(spark, data), per_province, by=["snapshot", "province"])
    assert sorted(results) == sorted(per_province)
    for snapshot in SNAPSHOTS:
        single, report, _ = reference(data, snapshot, given[snapshot])
        parts = [results[(snapshot, p)] for p in (52, 53)]
        assert sum(p.rows for p in parts) == report.rows and sum(p.accepted for p in parts) == report.accepted
        merged = parts[0].tally.merge(parts[1].tally)
        assert merged.roll_up().to_dict() == single.roll_up().to_dict()
        assert parts[0].rollup.units("province") == [fupin.RegionCode("520000")]


def test_rejected_rows_are_numbered_within_their_partition(spark: SparkSession) -> None:
    village = "522327104201"
    table = pa.table(
        {
            "snapshot": ["a", "b", "a", "b", "a", "b", "a", "a"],
            "户编号": [f"H{i}" for i in range(8)],
            "行政区划代码": [village, village, "5223", village, village, village, village, "nope"],
            "家庭人口": [3, 2, 2, 0, 4, 1, 2, 5],
            "贫困户状态": ["贫困户", "已脱贫", "贫困户", "贫困户", "返贫", "贫困户", "新识别", "贫困户"],
        }
    )
    sets = {"a": fupin.Dataset("2020-06-30"), "b": fupin.Dataset("2019-12-31")}
    previous = spark.conf.get("spark.sql.execution.arrow.maxRecordsPerBatch")
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "3")  # three batches, both snapshots in each
    try:
        frame = spark.createDataFrame(table).coalesce(1)
        results = fs.assess(frame, sets, by="snapshot", key="户编号")
    finally:
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(previous))
    for snapshot in ("a", "b"):
        r = results[snapshot]
        rows = table.filter(pa.compute.equal(table.column("snapshot"), snapshot))
        report = fupin.Dataset(sets[snapshot].as_of).add_households(rows)
        assert (r.rows, r.accepted, r.rejected_rows) == (report.rows, report.accepted, report.rejected_rows)
        assert r.rollup.to_dict() == _tally_of(rows, sets[snapshot].as_of).roll_up().to_dict()
    found = [(x["partition"], x["row"], x["key"], x["path"], x["code"]) for x in results["a"].rejects.to_pylist()]
    found += [(x["partition"], x["row"], x["key"], x["path"], x["code"]) for x in results["b"].rejects.to_pylist()]
    assert sorted(found) == [
        (0, 2, "H2", "[2].行政区划代码", "code_length"),
        (0, 3, "H3", "[3].家庭人口", "people_range"),
        (0, 7, "H7", "[7].行政区划代码", "code_length"),
    ]


def test_codes_and_statuses_sent_as_integers_give_the_same_results(spark: SparkSession) -> None:
    """Village codes and statuses encoded in the JVM (``encode=``) or sent as text (the
    default), pushes on the task's core or on several: the same counts, the same rejected
    rows (code, path, message, partition, row, key), the same households given twice,
    whatever the cells — every spelling of every status, and text the encoding leaves as it
    is (leading zero, spaces, a line break, full-width digits, unknown spellings, nulls) —
    and with clean and unclean batches."""
    spellings = [s for status in fupin.household.statuses() for s in status["spellings"]]
    village = "522327104201"
    villages = [village, "522327104202", "052232710420", f" {village}", f"{village}\n", "５２２３２７１０４２０１",
                "52232710420", "5223271042011", "52232710420x", "", None, "+52232710420", "000000000000",
                "922327104201"]  # fmt: skip
    statuses = [*spellings, " poor", "Poor", "nope", "", None, "贫困户 "]
    n = max(len(villages), len(statuses)) * 2
    table = pa.table(
        {
            "snapshot": ["a" if i % 3 else "b" for i in range(n)],
            "户编号": [f"H{i}" for i in range(n)],
            "行政区划代码": [villages[i % len(villages)] if i % 2 else village for i in range(n)],
            "家庭人口": [1 + i % 6 for i in range(n)],
            "贫困户状态": [statuses[i % len(statuses)] for i in range(n)],
            "terminal": [None if i % 4 == 0 else i % 3 == 0 for i in range(n)],
        }
    )
    table = pa.concat_tables([table, table.slice(0, 3)])  # the first three households given twice
    sets = {"a": fupin.Dataset("2020-06-30"), "b": fupin.Dataset("2019-12-31")}
    # what the JVM sends: the integer where the text is a 12-digit code (first digit not 0)
    # or a spelling, the text beside it where not
    whole = spark.createDataFrame(table)
    fields = fupin.TallyStream.fields(whole.columns)
    columns, encoded = fs._encode(whole, whole.columns, fields, fs.ENCODED_FIELDS, ["snapshot"], spellings)
    assert encoded == {"行政区划代码": "village", "贫困户状态": "status"}
    sent = whole.select(*columns).toArrow()
    assert sent.schema.field("行政区划代码").type == pa.int64() and sent.schema.field("贫困户状态").type == pa.int8()
    codes = dict(zip(table.column("行政区划代码").to_pylist(), sent.column("行政区划代码").to_pylist(), strict=True))
    numbers = {village: int(village), "522327104202": 522327104202, "922327104201": 922327104201}  # (92: no province)
    assert {k: v for k, v in codes.items() if v is not None} == numbers
    raw = sent.column("__fupin_raw__行政区划代码").to_pylist()
    assert [r for r, c in zip(raw, sent.column("行政区划代码").to_pylist(), strict=True) if c is None] == [
        v for v, c in zip(table.column("行政区划代码").to_pylist(), sent.column("行政区划代码").to_pylist(), strict=True) if c is None
    ]
    status = zip(table.column("贫困户状态").to_pylist(), sent.column("贫困户状态").to_pylist(), strict=True)
    assert all((spellings[c] == t) if c is not None else (t not in spellings) for t, c in status)

    def run(encode: Any, batch_rows: int, threads: int | None = None) -> dict[str, fs.SparkAssessment]:
        previous = spark.conf.get("spark.sql.execution.arrow.maxRecordsPerBatch")
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_rows))
        fs._PUSH_THREADS = threads  # (read where the tasks are made: on this driver)
        try:
            frame = spark.createDataFrame(table).repartition(2)
            return fs.assess(frame, sets, by="snapshot", key="户编号", encode=encode)
        finally:
            fs._PUSH_THREADS = None
            spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(previous))

    as_text = run(False, 4)  # (the task's core)
    for snapshot in ("a", "b"):
        rows = table.filter(pa.compute.equal(table.column("snapshot"), snapshot))
        report = fupin.Dataset(sets[snapshot].as_of).add_households(rows)
        r = as_text[snapshot]
        assert (r.rows, r.accepted) == (report.rows, report.accepted) and r.rejected_rows > 5
        assert r.accepted > 5 and r.rollup.counts()["poor_households"] > 0  # type: ignore[index]
    codes = {x["code"] for s in as_text.values() for x in s.rejects.to_pylist()}
    assert {"code_length", "unknown_key", "missing_value", "duplicate_household"} <= codes, codes
    cases = [(True, 4, None), (True, 1000, None), (["village"], 3, None), (["status"], 5, None), ("status", 1000, 0)]
    for encode, batch_rows, threads in [*cases, (False, 4, 0), (False, 1000, 2)]:  # pushes on every core, or two
        got = run(encode, batch_rows, threads)
        for snapshot in ("a", "b"):
            assert got[snapshot].tally.to_bytes() == as_text[snapshot].tally.to_bytes(), (encode, batch_rows)
            assert got[snapshot].rows == as_text[snapshot].rows
            assert got[snapshot].accepted == as_text[snapshot].accepted
            assert got[snapshot].rejects.equals(as_text[snapshot].rejects), (encode, batch_rows)
    # an integer village column is sent as it is
    numbers = table.filter(pa.compute.equal(table.column("行政区划代码"), village))
    numbers = numbers.set_column(2, "行政区划代码", pa.array([int(village)] * numbers.num_rows, pa.int64()))
    frame = spark.createDataFrame(numbers)
    assert fs.assess(frame, sets, by="snapshot")["a"].tally.to_bytes() == fs.assess(
        frame, sets, by="snapshot", encode=False
    )["a"].tally.to_bytes()
    with pytest.raises(fupin.ValidationError) as info:
        fs.partials(frame, sets, by="snapshot", encode=["people"])
    assert info.value.errors()[0]["code"] == "unknown_encoding"


def _tally_of(rows: pa.Table, as_of: datetime.date) -> fupin.Tally:
    ds = fupin.Dataset(as_of)
    ds.add_households(rows)
    return ds.tally()


def test_villages_missing_from_the_village_table(
    spark: SparkSession, data: Path, given: dict[str, fupin.Dataset]
) -> None:
    """Households of a village the village table lacks, in two partitions: the result is the
    single-process one (the core's merge counts the village once), repartitioned by village
    or not."""
    december = given["2019-12"]
    schema = pq.read_schema(data / "households" / "snapshot=2019-12" / "province=52" / "part-0.parquet")
    extra = data.parent / (data.name + "-unlisted")
    for i in range(2):
        folder = extra / f"part={i}"
        folder.mkdir(parents=True, exist_ok=True)
        rows = {name: [None] * 2 for name in schema.names}
        rows.update(
            file_number=[f"U{i}a", f"U{i}b"], village=["522327199201", "522327199202"], people=[2, 3], status=["poor", "poor"]
        )
        pq.write_table(pa.table(rows).cast(schema), folder / "unlisted.parquet")
    base = households(spark, data).where(F.col("snapshot") == "2019-12").drop("snapshot", "province")
    frame = base.unionByName(spark.read.parquet(str(extra)).drop("part"))
    single = fupin.Dataset(december.as_of, december.units(), label=december.label)
    single.add_households(pads.dataset(extra, partitioning="hive").to_table().drop_columns(["part"]))
    single.add_households(pads.dataset(data / "households" / "snapshot=2019-12", partitioning="hive").to_table())
    expected = single.roll_up().to_dict()
    assert single.roll_up().counts()["villages_unlisted"] == 2  # type: ignore[index]
    split = fs.assess(frame, december)[None]
    assert split.rollup.to_dict() == expected
    assert split.tally.to_dict() == single.tally().to_dict()
    assert fs.assess(frame.repartition(3, "village"), december)[None].rollup.to_dict() == expected


def test_usage_errors(spark: SparkSession, data: Path, given: dict[str, fupin.Dataset], partial_rows: pa.Table) -> None:
    with pytest.raises(fupin.ValidationError) as info:
        fs.merge(partial_rows, {"2019-12": given["2019-12"]}, by="snapshot")
    issue = info.value.errors()[0]
    assert issue["code"] == "no_data_set" and issue["params"]["key"] == "'2020-06'"
    assert issue["params"]["rows"] == pads.dataset(data / "households" / "snapshot=2020-06").count_rows()
    frame = households(spark, data)
    for bad, code in [
        (dict(units=given["2019-12"], by="snapshot"), "units_per_snapshot"),
        (dict(units=given), "units_per_snapshot"),
        (dict(units={("2019-12", 1): given["2019-12"]}, by="snapshot"), "key_length"),
        (dict(units={"2019-12": "x"}, by="snapshot"), "not_a_dataset"),
        (dict(units={"52": given["2019-12"], 52: given["2019-12"]}, by="province"), "duplicate_key"),
        (dict(units=given, by="month"), "missing_column"),
        (dict(units=given, by="snapshot", key="户编号"), "missing_column"),
    ]:
        with pytest.raises(fupin.ValidationError) as info:
            fs.partials(frame, **bad)  # type: ignore[arg-type]
        assert info.value.errors()[0]["code"] == code
    with pytest.raises(fupin.MissingColumnError):
        fs.partials(frame.drop("village"), given, by="snapshot")


def test_example_job_writes_the_single_process_results(
    spark: SparkSession, data: Path, tmp_path: Path, given: dict[str, fupin.Dataset]
) -> None:
    """examples/spark/assess_snapshots.py, as a user runs it: the tables it writes for each
    snapshot are the single-process ones."""
    out = tmp_path / "results"
    started = time.perf_counter()
    job.main(["--data", str(data), "--out", str(out), "--key", "file_number", "--label", synthetic.LABEL])
    print(f"example job (two snapshots, tables written): {time.perf_counter() - started:.1f} s")
    summary = {r["snapshot"]: r for r in pq.read_table(out / "summary").to_pylist()}
    assert sorted(summary) == SNAPSHOTS
    levels = ["nation", "province", "prefecture", "county"]
    for snapshot in SNAPSHOTS:
        single, report, _ = reference(data, snapshot, given[snapshot])
        ref = single.roll_up()
        row = summary[snapshot]
        assert (row["rows"], row["accepted"], row["rejected"]) == (report.rows, report.accepted, report.rejected_rows)
        assert row["as_of"] == given[snapshot].as_of and row["households"] == ref.households
        for name, table in [
            ("indicators", ref.indicators_table(levels)),
            ("verdicts", ref.verdicts_table(levels)),
            ("exits", ref.exits_table()),
        ]:
            written = pq.read_table(out / name / f"snapshot={snapshot}")
            expected = pa.table(table)
            assert written.num_rows == expected.num_rows
            assert sorted(map(repr, written.to_pylist())) == sorted(map(repr, expected.to_pylist())), name
        rejects = pq.read_table(out / "rejects" / f"snapshot={snapshot}")
        assert rejects.num_rows == report.rejected_rows


# ---- the file mode: Parquet files counted by the tasks with fupin's own reader ----


def _row_of(path: str, row: int, column: str) -> Any:
    """The value of ``column`` at ``row`` (from 1) of the Parquet file ``path``."""
    return pq.read_table(path, columns=[column]).column(column)[row - 1].as_py()


def test_files_assessed_by_tasks_equal_single_process(
    spark: SparkSession, data: Path, given: dict[str, fupin.Dataset]
) -> None:
    folder = data / "households"
    results = fs.assess_files(spark, folder, given, by="snapshot", tasks=9)
    assert sorted(results) == SNAPSHOTS
    for snapshot in SNAPSHOTS:
        r = results[snapshot]
        single, report, rows = reference(data, snapshot, given[snapshot])
        assert r.partials > 2  # the work was split
        assert r.rollup.to_dict() == single.roll_up().to_dict()
        assert listed_as_such(r.tally.to_dict()) == listed_as_such(single.tally().to_dict())
        assert (r.rows, r.accepted) == (report.rows, report.accepted) == (rows.num_rows, r.rollup.households)
        # each rejected row names its file and its row there (from 1): the same rows and reasons
        found = sorted(
            (_row_of(x["file"], x["row"], "file_number"), x["path"].split("]", 1)[1], x["code"], x["message"])
            for x in r.rejects.to_pylist()
        )
        assert found == reasons_single(report, rows)
        assert all(x["path"].startswith(f"[{x['row']}]") and x["key"] is None for x in r.rejects.to_pylist())
        assert r.rejects.column_names == list(fs.REJECT_FIELDS)
    bad = {(x["file"].rsplit("/", 2)[-2:][1], x["row"]) for x in results["2020-06"].rejects.to_pylist()}
    assert bad == {("bad-rows.parquet", 1), ("bad-rows.parquet", 2), ("bad-rows.parquet", 3)}
    # partitions by snapshot and province: the partition directories split the results
    per_province = {
        (snapshot, p): fupin.Dataset(
            ds.as_of,
            {k: [u for u in ds.units()[k] if u["code"].startswith(str(p))] for k in ("counties", "townships", "villages")},
            label=ds.label,
        )
        for snapshot, ds in given.items()
        for p in (52, 53)
    }
    split = fs.assess_files(spark, str(folder), per_province, by=["snapshot", "province"], tasks=5)
    for snapshot in SNAPSHOTS:
        single, report, _ = reference(data, snapshot, given[snapshot])
        parts = [split[(snapshot, p)] for p in (52, 53)]
        assert sum(p.rows for p in parts) == report.rows
        assert parts[0].tally.merge(parts[1].tally).roll_up().to_dict() == single.roll_up().to_dict()


def test_file_tasks_split_villages_and_row_groups(data: Path) -> None:
    """The plan cuts files between row groups, through villages: each later task's check is
    given the row groups before it that share its villages."""
    _, tasks, counts = fs.plan_files(data / "households", by="snapshot", tasks=9)
    assert sum(t.rows for t in tasks) == sum(counts.values())
    split = 0
    for a, b in zip(tasks, tasks[1:], strict=False):
        (fa, _, ea), (fb, sb, _) = a.ranges[-1], b.ranges[0]
        if fa != fb or ea != sb or a.key != b.key:
            continue
        path = a.files[fa][0]
        meta = pq.ParquetFile(path).metadata
        last = sum(meta.row_group(g).num_rows for g in range(ea))
        if _row_of(path, last, "village") == _row_of(path, last + 1, "village"):
            split += 1
            assert (fa, ea - 1, ea) in b.earlier or any(f == fa and s < ea for f, s, _ in b.earlier)
    assert split > 0, "no village was split between two tasks"


def _write_groups(path: Path, rows: list[tuple[str, str, int]]) -> None:
    """Households (village, file number, people; 0 people: a rejected row) in row groups of 2."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table(
        {
            "户编号": [r[1] for r in rows],
            "行政区划代码": [r[0] for r in rows],
            "家庭人口": [r[2] for r in rows],
            "贫困户状态": ["贫困户" if i % 2 else "已脱贫" for i in range(len(rows))],
        }
    )
    pq.write_table(table, path, row_group_size=2)


def test_file_mode_finds_households_given_twice_as_one_process(spark: SparkSession, tmp_path: Path) -> None:
    """Households given twice across row groups, tasks and files of one snapshot: the same
    rows rejected, naming the same first rows, as one process reading the files in order;
    snapshots are not checked against each other. Through the local file system and through
    other file systems, pyarrow's and fsspec's (read by byte range)."""
    a, b = "522327104201", "522327104202"
    root = tmp_path / "register"
    first = [(a, "S1", 3), (a, "S2", 2), (a, "S3", 1), (b, "S1", 2), (a, "S1", 4), (b, "S2", 0)]
    _write_groups(root / "month=1" / "part-0.parquet", first)
    _write_groups(root / "month=1" / "part-1.parquet", [(b, "S1", 1), (b, "S3", 2), (a, "S2", 5)])
    _write_groups(root / "month=2" / "part-0.parquet", [(a, "S1", 3), (a, "S1", 2)])
    (root / "month=1" / "_SUCCESS").write_text("")
    units = {"1": fupin.Dataset("2020-06-30"), "2": fupin.Dataset("2020-07-31")}
    expected: dict[str, tuple[int, int, list[tuple[str, int, str, str]], dict[str, Any]]] = {}
    for month in ("1", "2"):
        stream = fupin.TallyStream(units[month].as_of)
        rows = accepted = 0
        rejects = []
        for part in sorted((root / f"month={month}").glob("*.parquet")):
            name = f"{root}/month={month}/{part.name}"
            report = stream.push_parquet(str(part), name=name)
            rows, accepted = rows + report.rows, accepted + report.accepted
            rejects += [(name, int(x["path"][1:].split("]")[0]), x["code"], x["message"]) for x in report.rejected]
        expected[month] = (rows, accepted, sorted(rejects), stream.finish().roll_up().to_dict())
        # and the batches of the same files, read into one data set as one input
        ds = fupin.Dataset(units[month].as_of)
        report = ds.add_households(pads.dataset(root / f"month={month}", format="parquet").to_table())
        assert (report.rows, report.accepted) == (rows, accepted)
        assert ds.roll_up().to_dict() == expected[month][3]
    assert sum(1 for x in expected["1"][2] if x[2] == "duplicate_household") == 3
    assert any("part-0.parquet row 2" in x[3] and x[0].endswith("part-1.parquet") for x in expected["1"][2])
    assert expected["2"][2][0][2] == "duplicate_household"
    subtree = pafs.SubTreeFileSystem(str(tmp_path), pafs.LocalFileSystem())
    places: list[tuple[str, Any]] = [(str(root), None), ("register", subtree)]
    dirfs_module = pytest.importorskip("fsspec.implementations.dirfs")
    # an fsspec file system rooted at the same folder, so that names are the same
    dirfs = dirfs_module.DirFileSystem(str(tmp_path), fs=pytest.importorskip("fsspec").filesystem("file"))
    places.append(("register", dirfs))
    for where, filesystem in places:
        for tasks in (1, 3, 6):
            results = fs.assess_files(spark, where, units, by="month", tasks=tasks, filesystem=filesystem)
            for month in ("1", "2"):
                r = results[month]
                got = sorted((x["file"], x["row"], x["code"], x["message"]) for x in r.rejects.to_pylist())
                want = expected[month][2]
                if filesystem is not None:
                    here = str(root)
                    want = sorted((f.replace(here, "register"), n, c, m.replace(here, "register")) for f, n, c, m in want)
                assert (r.rows, r.accepted, got) == (expected[month][0], expected[month][1], want), (where, tasks)
                assert r.rollup.to_dict() == expected[month][3]


def test_file_mode_usage_errors(
    spark: SparkSession, data: Path, given: dict[str, fupin.Dataset], tmp_path: Path
) -> None:
    folder = data / "households"
    for call, code in [
        (lambda: fs.assess_files(spark, folder, given, by="month"), "by_not_partitioned"),
        (lambda: fs.assess_files(spark, tmp_path / "none", given["2019-12"]), "file_not_found"),
        (lambda: fs.assess_files(spark, [], given["2019-12"]), "no_files"),
        (lambda: fs.assess_files(spark, folder, {"2019-12": given["2019-12"]}, by="snapshot"), "no_data_set"),
    ]:
        with pytest.raises(fupin.ValidationError) as info:
            call()
        assert info.value.errors()[0]["code"] == code
    with pytest.raises(fupin.ArrowError) as arrow:
        fupin.TallyStream("2020-06-30").push_parquet(str(next(folder.rglob("part-0.parquet"))), row_groups=(0, 99))
    assert arrow.value.code == "row_groups_out_of_range"
