"""The file mode of :mod:`fupin.spark`: Parquet files counted by Spark tasks with fupin's own
Parquet reader (:meth:`fupin.TallyStream.push_parquet`), no row passing through the JVM.

The driver lists the files and reads their footers (row groups, rows, the village column's
statistics); each task is a run of consecutive row groups of one snapshot, counted by one
:class:`fupin.TallyStream` into one partial tally, merged on the driver by
:func:`fupin.spark.merge` exactly as the DataFrame mode's partials are."""

from __future__ import annotations

import dataclasses
import os
import tempfile
import urllib.parse
import zlib
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pyarrow.fs as pafs  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from pyspark import TaskContext
from pyspark.sql import SparkSession

from ._fupin import Dataset, TallyStream

if TYPE_CHECKING:
    from .spark import SparkAssessment


def _spark() -> Any:
    """:mod:`fupin.spark`, imported when first used: it imports this module at its end, and
    a task's worker may import this one first (unpickling a :class:`FileTask`)."""
    from . import spark

    return spark

__all__ = ["FileTask", "assess_files", "file_partials", "plan_files"]

# Spark writes these beside the data (`_SUCCESS`, `.part-0.crc`): not Parquet files
_HIDDEN = ("_", ".")
_DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__"


@dataclasses.dataclass(frozen=True)
class _File:
    """One Parquet file: where it is, its name in messages, its partition values."""

    path: str
    name: str
    size: int
    partition: dict[str, str | None]


@dataclasses.dataclass(frozen=True)
class _Group:
    """One row group: its file (index), its index, rows, bytes, village bounds."""

    file: int
    index: int
    rows: int
    span: tuple[int, int]
    low: Any
    high: Any
    checked: bool


@dataclasses.dataclass(frozen=True)
class FileTask:
    """What one Spark task counts (see :func:`plan_files`): the snapshot (``key``, the
    ``by`` values as text), and ``ranges`` of row groups ``(file, start, end)`` (end
    excluded) counted in that order, after ``earlier`` ranges of the same snapshot were
    given to its check of households given twice (rows before the task's that share a
    village with it). ``files`` maps the index of each file it reads to ``(path, name,
    size)``; ``spans`` are the byte ranges of each file the task reads (for file systems
    other than the local one)."""

    key: tuple[str | None, ...]
    ranges: tuple[tuple[int, int, int], ...]
    earlier: tuple[tuple[int, int, int], ...]
    files: dict[int, tuple[str, str, int]]
    spans: tuple[tuple[int, tuple[tuple[int, int], ...]], ...]
    rows: int


def _filesystem(path: str, filesystem: Any) -> tuple[Any, str]:
    """A pyarrow file system and the path in it: ``filesystem`` as given (pyarrow's, or an
    fsspec one, wrapped), else from the path (``s3://…``, ``hdfs://…``; local without a
    scheme)."""
    if filesystem is None:
        if "://" in path:
            fs, inner = pafs.FileSystem.from_uri(path)
            return fs, inner
        return pafs.LocalFileSystem(), os.path.abspath(path)
    if not isinstance(filesystem, pafs.FileSystem):
        filesystem = pafs.PyFileSystem(pafs.FSSpecHandler(filesystem))
    return filesystem, path


def _partition(relative: str) -> dict[str, str | None]:
    """The Hive-style partition values of a file's directories (``snapshot=2020-06/…``)."""
    out: dict[str, str | None] = {}
    for part in relative.split("/")[:-1]:
        if "=" in part:
            key, value = part.split("=", 1)
            text = urllib.parse.unquote(value)
            out[urllib.parse.unquote(key)] = None if text == _DEFAULT_PARTITION else text
    return out


def _list(paths: Any, filesystem: Any) -> tuple[Any, list[_File]]:
    """The Parquet files of ``paths`` (files or directories, walked in the order of their
    paths), with their partition values relative to the directory given."""
    given = [os.fspath(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
    if not given:
        raise _spark()._invalid("no_files", "paths", "no Parquet file given")
    fs = None
    files: list[_File] = []
    for p in given:
        fs_p, inner = _filesystem(p, filesystem)
        fs = fs if fs is not None else fs_p
        info = fs_p.get_file_info(inner)
        if info.type == pafs.FileType.NotFound:
            raise _spark()._invalid("file_not_found", "paths", f"no file or directory `{p}`")
        if info.type == pafs.FileType.Directory:
            found = fs_p.get_file_info(pafs.FileSelector(inner, recursive=True))
            root = inner.rstrip("/") + "/"
            listed = sorted(
                (f for f in found if f.type == pafs.FileType.File),
                key=lambda f: f.path,
            )
            for f in listed:
                relative = f.path[len(root) :] if f.path.startswith(root) else f.base_name
                if any(part.startswith(_HIDDEN) for part in relative.split("/")):
                    continue
                files.append(_File(f.path, _name(p, relative), f.size, _partition(relative)))
        else:
            files.append(_File(inner, p, info.size, {}))
    return fs, files


def _name(given: str, relative: str) -> str:
    return given.rstrip("/") + "/" + relative


def _bound(value: Any) -> Any:
    """A statistic as a bound of village codes (``None``: unknown — padded text is compared
    trimmed by the check, so it bounds nothing)."""
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if isinstance(value, str) and value != value.strip():
        return None
    return value


def _groups(fs: Any, files: list[_File], column_map: Mapping[str, Sequence[str]] | None) -> list[_Group]:
    """Every row group of ``files``, from their footers (read on the driver)."""
    out: list[_Group] = []
    for i, f in enumerate(files):
        with fs.open_input_file(f.path) as handle:
            meta = pq.ParquetFile(handle).metadata
        names = [meta.schema.column(c).path for c in range(meta.num_columns)]
        cmap = {k: list(v) for k, v in column_map.items()} if column_map else None
        fields = TallyStream.fields(names, column_map=cmap)
        village = names.index(fields["village"]) if "village" in fields else None
        checked = "file_number" in fields
        for g in range(meta.num_row_groups):
            rg = meta.row_group(g)
            low = high = None
            if village is not None:
                stats = rg.column(village).statistics
                if stats is not None and stats.has_min_max:
                    low, high = _bound(stats.min), _bound(stats.max)
            starts = []
            ends = []
            for c in range(rg.num_columns):
                col = rg.column(c)
                start = col.data_page_offset
                if col.has_dictionary_page and col.dictionary_page_offset is not None:
                    start = min(start, col.dictionary_page_offset)
                starts.append(start)
                ends.append(start + col.total_compressed_size)
            span = (min(starts, default=0), max(ends, default=0))
            out.append(_Group(i, g, rg.num_rows, span, low, high, checked))
    return out


def _overlaps(g: _Group, low: Any, high: Any) -> bool:
    """Whether ``g`` may hold a village in ``[low, high]`` (unknown bounds: it may)."""
    if None in (g.low, g.high, low, high):
        return True
    try:
        return bool(g.low <= high and low <= g.high)
    except TypeError:  # village codes as text in one file, as numbers in another
        return True


def _ranges(groups: Sequence[_Group]) -> tuple[tuple[int, int, int], ...]:
    """Consecutive row groups of a file as ``(file, start, end)`` ranges."""
    out: list[list[int]] = []
    for g in groups:
        if out and out[-1][0] == g.file and out[-1][2] == g.index:
            out[-1][2] += 1
        else:
            out.append([g.file, g.index, g.index + 1])
    return tuple((a, b, c) for a, b, c in out)


def plan_files(
    paths: Any,
    *,
    by: str | Sequence[str] | None = None,
    tasks: int = 8,
    filesystem: Any = None,
    column_map: Mapping[str, Sequence[str]] | None = None,
) -> tuple[Any, list[FileTask], dict[tuple[str | None, ...], int]]:
    """How :func:`file_partials` splits the files (footers read here, on the driver): the
    file system, about ``tasks`` tasks (runs of consecutive row groups of one snapshot, of
    about equal rows; a village may span tasks), and the rows of each snapshot. Files are
    taken in the order of their paths (a directory walked, sorted) or as listed, and so are
    households given twice: the first row counts. Each task's check is first given the row
    groups before its own, of its snapshot, whose village statistics overlap its villages
    (all of them when statistics are missing), so that it finds what one process reading
    the files in that order finds."""
    cols = _spark()._by_list(by)
    fs, files = _list(paths, filesystem)
    for f in files:
        missing = [c for c in cols if c not in f.partition]
        if missing:
            raise _spark()._invalid(
                "by_not_partitioned",
                "by",
                f"`{missing[0]}` is not a partition directory (`{missing[0]}=…/`) of `{f.name}`: "
                "the file mode splits snapshots by directory only (use the DataFrame mode)",
            )
    groups = _groups(fs, files, column_map)
    by_key: dict[tuple[str | None, ...], list[_Group]] = {}
    for g in groups:
        by_key.setdefault(_spark()._norm([files[g.file].partition[c] for c in cols]), []).append(g)
    total = sum(g.rows for g in groups)
    target = max(1, -(-total // max(1, tasks)))
    planned: list[FileTask] = []
    for key, snapshot in by_key.items():
        chunks: list[list[_Group]] = []
        rows = 0
        for g in snapshot:
            if not chunks or rows >= target:
                chunks.append([])
                rows = 0
            chunks[-1].append(g)
            rows += g.rows
        at = 0
        for chunk in chunks:
            lows = [g.low for g in chunk]
            highs = [g.high for g in chunk]
            try:
                low = None if None in lows else min(lows)
                high = None if None in highs else max(highs)
            except TypeError:
                low = high = None
            earlier = [g for g in snapshot[:at] if g.checked and _overlaps(g, low, high)]
            at += len(chunk)
            spans: dict[int, list[tuple[int, int]]] = {}
            for g in [*earlier, *chunk]:
                spans.setdefault(g.file, []).append(g.span)
            planned.append(
                FileTask(
                    key=key,
                    ranges=_ranges(chunk),
                    earlier=_ranges(earlier),
                    files={f: (files[f].path, files[f].name, files[f].size) for f in spans},
                    spans=tuple((f, tuple(s)) for f, s in spans.items()),
                    rows=sum(g.rows for g in chunk),
                )
            )
    counts = {key: sum(g.rows for g in snapshot) for key, snapshot in by_key.items()}
    return fs, planned, counts


def _local_copy(fs: Any, path: str, size: int, spans: Sequence[tuple[int, int]], folder: str) -> str:
    """A sparse local file holding the bytes of ``path`` that a task reads (its row groups'
    column chunks, the footer), at their offsets: fupin's reader opens it by path."""
    handle, local = tempfile.mkstemp(suffix=".parquet", dir=folder)
    with fs.open_input_file(path) as src, os.fdopen(handle, "r+b") as out:
        out.truncate(size)
        tail = min(size, 8)
        end = src.read_at(tail, size - tail)
        footer = int.from_bytes(end[:4], "little") if len(end) == 8 else 0
        wanted = [(0, min(size, 4)), (max(0, size - 8 - footer), size), *spans]
        for start, stop in sorted(wanted):
            if stop > start:
                out.seek(start)
                out.write(src.read_at(stop - start, start))
    return local


def _task_runner(
    fs: Any,
    plans: Mapping[tuple[str | None, ...], tuple[str, str | None]],
    cols: Sequence[str],
    column_map: dict[str, list[str]] | None,
) -> Any:
    local = isinstance(fs, pafs.LocalFileSystem)

    def run(items: Iterator[tuple[int, FileTask]]) -> Iterator[dict[str, Any]]:
        context = TaskContext.get()
        threads = max(1, context.cpus()) if context is not None else 0
        for number, task in items:
            as_of, label = plans[task.key]
            stream = TallyStream(as_of, column_map=column_map, label=label)
            with tempfile.TemporaryDirectory(prefix="fupin-task-") as folder:
                where: dict[int, str] = {}
                for f, spans in task.spans:
                    path, _, size = task.files[f]
                    where[f] = path if local else _local_copy(fs, path, size, spans, folder)
                for f, start, end in task.earlier:
                    stream.prime_parquet(where[f], row_groups=(start, end), name=task.files[f][1])
                rows = accepted = 0
                rejects: list[dict[str, Any]] = []
                for f, start, end in task.ranges:
                    name = task.files[f][1]
                    report = stream.push_parquet(where[f], row_groups=(start, end), name=name, threads=threads)
                    rows += report.rows
                    accepted += report.accepted
                    for issue in report.rejected:
                        path = issue["path"]
                        row = int(path[1 : path.index("]")]) if path.startswith("[") else None
                        rejects.append(
                            {
                                "partition": number,
                                "row": row,
                                "key": None,
                                "path": path,
                                "code": issue["code"],
                                "message": issue["message"],
                                "file": name,
                            }
                        )
            yield {
                **dict(zip(cols, task.key, strict=True)),
                "partials": 1,
                "rows": rows,
                "accepted": accepted,
                # compressed: the JSON of a task's villages is ten times larger, and every byte
                # goes through the JVM to the driver
                "tally": zlib.compress(stream.finish().to_bytes(), 1),
                "rejects": rejects,
            }

    return run


def file_partials(
    spark: SparkSession,
    paths: Any,
    units: Dataset | Mapping[Any, Dataset],
    *,
    by: str | Sequence[str] | None = None,
    tasks: int | None = None,
    filesystem: Any = None,
    column_map: Mapping[str, Sequence[str]] | None = None,
) -> list[dict[str, Any]]:
    """The partial tallies of the Parquet files ``paths``, counted by Spark tasks with
    fupin's own Parquet reader (see :func:`assess_files`): one dict per task, in the
    fields of :func:`fupin.spark.partials_schema` (``by`` values as text; ``tally``
    zlib-compressed, which :func:`fupin.spark.merge` and :func:`fupin.spark.combine`
    read), for :func:`fupin.spark.merge`; a snapshot without a data set in ``units`` gives one row
    with its rows (from the footers) and no tally, which :func:`~fupin.spark.merge`
    refuses."""
    cols = _spark()._by_list(by)
    plans = {norm: (ds.as_of.isoformat(), ds.label) for norm, (_, ds) in _spark()._plans(units, cols).items()}
    wanted = tasks if tasks is not None else 2 * spark.sparkContext.defaultParallelism
    fs, planned, counts = plan_files(paths, by=cols, tasks=wanted, filesystem=filesystem, column_map=column_map)
    cmap = {k: list(v) for k, v in column_map.items()} if column_map else None
    out: list[dict[str, Any]] = [
        {**dict(zip(cols, key, strict=True)), "partials": 1, "rows": rows, "accepted": 0, "tally": None, "rejects": []}
        for key, rows in counts.items()
        if key not in plans
    ]
    runnable = [(i, t) for i, t in enumerate(planned) if t.key in plans]
    if runnable:
        rdd = spark.sparkContext.parallelize(runnable, len(runnable))
        out.extend(rdd.mapPartitions(_task_runner(fs, plans, cols, cmap)).collect())
    return out


def assess_files(
    spark: SparkSession,
    paths: Any,
    units: Dataset | Mapping[Any, Dataset],
    *,
    by: str | Sequence[str] | None = None,
    tasks: int | None = None,
    filesystem: Any = None,
    column_map: Mapping[str, Sequence[str]] | None = None,
) -> dict[Any, SparkAssessment]:
    """The assessment of every snapshot of a register kept as Parquet files, counted by
    Spark tasks that read the files themselves with fupin's Parquet reader (the one
    ``fupin assess`` uses; row groups decoded from their pages on the task's cores): no
    row passes through the JVM. Results as :func:`fupin.spark.assess` gives them, equal to
    one process reading the files in order.

    ``paths``: a file, a directory (walked; files and directories whose names begin with
    ``_`` or ``.`` left out, as Spark does), or a list of them; local paths, URIs of a
    file system pyarrow reaches (``s3://…``, ``hdfs://…``, ``gs://…``), or paths in
    ``filesystem`` (a ``pyarrow.fs.FileSystem`` or an fsspec one). Local files are opened
    by path on the executors (they must see them at that path: a shared mount); other
    file systems are read by byte range, each task fetching only the footer and the
    column chunks of its row groups into a sparse local file. ``by`` names partition
    directories (``snapshot=2020-06/province=52/``), never a column inside the files.
    ``tasks``: how many tasks (default twice Spark's default parallelism), each a run of
    row groups of one snapshot (a village may be split among tasks: the merge counts it
    once). Each rejected row in ``rejects`` carries its ``file`` and its ``row`` in it
    (from 1, the first of the file) and its task as ``partition``; ``key`` is not
    supported (null)."""
    cols = _spark()._by_list(by)
    rows = file_partials(spark, paths, units, by=cols, tasks=tasks, filesystem=filesystem, column_map=column_map)
    result: dict[Any, SparkAssessment] = _spark().merge(rows, units, by=cols)
    return result
