"""The printable revision booklet: every chapter's exam essentials, the glossary and the past papers.

``crm-study booklet --lang zh --out DIR`` writes ``DIR/crm_booklet_zh.html`` (one self-contained
file: A4 print stylesheet, table of contents, each chapter on a new page, page numbers where the
browser supports ``@page`` margin boxes, a CJK font stack for Windows, macOS and Linux, readable on
a phone) and ``DIR/crm_booklet_zh.md``. When a headless Chromium or Chrome is found (on ``PATH``, or
named by ``$CRM_STUDY_CHROME``) it also prints ``DIR/crm_booklet_zh.pdf``; without one, open the
HTML and use the browser's *Print → Save as PDF*.

>>> write_booklet("booklet", lang="en")       # doctest: +SKIP
[PosixPath('booklet/crm_booklet_en.html'), PosixPath('booklet/crm_booklet_en.md')]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path

from ..errors import ArgumentError
from ..i18n import text
from .exam_points import _title, essentials_blocks, revision_chapters
from .layout import to_html, to_markdown
from .past_paper_page import past_papers_blocks

__all__ = ["booklet_blocks", "booklet_html", "booklet_markdown", "find_chrome", "write_booklet", "register"]

_CSS = """
:root { --ink:#1d1d1f; --muted:#555; --rule:#c9c9c9; --accent:#8a1c1c; }
html { font-family: "Noto Serif CJK SC","Source Han Serif SC","Songti SC","SimSun","Noto Sans CJK SC",
  "Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei",Georgia,serif;
  color: var(--ink); line-height: 1.6; font-size: 11pt; }
body { max-width: 46em; margin: 0 auto; padding: 1em; }
h1, h2, h3, h4 { font-family: "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB",
  "Microsoft YaHei","WenQuanYi Micro Hei","Helvetica Neue",Arial,sans-serif; line-height: 1.3; }
h1 { font-size: 1.8em; } h2 { font-size: 1.4em; color: var(--accent); border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.15em; margin-top: 1.2em; } h4 { font-size: 1em; margin: 0.8em 0 0.2em; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; font-size: 0.92em; }
th, td { border: 1px solid var(--rule); padding: 0.25em 0.45em; vertical-align: top; text-align: left; }
th { background: #f1f1f1; }
td.short { white-space: nowrap; }
a { color: var(--accent); text-decoration: none; }
nav ol { columns: 2; } .cover { text-align: center; margin: 4em 0 2em; } .cover p { color: var(--muted); }
@media (max-width: 600px) { html { font-size: 15px; } body { padding: 0.5em; } nav ol { columns: 1; }
  table { display: block; overflow-x: auto; } }
@page { size: A4; margin: 18mm 16mm 20mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #666; } }
@media print { body { max-width: none; padding: 0; } .page-break { break-before: page; }
  h2, h3, h4 { break-after: avoid; } tr, li { break-inside: avoid; } a { color: inherit; } }
"""


def _glossary_blocks(lang: str) -> list:
    from ..data.glossary import terms

    blocks = [("h", 1, text(en="Glossary", zh="术语表", lang=lang), "glossary")]
    df = terms()
    for ch in revision_chapters():
        part = df[df["chapter"] == ch]
        if part.empty:
            continue
        blocks.append(("h", 3, text(en="Chapter {c} · {t}", zh="第 {c} 章 · {t}", c=ch, t=_title(ch, lang), lang=lang),
                       None))
        cols = ["zh", "en"] if lang == "zh" else ["en", "zh"]
        blocks.append(("table", ["中文", "English"] if lang == "zh" else ["English", "中文"],
                       part[cols].to_numpy().tolist()))
    return blocks


def booklet_blocks(lang: str) -> list:
    """The booklet as layout blocks: cover, contents, chapters 01–12, glossary, past papers."""
    chapters = revision_chapters()
    title = text(en="CRM revision booklet", zh="客户关系管理 考点速记手册", lang=lang)
    toc = [f"[{text(en='Chapter {c} · {t}', zh='第 {c} 章 · {t}', c=c, t=_title(c, lang), lang=lang)}](#ch{c})"
           for c in chapters]
    toc += [f"[{text(en='Glossary', zh='术语表', lang=lang)}](#glossary)",
            f"[{text(en='Past papers', zh='往年真题', lang=lang)}](#past-papers)"]
    blocks: list = [("h", 1, title, "top"),
                    ("p", text(en="Definitions, short-answer skeletons, true/false traps and fill-in figures of every "
                                  "chapter, the glossary and the past papers, built from the kit's question banks.",
                               zh="各章的名词解释、简答要点、易错判断与必背图表，以及术语表和往年真题，全部取自本学习包的题库。",
                               lang=lang)),
                    ("h", 2, text(en="Contents", zh="目录", lang=lang), "contents"), ("ol", toc)]
    for c in chapters:
        blocks.append(("page",))
        blocks += essentials_blocks(c, lang, level=2, with_title=True)
    blocks.append(("page",))
    blocks += _glossary_blocks(lang)
    blocks.append(("page",))
    blocks.append(("h", 1, text(en="Past papers", zh="往年真题", lang=lang), "past-papers"))
    blocks += past_papers_blocks(lang, level=2)
    return blocks


def booklet_markdown(lang: str) -> str:
    """The booklet as one Markdown file."""
    return to_markdown(booklet_blocks(lang))


def booklet_html(lang: str) -> str:
    """The booklet as one self-contained HTML page (no external files or fonts)."""
    title = text(en="CRM revision booklet", zh="客户关系管理 考点速记手册", lang=lang)
    html_lang = "zh-Hans" if lang == "zh" else "en"
    body = to_html(booklet_blocks(lang))
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
            f"<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def find_chrome() -> str | None:
    """A headless-capable Chromium/Chrome: ``$CRM_STUDY_CHROME`` or the first of the usual names on ``PATH``."""
    env = os.environ.get("CRM_STUDY_CHROME")
    if env:
        return env if Path(env).exists() else shutil.which(env)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _print_pdf(chrome: str, html_path: Path, pdf_path: Path) -> bool:
    cmd = [chrome, "--headless", "--disable-gpu", "--no-sandbox", "--no-pdf-header-footer",
           f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()]
    try:
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    except (OSError, subprocess.SubprocessError):
        return False
    return pdf_path.is_file() and pdf_path.stat().st_size > 0


def write_booklet(out, lang: str = "zh", *, pdf: bool = True) -> list[Path]:
    """Write the booklet's HTML and Markdown into folder ``out`` (and a PDF when a Chromium/Chrome is found)."""
    if lang not in ("zh", "en"):
        raise ArgumentError(text(en="write_booklet: lang must be 'zh' or 'en', got {v!r}.",
                                 zh="write_booklet：lang 应为 'zh' 或 'en'，实际为 {v!r}。", v=lang))
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    html_path = folder / f"crm_booklet_{lang}.html"
    md_path = folder / f"crm_booklet_{lang}.md"
    html_path.write_text(booklet_html(lang), encoding="utf-8", newline="\n")
    md_path.write_text(booklet_markdown(lang), encoding="utf-8", newline="\n")
    written = [html_path, md_path]
    chrome = find_chrome() if pdf else None
    if chrome and _print_pdf(chrome, html_path, folder / f"crm_booklet_{lang}.pdf"):
        written.append(folder / f"crm_booklet_{lang}.pdf")
    return written


def _booklet(args) -> int:
    written = write_booklet(args.out, lang=args.lang, pdf=not args.no_pdf)
    for path in written:
        print(text(en="wrote {p}", zh="已写入 {p}", p=path, lang=args.lang))
    if not args.no_pdf and not any(p.suffix == ".pdf" for p in written):
        print(text(en="no PDF: no Chromium/Chrome found (set CRM_STUDY_CHROME); open the HTML and print it to PDF.",
                   zh="未生成 PDF：没有找到 Chromium/Chrome（可设置 CRM_STUDY_CHROME）；请用浏览器打开 HTML 后打印为 PDF。",
                   lang=args.lang))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``booklet`` to the ``crm-study`` parser."""
    p = subparsers.add_parser("booklet", help="write the printable revision booklet (HTML, Markdown, PDF if Chrome)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the booklet; default zh")
    p.add_argument("--out", default="booklet", help="output folder; default booklet/")
    p.add_argument("--no-pdf", action="store_true", help="do not try to print a PDF")
    p.set_defaults(func=_booklet)
