"""Speed of ``crm_study.analytics.value.rfm_table`` against the tutorial groupby-with-lambda version.

1,000,000 transactions of 100,000 customers (seeded); best of 3 runs each.
Run: ``.venv/bin/python benchmarks/bench_rfm.py``
"""
from __future__ import annotations

import time

import numpy as np
import pandas as pd

from crm_study import AS_OF
from crm_study.analytics.value import rfm_table

N_ROWS, N_CUSTOMERS, SEED, REPEAT = 1_000_000, 100_000, 2024, 3


def make_transactions(seed: int = SEED) -> pd.DataFrame:
    """Synthetic log: string customer ids, dates in 2023–2024, long-tailed amounts."""
    rng = np.random.default_rng(seed)
    ids = pd.Series([f"C{i:06d}" for i in range(N_CUSTOMERS)], dtype="string")
    days = rng.integers(0, 731, N_ROWS)
    return pd.DataFrame({
        "customer_id": ids.to_numpy()[rng.integers(0, N_CUSTOMERS, N_ROWS)],
        "order_date": pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D"),
        "amount": np.round(rng.lognormal(4.5, 0.9, N_ROWS), 2),
    }).astype({"customer_id": "string"})


def tutorial(tx: pd.DataFrame) -> pd.DataFrame:
    """The way most tutorials write it: a Python lambda per customer."""
    return tx.groupby("customer_id").agg(
        recency=("order_date", lambda x: (AS_OF - x.max()).days),
        frequency=("order_date", "count"),
        monetary=("amount", "sum"))


def best_of(func, *args, **kwargs) -> tuple[float, pd.DataFrame]:
    times, result = [], None
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    tx = make_transactions()
    fast, ours = best_of(rfm_table, tx, as_of=AS_OF)
    slow, theirs = best_of(tutorial, tx)
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False, check_names=False)
    text_dates = tx.assign(order_date=tx["order_date"].dt.strftime("%Y-%m-%d"))
    parsed, _ = best_of(rfm_table, text_dates, as_of=AS_OF)
    orders = tx.assign(order_id=pd.RangeIndex(N_ROWS).astype("int64"))
    distinct, _ = best_of(rfm_table, orders, as_of=AS_OF)
    print(f"{N_ROWS:,} transactions, {N_CUSTOMERS:,} customers, best of {REPEAT}")
    print(f"rfm_table (datetime dates)        {fast:6.3f} s")
    print(f"tutorial groupby + lambda         {slow:6.3f} s")
    print(f"speed-up                          {slow / fast:6.1f} x")
    print(f"rfm_table (text dates, parsed)    {parsed:6.3f} s")
    print(f"rfm_table (order_id, nunique)     {distinct:6.3f} s")


if __name__ == "__main__":
    main()
