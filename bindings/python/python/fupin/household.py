"""The registered household file (建档立卡, 一户一档): households, members, ID numbers, causes."""

from ._fupin import (
    Household,
    IdNumber,
    Member,
    causes,
    id_check_char,
    parse_cause,
    statuses,
    validate_households,
)

__all__ = [
    "Household",
    "IdNumber",
    "Member",
    "causes",
    "id_check_char",
    "parse_cause",
    "statuses",
    "validate_households",
]
