"""The kit's glossary: the one source of 中文 — English term pairs.

Term pairs live in ``datasets/glossary/chNN.csv`` (columns ``zh``, ``en``; the file
name gives the chapter). The key-terms table at the end of each chapter and the
quiz's term items draw from here, so a term is translated the same way everywhere.

>>> translate("客户终身价值", "en")          # doctest: +SKIP
'customer lifetime value (CLV)'
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import ArgumentError, DataError
from ..i18n import get_language, text

__all__ = ["glossary_dir", "terms", "key_terms", "translate"]

_FILE = re.compile(r"^ch(\d\d)\.csv$")


def glossary_dir() -> Path:
    """Folder of the glossary files (``datasets/glossary`` beside the datasets)."""
    from .datasets import data_dir

    return data_dir() / "glossary"


def _norm(term: str) -> str:
    return re.sub(r"[\s\-_·・]+", "", unicodedata.normalize("NFKC", str(term)).casefold())


@lru_cache(maxsize=None)
def _load(folder: str) -> pd.DataFrame:
    frames = []
    for path in sorted(Path(folder).glob("*.csv")):
        match = _FILE.match(path.name)
        if not match:
            raise DataError(f"{path}: glossary files are named chNN.csv (e.g. ch04.csv); rename it.")
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        if list(df.columns) != ["zh", "en"]:
            raise DataError(f"{path}: a glossary file has exactly the columns zh,en; found {list(df.columns)}.")
        blank = df.index[(df["zh"].str.strip() == "") | (df["en"].str.strip() == "")]
        if len(blank):
            raise DataError(f"{path}: line {int(blank[0]) + 2} lacks a Chinese or English term; fill it in.")
        frames.append(df.assign(chapter=match.group(1))[["chapter", "zh", "en"]])
    if not frames:
        raise DataError(f"{folder}: no glossary files (chNN.csv) found; restore them from git.")
    return pd.concat(frames, ignore_index=True)


def terms(chapter: str | int | None = None) -> pd.DataFrame:
    """All term pairs (columns ``chapter``, ``zh``, ``en``), or those of one chapter."""
    df = _load(str(glossary_dir()))
    if chapter is None:
        return df.copy()
    key = f"{int(chapter):02d}" if str(chapter).isdigit() else str(chapter)
    out = df[df["chapter"] == key]
    if out.empty:
        raise ArgumentError(text(en="glossary: no terms for chapter {c!r}; chapters with terms: {a}.",
                                 zh="glossary：第 {c!r} 章没有术语；有术语的章节：{a}。",
                                 c=chapter, a=", ".join(sorted(df["chapter"].unique()))))
    return out.reset_index(drop=True)


def key_terms(chapter: str | int) -> pd.DataFrame:
    """The chapter's key-terms table, indexed by the term in the active language."""
    df = terms(chapter)
    if get_language() == "zh":
        return df[["zh", "en"]].set_axis(["中文", "English"], axis=1).set_index("中文")
    return df[["en", "zh"]].set_axis(["English", "中文"], axis=1).set_index("English")


def translate(term: str, to: str | None = None) -> str | None:
    """The other-language partner of ``term`` (case, width and spacing ignored); None if unknown."""
    df = _load(str(glossary_dir()))
    want = _norm(term)
    for src, dst in (("zh", "en"), ("en", "zh")):
        hit = df[df[src].map(_norm) == want]
        if not hit.empty and (to is None or to == dst):
            return hit.iloc[0][dst]
    return None
