"""Calendars: "<events page>.ics" (every event) and "<event>.ics" (one), beside the pages."""

from django.http import Http404

from lab_site.views import live_page

from .calendars import calendar_response
from .models import EventIndexPage, EventPage


def calendar(request, path):
    page = live_page(request, f"{path}/")
    if isinstance(page, EventPage):
        return calendar_response([page], request, page.plain_title, f"{page.slug}.ics")
    if isinstance(page, EventIndexPage):
        events = page.events().prefetch_related("speakers__member").order_by("starts_at", "pk")
        return calendar_response(events, request, page.title, f"{page.slug}.ics")
    raise Http404("No events here.")
