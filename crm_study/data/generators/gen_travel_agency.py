"""Generator of ``travel_agency``: the customer file of a (fictional) Hangzhou travel agency.

500 individual and corporate customers with three years of trips (2022–2024) and the
fields the course uses to grade customers (credit, volume, prospects, profit
contribution) and to judge loyalty (share of wallet for behaviour; satisfaction and
willingness to recommend for attitude). A few corporate accounts carry most of the
profit, and some frequent customers are not very satisfied (spurious loyalty).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["generate", "N_CUSTOMERS"]

N_CUSTOMERS = 500
_WINDOW_START = pd.Timestamp("2022-01-01")
_WINDOW_END = pd.Timestamp("2024-12-31")
_CITIES = ("Hangzhou", "Shanghai", "Ningbo", "Suzhou", "Nanjing", "Wenzhou")


def _day(rng: np.random.Generator, lo: pd.Series, hi: pd.Series) -> pd.Series:
    """A uniformly drawn day between ``lo`` and ``hi`` (inclusive), element-wise."""
    span = (hi - lo).dt.days.to_numpy()
    return lo + pd.to_timedelta(np.floor(rng.random(len(span)) * (span + 1)), unit="D")


def generate(seed: int) -> pd.DataFrame:
    """The customer table, deterministic for a given ``seed``."""
    rng = np.random.default_rng(seed)
    n = N_CUSTOMERS
    corporate = rng.random(n) < 0.14
    activity = rng.gamma(1.5, 1 / 1.5, n)
    first = pd.Series(pd.Timestamp("2014-01-01") + pd.to_timedelta(rng.integers(0, 3955, n), unit="D"))
    new_in_window = (first >= _WINDOW_START).to_numpy()
    trips = rng.poisson(np.where(corporate, 7.0, 1.5) * activity)
    trips = np.where(new_in_window, np.maximum(trips, 1), trips)
    trip_value = np.exp(rng.normal(np.where(corporate, 9.3, 8.2), 0.35, n))
    spend = np.round(trips * trip_value, 0)
    loyal = rng.beta(2.2, 2.0, n)                       # the agency's share of the customer's travel
    inertia = rng.random(n) < 0.15                      # habit buyers: high share, lukewarm attitude
    share = np.where(trips > 0, np.clip(loyal + 0.25 * inertia, 0.05, 1.0), 0.0)
    other = np.where(trips > 0, spend * (1 - share) / np.where(trips > 0, share, 1.0),
                     np.exp(rng.normal(8.5, 0.6, n)))
    total = np.round(spend + other, 0)
    window_lo = first.clip(lower=_WINDOW_START)
    frequent = pd.Series(trips > 1)                     # frequent travellers tend to have travelled lately
    last_recent = _day(rng, window_lo + ((_WINDOW_END - window_lo) * 0.3).where(frequent, pd.Timedelta(0)),
                       pd.Series([_WINDOW_END] * n))
    last_recent = last_recent.where(~(new_in_window & (trips == 1)), first)
    last_old = _day(rng, first, first.clip(lower=_WINDOW_START - pd.Timedelta(days=1)))
    last = last_recent.where(trips > 0, last_old)
    credit = np.clip(np.rint(rng.normal(np.where(corporate, 72, 80), 12, n)), 20, 100).astype("int64")
    prospects = np.clip(np.rint(3 + 2.0 * activity + 2.5 * corporate + rng.normal(0, 1.3, n)), 1, 10).astype("int64")
    margin = rng.uniform(0.08, 0.15, n)
    profit = np.round(spend * margin - 300 * trips, 2)   # service cost per trip
    attitude = 0.9 * (share - 0.5) - 1.1 * inertia + rng.normal(0, 0.7, n)
    satisfaction = np.clip(np.rint(5.0 + 1.2 * attitude), 1, 7).astype("int64")
    recommend = np.clip(np.rint(7.0 + 1.6 * attitude + rng.normal(0, 1.0, n)), 0, 10).astype("int64")
    return pd.DataFrame({
        "customer_id": np.arange(1, n + 1, dtype="int64"),
        "customer_type": np.where(corporate, "corporate", "individual"),
        "city": rng.choice(np.array(_CITIES), size=n, p=[0.30, 0.25, 0.15, 0.12, 0.10, 0.08]),
        "first_trip_date": first.dt.strftime("%Y-%m-%d"),
        "last_trip_date": last.dt.strftime("%Y-%m-%d"),
        "trips_3y": trips.astype("int64"),
        "spend_3y": spend,
        "travel_spend_3y": total,
        "credit_score": credit,
        "prospects_score": prospects,
        "profit_3y": profit,
        "satisfaction": satisfaction,
        "recommend_score": recommend,
    })
