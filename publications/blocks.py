"""The home page's publication sections (the newest papers, the selected ones), and the
formula block other content types use."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from lab_site.blocks import ListingBlock, QuoteBlock, TextBlock
from lab_site.sections import section_page

from . import latex
from .models import PublicationAuthor, PublicationIndexPage, PublicationPage


class LatestPublicationsBlock(ListingBlock):
    """The newest publications, with a link to the complete list."""

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


class FormulaBlock(blocks.StructBlock):
    """A displayed formula, written in LaTeX and shown as MathML (no script, no images)."""

    latex = blocks.TextBlock(
        label=_("Formula"),
        help_text=_("LaTeX, without dollar signs, e.g. L(N) \\propto N^{-\\alpha}."),
    )
    caption = blocks.CharBlock(required=False, max_length=200, help_text=_("Optional."))

    class Meta:
        icon = "code"
        label = _("Formula")
        template = "publications/blocks/formula.html"
        description = _("A formula on its own line, written in LaTeX.")
        preview_value = {"latex": "L(N) \\propto N^{-\\alpha}", "caption": ""}

    def clean(self, value):
        value = super().clean(value)
        source = value["latex"].strip()
        if "$" in source:
            raise blocks.StructBlockValidationError(
                {"latex": ValidationError(_("Write the formula without dollar signs."))}
            )
        if "<math" not in latex.render(f"$${source}$$"):
            raise blocks.StructBlockValidationError(
                {"latex": ValidationError(_("This formula could not be read; check its braces."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["formula"] = latex.render(f"$${value['latex'].strip()}$$")
        return context


class StoryBlocks(blocks.StreamBlock):
    """Text with images, quotes and formulas: the body of a news item or a project."""

    text = TextBlock()
    image = ImageBlock(
        template="blocks/figure.html",
        description=_("An image, with a description for people who cannot see it."),
    )
    quote = QuoteBlock()
    formula = FormulaBlock()
