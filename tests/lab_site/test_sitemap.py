"""What search engines read: sitemap.xml lists every live public page with its last change,
robots.txt points to it, and every section page has a description."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from wagtail.models import PageViewRestriction

from people.models import MemberPage, PeopleIndexPage, Role
from publications.models import PublicationIndexPage

from ..factories import ContentPageFactory, add_highlight, add_publication, add_research_index

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response, not untrusted input)
    return {
        url.find("sm:loc", NS).text.removeprefix("http://localhost"): url.find("sm:lastmod", NS)
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_lists_every_live_public_page_and_no_draft(client, home_page):
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    people.add_child(instance=MemberPage(title="Ana", slug="ana", role=Role.PHD))
    publications = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    add_publication(publications, "A paper", date(2024, 1, 1), slug="a-paper")
    research = add_research_index(home_page)
    add_highlight(research, "A result", slug="a-result")
    ContentPageFactory(parent=home_page, title="About", slug="about")
    # Published the way editors publish, so that each page has a publication date.
    for page in home_page.get_descendants(inclusive=True).specific():
        page.save_revision().publish()
    draft = ContentPageFactory(parent=home_page, title="Draft", slug="draft")
    draft.unpublish()
    private = ContentPageFactory(parent=home_page, title="Private", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft_paper = add_publication(publications, "Unfinished", date(2024, 2, 1), slug="unfinished")
    draft_paper.unpublish()

    urls = sitemap(client)

    assert set(urls) == {
        "/",
        "/people/",
        "/people/ana/",
        "/publications/",
        "/publications/a-paper/",
        "/research/",
        "/research/a-result/",
        "/about/",
    }
    for loc, lastmod in urls.items():
        assert lastmod is not None and lastmod.text, loc


def test_robots_txt_points_to_the_sitemap(client, home_page):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_every_section_page_has_a_description_even_without_an_introduction(client, home_page):
    home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    home_page.add_child(instance=PublicationIndexPage(title="Publications", slug="publications"))
    add_research_index(home_page)

    for url in ("/people/", "/publications/", "/research/"):
        html = client.get(url).content.decode()
        description = re.search(r'<meta name="description" content="([^"]*)"', html)
        assert description and len(description.group(1)) > 50, url


def test_the_kept_sitemap_follows_every_publish_unpublish_and_privacy_change(
    client, home_page, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.FRAGMENT_CACHE_SECONDS = 600
    about = ContentPageFactory(parent=home_page, title="About", slug="about")
    about.save_revision().publish()
    assert "/about/" in sitemap(client)
    with CaptureQueriesContext(connection) as queries:
        assert "/about/" in sitemap(client)
    assert not any('"wagtailcore_page"' in query["sql"] for query in queries.captured_queries)
    team = ContentPageFactory(parent=home_page, title="Team", slug="team")
    team.save_revision().publish()
    assert "/team/" in sitemap(client)
    team.unpublish()
    assert "/team/" not in sitemap(client)
    PageViewRestriction.objects.create(page=about, restriction_type="login")
    assert "/about/" not in sitemap(client)
