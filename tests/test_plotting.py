"""Chinese labels render with a real CJK font on a fresh machine, with no glyph warnings."""
from __future__ import annotations

import io
import warnings

import crm_study
from crm_study import plotting


def test_setup_registers_a_cjk_font_that_matplotlib_finds():
    crm_study.setup("zh")
    from matplotlib import font_manager, rcParams

    assert plotting.cjk_font_path().exists()
    found = font_manager.findfont(font_manager.FontProperties(family=rcParams["font.sans-serif"][0]),
                                  fallback_to_default=False)
    # The bundled file, or the same family from the system (Debian's fonts-noto-cjk) when installed.
    font = font_manager.get_font(found)
    assert font.family_name == "Noto Sans CJK SC"
    assert all(font.get_char_index(ord(c)) for c in "客户关系管理满意度")


def test_chinese_text_draws_without_missing_glyph_warnings():
    crm_study.setup("zh")
    plt = plotting.pyplot()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = plt.subplots()
        ax.bar(["重要价值客户", "一般挽留客户"], [3, -1])
        ax.set_title("客户终身价值 − 客户让渡价值（％）")
        fig.savefig(io.BytesIO(), format="png")


def test_new_axes_reuses_a_given_axes_and_uses_the_kit_size():
    plt = plotting.pyplot()
    _, ax = plt.subplots()
    assert plotting.new_axes(ax) is ax
    fresh = plotting.new_axes()
    assert tuple(fresh.figure.get_size_inches()) == plotting.FIGSIZE
