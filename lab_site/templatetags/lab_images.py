"""Wagtail's ``image``, ``srcset_image`` and ``picture`` tags, with each tag's filters built once.

Wagtail builds new ``Filter`` objects at every render, and each one parses its
operations again (through ``inspect``). A list of 225 members, each with a
``picture`` of six renditions, spent most of its render time there. A tag's filter
specs are fixed when the template is parsed, so these nodes build them on first use
and keep them; everything else (syntax, renditions, output) is Wagtail's.
"""

from django import template
from wagtail.images.templatetags import wagtailimages_tags as wagtail

register = template.Library()


class ImageNode(wagtail.ImageNode):
    def get_filter(self):
        if not hasattr(self, "_filter"):
            self._filter = super().get_filter()
        return self._filter


class SrcsetImageNode(wagtail.SrcsetImageNode):
    def get_filters(self):
        if not hasattr(self, "_filters"):
            self._filters = super().get_filters()
        return self._filters


class PictureNode(wagtail.PictureNode, SrcsetImageNode):
    pass


NODES = {
    wagtail.ImageNode: ImageNode,
    wagtail.SrcsetImageNode: SrcsetImageNode,
    wagtail.PictureNode: PictureNode,
}


def image(parser, token):
    node = wagtail.image(parser, token)
    node.__class__ = NODES[type(node)]
    return node


register.tag("image", image)
register.tag("srcset_image", image)
register.tag("picture", image)
