"""Parts of pages kept in the cache: a page's own parts (``{% page_part %}`` in base.html,
kept by what its ``view_cache_vary`` gives) and parts made in Python. Both are keyed by
the content generation that every change moves on (``page_cache``), the host, whether
the static copy is being made, and what names them; kept for FRAGMENT_CACHE_SECONDS at
most, or until what they show changes with the clock (``cached_until``)."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils import timezone

from . import static_copy
from .page_cache import generation


def fragment_key(request, *parts):
    """The cache key of a part of a page ``parts`` names (strings) for ``request``, or None
    when it is not to be cached (fragment caches off, no request, the cache unreachable)."""
    if request is None or settings.FRAGMENT_CACHE_SECONDS <= 0:
        return None
    current = generation()
    if current is None:
        return None
    text = "|".join([str(current), request.get_host(), str(static_copy.rendering()), *parts])
    return "fragment:" + hashlib.sha256(text.encode()).hexdigest()


# The parts of a page that ``view_cache_vary`` lets the cache keep (``{% page_part %}`` in
# base.html): its meta tags, its head (JSON-LD) and its content.
PAGE_PARTS = ("page-meta", "page-head", "page-content")


def page_part_key(request, page, name, vary, current=None):
    """The cache key of the part ``name`` of ``page`` (None for a view that is not a page,
    such as the search) for ``request``, kept by what ``view_cache_vary`` gave (``vary``),
    in the content generation ``current`` (read when not given)."""
    current = generation() if current is None else current
    vary_on = [current, request.scheme, request.get_host(), getattr(page, "pk", None)]
    return make_template_fragment_key(name, [*vary_on, static_copy.rendering(), vary])


def cached_page_parts(request, page, vary):
    """{name: HTML} of the parts of ``page`` the cache holds, read together (one round
    trip, and one for the generation), for ``{% page_part %}`` to use; {} when none is to
    be cached (``vary`` None)."""
    if vary is None or request is None or settings.FRAGMENT_CACHE_SECONDS <= 0:
        return {}
    current = generation()
    if current is None:
        return {}
    keys = {page_part_key(request, page, name, vary, current): name for name in PAGE_PARTS}
    return {keys[key]: html for key, html in cache.get_many(list(keys)).items()}


def cached_until(request, parts, make):
    """The HTML ``make()`` renders, cached under ``fragment_key(request, *parts)``.
    ``make`` returns (html, until): ``until`` is the moment the HTML stops being true
    whatever is published (an upcoming talk has ended), or None. The moment is kept with
    the HTML and checked when it is read, by this process's clock."""
    key = fragment_key(request, *parts)
    kept = cache.get(key) if key else None
    if kept is not None:
        html, until = kept
        if until is None or timezone.now() < until:
            return html
    html, until = make()
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if until is not None:
        seconds = min(seconds, int((until - timezone.now()).total_seconds()) + 1)
    if key and seconds > 0:
        cache.set(key, (str(html), until), seconds)
    return html
