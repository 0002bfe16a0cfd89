"""The Python examples of the repository's README run, block by block, in one namespace."""

from __future__ import annotations

import re

from conftest import REPO


def blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_has_python_examples() -> None:
    assert len(blocks()) >= 2


def test_readme_python_examples_run() -> None:
    namespace: dict[str, object] = {"__name__": "readme"}
    for i, code in enumerate(blocks()):
        exec(compile(code, f"README.md python block {i}", "exec"), namespace)  # noqa: S102
