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
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import static_copy
from .shown_everywhere import shown_on_every_page

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


class RecordingQueryDict(QueryDict):
    """A request's query string that notes which parameters are read while the page is
    made (copies note into the same record). A way of reading that sees every parameter
    at once (iterating, ``items()``, ``urlencode()``) notes them all."""

    reads = None  # the set of names read (ALL among them when all were), shared by copies

    @classmethod
    def of(cls, query, reads):
        recording = cls(query.urlencode(), mutable=False, encoding=query.encoding)
        recording.reads = reads
        return recording

    def _note(self, name):
        if self.reads is not None:
            self.reads.add(name)

    def _note_all(self):
        if self.reads is not None:
            self.reads.add(ALL)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def copy(self):
        """A mutable copy that notes into the same record (reading nothing itself)."""
        recording = RecordingQueryDict("", mutable=True, encoding=self.encoding)
        for key, values in dict.items(self):
            recording.setlist(key, list(values))
        recording.reads = self.reads
        return recording

    def __iter__(self):
        self._note_all()
        return super().__iter__()

    def __bool__(self):
        self._note(NONEMPTY)
        return super().__len__() > 0

    def __len__(self):
        self._note_all()
        return super().__len__()

    def keys(self):
        self._note_all()
        return super().keys()

    def items(self):
        self._note_all()
        return super().items()

    def lists(self):
        self._note_all()
        return super().lists()

    def values(self):
        self._note_all()
        return super().values()

    def dict(self):
        self._note_all()
        return super().dict()

    def urlencode(self, safe=None):
        self._note_all()
        return super().urlencode(safe)


ALL = "*"  # the whole query string was read
NONEMPTY = "?"  # whether there is a query string was read


def address_key(request):
    """What identifies the address, whatever its query: scheme, host, path, and the
    encoding the visitor takes (gzip or not)."""
    encoding = "gzip" if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else ""
    return f"{encoding}|{request.scheme}://{request.get_host()}{request.path}"


def reads_key(request, current_generation):
    """Where the names of the query parameters this address's page read are kept."""
    digest = hashlib.sha256(address_key(request).encode()).hexdigest()
    return f"page-cache:{current_generation}:reads:{digest}"


def cache_key(request, current_generation, reads):
    """The page's key: its address with the values of the query parameters the page read
    when it was made (``reads``; every one, when it read the whole query string). The page
    is made from those alone, so two requests alike in them get the same page, and any
    other parameter (``?utm_source=…``) shares the page's copy. A page that reads another
    parameter only for some values of those it read is told apart by those values."""
    query = QueryDict(mutable=True)
    if ALL in reads:
        names = sorted(dict.keys(request.GET))
    else:
        names = sorted(name for name in reads if name in dict.keys(request.GET))
    for name in names:
        query.setlist(name, dict.__getitem__(request.GET, name))
    nonempty = int(dict.__len__(request.GET) > 0) if NONEMPTY in reads else ""
    address = f"{address_key(request)}?{query.urlencode()}|{nonempty}|{','.join(sorted(reads))}"
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
        known_reads = cache.get(reads_key(request, current))
        if known_reads is not None:
            cached = cache.get(cache_key(request, current, set(known_reads)))
            if cached is not None:
                cached["X-Page-Cache"] = "hit"
                return cached
        reads = set()
        request.GET = RecordingQueryDict.of(request.GET, reads)
        response = self.get_response(request)
        if is_cacheable_response(request, response):
            # Signed-in people send a session cookie and must get their own copy.
            patch_vary_headers(response, ["Cookie"])
            response["X-Page-Cache"] = "miss"
            # What every page of this address read so far: a page read with fewer is
            # stored again under the wider key when next asked for.
            reads |= set(known_reads or ())
            cache.set(reads_key(request, current), sorted(reads), settings.PAGE_CACHE_SECONDS)
            cache.set(cache_key(request, current, reads), response, settings.PAGE_CACHE_SECONDS)
        return response


# --- what clears the cache ------------------------------------------------------------

for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(clear_page_cache, dispatch_uid=f"lab_site.page_cache.{signal}")


@receiver(post_delete, dispatch_uid="lab_site.page_cache.delete")
@receiver(post_save, dispatch_uid="lab_site.page_cache.save")
def clear_on_content_change(sender, **kwargs):
    """A deleted page, or a change to what every page shows (``shown_everywhere``)."""
    if (
        kwargs.get("signal") is post_delete
        and issubclass(sender, Page)
        or shown_on_every_page(sender, created=kwargs.get("created", False))
    ):
        clear_page_cache()
