"""Matplotlib set-up shared by every chart: loaded only when a chart is drawn.

Chinese labels render with *Noto Sans CJK SC* (SIL Open Font Licence), which the
``mplfonts`` package installs next to the kit; no system font is needed.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

__all__ = ["configure", "pyplot", "cjk_font_path", "new_axes", "diagram_axes", "box", "label_box", "arrow", "chain",
           "figure_output", "FIGSIZE", "DPI", "DIAGRAM_COLOURS"]

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


# ----------------------------------------------------------------------------- diagram helpers
#: Fill colours of diagram boxes and the colour of their edges and arrows.
DIAGRAM_COLOURS = {"blue": "#dbe9f6", "green": "#dff0d8", "orange": "#fbe5c8", "grey": "#eeeeee",
                   "edge": "#2c3e50"}
_LABEL_BOX = {"boxstyle": "round,pad=0.5", "facecolor": "#eaf2fb", "edgecolor": "#1f77b4", "linewidth": 1.2}


def diagram_axes(ax=None, figsize=None):
    """An empty unit square (0..1 on both axes, no frame) to draw a diagram on."""
    ax = new_axes(ax, figsize=figsize)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    return ax


def box(ax, x, y, label, *, w=0.2, h=0.12, color=DIAGRAM_COLOURS["blue"], size=10):
    """A rounded box of fixed size ``w`` × ``h`` centred on (x, y), with ``label`` (text or {zh, en})."""
    from matplotlib.patches import FancyBboxPatch

    from ..i18n import pick

    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.01,rounding_size=0.015",
                                facecolor=color, edgecolor=DIAGRAM_COLOURS["edge"], linewidth=1))
    ax.text(x, y, pick(label), ha="center", va="center", fontsize=size, wrap=False)


def label_box(ax, x, y, label, *, size=10, face=None, edge=None, pad=0.5, **text_kw):
    """A rounded box that grows to fit ``label``, centred on (x, y); ``text_kw`` go to ``ax.text``."""
    style = dict(_LABEL_BOX, boxstyle=f"round,pad={pad}", facecolor=face or _LABEL_BOX["facecolor"],
                 edgecolor=edge or _LABEL_BOX["edgecolor"])
    ax.text(x, y, label, ha="center", va="center", fontsize=size, bbox=style, zorder=3, **text_kw)


def arrow(ax, start, end, *, style="-|>", color=DIAGRAM_COLOURS["edge"], width=1.2, **props):
    """An arrow from ``start`` to ``end``; extra ``props`` go to matplotlib's ``arrowprops``."""
    ax.annotate("", xy=end, xytext=start, zorder=2,
                arrowprops={"arrowstyle": style, "color": color, "lw": width, "shrinkA": 0, "shrinkB": 0, **props})


def chain(ax, xs, y, *, gap, **arrow_kw):
    """Arrows joining neighbouring boxes centred at ``xs`` on height ``y``; ``gap`` is half a box width."""
    for a, b in zip(xs, xs[1:]):
        arrow(ax, (a + gap, y), (b - gap, y), **arrow_kw)


def figure_output(fig) -> dict:
    """``fig`` as a notebook display output (PNG), for writing straight into an ``ipywidgets.Output``."""
    import base64
    import io

    from ..i18n import text

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
                     "text/plain": text(en="<chart>", zh="<图表>")}}
