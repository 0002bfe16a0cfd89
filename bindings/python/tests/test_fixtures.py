"""The shared golden fixtures, run as tests/it/fixtures.rs, tests/it/pairing_fixtures.rs,
tests/it/responsibility.rs and tests/it/procedure_household.rs run them in Rust."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, files, load

import fupin


def code_path(issues: list[Any]) -> list[tuple[str, str]]:
    return [(i["code"], i["path"]) for i in issues]


@pytest.mark.parametrize("path", files("households", "valid_"), ids=lambda p: p.name)
def test_valid_households_read_validate_and_round_trip(path: Path) -> None:
    case = load(path)
    h = fupin.Household(case["input"])
    assert h.validate(case.get("today", "2020-06-30")) == []
    wire = h.to_dict()
    assert fupin.Household(wire) == h
    assert json.loads(json.dumps(wire)) == wire
    shown = repr(h) + repr(h.members) + repr(h.householder)
    for m in case["input"]["members"]:
        assert m["name"] not in shown
        if "id_number" in m:
            assert m["id_number"] not in shown


@pytest.mark.parametrize("path", files("households", "invalid_"), ids=lambda p: p.name)
def test_invalid_households_report_exactly_the_expected_issues(path: Path) -> None:
    case = load(path)
    today = case.get("today", "2020-06-30")
    try:
        issues: list[Any] = fupin.Household(case["input"]).validate(today)
    except fupin.ValidationError as e:
        issues = list(e.errors())
        text = str(e)
    else:
        text = json.dumps(issues, ensure_ascii=False)
    assert code_path(issues) == [(e["code"], e["path"]) for e in case["expected"]]
    text += json.dumps(issues, ensure_ascii=False)
    for m in case["input"].get("members", []):
        if isinstance(m, dict):
            if isinstance(m.get("id_number"), str):
                assert m["id_number"] not in text
            if isinstance(m.get("name"), str):
                assert m["name"] not in text


def test_region_codes() -> None:
    case = load(FIXTURES / "codes.json")
    for v in case["valid"]:
        code = fupin.RegionCode(v["input"])
        assert str(code) == v["statistical"]
        assert code.gb2260 == v["gb2260"]
        assert code.level == v["level"]
        assert (str(code.parent) if code.parent else None) == v["parent"]
        if "township_kind" in v:
            assert code.township_kind == v["township_kind"]
    for v in case["invalid"]:
        with pytest.raises(fupin.RegionCodeError) as info:
            fupin.RegionCode(v["input"])
        assert info.value.code == v["code"]
        if "segment" in v:
            assert v["segment"] in str(info.value)


def test_id_numbers() -> None:
    case = load(FIXTURES / "id_numbers.json")
    for v in case["valid"]:
        i = fupin.IdNumber(v["input"])
        assert str(i) == v["masked"] == i.masked
        assert i.birth_date.isoformat() == v["birth_date"]
        assert i.sex == v["sex"]
        assert i.region.gb2260 == v["region"]
        assert v["input"] not in repr(i)
        # a legacy 15-digit number is kept as the 18 digits it upgrades to
        assert i.reveal() == v.get("eighteen", v["input"])
        assert fupin.IdNumber(i.reveal()) == i
    for v in case["invalid"]:
        with pytest.raises(fupin.IdNumberError) as info:
            fupin.IdNumber(v["input"])
        assert info.value.code == v["code"]
        assert v["input"] not in str(info.value)
        assert v["input"] not in json.dumps(info.value.errors())


def test_targets_in_force_and_invalid_target_files() -> None:
    case = load(FIXTURES / "targets.json")
    builtin = fupin.Targets.builtin()
    for v in case["in_force"]:
        t = builtin.in_force(v["indicator"], v.get("date", "2020-06-30"))
        if v["revision"] is None:
            assert t is None, v
        else:
            assert t is not None, v
            assert (t["revision"], t["threshold"], t["comparator"]) == (
                v["revision"],
                v["threshold"],
                v["comparator"],
            )
    for v in case["invalid"]:
        with pytest.raises(fupin.ValidationError) as info:
            fupin.Targets(v["input"])
        assert [{"code": i["code"], "path": i["path"]} for i in info.value.errors()] == v["expected"]
        with pytest.raises(fupin.ValidationError):
            fupin.Targets.from_json(json.dumps(v["input"]))


@pytest.mark.parametrize("path", files("responsibility", "map_"), ids=lambda p: p.name)
def test_golden_maps(path: Path) -> None:
    case = load(path)
    try:
        issues: list[Any] = fupin.ResponsibilityMap(case["input"]).validate(case["context"])
    except fupin.ValidationError as e:
        issues = list(e.errors())
    assert code_path(issues) == [(e["code"], e["path"]) for e in case["expected"]]
    for chain in case.get("accountability", []):
        m = fupin.ResponsibilityMap(case["input"])
        a = m.accountability(chain["failure"])
        got = [
            {"level": link["level"], "region": link.get("region"), "bodies": [b["id"] for b in link["bodies"]], "gap": link["gap"]}
            for link in a["chain"]
        ]
        assert got == chain["chain"]


@pytest.mark.parametrize("path", files("responsibility", "procedure_"), ids=lambda p: p.name)
def test_golden_procedures(path: Path) -> None:
    case = load(path)
    cls = {"county": fupin.CountyExit, "household": fupin.HouseholdExit, "village": fupin.VillageExit}[case["kind"]]
    want = case["expected"]
    try:
        wire = cls.from_dict(case["input"]).to_dict()
    except fupin.ValidationError as e:
        assert "state" not in want
        assert [{"code": i["code"], "path": i["path"]} for i in e.errors()] == want["issues"]
    else:
        assert wire["state"] == want["state"]
        assert want["issues"] == []
        if "edition" in want:
            assert wire["edition"] == want["edition"]


def part(case: dict[str, Any], key: str) -> Any:
    """`case[key]`, or the same key of the sibling file named by `case[key + "_from"]`."""
    sibling = case.get(f"{key}_from")
    return load(FIXTURES / "pairing" / sibling)[key] if sibling else case[key]


@pytest.mark.parametrize("path", files("pairing", "invalid_"), ids=lambda p: p.name)
def test_invalid_books_report_exactly_the_expected_issues(path: Path) -> None:
    case = load(path)
    try:
        issues: list[Any] = fupin.PairingBook(part(case, "input")).validate(part(case, "designations"))
    except fupin.ValidationError as e:
        issues = list(e.errors())
    assert code_path(issues) == [(e["code"], e["path"]) for e in case["expected"]]
    for i in issues:
        assert not i["message"].endswith(".")
        assert not i["message"][:1].isupper()


@pytest.mark.parametrize("path", files("pairing", "valid_"), ids=lambda p: p.name)
def test_valid_books_pass_and_round_trip(path: Path) -> None:
    case = load(path)
    book = fupin.PairingBook(part(case, "input"))
    assert book.validate(part(case, "designations")) == []
    assert fupin.PairingBook(book.to_dict()) == book


def pick(items: list[dict[str, Any]], like: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = list(like[0].keys())
    return [{k: item.get(k) for k in keys} for item in items]


@pytest.mark.parametrize("path", files("pairing", "coverage_"), ids=lambda p: p.name)
def test_coverage_reports_match(path: Path) -> None:
    case = load(path)
    book = fupin.PairingBook(part(case, "input"))
    report = book.coverage(part(case, "designations"), case["as_of"], part(case, "rules"))
    want = case["expected"]
    got = [{"code": i["code"], "path": i["path"], "region": i["params"]["region"]} for i in report["issues"]]
    assert got == want["issues"]
    for key in ("recipients", "areas", "helpers"):
        assert pick(report[key], want[key]) == want[key], key
    assert report["areas"][0]["domains"] == want["nation_domains"]
    assert report["no_longer_poor"] == want["no_longer_poor"]


@pytest.mark.parametrize("path", files("pairing", "suggest_"), ids=lambda p: p.name)
def test_suggestions_match(path: Path) -> None:
    case = load(path)
    book = fupin.PairingBook(part(case, "input"))
    plan = book.suggest(part(case, "designations"), case["as_of"], part(case, "rules"), case["options"])
    want = case["expected"]
    s_keys = ["recipient", "helper", "priority", "priority_source", "matched_domains"]
    keep = lambda items, keys: [{k: x.get(k) for k in keys} for x in items]  # noqa: E731
    assert keep(plan["suggestions"], s_keys) == keep(want["suggestions"], s_keys)
    u_keys = ["recipient", "missing", "reason"]
    assert keep(plan["unfilled"], u_keys) == keep(want["unfilled"], u_keys)
    assert plan["score"] == want["score"]


@pytest.mark.parametrize("path", files("pairing", "solve_"), ids=lambda p: p.name)
def test_assignments_match(path: Path) -> None:
    case = load(path)
    assert fupin.pairing.solve(case["instance"]) == case["expected"]
