"""What the admin tells an editor after saving: where a featured highlight shows on the home
page, and which other tab holds an error."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from home.wagtail_hooks import featured_on_home_message
from publications.models import PublicationIndexPage, PublicationPage

from ..factories import UserFactory, add_highlight, add_research_index

pytestmark = pytest.mark.django_db


def home_with_highlights(home, count):
    home.body = [
        {"type": "highlights", "value": {"heading": "Research", "intro": "", "count": count}}
    ]
    home.save_revision().publish()


@pytest.fixture
def research(home_page):
    return add_research_index(home_page)


def test_a_featured_highlight_beyond_the_home_pages_room_is_told_so(home_page, research):
    home_with_highlights(home_page, 4)
    featured = [add_highlight(research, f"Result {n}", feature_on_home=True) for n in range(5)]

    fifth = featured_on_home_message(featured[4])
    first = featured_on_home_message(featured[0])

    assert "does not show on the home page" in fifth and "number 5" in fifth
    assert "How many" in fifth
    assert "shows this highlight (number 1 of the 4" in first
    assert "“Result 4”" in first  # the one that does not fit


def test_with_room_for_all_the_editor_is_told_it_shows(home_page, research):
    home_with_highlights(home_page, 0)
    highlight = add_highlight(research, "Result", feature_on_home=True)

    assert "shows this highlight among its 1 featured" in featured_on_home_message(highlight)


def test_without_a_highlights_section_the_editor_is_told_to_add_one(home_page, research):
    highlight = add_highlight(research, "Result", feature_on_home=True)

    assert "no Research highlights section" in featured_on_home_message(highlight)


def test_an_error_on_another_tab_is_named_in_the_message(client, home_page):
    index = home_page.add_child(instance=PublicationIndexPage(title="Publications", slug="pubs"))
    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["publications", "publicationpage", index.pk])
    data = nested_form_data(
        {
            "title": "A paper",
            "slug": "",
            "seo_title": "A title for search engines, far too long. " * 8,
            "publication_date": "2024-01-01",
            "date_precision": "day",
            "publication_type": "preprint",
            "status": "published",
            "abstract": "",
            "authors": inline_formset([{"name": "A. Author"}]),
            "action-publish": "1",
        }
    )

    response = client.post(url, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert not PublicationPage.objects.exists()
    assert "The “Promote” tab has a problem to fix: Title tag" in html
