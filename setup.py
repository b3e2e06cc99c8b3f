"""Build step: the wheel carries copies of the kit's folders as package data.

The repository's top-level ``datasets/``, ``quizzes/`` and ``notebooks/`` stay the
source of truth. When setuptools builds a wheel (``pip install .``, ``python -m build``),
this copies them into ``crm_study/_bundled/`` inside the build, so an installed kit finds
its datasets, glossary, banks, blueprints and notebooks from any folder
(``crm_study.resources.folder``). Editable installs read the repository folders and
copy nothing. Metadata lives in ``pyproject.toml``.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
FOLDERS = ("datasets", "quizzes", "notebooks")  # = crm_study.resources.FOLDERS
SKIP = shutil.ignore_patterns("_src", ".ipynb_checkpoints", "__pycache__", "*.pyc")


class BuildWithData(build_py):
    """``build_py`` plus the copy of the kit's folders into ``crm_study/_bundled``."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "crm_study" / "_bundled"
        shutil.rmtree(target, ignore_errors=True)
        for name in FOLDERS:
            shutil.copytree(ROOT / name, target / name, ignore=SKIP)


setup(cmdclass={"build_py": BuildWithData})
