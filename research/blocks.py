"""The home page's research highlights section."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from lab_site.blocks import ListingBlock
from lab_site.sections import section_page

from .models import ResearchHighlightPage, ResearchIndexPage, prepare_author_lines


class FeaturedHighlightsBlock(ListingBlock):
    """The research highlights marked “Feature on the home page”, in the editors' order."""

    cached_for_the_day = True  # what it lists changes with the content and the day only

    count = blocks.IntegerBlock(
        min_value=0,
        max_value=24,
        default=4,
        label=_("How many"),
        help_text=_(
            "How many featured highlights to show, in the research page's order (drag them "
            "there to reorder); 0 shows all of them."
        ),
    )

    class Meta:
        icon = "pick"
        label = _("Research highlights")
        template = "research/blocks/featured_highlights.html"
        description = _(
            "The research highlights marked “Feature on the home page”, with their summaries."
        )
        preview_value = {"heading": "Research", "intro": "", "count": 4}

    def listing(self, value, request):
        highlights = (
            ResearchHighlightPage.objects.live()
            .public()
            .filter(feature_on_home=True)
            .for_cards()
            .order_by("path")
        )
        if value.get("count"):
            highlights = highlights[: value["count"]]
        return {
            "highlights": prepare_author_lines(highlights),
            "index": section_page(request, ResearchIndexPage),
        }
