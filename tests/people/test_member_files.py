"""A member may put on what they write (their profile, their news, their talks) only the
images and documents they uploaded, in every field, block, rich text and inline item,
through the admin's forms and wherever a revision is saved (revert, workflow)."""

from datetime import date

import pytest
import wagtail_factories
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import streamfield

from events.models import EventPage
from news.models import NewsPage
from people.models import MemberPage

from ..events.test_events_permissions import event_form
from ..factories import add_events_index, add_news, add_news_index
from ..news.test_news_permissions import news_form
from ..people import test_people_permissions as matrix
from ..people.test_people_permissions import client_for, member_form

pytestmark = pytest.mark.django_db
matrix_site = matrix.matrix_site
site = matrix.site

REFUSED = "You can only use images and documents you uploaded yourself."


@pytest.fixture
def files(site):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Board papers")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    editor = site["users"]["editor"]
    return {
        "private": wagtail_factories.ImageFactory(
            title="Budget chart", collection=private, uploaded_by_user=editor
        ),
        "editors": wagtail_factories.ImageFactory(title="Editor's photo", uploaded_by_user=editor),
        "own": wagtail_factories.ImageFactory(
            title="My photo", uploaded_by_user=site["users"]["member_a"]
        ),
        "document": get_document_model().objects.create(
            title="Minutes",
            collection=private,
            file="documents/minutes.txt",
            uploaded_by_user=editor,
        ),
    }


def news_with(image, placement, site):
    if placement == "image":
        return news_form("Our news", [site["a"]], image=image.pk, image_alt_text="A chart")
    if placement == "story":
        body = streamfield(
            [("image", {"image": image.pk, "alt_text": "A chart", "decorative": ""})]
        )
        return news_form("Our news", [site["a"]], body=body)
    return news_form("Our news", [site["a"]], social_image=image.pk)


@pytest.mark.parametrize("placement", ["image", "story", "social_image"])
@pytest.mark.parametrize("whose", ["private", "editors"])
def test_a_member_cannot_put_anothers_image_on_their_news(client, site, files, placement, whose):
    news = add_news_index(site["home"])
    client = client_for(client, site, "member_a")
    url = reverse("wagtailadmin_pages:add", args=["news", "newspage", news.pk])
    data = {**news_with(files[whose], placement, site), "action-submit": "1"}

    answer = client.post(url, data)
    assert answer.status_code == 200 and REFUSED in answer.content.decode()
    assert not NewsPage.objects.exists()
    if placement != "story":  # the form shown again does not show the refused image
        assert files[whose].title not in answer.content.decode()

    preview = reverse("wagtailadmin_pages:preview_on_add", args=["news", "newspage", news.pk])
    assert client.post(preview, data).json()["is_valid"] is False

    own = {**news_with(files["own"], placement, site), "action-submit": "1"}
    assert client.post(url, own).status_code == 302
    assert NewsPage.objects.count() == 1


@pytest.mark.parametrize("whose", ["private", "editors"])
def test_a_member_cannot_put_anothers_image_on_their_talk(client, site, files, whose):
    events = add_events_index(site["home"])
    client = client_for(client, site, "member_a")
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", events.pk])
    answer = client.post(
        url,
        {**event_form("My talk", [site["a"]], social_image=files[whose].pk), "action-submit": "1"},
    )
    assert answer.status_code == 200 and REFUSED in answer.content.decode()
    assert not EventPage.objects.exists()


@pytest.mark.parametrize("field", ["photo", "social_image"])
def test_a_member_cannot_put_anothers_image_on_their_profile(client, site, files, field):
    client = client_for(client, site, "member_a")
    profile = site["a"]
    url = reverse("wagtailadmin_pages:edit", args=[profile.pk])
    changes = {field: files["private"].pk, "photo_alt_text": "Me at work"}
    answer = client.post(url, member_form(profile, **changes))
    assert answer.status_code == 200 and REFUSED in answer.content.decode()
    assert (
        getattr(
            MemberPage.objects.get(pk=profile.pk).get_latest_revision_as_object(), f"{field}_id"
        )
        is None
    )


def test_every_saved_revision_is_checked_too(site, files):
    """Reverts, workflow actions and copies save revisions without the form."""
    member = site["users"]["member_a"]
    news = add_news_index(site["home"])
    item = add_news(news, "Draft", date(2025, 1, 1), people=[site["a"]], owner=member, live=False)
    item.save_revision(user=member)

    for change in (
        {"image": files["private"], "image_alt_text": "A chart"},
        {"social_image": files["editors"]},
        {"body": [("image", {"image": files["private"], "alt_text": "x", "decorative": False})]},
        {"body": [("text", f'<p><a linktype="document" id="{files["document"].pk}">m</a></p>')]},
    ):
        draft = NewsPage.objects.get(pk=item.pk)
        for name, value in change.items():
            setattr(draft, name, value)
        with pytest.raises(PermissionDenied):
            draft.save_revision(user=member)

    profile = MemberPage.objects.get(pk=site["a"].pk)
    profile.bio = (
        f'<p><embed embedtype="image" id="{files["private"].pk}" format="left" alt="x"/></p>'
    )
    with pytest.raises(PermissionDenied):
        profile.save_revision(user=member)

    # What an editor put there may stay when the member edits something else.
    editor = site["users"]["editor"]
    draft = NewsPage.objects.get(pk=item.pk)
    draft.image, draft.image_alt_text = files["private"], "A chart"
    draft.save_revision(user=editor)
    draft = NewsPage.objects.get(pk=item.pk).get_latest_revision_as_object()
    draft.summary = "Edited by the member"
    draft.save_revision(user=member)
    own = NewsPage.objects.get(pk=item.pk).get_latest_revision_as_object()
    own.image = files["own"]
    own.save_revision(user=member)


def test_the_document_chooser_shows_a_member_none_of_the_editors_documents(client, site, files):
    client = client_for(client, site, "member_a")
    listed = client.get(reverse("wagtaildocs_chooser:choose"))
    assert files["document"].title not in listed.content.decode()
