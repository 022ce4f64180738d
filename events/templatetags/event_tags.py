"""How lower apps show events without importing this app: a member's profile loads
``{% member_talks page %}``."""

from django import template

from ..models import EventPage

register = template.Library()


@register.inclusion_tag("events/includes/member_talks.html", takes_context=True)
def member_talks(context, member):
    """The events ``member`` speaks at: upcoming ones soonest first, then past ones."""
    events = (
        EventPage.objects.live()
        .public()
        .filter(speakers__member=member)
        .distinct()
        .prefetch_related("speakers__member")
    )
    return {
        "upcoming": list(events.upcoming().order_by("starts_at", "pk")),
        "past": list(events.past().order_by("-starts_at", "-pk")[:10]),
        "request": context.get("request"),
    }
