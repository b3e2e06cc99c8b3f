"""Shared test set-up: a headless matplotlib, a private progress folder, and the
language restored after every test so tests cannot leak state into each other."""
from __future__ import annotations

import matplotlib
import pytest

import crm_study

# Headless drawing in this process only: an environment variable would leak into the
# notebook kernels nbval starts and replace their inline backend.
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _restore_language():
    before = crm_study.get_language()
    yield
    crm_study.set_language(before)


@pytest.fixture
def english():
    """English messages for a test module's assertions (``pytestmark = pytest.mark.usefixtures("english")``);
    the language is restored by ``_restore_language``."""
    crm_study.set_language("en")


@pytest.fixture
def store(tmp_path):
    """An empty progress store in the test's own folder."""
    from crm_study.quiz import ProgressStore

    return ProgressStore(tmp_path / "progress.sqlite")


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch):
    """Progress data goes to a fresh folder, never the user's own."""
    monkeypatch.setenv("CRM_STUDY_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture(params=["zh", "en"])
def lang(request):
    """Run a test once in each language; yields the language code."""
    crm_study.set_language(request.param)
    return request.param


@pytest.fixture
def case_table():
    """A case's inline table under the given column names, cells as the English paper shows them."""
    from crm_study.quiz import case_data

    return lambda item, *columns: case_data(item, *columns, lang="en")
