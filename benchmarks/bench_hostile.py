"""Time and peak memory of every hostile case (``tests/test_hostile_*.py``); prints the slowest and the largest.

    .venv/bin/python benchmarks/bench_hostile.py [extra pytest options, e.g. -k cli]

Each test is one hostile input (or a few variants of it). Time is the wall time of the test's call,
including the child processes some cases start (``crm-study`` runs, lock holders, killed writers).
Memory is the test's peak resident memory above what the process held before it (Linux: the peak is
reset through ``/proc/self/clear_refs`` before each test) and, for cases that start Python processes,
the peak of the largest child that exits normally (a whole Python process: about 75 MB with the kit
loaded; children killed on purpose, such as lock holders and killed writers, are not counted).
The target is under 2 s and 200 MB for each bad input.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECONDS, MEGABYTES = 2.0, 200.0


def _status(field: str) -> float:
    """A VmRSS/VmHWM line of /proc/self/status in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(field)


# Loaded by every Python child the cases start (through PYTHONPATH): on exit it leaves the child's own
# peak resident memory (VmHWM, counted from its exec, not the parent's pages) in $CRM_BENCH_DIR/<pid>.
_SITECUSTOMIZE = """
import atexit, os

def _crm_bench_peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            with open(os.path.join(os.environ["CRM_BENCH_DIR"], str(os.getpid())), "w") as fh:
                fh.write(line.split()[1])

atexit.register(_crm_bench_peak)
"""


class Measure:
    """A pytest plugin recording (seconds, extra MB of this process, peak MB of its largest child) per test."""

    def __init__(self, peaks: Path):
        self.rows: dict[str, tuple[float, float, float]] = {}
        self.peaks = peaks

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        for old in self.peaks.iterdir():
            old.unlink()
        Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current resident size
        before = _status("VmRSS")
        start = time.perf_counter()
        yield
        seconds = time.perf_counter() - start
        children = [int(p.read_text() or 0) / 1024 for p in self.peaks.iterdir()]
        self.rows[item.nodeid] = (seconds, max(0.0, _status("VmHWM") - before), max(children, default=0.0))


def main(args: list[str]) -> int:
    if not Path("/proc/self/clear_refs").exists():
        sys.exit("bench_hostile needs Linux (/proc/self/clear_refs) to measure each test's peak memory.")
    with tempfile.TemporaryDirectory(prefix="crm-study-bench-") as tmp:
        home, hooks, peaks = (Path(tmp) / name for name in ("home", "hooks", "peaks"))
        for folder in (home, hooks, peaks):
            folder.mkdir()
        (hooks / "sitecustomize.py").write_text(_SITECUSTOMIZE)
        os.environ.update(CRM_STUDY_HOME=str(home), CRM_BENCH_DIR=str(peaks),
                          PYTHONPATH=os.pathsep.join(filter(None, [str(hooks), os.environ.get("PYTHONPATH")])))
        plugin = Measure(peaks)
        code = pytest.main(["-q", "-p", "no:cacheprovider", *sorted(map(str, ROOT.glob("tests/test_hostile_*.py"))),
                            *args], plugins=[plugin])
    rows = plugin.rows
    print(f"\n{len(rows)} hostile cases measured")
    for title, key in (("slowest", 0), ("largest (this process)", 1), ("largest child process", 2)):
        print(f"\n{title}:")
        for node, values in sorted(rows.items(), key=lambda kv: -kv[1][key])[:8]:
            print(f"  {values[0]:6.2f} s  {values[1]:7.1f} MB  child {values[2]:6.1f} MB  {node}")
    slow = [n for n, v in rows.items() if v[0] >= SECONDS]
    big = [n for n, v in rows.items() if max(v[1], v[2]) >= MEGABYTES]
    print(f"\nover {SECONDS:g} s: {len(slow)}; over {MEGABYTES:g} MB: {len(big)}")
    for node in slow + big:
        print(f"  {node}")
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
