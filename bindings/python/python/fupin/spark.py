"""fupin inside Apache Spark: the assessment of a register too big for one machine (years of
monthly snapshots of every province), counted where the data lies and merged exactly.

Each Spark task feeds its Arrow batches (``DataFrame.mapInArrow``) into a
:class:`fupin.TallyStream`, without copying the columns, and emits one serialised partial
:class:`fupin.Tally` per snapshot it saw (:meth:`fupin.Tally.to_bytes`), with its row
counts and every rejected row. Partial tallies are merged with the core's
:meth:`fupin.Tally.merge` — associative and commutative, so in any order, in Spark
(:func:`combine`) or on the driver (:func:`merge`) — and with the tally of each snapshot's
unit facts (villages, townships, counties), then rolled up. The numbers are exactly those of
a single-machine run over the same rows::

    from pyspark.sql import SparkSession
    import fupin, fupin.spark

    spark = SparkSession.builder.getOrCreate()
    households = spark.read.parquet("hdfs:///register/")            # snapshot=2020-06/…
    units = {"2020-06": fupin.Dataset("2020-06-30", villages=v, townships=t, counties=c)}
    results = fupin.spark.assess(households, units, by="snapshot")
    result = results["2020-06"]                  # .rows, .accepted, .rejects (each rejected row)
    indicators = result.rollup.indicators_table(["province", "county"])

How the work is split does not matter (partitions by province, by month, by file, any
order). Only the columns fupin counts go from the JVM to Python. The unit facts never travel
to the executors: they are counted once, on the driver, from the data set given for each
snapshot. The partial tallies are small (counters per village a task saw), so one row per
task and snapshot reaches the driver (or Spark's shuffle, with :func:`combine`), never a
household.

Every input row is accepted or reported: ``rows == accepted + rejected_rows`` for each
snapshot, and :attr:`SparkAssessment.rejects` lists each rejected row's reasons (``code``,
``path``, ``message``; personal data masked by the core), where it was (Spark partition and
row within it) and, with ``key=``, the value of an identifying column such as ``户编号``.

Two limits: the tasks judge the household exit rule against the built-in poverty lines
(custom ``poverty_lines`` of a :class:`fupin.Dataset` do not reach them), and households of a
village missing from the village table that fall into several partitions are refused
(see :func:`merge`). Households given twice (the same village and file number) are looked
for only among the rows of one task, and only when the file-number column is sent (as
``key=``): Spark's partitions need not follow the order of the files. The file mode
(:func:`assess_files`) finds them as one process reading the files in order does.

What this mode costs is Spark turning rows into Arrow for the Python workers: in
``bench/bench_spark.py`` (``local[2]``) moving the counted columns alone takes more CPU than
plain PySpark's whole roll-up, and fupin's counting adds little to it. Each task counts on
the cores Spark gave it (``spark.task.cpus``; a push on every core of the machine cost
milliseconds of its own, more than counting Spark's default batch of 10,000 rows). Village
codes and statuses can be sent as integers computed in the JVM (``encode=True``, from the
core's own table of status spellings; any other text is sent beside them, so the results
are the same), but in the benchmark that costs more than it saves, so it is off by default.

Where the register is Parquet files, :func:`assess_files` is faster still: its tasks read
the files with fupin's own Parquet reader, and no row passes through the JVM.

Workers need ``fupin``, ``pyarrow`` and ``pandas`` (pyspark's Arrow UDFs require it)
installed, the same versions as the driver, and ``PYSPARK_PYTHON`` pointing at that Python.
See ``examples/spark/`` in the repository for a complete job and how to run it on a cluster.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from pyspark import TaskContext
from pyspark.sql import Column, DataFrame, Row
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ArrayType,
    BinaryType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from ._fupin import Dataset, Rollup, Tally, TallyStream
from ._fupin import statuses as _statuses
from .errors import MissingColumnError, ValidationError

__all__ = [
    "ENCODED_FIELDS",
    "REJECT_FIELDS",
    "FileTask",
    "SparkAssessment",
    "assess",
    "assess_files",
    "combine",
    "file_partials",
    "merge",
    "partials",
    "partials_schema",
    "plan_files",
    "read_tally",
]

#: The fields of one rejected row in ``rejects``: Spark partition, row index within that
#: partition's input, the ``key`` column's value (``None`` without ``key=``), the issue, and
#: the file (the file mode, :func:`assess_files`: there ``row`` is the row in that file, from
#: 1, and ``partition`` the task; ``None`` in the DataFrame mode).
REJECT_FIELDS = ("partition", "row", "key", "path", "code", "message", "file")

_REJECT = StructType(
    [
        StructField("partition", IntegerType()),
        StructField("row", LongType()),
        StructField("key", StringType()),
        StructField("path", StringType()),
        StructField("code", StringType()),
        StructField("message", StringType()),
        StructField("file", StringType()),
    ]
)
_REJECT_ARROW = pa.struct(
    [
        ("partition", pa.int32()),
        ("row", pa.int64()),
        ("key", pa.string()),
        ("path", pa.string()),
        ("code", pa.string()),
        ("message", pa.string()),
        ("file", pa.string()),
    ]
)
# as Spark types `array<struct<…>>` without nulls
_REJECTS_ARROW = pa.list_(pa.field("element", _REJECT_ARROW, nullable=False))
_COUNTS = ("partials", "rows", "accepted", "tally", "rejects")

#: A snapshot's normalised key: the ``by`` values as strings (``None`` for null), so that
#: ``{"2020-06": …}`` matches a string column and ``{52: …}`` an inferred integer one.
_Norm = tuple[str | None, ...]


@dataclasses.dataclass(frozen=True)
class SparkAssessment:
    """The assessment of one snapshot (one value of ``by``), merged from every partition.

    ``rollup`` holds the results, village → nation (indicators, verdicts, exits,
    scorecards: see :class:`fupin.Rollup`), equal to a single-process run's. ``tally`` is
    the merged tally they were rolled up from (merge it with other tallies of the same date,
    e.g. other provinces'), equal to a single-process run's tally. ``rows`` were given, ``accepted`` counted, and each rejected row is in
    ``rejects`` (a pyarrow table with the columns of :data:`REJECT_FIELDS`), ``partials``
    partial tallies were merged.
    """

    key: Any
    tally: Tally
    rollup: Rollup
    rows: int
    accepted: int
    rejects: pa.Table
    partials: int

    @property
    def rejected_rows(self) -> int:
        """Rows rejected (``rows - accepted``; each has one issue or more in ``rejects``)."""
        return self.rows - self.accepted


def _by_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _norm(values: Sequence[Any]) -> _Norm:
    return tuple(None if v is None else str(v) for v in values)


def _user_key(values: Sequence[Any], by: Sequence[str]) -> Any:
    """The key as results are indexed: ``None`` without ``by``, the value with one column,
    a tuple with several."""
    if not by:
        return None
    return values[0] if len(by) == 1 else tuple(values)


def _invalid(code: str, path: str, message: str, **params: Any) -> ValidationError:
    return ValidationError(message, "validation", [{"code": code, "path": path, "message": message, "params": params}])


def _plans(units: Dataset | Mapping[Any, Dataset], by: Sequence[str]) -> dict[_Norm, tuple[Any, Dataset]]:
    """The key (as given) and data set of each snapshot, by normalised key."""
    if isinstance(units, Dataset):
        if by:
            raise _invalid(
                "units_per_snapshot",
                "units",
                "with `by`, units is a mapping from each snapshot's key to its data set",
            )
        return {(): (None, units)}
    if not by:
        raise _invalid("units_per_snapshot", "units", "without `by`, units is one data set")
    plans: dict[_Norm, tuple[Any, Dataset]] = {}
    for key, ds in units.items():
        values = key if isinstance(key, tuple) else (key,)
        if len(values) != len(by):
            raise _invalid(
                "key_length", "units", f"the key `{key!r}` does not have one value per `by` column ({len(by)})"
            )
        if not isinstance(ds, Dataset):
            raise _invalid("not_a_dataset", "units", f"the units of `{key!r}` are not a fupin.Dataset")
        norm = _norm(values)
        if norm in plans:
            raise _invalid("duplicate_key", "units", f"the keys `{plans[norm][0]!r}` and `{key!r}` are the same snapshot")
        plans[norm] = (key, ds)
    return plans


_COUNT_FIELDS = [
    StructField("partials", LongType(), False),
    StructField("rows", LongType(), False),
    StructField("accepted", LongType(), False),
    StructField("tally", BinaryType()),
    StructField("rejects", ArrayType(_REJECT, False), False),
]


def partials_schema(households: DataFrame, by: str | Sequence[str] | None = None) -> StructType:
    """The schema of :func:`partials` and :func:`combine`: the ``by`` columns (their types
    in ``households``), ``partials`` (how many partial tallies were merged into the row),
    ``rows``, ``accepted``, ``tally`` (:meth:`fupin.Tally.to_bytes` compressed with zlib:
    read it with :func:`read_tally`; null for a snapshot without a data set) and ``rejects`` (:data:`REJECT_FIELDS`)."""
    cols = _by_list(by)
    return StructType([StructField(c, households.schema[c].dataType) for c in cols] + _COUNT_FIELDS)


class _Group:
    """What one task counted for one snapshot."""

    def __init__(self, first: pa.RecordBatch, by: Sequence[str], stream: TallyStream | None) -> None:
        self.keys = [first.column(c).slice(0, 1) for c in by]
        self.stream = stream
        self.rows = 0
        self.accepted = 0
        self.rejects: list[dict[str, Any]] = []


def _split(batch: pa.RecordBatch, by: Sequence[str]) -> Iterator[tuple[pa.RecordBatch, pa.Array | None]]:
    """The batch's rows by snapshot: each part with the indices of its rows in the batch
    (``None`` when the whole batch is one snapshot, handed on without a copy)."""
    if not by or all(pc.count_distinct(batch.column(c), mode="all").as_py() <= 1 for c in by):
        yield batch, None
        return
    table = pa.Table.from_batches([batch]).select(list(by))
    table = table.append_column("__fupin_row", pa.array(range(batch.num_rows), pa.int64()))
    groups = table.group_by(list(by), use_threads=False).aggregate([("__fupin_row", "list")])
    for rows in groups.column("__fupin_row_list").chunks:
        for i in range(len(rows)):
            idx = rows[i].values
            idx = idx.take(pc.sort_indices(idx))
            yield batch.take(idx), idx


def _counter(
    plans: Mapping[_Norm, tuple[str, str | None]],
    by: Sequence[str],
    column_map: Mapping[str, Sequence[str]] | None,
    key: str | None,
    encoded: Mapping[str, str] | None = None,
    spellings: Sequence[str] = (),
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function each task runs over its batches (see :func:`partials`); ``encoded``:
    the columns the JVM sent encoded (:func:`_encode`), by name, with their field, and
    ``spellings`` the statuses' spellings they were encoded by."""
    by = list(by)
    cmap = {k: list(v) for k, v in column_map.items()} if column_map else None
    encoded = dict(encoded or {})
    spelled = list(spellings)
    given_threads = _PUSH_THREADS  # (read on the driver)

    def count(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        context = TaskContext.get()
        partition = context.partitionId() if context is not None else -1
        # the cores Spark gave the task (one by default), not every core of the machine: a
        # push on every core costs milliseconds of its own, more than counting 10,000 rows
        threads = given_threads if given_threads is not None else max(1, context.cpus()) if context is not None else 0
        groups: dict[_Norm, _Group] = {}
        seen = 0
        texts = pa.array(spelled, pa.string())
        for batch in batches:
            if encoded:
                batch = _decode(batch, encoded, texts)
            for part, idx in _split(batch, by):
                if part.num_rows == 0:
                    continue
                norm = _norm([part.column(c)[0].as_py() for c in by])
                group = groups.get(norm)
                if group is None:
                    plan = plans.get(norm)
                    stream = None if plan is None else TallyStream(plan[0], column_map=cmap, label=plan[1])
                    group = groups[norm] = _Group(part, by, stream)
                start = group.rows
                group.rows += part.num_rows
                if group.stream is None:
                    continue
                report = group.stream.push(part, threads=threads)
                group.accepted += report.accepted
                if report.rejected_rows:
                    _collect_rejects(group, pa.table(report.rejects_table()), part, idx, start, seen, partition, key)
            seen += batch.num_rows
        for group in groups.values():
            # compressed: a task's villages as JSON are ten times larger, and every byte
            # goes through the JVM to the driver
            tally = None if group.stream is None else zlib.compress(group.stream.finish().to_bytes(), 1)
            yield pa.RecordBatch.from_arrays(
                group.keys
                + [
                    pa.array([1], pa.int64()),
                    pa.array([group.rows], pa.int64()),
                    pa.array([group.accepted], pa.int64()),
                    pa.array([tally], pa.binary()),
                    pa.array([group.rejects], _REJECTS_ARROW),
                ],
                names=by + list(_COUNTS),
            )

    return count


def _collect_rejects(
    group: _Group,
    table: pa.Table,
    part: pa.RecordBatch,
    idx: pa.Array | None,
    start: int,
    seen: int,
    partition: int,
    key: str | None,
) -> None:
    """Adds the rejected rows of one push, numbered within the task's input (paths too)."""
    local = [int(r) - start for r in table.column("row").to_pylist()]
    in_batch = local if idx is None else idx.take(pa.array(local, pa.int64())).to_pylist()
    keys: list[str | None] = [None] * len(local)
    if key is not None:
        keys = pc.cast(part.column(key).take(pa.array(local, pa.int64())), pa.string()).to_pylist()
    for i, path, code, message, k, b in zip(
        local,
        table.column("path").to_pylist(),
        table.column("code").to_pylist(),
        table.column("message").to_pylist(),
        keys,
        in_batch,
        strict=True,
    ):
        row = seen + int(b)
        prefix = f"[{i + start}]"
        rest = path[len(prefix) :] if path.startswith(prefix) else path
        group.rejects.append(
            {
                "partition": partition,
                "row": row,
                "key": k,
                "path": f"[{row}]{rest}",
                "code": code,
                "message": message,
                "file": None,
            }
        )


#: Threads of each push in a task (``None``: the task's cores; 0, every core, as before:
#: ``bench/bench_spark.py`` measures both).
_PUSH_THREADS: int | None = None

#: The fields :func:`partials` can have the JVM encode before the rows leave it.
ENCODED_FIELDS = ("village", "status")

#: The raw-text twin of an encoded column: the text wherever the encoding left a null.
_RAW = "__fupin_raw__"


def _spellings() -> list[str]:
    """Every status spelling the core reads, from its own table (``fupin.household.statuses``):
    a status is sent from the JVM as its index in this list."""
    return [spelling for status in _statuses() for spelling in status["spellings"]]


def _encode(
    households: DataFrame,
    shipped: Sequence[str],
    fields: Mapping[str, str],
    encode: Iterable[str],
    keep: Iterable[str],
    spellings: Sequence[str],
) -> tuple[list[Column], dict[str, str]]:
    """The columns to ship, with the text columns of the fields in ``encode`` (those of
    :data:`ENCODED_FIELDS`; not those in ``keep``, the ``by`` and ``key`` columns) computed
    in the JVM as integers — a village code of exactly twelve ASCII digits, the first not
    0, as its number (which the core reads as it reads the text); a status spelled exactly
    as one of ``spellings`` (:func:`_spellings`) as its index —, each with a text twin that
    holds the cell wherever the integer is null (any other text, read by the core as
    before). Returns the columns and the encoded ones by name, with their field."""
    wanted = set(encode)
    unknown = sorted(wanted - set(ENCODED_FIELDS))
    if unknown:
        raise _invalid("unknown_encoding", "encode", f"fields that cannot be encoded: {unknown} (only {list(ENCODED_FIELDS)})")
    kept = set(keep)
    encoded: dict[str, str] = {}
    for kind in ENCODED_FIELDS:
        column = fields.get(kind)
        if kind in wanted and column is not None and column not in kept:
            if isinstance(households.schema[column].dataType, StringType):
                encoded[column] = kind
    out: list[Column] = []
    for name in shipped:
        text = F.col(name)
        field = encoded.get(name)
        if field == "village":
            # (the length too: `$` lets a final line break through; and a leading 0 would
            # be lost in the number)
            code = F.when((F.length(text) == 12) & text.rlike("^[1-9][0-9]{11}$"), text.cast("long"))
        elif field == "status":
            chain: Column | None = None  # (CASE WHEN … WHEN …: one flat chain)
            for i, spelling in enumerate(spellings):
                hit = text == F.lit(spelling)
                chain = F.when(hit, F.lit(i)) if chain is None else chain.when(hit, F.lit(i))
            code = (chain if chain is not None else F.lit(None)).cast("tinyint")
        else:
            out.append(text)
            continue
        out += [code.alias(name), F.when(code.isNull(), text).alias(_RAW + name)]
    return out, encoded


def _decode(batch: pa.RecordBatch, encoded: Mapping[str, str], spellings: pa.Array) -> pa.RecordBatch:
    """The batch as the register holds it, from the columns :func:`_encode` sent: a
    village column whose text twin is empty stays integers (the core reads the number of
    a 12-digit code as its text: same results, same messages), any other is made text
    again (each number written back in its 12 digits, the twin's text elsewhere); a status
    column is made text again (each index as its spelling, the twin's text elsewhere)."""
    names: list[str] = []
    columns: list[pa.Array] = []
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        if name.startswith(_RAW):
            continue
        field = encoded.get(name)
        if field is not None:
            raw = batch.column(_RAW + name)
            clean = raw.null_count == len(raw)
            if field == "village":
                if not (clean and column.null_count == 0):
                    column = pc.if_else(pc.is_valid(column), pc.cast(column, pa.string()), raw)
            else:
                text = spellings.take(pc.cast(column, pa.int32()))
                column = text if clean else pc.if_else(pc.is_valid(column), text, raw)
        names.append(name)
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, names=names)


def partials(
    households: DataFrame,
    units: Dataset | Mapping[Any, Dataset],
    *,
    by: str | Sequence[str] | None = None,
    column_map: Mapping[str, Sequence[str]] | None = None,
    key: str | None = None,
    encode: bool | Iterable[str] = False,
) -> DataFrame:
    """The partial tallies of ``households`` (a Spark DataFrame of the register, columns as
    :meth:`fupin.Dataset.add_households` reads them, Chinese export names included): one
    row per Spark partition and snapshot, in :func:`partials_schema`. Lazy, like any
    DataFrame: write it out (``.write.parquet``) to keep the partial tallies, or pass it to
    :func:`combine` / :func:`merge`.

    ``units``: one :class:`fupin.Dataset` (without ``by``), or a mapping from each
    snapshot's key (the ``by`` value, a tuple of them for several columns) to its data set.
    Each data set gives its snapshot's as-of date and label, and its unit facts (counted on
    the driver by :func:`merge`, not here). Keys match values by their text, so ``"52"``
    and ``52`` are the same key. Rows of a snapshot without a data set are counted but not
    assessed (``tally`` null), and :func:`merge` refuses them.

    ``column_map`` adds column names (``{"village": ["所在村代码"]}``); ``key`` names a
    column (such as ``户编号``, not a personal-data column) whose value is copied into each
    rejected row's record.

    ``encode``: the text columns the JVM turns into integers before the rows leave it
    (:data:`ENCODED_FIELDS`: ``True`` both, ``False`` (the default) none, or some of them
    by name): village codes of twelve digits as numbers, statuses as their index among the
    spellings the core accepts (``fupin.household.statuses()``), any other text sent as it
    is beside them. Fewer bytes cross to Python and the results are the same, but in
    ``bench/bench_spark.py`` (``local[2]``) it costs more CPU than it saves: computing the
    integers and sending their (empty) text twins costs more than the text did.
    """
    cols = _by_list(by)
    for c in cols + ([key] if key is not None else []):
        if c not in households.columns:
            raise _invalid("missing_column", c, f"the households have no column `{c}`")
    plans = {norm: (ds.as_of.isoformat(), ds.label) for norm, (_, ds) in _plans(units, cols).items()}
    cmap = {k: list(v) for k, v in column_map.items()} if column_map else None
    fields = TallyStream.fields(households.columns, column_map=cmap)
    if "village" not in fields:
        message = "the households have no village column (行政区划代码, village …; add a name with column_map)"
        raise MissingColumnError(message, "missing_column", [{"code": "missing_column", "path": "village", "message": message}])
    # only the columns counted go from the JVM to Python (the file number identifies a row,
    # it is not counted): moving cells is most of the cost
    counted = [column for field, column in fields.items() if field != "file_number"]
    shipped = list(dict.fromkeys([*cols, *counted, *([key] if key is not None else [])]))
    schema = partials_schema(households, cols)
    if isinstance(encode, bool):
        wanted: tuple[str, ...] = ENCODED_FIELDS if encode else ()
    else:
        wanted = (encode,) if isinstance(encode, str) else tuple(encode)
    spellings = _spellings()
    keep = [*cols, *([key] if key is not None else [])]
    columns, encoded = _encode(households, shipped, fields, wanted, keep, spellings)
    count = _counter(plans, cols, cmap, key, encoded, spellings)
    return households.select(*columns).mapInArrow(count, schema)


def read_tally(blob: bytes) -> Tally:
    """The partial tally of a ``tally`` field of :func:`partials`, :func:`combine` or
    :func:`file_partials`: :meth:`fupin.Tally.to_bytes` compressed with zlib (``x…``; the
    tasks send them so, a tenth of the bytes), or as written (JSON, ``{…``)."""
    return Tally.from_bytes(zlib.decompress(blob) if blob[:1] == b"x" else blob)


def _merge_all(tallies: list[Tally]) -> Tally | None:
    """Merges tallies pairwise (a balanced tree: each counter is added O(log n) times)."""
    while len(tallies) > 1:
        tallies = [a.merge(b) for a, b in zip(tallies[0::2], tallies[1::2], strict=False)] + (
            [tallies[-1]] if len(tallies) % 2 else []
        )
    return tallies[0] if tallies else None


def _combiner(by: Sequence[str]) -> Callable[[pa.Table], pa.Table]:
    by = list(by)

    def combine_group(table: pa.Table) -> pa.Table:
        blobs = [b for b in table.column("tally").to_pylist() if b is not None]
        merged = _merge_all([read_tally(b) for b in blobs])
        rejects = pc.list_flatten(table.column("rejects"))
        return pa.table(
            [table.column(c).slice(0, 1) for c in by]
            + [
                pa.array([pc.sum(table.column("partials")).as_py()], pa.int64()),
                pa.array([pc.sum(table.column("rows")).as_py()], pa.int64()),
                pa.array([pc.sum(table.column("accepted")).as_py()], pa.int64()),
                pa.array([None if merged is None else zlib.compress(merged.to_bytes(), 1)], pa.binary()),
                pa.array([rejects.to_pylist()], _REJECTS_ARROW),
            ],
            names=by + list(_COUNTS),
        )

    return combine_group


def combine(partials: DataFrame, *, by: str | Sequence[str] | None = None) -> DataFrame:
    """Merges partial tallies inside Spark: one row per snapshot (``by`` as given to
    :func:`partials`), same schema, partial tallies merged with :meth:`fupin.Tally.merge`,
    counts added, rejects gathered. Its output can be combined again (with other runs'
    partials, e.g. a new month's files): merging is associative and commutative."""
    cols = _by_list(by)
    rows = partials.select(*cols, *_COUNTS)  # e.g. without the partition columns of a stored copy
    return rows.groupBy(*cols).applyInArrow(_combiner(cols), partials_schema(rows, cols))


def _row_dict(row: Row | Mapping[str, Any]) -> Mapping[str, Any]:
    return row.asDict(recursive=True) if isinstance(row, Row) else row


def merge(
    rows: DataFrame | pa.Table | Iterable[Row | Mapping[str, Any]],
    units: Dataset | Mapping[Any, Dataset],
    *,
    by: str | Sequence[str] | None = None,
) -> dict[Any, SparkAssessment]:
    """The assessment of each snapshot from rows of :func:`partials` or :func:`combine` (a
    DataFrame, which is collected, a pyarrow table, or rows / dicts, in any order): each
    snapshot's partial tallies merged together and with the tally of its data set in
    ``units`` (the same ``units`` and ``by`` as given to :func:`partials`), then rolled up.

    Raises :class:`fupin.ValidationError` (code ``no_data_set``) when rows of a snapshot
    had no data set. Households of one village may be in any partitions: the core's merge
    counts each village once, listed or not.
    """
    cols = _by_list(by)
    plans = _plans(units, cols)
    if isinstance(rows, DataFrame):
        rows = rows.toArrow()
    records: Iterable[Row | Mapping[str, Any]] = rows.to_pylist() if isinstance(rows, pa.Table) else rows
    found: dict[_Norm, list[Mapping[str, Any]]] = {}
    for record in records:
        r = _row_dict(record)
        found.setdefault(_norm([r[c] for c in cols]), []).append(r)
    missing = [
        {
            "code": "no_data_set",
            "path": "units",
            "message": f"no data set for the snapshot `{_user_key(norm, cols)!r}` ({sum(r['rows'] for r in group)} rows)",
            "params": {"key": repr(_user_key(norm, cols)), "rows": sum(r["rows"] for r in group)},
        }
        for norm, group in found.items()
        if norm not in plans
    ]
    if missing:
        raise ValidationError(f"{len(missing)} snapshot(s) have no data set: give one for each", "validation", missing)
    out: dict[Any, SparkAssessment] = {}
    for norm, (key, ds) in plans.items():
        group = found.get(norm, [])
        counted = _merge_all([read_tally(r["tally"]) for r in group if r["tally"] is not None])
        tally = ds.tally() if counted is None else ds.tally().merge(counted)
        rollup = tally.roll_up()
        rejects = [x for r in group for x in r["rejects"]]
        rejects.sort(key=lambda x: (x["partition"], x["row"], x["path"], x["code"]))
        out[key] = SparkAssessment(
            key=key,
            tally=tally,
            rollup=rollup,
            rows=sum(int(r["rows"]) for r in group),
            accepted=sum(int(r["accepted"]) for r in group),
            rejects=pa.Table.from_pylist(rejects, schema=pa.schema(list(_REJECT_ARROW))),
            partials=sum(int(r["partials"]) for r in group),
        )
    return out


def assess(
    households: DataFrame,
    units: Dataset | Mapping[Any, Dataset],
    *,
    by: str | Sequence[str] | None = None,
    column_map: Mapping[str, Sequence[str]] | None = None,
    key: str | None = None,
    encode: bool | Iterable[str] = False,
) -> dict[Any, SparkAssessment]:
    """The assessment of every snapshot of ``households`` (a Spark DataFrame), counted by
    the cluster (:func:`partials`, one small partial tally per task and snapshot) and
    merged on the driver with the unit facts (:func:`merge`: as much data reaches the driver
    as through :func:`combine`, without another Spark stage). The result has one entry per
    data set: under ``None`` without ``by``, else under its key in ``units``. Arguments as
    for :func:`partials`."""
    cols = _by_list(by)
    frame = partials(households, units, by=cols, column_map=column_map, key=key, encode=encode)
    return merge(frame, units, by=cols)


# the file mode (its module imports the functions above)
from ._spark_files import FileTask, assess_files, file_partials, plan_files  # noqa: E402
