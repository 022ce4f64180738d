"""The people pages in a real browser. A member editing their profile, its moderation and
the visitor's view of it are the member journey (test_journeys.py)."""

import pytest

from .conftest import DESKTOP, PHONE


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/people/", "/people/eric-j-michaud/"], ids=["people", "member"])
def test_people_pages_are_accessible_and_fit(demo_visit, path, scheme, viewport):
    visitor = demo_visit(viewport=viewport, color_scheme=scheme)

    name = "people" if path == "/people/" else "member"
    visitor.check_page(path, f"{name}-{'phone' if viewport is PHONE else 'desktop'}-{scheme}")
