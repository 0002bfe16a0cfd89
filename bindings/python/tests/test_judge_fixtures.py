"""The shared judgement fixtures (tests/fixtures/judge): `Rollup.judge` gives the digest the
file holds, as the core (tests/it/judge_fixtures.rs) and the browser (judge_fixtures.test.mjs)
do — one assessment, identical answers in every language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import fupin

DIR = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "judge"


def digest(j: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {
        "verdicts": [[v["indicator"], v["unit"], v["met"]] for v in j["verdicts"]],
        "exits": [
            [e["unit"], e["status"], [[c["key"], c["passed"]] for c in e["criteria"]]]
            for e in j["exits"]
        ],
        "scorecards": [
            [s["unit"], s["rank"], s["targets_met"], s["targets_judged"]] for s in j["scorecards"]
        ],
        "data_problems": [[i["code"], i["path"], i["params"]] for i in j["data_problems"]],
        "units_met": [
            [u["indicator"], u["level"], u["met"], u["judged"], u["units"]] for u in j["units_met"]
        ],
    }


@pytest.mark.parametrize("path", sorted(DIR.glob("*.json")), ids=lambda p: p.name)
def test_rollup_judge_gives_the_recorded_digest(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    ds = fupin.Dataset(case["as_of"], case["units"])
    assert ds.add_households(case["households"]).accepted == len(case["households"])
    judged = ds.roll_up().judge(targets=case["targets"], **case["settings"])
    assert digest(judged) == case["expected"]


def test_the_fixtures_are_there() -> None:
    assert list(DIR.glob("*.json"))
