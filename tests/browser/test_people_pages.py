"""The people pages in a real browser. A member editing their profile, its moderation and
the visitor's view of it are the member journey (test_journeys.py)."""

from .conftest import check_pages


def test_people_pages_are_accessible_and_fit(demo_visit):
    check_pages(demo_visit, (("people", "/people/"), ("member", "/people/eric-j-michaud/")))
