"""What a notebook shows is in its language: a Chinese notebook shows no English table header or
index label (beyond the acronyms the course itself uses), an English one no Chinese outside the
deliberate 中文 — English term pairs."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb")) + sorted((ROOT / "quizzes").glob("*/*.ipynb"))

#: Latin words a Chinese table may show: the acronyms and names the course uses as they are.
ALLOWED_IN_ZH = {"CRM", "SCRM", "RFM", "ABC", "CLV", "NPS", "Kano", "SERVQUAL", "IPA", "ACSI", "OLAP", "ETL", "IVR",
                 "ACD", "CTI", "FAQ", "IDIC", "SCOPE", "VIP", "CDNOW", "BG", "NBD", "sBG", "App", "Wi", "Fi", "CDP",
                 "AI", "GDPR", "MAN", "SaaS", "ERP", "KPI", "CEO", "MI", "BI", "VI"}


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
