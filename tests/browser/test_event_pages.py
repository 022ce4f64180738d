"""Events in a real browser, on the demo home page and members with events added (in the
live server's database): the events page with
upcoming and past ones, an event, the home page's "Upcoming events" and a speaker's profile."""

import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import dateformat

from events.models import EventPage
from home.models import HomePage
from people.models import MemberPage

from ..factories import add_event, add_events_index
from .conftest import DESKTOP, check_pages


def add_demo_events():
    home = HomePage.objects.get()
    index = add_events_index(home, show_in_menus=True, intro="<p>Where the group speaks.</p>")
    ziming = MemberPage.objects.get(slug="ziming-liu")
    soon = date.today() + timedelta(days=10)
    event = add_event(
        index,
        "KAN 2.0: Kolmogorov-Arnold Networks Meet Science",
        soon,
        time(16, 0),
        end_time=time(17, 30),
        location="MIT, Building 26, Room 100, Cambridge MA",
        online_url="https://example.org/livestream",
        abstract="Networks whose edges learn functions $\\phi(x)$ instead of weights.",
        speakers=[ziming],
        guests=[("A. Guest Speaker", "Stanford University")],
    )
    add_event(index, "Reading group: grokking", soon + timedelta(days=7), None, speakers=[ziming])
    add_event(index, "Thesis defence", date(2024, 5, 2), time(14, 0), speakers=[ziming])
    home.body.append(("events", {"heading": "Upcoming events", "intro": "", "count": 3}))
    home.save_revision().publish()
    return event, ziming


def test_event_pages_are_accessible_and_fit(visit, live_demo_site):
    event, ziming = add_demo_events()

    check_pages(
        visit,
        (
            ("events", "/events/"),
            ("event", event.url),
            ("home-with-events", "/"),
            ("member-with-talks", ziming.url),
        ),
    )


def test_the_readers_own_time_is_shown_beside_the_events(visit, live_demo_site):
    event, _ziming = add_demo_events()

    visitor = visit(viewport=DESKTOP, timezone_id="Europe/Berlin")
    visitor.goto(event.url)

    note = visitor.page.locator(".event__local-time").inner_text()
    # Written as the site writes the event's own time: "4:00 p.m.", never "4 p.m." beside
    # "5:00 PM" (test_events.py checks the site's own).
    berlin = event.local_start.astimezone(ZoneInfo("Europe/Berlin"))
    expected = dateformat.format(berlin, f"l, F j, Y, {EventPage.TIME_FORMAT}")
    assert (
        note
        == f"Your time: {expected} ({'GMT+1' if berlin.dst() == timedelta(0) else 'GMT+2'}, Berlin)"
    )
    shown = visitor.page.locator("time[data-local-time]").first.inner_text()
    assert re.search(r", \d{1,2}:\d{2}\u00a0[ap]\.m\. – \d{1,2}:\d{2}\u00a0[ap]\.m\. \(", shown), (
        shown
    )
