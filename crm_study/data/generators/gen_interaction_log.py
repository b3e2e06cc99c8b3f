"""Generator of ``interaction_log``: the customer contacts of a (fictional) Chinese electric-car brand.

Inspired by the NIO touchpoint case of seed 003. 1,200 customers open 3,000 cases (an enquiry,
a complaint, a suggestion …) during 2024; each case is one to three contacts. A case starts in a
channel that suits its journey stage (social media and the community while customers are only
aware of the brand, the store while they buy, the app and the hotline once they drive the car).
When a contact does not solve the problem the customer comes back, often through another channel:
those channel switches are what the omnichannel analysis of chapter 07 finds. Satisfaction (1–5)
is higher when the contact solved the problem and lower when the customer had to switch channels
and tell the story again.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...chapters.ch07_interaction import CHANNELS, CONTACT_TYPES, STAGES


N_CUSTOMERS = 1200
N_CASES = 3000
_STAGE_P = (0.12, 0.18, 0.12, 0.33, 0.25)
# First channel of a case, per stage (rows) over CHANNELS (columns).
_CHANNEL_P = np.array([
    [0.20, 0.02, 0.08, 0.05, 0.00, 0.40, 0.25],   # aware
    [0.25, 0.08, 0.30, 0.20, 0.02, 0.10, 0.05],   # consider
    [0.30, 0.10, 0.45, 0.10, 0.05, 0.00, 0.00],   # purchase
    [0.35, 0.15, 0.05, 0.12, 0.03, 0.10, 0.20],   # use
    [0.25, 0.35, 0.15, 0.15, 0.07, 0.03, 0.00],   # service
])
# Contact type per stage over CONTACT_TYPES.
_TYPE_P = np.array([
    [0.75, 0.15, 0.10],
    [0.80, 0.10, 0.10],
    [0.70, 0.20, 0.10],
    [0.45, 0.30, 0.25],
    [0.50, 0.25, 0.25],
])
# Chance that one contact in this channel solves the case.
_SOLVE_P = np.array([0.62, 0.78, 0.86, 0.70, 0.50, 0.45, 0.55])
# Mean satisfaction of an unsolved contact in this channel (a solved one adds _SOLVED_BONUS).
_BASE_SAT = np.array([2.7, 2.6, 3.1, 2.7, 2.4, 2.3, 2.9])
_SOLVED_BONUS = 1.4
_SWITCH_PENALTY = 0.7   # per channel switch so far in the case
_FOLLOW_UP_P = 0.8      # chance an unsolved customer comes back
_SWITCH_P = 0.55        # chance the follow-up uses another channel
_START = np.datetime64("2024-01-01")
_DAYS = 366


def generate(seed: int) -> pd.DataFrame:
    """The contact log: one row per contact, sorted by case and date."""
    rng = np.random.default_rng(seed)
    n = N_CASES
    stage = rng.choice(len(STAGES), size=n, p=_STAGE_P)
    u = rng.random(n)
    channel = (u[:, None] > _CHANNEL_P[stage].cumsum(axis=1)).sum(axis=1)
    u = rng.random(n)
    ctype = (u[:, None] > _TYPE_P[stage].cumsum(axis=1)).sum(axis=1)
    customer = rng.integers(1, N_CUSTOMERS + 1, size=n)
    day = rng.integers(0, _DAYS - 10, size=n)

    rows = []
    active = np.ones(n, dtype=bool)
    switches = np.zeros(n)
    for step in range(3):   # at most three contacts per case: a loop over steps, not over rows
        idx = np.flatnonzero(active)
        solved = rng.random(idx.size) < _SOLVE_P[channel[idx]]
        mean = _BASE_SAT[channel[idx]] + _SOLVED_BONUS * solved - _SWITCH_PENALTY * switches[idx]
        sat = np.clip(np.rint(mean + rng.normal(0, 0.8, idx.size)), 1, 5).astype(int)
        rows.append(pd.DataFrame({"case_id": idx + 1, "step": step, "customer_id": customer[idx],
                                  "day": day[idx], "channel": channel[idx], "stage": stage[idx],
                                  "contact_type": ctype[idx], "resolved": solved, "satisfaction": sat}))
        again = (~solved) & (rng.random(idx.size) < _FOLLOW_UP_P)
        active[:] = False
        active[idx[again]] = True
        nxt = idx[again]
        move = rng.random(nxt.size) < _SWITCH_P
        shift = rng.integers(1, len(CHANNELS), size=nxt.size)
        channel[nxt] = np.where(move, (channel[nxt] + shift) % len(CHANNELS), channel[nxt])
        switches[nxt] += move
        day[nxt] += rng.integers(1, 4, size=nxt.size)
    log = pd.concat(rows, ignore_index=True).sort_values(["case_id", "step"], kind="stable")
    log["contact_date"] = (_START + log["day"].to_numpy().astype("timedelta64[D]"))
    log["channel"] = np.asarray(CHANNELS)[log["channel"].to_numpy()]
    log["stage"] = np.asarray(STAGES)[log["stage"].to_numpy()]
    log["contact_type"] = np.asarray(CONTACT_TYPES)[log["contact_type"].to_numpy()]
    log.insert(0, "contact_id", np.arange(1, len(log) + 1))
    return log[["contact_id", "case_id", "customer_id", "contact_date", "channel", "stage",
                "contact_type", "resolved", "satisfaction"]].reset_index(drop=True)
