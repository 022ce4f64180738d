"""What the site search lists, kind by kind. Each content app registers its kind in its
``wagtail_hooks.py`` with the ``register_search_kind`` hook (its ``order`` is the kind's
place on the search page), and the search app reads them: a new content type needs no
line in the search app."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from wagtail.models import Page

HOOK = "register_search_kind"


@dataclass(frozen=True)
class SearchKind:
    """One kind of result: its key in ``?kind=``, its heading, its result partial (which the
    app that owns the pages provides), its page type, and what a result shows besides the
    page (``related``: the queryset, refined). A kind without a page type holds every page
    of the types no other kind has (the home page, standard pages)."""

    key: str
    label: str
    template: str
    model: type[Page] | None = None
    related: Callable[[models.QuerySet], models.QuerySet] = lambda pages: pages
