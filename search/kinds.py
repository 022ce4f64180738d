"""Site search: members, research highlights, publications and other pages, grouped by kind.

Each kind is searched on its own, so that a visitor sees the best few of each kind
at once and can open the complete, paginated results of one kind. Plain GET
requests and links: nothing needs JavaScript.
"""

from functools import cache

from django import forms
from django.core.paginator import EmptyPage, Paginator
from django.http import QueryDict
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from lab_site.forms import PageNumberField, PublicQueryForm, QueryTextField, search_terms
from lab_site.search_kinds import HOOK, SearchKind

MAX_QUERY_LENGTH = 200
PREVIEW_SIZE = 5
PAGE_SIZE = 20

OTHER_PAGES = SearchKind("pages", "Pages", "search/includes/page_result.html")


@cache
def kinds():
    """Every kind the content apps register (``lab_site.search_kinds``), in their order,
    then the other pages."""
    return [*(register() for register in hooks.get_hooks(HOOK)), OTHER_PAGES]


def pages_of(kind, restricted=True):
    """The live, public pages of ``kind``, with what their result shows. ``restricted``:
    whether any page is private at all (else ``public()``, one query per kind, is left
    out)."""
    if kind.model is not None:
        pages = kind.model.objects.live()
        return kind.related(pages.public() if restricted else pages)
    others = [other.model for other in kinds() if other.model is not None]
    pages = Page.objects.live().filter(depth__gt=1)
    return (pages.public() if restricted else pages).not_type(*others).specific()


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
    kind = forms.ChoiceField(
        required=False, choices=lambda: [(kind.key, kind.label) for kind in kinds()]
    )
    page = PageNumberField()


def run_search(params):
    """The search page's context for the query-string ``params``."""
    values = SearchForm(params).values()
    query = values["q"]
    chosen = next((kind for kind in kinds() if kind.key == values["kind"]), None)
    context = {"query": query, "kind": chosen, "kinds": kinds(), "groups": [], "total": 0}
    terms = search_terms(query)
    if not terms:
        return context
    restricted = PageViewRestriction.objects.exists()
    for kind in [chosen] if chosen else kinds():
        results = pages_of(kind, restricted).search(terms, operator="and")
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
