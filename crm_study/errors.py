"""Exceptions raised by the kit. Every message names the column or argument and
what to do, in the active language.

All are subclasses of ``ValueError`` or ``TypeError`` so that ordinary
``except ValueError`` code keeps working.
"""
from __future__ import annotations

__all__ = ["CRMStudyError", "DataError", "ColumnError", "ArgumentError", "InputTypeError", "DataWarning"]


class CRMStudyError(Exception):
    """Base class of every error the kit raises on purpose."""


class DataError(CRMStudyError, ValueError):
    """The data has a problem: empty table, unparseable date, negative amount …"""


class ColumnError(DataError):
    """A required column is missing or misnamed."""


class ArgumentError(CRMStudyError, ValueError):
    """An argument is outside its allowed range (e.g. retention not in [0, 1))."""


class InputTypeError(CRMStudyError, TypeError):
    """An argument has the wrong type (e.g. a list where a DataFrame is needed)."""


class DataWarning(UserWarning):
    """The data is usable but probably not what was meant (duplicated rows, dates read as Excel
    serial numbers, a latest date far beyond the rest …); shown in notebooks, never silent."""
