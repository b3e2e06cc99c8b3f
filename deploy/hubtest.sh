#!/usr/bin/env bash
# The local JupyterHub test (tests/test_hub.py): not part of `python3 kit.py test` because it is
# heavy. Run as root from anywhere:  deploy/hubtest.sh
# Installs JupyterHub (the `hub` extra) into .venv and configurable-http-proxy (npm) into .hub/,
# both once, then runs the test: it creates two Unix users, starts a hub on 127.0.0.1 and removes
# the users again.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import kit; kit.ensure_env()"
.venv/bin/python -c "import jupyterhub" 2>/dev/null || .venv/bin/pip install -q --disable-pip-version-check -e ".[hub]"
[ -x .hub/node_modules/.bin/configurable-http-proxy ] || npm install --no-audit --no-fund --prefix .hub configurable-http-proxy@5
CRM_STUDY_HUBTEST=1 exec .venv/bin/python -m pytest -p no:cacheprovider tests/test_hub.py -v --durations=0 "$@"
