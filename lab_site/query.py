"""The site's view restrictions, read once per request instead of once per list and page.

Wagtail's ``PageQuerySet.public()`` loads every ``PageViewRestriction`` each time it
is called, and serving a page looks up that page's own restrictions in two more
queries. The middleware below opens a per-request store: ``public()`` on these
querysets and ``BasePage.get_view_restrictions()`` share one list of restrictions
loaded at first use. Outside a request (commands, tests calling models directly)
nothing is cached. The middleware also hands Wagtail the request's site, with its home
page, from the site cache (``cached_site``).
"""

import contextvars

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http.request import split_domain_port
from wagtail.query import PageQuerySet

_store = contextvars.ContextVar("lab_site_request_store", default=None)


class RequestCacheMiddleware:
    """Gives each safe (GET/HEAD) request its own store (unsafe ones may change
    restrictions), and public ones their site from the site cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        if not request.path_info.startswith(settings.ADMIN_URL_PREFIXES):
            # Wagtail reads the site from here instead of querying it.
            request._wagtail_site = cached_site(request)
        token = _store.set({})
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)


def cached_site(request):
    """Wagtail's site for the request, with its home page already specific, from the site
    cache: the two queries every page begins with (site, then home page) are read once."""
    from wagtail.models import Site

    from .page_cache import remember

    def load():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        return site

    hostname = split_domain_port(request._get_raw_host())[0]
    return remember(f"site:{hostname}:{request.get_port()}", load)


def view_restrictions():
    """Every ``PageViewRestriction``, with its page: loaded once per request (sites have few),
    and kept in the site cache between requests."""
    from wagtail.models import PageViewRestriction

    from .page_cache import remember

    def load():
        return list(PageViewRestriction.objects.select_related("page"))

    store = _store.get()
    if store is None:
        return load()
    if "restrictions" not in store:
        store["restrictions"] = remember("view-restrictions", load)
    return store["restrictions"]


def private_pages_q(queryset):
    """``queryset.private_q()`` from the request's restrictions (one ``Q`` fits every page type)."""
    q = Q()
    for restriction in view_restrictions():
        q |= queryset.descendant_of_q(restriction.page, inclusive=True)
    # Match no page when no section is private, as Wagtail does.
    return q if q else Q(pk__in=[])


def no_view_restrictions():
    """True when, within a request, the site has no view restriction at all (the usual case).

    Pages then skip Wagtail's two queries that look up their own and their ancestors'
    restrictions. With any restriction on the site, Wagtail's exact lookup (which
    also follows aliases) is used.
    """
    return _store.get() is not None and not view_restrictions()


class LabPageQuerySet(PageQuerySet):
    def private_q(self):
        return private_pages_q(self)


def prefetch_renditions(lookup):
    """Prefetch the renditions of the images at ``lookup`` (e.g. ``"photo"``) in one query.

    They land in ``prefetched_renditions``, the list Wagtail's image tags read first.
    ``prefetch_related("photo__renditions")`` does the same query but then builds a
    queryset for every image, which costs more than the query on a long list of members.
    """
    from wagtail.images import get_image_model

    return Prefetch(
        f"{lookup}__renditions",
        queryset=get_image_model().get_rendition_model().objects.all(),
        to_attr="prefetched_renditions",
    )
