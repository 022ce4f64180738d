"""The publication list and a paper page in a real browser."""

import re

from playwright.sync_api import expect

from .conftest import check_pages


def math_font_loads(visitor, name):
    """On a paper, the self-hosted math font's faces load and decode (a broken subset would
    not): the core with the MATH table, and the italic letters."""
    if not name.startswith("paper"):
        return
    for sample in ("∑", "𝑥"):
        faces = visitor.page.evaluate(
            "async (text) => (await document.fonts.load('16px \"STIX Two Math\"', text)).length",
            sample,
        )
        assert faces == 1, (name, sample)


def test_publication_pages_are_accessible_fit_and_filter_without_javascript(demo_visit):
    check_pages(
        demo_visit,
        (
            ("publications", "/publications/"),
            # The three most math-heavy abstracts of the demo.
            ("paper", "/publications/poisson-flow-generative-models/"),
            (
                "paper-pfgm",
                "/publications/pfgm-unlocking-the-potential-of-physics-inspired-generative-models/",
            ),
            ("paper-quanta", "/publications/the-quantization-model-of-neural-scaling/"),
        ),
        also=math_font_loads,
    )


def test_filtering_works_with_javascript_off(browser, demo_server, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_server.url + "/publications/")

    page.select_option("#pub-member", "wes-gurnee")
    page.get_by_role("button", name="Apply").click()

    # Assertions that wait: the click starts a navigation, it does not wait for the page.
    # One filter has a list of its own: the form's query string is sent to its path.
    expect(page).to_have_url(re.compile(r"/publications/member/wes-gurnee/$"))
    expect(page.locator(".pub")).to_have_count(2)
    # Two filters are a combination, which stays a query string.
    page.select_option("#pub-year", page.locator("#pub-year option").nth(1).get_attribute("value"))
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"[?&]member=wes-gurnee(&|$)"))
    page.locator(".pub details summary").first.click()
    assert page.locator(".pub details").first.get_attribute("open") is not None
    context.close()
