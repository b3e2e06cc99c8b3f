"""Build the en/ and zh/ notebooks of a chapter from one bilingual source.

A source ``<dir>/_src/<name>.md`` is a list of cells, each opened by a line
``=== markdown`` or ``=== code``. A markdown cell holds ``--- en`` and
``--- zh`` parts (or one text shared by both); a code cell is shared verbatim,
with ``@LANG@`` replaced by ``"en"`` or ``"zh"``. The notebooks are written to
``<dir>/en/<name>.ipynb`` and ``<dir>/zh/<name>.ipynb`` and executed in a fresh
kernel, so the committed outputs are exactly what nbval will compare and the two
languages can never drift apart in their code.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

__all__ = ["parse_source", "render", "build", "out_of_date", "sources"]

_CELL = re.compile(r"^=== (markdown|code)\s*$", re.M)
_PART = re.compile(r"^--- (en|zh)\s*$", re.M)
LANGS = ("en", "zh")


def sources(root: Path) -> list[Path]:
    """Every notebook source under ``notebooks/_src`` and ``quizzes/_src``."""
    return sorted(p for sub in ("notebooks", "quizzes") for p in (root / sub / "_src").glob("*.md"))


def parse_source(path: Path) -> list[tuple[str, dict]]:
    """Cells as ``(kind, {"en": text, "zh": text})``; raises ``ValueError`` naming the line."""
    raw = path.read_text(encoding="utf-8")
    marks = list(_CELL.finditer(raw))
    if not marks or raw[: marks[0].start()].strip():
        raise ValueError(f"{path}: a notebook source must start with '=== markdown' or '=== code'")
    cells = []
    for i, m in enumerate(marks):
        body = raw[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(raw)].strip("\n")
        line = raw.count("\n", 0, m.start()) + 1
        if m.group(1) == "code":
            if _PART.search(body):
                raise ValueError(f"{path}:{line}: code cells are shared by both languages; "
                                 "put language-specific text in a markdown cell")
            cells.append(("code", {lang: body.replace("@LANG@", f'"{lang}"') for lang in LANGS}))
            continue
        parts = list(_PART.finditer(body))
        if not parts:
            cells.append(("markdown", {lang: body for lang in LANGS}))
            continue
        found = {}
        for j, p in enumerate(parts):
            found[p.group(1)] = body[p.end(): parts[j + 1].start() if j + 1 < len(parts) else len(body)].strip("\n")
        if set(found) != set(LANGS) or body[: parts[0].start()].strip():
            raise ValueError(f"{path}:{line}: a markdown cell needs both '--- en' and '--- zh' parts")
        cells.append(("markdown", found))
    return cells


def render(path: Path, lang: str):
    """The unexecuted notebook of ``path`` in ``lang``."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for kind, text in parse_source(path):
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(make(text[lang]))
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i:03d}"
    return nb


def _execute(nb, cwd: Path, timeout: int) -> None:
    """Run ``nb`` in a fresh kernel set up as the test command sets it up: an empty
    progress folder and matplotlib's inline backend."""
    from nbclient import NotebookClient

    saved = {k: os.environ.get(k) for k in ("CRM_STUDY_HOME", "MPLBACKEND")}
    with tempfile.TemporaryDirectory(prefix="crm-study-build-") as home:
        os.environ["CRM_STUDY_HOME"] = home
        os.environ.pop("MPLBACKEND", None)
        try:
            NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                           store_widget_state=False, resources={"metadata": {"path": str(cwd)}}).execute()
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _static_widgets(nb) -> None:
    """Keep each widget's readable text, not its reference to a live model.

    A committed widget output points at a model that only the kernel which built the notebook
    had; JupyterLab shows "Error displaying widget: model not found" for it until the cell is
    run again. Without the reference the kit's own text shows instead ("Quiz: 10 questions …
    run the cell"), and running the cell draws the widget as usual. nbval does not compare the
    widget reference, so the saved outputs still validate.
    """
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)


def _target(path: Path, lang: str) -> Path:
    return path.parent.parent / lang / (path.stem + ".ipynb")


def build(path: Path, *, execute: bool = True, timeout: int = 600) -> list[Path]:
    """Write (and execute) both language versions of source ``path``."""
    import nbformat

    written = []
    for lang in LANGS:
        out = _target(path, lang)
        out.parent.mkdir(parents=True, exist_ok=True)
        nb = render(path, lang)
        if execute:
            _execute(nb, out.parent, timeout)
        _static_widgets(nb)
        nbformat.write(nb, str(out))
        written.append(out)
    return written


def out_of_date(path: Path) -> list[str]:
    """Differences between a source and its committed notebooks (cell kinds and text), and
    committed widget references a fresh JupyterLab cannot draw."""
    import nbformat

    problems = []
    for lang in LANGS:
        out = _target(path, lang)
        if not out.exists():
            problems.append(f"{out}: missing; run `crm-study notebooks build {path}`")
            continue
        want = [(c.cell_type, c.source) for c in render(path, lang).cells]
        committed = nbformat.read(str(out), as_version=4)
        have = [(c.cell_type, c.source) for c in committed.cells]
        if want != have:
            problems.append(f"{out}: differs from {path}; run `crm-study notebooks build {path}`")
        elif any(WIDGET_VIEW in o.get("data", {}) for c in committed.cells for o in c.get("outputs", [])):
            problems.append(f"{out}: holds widget references that show 'Error displaying widget' before "
                            f"the cell is run; run `crm-study notebooks build {path}`")
    return problems
