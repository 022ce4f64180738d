"""A page whose parts (meta tags, head, content) are all in the cache reads none of the
rows behind them: papers, highlights, news items, projects and events prefetch their
authors, people, topics and images only when a part is to be rendered. What it shows is
the same either way."""

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from events.models import EventPage
from news.models import NewsPage
from people.models import MemberPage
from projects.models import ProjectPage
from publications.models import PublicationPage
from research.models import ResearchHighlightPage

from ..factories import (
    add_event,
    add_events_index,
    add_news,
    add_news_index,
    add_project,
    add_projects_index,
)

# The rows a page's parts read, by the tables they come from.
RELATED = (
    "publications_publicationauthor",
    "publications_publicationpage_topics",
    "news_newsperson",
    "news_newspage_topics",
    "projects_projectperson",
    "events_eventspeaker",
    "wagtailimages_rendition",
)


def addresses(demo_site):
    """A page of each type: the demo's papers and highlights, and a news item, project and
    event naming a member and a paper (the seeds give none)."""
    member = MemberPage.objects.live().order_by("path").first()
    paper = PublicationPage.objects.live().order_by("path").first()
    add_news(
        add_news_index(demo_site),
        "Paper accepted",
        date(2026, 1, 5),
        people=[member],
        papers=[paper],
    )
    add_project(add_projects_index(demo_site), "Toolkit", members=[member], papers=[paper])
    add_event(
        add_events_index(demo_site), "Circuits talk", date(2026, 3, 3), time(15), speakers=[member]
    )
    found = []
    for model in (PublicationPage, ResearchHighlightPage, NewsPage, ProjectPage, EventPage):
        page = model.objects.live().order_by("path").first()
        if page is not None:
            found.append(page.url)
    return found


@pytest.fixture
def fragments_kept(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content, [query["sql"] for query in queries.captured_queries]


def test_a_page_held_whole_by_the_cache_reads_nothing_behind_it(client, demo_site, fragments_kept):
    urls = addresses(demo_site)
    assert len(urls) == 5
    for url in urls:
        first, first_sql = get(client, url)
        again, again_sql = get(client, url)
        assert again == first, url
        read = [table for table in RELATED if any(f'"{table}"' in sql for sql in again_sql)]
        assert read == [], (url, read)
        assert len(again_sql) < len(first_sql), url


def test_with_the_cache_off_the_page_is_the_same(client, demo_site, settings):
    urls = addresses(demo_site)
    settings.FRAGMENT_CACHE_SECONDS = 600
    kept = {url: client.get(url).content for url in urls}
    settings.FRAGMENT_CACHE_SECONDS = 0
    for url in urls:
        assert client.get(url).content == kept[url], url


def test_a_view_that_is_not_a_page_keeps_its_part_too(client, demo_site, fragments_kept):
    first, first_sql = get(client, "/search/?q=interpretability")
    again, again_sql = get(client, "/search/?q=interpretability")
    assert again == first
    assert len(again_sql) < len(first_sql)
    assert Page.objects.exists()
