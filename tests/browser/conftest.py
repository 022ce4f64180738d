"""Browser tests: Playwright drives Debian's Chromium against a live test server.

Without Chromium (or the axe-core npm package) these tests skip with the reason,
unless REQUIRE_BROWSER=1, where they fail: CI sets it so they can never be
skipped silently.
"""

import os
from pathlib import Path

import pytest
from pytest_django.live_server_helper import LiveServer

from tests.conftest import build_site_tree

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse the ORM calls the tests make to set up content.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
FAILURES = ROOT / "test-artifacts" / "failures"
# The pages' screenshots (every page type, both widths, both themes; each journey step)
# are taken on request: SCREENSHOTS=1 make test. A failing test's open tabs always are.
TAKE_SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"
OPEN_VISITORS = []
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _unavailable():
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    if not AXE.exists():
        return "axe-core is not installed (run `npm ci`)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _unavailable()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but browser tests cannot run: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# axe-core's rules whose outcome depends on the page's colours.
THEME_RULES = ["color-contrast", "link-in-text-block"]
WIDTHS = (("phone", PHONE), ("desktop", DESKTOP))


def check_pages(open_tab, pages, also=None):
    """``Visitor.check_page`` for each of ``pages`` ((name, path) or (name, path, status))
    at both widths, one tab per width, as a visitor browsing the site: each page in the
    light theme, then in the dark one as the visitor's system switches to it
    (``Visitor.check_theme``); ``also(visitor, name)`` checks more on each page."""
    for label, viewport in WIDTHS:
        visitor = open_tab(viewport=viewport, color_scheme="light", axe_on_every_page=True)
        for name, path, *status in pages:
            visitor.check_page(path, f"{name}-{label}-light", *status)
            visitor.check_theme("dark", f"{name}-{label}-dark")
            if also is not None:
                also(visitor, name)
        visitor.close()


class Visitor:
    """A browser tab that records console errors (CSP violations among them)."""

    def __init__(
        self,
        browser,
        base_url,
        viewport=DESKTOP,
        color_scheme="light",
        axe_on_every_page=False,
        **options,
    ):
        # bypass_csp lets the tests inject axe-core; the page's own CSP violations
        # are still reported, because the header is checked in Python tests and
        # the browser console is watched here.
        self.context = browser.new_context(
            viewport=viewport, color_scheme=color_scheme, bypass_csp=True, **options
        )
        if axe_on_every_page:
            # A tab that checks every page it opens: axe-core is in each page from its
            # start, rather than sent again after each load.
            self.context.add_init_script(path=str(AXE))
        self.page = self.context.new_page()
        self.color_scheme = color_scheme
        OPEN_VISITORS.append(self)
        self.base_url = base_url
        self.console_errors = []
        self.foreign_requests = []
        self.page.on("request", self._on_request)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.on("response", self._on_response)
        self.page.on(
            "requestfailed", lambda request: self.console_errors.append(f"failed: {request.url}")
        )

    def _on_console(self, message):
        # Failed loads are reported precisely by _on_response, which can tell the
        # page itself (a 404 page is meant to answer 404) from its resources.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(message.text)

    def _on_request(self, request):
        if not request.url.startswith((self.base_url, "data:")):
            self.foreign_requests.append(request.url)

    def _on_response(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.console_errors.append(f"{response.status}: {response.url}")

    def goto(self, path):
        return self.page.goto(self.base_url + path, wait_until="load")

    def axe_violations(self, include=None, rules=None):
        """axe-core's violations on the page, or only inside the elements ``include`` (CSS
        selectors) selects: on admin screens, the parts this project adds; only ``rules``
        (axe's rule ids) when given."""
        if not self.page.evaluate("() => typeof axe === 'object'"):
            self.page.add_script_tag(path=str(AXE))
        # axe refuses a second run while one is under way on the page ("Axe is already
        # running"), as when a page restored from the back/forward cache is checked
        # again: wait for it, as a person waits for the page to settle.
        result = self.page.evaluate(
            """async ([include, rules]) => {
                const options = rules
                    ? {resultTypes: ['violations'], runOnly: {type: 'rule', values: rules}}
                    : {resultTypes: ['violations']};
                for (let attempt = 0; ; attempt++) {
                    try {
                        return await axe.run(include ? {include: include} : document, options);
                    } catch (error) {
                        if (attempt > 100 || !String(error).includes('already running')) throw error;
                        await new Promise((resolve) => setTimeout(resolve, 100));
                    }
                }
            }""",
            [[[selector] for selector in include] if include else None, rules],
        )
        return [
            f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes: "
            + ", ".join(node["target"][0] for node in violation["nodes"][:3])
            + ")"
            for violation in result["violations"]
        ]

    def check_page(self, path, name, status=200):
        """Open ``path`` and check what every public page owes a visitor: it answers
        ``status``, fits the screen, passes axe-core, breaks no policy (console) and asks
        no other host; a screenshot ``name`` when they are asked for. In the dark theme
        axe checks the rules that depend on colours (``THEME_RULES``): the others read the
        page's structure, the same in both themes, and are checked in the light one."""
        self.console_errors.clear()
        self.foreign_requests.clear()
        response = self.goto(path)
        assert response.status == status, (name, path, response.status)
        self.screenshot(name)
        assert self.horizontal_overflow() <= 0, name
        rules = THEME_RULES if self.color_scheme == "dark" else None
        assert self.axe_violations(rules=rules) == [], name
        assert self.console_errors == [], name
        assert self.foreign_requests == [], name
        return response

    def check_theme(self, scheme, name):
        """Switch the page open to ``scheme`` as the visitor's system does, and check what
        depends on colours once they have settled (links fade theirs): axe-core's colour
        rules (``THEME_RULES``), the fit and the console; a screenshot ``name`` when they
        are asked for. The tab goes back to its own theme afterwards."""
        self.page.emulate_media(color_scheme=scheme)
        self.page.evaluate(
            "() => Promise.all(document.getAnimations().map((animation) => animation.finished))"
        )
        self.screenshot(name)
        assert self.horizontal_overflow() <= 0, name
        assert self.axe_violations(rules=THEME_RULES) == [], name
        assert self.console_errors == [], name
        self.page.emulate_media(color_scheme=self.color_scheme)

    def horizontal_overflow(self):
        return self.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )

    def screenshot(self, name, folder=SCREENSHOTS, when_asked=True):
        """A full-page screenshot, when screenshots were asked for (``SCREENSHOTS=1``)."""
        if when_asked and not TAKE_SCREENSHOTS:
            return None
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self):
        if self in OPEN_VISITORS:
            OPEN_VISITORS.remove(self)
        self.context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing browser test leaves a screenshot of each tab it had open."""
    report = yield
    if report.when == "call" and report.failed:
        for number, visitor in enumerate(list(OPEN_VISITORS)):
            try:
                visitor.screenshot(f"{item.name}-{number}", folder=FAILURES, when_asked=False)
            except Exception:  # noqa: BLE001, S112 - a closed or crashed tab: nothing to show
                continue
    return report


@pytest.fixture
def visit(browser, live_server):
    visitors = []

    def open_tab(**options):
        visitor = Visitor(browser, live_server.url, **options)
        visitors.append(visitor)
        return visitor

    yield open_tab
    for visitor in visitors:
        visitor.close()


@pytest.fixture(scope="session")
def demo_server(demo_database):
    """A live server on the demo the session loaded once, for browser tests that only read:
    they run among the other tests on the demo, and nothing is flushed after them."""
    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def demo_visit(browser, demo_server, demo_site):
    """``visit`` on the demo server."""
    visitors = []

    def open_tab(**options):
        visitor = Visitor(browser, demo_server.url, **options)
        visitors.append(visitor)
        return visitor

    yield open_tab
    for visitor in visitors:
        visitor.close()


@pytest.fixture
def live_demo_site(live_server):
    """The demo home page and members in the live server's database (flushed after every
    test), without the papers and highlights: the pages these tests add are then the only
    content of their kind, and the home page checked is the mission and the members."""
    from demo.home import HomeLoader
    from demo.people import PeopleLoader

    home = build_site_tree()
    PeopleLoader().load()
    HomeLoader().load()
    return home
