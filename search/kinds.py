"""Site search: members, research highlights, publications and other pages, grouped by kind.

Each kind is searched on its own, so that a visitor sees the best few of each kind
at once and can open the complete, paginated results of one kind. Plain GET
requests and links: nothing needs JavaScript.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.http import QueryDict
from wagtail.models import Page

from events.models import EventPage
from lab_site.forms import PageNumberField, PublicQueryForm, QueryTextField, search_terms
from news.models import NewsPage
from openings.models import OpeningPage
from people.models import MemberPage
from projects.models import ProjectPage
from publications.models import PublicationAuthor, PublicationPage
from research.models import ResearchHighlightPage

MAX_QUERY_LENGTH = 200
PREVIEW_SIZE = 5
PAGE_SIZE = 20


@dataclass(frozen=True)
class Kind:
    """One kind of result: its key in ``?kind=``, its heading, its result partial (which the
    app that owns the pages provides), its page type, and what a result shows besides the
    page (``related``: the queryset, refined). A kind without a page type holds every page
    of the types no other kind has (the home page, standard pages)."""

    key: str
    label: str
    template: str
    model: type[Page] | None = None
    related: Callable[[models.QuerySet], models.QuerySet] = lambda pages: pages

    def pages(self):
        """The live, public pages of this kind, with what their result shows."""
        if self.model is not None:
            return self.related(self.model.objects.live().public())
        others = [kind.model for kind in KINDS if kind.model is not None]
        return Page.objects.live().public().filter(depth__gt=1).not_type(*others).specific()


# Adding a content type to the search: one line here, and its result partial.
KINDS = [
    Kind("people", "People", "people/includes/search_result.html", MemberPage),
    Kind(
        "highlights",
        "Research highlights",
        "research/includes/search_result.html",
        ResearchHighlightPage,
        lambda pages: pages.select_related("publication"),
    ),
    Kind(
        "publications",
        "Publications",
        "publications/includes/search_result.html",
        PublicationPage,
        lambda pages: pages.prefetch_related(
            models.Prefetch("authors", queryset=PublicationAuthor.objects.order_by("sort_order"))
        ),
    ),
    Kind("news", "News", "news/includes/search_result.html", NewsPage),
    Kind(
        "events",
        "Events",
        "events/includes/search_result.html",
        EventPage,
        lambda pages: pages.prefetch_related("speakers__member"),
    ),
    Kind("projects", "Projects", "projects/includes/search_result.html", ProjectPage),
    Kind("openings", "Open positions", "openings/includes/search_result.html", OpeningPage),
    Kind("pages", "Pages", "search/includes/page_result.html"),
]


def search_url_query(query, kind="", page=None):
    params = QueryDict(mutable=True)
    params["q"] = query
    if kind:
        params["kind"] = kind
    if page and page > 1:
        params["page"] = str(page)
    return "?" + params.urlencode()


class SearchForm(PublicQueryForm):
    """The search page's query string; a value that does not validate is ignored."""

    q = QueryTextField(max_length=MAX_QUERY_LENGTH)
    kind = forms.ChoiceField(required=False, choices=[(kind.key, kind.label) for kind in KINDS])
    page = PageNumberField()


def run_search(params):
    """The search page's context for the query-string ``params``."""
    values = SearchForm(params).values()
    query = values["q"]
    chosen = next((kind for kind in KINDS if kind.key == values["kind"]), None)
    context = {"query": query, "kind": chosen, "kinds": KINDS, "groups": [], "total": 0}
    terms = search_terms(query)
    if not terms:
        return context
    for kind in [chosen] if chosen else KINDS:
        results = kind.pages().search(terms, operator="and")
        if chosen:
            paginator = Paginator(results, PAGE_SIZE)
            try:
                page = paginator.page(values["page"] or 1)
            except EmptyPage:
                page = paginator.page(paginator.num_pages)
            count, items = paginator.count, list(page.object_list)
            context["results_page"] = page
            context["paginator"] = paginator
        else:
            items = list(results[:PREVIEW_SIZE])
            count = len(items) if len(items) < PREVIEW_SIZE else results.count()
        context["total"] += count
        if items:
            context["groups"].append(
                {
                    "kind": kind,
                    "count": count,
                    "items": items,
                    "more_url": search_url_query(query, kind.key),
                }
            )
    return context
