"""Wagtail hooks of the research app: its kind in the site search."""

from wagtail import hooks

from lab_site.search_kinds import HOOK, SearchKind

from .models import ResearchHighlightPage


@hooks.register(HOOK, order=20)
def search_kind():
    """Its pages in the site search (``lab_site.search_kinds``)."""
    return SearchKind(
        "highlights",
        "Research highlights",
        "research/includes/search_result.html",
        ResearchHighlightPage,
        lambda pages: pages.select_related("publication"),
    )
