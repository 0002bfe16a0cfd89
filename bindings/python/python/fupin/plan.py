"""The plan: the five projects, the checklist, the indicator catalog, targets, poverty lines,
and the exit rules with the documents they come from."""

import warnings
from typing import Any

from ._fupin import (
    Targets,
    checklist,
    exit_rules,
    indicator,
    indicator_catalog,
    poverty_line,
    poverty_lines,
    projects,
    sources,
)

__all__ = [
    "Targets",
    "checklist",
    "exit_rules",
    "indicator",
    "indicator_catalog",
    "indicators",
    "poverty_line",
    "poverty_lines",
    "projects",
    "sources",
]


def indicators() -> list[dict[str, Any]]:
    """Deprecated name of :func:`indicator_catalog` (see ``docs/names.md``), kept for one
    release: warns with a ``DeprecationWarning``, then does the same."""
    warnings.warn(
        "fupin.plan.indicators is deprecated and goes in the next release: use fupin.plan.indicator_catalog",
        DeprecationWarning,
        stacklevel=2,
    )
    return indicator_catalog()
