"""crm-study: a bilingual (中文 / English) study kit for Customer Relationship Management.

Submodules load on first use (``crm_study.value``, ``crm_study.clv``,
``crm_study.quiz`` …), so ``import crm_study`` stays cheap: matplotlib,
ipywidgets and scipy are imported only when a plot, widget or model is asked for.
"""
from __future__ import annotations

import importlib

from .errors import ArgumentError, ColumnError, CRMStudyError, DataError, InputTypeError
from .i18n import get_language, pick, set_language, text
from ._setup import AS_OF, SEED, setup

__version__ = "0.1.0"

__all__ = [
    "AS_OF", "SEED", "setup", "set_language", "get_language", "text", "pick",
    "CRMStudyError", "DataError", "ColumnError", "ArgumentError", "InputTypeError",
]

_SUBMODULES = {
    "value", "clv", "datasets", "quiz", "plotting", "satisfaction", "loyalty", "retention",
    "funnel", "segmentation", "glossary", "widgets", "exercises", "overview", "foundations",
    "relationships", "customer_data", "grading", "interaction", "satisfaction_views", "loyalty_views",
    "churn_views", "systems", "chapters",
}


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES)
