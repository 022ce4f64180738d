"""sitemap.xml from one query of addresses and dates, written without a template.

Wagtail's own sitemap loads each page as its specific type and asks it for its URL,
and Django's sitemap template then renders every entry: over a second at 10,000
papers. No page type here adds URLs of its own (``get_sitemap_urls``), so the
addresses are built from ``url_path`` directly, and the XML is joined as strings
(each address escaped). It is kept in the cache until anything is published, as the
pages' parts are (``lab_site.fragments``).
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from .fragments import fragment_key

# The sitemap protocol's limit for one file; a larger site would need a sitemap index.
MAX_URLS = 50_000


@require_safe
def sitemap(request):
    key = fragment_key(request, "sitemap")
    kept = cache.get(key) if key else None
    if kept is None:
        kept = _sitemap(request)
        if key:
            cache.set(key, kept, settings.FRAGMENT_CACHE_SECONDS)
    body, latest = kept
    response = HttpResponse(body, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    if latest is not None:
        response["Last-Modified"] = http_date(latest.timestamp())
    return response


def _sitemap(request):
    """(the sitemap's XML, the newest page's date or None)."""
    site = Site.find_for_request(request)
    rows = []
    if site is not None:
        rows = (
            Page.objects.descendant_of(site.root_page, inclusive=True)
            .live()
            .public()
            .order_by("path")
            .values_list("url_path", "last_published_at", "latest_revision_created_at")[:MAX_URLS]
        )
        root_url, root_path = site.root_url, site.root_page.url_path
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    latest, zone = None, timezone.get_current_timezone()
    for url_path, published, revised in rows:
        location = escape(f"{root_url}/{url_path[len(root_path) :]}")
        lastmod = published or revised
        if lastmod is None:
            lines.append(f"<url><loc>{location}</loc></url>")
            continue
        day = lastmod.astimezone(zone)  # the site's time zone, as Django's template would
        lines.append(f"<url><loc>{location}</loc><lastmod>{day:%Y-%m-%d}</lastmod></url>")
        latest = max(latest, lastmod) if latest else lastmod
    lines.append("</urlset>\n")
    return "\n".join(lines), latest
