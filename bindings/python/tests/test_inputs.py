"""One register, every way a data scientist hands it to fupin — a plain pyarrow table, a
dictionary-encoded one, a polars frame, a pandas frame, the path of a Parquet file (``str`` or
``pathlib.Path``, read by fupin's own reader) — gives the same counts, indicators and
rejected rows, to a ``Dataset`` and to a ``TallyStream``.

The register is the shared fixture ``tests/fixtures/households-synthetic.jsonl`` (synthetic
households) as a table, with rows fupin must reject added (a code too short, a status it does
not know, a missing member count, a household given twice)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import FIXTURES

import fupin

AS_OF = "2020-06-30"
# pandas comes with the `spark` extra (table.to_pandas needs it)
PANDAS = importlib.util.find_spec("pandas") is not None
# pandas: the yes/no columns with gaps are object columns of True/False/None (read by the
# binding as pointers); "pandas-text-flags": one of them holds text (是/否), another numpy
# booleans, left to pandas' own export; "pandas-indexed": the file number as the index
PANDAS_KINDS = ["pandas", "pandas-text-flags", "pandas-indexed"]
KINDS = ["pyarrow", "dictionary", "polars", *(PANDAS_KINDS if PANDAS else []), "path-str", "path-pathlib"]


def fixture_register() -> pa.Table:
    """The shared synthetic households as register rows, sorted by village (as registers
    come), with four rows to reject."""
    rows = [json.loads(line) for line in (FIXTURES / "households-synthetic.jsonl").read_text(encoding="utf-8").splitlines() if line]
    rows.sort(key=lambda h: h["village"])
    table: dict[str, list[Any]] = {
        "file_number": [h["file_number"] for h in rows],
        "village": [h["village"] for h in rows],
        "people": [len(h["members"]) for h in rows],
        "status": [h["status"] for h in rows],
        "terminal": [h.get("network", {}).get("terminal") for h in rows],
        "ecommerce": [h.get("network", {}).get("ecommerce") for h in rows],
        "online_training": [h.get("network", {}).get("online_training") for h in rows],
        "income_per_capita": [h.get("income_per_capita") for h in rows],
        "guarantees_met": [all(h["guarantees"].values()) if "guarantees" in h else None for h in rows],
    }
    # gaps in the yes/no columns, as registers have them (pandas makes such a column an
    # object column of True/False/None)
    for name, every, at in (("terminal", 7, 3), ("ecommerce", 5, 1), ("guarantees_met", 6, 2)):
        table[name] = [None if i % every == at else v for i, v in enumerate(table[name])]
    first = {k: v[0] for k, v in table.items()}
    bad = [
        {**first, "file_number": "X1", "village": "53062910"},  # a code too short
        {**first, "file_number": "X2", "status": "未知"},  # not a status
        {**first, "file_number": "X3", "people": None},  # members missing
        dict(first),  # the first household again
    ]
    for row in bad:
        for k, v in row.items():
            table[k].append(v)
    return pa.table(table, schema=pa.schema([
        ("file_number", pa.string()),
        ("village", pa.string()),
        ("people", pa.int64()),
        ("status", pa.string()),
        ("terminal", pa.bool_()),
        ("ecommerce", pa.bool_()),
        ("online_training", pa.bool_()),
        ("income_per_capita", pa.float64()),
        ("guarantees_met", pa.bool_()),
    ]))


def added(n: int) -> list[tuple[str, str]]:
    """The rejected rows `fixture_register` adds at its end (of `n` rows)."""
    return [
        ("code_length", f"[{n - 4}].village"),
        ("unknown_key", f"[{n - 3}].status"),
        ("missing_value", f"[{n - 2}].people"),
        ("duplicate_household", f"[{n - 1}].file_number"),
    ]


def as_kind(table: pa.Table, kind: str, tmp_path: Path) -> Any:
    """The register as a user of `kind` has it."""
    if kind == "pyarrow":
        return table
    if kind == "dictionary":
        for name in ("village", "status"):
            i = table.schema.get_field_index(name)
            table = table.set_column(i, name, table.column(name).dictionary_encode())
        return table
    if kind == "polars":
        return pl.from_arrow(table)
    if kind == "pandas":
        return table.to_pandas()
    if kind == "pandas-text-flags":
        import numpy as np

        frame = table.to_pandas()
        frame["terminal"] = frame["terminal"].map({True: "是", False: "否"}).astype(object)
        frame["ecommerce"] = frame["ecommerce"].map(lambda v: None if v is None else np.bool_(v)).astype(object)
        return frame
    if kind == "pandas-indexed":
        return table.to_pandas().set_index("file_number")
    path = tmp_path / "register.parquet"
    pq.write_table(table, path, row_group_size=max(1, table.num_rows // 3))
    return str(path) if kind == "path-str" else path


def outcome(report: fupin.RowReport, rollup: fupin.Rollup) -> tuple[Any, ...]:
    """What must agree: rows, accepted, the rejected rows' codes and paths, and every
    indicator at every level."""
    rejected = [(i["code"], i["path"]) for i in report.rejected]
    return (report.rows, report.accepted, rejected, rollup.households, pa.table(rollup.indicators_table()).to_pylist())


def assess(data: Any, mode: str) -> tuple[Any, ...]:
    if mode == "dataset":
        ds = fupin.Dataset(AS_OF)
        report = ds.add_households(data)
        return outcome(report, ds.roll_up())
    stream = fupin.TallyStream(AS_OF)
    report = stream.push(data)
    return outcome(report, stream.finish().roll_up())


@pytest.mark.parametrize("mode", ["dataset", "stream"])
def test_every_input_kind_gives_the_same_results(mode: str, tmp_path: Path) -> None:
    table = fixture_register()
    expected = assess(table, mode)
    rows, accepted, rejected, households, _ = expected
    n = table.num_rows
    # the fixture's own invalid households (negative incomes, codes of 10 digits), then ours
    assert (rows, accepted, households) == (n, n - 9, n - 9)
    assert [code for code, _ in rejected[:5]] == ["negative_income", "code_length", "negative_income", "code_length", "negative_income"]
    assert rejected[5:] == added(n)
    if PANDAS:
        # the case the binding reads itself: a yes/no column with gaps is an object column
        assert str(as_kind(table, "pandas", tmp_path)["ecommerce"].dtype) == "object"
    for kind in KINDS:
        assert assess(as_kind(table, kind, tmp_path), mode) == expected, kind


def polars_in_chunks(table: pa.Table) -> pl.DataFrame:
    """A polars frame whose columns are in chunks that end at different rows (polars, handed
    over whole, would first copy it into one chunk: fupin takes it slice by slice)."""
    columns = []
    for j, s in enumerate(pl.from_arrow(table).rechunk().get_columns()):
        cut = 50_000 + 20_001 * j
        columns.append(pl.concat([s.slice(0, cut), s.slice(cut, 30_000), s.slice(cut + 30_000)], rechunk=False))
    frame = pl.DataFrame(columns)
    assert [len(c.chunk_lengths()) for c in frame.get_columns()] == [3] * table.num_columns
    return frame


@pytest.mark.parametrize("kind", ["polars", "polars-chunks", "pandas", "pyarrow-one-chunk", "path"])
@pytest.mark.parametrize("mode", ["dataset", "stream"])
def test_a_large_frame_in_one_piece_gives_the_same_results_as_in_batches(kind: str, mode: str, tmp_path: Path) -> None:
    if kind == "pandas":
        pytest.importorskip("pandas")
    # more rows than a thread reads at a time (262,144): one batch is cut into slices,
    # rows numbered on across them; a rejected row on each side of a cut
    base = fixture_register().slice(0, 40)
    clean = [i for i, v in enumerate(base.column("village").to_pylist()) if len(v) == 12 and (base.column("income_per_capita")[i].as_py() or 0) >= 0]
    repeat = 280_000 // len(clean) + 1
    table = base.take(pa.array([clean[i // repeat] for i in range(280_000)]))
    table = table.set_column(0, "file_number", pa.array([f"F{i}" for i in range(table.num_rows)]))
    villages = table.column("village").to_pylist()
    for row in (262_143, 262_144, 279_999):
        villages[row] = "5306291"
    table = table.set_column(1, "village", pa.array(villages))
    batches = table.to_batches(max_chunksize=65_536)
    assert len(batches) > 4
    expected = assess(pa.Table.from_batches(batches), mode)
    assert expected[:3] == (280_000, 280_000 - 3, [("code_length", f"[{r}].village") for r in (262_143, 262_144, 279_999)])
    data: Any = {
        "polars": lambda: pl.from_arrow(table).rechunk(),
        "polars-chunks": lambda: polars_in_chunks(table),
        "pandas": lambda: table.to_pandas(),
        "pyarrow-one-chunk": lambda: table.combine_chunks(),
        "path": lambda: as_kind(table, "path-pathlib", tmp_path),
    }[kind]()
    assert assess(data, mode) == expected


def test_rows_are_numbered_on_across_chunks_of_every_kind(tmp_path: Path) -> None:
    # a stream numbers the rows of each chunk on from the ones before, whatever the kind,
    # and finds a household given again in a later chunk of another kind
    table = fixture_register()
    n = table.num_rows
    stream = fupin.TallyStream(AS_OF)
    first = stream.push(as_kind(table.slice(0, n - 4), "polars", tmp_path))
    assert (first.rows, first.accepted) == (n - 4, n - 9)
    second = stream.push(as_kind(table.slice(n - 4), "path-pathlib", tmp_path))
    assert [(i["code"], i["path"]) for i in second.rejected] == added(n)
    # the first one is named where it was: in the chunk pushed before
    assert "TallyStream.push row 0" in second.rejected[-1]["message"]
    assert stream.rows == n
    third = stream.push(as_kind(table.slice(0, 1), "pandas" if PANDAS else "dictionary", tmp_path))
    assert [(i["code"], i["path"]) for i in third.rejected] == [("duplicate_household", f"[{n}].file_number")]
    assert "register.parquet" not in third.rejected[0]["message"]
    assert stream.finish().roll_up().households == n - 9


def test_unit_tables_may_be_parquet_paths(tmp_path: Path) -> None:
    villages = pa.table({
        "village": ["522327104201", "522327104202"],
        "poor_village": [True, True],
        "fiber": [True, None],
        "rural_population": [100, None],
    })
    townships = pa.table({"township": ["522327104000"], "service_node": [True]})
    counties = pa.table({"county": ["522327"], "poor_county": [True]})
    paths = {}
    for name, t in (("villages", villages), ("townships", townships), ("counties", counties)):
        paths[name] = tmp_path / f"{name}.parquet"
        pq.write_table(t, paths[name])
    from_tables = fupin.Dataset(AS_OF, villages=villages, townships=townships, counties=counties)
    from_paths = fupin.Dataset(AS_OF, villages=str(paths["villages"]), townships=paths["townships"], counties=paths["counties"])
    assert from_paths.units() == from_tables.units()
    assert from_paths.unit_issues == from_tables.unit_issues
    stream = fupin.TallyStream(AS_OF, villages=paths["villages"])
    assert stream.unit_issues == []


def test_a_missing_or_malformed_file_is_a_clear_error(tmp_path: Path) -> None:
    for where in (tmp_path / "nowhere.parquet", str(tmp_path / "nowhere.parquet")):
        with pytest.raises(fupin.ValidationError, match="nowhere.parquet") as missing:
            fupin.Dataset(AS_OF).add_households(where)
        assert missing.value.errors()[0]["code"] == "not_a_file"
        with pytest.raises(fupin.ValidationError, match="nowhere.parquet"):
            fupin.TallyStream(AS_OF, villages=where)
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not a parquet file PAR1")
    for mode in ("dataset", "stream"):
        with pytest.raises(fupin.FupinError):
            assess(bad, mode)
    # a file without the register's required columns is refused, naming the column
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"village": ["522327104201"]}), other)
    with pytest.raises(fupin.MissingColumnError):
        fupin.TallyStream(AS_OF).push(other)
    # other objects are refused with what is accepted
    with pytest.raises(fupin.ValidationError, match="Parquet"):
        fupin.Dataset(AS_OF).add_households(42)


def test_data_made_by_fupin_synth_stays_labelled_synthetic(tmp_path: Path) -> None:
    """The marks `fupin synth` leaves (a `fupin_synthetic` column, the Parquet footer key
    `fupin.synthetic`) label what is read from them SYNTHETIC, as the command does: a report
    on made-up households never passes for real figures."""
    rows = {"village": ["522327100201"], "people": [3], "status": ["poor"]}
    plain = pa.table(rows)
    marked = pa.table({**rows, "fupin_synthetic": ["SYNTHETIC"]})
    path = tmp_path / "synthetic.parquet"
    pq.write_table(plain.replace_schema_metadata({"fupin.synthetic": "true"}), path)
    for data in (marked, path, str(path), pq.read_table(path)):
        ds = fupin.Dataset("2020-06-30")
        ds.add_households(data)
        assert ds.label is not None and ds.label.startswith("SYNTHETIC"), data
        stream = fupin.TallyStream("2020-06-30")
        stream.push(data)
        assert stream.finish().roll_up().label.startswith("SYNTHETIC"), data
    ds = fupin.Dataset("2020-06-30", label="county export")
    ds.add_households(plain)
    assert ds.label == "county export"
    ds.add_households(marked)
    assert ds.label is not None and "county export" in ds.label and "SYNTHETIC" in ds.label
