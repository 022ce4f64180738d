"""The events' iCalendar read by the clients people use: ical.js (Thunderbird and many web
calendars; npm) and vobject (PyPI) place every event at the instant its page gives,
through the VTIMEZONEs the site writes: in and out of summer time, north and south,
in zones without summer time, and all-day events on their days."""

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
import vobject

from ..factories import add_event, add_events_index
from ..outside_tools import run_node

pytestmark = pytest.mark.django_db

# (title, day, start, zone): a year of monthly talks in Boston (summer time from March to
# November), Stockholm and Sydney on either side of their changes, Tokyo (none), and a
# talk on the night New York's clocks go back.
TALKS = [
    *[
        (f"Boston {month}", date(2027, month, 15), time(14, 0), "America/New_York")
        for month in range(1, 13)
    ],
    ("Stockholm March", date(2027, 3, 27), time(10, 0), "Europe/Stockholm"),
    ("Stockholm April", date(2027, 3, 29), time(10, 0), "Europe/Stockholm"),
    ("Sydney April", date(2027, 4, 3), time(18, 0), "Australia/Sydney"),
    ("Sydney May", date(2027, 4, 5), time(18, 0), "Australia/Sydney"),
    ("Tokyo", date(2027, 7, 1), time(9, 0), "Asia/Tokyo"),
    # Ends at 1:30, which New York's clocks show twice that night (written in UTC).
    ("Clocks go back", date(2027, 11, 7), time(0, 30), "America/New_York"),
    # Starts at 2:30, which they never show on the night summer time begins.
    ("Clocks go forward", date(2027, 3, 14), time(2, 30), "America/New_York"),
]


@pytest.fixture
def calendar_and_events(client, home_page):
    events = add_events_index(home_page)
    pages = [
        add_event(events, title, day, start, time_zone=zone) for title, day, start, zone in TALKS
    ]
    pages.append(
        add_event(
            events,
            "Retreat",
            date(2027, 6, 10),
            None,
            end_date=date(2027, 6, 12),
            time_zone="America/New_York",
        )
    )
    return client.get("/events.ics").content.decode(), pages


def expected(page):
    """Where the event's page places it: (start, end) as UTC instants, or days."""
    if page.all_day:
        return page.date.isoformat(), (page.end_date + timedelta(days=1)).isoformat()
    start, end = (moment.astimezone(UTC) for moment in (page.local_start, page.local_end))
    return start, end


def test_ical_js_places_every_event_where_its_page_does(calendar_and_events):
    text, pages = calendar_and_events

    read = {event["uid"]: event for event in run_node("ical-js.mjs", text, "ical.js")}

    assert len(read) == len(pages)
    for page in pages:
        event = read[f"event-{page.pk}@localhost"]
        start, end = expected(page)
        if page.all_day:
            assert (event["start"], event["end"]) == (start, end), page.title
        else:
            placed = tuple(datetime.fromisoformat(event[key]) for key in ("start", "end"))
            assert placed == (start, end), page.title


def test_vobject_places_every_event_where_its_page_does(calendar_and_events):
    text, pages = calendar_and_events

    calendar = vobject.readOne(text)
    read = {str(vevent.uid.value): vevent for vevent in calendar.vevent_list}

    assert len(read) == len(pages)
    for page in pages:
        vevent = read[f"event-{page.pk}@localhost"]
        start, end = expected(page)
        if page.all_day:
            assert (vevent.dtstart.value.isoformat(), vevent.dtend.value.isoformat()) == (
                start,
                end,
            )
        else:
            placed = (vevent.dtstart.value.astimezone(UTC), vevent.dtend.value.astimezone(UTC))
            assert placed == (start, end), page.title


def test_each_zone_is_written_change_by_change_for_the_years_of_the_events(
    calendar_and_events,
):
    text, _pages = calendar_and_events

    calendar = icalendar.Calendar.from_ical(text)

    zones = {str(zone["TZID"]): zone for zone in calendar.walk("VTIMEZONE")}
    assert set(zones) == {"America/New_York", "Europe/Stockholm", "Australia/Sydney", "Asia/Tokyo"}
    assert "only works" not in text and "RDATE" not in text
    new_york = [
        observance.decoded("DTSTART")
        for observance in zones["America/New_York"].subcomponents
        if observance.name == "DAYLIGHT"
    ]
    # Summer time begins each year from the year before the events to the year after.
    assert [start.date() for start in new_york] == [
        date(2026, 3, 8),
        date(2027, 3, 14),
        date(2028, 3, 12),
    ]
