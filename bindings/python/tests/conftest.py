"""Shared helpers: the golden fixtures of the repository (tests/fixtures), read by the Rust,
Python and JS suites alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures"


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def files(folder: str, prefix: str) -> list[Path]:
    found = sorted((FIXTURES / folder).glob(f"{prefix}*.json"))
    assert found, f"no {prefix} fixtures in {folder}"
    return found


@pytest.fixture
def household_dict() -> dict[str, Any]:
    """A valid household with personal data (synthetic)."""
    return load(FIXTURES / "households" / "valid_full.json")["input"]
