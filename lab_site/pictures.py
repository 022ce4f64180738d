"""Responsive pictures: Wagtail's <picture> (``wagtail.images.models.Picture``) from
renditions chosen once per set of sizes, with no width offered twice, written by
``picture_markup`` (the same markup as Wagtail's, at a fraction of its cost).

Wagtail never enlarges an image: asked for widths 640, 1280 and 1920 of a picture 1000
pixels wide, it makes 640 and 1000 and 1000, and ``{% picture %}`` lists "1000w" twice
in a srcset, which the HTML standard forbids (the Nu checker says so). Here each
format's renditions keep one per width, the smallest spec that gave it.
"""

import functools
import html

from django.apps import apps
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from wagtail.images.image_operations import FormatOperation
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

# Wagtail's order of <source> elements, and of the fallback format (the last present).
FORMATS = [(fmt.name, fmt.mime_type) for fmt in Picture.source_format_order]


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
    return mark_safe(picture_markup(distinct_widths(renditions), dict(attrs)))  # noqa: S308 - every value is escaped (_attributes)


def _escape(value):
    """Django's ``conditional_escape`` (safe strings kept, the rest through the standard
    library's ``html.escape``, as Django's ``escape`` does) without its lazy-string
    wrapper, which cost a fifth of a page of 200 portraits."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attributes(attrs):
    """Django's ``flatatt``: sorted key="value" pairs (escaped), then the true booleans.
    Written out here because ``flatatt`` costs more than the rest of a picture."""
    pairs, flags = [], []
    for key, value in attrs.items():
        if isinstance(value, bool):
            if value:
                flags.append(key)
        elif value is not None:
            pairs.append((key, value))
    return "".join(f' {_escape(key)}="{_escape(value)}"' for key, value in sorted(pairs)) + "".join(
        f" {_escape(key)}" for key in sorted(flags)
    )


def _srcset(renditions, urls):
    if len(renditions) == 1:
        return urls[id(renditions[0])]
    return ", ".join(f"{urls[id(rendition)]} {rendition.width}w" for rendition in renditions)


def picture_markup(renditions, attrs):
    """What ``Picture(renditions, attrs).__html__()`` writes (a test compares the two on
    every shape): a <source> per format but the fallback, then the fallback's <img>."""
    if not renditions:
        return ""
    ordered = list(renditions.values())
    urls = {id(rendition): rendition.url for rendition in ordered}
    by_format = {}
    for spec, rendition in renditions.items():
        for name in FormatOperation.supported_formats:
            if f"format-{name}" in spec:
                by_format.setdefault(name, []).append(rendition)
                break
    default_attrs = apps.get_app_config("wagtailimages").default_attrs
    if len(by_format) < 2:
        image_attrs = dict(attrs)
        if len(ordered) > 1:
            image_attrs["srcset"] = _srcset(ordered, urls)
        return f"<picture>{_img(ordered[0], urls, default_attrs, image_attrs)}</picture>"
    fallback = next(name for name, _mime in reversed(FORMATS) if name in by_format)
    sources = "".join(
        "<source"
        + _attributes(
            {"srcset": _srcset(by_format[name], urls), "sizes": attrs.get("sizes"), "type": mime}
        )
        + ">"
        for name, mime in FORMATS
        if name != fallback and name in by_format
    )
    image_attrs = dict(attrs)
    if len(by_format[fallback]) > 1:
        image_attrs["srcset"] = _srcset(by_format[fallback], urls)
    return f"<picture>{sources}{_img(by_format[fallback][0], urls, default_attrs, image_attrs)}</picture>"


def _img(rendition, urls, default_attrs, extra):
    attrs = {
        "src": urls[id(rendition)],
        "width": rendition.width,
        "height": rendition.height,
        "alt": rendition.alt,
        **default_attrs,
        **extra,
    }
    return f"<img{_attributes(attrs)}>"
