"""The home page's "We are hiring" section."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lab_site.blocks import ListingBlock
from lab_site.sections import section_page

from .models import OpeningIndexPage, OpeningPage


class OpeningsBlock(ListingBlock):
    """The open positions; the section is left out while none is open."""

    cached_for_the_day = True  # what it lists changes with the content and the day only

    class Meta:
        icon = "user"
        label = _("We are hiring")
        template = "openings/blocks/openings.html"
        description = _("The open positions, soonest deadline first; hidden while none is open.")
        preview_value = {"heading": "We are hiring", "intro": ""}

    def get_preview_context(self, value, parent_context=None):
        # The block chooser's preview says why the section may show nothing.
        return {**super().get_preview_context(value, parent_context), "block_preview": True}

    def listing(self, value, request):
        openings = (
            OpeningPage.objects.live()
            .public()
            .open()
            .order_by(models.F("deadline").asc(nulls_last=True), "path")
        )
        return {"openings": list(openings), "index": section_page(request, OpeningIndexPage)}
