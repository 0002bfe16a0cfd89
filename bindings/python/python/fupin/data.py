"""The embedded reference data: provinces, prefectures and counties of the 2016 and 2020
vintages, change events, and name resolution that never guesses."""

from ._fupin import (
    changes_from,
    changes_to,
    county_codes,
    crosswalk,
    data_version,
    division,
    division_children,
    division_path,
    divisions,
    full_name,
    resolve,
    successors,
)

__all__ = [
    "changes_from",
    "changes_to",
    "county_codes",
    "crosswalk",
    "data_version",
    "division",
    "division_children",
    "division_path",
    "divisions",
    "full_name",
    "resolve",
    "successors",
]
