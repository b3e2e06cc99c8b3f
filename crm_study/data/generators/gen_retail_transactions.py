"""Generator of ``retail_transactions``: two years of a Chinese shop's orders (synthetic, seeded).

About 3,000 customers buying online or in store from 2023-01-01 to 2024-12-31:

- customers join at different times, buy at very different rates (gamma-distributed) and
  some stop buying (exponential lifetimes), so recent, lapsed and lost customers all exist;
- each customer has a typical basket (log-normal), so a minority brings most of the revenue;
- seasonality: 618 (June) and 双十一 (Double 11, November) peaks, 双十二 (Double 12),
  a dip around the Spring Festival, busier weekends;
- about 2 % of orders are returned: a ``return`` row with the same ``order_id`` and a
  negative amount, dated 1–14 days after the sale.

``generate(seed)`` is fully vectorised and deterministic for a given seed.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["generate", "START", "END", "N_CUSTOMERS"]

START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2024-12-31")
N_CUSTOMERS = 3000
_SPRING_FESTIVAL = (pd.Timestamp("2023-01-22"), pd.Timestamp("2024-02-10"))
_RETURN_SHARE = 0.02


def _calendar() -> tuple[pd.DatetimeIndex, np.ndarray, np.ndarray]:
    """Days of the window, their relative shopping intensity, and a festival-sale flag."""
    days = pd.date_range(START, END, freq="D")
    weight = np.ones(len(days))
    month, dom = days.month.to_numpy(), days.day.to_numpy()
    weight[days.day_of_week.to_numpy() >= 5] *= 1.15
    pre_618 = (month == 6) & (dom < 18)
    weight[pre_618] *= 1.5
    weight[(month == 6) & (dom == 18)] *= 5.0
    pre_11 = ((month == 10) & (dom >= 20)) | ((month == 11) & (dom < 11))
    weight[pre_11] *= 1.4
    weight[(month == 11) & (dom == 11)] *= 9.0
    weight[(month == 11) & (dom == 12)] *= 2.0
    weight[(month == 12) & (dom == 12)] *= 3.0
    for new_year in _SPRING_FESTIVAL:
        weight[(days >= new_year - pd.Timedelta(days=7)) & (days <= new_year + pd.Timedelta(days=6))] *= 0.35
    festival = ((month == 6) & (dom == 18)) | ((month == 11) & ((dom == 11) | (dom == 12))) | (
        (month == 12) & (dom == 12))
    return days, weight, festival


def generate(seed: int) -> pd.DataFrame:
    """The transaction log: ``order_id, customer_id, order_date, channel, type, amount``."""
    rng = np.random.default_rng(seed)
    days, weight, festival = _calendar()
    n_days = len(days)
    cum = np.concatenate([[0.0], np.cumsum(weight)])

    # customers: start day, last active day, purchase rate, typical basket, online propensity
    n = N_CUSTOMERS
    existing = rng.random(n) < 0.35
    start = np.where(existing, 0, rng.integers(0, n_days - 30, n))
    lifetime = rng.exponential(420.0, n).astype("int64")
    stays = rng.random(n) < 0.3
    stop = np.where(stays, n_days - 1, np.minimum(start + lifetime, n_days - 1))
    rate = rng.gamma(0.7, 0.9, n) / 30.0                      # purchases per (average) day
    basket = rng.lognormal(np.log(160.0), 0.8, n)            # typical order value, 元
    online = rng.beta(2.0, 1.3, n)

    # orders: at least one each, spread by the seasonal intensity over the active window [start, stop]
    mass = cum[stop + 1] - cum[start]
    owner = np.repeat(np.arange(n), 1 + rng.poisson(rate * mass))
    u = cum[start[owner]] + rng.random(len(owner)) * mass[owner]
    day = np.clip(np.searchsorted(cum, u, side="right") - 1, start[owner], stop[owner])

    is_festival = festival[day]
    p_online = np.minimum(0.97, online[owner] + 0.25 * is_festival)
    channel = np.where(rng.random(len(owner)) < p_online, "online", "store")
    amount = basket[owner] * rng.gamma(3.0, 1.0 / 3.0, len(owner)) * np.where(is_festival, 1.2, 1.0)
    amount = np.round(np.maximum(amount, 5.0), 2)

    sales = pd.DataFrame({"customer": owner, "day": day, "channel": channel, "amount": amount})
    sales = sales.sort_values(["day", "customer"], kind="stable").reset_index(drop=True)
    sales["order_id"] = [f"O{i:06d}" for i in range(1, len(sales) + 1)]
    sales["type"] = "sale"

    # returns: ~2 % of orders, fully or partly refunded 1-14 days later
    k = int(round(_RETURN_SHARE * len(sales)))
    picked = np.sort(rng.choice(len(sales), size=k, replace=False))
    returned = sales.iloc[picked].copy()
    full = rng.random(k) < 0.6
    fraction = np.where(full, 1.0, rng.uniform(0.2, 0.8, k))
    returned["amount"] = -np.round(returned["amount"].to_numpy() * fraction, 2)
    returned["day"] = np.minimum(returned["day"].to_numpy() + rng.integers(1, 15, k), n_days - 1)
    returned["type"] = "return"

    log = pd.concat([sales, returned], ignore_index=True)
    log = log.sort_values(["day", "order_id", "type"], ascending=[True, True, False], kind="stable")
    out = pd.DataFrame({
        "order_id": log["order_id"].to_numpy(),
        "customer_id": [f"C{c + 1:05d}" for c in log["customer"].to_numpy()],
        "order_date": days[log["day"].to_numpy()],
        "channel": log["channel"].to_numpy(),
        "type": log["type"].to_numpy(),
        "amount": log["amount"].to_numpy(),
    })
    return out.astype({"order_id": "string", "customer_id": "string", "channel": "string", "type": "string"})
