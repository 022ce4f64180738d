"""Members writing news about themselves, through real admin requests: they may draft an
item that names them and submit it for moderation; they may not publish it, write about
someone else, or edit, copy or bulk-change an item someone else started."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from news.models import NewsPage

from ..factories import add_news, add_news_index
from ..people import test_people_permissions as matrix
from ..people.test_people_permissions import client_for

pytestmark = pytest.mark.django_db
matrix_site = matrix.matrix_site
site = matrix.site


@pytest.fixture
def news(site):
    return add_news_index(site["home"])


def news_form(title, members, **changes):
    data = {
        "title": title,
        "slug": "",
        "date": "2025-03-01",
        "summary": "We gave a talk.",
        "image_alt_text": "",
        "body": streamfield([]),
        "people": inline_formset([{"member": member.pk} for member in members]),
        "papers": inline_formset([]),
        "highlights": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    data.update(changes)
    return nested_form_data(data)


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["news", "newspage", index.pk])


@pytest.mark.parametrize(
    ("actor", "opens"),
    [
        ("anonymous", False),
        ("member_a", True),
        ("editor", True),
        ("moderator", True),
        ("superuser", True),
    ],
)
def test_who_may_start_a_news_item(client, site, news, actor, opens):
    response = client_for(client, site, actor).get(add_url(news))

    assert (response.status_code == 200) is opens


def test_a_member_submits_news_about_themselves_for_moderation(client, site, news):
    client = client_for(client, site, "member_a")

    response = client.post(
        add_url(news), news_form("My talk", [site["a"]], **{"action-submit": "1"})
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    item = NewsPage.objects.get(title="My talk")
    assert not item.live and item.owner == site["users"]["member_a"]
    assert item.current_workflow_state is not None  # waiting for a moderator
    assert item.slug == "my-talk"


def test_a_members_publish_is_only_a_draft(client, site, news):
    client = client_for(client, site, "member_a")

    client.post(add_url(news), news_form("Published?", [site["a"]], **{"action-publish": "1"}))

    assert not NewsPage.objects.get(title="Published?").live


def test_a_member_may_not_write_news_about_someone_else(client, site, news):
    client = client_for(client, site, "member_a")

    response = client.post(
        add_url(news), news_form("About Ben", [site["b"]], **{"action-submit": "1"})
    )

    assert response.status_code == 200
    assert "Add yourself under “People in this news”" in response.content.decode()
    assert not NewsPage.objects.filter(title="About Ben").exists()


def test_a_member_may_not_edit_copy_or_bulk_change_news_someone_else_started(client, site, news):
    item = add_news(news, "Ben's news", date(2024, 1, 1), people=[site["b"]])
    Page.objects.filter(pk=item.pk).update(owner=site["users"]["member_b"])
    client = client_for(client, site, "member_a")
    count = NewsPage.objects.count()

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[item.pk]))
    client.post(
        reverse("wagtailadmin_pages:copy", args=[item.pk]),
        {"new_title": "Copy", "new_slug": "copy", "new_parent_page": news.pk},
    )
    for action in ("unpublish", "delete", "move"):
        client.post(
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + f"?id={item.pk}",
            {"move_applicable": "on", "chooser": site["home"].pk, "include_descendants": "on"},
        )

    assert edit.status_code in {302, 403}
    item = NewsPage.objects.get(pk=item.pk)
    assert item.live and item.get_parent().pk == news.pk
    assert NewsPage.objects.count() == count


def test_a_member_may_edit_their_own_draft_but_not_publish_it(client, site, news):
    client = client_for(client, site, "member_a")
    client.post(add_url(news), news_form("Draft", [site["a"]]))
    item = NewsPage.objects.get(title="Draft")

    opened = client.get(reverse("wagtailadmin_pages:edit", args=[item.pk]))
    client.post(
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={item.pk}",
        {},
    )

    assert opened.status_code == 200
    assert not NewsPage.objects.get(pk=item.pk).live


def test_a_revision_saved_in_code_as_a_member_must_name_them(site, news):
    item = add_news(news, "Ben's news", date(2024, 1, 1), people=[site["b"]])

    with pytest.raises(PermissionDenied):
        item.save_revision(user=site["users"]["member_a"])
    item.save_revision(user=site["users"]["editor"])  # editors write about anyone


def test_write_news_in_a_members_menu_opens_the_form(client, site, news):
    client = client_for(client, site, "member_a")

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(reverse("news_write"))

    assert "Write news" in dashboard
    assert response.status_code == 302 and response["Location"] == add_url(news)


def test_write_news_says_when_there_is_no_news_page(client, site):
    client = client_for(client, site, "editor")

    response = client.get(reverse("news_write"), follow=True)

    assert "There is no news page yet" in response.content.decode()


def test_a_member_previews_their_news_before_submitting(client, site, news):
    client = client_for(client, site, "member_a")
    url = reverse("wagtailadmin_pages:preview_on_add", args=["news", "newspage", news.pk])

    posted = client.post(url, news_form("Previewed talk", [site["a"]], summary="Seen $x^2$ first."))
    shown = client.get(url)

    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content[:500]
    html = shown.content.decode()
    assert shown.status_code == 200 and "Previewed talk" in html and "<math" in html
    assert "Ana A" in html  # the people not yet saved show in the preview


def test_a_moderator_approves_a_members_news_and_it_goes_live(client, site, news):
    member = client_for(client.__class__(), site, "member_a")
    member.post(
        add_url(news), news_form("Awaiting approval", [site["a"]], **{"action-submit": "1"})
    )
    item = NewsPage.objects.get(title="Awaiting approval")
    task_state = item.current_workflow_state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[item.pk, "approve", task_state.pk]
    )

    member.post(approve, {"comment": ""})  # not the author's to approve
    assert not NewsPage.objects.get(pk=item.pk).live

    client_for(client, site, "moderator").post(approve, {"comment": "Lovely, thanks!"})

    item = NewsPage.objects.get(pk=item.pk)
    assert item.live and item.current_workflow_state is None
    assert "Awaiting approval" in client.get(news.url).content.decode()
