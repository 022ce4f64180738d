"""iCalendar (RFC 5545) for events, written by the ``icalendar`` library: one ``.ics`` per
event and one for all of them, with the time zones they use, so that a calendar shows
each event at the right time wherever the reader is."""

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
    for event in events:
        calendar.add_component(_component(event, request, host))
    calendar.add_missing_timezones()
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
        component.add("dtstart", event.local_start)
        component.add("dtend", event.local_end)
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
