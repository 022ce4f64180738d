"""Responsive pictures: Wagtail's <picture> (``wagtail.images.models.Picture``) from
renditions chosen once per set of sizes, with no width offered twice.

Wagtail never enlarges an image: asked for widths 640, 1280 and 1920 of a picture 1000
pixels wide, it makes 640 and 1000 and 1000, and ``{% picture %}`` lists "1000w" twice
in a srcset, which the HTML standard forbids (the Nu checker says so). Here each
format's renditions keep one per width, the smallest spec that gave it.
"""

import functools

from django.utils.safestring import mark_safe
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found


@functools.cache
def filters(specs):
    """The Filters of ``specs`` ("format-{avif,jpeg} width-{640,1280}"), made once: a
    Filter reads its operations on first use, and pages show many pictures."""
    return tuple(Filter(spec=spec) for spec in Filter.expand_spec(specs))


def distinct_widths(renditions):
    """``renditions`` (spec → rendition, in order) without a second rendition of the
    same format and width."""
    kept, seen = {}, set()
    for spec, rendition in renditions.items():
        fmt = next((part for part in spec.split("|") if part.startswith("format-")), "")
        if (fmt, rendition.width) not in seen:
            seen.add((fmt, rendition.width))
            kept[spec] = rendition
    return kept


def picture_html(image, specs, attrs):
    """A <picture> of ``image`` in the renditions ``specs`` names, with ``attrs`` on its
    <img> (alt, sizes, loading, class); "" when there is no image."""
    if not image:
        return ""
    renditions = get_renditions_or_not_found(image, filters(specs))
    return mark_safe(Picture(distinct_widths(renditions), dict(attrs)).__html__())  # noqa: S308 - Wagtail escapes the attributes (flatatt)
