"""iCalendar (RFC 5545) for events, written by the ``icalendar`` library: one ``.ics`` per
event and one for all of them, with the time zones they use, so that a calendar shows
each event at the right time wherever the reader is."""

import copy
from datetime import UTC, timedelta

from django.http import HttpResponse
from icalendar import Calendar, Event
from wagtail.models import Site


def calendar_response(events, request, name, filename):
    calendar = Calendar()
    calendar.add("prodid", "-//lab-site//events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    # The site's own host name, whatever the request's Host header says: a calendar that
    # subscribed once keeps recognising its events as the same ones.
    site = Site.find_for_request(request)
    host = site.hostname if site else request.get_host().split(":")[0]
    events = list(events)
    for event in events:
        calendar.add_component(_component(event, request, host))
    _add_time_zones(calendar, events)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _component(event, request, host):
    url = event.get_full_url(request)
    component = Event()
    component.add("uid", f"event-{event.pk}@{host}")
    component.add("dtstamp", event.last_published_at or event.starts_at)
    if event.all_day:
        component.add("dtstart", event.date)
        component.add("dtend", event.local_end.date())
    else:
        component.add("dtstart", _unambiguous(event.local_start))
        component.add("dtend", _unambiguous(event.local_end))
    component.add("summary", event.plain_title)
    where = [part for part in (event.location.strip(), event.online_url) if part]
    if where:
        component.add("location", ", ".join(where))
    speakers = ", ".join(
        f"{name} ({affiliation})" if affiliation else name
        for name, affiliation, _member in event.speaker_entries()
    )
    description = "\n\n".join(
        part
        for part in (
            f"{event.get_kind_display()} by {speakers}." if speakers else "",
            event.plain_abstract,
            f"Slides: {event.slides_url}" if event.slides_url else "",
            f"Video: {event.video_url}" if event.video_url else "",
        )
        if part
    )
    component.add("description", description)
    component.add("url", url)
    return component


def _unambiguous(moment):
    """``moment`` in its zone, or in UTC where the zone's clock shows that time twice (the
    hour summer time ends) or never (the hour it begins): a time with TZID cannot say which
    of the two it is, and clients differ (ical.js took the second of two 1:30s)."""
    once = moment.replace(fold=1 - moment.fold).utcoffset() == moment.utcoffset()
    exists = moment.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None) == (
        moment.replace(tzinfo=None)
    )
    return moment if once and exists else moment.astimezone(UTC)


def _add_time_zones(calendar, events):
    """The VTIMEZONE of each zone the events use, over the years they fall in, each
    change of offset written as an observance of its own (one DTSTART each).

    ``icalendar`` writes all of a zone's changes as one observance with a list of RDATEs;
    ical.js (Thunderbird, many web calendars) read that as one fixed offset and placed
    New York's summer events an hour late. One DTSTART per change reads the same in
    every client. The zone covers the events' years and one on either side."""
    days = [day for event in events for day in (event.local_start.date(), event.local_end.date())]
    if not days:
        return
    calendar.add_missing_timezones(
        first_date=min(days) - timedelta(days=366), last_date=max(days) + timedelta(days=366)
    )
    for zone in calendar.timezones:
        zone.pop("COMMENT", None)  # "only works from … to …": it covers every event here
        observances = []
        for observance in zone.subcomponents:
            for start in _starts(observance):
                one = copy.deepcopy(observance)
                one.pop("RDATE", None)
                one.pop("DTSTART")
                one.add("DTSTART", start)
                observances.append(one)
        zone.subcomponents = sorted(observances, key=lambda one: one.decoded("DTSTART"))


def _starts(observance):
    """When an observance begins: its DTSTART and each of its RDATEs."""
    starts = [observance.decoded("DTSTART")]
    rdates = observance.get("RDATE", [])
    for rdate in rdates if isinstance(rdates, list) else [rdates]:
        starts += [period.dt for period in rdate.dts]
    return starts
