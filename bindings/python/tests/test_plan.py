"""fupin.plan: projects, checklist, indicators, targets, poverty lines."""

from __future__ import annotations

import datetime

import pytest

import fupin
from fupin import plan


def test_projects_checklist_indicators() -> None:
    assert [p["key"] for p in plan.projects()][:2] == ["network_coverage", "rural_ecommerce"]
    assert len(plan.projects()) == 5
    items = plan.checklist()
    assert len(items) == 5 and {"key", "label_zh", "level", "per_household", "indicator"} <= items[0].keys()
    ids = [i["id"] for i in plan.indicator_catalog()]
    assert len(ids) == 15 and "poor_village_broadband" in ids and "village_fiber" in ids
    one = plan.indicator("poor_village_broadband")
    assert one is not None and one["lowest_level"] == "village" and one["kind"] == "share"
    assert plan.indicator("nope") is None


def test_targets_in_force_with_dates() -> None:
    t = fupin.Targets.builtin()
    assert len(t) > 5 and "revisions" in repr(t)
    first = t.in_force("poor_village_broadband", datetime.date(2017, 6, 1))
    latest = t.in_force("poor_village_broadband", "2020-06-30")
    assert first is not None and (first["threshold"], first["revision"]) == (0.9, 1)
    assert latest is not None and (latest["threshold"], latest["revision"]) == (0.99, 3)
    assert t.in_force("poor_village_broadband", "2015-01-01") is None
    assert [r["revision"] for r in t.revisions("poor_village_broadband")] == [1, 2, 3]
    assert len({x["indicator"] for x in t.all_in_force("2020-06-30")}) == len(t.all_in_force("2020-06-30"))
    mine = fupin.Targets(
        [{"indicator": "household_terminal", "comparator": "ge", "threshold": 0.5, "deadline": "2030-12-31",
          "valid_from": "2025-01-01", "source": "my province", "revision": 9}]
    )
    both = t.extended(mine)
    assert len(both) == len(t) + 1 and fupin.Targets(both.to_list()).to_list() == both.to_list()
    assert fupin.Targets(mine).to_list() == mine.to_list()
    with pytest.raises(fupin.JsonError):
        fupin.Targets.from_json("[")


def test_poverty_lines() -> None:
    lines = plan.poverty_lines()
    assert lines[0]["year"] == 2010 and lines[0]["yuan"] in ("2300.00", 2300, 2300.0)
    assert [(x["year"], x["yuan"]) for x in lines if x["year"] in (2013, 2019)] == [(2013, 2736), (2019, 3218)]
    assert {x["year"] for x in lines} == set(range(2010, 2021))
    assert plan.poverty_line(2017)["basis"] == "cited"  # type: ignore[index]
    assert plan.poverty_line(2020)["basis"] == "approximate"  # type: ignore[index]
    y2021 = plan.poverty_line(2021)
    assert y2021 is not None and y2021["basis"] == "carried_forward"
    assert plan.poverty_line(2009) is None
