"""The blocks of a member's CV layout: the order of its sections, those hidden, and the
member's own free sections (a CV's "Service", "Languages", "Invited reviews"…)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from lab_site.blocks import TEXT_FEATURES


def _section_choices():
    from .cv import section_choices

    return section_choices()


class CVSectionBlock(blocks.StructBlock):
    section = blocks.ChoiceBlock(choices=_section_choices, label=_("Section"))
    hide = blocks.BooleanBlock(
        required=False,
        default=False,
        label=_("Hide it"),
        help_text=_("Tick to leave this section out of your CV."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Section from the site")


class FreeSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=80, label=_("Heading"), help_text=_("e.g. “Service”."))
    body = blocks.RichTextBlock(features=TEXT_FEATURES, label=_("Text"))

    class Meta:
        icon = "doc-full"
        label = _("Section of your own")


class CVLayoutBlocks(blocks.StreamBlock):
    section = CVSectionBlock()
    free = FreeSectionBlock()
