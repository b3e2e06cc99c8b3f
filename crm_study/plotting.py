"""Matplotlib set-up shared by every chart: loaded only when a chart is drawn.

Chinese labels render with *Noto Sans CJK SC* (SIL Open Font Licence), which the
``mplfonts`` package installs next to the kit; no system font is needed.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

__all__ = ["configure", "pyplot", "cjk_font_path", "new_axes", "FIGSIZE", "DPI"]

FIGSIZE = (7.0, 4.2)
DPI = 100
_FONT_FILE = "NotoSansCJKsc-Regular.otf"
_state = {"configured": False}


def cjk_font_path() -> Path:
    """Path of the bundled CJK font file (from the ``mplfonts`` package)."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "The font package 'mplfonts' is not installed; run the README's set-up command "
            "(python3 kit.py test) or `pip install mplfonts`. / 未安装字体包 mplfonts，"
            "请运行 README 中的安装命令或 `pip install mplfonts`。")
    return Path(list(spec.submodule_search_locations)[0]) / "fonts" / _FONT_FILE


def configure() -> None:
    """Register the CJK font and set the kit's figure defaults (idempotent)."""
    import matplotlib as mpl
    from matplotlib import font_manager

    if not _state["configured"]:
        path = cjk_font_path()
        font_manager.fontManager.addfont(str(path))
        name = font_manager.FontProperties(fname=str(path)).get_name()
        _state["font"] = name
        _state["configured"] = True
    mpl.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": [_state["font"], "DejaVu Sans"],
        "axes.unicode_minus": False,
        "figure.figsize": FIGSIZE,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "crm-study",
    })


def pyplot():
    """``matplotlib.pyplot``, configured for the kit."""
    configure()
    import matplotlib.pyplot as plt

    return plt


def new_axes(ax=None, figsize=None):
    """Return ``ax`` or a fresh one on a new figure of the kit's size."""
    if ax is not None:
        return ax
    plt = pyplot()
    _, ax = plt.subplots(figsize=figsize or FIGSIZE)
    return ax
