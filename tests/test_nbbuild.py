"""The bilingual notebook builder: one source, two notebooks with identical code."""
from __future__ import annotations

from pathlib import Path

import pytest

from crm_study import nbbuild

SOURCE = """=== markdown
--- en
# Title
--- zh
# 标题
=== code
import crm_study as crm
crm.setup(@LANG@)
=== markdown
shared text
"""


def _write(tmp_path: Path, text: str) -> Path:
    src = tmp_path / "book" / "_src" / "01_demo.md"
    src.parent.mkdir(parents=True)
    src.write_text(text, encoding="utf-8")
    return src


def test_source_becomes_two_notebooks_with_the_same_code(tmp_path):
    src = _write(tmp_path, SOURCE)
    en, zh = (nbbuild.render(src, lang) for lang in ("en", "zh"))
    assert [c.cell_type for c in en.cells] == ["markdown", "code", "markdown"]
    assert en.cells[0].source == "# Title" and zh.cells[0].source == "# 标题"
    assert en.cells[1].source.endswith('crm.setup("en")') and zh.cells[1].source.endswith('crm.setup("zh")')
    assert en.cells[2].source == zh.cells[2].source == "shared text"
    assert [c.id for c in en.cells] == ["c000", "c001", "c002"]


@pytest.mark.parametrize("text, match", [
    ("no header\n=== code\nx = 1\n", "must start with"),
    ("=== markdown\n--- en\nonly english\n", "both '--- en' and '--- zh'"),
    ("=== markdown\n--- en\na\n--- zh\nb\n=== code\n--- en\nx = 1\n", r"01_demo.md:6: code cells are shared"),
])
def test_malformed_sources_name_the_file_and_line(tmp_path, text, match):
    src = _write(tmp_path, text)
    with pytest.raises(ValueError, match=match):
        nbbuild.parse_source(src)


def test_out_of_date_detects_missing_and_edited_notebooks(tmp_path):
    src = _write(tmp_path, SOURCE)
    assert len(nbbuild.out_of_date(src)) == 2
    nbbuild.build(src, execute=False)
    assert nbbuild.out_of_date(src) == []
    src.write_text(SOURCE.replace("# 标题", "# 新标题"), encoding="utf-8")
    problems = nbbuild.out_of_date(src)
    assert len(problems) == 1 and "zh" in problems[0] and "crm-study notebooks build" in problems[0]


def test_built_notebooks_run_with_an_empty_progress_folder_and_inline_figures(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_STUDY_HOME", str(tmp_path / "my-real-progress"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    src = _write(tmp_path, "=== code\nimport os\n"
                           "print(os.environ.get('MPLBACKEND') != 'Agg', 'crm-study-build-' in os.environ['CRM_STUDY_HOME'])\n")
    en, _ = nbbuild.build(src)
    import nbformat

    out = nbformat.read(str(en), as_version=4).cells[0].outputs[0]["text"]
    assert out.split() == ["True", "True"]
    import os

    assert os.environ["CRM_STUDY_HOME"].endswith("my-real-progress") and os.environ["MPLBACKEND"] == "Agg"


def test_committed_notebooks_keep_the_widget_text_not_a_reference_to_a_dead_model(tmp_path):
    src = _write(tmp_path, "=== code\nimport ipywidgets as w\nb = w.Button(description='go')\nb\n")
    en, zh = nbbuild.build(src)
    import nbformat

    for path in (en, zh):
        data = nbformat.read(str(path), as_version=4).cells[0].outputs[0]["data"]
        assert list(data) == ["text/plain"] and data["text/plain"].startswith("Button(")
    assert nbbuild.out_of_date(src) == []
    nb = nbformat.read(str(en), as_version=4)
    nb.cells[0].outputs[0]["data"][nbbuild.WIDGET_VIEW] = {"model_id": "0" * 32, "version_major": 2, "version_minor": 0}
    nbformat.write(nb, str(en))
    assert ["widget references" in p for p in nbbuild.out_of_date(src)] == [True]
