"""Openings: open until the deadline's day is over or an editor closes them, then off the
list, the home page and the menu by themselves; JobPosting JSON-LD while open."""

import json
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from home.models import HomePage

from ..factories import add_opening, add_openings_index

pytestmark = pytest.mark.django_db
BOSTON = ZoneInfo("America/New_York")


@pytest.fixture
def join(home_page):
    return add_openings_index(home_page, show_in_menus=True)


def json_ld(html):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found[1]) if found else None


@time_machine.travel(datetime(2025, 3, 31, 23, 0, tzinfo=UTC), tick=False)
def test_an_opening_closes_by_itself_after_its_deadline_day(client, home_page, join):
    """The deadline's day ends in the site's time zone (TIME_ZONE, UTC in the tests)."""
    home = HomePage.objects.get(pk=home_page.pk)
    home.body = [("openings", {"heading": "We are hiring", "intro": ""})]
    home.save_revision().publish()
    opening = add_opening(join, "PhD position in interpretability", date(2025, 3, 31))

    open_list = client.get(join.url).content.decode()
    open_home = client.get("/").content.decode()
    open_page = client.get(opening.url).content.decode()
    with time_machine.travel(datetime(2025, 4, 1, 0, 30, tzinfo=UTC), tick=False):
        closed_list = client.get(join.url).content.decode()
        closed_home = client.get("/").content.decode()
        closed_page = client.get(opening.url).content.decode()

    assert "PhD position in interpretability" in open_list
    assert "We are hiring" in open_home and 'class="main-nav__link" href="/join-us/"' in open_home
    assert "This position is closed" not in open_page and "How to apply" in open_page
    assert "PhD position in interpretability" not in closed_list
    assert "No position is open at the moment." in closed_list
    assert "We are hiring" not in closed_home and 'href="/join-us/"' not in closed_home
    assert "This position is closed" in closed_page and "How to apply" not in closed_page


def test_an_editor_closes_an_opening_before_its_deadline(client, join):
    opening = add_opening(join, "Postdoc", None)
    opening.filled = True
    opening.save_revision().publish()

    assert "Postdoc" not in client.get(join.url).content.decode().split("<main")[1]
    assert "This position is closed" in client.get(opening.url).content.decode()


@time_machine.travel(datetime(2025, 3, 1, 12, 0, tzinfo=BOSTON), tick=False)
def test_an_open_position_has_job_posting_json_ld_and_a_closed_one_none(client, join):
    opening = add_opening(
        join, "Postdoc in AI safety", date(2025, 3, 31), apply_url="https://example.org/apply"
    )

    data = json_ld(client.get(opening.url).content.decode())

    assert data["@type"] == "JobPosting" and data["title"] == "Postdoc in AI safety"
    # The end of the deadline day where the group is (the tests' time zone is UTC).
    assert data["validThrough"] == "2025-03-31T23:59:59+00:00"
    assert data["hiringOrganization"]["@type"] == "ResearchOrganization"
    assert data["jobLocation"]["address"]["addressCountry"] == "US"
    assert data["employmentType"] == "FULL_TIME" and data["datePosted"]
    with time_machine.travel(datetime(2025, 4, 2, tzinfo=BOSTON), tick=False):
        assert json_ld(client.get(opening.url).content.decode()) is None


def test_the_list_puts_the_soonest_deadline_first(client, join):
    add_opening(join, "Later", date(2099, 6, 1))
    add_opening(join, "Until filled", None)
    add_opening(join, "Sooner", date(2099, 1, 1))

    html = client.get(join.url).content.decode()

    assert html.index("Sooner") < html.index("Later") < html.index("Until filled")


def test_the_site_search_finds_openings(client, join):
    add_opening(join, "PhD position in grokking", date(2099, 1, 1))

    html = client.get("/search/?q=grokking").content.decode()

    assert 'id="group-openings">Open positions' in html and "PhD position in grokking" in html


def test_an_editor_previews_a_new_opening(client, join):
    from django.urls import reverse
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    from ..factories import UserFactory

    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    url = reverse("wagtailadmin_pages:preview_on_add", args=["openings", "openingpage", join.pk])
    data = {
        "title": "Previewed position",
        "slug": "",
        "position_type": "postdoc",
        "summary": "Join us.",
        "description": rich_text("<p>The role.</p>"),
        "requirements": rich_text("<p></p>"),
        "how_to_apply": rich_text("<p>Write to us.</p>"),
        "apply_url": "",
        "start_date": "",
        "deadline": "2099-01-01",
        "location": "Cambridge, Massachusetts",
        "country": "us",
        "seo_title": "",
        "search_description": "",
    }

    posted = client.post(url, nested_form_data(data))
    shown = client.get(url).content.decode()

    assert posted.json()["is_valid"], posted.content[:500]
    assert "Previewed position" in shown and "Write to us." in shown
