"""What every page shows (settings, navigation, sections, counts) is never stale after a
change, with the cache on (in memory or Redis) or down."""

import os
from datetime import UTC

import pytest
from django.core.cache import caches
from django.test.utils import override_settings
from wagtail.models import PageViewRestriction

from lab_site.models import SiteSettings

from ..factories import ContentPageFactory
from .test_page_cache import LOCMEM, REDIS_URL, redis_answers, redis_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["locmem", "redis"])
def site_cache(request):
    if request.param == "redis" and not redis_answers():
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("REQUIRE_SERVICES=1 but Redis does not answer on 127.0.0.1:6379")
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    caches_setting = redis_cache(REDIS_URL) if request.param == "redis" else LOCMEM
    # Fragments (header, navigation, footer, filter counts, listings) cached; pages not.
    with override_settings(CACHES=caches_setting, PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=300):
        caches["default"].clear()
        yield request.param
        caches["default"].clear()


@pytest.fixture
def about(home_page):
    page = ContentPageFactory(parent=home_page, title="About", slug="about", show_in_menus=True)
    page.save_revision().publish()
    return page


def test_a_new_section_appears_in_the_navigation_at_once(client, site_cache, home_page, about):
    client.get("/")
    people = ContentPageFactory(parent=home_page, title="Join us", slug="join", show_in_menus=True)
    people.save_revision().publish()

    assert 'href="/join/"' in client.get("/").content.decode()


def test_changed_settings_show_at_once(client, site_cache, home_page, about):
    client.get("/")
    settings = SiteSettings.for_site(home_page.get_site())
    settings.group_name = "Renamed Group"
    settings.save()

    assert "Renamed Group" in client.get("/").content.decode()


def test_a_section_made_private_leaves_the_navigation_at_once(client, site_cache, about):
    assert 'href="/about/"' in client.get("/").content.decode()
    restriction = PageViewRestriction.objects.create(page=about, restriction_type="login")

    assert 'href="/about/"' not in client.get("/").content.decode()
    assert client.get("/about/").status_code == 302

    restriction.delete()
    assert 'href="/about/"' in client.get("/").content.decode()
    assert client.get("/about/").status_code == 200


def test_pages_render_when_the_cache_is_down(client, about):
    dead = redis_cache("redis://127.0.0.1:1/0")  # nothing listens on port 1
    with override_settings(CACHES=dead):
        response = client.get("/about/")
        assert response.status_code == 200
        assert "About" in response.content.decode()


def test_the_publication_list_counts_a_new_paper_at_once(client, site_cache, home_page):
    from datetime import date

    from publications.models import PublicationIndexPage

    from ..factories import add_publication

    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    add_publication(index, "First paper", date(2023, 5, 1)).save_revision().publish()
    client.get("/publications/")
    client.get("/publications/year/2024/")

    add_publication(index, "Second paper", date(2024, 5, 1)).save_revision().publish()

    html = client.get("/publications/").content.decode()
    assert "Second paper" in html
    assert "2 publications" in html
    assert "Second paper" in client.get("/publications/year/2024/").content.decode()


def test_a_published_change_to_the_home_page_shows_at_once(client, site_cache, home_page):
    client.get("/")
    home_page.heading = "A brand-new heading"
    home_page.save_revision().publish()

    assert "A brand-new heading" in client.get("/").content.decode()


def test_a_changed_site_hostname_is_followed_at_once(client, site_cache, home_page, about):
    from wagtail.models import Site

    assert client.get("/about/", HTTP_HOST="lab.example.org").status_code == 200
    other_home = ContentPageFactory(parent=home_page.get_parent(), title="Other", slug="other")
    Site.objects.create(hostname="lab.example.org", port=80, root_page=other_home)

    response = client.get("/about/", HTTP_HOST="lab.example.org")
    assert response.status_code == 404  # the new site has no about page


def test_a_new_member_and_a_new_paper_show_at_once_on_the_people_and_member_pages(
    client, site_cache, home_page
):
    from datetime import date

    from people.models import MemberPage, PeopleIndexPage, Role
    from publications.models import PublicationIndexPage

    from ..factories import add_publication

    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    ana = people.add_child(instance=MemberPage(title="Ana Lopez", slug="ana", role=Role.PHD))
    ana.save_revision().publish()
    papers = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    assert "Ana Lopez" in client.get("/people/").content.decode()
    assert "Circuits everywhere" not in client.get("/people/ana/").content.decode()

    bo = people.add_child(instance=MemberPage(title="Bo Chen", slug="bo", role=Role.POSTDOC))
    bo.save_revision().publish()
    paper = add_publication(
        papers,
        "Circuits everywhere",
        date(2024, 1, 1),
        authors=["Ana Lopez"],
        members={"Ana Lopez": ana},
    )
    paper.save_revision().publish()

    assert "Bo Chen" in client.get("/people/").content.decode()
    assert "Circuits everywhere" in client.get("/people/ana/").content.decode()


def test_the_cached_header_marks_the_section_each_page_is_in(
    client, site_cache, home_page, about, django_assert_max_num_queries
):
    """The header is cached per section (not per page): each page still marks its own
    place in the menu, and a second page of the same section reads the header from the
    cache."""
    team = ContentPageFactory(parent=about, title="Team", slug="team")
    team.save_revision().publish()
    history = ContentPageFactory(parent=about, title="History", slug="history")
    history.save_revision().publish()

    def menu_link(path, href):
        html = client.get(path).content.decode()
        return html.split(f'class="main-nav__link" href="{href}"', 1)[1].split(">", 1)[0]

    assert 'aria-current="page"' in menu_link("/about/", "/about/")
    assert 'aria-current="true"' in menu_link("/about/team/", "/about/")
    assert 'aria-current="true"' in menu_link("/about/history/", "/about/")
    assert "aria-current" not in menu_link("/about/history/", "/")
    assert 'aria-current="page"' in menu_link("/", "/")
    assert "aria-current" not in menu_link("/", "/about/")

    client.get("/about/team/")
    with django_assert_max_num_queries(20) as warm:
        client.get("/about/history/")
    client.get("/search/")  # a page outside the tree: no place in the menu
    caches["default"].clear()
    with django_assert_max_num_queries(40) as cold:
        client.get("/about/history/")
    assert len(warm.captured_queries) < len(cold.captured_queries)


def test_the_home_pages_sections_follow_the_content_and_the_day(
    client, site_cache, home_page, time_machine
):
    """The home page's members and papers sections are cached; a new member and a new
    paper show at once, and a member whose time in the group ended yesterday leaves the
    members section the next day, with nothing published in between."""
    from datetime import date

    from people.models import MemberPage, PeopleIndexPage, Role
    from publications.models import PublicationIndexPage

    from ..factories import add_publication

    time_machine.move_to("2026-03-02 09:00", tick=False)
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    ana = people.add_child(
        instance=MemberPage(title="Ana Lopez", slug="ana", role=Role.PHD, end_date=date(2026, 3, 3))
    )
    ana.save_revision().publish()
    papers = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    home_page.body = [
        ("members", {"heading": "Members", "count": 0, "show_links": True}),
        ("publications", {"heading": "Latest papers", "count": 3}),
    ]
    home_page.save_revision().publish()
    home = client.get("/").content.decode()
    assert "Ana Lopez" in home and "Circuits everywhere" not in home

    bo = people.add_child(instance=MemberPage(title="Bo Chen", slug="bo", role=Role.POSTDOC))
    bo.save_revision().publish()
    add_publication(papers, "Circuits everywhere", date(2026, 3, 1)).save_revision().publish()
    home = client.get("/").content.decode()
    assert "Bo Chen" in home and "Circuits everywhere" in home

    time_machine.move_to("2026-03-03 09:00", tick=False)
    home = client.get("/").content.decode()
    assert "Ana Lopez" not in home.split("Latest papers")[0] and "Bo Chen" in home


def test_the_cached_publication_list_follows_each_address_and_each_change(
    client, site_cache, home_page
):
    """The list's HTML is cached per address: each state, page and wrong input shows its
    own; a search is never kept; an edited paper shows at once."""
    from datetime import date

    from publications.models import PublicationIndexPage

    from ..factories import add_publication

    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications", per_page=1)
    )
    first = add_publication(index, "Sparse circuits", date(2023, 5, 1))
    first.save_revision().publish()
    add_publication(index, "Dense features", date(2024, 5, 1)).save_revision().publish()

    def read(address):
        return client.get(address).content.decode()

    assert "Dense features" in read("/publications/") and "Sparse" not in read("/publications/")
    assert "Sparse circuits" in read("/publications/page/2/")
    assert "Sparse circuits" in read("/publications/year/2023/")
    assert "Dense features" in read("/publications/?q=dense")
    assert "Sparse circuits" in read("/publications/?q=sparse")
    # Each wrong input keeps its own message, though both show the whole list.
    assert "“abc” is not a year" in read("/publications/?year=abc")
    assert "“soon” is not a year" in read("/publications/?year=soon")

    first.title = "Sparse circuits, revisited"
    first.save_revision().publish()
    assert "Sparse circuits, revisited" in read("/publications/page/2/")
    assert "Sparse circuits, revisited" in read("/publications/year/2023/")
    assert "Sparse circuits, revisited" in read("/publications/?q=sparse")


def test_cached_pages_follow_edits_previews_and_the_clock(
    client, admin_client, site_cache, home_page, time_machine
):
    """A paper's and an event's head and content are cached: an edit shows at once, a
    preview shows the unsaved draft (and leaves the cache as it was), and an event turns
    from upcoming to past with the clock, with nothing published."""
    from datetime import date, datetime, time

    from publications.models import PublicationIndexPage

    from ..factories import add_event, add_events_index, add_publication

    time_machine.move_to(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False)
    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    paper = add_publication(index, "Sparse circuits", date(2024, 5, 1))
    paper.save_revision().publish()
    page = client.get(paper.url).content.decode()
    assert "<title>Sparse circuits" in page and 'content="Sparse circuits"' in page

    paper.title = "Sparse circuits, revisited"
    paper.save_revision().publish()
    page = client.get(paper.url).content.decode()
    assert "<title>Sparse circuits, revisited" in page
    assert '<h1 class="paper__title">Sparse circuits, revisited</h1>' in page

    # A saved draft, previewed as the admin shows revisions: the draft, not the cache.
    paper.title = "A draft title"
    revision = paper.save_revision()
    live = '<h1 class="paper__title">Sparse circuits, revisited</h1>'
    # Read at the site's own address, as the admin's preview requests are made.
    host = home_page.get_site().hostname
    assert live in client.get(paper.url, HTTP_HOST=host).content.decode()  # cached
    shown = admin_client.get(f"/admin/pages/{paper.pk}/revisions/{revision.pk}/view/")
    assert '<h1 class="paper__title">A draft title</h1>' in shown.content.decode()
    assert live in client.get(paper.url, HTTP_HOST=host).content.decode()

    events = add_events_index(home_page)
    event = add_event(events, "Reading group", date(2026, 3, 3), time(15, 0))
    assert "Past event" not in client.get(event.url).content.decode()
    time_machine.move_to(datetime(2026, 3, 10, 9, tzinfo=UTC), tick=False)
    assert "Past event" in client.get(event.url).content.decode()


def test_cached_lists_follow_new_items_their_addresses_and_the_clock(
    client, site_cache, home_page, time_machine
):
    """The news, research and events pages are cached per address: a new item shows at
    once, each year's list shows its own items, a wrong page number is still a 404, and
    an event moves from upcoming to past when it ends, with nothing published."""
    from datetime import date, datetime, time

    from ..factories import (
        add_event,
        add_events_index,
        add_highlight,
        add_news,
        add_news_index,
        add_research_index,
    )

    time_machine.move_to(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False)
    news = add_news_index(home_page)
    add_news(news, "Workshop accepted", date(2025, 6, 1))
    assert "Workshop accepted" in client.get("/news/").content.decode()
    add_news(news, "New grant", date(2026, 2, 1)).save_revision().publish()
    assert "New grant" in client.get("/news/").content.decode()
    in_2025 = client.get("/news/year/2025/").content.decode()
    assert "Workshop accepted" in in_2025 and "New grant" not in in_2025
    assert client.get("/news/page/9/").status_code == 404

    research = add_research_index(home_page)
    add_highlight(research, "Grokking explained")
    assert "Grokking explained" in client.get("/research/").content.decode()
    add_highlight(research, "Circuits found").save_revision().publish()
    assert "Circuits found" in client.get("/research/").content.decode()

    events = add_events_index(home_page)
    add_event(events, "Reading group", date(2026, 3, 3), time(15, 0))
    upcoming = client.get("/events/").content.decode()
    assert "Reading group" in upcoming.split("Past events")[0]
    time_machine.move_to(datetime(2026, 3, 10, 9, tzinfo=UTC), tick=False)
    past = client.get("/events/").content.decode()
    assert "Past events" in past and "Reading group" in past.split("Past events")[1]


def test_a_cached_feed_follows_new_items_and_each_address(client, site_cache, home_page):
    from datetime import date

    from ..factories import add_news, add_news_index

    news = add_news_index(home_page)
    add_news(news, "Workshop accepted", date(2025, 6, 1))
    assert "Workshop accepted" in client.get("/news.atom").content.decode()
    add_news(news, "New grant", date(2026, 2, 1)).save_revision().publish()
    answer = client.get("/news.atom")
    assert answer["Content-Type"].startswith("application/atom+xml")
    assert "New grant" in answer.content.decode()
    assert client.get("/people.atom").status_code == 404
    other = client.get("/news.atom", HTTP_HOST="lab.example.org").content.decode()
    assert "http://lab.example.org/news.atom" in other


def test_a_cached_search_follows_new_pages_and_private_ones(client, site_cache, home_page):
    """The search page's results are cached per address: a new paper is found at once,
    and a page made private leaves the results at once."""
    from datetime import date

    from publications.models import PublicationIndexPage

    from ..factories import add_publication

    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    add_publication(index, "Sparse circuits", date(2024, 5, 1)).save_revision().publish()
    found = client.get("/search/?q=circuits").content.decode()
    assert "Sparse circuits" in found and "1 result for “circuits”" in found
    second = add_publication(index, "Circuits in the wild", date(2025, 5, 1))
    second.save_revision().publish()
    found = client.get("/search/?q=circuits").content.decode()
    assert "Circuits in the wild" in found and "2 results for “circuits”" in found

    PageViewRestriction.objects.create(page=second, restriction_type="login")
    found = client.get("/search/?q=circuits").content.decode()
    assert "Circuits in the wild" not in found and "1 result for “circuits”" in found


def test_a_members_talk_moves_from_upcoming_to_past_with_the_clock(
    client, site_cache, home_page, time_machine
):
    """A member's profile lists their talks, upcoming or past by the hour: its content is
    not kept across the moment a talk ends."""
    from datetime import date, datetime, time

    from people.models import MemberPage, PeopleIndexPage, Role

    from ..factories import add_event, add_events_index

    time_machine.move_to(datetime(2026, 3, 3, 12, tzinfo=UTC), tick=False)
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    ana = people.add_child(instance=MemberPage(title="Ana Lopez", slug="ana", role=Role.PHD))
    ana.save_revision().publish()
    events = add_events_index(home_page)
    add_event(events, "Circuits talk", date(2026, 3, 3), time(15, 0), speakers=[ana])
    profile = client.get("/people/ana/").content.decode()
    assert "Circuits talk" in profile and 'class="news-list"' in profile  # upcoming
    time_machine.move_to(datetime(2026, 3, 3, 23, tzinfo=UTC), tick=False)
    profile = client.get("/people/ana/").content.decode()
    assert "Circuits talk" in profile and 'class="news-list"' not in profile  # past
