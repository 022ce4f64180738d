"""SQL queries and median server render time of every public page type, uncached, each
as a ratio to a bare Wagtail page rendered in turn with it (the framework's floor).

Run by bench/run.py on a database that `manage.py generate_fake_content` has filled;
prints one JSON object: {page type: {"url", "queries", "ms", "bare_ms", "x_bare", "bytes",
"off": {"queries", "ms", "bare_ms", "x_bare"}}}. Pages are rendered in this process with
Django's test client, with the production settings and the page cache off, after one
warm-up request each (which makes the image renditions): first as shipped (fragment
caches on and warm), then with fragment caches off ("off").

    DATABASE_URL=postgres://… uv run python bench/pages.py [--runs 9]
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def production_environment(**extra):
    """The settings `make serve` runs with, on loopback, without HTTPS."""
    environment = {
        "DJANGO_SETTINGS_MODULE": "lab_site.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-bench-only-secret-key-bench-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "SERVE_MEDIA": "true",
        "WAGTAIL_LOG_LEVEL": "ERROR",
    }
    environment.update(extra)
    return environment


def page_urls():
    """One URL of each public page type, chosen the same way at every size."""
    from events.models import EventPage
    from news.models import NewsPage
    from openings.models import OpeningPage
    from people.models import MemberPage
    from projects.models import ProjectPage
    from publications.models import PublicationAuthor, PublicationPage
    from research.models import ResearchHighlightPage

    members = MemberPage.objects.live().current().exclude(photo=None)
    highlight = ResearchHighlightPage.objects.live().order_by("-date", "path").first()
    # The newest paper with topics and a highlight, by a current member with a photo: the
    # fullest paper page, and that member's page (with highlights too). The same choice at
    # every size, so that query counts compare like with like.
    papers = (
        PublicationPage.objects.live()
        .filter(pk__in=PublicationAuthor.objects.filter(member__in=members).values("page"))
        .exclude(topics=None)
        .order_by("-publication_date", "-pk")
    )
    featured = ResearchHighlightPage.objects.live().values("publication")
    paper = papers.filter(pk__in=featured).first() or papers.first()
    member = members.filter(authorships__page=paper).order_by("path").first()
    topic = paper.topics.order_by("name").first()  # the filtered list is never empty
    publications = paper.get_parent().url
    news_item = NewsPage.objects.live().order_by("-date", "-pk").first()
    event = EventPage.objects.live().order_by("-starts_at", "-pk").first()
    project = ProjectPage.objects.live().order_by("path").first()
    opening = OpeningPage.objects.live().order_by("path").first()
    return {
        "home": "/",
        "people": member.get_parent().url,
        "member": member.url,
        "research": highlight.get_parent().url,
        "highlight": highlight.url,
        "publications": publications,
        "filtered list": f"{publications}?topic={topic.slug}&member={member.slug}",
        "search": "/search/?q=sparse+autoencoders",
        "paper": paper.url,
        "feed": f"{publications.rstrip('/')}.atom",
        "sitemap": "/sitemap.xml",
        "news": news_item.get_parent().url,
        "news item": news_item.url,
        "news feed": f"{news_item.get_parent().url.rstrip('/')}.atom",
        "events": event.get_parent().url,
        "event": event.url,
        "calendar": event.get_parent().url.rstrip("/") + ".ics",
        "projects": project.get_parent().url,
        "project": project.url,
        "openings": opening.get_parent().url,
        "opening": opening.url,
    }


BARE = "/bare/"


def bare_page():
    """A plain Wagtail ``Page`` below the home page: the site's frame and nothing else."""
    from wagtail.models import Page, Site

    home = Site.objects.get(is_default_site=True).root_page
    if not Page.objects.child_of(home).filter(slug="bare").exists():
        page = home.add_child(instance=Page(title="Bare Wagtail page", slug="bare"))
        page.save_revision().publish()


def measure(client, url, runs):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for address in (url, BARE):  # warm-up: renditions, Wagtail's site cache, fragments
        response = client.get(address)
        if response.status_code != 200:
            raise SystemExit(f"{address} answered {response.status_code}")
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Read now: a later request may reconnect, which empties the log.
    sql = [query["sql"][:400] for query in queries.captured_queries]
    times, bare = [], []
    for _ in range(runs):  # in turn, so that both see the same machine
        started = time.perf_counter()
        client.get(BARE)
        middle = time.perf_counter()
        response = client.get(url)
        bare.append((middle - started) * 1000)
        times.append((time.perf_counter() - middle) * 1000)
    ms, bare_ms = statistics.median(times), statistics.median(bare)
    return {
        "url": url,
        "queries": len(sql),
        "ms": round(ms, 1),
        "bare_ms": round(bare_ms, 2),
        "x_bare": round(ms / bare_ms, 1),
        "bytes": len(response.content),
        "sql": sql,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--sql", action="store_true", help="Include each page's SQL.")
    arguments = parser.parse_args()
    for name, value in production_environment(PAGE_CACHE_SECONDS="0").items():
        os.environ.setdefault(name, value)

    import django

    django.setup()
    from django.core.signals import request_started
    from django.db import reset_queries
    from django.test import Client

    # Django empties the query log when a request starts, which would hide the queries of
    # the request being counted.
    request_started.disconnect(reset_queries)

    from django.core.cache import cache
    from django.test.utils import override_settings

    bare_page()
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    urls = page_urls()
    for name, url in urls.items():
        results[name] = measure(client, url, arguments.runs)
        if not arguments.sql:
            del results[name]["sql"]
    # The same pages with every fragment rendered each time: the caches are a bonus.
    cache.clear()
    with override_settings(FRAGMENT_CACHE_SECONDS=0):
        for name, url in urls.items():
            off = measure(client, url, arguments.runs)
            results[name]["off"] = {key: off[key] for key in ("queries", "ms", "bare_ms", "x_bare")}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
