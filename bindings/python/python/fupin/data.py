"""The embedded reference data: provinces, prefectures and counties of the 2016 and 2020
vintages, change events, and name resolution that never guesses; and the townships and
villages of the NBS 2023 codes with their names (``village_name``, decoded on first use)."""

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
    townships_of,
    village_data_version,
    village_name,
    villages_of,
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
    "townships_of",
    "village_data_version",
    "village_name",
    "villages_of",
]
