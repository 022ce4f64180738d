"""Whole-page caching for anonymous visitors, cleared whenever published content changes.

A public page shows other pages' content (the home page lists highlights, members
and papers; every page shows the navigation and site settings), so any change
clears every cached page: the cache keys carry a *generation* number, and a change
moves it on. Old entries are then never read again and expire on their own.

Never cached: anything but GET, the admin, previews (they live under /admin/),
requests from signed-in people (who have a session cookie), and responses that are
not 200, set a cookie, carry a CSRF token, or say ``Cache-Control: private``.

When the cache is down (Redis unreachable) every request is simply rendered; the
cache backend logs the failure and is used again when it answers.
"""

import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import QueryDict
from django.utils.cache import patch_vary_headers
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from . import static_copy

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as Django's GZipMiddleware reads the header
NEVER_CACHED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/healthz", "/media/")


def generation():
    """The current generation, or None when the cache cannot be reached."""
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, 1, timeout=None)
            value = cache.get(GENERATION_KEY)
        return value
    except Exception:  # a backend without IGNORE_EXCEPTIONS, or a bug in one
        logger.warning("Page cache unavailable", exc_info=True)
        return None


def clear_page_cache(**kwargs):
    """Make every cached page stale at once (a new generation)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing is cached
        cache.add(GENERATION_KEY, 1, timeout=None)
    except Exception:
        logger.warning("Could not clear the page cache", exc_info=True)


def cache_key(request, current_generation):
    """The page's key: its address with only the query parameters pages read
    (``PAGE_CACHE_QUERY_PARAMETERS``), in a fixed order, each with the value pages use
    (the last). ``?utm_source=…`` and other unknown parameters share the page's copy
    instead of each rendering and storing a page of its own."""
    # Visitors whose browser takes gzip get the compressed copy; the others a plain one.
    encoding = "gzip" if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else ""
    query = QueryDict(mutable=True)
    for name in sorted(settings.PAGE_CACHE_QUERY_PARAMETERS):
        if name in request.GET:
            query[name] = request.GET[name]
    address = (
        f"{encoding}|{request.scheme}://{request.get_host()}{request.path}?{query.urlencode()}"
    )
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page-cache:{current_generation}:{digest}"


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and not static_copy.rendering()  # the static copy's pages differ: never shared
        and request.method == "GET"
        and not request.path_info.startswith(NEVER_CACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def is_cacheable_response(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        current = generation()
        if current is None:
            return self.get_response(request)
        key = cache_key(request, current)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if is_cacheable_response(request, response):
            # Signed-in people send a session cookie and must get their own copy.
            patch_vary_headers(response, ["Cookie"])
            response["X-Page-Cache"] = "miss"
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response


# --- what clears the cache ------------------------------------------------------------

for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(clear_page_cache, dispatch_uid=f"lab_site.page_cache.{signal}")


@receiver(post_delete, dispatch_uid="lab_site.page_cache.delete")
@receiver(post_save, dispatch_uid="lab_site.page_cache.save")
def clear_on_content_change(sender, **kwargs):
    """Snippets, settings, images, sites and deleted pages are shown on pages too. Any app's
    snippets and settings count, so a new content type needs nothing here."""
    if kwargs.get("signal") is post_delete and issubclass(sender, Page):
        clear_page_cache()
        return
    if issubclass(sender, (BaseSiteSetting, BaseGenericSetting)):
        # Settings are created, empty, the first time a page asks for them: nothing changes.
        if not kwargs.get("created"):
            clear_page_cache()
        return
    if sender in SHOWN_ON_PAGES or sender in get_snippet_models():
        clear_page_cache()


SHOWN_ON_PAGES = {get_image_model(), Site, PageViewRestriction, Redirect}
