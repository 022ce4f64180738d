"""The publication list and a paper page in a real browser."""

from .conftest import DESKTOP, PHONE


def test_publication_pages_are_accessible_fit_and_filter_without_javascript(
    visit, live_demo_publications
):
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        for scheme in ("light", "dark"):
            for name, path in (
                ("publications", "/publications/"),
                ("paper", "/publications/poisson-flow-generative-models/"),
            ):
                visitor = visit(viewport=viewport, color_scheme=scheme)
                assert visitor.goto(path).status == 200
                visitor.screenshot(f"{name}-{label}-{scheme}")
                assert visitor.horizontal_overflow() <= 0, (name, label, scheme)
                assert visitor.axe_violations() == [], (name, label, scheme)
                assert visitor.console_errors == [], (name, label, scheme)
                assert visitor.foreign_requests == []
                visitor.close()


def test_filtering_works_with_javascript_off(browser, live_server, live_demo_publications):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/publications/")

    page.select_option("#pub-member", "wes-gurnee")
    page.get_by_role("button", name="Apply").click()

    assert "member=wes-gurnee" in page.url
    assert page.locator(".pub").count() == 2
    page.locator(".pub details summary").first.click()
    assert page.locator(".pub details").first.get_attribute("open") is not None
    context.close()
