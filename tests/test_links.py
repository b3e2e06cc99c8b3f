"""Every relative link in every notebook (Markdown cells and Markdown/HTML outputs) and every Markdown
file leads to a file inside the repository, the folder `kit.py lab` serves. Links in `_src/` sources
are checked in the notebooks built from them, where they are resolved."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[1]
_SKIP_DIRS = {".venv", ".git", "build", "_src", ".ipynb_checkpoints", "node_modules"}
_MD_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_LINK = re.compile(r"""<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_CODE = re.compile(r"`[^`\n]*`")


def _files(suffix: str) -> list[Path]:
    return sorted(p for p in ROOT.rglob(f"*{suffix}")
                  if not _SKIP_DIRS & set(p.relative_to(ROOT).parts[:-1]) and not p.name.startswith("."))


def links(markdown: str = "", html: str = "") -> list[str]:
    """The link targets written in Markdown text (code blocks and code spans left out) and in HTML."""
    prose = _CODE.sub("", _FENCE.sub("", markdown))
    return _MD_LINK.findall(prose) + _HTML_LINK.findall(prose) + _HTML_LINK.findall(html)


def _joined(text) -> str:
    return "".join(text) if isinstance(text, list) else text


def _texts(path: Path) -> list[tuple[str, str, str]]:
    """(where, markdown, html) for each piece of a notebook or Markdown file that can hold links."""
    if path.suffix == ".md":
        return [("", path.read_text(encoding="utf-8"), "")]
    out = []
    for k, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"], start=1):
        if cell["cell_type"] == "markdown":
            out.append((f"cell {k}", _joined(cell["source"]), ""))
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            out.append((f"cell {k} output", _joined(data.get("text/markdown", "")), _joined(data.get("text/html", ""))))
    return out


def broken_links(path: Path, root: Path = ROOT) -> list[str]:
    """Relative links of ``path`` whose target does not exist or lies outside ``root``."""
    problems = []
    for where, markdown, html in _texts(path):
        for target in links(markdown, html):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "//")):
                continue  # web addresses, mailto:, data:, anchors in the same page
            rel = unquote(target.split("#", 1)[0].split("?", 1)[0])
            resolved = (path.parent / rel).resolve()
            if not resolved.exists():
                problems.append(f"{path.relative_to(root)} {where}: {target} (no such file)")
            elif not resolved.is_relative_to(root):
                problems.append(f"{path.relative_to(root)} {where}: {target} (outside the served folder)")
    return problems


def test_there_are_notebooks_and_markdown_files_with_links_to_check():
    notebooks, pages = _files(".ipynb"), _files(".md")
    assert len(notebooks) >= 30 and ROOT / "README.md" in pages
    start = ROOT / "notebooks" / "zh" / "00_start_here.ipynb"
    found = [t for _, md, h in _texts(start) for t in links(md, h)]
    assert "../en/00_start_here.ipynb" in found and "04_customer_value.ipynb" in found  # a cell and an output
    assert "../../quizzes/zh/review.ipynb" in found


@pytest.mark.parametrize("suffix", [".ipynb", ".md"])
def test_every_relative_link_leads_to_a_file_in_the_repository(suffix):
    problems = [p for path in _files(suffix) for p in broken_links(path)]
    assert problems == []


def test_the_link_check_finds_missing_targets_and_ignores_code_and_web_links(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    (root / "there.md").write_text("x", encoding="utf-8")
    (tmp_path / "outside.md").write_text("x", encoding="utf-8")
    page = root / "page.md"
    page.write_text("[ok](there.md#part) [gone](nothere.ipynb) `[code](no.md)` [web](https://example.org)\n"
                    "```\n[fenced](no2.md)\n```\n<a href='missing.html'>a</a> [up](../outside.md) [self](#top)\n",
                    encoding="utf-8")
    assert broken_links(page, root=root) == ["page.md : nothere.ipynb (no such file)",
                                             "page.md : ../outside.md (outside the served folder)",
                                             "page.md : missing.html (no such file)"]
