"""One language switch for everything the kit renders: labels, messages, notes.

>>> set_language("en"); text(en="Hello", zh="你好")
'Hello'
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Mapping

__all__ = ["LANGUAGES", "set_language", "get_language", "check_language", "env_language", "text", "pick", "language"]

LANGUAGES = ("zh", "en")
#: The environment variable that chooses the language until :func:`set_language` is called.
_ENV_VAR = "CRM_STUDY_LANG"


def _unknown(where: str, lang) -> str:
    shown = repr(lang)[:40]
    if where == _ENV_VAR:
        return (f"{_ENV_VAR}={shown} is not a language of the kit; set it to zh or en, or call "
                f"crm_study.set_language('en'). / 环境变量 {_ENV_VAR}={shown} 不是本学习包支持的语言；"
                f"请设为 zh 或 en，或调用 crm_study.set_language('zh')。")
    return (f"{where}: unknown language {shown}; use 'zh' (中文) or 'en' (English). "
            f"/ {where}：未知语言 {shown}，请使用 'zh'（中文）或 'en'（英文）。")


def check_language(lang, where: str = "set_language") -> str:
    """``lang`` as ``"zh"`` or ``"en"`` (case and spaces ignored); anything else raises ``ArgumentError``
    naming ``where``: the function, or ``"CRM_STUDY_LANG"`` for the environment variable."""
    if not isinstance(lang, str) or lang.strip().lower() not in LANGUAGES:
        from .errors import ArgumentError

        raise ArgumentError(_unknown(where, lang))
    return lang.strip().lower()


def env_language() -> str:
    """The language ``$CRM_STUDY_LANG`` asks for (``"zh"`` when unset); an unknown code raises ``ArgumentError``."""
    return check_language(os.environ.get(_ENV_VAR) or "zh", where=_ENV_VAR)


# None until the language is first needed: then ``$CRM_STUDY_LANG`` is read (and an unknown code is
# refused there, as a one-line error, not while ``import crm_study`` runs in a notebook).
_state: dict = {"lang": None}


def _active() -> str:
    lang = _state["lang"]
    if lang is None:
        lang = _state["lang"] = env_language()
    return lang


def set_language(lang: str) -> str:
    """Switch the kit to ``"zh"`` (中文) or ``"en"`` (English); returns the new language."""
    _state["lang"] = check_language(lang)
    return _state["lang"]


def get_language() -> str:
    """The active language, ``"zh"`` or ``"en"``: the last :func:`set_language`, else ``$CRM_STUDY_LANG``
    (default ``"zh"``). An unknown ``$CRM_STUDY_LANG`` raises ``ArgumentError`` naming the variable until
    a language is set."""
    return _active()


def text(*, en: str, zh: str, lang: str | None = None, **fmt: Any) -> str:
    """The string for the active (or given) language, formatted with ``fmt``."""
    s = zh if (_active() if lang is None else check_language(lang, "text")) == "zh" else en
    return s.format(**fmt) if fmt else s


def pick(value: Any, lang: str | None = None) -> Any:
    """Choose from a ``{"zh": ..., "en": ...}`` mapping; anything else is returned as is."""
    # dict and str first: the common cases, and much cheaper than the abstract Mapping check
    if isinstance(value, dict) or (not isinstance(value, str) and isinstance(value, Mapping)):
        if not ("zh" in value or "en" in value):
            return value
        want = _active() if lang is None else check_language(lang, "pick")
        if want in value:
            return value[want]
        return next(value[k] for k in LANGUAGES if k in value)
    return value


@contextmanager
def language(lang: str):
    """Make ``lang`` the active language inside a ``with`` block, then restore the one before."""
    before = _state["lang"]
    _state["lang"] = check_language(lang, "language")
    try:
        yield _state["lang"]
    finally:
        _state["lang"] = before
