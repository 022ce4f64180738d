"""Openings in a real browser, on the demo content with positions added: the "Join us"
page, an open and a closed position, and the home page's "We are hiring"."""

from datetime import date, timedelta

from home.models import HomePage

from ..factories import add_opening, add_openings_index
from .conftest import check_pages


def test_opening_pages_are_accessible_and_fit(visit, live_demo_site):
    home = HomePage.objects.get()
    index = add_openings_index(home, show_in_menus=True, intro="<p>Work with us.</p>")
    opening = add_opening(
        index,
        "PhD position in mechanistic interpretability",
        date.today() + timedelta(days=30),
        apply_url="https://example.org/apply",
    )
    closed = add_opening(index, "Postdoc in AI safety", date.today() - timedelta(days=1))
    home.body.append(("openings", {"heading": "We are hiring", "intro": ""}))
    home.save_revision().publish()

    check_pages(
        visit,
        (
            ("openings", index.url),
            ("opening", opening.url),
            ("opening-closed", closed.url),
            ("home-with-openings", "/"),
        ),
    )
