"""Site search: members, research highlights, publications and other pages, grouped by kind.

Each kind is searched on its own, so that a visitor sees the best few of each kind
at once and can open the complete, paginated results of one kind. Plain GET
requests and links: nothing needs JavaScript.
"""

from dataclasses import dataclass

from django import forms
from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.http import QueryDict
from wagtail.models import Page

from .forms import PageNumberField, PublicQueryForm, QueryTextField, search_terms

MAX_QUERY_LENGTH = 200
PREVIEW_SIZE = 5
PAGE_SIZE = 20


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    template: str

    def pages(self):
        """The live, public pages of this kind, with what their result shows."""
        from people.models import MemberPage
        from publications.models import PublicationAuthor, PublicationPage
        from publications.research import ResearchHighlightPage

        if self.key == "people":
            return MemberPage.objects.live().public()
        if self.key == "highlights":
            return ResearchHighlightPage.objects.live().public().select_related("publication")
        if self.key == "publications":
            return (
                PublicationPage.objects.live()
                .public()
                .prefetch_related(
                    models.Prefetch(
                        "authors", queryset=PublicationAuthor.objects.order_by("sort_order")
                    )
                )
            )
        return (
            Page.objects.live()
            .public()
            .filter(depth__gt=1)
            .not_type(MemberPage, ResearchHighlightPage, PublicationPage)
            .specific()
        )


KINDS = [
    Kind("people", "People", "lab_site/search/person.html"),
    Kind("highlights", "Research highlights", "lab_site/search/highlight.html"),
    Kind("publications", "Publications", "lab_site/search/publication.html"),
    Kind("pages", "Pages", "lab_site/search/page.html"),
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
