"""A student's path through the Chinese edition in a real browser (Playwright driving Debian's chromium).

`kit.py lab` serves the repository; the browser opens the start page, follows the link to chapter 04,
runs it, moves a try-it slider, follows the "English version" link, opens the chapter-04 practice page
from the start page, answers questions there, finds the missed one in the 错题本, and opens the mock
exam's printable paper. Any "Error
displaying widget", raw widget repr, cell that raises or writes to stderr, or JavaScript console error
fails the test. Screenshots of every step go to build/screenshots/ for people to look at.

No browser is downloaded: Playwright launches /usr/bin/chromium (`apt-get install chromium
fonts-noto-cjk`; `.ci/run` does this in CI). Outside CI the test is skipped when chromium or Playwright
is missing; under CI=true that is a failure.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from crm_study.i18n import pick
from crm_study.quiz import load_bank
from lab_server import ROOT, TOKEN, kit_lab

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "build" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
ACTIVE = "#jp-main-dock-panel .jp-NotebookPanel:not(.lm-mod-hidden)"
CARD = ".widget-vbox:has(> button.widget-button)"
RAW_WIDGET = re.compile(r"\b[A-Z]\w*\((?:children|layout|description|value|options|style)=")
# JupyterLab user settings for the test server: no news pop-up over the screenshots, and no autosave,
# so running notebooks in the browser never rewrites the repository's files.
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true: .ci/run installs chromium; kit.py test installs Playwright)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is missing: python3 kit.py test installs it (the `test` extra)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    settings = tmp_path_factory.mktemp("lab-settings")
    for name, values in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values), encoding="utf-8")
    env = {"JUPYTERLAB_SETTINGS_DIR": str(settings),  # and a fresh workspace: no tabs left open by an earlier run
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path_factory.mktemp("lab-workspaces"))}
    with kit_lab(tmp_path_factory.mktemp("home"), env=env) as server:
        yield server


class Student:
    """The browser page plus what the test watches: console errors, screenshots, timings."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.shots: list[str] = []
        self.timings: dict[str, float] = {}
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def shot(self, name: str, element=None) -> None:
        if element is not None:
            element.evaluate("e => e.scrollIntoView({block: 'center'})")
            self.page.wait_for_timeout(300)
        path = SHOTS / f"{len(self.shots) + 1:02d}_{name}.png"
        self.page.screenshot(path=str(path))
        self.shots.append(path.name)

    def active(self):
        return self.page.locator(ACTIVE)

    def wait_for_notebook(self, path: str) -> None:
        """Wait until ``path`` is the active notebook and shown."""
        self.page.wait_for_function("p => location.pathname.endsWith('/lab/tree/' + p)", arg=path, timeout=60_000)
        self.page.wait_for_function(  # the page drawn (its title rendered) and its kernel started
            "sel => { const p = document.querySelector(sel); return p && !p.querySelector('.jp-Spinner') "
            "&& p.querySelector('.jp-MarkdownCell .jp-RenderedMarkdown h1') "
            "&& /\\| Idle/.test(document.querySelector('#jp-main-statusbar').innerText); }", arg=ACTIVE, timeout=90_000)
        # A student reads the page before pressing Run All. Running at once races the widget manager,
        # which restores the kernel's widgets when the kernel connects and can drop models the first
        # cells have just created (jupyter-widgets/ipywidgets#2570, #2748): the page logs "widget model
        # not found". Wait until the kernel has stayed idle for a second and a half.
        self.page.evaluate("() => { delete window.__crmIdleSince; }")
        self.page.wait_for_function(
            """() => { const idle = /\\| Idle/.test(document.querySelector('#jp-main-statusbar').innerText);
                       const now = performance.now();
                       if (!idle || window.__crmIdleSince === undefined) window.__crmIdleSince = now;
                       if (!idle) return false;
                       return now - window.__crmIdleSince > 1500; }""", polling=100, timeout=60_000)

    def run_all(self, label: str) -> None:
        """Run > Run All Cells, wait until every code cell has run, then check nothing went wrong."""
        start = time.monotonic()
        self.page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        self.page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        self.page.wait_for_function(
            """sel => { const p = document.querySelector(sel);
                        const prompts = [...p.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim());
                        return prompts.length > 0 && prompts.every(t => /^\\[\\d+\\]:$/.test(t)); }""",
            arg=ACTIVE, timeout=240_000)
        self.page.wait_for_function(
            "sel => !document.querySelector(sel).innerText.includes('Loading widget')", arg=ACTIVE, timeout=60_000)
        self.timings[label] = round(time.monotonic() - start, 1)
        self.assert_clean(label)

    def assert_clean(self, label: str) -> None:
        panel = self.active()
        text = panel.inner_text()
        assert "Error displaying widget" not in text and "Loading widget" not in text, label
        outputs = panel.locator(".jp-OutputArea-output").all_inner_texts()
        raw = [t[:120] for t in outputs if RAW_WIDGET.search(t)]
        assert raw == [], f"{label}: raw widget reprs instead of widgets: {raw}"
        stderr = panel.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
        assert stderr == [], f"{label}: a cell raised or wrote to stderr: {[t[:400] for t in stderr]}"
        assert self.errors == [], f"{label}: JavaScript console errors: {self.errors}"

    def card(self, item):
        """The quiz card of a bank item (found by its prompt), on the active page."""
        prompt = pick(item.case if item.type == "case" else item.prompt, "zh")
        return self.active().locator(CARD).filter(has_text=prompt).first

    def check(self, card) -> str:
        """Press 检查答案 and return the feedback text once it appears."""
        feedback = card.locator(":scope > .widget-html").last
        before = feedback.inner_text()
        card.locator(":scope > button.widget-button").click()
        self.page.wait_for_function("([el, b]) => el.innerText.trim() !== '' && el.innerText !== b",
                                    arg=[feedback.element_handle(), before], timeout=30_000)
        return feedback.inner_text()


def _tryit_slider_and_output(page):
    """The first slider handle that drives a widget output with a chart (a try-it panel), and that output."""
    found = page.evaluate_handle("""sel => {
        for (const handle of document.querySelector(sel).querySelectorAll('.noUi-handle')) {
            for (let el = handle.parentElement; el; el = el.parentElement) {
                const out = el.querySelector('.widget-output');
                if (out && out.querySelector('img')) return [handle, out];
                if (el.classList.contains('jp-Cell')) break;
            }
        }
        return null; }""", ACTIVE)
    assert found.json_value() is not None, "no try-it panel (a slider driving a chart) in chapter 04"
    return found.get_property("0").as_element(), found.get_property("1").as_element()


def test_a_student_walks_through_the_chinese_edition(browser, lab):
    if SHOTS.exists():
        shutil.rmtree(SHOTS)
    SHOTS.mkdir(parents=True)
    bank = load_bank().select(chapter="04")
    page = browser.new_page(viewport={"width": 1600, "height": 1100}, locale="zh-CN")
    me = Student(page)
    page.set_default_timeout(60_000)
    try:
        _walk(me, lab, bank)
    except BaseException:
        me.shot("FAILED_here")
        raise
    finally:
        print("\nscreenshots in", SHOTS.relative_to(ROOT), ":", ", ".join(me.shots))
        print("seconds:", me.timings)
        page.close()


def _walk(me: Student, lab, bank) -> None:
    page = me.page

    # 1. The address kit.py lab prints leads to the Chinese start page.
    start = time.monotonic()
    page.goto(f"{lab.url}/?token={TOKEN}")
    me.wait_for_notebook("notebooks/zh/00_start_here.ipynb")
    me.timings["start page shown"] = round(time.monotonic() - start, 1)
    me.shot("start_page")
    me.assert_clean("start page")

    # 2. Its chapter list links chapter 04; the link opens it in JupyterLab.
    chapter_link = me.active().locator("a[href*='notebooks/zh/04_customer_value.ipynb']").first
    me.shot("start_page_chapter_list", chapter_link)
    chapter_link.click()
    me.wait_for_notebook("notebooks/zh/04_customer_value.ipynb")
    me.shot("chapter04_before_running")
    me.assert_clean("chapter 04 (zh) before running")  # saved widget outputs show their text, not an error
    me.run_all("chapter 04 (zh)")
    me.shot("chapter04_after_run_all")

    # 3. Moving a try-it slider changes the panel's output.
    handle, output = _tryit_slider_and_output(page)
    before = output.inner_html()
    me.shot("chapter04_tryit_before", handle)
    handle.focus()
    for _ in range(3):
        handle.press("ArrowLeft")
    page.wait_for_function("([out, b]) => out.innerHTML !== b && out.querySelector('img')", arg=[output, before],
                           timeout=30_000)
    me.shot("chapter04_tryit_after_slider", handle)
    me.assert_clean("chapter 04 try-it")

    # 4. The "English version" link opens the English chapter.
    english = me.active().locator("a[href*='notebooks/en/04_customer_value.ipynb']").first
    english.scroll_into_view_if_needed()
    english.click()
    me.wait_for_notebook("notebooks/en/04_customer_value.ipynb")
    me.active().locator("a[href*='notebooks/zh/04_customer_value.ipynb']").first.wait_for()  # its link back
    me.shot("chapter04_english_version")
    me.assert_clean("English chapter 04")

    # 5. Back on the start page, its link opens the chapter-04 practice page (quizzes/ is served too).
    _open_from_start_page(me, "quizzes/zh/ch04_practice.ipynb")
    me.run_all("chapter-04 practice (zh)")

    # 6. A true/false item answered wrong, then right; an empty Check only gives a hint.
    tf_items = [it for it in bank if it.type == "true_false"]
    missed, other = tf_items[0], tf_items[1]
    card = me.card(missed)
    wrong, right = ("错（×）", "对（√）") if missed.answer else ("对（√）", "错（×）")
    card.get_by_text(wrong, exact=True).click()
    feedback = me.check(card)
    assert feedback.startswith("✘") and "回答不正确" in feedback, feedback
    me.shot("practice_true_false_wrong", card)
    card.get_by_text(right, exact=True).click()
    feedback = me.check(card)
    assert feedback.startswith("✔") and "回答正确" in feedback, feedback
    me.shot("practice_true_false_right", card)
    blank = me.card(other)
    assert "还没有作答" in me.check(blank)
    me.shot("practice_empty_check_hint", blank)

    # 7. A number typed with its unit, "266.67元".
    numeric = next((it for it in bank if it.type == "numeric" and abs(it.answer - 266.67) < 0.005), None)
    assert numeric is not None, "the chapter-04 bank has no calculation whose answer is 266.67"
    card = me.card(numeric)
    card.locator("input[type='text']").fill("266.67元")
    feedback = me.check(card)
    assert feedback.startswith("✔"), feedback
    me.shot("practice_numeric_266_67_yuan", card)

    # 8. A short answer, written from the model answer: it earns points and the feedback explains them.
    short = next(it for it in bank if it.type == "short_answer")
    card = me.card(short)
    card.locator("textarea").fill(pick(short.model_answer, "zh"))
    feedback = me.check(card)
    assert re.match(r"^[✔◐] ", feedback) and "/ " in feedback, feedback
    me.shot("practice_short_answer", card)
    me.assert_clean("practice answers")

    # 9. The 错题本 (linked from the start page) brings back the missed true/false item, marked as a mistake.
    _open_from_start_page(me, "quizzes/zh/review.ipynb")
    me.run_all("错题本 (zh)")
    card = me.card(missed)
    card.wait_for()
    assert "错题" in card.inner_text(), card.inner_text()
    me.shot("review_missed_item", card)
    assert me.card(other).count() == 0, "an item checked with no answer must not reach the 错题本"
    me.assert_clean("错题本")

    # 10. The mock exam (from the start page) links its printable paper, which opens in JupyterLab.
    _open_from_start_page(me, "quizzes/zh/mock_exam.ipynb")
    paper_link = me.active().locator("a[href*='quizzes/zh/mock-exam/paper.html']").first
    me.shot("mock_exam_printable_paper_link", paper_link)
    paper_link.click()
    page.wait_for_function("() => location.pathname.endsWith('/lab/tree/quizzes/zh/mock-exam/paper.html')")
    frame = page.frame_locator("#jp-main-dock-panel .jp-HTMLViewer:not(.lm-mod-hidden) iframe")
    frame.locator("h2").first.wait_for()
    assert frame.locator("h2").first.inner_text().startswith("一、判断题")
    me.shot("mock_exam_paper_html")
    assert me.errors == [], f"mock exam: JavaScript console errors: {me.errors}"


def _open_from_start_page(me: Student, path: str) -> None:
    """Go back to the start page's tab and follow its link to ``path``."""
    me.page.click(".lm-DockPanel-tabBar .lm-TabBar-tab[title*='notebooks/zh/00_start_here.ipynb']")
    me.wait_for_notebook("notebooks/zh/00_start_here.ipynb")
    link = me.active().locator(f"a[href*='{path}']").first
    link.scroll_into_view_if_needed()
    link.click()
    me.wait_for_notebook(path)
