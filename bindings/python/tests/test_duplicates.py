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


def records(rows: list[tuple[str, str, list[str]]]) -> list[dict[str, Any]]:
    """Household dicts (village, file number, members' ID numbers) — synthetic."""
    return [
        {
            "file_number": number,
            "village": village,
            "identified_year": 2016,
            "status": "poor",
            "main_cause": "因残",
            "members": [
                {"name": "张三", "relation": "householder" if k == 0 else "child", "sex": "male",
                 "id_number": id_number}
                for k, id_number in enumerate(ids)
            ] or [{"name": "张三", "relation": "householder", "sex": "male"}],
        }
        for village, number, ids in rows
    ]


# synthetic ID numbers with valid check digits (of 522327 / 1985, 1990 births)
ID1, ID2, ID3 = "522327198503120415", "522327199001010018", "522327198801150030"


def test_household_dicts_given_twice_count_once_in_a_dataset() -> None:
    ds = fupin.Dataset(AS_OF)
    report = ds.add_households(
        records([(A, "S1", [ID1]), (A, "S2", [ID2]), (A, " S1 ", []), (B, "S1", [])])
    )
    assert (report.rows, report.accepted, report.rejected_rows) == (4, 3, 1)
    [issue] = report.rejected
    assert (issue["code"], issue["path"]) == ("duplicate_household", "[2].file_number")
    assert issue["message"].endswith("is already at add_households call 1 row 0")
    assert len(ds) == 3
    # a later call, as records: the same file number of the same village, and another
    # file number with the members of an earlier household (by their ID numbers)
    again = ds.add_households(records([(A, "S2", []), (B, "S9", [ID2]), (B, "S3", [ID3])]))
    assert (again.rows, again.accepted) == (3, 1)
    # the members' household: its person registered before, then the household (as
    # `validate_households` reports them)
    assert [(i["code"], i["path"]) for i in again.rejected] == [
        ("duplicate_household", "[0].file_number"),
        ("duplicate_person", "[1].members[0].id_number"),
        ("duplicate_household", "[1].members"),
    ]
    assert again.rejected[0]["message"].endswith("is already at add_households call 1 row 1")
    assert again.rejected[2]["message"].endswith("as the household at add_households call 1 row 1")
    assert len(ds) == 4
    assert ds.tally().total()["households"] == 4


def test_records_and_arrow_data_are_checked_against_each_other() -> None:
    ds = fupin.Dataset(AS_OF)
    first = ds.add_households(pa.table(register(["S1", "S2"], [A, A])))
    assert first.accepted == 2
    second = ds.add_households(records([(A, "S2", []), (A, "S3", [])]))
    assert (second.accepted, [i["path"] for i in second.rejected]) == (1, ["[0].file_number"])
    third = ds.add_households(pa.table(register(["S3", "S4"], [A, A])))
    assert (third.accepted, [i["path"] for i in third.rejected]) == (1, ["[0].户编号"])
    assert third.rejected[0]["message"].endswith("is already at add_households call 2 row 1")
    assert ds.tally().total()["households"] == 4


def test_household_dicts_pushed_twice_count_once() -> None:
    stream = fupin.TallyStream(AS_OF)
    first = stream.push(records([(A, "S1", [ID1]), (A, "S2", [])]))
    assert (first.rows, first.accepted) == (2, 2)
    # a record that cannot be read keeps its row; rows are numbered on across pushes
    bad = records([(A, "S3", [])])[0] | {"identified_year": "never"}
    second = stream.push(
        [bad, *records([(A, "S2", []), (B, "S7", [ID1]), (A, "S4", [])])]
    )
    assert (second.rows, second.accepted) == (4, 1)
    rejected = [(i["code"], i["path"]) for i in second.rejected if i["code"] == "duplicate_household"]
    assert rejected == [
        ("duplicate_household", "[3].file_number"),
        ("duplicate_household", "[4].members"),
    ]
    # the unreadable record, and the person of [4] registered before in [0]
    assert {i["path"].split("]")[0] for i in second.rejected if i["code"] != "duplicate_household"} == {"[2", "[4"}
    assert [i["path"] for i in second.rejected if i["code"] == "duplicate_person"] == ["[4].members[0].id_number"]
    assert second.rejected[-1]["message"].endswith("as the household at TallyStream.push row 0")
    assert stream.finish().total()["households"] == 3


def test_a_person_in_two_households_is_left_out_as_validate_leaves_it() -> None:
    """One person in two households (一户一档): the later record is a rejected row
    `duplicate_person`, in a data set and a stream alike, as `validate_households` finds it."""

    def record(number: str, ids: list[str]) -> dict[str, Any]:
        return {
            "file_number": number,
            "village": "522327104201",
            "identified_year": 2016,
            "status": "poor",
            "main_cause": "因病",
            "members": [
                {"name": f"某{i}", "relation": "householder" if i == 0 else "spouse",
                 "sex": "male" if int(x[16]) % 2 else "female", "id_number": x}
                for i, x in enumerate(ids)
            ],
        }

    x, y = "522327197003120211", "522327197205050426"
    records = [record("A1", [x]), record("B2", [x, y])]
    ds = fupin.Dataset("2020-06-30")
    report = ds.add_households(records)
    assert (report.accepted, [i["code"] for i in report.rejected]) == (1, ["duplicate_person"])
    stream = fupin.TallyStream("2020-06-30")
    report = stream.push(records)
    assert (report.accepted, [i["code"] for i in report.rejected]) == (1, ["duplicate_person"])
