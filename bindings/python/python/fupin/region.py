"""Regions (行政区划): region codes, levels, parents, township kinds, zones, designations."""

from ._fupin import RegionCode, check_designations, levels

__all__ = ["RegionCode", "check_designations", "levels"]
