"""The notebook quiz: one card per question, a Check button, feedback in place, a running score.

Every type has a fitting input: radio buttons (true/false, single choice), check
boxes (multiple choice), a text box for numbers (so "25.5%" or "266.67元" can be
typed), a text area (term, short answer), a dropdown per slot (matching) and one
card with all parts (case). Check calls the same :func:`~crm_study.quiz.grade` as
the tests and, when ``record=True``, writes the attempt to the progress store.

A written answer gets a marker's checklist: each marking point ✓ / ½ / ✗ with the words
that counted highlighted in the student's own answer, or why they did not count, then
the model answer; the student adjusts each point (self-marking) and the store keeps
both marks. A case shows each part's mark beside its input; recomputation code in an
explanation sits in a "how this was computed" note the student can open. The running
score shows auto-marked (objective) and self-marked (written) points apart.

>>> quiz = show(load_bank().select(chapter="04"), n=5, seed=1)   # doctest: +SKIP
"""
from __future__ import annotations

import html
import random
import sqlite3
from datetime import datetime, timezone
from typing import Iterable

from ..display import WidgetText
from ..errors import InputTypeError
from ..i18n import pick, text
from .bank import TEXT_TYPES, Bank, Item, banks_dir, data_table_html, load_bank
from .marking import Result, checklist_lines, format_number, grade, highlight, how_computed, letter, split_code
from .progress import MAX_BOX, ProgressStore, ProgressStoreError

__all__ = ["Quiz", "show", "review", "show_exam", "table_html"]


def table_html(data) -> str:
    """An item's ``data`` as escaped HTML: an inline table in the active language, or the named
    dataset with the line that loads it in the notebook."""
    if not data:
        return ""
    if "dataset" in data:
        return "<p>" + html.escape(text(en="Data: the kit's dataset {n}; in the notebook: crm.datasets.load({n!r})",
                                        zh="数据：工具包自带的数据集 {n}，在笔记本中用 crm.datasets.load({n!r}) 读入",
                                        n=data["dataset"])) + "</p>"
    return data_table_html(data)


def _mark_line(score: float, max_score: float, correct: bool) -> str:
    mark = "✔" if correct else ("◐" if score > 0 else "✘")
    colour = "#2e7d32" if correct else ("#ef6c00" if score > 0 else "#c62828")
    return f"<b style='color:{colour}'>{mark} {html.escape(format_number(score))} / {html.escape(format_number(max_score))}</b>"


def _points(x: float) -> str:
    return text(en="{p} pt", zh="{p} 分", p=format_number(x)) if x == 1 else text(en="{p} pts", zh="{p} 分", p=format_number(x))


def _blank(response) -> bool:
    """True when nothing was entered: no option chosen, only spaces typed, no slot or case part filled."""
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, dict):
        return all(_blank(v) for v in response.values())
    if isinstance(response, list):
        return all(_blank(v) for v in response)
    return False


class _Card:
    """Input widgets for one item; ``response()`` reads them in the form ``grade`` accepts."""

    def __init__(self, item: Item, number: str, quiz: "Quiz | None", owner: "_Card | None" = None):
        import ipywidgets as w

        self.item = item
        self.quiz = quiz
        self.result: Result | None = None
        prompt = pick(item.case if item.type == "case" else item.prompt)
        extra = "" if item.type != "case" or not item.prompt else f"<p>{html.escape(pick(item.prompt))}</p>"
        title = w.HTML(f"<p><b>{html.escape(number)}</b> {html.escape(prompt)} <i>({html.escape(_points(item.points))})</i></p>"
                       + extra + (table_html(item.data) if item.type == "case" else ""))
        self.owner = owner
        self.shares: list[float] = []
        self.self_marked = False
        self.attempt_id: int | None = None
        self.parts = [_Card(p, f"({letter(k).lower()})", None, owner=self) for k, p in enumerate(item.parts)]
        self.input = self._input(w)
        self.feedback = w.HTML()
        self.self_box = w.VBox()
        children = [title]
        if self.input is not None:
            children.append(self.input)
        if self.parts:  # each part's input, then its own mark and feedback
            children += [c.box for c in self.parts]
        if quiz is not None:
            self.check = w.Button(description=text(en="Check", zh="检查答案"), button_style="primary")
            self.check.on_click(self._on_check)
            children.append(self.check)
        children += [self.feedback, self.self_box]
        self.box = w.VBox(children)

    def _input(self, w):
        it = self.item
        layout = w.Layout(width="95%")
        if it.type == "true_false":
            return w.RadioButtons(options=[(text(en="True (√)", zh="对（√）"), True), (text(en="False (×)", zh="错（×）"), False)],
                                  value=None)
        if it.type == "single_choice":
            return w.RadioButtons(options=[(f"{letter(i)}. {pick(o)}", i) for i, o in enumerate(it.options)], value=None,
                                  layout=layout)
        if it.type == "multiple_choice":
            return w.VBox([w.Checkbox(value=False, description=f"{letter(i)}. {pick(o)}", indent=False, layout=layout)
                           for i, o in enumerate(it.options)])
        if it.type == "numeric":
            return w.Text(value="", placeholder=text(en="a number, e.g. 266.67", zh="填数字，如 266.67"),
                          description=it.unit_in())
        if it.type in TEXT_TYPES:
            return w.Textarea(value="", placeholder=text(en="Write your answer here.", zh="在此作答。"),
                              layout=w.Layout(width="95%", height="6em"))
        if it.type == "matching":
            options = [("—", None)] + [(f"{letter(i)}. {pick(c)}", i) for i, c in enumerate(it.choices)]
            return w.VBox([w.Dropdown(options=options, value=None, description=pick(s),
                                      style={"description_width": "initial"}) for s in it.slots])
        return None

    def response(self):
        """The current answer, as ``grade`` takes it."""
        it = self.item
        if it.type == "multiple_choice":
            return [i for i, cb in enumerate(self.input.children) if cb.value]
        if it.type == "matching":
            return [dd.value for dd in self.input.children]
        if it.type == "case":
            return {p.item.id: p.response() for p in self.parts}
        return self.input.value

    def show_result(self, result: Result, response=None) -> None:
        """Show the feedback: a plain line for an objective item, the checklist for a written one,
        each part's own feedback (and mark) for a case."""
        import ipywidgets as w

        self.result = result
        self.shares = [c.earned / c.points for c in result.checklist]
        head = _mark_line(result.score, result.max_score, result.correct)
        how = how_computed(self.item)
        note = "" if not how else (f"<details><summary>{html.escape(text(en='How this was computed', zh='这个结果是怎样算出的'))}"
                                   f"</summary><p><code>{html.escape(how)}</code></p></details>")
        if self.item.type == "case":
            for part, r in zip(self.parts, result.parts):
                part.show_result(r, response.get(part.item.id) if isinstance(response, dict) else None)
            extra = html.escape(split_code(pick(self.item.explanation))[0]) if self.item.explanation else ""
            self.feedback.value = f"<div>{head} {html.escape(self._self_note())}</div><p>{extra}</p>{note}"
            return
        if not result.checklist:
            self.feedback.value = f"<div>{head} {html.escape(result.feedback)}</div>{note}"
            return
        self.feedback.value = self._checklist_html(result, response) + note
        self.self_box.children = [self._toggle(w, c, k) for k, c in enumerate(result.checklist)]

    def _checklist_html(self, result: Result, response) -> str:
        rows = "".join(f"<li>{html.escape(line)}</li>" for line in checklist_lines(result.checklist))
        answer = "".join(f"<mark>{html.escape(t)}</mark>" if on else html.escape(t)
                         for t, on in highlight(response, result.checklist))
        yours = f"<p><i>{html.escape(text(en='Your answer', zh='你的答案'))}:</i> {answer}</p>" if answer else ""
        model = html.escape(text(en="Model answer: {m}", zh="参考答案：{m}", m=pick(self.item.model_answer)))
        extra = html.escape(split_code(pick(self.item.explanation))[0]) if self.item.explanation else ""
        hint = html.escape(text(en="Suggested mark; compare with the model answer and set each point yourself below.",
                                zh="以上为建议得分；请对照参考答案，在下方逐点给出你自己的评分。"))
        return (f"<div>{_mark_line(result.score, result.max_score, result.correct)} <b>{html.escape(self._self_note())}</b>"
                f"</div><ul>{rows}</ul>{yours}<p>{model}</p><p>{extra}</p><p><i>{hint}</i></p>")

    def _toggle(self, w, check, k: int):
        share = check.earned / check.points
        options = sorted({1.0, 0.5, 0.0, round(share, 3)}, reverse=True)
        names = {1.0: "✓", 0.5: "½", 0.0: "✗"}
        toggle = w.ToggleButtons(options=[(names.get(o, f"{o:g}"), o) for o in options], value=round(share, 3),
                                 description=f"{check.label} ({format_number(check.points)})",
                                 style={"description_width": "initial", "button_width": "3em"})
        toggle.observe(lambda change, k=k: self._self_changed(k, change["new"]), names="value")
        return toggle

    def _self_changed(self, k: int, share: float) -> None:
        self.shares[k] = share
        self.self_marked = True
        head = self.feedback.value.split("</div>", 1)
        self.feedback.value = (f"<div>{_mark_line(self.result.score, self.result.max_score, self.result.correct)} "
                               f"<b>{html.escape(self._self_note())}</b></div>" + head[1])
        owner = self.owner or self
        if owner is not self:
            owner.feedback.value = (f"<div>{_mark_line(owner.result.score, owner.result.max_score, owner.result.correct)} "
                                    f"{html.escape(owner._self_note())}</div>" + owner.feedback.value.split("</div>", 1)[1])
        if owner.quiz is not None:
            owner.quiz.self_marked(owner)

    def own_written(self) -> float:
        """The written points this card earns by the student's own marks (the kit's suggestion until changed)."""
        if self.item.type == "case":
            return sum(p.own_written() for p in self.parts)
        if self.result is None or not self.result.checklist:
            return 0.0
        earned = sum(c.points * sh for c, sh in zip(self.result.checklist, self.shares))
        return min(earned, self.item.points)

    def written_max(self) -> float:
        if self.item.type == "case":
            return sum(p.written_max() for p in self.parts)
        return self.item.points if self.item.type in TEXT_TYPES else 0.0

    def own_marks(self):
        """The share the student gives each marking point: a list, or ``{part id: list}`` for a case."""
        if self.item.type == "case":
            return {p.item.id: p.shares for p in self.parts if p.item.type in TEXT_TYPES}
        return list(self.shares)

    def marked_by_student(self) -> bool:
        return self.self_marked or any(p.self_marked for p in self.parts)

    def final_score(self) -> float:
        """The mark that counts: auto-marked points plus the student's own marks for the written ones."""
        if self.result is None:
            return 0.0
        kit_written = sum(r.score for r in (self.result.parts or (self.result,)) if r.checklist)
        return self.result.score - kit_written + self.own_written()

    def _self_note(self) -> str:
        if self.written_max() <= 0 or self.result is None:
            return ""
        whose = text(en="your mark", zh="你的自评") if self.marked_by_student() else text(en="suggested", zh="建议")
        return text(en="Self-marked ({w}): {s} / {m}", zh="自评（{w}）：{s} / {m}", w=whose,
                    s=format_number(self.own_written()), m=format_number(self.written_max()))

    def _on_check(self, _button=None) -> None:
        response = self.response()
        if _blank(response):  # nothing entered: a hint, no mark, nothing recorded
            self.feedback.value = "<div style='color:#1565c0'>" + html.escape(text(
                en="No answer yet: choose or type your answer first, then press Check.",
                zh="还没有作答：请先选择或填写答案，再点击“检查答案”。")) + "</div>"
            return
        result = grade(self.item, response)
        self.self_marked = False
        for p in self.parts:
            p.self_marked = False
        self.show_result(result, response)
        self.quiz.checked(self, response, result)


class Quiz(WidgetText):
    """A quiz on screen: ``widget`` (the ipywidgets box), ``cards``, ``score`` and ``max_score`` so far."""

    def __init__(self, items: list[Item], *, record: bool = True, store: ProgressStore | None = None,
                 empty_message: str | None = None, labels: dict[str, str] | None = None,
                 headings: dict[int, str] | None = None, intro: str = ""):
        """``labels``: item id → a line shown above its card; ``headings``: card index → a section heading
        shown before it; ``intro``: a line above the first card. All plain text (escaped here)."""
        import ipywidgets as w

        self.items = items
        self.record = record
        self.empty_message = empty_message
        self.store = store if store is not None else (ProgressStore() if record else None)
        self.unsaved: list = []
        self._attempt_ids: dict[int, int] = {}  # id(result) → the attempt's row, for self-marking
        self.cards = [_Card(it, f"{k}.", self) for k, it in enumerate(items, start=1)]
        for card in self.cards:
            if labels and card.item.id in labels:
                label = w.HTML("<div style='margin-top:1em;padding:1px 8px;background:#f3e5f5;color:#6a1b9a;"
                               f"border-radius:3px;display:inline-block'><b>{html.escape(labels[card.item.id])}</b></div>")
                card.box.children = (label, *card.box.children)
        self.max_score = sum(it.points for it in items)
        self.status = w.HTML()
        top = f"<p>{html.escape(empty_message)}</p>" if empty_message and not items else ""
        head = w.HTML(top + (f"<p><b>{html.escape(intro)}</b></p>" if intro else ""))
        body = []
        for k, card in enumerate(self.cards):
            if headings and k in headings:
                body.append(w.HTML(f"<h3>{html.escape(headings[k])}</h3>"))
            body.append(card.box)
        self.widget = w.VBox([head, *body, self.status])
        self._update()

    @property
    def score(self) -> float:
        """Points earned so far (the latest check of each question; written answers by the student's own marks)."""
        return sum(c.final_score() for c in self.cards if c.result is not None)

    def _update(self, note: str = "") -> None:
        checked = [c for c in self.cards if c.result is not None]
        written = sum(c.written_max() for c in self.cards)
        own = sum(c.own_written() for c in checked)
        self.status.value = "<p><b>" + html.escape(text(
            en="Score so far: {s} / {m} ({d} of {n} questions checked)",
            zh="当前得分：{s} / {m}（已检查 {d}/{n} 题）",
            s=format_number(self.score), m=format_number(self.max_score), d=len(checked), n=len(self.cards))) + "</b><br>" \
            + html.escape(text(
                en="auto-marked (objective questions): {a} / {am}; self-marked (written answers, your own marks): {w} / {wm}",
                zh="其中机评（客观题）{a} / {am}；自评（文字题，按你自己的评分）{w} / {wm}",
                a=format_number(self.score - own), am=format_number(self.max_score - written),
                w=format_number(own), wm=format_number(written))) + "</p>" + note

    def checked(self, card: _Card, response, result: Result) -> None:
        """Called by a card after grading: record the attempt and update the running score.
        An attempt the store cannot take is kept in ``unsaved`` and retried at the next Check."""
        note = ""
        card.attempt_id = None
        if self.record:
            self.unsaved.append((card.item, response, result, datetime.now(timezone.utc)))
            note = self.save()
            card.attempt_id = self._attempt_ids.pop(id(result), None)
        self._update(note)

    def self_marked(self, card: _Card) -> None:
        """Called when the student changes a point of a written answer: store their own mark, update the score."""
        note = ""
        if self.record and card.attempt_id is not None:
            try:
                self.store.self_mark(card.attempt_id, card.own_marks(), card.own_written())
            except (ProgressStoreError, OSError, sqlite3.Error) as exc:
                note = f"<p style='color:#c62828'>{html.escape(str(exc))}</p>"
        self._update(note)

    def save(self) -> str:
        """Write the attempts not saved yet, oldest first; returns the warning shown ('' when all are saved)."""
        while self.unsaved:
            item, response, result, at = self.unsaved[0]
            try:
                self._attempt_ids[id(result)] = self.store.record(item, response, result, at=at)
            except (ProgressStoreError, OSError, sqlite3.Error) as exc:
                return "<p style='color:#c62828'>⚠ " + html.escape(text(
                    en="Not saved yet: {n} answer(s) kept in this notebook; they are saved at your next Check. {e}",
                    zh="尚未保存：{n} 次作答暂存在本笔记本中，下次点击“检查答案”时会再次保存。{e}",
                    n=len(self.unsaved), e=exc)) + "</p>"
            self.unsaved.pop(0)
        return ""

    def __repr__(self) -> str:
        if not self.items and self.empty_message:
            return self.empty_message
        n = len(self.items)
        return text(en="Quiz: {n} question{s}, {p} point{ps} (the questions appear when the notebook runs). "
                       "Answer each one and press Check.",
                    zh="测验：共 {n} 题，{p} 分（运行笔记本后显示题目）。逐题作答后点击“检查答案”。",
                    n=n, s="" if n == 1 else "s", p=format_number(self.max_score),
                    ps="" if self.max_score == 1 else "s")


def _items(source, where: str) -> list[Item]:
    if isinstance(source, Item):
        return [source]
    if isinstance(source, Bank) or (isinstance(source, Iterable) and not isinstance(source, (str, bytes, dict))):
        items = list(source)
        if all(isinstance(it, Item) for it in items):
            return items
    raise InputTypeError(text(en="{w}: pass a Bank (load_bank()), a list of items or one item, got {t}.",
                              zh="{w}：请传入题库（load_bank()）、题目列表或单个题目，实际为 {t}。",
                              w=where, t=type(source).__name__))


def show(bank_or_items, *, n: int | None = None, shuffle: bool = False, seed: int | None = None,
         record: bool = True, store: ProgressStore | None = None) -> Quiz:
    """Render a quiz of the items (all, or a random ``n`` of them chosen with ``seed``; ``shuffle`` mixes the order).

    Attempts are written to the progress store when ``record`` is true.
    """
    from .._validate import number

    where = "quiz.show"
    items = _items(bank_or_items, where)
    if seed is not None:
        number(seed, name="seed", where=where, lo=0, integer=True)
    rng = random.Random(seed)
    if n is not None:
        n = number(n, name="n", where=where, lo=1, hi=max(len(items), 1), integer=True)
        keep = sorted(rng.sample(range(len(items)), n))
        items = [items[k] for k in keep]
    if shuffle:
        rng.shuffle(items)
    return Quiz(items, record=record, store=store)


def review(n: int = 10, chapter: str | None = None, *, bank: Bank | None = None,
           store: ProgressStore | None = None) -> Quiz:
    """The 错题本 as a quiz of the next ``n`` items: first the ones answered wrongly and not yet mastered
    (lowest Leitner box, oldest first), then items never missed that are only due for review. Items come
    from ``bank``, or else the kit's banks together with every bank file you have answered questions from.

    A line above each card says which it is: a mistake (how often, and whether the last answer was
    wrong) or a routine review of a question answered right before.
    """
    from .._validate import number

    n = number(n, name="n", where="quiz.review", lo=1, integer=True)
    store = store if store is not None else ProgressStore()
    bank = bank if bank is not None else load_bank([banks_dir(), *store.bank_files()])
    boxes = store.boxes(chapter)
    boxes = boxes.loc[[i for i in boxes.index if i in bank]]
    due = boxes[boxes["box"] < MAX_BOX]
    missed, routine = due[due["wrong"] > 0], due[due["wrong"] == 0]
    labels = {}
    for item_id, row in missed.iterrows():
        if row["box"] == 1:
            labels[item_id] = text(en="Mistake · wrong {w}× · your last answer was wrong",
                                   zh="错题 · 答错 {w} 次 · 上次答错", w=int(row["wrong"]))
        else:
            labels[item_id] = text(en="Mistake · wrong {w}× · right {r}× since, not yet mastered",
                                   zh="错题 · 答错 {w} 次 · 之后已连续答对 {r} 次，尚未掌握",
                                   w=int(row["wrong"]), r=int(row["box"]) - 1)
    for item_id in routine.index:
        labels[item_id] = text(en="Due for review · answered right before (not a mistake)",
                               zh="到期复习 · 以前答对过（不是错题），再巩固一次")
    ids = [*missed.index, *routine.index][:n]
    message = text(en="Nothing to review yet: questions you miss in a quiz come back here.",
                   zh="暂时没有需要复习的题目：测验中答错的题会出现在这里。")
    return Quiz([bank[i] for i in ids], record=True, store=store, empty_message=message, labels=labels)


def show_exam(exam, *, record: bool = True, store: ProgressStore | None = None) -> Quiz:
    """A mock paper from :func:`~crm_study.quiz.paper.build_exam` as one quiz, with the paper's section
    headings (一、判断题 …, with count × points) and its points and time limit above the first question."""
    from .paper import Exam

    if not isinstance(exam, Exam):
        raise InputTypeError(text(en="show_exam: pass the paper from build_exam(...), got {t}.",
                                  zh="show_exam：请传入 build_exam(...) 组成的试卷，实际为 {t}。", t=type(exam).__name__))
    items, headings = [], {}
    for title, chosen in exam.sections:
        headings[len(items)] = text(en="{t} ({n} × {p} = {s} points)", zh="{t}（{n} 题 × {p} 分 = {s} 分）",
                                    t=pick(title), n=len(chosen), p=format_number(chosen[0][1]),
                                    s=format_number(sum(p for _, p in chosen)))
        items += [item for item, _ in chosen]
    intro = text(en="{title} · {t} points", zh="{title} · 满分 {t} 分", title=pick(exam.title), t=format_number(exam.total))
    if exam.minutes:
        intro += text(en=" · time limit {m} minutes", zh=" · 限时 {m} 分钟", m=exam.minutes)
    return Quiz(items, record=record, store=store, headings=headings, intro=intro)
