"""Generator of ``customer_file``: the messy customer master file of a Hangzhou tea company.

The company sells to consumers (online shop, B2C) and to businesses (offices, hotels,
tea houses, B2B). 1,000 records, with data-quality problems planted in known numbers
on separate records so that the audit of chapter 05 can be checked exactly:

* exact duplicates (a record entered twice, every field equal except the id),
* near duplicates (the same customer entered again with the name in full-width
  letters or with a space, the phone written with spaces or a ``+86`` prefix, the
  e-mail in capitals),
* missing required fields (name, phone, city, sign-up date),
* invalid phones, invalid e-mails, impossible or unreadable sign-up dates,
* stale records (not updated for more than two years before ``AS_OF``).

Every record also carries the behaviour fields of the churn early-warning list:
the last purchase, the customer's usual interval between purchases, spending in the
two halves of 2024, overdue receivables, recent complaints and the year's service cost.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["generate", "N_RECORDS", "PLANTED"]

#: Records in the file.
N_RECORDS = 1000
#: How many records carry each planted problem (each on its own records).
PLANTED = {
    "exact_duplicate": 15,
    "near_duplicate": 25,
    "missing_name": 6,
    "missing_phone": 20,
    "missing_city": 12,
    "missing_signup_date": 8,
    "invalid_phone": 18,
    "invalid_email": 14,
    "invalid_date": 12,
    "stale": 60,
}
_AS_OF = pd.Timestamp("2025-01-01")
_CITIES = ("杭州", "上海", "宁波", "苏州", "南京", "绍兴")
_SURNAMES = tuple("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾")
_GIVEN = tuple("伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红宇浩然欣怡子轩雨")
_BRANDS = ("茶源", "清风", "云栖", "明前", "龙井", "雅集", "和茗", "山水", "拾光", "东方")
_TRADES = ("科技", "贸易", "酒店", "茶馆", "文化", "设计", "餐饮", "咨询")
_BAD_PHONES = ("1381234567", "138123456789", "12812345678", "138-1234-567O", "2345678901", "1391234")
_BAD_EMAILS = ("wang.fang@", "wangfang.163.com", "wang fang@qq.com", "@qq.com", "li@@163.com", "chen@qq")
_BAD_DATES = ("2023-02-30", "2021-04-31", "2022-13-01", "2026-03-15", "2023/5/7", "2019-00-12")


def _names(rng: np.random.Generator, business: np.ndarray, cities: np.ndarray) -> np.ndarray:
    """Person names (surname + one or two characters) or company names, unique within a city."""
    n = len(business)
    k = 4 * n
    person = (rng.choice(np.array(_SURNAMES), k).astype(object) + rng.choice(np.array(_GIVEN), k).astype(object)
              + np.where(rng.random(k) < 0.6, rng.choice(np.array(_GIVEN), k), "").astype(object))
    letters = np.array(list("ABCDEFGHJKMNPQRSTXYZ"))
    latin = np.where(rng.random(k) < 0.35, rng.choice(letters, k).astype(object) + rng.choice(letters, k), "")
    company = (rng.choice(np.array(_BRANDS), k).astype(object) + latin.astype(object)
               + rng.choice(np.array(_TRADES), k).astype(object) + "有限公司")
    pool = pd.DataFrame({"person": person, "company": company})
    out = np.empty(n, dtype=object)
    for col, mask in (("person", ~business), ("company", business)):
        for city in _CITIES:
            idx = np.flatnonzero(mask & (cities == city))
            unique = pool[col].drop_duplicates().to_numpy()
            rng.shuffle(unique)
            out[idx] = unique[: len(idx)]
    return np.where(business, np.char.add(cities.astype(str), out.astype(str)), out)


def _near_name(name: pd.Series, rng: np.random.Generator) -> pd.Series:
    """A variant of each name: Latin letters made full-width, or a space inserted after the first character."""
    wide = name.str.translate({c: c + 0xFEE0 for c in range(ord("A"), ord("Z") + 1)})
    spaced = name.str.slice(0, 1) + np.where(rng.random(len(name)) < 0.5, " ", "\u3000") + name.str.slice(1)
    return wide.where(wide != name, spaced)


def generate(seed: int) -> pd.DataFrame:
    """The customer file, deterministic for a given ``seed``."""
    rng = np.random.default_rng(seed)
    p = PLANTED
    n_base = N_RECORDS - p["exact_duplicate"] - p["near_duplicate"]
    business = rng.random(n_base) < 0.2
    cities = rng.choice(np.array(_CITIES), n_base, p=[0.4, 0.2, 0.12, 0.12, 0.1, 0.06])
    phones = (13_000_000_000 + rng.choice(7_000_000_000, n_base, replace=False)).astype(str)
    handle = pd.Series(rng.integers(10_000, 99_999_999, n_base).astype(str))
    emails = pd.Series(np.where(business, "sales", "u")) + handle + "@" + rng.choice(
        np.array(["qq.com", "163.com", "126.com", "sina.com"]), n_base)
    emails = emails.where(rng.random(n_base) < 0.7)
    signup = _AS_OF - pd.to_timedelta(rng.integers(40, 3000, n_base), unit="D")
    updated = _AS_OF - pd.to_timedelta(rng.integers(1, 660, n_base), unit="D")

    interval = np.round(np.where(business, rng.uniform(10, 45, n_base), rng.uniform(20, 120, n_base)), 1)
    lapsed = rng.random(n_base) < 0.12
    days_since = np.where(lapsed, interval * rng.uniform(2.2, 5.0, n_base), interval * rng.uniform(0, 1.6, n_base))
    last_purchase = _AS_OF - pd.to_timedelta(np.ceil(days_since), unit="D")
    prev = np.round(np.exp(rng.normal(np.where(business, 9.0, 6.6), 0.6, n_base)), 2)
    falling = rng.random(n_base) < 0.1
    ratio = np.where(falling, rng.uniform(0.05, 0.45, n_base), rng.uniform(0.7, 1.35, n_base))
    recent = np.where(days_since > 183, 0.0, np.round(prev * ratio, 2))
    overdue = np.where(business & (rng.random(n_base) < 0.25), rng.integers(5, 150, n_base), 0)
    complaints = np.where(rng.random(n_base) < 0.05, rng.integers(2, 5, n_base), rng.poisson(0.15, n_base))
    cost_share = np.where(rng.random(n_base) < 0.06, rng.uniform(0.3, 0.6, n_base), rng.uniform(0.03, 0.15, n_base))

    df = pd.DataFrame({
        "customer_type": np.where(business, "business", "individual"),
        "name": _names(rng, business, cities),
        "phone": phones,
        "email": emails,
        "city": cities,
        "signup_date": signup.strftime("%Y-%m-%d"),
        "last_updated": updated.strftime("%Y-%m-%d"),
        "last_purchase_date": last_purchase.strftime("%Y-%m-%d"),
        "avg_interval_days": interval,
        "spend_prev_6m": prev,
        "spend_last_6m": recent,
        "overdue_days": overdue.astype("int64"),
        "complaints_90d": complaints.astype("int64"),
        "service_cost_12m": np.round(cost_share * (prev + recent), 2),
    })

    # Plant the single-record problems on disjoint rows, then the duplicates of other clean rows.
    order = rng.permutation(n_base)
    cut = np.cumsum([p[k] for k in ("missing_name", "missing_phone", "missing_city", "missing_signup_date",
                                    "invalid_phone", "invalid_email", "invalid_date", "stale",
                                    "exact_duplicate", "near_duplicate")])
    parts = np.split(order, cut)
    (miss_name, miss_phone, miss_city, miss_date, bad_phone, bad_email, bad_date, stale,
     exact_src, near_src) = parts[:10]
    df.loc[miss_name, "name"] = None
    df.loc[miss_phone, "phone"] = None
    df.loc[miss_city, "city"] = None
    df.loc[miss_date, "signup_date"] = None
    df.loc[bad_phone, "phone"] = rng.choice(np.array(_BAD_PHONES), len(bad_phone))
    df.loc[bad_email, "email"] = rng.choice(np.array(_BAD_EMAILS), len(bad_email))
    df.loc[bad_date, "signup_date"] = rng.choice(np.array(_BAD_DATES), len(bad_date))
    old = pd.Timestamp("2019-06-01") + pd.to_timedelta(rng.integers(0, 1270, len(stale)), unit="D")
    df.loc[stale, "last_updated"] = old.strftime("%Y-%m-%d")

    exact = df.loc[exact_src].copy()
    near = df.loc[near_src].copy()
    near["name"] = _near_name(near["name"], rng)
    spaced = near["phone"].str.slice(0, 3) + " " + near["phone"].str.slice(3, 7) + " " + near["phone"].str.slice(7)
    near["phone"] = spaced.where(rng.random(len(near)) < 0.5, "+86 " + near["phone"])
    near["email"] = near["email"].str.upper()
    near["last_updated"] = (_AS_OF - pd.to_timedelta(rng.integers(1, 300, len(near)), unit="D")).strftime("%Y-%m-%d")

    out = pd.concat([df, exact, near], ignore_index=True)
    out = out.iloc[rng.permutation(len(out))].reset_index(drop=True)
    out.insert(0, "customer_id", np.arange(100001, 100001 + len(out), dtype="int64"))
    return out
