"""Grading: a pure function from (item, response) to a score with feedback that teaches.

Rules (the same for the widget, the tests and the mock-exam key):

* true/false, single choice: all or nothing. Multiple choice: all or nothing
  (the usual 多选 rule: a missing or extra option scores 0), the feedback names what was missed.
* numeric: ``|response - answer| <= tolerance`` (``bank.numeric_tolerance``: the item's own,
  else half a unit of its decimals, else 0.5 % of the answer, at least 0.01). For ``unit: "%"`` the answer is in percent: ``"25.5%"`` and ``"25.5"``
  both score; ``0.255`` scores 0 and the feedback names the slip (a proportion, not a
  percentage). For other items a response ending in ``%`` is divided by 100.
* matching (填图): each slot earns ``points / slots``.
* term, short answer: marked point by point like a marker's checklist (:func:`mark_text`).
  A point counts when one of its phrases (Chinese or English, widened by the shared synonym
  table) appears outside a negation in its clause; a point that must be explained earns its
  ``named_share`` (half) when only named (its explanation: a few words after the name in its sentence, or, for
  a point with listed explanations, one of them in a next sentence that refers back to it, "They are …",
  "这类客户……"); a point answered together with a contradicting
  phrase earns nothing. A negation denies the words right after it; a denied predicate (不是, 并非,
  并不, 不需要, 不必, "is not", "doesn't", "no need to") the rest of its clause; "……都没有关系", "与……无关",
  "has nothing to do with", "……没有意义", "means nothing" the whole clause; a point named and then denied
  ("员工不是客户", "K4 is not worth …") earns nothing unless the clause turns (而是, but). Sentences that
  are only a run of keywords (six or more short fragments with nothing that makes a statement of them,
  beyond the points they hit; a formula such as "C = b / a" is a statement) earn nothing, and the points
  count as the other sentences answer them. The score is the sum, capped at the item's points: a
  suggested mark the student checks against the model answer (self-marking), not a human marker.
* case: each part is graded and the scores are added.

An empty or unreadable response scores 0 with feedback saying which forms are accepted;
a response of a type no question accepts (e.g. a DataFrame) raises ``InputTypeError``.

>>> grade(item, "对").score          # doctest: +SKIP
1.5
"""
from __future__ import annotations

import functools
import re
from typing import Iterable, NamedTuple

from ..errors import ArgumentError, DataError, InputTypeError
from ..i18n import get_language, language, pick, text
from .bank import TEXT_TYPES, TYPES, Bank, Item, item_decimals, numeric_tolerance, synonym_table
from .normalise import CLAUSE, HAN, LATIN, NEG, STRONG, TURN, WORD, normalise_text, parse_bool, parse_letters, parse_number, read_answer, read_phrase

__all__ = ["Result", "Check", "grade", "mark_text", "checklist_lines", "checklist", "split_code", "how_computed", "highlight", "reference_response", "grade_references", "letter", "format_number"]

_EPS = 1e-9
_RESPONSE_TYPES = (str, bool, int, float, list, tuple, dict)


class Check(NamedTuple):
    """One marking point of a written answer as the marker ticks it.

    ``status``: ``met`` (✓), ``named`` (½: named, not explained), ``negated``, ``contradicted``,
    ``stuffed`` (a keyword dump, see :func:`mark_text`) or ``missed`` (✗); ``matched``: the words that counted, as read (synonyms in their group's first form).
    """

    label: str
    points: float
    earned: float
    status: str
    matched: tuple[str, ...]


class Result:
    """A graded response: ``score`` of ``max_score``, ``correct`` when full marks, ``feedback`` text.

    ``feedback`` may be given as a module-level function ``f(item, response, result)`` returning the
    feedback's sentences (with ``item`` and ``response``): it is then written on first use, in the
    language that was active when the result was made, so scoring many responses (a class report,
    a benchmark) does not pay for text nobody reads, nor keep a closure per result.
    """

    __slots__ = ("item_id", "score", "max_score", "correct", "missed", "parts", "checklist", "_feedback", "_lang",
                 "_item", "_response")

    def __init__(self, item_id: str, score: float, max_score: float, correct: bool, feedback="",
                 missed=(), parts=(), checklist=(), *, item=None, response=None):
        self.item_id, self.score, self.max_score, self.correct = item_id, score, max_score, correct
        self.missed, self.parts = tuple(missed), parts if type(parts) is tuple else tuple(parts)
        self.checklist = checklist if type(checklist) is tuple else tuple(checklist)
        self._feedback, self._lang, self._item, self._response = feedback, get_language(), item, response

    @property
    def feedback(self) -> str:
        if callable(self._feedback):
            with language(self._lang):
                sentences = self._feedback(self._item, self._response, self)
            self._feedback = " ".join(s for s in sentences if s)
            self._item = self._response = None
        return self._feedback

    def __eq__(self, other) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _RESULT_FIELDS)

    __hash__ = None

    def __repr__(self) -> str:
        return f"Result({self.item_id}: {format_number(self.score)}/{format_number(self.max_score)})"


_RESULT_FIELDS = ("item_id", "score", "max_score", "correct", "feedback", "missed", "parts", "checklist")


def letter(index: int) -> str:
    """Option letter of a 0-based index: 0 → ``"A"``."""
    return chr(ord("A") + index)


def format_number(x: float) -> str:
    """A number as a student would write it: ``266.67``, ``1234567``, ``1.5``."""
    return format(round(float(x), 6), ".10g")


def _result(item: Item, score: float, feedback, response, missed=(), parts=(), checklist=()) -> Result:
    """``feedback``: a module-level function ``f(item, response, result)`` returning the feedback's
    sentences (written when first read)."""
    points = item.points
    score = 0.0 if score <= 0 else points if score >= points else round(score, 6)
    return Result(item.id, score, points, score >= points - _EPS, feedback, missed, parts, checklist,
                  item=item, response=response)


_CODE = re.compile(r"\bcrm(?:_study)?\.[A-Za-z_]|\b[a-z_]+\([^()]*=|^\s*[a-z_]+\s*=\s*\S")
_SENTENCES = re.compile(r"(?<=[。；！？])|(?<=[.;!?])\s+")


@functools.lru_cache(maxsize=4096)
def split_code(value: str) -> tuple[str, str]:
    """``(prose, code)``: the sentences of an explanation that show Python (``crm.value.rfm_table(...)``,
    ``rfm = ...``) moved out of the prose, for an expandable "how this was computed" note."""
    prose, code = [], []
    for sentence in (x for x in _SENTENCES.split(value) if x and x.strip()):
        (code if _CODE.search(sentence) else prose).append(sentence.strip())
    sep = "" if any("\u4e00" <= c <= "\u9fff" for c in value) else " "
    return sep.join(prose), sep.join(code)


def _explain(item: Item) -> str:
    """The item's explanation for the student: the prose only (see :func:`split_code`)."""
    return split_code(pick(item.explanation))[0] if item.explanation else ""


def how_computed(item: Item) -> str:
    """The recomputation code in the item's explanation (shown as a note the student can open), or ``""``."""
    return split_code(pick(item.explanation))[1] if item.explanation else ""


def highlight(answer: str, checks) -> list[tuple[str, bool]]:
    """The student's ``answer`` cut into ``(text, counted)`` pieces: ``counted`` marks the words that
    earned a marking point (the :attr:`Check.matched` readings found back in the answer)."""
    if not isinstance(answer, str):
        return []
    table = synonym_table()
    wanted = {m for c in checks if c.status in ("met", "named") for m in c.matched}
    spans = []
    for m in wanted:
        reach = 3 * len(m.replace(NEG, "")) + 8
        for i, ch in enumerate(answer):
            if not read_phrase(ch):  # start on a word, not on a space or a mark
                continue
            for j in range(i + 1, min(len(answer), i + reach) + 1):
                got = read_phrase(answer[i:j], table)
                if got == m:
                    spans.append((i, j))
                    break
                if len(got) > len(m) + 2:
                    break
    marks = [False] * len(answer)
    for i, j in spans:
        marks[i:j] = [True] * (j - i)
    pieces: list[tuple[str, bool]] = []
    for ch, on in zip(answer, marks):
        if pieces and pieces[-1][1] == on:
            pieces[-1] = (pieces[-1][0] + ch, on)
        else:
            pieces.append((ch, on))
    return pieces


def _empty(response) -> bool:
    return response is None or (isinstance(response, str) and not response.strip()) or \
        (isinstance(response, (list, tuple, dict)) and not response)


def _no_answer() -> str:
    return text(en="No answer given.", zh="未作答。")


def _right(ok: bool) -> str:
    return text(en="Correct.", zh="回答正确。") if ok else text(en="Not quite.", zh="回答不正确。")


def _tf_key(item: Item) -> str:
    key = text(en="True (√)", zh="正确（√）") if item.answer else text(en="False (×)", zh="错误（×）")
    return text(en="The answer is {k}.", zh="答案是{k}。", k=key)


def _tf_feedback(item: Item, response, result: Result) -> list[str]:
    if _empty(response):
        return [_no_answer(), _tf_key(item), _explain(item)]
    if parse_bool(response) is None:
        return [text(en="Could not read {r!r} as true or false; answer True/False, T/F, √/×, 对/错, 是/否 or 正确/错误.",
                     zh="无法把 {r!r} 识别为对或错；请用 True/False、T/F、√/×、对/错、是/否 或 正确/错误 作答。", r=response),
                _tf_key(item), _explain(item)]
    return [_right(result.correct), "" if result.correct else _tf_key(item), _explain(item)]


def _grade_tf(item: Item, response) -> Result:
    value = None if _empty(response) else parse_bool(response)
    return _result(item, item.points if value is not None and value == item.answer else 0, _tf_feedback, response)


def _choice_text(item: Item, idx: Iterable[int]) -> str:
    return "; ".join(f"{letter(i)}. {pick(item.options[i])}" for i in idx)


def _choice_key(item: Item) -> str:
    key = item.answer if item.type == "multiple_choice" else (item.answer,)
    return text(en="The answer is {k}.", zh="答案是 {k}。", k=_choice_text(item, key))


def _choice_feedback(item: Item, response, result: Result) -> list[str]:
    if _empty(response):
        return [_no_answer(), _choice_key(item), _explain(item)]
    got = parse_letters(response, len(item.options))
    if got is None:
        return [text(en="Could not read {r!r} as option letters A–{z}; answer with letters such as \"B\" or \"A,C\".",
                     zh="无法把 {r!r} 识别为选项字母 A–{z}；请用字母作答，如 \"B\" 或 \"A,C\"。",
                     r=response, z=letter(len(item.options) - 1)), _choice_key(item), _explain(item)]
    if item.type == "single_choice" and len(got) > 1:
        return [text(en="Choose one option only (you chose {g}).", zh="单选题只能选一个选项（你选了 {g}）。",
                     g=", ".join(map(letter, got))), _choice_key(item), _explain(item)]
    ok = result.correct
    notes = []
    if not ok and item.type == "multiple_choice":
        missing = [letter(i) for i in item.answer if i not in got]
        extra = [letter(i) for i in got if i not in item.answer]
        if missing:
            notes.append(text(en="Missed: {m}.", zh="漏选：{m}。", m=", ".join(missing)))
        if extra:
            notes.append(text(en="Should not be chosen: {e}.", zh="不应选：{e}。", e=", ".join(extra)))
    return [_right(ok), *notes, "" if ok else _choice_key(item), _explain(item)]


def _grade_choice(item: Item, response) -> Result:
    got = None if _empty(response) else parse_letters(response, len(item.options))
    if item.type == "multiple_choice":
        ok = got == tuple(item.answer)
    else:
        ok = got is not None and len(got) == 1 and got[0] == item.answer
    return _result(item, item.points if ok else 0, _choice_feedback, response)


def _numeric_key(item: Item, tol: float) -> str:
    unit = item.unit_in()
    d = item_decimals(item)
    return text(en="The answer is {a}{s}{u} (accepted within ±{t}).", zh="答案是 {a}{s}{u}（误差 ±{t} 以内均可）。",
                a=f"{item.answer:.{d}f}" if d is not None else format_number(item.answer),
                s="" if unit.strip() == "%" or not unit else " ", u=unit, t=format_number(tol))


def _numeric_value(item: Item, response):
    """``(value, had_percent, percent_item)`` of a numeric response, the percentage read for the item's
    unit (a ``%`` answer to a non-percent item divided by 100); ``None`` when it is not a number."""
    units = _units(item)
    parsed = parse_number(response, unit=units)
    if parsed is None:
        return None
    value, had_percent = parsed
    percent_item = units == ("%",)
    return (value / 100 if had_percent and not percent_item else value), had_percent, percent_item


def _numeric_feedback(item: Item, response, result: Result) -> list[str]:
    tol = numeric_tolerance(item)
    if _empty(response):
        return [_no_answer(), _numeric_key(item, tol), _explain(item)]
    read = _numeric_value(item, response)
    if read is None:
        return [text(en="Could not read {r!r} as a number; write digits such as 266.67, 1,234.5 or 25.5%.",
                     zh="无法把 {r!r} 识别为数字；请写成 266.67、1,234.5 或 25.5% 这样的数字。", r=response),
                _numeric_key(item, tol), _explain(item)]
    value, had_percent, percent_item = read
    ok = result.correct
    slip = not ok and percent_item and not had_percent and abs(value * 100 - item.answer) <= tol + _EPS
    return [_right(ok), text(
        en="You wrote {v}, a proportion; this question asks for a percentage: write {p} or {p}%.",
        zh="你写的 {v} 是小数形式的比例；本题要求百分数：请写 {p} 或 {p}%。",
        v=format_number(value), p=format_number(item.answer)) if slip else "",
        "" if ok else _numeric_key(item, tol), _explain(item)]


def _grade_numeric(item: Item, response) -> Result:
    read = None if _empty(response) else _numeric_value(item, response)
    ok = read is not None and abs(read[0] - item.answer) <= numeric_tolerance(item) + _EPS
    return _result(item, item.points if ok else 0, _numeric_feedback, response)


def _units(item: Item) -> tuple[str, ...]:
    """The item's units in both languages (``("元", "yuan")``), stripped; ``("%",)`` for a percentage."""
    units = item.derived.get("units")
    if units is None:
        units = item.derived["units"] = tuple(dict.fromkeys(u.strip() for u in (item.unit or {}).values()))
    return units


def _matching_key(item: Item) -> str:
    key = "; ".join(f"{pick(s)} → {letter(a)}. {pick(item.choices[a])}" for s, a in zip(item.slots, item.answer))
    return text(en="Key: {k}.", zh="答案：{k}。", k=key)


def _matching_choices(item: Item, response) -> list:
    """The choice index the response gives each slot (``None`` where unreadable), as many as it gives."""
    if isinstance(response, str):
        return [ord(c) - ord("a") if c.isascii() and c.isalpha() else None for c in normalise_text(response)]
    if isinstance(response, (list, tuple)):
        return [one[0] if one is not None and len(one) == 1 else None
                for one in (None if r is None else parse_letters(r, len(item.choices)) for r in response)]
    return [None]


def _matching_feedback(item: Item, response, result: Result) -> list[str]:
    if _empty(response):
        return [_no_answer(), _matching_key(item), _explain(item)]
    n, got = len(item.slots), _matching_choices(item, response)
    if len(got) != n:
        return [text(en="Give one choice for each of the {n} slots (got {g}).",
                     zh="请为 {n} 个空位各填一个选项（实际给出 {g} 个）。", n=n, g=len(got)), _matching_key(item), _explain(item)]
    wrong = [pick(s) for s, g, a in zip(item.slots, got, item.answer) if g != a]
    return [text(en="{r} of {n} slots right.", zh="{n} 个空位中答对 {r} 个。", r=n - len(wrong), n=n),
            text(en="Check: {w}.", zh="请再看：{w}。", w=", ".join(wrong)) if wrong else "",
            "" if not wrong else _matching_key(item), _explain(item)]


def _grade_matching(item: Item, response) -> Result:
    got = [] if _empty(response) else _matching_choices(item, response)
    n = len(item.slots)
    right = sum(g == a for g, a in zip(got, item.answer)) if len(got) == n else 0
    return _result(item, item.points * right / n, _matching_feedback, response)


_FILLER = frozenset("的了是和与及或等为在有个种类型阶段期时一二三四五六七八九十几这那其分别包括以下主要即就也都还又共可如下方面部分组成构成点第者各此")
_EXPLAINED = 3  # content (see _content) that counts as an explanation


_COMMON_WORDS = re.compile("客户|企业|产品")


def _content(span: str) -> float:
    """Content of a span: Chinese characters beyond fillers and the everyday 客户/企业/产品, and a third
    of the English letters and digits (a short English word counts about like a Chinese one)."""
    span = _COMMON_WORDS.sub("", span)
    cjk = sum(1 for c in span if "\u4e00" <= c <= "\u9fff" and c not in _FILLER)
    return cjk + sum(1 for c in span if c.isascii() and c.isalnum()) / 3


_SENTENCE_BREAK = "\n"  # not in a read sentence: a phrase found in the joined text lies within one sentence

def _occurrences(phrases, sentences, whole: str | None = None):
    """``(sentence, start, end)`` of every occurrence of ``phrases``; ``whole``, the sentences joined,
    lets a phrase that is nowhere in the answer be skipped with one search."""
    for p in phrases:
        if whole is not None and p not in whole:
            continue
        for k, s in enumerate(sentences):
            start = s.find(p)
            while start >= 0:
                yield k, start, start + len(p)
                start = s.find(p, start + 1)


def _outermost(occurrences):
    """The occurrences not inside a longer one at the same place: a phrase within a longer phrase of
    the same point (理念 in 管理理念) is that phrase."""
    return [o for o in occurrences if not any(p[0] == o[0] and p[1] <= o[1] and o[2] <= p[2] and p[2] - p[1] > o[2] - o[1]
                                              for p in occurrences)]


def _check(kp, own, others, reading) -> Check:
    """Tick one keypoint: the best of its un-negated occurrences."""
    sentences = reading.sentences
    label = kp.title()
    positive = [o for o in own if not reading.negated(o[0], o[1])]
    if not positive:
        return Check(label, kp.points, 0.0, "negated" if own else "missed", ())
    if not kp.explain and not kp.not_with_normalised:  # a plain point: named is enough, unless denied right after
        for k, start, end in positive:
            s = sentences[k]
            if not _DENIED_PREDICATE.match(s, end) or TURN in s[end:]:
                return Check(label, kp.points, kp.points, "met", (s[start:end],))
        k, start, end = positive[0]
        return Check(label, kp.points, 0.0, "negated", (sentences[k][start:end],))
    positive = _outermost(positive)
    best = None
    for k, start, end in positive:
        s = sentences[k]
        near = [o for o in others if o[0] == k and (o[2] <= start or o[1] >= end)]
        after_end = min((o[1] for o in near if o[1] >= end), default=len(s))
        before = max((o[2] for o in near if o[2] <= start), default=0)
        lead = s[before:start]
        if before > 0:  # after another point: only this clause can explain this one
            lead = lead[lead.rfind(CLAUSE) + 1:]
        clause_end = s.find(CLAUSE, end)
        ends_clause = after_end >= (clause_end if clause_end >= 0 else len(s))
        window = lead + CLAUSE + s[end:after_end]
        wrong = any(not _negated_in(window, w0) for _, w0, _ in _occurrences(kp.not_with_normalised, [window]))
        after = s[end:after_end]
        if kp.explain and _DENIED_DESCRIPTION.match(s, end):
            turn = after.find(TURN)
            if turn < 0:  # "形成期不是信任加深的阶段", "K4 is not worth winning back": a false statement of the point
                found = Check(label, kp.points, 0.0, "negated", (s[start:end],))
                best = found if best is None else best
                continue
            after = after[turn + 1:]  # "形成期不是试探，而是信任加深的阶段": what follows the turn describes it
        if not kp.explain:
            explained = True
        elif kp.explain_normalised:
            explained = any(not _negated_in(window, w0) for _, w0, _ in _occurrences(kp.explain_normalised, [window]))
        else:
            explained = _explained(kp, s[start:end], lead if ends_clause else "", after, reading)
        if not explained and not wrong and kp.explain_normalised and after_end >= len(s):  # nothing follows the name
            explained = _explained_next(kp, k, own, others, reading)
        if wrong:
            found = Check(label, kp.points, 0.0, "contradicted", (s[start:end],))
        elif explained:
            found = Check(label, kp.points, kp.points, "met", (s[start:end],))
        else:
            found = Check(label, kp.points, kp.points * kp.named_share, "named", (s[start:end],))
        if best is None or found.earned > best.earned:
            best = found
    return best


# Right after a point's name, a denial of what it does or is ("不是", "也不必", "is not", "needs no").
_DENIAL_LEAD = f"(?:[也都就还则并而]|{WORD}?(?:should|must|will|would|can|could|needs?|is|are|was|were|do|does|did))?"
_DENIED_DESCRIPTION = re.compile(f"{_DENIAL_LEAD}{STRONG}?{NEG}")
# The same with a denied predicate only ("X 不是…", "X is not …", "X does not …"), for a point that needs no
# explanation: "low prices rather than sales", "without ads" deny what follows, not the point before them.
_DENIED_PREDICATE = re.compile(f"{_DENIAL_LEAD}{STRONG}{NEG}")


def _explained(kp, match: str, before: str, after: str, reading) -> bool:
    """Content words after the name (its own name in the other language left out); or, when the name ends its
    clause, before it back to the previous point (“……的是考察期”). A match that is not the
    point's name but a description of it (“没得选” for 垄断忠诚) counts towards its explanation."""
    if match not in kp.names and any(p + CLAUSE in before for p in kp.names):  # "利益忠诚：为了优惠"
        return True
    for p in kp.names:  # the name, or its other names ("成本领先和规模优势"), says nothing about it
        after, before = after.replace(p, ""), before.replace(p, "")
    own = _content(reading.content(match))
    own = 0 if match in kp.names or own < _EXPLAINED + 1 else own
    if own + _content(reading.content(after)) >= _EXPLAINED:
        return True
    clause_rest = after.split(CLAUSE, 1)[0]
    return _content(reading.content(clause_rest)) == 0 and _content(reading.content(before)) >= _EXPLAINED


# A sentence that goes on about the one before: "They are …", "For these …", "对他们……", "这类客户……".
_BACK_REFERENCE = re.compile(f"{WORD}?(?:(?:for|to|with){WORD})?(?:they|them|these|this{WORD}(?:group|segment|kind|type)|such)(?![a-z])"
                             "|(?:对|向|给|为|让|把)?(?:他们|她们|它们|这类|这些|这种|此类|这部分|该类)")


def _explained_next(kp, k: int, own, others, reading) -> bool:
    """A name whose sentence ends unexplained, and a next sentence that refers back to it ("They are the best
    customers: give them VIP service"), names no point and uses one of the point's listed explanations
    (``explain: {zh: [...], en: [...]}``): the next sentence explains it. Without a list any words would do,
    a remark about the exam as well as a description of another point, so the rule needs one."""
    sentences = reading.sentences
    if k + 1 >= len(sentences) or any(o[0] == k + 1 for o in (*own, *others)):
        return False
    nxt = sentences[k + 1]
    return bool(_BACK_REFERENCE.match(nxt)) and any(not _negated_in(nxt, w0)
                                                     for _, w0, _ in _occurrences(kp.explain_normalised, [nxt]))


def _negated_in(window: str, start: int) -> bool:
    begin = window.rfind(CLAUSE, 0, start) + 1
    return NEG in window[begin:start]


def _term_phrases(prompts: tuple[str, ...]) -> tuple[str, ...]:
    """The term being defined, as read (with and without its bracketed abbreviation): restating it earns nothing."""
    table = synonym_table()
    parts = [part.strip() for t in prompts for part in re.split(r"[（()）]", t) if len(part.strip()) > 1]
    parts += [part[2:] for part in parts if part.startswith("客户") and len(part) > 4]  # 客户终身价值 → 终身价值
    return tuple(sorted({read_phrase(part, table) for part in parts}, key=len, reverse=True))


def _points(item: Item, response: str):
    """The checklist of ``response`` before the rules for keyword dumps, with each keypoint's
    occurrences and the reading they are in."""
    own = item.derived.get("term")
    if own is None:
        own = item.derived["term"] = _term_phrases(tuple(item.prompt.values())) if item.type == "term" and item.prompt else ()
    reading = read_answer(response, synonym_table(), leave_out=own)
    whole = _SENTENCE_BREAK.join(reading.sentences)
    found = [list(_occurrences(kp.normalised, reading.sentences, whole)) for kp in item.keypoints]
    checks = []
    for i, kp in enumerate(item.keypoints):
        # the points of a list ("各阶段的特点") bound each other's explanations; a summary point does not
        others = [o for j, occ in enumerate(found) if j != i and (item.keypoints[j].explain or not kp.explain) for o in occ] \
            if found[i] and (kp.explain or kp.not_with_normalised) else ()
        checks.append(_check(kp, found[i], others, reading))
    return checks, found, reading


def _hits(checks) -> int:
    return sum(1 for c in checks if c.earned)


def mark_text(item: Item, response: str) -> tuple[Check, ...]:
    """The marker's checklist for a written answer: one :class:`Check` per keypoint, in bank order.

    A phrase under a negation in its clause does not count; with ``explain`` a point named
    without an explanation in its sentence earns ``named_share``; a point answered together
    with a ``not_with`` phrase earns nothing; an answer that is only a dump of keywords and
    their synonyms (several phrasings of the same points and next to nothing else) earns nothing,
    and sentences that are such a heap, next to sentences that say something, earn nothing
    themselves: the points count as the other sentences answer them.
    """
    checks, found, reading = _points(item, response)
    heap = _keyword_heap(response, term=item.type == "term") if _hits(checks) else None
    if heap is not None:
        keywords, fragments, heap_text, said = heap
        if not said:
            hits = _hits(checks)
            dump = keywords >= max(_HEAP[0], hits + _HEAP[1]) and keywords >= _HEAP[2] * fragments
        else:  # beside sentences that say something, terse "name, a word or two" sentences are not a heap
            hits = _hits(_points(item, heap_text)[0])
            dump = hits > 0 and keywords >= max(_HEAP[0], _HEAP_BESIDE * hits + 1)
        if dump and said:
            kept = _points(item, said)[0]
            return tuple(k if k.earned else Check(c.label, c.points, 0.0, "stuffed", c.matched) if c.earned else c
                         for c, k in zip(checks, kept))
        if dump:
            return _all_stuffed(checks)
    # a dump of synonyms is a list: a terse answer ("惰性忠诚：习惯了不想换；……") may name a point several ways
    if len(_HEAP_MARKS.findall(response)) >= _HEAP[0] - 1 and _stuffed(found, reading) and not _states_formula(response):
        return _all_stuffed(checks)
    return tuple(checks)


def _all_stuffed(checks) -> tuple[Check, ...]:
    return tuple(Check(c.label, c.points, 0.0, "stuffed", c.matched) if c.earned else c for c in checks)


_HEAP_SENTENCES = re.compile(r"[；;。！？!?\n]+|(?<!\d)\.(?:\s+|$)")  # "1. " numbers a fragment
# Fragments of a list: cut at list and clause marks, bullets and numbers, and (Chinese) at spaces or 和 between words.
_HEAP_BREAKS = re.compile(r"\s*(?:[、，,/|]|(?:^|\s)[-•·*]\s*|\d+[.、)）]|[（(]\d+[）)]|[①-⑩])+\s*"
                          r"|(?<=[\u4e00-\u9fff])(?:\s+|和)(?=[\u4e00-\u9fff])")
# Chinese words separated by spaces ("门店 热线 App 社群"): there every space cuts, not only those between Chinese words.
_HAN_SPACES = re.compile(r"[\u4e00-\u9fff]\s+(?=[\u4e00-\u9fff])")
_SPACES = re.compile(r"\s+")
# A label before the answer ("要点：", "Key points:") is not a fragment of it.
_HEAP_LABEL = re.compile(r"^(?:答案?|要点|关键词|关键字|key\s*(?:points?|words?)|keywords?|answer)\s*[：:]\s*", re.IGNORECASE)
_HEAP_MARKS = re.compile(r"[\s、，,；;/|。！？!?和]")
_FORMULA = re.compile(r"[=＝÷×]")  # a formula states a relation: "C = b / a", "下一步人数 ÷ 上一步人数"
_BRACKET = re.compile(r"[（(][^（）()]{2,40}[）)]")
_BRACKET_LIST = re.compile(r"[、，,/|]\s*")


def _unlisted(m: re.Match) -> str:
    return _BRACKET_LIST.sub("·", m.group())


_LEAD_IN = re.compile(r"[：:](?=[^：:]*[、，,])")
_HEAP_BREAKS_LATIN = re.compile(r"\s*(?:[、，,/|]|(?:^|\s)[-•·*]\s+|\d+[.)]\s)+\s*")
# What makes a fragment a statement rather than a keyword: a function word, a predicate at its end.
_ZH_GRAMMAR = re.compile("是|了|着|都|也|就|才|很|最|更|越|太|被|把|让|没|不|得|所以|因为|为了|而且|而是|可以|能够|通过"
                         "|对于|如果|但|却|并且|已经|一直|每|还|从|在于|应该|比较|^(?:有|图|想|要|能|会|靠|用|给|对|向|在|为|与)")
_ZH_PREDICATE = re.compile("(?:强|弱|大|小|高|低|好|差|多|少|快|慢|长|短|深|浅|及时|不同)$")
_EN_GRAMMAR = ("is are was were be been the a an to of for with by when because so that this it they them their its "
               "more most less very not no can can't cannot will would should must do does did has have had than then "
               "if as at on in from into which who what how why while also only just even still").split()
_EN_STATEMENT = re.compile(r"\b(?:" + "|".join(map(re.escape, _EN_GRAMMAR + "little high low big small grows falls rises "
                                                                              "drops gets makes keeps buys pays real".split()))
                           + r")\b", re.IGNORECASE)
_HEAP = (6, 3, 2 / 3)  # a heap: at least 6 keyword fragments, 3 more than the points they hit, 2/3 of all fragments
_HEAP_RUN = 4  # beside sentences that say something, a heap sentence is a run of at least this many fragments
_HEAP_BESIDE = 2  # beside sentences that say something, a heap has more than twice as many keywords as points it hits
_HEAP_LONG = 8  # a fragment of more Chinese characters than this says something (“定义购买流程的各个阶段：……”)
_HEAP_SHORT = (6, 3)  # a keyword fragment: at most this many Chinese characters, or this many English words
_EN_JOINS = frozenset(_EN_GRAMMAR + ["and", "or"]) - {"no", "not", "cannot"}  # words that join a loose list into prose
_HEAP_LOOSE = (8, 0.1)  # English words in a row with no marks: a heap of at least 8 words, at most 10 % grammar words


def _heap_fragments(text_: str):
    """``(zh, sentences, fragments of each)``: the answer cut into sentences and those into list fragments,
    at any list mark, bullet or number (and, in Chinese written with spaces between words, at spaces)."""
    zh = len(HAN.findall(text_)) * 3 >= sum(1 for c in text_ if c.isascii() and c.isalpha())
    breaks = _HEAP_BREAKS if zh else _HEAP_BREAKS_LATIN
    raw = [s for s in (_HEAP_LABEL.sub("", s.strip()) for s in _HEAP_SENTENCES.split(text_)) if s]
    # a colon before a list ends a lead-in ("三个层次包括：", "The features are:"); "利益忠诚：优惠" is one fragment
    # a bracket elaborates the fragment before it: "铁三角（理念、技术、实施）" is one fragment
    return zh, raw, [[f.strip() for part in _LEAD_IN.split(_BRACKET.sub(_unlisted, s)) for f in breaks.split(part) for f in
                      (_SPACES.split(f) if zh and len(_HAN_SPACES.findall(s)) >= 2 else (f,)) if f.strip()] for s in raw]


def _formula(sentence: str, fragments) -> bool:
    """A sentence that is a formula ("C = b / a", "next-step users ÷ previous-step users"), not a list with one in it."""
    return bool(_FORMULA.search(sentence)) and len(fragments) <= 3


def _states_formula(response: str) -> bool:
    return bool(_FORMULA.search(response)) and any(_formula(s, f) for s, f in zip(*_heap_fragments(response.strip())[1:]))


def _keyword_heap(response: str, *, term: bool = False):
    """The sentences of ``response`` that are heaps of keywords: runs of short fragments with nothing
    that makes a statement of them (a function word, a predicate such as 强/低/及时), whatever marks
    separate them (“识别 客户档案 区分 差异化 分类 细分 互动 沟通 定制 个性化 一对一”).

    Returns ``(keywords, fragments, heap, said)``: the keyword fragments of the heap sentences, the
    fragments of the whole answer, the heap sentences' text and the other sentences' text ("" when
    every sentence is a heap); ``None`` when the answer has too few marks to hold a heap of six.
    :func:`mark_text` calls it a dump when the keywords outnumber the points they hit by three
    (at least six), so a bare list of the points is not one (it earns the named share), nor is a
    terse answer that says a few words about each point (“垄断忠诚，没得选；亲缘忠诚，因为亲友……”),
    nor a list of statements (“购买欲望强、付款及时、信誉好……”). For a ``term`` (名词解释) a short
    statement is a keyword too: a definition is a sentence, and “频率高、量大、利润率高、VIP……” is not one."""
    text_ = response.strip()
    if len(_HEAP_MARKS.findall(text_)) < _HEAP[0] - 1:  # too few places to cut it into six pieces
        return None
    zh, raw, sentences = _heap_fragments(text_)
    formulas = [_formula(s, f) for s, f in zip(raw, sentences)]
    fragments = sum(map(len, sentences))
    if not zh and fragments < 4:
        words = re.findall(r"[A-Za-z][A-Za-z'-]*", text_)
        # "X and Y" joins a list; a negation in a heap is part of a keyword ("no choice", "cannot afford")
        joins = sum(1 for w in words if w.lower() in _EN_JOINS)
        loose = len(words) >= _HEAP_LOOSE[0] and joins <= _HEAP_LOOSE[1] * len(words) and not any(formulas)
        return (len(words), len(words), text_, "") if loose else None

    def short(f: str) -> bool:
        return len(HAN.findall(f)) <= _HEAP_SHORT[0] and len(re.findall("[A-Za-z]+", f)) <= _HEAP_SHORT[1]

    def statement(f: str) -> bool:
        return bool(_ZH_GRAMMAR.search(f) or _ZH_PREDICATE.search(f)) if zh else bool(_EN_STATEMENT.search(f))

    heap, said = [], []  # heap: (sentence, its keywords, its fragments, a lead-in before its list)
    for s, fragments_, formula in zip(raw, sentences, formulas):
        # a sentence with a clause that says something ("……都可能发生在考察期、形成期"), or a formula, is not part of a heap
        if formula or any(statement(f) and not short(f) or len(HAN.findall(f)) > _HEAP_LONG for f in fragments_):
            said.append(s)
            continue
        k = sum(1 for f in fragments_ if short(f) and (term or not statement(f)))
        if k >= _HEAP[2] * len(fragments_):
            heap.append((s, k, len(fragments_), bool(_LEAD_IN.search(s))))
        else:
            said.append(s)
    if said:
        # beside sentences that say something only runs of words are a heap: not terse "name, a word" sentences,
        # nor a point named and described by a list ("呼叫管理系统：统计话务量、监控服务水平、生成报表")
        said += [h[0] for h in heap if h[2] < _HEAP_RUN or h[3]]
        heap = [h for h in heap if h[2] >= _HEAP_RUN and not h[3]]
    keywords = sum(h[1] for h in heap)
    # a heap is one run of keywords ("a、b、c、d、e、f") or keywords one per line; groups of a few, each in its
    # sentence ("产品价值、服务价值…；货币成本、时间成本…", "更多：推荐、赢返；更久：……"), are a structured list
    if keywords < _HEAP[0] or not (max(h[1] for h in heap) >= _HEAP[0] or all(h[2] == 1 for h in heap)):
        return None
    return keywords, fragments, "。".join(h[0] for h in heap), "。".join(said)


_STUFFED = (2, 3)          # a dump: this many phrasings beyond one per point, and one point given this many ways
_STUFFED_LEFT = (1.5, 0.1)  # and content outside the phrases at most this much, or this share of the phrases' content


def _stuffed(found, reading) -> bool:
    """A keyword dump: several phrasings of the same points (synonyms side by side, beyond a
    translation) and next to nothing else. A marker gives it nothing: it says nothing about the
    points. A bare list of the points, one phrasing each, is not a dump (it earns the named share),
    nor is a terse list that gives each point a name and a word of description.

    ``found``: per keypoint, its occurrences ``(sentence, start, end)`` in ``reading``.
    """
    if sum(map(len, found)) - sum(1 for occ in found if occ) < _STUFFED[0]:  # not even two extra occurrences
        return False
    sentences = reading.sentences
    ways = []
    for occ in found:
        texts = {sentences[k][a:b] for k, a, b in _outermost([o for o in occ if not reading.negated(o[0], o[1])])}
        if texts:
            latin = sum(1 for t in texts if LATIN.search(t))
            ways.append(max(latin, len(texts) - latin))
    if len(ways) < 2 or sum(ways) - len(ways) < _STUFFED[0] or max(ways) < _STUFFED[1]:
        return False
    covered = [bytearray(len(s)) for s in sentences]
    for occ in found:
        for k, a, b in occ:
            covered[k][a:b] = b"\x01" * (b - a)
    left = "".join(c for s, mask in zip(sentences, covered) for c, on in zip(s, mask) if not on)
    inside = "".join(c for s, mask in zip(sentences, covered) for c, on in zip(s, mask) if on)
    left_content = _content(reading.content(left))
    return left_content <= max(_STUFFED_LEFT[0], _STUFFED_LEFT[1] * _content(reading.content(inside)))


_STATUS = {"met": "✓", "named": "½", "negated": "✗", "contradicted": "✗", "stuffed": "✗", "missed": "✗"}


def _why(check: Check) -> str:
    if check.status == "named":
        return text(en="named, not explained", zh="只写出名称，未作说明")
    if check.status == "negated":
        return text(en="only under a negation (not, no, without …)", zh="只出现在否定中（不、没有、并非……）")
    if check.status == "contradicted":
        return text(en="given with its opposite or a wrong option (the other verdict, a wrong stage)",
                    zh="写了相反或错误的说法（相反的判断、错误的阶段等），此点不得分")
    if check.status == "stuffed":
        return text(en="the answer only strings keywords and their synonyms together, with no sentence saying anything",
                    zh="答案只是堆砌关键词和近义词，没有成句的说明，此点不得分")
    if check.status == "missed":
        return text(en="not found", zh="未答到")
    return ""


def checklist_lines(checks) -> list[str]:
    """One line per marking point: ✓ / ½ / ✗, the point, the mark, and why it did not count in full."""
    out = []
    reasons = {c.status: _why(c) for c in checks}
    for c in checks:
        why = reasons[c.status]
        out.append(f"{_STATUS[c.status]} {c.label} ({format_number(c.earned)}/{format_number(c.points)})"
                   + (f": {why}" if why else ""))
    return out


def checklist(item: Item, response: str):
    """The marker's checklist of a written answer as a table: one row per marking point with
    ✓ / ½ / ✗, the points earned and available, and why a point did not count in full.

    Column names follow the active language. Raises ``InputTypeError`` for an objective item.
    """
    import pandas as pd

    if not isinstance(item, Item) or item.type not in TEXT_TYPES:
        raise InputTypeError(text(en="checklist: pass a term or short-answer item (a case part, e.g. bank['ch09-case-001-e']), "
                                     "got {t}.",
                                  zh="checklist：请传入名词解释或简答题（案例题请传入小题，如 bank['ch09-case-001-e']），实际为 {t}。",
                                  t=getattr(item, "type", type(item).__name__)))
    checks = grade(item, response).checklist
    names = [text(en="marking point", zh="得分点"), text(en="mark", zh="评判"), text(en="earned", zh="得分"),
             text(en="points", zh="分值"), text(en="why", zh="说明")]
    rows = [(c.label, _STATUS[c.status], c.earned, c.points, _why(c)) for c in checks]
    return pd.DataFrame(rows, columns=names, index=range(1, len(rows) + 1))


def _text_feedback(item: Item, response, result: Result) -> list[str]:
    model = text(en="Model answer: {m}", zh="参考答案：{m}", m=pick(item.model_answer))
    if _empty(response):
        return [_no_answer(), text(en="Marking points: {m}.", zh="得分点：{m}。", m="; ".join(result.missed)),
                model, _explain(item)]
    return [text(en="Suggested mark {s} of {t}, point by point:", zh="建议得分 {s}/{t}，逐点如下：",
                 s=format_number(result.score), t=format_number(item.points)),
            text(en="; ", zh="；").join(checklist_lines(result.checklist)) + text(en=".", zh="。"),
            text(en="(Self-marked: compare with the model answer and adjust each point.)",
                 zh="（自评：请对照参考答案逐点调整。）"), model, _explain(item)]


def _grade_text(item: Item, response) -> Result:
    if _empty(response):
        checks = tuple(Check(k.title(), k.points, 0.0, "missed", ()) for k in item.keypoints)
        return _result(item, 0, _text_feedback, response, missed=[c.label for c in checks], checklist=checks)
    if not isinstance(response, str):
        raise InputTypeError(text(en="grade: item {i} ({t}) takes a text answer (a string), got {r}.",
                                  zh="grade：题目 {i}（{t}）需要文字答案（字符串），实际为 {r}。",
                                  i=item.id, t=item.type, r=type(response).__name__))
    checks = mark_text(item, response)
    return _result(item, sum(c.earned for c in checks), _text_feedback, response,
                   missed=[c.label for c in checks if c.status != "met"], checklist=checks)


def _case_feedback(item: Item, response, result: Result) -> list[str]:
    return [*(f"({letter(k).lower()}) {format_number(r.score)}/{format_number(r.max_score)}: {r.feedback}"
              for k, r in enumerate(result.parts)), _explain(item)]


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
    return _result(item, sum(r.score for r in results), _case_feedback, None,
                   missed=[m for r in results for m in r.missed], parts=results)


_GRADERS = {
    "true_false": _grade_tf, "single_choice": _grade_choice, "multiple_choice": _grade_choice,
    "numeric": _grade_numeric, "term": _grade_text, "short_answer": _grade_text,
    "matching": _grade_matching, "case": _grade_case,
}


def _plain(value):
    """numpy scalars (``np.int64(266)``, ``np.float64``, ``np.bool_``), alone or inside a list, tuple or
    dict, as the Python numbers and booleans they stand for, so they grade like them."""
    if isinstance(value, str) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0:
        return value.item()
    return value


def grade(item: Item, response) -> Result:
    """Grade ``response`` to ``item``: a :class:`Result` with score, max_score, correct and feedback.

    Pure: no I/O, no ``eval``; the feedback is in the active language.
    """
    if not isinstance(item, Item):
        raise InputTypeError(text(en="grade: item must be a quiz Item (e.g. bank['ch04-tf-001']), got {t}.",
                                  zh="grade：参数 item 应为题目对象（如 bank['ch04-tf-001']），实际为 {t}。",
                                  t=type(item).__name__))
    response = _plain(response)
    if response is not None and not isinstance(response, _RESPONSE_TYPES):
        raise InputTypeError(text(
            en="grade: the response to {i} must be text, a number, True/False, a list or (for a case) a dict; got {t}.",
            zh="grade：题目 {i} 的答案应为文字、数字、True/False、列表或（案例题）字典；实际为 {t}。",
            i=item.id, t=type(response).__name__))
    return _GRADERS[item.type](item, response)


def reference_response(item: Item):
    """A response that must score full marks: the key, or for written items the model answer (active language)."""
    if not isinstance(item, Item):
        raise InputTypeError(text(en="reference_response: item must be a quiz Item, got {t}.",
                                  zh="reference_response：参数 item 应为题目对象，实际为 {t}。", t=type(item).__name__))
    if item.type in TEXT_TYPES:
        return pick(item.model_answer)
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
