"""Reading a student's response the way a fair marker would.

* text: NFKC (full-width → half-width), case-folded, whitespace and punctuation
  (Chinese and English) removed, so "Whole  Relationship！" matches "whole relationship";
* true/false: ``True/False``, ``T/F``, ``√/×``, ``对/错``, ``是/否``, ``正确/错误`` …;
* choices: indexes (0-based) or letters (``"B"``, ``"b"``, ``"A,C"``, ``"AC"``, full-width ``"Ａ"``);
* numbers: ``"266.67"``, ``"266.67元"``, ``"1,234.5"``, full-width digits, ``"25.5%"``.

Each parser returns ``None`` when it cannot read the response; the grader turns
that into feedback that says which forms are accepted.

>>> normalise_text("Whole  Relationship！")
'wholerelationship'
>>> parse_bool("√"), parse_letters("A、c", 4), parse_number("1,234.5元", unit="元")
(True, (0, 2), (1234.5, False))
"""
from __future__ import annotations

import numbers

import re
import string
import unicodedata

__all__ = ["normalise_text", "parse_bool", "parse_letters", "parse_number"]

# ASCII punctuation plus the CJK marks NFKC leaves alone (、。「」『』【】〈〉《》…·—).
_PUNCT = set(string.punctuation) | set("、。〃〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟…‥·•‧—–‐‑‒―‘’“”′″") | {"\u3000"}
_STRIP = {ord(c): None for c in _PUNCT}
_SPACE = re.compile(r"\s+")

_TRUE = frozenset({"true", "t", "√", "✓", "✔", "对", "是", "正确", "对的", "yes", "y", "v", "1"})
_FALSE = frozenset({"false", "f", "×", "x", "✗", "✘", "错", "否", "错误", "错的", "no", "n", "0"})

_LETTERS = re.compile(r"^[a-z](?:[\s,;/、，；和及与&]*[a-z])*$")
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
_CURRENCY = ("¥", "$", "€", "£", "rmb", "cny")


def normalise_text(value: str) -> str:
    """NFKC, case-folded, without whitespace or punctuation: the form keywords are matched in.

    Repeated until nothing changes (removing a space can leave a combining mark that NFKC then
    composes), so normalising twice gives the same text.
    """
    out = _SPACE.sub("", unicodedata.normalize("NFKC", value).casefold().translate(_STRIP))
    while True:
        again = _SPACE.sub("", unicodedata.normalize("NFKC", out).casefold().translate(_STRIP))
        if again == out:
            return out
        out = again


def _squash(value: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", value).casefold())


def parse_bool(value) -> bool | None:
    """``True``/``False`` from a bool, 1/0, or a word or mark meaning true or false; else ``None``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {1: True, 0: False}.get(value)
    if not isinstance(value, str):
        return None
    word = _squash(value).strip("().。!！")
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def parse_letters(value, n_options: int) -> tuple[int, ...] | None:
    """0-based option indexes from letters (``"A,C"``, ``"ac"``, ``"Ａ"``) or ints; ``None`` if unreadable.

    Indexes come back sorted and without repeats; an index outside ``0..n_options-1`` makes it ``None``.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        picks = [value]
    elif isinstance(value, str):
        word = unicodedata.normalize("NFKC", value).casefold().strip()
        if not _LETTERS.match(word):
            return None
        picks = [ord(c) - ord("a") for c in word if "a" <= c <= "z"]
    elif isinstance(value, (list, tuple, set, frozenset)):
        picks = []
        for v in value:
            one = parse_letters(v, n_options)
            if one is None or len(one) != 1:
                return None
            picks.append(one[0])
    else:
        return None
    if not picks or any(p < 0 or p >= n_options for p in picks):
        return None
    return tuple(sorted(set(picks)))


def parse_number(value, *, unit: str | None = None) -> tuple[float, bool] | None:
    """``(number, had_percent_sign)`` from a number or a string such as ``"1,234.5元"``; ``None`` if unreadable.

    Thousands separators, full-width digits, the item's own unit, a currency sign and
    a trailing ``%`` are accepted; any other text makes the response unreadable.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):  # int, float and numpy numbers alike
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float, e.g. 10**400
            return None
        return (number, False) if number == number and abs(number) != float("inf") else None
    if not isinstance(value, str):
        return None
    word = _squash(value).replace("\u2212", "-")
    if unit:
        word = word.replace(_squash(unit), "") if _squash(unit) != "%" else word
    for sign in _CURRENCY:
        word = word.replace(sign, "")
    percent = word.endswith("%")
    word = word.rstrip("%")
    if not word or not _NUMBER.match(word) or not any(c.isdigit() for c in word):
        return None
    return float(word.replace(",", "")), percent
