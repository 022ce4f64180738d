"""Wagtail hooks of the awards app: its kind in the site search."""

from wagtail import hooks

from lab_site.search_kinds import HOOK, SearchKind

from .models import AwardPage


@hooks.register(HOOK, order=80)
def search_kind():
    """Its pages in the site search (``lab_site.search_kinds``)."""
    return SearchKind("awards", "Awards", "awards/includes/search_result.html", AwardPage)
