"""The kit's datasets: small CSVs in ``datasets/``, each described by a YAML sidecar.

``datasets/<name>.yaml`` holds the title, description, source, licence, seed,
generator and a data dictionary (column, unit, meaning in 中文 and English);
``datasets/README.md`` is written from those sidecars (``crm-study data readme``).
Synthetic datasets are made by seeded generators in this package and can be
rebuilt byte for byte with ``crm-study data regenerate``.

>>> tx = load("retail_transactions")          # doctest: +SKIP
"""
from __future__ import annotations

import difflib
import importlib
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import ArgumentError, DataError
from ..i18n import pick, text
from ..resources import folder

__all__ = ["data_dir", "list_datasets", "load", "info", "column_labels", "regenerate", "readme_text"]

_REQUIRED = ("name", "file", "title", "description", "source", "licence", "columns")


def data_dir() -> Path:
    """Folder holding the CSVs: ``$CRM_STUDY_DATA`` or ``datasets/`` (see :func:`crm_study.resources.folder`)."""
    env = os.environ.get("CRM_STUDY_DATA")
    return Path(env) if env else folder("datasets")


@lru_cache(maxsize=None)
def _catalog(folder: str) -> dict:
    import yaml

    out = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            meta = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise DataError(f"{path}: not valid YAML ({exc}); fix the file or restore it from git.") from exc
        missing = [k for k in _REQUIRED if not isinstance(meta, dict) or k not in meta]
        if missing:
            raise DataError(f"{path}: the dataset description lacks {', '.join(missing)}; "
                            "see datasets/README.md for the fields a sidecar needs.")
        out[meta["name"]] = dict(meta, _sidecar=str(path))
    return out


def _meta(name: str) -> dict:
    cat = _catalog(str(data_dir()))
    if not isinstance(name, str) or name not in cat:
        close = difflib.get_close_matches(str(name), list(cat), n=1)
        hint = text(en=" Did you mean {c!r}?", zh=" 是否指 {c!r}？", c=close[0]) if close else ""
        raise ArgumentError(text(
            en="datasets.load: no dataset called {n!r}. Available: {a}.{h} "
               "See crm_study.data.datasets.list_datasets().",
            zh="datasets.load：没有名为 {n!r} 的数据集。可用的有：{a}。{h}"
               "可用 crm_study.data.datasets.list_datasets() 查看。",
            n=name, a=", ".join(sorted(cat)), h=hint))
    return cat[name]


def list_datasets() -> pd.DataFrame:
    """One row per dataset: title (active language), rows, file, source."""
    rows = [{"name": m["name"], "title": pick(m["title"]), "rows": m.get("rows"),
             "file": m["file"], "source": pick(m["source"])}
            for m in _catalog(str(data_dir())).values()]
    return pd.DataFrame(rows).set_index("name")


def info(name: str) -> dict:
    """The sidecar metadata of dataset ``name`` (title, description, columns …)."""
    return {k: v for k, v in _meta(name).items() if not k.startswith("_")}


def column_labels(name: str, lang: str | None = None) -> dict:
    """``{column: label}`` in the active (or given) language, for renaming table headers."""
    return {c["name"]: pick(c["label"], lang) for c in _meta(name)["columns"]}


def load(name: str) -> pd.DataFrame:
    """Load dataset ``name`` as a DataFrame with its documented dtypes and parsed dates."""
    meta = _meta(name)
    path = data_dir() / meta["file"]
    if not path.exists():
        raise DataError(text(
            en="datasets.load: file {p} is missing; run `crm-study data regenerate {n}` or restore it from git.",
            zh="datasets.load：缺少文件 {p}；请运行 `crm-study data regenerate {n}` 或从 git 恢复。",
            p=path, n=name))
    dtypes = {c["name"]: c["dtype"] for c in meta["columns"] if c.get("dtype") and c["dtype"] != "date"}
    dates = [c["name"] for c in meta["columns"] if c.get("dtype") == "date"]
    df = pd.read_csv(path, dtype=dtypes, parse_dates=dates or False, keep_default_na=True)
    for col in dates:
        df[col] = pd.to_datetime(df[col], format="%Y-%m-%d")
    return df


def _generate(name: str) -> pd.DataFrame:
    meta = _meta(name)
    target = meta.get("generator")
    if not target:
        raise ArgumentError(text(en="dataset {n!r} is real data, not generated; it cannot be regenerated.",
                                 zh="数据集 {n!r} 是真实数据，不是生成的，无法重新生成。", n=name))
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)(seed=meta["seed"])


def regenerate(name: str | None = None) -> list[Path]:
    """Rebuild generated datasets (all, or ``name``) from their seeded generators; returns the files written."""
    names = [name] if name else [n for n, m in _catalog(str(data_dir())).items() if m.get("generator")]
    written = []
    for n in names:
        df = _generate(n)
        path = data_dir() / _meta(n)["file"]
        df.to_csv(path, index=False, lineterminator="\n", date_format="%Y-%m-%d")
        written.append(path)
    return written


def readme_text() -> str:
    """The text of ``datasets/README.md``, written from the sidecars."""
    lines = [
        "# Datasets — 数据集",
        "",
        "Written by `crm-study data readme` from the `*.yaml` sidecars in this folder; edit those, "
        "not this file. Load any dataset with `crm_study.datasets.load(name)`; synthetic ones are "
        "rebuilt byte for byte by `crm-study data regenerate`.",
        "",
        "| name | title | rows | source | licence |",
        "| --- | --- | ---: | --- | --- |",
    ]
    cat = _catalog(str(data_dir()))
    for m in cat.values():
        lines.append(f"| `{m['name']}` | {m['title']['en']} — {m['title']['zh']} | {m.get('rows', '')} "
                     f"| {pick(m['source'], 'en')} | {m['licence']} |")
    for m in cat.values():
        lines += ["", f"## `{m['name']}` — {m['title']['en']} / {m['title']['zh']}", "",
                  pick(m["description"], "en").strip(), "", pick(m["description"], "zh").strip(), "",
                  f"- File: `{m['file']}` ({m.get('rows', '?')} rows)",
                  f"- Source: {pick(m['source'], 'en')}",
                  f"- Licence: {m['licence']}"]
        if m.get("generator"):
            lines.append(f"- Generated by `{m['generator']}` with seed {m['seed']}")
        lines += ["", "| column | type | unit | meaning | 含义 |", "| --- | --- | --- | --- | --- |"]
        for c in m["columns"]:
            lines.append(f"| `{c['name']}` | {c.get('dtype', '')} | {c.get('unit', '')} "
                         f"| {c['label']['en']}: {pick(c.get('doc', c['label']), 'en')} "
                         f"| {c['label']['zh']}：{pick(c.get('doc', c['label']), 'zh')} |")
    return "\n".join(lines) + "\n"
