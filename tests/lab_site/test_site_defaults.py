"""New events and openings start from where the group is, as the editor set it once in
Settings → Site settings; no place or time zone is made up."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from events.models import EventPage
from lab_site.models import SiteSettings
from openings.models import OpeningPage

from ..factories import add_events_index, add_openings_index

pytestmark = pytest.mark.django_db


def new_form(admin_client, model, parent):
    meta = model._meta
    url = reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])
    return admin_client.get(url).context["form"]


def test_new_events_and_openings_start_from_the_site_settings(admin_client, home_page):
    chosen = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    chosen.time_zone, chosen.city, chosen.country = "Europe/Oslo", "Oslo, Norway", "NO"
    chosen.save()

    event = new_form(admin_client, EventPage, add_events_index(home_page))
    opening = new_form(admin_client, OpeningPage, add_openings_index(home_page))

    assert event["time_zone"].value() == "Europe/Oslo"
    assert opening["location"].value() == "Oslo, Norway"
    assert opening["country"].value() == "NO"


def test_without_site_settings_nothing_is_made_up(admin_client, home_page):
    event = new_form(admin_client, EventPage, add_events_index(home_page))
    opening = new_form(admin_client, OpeningPage, add_openings_index(home_page))

    assert event["time_zone"].value() == "UTC"
    assert not opening["location"].value()
    assert not opening["country"].value()
    assert "Cambridge" not in str(opening["location"]) + str(opening["country"])


def test_an_existing_page_keeps_its_own_values(admin_client, home_page):
    from datetime import date, time

    from ..factories import add_event

    chosen = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    chosen.time_zone = "Europe/Oslo"
    chosen.save()
    event = add_event(
        add_events_index(home_page), "Talk", date(2025, 1, 2), time(10, 0), time_zone="Asia/Tokyo"
    )

    form = admin_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).context["form"]

    assert form["time_zone"].value() == "Asia/Tokyo"


def test_the_site_settings_form_finds_the_time_zone_by_city(admin_client):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["lab_site", "sitesettings", site.pk])

    html = admin_client.get(url).content.decode()

    assert 'list="id_time_zone-choices"' in html
    assert "Where the group is" in html
