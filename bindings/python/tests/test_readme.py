"""The Python examples of the repository's README and of the user guide's Python chapter
(docs/guide/src/python.md) run, block by block, in one namespace per document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO

DOCUMENTS = [REPO / "README.md", REPO / "docs" / "guide" / "src" / "python.md"]


def blocks(document: Path) -> list[str]:
    text = document.read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_document_has_python_examples(document: Path) -> None:
    assert len(blocks(document)) >= 2


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_document_python_examples_run(document: Path) -> None:
    namespace: dict[str, object] = {"__name__": "readme"}
    for i, code in enumerate(blocks(document)):
        exec(compile(code, f"{document.name} python block {i}", "exec"), namespace)  # noqa: S102
