"""fupin.responsibility, fupin.procedure and fupin.pairing."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from conftest import FIXTURES, load

import fupin
from fupin import pairing, responsibility


def test_map_validation_accountability_and_round_trip() -> None:
    case = load(FIXTURES / "responsibility" / "map_valid_chain.json")
    m = fupin.ResponsibilityMap(case["input"])
    assert m.validate(case["context"]) == [] and len(m) == len(case["input"]["bodies"])
    assert fupin.ResponsibilityMap(m.to_dict()) == m == fupin.ResponsibilityMap(m)
    first = case["input"]["bodies"][0]["id"]
    body = m.get(first)
    assert body is not None and body["id"] == first and m.get("nobody") is None
    chain = m.accountability(case["accountability"][0]["failure"])
    assert chain["chain"]
    with pytest.raises(fupin.ValidationError):
        m.accountability({"unit": None, "indicator": " "})
    assert [d["key"] for d in responsibility.duties()]
    ctx = responsibility.map_context(
        [{"kind": "poor_county", "region": "522327", "valid_from": "2014-01-01", "source": "synthetic"}], "2018-06-30"
    )
    assert ctx["poor_counties"] == ["522327000000"]
    with pytest.raises(fupin.ValidationError) as info:
        fupin.ResponsibilityMap({"bodies": [{"id": 1}]})
    assert info.value.errors()[0]["path"].startswith("bodies[0]")
    with pytest.raises(fupin.JsonError):
        fupin.ResponsibilityMap.from_json("{")


def by(id_: str, level: str, region: str | None) -> dict[str, Any]:
    return {"id": id_, "level": level, "region": region}


def test_county_exit_steps_refusals_and_replay() -> None:
    e = fupin.CountyExit("522327", min_notice_days=7)
    assert e.state == "not_started" and e.next_steps() == ["propose"]
    assert e.apply({"step": "propose", "date": "2018-03-01", "by": by("ceheng", "county", "522327")}) == "proposed"
    wrong = {"step": "review", "date": "2018-03-05", "by": by("ceheng", "county", "522327")}
    assert [i["code"] for i in e.check(wrong)] == ["wrong_actor_level"]
    with pytest.raises(fupin.StepError) as info:
        e.apply(wrong)
    err = info.value
    assert isinstance(err, fupin.ValidationError)
    assert (err.code, err.state, err.step) == ("wrong_actor_level", "proposed", "review")
    assert err.errors()[0]["path"] == "by.level"
    e.apply({"step": "review", "date": "2018-03-05", "by": by("qxn", "prefecture", "522300")})
    assert e.state == "reviewed" and e.state_label_zh == "市级初审" and e.times_sent_back == 0
    assert e.county.gb2260 == "522327" and len(e.history) == 2 and "reviewed" in repr(e)
    again = fupin.CountyExit.from_dict(e.to_dict())
    assert again.to_dict() == e.to_dict()
    with pytest.raises(fupin.ValidationError) as info2:
        fupin.CountyExit("522327104201")
    assert info2.value.errors()[0]["code"] == "not_a_county"


def test_household_exit() -> None:
    case = load(FIXTURES / "responsibility" / "procedure_household_removed.json")
    e = fupin.HouseholdExit.from_dict(case["input"])
    assert e.state == case["expected"]["state"] and e.state_label_zh
    fresh = fupin.HouseholdExit(e.household, e.village)
    assert fresh.state == "not_started" and fresh.next_steps()
    first = e.history[0]
    assert fresh.check(first) == []
    assert fresh.apply(first) == fresh.state
    assert fupin.HouseholdExit.from_dict(fresh.to_dict()).to_dict() == fresh.to_dict()
    with pytest.raises(fupin.StepError):
        fresh.apply(first | {"date": "2000-01-01"})
    with pytest.raises(fupin.ValidationError):
        fupin.HouseholdExit(" ", "522327")


def test_pairing_book_rules_coverage_suggestions() -> None:
    valid = load(FIXTURES / "pairing" / "valid_book.json")
    book = fupin.PairingBook(valid["input"])
    assert "helpers=" in repr(book)
    assert book.validate(valid["designations"], earliest="2014-01-01", latest="2030-12-31") == []
    assert book.validate(valid["designations"], latest="2014-01-02")
    assert fupin.PairingBook.from_json(__import__("json").dumps(valid["input"])) == book
    cov = load(FIXTURES / "pairing" / "coverage_counties.json")
    cbook = fupin.PairingBook(cov["input"])
    assert cbook.coverage(cov["designations"], cov["as_of"])["areas"]
    plan = cbook.suggest(cov["designations"], cov["as_of"], cov["rules"])
    assert {"suggestions", "unfilled", "score"} <= plan.keys()
    with pytest.raises(fupin.ValidationError):
        cbook.suggest(cov["designations"], cov["as_of"], cov["rules"], {"priorities": {"522327": 0}})
    assert pairing.check_coverage_rules(cov["rules"]) == cov["rules"] or pairing.check_coverage_rules(cov["rules"])
    bad = copy.deepcopy(cov["rules"])
    bad[0]["max"] = 1
    with pytest.raises(fupin.ValidationError):
        pairing.check_coverage_rules(bad)
    assert len(pairing.domains()) == 9
    with pytest.raises(fupin.ValidationError):
        pairing.solve({"supplies": [], "demands": [], "extra": 1})
