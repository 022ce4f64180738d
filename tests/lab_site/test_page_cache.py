"""The anonymous page cache: fast for visitors, never stale after publishing, never personal.

Run against local memory and, when it answers, the real Redis (CI requires it with
REQUIRE_SERVICES=1), as production would.
"""

import gzip
import os
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from lab_site.models import SiteSettings
from lab_site.page_cache import clear_page_cache, is_cacheable_response

from ..factories import ContentPageFactory, UserFactory

pytestmark = pytest.mark.django_db

# A Redis database of its own per pytest-xdist worker (gw0: 15, gw1: 14, …): the tests
# empty it.
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{15 - WORKER % 16}")


def redis_answers():
    host, port = "127.0.0.1", 6379
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def redis_cache(location):
    """The settings' caches (``default``, ``derived``, ``entries``) on the Redis at
    ``location``."""
    redis = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
        },
    }
    return {
        "default": {**redis, "KEY_PREFIX": "lab-site-tests"},
        "derived": {**redis, "KEY_PREFIX": "lab-site-tests-derived"},
        "entries": {**redis, "KEY_PREFIX": "lab-site-tests-entries"},
    }


LOCMEM = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "derived": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "derived",
    },
    "entries": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "entries",
    },
}


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    if request.param == "redis" and not redis_answers():
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("REQUIRE_SERVICES=1 but Redis does not answer on 127.0.0.1:6379")
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    with override_settings(
        CACHES=redis_cache(REDIS_URL) if request.param == "redis" else LOCMEM,
        PAGE_CACHE_SECONDS=300,
    ):
        caches["default"].clear()
        yield request.param
        caches["default"].clear()


@pytest.fixture
def about(home_page):
    page = ContentPageFactory(parent=home_page, title="About", slug="about", intro="First words.")
    page.save_revision().publish()
    return page


def get(client, path="/about/"):
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_second_anonymous_visit_is_served_from_the_cache(client, page_cache, about):
    assert get(client)["X-Page-Cache"] == "miss"
    assert get(client)["X-Page-Cache"] == "hit"


def test_unknown_query_parameters_share_the_pages_cached_copy(client, page_cache, about):
    assert get(client)["X-Page-Cache"] == "miss"

    for number in range(20):
        assert get(client, f"/about/?utm_x={number}&fbclid=a{number}")["X-Page-Cache"] == "hit"


def test_parameters_pages_read_keep_their_own_copies_in_any_order(client, page_cache, publications):
    export = "/publications/export.txt"
    assert get(client, f"{export}?year=2023&style=ieee")["X-Page-Cache"] == "miss"
    assert get(client, f"{export}?style=ieee&utm_x=1&year=2023")["X-Page-Cache"] == "hit"
    assert get(client, f"{export}?year=2022&style=ieee")["X-Page-Cache"] == "miss"
    assert get(client, f"{export}?year=2023&style=apa")["X-Page-Cache"] == "miss"


@pytest.fixture
def publications(home_page):
    from datetime import date

    from publications.models import PublicationIndexPage

    from ..factories import add_publication

    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    index.show_citation_counts = True
    index.save_revision().publish()
    for number, year in enumerate((2021, 2022, 2023, 2023)):
        add_publication(
            index, f"Paper {number} on grokking", date(year, 3, 1), authors=[f"Ann Author{number}"]
        )
    return index


# Addresses whose pages differ by a query parameter their view reads (a filter, a sort, a
# citation style, a page number), with unknown parameters and in other orders.
READ_BY_VIEWS = [
    "/publications/",
    "/publications/?sort=cited",
    "/publications/?sort=date",
    "/publications/?year=2023",
    "/publications/?year=2023&sort=cited",
    "/publications/?sort=cited&year=2023&utm_source=x",
    "/publications/?q=grokking",
    "/publications/?q=Paper+1",
    "/publications/?page=2",
    "/publications/?year=2021&year=2023",
    "/publications/?utm_source=feed",
    "/publications/export.txt",
    "/publications/export.txt?style=ieee",
    "/publications/export.txt?style=apa",
    "/publications/export.txt?style=chicago",
    "/publications/export.txt?style=chicago&year=2023",
    "/publications/export.txt?year=2023&style=ieee",
    "/publications/export.bib?year=2022",
    "/publications/export.bib",
    "/publications/export.ris?q=Paper+2",
    "/search/?q=grokking",
    "/search/?q=Paper",
]


def test_a_cached_page_is_always_the_page_its_own_query_makes(client, settings, publications):
    """Whatever was asked before, each address answers as it would with no cache at all."""
    import random

    settings.PAGE_CACHE_SECONDS = 0
    expected = {url: client.get(url).content for url in READ_BY_VIEWS}
    settings.PAGE_CACHE_SECONDS = 300
    with override_settings(CACHES=LOCMEM):
        caches["default"].clear()
        for seed in range(3):
            order = READ_BY_VIEWS * 2
            random.Random(seed).shuffle(order)
            for url in order:
                answer = client.get(url)
                assert answer.content == expected[url], (url, answer.get("X-Page-Cache"))
        assert client.get("/publications/export.txt?style=ieee")["X-Page-Cache"] == "hit"


def test_a_published_change_is_visible_at_once(client, page_cache, about):
    get(client)
    assert "First words." in get(client).content.decode()

    about.intro = "Second words."
    about.save_revision().publish()

    response = get(client)
    assert response["X-Page-Cache"] == "miss"
    assert "Second words." in response.content.decode()


def test_a_draft_does_not_change_what_visitors_see(client, page_cache, about):
    get(client)
    about.intro = "Not yet."
    about.save_revision()
    assert "First words." in get(client).content.decode()


@pytest.mark.parametrize("change", ["unpublish", "delete", "move", "setting"])
def test_unpublishing_deleting_moving_and_settings_clear_the_cache(
    client, page_cache, home_page, about, change
):
    other = ContentPageFactory(parent=home_page, title="Team", slug="team", show_in_menus=True)
    other.save_revision().publish()
    assert "Team" in get(client).content.decode()  # in the navigation
    get(client)

    if change == "unpublish":
        other.unpublish()
    elif change == "delete":
        other.delete()
    elif change == "move":
        other.move(about, pos="last-child")
    else:
        settings = SiteSettings.for_site(home_page.get_site())
        settings.group_name = "Renamed Group"
        settings.save()

    html = get(client).content.decode()
    if change == "setting":
        assert "Renamed Group" in html
    else:
        assert ">Team</a></li>" not in html


def test_signed_in_visitors_are_never_served_or_stored_in_the_cache(client, page_cache, about):
    get(client)  # cached for anonymous visitors
    client.force_login(UserFactory(is_superuser=True))

    response = get(client)
    assert "X-Page-Cache" not in response
    # The user bar of a signed-in editor never reaches anonymous visitors.
    client.logout()
    assert "wagtail-userbar" not in get(client).content.decode()


def test_admin_and_previews_are_never_cached(client, page_cache, about):
    client.force_login(UserFactory(is_superuser=True))
    preview = client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[about.pk]))
    assert "X-Page-Cache" not in preview
    client.logout()
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_responses_with_cookies_or_csrf_tokens_are_not_stored(rf):
    from django.http import HttpResponse

    request = rf.get("/")
    assert is_cacheable_response(request, HttpResponse("ok"))

    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("flavour", "chocolate")
    assert not is_cacheable_response(request, with_cookie)

    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not is_cacheable_response(request, HttpResponse("ok"))

    private = HttpResponse("ok")
    private["Cache-Control"] = "private"
    assert not is_cacheable_response(rf.get("/"), private)


def test_clearing_works_before_anything_was_cached(page_cache):
    clear_page_cache()
    clear_page_cache()


def test_the_site_keeps_serving_when_redis_is_down_and_health_says_so(client, about):
    dead = redis_cache("redis://127.0.0.1:1/0")  # nothing listens on port 1
    with override_settings(CACHES=dead, PAGE_CACHE_SECONDS=300):
        response = get(client)
        assert "First words." in response.content.decode()
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.json() == {"database": "ok", "cache": "down"}


def test_health_check_answers_ok_when_everything_is_up(client, page_cache, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_public_pages_are_compressed_and_cached_per_encoding(client, page_cache, about):
    plain = client.get("/about/")
    compressed = client.get("/about/", headers={"accept-encoding": "gzip, deflate, br"})
    plain_again = client.get("/about/")
    compressed_again = client.get("/about/", headers={"accept-encoding": "gzip"})

    assert "Content-Encoding" not in plain and "Content-Encoding" not in plain_again
    assert compressed["Content-Encoding"] == compressed_again["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert [r["X-Page-Cache"] for r in (plain, compressed, plain_again, compressed_again)] == [
        "miss",
        "miss",
        "hit",
        "hit",
    ]
    html = plain.content
    assert gzip.decompress(compressed.content) == gzip.decompress(compressed_again.content) == html
    assert plain_again.content == html
    assert len(compressed.content) < len(html) / 2


def test_pages_that_may_hold_secrets_are_never_compressed(client, page_cache, about):
    gzip_please = {"accept-encoding": "gzip"}
    assert "Content-Encoding" not in client.get("/admin/login/", headers=gzip_please)
    client.force_login(UserFactory(is_superuser=True))
    assert "Content-Encoding" not in client.get("/about/", headers=gzip_please)
    assert "Content-Encoding" not in client.get("/admin/", headers=gzip_please)


def test_the_query_notes_what_is_read_and_copies_note_into_the_same_record():
    from django.http import QueryDict

    from lab_site.page_cache import ALL, NONEMPTY, RecordingQueryDict

    reads = set()
    query = RecordingQueryDict.of(QueryDict("year=2023&utm_source=x&year=2024"), reads)
    copied = query.copy()
    assert reads == set()  # copying reads nothing
    assert copied.getlist("year") == ["2023", "2024"] and reads == {"year"}
    assert bool(query) and reads == {"year", NONEMPTY}
    assert "sort" not in query and reads == {"year", NONEMPTY, "sort"}
    assert sorted(query) == ["utm_source", "year"] and ALL in reads
    copied["year"] = "1999"  # the copy is the view's own
    assert query.getlist("year") == ["2023", "2024"]
