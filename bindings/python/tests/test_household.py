"""fupin.household: reading, validation, masking, round trips."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

import fupin
from fupin import household


def test_household_reads_validates_and_masks(household_dict: dict[str, Any]) -> None:
    h = fupin.Household(household_dict)
    assert h.validate(datetime.date(2020, 6, 30)) == []
    assert h.validate("2020-06-30") == []
    assert isinstance(h.validate(), list)
    assert h.village.level == "village" and h.status in {"poor", "exited", "returned", "newly_poor"}
    assert h.size == len(h) == len(h.members) == len(household_dict["members"])
    assert h.householder is not None and h.householder.relation == "householder"
    assert h.file_number == household_dict["file_number"]
    assert len(h.id) == 36
    text = repr(h) + repr(h.members) + str([m.name for m in h.members])
    for m in household_dict["members"]:
        assert m["name"] not in text
        if "id_number" in m:
            assert m["id_number"] not in text
    assert fupin.Household.from_json(json.dumps(household_dict)) == fupin.Household(h.to_dict())
    assert fupin.Household.parse_and_validate(household_dict, "2020-06-30") == h


def test_validation_error_lists_every_problem_like_pydantic() -> None:
    with pytest.raises(fupin.ValidationError) as info:
        fupin.Household({"village": "5223", "members": [{"name": 3}], "extra": True})
    err = info.value
    assert isinstance(err, fupin.FupinError) and isinstance(err, ValueError)
    assert err.code == "validation"
    issues = err.errors()
    assert len(issues) > 3
    assert all(set(i) == {"code", "path", "message", "params"} for i in issues)
    assert {"[0]" not in i["path"] for i in issues}
    paths = {i["path"] for i in issues}
    assert {"village", "extra", "members[0].name"} <= paths


def test_rules_that_span_fields_and_personal_data_in_messages() -> None:
    h = fupin.Household(
        {
            "file_number": "5223270002001",
            "village": "522327104201",
            "identified_year": 2016,
            "status": "poor",
            "main_cause": "因病",
            "income_per_capita": -1,
            "members": [{"name": "张三", "relation": "householder", "sex": "male", "id_number": "11010519491231002X"}],
        }
    )
    issues = h.validate("2020-06-30")
    assert [i["code"] for i in issues] == ["negative_income", "id_sex_mismatch"]
    assert "11010519491231002X" not in json.dumps(issues) and "张三" not in json.dumps(issues, ensure_ascii=False)
    with pytest.raises(fupin.ValidationError) as info:
        fupin.Household.parse_and_validate(h.to_dict(), "2020-06-30")
    assert "11010519491231002X" not in str(info.value)


def test_member_and_id_number() -> None:
    m = fupin.Member({"name": "王某", "relation": "householder", "sex": "female", "id_number": "11010519491231002X", "birth_date": "1950-01-01"})
    assert m.name == "王*" and m.sex == "female" and m.relation == "householder"
    assert [i["code"] for i in m.validate("2020-06-30")] == ["id_birth_date_mismatch"]
    assert "11010519491231002X" not in repr(m) and "王某" not in repr(m)
    assert m.to_dict()["id_number"] == "11010519491231002X"
    i = m.id_number
    assert i is not None and i == fupin.IdNumber("11010519491231002X") and hash(i) == hash(fupin.IdNumber("11010519491231002X"))
    assert i.pseudonym(b"key") == i.pseudonym(b"key") != i.pseudonym(b"other")
    assert "11010519491231002X" not in i.pseudonym(b"key")
    assert household.id_check_char("11010519491231002") == "X"
    with pytest.raises(fupin.ValidationError):
        household.id_check_char("12")


def test_causes() -> None:
    keys = [c["key"] for c in household.causes()]
    assert len(keys) == 12
    assert household.parse_cause("因病") in keys
    with pytest.raises(fupin.UnknownKeyError) as info:
        household.parse_cause("天灾人祸")
    assert info.value.code == "unknown_key"


def test_dates_and_non_json_values(household_dict: dict[str, Any]) -> None:
    m = fupin.Member({"name": "A", "relation": "householder", "sex": "male", "birth_date": datetime.date(1990, 1, 2)})
    assert m.to_dict()["birth_date"] == "1990-01-02"
    with pytest.raises(fupin.ValidationError) as info:
        fupin.Member({"name": "A", "relation": "householder", "sex": "male", "birth_date": {1, 2}})
    assert info.value.errors()[0]["code"] == "unsupported_type"
    with pytest.raises(fupin.ValidationError):
        fupin.Household({"x": float("nan")})
    with pytest.raises(fupin.ValidationError):
        fupin.Household({1: 2})  # type: ignore[dict-item]
    with pytest.raises(fupin.ValidationError):
        fupin.Household(household_dict).validate("2020-13-01")
    with pytest.raises(fupin.ValidationError):
        fupin.Household(household_dict).validate(20200630)  # type: ignore[arg-type]


def test_statuses_list_every_spelling_the_register_readers_accept() -> None:
    listed = household.statuses()
    assert [s["key"] for s in listed] == ["poor", "exited", "returned", "newly_poor"]
    assert [s["is_poor"] for s in listed] == [True, False, True, True]
    spellings = [(spelling, s["key"]) for s in listed for spelling in s["spellings"]]
    assert all(s["key"] in s["spellings"] and s["label_zh"] in s["spellings"] for s in listed)
    assert len({spelling for spelling, _ in spellings}) == len(spellings)
    # each is read as its status by the register readers (white space around it too),
    # anything else is not
    import pyarrow as pa

    texts = [f" {spelling} " for spelling, _ in spellings] + ["Poor"]
    register = pa.table({"village": ["522327104201"] * len(texts), "people": [1] * len(texts), "status": texts})
    ds = fupin.Dataset("2020-06-30")
    report = ds.add_households(register)
    assert (report.accepted, report.rejected_rows) == (len(spellings), 1)
    poor = sum(1 for _, key in spellings if key != "exited")
    assert ds.roll_up().counts()["poor_households"] == poor  # type: ignore[index]
