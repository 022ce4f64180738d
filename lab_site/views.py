import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from .feeds import HasFeed
from .page_cache import generation


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on their own; send them to the SVG icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the cache both answer, else 503 naming what is down.

    For load balancers and uptime monitors; it reveals nothing but "ok" or "down".
    """
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    status = 200 if all(checks.values()) else 503
    body = {name: "ok" if up else "down" for name, up in checks.items()}
    return JsonResponse(body, status=status)


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("Health check: the database does not answer", exc_info=True)
        connection.close_if_unusable_or_obsolete()
        return False


def _cache_answers():
    token = secrets.token_hex(8)
    key = f"healthz:{token}"
    try:
        cache.set(key, token, 10)
        answered = cache.get(key) == token
        cache.delete(key)
    except Exception:
        logger.warning("Health check: the cache does not answer", exc_info=True)
        return False
    return answered


@require_safe
def feed(request, path):
    """/news.atom, /publications.atom: the Atom feed of the listing page at that address,
    kept in the cache by the content generation (as the pages' fragments are)."""
    current = generation() if settings.FRAGMENT_CACHE_SECONDS > 0 else None
    key = f"feed:{current}:{request.build_absolute_uri()}"
    kept = cache.get(key) if current is not None else None
    if kept is not None:
        body, content_type = kept
        return HttpResponse(body, content_type=content_type)
    page = live_page(request, f"{path}/")
    if not isinstance(page, HasFeed):
        raise Http404("No feed here.")
    response = page.feed_response(request)
    if current is not None and response.status_code == 200:
        cache.set(
            key, (response.content, response["Content-Type"]), settings.FRAGMENT_CACHE_SECONDS
        )
    return response


def live_page(request, path):
    """The live, public page at ``path`` (e.g. "publications/omnigrok/") below the site's
    home page, as its specific type, or None: for files served beside pages (.bib, .ics)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    page = Page.objects.filter(url_path=site.root_page.url_path + path).live().public().first()
    return page.specific if page else None
