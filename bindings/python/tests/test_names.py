"""The naming table docs/names.md is true for Python: every name in its Python column exists
in ``fupin``, every public function of the package's modules is in it, and every deprecated
name (struck through) warns and gives what its new name gives."""

from __future__ import annotations

import inspect
import re
import warnings
from collections.abc import Callable
from typing import Any

import pytest

import fupin
from conftest import FIXTURES, REPO, load

NAMES = REPO / "docs" / "names.md"
NAME = re.compile(r"(~~)?`([^`]+)`(~~)?")
MODULES = ("region", "data", "household", "plan", "assess", "responsibility", "procedure", "pairing")


def python_cells() -> list[str]:
    """The Python cell of every row of every table (the column headed ``Python``)."""
    cells: list[str] = []
    column: int | None = None
    for line in NAMES.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            column = None
            continue
        row = [c.strip() for c in line.strip().strip("|").split("|")]
        if column is None:
            assert "Python" in row, f"a table of names.md without a Python column: {line}"
            column = row.index("Python")
        elif not set(line) <= set("|-: "):
            cells.append(row[column])
    return cells


def names() -> tuple[list[str], list[str]]:
    """(current names, deprecated names) of the Python column."""
    current: list[str] = []
    deprecated: list[str] = []
    for cell in python_cells():
        for struck, name, _ in NAME.findall(cell):
            (deprecated if struck else current).append(name)
    return current, deprecated


def resolve(name: str) -> Any:
    obj: Any = fupin
    for part in name.removeprefix("fupin.").split("."):
        obj = getattr(obj, part)
    return obj


def test_the_table_has_rows() -> None:
    current, deprecated = names()
    assert len(current) > 80 and len(deprecated) >= 5


@pytest.mark.parametrize("name", names()[0] + names()[1])
def test_every_python_name_exists(name: str) -> None:
    assert callable(resolve(name)), name


def test_every_public_function_is_in_the_table() -> None:
    current, deprecated = names()
    listed = set(current) | set(deprecated)
    for module in MODULES:
        m = getattr(fupin, module)
        for attr in m.__all__:
            if not inspect.isclass(getattr(m, attr)):  # functions; classes are rows by their methods
                assert f"fupin.{module}.{attr}" in listed, f"fupin.{module}.{attr} is not in docs/names.md"


def rollup() -> fupin.Rollup:
    return fupin.assess.synthesize(["522327"], scale=0.05, seed=3).roll_up()


def household() -> Any:
    return load(FIXTURES / "households" / "valid_full.json")["input"]


def responsibility() -> Any:
    return load(FIXTURES / "responsibility" / "map_valid_chain.json")["input"]


# each deprecated name, called with the arguments its new name takes
CALLS: dict[str, Callable[[Any], Any]] = {
    "fupin.plan.indicators": lambda f: f(),
    "fupin.assess.synthetic": lambda f: f(["522327"], scale=0.05, seed=3).roll_up().to_dict(),
    "fupin.assess.household_exit_verdict": lambda f: f(household(), "2020-06-30"),
    "Rollup.verdicts": lambda f: f(rollup(), "522327"),
    "Rollup.accountability": lambda f: f(rollup(), responsibility(), levels=["county"]),
}
# the name that replaces it, from the same row of the table
NEW = {
    "fupin.plan.indicators": "fupin.plan.indicator_catalog",
    "fupin.assess.synthetic": "fupin.assess.synthesize",
    "fupin.assess.household_exit_verdict": "fupin.assess.household_exit",
    "Rollup.verdicts": "Rollup.judge_targets",
    "Rollup.accountability": "Rollup.accountability_chains",
}


def test_every_deprecated_name_is_tested() -> None:
    assert sorted(names()[1]) == sorted(CALLS) == sorted(NEW)
    for cell in python_cells():
        found = NAME.findall(cell)
        for struck, name, _ in found:
            if struck:
                assert NEW[name] in [n for s, n, _ in found if not s], f"{name}'s row lacks {NEW[name]}"


@pytest.mark.parametrize("old", sorted(CALLS))
def test_deprecated_names_warn_and_do_the_same(old: str) -> None:
    with pytest.warns(DeprecationWarning, match=re.escape(NEW[old].removeprefix("fupin."))):
        got = CALLS[old](resolve(old))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        want = CALLS[old](resolve(NEW[old]))
    assert got == want
