"""Rollup.to_html() and Rollup.to_xlsx(): the reports of `fupin assess`, from Python."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

import fupin
import fupin.assess

GUIZHOU_COUNTIES = ["520102", "520103", "522327"]


@pytest.fixture(scope="module")
def rollup() -> fupin.Rollup:
    return fupin.assess.synthesize(counties=GUIZHOU_COUNTIES, scale=0.05, seed=3).roll_up()


def test_the_html_report_is_one_page_with_its_data_inline(rollup: fupin.Rollup) -> None:
    page = rollup.to_html()
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert "SYNTHETIC" in page
    assert "http://" not in page and "https://" not in page and "<script src" not in page
    meta = json.loads(re.search(r"id='meta'>(.*?)</script>", page, re.S).group(1))  # type: ignore[union-attr]
    assert meta["lang"] == "zh" and meta["as_of"] == str(rollup.as_of)
    # county names from the embedded division data; villages shown by their codes
    assert "册亨县" in meta["names"][3]
    assert meta["names"][5] == []
    # exit criteria with their symbols and sources
    assert meta["criteria"] and all(c["cmp"] in ("≤", "≥", "<", ">") and c["source"] for c in meta["criteria"])
    english = rollup.to_html(lang="en", level="province")
    assert json.loads(re.search(r"id='meta'>(.*?)</script>", english, re.S).group(1))["lang"] == "en"  # type: ignore[union-attr]


def test_the_workbook_as_bytes_or_a_file(rollup: fupin.Rollup, tmp_path: Path) -> None:
    data = rollup.to_xlsx()
    assert isinstance(data, bytes) and data[:2] == b"PK"
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "xl/workbook.xml" in names
    book = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml").decode()
    for sheet in ("说明", "全国指标", "县级指标", "目标", "退出", "评分卡", "问责", "拒绝行"):
        assert f'name="{sheet}"' in book, sheet
    path = tmp_path / "report.xlsx"
    assert rollup.to_xlsx(path, lang="en") is None
    book = zipfile.ZipFile(path).read("xl/workbook.xml").decode()
    assert 'name="county indicators"' in book and 'name="README"' in book


def test_bad_options_are_refused(rollup: fupin.Rollup) -> None:
    with pytest.raises(fupin.FupinError):
        rollup.to_html(lang="fr")
    with pytest.raises(fupin.FupinError):
        rollup.to_xlsx(level="hamlet")


def test_the_reports_say_data_that_cannot_be_right() -> None:
    # a county no list of divisions knows (522399, a mistyped 522327): the command's
    # reports say it among their notes, and so do Python's
    case = json.loads(
        (Path(__file__).resolve().parents[3] / "tests/fixtures/judge/unknown_county.json").read_text(encoding="utf-8")
    )
    ds = fupin.Dataset(case["as_of"], case["units"])
    ds.add_households(case["households"])
    r = ds.roll_up()
    assert [p["code"] for p in r.judge()["data_problems"]] == ["unknown_county"]
    assert "counties.522399" in r.to_html() and "no list of divisions" in r.to_html()
    book = zipfile.ZipFile(io.BytesIO(r.to_xlsx()))
    text = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    assert "counties.522399" in text
