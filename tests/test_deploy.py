"""The hub set-up, checked statically (no Docker daemon here): the image installs the kit as a
normal package with its font, copies the notebooks and opens the start page; Binder, Zero to
JupyterHub and The Littlest JupyterHub recipes agree on that start page."""
import re
import shlex
from pathlib import Path
from types import SimpleNamespace

import yaml

from crm_study.classroom.distribute import START_PAGE

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
_KNOWN = {"FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "USER", "WORKDIR", "LABEL", "EXPOSE", "CMD", "ENTRYPOINT"}


def _instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), " ".join(rest.split())))
    return out


def _start_url(lang: str = "zh") -> str:
    return "/lab/tree/crm-study/" + START_PAGE.format(lang=lang)


def test_dockerfile_builds_on_a_jupyter_image_with_the_chinese_font():
    steps = _instructions(DEPLOY / "Dockerfile")
    assert {w for w, _ in steps} <= _KNOWN
    assert steps[0][0] == "FROM" and steps[0][1].startswith(("quay.io/jupyter/", "python:3.11-slim"))
    runs = [a for w, a in steps if w == "RUN"]
    assert any("apt-get install" in r and "fonts-noto-cjk" in r for r in runs)


def test_dockerfile_installs_the_kit_as_a_normal_package_and_copies_the_notebooks():
    steps = _instructions(DEPLOY / "Dockerfile")
    copy = next(a for w, a in steps if w == "COPY")
    src, target = [t for t in shlex.split(copy) if not t.startswith("--")]
    assert src == "."                                          # built from the repository root
    pip = next(r for w, r in steps if w == "RUN" and "pip install" in r)
    args = shlex.split(pip.split("&&")[0])
    assert target in args and "-e" not in args and "--editable" not in args
    copy_cmd = next(r for w, r in steps if w == "RUN" and "crm-study notebooks copy" in r)
    assert "/home/${NB_USER}/crm-study" in copy_cmd
    assert steps.index(("RUN", copy_cmd)) > steps.index(("RUN", pip))


def test_the_image_opens_the_start_page():
    steps = _instructions(DEPLOY / "Dockerfile")
    config = next(r for w, r in steps if w == "RUN" and "default_url" in r)
    assert f'"default_url": "{_start_url()}"' in config and "jupyter_server_config.d" in config
    assert (ROOT / START_PAGE.format(lang="zh")).is_file()


def test_binder_uses_the_same_dockerfile_and_the_context_leaves_out_local_folders():
    assert (ROOT / ".binder" / "Dockerfile").resolve() == (DEPLOY / "Dockerfile").resolve()
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", ".hub"} <= set(ignored)
    assert not {"datasets", "quizzes", "notebooks", "crm_study"} & set(ignored)


def test_zero_to_jupyterhub_values_copy_the_notebooks_and_open_the_start_page():
    values = yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8"))["singleuser"]
    assert values["defaultUrl"] == _start_url()
    assert values["lifecycleHooks"]["postStart"]["exec"]["command"] == \
        ["crm-study", "notebooks", "copy", "/home/jovyan/crm-study"]


def test_tljh_recipe_copies_the_notebooks_before_the_server_starts():
    c = SimpleNamespace(Spawner=SimpleNamespace())
    exec((DEPLOY / "tljh" / "crm_study.py").read_text(encoding="utf-8"), {"c": c})
    assert c.Spawner.default_url == _start_url()
    shell, flag, script, dashdash = c.Spawner.cmd
    assert (shell, flag, dashdash) == ("/bin/sh", "-c", "--")
    copy, start = script.split(" && ")
    assert shlex.split(copy) == ["/opt/tljh/user/bin/crm-study", "notebooks", "copy", "$HOME/crm-study"]
    assert start == 'exec /opt/tljh/user/bin/jupyterhub-singleuser "$@"'


def test_hub_test_is_documented_and_installs_its_tools_locally():
    script = (DEPLOY / "hubtest.sh").read_text(encoding="utf-8")
    assert "--prefix .hub configurable-http-proxy" in script and ".[hub]" in script
    assert "CRM_STUDY_HUBTEST=1" in script and "tests/test_hub.py" in script
    assert ".hub/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "deploy/hubtest.sh" in (DEPLOY / "README.md").read_text(encoding="utf-8")
