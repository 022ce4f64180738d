"""Every public page type in a real browser: accessible, responsive, light and dark, CSP-clean."""

import re

import pytest
import wagtail_factories
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from tests.factories import ContentPageFactory

from .conftest import PHONE, check_pages
from .images import has_loaded


@pytest.fixture
def pages(live_demo_site):
    """One path per public page type."""
    image = wagtail_factories.ImageFactory(title="Group photo", file__width=1600, file__height=900)
    ContentPageFactory(
        parent=live_demo_site,
        title="Join us",
        slug="join",
        show_in_menus=True,
        intro="How to work with the group.",
        body=[
            ("text", RichText("<h2>Open positions</h2><p>We welcome <b>students</b>.</p>")),
            (
                "image",
                {"image": image, "alt_text": "The group at a whiteboard", "decorative": False},
            ),
            ("quote", {"quote": "Understanding comes before trust.", "attribution": "A member"}),
        ],
    )
    return {"home": "/", "standard": "/join/", "not_found": "/no-such-page/"}


def test_page_is_accessible_fits_the_screen_and_breaks_no_policy(visit, pages):
    check_pages(
        visit,
        (
            ("home", pages["home"]),
            ("standard", pages["standard"]),
            ("not_found", pages["not_found"], 404),
        ),
    )


def test_home_page_shows_the_mission_in_the_browser(visit, pages):
    visitor = visit()
    visitor.goto("/")

    assert visitor.page.locator("h1").inner_text() == "Welcome to the Tegmark AI Safety Group!"
    items = visitor.page.locator(".motivations__title").all_inner_texts()
    assert items == [
        "Diagnose trustworthiness",
        "Improve trustworthiness",
        "Guarantee trustworthiness",
    ]
    assert visitor.page.title() == "Tegmark AI Safety Group"


def test_theme_toggle_switches_and_remembers_the_choice(visit, pages):
    visitor = visit(color_scheme="light")
    visitor.goto("/")
    toggle = visitor.page.get_by_role("button", name="Switch to dark theme")
    background = "() => getComputedStyle(document.body).backgroundColor"
    light = visitor.page.evaluate(background)

    toggle.click()

    assert visitor.page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    dark = visitor.page.evaluate(background)
    assert dark != light
    visitor.goto("/join/")
    assert visitor.page.evaluate(background) == dark
    visitor.page.get_by_role("button", name="Switch to light theme").click()
    assert visitor.page.evaluate(background) == light


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(visit, pages):
    visitor = visit()
    visitor.goto("/")

    visitor.page.keyboard.press("Tab")
    focused = visitor.page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert visitor.page.locator(".skip-link").is_visible()
    visitor.page.keyboard.press("Enter")
    assert visitor.page.evaluate("() => document.activeElement.id") == "main"


def test_navigation_marks_the_current_page(visit, pages):
    visitor = visit(viewport=PHONE)
    visitor.goto("/join/")

    current = visitor.page.locator('.main-nav a[aria-current="page"]')
    assert current.inner_text() == "Join us"
    visitor.page.get_by_role("link", name="Home").click()
    expect(visitor.page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    expect(visitor.page.locator('.main-nav a[aria-current="page"]')).to_have_text("Home")


def test_images_are_served_as_responsive_modern_formats_with_alt_text(visit, pages):
    visitor = visit()
    visitor.goto("/join/")

    figure = visitor.page.locator(".block-figure picture")
    assert figure.locator("source[type='image/avif']").count() == 1
    assert figure.locator("source[type='image/webp']").count() == 1
    image = figure.locator("img")
    assert image.get_attribute("alt") == "The group at a whiteboard"
    assert image.get_attribute("loading") == "lazy"
    assert "480w" in image.get_attribute("srcset")
    assert has_loaded(image)
