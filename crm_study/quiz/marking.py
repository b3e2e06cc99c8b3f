"""Grading: a pure function from (item, response) to a score with feedback that teaches.

Rules (the same for the widget, the tests and the mock-exam key):

* true/false, single choice: all or nothing. Multiple choice: all or nothing
  (the usual 多选 rule: a missing or extra option scores 0), the feedback names what was missed.
* numeric: ``|response - answer| <= tolerance`` (``bank.numeric_tolerance``: the item's own,
  else half a unit of its decimals, else 0.5 % of the answer, at least 0.01). For ``unit: "%"`` the answer is in percent: ``"25.5%"`` and ``"25.5"``
  both score; ``0.255`` scores 0 and the feedback names the slip (a proportion, not a
  percentage). For other items a response ending in ``%`` is divided by 100.
* matching (填图): each slot earns ``points / slots``.
* term, short answer: a keypoint is met when the normalised answer contains any of its
  phrases (Chinese or English); the score is the sum met, capped at the item's points.
  This is keyword self-assessment, not a human marker.
* case: each part is graded and the scores are added.

An empty or unreadable response scores 0 with feedback saying which forms are accepted;
a response of a type no question accepts (e.g. a DataFrame) raises ``InputTypeError``.

>>> grade(item, "对").score          # doctest: +SKIP
1.5
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..errors import ArgumentError, DataError, InputTypeError
from ..i18n import pick, text
from .bank import TEXT_TYPES, TYPES, Bank, Item, numeric_tolerance
from .normalise import normalise_text, parse_bool, parse_letters, parse_number

__all__ = ["Result", "grade", "reference_response", "grade_references", "letter", "format_number"]

_EPS = 1e-9
_RESPONSE_TYPES = (str, bool, int, float, list, tuple, dict)


@dataclass(frozen=True)
class Result:
    """A graded response: ``score`` of ``max_score``, ``correct`` when full marks, ``feedback`` text."""

    item_id: str
    score: float
    max_score: float
    correct: bool
    feedback: str
    missed: tuple[str, ...] = ()
    parts: tuple["Result", ...] = ()

    def __repr__(self) -> str:
        return f"Result({self.item_id}: {format_number(self.score)}/{format_number(self.max_score)})"


def letter(index: int) -> str:
    """Option letter of a 0-based index: 0 → ``"A"``."""
    return chr(ord("A") + index)


def format_number(x: float) -> str:
    """A number as a student would write it: ``266.67``, ``1234567``, ``1.5``."""
    return format(round(float(x), 6), ".10g")


def _result(item: Item, score: float, feedback: list[str], missed=(), parts=()) -> Result:
    score = round(min(max(score, 0.0), item.points), 6)
    return Result(item.id, score, item.points, score >= item.points - _EPS,
                  " ".join(s for s in feedback if s), tuple(missed), tuple(parts))


def _explain(item: Item) -> str:
    return pick(item.explanation) if item.explanation else ""


def _empty(response) -> bool:
    return response is None or (isinstance(response, str) and not response.strip()) or \
        (isinstance(response, (list, tuple, dict)) and not response)


def _no_answer() -> str:
    return text(en="No answer given.", zh="未作答。")


def _right(ok: bool) -> str:
    return text(en="Correct.", zh="回答正确。") if ok else text(en="Not quite.", zh="回答不正确。")


def _grade_tf(item: Item, response) -> Result:
    key = text(en="True (√)", zh="正确（√）") if item.answer else text(en="False (×)", zh="错误（×）")
    if _empty(response):
        return _result(item, 0, [_no_answer(), text(en="The answer is {k}.", zh="答案是{k}。", k=key), _explain(item)])
    value = parse_bool(response)
    if value is None:
        return _result(item, 0, [text(
            en="Could not read {r!r} as true or false; answer True/False, T/F, √/×, 对/错, 是/否 or 正确/错误.",
            zh="无法把 {r!r} 识别为对或错；请用 True/False、T/F、√/×、对/错、是/否 或 正确/错误 作答。", r=response),
            text(en="The answer is {k}.", zh="答案是{k}。", k=key), _explain(item)])
    ok = value == item.answer
    return _result(item, item.points if ok else 0,
                   [_right(ok), "" if ok else text(en="The answer is {k}.", zh="答案是{k}。", k=key), _explain(item)])


def _choice_text(item: Item, idx: Iterable[int]) -> str:
    return "; ".join(f"{letter(i)}. {pick(item.options[i])}" for i in idx)


def _grade_choice(item: Item, response) -> Result:
    key = item.answer if item.type == "multiple_choice" else (item.answer,)
    shown = text(en="The answer is {k}.", zh="答案是 {k}。", k=_choice_text(item, key))
    if _empty(response):
        return _result(item, 0, [_no_answer(), shown, _explain(item)])
    got = parse_letters(response, len(item.options))
    if got is None:
        return _result(item, 0, [text(
            en="Could not read {r!r} as option letters A–{z}; answer with letters such as \"B\" or \"A,C\".",
            zh="无法把 {r!r} 识别为选项字母 A–{z}；请用字母作答，如 \"B\" 或 \"A,C\"。",
            r=response, z=letter(len(item.options) - 1)), shown, _explain(item)])
    if item.type == "single_choice" and len(got) > 1:
        return _result(item, 0, [text(en="Choose one option only (you chose {g}).", zh="单选题只能选一个选项（你选了 {g}）。",
                                      g=", ".join(map(letter, got))), shown, _explain(item)])
    ok = got == tuple(key)
    notes = []
    if not ok and item.type == "multiple_choice":
        missing = [letter(i) for i in key if i not in got]
        extra = [letter(i) for i in got if i not in key]
        if missing:
            notes.append(text(en="Missed: {m}.", zh="漏选：{m}。", m=", ".join(missing)))
        if extra:
            notes.append(text(en="Should not be chosen: {e}.", zh="不应选：{e}。", e=", ".join(extra)))
    return _result(item, item.points if ok else 0, [_right(ok), *notes, "" if ok else shown, _explain(item)])


def _grade_numeric(item: Item, response) -> Result:
    tol = numeric_tolerance(item)
    unit = item.unit or ""
    percent_item = unit.strip() == "%"
    sep = "" if percent_item or not unit else " "
    shown = text(en="The answer is {a}{s}{u} (accepted within ±{t}).", zh="答案是 {a}{s}{u}（误差 ±{t} 以内均可）。",
                 a=format_number(item.answer), s=sep, u=unit, t=format_number(tol))
    if _empty(response):
        return _result(item, 0, [_no_answer(), shown, _explain(item)])
    parsed = parse_number(response, unit=unit or None)
    if parsed is None:
        return _result(item, 0, [text(
            en="Could not read {r!r} as a number; write digits such as 266.67, 1,234.5 or 25.5%.",
            zh="无法把 {r!r} 识别为数字；请写成 266.67、1,234.5 或 25.5% 这样的数字。", r=response), shown, _explain(item)])
    value, had_percent = parsed
    if had_percent and not percent_item:
        value /= 100
    ok = abs(value - item.answer) <= tol + _EPS
    notes = []
    if not ok and percent_item and not had_percent and abs(value * 100 - item.answer) <= tol + _EPS:
        notes.append(text(
            en="You wrote {v}, a proportion; this question asks for a percentage: write {p} or {p}%.",
            zh="你写的 {v} 是小数形式的比例；本题要求百分数：请写 {p} 或 {p}%。",
            v=format_number(value), p=format_number(item.answer)))
    return _result(item, item.points if ok else 0, [_right(ok), *notes, "" if ok else shown, _explain(item)])


def _grade_matching(item: Item, response) -> Result:
    n = len(item.slots)
    key = "; ".join(f"{pick(s)} → {letter(a)}. {pick(item.choices[a])}" for s, a in zip(item.slots, item.answer))
    shown = text(en="Key: {k}.", zh="答案：{k}。", k=key)
    if _empty(response):
        return _result(item, 0, [_no_answer(), shown, _explain(item)])
    if isinstance(response, str):
        word = normalise_text(response)
        got = [ord(c) - ord("a") if c.isascii() and c.isalpha() else None for c in word]
    elif isinstance(response, (list, tuple)):
        got = [one[0] if one is not None and len(one) == 1 else None
               for one in (None if r is None else parse_letters(r, len(item.choices)) for r in response)]
    else:
        got = [None]
    if len(got) != n:
        return _result(item, 0, [text(en="Give one choice for each of the {n} slots (got {g}).",
                                      zh="请为 {n} 个空位各填一个选项（实际给出 {g} 个）。", n=n, g=len(got)),
                                 shown, _explain(item)])
    right = sum(g == a for g, a in zip(got, item.answer))
    wrong = [pick(s) for s, g, a in zip(item.slots, got, item.answer) if g != a]
    notes = [text(en="{r} of {n} slots right.", zh="{n} 个空位中答对 {r} 个。", r=right, n=n)]
    if wrong:
        notes.append(text(en="Check: {w}.", zh="请再看：{w}。", w=", ".join(wrong)))
    return _result(item, item.points * right / n, [*notes, "" if right == n else shown, _explain(item)])


def _grade_text(item: Item, response) -> Result:
    model = text(en="Model answer: {m}", zh="参考答案：{m}", m=pick(item.model_answer))
    total = sum(k.points for k in item.keypoints)
    labels = [pick(k.any)[0] for k in item.keypoints]
    if _empty(response):
        return _result(item, 0, [_no_answer(), text(en="Marking points: {m}.", zh="得分点：{m}。", m="; ".join(labels)),
                                 model, _explain(item)], missed=labels)
    if not isinstance(response, str):
        raise InputTypeError(text(en="grade: item {i} ({t}) takes a text answer (a string), got {r}.",
                                  zh="grade：题目 {i}（{t}）需要文字答案（字符串），实际为 {r}。",
                                  i=item.id, t=item.type, r=type(response).__name__))
    answer = normalise_text(response)
    met = [any(p in answer for p in k.normalised) for k in item.keypoints]
    score = sum(k.points for k, m in zip(item.keypoints, met) if m)
    missed = [lab for lab, m in zip(labels, met) if not m]
    notes = [text(en="Keypoints met: {k} of {n} ({s} of {t} points).", zh="命中得分点 {k}/{n} 个（{s}/{t} 分）。",
                  k=sum(met), n=len(met), s=format_number(min(score, item.points)), t=format_number(item.points))]
    if missed:
        notes.append(text(en="Missed: {m}.", zh="遗漏的得分点：{m}。", m="; ".join(missed)))
    notes.append(text(en="(Keyword self-check, not a human marker.)", zh="（关键词自评，并非人工阅卷。）"))
    return _result(item, min(score, total), [*notes, model, _explain(item)], missed=missed)


def _grade_case(item: Item, response) -> Result:
    parts = item.parts
    if _empty(response):
        answers = [None] * len(parts)
    elif isinstance(response, dict):
        unknown = sorted(set(map(str, response)) - {p.id for p in parts})
        if unknown:
            raise ArgumentError(text(en="grade: case {i} has no part(s) {u}; its parts are {p}.",
                                     zh="grade：案例题 {i} 没有小题 {u}；它的小题是 {p}。",
                                     i=item.id, u=", ".join(unknown), p=", ".join(p.id for p in parts)))
        answers = [response.get(p.id) for p in parts]
    elif isinstance(response, (list, tuple)) and len(response) <= len(parts):
        answers = list(response) + [None] * (len(parts) - len(response))
    else:
        raise ArgumentError(text(
            en="grade: case {i} takes a dict {{part id: answer}} or a list of at most {n} answers, got {r!r}.",
            zh="grade：案例题 {i} 的答案应为 {{小题 id: 答案}} 字典，或不超过 {n} 个答案的列表，实际为 {r!r}。",
            i=item.id, n=len(parts), r=response))
    results = [grade(p, a) for p, a in zip(parts, answers)]
    score = sum(r.score for r in results)
    lines = [f"({letter(k).lower()}) {format_number(r.score)}/{format_number(r.max_score)}: {r.feedback}"
             for k, r in enumerate(results)]
    missed = [m for r in results for m in r.missed]
    return _result(item, score, [*lines, _explain(item)], missed=missed, parts=results)


_GRADERS = {
    "true_false": _grade_tf, "single_choice": _grade_choice, "multiple_choice": _grade_choice,
    "numeric": _grade_numeric, "term": _grade_text, "short_answer": _grade_text,
    "matching": _grade_matching, "case": _grade_case,
}


def grade(item: Item, response) -> Result:
    """Grade ``response`` to ``item``: a :class:`Result` with score, max_score, correct and feedback.

    Pure: no I/O, no ``eval``; the feedback is in the active language.
    """
    if not isinstance(item, Item):
        raise InputTypeError(text(en="grade: item must be a quiz Item (e.g. bank['ch04-tf-001']), got {t}.",
                                  zh="grade：参数 item 应为题目对象（如 bank['ch04-tf-001']），实际为 {t}。",
                                  t=type(item).__name__))
    if response is not None and not isinstance(response, _RESPONSE_TYPES):
        raise InputTypeError(text(
            en="grade: the response to {i} must be text, a number, True/False, a list or (for a case) a dict; got {t}.",
            zh="grade：题目 {i} 的答案应为文字、数字、True/False、列表或（案例题）字典；实际为 {t}。",
            i=item.id, t=type(response).__name__))
    return _GRADERS[item.type](item, response)


def reference_response(item: Item):
    """A response that must score full marks: the key, or for text items each keypoint's first phrase."""
    if not isinstance(item, Item):
        raise InputTypeError(text(en="reference_response: item must be a quiz Item, got {t}.",
                                  zh="reference_response：参数 item 应为题目对象，实际为 {t}。", t=type(item).__name__))
    if item.type in TEXT_TYPES:
        return "; ".join(pick(k.any)[0] for k in item.keypoints)
    if item.type == "case":
        return {p.id: reference_response(p) for p in item.parts}
    if item.type in ("multiple_choice", "matching"):
        return list(item.answer)
    return item.answer


def grade_references(bank: Bank | Iterable[Item], *, by: str = "type"):
    """Grade every item's reference answer: a DataFrame per type (or per chapter, ``by="chapter"``)
    with items, score, max_score, full_marks, and a total row.

    Every row has ``score == max_score`` when the keys and the grader agree.
    """
    import pandas as pd

    if isinstance(bank, (str, bytes)) or not isinstance(bank, Iterable):
        raise InputTypeError(text(en="grade_references: bank must be a Bank or a list of items, got {t}.",
                                  zh="grade_references：参数 bank 应为题库或题目列表，实际为 {t}。", t=type(bank).__name__))
    items = list(bank)
    bad = [type(it).__name__ for it in items if not isinstance(it, Item)]
    if bad:
        raise InputTypeError(text(en="grade_references: every element must be a quiz Item, found {t}.",
                                  zh="grade_references：每个元素都应为题目对象，发现 {t}。", t=bad[0]))
    if not items:
        raise DataError(text(en="grade_references: the bank is empty; load one with load_bank() or widen select(...).",
                             zh="grade_references：题库为空；请用 load_bank() 加载，或放宽 select(...) 的条件。"))
    if by not in ("type", "chapter"):
        raise ArgumentError(text(en="grade_references: by must be 'type' or 'chapter', got {b!r}.",
                                 zh="grade_references：参数 by 只能是 'type' 或 'chapter'，实际为 {b!r}。", b=by))
    results = [grade(it, reference_response(it)) for it in items]
    df = pd.DataFrame({by: [getattr(it, by) for it in items], "items": 1,
                       "score": [r.score for r in results], "max_score": [r.max_score for r in results],
                       "full_marks": [int(r.correct) for r in results]})
    order = [t for t in TYPES if t in set(df["type"])] if by == "type" else sorted(set(df["chapter"]))
    table = df.groupby(by, sort=False).sum().reindex(order)
    table.loc["total"] = table.sum()
    table[["items", "full_marks"]] = table[["items", "full_marks"]].astype(int)
    table.index.name = by
    return table
