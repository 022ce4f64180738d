"""Parts of pages cached in Python (the templates' own are ``{% fragment %}`` and
``{% cache %}``): keyed by the content generation that every change moves on
(``page_cache``), the host, whether the static copy is being made, and what the caller
names; kept for FRAGMENT_CACHE_SECONDS at most, or until what they show changes with the
clock."""

import hashlib

from django.conf import settings
from django.core.cache import cache
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
