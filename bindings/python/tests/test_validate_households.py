"""fupin.household.validate_households: many records in one call (a JSON Lines file, a list
of dicts, an Arrow column of JSON strings), issues as an Arrow table, the same issues as
reading and validating each record on its own."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pyarrow as pa
import pytest

import fupin
from fupin.household import validate_households

from conftest import FIXTURES

SAMPLE = FIXTURES / "households-synthetic.jsonl"
TODAY = datetime.date(2020, 6, 30)


def one_by_one(lines: list[str]) -> list[tuple[int, str, str]]:
    """(record, path, code) of every issue, reading and validating each record alone."""
    out = []
    for i, line in enumerate(lines):
        try:
            found = fupin.Household.from_json(line).validate(TODAY)
        except fupin.ValidationError as e:
            found = e.errors()
        out += [(i, str(issue["path"]), issue["code"]) for issue in found]
    return out


def rows(table: object) -> list[tuple[int, str, str]]:
    t = pa.table(table)
    assert t.column_names == ["record", "path", "code", "message"]
    return list(zip(t["record"].to_pylist(), t["path"].to_pylist(), t["code"].to_pylist()))


def test_a_file_a_list_and_a_column_give_the_issues_of_each_record() -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    expected = one_by_one(lines)
    # one record in four of the sample is corrupted (bench/households.py)
    assert sorted({r for r, _, _ in expected}) == list(range(3, 40, 4))
    from_file = rows(validate_households(SAMPLE, TODAY))
    assert from_file == expected
    assert rows(validate_households(str(SAMPLE), TODAY, threads=1)) == expected
    assert rows(validate_households([json.loads(x) for x in lines], TODAY)) == expected
    assert rows(validate_households(pa.array(lines), TODAY)) == expected
    assert rows(validate_households(pa.chunked_array([lines[:5], lines[5:]]), "2020-06-30")) == expected


def test_people_in_two_households_and_unreadable_lines_are_reported(tmp_path: Path) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "twice.jsonl"
    path.write_text("\n".join([lines[0], "", "{not json", lines[0]]) + "\n", encoding="utf-8")
    t = pa.table(validate_households(path, TODAY, pseudonym_key=b"0123456789abcdef"))
    found = list(zip(t["record"].to_pylist(), t["code"].to_pylist()))
    assert found[0] == (1, "invalid_json")
    # the same household again (village and file number), its people registered twice
    assert found[-1] == (2, "duplicate_household")
    assert {code for r, code in found[1:-1]} == {"duplicate_person"}
    assert {r for r, _ in found[1:]} == {2}
    assert t["path"].to_pylist()[-1] == "file_number"
    messages = " ".join(t["message"].to_pylist())
    for m in json.loads(lines[0])["members"]:
        assert m["id_number"] not in messages


def test_what_is_not_records_is_refused() -> None:
    with pytest.raises(fupin.ValidationError):
        validate_households(42)
    with pytest.raises(fupin.ValidationError):
        validate_households([], pseudonym_key=b"short")


def test_households_given_twice_are_found_as_the_command_finds_them(tmp_path: Path) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    by_number = json.loads(lines[1])
    for m in by_number["members"]:
        m.pop("id_number")
    by_members = json.loads(lines[2])
    by_members["file_number"] = "another"
    records = [*lines, json.dumps(by_number, ensure_ascii=False), json.dumps(by_members, ensure_ascii=False)]
    # many records: chunks and threads keep the order
    records = records * 40
    n = len(lines) + 2
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    key = b"0123456789abcdef"
    from_file = rows(validate_households(path, TODAY, pseudonym_key=key))
    assert from_file == rows(validate_households(path, TODAY, pseudonym_key=key, threads=1))
    assert from_file == rows(validate_households(pa.array(records), TODAY, pseudonym_key=key))
    assert from_file == rows(validate_households([json.loads(r) for r in records], TODAY, pseudonym_key=key))
    twice = [(r, p) for r, p, c in from_file if c == "duplicate_household"]
    # the first copy: only the two added records are households given again
    assert twice[:2] == [(n - 2, "file_number"), (n - 1, "members")]
    # every later copy: every record that can be read is a household given again
    unreadable = 0
    for line in lines:
        try:
            fupin.Household.from_json(line)
        except fupin.ValidationError:
            unreadable += 1
    assert 0 < unreadable < len(lines)
    assert len(twice) == 2 + 39 * (n - unreadable)
    t = pa.table(validate_households(path, TODAY, pseudonym_key=key))
    first = [m for m, c in zip(t["message"].to_pylist(), t["code"].to_pylist()) if c == "duplicate_household"][:2]
    # rows are the records' numbers (from 0, as in the `record` column)
    assert first[0].startswith("household file number `")
    assert first[0].endswith(f"of village `{by_number['village']}` is already at {path} row 1")
    assert first[1] == f"the same members (ID numbers) are already registered as the household at {path} row 2"
