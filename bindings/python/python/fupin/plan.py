"""The plan: the five projects, the checklist, the indicator catalog, targets, poverty lines."""

from ._fupin import Targets, checklist, indicator, indicators, poverty_line, poverty_lines, projects

__all__ = ["Targets", "checklist", "indicator", "indicators", "poverty_line", "poverty_lines", "projects"]
