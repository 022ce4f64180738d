"""Members adding the talks they give, through real admin requests: they may draft an
event where they speak and submit it for moderation; they may not publish it, add a talk
someone else gives, or edit, copy or bulk-change an event someone else started."""

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from events.models import EventPage

from ..factories import add_event, add_events_index
from ..people import test_people_permissions as matrix
from ..people.test_people_permissions import client_for

pytestmark = pytest.mark.django_db
matrix_site = matrix.matrix_site
site = matrix.site


@pytest.fixture
def events(site):
    return add_events_index(site["home"])


def event_form(title, members, **changes):
    data = {
        "title": title,
        "slug": "",
        "kind": "talk",
        "date": "2025-03-01",
        "start_time": "16:00",
        "end_date": "",
        "end_time": "",
        "time_zone": "America/New_York",
        "location": "MIT",
        "online_url": "",
        "speakers": inline_formset(
            [{"member": m.pk, "guest_name": "", "affiliation": ""} for m in members], min=1
        ),
        "abstract": "",
        "slides_url": "",
        "video_url": "",
        "paper": "",
        "seo_title": "",
        "search_description": "",
    }
    data.update(changes)
    return nested_form_data(data)


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])


def test_a_member_submits_their_talk_for_moderation(client, site, events):
    client = client_for(client, site, "member_a")

    response = client.post(
        add_url(events), event_form("My talk", [site["a"]], **{"action-submit": "1"})
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    event = EventPage.objects.get(title="My talk")
    assert not event.live and event.current_workflow_state is not None
    assert event.starts_at.isoformat() == "2025-03-01T21:00:00+00:00"


def test_a_members_publish_is_only_a_draft(client, site, events):
    client = client_for(client, site, "member_a")

    client.post(add_url(events), event_form("Published?", [site["a"]], **{"action-publish": "1"}))

    assert not EventPage.objects.get(title="Published?").live


def test_a_member_may_not_add_a_talk_someone_else_gives(client, site, events):
    client = client_for(client, site, "member_a")

    response = client.post(add_url(events), event_form("Ben's", [site["b"]]))

    assert response.status_code == 200
    assert "Add yourself under “Speakers”" in response.content.decode()
    assert not EventPage.objects.filter(title="Ben's").exists()


def test_a_member_may_not_edit_copy_or_bulk_change_an_event_someone_else_started(
    client, site, events
):
    event = add_event(events, "Ben's talk", date(2025, 1, 1), time(10), speakers=[site["b"]])
    Page.objects.filter(pk=event.pk).update(owner=site["users"]["member_b"])
    client = client_for(client, site, "member_a")
    count = EventPage.objects.count()

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    client.post(
        reverse("wagtailadmin_pages:copy", args=[event.pk]),
        {"new_title": "Copy", "new_slug": "copy", "new_parent_page": events.pk},
    )
    for action in ("unpublish", "delete", "move"):
        client.post(
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
            + f"?id={event.pk}",
            {"move_applicable": "on", "chooser": site["home"].pk, "include_descendants": "on"},
        )

    assert edit.status_code in {302, 403}
    event = EventPage.objects.get(pk=event.pk)
    assert event.live and event.get_parent().pk == events.pk
    assert EventPage.objects.count() == count


def test_a_revision_saved_in_code_as_a_member_must_list_them(site, events):
    event = add_event(events, "Ben's talk", date(2025, 1, 1), time(10), speakers=[site["b"]])

    with pytest.raises(PermissionDenied):
        event.save_revision(user=site["users"]["member_a"])
    event.save_revision(user=site["users"]["editor"])


def test_add_a_talk_in_a_members_menu_opens_the_form(client, site, events):
    client = client_for(client, site, "member_a")

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(reverse("events_add"))

    assert "Add a talk or event" in dashboard
    assert response.status_code == 302 and response["Location"] == add_url(events)


def test_a_member_previews_their_talk_before_submitting(client, site, events):
    client = client_for(client, site, "member_a")
    url = reverse("wagtailadmin_pages:preview_on_add", args=["events", "eventpage", events.pk])

    posted = client.post(url, event_form("Previewed talk", [site["a"]]))
    shown = client.get(url)

    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content[:500]
    html = shown.content.decode()
    assert shown.status_code == 200 and "Previewed talk" in html and "Ana A" in html
    assert "March 1, 2025" in html
