"""`manage.py prepare_local_site`: everything `make run` does before serving, in one
process: migrations, the group's content where the site is empty, the address, an admin."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Site

from home.models import HomePage
from publications.models import PublicationPage

pytestmark = pytest.mark.django_db


def prepare(address="http://127.0.0.1:8000"):
    out = StringIO()
    call_command("prepare_local_site", address, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_on_a_site_with_content_it_changes_nothing_but_says_where_to_sign_in(demo_site):
    papers = PublicationPage.objects.count()
    get_user_model().objects.create_superuser("admin", "pi@example.org", "secret-enough")

    said = prepare()

    assert "No migrations to apply." in said
    assert "Nothing to load; the site was left unchanged." in said
    assert "Sign in to edit the site at http://127.0.0.1:8000/admin/" in said
    assert PublicationPage.objects.count() == papers == 50
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_on_an_empty_site_it_loads_the_group_sets_the_address_and_makes_an_admin(
    home_page, monkeypatch
):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "pi@example.org")

    said = prepare("http://127.0.0.1:8123")

    assert "Loaded the demo content" in said
    assert PublicationPage.objects.live().count() == 50
    assert HomePage.objects.get().title
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    admin = get_user_model().objects.get(is_superuser=True)
    assert admin.email == "pi@example.org"
    assert "Sign in at: http://127.0.0.1:8123/admin/" in said
