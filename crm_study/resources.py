"""Where the kit's files live: the repository folders the package reads from.

``repo_root()`` is the checkout holding ``datasets/``, ``quizzes/`` and ``notebooks/``;
every module that needs one of those folders asks here, so the location is decided once.

>>> (repo_root() / "quizzes").name          # doctest: +SKIP
'quizzes'
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["repo_root"]


def repo_root() -> Path:
    """The repository checkout the package sits in (the folder above ``crm_study/``)."""
    return Path(__file__).resolve().parents[1]
