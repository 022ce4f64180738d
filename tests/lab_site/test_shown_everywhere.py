"""One list of what every page shows: a change to any of it makes the page cache forget
every page and the static copy render everything, both at once. Images and documents are
finer for the static copy: they show on the pages that use them."""

from io import StringIO

import pytest
import wagtail_factories
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site

from lab_site.models import SiteSettings
from lab_site.page_cache import GENERATION_KEY, generation
from publishing.models import StaticCopy

pytestmark = pytest.mark.django_db


def publish_static(folder):
    """A static copy of the site in ``folder``, which changes then reach."""
    call_command(
        "publish_static",
        str(folder / "public"),
        base_url="https://example.org/",
        no_search=True,
        stdout=StringIO(),
    )


def change_site(home):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Renamed"
    site.save()


def add_redirect(home):
    Redirect.objects.create(old_path="/old", redirect_page=home)


def add_image(home):
    wagtail_factories.ImageFactory()


def change_settings(home):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.group_name = "Another name"
    settings.save()


def make_page_private(home):
    PageViewRestriction.objects.create(page=home, restriction_type="login")


def make_collection_private(home):
    collection = Collection.get_first_root_node().add_child(name="Board")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")


def add_topic(home):
    from scholarly_text.models import ResearchTopic

    ResearchTopic.objects.create(name="Interpretability")


CHANGES = [
    change_site,
    add_redirect,
    change_settings,
    make_page_private,
    make_collection_private,
    add_topic,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_a_change_every_page_shows_reaches_the_page_cache_and_the_static_copy(
    home_page, tmp_path, settings, django_capture_on_commit_callbacks, change
):
    settings.PAGE_CACHE_SECONDS = 300
    publish_static(tmp_path)
    SiteSettings.for_site(Site.objects.get(is_default_site=True))  # made once, empty
    before = generation()
    StaticCopy.objects.update(last_kind="")
    with django_capture_on_commit_callbacks(execute=True):
        change(home_page)
    from django.core.cache import cache

    assert cache.get(GENERATION_KEY) > before, "the page cache kept its pages"
    assert StaticCopy.objects.get().last_kind == "the whole site"


@pytest.mark.parametrize("upload", ["image", "document"])
def test_a_new_image_or_document_renders_nothing_on_the_static_copy(
    home_page, tmp_path, django_capture_on_commit_callbacks, upload
):
    """It is on no page yet; the page that starts to use it is published, and that page is
    rendered then. (The page cache still forgets its pages: that costs nothing.)"""
    publish_static(tmp_path)
    StaticCopy.objects.update(last_kind="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        if upload == "image":
            add_image(home_page)
        else:
            wagtail_factories.DocumentFactory()
    assert callbacks == []
    assert StaticCopy.objects.get().last_kind == ""


def test_settings_made_empty_on_first_read_change_nothing(home_page, settings):
    settings.PAGE_CACHE_SECONDS = 300
    before = generation()
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert generation() == before
