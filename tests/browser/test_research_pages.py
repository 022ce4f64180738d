"""The home page, the research page and a highlight, in a real browser, with the demo content."""

import wagtail_factories
from playwright.sync_api import expect

from research.models import ResearchHighlightPage

from .conftest import DESKTOP, PHONE, check_pages

HIGHLIGHT = "/research/omnigrok-grokking-beyond-algorithmic-data/"


def test_a_visitor_goes_from_the_home_page_to_a_highlight_its_paper_and_an_author(demo_visit):
    visitor = demo_visit(viewport=DESKTOP)
    page = visitor.page
    visitor.goto("/")

    page.get_by_role("link", name="Omnigrok: Grokking Beyond Algorithmic Data").first.click()
    page.wait_for_url("**" + HIGHLIGHT)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Omnigrok: Grokking Beyond Algorithmic Data"
    )
    assert page.get_by_text("ICLR 2023 (Spotlight)").first.is_visible()

    page.locator("#the-paper ~ article .pub__title a").click()
    page.wait_for_url("**/publications/omnigrok-grokking-beyond-algorithmic-data/")
    assert page.locator(".paper__title").inner_text().startswith("Omnigrok")
    # The paper page lists the highlight that features it.
    assert page.locator("#research-highlights").is_visible()

    page.locator(".paper__authors").get_by_role("link", name="Eric J. Michaud").click()
    page.wait_for_url("**/people/eric-j-michaud/")
    assert page.get_by_role("heading", level=1).inner_text() == "Eric J. Michaud"
    assert page.locator("#research-highlights ~ ol").get_by_text("Omnigrok").first.is_visible()
    assert visitor.console_errors == []
    assert visitor.foreign_requests == []


def test_home_research_and_highlight_pages_are_accessible_and_fit(demo_visit):
    # One highlight with a figure, so that the figure layout is checked too.
    highlight = ResearchHighlightPage.objects.get(slug="omnigrok-grokking-beyond-algorithmic-data")
    highlight.figure = wagtail_factories.ImageFactory(file__width=1200, file__height=700)
    highlight.figure_alt_text = "Test loss falling long after training loss"
    highlight.figure_caption = "Grokking: generalisation long after memorisation."
    highlight.save_revision().publish()

    check_pages(
        demo_visit,
        (("home", "/"), ("research", "/research/"), ("highlight", HIGHLIGHT)),
    )


def test_site_search_works_without_javascript(browser, demo_server, demo_site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(demo_server.url + "/")

    page.locator(".header-search__button").click()
    page.wait_for_url("**/search/?q=")
    page.fill("#search-q", "Tegmark")
    page.locator(".search-form button").click()

    # Assertions that wait: the click starts a navigation, it does not wait for the page.
    expect(page.locator("#group-people")).to_be_visible()
    expect(page.locator("#group-publications")).to_be_visible()
    context.close()
