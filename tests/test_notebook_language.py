"""What a notebook shows is in its language: a Chinese notebook shows no English table header or
index label (beyond the acronyms the course itself uses), no English coded value in a table cell,
and draws no English title, axis label, tick label, legend entry or annotation on a chart; an
English one shows no Chinese header outside the deliberate 中文 — English term pairs.

Chart text is not in the saved PNGs in a readable form, so the chart test runs each Chinese notebook
that draws charts once more, with matplotlib's ``print_figure`` wrapped to record every text a
figure actually draws (titles, labels, ticks, legends, annotations; not the ticks of a hidden axis).
Because the notebook runs against the current package, a label fixed in ``crm_study`` passes the
test before the notebook is rebuilt."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest

from crm_study import nbbuild

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb")) + sorted((ROOT / "quizzes").glob("*/*.ipynb"))

#: Latin words a Chinese table may show: the acronyms and names the course uses as they are.
ALLOWED_IN_ZH = {"CRM", "SCRM", "RFM", "ABC", "CLV", "NPS", "Kano", "SERVQUAL", "IPA", "ACSI", "OLAP", "ETL", "IVR",
                 "ACD", "CTI", "FAQ", "IDIC", "SCOPE", "VIP", "CDNOW", "BG", "NBD", "sBG", "App", "Wi", "Fi", "CDP",
                 "AI", "GDPR", "MAN", "SaaS", "ERP", "KPI", "CEO", "MI", "BI", "VI"}


#: Latin words a Chinese chart may show besides those: the formula symbol AC (acquisition cost) and the
#: English words the letters of 4P / 4C / 4R stand for, which chapter 01's diagram writes under each
#: Chinese term because the letter is the mnemonic.
ALLOWED_IN_ZH_CHARTS = ALLOWED_IN_ZH | {"AC", "Product", "Price", "Place", "Promotion", "Consumer", "wants", "and",
                                        "needs", "Cost", "Convenience", "Communication", "Relevance", "Reaction",
                                        "Relationship", "Reward"}

#: Cells that are not words: booleans, missing values.
_NOT_WORDS = {"True", "False", "NaN", "<NA>", "NaT", "None"}

#: Run first in a notebook under test: every figure rendered to an image appends the texts it draws
#: (one JSON list per figure) to the file named by LOG.
RECORDER = """
import json as _json
from matplotlib.axes import Axes as _Axes
from matplotlib.axis import Axis as _Axis
from matplotlib.backend_bases import FigureCanvasBase as _Canvas
from matplotlib.text import Text as _Text

def _drawn_texts(artist, found):
    if not artist.get_visible():
        return found
    if isinstance(artist, _Text) and artist.get_text().strip():
        found.append(artist.get_text())
    hidden_axis = isinstance(artist, _Axes) and not artist.axison
    for child in artist.get_children():
        if not (hidden_axis and isinstance(child, _Axis)):
            _drawn_texts(child, found)
    return found

_print_figure = _Canvas.print_figure

def _recording_print_figure(self, *args, **kwargs):
    result = _print_figure(self, *args, **kwargs)
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(_json.dumps(_drawn_texts(self.figure, []), ensure_ascii=False) + "\\n")
    return result

_Canvas.print_figure = _recording_print_figure
"""


def _chart_notebooks() -> list[Path]:
    return [p for p in NOTEBOOKS if p.parent.name == "zh" and '"image/png"' in p.read_text(encoding="utf-8")]


def _chart_texts(nb, folder: Path, log: Path) -> list[str]:
    """Every text the figures of ``nb`` (a notebook object) draw when it runs in ``folder``."""
    nb.cells.insert(0, nbformat.v4.new_code_cell(f"LOG = {str(log)!r}\n" + RECORDER))
    nbbuild._execute(nb, folder, timeout=600)
    return [t for line in log.read_text(encoding="utf-8").splitlines() for t in json.loads(line)] if log.exists() else []


def _english_in_chart(text: str) -> list[str]:
    plain = re.sub(r"\\[A-Za-z]+", "", text)  # mathtext such as $\\mathdefault{10^{2}}$ on a log axis
    return [w for w in re.findall(r"[A-Za-z]{2,}", plain) if w not in ALLOWED_IN_ZH_CHARTS]


def _value_cells(nb: Path) -> list[str]:
    """Text of the table cells a notebook shows, except key-terms tables (their 英文 column is deliberate)."""
    cells = []
    for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
        for out in cell.get("outputs", []):
            for table in re.findall(r"<table.*?</table>", "".join(out.get("data", {}).get("text/html", "")), re.S):
                heads = [html.unescape(re.sub(r"<[^>]+>", "", th)).strip()
                         for th in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
                if "英文" not in heads:
                    cells += [html.unescape(re.sub(r"<[^>]+>", "", td)).strip()
                              for td in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]
    return cells


#: Cells that are data rather than codes: item ids, e-mail addresses and domains (also malformed ones
#: in the audit examples), anonymised student ids, a stored JSON list of tags, and names that mix
#: Chinese with Latin letters (上海明前HZ餐饮有限公司).
_DATA_VALUE = re.compile(r"ch\d\d-[a-z]+-\d+(-[a-z])?|.*@.*|[\w.-]+\.(?:com|cn|net|org)|anon-[0-9a-f]+|\[.*\]"
                         r"|.*[\u4e00-\u9fff].*")


def _english_value(cell: str) -> bool:
    if cell in _NOT_WORDS or _DATA_VALUE.fullmatch(cell):
        return False
    return bool(_english_words(cell))


def _header_cells(nb: Path) -> list[str]:
    cells = []
    for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
        for out in cell.get("outputs", []):
            page = out.get("data", {}).get("text/html")
            if page:
                for th in re.findall(r"<th[^>]*>(.*?)</th>", "".join(page), re.S):
                    cells.append(html.unescape(re.sub(r"<[^>]+>", "", th)).strip())
    return cells


def _english_words(cell: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]{2,}", cell) if w not in ALLOWED_IN_ZH]


@pytest.mark.parametrize("nb", [p for p in NOTEBOOKS if p.parent.name == "zh"], ids=lambda p: p.stem)
def test_a_chinese_notebook_shows_no_english_table_header(nb):
    leaks = sorted({c for c in _header_cells(nb) if _english_words(c)})
    assert not leaks, f"{nb.relative_to(ROOT)} shows English headers {leaks}: add them to datasets/labels/display.csv"


@pytest.mark.parametrize("nb", [p for p in NOTEBOOKS if p.parent.name == "en"], ids=lambda p: p.stem)
def test_an_english_notebook_shows_no_chinese_table_header(nb):
    # the key-terms tables pair each term with its Chinese name under the header 中文: that column is deliberate
    leaks = sorted({c for c in _header_cells(nb) if re.search(r"[\u4e00-\u9fff]", c) and c != "中文"})
    assert not leaks, f"{nb.relative_to(ROOT)} shows Chinese headers {leaks}"


def test_the_check_can_fail():
    assert _english_words("value_share") == ["value", "share"] and _english_words("RFM 得分") == []
    assert _english_value("online") and _english_value("returning")
    assert not any(map(_english_value, ["anon-276ae4ecbe", "wangfang.163.com", "上海明前HZ餐饮有限公司", "ch04-tf-001"]))


@pytest.mark.parametrize("nb", _chart_notebooks(), ids=lambda p: p.stem)
def test_a_chinese_notebook_draws_no_english_chart_text(nb, tmp_path):
    texts = _chart_texts(nbformat.read(str(nb), as_version=4), nb.parent, tmp_path / "texts.jsonl")
    assert texts, f"{nb.relative_to(ROOT)} drew no chart when it ran"
    leaks = sorted({t for t in texts if _english_in_chart(t)})
    assert not leaks, (f"{nb.relative_to(ROOT)} draws English chart text {leaks}: give the plotting function a "
                       "Chinese label (text(en=..., zh=...)) or pass data labels through crm_study.display.labels.label")


@pytest.mark.parametrize("nb", [p for p in NOTEBOOKS if p.parent.name == "zh"], ids=lambda p: p.stem)
def test_a_chinese_notebook_shows_coded_table_values_in_chinese(nb):
    leaks = sorted({c for c in _value_cells(nb) if _english_value(c)})
    assert not leaks, (f"{nb.relative_to(ROOT)} shows English values {leaks[:10]} in its tables: add the codes "
                       "to datasets/labels/display.csv (a column is shown in Chinese when all its values are listed)")


def test_the_chart_check_can_fail(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import crm_study as crm\n"
        "crm.setup('zh')\n"
        "plt = crm.plotting.pyplot()\n"
        "fig, (ax, hidden) = plt.subplots(1, 2)\n"
        "ax.set_title('客户数'); ax.set_xlabel('customers'); ax.plot([1, 2], label='线上'); ax.legend()\n"
        "hidden.set_xticks([0], ['not drawn']); hidden.set_axis_off()\n"
        "plt.show()")])
    texts = _chart_texts(nb, tmp_path, tmp_path / "texts.jsonl")
    assert {"客户数", "customers", "线上"} <= set(texts) and "not drawn" not in texts
    assert [t for t in texts if _english_in_chart(t)] == ["customers"]
    assert _english_in_chart("$\\mathdefault{10^{2}}$") == [] and _english_in_chart("CLV − AC") == []
    assert _english_value("online") and not _english_value("线上") and not _english_value("ch04-case-001")
