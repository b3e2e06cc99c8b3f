"""Fit BG/NBD on CDNOW (2,357 customers): crm_study's ``fit_bgnbd`` vs lifetimes' ``BetaGeoFitter``.

    .venv/bin/python benchmarks/bench_bgnbd.py              # both; builds the lifetimes venv on first run
    .venv/bin/python benchmarks/bench_bgnbd.py --kit-only   # the kit alone, no network needed

lifetimes is never a dependency of the kit. It runs in its own virtualenv,
``benchmarks/.venv-lifetimes`` (gitignored), with the old libraries it needs
(lifetimes 0.11.3, numpy<2, pandas<2.2, scipy<1.12); the script creates it with pip
(from PyPI) the first time. Each time printed is the best of 5 fits on data already in
memory; the script also prints both parameter sets, both log-likelihoods (evaluated by the
kit's formula) and the largest difference between the two libraries' conditional expected
purchases (39 weeks) and P(alive) over all customers.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-lifetimes"
PINS = ["lifetimes==0.11.3", "numpy<2", "pandas<2.2", "scipy<1.12"]
REPEAT = 5

LIFETIMES_CODE = r"""
import json, sys, time
import pandas as pd
from lifetimes import BetaGeoFitter
d = pd.read_csv(sys.argv[1])
times = []
for _ in range(int(sys.argv[2])):
    t0 = time.perf_counter()
    bgf = BetaGeoFitter().fit(d["frequency"], d["recency"], d["T"])
    times.append(time.perf_counter() - t0)
print(json.dumps({
    "seconds": min(times),
    "params": {k: float(v) for k, v in bgf.params_.items()},
    "expected_39": bgf.conditional_expected_number_of_purchases_up_to_time(
        39, d["frequency"], d["recency"], d["T"]).tolist(),
    "prob_alive": [float(p) for p in bgf.conditional_probability_alive(d["frequency"], d["recency"], d["T"])],
}))
"""


def _lifetimes_python() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {VENV} with {' '.join(PINS)} …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PINS], check=True)
    return python


def _best_time(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kit-only", action="store_true", help="skip lifetimes")
    args = parser.parse_args()

    import numpy as np

    from crm_study.analytics.btyd import BGNBDModel, fit_bgnbd
    from crm_study.data.datasets import data_dir, load

    data = load("cdnow_summary")
    fit_bgnbd(data)  # warm-up: first call imports scipy
    kit_s, kit = _best_time(lambda: fit_bgnbd(data), REPEAT)
    fmt = "  ".join
    print(f"crm_study.fit_bgnbd        {kit_s * 1000:8.1f} ms   "
          + fmt(f"{k}={v:.4f}" for k, v in kit.params.items()) + f"   LL={kit.loglik:.2f}")
    if args.kit_only:
        return

    out = subprocess.run([str(_lifetimes_python()), "-c", LIFETIMES_CODE, str(data_dir() / "cdnow_summary.csv"),
                          str(REPEAT)], capture_output=True, text=True, check=True).stdout
    lt = json.loads(out)
    p = lt["params"]
    lt_model = BGNBDModel(p["r"], p["alpha"], p["a"], p["b"])
    lt_ll = float(lt_model.log_likelihood(data).sum())
    print(f"lifetimes.BetaGeoFitter    {lt['seconds'] * 1000:8.1f} ms   "
          + fmt(f"{k}={v:.4f}" for k, v in p.items()) + f"   LL={lt_ll:.2f}")
    print(f"kit is {lt['seconds'] / kit_s:.1f}x faster (best of {REPEAT})")
    e_diff = np.abs(kit.expected_purchases(39, data).to_numpy() - np.array(lt["expected_39"])).max()
    a_diff = np.abs(kit.prob_alive(data).to_numpy() - np.array(lt["prob_alive"])).max()
    print(f"max |difference| over {len(data)} customers: E[Y(39)] {e_diff:.2e}, P(alive) {a_diff:.2e}")


if __name__ == "__main__":
    main()
