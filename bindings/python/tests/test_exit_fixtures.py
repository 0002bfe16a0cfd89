"""The shared exit fixtures (tests/fixtures/exit), run in Rust by tests/it/exit_fixtures.rs and
in JS by bindings/wasm/test/exit_fixtures.test.mjs: boundaries decided exactly, the line and
the criteria that applied, the same answers in every language."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from conftest import files, load

import fupin


def check(got: dict[str, Any], want: dict[str, Any], name: str) -> None:
    assert got["status"] == want["status"], (name, got)
    assert [c["key"] for c in got["criteria"]] == [c["key"] for c in want["criteria"]], name
    for have, expect in zip(got["criteria"], want["criteria"]):
        for k in ("passed", "numerator", "denominator"):
            if k in expect:
                assert have.get(k) == expect[k], (name, expect["key"], k, have)
    for key, source in want.get("sources", {}).items():
        assert next(c for c in got["criteria"] if c["key"] == key)["source"] == source, name
    for k, v in want.get("line", {}).items():
        assert got["line"][k] == v, (name, k, got["line"])


@pytest.mark.parametrize("path", files("exit", "units_"), ids=lambda p: p.name)
def test_unit_exit_fixtures(path: Path) -> None:
    case = load(path)
    ds = fupin.Dataset(case["as_of"], case["units"])
    report = ds.add_households(case["households"])
    assert report.accepted == len(case["households"])
    r = ds.roll_up()
    rules = case.get("rules")
    table = pa.table(r.exits_table(rules=rules))
    assert len(set(table.column("code").to_pylist())) == len(case["expected"])
    assert set(table.column("counted_in").to_pylist()) <= {"people", "households"}
    for want in case["expected"]:
        got = r.exit_verdict(want["unit"], rules=rules)
        assert got["unit"] == want["unit"] and got["level"] == want["level"]
        check(got, want, path.name)


@pytest.mark.parametrize("path", files("exit", "household_"), ids=lambda p: p.name)
def test_household_exit_fixtures(path: Path) -> None:
    case = load(path)
    lines = case.get("lines", {})

    def judge() -> Any:
        return fupin.assess.household_exit(
            case["input"],
            datetime.date.fromisoformat(case["as_of"]),
            lines.get("national"),
            provincial=lines.get("provincial"),
            line=lines.get("choice"),
            stability=lines.get("stability"),
        )

    if "rejected" in case:
        # a record that breaks a rule gets its problems, not a verdict
        with pytest.raises(fupin.ValidationError) as e:
            judge()
        assert [{"code": i["code"], "path": i["path"]} for i in e.value.errors()] == case["rejected"]
        return
    got = judge()
    assert got["as_of"] == case["as_of"]
    check(got, case["expected"], path.name)


def test_rule_table_names_its_sources() -> None:
    rules = fupin.plan.exit_rules()
    incidence = next(r for r in rules if r["level"] == "county" and r["key"] == "poverty_incidence")
    assert (incidence["comparator"], incidence["threshold"], incidence["threshold_west"]) == ("le", 0.02, 0.03)
    approval = next(r for r in rules if r["key"] == "public_approval")
    assert (approval["comparator"], approval["counted_in"]) == ("ge", "households")
    assert approval["source"]["number"] == "国开办发〔2017〕56号"
    water = next(r for r in rules if r["key"] == "guarantee.safe_water")
    assert water["applies_from"] == "2019-06-23"
    assert {s["key"] for s in fupin.plan.sources()} >= {"exit_opinion_2016", "special_evaluation_2017"}


def test_a_misspelt_rule_setting_is_refused() -> None:
    r = fupin.Dataset("2020-06-30").roll_up()
    with pytest.raises(fupin.FupinError):
        r.exits_table(rules={"incidnce": 0.01})
    with pytest.raises(fupin.ValidationError) as e:
        r.exits_table(rules={"packs": [{"province": "340000", "name": "p", "source": "s",
                                        "overrides": [{"level": "county", "rule": "nope", "threshold": 0.01}]}]})
    assert [i["path"] for i in e.value.errors()] == ["packs[0].overrides[0].rule"]
