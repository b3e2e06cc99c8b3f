"""Question banks: one YAML file per chapter in ``quizzes/``, loaded into immutable items.

A bank file holds ``chapter``, ``title: {zh, en}`` and ``items``; each item has a
stable ``id``, a ``type`` (``true_false``, ``single_choice``, ``multiple_choice``,
``numeric``, ``term``, ``short_answer``, ``matching``, ``case``), bilingual text
(``{zh: …, en: …}`` mappings, picked in the active language when rendered or
graded) and its answer or marking points. Loading checks the whole file and
lists every problem at once in one :class:`QuizFormatError`.

A written item's ``keypoints`` are marking points: ``points``, ``any: {zh: [...], en: [...]}``
(the phrasings of the concept; the shared ``quizzes/synonyms.yaml`` widens them) and, where
the question asks for 特点/原因/作用/含义/how/why, ``explain: true`` (or the explaining phrases,
``explain: {zh: [...], en: [...]}``) with ``named_share`` (default 0.5) for a point named but
not explained; ``not_with`` lists contradicting phrases (the other judgement, a wrong stage);
``label: {zh, en}`` names the point in the feedback checklist and the answer key; in a label written
"name：explanation" the words of the name (split at 和/与/或/、/and/or) are names of the point, not its explanation.

Conventions: choice answers are 0-based option indexes; ``points`` defaults to
the sum of the keypoints (term, short answer), the sum of the parts (case) or 1.
Numeric precision: ``decimals: 2`` (or a prompt asking for it, "保留两位小数" /
"two decimal places") makes the tolerance half a unit of the last place (± 0.005);
an explicit absolute ``tolerance`` wins; with neither it is 0.5 % of the answer (at least 0.01).
Declared ``decimals`` must be what the prompt states, in both languages. A ``tolerance`` wider than the
stated precision allows needs ``tolerance_reason: {zh, en}`` (two conventions accepted, say which), which
the answer key prints beside it.
``needs_computer: true`` marks an item that cannot be answered on paper (a case on a
``data: {dataset: …}`` always counts as needing one).
A bank written in one language declares it (``languages: [zh]``); its texts may then be
plain strings, and the other language shows the same text marked "(中文)" / "(English)".
The full guide with every type is the notebook ``B2_own_questions``.

>>> bank = load_bank()                                   # doctest: +SKIP
>>> bank["ch04-tf-001"].type, len(bank.select(types=["numeric"]))   # doctest: +SKIP
('true_false', 3)
"""
from __future__ import annotations

import difflib
import functools
import html
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from .. import _validate
from ..errors import ArgumentError, DataError, InputTypeError
from ..i18n import get_language, pick, text
from ..resources import folder
from .normalise import HAN, NEG, Synonyms, normalise_text, read_phrase

__all__ = ["TYPES", "TEXT_TYPES", "QuizFormatError", "UnknownItemError", "Keypoint", "Item", "Bank",
           "banks_dir", "load_bank", "check_banks", "default_tolerance", "stated_decimals", "item_decimals",
           "precision_tolerance", "numeric_tolerance",
           "requires_computer", "synonym_table", "synonyms_path", "SYNONYMS_FILE", "data_table",
           "data_table_html", "dataset_note", "case_data"]

TYPES = ("true_false", "single_choice", "multiple_choice", "numeric", "term", "short_answer", "matching", "case")
TEXT_TYPES = ("term", "short_answer")
SYNONYMS_FILE = "synonyms.yaml"
_LANGS = ("zh", "en")
_COMMON = {"id", "type", "prompt", "explanation", "points", "tags", "needs_computer"}
_KEYS = {
    "true_false": _COMMON | {"answer"},
    "single_choice": _COMMON | {"options", "answer"},
    "multiple_choice": _COMMON | {"options", "answer"},
    "numeric": _COMMON | {"answer", "tolerance", "tolerance_reason", "unit", "decimals"},
    "term": _COMMON | {"keypoints", "model_answer"},
    "short_answer": _COMMON | {"keypoints", "model_answer"},
    "matching": _COMMON | {"slots", "choices", "answer"},
    "case": _COMMON | {"case", "data", "parts"},
}


class QuizFormatError(DataError):
    """A bank file is malformed; the message names the file, the item id (and line) of every problem."""


class UnknownItemError(ArgumentError, KeyError):
    """No item with that id in the bank."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


_NAME_END = re.compile(r"[：:（(]")  # where the name of a "name：explanation" label ends
_NAME_JOIN = re.compile(r"和|与|及|或|、|/|\band\b|\bor\b")  # between the names it joins


@dataclass(frozen=True)
class Keypoint:
    """A marking point: a concept named by any of the phrases ``any`` (either language).

    ``explain``: the question asks for 特点/原因/作用/含义/how/why, so full ``points`` need an
    explanation in the same sentence (any ``explain_any`` phrase, or, when none is given, a few
    words of content after the name); named but not explained earns ``named_share`` of the points.
    ``not_with``: phrases that contradict the point (the other judgement, a wrong stage for the
    same slot); a point answered with one of them earns nothing. ``label``: how the checklist names it.
    """

    points: float
    any: Mapping[str, tuple[str, ...]]
    label: Mapping[str, str] | None = None
    explain: bool = False
    explain_any: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    named_share: float = 0.5
    not_with: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    normalised: tuple[str, ...] = field(init=False, repr=False, compare=False)
    explain_normalised: tuple[str, ...] = field(init=False, repr=False, compare=False)
    not_with_normalised: tuple[str, ...] = field(init=False, repr=False, compare=False)
    names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    titles: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        table = synonym_table()
        for name, source in (("normalised", self.any), ("explain_normalised", self.explain_any),
                             ("not_with_normalised", self.not_with)):
            phrases = (read_phrase(p, table) for lang in _LANGS for p in source.get(lang, ()))
            object.__setattr__(self, name, tuple(dict.fromkeys(p for p in phrases if p.replace(NEG, ""))))
        # its names: the first phrase of each language and the phrases within the name of a "name：explanation" label,
        # so in "成本领先和规模优势" both are names, not a name and its explanation
        heads = {read_phrase(part, table) for title in (self.label or {}).values() if _NAME_END.search(title)
                 for part in _NAME_JOIN.split(_NAME_END.split(title, maxsplit=1)[0])}
        names = [read_phrase(self.any[lang][0], table) for lang in _LANGS if self.any.get(lang)]
        names += [p for p in self.normalised if p in heads]
        object.__setattr__(self, "names", tuple(dict.fromkeys(names)))
        object.__setattr__(self, "titles", {lang: (self.label or {}).get(lang) or (self.any.get(lang) or ("",))[0]
                                            for lang in _LANGS})

    def title(self) -> str:
        """The point's name in the active language: its label, else its first phrase."""
        return self.titles[get_language()]


def synonyms_path() -> Path:
    """The shared synonym table, ``quizzes/synonyms.yaml`` in the kit."""
    return folder("quizzes") / SYNONYMS_FILE


@functools.lru_cache(maxsize=1)
def synonym_table() -> Synonyms:
    """The shared synonym table as a :class:`~crm_study.quiz.normalise.Synonyms` (read once)."""
    path = synonyms_path()
    if not path.is_file():
        return Synonyms()
    raw = _validate.yaml_file(path, where="synonym_table")
    problems = _synonym_problems(raw, path)
    if problems:
        raise QuizFormatError("\n".join(problems))
    return Synonyms(raw.get("words") or (), raw.get("phrases") or ())


def _synonym_problems(raw, path: Path) -> list[str]:
    if not isinstance(raw, dict) or set(raw) - {"words", "phrases"}:
        return [text(en="{f}: the synonym table must be a mapping with 'words' and 'phrases', each a list of groups.",
                     zh="{f}：同义词表应为包含 'words' 和 'phrases' 的映射，每项都是词组列表。", f=path)]
    problems, seen = [], {}
    for key in ("words", "phrases"):
        groups = raw.get(key) or []
        if not isinstance(groups, list):
            groups = [groups]
        for k, group in enumerate(groups):
            if not isinstance(group, list) or len(group) < 2 or not all(isinstance(m, str) and normalise_text(m) for m in group):
                problems.append(text(en="{f}: {w}[{k}] must be a list of at least two words, e.g. [客户, 顾客].",
                                     zh="{f}：{w}[{k}] 应为至少两个词的列表，如 [客户, 顾客]。", f=path, w=key, k=k))
                continue
            for m in group:
                word = normalise_text(m)
                if word in seen and seen[word] != (key, k):
                    problems.append(text(en="{f}: {m!r} is in two groups ({a} and {w}[{k}]); keep each word in one group.",
                                         zh="{f}：{m!r} 同时出现在两个词组中（{a} 与 {w}[{k}]）；每个词只能属于一个词组。",
                                         f=path, m=m, a="{}[{}]".format(*seen[word]), w=key, k=k))
                seen.setdefault(word, (key, k))
    return problems


@dataclass(frozen=True)
class Item:
    """One question, as written in the bank. Text fields are ``{"zh": …, "en": …}`` mappings."""

    id: str
    type: str
    chapter: str
    prompt: Mapping[str, str] | None = None
    answer: object = None
    explanation: Mapping[str, str] | None = None
    points: float = 1.0
    tags: tuple[str, ...] = ()
    options: tuple[Mapping[str, str], ...] = ()
    tolerance: float | None = None
    #: why ``tolerance`` is wider than the stated precision allows, ``{zh, en}`` (printed in the answer key)
    tolerance_reason: Mapping[str, str] | None = None
    #: the unit of a numeric answer, ``{zh, en}`` ("元" / "yuan"); a plain text in the bank is both
    unit: Mapping[str, str] | None = None
    decimals: int | None = None
    keypoints: tuple[Keypoint, ...] = ()
    model_answer: Mapping[str, str] | None = None
    slots: tuple[Mapping[str, str], ...] = ()
    choices: tuple[Mapping[str, str], ...] = ()
    case: Mapping[str, str] | None = None
    data: Mapping | None = None
    parts: tuple["Item", ...] = ()
    source: str = field(default="", compare=False)
    #: True when the item (e.g. a dataset-driven case) cannot be answered on paper; paper filters skip it.
    needs_computer: bool = False
    #: values the grader derives from the item's fields (its tolerance, its units), computed once
    derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def unit_in(self, lang: str | None = None) -> str:
        """The unit in ``lang`` (default: the active language), or "" when the item has none."""
        return (self.unit or {}).get(lang or get_language(), "")


def default_tolerance(answer: float) -> float:
    """The numeric tolerance used when an item gives neither tolerance nor decimals: 0.5 % of ``|answer|``, at least 0.01."""
    return max(0.01, 0.005 * abs(answer))


_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_N = r"([一二两三四五六1-6]|one|two|three|four|five|six)"
_PRECISION = (  # how a prompt states its precision, in either language; group 1 is the number of decimals
    re.compile(r"(?:保留|精确)到?\s*(?:小数点后\s*" + _N + r"\s*位|" + _N + r"\s*位小数)"),
    re.compile(r"\b" + _N + r"\s+decimal(?:\s+place)?s?\b|\b([1-6])\s*d\.\s?p\.", re.IGNORECASE),
    re.compile(r"(?:精确到|nearest)\s*(0\.0{0,5}1)(?!\d)", re.IGNORECASE),
)
_WHOLE = re.compile(r"(?<![不别勿])取整|保留整数|精确到个位|nearest whole|whole number|nearest integer", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def stated_decimals(prompt: str) -> int | None:
    """The decimals a prompt text asks for: "保留两位小数" / "精确到小数点后两位" / "two decimal places" /
    "2 d.p." / "精确到 0.01" → 2; "保留整数" / "取整" / "whole number" → 0; none stated → ``None``.

    >>> stated_decimals("CLV（元，保留两位小数）"), stated_decimals("(%, one decimal)"), stated_decimals("人数")
    (2, 1, None)
    """
    for pattern in _PRECISION:
        m = pattern.search(prompt)
        if m:
            word = next(g for g in m.groups() if g).lower()
            return len(word) - 2 if word.startswith("0.") else _DIGITS.get(word) or int(word)
    return 0 if _WHOLE.search(prompt) else None


def item_decimals(item: "Item") -> int | None:
    """The decimals a numeric item asks for: its ``decimals``, else what its prompt states
    (:func:`stated_decimals`: "保留两位小数" → 2, "two decimal places" → 2, "取整" → 0), else ``None``.

    >>> item_decimals(Item(id="x", type="numeric", chapter="90", prompt={"zh": "保留两位小数", "en": "?"}, answer=1.0))
    2
    """
    if item.decimals is not None:
        return item.decimals
    stated = (stated_decimals(t) for t in (item.prompt or {}).values())
    return next((d for d in stated if d is not None), None)


def precision_tolerance(decimals: int) -> float:
    """The tolerance a precision allows: half a unit of the last place (2 decimals → 0.005, 0 → 0.5)."""
    return 0.5 * 10 ** -decimals


def numeric_tolerance(item: "Item") -> float:
    """The absolute tolerance of a numeric item: its ``tolerance``; else half a unit of its decimals
    (2 decimals → 0.005, 0 → 0.5); else :func:`default_tolerance`."""
    tol = item.derived.get("tolerance")
    if tol is None:
        if item.tolerance is not None:
            tol = item.tolerance
        else:
            d = item_decimals(item)
            tol = precision_tolerance(d) if d is not None else default_tolerance(item.answer)
        item.derived["tolerance"] = tol
    return tol


def requires_computer(item: "Item") -> bool:
    """Whether the item needs a computer: marked ``needs_computer: true``, a case on a named dataset,
    or a case with such a part."""
    return item.needs_computer or bool(item.data and "dataset" in item.data) or any(requires_computer(p) for p in item.parts)


class Bank:
    """Items you can iterate, count, index by id (``bank["ch04-tf-001"]``, case parts too) and filter."""

    def __init__(self, items: Iterable[Item] = ()):
        self._items = tuple(items)
        self._index = {}
        for it in self._items:
            self._index[it.id] = it
            for part in it.parts:
                self._index[part.id] = part

    def __iter__(self) -> Iterator[Item]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item_id) -> bool:
        return item_id in self._index

    def __getitem__(self, item_id: str) -> Item:
        if item_id not in self._index:
            close = difflib.get_close_matches(str(item_id), list(self._index), n=1)
            hint = text(en=" Did you mean {c!r}?", zh=" 是否指 {c!r}？", c=close[0]) if close else ""
            raise UnknownItemError(text(
                en="Bank[...]: no item with id {i!r} in this bank of {n} items.{h} List the ids with [it.id for it in bank].",
                zh="Bank[...]：这个题库（共 {n} 题）中没有 id 为 {i!r} 的题目。{h}可用 [it.id for it in bank] 查看所有 id。",
                i=item_id, n=len(self._items), h=hint))
        return self._index[item_id]

    def __repr__(self) -> str:
        counts: dict[str, int] = {}
        for it in self._items:
            counts[it.type] = counts.get(it.type, 0) + 1
        chapters = sorted({it.chapter for it in self._items})
        kinds = ", ".join(f"{t} {counts[t]}" for t in TYPES if t in counts)
        return f"Bank({len(self._items)} items; chapters {', '.join(chapters) or '-'}; {kinds or 'empty'})"

    def select(self, *, chapter: str | Iterable[str] | None = None, types: Iterable[str] | None = None,
               tags: Iterable[str] | None = None, ids: Iterable[str] | None = None) -> "Bank":
        """The items of the given chapter(s), types, tags (any of them) or ids, in bank order."""
        where = "Bank.select"
        if chapter is not None and (isinstance(chapter, (float, bool)) or not isinstance(chapter, (str, int, Iterable))):
            raise InputTypeError(text(en="{w}: chapter must be a chapter number such as 4 or \"04\", or a list of them; "
                                         "got {v!r}.",
                                      zh="{w}：参数 chapter 应为章号，如 4 或 \"04\"，或章号列表；实际为 {v!r}。",
                                      w=where, v=chapter))
        chapters = None if chapter is None else {_chapter_key(chapter)} if isinstance(chapter, (str, int)) \
            else {_chapter_key(c) for c in chapter}
        kinds = None if types is None else _str_set(types, "types", where)
        bad = sorted(kinds - set(TYPES)) if kinds else []
        if bad:
            raise ArgumentError(text(en="{w}: unknown type(s) {b}; use some of {t}.",
                                     zh="{w}：未知题型 {b}；可用的题型：{t}。", w=where, b=bad, t=", ".join(TYPES)))
        tagset = None if tags is None else _str_set(tags, "tags", where)
        idset = None if ids is None else _str_set(ids, "ids", where)
        return Bank(it for it in self._items
                    if (chapters is None or it.chapter in chapters)
                    and (kinds is None or it.type in kinds)
                    and (tagset is None or tagset & set(it.tags))
                    and (idset is None or it.id in idset))


def _chapter_key(value) -> str:
    return f"{value:02d}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _str_set(values, name: str, where: str) -> set[str]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InputTypeError(text(en="{w}: {n} must be a list of strings, e.g. {n}=['rfm'], got {v!r}.",
                                  zh="{w}：参数 {n} 应为字符串列表，例如 {n}=['rfm']，实际为 {v!r}。",
                                  w=where, n=name, v=values))
    return {str(v) for v in values}


def banks_dir() -> Path:
    """The kit's bank folder: ``$CRM_STUDY_BANKS`` or ``quizzes/`` (see :func:`crm_study.resources.folder`)."""
    env = os.environ.get("CRM_STUDY_BANKS")
    return Path(env) if env else folder("quizzes")


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(p for p in path.glob("*.yaml") if p.is_file() and p.name != SYNONYMS_FILE)
        if not found:
            raise ArgumentError(text(
                en="load_bank: the folder {p} holds no bank files (*.yaml). Pass a bank file or a folder of them.",
                zh="load_bank：文件夹 {p} 中没有题库文件（*.yaml）。请传入题库文件或题库所在的文件夹。", p=path))
        return found
    if path.is_file():
        return [path]
    raise ArgumentError(text(
        en="load_bank: {p} does not exist. Pass a bank file (quizzes/ch04_customer_value.yaml) or a folder of them.",
        zh="load_bank：{p} 不存在。请传入一个题库文件（如 quizzes/ch04_customer_value.yaml）或题库所在的文件夹。",
        p=path))


def _as_path(path, where: str) -> Path:
    if path is None:
        return banks_dir()
    if not isinstance(path, (str, os.PathLike)):
        raise InputTypeError(text(en="{w}: path must be a file or folder path, got {t}.",
                                  zh="{w}：参数 path 应为文件或文件夹路径，实际为 {t}。",
                                  w=where, t=type(path).__name__))
    return Path(path)


def _all_files(path, where: str) -> list[Path]:
    paths = path if isinstance(path, (list, tuple)) else [path]
    if not paths:
        raise InputTypeError(text(en="{w}: pass a bank file or folder, or a list of them such as [banks_dir(), \"my_banks\"].",
                                  zh="{w}：请传入题库文件或文件夹，或它们的列表，如 [banks_dir(), \"my_banks\"]。", w=where))
    files = [f for p in paths for f in _files(_as_path(p, where))]
    unique: dict[Path, Path] = {}
    for f in files:
        unique.setdefault(f.resolve(), f)
    return list(unique.values())


def load_bank(path=None) -> Bank:
    """Load one bank file, every ``*.yaml`` bank in a folder (default: the kit's ``quizzes/``), or a
    list of files and folders combined (``load_bank([banks_dir(), "my_banks"])``).

    Blueprints (files with ``sections:`` and no ``items:``) lying beside the banks are skipped.
    Raises :class:`QuizFormatError` listing every problem (file, item id, YAML line) at once;
    ids must be unique across all files loaded together.
    """
    files = _all_files(path, "load_bank")
    items, problems = _load_files(files)
    _some_items(items, problems, files, "load_bank")
    if problems:
        head = text(en="load_bank: {n} problem(s) in the question bank(s); fix them and load again:",
                    zh="load_bank：题库中有 {n} 处问题，请修改后重新加载：", n=len(problems))
        raise QuizFormatError("\n".join([head] + [f"  - {p}" for p in problems]))
    return Bank(items)


def check_banks(path=None) -> tuple[int, list[str]]:
    """``(number of items, problems)`` for a bank file or folder; what ``crm-study check`` prints."""
    files = _all_files(path, "check_banks")
    items, problems = _load_files(files)
    _some_items(items, problems, files, "check_banks")
    for root in (path if isinstance(path, (list, tuple)) else [path]):
        where = _as_path(root, "check_banks")
        table = where / SYNONYMS_FILE if where.is_dir() else None
        if table is not None and table.is_file():
            problems += _synonym_problems(_validate.yaml_file(table, where="check_banks"), table)
    return len(items), problems


def _some_items(items: list, problems: list, files: list[Path], where: str) -> None:
    """Refuse files that hold no question at all (only blueprints), instead of calling them valid."""
    if not items and not problems:
        raise ArgumentError(text(
            en="{w}: {f} hold(s) no questions: only exam blueprints (files with sections:). Pass bank files "
               "(with items:) or a folder holding them.",
            zh="{w}：{f} 中没有任何题目，只有试卷蓝图（含 sections: 的文件）。请传入题库文件（含 items:）或题库所在的文件夹。",
            w=where, f=", ".join(str(f) for f in files)))


def _load_files(files: list[Path]) -> tuple[list[Item], list[str]]:
    items: list[Item] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in files:
        try:  # size cap, no aliases, no duplicate keys, bounded nesting: see _validate.yaml_file
            raw = _validate.yaml_file(path, where="load_bank")
        except DataError as exc:
            problems.append(str(exc).removeprefix("load_bank: "))
            continue
        if isinstance(raw, dict) and "sections" in raw and "items" not in raw:
            continue  # a paper blueprint kept beside the banks
        file_items, file_problems = _parse_bank(raw, path)
        problems += file_problems
        for it in file_items:
            for one in (it, *it.parts):
                if one.id in seen:
                    problems.append(text(en="{f}: item {i}: the id is already used in {g}; ids must be unique across the kit.",
                                         zh="{f}：题目 {i}：该 id 已在 {g} 中使用；id 在整个学习包中必须唯一。",
                                         f=path, i=one.id, g=seen[one.id]))
                seen.setdefault(one.id, str(path))
        items += file_items
    return items, problems


class _Report:
    """Collects the problems of one file; every message starts with the file and item id."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []
        self.langs = _LANGS  # the languages the bank is written in (``languages: [zh]`` for one)

    def add(self, where: str, en: str, zh: str, **fmt) -> None:
        shown = {k: _validate.short(v) for k, v in fmt.items()}  # a huge value never fills the message
        self.problems.append(f"{self.path}: {where}: " + text(en=en, zh=zh).format(**shown))


def _parse_bank(raw, path: Path) -> tuple[list[Item], list[str]]:
    rep = _Report(path)
    if not isinstance(raw, dict):
        rep.add("bank", en="the file must be a mapping with chapter, title and items.",
                zh="文件应为包含 chapter、title 和 items 的映射。")
        return [], rep.problems
    langs = raw.get("languages", list(_LANGS))
    if isinstance(langs, str):
        langs = [langs]
    if not isinstance(langs, list) or not langs or not set(langs) <= set(_LANGS):
        rep.add("bank", en="'languages' must be [zh], [en] or [zh, en], got {v!r}.",
                zh="'languages' 应为 [zh]、[en] 或 [zh, en]，实际为 {v!r}。", v=langs)
    else:
        rep.langs = tuple(lang for lang in _LANGS if lang in langs)
    chapter = raw.get("chapter")
    if not isinstance(chapter, str) or not chapter.strip():
        rep.add("bank", en="'chapter' must be a quoted string such as \"04\", got {v!r}.",
                zh="'chapter' 应为带引号的字符串，如 \"04\"，实际为 {v!r}。", v=chapter)
        chapter = str(chapter)
    _bilingual(raw.get("title"), "title", "bank", rep)
    entries = raw.get("items")
    if not isinstance(entries, list) or not entries:
        rep.add("bank", en="'items' must be a non-empty list of questions.", zh="'items' 应为非空的题目列表。")
        return [], rep.problems
    items = []
    for n, entry in enumerate(entries, start=1):
        it = _parse_item(entry, chapter, rep, f"items[{n}]", allow_case=True)
        if it is not None:
            items.append(it)
    return (items if not rep.problems else []), rep.problems


_FALLBACK = {"zh": "（English）", "en": "(中文) "}  # marks a text shown in the bank's only language


def _bilingual(value, name: str, where: str, rep: _Report) -> dict | None:
    if isinstance(value, str) and len(rep.langs) == 1 and value.strip():
        value = {rep.langs[0]: value}
    if value is None:
        rep.add(where, en="'{n}' is missing; add {n}: {{zh: \"…\", en: \"…\"}}.",
                zh="缺少 '{n}'；请添加 {n}: {{zh: \"…\", en: \"…\"}}。", n=name)
        return None
    if not isinstance(value, dict):
        rep.add(where, en="'{n}' must be a mapping {{zh: …, en: …}}, got {v!r} (a bank in one language declares "
                          "languages: [zh] at the top and may then write plain text).",
                zh="'{n}' 应为 {{zh: …, en: …}} 映射，实际为 {v!r}（只用一种语言的题库请在文件开头写 languages: [zh]，"
                   "之后可直接写文字）。", n=name, v=value)
        return None
    missing = [lang for lang in rep.langs if not isinstance(value.get(lang), str) or not value[lang].strip()]
    if missing:
        rep.add(where, en="'{n}' lacks the {m} text; every text needs both zh and en (or declare a one-language "
                          "bank with languages: [zh] at the top of the file).",
                zh="'{n}' 缺少 {m} 文本；每段文字都需要 zh 和 en 两种语言（只用一种语言时，请在文件开头写 languages: [zh]）。",
                n=name, m="/".join(missing))
        return None
    if len(rep.langs) == 1 and not (isinstance(value.get(_other(rep.langs[0])), str) and value[_other(rep.langs[0])].strip()):
        only = rep.langs[0]
        return {only: value[only], _other(only): _FALLBACK[_other(only)] + value[only]}
    return {lang: value[lang] for lang in _LANGS}


def _other(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def _bilingual_list(value, name: str, where: str, rep: _Report, minimum: int) -> tuple:
    if not isinstance(value, list) or len(value) < minimum:
        rep.add(where, en="'{n}' must be a list of at least {k} {{zh, en}} texts.",
                zh="'{n}' 应为至少 {k} 个 {{zh, en}} 文本的列表。", n=name, k=minimum)
        return ()
    out = tuple(_bilingual(v, f"{name}[{i}]", where, rep) for i, v in enumerate(value))
    return out if all(o is not None for o in out) else ()


def _number(value, name: str, where: str, rep: _Report, *, positive: bool) -> float | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
        and (value > 0 if positive else value >= 0)
    if not ok:
        rule = text(en="a number > 0", zh="大于 0 的数") if positive else text(en="a number >= 0", zh="不小于 0 的数")
        rep.add(where, en="'{n}' must be {r}, got {v!r}.", zh="'{n}' 应为{r}，实际为 {v!r}。", n=name, r=rule, v=value)
        return None
    return float(value)


def _index(value, n: int, name: str, where: str, rep: _Report) -> bool:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < n:
        rep.add(where, en="'{n}' = {v!r} is not an option index; use 0 … {m} (0-based).",
                zh="'{n}' = {v!r} 不是有效的选项下标；应在 0 … {m} 之间（从 0 开始）。", n=name, v=value, m=n - 1)
        return False
    return True


_KEYPOINT_KEYS = {"points", "any", "label", "explain", "named_share", "not_with"}


def _phrase_lists(value, name: str, where: str, rep: _Report, *, both: bool) -> dict | None:
    """``{zh: [...], en: [...]}`` of phrases; with ``both`` each language needs at least one."""
    good = isinstance(value, dict) and not set(value) - set(_LANGS)
    out = {}
    for lang in _LANGS:
        lst = value.get(lang, [] if not both else None) if good else None
        if not isinstance(lst, list) or (both and not lst) or not all(isinstance(p, str) and normalise_text(p) for p in lst):
            rep.add(where, en="'{n}.{l}' must be a {e}list of phrases.", zh="'{n}.{l}' 应为{e}短语列表。",
                    n=name, l=lang, e=text(en="non-empty ", zh="非空的") if both else "")
            return None
        out[lang] = tuple(lst)
    if not both and not (out["zh"] or out["en"]):
        rep.add(where, en="'{n}' must list at least one phrase.", zh="'{n}' 至少应列出一个短语。", n=name)
        return None
    return out


def _keypoints(value, where: str, rep: _Report) -> tuple[Keypoint, ...]:
    """Each keypoint: ``points``, ``any: {zh: [...], en: [...]}`` and optionally ``label: {zh, en}``,
    ``explain: true`` or ``explain: {zh: [...], en: [...]}``, ``named_share`` (0–1, default 0.5) and
    ``not_with: {zh: [...], en: [...]}``."""
    if not isinstance(value, list) or not value:
        rep.add(where, en="'keypoints' must be a non-empty list of {{points, any: {{zh: [...], en: [...]}}}}.",
                zh="'keypoints' 应为非空列表，每项为 {{points, any: {{zh: [...], en: [...]}}}}。")
        return ()
    out = []
    for k, kp in enumerate(value):
        name = f"keypoints[{k}]"
        if not isinstance(kp, dict):
            rep.add(where, en="'{n}' must be a mapping with points and any.", zh="'{n}' 应为包含 points 和 any 的映射。", n=name)
            continue
        before = len(rep.problems)
        unknown = sorted(set(kp) - _KEYPOINT_KEYS)
        if unknown:
            rep.add(where, en="'{n}' has unknown field(s) {u}; allowed: {a}.", zh="'{n}' 中有未知字段 {u}；允许的字段：{a}。",
                    n=name, u=", ".join(map(str, unknown)), a=", ".join(sorted(_KEYPOINT_KEYS)))
        pts = _number(kp.get("points"), f"{name}.points", where, rep, positive=True)
        raw = kp.get("any")
        if len(rep.langs) == 1:  # a one-language bank: a plain list, and the other language falls back
            one = rep.langs[0]
            if isinstance(raw, list):
                raw = {one: raw}
            if isinstance(raw, dict) and not raw.get(_other(one)):
                raw = {**raw, _other(one): raw.get(one)}
        phrases = _phrase_lists(raw, f"{name}.any", where, rep, both=True)
        fields = {}
        if "label" in kp:
            fields["label"] = _bilingual(kp["label"], f"{name}.label", where, rep)
        explain = kp.get("explain", False)
        if isinstance(explain, dict):
            fields["explain"] = True
            fields["explain_any"] = _phrase_lists(explain, f"{name}.explain", where, rep, both=False) or {}
        elif isinstance(explain, bool):
            fields["explain"] = explain
        else:
            rep.add(where, en="'{n}.explain' must be true, false or {{zh: [...], en: [...]}}, got {v!r}.",
                    zh="'{n}.explain' 应为 true、false 或 {{zh: [...], en: [...]}}，实际为 {v!r}。", n=name, v=explain)
        if "named_share" in kp:
            share = kp["named_share"]
            if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share < 1:
                rep.add(where, en="'{n}.named_share' must be a number from 0 to below 1, got {v!r}.",
                        zh="'{n}.named_share' 应为 0 到 1（不含 1）之间的数，实际为 {v!r}。", n=name, v=share)
            else:
                fields["named_share"] = float(share)
            if not fields.get("explain"):
                rep.add(where, en="'{n}.named_share' only applies with 'explain'; add explain or drop it.",
                        zh="'{n}.named_share' 只在设置了 'explain' 时有效；请添加 explain 或删除该字段。", n=name)
        if "not_with" in kp:
            fields["not_with"] = _phrase_lists(kp["not_with"], f"{name}.not_with", where, rep, both=False) or {}
        for phrase in [p for lists in (phrases or {}, fields.get("explain_any") or {}) for ps in lists.values() for p in ps]:
            if _too_short(phrase):
                rep.add(where, en="'{n}': the phrase {p!r} is too short to match safely (matching ignores spaces, so a short "
                                  "English word is found inside longer ones: 'sum' in 'consumer'); write 4 letters or more, "
                                  "or an acronym in capitals such as VIP.",
                        zh="'{n}'：短语 {p!r} 太短，匹配不可靠（匹配时忽略空格，短英文词会在长词中被误找到，如 consumer 中的 sum）；"
                           "请写 4 个字母以上，或用大写缩写如 VIP。", n=name, p=phrase)
        if len(rep.problems) == before:
            out.append(Keypoint(points=pts, any=phrases, **fields))
    return tuple(out) if len(out) == len(value) else ()


def _too_short(phrase: str) -> bool:
    """An English keypoint phrase that reads as fewer than four letters: it would match inside longer
    words ("sum" in "consumer"), unless it is an acronym in capitals ("VIP", "sBG") or says a negation
    ("does not pay")."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z '’-]*", phrase.strip()):  # Chinese, digits, symbols, a formula
        return False
    read = read_phrase(phrase)
    acronym = sum(1 for c in phrase if c.isupper()) >= 2
    return NEG not in read and sum(1 for c in read if c.isalpha()) < 4 and not acronym


def _precision_words(decimals: int | None) -> str:
    if decimals is None:
        return text(en="no precision", zh="未写明精度")
    if decimals == 0:
        return text(en="whole numbers", zh="保留整数")
    return text(en="1 decimal" if decimals == 1 else "{d} decimals", zh="保留 {d} 位小数", d=decimals)


def _precision(entry: dict, fields: dict, where: str, rep: _Report) -> None:
    """A numeric item's precision, checked against its prompt: both languages state the same precision,
    a declared ``decimals`` is the one the prompt states, and a ``tolerance`` wider than that precision
    allows carries a ``tolerance_reason``."""
    prompt, tol, declared = fields.get("prompt"), fields.get("tolerance"), fields.get("decimals")
    if "tolerance_reason" in entry:
        if "tolerance" not in entry:
            rep.add(where, en="'tolerance_reason' explains a wider 'tolerance'; add the tolerance or drop the reason.",
                    zh="'tolerance_reason' 用于说明放宽的 'tolerance'；请写出 tolerance，或删除该说明。")
        else:
            fields["tolerance_reason"] = _bilingual(entry["tolerance_reason"], "tolerance_reason", where, rep)
    if prompt is None:
        return
    stated = {lang: stated_decimals(prompt[lang]) for lang in _LANGS}
    if stated["zh"] != stated["en"]:
        rep.add(where, en="the prompt asks for {z} in Chinese but {e} in English; state the same precision in both, "
                          "e.g. （保留两位小数） and (two decimals).",
                zh="题干中文的精度为“{z}”，英文为“{e}”；请在两种语言中写明同样的精度，如（保留两位小数）和 (two decimals)。",
                z=_precision_words(stated["zh"]), e=_precision_words(stated["en"]))
        return
    if declared is not None and declared != stated["zh"]:
        rep.add(where, en="'decimals: {d}' but the prompt states {s}; write the precision in the prompt in both languages "
                          "(（保留两位小数） / (two decimals)) so students know what to write, and make the two agree.",
                zh="写了 'decimals: {d}'，但题干的精度为“{s}”；请在题干的两种语言中写明精度（如（保留两位小数）/ (two decimals)），"
                   "让学生知道要算到几位，并使两者一致。", d=declared, s=_precision_words(stated["zh"]))
        return
    d = declared if declared is not None else stated["zh"]
    if d is None or tol is None:
        return
    wider = tol > precision_tolerance(d) + 1e-12
    if wider and "tolerance_reason" not in entry:
        rep.add(where, en="'tolerance' ±{t} is wider than a precision of {w} allows (±{h}); drop 'tolerance' (the precision sets it) or, "
                          "if the width is deliberate (two conventions both accepted, say which), explain it in "
                          "tolerance_reason: {{zh: …, en: …}}.",
                zh="'tolerance' ±{t} 超出了{w}所允许的误差（±{h}）；请删除 'tolerance'（误差由精度决定），"
                   "如果确需放宽（例如两种口径都算对，请写明是哪两种），用 tolerance_reason: {{zh: …, en: …}} 说明理由。",
                t=f"{tol:g}", w=_precision_words(d), h=f"{precision_tolerance(d):g}")
    elif not wider and "tolerance_reason" in entry:
        rep.add(where, en="'tolerance_reason' explains a tolerance wider than a precision of {w} allows, but ±{t} is not; drop the reason.",
                zh="'tolerance_reason' 用于说明超出{w}所允许误差的 tolerance，而 ±{t} 并未超出；请删除该说明。",
                w=_precision_words(d), t=f"{tol:g}")


def _data(value, where: str, rep: _Report) -> dict | None:
    if value is None:
        return None
    if isinstance(value, dict) and set(value) == {"dataset"} and isinstance(value["dataset"], str):
        return dict(value)
    if isinstance(value, dict) and set(value) == {"columns", "rows"} and isinstance(value["columns"], list) \
            and value["columns"] and isinstance(value["rows"], list) and value["rows"] \
            and all(isinstance(r, list) and len(r) == len(value["columns"]) for r in value["rows"]):
        columns = tuple(_cell(c, "data.columns", where, rep) for c in value["columns"])
        rows = tuple(tuple(_cell(v, "data.rows", where, rep) for v in r) for r in value["rows"])
        return {"columns": columns, "rows": rows}
    rep.add(where, en="'data' must be {{dataset: NAME}} or an inline table {{columns: [...], rows: [[...], ...]}} "
                      "with one value per column in every row.",
            zh="'data' 应为 {{dataset: 名称}} 或内嵌表格 {{columns: [...], rows: [[...], ...]}}，且每行的值个数与列数相同。")
    return None


def _cell(value, name: str, where: str, rep: _Report):
    """A table header or cell: a number, a text shown as is in both languages, or {zh, en}."""
    if isinstance(value, dict):
        return _bilingual(value, name, where, rep)
    return value


def data_table(data: Mapping, lang: str | None = None) -> tuple[list[str], list[list[str]]]:
    """An inline table of a case, ``(headers, rows)`` as text in ``lang`` (default: the active language):
    a header or cell written ``{zh: 新用户, en: new users}`` in the bank shows in that language."""
    def shown(v) -> str:
        return str(pick(v, lang))

    return [shown(c) for c in data["columns"]], [[shown(v) for v in row] for row in data["rows"]]


def data_table_html(data: Mapping, lang: str | None = None, *, attrs: str = "") -> str:
    """An inline table of a case as escaped HTML in ``lang`` (``attrs``: the ``<table>`` tag's attributes)."""
    columns, rows = data_table(data, lang)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table{' ' + attrs if attrs else ''}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def case_data(item: "Item", *columns: str, lang: str | None = None):
    """A case's inline table as a DataFrame to compute with: ``columns`` name its columns in code
    (``"strategy", "margin", "retention"``; default: the headers as shown), numbers stay numbers and
    text cells are in ``lang`` (default: the active language).

    >>> crm.quiz.case_data(bank["ch12-case-007"], "strategy", "margin", "retention")   # doctest: +SKIP
    """
    import pandas as pd

    data = getattr(item, "data", None)
    if not isinstance(item, Item) or not data or "columns" not in data:
        raise InputTypeError(text(en="case_data: pass a case item with an inline table, e.g. bank['ch12-case-007'].",
                                  zh="case_data：请传入带表格的案例题，如 bank['ch12-case-007']。"))
    if columns and len(columns) != len(data["columns"]):
        raise ArgumentError(text(en="case_data: {i} has {n} columns ({h}); name each of them.",
                                 zh="case_data：{i} 的表格有 {n} 列（{h}），请为每一列命名。", i=item.id,
                                 n=len(data["columns"]), h=", ".join(data_table(data, lang)[0])))
    return pd.DataFrame([[pick(v, lang) for v in row] for row in data["rows"]],
                        columns=list(columns) or data_table(data, lang)[0])


def dataset_note(data: Mapping, lang: str | None = None) -> str:
    """What a case on a whole dataset says about its data, in words (a paper shows no code)."""
    return text(en="Data: the kit's dataset {n} (analysed on a computer; see the datasets list on the start page).",
                zh="数据：工具包自带的数据集 {n}（需在电脑上分析，见开始页的数据集列表）。", n=data["dataset"], lang=lang)


def _parse_item(entry, chapter: str, rep: _Report, pos: str, *, allow_case: bool) -> Item | None:
    if not isinstance(entry, dict):
        rep.add(pos, en="each item must be a mapping with id and type.", zh="每道题应为包含 id 和 type 的映射。")
        return None
    item_id = entry.get("id")
    if not isinstance(item_id, str) or not item_id.strip():
        rep.add(pos, en="the item has no 'id'; give it a unique id such as ch04-tf-001.",
                zh="该题没有 'id'；请给出唯一 id，如 ch04-tf-001。")
        return None
    where = text(en="item {i}", zh="题目 {i}", i=item_id)
    kind = entry.get("type")
    allowed = TYPES if allow_case else TYPES[:-1]
    if kind not in allowed:
        rep.add(where, en="unknown type {t!r}; use one of {a}.", zh="未知题型 {t!r}；可用的题型：{a}。",
                t=kind, a=", ".join(allowed))
        return None
    before = len(rep.problems)
    unknown = sorted(set(entry) - _KEYS[kind])
    if unknown:
        rep.add(where, en="unknown field(s) {u} for a {t} item; allowed: {a}.",
                zh="{t} 题目中有未知字段 {u}；允许的字段：{a}。", u=", ".join(map(str, unknown)), t=kind,
                a=", ".join(sorted(_KEYS[kind])))
    fields: dict = {"id": item_id, "type": kind, "chapter": chapter}
    if kind == "case":
        fields["case"] = _bilingual(entry.get("case"), "case", where, rep)
        if "prompt" in entry:
            fields["prompt"] = _bilingual(entry["prompt"], "prompt", where, rep)
        fields["data"] = _data(entry.get("data"), where, rep)
        parts = entry.get("parts")
        if not isinstance(parts, list) or not parts:
            rep.add(where, en="'parts' must be a non-empty list of sub-questions.", zh="'parts' 应为非空的小题列表。")
            parts = []
        parsed = [_parse_item(p, chapter, rep, f"{where} parts[{k}]", allow_case=False) for k, p in enumerate(parts, 1)]
        fields["parts"] = tuple(p for p in parsed if p is not None)
    else:
        fields["prompt"] = _bilingual(entry.get("prompt"), "prompt", where, rep)
    if kind in TEXT_TYPES:
        fields["keypoints"] = _keypoints(entry.get("keypoints"), where, rep)
        fields["model_answer"] = _bilingual(entry.get("model_answer"), "model_answer", where, rep)
        if "explanation" in entry:
            fields["explanation"] = _bilingual(entry["explanation"], "explanation", where, rep)
    elif kind != "case" or "explanation" in entry:
        fields["explanation"] = _bilingual(entry.get("explanation"), "explanation", where, rep)
    answer = entry.get("answer")
    if kind == "true_false" and not isinstance(answer, bool):
        rep.add(where, en="'answer' must be true or false, got {v!r}.", zh="'answer' 应为 true 或 false，实际为 {v!r}。", v=answer)
    elif kind in ("single_choice", "multiple_choice"):
        fields["options"] = _bilingual_list(entry.get("options"), "options", where, rep, 2)
        n = len(fields["options"])
        if kind == "single_choice" and n:
            _index(answer, n, "answer", where, rep)
        elif n:
            if not isinstance(answer, list) or not answer or len(set(map(repr, answer))) != len(answer):
                rep.add(where, en="'answer' must be a non-empty list of different option indexes, e.g. [0, 2].",
                        zh="'answer' 应为不重复的选项下标组成的非空列表，如 [0, 2]。")
            elif all(_index(a, n, "answer", where, rep) for a in answer):
                answer = tuple(sorted(answer))
    elif kind == "numeric":
        if isinstance(answer, bool) or not isinstance(answer, (int, float)) or not math.isfinite(answer):
            rep.add(where, en="'answer' must be a number such as 266.67 (no unit; put the unit in 'unit'), got {v!r}.",
                    zh="'answer' 应为数字，如 266.67（不带单位，单位写在 'unit' 中），实际为 {v!r}。", v=answer)
        else:
            answer = float(answer)
        if entry.get("tolerance") is not None:
            fields["tolerance"] = _number(entry["tolerance"], "tolerance", where, rep, positive=False)
        decimals = entry.get("decimals")
        if decimals is not None:
            if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
                rep.add(where, en="'decimals' must be a whole number 0 … 6 (2 for \"two decimal places\"), got {v!r}.",
                        zh="'decimals' 应为 0 … 6 的整数（“保留两位小数”写 2），实际为 {v!r}。", v=decimals)
            else:
                fields["decimals"] = decimals
        _precision(entry, fields, where, rep)
        unit = entry.get("unit")
        if isinstance(unit, str) and unit.strip():
            fields["unit"] = {lang: unit for lang in _LANGS}
        elif isinstance(unit, Mapping) and set(unit) <= set(_LANGS) and any(
                isinstance(u, str) and u.strip() for u in unit.values()):
            given = {lang: u for lang, u in unit.items() if isinstance(u, str) and u.strip()}
            fields["unit"] = {lang: given.get(lang) or next(iter(given.values())) for lang in _LANGS}
        elif unit is not None:
            rep.add(where, en="'unit' must be a short text such as \"%\", or {{zh: 元, en: yuan}} when the languages differ.",
                    zh="'unit' 应为简短文字，如 \"%\"；两种语言不同时写成 {{zh: 元, en: yuan}}。")
    elif kind == "matching":
        fields["slots"] = _bilingual_list(entry.get("slots"), "slots", where, rep, 1)
        fields["choices"] = _bilingual_list(entry.get("choices"), "choices", where, rep, 2)
        if fields["slots"] and fields["choices"]:
            if not isinstance(answer, list) or len(answer) != len(fields["slots"]):
                rep.add(where, en="'answer' must list one choice index per slot ({k} slots).",
                        zh="'answer' 应为每个空位给出一个选项下标（共 {k} 个空位）。", k=len(fields["slots"]))
            elif all(_index(a, len(fields["choices"]), "answer", where, rep) for a in answer):
                answer = tuple(answer)
    if kind not in ("case", *TEXT_TYPES):
        fields["answer"] = answer
    if "tags" in entry:
        tags = entry["tags"]
        if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
            rep.add(where, en="'tags' must be a list of short words, e.g. [rfm, clv].",
                    zh="'tags' 应为简短词语的列表，如 [rfm, clv]。")
        else:
            fields["tags"] = tuple(tags)
    if "needs_computer" in entry:
        if not isinstance(entry["needs_computer"], bool):
            rep.add(where, en="'needs_computer' must be true or false.", zh="'needs_computer' 应为 true 或 false。")
        else:
            fields["needs_computer"] = entry["needs_computer"]
    if "points" in entry:
        pts = _number(entry["points"], "points", where, rep, positive=True)
        fields["points"] = pts
    else:
        pts = None
    if len(rep.problems) > before:
        return None
    if kind in TEXT_TYPES:
        total = sum(k.points for k in fields["keypoints"])
        if pts is not None and pts > total + 1e-9:
            rep.add(where, en="'points' ({p:g}) is more than the keypoints can earn ({s:g}); add keypoints or lower points.",
                    zh="'points'（{p:g}）超过了得分点总分（{s:g}）；请增加得分点或降低分值。", p=pts, s=total)
            return None
        fields["points"] = pts if pts is not None else total
    elif kind == "case":
        total = sum(p.points for p in fields["parts"])
        if pts is not None and abs(pts - total) > 1e-9:
            rep.add(where, en="'points' ({p:g}) differs from the sum of the parts' points ({s:g}); drop it or make them agree.",
                    zh="'points'（{p:g}）与各小题分值之和（{s:g}）不一致；请删除该字段或使两者一致。", p=pts, s=total)
            return None
        fields["points"] = total
    return Item(source=str(rep.path), **fields)
