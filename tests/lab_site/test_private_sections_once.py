"""A public page reads which sections are private once, however many lists and menu
entries it shows (``lab_site.query.private_sections_read_once``), and asks in one query
which of the menu's content sections have anything to show. Privacy holds all the same."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from lab_site.query import private_sections_read_once
from news.models import NewsPage

from ..factories import (
    ContentPageFactory,
    add_events_index,
    add_news,
    add_news_index,
    add_openings_index,
    add_projects_index,
)

pytestmark = pytest.mark.django_db


def queries_of(client, url):
    client.get(url)  # Wagtail's per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries], response.content.decode()


def restriction_reads(sql):
    return [query for query in sql if 'FROM "wagtailcore_pageviewrestriction"' in query]


def sections(home_page):
    found = []
    for add in (add_news_index, add_events_index, add_projects_index, add_openings_index):
        section = add(home_page, show_in_menus=True)
        section.save_revision().publish()
        found.append(section)
    return found


def test_the_menu_asks_once_whichever_sections_there_are(client, home_page):
    news, *_others = sections(home_page)
    add_news(news, "Grant awarded", date(2026, 1, 5))
    sql, html = queries_of(client, "/")
    # Wagtail's own check of the page served, and the one read of the private sections.
    assert len(restriction_reads(sql)) == 2
    menu = html.split('<nav class="main-nav', 1)[1].split("</nav>", 1)[0]
    assert 'href="/news/"' in menu  # it has news
    for empty in ("/events/", "/projects/", "/join-us/"):
        assert f'href="{empty}"' not in menu  # nothing to show yet


def test_content_sections_cost_one_query_together(client, home_page):
    ContentPageFactory(parent=home_page, title="About", slug="about", show_in_menus=True)
    before, _html = queries_of(client, "/about/")
    news, *_others = sections(home_page)
    add_news(news, "Grant awarded", date(2026, 1, 5))
    after, html = queries_of(client, "/about/")
    # Four sections that leave the menu while empty: one question for all four.
    assert len(after) == len(before) + 1
    assert 'href="/news/"' in html and 'href="/events/"' not in html


def test_a_private_news_section_stays_out_of_lists_and_the_menu(client, home_page):
    news = add_news_index(home_page, show_in_menus=True)
    news.save_revision().publish()
    add_news(news, "Internal minutes", date(2026, 1, 5))
    PageViewRestriction.objects.create(page=news, restriction_type="login")
    sql, html = queries_of(client, "/")
    assert 'href="/news/"' not in html
    assert "Internal minutes" not in html
    assert len(restriction_reads(sql)) == 2


def test_outside_a_page_each_query_reads_the_restrictions_of_now(home_page):
    news = add_news_index(home_page)
    item = add_news(news, "Minutes", date(2026, 1, 5))
    assert list(NewsPage.objects.live().public()) == [item]
    restriction = PageViewRestriction.objects.create(page=news, restriction_type="login")
    assert list(NewsPage.objects.live().public()) == []
    restriction.delete()
    with private_sections_read_once():
        with CaptureQueriesContext(connection) as queries:
            assert list(NewsPage.objects.live().public()) == [item]
            assert list(NewsPage.objects.live().not_public()) == []
        assert len(restriction_reads([query["sql"] for query in queries.captured_queries])) == 1
    PageViewRestriction.objects.create(page=news, restriction_type="login")
    assert list(NewsPage.objects.live().public()) == []  # the block's reading is gone
