"""Blocks for text written with LaTeX: a displayed formula, and the story blocks (text,
images, quotes, formulas) of news items and projects."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from lab_site.blocks import QuoteBlock, TextBlock

from . import latex


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
        template = "scholarly_text/blocks/formula.html"
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
