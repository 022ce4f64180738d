"""One editing session of a new page makes one page (``lab_site.page_creation``), whatever
the order in which Wagtail's autosave and the editor's own Save reach the server, and a
title whose address another page has is an error, never a silent "…-1"."""

import threading
import uuid
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import ContentPage
from lab_site.models import PageCreation
from lab_site.page_creation import FIELD
from publications.models import PublicationIndexPage, PublicationPage

JSON = {"HTTP_ACCEPT": "application/json"}


def new_key():
    return uuid.uuid4().hex


def content_form(key, title, **extra):
    return (
        nested_form_data(
            {
                "title": title,
                "slug": "",
                "intro": rich_text(""),
                "body": streamfield([]),
                FIELD: key,
            }
        )
        | extra
    )


def paper_form(key, title, authors):
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "publication_date": date(2024, 1, 1).isoformat(),
            "publication_type": "preprint",
            "status": "published",
            "date_precision": "day",
            "authors": inline_formset([{"name": name, "member": ""} for name in authors]),
            FIELD: key,
        }
    )


@pytest.fixture
def papers(home_page):
    return home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )


def add_url(page_class, parent):
    meta = page_class._meta
    return reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])


def latest(page):
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


@pytest.mark.parametrize("first", ["autosave", "save"])
def test_two_posts_of_one_form_make_one_page_with_the_second_posts_text(
    admin_client, home_page, first
):
    key, url = new_key(), add_url(ContentPage, home_page)
    headers = [JSON, {}] if first == "autosave" else [{}, JSON]

    one = admin_client.post(url, content_form(key, "Reading group"), **headers[0])
    two = admin_client.post(url, content_form(key, "Reading group on Fridays"), **headers[1])

    pages = ContentPage.objects.child_of(home_page)
    assert pages.count() == 1, [page.slug for page in pages]
    page = pages.get()
    # A draft's empty address follows its title, as on any edit of a draft.
    assert page.slug == "reading-group-on-fridays"
    assert latest(page).title == "Reading group on Fridays"
    assert page.revisions.count() == 2
    answers = (
        {"autosave": one, "save": two} if first == "autosave" else {"save": one, "autosave": two}
    )
    assert answers["save"].status_code == 302
    assert answers["autosave"].status_code == 200
    data = answers["autosave"].json()
    assert data["success"] is True and data["pk"] == page.pk
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    # The form switches to the edit view, as after Wagtail's own first autosave.
    assert data["url"] == edit_url
    assert data["hydrate_url"].startswith(edit_url)


def test_a_publish_after_an_autosave_publishes_the_one_page(admin_client, home_page):
    key, url = new_key(), add_url(ContentPage, home_page)

    admin_client.post(url, content_form(key, "Open day"), **JSON)
    published = admin_client.post(url, content_form(key, "Open day", **{"action-publish": "1"}))

    assert published.status_code == 302
    page = ContentPage.objects.child_of(home_page).get()
    assert page.live and page.title == "Open day"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (["A. Author", "B. Author"], ["A. Author", "B. Author", "C. Author"]),  # one added
        (["A. Author", "B. Author", "C. Author"], ["A. Author"]),  # two removed
        (["A. Author"], ["Z. Author"]),  # changed
    ],
)
def test_the_second_post_keeps_the_authors_it_holds_not_twice_as_many(
    admin_client, papers, first, second
):
    key, url = new_key(), add_url(PublicationPage, papers)

    admin_client.post(url, paper_form(key, "A paper", first), **JSON)
    answer = admin_client.post(url, paper_form(key, "A paper", second))

    assert answer.status_code == 302
    paper = PublicationPage.objects.get()
    assert [author.name for author in paper.authors.all()] == second
    assert [author.name for author in latest(paper).authors.all()] == second


def test_a_form_with_errors_makes_nothing_and_frees_its_key(admin_client, papers):
    key, url = new_key(), add_url(PublicationPage, papers)
    broken = paper_form(key, "A paper", ["A. Author"]) | {"publication_date": "not a date"}

    refused = admin_client.post(url, broken)

    assert refused.status_code == 200
    assert not PublicationPage.objects.exists()
    assert not PageCreation.objects.filter(key=key).exists()
    saved = admin_client.post(url, paper_form(key, "A paper", ["A. Author"]))
    assert saved.status_code == 302
    assert PublicationPage.objects.count() == 1


def test_a_key_from_another_account_is_refused(admin_client, django_user_model, home_page):
    key, url = new_key(), add_url(ContentPage, home_page)
    admin_client.post(url, content_form(key, "Mine"))
    other = django_user_model.objects.create_superuser("other", "other@example.org", "pw")
    client = Client()
    client.force_login(other)

    refused = client.post(url, content_form(key, "Theirs"))

    # Wagtail's answer to a refusal in its admin: back to the dashboard, with a message.
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    assert [page.title for page in ContentPage.objects.all()] == ["Mine"]


@pytest.mark.parametrize("key", ["", "not-a-key", "0" * 31, "g" * 32])
def test_posts_without_a_good_key_are_wagtails_own(admin_client, home_page, key):
    answer = admin_client.post(add_url(ContentPage, home_page), content_form(key, "Plain"))

    assert answer.status_code == 302
    assert ContentPage.objects.get().title == "Plain"
    assert not PageCreation.objects.exists()


def test_a_title_whose_address_is_taken_is_an_error_not_a_silent_suffix(admin_client, home_page):
    url = add_url(ContentPage, home_page)
    admin_client.post(url, content_form(new_key(), "Seminar"))

    clash = admin_client.post(url, content_form(new_key(), "Seminar"))

    assert clash.status_code == 200
    text = clash.content.decode()
    assert "Another page in “Home” already has the address “seminar”" in text
    assert "The “Promote” tab has a problem to fix" in text
    assert [page.slug for page in ContentPage.objects.all()] == ["seminar"]


def test_an_autosave_of_a_title_whose_address_is_taken_says_why(admin_client, home_page):
    url = add_url(ContentPage, home_page)
    admin_client.post(url, content_form(new_key(), "Seminar"))

    answer = admin_client.post(url, content_form(new_key(), "Seminar"), **JSON)

    data = answer.json()
    assert data["success"] is False and data["error_code"] == "validation_error"
    assert ContentPage.objects.count() == 1


def _post_at_once(url, user, forms, headers):
    """Each form posted from its own thread (its own database connection), released
    together."""
    barrier = threading.Barrier(len(forms))
    answers = [None] * len(forms)

    def post(number):
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            answers[number] = client.post(url, forms[number], **headers[number])
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(number,)) for number in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


@pytest.mark.django_db(transaction=True)
def test_an_autosave_and_a_save_at_the_same_moment_make_one_page(django_user_model):
    from tests.conftest import build_site_tree

    home = build_site_tree()
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    url = add_url(ContentPage, home)
    for _ in range(3):
        key = new_key()
        answers = _post_at_once(url, user, [content_form(key, f"Talk {key[:6]}")] * 2, [JSON, {}])
        assert [answer.status_code for answer in answers] == [200, 302]
        assert answers[0].json()["success"] is True
        assert ContentPage.objects.filter(title=f"Talk {key[:6]}").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_new_pages_under_one_parent_at_the_same_moment_both_save(django_user_model):
    from tests.conftest import build_site_tree

    home = build_site_tree()
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    url = add_url(ContentPage, home)

    answers = _post_at_once(
        url, user, [content_form(new_key(), "First"), content_form(new_key(), "Second")], [{}, {}]
    )

    assert [answer.status_code for answer in answers] == [302, 302]
    pages = ContentPage.objects.child_of(home)
    assert sorted(page.title for page in pages) == ["First", "Second"]
    assert len({page.path for page in pages}) == 2


def test_every_page_types_form_fills_its_address_and_names_its_clashes():
    """Every page type's admin form is a ``BasePageForm``: a draft saved with a title and
    no address gets one (a member's profile once did not: "This field is required" on a
    tab the editor had not opened)."""
    from wagtail.models import get_page_models

    from lab_site.models import BasePage
    from lab_site.page_forms import BasePageForm

    models = [model for model in get_page_models() if issubclass(model, BasePage)]
    assert len(models) >= 15
    for model in models:
        assert issubclass(model.get_edit_handler().get_form_class(), BasePageForm), model


def test_a_members_profile_saved_with_only_a_name_gets_its_address(admin_client):
    from people.models import PeopleIndexPage
    from tests.conftest import build_site_tree

    people = build_site_tree().add_child(instance=PeopleIndexPage(title="People", slug="people"))
    url = reverse("wagtailadmin_pages:add", args=["people", "memberpage", people.pk])

    form = nested_form_data(
        {
            "title": "Ana Lopez",
            "role": "phd",
            "positions": inline_formset([]),
            "education": inline_formset([]),
            "cv_layout": streamfield([]),
            FIELD: new_key(),
        }
    )
    answer = admin_client.post(url, form, **JSON)

    assert answer.json()["success"] is True, answer.content
    assert Page.objects.get(pk=answer.json()["pk"]).slug == "ana-lopez"


def event_form(key, **fields):
    return nested_form_data(
        {
            "title": "Reading group",
            "slug": "",
            "kind": "talk",
            "date": "2025-05-02",
            "time_zone": "UTC",
            "location": "",
            "speakers": inline_formset(
                [{"member": "", "guest_name": "", "affiliation": "", "ORDER": "1"}]
            ),
            FIELD: key,
            **fields,
        }
    )


def test_a_draft_talk_saves_without_its_place_and_speaker_and_publishing_asks_for_them(
    admin_client, home_page
):
    from events.models import EventPage
    from tests.factories import add_events_index

    url = add_url(EventPage, add_events_index(home_page))

    draft = admin_client.post(url, event_form(new_key()))

    assert draft.status_code == 302, draft.context["form"].errors
    talk = EventPage.objects.get()
    assert not talk.live
    # The speaker form Wagtail added is kept, empty, for the editor to fill in later;
    # publishing asks for it and for the place.
    speaker = talk.speakers.get()
    edit_url = reverse("wagtailadmin_pages:edit", args=[talk.pk])
    again = event_form("") | {"speakers-INITIAL_FORMS": "1", "speakers-0-id": str(speaker.pk)}
    assert admin_client.post(edit_url, again).status_code == 302
    published = admin_client.post(edit_url, again | {"action-publish": "1"})
    assert published.status_code == 200
    text = published.content.decode()
    assert "Give a place, an online link, or both." in text
    assert "Choose a group member or type the guest" in text
    talk.refresh_from_db()
    assert not talk.live


def test_a_draft_opening_saves_without_how_to_apply_and_publishing_asks_for_it(
    admin_client, home_page
):
    from openings.models import OpeningPage
    from tests.factories import add_openings_index

    url = add_url(OpeningPage, add_openings_index(home_page))
    data = {"title": "Postdoc in interpretability", "slug": "", "how_to_apply": rich_text("")}

    draft = admin_client.post(url, nested_form_data({**data, FIELD: new_key()}))
    assert draft.status_code == 302, draft.context["form"].errors
    published = admin_client.post(
        url, nested_form_data({**data, "title": "PhD", FIELD: new_key(), "action-publish": "1"})
    )

    assert published.status_code == 200
    assert "Say how to apply, or give a link." in published.content.decode()
    assert [page.live for page in OpeningPage.objects.all()] == [False]


def test_a_draft_paper_saves_with_its_author_still_to_write_and_publishing_asks(
    admin_client, papers
):
    url = add_url(PublicationPage, papers)

    draft = admin_client.post(url, paper_form(new_key(), "A paper", [""]))
    published = admin_client.post(
        url, paper_form(new_key(), "Another paper", [""]) | {"action-publish": "1"}
    )

    assert draft.status_code == 302
    assert published.status_code == 200
    assert "This field is required" in published.content.decode()
    assert [paper.title for paper in PublicationPage.objects.all()] == ["A paper"]


def test_every_page_types_create_view_makes_one_page_per_editing_session():
    """Each page type, those with admin views of their own included, is created through
    ``CreatePageOnce``; the other views stay the page type's own."""
    from wagtail.admin.viewsets.pages import page_viewset_registry
    from wagtail.models import get_page_models

    from lab_site.models import BasePage
    from lab_site.page_creation import CreatePageOnce, CreatesPagesOnce
    from people.models import MemberPage
    from people.views import ProfileHistoryView

    for model in get_page_models():
        if issubclass(model, BasePage):
            viewset = page_viewset_registry.get_by_type(model)
            assert isinstance(viewset, CreatesPagesOnce), model
            assert viewset.add_view_class is CreatePageOnce
            assert viewset.model is model
    assert page_viewset_registry.get_by_type(MemberPage).history_view_class is ProfileHistoryView


@pytest.mark.parametrize("total", ["abc", "", "-1", "99999999999999999999"])
def test_a_second_post_with_broken_formset_counts_gets_an_answer_not_an_error(
    admin_client, papers, total
):
    key, url = new_key(), add_url(PublicationPage, papers)
    admin_client.post(url, paper_form(key, "A paper", ["A. Author"]), **JSON)
    broken = paper_form(key, "A paper", ["A. Author"]) | {"authors-TOTAL_FORMS": total}

    answer = admin_client.post(url, broken)

    assert answer.status_code in (200, 302, 400)
    assert PublicationPage.objects.count() == 1
