"""crm-study: a bilingual (中文 / English) study kit for Customer Relationship Management.

Submodules load on first use (``crm_study.value``, ``crm_study.clv``,
``crm_study.quiz`` …), so ``import crm_study`` stays cheap: matplotlib,
ipywidgets and scipy are imported only when a plot, widget or model is asked for.
"""
from __future__ import annotations

import importlib

from .errors import ArgumentError, ColumnError, CRMStudyError, DataError, DataWarning, InputTypeError
from .i18n import get_language, pick, set_language, text
from ._setup import AS_OF, SEED, setup

__version__ = "0.1.0"

__all__ = [
    "AS_OF", "SEED", "setup", "set_language", "get_language", "text", "pick",
    "CRMStudyError", "DataError", "ColumnError", "ArgumentError", "InputTypeError", "DataWarning",
]

#: Short, stable names the notebooks use (``crm.value``, ``crm.quiz`` …) → the module behind each.
_SUBMODULES = {
    # analytics: the formulas and models
    "value": "analytics.value", "clv": "analytics.clv", "satisfaction": "analytics.satisfaction",
    "loyalty": "analytics.loyalty", "retention": "analytics.retention", "funnel": "analytics.funnel",
    "segmentation": "analytics.segmentation",
    # chapter helpers
    "chapters": "chapters", "overview": "chapters.ch01_overview", "foundations": "chapters.ch02_foundations",
    "relationships": "chapters.ch03_relationships", "customer_data": "chapters.ch05_customer_data",
    "grading": "chapters.ch06_grading", "interaction": "chapters.ch07_interaction",
    "satisfaction_views": "chapters.ch08_satisfaction", "loyalty_views": "chapters.ch09_loyalty",
    "churn_views": "chapters.ch10_churn", "systems": "chapters.ch11_systems",
    # quiz, data, display
    "quiz": "quiz", "exercises": "quiz.exercises", "datasets": "data.datasets", "glossary": "data.glossary",
    "plotting": "display.plotting", "widgets": "display.widgets", "labels": "display.labels",
    # revision: exam essentials, past papers, booklet, flashcards
    "revision": "revision",
    # the layers themselves (``crm_study.data.datasets`` works without importing ``crm_study.data`` first)
    "analytics": "analytics", "data": "data", "display": "display", "classroom": "classroom",
}


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{_SUBMODULES[name]}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_SUBMODULES))
