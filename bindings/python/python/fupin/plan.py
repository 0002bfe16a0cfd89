"""The plan: the five projects, the checklist, the indicator catalog, targets, poverty lines,
and the exit rules with the documents they come from."""

from ._fupin import (
    Targets,
    checklist,
    exit_rules,
    indicator,
    indicators,
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
    "indicators",
    "poverty_line",
    "poverty_lines",
    "projects",
    "sources",
]
