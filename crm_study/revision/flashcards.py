"""Flashcards: every definition and key term as a card, drilled in a widget or exported to Anki.

Cards (:func:`cards`), one row each, ``card_id`` stable across runs:

- ``definition`` cards from the bank's term items: term → definition (the 名词解释 of the chapter);
- ``term`` cards from the glossary: 中文 ↔ English term pairs.

Scheduling (Leitner, 5 boxes) uses the kit's progress store class, in its own file
``flashcards.sqlite`` beside ``progress.sqlite`` so cards do not dilute quiz mastery: **again**
puts a card back in box 1, **hard** keeps it in its box, **good** moves it up one box. The next
cards are the lowest box first; cards you have seen wait less long than new ones in box 1.

>>> deck = cards(chapter="04")                              # doctest: +SKIP
>>> Flashcards(chapter="04")                                # doctest: +SKIP
>>> write_anki("crm.apkg")                                  # doctest: +SKIP
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from ..display import WidgetText
from ..errors import ArgumentError
from ..i18n import get_language, text
from .exam_points import _bank, _check_chapter, _title, revision_chapters

__all__ = ["RATINGS", "cards", "flashcard_store", "card_boxes", "next_cards", "rate", "Flashcards", "write_csv",
           "write_anki"]

RATINGS = ("again", "hard", "good")
_SCORE = {"again": 0.0, "hard": 0.5, "good": 1.0}
_MAX_BOX = 5
_COLUMNS = ["card_id", "chapter", "kind", "zh_front", "zh_back", "en_front", "en_back"]


def _short_hash(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:10]


def cards(chapter=None) -> pd.DataFrame:
    """All cards (or one chapter's): card_id, chapter, kind, and front/back in both languages."""
    from ..data.glossary import terms

    chapters = [_check_chapter(chapter)] if chapter is not None else revision_chapters()
    rows = []
    for it in _bank():
        if it.type == "term" and it.chapter in chapters:
            rows.append({"card_id": f"card-{it.id}", "chapter": it.chapter, "kind": "definition",
                         "zh_front": it.prompt["zh"], "zh_back": it.model_answer["zh"],
                         "en_front": it.prompt["en"], "en_back": it.model_answer["en"]})
    gl = terms()
    gl = gl[gl["chapter"].isin(chapters)]
    for ch, zh, en in gl[["chapter", "zh", "en"]].itertuples(index=False):
        rows.append({"card_id": f"card-g{ch}-{_short_hash(zh + '|' + en)}", "chapter": ch, "kind": "term",
                     "zh_front": zh, "zh_back": en, "en_front": en, "en_back": zh})
    df = pd.DataFrame(rows, columns=_COLUMNS).drop_duplicates("card_id")
    return df.sort_values(["chapter", "kind"], kind="stable").reset_index(drop=True)


def flashcard_store(path=None):
    """The Leitner store of the cards: ``flashcards.sqlite`` beside the quiz progress file."""
    from ..quiz.progress import ProgressStore, store_path

    return ProgressStore(path if path is not None else store_path().with_name("flashcards.sqlite"))


def card_boxes(store) -> pd.DataFrame:
    """Box (1–5), reviews and last review id of every card seen, from the ratings in ``store``."""
    att = store.attempts()
    boxes: dict[str, list] = {}
    for card_id, score, row_id in att[["item_id", "score", "id"]].itertuples(index=False):
        box, seen, _ = boxes.get(card_id, (1, 0, 0))
        box = 1 if score == 0 else box if score < 1 else min(box + 1, _MAX_BOX)
        boxes[card_id] = [box, seen + 1, row_id]
    out = pd.DataFrame.from_dict(boxes, orient="index", columns=["box", "reviews", "last_id"])
    out.index.name = "card_id"
    return out.astype("int64")


def next_cards(deck: pd.DataFrame, store, n: int = 20) -> list[str]:
    """Ids of the next ``n`` cards: lowest box first; in box 1, cards seen before new ones; oldest review first."""
    from .._validate import number

    n = number(n, name="n", where="flashcards.next_cards", lo=1, integer=True)
    b = card_boxes(store).reindex(deck["card_id"])
    order = pd.DataFrame({"box": b["box"].fillna(1).to_numpy(), "new": b["box"].isna().to_numpy(),
                          "last": b["last_id"].fillna(0).to_numpy(), "pos": range(len(deck))},
                         index=deck["card_id"])
    order = order[order["box"] < _MAX_BOX]
    return order.sort_values(["box", "new", "last", "pos"]).index[:n].tolist()


def rate(card_id: str, rating: str, store, chapter: str = "") -> None:
    """Record one rating (``again``, ``hard`` or ``good``) of a card in the store."""
    from ..quiz.bank import Item
    from ..quiz.marking import Result

    if rating not in RATINGS:
        raise ArgumentError(text(en="flashcards.rate: rating must be one of {r}, got {v!r}.",
                                 zh="flashcards.rate：评价应为 {r} 之一，实际为 {v!r}。", r=", ".join(RATINGS), v=rating))
    score = _SCORE[rating]
    item = Item(id=card_id, type="term", chapter=chapter, tags=("flashcard",))
    store.record(item, rating, Result(item_id=card_id, score=score, max_score=1.0, correct=score > 0, feedback=""))


class Flashcards(WidgetText):
    """A flashcard widget: show the front, flip, then rate **again / hard / good**; ratings are saved."""

    def __init__(self, chapter=None, *, n: int = 20, reverse: bool = False, store=None):
        import ipywidgets as w

        self.lang = get_language()
        self.deck = cards(chapter).set_index("card_id")
        self.store = store if store is not None else flashcard_store()
        self.reverse = reverse
        self.queue = next_cards(self.deck.reset_index(), self.store, n)
        self.done = 0
        self.front = w.HTML()
        self.back = w.HTML()
        self.status = w.HTML()
        self.flip = w.Button(description=text(en="Show answer", zh="翻面看答案"), button_style="info")
        self.buttons = [w.Button(description=label) for label in
                        (text(en="Again", zh="没记住"), text(en="Hard", zh="有点难"), text(en="Good", zh="记住了"))]
        self.flip.on_click(lambda _: self._show_back())
        for rating, button in zip(RATINGS, self.buttons):
            button.on_click(lambda _, r=rating: self.answer(r))
        self.widget = w.VBox([self.front, self.back, w.HBox([self.flip, *self.buttons]), self.status])
        self._show_front()

    def _sides(self, card_id: str) -> tuple[str, str]:
        row = self.deck.loc[card_id]
        lang = self.lang
        other = "en" if lang == "zh" else "zh"
        if row["kind"] == "term" and self.reverse:
            return row[f"{other}_front"], row[f"{other}_back"]
        return row[f"{lang}_front"], row[f"{lang}_back"]

    def _show_front(self) -> None:
        import html

        if not self.queue:
            self.front.value = "<b>" + html.escape(text(en="No cards due: well done.", zh="没有待复习的卡片，很好！")) + "</b>"
            self.back.value = ""
            for b in (self.flip, *self.buttons):
                b.disabled = True
        else:
            front, _ = self._sides(self.queue[0])
            self.front.value = f"<div style='font-size:1.4em;padding:0.6em 0'>{html.escape(front)}</div>"
            self.back.value = ""
            self.flip.disabled = False
            for b in self.buttons:
                b.disabled = True
        self.status.value = html.escape(text(en="{d} rated, {k} to go", zh="已复习 {d} 张，还剩 {k} 张",
                                             d=self.done, k=len(self.queue)))

    def _show_back(self) -> None:
        import html

        _, back = self._sides(self.queue[0])
        self.back.value = f"<div style='border-top:1px solid #ccc;padding:0.6em 0'>{html.escape(back)}</div>"
        self.flip.disabled = True
        for b in self.buttons:
            b.disabled = False

    def answer(self, rating: str) -> None:
        """Rate the card on show and move to the next one (``again`` cards come back at the end)."""
        card_id = self.queue.pop(0)
        rate(card_id, rating, self.store, chapter=self.deck.loc[card_id, "chapter"])
        if rating == "again":
            self.queue.append(card_id)
        self.done += 1
        self._show_front()

    def __repr__(self) -> str:
        return text(en="Flashcards: {n} cards due (the cards appear when the notebook runs). "
                       "Flip each one, then rate how well you knew it.",
                    zh="抽认卡：{n} 张待复习（运行笔记本后显示卡片）。翻面后按记住的程度评分。", n=len(self.queue))


def write_csv(path, chapter=None) -> Path:
    """All cards as a UTF-8 CSV (with BOM, so Excel reads the Chinese): card_id, chapter, kind, fronts and backs."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    cards(chapter).to_csv(out, index=False, encoding="utf-8-sig")
    return out


def _stable_id(name: str) -> int:
    return int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16) | (1 << 30)


def write_anki(path, chapter=None, lang: str | None = None) -> Path:
    """An Anki deck (``.apkg``): one subdeck per chapter; definition cards term → definition, term pairs both ways."""
    import html

    try:
        import genanki
    except ImportError as exc:
        raise ArgumentError(text(en="export --format anki needs the genanki package: pip install genanki.",
                                 zh="导出 Anki 卡片需要 genanki 包：请运行 pip install genanki。")) from exc
    lang = lang or get_language()
    other = "en" if lang == "zh" else "zh"
    css = (".card{font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC',sans-serif;"
           "font-size:20px;text-align:center;color:#222;background:#fff}.back{font-size:17px;text-align:left}")
    definition = genanki.Model(
        _stable_id("crm-study definition"), "crm-study definition", fields=[{"name": "Term"}, {"name": "Definition"},
                                                                               {"name": "Other"}],
        templates=[{"name": "term → definition", "qfmt": "{{Term}}",
                    "afmt": "{{FrontSide}}<hr id=answer><div class=back>{{Definition}}</div><p>{{Other}}</p>"}], css=css)
    pair = genanki.Model(
        _stable_id("crm-study term pair"), "crm-study term pair", fields=[{"name": "Chinese"}, {"name": "English"}],
        templates=[{"name": "中文 → English", "qfmt": "{{Chinese}}", "afmt": "{{FrontSide}}<hr id=answer>{{English}}"},
                   {"name": "English → 中文", "qfmt": "{{English}}", "afmt": "{{FrontSide}}<hr id=answer>{{Chinese}}"}],
        css=css)
    root = text(en="CRM study kit", zh="客户关系管理学习包", lang=lang)
    decks = {}
    for row in cards(chapter).itertuples(index=False):
        if row.chapter not in decks:
            name = f"{root}::" + text(en="Chapter {c} {t}", zh="第 {c} 章 {t}", c=row.chapter,
                                      t=_title(row.chapter, lang), lang=lang)
            decks[row.chapter] = genanki.Deck(_stable_id(name), name)
        if row.kind == "definition":
            note = genanki.Note(model=definition, guid=genanki.guid_for(row.card_id, lang), tags=[f"ch{row.chapter}"],
                                fields=[html.escape(getattr(row, f"{lang}_front")), html.escape(getattr(row, f"{lang}_back")),
                                        html.escape(getattr(row, f"{other}_front"))])
        else:
            note = genanki.Note(model=pair, guid=genanki.guid_for(row.card_id), tags=[f"ch{row.chapter}"],
                                fields=[html.escape(row.zh_front), html.escape(row.en_front)])
        decks[row.chapter].add_note(note)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(list(decks.values())).write_to_file(str(out))
    return out
