"""One language switch for everything the kit renders: labels, messages, notes.

>>> set_language("en"); text(en="Hello", zh="你好")
'Hello'
"""
from __future__ import annotations

import os
from typing import Any, Mapping

__all__ = ["LANGUAGES", "set_language", "get_language", "check_language", "env_language", "text", "pick"]

LANGUAGES = ("zh", "en")


def _unknown(where: str, lang) -> str:
    shown = repr(lang)[:40]
    return (f"{where}: unknown language {shown}; use 'zh' (中文) or 'en' (English). "
            f"/ {where}：未知语言 {shown}，请使用 'zh'（中文）或 'en'（英文）。")


def check_language(lang, where: str = "set_language") -> str:
    """``lang`` as ``"zh"`` or ``"en"`` (case and spaces ignored); anything else raises ``ArgumentError``."""
    if not isinstance(lang, str) or lang.strip().lower() not in LANGUAGES:
        from .errors import ArgumentError

        raise ArgumentError(_unknown(where, lang))
    return lang.strip().lower()


def env_language() -> str:
    """The language ``$CRM_STUDY_LANG`` asks for (``"zh"`` when unset); an unknown code raises ``ArgumentError``."""
    return check_language(os.environ.get("CRM_STUDY_LANG") or "zh", "CRM_STUDY_LANG")


def _initial() -> str:
    try:
        return env_language()
    except ValueError as exc:  # refused, and said so: the kit starts in Chinese
        import warnings

        from .errors import DataWarning

        warnings.warn(str(exc), DataWarning, stacklevel=3)
        return "zh"


_state = {"lang": _initial()}


def set_language(lang: str) -> str:
    """Switch the kit to ``"zh"`` (中文) or ``"en"`` (English); returns the new language."""
    _state["lang"] = check_language(lang)
    return _state["lang"]


def get_language() -> str:
    """The active language, ``"zh"`` or ``"en"`` (default ``"zh"``, or ``$CRM_STUDY_LANG``)."""
    return _state["lang"]


def text(*, en: str, zh: str, lang: str | None = None, **fmt: Any) -> str:
    """The string for the active (or given) language, formatted with ``fmt``."""
    s = zh if (_state["lang"] if lang is None else check_language(lang, "text")) == "zh" else en
    return s.format(**fmt) if fmt else s


def pick(value: Any, lang: str | None = None) -> Any:
    """Choose from a ``{"zh": ..., "en": ...}`` mapping; anything else is returned as is."""
    # dict and str first: the common cases, and much cheaper than the abstract Mapping check
    if isinstance(value, dict) or (not isinstance(value, str) and isinstance(value, Mapping)):
        if not ("zh" in value or "en" in value):
            return value
        want = _state["lang"] if lang is None else check_language(lang, "pick")
        if want in value:
            return value[want]
        return next(value[k] for k in LANGUAGES if k in value)
    return value
