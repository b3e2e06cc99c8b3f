"""One language switch for everything the kit renders: labels, messages, notes.

>>> set_language("en"); text(en="Hello", zh="你好")
'Hello'
"""
from __future__ import annotations

import os
from typing import Any, Mapping

__all__ = ["LANGUAGES", "set_language", "get_language", "text", "pick"]

LANGUAGES = ("zh", "en")
_state = {"lang": os.environ.get("CRM_STUDY_LANG", "zh") if os.environ.get("CRM_STUDY_LANG", "zh") in LANGUAGES else "zh"}


def set_language(lang: str) -> str:
    """Switch the kit to ``"zh"`` (中文) or ``"en"`` (English); returns the new language."""
    if not isinstance(lang, str) or lang.strip().lower() not in LANGUAGES:
        from .errors import ArgumentError

        raise ArgumentError(
            f"set_language: unknown language {lang!r}; use 'zh' (中文) or 'en' (English). "
            f"/ 未知语言 {lang!r}，请使用 'zh'（中文）或 'en'（英文）。"
        )
    _state["lang"] = lang.strip().lower()
    return _state["lang"]


def get_language() -> str:
    """The active language, ``"zh"`` or ``"en"`` (default ``"zh"``, or ``$CRM_STUDY_LANG``)."""
    return _state["lang"]


def text(*, en: str, zh: str, lang: str | None = None, **fmt: Any) -> str:
    """The string for the active (or given) language, formatted with ``fmt``."""
    s = zh if (lang or _state["lang"]) == "zh" else en
    return s.format(**fmt) if fmt else s


def pick(value: Any, lang: str | None = None) -> Any:
    """Choose from a ``{"zh": ..., "en": ...}`` mapping; anything else is returned as is."""
    if isinstance(value, Mapping) and set(value) & set(LANGUAGES):
        want = lang or _state["lang"]
        if want in value:
            return value[want]
        return next(value[k] for k in LANGUAGES if k in value)
    return value
