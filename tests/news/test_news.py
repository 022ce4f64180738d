"""News on the public site: the list (newest first, by topic and year, ten per page), an
item's page, the Atom feed, the home page's "Latest news", a member's profile, the site
search, and the menu link that appears only once there is news."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from wagtail.models import Page

from home.models import HomePage
from lab_site.models import SiteSettings
from lab_site.static_copy import rendering_static_copy
from people.models import PeopleIndexPage
from publications.models import PublicationIndexPage
from scholarly_text.models import ResearchTopic

from ..conftest import count_queries
from ..factories import add_member, add_news, add_news_index, add_publication

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news(home_page):
    return add_news_index(home_page, show_in_menus=True)


@pytest.fixture
def ana(home_page):
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    return add_member(people, "Ana Lovelace")


def test_the_list_shows_news_newest_first_with_math_in_titles_and_summaries(client, news):
    add_news(news, "Older news", date(2023, 5, 1))
    add_news(news, "A $\\alpha$-scaling prize", date(2025, 2, 3), summary="We won $N^{-1}$.")

    html = client.get(news.url).content.decode()

    assert html.index("scaling prize") < html.index("Older news")
    assert "<math" in html and "$" not in html.split("<main")[1]
    assert '<time datetime="2025-02-03">February 3, 2025</time>' in html


def test_the_list_filters_by_topic_and_year_and_says_when_a_value_is_unknown(client, news):
    topic = ResearchTopic.objects.create(name="Sparse autoencoders")
    add_news(news, "About autoencoders", date(2024, 1, 1), topics=[topic])
    add_news(news, "Something else", date(2025, 1, 1))

    by_topic = client.get(news.url + "topic/sparse-autoencoders/").content.decode()
    by_year = client.get(news.url + "year/2025/").content.decode()
    unknown = client.get(news.url + "?topic=nope&year=1999").content.decode()

    assert "About autoencoders" in by_topic and "Something else" not in by_topic
    assert "Something else" in by_year and "About autoencoders" not in by_year
    assert "There is no topic “nope”" in unknown and "There is no news from “1999”" in unknown
    assert "About autoencoders" in unknown and "Something else" in unknown
    # Each topic and year has a list at its own path, which a static host can serve; the
    # query string of one redirects there, and combinations stay query strings.
    assert client.get(news.url + "?year=2025")["Location"] == news.url + "year/2025/"
    both = client.get(news.url + "?topic=sparse-autoencoders&year=2024").content.decode()
    assert "About autoencoders" in both and "Something else" not in both
    # A topic link keeps the year on the live site; the static copy has single filters only.
    assert 'href="/news/?year=2025&amp;topic=sparse-autoencoders"' in by_year
    with rendering_static_copy():
        static = client.get(news.url + "year/2025/").content.decode()
    assert 'href="/news/topic/sparse-autoencoders/"' in static and "&amp;year" not in static
    assert client.get(news.url + "year/1999/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "?page=0",
        "?page=999",
        "?page=x",
        "?year=²⁰²⁴",
        "?year=-1",
        "?topic=%00",
        "?topic=" + "a" * 500,
    ],
)
def test_no_query_string_breaks_the_list(client, news, query):
    add_news(news, "Only item", date(2024, 1, 1))

    response = client.get(news.url + query, follow=True)

    assert response.status_code == 200
    assert "Only item" in response.content.decode()


def test_the_list_has_ten_items_a_page_and_links_the_next(client, news):
    for day in range(1, 13):
        add_news(news, f"Item {day:02}", date(2024, 1, day))

    first = client.get(news.url).content.decode()
    second = client.get(news.url + "page/2/").content.decode()

    assert first.count('<article class="news-card') == 10
    assert f'rel="next" href="{news.url}page/2/"' in first
    assert (
        "Item 02" in second
        and "Item 01" in second
        and second.count('<article class="news-card') == 2
    )


def test_the_lists_queries_do_not_grow_with_the_news(client, news, ana):
    topic = ResearchTopic.objects.create(name="Grokking")
    add_news(news, "First", date(2024, 1, 1), people=[ana], topics=[topic])
    few = count_queries(client, news.url)
    for day in range(2, 10):
        add_news(news, f"More {day}", date(2024, 1, day), people=[ana], topics=[topic])

    assert count_queries(client, news.url) == few


def test_an_item_page_links_its_people_papers_and_topics_and_has_json_ld(
    client, home_page, news, ana
):
    papers = home_page.add_child(instance=PublicationIndexPage(title="Papers", slug="papers"))
    paper = add_publication(papers, "Omnigrok", date(2022, 10, 3))
    topic = ResearchTopic.objects.create(name="Grokking")
    item = add_news(
        news, "Best paper", date(2024, 6, 1), people=[ana], papers=[paper], topics=[topic]
    )

    html = client.get(item.url).content.decode()

    assert f'href="{ana.url}"' in html and f'href="{paper.url}"' in html
    assert 'href="/news/topic/grokking/"' in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "NewsArticle" and data["datePublished"] == "2024-06-01"
    assert data["about"][0]["name"] == "Ana Lovelace"
    assert data["publisher"]["@type"] == "ResearchOrganization" and data["publisher"]["url"]


def test_a_story_with_a_formula_block_renders_mathml(client, news):
    item = add_news(
        news,
        "A formula",
        date(2024, 1, 1),
        body=[("formula", {"latex": "L(N) \\propto N^{-\\alpha}", "caption": "The law"})],
    )

    html = client.get(item.url).content.decode()

    assert 'class="block block-formula"' in html and 'display="block"' in html
    assert "<figcaption>The law</figcaption>" in html


def test_the_atom_feed_has_what_rfc_4287_requires(client, news):
    settings = SiteSettings.for_site(news.get_site())
    settings.group_name = "Tegmark AI Safety Group"
    settings.save()
    add_news(news, "Prize for $\\alpha$", date(2024, 6, 1), summary="We won.")
    add_news(news, "Older", date(2023, 6, 1))

    response = client.get(news.feed_url)

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own output
    for element in ("id", "title", "updated", "author"):
        assert feed.find(ATOM + element) is not None, element
    # The feed's author is the group (the section's name, "News", is not an author).
    assert feed.find(ATOM + "author").find(ATOM + "name").text == "Tegmark AI Safety Group"
    entries = feed.findall(ATOM + "entry")
    assert [e.find(ATOM + "title").text for e in entries] == ["Prize for α", "Older"]
    for entry in entries:
        for element in ("id", "title", "updated", "link", "summary"):
            assert entry.find(ATOM + element) is not None, element
    html = client.get(news.url).content.decode()
    assert 'type="application/atom+xml"' in html and 'href="/news.atom"' in html


def test_the_menu_links_the_news_only_once_there_is_some(client, home_page, news):
    assert 'href="/news/"' not in client.get(home_page.url).content.decode()

    add_news(news, "Now there is news", date(2024, 1, 1))

    assert 'class="main-nav__link" href="/news/"' in client.get(home_page.url).content.decode()


def test_the_home_page_shows_latest_news_only_when_there_is_some(client, home_page, news):
    home = HomePage.objects.get(pk=home_page.pk)
    home.body = [("news", {"heading": "Latest news", "intro": "", "count": 2})]
    home.save_revision().publish()

    assert "Latest news" not in client.get("/").content.decode()

    for day in (1, 2, 3):
        add_news(news, f"News {day}", date(2024, 1, day))
    html = client.get("/").content.decode()

    assert "Latest news" in html and "News 3" in html and "News 2" in html
    assert "News 1" not in html and 'href="/news/">All news</a>' in html


def test_a_members_profile_lists_the_news_that_names_them(client, news, ana):
    add_news(news, "About Ana", date(2024, 1, 1), people=[ana])
    add_news(news, "About nobody", date(2024, 1, 2))

    html = client.get(ana.url).content.decode()

    assert "In the news" in html and "About Ana" in html and "About nobody" not in html


def test_the_site_search_finds_news_as_its_own_kind(client, news):
    add_news(news, "Grokking prize", date(2024, 1, 1), summary="A prize for grokking.")

    html = client.get("/search/?q=grokking").content.decode()

    assert 'id="group-news">News' in html and "Grokking prize" in html


def test_drafts_and_private_items_stay_off_every_list(client, news):
    draft = add_news(news, "Draft news", date(2024, 1, 1))
    draft.unpublish()
    Page.objects.filter(pk=draft.pk).update(live=False)

    assert "Draft news" not in client.get(news.url).content.decode()
    assert "Draft news" not in client.get(news.feed_url).content.decode()


def test_the_sitemap_lists_the_news_and_each_item(client, news):
    item = add_news(news, "In the sitemap", date(2024, 1, 1))

    sitemap = client.get("/sitemap.xml").content.decode()

    assert f"{news.url}</loc>" in sitemap and f"{item.url}</loc>" in sitemap


def test_the_feeds_first_address_sends_subscribers_to_the_atom_file(client, news):
    add_news(news, "Still followed", date(2024, 6, 1))

    response = client.get(news.url + "feed/")

    assert response.status_code == 301 and response["Location"] == "/news.atom"
    assert b"Still followed" in client.get(response["Location"]).content


def test_an_atom_address_without_a_feed_answers_not_found(client, news):
    for address in ("/people.atom", "/no-such-page.atom", "/news/still-followed.atom"):
        assert client.get(address).status_code == 404, address
