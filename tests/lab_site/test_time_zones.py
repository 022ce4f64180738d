"""The time zones an editor chooses from: the current ones by place, found by typing part
of a name, and older names read as the zone they stand for."""

import re
from zoneinfo import ZoneInfo, available_timezones

import pytest
from django.urls import reverse

from lab_site.time_zones import current_name, time_zones
from lab_site.widgets import SearchableSelect


def test_the_list_is_the_zones_in_use_by_place_without_aliases():
    names = time_zones()

    assert 350 < len(names) < 450 < len(available_timezones())
    assert {"Europe/Oslo", "America/New_York", "Asia/Kolkata", "Europe/Kyiv", "UTC"} <= set(names)
    for alias in ["US/Eastern", "GB", "Etc/GMT+5", "EST5EDT", "Asia/Calcutta", "Europe/Kiev"]:
        assert alias not in names
    for name in names:
        ZoneInfo(name)  # each one Python can use


@pytest.mark.parametrize(
    ("older", "current"),
    [
        ("US/Eastern", "America/New_York"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("GB", "Europe/London"),
        ("Etc/UTC", "UTC"),
        ("GMT-0", "UTC"),
        ("America/New_York", "America/New_York"),
        ("Not/A_Zone", None),
    ],
)
def test_an_older_name_is_read_as_the_zone_it_stands_for(older, current):
    assert current_name(older) == current


def test_every_name_python_knows_leads_to_a_listed_zone_but_those_of_no_place():
    """Fixed offsets ("Etc/GMT+5") and the old North American rules ("EST5EDT") name no
    place: an event saved with one keeps it until the editor chooses a zone."""
    listed, placeless = set(time_zones()), re.compile(r"Etc/GMT[+-]\d+|[A-Z]{3}\d[A-Z]{3}")
    for name in available_timezones() - {"localtime", "Factory"}:
        found = current_name(name)
        assert found in listed or (found is None and placeless.fullmatch(name)), name


def test_the_widget_offers_the_choices_to_search_by_typing():
    html = SearchableSelect([("Europe/Oslo", "Europe/Oslo")]).render(
        "time_zone", "Europe/Oslo", {"id": "id_time_zone"}
    )

    assert 'list="id_time_zone-choices"' in html
    assert '<datalist id="id_time_zone-choices"><option value="Europe/Oslo">' in html
    assert 'value="Europe/Oslo"' in html and 'autocomplete="off"' in html


@pytest.mark.django_db
def test_the_event_form_takes_a_listed_zone_and_says_what_to_do_with_any_other(
    admin_client, home_page
):
    from datetime import date, time

    from tests.factories import add_event, add_events_index

    events = add_events_index(home_page)
    event = add_event(events, "Seminar", date(2025, 5, 2), time(16, 0), time_zone="UTC")
    # As an older version saved it, with a name the list no longer has.
    type(event).objects.filter(pk=event.pk).update(time_zone="US/Eastern")
    event.refresh_from_db()
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])

    form = admin_client.get(url).context["form"]

    assert form["time_zone"].value() == "America/New_York"
    assert 'list="id_time_zone-choices"' in str(form["time_zone"])
    bad = form.__class__(
        {**form.initial, "time_zone": "Mars/Olympus"}, instance=event, parent_page=events
    )
    bad.is_valid()
    assert "“Mars/Olympus” is not a time zone: type the city" in str(bad.errors["time_zone"])
