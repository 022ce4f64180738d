"""The home page's "Latest news" section."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from lab_site.blocks import ListingBlock
from lab_site.sections import section_page


class LatestNewsBlock(ListingBlock):
    """The newest news items; the section is left out while there is no news."""

    cached_for_the_day = True  # what it lists changes with the content and the day only

    count = blocks.IntegerBlock(
        min_value=1, max_value=12, default=3, label=_("How many"), help_text=_("Newest first.")
    )

    class Meta:
        icon = "calendar-alt"
        label = _("Latest news")
        template = "news/blocks/latest_news.html"
        description = _(
            "The newest news items with their summaries; hidden while there is no news."
        )
        preview_value = {"heading": "Latest news", "intro": "", "count": 3}

    def get_preview_context(self, value, parent_context=None):
        # The block chooser's preview says why the section may show nothing.
        return {**super().get_preview_context(value, parent_context), "block_preview": True}

    def listing(self, value, request):
        from .models import NewsIndexPage, NewsPage

        items = NewsPage.objects.live().public().for_cards().newest_first()
        return {
            "news_items": list(items[: value.get("count") or 3]),
            "index": section_page(request, NewsIndexPage),
        }
