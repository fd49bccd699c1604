"""`quotegen serve` in Debian's chromium: an open page redraws itself after an edit, no manual reload."""

from __future__ import annotations


import pytest

from .helpers import CHROMIUM, NO_CHROMIUM, chromium
from .test_serve import Server, save, three_roles


pytestmark = [
    pytest.mark.slow,  # a real server and a real browser
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]


@pytest.fixture
def browser():
    with chromium() as launched:
        yield launched


def test_an_open_page_follows_edits_by_itself(browser, tmp_path):
    (tmp_path / "clients").mkdir()
    path = tmp_path / "clients" / "live.yaml"
    path.write_text(three_roles(name="Before The Edit Co"), encoding="utf-8")
    server = Server(tmp_path)
    try:
        page = browser.new_page()
        index = browser.new_page()
        problems: list[str] = []  # script errors and refused content (the page's CSP) would show here
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(server.url + "live.html")
        index.goto(server.url)
        assert "Before The Edit Co" in page.inner_text("body")
        navigations: list[str] = []
        page.on("framenavigated", lambda frame: navigations.append(frame.url))

        save(path, three_roles(name="After The Edit Co"))
        page.wait_for_function("() => document.body && document.body.innerText.includes('After The Edit Co')", timeout=10_000)

        save(path, three_roles(name="After The Edit Co", salary="abc"))
        page.wait_for_selector("h1:has-text('clients/live.yaml: 1 problem')", timeout=10_000)
        assert page.inner_text("pre") == (
            "clients/live.yaml:11:13: roles[0].salary: must be a plain number like 33000 or 33000.50, not 'abc'"
        )
        index.wait_for_selector("td.invalid:has-text('does not validate')", timeout=10_000)

        save(path, three_roles(name="Fixed In Place Co"))
        page.wait_for_function("() => document.body && document.body.innerText.includes('Fixed In Place Co')", timeout=10_000)
        index.wait_for_selector("td.ok", timeout=10_000)

        assert navigations == [server.url + "live.html"] * 3  # reloaded by its own script, once per edit
        # The problems page comes with status 422, which chromium notes; nothing else may be logged.
        assert problems == ["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]
    finally:
        assert server.stop() == 130
