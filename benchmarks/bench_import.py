"""How much `import crm_study` adds to `import pandas` (target: under 0.15 s).

    .venv/bin/python benchmarks/bench_import.py

Each measurement runs in a fresh interpreter; the best of 7 is reported.
"""
from __future__ import annotations

import subprocess
import sys

CODE = ("import time; t0 = time.perf_counter(); import pandas; t1 = time.perf_counter(); "
        "import crm_study; t2 = time.perf_counter(); print(t1 - t0, t2 - t1)")


def main(repeat: int = 7) -> None:
    runs = [tuple(map(float, subprocess.run([sys.executable, "-c", CODE], capture_output=True,
                                            text=True, check=True).stdout.split())) for _ in range(repeat)]
    pandas_s = min(r[0] for r in runs)
    extra_s = min(r[1] for r in runs)
    print(f"import pandas: {pandas_s:.3f} s; import crm_study adds {extra_s:.4f} s (best of {repeat})")


if __name__ == "__main__":
    main()
