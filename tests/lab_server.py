"""`python3 kit.py lab` started the way a student starts it, for the tests that need a live server.

The server listens on 127.0.0.1 on a free port with a fixed token and never opens a browser;
quiz answers go to the given ``home`` (``CRM_STUDY_HOME``), never the user's own folder.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "crm-study-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    """A running ``kit.py lab``: its process, base URL and everything it printed so far."""

    proc: subprocess.Popen
    url: str
    chunks: list = field(default_factory=list)

    @property
    def output(self) -> str:
        return b"".join(self.chunks).decode("utf-8", "replace")

    def api(self, path: str) -> tuple[int, bytes]:
        """GET a REST API path with the token; returns (status, body)."""
        req = urllib.request.Request(f"{self.url}{path}", headers={"Authorization": f"token {TOKEN}"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def wait_ready(self, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise AssertionError(f"kit.py lab exited with {self.proc.returncode}:\n{self.output[-3000:]}")
            try:
                if self.api("/api/status")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"kit.py lab did not answer within {timeout:.0f} s:\n{self.output[-3000:]}")


@contextmanager
def kit_lab(home: Path, *extra: str, env: dict | None = None, tty: bool = False):
    """Run ``kit.py lab --no-browser`` until the block ends, then stop it with SIGTERM (as a service
    manager would). With ``tty=True`` it runs in its own session on a pseudo-terminal, as in a terminal
    window, so a test can press Ctrl+C (SIGINT to the process group)."""
    port = free_port()
    cmd = [sys.executable, str(ROOT / "kit.py"), "lab", "--no-browser", "--ip", "127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={TOKEN}", *extra]
    full_env = dict(os.environ, CRM_STUDY_HOME=str(home), **(env or {}))
    if tty:
        import pty  # POSIX only

        master, slave = pty.openpty()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdin=slave, stdout=slave, stderr=slave,
                                start_new_session=True)
        os.close(slave)
    else:
        master = None
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
    lab = Lab(proc, f"http://127.0.0.1:{port}")

    def drain():  # keep reading so the server never blocks on a full pipe
        while True:
            try:
                data = os.read(master, 65536) if master is not None else proc.stdout.read1(65536)
            except OSError:
                break
            if not data:
                break
            lab.chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        lab.wait_ready()
        yield lab
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        reader.join(timeout=5)
        if master is not None:
            os.close(master)
