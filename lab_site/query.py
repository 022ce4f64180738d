"""Page querysets that read the site's view restrictions once per request, not once per list.

Wagtail's ``PageQuerySet.public()`` loads every ``PageViewRestriction`` each time it
is called, and a page such as the home page lists several kinds of pages. The
middleware below opens a per-request store; ``public()`` on these querysets
reuses the restrictions loaded first in that request. Outside a request (commands,
tests calling models directly) nothing is cached.
"""

import contextvars

from wagtail.query import PageQuerySet

_store = contextvars.ContextVar("lab_site_request_store", default=None)


class RequestCacheMiddleware:
    """Gives each safe (GET/HEAD) request its own store; unsafe ones may change restrictions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        token = _store.set({})
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)


def private_pages_q(queryset):
    """``queryset.private_q()``, computed once per request (the same ``Q`` fits every page type)."""
    store = _store.get()
    if store is None:
        return PageQuerySet.private_q(queryset)
    if "private_q" not in store:
        store["private_q"] = PageQuerySet.private_q(queryset)
    return store["private_q"]


class LabPageQuerySet(PageQuerySet):
    def private_q(self):
        return private_pages_q(self)
