"""The static copy in a real browser, served by Debian's nginx under /lab/: Pagefind finds
"grokking" and its filters narrow the results; pages read and navigate with JavaScript off;
a sample of pages passes axe at phone and desktop widths."""

import pytest

from .conftest import DESKTOP, PHONE, Visitor

SAMPLE = [
    "",
    "people/",
    "people/max-tegmark/",
    "publications/",
    "publications/year/2023/",
    "publications/omnigrok-grokking-beyond-algorithmic-data/",
    "research/",
    "research/omnigrok-grokking-beyond-algorithmic-data/",
    "search/?q=grokking",
]


@pytest.fixture
def static_visit(browser, served_copy, demo_site):
    visitors = []

    def open_tab(**options):
        visitor = Visitor(browser, served_copy["base"].rstrip("/"), **options)
        visitors.append(visitor)
        return visitor

    yield open_tab
    for visitor in visitors:
        visitor.close()


def search(page, words, filters=None):
    """Pagefind's own API on the copy: the URLs of the results for ``words``."""
    return page.evaluate(
        """async ([words, filters]) => {
            const pagefind = await import("/lab/pagefind/pagefind.js");
            const found = await pagefind.search(words, filters ? {filters} : {});
            const data = await Promise.all(found.results.map((r) => r.data()));
            return data.map((d) => d.url);
        }""",
        [words, filters],
    )


def test_pagefind_finds_grokking_and_its_filters_narrow_the_results(static_visit):
    visitor = static_visit(viewport=DESKTOP)
    page = visitor.page
    visitor.goto("/search/?q=grokking")
    # The header's search box sends its words here; Pagefind's interface shows the results.
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for()
    titles = results.all_inner_texts()
    assert any("Omnigrok" in title for title in titles), titles
    hrefs = [link.get_attribute("href") for link in results.all()]
    assert all(href.startswith("/lab/") for href in hrefs), hrefs

    everything = search(page, "grokking")
    assert "/lab/publications/omnigrok-grokking-beyond-algorithmic-data/" in everything
    in_2022 = search(page, "grokking", {"year": "2022"})
    assert in_2022 and set(in_2022) < set(everything)
    by_ziming = search(page, "grokking", {"member": "Ziming Liu"})
    assert "/lab/publications/omnigrok-grokking-beyond-algorithmic-data/" in by_ziming
    assert set(by_ziming) <= set(everything)
    conference = search(page, "grokking", {"type": "Conference paper"})
    assert conference and set(conference) <= set(everything)
    filters = page.evaluate(
        """async () => {
            const pagefind = await import("/lab/pagefind/pagefind.js");
            return await pagefind.filters();
        }"""
    )
    # (The demo's papers have no topics: the seeds give none; a topic filter appears with them.)
    assert {"year", "type", "member"} <= set(filters), filters
    # A filter in the interface narrows what is shown.
    page.locator(".pagefind-ui__filter-name", has_text="year").first.click()
    page.locator(".pagefind-ui__filter-checkbox[value='2022']").first.check()
    page.wait_for_function(
        "(n) => document.querySelectorAll('.pagefind-ui__result').length < n", arg=len(titles)
    )
    visitor.screenshot("static-copy-search-desktop")
    assert visitor.console_errors == []
    assert visitor.foreign_requests == []


def test_the_copy_reads_and_navigates_with_javascript_off(static_visit):
    visitor = static_visit(viewport=PHONE, java_script_enabled=False)
    page = visitor.page
    visitor.goto("/")
    page.get_by_role("link", name="Publications").first.click()
    page.wait_for_url("**/lab/publications/")
    # The filters are links to their own pages; the first group (years) is open.
    page.locator("nav.browse").get_by_role("link", name="2023", exact=False).first.click()
    page.wait_for_url("**/lab/publications/year/2023/")
    assert "2023" in page.locator("h2").first.inner_text()
    page.locator(".pub__title a").first.click()
    page.wait_for_url("**/lab/publications/*/")
    assert page.locator("h1").inner_text()
    visitor.goto("/search/")
    assert "needs JavaScript" in page.locator("main").inner_text()
    visitor.screenshot("static-copy-list-phone-no-js")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_sample_of_the_copy_passes_axe(static_visit, viewport):
    """Each page in the light theme, then in the dark one (as ``check_pages``)."""
    visitor = static_visit(viewport=viewport, color_scheme="light", axe_on_every_page=True)
    for path in SAMPLE:
        visitor.goto("/" + path)
        if path.startswith("search/"):
            visitor.page.locator(".pagefind-ui__result").first.wait_for()
        name = path.strip("/").replace("/", "-").replace("?q=", "-") or "home"
        visitor.screenshot(f"static-copy-{name}-{viewport['width']}-light")
        assert visitor.axe_violations() == [], path
        assert visitor.horizontal_overflow() <= 0, path
        visitor.check_theme("dark", f"static-copy-{name}-{viewport['width']}-dark")
    assert visitor.console_errors == []
