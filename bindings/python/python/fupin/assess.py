"""Assessment: data sets from Arrow data or dicts, tallies, roll-ups at every level, indicators,
target verdicts, exit verdicts, scorecards and accountability chains."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ._fupin import Dataset, Rollup, RowReport, Tally, TallyStream, household_exit_verdict, synthetic

if TYPE_CHECKING:
    import pyarrow  # type: ignore[import-untyped]

__all__ = [
    "Dataset",
    "Rollup",
    "RowReport",
    "Tally",
    "TallyStream",
    "household_exit_verdict",
    "read_parquet",
    "synthetic",
]


def read_parquet(
    source: str | os.PathLike[str],
    *,
    column_map: dict[str, list[str]] | None = None,
    file_number: bool = False,
    **read_options: Any,
) -> pyarrow.Table:
    """Reads a household register from Parquet with pyarrow, the way fupin counts it fastest.

    Only the columns the register reader knows are read (found by their names through the
    column map, Chinese headers included: see ``TallyStream.fields``), the ID-free file
    number only when ``file_number`` is true, and the village code and status columns keep
    their dictionary encoding (``read_dictionary``), so that the 30 million village codes of
    a national register arrive as a few hundred thousand distinct strings and indices, not
    as 30 million strings. The table is handed to ``Dataset.add_households`` or
    ``TallyStream.push`` as any other; the numbers are the same as from
    ``pyarrow.parquet.read_table(source)``. ``read_options`` go on to
    ``pyarrow.parquet.read_table`` (``filters=``, ``memory_map=`` …). Needs pyarrow.

    >>> import fupin, pyarrow as pa, pyarrow.parquet as pq, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "register.parquet")
    >>> pq.write_table(pa.table({"行政区划代码": ["522327104201"] * 3, "备注": ["", "", ""]}), path)
    >>> table = fupin.assess.read_parquet(path)
    >>> table.column_names, str(table.schema.field("行政区划代码").type)
    (['行政区划代码'], 'dictionary<values=string, indices=int32, ordered=0>')
    """
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    names = pq.read_schema(source).names
    fields = TallyStream.fields(names, column_map=column_map)
    wanted = {c for f, c in fields.items() if file_number or f != "file_number"}
    columns = [c for c in names if c in wanted]  # in the file's order
    dictionary = [fields[f] for f in ("village", "status") if f in fields]
    read_options.setdefault("read_dictionary", dictionary)
    return pq.read_table(source, columns=columns, **read_options)
