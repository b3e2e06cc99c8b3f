"""The project's promises about itself: one set of dependencies, the README's
commands, CI running exactly the test command, documented data, notebooks in
sync with their sources, and a cheap ``import crm_study``."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from crm_study import datasets, nbbuild

ROOT = Path(__file__).resolve().parents[1]
_NAME = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _norm(req: str) -> tuple[str, str]:
    name, spec = _NAME.match(req).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def _conda_requirements() -> set[tuple[str, str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    out = set()
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        out |= {_norm(d) for d in items if not d.startswith("-e")}
    return {d for d in out if d[0] not in {"python", "pip"}}


def test_environment_yml_and_pyproject_declare_the_same_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert {_norm(d) for d in project["dependencies"]} == _conda_requirements()


def test_test_only_extra_stays_out_of_what_lab_needs():
    """Playwright (the browser test) is the `test` extra that `kit.py test` installs: not a core
    dependency, not in environment.yml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extra = {_norm(d)[0] for d in project["optional-dependencies"]["test"]}
    assert "playwright" in extra
    assert not extra & {n for n, _ in _conda_requirements()}
    assert not extra & {_norm(d)[0] for d in project["dependencies"]}


def test_core_dependencies_are_declared():
    names = {n for n, _ in _conda_requirements()}
    assert {"jupyterlab", "pandas", "matplotlib", "ipywidgets", "nbval", "pytest"} <= names


def _quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", section, re.S).group(1)
    return [ln.split("#")[0].strip() for ln in block.splitlines() if ln.strip() and not ln.startswith("#")]


def test_readme_quick_start_shows_two_commands_and_ci_runs_the_second():
    commands = _quick_start_commands()
    assert commands == ["python3 kit.py lab", "python3 kit.py test"]
    ci = [ln.strip() for ln in (ROOT / ".ci" / "run").read_text().splitlines()
          if ln.strip() and not ln.lstrip().startswith("#")]
    assert any(ln.endswith(commands[1]) for ln in ci), ci


def test_readme_shows_the_conda_route():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "conda env create -f environment.yml" in text


def test_datasets_readme_is_written_from_the_sidecars():
    assert (ROOT / "datasets" / "README.md").read_text(encoding="utf-8") == datasets.readme_text(), \
        "datasets/README.md is stale: run `crm-study data readme`"


def test_every_notebook_is_built_from_a_source_that_it_matches():
    problems = [p for src in nbbuild.sources(ROOT) for p in nbbuild.out_of_date(src)]
    assert problems == []
    built = {ROOT / sub / lang / (src.stem + ".ipynb")
             for src in nbbuild.sources(ROOT) for sub in ("notebooks", "quizzes")
             for lang in ("en", "zh") if src.parent.parent.name == sub}
    found = {p for sub in ("notebooks", "quizzes") for p in (ROOT / sub).rglob("*.ipynb")
             if ".ipynb_checkpoints" not in p.parts}
    assert found - built == set(), "notebooks without a bilingual source in _src/"


def test_static_notebook_check_reports_no_problems():
    tool = ROOT.parent / "shared" / "tools" / "nbcheck.py"
    if not tool.exists():
        pytest.skip("../shared/tools/nbcheck.py is not beside this checkout")
    out = subprocess.run([sys.executable, str(tool), str(ROOT)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


def test_import_crm_study_loads_no_plotting_widget_or_model_library():
    code = ("import sys, crm_study; crm_study.set_language('en'); import crm_study.data.datasets; "
            "heavy = [m for m in ('matplotlib', 'ipywidgets', 'scipy', 'IPython') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_importing_any_module_of_the_kit_loads_no_plotting_widget_or_model_library():
    """Every module imports matplotlib, ipywidgets and scipy inside the function that needs them.

    One interpreter imports the modules one by one and names the first that pulls a heavy library in
    (this used to be a separate test in each chapter's test file)."""
    code = ("import importlib, pkgutil, sys, crm_study\n"
            "for m in sorted(i.name for i in pkgutil.walk_packages(crm_study.__path__, 'crm_study.')):\n"
            "    importlib.import_module(m)\n"
            "    heavy = [h for h in ('matplotlib', 'ipywidgets', 'scipy') if h in sys.modules]\n"
            "    if heavy:\n"
            "        print(m, heavy)\n"
            "        break\n"
            "else:\n"
            "    print('light', len(sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("light"), out.stdout


def _package_modules() -> dict[str, set[str]]:
    """Folder of the package (``crm_study/``, ``crm_study/quiz/`` …) → the module names in it."""
    package = ROOT / "crm_study"
    folders: dict[str, set[str]] = {}
    for path in package.rglob("*.py"):
        if "__pycache__" in path.parts or path.name == "__init__.py":
            continue
        folders.setdefault(path.parent.relative_to(ROOT).as_posix() + "/", set()).add(path.stem)
    return folders


def test_no_two_modules_share_a_name_and_few_sit_at_the_top():
    names = [name for modules in _package_modules().values() for name in modules]
    assert len(names) == len(set(names)), sorted(n for n in set(names) if names.count(n) > 1)
    assert len(_package_modules()["crm_study/"]) <= 14


def test_contributing_layout_table_matches_the_package_tree():
    """Each `crm_study/...` row of CONTRIBUTING's layout table names exactly the modules in that folder."""
    table = {}
    for line in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"`crm_study/[\w/]*`", cells[0]):
            table[cells[0].strip("`")] = set(re.findall(r"`(\w+)`", cells[1]))
    assert table == _package_modules()


def test_ci_script_is_executable_bash():
    run = ROOT / ".ci" / "run"
    assert run.read_text().startswith("#!/usr/bin/env bash")
