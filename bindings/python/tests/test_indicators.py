"""Indicators beyond shares: counts, amounts and rates of unit-table columns, the built-in
ones (online retail sales …) and a user's own, rolled up as sums and judged by targets."""

from __future__ import annotations

import pyarrow as pa
import pytest

import fupin

AS_OF = "2020-06-30"

COUNTIES = pa.table(
    {
        "county": ["522327", "522328", "522301"],
        "poor_county": [True, True, False],
        "网络零售额": ["1250000.50", "750000", "990000"],  # the third is not a poor county
        "学校数": [100, 40, None],
        "联网学校数": [95, 40, None],
        "宽带用户": [1200, 800, 50],
    }
)

OWN = [
    {
        "id": "broadband_users",
        "name_zh": "宽带用户数",
        "kind": "count",
        "level": "county",
        "numerator": "broadband_users",
        "columns": {"broadband_users": ["宽带用户"]},
        "unit": "users",
        "source": "县网信办月报 (an analyst's own definition)",
    },
    {
        "id": "users_per_100_people",
        "name_zh": "每百人宽带用户",
        "kind": "rate_per",
        "level": "county",
        "numerator": "broadband_users",
        "columns": {"broadband_users": ["宽带用户"]},
        "denominator_counter": "people",
        "per": 100,
        "source": "an analyst's own definition",
    },
]


def rolled() -> fupin.Rollup:
    ds = fupin.Dataset(AS_OF, counties=COUNTIES, indicators=OWN)
    ds.add_households(
        pa.table(
            {
                "village": ["522327104201", "522328100201"],
                "file_number": ["1", "2"],
                "people": [4, 6],
                "status": ["poor", "exited"],
            }
        )
    )
    return ds.roll_up()


def test_amounts_counts_shares_and_rates_roll_up_as_sums() -> None:
    r = rolled()
    sales = r.indicator("online_retail_sales")
    # poor counties only, exact to the fen: the numerator in fen, the value in yuan
    assert sales is not None
    assert (sales["numerator"], sales["value"], sales["kind"], sales["unit"]) == (200_000_050, 2_000_000.5, "amount", "yuan")
    assert (sales["population"], sales["missing"], sales["completeness"]) == (2, 0, "complete")
    schools = r.indicator("school_connectivity")
    assert schools is not None and (schools["numerator"], schools["denominator"]) == (135, 140)
    assert schools["completeness"] == "partial"  # 522301 has no school figures
    users = r.indicator("broadband_users")
    assert users is not None and users["value"] == 2050.0 and users["kind"] == "count"
    rate = r.indicator("users_per_100_people", "522327")
    assert rate is not None and rate["value"] == pytest.approx(1200 / 4 * 100)
    # a county-level indicator has no value at a village
    assert r.indicator("online_retail_sales", "522327104201") is None
    # the result table says what each value is
    rows = pa.table(r.indicators_table(["nation"], names=False)).to_pylist()
    sales_row = next(x for x in rows if x["indicator"] == "online_retail_sales")
    assert (sales_row["kind"], sales_row["unit"], sales_row["value"]) == ("amount", "yuan", 2_000_000.5)
    assert next(x for x in rows if x["indicator"] == "poverty_incidence")["kind"] == "share"
    ids = [i["indicator"] for i in r.indicators()]
    assert ids[:15] == [i["id"] for i in fupin.plan.indicator_catalog()]
    assert {"online_retail_sales", "school_connectivity", "broadband_users", "users_per_100_people"} <= set(ids)


def test_targets_apply_to_counts_and_amounts() -> None:
    r = rolled()
    target = {
        "indicator": "broadband_users",
        "comparator": "ge",
        "threshold": 1000,
        "deadline": "2020-12-31",
        "valid_from": "2020-01-01",
        "source": "县网信办目标 (example)",
        "revision": 1,
    }
    table = pa.table(r.verdicts_table(["county"], targets=[target], names=False)).to_pylist()
    verdicts = {v["code"][:6]: v for v in table if v["indicator"] == "broadband_users"}
    assert verdicts["522327"]["met"] is True and verdicts["522328"]["met"] is False
    assert verdicts["522328"]["gap"] == pytest.approx(200.0)
    with pytest.raises(fupin.FupinError) as e:
        r.judge_targets(targets=[dict(target, threshold=-1)])
    assert e.value.errors()[0]["code"] == "threshold_range"


def test_bad_definitions_and_values_are_reported() -> None:
    with pytest.raises(fupin.FupinError) as e:
        fupin.Dataset(AS_OF, indicators=[dict(OWN[0], id="Bad Id", source="")])
    codes = {(i["code"], i["path"]) for i in e.value.errors()}
    assert {("invalid_indicator_id", "[0].id"), ("missing_source", "[0].source")} <= codes
    ds = fupin.Dataset(
        AS_OF,
        counties=pa.table({"county": ["522327", "522328"], "网络零售额": ["12.345", "-3"]}),
    )
    issues = {(i["code"], i["path"]) for i in ds.unit_issues}
    assert issues == {("invalid_value", "counties[0].网络零售额"), ("invalid_value", "counties[1].网络零售额")}
    with pytest.raises(fupin.FupinError) as e:
        fupin.Dataset(AS_OF, {"counties": [{"code": "522327", "values": {"nobody_reads_this": 3}}]})
    assert e.value.errors()[0]["code"] == "unknown_field"
