#!/usr/bin/env python3
"""Set up the kit and open it, or set it up and test it: the README's two commands.

    python3 kit.py lab  [--lang zh|en] [extra jupyter lab options]
    python3 kit.py test [extra pytest options]

Both create ``.venv/`` inside the repository on first use (Python 3.11+ only is
needed), install the kit and its dependencies into it, and skip the install on
later runs while ``pyproject.toml`` is unchanged.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".crm-study-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"]


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + sys.version.encode()).hexdigest()


def ensure_env() -> None:
    """Create .venv and install the kit, unless it is already installed from this pyproject.toml."""
    if sys.version_info < (3, 11):
        sys.exit(f"crm-study needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PY.exists():
        print("crm-study: creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    print("crm-study: installing the kit and its dependencies into .venv …", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", str(ROOT)],
                   check=True)
    STAMP.write_text(_fingerprint())


def lab(args: list[str]) -> int:
    lang = os.environ.get("CRM_STUDY_LANG", "zh")
    if "--lang" in args:
        i = args.index("--lang")
        lang = args[i + 1]
        del args[i:i + 2]
    start = Path("notebooks") / lang / "00_start_here.ipynb"
    env = dict(os.environ, CRM_STUDY_LANG=lang)
    return subprocess.call([str(BIN / "jupyter"), "lab", str(start), *args], cwd=ROOT, env=env)


def test(args: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="crm-study-test-") as home:
        # Tests and quiz notebooks record progress in a throw-away folder, never the user's own.
        env = dict(os.environ, CRM_STUDY_HOME=home, PYTHONHASHSEED="0")
        env.pop("MPLBACKEND", None)  # notebooks need their inline backend
        cmd = [str(PY), "-m", "pytest", "-p", "no:cacheprovider", *NBVAL,
               "tests", "notebooks", "quizzes", *args]
        return subprocess.call(cmd, cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"lab", "test"}:
        print(__doc__)
        return 2
    ensure_env()
    return lab(argv[1:]) if argv[0] == "lab" else test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
