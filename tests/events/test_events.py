"""Events and talks on the public site: upcoming and past by the clock alone, times in the
event's own zone, iCalendar that a calendar client reads with the right time zones,
schema.org Event, the home page's "Upcoming events", a member's talks and the search."""

import json
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core.exceptions import ValidationError

from events.models import EventKind, EventPage
from home.models import HomePage
from lab_site.static_copy import rendering_static_copy
from people.models import PeopleIndexPage

from ..conftest import count_queries
from ..factories import add_event, add_events_index, add_member

pytestmark = pytest.mark.django_db
BOSTON = ZoneInfo("America/New_York")


@pytest.fixture
def events(home_page):
    return add_events_index(home_page, show_in_menus=True)


@pytest.fixture
def ana(home_page):
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    return add_member(people, "Ana Lovelace")


@time_machine.travel(datetime(2025, 3, 4, 12, 0, tzinfo=BOSTON), tick=False)
def test_an_event_moves_from_upcoming_to_past_by_time_alone(client, events, ana):
    add_event(events, "Talk on grokking", date(2025, 3, 4), time(16, 0), speakers=[ana])

    before = client.get(events.url).content.decode()
    with time_machine.travel(datetime(2025, 3, 4, 17, 1, tzinfo=BOSTON), tick=False):
        after = client.get(events.url).content.decode()

    upcoming, past = before.split('id="upcoming"')[1], after.split('id="past"')
    assert "Talk on grokking" in upcoming.split("Past events")[0]
    assert len(past) == 2 and "Talk on grokking" in past[1]
    assert "No events are planned at the moment." in after


def test_times_show_in_the_events_zone_with_the_instant_for_the_reader(client, events, ana):
    event = add_event(
        events,
        "Seminar",
        date(2025, 7, 1),
        time(16, 0),
        end_time=time(17, 30),
        time_zone="Europe/Stockholm",
        speakers=[ana],
    )

    html = client.get(event.url).content.decode()

    assert "Tuesday, July 1, 2025, 4:00\u00a0p.m. – 5:30\u00a0p.m. (CEST, Stockholm)" in html
    assert '<time datetime="2025-07-01T16:00:00+02:00" data-local-time' in html
    assert event.starts_at == datetime(2025, 7, 1, 14, 0, tzinfo=ZoneInfo("UTC"))


def test_the_calendar_feed_imports_with_its_time_zones(client, events, ana):
    add_event(events, "Boston talk", date(2025, 11, 3), time(9, 30), speakers=[ana])
    add_event(
        events,
        "Tokyo workshop",
        date(2025, 12, 1),
        None,
        end_date=date(2025, 12, 3),
        time_zone="Asia/Tokyo",
        location="Tokyo",
        speakers=[ana],
    )

    response = client.get("/events.ics")

    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    found = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    talk = found["Boston talk"].decoded("DTSTART")
    assert talk == datetime(2025, 11, 3, 9, 30, tzinfo=BOSTON)
    assert talk.utcoffset().total_seconds() == -5 * 3600  # standard time by November
    assert found["Tokyo workshop"].decoded("DTSTART") == date(2025, 12, 1)
    assert found["Tokyo workshop"].decoded("DTEND") == date(2025, 12, 4)  # exclusive end
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {"America/New_York"}
    for event in found.values():
        assert event["UID"] and event["DTSTAMP"] and event["URL"].startswith("http")
    # The same event keeps its UID whatever host the calendar was fetched through.
    other = icalendar.Calendar.from_ical(client.get("/events.ics", HTTP_HOST="127.0.0.1").content)
    assert {str(e["UID"]) for e in other.walk("VEVENT")} == {str(e["UID"]) for e in found.values()}


def test_one_event_has_its_own_ics(client, events, ana):
    event = add_event(events, "Defence", date(2025, 5, 2), time(14, 0), speakers=[ana])

    response = client.get("/events/defence.ics")

    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Defence"]
    assert 'href="/events/defence.ics"' in client.get(event.url).content.decode()
    assert client.get("/events/nothing.ics").status_code == 404


def test_an_event_has_schema_org_event_json_ld(client, events, ana):
    event = add_event(
        events,
        "Hybrid talk",
        date(2025, 5, 2),
        time(14, 0),
        location="MIT, Room 26-100",
        online_url="https://example.org/zoom",
        speakers=[ana],
        guests=[("Grace Guest", "Stanford University")],
    )

    html = client.get(event.url).content.decode()

    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "Event"
    assert data["startDate"] == "2025-05-02T14:00:00-04:00"
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert {place["@type"] for place in data["location"]} == {"Place", "VirtualLocation"}
    assert [p["name"] for p in data["performer"]] == ["Ana Lovelace", "Grace Guest"]
    assert "Grace Guest (Stanford University)" in html


def test_bad_times_are_refused_with_the_field_named(events, ana):
    event = EventPage(title="x", date=date(2025, 5, 2), start_time=time(14), end_time=time(13))
    with pytest.raises(ValidationError) as error:
        event.full_clean(exclude=["path", "depth", "slug"])
    assert "end after it starts" in str(error.value.message_dict["end_time"])
    assert "Give a place, an online link, or both." in str(error.value.message_dict["location"])

    event = EventPage(title="x", date=date(2025, 5, 2), end_date=date(2025, 5, 1), location="MIT")
    with pytest.raises(ValidationError) as error:
        event.full_clean(exclude=["path", "depth", "slug"])
    assert "cannot come before" in str(error.value.message_dict["end_date"])


@time_machine.travel(datetime(2025, 1, 1, tzinfo=BOSTON), tick=False)
def test_the_home_page_and_a_profile_show_upcoming_talks(client, home_page, events, ana):
    home = HomePage.objects.get(pk=home_page.pk)
    home.body = [("events", {"heading": "Upcoming events", "intro": "", "count": 2})]
    home.save_revision().publish()
    assert "Upcoming events" not in client.get("/").content.decode()

    add_event(events, "Next talk", date(2025, 2, 1), time(10), speakers=[ana])
    add_event(events, "Old talk", date(2024, 2, 1), time(10), speakers=[ana])
    home_html = client.get("/").content.decode()
    profile = client.get(ana.url).content.decode()

    assert "Upcoming events" in home_html and "Next talk" in home_html
    assert "Old talk" not in home_html
    assert "Talks" in profile and "Next talk" in profile and "Old talk" in profile


def test_the_menu_search_and_queries(client, home_page, events, ana):
    assert 'href="/events/"' not in client.get("/").content.decode()
    add_event(events, "Grokking seminar", date(2025, 2, 1), time(10), speakers=[ana])
    few = count_queries(client, events.url)
    for day in range(2, 8):
        add_event(events, f"Seminar {day}", date(2025, 2, day), time(10), speakers=[ana])

    assert count_queries(client, events.url) == few
    assert 'class="main-nav__link" href="/events/"' in client.get("/").content.decode()
    html = client.get("/search/?q=grokking").content.decode()
    assert 'id="group-events">Events' in html and "Grokking seminar" in html


def test_kinds_are_labelled_for_visitors(client, events, ana):
    event = add_event(
        events, "Defence", date(2025, 5, 2), time(14), kind=EventKind.DEFENCE, speakers=[ana]
    )

    assert "Thesis defence" in client.get(event.url).content.decode()


@time_machine.travel(datetime(2025, 6, 1, 12, 0, tzinfo=BOSTON), tick=False)
def test_each_year_and_kind_has_a_list_at_its_own_path(client, events, ana):
    add_event(events, "Old seminar", date(2024, 3, 1), time(10), kind="seminar", speakers=[ana])
    add_event(events, "Spring talk", date(2025, 2, 1), time(10), kind="talk", speakers=[ana])
    add_event(events, "Autumn talk", date(2025, 10, 1), time(10), kind="talk", speakers=[ana])

    whole = client.get(events.url).content.decode()
    year = client.get(events.url + "year/2024/").content.decode()
    talks = client.get(events.url + "kind/talk/").content.decode()

    assert all(title in whole for title in ("Old seminar", "Spring talk", "Autumn talk"))
    assert "Old seminar" in year and "Spring talk" not in year and "Autumn talk" not in year
    # A past year has nothing upcoming: its list does not say "No events are planned".
    assert 'id="upcoming"' not in year and "No events are planned" not in year
    assert "Spring talk" in talks and "Autumn talk" in talks and "Old seminar" not in talks
    upcoming, past = talks.split('id="past"')
    assert "Autumn talk" in upcoming and "Spring talk" in past
    # The filters link each state's path, with counts, and mark the current one.
    assert 'href="/events/kind/seminar/"' in whole and "Seminar <span" in whole
    assert '<span class="tag__count">(2)</span>' in whole  # two talks
    assert 'href="/events/year/2024/" aria-current="page"' in year
    # One filter by query string redirects to its path; a combination stays a query.
    assert client.get(events.url + "?kind=talk")["Location"] == events.url + "kind/talk/"
    assert client.get(events.url + "?year=2024")["Location"] == events.url + "year/2024/"
    both = client.get(events.url + "?kind=talk&year=2025").content.decode()
    assert "Spring talk" in both and "Old seminar" not in both
    assert 'href="/events/?year=2025&amp;kind=seminar"' in both
    with rendering_static_copy():
        static = client.get(events.url + "year/2025/").content.decode()
    assert 'href="/events/kind/seminar/"' in static and "&amp;" not in static.split("<main")[1]
    # Values that have no event are not lists; unknown query values are said and ignored.
    assert client.get(events.url + "year/1999/").status_code == 404
    assert client.get(events.url + "kind/defence/").status_code == 404
    unknown = client.get(events.url + "?kind=party&year=1999").content.decode()
    assert "There is no kind of event “party”" in unknown
    assert "There are no events in “1999”" in unknown and "Old seminar" in unknown


@pytest.mark.parametrize(
    "query", ["?year=²⁰²⁴", "?year=-1", "?kind=%00", "?kind=" + "a" * 500, "?page=9"]
)
def test_no_query_string_breaks_the_events_list(client, events, ana, query):
    add_event(events, "Only talk", date(2025, 2, 1), time(10), speakers=[ana])

    response = client.get(events.url + query, follow=True)

    assert response.status_code == 200 and "Only talk" in response.content.decode()
