"""The embedded reference data: provinces, prefectures and counties of the vintages 2016 to
2023 (``vintage_on(date)`` gives the one in force on a date), change events, and name
resolution that never guesses; and the townships and villages of the NBS 2023 codes with
their names (``village_name``, decoded on first use)."""

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
    vintage_on,
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
    "vintage_on",
]
