"""The media storage's addresses are Django's, written faster (``SiteFileStorage``)."""

import pytest
from django.core.files.storage import FileSystemStorage, default_storage

from lab_site.media import SiteFileStorage

NAMES = [
    "images/photo.jpg",
    "images/photo.2e16d0ba.fill-160x160.format-avif.avif",
    "/images/leading-slash.jpg",
    "original_images/Ana López.png",
    "documents/a b%20c.pdf",
    "documents/colon:in:name.pdf",
    "documents/what?.pdf",
    "documents/hash#tag.pdf",
    "documents/unicode-✓-файл.pdf",
    "documents/tilde~and(parens)*!.pdf",
    "documents/a..b.pdf",
    "documents/./dot.pdf",
    "documents/../up.pdf",
    "documents/trailing.",
    "",
]


@pytest.mark.parametrize("base_url", ["/media/", "/lab/media", "https://cdn.example.org/media/"])
@pytest.mark.parametrize("name", NAMES)
def test_addresses_are_djangos(tmp_path, base_url, name):
    ours = SiteFileStorage(location=tmp_path, base_url=base_url)
    django = FileSystemStorage(location=tmp_path, base_url=base_url)
    assert ours.url(name) == django.url(name)


def test_the_site_stores_uploads_with_it():
    assert isinstance(default_storage, SiteFileStorage)
