"""The kit on a real JupyterHub, on 127.0.0.1, with two real Unix users (issue #16).

JupyterHub (``pip install -e .[hub]``) with ``configurable-http-proxy`` (npm, in the
git-ignored ``.hub/``), the dummy authenticator and the local process spawner, configured
by the documented recipe ``deploy/tljh/crm_study.py`` (its ``/opt/tljh/user/bin`` pointed at
this environment). For each user the test logs in, checks the server opens the start page,
records a quiz attempt in a kernel, and checks the other user's progress cannot be read.

Heavy (about a minute; two servers and two kernels), so it runs only when asked:

    deploy/hubtest.sh          # installs the two tools if needed, then runs this file

It needs root (it creates and removes the users ``crmhub-a`` and ``crmhub-b``); otherwise it
is skipped with that reason. The plain ``LocalProcessSpawner`` is used, not
``SimpleLocalProcessSpawner``: the latter runs every server as the hub's own user, so it
could not show that one student cannot read another's progress.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PROXY = ROOT / ".hub" / "node_modules" / ".bin" / "configurable-http-proxy"
USERS = ("crmhub-a", "crmhub-b")
START = "crm-study/notebooks/zh/00_start_here.ipynb"

pytestmark = [
    pytest.mark.skipif(os.environ.get("CRM_STUDY_HUBTEST") != "1",
                       reason="the JupyterHub test runs only when asked: deploy/hubtest.sh"),
    pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                       reason="the JupyterHub test creates two Unix users and needs root"),
]

_RECORD = """
import json
from crm_study.quiz import ProgressStore, grade, load_bank
item = next(it for it in load_bank() if it.type == "true_false")
store = ProgressStore()
store.record(item, item.answer, grade(item, item.answer))
print(json.dumps({"store": str(store.path), "attempts": len(store.attempts())}))
"""
_PEEK = """
import os
try:
    open({other!r}, "rb").read(1)
    print("readable")
except PermissionError:
    print("denied")
print(os.path.exists({other!r}))
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _progress(user: str) -> str:
    return f"/home/{user}/.local/share/crm-study/progress.sqlite"


@pytest.fixture
def users():
    for user in USERS:
        subprocess.run(["userdel", "-r", user], capture_output=True)
        subprocess.run(["useradd", "-m", "-s", "/bin/sh", user], check=True)  # home mode: the system's default
    yield USERS
    for user in USERS:
        subprocess.run(["userdel", "-r", user], capture_output=True)


@pytest.fixture
def hub(users, tmp_path):
    """A running JupyterHub; yields (base url, admin API token)."""
    pytest.importorskip("requests")
    assert (BIN / "jupyterhub").exists(), "jupyterhub is not installed: run deploy/hubtest.sh"
    assert PROXY.exists(), "configurable-http-proxy is not installed in .hub/: run deploy/hubtest.sh"
    recipe = (ROOT / "deploy" / "tljh" / "crm_study.py").read_text(encoding="utf-8")
    port, token = _port(), uuid.uuid4().hex
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(recipe.replace("/opt/tljh/user/bin", str(BIN)) + f"""
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{_port()}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{_port()}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.JupyterHub.db_url = "sqlite:///{tmp_path / 'hub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(tmp_path / 'cookie_secret')!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {set(users)!r}
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.services = [{{"name": "crm-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "crm-test", "scopes": ["admin:users", "admin:servers", "tokens"],
                            "services": ["crm-test"]}}]
""", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRM_STUDY_")}
    env["PATH"] = f"{BIN}:{env.get('PATH', '/usr/bin:/bin')}"
    log = open(tmp_path / "hub.log", "w")
    proc = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(config)], cwd=tmp_path, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    import requests

    try:
        for _ in range(120):
            try:
                if requests.get(f"{base}/hub/api", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            assert proc.poll() is None, (tmp_path / "hub.log").read_text()[-3000:]
            time.sleep(0.5)
        yield base, token
    finally:
        for user in users:
            requests.delete(f"{base}/hub/api/users/{user}/server", headers={"Authorization": f"token {token}"},
                            timeout=30)
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def _login(base: str, user: str):
    import requests

    s = requests.Session()
    s.get(f"{base}/hub/login", timeout=10)
    r = s.post(f"{base}/hub/login?next=", data={"username": user, "password": "any", "_xsrf": s.cookies["_xsrf"]},
               timeout=180)
    assert r.ok, r.text[-2000:]
    return s


def _wait_ready(base: str, token: str, user: str) -> None:
    import requests

    for _ in range(240):
        model = requests.get(f"{base}/hub/api/users/{user}", headers={"Authorization": f"token {token}"},
                             timeout=10).json()
        server = model.get("servers", {}).get("", {})
        if server.get("ready"):
            return
        time.sleep(0.5)
    raise AssertionError(f"{user}'s server did not start: {model}")


def _run(base: str, user: str, token: str, code: str) -> str:
    """Run ``code`` in a new kernel on ``user``'s server; returns what it printed."""
    import requests
    import websocket

    auth = {"Authorization": f"token {token}"}
    kernel = requests.post(f"{base}/user/{user}/api/kernels", json={"name": "python3"}, headers=auth, timeout=60)
    assert kernel.status_code == 201, kernel.text
    kid = kernel.json()["id"]
    ws = websocket.create_connection(f"ws{base[4:]}/user/{user}/api/kernels/{kid}/channels",
                                     header=[f"Authorization: token {token}"], timeout=120)
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user, "session": uuid.uuid4().hex,
                   "date": "", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    out, done = [], False
    while not done:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["header"]["msg_type"]
        if kind == "stream":
            out.append(msg["content"]["text"])
        elif kind == "error":
            raise AssertionError("\n".join(msg["content"]["traceback"]))
        done = kind == "status" and msg["content"]["execution_state"] == "idle"
    ws.close()
    requests.delete(f"{base}/user/{user}/api/kernels/{kid}", headers=auth, timeout=30)
    return "".join(out)


def test_each_user_gets_a_server_opens_the_start_page_and_keeps_progress_private(hub):
    import requests

    base, admin = hub
    a, b = USERS
    tokens = {}
    for user in USERS:
        session = _login(base, user)                          # the dummy authenticator lets them in
        _wait_ready(base, admin, user)
        page = session.get(f"{base}/user/{user}/", timeout=120)
        assert page.ok and page.url.endswith(f"/user/{user}/lab/tree/{START}"), page.url
        nb = session.get(f"{base}/user/{user}/api/contents/{START}", timeout=60)
        assert nb.ok and nb.json()["type"] == "notebook"   # copied into the user's own home at start
        tokens[user] = requests.post(f"{base}/hub/api/users/{user}/tokens", json={"expires_in": 600},
                                     headers={"Authorization": f"token {admin}"}, timeout=30).json()["token"]
    for user in USERS:
        got = json.loads(_run(base, user, tokens[user], _RECORD).strip().splitlines()[-1])
        assert got == {"store": _progress(user), "attempts": 1}
    for user, other in ((a, b), (b, a)):
        assert Path(_progress(other)).is_file()
        assert _run(base, user, tokens[user], _PEEK.format(other=_progress(other))).split() == ["denied", "False"]
    assert Path(_progress(a)).stat().st_uid != Path(_progress(b)).stat().st_uid
    foreign = requests.get(f"{base}/user/{b}/api/contents/{START}", headers={"Authorization": f"token {tokens[a]}"},
                           timeout=30, allow_redirects=False)
    assert foreign.status_code in (403, 404), foreign.status_code
