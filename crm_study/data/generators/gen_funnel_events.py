"""Generator of ``funnel_events``: an online shop's purchase-funnel event log (seed-003 case).

15,000 users (9,000 new, 6,000 returning) visit the site in November–December 2024. The number
of users reaching each stage is fixed so that :func:`crm_study.analytics.funnel.funnel_table` (strict)
reproduces the case: product page → cart converts 2,550 / 10,000 = 25.5 % overall, the lowest
step, and new users lose 4,370 / 5,000 = 87.4 % there. The seed only decides who is who, the
channel, the dates and the noise: repeat views of a product page, and 150 returning users who add
to the cart from a wish list without opening a product page (they count at "cart" only when
``strict=False``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...analytics.funnel import DEFAULT_STAGES

#: Users reaching each stage (visit, product page, cart, checkout, purchase) under the strict rule.
REACHED = {"new": (9000, 5000, 630, 400, 280), "returning": (6000, 5000, 1920, 1400, 1150)}
#: Returning users who add to the cart without a product-page view (ignored by the strict funnel).
WISHLIST_CARTS = 150
_CHANNELS = ("search", "social", "direct", "ads")
_CHANNEL_P = {"new": (0.35, 0.30, 0.10, 0.25), "returning": (0.30, 0.15, 0.45, 0.10)}
_START = np.datetime64("2024-11-01")
_DAYS = 61  # November and December 2024


def generate(seed: int) -> pd.DataFrame:
    """The event log: one row per (user, stage) event, repeat product-page views included."""
    rng = np.random.default_rng(seed)
    n_users = sum(r[0] for r in REACHED.values())
    ids = rng.permutation(n_users) + 1
    parts, offset = [], 0
    for user_type, reached in REACHED.items():
        users = ids[offset:offset + reached[0]]
        offset += reached[0]
        depth = np.repeat(np.arange(1, len(reached) + 1), -np.diff(np.r_[reached, 0]))
        parts.append(pd.DataFrame({
            "user_id": users, "user_type": user_type, "depth": rng.permutation(depth),
            "channel": rng.choice(_CHANNELS, size=len(users), p=_CHANNEL_P[user_type]),
            "first_day": rng.integers(0, _DAYS, size=len(users)),
        }))
    users = pd.concat(parts, ignore_index=True)
    lags = rng.geometric(0.6, size=(len(users), len(DEFAULT_STAGES))) - 1
    lags[:, 0] = users["first_day"].to_numpy()
    stage_day = np.minimum(lags.cumsum(axis=1), _DAYS - 1)
    wish = users.index[(users["user_type"] == "returning") & (users["depth"] == 1)]
    wishlist = rng.choice(wish, size=WISHLIST_CARTS, replace=False)

    steps = users.loc[users.index.repeat(users["depth"])].copy()
    steps["step"] = steps.groupby(level=0).cumcount()
    steps["day"] = stage_day[steps.index, steps["step"]]
    extra = users.loc[wishlist].assign(step=2, day=stage_day[wishlist, 2])
    viewers = steps[steps["step"] == 1]
    repeats = viewers.iloc[np.sort(rng.choice(len(viewers), size=len(viewers) // 4, replace=False))].copy()
    repeats["day"] = np.minimum(repeats["day"] + rng.integers(0, 3, size=len(repeats)), _DAYS - 1)
    events = pd.concat([steps, extra, repeats])
    events["event_date"] = _START + events["day"].to_numpy().astype("timedelta64[D]")
    events["stage"] = np.asarray(DEFAULT_STAGES)[events["step"].to_numpy()]
    events = events.sort_values(["user_id", "event_date", "step"], kind="stable")
    return events[["user_id", "user_type", "channel", "stage", "event_date"]].reset_index(drop=True)
