"""The exception hierarchy, and the guarantee that no panic reaches Python."""

from __future__ import annotations

import threading

import pyarrow as pa
import pytest

import fupin
from fupin import errors


def test_hierarchy_one_class_per_kind() -> None:
    kinds = [
        errors.ValidationError,
        errors.RegionCodeError,
        errors.IdNumberError,
        errors.MoneyError,
        errors.UnknownKeyError,
        errors.JsonError,
        errors.DataError,
        errors.ArrowError,
    ]
    for k in kinds:
        assert issubclass(k, fupin.FupinError) and issubclass(k, ValueError)
    assert issubclass(errors.NotFoundError, errors.DataError)
    assert issubclass(errors.MissingColumnError, errors.ArrowError)
    assert issubclass(errors.StepError, errors.ValidationError)
    e = fupin.FupinError("boom")
    assert e.code == "error" and e.errors() == []


def test_money_error_and_codes() -> None:
    with pytest.raises(fupin.ValidationError) as info:
        fupin.Household(
            {"file_number": "1", "village": "522327104201", "identified_year": 2016, "status": "poor",
             "main_cause": "illness", "income_per_capita": "1.001",
             "members": [{"name": "A", "relation": "householder", "sex": "male"}]}
        )
    assert info.value.errors()[0]["path"] == "income_per_capita"
    assert info.value.errors()[0]["code"].startswith("money_")


def test_hostile_inputs_raise_fupin_errors_never_panics() -> None:
    nested: list[object] = []
    nested.append(nested)
    bad_inputs = [nested, {"members": [None] * 100}, {"village": 10**30}, [1, 2, 3], "text", None, 3.5]
    for bad in bad_inputs:
        with pytest.raises((fupin.FupinError, TypeError)):
            fupin.Household(bad)  # type: ignore[arg-type]
    ds = fupin.Dataset("2020-06-30")
    weird = pa.table({"village": [None, "522327104201"], "people": [0, 10**6], "status": [None, "??"]})
    report = ds.add_households(weird)
    assert report.accepted == 0 and report.rejected_rows == 2
    with pytest.raises(fupin.FupinError):
        fupin.Dataset("2020-02-30")
    report = ds.add_households([{"village": "522327104201"}] * 3 + [nested])  # type: ignore[list-item]
    assert (report.rows, report.accepted, report.rejected_rows) == (4, 0, 4)
    assert {i["path"].split("]")[0] for i in report.rejected} == {"[0", "[1", "[2", "[3"}


def test_the_gil_is_released_during_roll_ups() -> None:
    ds = fupin.assess.synthesize(["522327", "522328", "522301"], scale=0.5)
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(ds.roll_up().households)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and results[0] == ds.household_count
