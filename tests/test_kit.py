"""`python3 kit.py lab`, the README's first command: what it starts, what it serves and how it stops."""
from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from lab_server import ROOT, kit_lab

spec = importlib.util.spec_from_file_location("kit", ROOT / "kit.py")
kit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(kit)


def _value(cmd: list[str], option: str) -> str:
    return next(a.split("=", 1)[1] for a in cmd if a.startswith(option + "="))


@pytest.mark.parametrize("args, lang", [([], "zh"), (["--lang", "en"], "en"), (["--lang=zh"], "zh")])
def test_lab_serves_the_repository_and_opens_the_start_page_of_the_language(args, lang, monkeypatch):
    monkeypatch.delenv("CRM_STUDY_LANG", raising=False)
    cmd, env = kit.lab_command([*args, "--port=9999"])
    assert cmd[1] == "lab" and _value(cmd, "--ServerApp.root_dir") == str(ROOT)
    assert _value(cmd, "--LabApp.default_url") == f"/lab/tree/notebooks/{lang}/00_start_here.ipynb"
    assert (ROOT / "notebooks" / lang / "00_start_here.ipynb").exists()
    assert cmd[-1] == "--port=9999" and not any(a.startswith("--lang") for a in cmd)
    assert env["CRM_STUDY_LANG"] == lang
    assert not [a for a in cmd[2:] if not a.startswith("-")], "a file argument would re-root the server at its folder"


@pytest.mark.parametrize("args", [["--lang", "fr"], ["--lang"], ["--lang=EN"]])
def test_lang_takes_only_zh_or_en(args):
    out = subprocess.run([sys.executable, str(ROOT / "kit.py"), "lab", *args], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 2 and len(out.stderr.splitlines()) == 1
    assert "--lang takes zh or en" in out.stderr and "只能是 zh 或 en" in out.stderr


def test_as_root_jupyter_gets_allow_root_with_a_note(monkeypatch, capsys):
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)
    cmd, _ = kit.lab_command([])
    assert cmd.count("--allow-root") == 1 and "--allow-root" in capsys.readouterr().out
    monkeypatch.setattr(os, "geteuid", lambda: 1000, raising=False)
    assert "--allow-root" not in kit.lab_command([])[0]


def test_the_server_reaches_quizzes_and_both_languages(tmp_path):
    with kit_lab(tmp_path) as lab:
        status, body = lab.api("/api/contents/")
        assert status == 200
        top = {c["name"] for c in json.loads(body)["content"]}
        assert {"notebooks", "quizzes", "README.md"} <= top
        for folder, must in [("notebooks/en", "00_start_here.ipynb"), ("notebooks/zh", "04_customer_value.ipynb"),
                             ("quizzes/zh", "review.ipynb"), ("quizzes/en", "mock_exam.ipynb")]:
            status, body = lab.api(f"/api/contents/{folder}")
            assert status == 200 and must in {c["name"] for c in json.loads(body)["content"]}, folder
        assert lab.api("/api/contents/quizzes/zh/mock-exam/paper.html")[0] == 200
        assert "/lab/tree/notebooks/zh/00_start_here.ipynb?token=" in lab.output  # the URL printed for the student


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal is needed to press Ctrl+C")
def test_ctrl_c_in_a_terminal_shuts_jupyterlab_down_cleanly(tmp_path):
    with kit_lab(tmp_path, tty=True) as lab:
        assert lab.api("/api/kernels")[0] == 200
        os.killpg(lab.proc.pid, signal.SIGINT)  # what the terminal does on Ctrl+C
        start = time.monotonic()
        code = lab.proc.wait(timeout=30)
        took = time.monotonic() - start
        time.sleep(0.5)
    assert code == 0 and took < 15
    assert "Shutting down" in lab.output and "Traceback" not in lab.output
    assert "(y/[n])" not in lab.output, "one Ctrl+C should stop the server, without a question"


def test_sigterm_stops_jupyterlab_without_leaving_it_running(tmp_path):
    with kit_lab(tmp_path) as lab:
        lab.proc.send_signal(signal.SIGTERM)
        assert lab.proc.wait(timeout=30) == 0
        with pytest.raises(OSError):
            lab.api("/api/status")
