# mypy: disable-error-code="import-untyped"
"""Assessment: data sets from Arrow data or dicts, tallies, roll-ups at every level, indicators,
target verdicts, exit verdicts, scorecards and accountability chains."""

from __future__ import annotations

import os
import warnings
from typing import Any

from ._fupin import Dataset, Rollup, RowReport, Tally, TallyStream, household_exit, synthesize

__all__ = [
    "Dataset",
    "Rollup",
    "RowReport",
    "Tally",
    "TallyStream",
    "household_exit",
    "household_exit_verdict",
    "iter_parquet",
    "read_parquet",
    "synthesize",
    "synthetic",
]


def household_exit_verdict(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """Deprecated name of :func:`household_exit` (see ``docs/names.md``), kept for one
    release: warns with a ``DeprecationWarning``, then does the same."""
    warnings.warn(
        "fupin.assess.household_exit_verdict is deprecated and goes in the next release: "
        "use fupin.assess.household_exit",
        DeprecationWarning,
        stacklevel=2,
    )
    return household_exit(*args, **kwargs)


def synthetic(*args: Any, **kwargs: Any) -> Dataset:
    """Deprecated name of :func:`synthesize` (see ``docs/names.md``), kept for one release:
    warns with a ``DeprecationWarning``, then does the same."""
    warnings.warn(
        "fupin.assess.synthetic is deprecated and goes in the next release: use fupin.assess.synthesize",
        DeprecationWarning,
        stacklevel=2,
    )
    return synthesize(*args, **kwargs)


def read_parquet(
    source: str | os.PathLike[str],
    *,
    column_map: dict[str, list[str]] | None = None,
    file_number: bool = True,
    **read_options: Any,
) -> Any:
    """Reads a household register from Parquet with pyarrow, the way fupin counts it fastest:
    a ``pyarrow.Table``.

    Only the columns the register reader knows are read (found by their names through the
    column map, Chinese headers included: see ``TallyStream.fields``), the household file
    number among them (when the file has one), and the village code and status columns keep
    their dictionary encoding (``read_dictionary``), so that the 30 million village codes of
    a national register arrive as a few hundred thousand distinct strings and indices, not
    as 30 million strings. The table is handed to ``Dataset.add_households`` or
    ``TallyStream.push`` as any other; the numbers are the same as from
    ``pyarrow.parquet.read_table(source)`` (a household given twice is counted once).
    ``file_number=False`` leaves the file number out (a column less to read): households
    given twice are then not detected, and each of their rows is counted. ``read_options``
    go on to ``pyarrow.parquet.read_table`` (``filters=``, ``memory_map=`` …). Needs
    pyarrow.

    >>> import fupin, pyarrow as pa, pyarrow.parquet as pq, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "register.parquet")
    >>> register = {"户编号": ["D1", "D1", "D2"], "行政区划代码": ["522327104201"] * 3,
    ...             "家庭人口": [4, 4, 3], "贫困户状态": ["贫困户"] * 3, "备注": [""] * 3}
    >>> pq.write_table(pa.table(register), path)
    >>> table = fupin.assess.read_parquet(path)
    >>> table.column_names, str(table.schema.field("行政区划代码").type)
    (['户编号', '行政区划代码', '家庭人口', '贫困户状态'], 'dictionary<values=string, indices=int32, ordered=0>')
    >>> fupin.Dataset("2020-06-30").add_households(table).accepted  # D1 given twice
    2
    """
    import pyarrow.parquet as pq

    columns, dictionary = _register_columns(source, column_map, file_number)
    read_options.setdefault("read_dictionary", dictionary)
    return pq.read_table(source, columns=columns, **read_options)


def iter_parquet(
    source: str | os.PathLike[str],
    *,
    column_map: dict[str, list[str]] | None = None,
    file_number: bool = True,
    row_groups: int = 2,
) -> Any:
    """Reads a household register from Parquet with pyarrow as :func:`read_parquet` does, but
    as a stream (a ``pyarrow.RecordBatchReader``): ``row_groups`` row groups at a time, the
    next ones read on another thread while ``TallyStream.push`` counts these, so reading and
    counting overlap and memory holds two pieces of the register, not all of it. The
    household file number is read too (when the file has one), so a household given twice
    is counted once; ``file_number=False`` leaves it out, and households given twice are
    then not detected. Needs pyarrow.

    >>> import fupin, pyarrow as pa, pyarrow.parquet as pq, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "register.parquet")
    >>> register = {"village": ["522327104201"] * 5, "people": [3] * 5, "status": ["poor"] * 5}
    >>> pq.write_table(pa.table(register), path, row_group_size=2)
    >>> stream = fupin.TallyStream("2020-06-30")
    >>> stream.push(fupin.assess.iter_parquet(path, row_groups=1)).accepted
    5
    """
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa
    import pyarrow.parquet as pq

    columns, dictionary = _register_columns(source, column_map, file_number)
    file = pq.ParquetFile(source, read_dictionary=dictionary)
    n = file.metadata.num_row_groups
    step = max(1, row_groups)
    pieces = [list(range(i, min(i + step, n))) for i in range(0, n, step)] or [[]]

    def read(groups: list[int]) -> Any:
        return file.read_row_groups(groups, columns=columns, use_threads=True)

    first = read(pieces[0])

    def batches() -> Any:
        # pyarrow reads without the GIL, and fupin counts without it: they overlap
        with ThreadPoolExecutor(max_workers=1) as pool:
            table = first
            for following in [*pieces[1:], None]:
                pending = pool.submit(read, following) if following is not None else None
                yield from table.to_batches()
                if pending is None:
                    break
                table = pending.result()

    return pa.RecordBatchReader.from_batches(first.schema, batches())


def _register_columns(
    source: str | os.PathLike[str], column_map: dict[str, list[str]] | None, file_number: bool
) -> tuple[list[str], list[str]]:
    """The columns of a Parquet file that the register reader knows (in the file's order;
    its file number only when ``file_number``), and those to keep dictionary-encoded."""
    import pyarrow.parquet as pq

    names = pq.read_schema(source).names
    fields = TallyStream.fields(names, column_map=column_map)
    wanted = {c for f, c in fields.items() if file_number or f != "file_number"}
    columns = [c for c in names if c in wanted]  # in the file's order
    dictionary = [fields[f] for f in ("village", "status") if f in fields]
    return columns, dictionary
