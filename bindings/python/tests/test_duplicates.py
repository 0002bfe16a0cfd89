"""Issue #16: the same household (village and file number) given twice to a `Dataset` or a
`TallyStream` — in one table, or in two calls — counts once, as in the command: the first
row counts, every later one is a rejected row `duplicate_household` naming where the first
one is."""

from __future__ import annotations

from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import fupin

AS_OF = "2020-06-30"
A, B = "522327104201", "522327104202"


def register(numbers: list[str], villages: list[str]) -> dict[str, list[Any]]:
    n = len(numbers)
    return {
        "户编号": numbers,
        "行政区划代码": villages,
        "家庭人口": [3] * n,
        "贫困户状态": ["贫困户"] * n,
    }


def table(kind: str, data: dict[str, list[Any]]) -> Any:
    if kind == "pyarrow":
        return pa.table(data)
    if kind == "polars":
        return pl.DataFrame(data)
    return pd.DataFrame(data)


@pytest.mark.parametrize("kind", ["pyarrow", "polars", "pandas"])
def test_a_household_twice_in_a_dataset_counts_once(kind: str) -> None:
    ds = fupin.Dataset(AS_OF)
    report = ds.add_households(table(kind, register(["1", "2", " 1 ", "1"], [A, A, A, B])))
    assert (report.rows, report.accepted, report.rejected_rows) == (4, 3, 1)
    [issue] = report.rejected
    assert (issue["code"], issue["path"]) == ("duplicate_household", "[2].户编号")
    assert issue["message"] == (
        f"household file number `1` of village `{A}` is already at add_households call 1 row 0"
    )
    assert len(ds) == 3
    # the same table again: every row was given before
    again = ds.add_households(table(kind, register(["1", "2", "3"], [A, A, B])))
    assert (again.rows, again.accepted) == (3, 1)
    assert [(i["code"], i["path"]) for i in again.rejected] == [
        ("duplicate_household", "[0].户编号"),
        ("duplicate_household", "[1].户编号"),
    ]
    assert again.rejected[1]["message"].endswith("is already at add_households call 1 row 1")
    assert len(ds) == 4
    assert ds.tally().total()["households"] == 4


@pytest.mark.parametrize("kind", ["pyarrow", "polars", "pandas"])
def test_a_household_pushed_twice_counts_once(kind: str) -> None:
    stream = fupin.TallyStream(AS_OF)
    first = stream.push(table(kind, register(["1", "2"], [A, A])))
    assert (first.rows, first.accepted) == (2, 2)
    # rows are numbered on across pushes, and so are the places of the first ones
    second = stream.push(table(kind, register(["3", "2", "3"], [A, A, A])))
    assert (second.rows, second.accepted) == (3, 1)
    assert [(i["code"], i["path"]) for i in second.rejected] == [
        ("duplicate_household", "[3].户编号"),
        ("duplicate_household", "[4].户编号"),
    ]
    assert second.rejected[0]["message"].endswith("is already at TallyStream.push row 1")
    assert second.rejected[1]["message"].endswith("is already at TallyStream.push row 2")
    assert stream.finish().total()["households"] == 3


def test_a_stream_and_a_dataset_count_the_same_as_the_command_would() -> None:
    data = register([str(i % 7) for i in range(20)], [A] * 10 + [B] * 10)
    ds = fupin.Dataset(AS_OF)
    report = ds.add_households(pa.table(data))
    stream = fupin.TallyStream(AS_OF)
    pushed = stream.push(pa.table(data))
    # village A: 0..6 then 0,1,2 again; village B: 3..6, 0..5 (3, 4, 5 again)
    assert (report.accepted, pushed.accepted) == (14, 14)
    rejected = [(i["code"], i["path"]) for i in report.rejected]
    assert rejected == [(i["code"], i["path"]) for i in pushed.rejected]
    assert rejected == [
        ("duplicate_household", f"[{row}].户编号") for row in (7, 8, 9, 17, 18, 19)
    ]
    # the first of row 17 (village B, number 3) is row 10, not village A's row 3
    assert report.rejected[3]["message"].endswith("is already at add_households call 1 row 10")
    assert ds.tally().total() == stream.finish().total()
