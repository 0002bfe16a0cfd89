"""The exceptions of fupin: one class per error kind, all under :class:`FupinError`.

Every exception has a stable snake_case ``code`` and :meth:`FupinError.errors`, the list of
issues ``{code, path, message, params}`` (like pydantic's ``ValidationError.errors()``).
Messages never contain personal data (ID numbers, names, phones) unmasked.
"""

from __future__ import annotations

from typing import Any, TypedDict

__all__ = [
    "ArrowError",
    "ColumnMapError",
    "DataError",
    "FupinError",
    "IdNumberError",
    "Issue",
    "JsonError",
    "MissingColumnError",
    "MoneyError",
    "NotFoundError",
    "RegionCodeError",
    "StepError",
    "UnknownKeyError",
    "ValidationError",
]


class Issue(TypedDict):
    """One problem: what (``code``), where (``path``, e.g. ``members[2].id_number``), why
    (``message``) and the values involved (``params``)."""

    code: str
    path: str
    message: str
    params: dict[str, Any]


class FupinError(ValueError):
    """Base class of every fupin error (a :class:`ValueError`)."""

    code: str

    def __init__(self, message: str, code: str = "error", issues: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self._issues: list[dict[str, Any]] = list(issues or [])

    def errors(self) -> list[Issue]:
        """Every problem as ``{code, path, message, params}``."""
        return [
            Issue(
                code=str(i.get("code", "")),
                path=str(i.get("path", "")),
                message=str(i.get("message", "")),
                params=dict(i.get("params") or {}),
            )
            for i in self._issues
        ]


class ValidationError(FupinError):
    """A value broke one or more rules, or could not be read; :meth:`errors` lists them all."""


class StepError(ValidationError):
    """A procedure step was refused: ``state`` it was tried from, the ``step``, and why."""

    state: str
    step: str


class RegionCodeError(FupinError):
    """Not a region code (``code_length``, ``code_non_digit``, ``code_unknown_province`` …)."""


class IdNumberError(FupinError):
    """Not a citizen ID number (``id_length``, ``id_check_digit`` …); the number is masked."""


class MoneyError(FupinError):
    """Not a yuan amount (more than two decimals, out of range …)."""


class UnknownKeyError(FupinError):
    """A key that names nothing known (a cause, level, strategy, status …)."""


class JsonError(FupinError):
    """Text that is not valid JSON for the expected type."""


class DataError(FupinError):
    """A look-up in the embedded reference data failed (``unknown_vintage`` …)."""


class NotFoundError(DataError, LookupError):
    """A name matched no division: fupin does not guess."""


class ArrowError(FupinError):
    """The Arrow adapter failed (``arrow_error``, ``io_error``)."""


class MissingColumnError(ArrowError):
    """A table lacks a column fupin needs (the accepted names are in the message)."""


class ColumnMapError(ArrowError):
    """A column mapping is not valid."""
