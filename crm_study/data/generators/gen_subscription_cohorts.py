"""Generator of ``subscription_cohorts``: a monthly subscription service's customers, 2023–2024.

Every month from January 2023 to December 2024 a cohort signs up (about 150 growing to about 290
customers). Each customer has a personal monthly churn probability θ drawn from a Beta
distribution that depends on the plan, and cancels in subscription month T ~ Geometric(θ) —
exactly the shifted-beta-geometric story, so the pooled retention rate rises with tenure as the
least loyal leave first. Cancellations on or after the kit's ``AS_OF`` (2025-01-01) are not yet
known: those customers are active and their ``cancel_date`` is empty.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..._setup import AS_OF

#: Plan: (share of sign-ups, monthly fee in CNY, Beta(a, b) of the monthly churn probability).
PLANS = {
    "basic": (0.50, 29, (0.8, 2.4)),
    "standard": (0.35, 59, (0.9, 4.5)),
    "premium": (0.15, 99, (1.0, 9.0)),
}
_FIRST_COHORT = (2023, 1)
_N_COHORTS = 24


def generate(seed: int) -> pd.DataFrame:
    """One row per customer: id, sign-up date, cancellation date (empty if active), plan, fee."""
    rng = np.random.default_rng(seed)
    sizes = rng.poisson(150 + 6 * np.arange(_N_COHORTS))
    month = np.repeat(np.arange(_N_COHORTS), sizes) + (_FIRST_COHORT[0] * 12 + _FIRST_COHORT[1] - 1)
    n = len(month)
    day = rng.integers(1, 29, size=n)
    names = list(PLANS)
    plan = rng.choice(len(names), size=n, p=[PLANS[p][0] for p in names])
    a = np.array([PLANS[p][2][0] for p in names])[plan]
    b = np.array([PLANS[p][2][1] for p in names])[plan]
    theta = rng.beta(a, b)
    lifetime = rng.geometric(theta)  # the subscription month in which the customer cancels (1 = first)
    into_month = rng.integers(1, 28, size=n)  # days into that month, so it is not yet complete

    def to_date(m: np.ndarray, d: np.ndarray) -> pd.Series:
        return pd.to_datetime(pd.DataFrame({"year": m // 12, "month": m % 12 + 1, "day": d}))

    signup = to_date(month, day)
    last_month = np.minimum(month + lifetime - 1, month.max() + 36)
    cancel = to_date(last_month, day) + pd.to_timedelta(into_month, unit="D")
    cancel = cancel.where(cancel < AS_OF)
    out = pd.DataFrame({
        "signup_date": signup, "cancel_date": cancel,
        "plan": np.asarray(names, dtype=object)[plan],
        "monthly_fee": np.array([PLANS[p][1] for p in names], dtype="int64")[plan],
    }).sort_values(["signup_date"], kind="stable").reset_index(drop=True)
    out.insert(0, "customer_id", np.arange(1, n + 1, dtype="int64"))
    return out
