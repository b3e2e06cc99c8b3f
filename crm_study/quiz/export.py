"""Export a bank to Moodle: Moodle XML (every type) or GIFT (the types GIFT can hold).

Both put each item in a category per chapter and type
(``$course$/top/客户关系管理/04 客户价值/判断题``) and use the item id as its name.

Moodle XML (:func:`to_moodle_xml`), imported with *Question bank → Import → Moodle XML*:

* every item keeps its points as the default mark and its explanation as general feedback;
* true/false → ``truefalse``; single choice → ``multichoice`` (one answer);
* multiple choice → ``multichoice`` with several answers. Stock Moodle gives partial
  credit: each right option earns 100/k %, each wrong option −100 %, so a response with
  any wrong option scores 0 and one that misses a right option scores its share (the rule
  is stated under the question). ``multiple="all_or_nothing"`` writes the kit's own rule
  instead, as ``multichoiceset`` (the *All-or-Nothing Multiple Choice* plug-in);
* numeric → ``numerical`` with the item's tolerance (:func:`bank.numeric_tolerance`);
* matching → ``matching``; choices no slot uses become distractors (answers without a
  question); items with fewer than two slots or three choices are skipped (Moodle's minimum);
* term, short answer → ``essay``: the marking points (each point's label and points, as in the
  paper's key), as grader information; the model answer as general feedback;
* case → ``cases="cloze"`` (default): one ``multianswer`` (Cloze) question with the case
  text, its table and the auto-marked parts (numeric, choice, true/false, matching slots),
  plus one essay per written part, named ``<case id>-<part>``, carrying the case text;
  ``cases="essay"``: one essay for the whole case with every part's key as grader information.

GIFT (:func:`to_gift`): true/false → ``{T}``/``{F}``; single choice → ``{=right ~wrong …}``;
multiple choice → ``{~%50%right ~%-100%wrong …}``; numeric → ``{#answer:tolerance}``;
term and short answer → essay ``{}`` with the model answer as general feedback;
matching with at least 3 slots → ``{=slot -> choice …}``. Skipped, with the reason:
cases and matching items with fewer than 3 slots. GIFT has no points: use Moodle XML to
keep them. Each question is marked ``[html]`` and its texts are HTML-escaped (bank text is plain
text: a ``<script>`` in a bank reaches Moodle as text, as in Moodle XML); GIFT's special characters
``~ = # { } :`` and the backslash are escaped.

>>> xml, skipped = to_moodle_xml(load_bank(), lang="zh")   # doctest: +SKIP
>>> gift, skipped = to_gift(load_bank(), lang="en")       # doctest: +SKIP
"""
from __future__ import annotations

import html
from xml.sax.saxutils import escape as xml_escape

from ..errors import ArgumentError, InputTypeError
from ..i18n import get_language, pick, text
from .bank import TEXT_TYPES, TYPES, Bank, Item, data_table_html, dataset_note, numeric_tolerance
from .marking import format_number, letter
from .paper import marking_points, numeric_key

__all__ = ["gift_escape", "to_gift", "category_path", "to_moodle_xml"]

_SPECIAL = {c: "\\" + c for c in "\\~=#{}:"}
_TYPE_NAMES = {
    "true_false": ("True or false", "判断题"), "single_choice": ("Single choice", "单选题"),
    "multiple_choice": ("Multiple choice", "多选题"), "numeric": ("Calculation", "计算题"), "term": ("Terms", "名词解释"),
    "short_answer": ("Short answer", "简答题"), "matching": ("Fill in the diagram", "填图题"), "case": ("Case analysis", "案例分析题"),
}


def _check(bank, lang, where: str) -> str:
    if not isinstance(bank, Bank):
        raise InputTypeError(text(en="{w}: bank must be a Bank from load_bank(), got {t}.",
                                  zh="{w}：参数 bank 应为 load_bank() 得到的题库，实际为 {t}。", w=where, t=type(bank).__name__))
    lang = lang or get_language()
    if lang not in ("zh", "en"):
        raise ArgumentError(text(en="{w}: lang must be 'zh' or 'en', got {l!r}.", zh="{w}：lang 应为 'zh' 或 'en'，实际为 {l!r}。",
                                 w=where, l=lang))
    return lang


def category_path(item: Item, lang: str) -> str:
    """The Moodle category of an item: ``$course$/top/<course>/<chapter number and title>/<type>``
    (a ``/`` inside a name is doubled, as Moodle requires)."""
    from ..chapters.plan import CHAPTERS

    titles = {c["number"]: c[lang] for c in CHAPTERS}
    chapter = f"{item.chapter} {titles[item.chapter]}" if item.chapter in titles else \
        text(en="Chapter {c}", zh="第 {c} 章", c=item.chapter, lang=lang)
    names = [text(en="Customer Relationship Management", zh="客户关系管理", lang=lang), chapter,
             _TYPE_NAMES[item.type][lang == "zh"]]
    return "$course$/top/" + "/".join(n.replace("/", "//") for n in names)


def _ordered(bank: Bank) -> list[Item]:
    """Items grouped by chapter and type (bank order within a group), so each category is written once."""
    chapters = list(dict.fromkeys(it.chapter for it in bank))
    return sorted(bank, key=lambda it: (chapters.index(it.chapter), TYPES.index(it.type)))


# -- GIFT ------------------------------------------------------------------------------------------

def gift_escape(value: str) -> str:
    """Escape GIFT's special characters ``\\ ~ = # { } :`` and turn line breaks into ``\\n``."""
    out = "".join(_SPECIAL.get(c, c) for c in str(value))
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def _gift_html(value) -> str:
    """Bank text for GIFT's ``[html]`` format: HTML-escaped (so ``<script>`` shows as text in Moodle),
    line breaks as ``<br>``, then GIFT-escaped."""
    return gift_escape(html.escape(str(value), quote=False).replace("\r\n", "\n").replace("\n", "<br>"))


def _gift_question(item: Item, lang: str) -> str | None:
    e, h = gift_escape, _gift_html
    prompt = h(pick(item.prompt, lang))
    feedback = f"####{h(pick(item.explanation, lang))}" if item.explanation else ""
    if item.type == "true_false":
        body = ("T" if item.answer else "F") + feedback
    elif item.type == "single_choice":
        body = " ".join(("=" if i == item.answer else "~") + h(pick(o, lang)) for i, o in enumerate(item.options)) + feedback
    elif item.type == "multiple_choice":
        share = format(100 / len(item.answer), ".5f").rstrip("0").rstrip(".")
        body = " ".join((f"~%{share}%" if i in item.answer else "~%-100%") + h(pick(o, lang))
                        for i, o in enumerate(item.options)) + feedback
    elif item.type == "numeric":
        if item.unit and item.unit_in(lang) not in pick(item.prompt, lang):
            prompt += h(f" ({item.unit_in(lang)})")
        body = f"#{format_number(item.answer)}:{format_number(numeric_tolerance(item))}{feedback}"
    elif item.type in TEXT_TYPES:
        body = "####" + h(pick(item.model_answer, lang))
    elif item.type == "matching" and len(item.slots) >= 3:  # the answers of a matching item are plain text in Moodle
        body = " ".join(f"={h(pick(s, lang))} -> {e(pick(item.choices[a], lang))}"
                        for s, a in zip(item.slots, item.answer)) + feedback
    else:
        return None
    return f"// {item.id}\n::{e(item.id)}::[html]{prompt}{{{body}}}\n"


def to_gift(bank: Bank, *, lang: str | None = None) -> tuple[str, list[tuple[str, str]]]:
    """``(gift_text, skipped)`` where ``skipped`` lists ``(item id, reason)`` for items GIFT cannot hold.
    A ``$CATEGORY:`` line opens each chapter-and-type group."""
    lang = _check(bank, lang, "to_gift")
    chunks, skipped, current = [], [], None
    for item in _ordered(bank):
        q = _gift_question(item, lang)
        if q is None:
            skipped.append((item.id, _skip_reason(item, lang)))
            continue
        category = category_path(item, lang)
        if category != current:
            chunks.append(f"$CATEGORY: {category}\n")
            current = category
        chunks.append(q)
    return "\n".join(chunks), skipped


def _skip_reason(item: Item, lang: str) -> str:
    if item.type == "case":
        return text(en="case: GIFT has no multi-part question; export as Moodle XML (--format moodle) to keep it",
                    zh="案例题：GIFT 不支持多小题题型；请导出为 Moodle XML（--format moodle）", lang=lang)
    return text(en="matching with {n} slot(s) and {c} choices: Moodle needs more pairs",
                zh="填图/配对题只有 {n} 个空位、{c} 个选项：Moodle 要求更多配对", n=len(item.slots), c=len(item.choices), lang=lang)


# -- Moodle XML ------------------------------------------------------------------------------------

def _x(value) -> str:
    return xml_escape(str(value))


def _html_text(value: str) -> str:
    """Plain text as an HTML fragment (escaped, line breaks kept), wrapped for an XML ``<text>`` element."""
    return _x("<p>" + html.escape(value).replace("\n", "<br>") + "</p>")


def _grade(x: float) -> str:
    return format(round(float(x), 7), ".7f")


def _head(qtype: str, name: str, question_html: str, points: float, feedback: str = "") -> list[str]:
    return [f'  <question type="{qtype}">', f"    <name><text>{_x(name)}</text></name>",
            f'    <questiontext format="html"><text>{question_html}</text></questiontext>',
            f'    <generalfeedback format="html"><text>{_html_text(feedback) if feedback else ""}</text></generalfeedback>',
            f"    <defaultgrade>{_grade(points)}</defaultgrade>", "    <penalty>0</penalty>", "    <hidden>0</hidden>",
            f"    <idnumber>{_x(name)}</idnumber>"]


def _answer(fraction: float, value: str, feedback: str = "", fmt: str = "html") -> str:
    body = _html_text(value) if fmt == "html" else _x(value)
    fb = f'<feedback format="html"><text>{_html_text(feedback)}</text></feedback>' if feedback else ""
    return f'    <answer fraction="{format_number(fraction)}" format="{fmt}"><text>{body}</text>{fb}</answer>'


def _keypoint_rubric(item: Item, lang: str, label: str = "") -> str:
    """The marking points of a written item as an HTML list for the grader, as the paper's key states them
    (:func:`paper.marking_points`: each point's label and points, the share for a point named but not explained)."""
    head = html.escape(label) + html.escape(text(en="Marking points ({p}):", zh="评分要点（{p}）：", lang=lang,
                                                 p=text(en="{n} pts", zh="{n} 分", n=format_number(item.points), lang=lang)))
    rows = "".join(f"<li>{html.escape(statement)} ({html.escape(pts)})"
                   + (f" — {html.escape(note)}" if note else "") + "</li>"
                   for statement, pts, note in marking_points(item, lang))
    model = html.escape(text(en="Model answer: {m}", zh="参考答案：{m}", m=pick(item.model_answer, lang), lang=lang))
    return f"<p>{head}</p><ul>{rows}</ul><p>{model}</p>"


def _essay(item: Item, name: str, question_html: str, lang: str, grader: str | None = None) -> list[str]:
    lines = _head("essay", name, question_html, item.points,
                  pick(item.model_answer, lang) if item.model_answer else pick(item.explanation, lang) if item.explanation else "")
    lines += ["    <responseformat>editor</responseformat>", "    <responserequired>1</responserequired>",
              f"    <responsefieldlines>{min(40, max(5, int(3 * item.points)))}</responsefieldlines>",
              "    <attachments>0</attachments>",
              f'    <graderinfo format="html"><text>{_x(grader if grader is not None else _keypoint_rubric(item, lang))}</text></graderinfo>',
              '    <responsetemplate format="html"><text></text></responsetemplate>', "  </question>"]
    return lines


def _mc_rule(item: Item, lang: str) -> str:
    return text(en="(Choose every correct option: each earns {s} of the points; any wrong option scores 0.)",
                zh="（多选题：每选对一项得本题 {s} 的分数，选错任一项本题不得分。）", s=f"1/{len(item.answer)}", lang=lang)


def _choice(item: Item, lang: str, multiple: str) -> list[str]:
    prompt = pick(item.prompt, lang)
    many = item.type == "multiple_choice"
    qtype = "multichoiceset" if many and multiple == "all_or_nothing" else "multichoice"
    if many and multiple == "partial":
        prompt += "\n" + _mc_rule(item, lang)
    lines = _head(qtype, item.id, _html_text(prompt), item.points, pick(item.explanation, lang))
    if qtype == "multichoice":
        lines.append(f"    <single>{'false' if many else 'true'}</single>")
    lines += ["    <shuffleanswers>1</shuffleanswers>", "    <answernumbering>ABCD</answernumbering>"]
    keys = set(item.answer) if many else {item.answer}
    for i, option in enumerate(item.options):
        if qtype == "multichoiceset":
            fraction = 100 if i in keys else 0
        elif many:
            fraction = 100 / len(keys) if i in keys else -100
        else:
            fraction = 100 if i in keys else 0
        lines.append(_answer(fraction, pick(option, lang)))
    return lines + ["  </question>"]


def _moodle_question(item: Item, lang: str, multiple: str, cases: str) -> list[str] | None:
    if item.type == "true_false":
        lines = _head("truefalse", item.id, _html_text(pick(item.prompt, lang)), item.points, pick(item.explanation, lang))
        lines += [_answer(100 if item.answer else 0, "true", fmt="moodle_auto_format"),
                  _answer(0 if item.answer else 100, "false", fmt="moodle_auto_format"), "  </question>"]
        return lines
    if item.type in ("single_choice", "multiple_choice"):
        return _choice(item, lang, multiple)
    if item.type == "numeric":
        prompt = pick(item.prompt, lang)
        if item.unit and item.unit_in(lang) not in prompt:
            prompt += f" ({item.unit_in(lang)})"
        lines = _head("numerical", item.id, _html_text(prompt), item.points, pick(item.explanation, lang))
        lines += [f'    <answer fraction="100" format="moodle_auto_format"><text>{format_number(item.answer)}</text>'
                  f"<tolerance>{format_number(numeric_tolerance(item))}</tolerance></answer>",
                  "    <unitgradingtype>0</unitgradingtype>", "    <unitpenalty>0</unitpenalty>", "    <showunits>3</showunits>",
                  "    <unitsleft>0</unitsleft>", "  </question>"]
        return lines
    if item.type in TEXT_TYPES:
        return _essay(item, item.id, _html_text(pick(item.prompt, lang)), lang)
    if item.type == "matching":
        if len(item.slots) < 2 or len(item.choices) < 3:
            return None
        lines = _head("matching", item.id, _html_text(pick(item.prompt, lang)), item.points, pick(item.explanation, lang))
        lines.append("    <shuffleanswers>1</shuffleanswers>")
        for slot, a in zip(item.slots, item.answer):
            lines.append(f'    <subquestion format="html"><text>{_html_text(pick(slot, lang))}</text>'
                         f"<answer><text>{_x(pick(item.choices[a], lang))}</text></answer></subquestion>")
        for k in sorted(set(range(len(item.choices))) - set(item.answer)):  # distractors
            lines.append(f'    <subquestion format="html"><text></text><answer><text>{_x(pick(item.choices[k], lang))}'
                         "</text></answer></subquestion>")
        return lines + ["  </question>"]
    return _case(item, lang, multiple, cases)


def _case_intro(item: Item, lang: str) -> str:
    parts = ["<p>" + html.escape(pick(item.case, lang)) + "</p>"]
    if item.prompt:
        parts.append("<p>" + html.escape(pick(item.prompt, lang)) + "</p>")
    if item.data and "columns" in item.data:
        parts.append(data_table_html(item.data, lang, attrs='border="1"'))
    elif item.data:
        parts.append("<p>" + html.escape(dataset_note(item.data, lang)) + "</p>")
    return "".join(parts)


def _cloze_escape(value: str) -> str:
    """Text inside a Cloze answer: HTML-escaped, ``}`` and ``#`` escaped with a backslash (Moodle undoes
    only these two), ``~`` (which would start the next answer) written full-width."""
    return html.escape(value, quote=False).replace("}", "\\}").replace("#", "\\#").replace("~", "～")


def _cloze_scale(points: list[float]) -> int:
    """The smallest of 1, 2, 4, 10, 100 that makes every Cloze weight (points × scale) a whole number;
    Moodle's Cloze weights are whole numbers."""
    return next((k for k in (1, 2, 4, 10) if all(abs(p * k - round(p * k)) < 1e-9 for p in points)), 100)


def _cloze_part(part: Item, lang: str, scale: int = 1) -> str | None:
    """One part as a Cloze sub-question (weight = its points × ``scale``), or ``None`` for a written part."""
    w = str(round(part.points * scale))
    if part.type == "numeric":
        unit = f" {html.escape(part.unit_in(lang))}" if part.unit else ""
        return f"{{{w}:NUMERICAL:={format_number(part.answer)}:{format_number(numeric_tolerance(part))}}}{unit}"
    if part.type == "true_false":
        yes, no = text(en="True", zh="对", lang=lang), text(en="False", zh="错", lang=lang)
        return f"{{{w}:MULTICHOICE:{'=' if part.answer else ''}{yes}~{'' if part.answer else '='}{no}}}"
    if part.type == "single_choice":
        opts = "~".join(("=" if i == part.answer else "") + _cloze_escape(pick(o, lang)) for i, o in enumerate(part.options))
        return f"{{{w}:MULTICHOICE:{opts}}}"
    if part.type == "multiple_choice":
        share = format(100 / len(part.answer), ".5f").rstrip("0").rstrip(".")
        opts = "~".join((f"%{share}%" if i in part.answer else "%-100%") + _cloze_escape(pick(o, lang))
                        for i, o in enumerate(part.options))
        return f"{{{w}:MULTIRESPONSE:{opts}}}"
    if part.type == "matching":
        each = str(round(part.points * scale / len(part.slots)))
        choices = [_cloze_escape(pick(c, lang)) for c in part.choices]
        return "<br>".join(f"{html.escape(pick(s, lang))} {{{each}:MULTICHOICE:"
                           + "~".join(("=" if k == a else "") + c for k, c in enumerate(choices)) + "}"
                           for s, a in zip(part.slots, part.answer))
    return None


def _case(item: Item, lang: str, multiple: str, cases: str) -> list[str]:
    intro = _case_intro(item, lang)
    labels = [f"({letter(k).lower()})" for k in range(len(item.parts))]
    if cases == "essay":
        grader = "".join(_part_key(p, lang, lab) for p, lab in zip(item.parts, labels))
        question = intro + "".join(f"<p>{lab} {html.escape(pick(p.prompt, lang))} "
                                   f"({html.escape(text(en='{n} pts', zh='{n} 分', n=format_number(p.points), lang=lang))})</p>"
                                   for p, lab in zip(item.parts, labels))
        return _essay(item, item.id, _x(question), lang, grader=grader)
    weights = [p.points / (len(p.slots) if p.type == "matching" else 1) for p in item.parts]
    scale = _cloze_scale(weights)
    auto = [(p, lab, _cloze_part(p, lang, scale)) for p, lab in zip(item.parts, labels)]
    body = intro
    for part, lab, cloze in auto:
        body += f"<p>{lab} {html.escape(pick(part.prompt, lang))} "
        if cloze is None:
            body += html.escape(text(en="— answer in the written question {i}.", zh="——请在书面作答题 {i} 中回答。",
                                     i=part.id, lang=lang)) + "</p>"
        else:
            body += cloze + "</p>"
    lines: list[str] = []
    auto_points = sum(p.points for p, _, c in auto if c is not None)
    if auto_points:
        lines += _head("cloze", item.id, _x(body), auto_points, pick(item.explanation, lang) if item.explanation else "")
        lines.append("  </question>")
    for part, lab, cloze in auto:
        if cloze is None:
            question = intro + f"<p>{lab} {html.escape(pick(part.prompt, lang))}</p>"
            lines += _essay(part, part.id, _x(question), lang)
    return lines


def _part_key(part: Item, lang: str, label: str) -> str:
    if part.type in TEXT_TYPES:
        return _keypoint_rubric(part, lang, label=label + " ")
    if part.type == "numeric":
        key = numeric_key(part, lang)
    elif part.type == "true_false":
        key = "√" if part.answer else "×"
    elif part.type == "matching":
        key = "; ".join(f"{pick(s, lang)} → {pick(part.choices[a], lang)}" for s, a in zip(part.slots, part.answer))
    else:
        keys = part.answer if part.type == "multiple_choice" else (part.answer,)
        key = ", ".join(f"{letter(i)}. {pick(part.options[i], lang)}" for i in keys)
    pts = text(en="{n} pts", zh="{n} 分", n=format_number(part.points), lang=lang)
    return f"<p>{html.escape(label)} ({html.escape(pts)}) {html.escape(key)}</p>"


def to_moodle_xml(bank: Bank, *, lang: str | None = None, multiple: str = "partial",
                  cases: str = "cloze") -> tuple[str, list[tuple[str, str]]]:
    """``(xml_text, skipped)``: the bank as Moodle XML, a category per chapter and type, points as
    default marks. ``multiple`` is ``"partial"`` (stock Moodle, rule stated) or ``"all_or_nothing"``
    (``multichoiceset`` plug-in); ``cases`` is ``"cloze"`` or ``"essay"`` (see the module notes)."""
    lang = _check(bank, lang, "to_moodle_xml")
    if multiple not in ("partial", "all_or_nothing") or cases not in ("cloze", "essay"):
        raise ArgumentError(text(en="to_moodle_xml: use multiple='partial' or 'all_or_nothing' and cases='cloze' or 'essay' "
                                    "(got {m!r}, {c!r}).",
                                 zh="to_moodle_xml：multiple 应为 'partial' 或 'all_or_nothing'，cases 应为 'cloze' 或 'essay'"
                                    "（实际为 {m!r}、{c!r}）。", m=multiple, c=cases))
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    skipped, current = [], None
    for item in _ordered(bank):
        lines = _moodle_question(item, lang, multiple, cases)
        if lines is None:
            skipped.append((item.id, _skip_reason(item, lang)))
            continue
        category = category_path(item, lang)
        if category != current:
            out += ['  <question type="category">', f"    <category><text>{_x(category)}</text></category>", "  </question>"]
            current = category
        out += lines
    out += ["</quiz>", ""]
    return "\n".join(out), skipped
