from django.conf import settings
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from .kinds import SearchForm, run_search, search_url_query

# What the search page's template reads of the results (made only on a cache miss).
RESULT_NAMES = (
    "kind",
    "kinds",
    "groups",
    "total",
    "results_page",
    "paginator",
    "previous_url",
    "next_url",
)


@require_safe
def search(request):
    """/search/?q=…[&kind=people|highlights|publications|pages][&page=N]

    The results are kept in the cache for each address by the content generation, as
    the pages' content is (``BasePage.view_cache_vary``): a repeated search reads no
    index."""

    def results():
        context = run_search(request.GET)
        page = context.get("results_page")
        if page is not None:
            key = context["kind"].key
            if page.has_previous():
                context["previous_url"] = search_url_query(
                    context["query"], key, page.previous_page_number()
                )
            if page.has_next():
                context["next_url"] = search_url_query(
                    context["query"], key, page.next_page_number()
                )
        return {name: context.get(name) for name in RESULT_NAMES}

    # One lazy container (its values are the real ones: filters such as pluralize read
    # numbers, not proxies).
    context = {"results": SimpleLazyObject(results)}
    context["query"] = SearchForm(request.GET).values()["q"]
    context["view_cache_seconds"] = settings.FRAGMENT_CACHE_SECONDS
    context["view_cache_vary"] = request.get_full_path()
    return render(request, "search/search.html", context)
