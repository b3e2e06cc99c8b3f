"""Putting the notebooks and quiz pages into a user's home, and the update link for a hub.

``copy_notebooks(dest)`` writes ``dest/notebooks/<lang>/`` and ``dest/quizzes/<lang>/``
(the same relative layout as the repository, so links between pages keep working) from
the installed kit. Files the user already has are left alone: a student's edited
notebook is never overwritten unless ``overwrite=True``.

>>> copy_notebooks("~/crm-study", lang="zh")          # doctest: +SKIP
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import quote, urlencode

from ..errors import ArgumentError, DataError, InputTypeError
from ..i18n import LANGUAGES, text
from ..resources import folder

__all__ = ["PAGES", "START_PAGE", "copy_notebooks", "gitpuller_link"]

#: The kit's folders that hold notebooks, each with an ``en/`` and a ``zh/`` sub-folder.
PAGES = ("notebooks", "quizzes")
#: The start page inside a copy, per language (``{lang}`` is filled in).
START_PAGE = "notebooks/{lang}/00_start_here.ipynb"


def _langs(lang) -> tuple[str, ...]:
    if lang is None:
        return LANGUAGES
    if lang not in LANGUAGES:
        raise ArgumentError(text(en="copy_notebooks: unknown language {l!r}; use 'zh', 'en' or None for both.",
                                 zh="copy_notebooks：未知语言 {l!r}；请用 'zh'、'en'，或 None 表示两种都要。", l=lang))
    return (lang,)


def copy_notebooks(dest, *, lang: str | None = None, overwrite: bool = False) -> tuple[list[Path], list[Path]]:
    """Copy the chapter notebooks and quiz pages (one language, or both) into ``dest``.

    Returns ``(written, kept)``: the files written, and the files already present and kept
    because the user may have changed them (``overwrite=True`` replaces them).
    """
    if not isinstance(dest, (str, os.PathLike)):
        raise InputTypeError(text(en="copy_notebooks: dest must be a folder path, got {t}.",
                                  zh="copy_notebooks：参数 dest 应为文件夹路径，实际为 {t}。", t=type(dest).__name__))
    dest = Path(dest).expanduser()
    if dest.exists() and not dest.is_dir():
        raise DataError(text(en="copy_notebooks: {p} is a file; give a folder (it is created if missing).",
                             zh="copy_notebooks：{p} 是文件；请给出一个文件夹（不存在时会自动创建）。", p=dest))
    written, kept = [], []
    for lng in _langs(lang):
        for page in PAGES:
            for src in sorted((folder(page) / lng).glob("*.ipynb")):
                target = dest / page / lng / src.name
                if target.exists() and not overwrite:
                    kept.append(target)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
                written.append(target)
    return written, kept


def gitpuller_link(hub: str, repo: str, *, branch: str = "main", lang: str = "zh", target: str = "crm-study") -> str:
    """An nbgitpuller link: opening it pulls ``repo`` into ``~/target`` and opens the start page.

    A second click brings the instructor's updates and keeps the student's own changes
    (nbgitpuller merges them). The hub needs ``nbgitpuller`` installed.

    >>> gitpuller_link("https://hub.example.edu", "https://github.com/ORG/crm-study")[:52]
    'https://hub.example.edu/hub/user-redirect/git-pull?r'
    """
    (lng,) = _langs(lang)
    for name, value in (("hub", hub), ("repo", repo)):
        if not isinstance(value, str) or not value.startswith(("https://", "http://")):
            raise ArgumentError(text(en="gitpuller_link: {n} must be a web address starting with https://, got {v!r}.",
                                     zh="gitpuller_link：参数 {n} 应为以 https:// 开头的网址，实际为 {v!r}。", n=name, v=value))
    query = urlencode({"repo": repo, "branch": branch, "targetpath": target,
                       "urlpath": f"lab/tree/{target}/{START_PAGE.format(lang=lng)}"}, quote_via=quote)
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"
