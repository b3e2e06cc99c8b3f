"""A tiny document model shared by the notebook views, the booklet and the past-papers page.

A document is a list of blocks, each a tuple: ``("h", level, text, anchor)``, ``("p", text)``,
``("ol", [texts])``, ``("ul", [texts])``, ``("table", header, rows)`` or ``("page",)`` (a page
break in print). Inline text may hold ``**bold**`` and links ``[label](#anchor)``. The same
blocks render to Markdown (:func:`to_markdown`) and HTML (:func:`to_html`), so a notebook and
the printed booklet show exactly the same words.

>>> to_markdown([("h", 2, "考点速记", "ess-04"), ("ol", ["一", "二"])])
'<a id="ess-04"></a>\\n\\n## 考点速记\\n\\n1. 一\\n2. 二\\n'
"""
from __future__ import annotations

import html
import re

__all__ = ["to_markdown", "to_html", "relink"]

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])+)\]\(([^)\s]+)\)")


def relink(blocks: list, base: str) -> list:
    """The blocks with every ``(#anchor)`` link pointing into the page ``base`` (e.g. ``P1_past_papers.ipynb``)."""
    if not base:
        return list(blocks)

    def fix(s: str) -> str:
        return _LINK.sub(lambda m: f"[{m.group(1)}]({base}{m.group(2)})" if m.group(2).startswith("#") else m.group(0), s)

    out = []
    for b in blocks:
        if b[0] == "p":
            out.append(("p", fix(b[1])))
        elif b[0] in ("ol", "ul"):
            out.append((b[0], [fix(t) for t in b[1]]))
        elif b[0] == "table":
            out.append(("table", b[1], [[fix(str(c)) for c in row] for row in b[2]]))
        else:
            out.append(b)
    return out


def _md_cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks: list) -> str:
    """Markdown for a notebook cell or a ``.md`` file (anchors as ``<a id>`` tags)."""
    parts = []
    for b in blocks:
        kind = b[0]
        if kind == "h":
            anchor = f'<a id="{b[3]}"></a>\n\n' if b[3] else ""
            parts.append(f"{anchor}{'#' * b[1]} {b[2]}\n")
        elif kind == "p":
            parts.append(f"{b[1]}\n")
        elif kind == "ol":
            parts.append("".join(f"{i}. {t}\n" for i, t in enumerate(b[1], 1)))
        elif kind == "ul":
            parts.append("".join(f"- {t}\n" for t in b[1]))
        elif kind == "table":
            head, rows = b[1], b[2]
            lines = ["| " + " | ".join(map(_md_cell, head)) + " |", "|" + " --- |" * len(head)]
            lines += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in rows]
            parts.append("\n".join(lines) + "\n")
        elif kind == "page":
            parts.append("---\n")
    return "\n".join(parts)


def _inline(value) -> str:
    s = html.escape(str(value), quote=False)
    s = _BOLD.sub(r"<strong>\1</strong>", s)
    return _LINK.sub(lambda m: f'<a href="{html.escape(m.group(2))}">{m.group(1)}</a>', s)


def _td(value) -> str:
    short = ' class="short"' if len(str(value)) <= 8 else ""       # keys such as "√ 对" never wrap
    return f"<td{short}>{_inline(value)}</td>"


def to_html(blocks: list) -> str:
    """HTML body fragments; headings carry their anchor as ``id``, a page break is a ``<div class=page>``."""
    parts = []
    for b in blocks:
        kind = b[0]
        if kind == "h":
            ident = f' id="{html.escape(b[3])}"' if b[3] else ""
            parts.append(f"<h{b[1]}{ident}>{_inline(b[2])}</h{b[1]}>")
        elif kind == "p":
            parts.append(f"<p>{_inline(b[1])}</p>")
        elif kind in ("ol", "ul"):
            items = "".join(f"<li>{_inline(t)}</li>" for t in b[1])
            parts.append(f"<{kind}>{items}</{kind}>")
        elif kind == "table":
            head = "".join(f"<th>{_inline(h)}</th>" for h in b[1])
            rows = "".join("<tr>" + "".join(_td(c) for c in row) + "</tr>" for row in b[2])
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif kind == "page":
            parts.append('<div class="page-break"></div>')
    return "\n".join(parts)
