"""Export a bank to Moodle GIFT, for the question types GIFT can hold.

Mapping: true/false → ``{T}``/``{F}``; single choice → ``{=right ~wrong …}``;
multiple choice → ``{~%50%right ~%-100%wrong …}`` (each right option 100/k %);
numeric → ``{#answer:tolerance}``; term and short answer → essay ``{}`` with the model
answer as general feedback; matching with at least 3 slots → ``{=slot -> choice …}``.
Skipped, with the reason: cases (GIFT has no multi-part question) and matching
items with fewer than 3 slots (Moodle needs three pairs). The explanation becomes
the general feedback (``####``). GIFT's special characters ``~ = # { } :`` and the
backslash are escaped with a backslash; line breaks become ``\\n``.

>>> gift, skipped = to_gift(load_bank(), lang="en")       # doctest: +SKIP
"""
from __future__ import annotations

from ..errors import ArgumentError, InputTypeError
from ..i18n import get_language, pick, text
from .bank import TEXT_TYPES, Bank, Item, default_tolerance
from .marking import format_number

__all__ = ["gift_escape", "to_gift"]

_SPECIAL = {c: "\\" + c for c in "\\~=#{}:"}


def gift_escape(value: str) -> str:
    """Escape GIFT's special characters ``\\ ~ = # { } :`` and turn line breaks into ``\\n``."""
    out = "".join(_SPECIAL.get(c, c) for c in str(value))
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def _question(item: Item, lang: str) -> str | None:
    e = gift_escape
    prompt = e(pick(item.prompt, lang))
    feedback = f"####{e(pick(item.explanation, lang))}" if item.explanation else ""
    if item.type == "true_false":
        body = ("T" if item.answer else "F") + feedback
    elif item.type == "single_choice":
        body = " ".join(("=" if i == item.answer else "~") + e(pick(o, lang)) for i, o in enumerate(item.options)) + feedback
    elif item.type == "multiple_choice":
        share = format(100 / len(item.answer), ".5f").rstrip("0").rstrip(".")
        body = " ".join((f"~%{share}%" if i in item.answer else "~%-100%") + e(pick(o, lang))
                        for i, o in enumerate(item.options)) + feedback
    elif item.type == "numeric":
        tol = item.tolerance if item.tolerance is not None else default_tolerance(item.answer)
        if item.unit and item.unit not in pick(item.prompt, lang):
            prompt += e(f" ({item.unit})")
        body = f"#{format_number(item.answer)}:{format_number(tol)}{feedback}"
    elif item.type in TEXT_TYPES:
        body = "####" + e(pick(item.model_answer, lang))
    elif item.type == "matching" and len(item.slots) >= 3:
        body = " ".join(f"={e(pick(s, lang))} -> {e(pick(item.choices[a], lang))}"
                        for s, a in zip(item.slots, item.answer)) + feedback
    else:
        return None
    return f"// {item.id}\n::{e(item.id)}::{prompt}{{{body}}}\n"


def to_gift(bank: Bank, *, lang: str | None = None) -> tuple[str, list[tuple[str, str]]]:
    """``(gift_text, skipped)`` where ``skipped`` lists ``(item id, reason)`` for items GIFT cannot hold."""
    if not isinstance(bank, Bank):
        raise InputTypeError(text(en="to_gift: bank must be a Bank from load_bank(), got {t}.",
                                  zh="to_gift：参数 bank 应为 load_bank() 得到的题库，实际为 {t}。", t=type(bank).__name__))
    lang = lang or get_language()
    if lang not in ("zh", "en"):
        raise ArgumentError(text(en="to_gift: lang must be 'zh' or 'en', got {l!r}.", zh="to_gift：lang 应为 'zh' 或 'en'，实际为 {l!r}。",
                                 l=lang))
    chunks, skipped = [], []
    for item in bank:
        q = _question(item, lang)
        if q is not None:
            chunks.append(q)
        elif item.type == "case":
            skipped.append((item.id, text(en="case: GIFT has no multi-part question; set its parts as separate questions",
                                          zh="案例题：GIFT 不支持多小题题型；请把各小题作为单独的题目", lang=lang)))
        else:
            skipped.append((item.id, text(en="matching with {n} slot(s): Moodle needs at least 3 pairs",
                                          zh="填图/配对题只有 {n} 个空位：Moodle 至少需要 3 对", n=len(item.slots), lang=lang)))
    return "\n".join(chunks), skipped
