"""fupin: China's Network Poverty Alleviation Action Plan (网络扶贫行动计划, 2016) as a typed
model — regions and codes, the household file, the plan's projects and targets, assessment of
Arrow data (pyarrow, polars, pandas, DuckDB) at every level, three-level responsibility, exit
procedures and "N+1" pairings.

The binding is thin: every rule lives in the Rust crates ``fupin-core``, ``fupin-data`` and
``fupin-arrow``. Values cross as the core's wire format (dicts and lists as ``json.loads``
gives them) or as Arrow tables. Errors are :class:`fupin.errors.FupinError` subclasses with a
stable ``code`` and ``.errors()``. Personal data never shows unmasked in ``repr()`` or in an
error message.

Topics: :mod:`fupin.region`, :mod:`fupin.data`, :mod:`fupin.household`, :mod:`fupin.plan`,
:mod:`fupin.assess`, :mod:`fupin.responsibility`, :mod:`fupin.procedure`,
:mod:`fupin.pairing`, :mod:`fupin.errors`.
"""

from __future__ import annotations

from . import assess, data, errors, household, pairing, plan, procedure, region, responsibility, types
from ._fupin import (
    __version__,
    CountyExit,
    Dataset,
    Household,
    HouseholdExit,
    IdNumber,
    Member,
    PairingBook,
    RegionCode,
    ResponsibilityMap,
    Rollup,
    RowReport,
    Tally,
    TallyStream,
    Targets,
    VillageExit,
)
from .errors import (
    ArrowError,
    ColumnMapError,
    DataError,
    FupinError,
    IdNumberError,
    JsonError,
    MissingColumnError,
    MoneyError,
    NotFoundError,
    RegionCodeError,
    StepError,
    UnknownKeyError,
    ValidationError,
)

__all__ = [
    "__version__",
    "ArrowError",
    "ColumnMapError",
    "CountyExit",
    "DataError",
    "Dataset",
    "FupinError",
    "Household",
    "HouseholdExit",
    "IdNumber",
    "IdNumberError",
    "JsonError",
    "Member",
    "MissingColumnError",
    "MoneyError",
    "NotFoundError",
    "PairingBook",
    "RegionCode",
    "RegionCodeError",
    "ResponsibilityMap",
    "Rollup",
    "RowReport",
    "StepError",
    "Tally",
    "TallyStream",
    "Targets",
    "UnknownKeyError",
    "ValidationError",
    "VillageExit",
    "assess",
    "data",
    "errors",
    "household",
    "pairing",
    "plan",
    "procedure",
    "region",
    "responsibility",
    "types",
]
