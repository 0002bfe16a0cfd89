"""One version for the crates, the Python package and the npm package (set once, in the
workspace's Cargo.toml)."""

from __future__ import annotations

import importlib.metadata
import re

from conftest import REPO

import fupin


def workspace_version() -> str:
    text = (REPO / "Cargo.toml").read_text(encoding="utf-8")
    section = text.split("[workspace.package]", 1)[1]
    found = re.search(r'^version = "([^"]+)"', section, flags=re.M)
    assert found is not None
    return found.group(1)


def test_version_is_the_workspace_version() -> None:
    assert fupin.__version__ == workspace_version()
    assert importlib.metadata.version("fupin") == workspace_version()


def test_changelog_names_the_version() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{workspace_version()}]" in changelog
