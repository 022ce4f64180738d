"""How lower apps show events without importing this app: a member's profile loads
``{% member_talks page %}``."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from lab_site.fragments import cached_until

from ..models import EventPage

register = template.Library()


@register.simple_tag(takes_context=True)
def member_talks(context, member):
    """The events ``member`` speaks at: upcoming ones soonest first, then past ones. Cached
    until anything is published or the first upcoming one ends (it moves to the past)."""
    request = context.get("request")

    def make():
        events = (
            EventPage.objects.live()
            .public()
            .filter(speakers__member=member)
            .distinct()
            .prefetch_related("speakers__member")
        )
        upcoming = list(events.upcoming().order_by("starts_at", "pk"))
        past = list(events.past().order_by("-starts_at", "-pk")[:10])
        html = render_to_string(
            "events/includes/member_talks.html",
            {"upcoming": upcoming, "past": past, "request": request},
            request=request,
        )
        return mark_safe(html), min((event.ends_at for event in upcoming), default=None)  # noqa: S308 - a template's output

    return mark_safe(cached_until(request, ("member-talks", str(member.pk)), make))  # noqa: S308 - a template's output
