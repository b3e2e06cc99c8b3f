#!/usr/bin/env python3
"""Set up the kit and open it, or set it up and test it: the README's two commands.

    python3 kit.py lab  [--lang zh|en] [extra jupyter lab options]
    python3 kit.py test [extra pytest options]

Both create ``.venv/`` inside the repository on first use (Python 3.11+ only is
needed), install the kit and its dependencies into it (``test`` adds the test-only
extra, Playwright), and skip the install on later runs while ``pyproject.toml`` is
unchanged. ``lab`` serves the whole repository and opens the start page of
``--lang`` (zh or en).
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


def ensure_env(extras: tuple[str, ...] = ()) -> None:
    """Create .venv and install the kit (with the optional ``extras``), unless already installed from this pyproject.toml."""
    if sys.version_info < (3, 11):
        sys.exit(f"crm-study needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PY.exists():
        print("crm-study: creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = STAMP.read_text().splitlines() if STAMP.exists() else []
    have = set(stamp[1:]) if stamp[:1] == [_fingerprint()] else set()
    if stamp[:1] == [_fingerprint()] and set(extras) <= have:
        return
    want = sorted(have | set(extras))
    print("crm-study: installing the kit and its dependencies into .venv …", flush=True)
    target = str(ROOT) + (f"[{','.join(want)}]" if want else "")
    subprocess.run([str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target], check=True)
    STAMP.write_text("\n".join([_fingerprint(), *want]))


LANGS = ("zh", "en")


def _lang(args: list[str]) -> str:
    """Take ``--lang zh|en`` (or ``--lang=…``) out of ``args``; default ``$CRM_STUDY_LANG`` or zh."""
    lang, source = os.environ.get("CRM_STUDY_LANG") or "zh", "CRM_STUDY_LANG"
    for i, arg in enumerate(args):
        if arg.startswith("--lang="):
            lang, source = args.pop(i).partition("=")[2], "--lang"
            break
        if arg == "--lang":
            del args[i]
            lang, source = (args.pop(i) if i < len(args) else ""), "--lang"
            break
    if lang not in LANGS:  # a usage mistake: one line, exit code 2, as with the crm-study command
        print(f"crm-study: {source} takes zh or en, not {lang!r}: python3 kit.py lab --lang en "
              f"/ crm-study：{source} 只能是 zh 或 en，不能是 {lang!r}，例如 python3 kit.py lab --lang en", file=sys.stderr)
        sys.exit(2)
    return lang


def lab_command(args: list[str]) -> tuple[list[str], dict]:
    """The ``jupyter lab`` command line and environment for ``kit.py lab ARGS``.

    The server is rooted at the repository (so notebooks/en, notebooks/zh and quizzes/ are all
    reachable and the links between them work) and opens, and prints the URL of, the start page
    of the chosen language. As root (containers, JupyterHub images) Jupyter needs --allow-root.
    """
    args = list(args)
    lang = _lang(args)
    start = f"/lab/tree/notebooks/{lang}/00_start_here.ipynb"
    cmd = [str(BIN / "jupyter"), "lab", f"--ServerApp.root_dir={ROOT}", f"--LabApp.default_url={start}",
           "--ServerApp.answer_yes=True"]  # one Ctrl+C shuts the server down cleanly, no y/n question
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in args:
        print("crm-study: running as root (a container?), so JupyterLab gets --allow-root. "
              "以 root 身份运行（容器？），已为 JupyterLab 加上 --allow-root。", flush=True)
        cmd.append("--allow-root")
    return cmd + args, dict(os.environ, CRM_STUDY_LANG=lang)


def lab(cmd: list[str], env: dict) -> int:
    if os.name == "posix":
        # Become JupyterLab: Ctrl+C and kill reach it directly, it shuts its kernels down, nothing is orphaned.
        os.chdir(ROOT)
        os.execve(cmd[0], cmd, env)
    child = subprocess.Popen(cmd, cwd=ROOT, env=env)
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:  # Windows: the console sends Ctrl+C to JupyterLab too; wait for it to stop
            continue


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
    try:
        if argv[0] == "lab":
            cmd, env = lab_command(argv[1:])  # a wrong --lang is reported before the install
            ensure_env()
            return lab(cmd, env)
        ensure_env(extras=("test",))  # test-only packages (Playwright for the browser test)
        return test(argv[1:])
    except KeyboardInterrupt:
        print("\ncrm-study: stopped. 已停止。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
