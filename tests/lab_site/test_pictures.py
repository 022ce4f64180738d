"""Responsive pictures (``{% responsive_picture %}``): Wagtail's <picture>, with no
width offered twice in a srcset when the image is smaller than the widths asked for."""

import re

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from lab_site.pictures import filters

pytestmark = pytest.mark.django_db


def render(image, specs):
    template = Template(
        '{% load site_tags %}{% responsive_picture image specs sizes="100vw" alt="A figure" '
        'class="figure" loading="lazy" %}'
    )
    return template.render(Context({"image": image, "specs": specs}))


def srcsets(html):
    return [
        [entry.rsplit(" ", 1)[1] if " " in entry else "" for entry in srcset.split(", ")]
        for srcset in re.findall(r'srcset="([^"]*)"', html)
    ]


@pytest.mark.parametrize(
    ("size", "specs", "widths"),
    [
        # Smaller than two of three widths: 640 and the image's own 700, once each.
        ((700, 400), "format-{avif,webp,jpeg} width-{640,1280,1920}", ["640w", "700w"]),
        # Smaller than every width: one image per format, offered without a descriptor.
        ((300, 200), "format-{webp,jpeg} width-{400,800}", [""]),
        # Larger than all: every width as asked.
        ((2000, 1000), "format-{webp,jpeg} width-{480,800,1200}", ["480w", "800w", "1200w"]),
        # A crop of a small square: fill-320x320 of a 200-pixel image is 200 wide.
        ((200, 200), "format-{avif,jpeg} fill-{160x160,320x320}", ["160w", "200w"]),
    ],
)
def test_no_width_is_offered_twice(size, specs, widths):
    image = Image.objects.create(title="Figure", file=get_test_image_file(size=size))

    html = render(image, specs)

    assert html.startswith("<picture>") and html.endswith("</picture>")
    assert 'alt="A figure"' in html and 'class="figure"' in html and 'loading="lazy"' in html
    formats = re.findall(r"format-\{([^}]*)\}", specs)[0].split(",")
    # One <source> per format but the last (the <img>'s).
    assert html.count("<source") == len(formats) - 1
    # Each <source> and the <img> offer the widths; a single image has no srcset on the
    # <img> (its src is the image).
    assert srcsets(html) == [widths] * (len(formats) if len(widths) > 1 else len(formats) - 1)


def test_no_image_gives_nothing_and_the_filters_are_made_once():
    assert render(None, "format-{webp,jpeg} width-{400,800}") == ""
    assert filters("width-{400,800}") is filters("width-{400,800}")
    assert [f.spec for f in filters("format-{webp,jpeg} width-{400,800}")] == [
        "format-webp|width-400",
        "format-webp|width-800",
        "format-jpeg|width-400",
        "format-jpeg|width-800",
    ]


@pytest.mark.parametrize(
    "specs",
    [
        "format-{avif,webp,jpeg} width-{640,1280,1920}",
        "format-{webp,jpeg} fill-{160x160,320x320}",
        "format-{avif,png} width-{400,800}",
        "format-webp width-{400,800}",  # one format: a plain <img> with a srcset
        "width-{400,800}",  # no format at all
        "format-{gif,jpeg} width-500",  # one width per format
        "fill-80x80",
    ],
)
@pytest.mark.parametrize(
    "attrs",
    [
        {"sizes": "100vw", "alt": "A figure", "class": "figure", "loading": "lazy"},
        {"alt": 'Quotes " & <tags>', "data-flag": True, "hidden": False, "title": None},
        # Safe strings are kept as they are and lazy ones escaped, as Django's own do.
        {"alt": mark_safe("Already &amp; safe"), "title": gettext_lazy("Lazy & <text>")},
        {"alt": 0, "data-count": 3.5},
        {},
    ],
)
def test_the_markup_is_wagtails_own(specs, attrs):
    """``picture_markup`` writes what Wagtail's ``Picture`` does, byte for byte: the same
    sources in the same order, the fallback format, srcsets, sorted and escaped attributes
    (with the image's default alt text where none is given)."""
    from wagtail.images.models import Picture
    from wagtail.images.shortcuts import get_renditions_or_not_found

    from lab_site.pictures import distinct_widths, picture_markup

    image = Image.objects.create(
        title="A <figure> & more", file=get_test_image_file(size=(1000, 700))
    )
    renditions = distinct_widths(get_renditions_or_not_found(image, filters(specs)))
    assert picture_markup(renditions, dict(attrs)) == Picture(renditions, dict(attrs)).__html__()
