"""The home page's "Upcoming events" section."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from lab_site.blocks import ListingBlock
from lab_site.sections import section_page


class UpcomingEventsBlock(ListingBlock):
    """The next events, soonest first; the section is left out while none is coming."""

    count = blocks.IntegerBlock(
        min_value=1, max_value=12, default=3, label=_("How many"), help_text=_("Soonest first.")
    )

    class Meta:
        icon = "date"
        label = _("Upcoming events")
        template = "events/blocks/upcoming_events.html"
        description = _("The next talks and events; hidden while none is coming up.")
        preview_value = {"heading": "Upcoming events", "intro": "", "count": 3}

    def get_preview_context(self, value, parent_context=None):
        # The block chooser's preview says why the section may show nothing.
        return {**super().get_preview_context(value, parent_context), "block_preview": True}

    def listing(self, value, request):
        from .models import EventIndexPage, EventPage

        events = (
            EventPage.objects.live()
            .public()
            .upcoming()
            .prefetch_related("speakers__member")
            .order_by("starts_at", "pk")
        )
        return {
            "events": list(events[: value.get("count") or 3]),
            "index": section_page(request, EventIndexPage),
        }
