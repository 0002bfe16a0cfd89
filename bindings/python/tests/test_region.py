"""fupin.region and fupin.data."""

from __future__ import annotations

import pickle

import pytest

import fupin
from fupin import data, region


def test_region_code_forms_levels_parents_zones() -> None:
    c = fupin.RegionCode("522327")
    assert str(c) == c.statistical == "522327000000"
    assert (c.gb2260, c.short, c.level, c.zone) == ("522327", "522327", "county", "west")
    assert repr(c) == "RegionCode('522327000000')"
    assert c.parent == fupin.RegionCode("522300")
    assert c.province == fupin.RegionCode(520000)
    assert [a.gb2260 for a in c.ancestors()] == ["522300", "520000"]
    assert int(c) == 522327000000
    assert fupin.RegionCode(522327000000) == c == fupin.RegionCode(c)
    assert c.township_kind is None
    v = fupin.RegionCode("522327104201")
    assert v.level == "village" and v.township_kind == "town"
    assert c.contains(v) and c.contains("522327104201") and not v.contains(c)
    assert v.at_level("county") == c and c.at_level("village") is None
    assert {c: 1}[fupin.RegionCode("522327000000")] == 1
    assert sorted([v, c]) == [c, v]
    assert fupin.RegionCode("420528").zone == "central"
    with pytest.raises(fupin.UnknownKeyError):
        c.at_level("district")


def test_region_code_errors() -> None:
    for bad, code in [("5223", "code_length"), ("52a327", "code_non_digit"), ("990000", "code_unknown_province")]:
        with pytest.raises(fupin.RegionCodeError) as info:
            fupin.RegionCode(bad)
        assert info.value.code == code
        assert isinstance(info.value, ValueError)
    with pytest.raises(fupin.ValidationError):
        fupin.RegionCode(5.5)  # type: ignore[arg-type]


def test_levels_and_designations() -> None:
    assert [lv["key"] for lv in region.levels()] == ["nation", "province", "prefecture", "county", "township", "village"]
    ok = [{"kind": "poor_county", "region": "522327", "valid_from": "2014-01-01", "source": "synthetic"}]
    assert region.check_designations(ok)[0]["region"] == "522327000000"
    bad = [{"kind": "poor_county", "region": "522327104201", "valid_from": "2014-01-01", "source": ""}]
    with pytest.raises(fupin.ValidationError) as info:
        region.check_designations(bad)
    assert {i["path"] for i in info.value.errors()} >= {"[0].region", "[0].source"}


def test_divisions_paths_and_names() -> None:
    assert data.data_version().startswith("gb2260@")
    d = data.division("522327")
    assert d is not None and d["name"] == "册亨县" and d["level"] == "county" and d["vintage"] == "2023"
    assert data.vintage_on("2020-06-30") == "2019" and data.vintage_on("2021-01-01") == "2020"
    assert data.division("330113", data.vintage_on("2022-12-31"))["name"] == "临平区"
    assert data.division("330113", "2020") is None
    assert data.division("522327104201") is None
    assert [x["name"] for x in data.division_path("522327")][-1] == "册亨县"
    assert data.full_name("522327") == "贵州省黔西南布依族苗族自治州册亨县"
    assert any(x["name"] == "册亨县" for x in data.division_children("522300"))
    counties = data.county_codes()
    assert len(counties) > 2800 and all(c.level == "county" for c in counties[:50])
    assert len(data.divisions("2016", "province")) == 34
    with pytest.raises(fupin.DataError) as info:
        data.division("522327", "2015")
    assert info.value.code == "unknown_vintage"
    with pytest.raises(fupin.DataError) as info:
        data.division("522327", "2024")
    assert info.value.code == "unknown_vintage"


def test_resolve_copes_with_messy_names_and_never_guesses() -> None:
    found = data.resolve("湖北长阳")
    assert found[0]["division"]["name"] == "长阳土家族自治县"
    assert found[0]["how"]["kind"] == "qualified"
    old = data.resolve("宣武区")
    assert old[0]["how"]["kind"] == "abolished" and old[0]["division"]["name"] == "西城区"
    with pytest.raises(fupin.NotFoundError) as info:
        data.resolve("不存在的县")
    assert isinstance(info.value, LookupError) and info.value.code == "not_found"


def test_changes_successors_crosswalk() -> None:
    assert data.changes_from("110104")  # 宣武区 was abolished
    assert data.successors("110104") == [fupin.RegionCode("110102")]
    assert any(c["new_code"] == "110102000000" for c in data.changes_to("110102"))
    walk = data.crosswalk()
    assert walk and {"from", "successors", "changes", "status"} <= walk[0].keys()
    with pytest.raises(fupin.DataError):
        data.crosswalk("2020", "2016")


def test_region_code_is_not_picklable_silently() -> None:
    with pytest.raises(Exception):
        pickle.dumps(fupin.RegionCode("522327"))
