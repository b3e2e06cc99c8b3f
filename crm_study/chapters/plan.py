"""The chapter plan of the kit and a table of contents that links what exists.

>>> [c["number"] for c in CHAPTERS][:3]
['00', '01', '02']
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..i18n import get_language, text
from ..resources import folder

__all__ = ["CHAPTERS", "chapters", "table_of_contents"]

#: Number, notebook slug and title of every chapter, in course order.
CHAPTERS = [
    {"number": "00", "slug": "00_start_here", "zh": "从这里开始", "en": "Start here"},
    {"number": "01", "slug": "01_crm_overview", "zh": "客户关系管理概述", "en": "CRM overview"},
    {"number": "02", "slug": "02_foundations", "zh": "理论基础", "en": "Theoretical foundations"},
    {"number": "03", "slug": "03_customers_relationships", "zh": "客户与客户关系", "en": "Customers and relationships"},
    {"number": "04", "slug": "04_customer_value", "zh": "客户价值", "en": "Customer value"},
    {"number": "05", "slug": "05_identification", "zh": "客户识别、选择与开发",
     "en": "Identification, selection and development"},
    {"number": "06", "slug": "06_grading", "zh": "客户分级管理", "en": "Segmentation and grading"},
    {"number": "07", "slug": "07_interaction", "zh": "客户互动与客户体验", "en": "Interaction and experience"},
    {"number": "08", "slug": "08_satisfaction", "zh": "客户满意", "en": "Customer satisfaction"},
    {"number": "09", "slug": "09_loyalty", "zh": "客户忠诚", "en": "Customer loyalty"},
    {"number": "10", "slug": "10_churn", "zh": "客户流失与挽回", "en": "Churn and win-back"},
    {"number": "11", "slug": "11_crm_systems", "zh": "CRM 系统与实施", "en": "CRM systems and implementation"},
    {"number": "12", "slug": "12_cases", "zh": "案例分析与综合练习", "en": "Cases and exam practice"},
    {"number": "13", "slug": "13_digital_crm", "zh": "数字化时代的客户关系管理", "en": "CRM today"},
    {"number": "P1", "slug": "P1_past_papers", "zh": "往年真题", "en": "Past papers"},
    {"number": "A1", "slug": "A1_btyd_appendix", "zh": "附录 A：从 CLV 公式到 BG/NBD 模型",
     "en": "Appendix A: from the CLV formula to BG/NBD"},
    {"number": "B1", "slug": "B1_own_data", "zh": "指南 B：使用自己的数据", "en": "Guide B: use your own data"},
    {"number": "B2", "slug": "B2_own_questions", "zh": "指南 B2：编写自己的题目", "en": "Guide B2: your own questions"},
]


def _notebooks_dir() -> Path:
    return folder("notebooks")


def chapters(lang: str | None = None) -> pd.DataFrame:
    """One row per chapter: title in the active (or given) language, notebook file, and whether it exists."""
    lang = lang or get_language()
    folder = _notebooks_dir() / lang
    rows = [{"number": c["number"], "title": c[lang], "notebook": f"{c['slug']}.ipynb",
             "available": (folder / f"{c['slug']}.ipynb").exists()} for c in CHAPTERS]
    return pd.DataFrame(rows).set_index("number")


def table_of_contents(lang: str | None = None):
    """A Markdown list of the chapters, linked where the notebook exists (for the start page)."""
    from IPython.display import Markdown

    lang = lang or get_language()
    soon = text(en="coming", zh="即将推出", lang=lang)
    lines = []
    for number, row in chapters(lang).iterrows():
        if number == "00":
            continue
        title = f"[{row['title']}]({row['notebook']})" if row["available"] else f"{row['title']} ({soon})"
        lines.append(f"- **{number}** {title}")
    return Markdown("\n".join(lines))
