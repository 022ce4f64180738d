"""Wagtail hooks of the projects app: its kind in the site search."""

from wagtail import hooks

from lab_site.search_kinds import HOOK, SearchKind

from .models import ProjectPage


@hooks.register(HOOK, order=60)
def search_kind():
    """Its pages in the site search (``lab_site.search_kinds``)."""
    return SearchKind("projects", "Projects", "projects/includes/search_result.html", ProjectPage)
