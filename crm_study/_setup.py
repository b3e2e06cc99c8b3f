"""The one call at the top of every notebook: language, display, figures, fonts, seeds."""
from __future__ import annotations

import random

import numpy as np
import pandas as pd

from .i18n import set_language

__all__ = ["AS_OF", "SEED", "setup"]

#: The fixed "today" of the kit: recency and ages are measured to this date, never to ``today()``.
AS_OF = pd.Timestamp("2025-01-01")
#: The seed every notebook starts from.
SEED = 2025


def setup(lang: str = "zh", *, seed: int = SEED) -> None:
    """Prepare a notebook: set the language, pandas display options, figure size/dpi,
    a font that renders Chinese (Noto Sans CJK SC), the random seeds, and (in IPython) tables
    whose headers and index labels are shown in the notebook's language
    (:mod:`crm_study.display.labels`).

    >>> setup("en")
    """
    set_language(lang)
    pd.set_option("display.max_rows", 60)  # short tables (key terms, segment summaries) in full
    pd.set_option("display.min_rows", 20)  # longer ones as head and tail
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_colwidth", None)  # notes and strategies are read in full
    pd.set_option("display.precision", 2)
    pd.set_option("display.float_format", lambda x: f"{x:,.2f}")
    random.seed(seed)
    np.random.seed(seed)
    from .display import labels, plotting

    plotting.configure()
    labels.install_display_hooks()
