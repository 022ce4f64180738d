"""The home page's publication sections (the newest papers, the selected ones)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from lab_site.blocks import ListingBlock
from lab_site.sections import section_page

from .models import PublicationAuthor, PublicationIndexPage, PublicationPage


class LatestPublicationsBlock(ListingBlock):
    """The newest publications, with a link to the complete list."""

    cached_for_the_day = True  # what it lists changes with the content and the day only

    count = blocks.IntegerBlock(
        min_value=1, max_value=50, default=5, label=_("How many"), help_text=_("Newest first.")
    )
    link_text = blocks.CharBlock(
        max_length=120,
        default="The complete list of our publications",
        label=_("Link text"),
        help_text=_("The link to the publication list shown below the papers."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Newest publications")
        template = "publications/blocks/latest_publications.html"
        description = _("The newest papers, with a link to the complete publication list.")
        preview_value = {
            "heading": "Recent publications",
            "intro": "",
            "count": 5,
            "link_text": "The complete list of our publications",
        }

    def publications(self):
        return PublicationPage.objects.live().public()

    def listing(self, value, request):
        publications = (
            self.publications()
            .prefetch_related(
                models.Prefetch(
                    "authors",
                    queryset=PublicationAuthor.objects.select_related("member").order_by(
                        "sort_order"
                    ),
                )
            )
            .order_by("-publication_date", "-pk")[: value.get("count") or 5]
        )
        return {
            "publications": list(publications),
            "index": section_page(request, PublicationIndexPage),
            "list_query": self.list_query,
        }

    list_query = ""


class SelectedPublicationsBlock(LatestPublicationsBlock):
    """The papers editors marked “selected publication”, newest first."""

    count = blocks.IntegerBlock(
        min_value=1,
        max_value=50,
        default=5,
        label=_("How many"),
        help_text=_("Newest first, of the papers marked “selected publication”."),
    )
    link_text = blocks.CharBlock(
        max_length=120,
        default="All our selected publications",
        label=_("Link text"),
        help_text=_("The link to the publication list, filtered to the selected papers."),
    )
    list_query = "?selected=1"

    class Meta:
        icon = "pick"
        label = _("Selected publications")
        template = "publications/blocks/latest_publications.html"
        description = _(
            "The papers marked “selected publication” (on each paper's page in the admin)."
        )
        preview_value = {
            "heading": "Selected publications",
            "intro": "",
            "count": 5,
            "link_text": "All our selected publications",
        }

    def publications(self):
        return super().publications().filter(selected=True)
