"""The fuzz corpora (fuzz/corpus/<target>/, what cargo fuzz found interesting, crashes
included once fixed) fed through the Python binding: every input gives a result or a
`fupin.FupinError` (a `ValueError`) — never a pyo3 `PanicException`, never another
exception type — and no error message shows an ID number of the input unmasked."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any, Callable

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

import fupin

CORPUS = Path(__file__).resolve().parents[3] / "fuzz" / "corpus"
# 18 characters shaped like an ID number, not part of a longer run of digits
ID_LIKE = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")


def is_id_number(s: str) -> bool:
    """Whether `s` is a valid ID number (date, region and check digit): personal data."""
    try:
        fupin.IdNumber(s)
    except ValueError:
        return False
    return True


def text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def as_json(data: bytes) -> Any:
    return json.loads(text(data))


def table_through_fupin(table: pa.Table) -> None:
    stream = fupin.TallyStream("2020-06-30")
    report = stream.push(table)
    assert report.accepted + report.rejected_rows == report.rows == table.num_rows
    stream.finish().roll_up()


def parquet(data: bytes) -> None:
    try:
        table = pq.read_table(io.BytesIO(data))
    except Exception:  # not Parquet pyarrow can read: nothing to hand over
        return
    table_through_fupin(table)


def csv(data: bytes) -> None:
    try:
        table = pa_csv.read_csv(io.BytesIO(data))
    except Exception:
        return
    table_through_fupin(table)


def jsonl(data: bytes) -> None:
    rows = []
    for line in text(data).splitlines():
        try:
            rows.append(json.loads(line))
        except ValueError:
            continue
    ds = fupin.Dataset("2020-06-30")
    if all(isinstance(r, dict) for r in rows):
        report = ds.add_households(rows)
        assert report.accepted + report.rejected_rows == report.rows == len(rows)


def column_map(data: bytes) -> None:
    try:
        value = as_json(data)
    except ValueError:
        return
    fupin.TallyStream("2020-06-30", column_map=value)


def date(data: bytes) -> None:
    fupin.Targets.builtin().all_in_force(text(data))


TARGETS: dict[str, Callable[[bytes], object]] = {
    "region_code": lambda d: fupin.RegionCode(text(d)),
    "region_name": lambda d: fupin.data.resolve(text(d)),
    "id_number": lambda d: fupin.IdNumber(text(d)),
    "household_json": lambda d: fupin.Household.from_json(text(d)),
    "pairing_json": lambda d: fupin.PairingBook.from_json(text(d)),
    "targets_json": lambda d: fupin.Targets.from_json(text(d)),
    "responsibility_json": lambda d: fupin.ResponsibilityMap.from_json(text(d)),
    "designations": lambda d: fupin.region.check_designations(as_json(d)),
    "column_map_json": column_map,
    "date": date,
    "parquet": parquet,
    "csv": csv,
    "jsonl": jsonl,
}


def corpus(target: str) -> list[Path]:
    d = CORPUS / target
    return sorted(p for p in d.iterdir() if p.is_file()) if d.is_dir() else []


def test_every_fuzz_target_has_a_corpus_fed_here() -> None:
    targets = sorted(p.stem for p in (CORPUS.parent / "fuzz_targets").glob("*.rs"))
    assert targets, "no fuzz targets"
    # workbooks (.xlsx, .xls) are read by the command only: the binding takes Arrow data
    missing = [t for t in targets if t not in TARGETS and t not in ("xlsx", "xls")]
    assert missing == []
    assert all(corpus(t) for t in TARGETS), [t for t in TARGETS if not corpus(t)]


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_corpus_inputs_give_results_or_fupin_errors(target: str) -> None:
    run = TARGETS[target]
    for path in corpus(target):
        data = path.read_bytes()
        try:
            run(data)
        except (fupin.FupinError, TypeError, ValueError) as e:
            # a clear error: ours, or Python refusing a value of the wrong type
            for raw in ID_LIKE.findall(text(data)):
                if is_id_number(raw):
                    assert raw not in str(e), f"{target}/{path.name}: the error shows an ID number"
        except BaseException as e:  # a PanicException is a BaseException
            pytest.fail(f"{target}/{path.name}: {type(e).__name__}: {str(e)[:200]}")
