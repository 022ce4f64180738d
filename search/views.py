from django.shortcuts import render
from django.views.decorators.http import require_safe

from .kinds import run_search, search_url_query


@require_safe
def search(request):
    """/search/?q=…[&kind=people|highlights|publications|pages][&page=N]"""
    context = run_search(request.GET)
    if context.get("results_page") is not None:
        page = context["results_page"]
        key = context["kind"].key
        if page.has_previous():
            context["previous_url"] = search_url_query(
                context["query"], key, page.previous_page_number()
            )
        if page.has_next():
            context["next_url"] = search_url_query(context["query"], key, page.next_page_number())
    return render(request, "search/search.html", context)
