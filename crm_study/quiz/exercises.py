"""Self-check for notebook exercises: ``check(answer, expected)`` gives a verdict in the active language.

An exercise cell leaves ``answer = None`` so the committed notebook shows
"not answered yet"; a student types a value and runs the cell again.

* numbers: right when ``|answer - expected| <= tolerance`` (default: 0.5 % of
  ``|expected|``, enough for an answer rounded to three significant figures);
  a string such as ``"1,234.5"``, ``"８０％"`` or ``"80%"`` is read as a
  number (a percent sign divides by 100);
* strings: compared after normalising width (full-width ``ＡＢＣ`` = ``ABC``),
  case, spaces and punctuation, as the quiz grader does
  (:func:`crm_study.quiz.normalise.normalise_text`); ``expected`` may be ``{"zh": ..., "en": ...}``
  to accept either language;
* sets: right when the normalised elements match exactly (order is ignored).

>>> check(None, 236.36)                                 # doctest: +SKIP
… not answered yet …
>>> bool(check(236, 236.36, tolerance=1))
True
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any, Mapping

from .. import _validate
from ..errors import InputTypeError
from ..i18n import LANGUAGES, pick, text
from .normalise import normalise_text, parse_number

__all__ = ["Verdict", "check"]

_WHERE = "exercises.check"
_DEFAULT_REL = 0.005


@dataclass(frozen=True)
class Verdict:
    """Outcome of one self-check: ``status`` is ``"unanswered"``, ``"correct"`` or ``"wrong"``.

    ``bool(verdict)`` is ``True`` only when the answer is correct; the notebook shows ``message``.
    """

    status: str
    message: str

    def __bool__(self) -> bool:
        return self.status == "correct"

    def __repr__(self) -> str:
        return self.message


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _as_number(answer: Any) -> float | None:
    """A student's answer as a float (a percent sign divides by 100), or ``None`` when unreadable."""
    if _is_number(answer):
        return float(answer)
    parsed = parse_number(answer) if isinstance(answer, str) else None
    if parsed is None:
        return None
    value, percent = parsed
    return value / 100 if percent else value


def _word_forms(expected: Any) -> set[str] | None:
    """Accepted normalised forms of a word answer; ``None`` when ``expected`` is not a word."""
    if isinstance(expected, str):
        return {normalise_text(expected)}
    if isinstance(expected, Mapping) and expected and set(expected) <= set(LANGUAGES):
        if all(isinstance(v, str) for v in expected.values()):
            return {normalise_text(v) for v in expected.values()}
    return None


def _element(value: Any) -> Any:
    """A set element in comparable form: numbers as floats, strings normalised."""
    if isinstance(value, str):
        number = _as_number(value)
        return number if number is not None else normalise_text(value)
    return float(value) if _is_number(value) else value


def _show(answer: Any) -> str:
    if isinstance(answer, (set, frozenset)):
        return "{" + ", ".join(sorted(repr(a) for a in answer)) + "}"
    return repr(answer)


def _extra(note: Any) -> str:
    chosen = pick(note)
    return f" {chosen}" if chosen else ""


def _wrong(answer: Any, hint: Any, why: str = "") -> Verdict:
    message = text(en="✗ Not yet: {a} is not the expected answer.", zh="✗ 还不对：{a} 不是预期的答案。",
                   a=_show(answer))
    return Verdict("wrong", message + (f" {why}" if why else "") + _extra(hint))


def check(answer: Any, expected: Any, *, tolerance: float | None = None, hint: Any = None,
          explanation: Any = None) -> Verdict:
    """Compare a student's ``answer`` with ``expected`` and return a :class:`Verdict`.

    ``hint`` (shown when wrong) and ``explanation`` (shown when right) are strings or
    ``{"zh": ..., "en": ...}`` mappings, rendered in the active language.
    ``tolerance`` is the absolute tolerance for numbers (default 0.5 % of ``|expected|``).

    >>> check("８０％", 0.8).status
    'correct'
    """
    if tolerance is not None:
        tolerance = _validate.number(tolerance, name="tolerance", where=_WHERE, lo=0)
    words = _word_forms(expected)
    if not (_is_number(expected) or words is not None or isinstance(expected, (set, frozenset))):
        raise InputTypeError(text(
            en="{where}: expected must be a number, a string, a {{'zh': ..., 'en': ...}} pair of strings "
               "or a set, got {typ}. Pass the model answer in one of these forms.",
            zh="{where}：参数 expected 应为数字、字符串、{{'zh': ..., 'en': ...}} 字符串对或集合，"
               "实际为 {typ}。请用其中一种形式给出标准答案。",
            where=_WHERE, typ=type(expected).__name__))
    if _is_number(expected) and not math.isfinite(float(expected)):
        raise InputTypeError(text(en="{where}: expected must be a finite number, got {v!r}.",
                                  zh="{where}：参数 expected 必须是有限数，实际为 {v!r}。", where=_WHERE, v=expected))
    if answer is None:
        return Verdict("unanswered", text(
            en="… Not answered yet: replace None with your answer and run this cell again.",
            zh="… 尚未作答：把 answer = None 中的 None 改成你的答案，再运行这段代码。"))

    if _is_number(expected):
        value = _as_number(answer)
        if value is None:
            return _wrong(answer, hint, text(en="The answer should be a number.", zh="答案应为一个数字。"))
        allowed = tolerance if tolerance is not None else _DEFAULT_REL * abs(float(expected))
        correct = abs(value - float(expected)) <= allowed + 1e-12
    elif words is not None:
        if not isinstance(answer, str):
            return _wrong(answer, hint, text(en="The answer should be text in quotes.",
                                             zh="答案应为带引号的文字。"))
        correct = normalise_text(answer) in words
    else:
        if not isinstance(answer, (set, frozenset, list, tuple)):
            return _wrong(answer, hint, text(en="The answer should be a set such as {'A', 'B'}.",
                                             zh="答案应为集合，例如 {'A', 'B'}。"))
        correct = {_element(a) for a in answer} == {_element(e) for e in expected}
    if not correct:
        return _wrong(answer, hint)
    return Verdict("correct", text(en="✓ Correct.", zh="✓ 正确。") + _extra(explanation))
