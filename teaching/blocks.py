"""A course's materials: documents uploaded to the site, and links elsewhere."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class DocumentMaterialBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        max_length=200,
        label=_("Title"),
        help_text=_("What visitors see, e.g. “Lecture 3 slides” or “Problem set 1”."),
    )
    document = DocumentChooserBlock(label=_("Document"))

    class Meta:
        icon = "doc-full"
        label = _("Document")


class LinkMaterialBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        max_length=200, label=_("Title"), help_text=_("e.g. “Lecture videos” or “Notebooks”.")
    )
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        label = _("Link")


class MaterialBlocks(blocks.StreamBlock):
    document = DocumentMaterialBlock()
    link = LinkMaterialBlock()
