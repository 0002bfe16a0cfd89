"""Types for annotations: the Arrow objects fupin takes and returns."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["ArrowStream", "ArrowTable"]


@runtime_checkable
class ArrowStream(Protocol):
    """Any object exporting Arrow data through the PyCapsule interface (pyarrow tables and
    readers, polars and pandas data frames, DuckDB results, fupin's result tables)."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...


@runtime_checkable
class ArrowTable(ArrowStream, Protocol):
    """A result table: read it with ``pyarrow.table(t)``, ``polars.DataFrame(t)`` or
    ``pyarrow.table(t).to_pandas()``."""

    @property
    def num_rows(self) -> int: ...

    @property
    def column_names(self) -> list[str]: ...
