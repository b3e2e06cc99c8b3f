"""Where the kit's files live: the repository folders, or the copies the package carries.

The repository's top-level ``datasets/``, ``quizzes/`` and ``notebooks/`` are the
source of truth. A wheel (``pip install .``) carries copies of them in
``crm_study/_bundled/`` (made at build time by ``setup.py``), so an installed kit
works from any folder. :func:`folder` decides once which one is used: the checkout
the package sits in when there is one, the bundled copy otherwise. Every module that
needs one of those folders asks here.

>>> folder("quizzes").name                    # doctest: +SKIP
'quizzes'
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import DataError
from .i18n import text

__all__ = ["FOLDERS", "repo_root", "in_checkout", "folder"]

#: The folders the kit reads, relative to :func:`repo_root`; ``setup.py`` bundles these.
FOLDERS = ("datasets", "quizzes", "notebooks")
_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_bundled"


@lru_cache(maxsize=None)
def in_checkout() -> bool:
    """True when the package sits in a crm-study repository checkout (editable install or ``PYTHONPATH``)."""
    project = _PACKAGE.parent / "pyproject.toml"
    try:
        return 'name = "crm-study"' in project.read_text(encoding="utf-8")
    except OSError:
        return False


def repo_root() -> Path:
    """The folder holding ``datasets/``, ``quizzes/`` and ``notebooks/``: the checkout, else the bundled copy."""
    return _PACKAGE.parent if in_checkout() else _BUNDLED


def folder(name: str) -> Path:
    """One of :data:`FOLDERS` (``folder("datasets")``); a clear error when the installed kit lacks it."""
    path = repo_root() / name
    if name not in FOLDERS or not path.is_dir():
        raise DataError(text(
            en="crm-study: the kit's folder {n!r} is missing at {p}. Reinstall the kit (pip install crm-study, "
               "or pip install . in the repository), or work from the repository checkout.",
            zh="crm-study：找不到本学习包的文件夹 {n!r}（应在 {p}）。请重新安装（pip install crm-study，"
               "或在仓库中执行 pip install .），或直接在仓库目录中使用。", n=name, p=path))
    return path
