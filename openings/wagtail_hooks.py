"""Wagtail hooks of the openings app: its kind in the site search."""

from wagtail import hooks

from lab_site.search_kinds import HOOK, SearchKind

from .models import OpeningPage


@hooks.register(HOOK, order=70)
def search_kind():
    """Its pages in the site search (``lab_site.search_kinds``)."""
    return SearchKind(
        "openings", "Open positions", "openings/includes/search_result.html", OpeningPage
    )
