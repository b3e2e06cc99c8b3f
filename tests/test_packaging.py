"""A real package: a wheel built from the repository, installed (not editable) into a fresh
folder and run from outside the repository, finds every dataset, bank, blueprint and notebook
it carries, and runs a chapter notebook.

The install reuses the kit's own dependencies (``pip install --no-deps --target``, run with
this interpreter and ``PYTHONPATH``), so the test costs one wheel build, not a second
environment."""
import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from crm_study import resources
from crm_study.errors import DataError

ROOT = Path(__file__).resolve().parents[1]
_SOURCES = ["crm_study", "datasets", "quizzes", "notebooks", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md"]

_PROBE = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    import nbformat
    from nbclient import NotebookClient
    import crm_study as crm
    from crm_study import resources
    from crm_study.classroom import copy_notebooks
    from crm_study.quiz.bank import check_banks, load_bank
    from crm_study.quiz.paper import load_blueprint

    names = crm.datasets.list_datasets().index.tolist()
    rows = {n: len(crm.datasets.load(n)) for n in names}
    n_items, problems = check_banks()
    written, _ = copy_notebooks(Path("home") / "crm-study", lang="en")
    nb_path = Path("home") / "crm-study" / "notebooks" / "en" / sys.argv[1]
    nb = nbformat.read(nb_path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(nb_path.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    print(json.dumps({
        "file": crm.__file__, "in_checkout": resources.in_checkout(), "root": str(resources.repo_root()),
        "datasets": rows, "items": n_items, "problems": problems, "banks": len(load_bank()),
        "glossary": len(crm.glossary.terms()), "blueprint": sorted(load_blueprint()),
        "copied": len(written), "notebook_errors": len(errors),
    }))
""")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel, built from a clean copy of the repository's sources (no stale build/ folder)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    skip = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.egg-info")
    for name in _SOURCES:
        path = ROOT / name
        (shutil.copytree(path, src / name, ignore=skip) if path.is_dir() else shutil.copy2(path, src / name))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--disable-pip-version-check",
                    "-w", str(tmp / "dist"), str(src)], check=True, capture_output=True)
    (built,) = (tmp / "dist").glob("crm_study-*.whl")
    return built


def test_the_wheel_carries_the_kits_folders_and_not_the_notebook_sources(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    bundled = "crm_study/_bundled/"
    for rel in ("datasets/retail_transactions.csv", "datasets/retail_transactions.yaml", "datasets/glossary/ch04.csv",
                "quizzes/ch04_customer_value.yaml", "quizzes/blueprints/layout_a.yaml",
                "notebooks/zh/00_start_here.ipynb", "notebooks/en/04_customer_value.ipynb", "quizzes/zh/review.ipynb"):
        assert bundled + rel in names, rel
    assert not [n for n in names if "/_src/" in n or "ipynb_checkpoints" in n]
    in_repo = {p.relative_to(ROOT).as_posix() for f in resources.FOLDERS for p in (ROOT / f).rglob("*")
               if p.is_file() and "_src" not in p.parts and ".ipynb_checkpoints" not in p.parts}
    assert {n[len(bundled):] for n in names if n.startswith(bundled)} == in_repo


def test_an_installed_kit_works_from_outside_the_repository(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--disable-pip-version-check",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"CRM_STUDY_DATA", "CRM_STUDY_BANKS", "PYTHONPATH"}}
    env.update(PYTHONPATH=str(site), CRM_STUDY_HOME=str(tmp_path / "progress"))
    run = subprocess.run([sys.executable, "-c", _PROBE, "04_customer_value.ipynb"], cwd=work, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert Path(got["file"]).is_relative_to(site) and not got["in_checkout"]
    assert Path(got["root"]) == site / "crm_study" / "_bundled"
    assert set(got["datasets"]) == {p.stem for p in (ROOT / "datasets").glob("*.yaml")}
    assert all(n > 0 for n in got["datasets"].values())
    assert got["problems"] == [] and got["items"] > 0 and got["banks"] > 0
    assert got["glossary"] > 0 and got["blueprint"]
    assert got["copied"] == len(list((ROOT / "notebooks" / "en").glob("*.ipynb"))) + \
        len(list((ROOT / "quizzes" / "en").glob("*.ipynb")))
    assert got["notebook_errors"] == 0


def test_a_missing_bundled_folder_is_a_clear_error(monkeypatch, tmp_path, lang):
    resources.in_checkout.cache_clear()
    monkeypatch.setattr(resources, "_PACKAGE", tmp_path / "crm_study")
    monkeypatch.setattr(resources, "_BUNDLED", tmp_path / "crm_study" / "_bundled")
    try:
        assert not resources.in_checkout()
        assert resources.repo_root() == tmp_path / "crm_study" / "_bundled"
        with pytest.raises(DataError, match="pip install"):
            resources.folder("datasets")
    finally:
        resources.in_checkout.cache_clear()


def test_the_checkout_is_found_first():
    assert resources.in_checkout()
    assert resources.folder("quizzes") == ROOT / "quizzes"
