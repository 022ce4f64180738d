"""The home page's "Awards" section."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from lab_site.blocks import ListingBlock
from lab_site.sections import section_page


class RecentAwardsBlock(ListingBlock):
    """The newest awards; hidden while there is none."""

    count = blocks.IntegerBlock(
        min_value=1,
        max_value=12,
        default=4,
        label=_("How many"),
        help_text=_("The newest awards are shown first."),
    )

    class Meta:
        icon = "pick"
        label = _("Awards")
        template = "awards/blocks/awards.html"
        description = _("The group's newest awards and honours; hidden while none.")
        preview_value = {"heading": "Awards and honours", "intro": "", "count": 4}

    def get_preview_context(self, value, parent_context=None):
        # The block chooser's preview says why the section may show nothing.
        return {**super().get_preview_context(value, parent_context), "block_preview": True}

    def listing(self, value, request):
        from .models import AwardIndexPage, AwardPage

        awards = (
            AwardPage.objects.live()
            .public()
            .newest_first()
            .prefetch_related("people__member", "paper")
        )
        return {
            "awards": list(awards[: value.get("count") or 4]),
            "index": section_page(request, AwardIndexPage),
        }
